package calendar

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func errorTexts(errs []error) []string {
	var out []string
	for _, err := range errs {
		out = append(out, err.Error())
	}
	return out
}

func TestCheckWorkingDays(t *testing.T) {
	// Scotland 2024: summer bank holiday Monday 5 August (first Monday); St
	// Andrew's Day on Saturday 30 November, so Monday 2 December; Christmas
	// Wednesday 25 December. Monday 26 August is England's summer holiday,
	// not Scotland's.
	closures := []time.Time{d("2024-12-27"), d("2024-12-25")}
	days := []time.Time{
		d("2024-08-05"), // fine
		d("2024-08-06"), // not a bank holiday
		time.Date(2024, 8, 2, 23, 30, 0, 0, time.UTC), // 00:30 BST on Saturday 3 August
		d("2024-12-02"), // fine
		d("2024-08-26"), // England's, not Scotland's
		d("2024-12-27"), // a closure
		d("2024-12-25"), // a bank holiday, but also a closure
		d("2024-08-06"), // again
	}
	errs := CheckWorkingDays(Scotland, closures, days)
	assert.Equal(t, []string{
		"calendar: Tue 6 Aug 2024 is not a bank holiday in Scotland, so it is a working day already",
		"calendar: Sat 3 Aug 2024 is a weekend day; only a bank holiday can be made a working day",
		"calendar: Mon 26 Aug 2024 is not a bank holiday in Scotland, so it is a working day already",
		"calendar: Fri 27 Dec 2024 is given both as a closure and as a working day",
		"calendar: Wed 25 Dec 2024 is given both as a closure and as a working day",
		"calendar: Tue 6 Aug 2024 is not a bank holiday in Scotland, so it is a working day already",
	}, errorTexts(errs))
	wantDates := []string{"2024-08-06", "2024-08-03", "2024-08-26", "2024-12-27", "2024-12-25", "2024-08-06"}
	for i, err := range errs {
		var de *DayError
		require.True(t, errors.As(err, &de), "%v", err)
		assert.Equal(t, d(wantDates[i]), de.Date)
		assert.Equal(t, London, de.Date.Location())
		assert.Equal(t, "calendar: "+de.Msg, err.Error())
	}

	// New stops at the first of the same errors.
	_, err := New(Scotland, WithClosures(closures...), WithWorkingDays(days...))
	assert.EqualError(t, err, "calendar: Tue 6 Aug 2024 is not a bank holiday in Scotland, so it is a working day already")
	var de *DayError
	assert.True(t, errors.As(err, &de))

	assert.Nil(t, CheckWorkingDays(Scotland, closures, []time.Time{d("2024-08-05"), d("2024-12-02")}))
	assert.Nil(t, CheckWorkingDays(Scotland, nil, nil))
	// Monday 1 April 2024 is Easter Monday in England and Wales but not in Scotland.
	assert.Nil(t, CheckWorkingDays(EnglandAndWales, nil, []time.Time{d("2024-04-01")}))
	assert.Len(t, CheckWorkingDays(Scotland, nil, []time.Time{d("2024-04-01")}), 1)
}

func TestCheckWorkingDaysUnknownRegion(t *testing.T) {
	errs := CheckWorkingDays("wales", nil, []time.Time{d("2024-08-05")})
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], `calendar: unknown region "wales" (want "england-and-wales", "scotland" or "northern-ireland")`)
	_, err := New("wales")
	assert.Equal(t, err.Error(), errs[0].Error())
}

// CheckWorkingDays and New agree on every day of two months around a year's
// end and one summer month, in each region, with a closure on 27 December, as
// well as on days outside the working-day table.
func TestCheckWorkingDaysAgreesWithNew(t *testing.T) {
	closures := []time.Time{d("2024-12-27")}
	var days []time.Time
	for cur := d("2024-12-01"); cur.Before(d("2025-02-01")); cur = cur.AddDate(0, 0, 1) {
		days = append(days, cur)
	}
	for cur := d("2024-08-01"); cur.Before(d("2024-09-01")); cur = cur.AddDate(0, 0, 1) {
		days = append(days, cur)
	}
	days = append(days, d("1989-12-26"), d("2101-12-26"))
	for _, r := range Regions() {
		accepted := 0
		for _, day := range days {
			errs := CheckWorkingDays(r, closures, []time.Time{day})
			_, err := New(r, WithClosures(closures...), WithWorkingDays(day))
			if err == nil {
				assert.Empty(t, errs, "%s %s", r, day.Format(time.DateOnly))
				accepted++
				continue
			}
			if assert.Len(t, errs, 1, "%s %s", r, day.Format(time.DateOnly)) {
				assert.Equal(t, err.Error(), errs[0].Error())
			}
		}
		// Christmas, Boxing Day and New Year's Day, plus the summer holiday;
		// in Scotland also 2 December (St Andrew's Day) and 2 January.
		want := 4
		if r == Scotland {
			want = 6
		}
		assert.Equal(t, want, accepted, "%s", r)
	}
}

// A calendar with a feed decides working days from the feed's holidays;
// CheckWorkingDays knows only the computed ones.
func TestWorkingDaysWithAFeed(t *testing.T) {
	f, err := os.Open("testdata/bank-holidays-sample.json")
	require.NoError(t, err)
	defer f.Close()
	// Monday 14 June 2027 is a bank holiday only in the sample feed.
	c, err := New(EnglandAndWales, WithGovUKFeed(f), WithWorkingDays(d("2027-06-14")))
	require.NoError(t, err)
	assert.True(t, c.IsWorkingDay(d("2027-06-14")))
	assert.Equal(t, []string{"calendar: Mon 14 Jun 2027 is not a bank holiday in England and Wales, so it is a working day already"},
		errorTexts(CheckWorkingDays(EnglandAndWales, nil, []time.Time{d("2027-06-14")})))
}
