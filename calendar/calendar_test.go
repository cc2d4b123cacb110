package calendar

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustNew(t testing.TB, r Region, opts ...Option) *Calendar {
	t.Helper()
	c, err := New(r, opts...)
	require.NoError(t, err)
	return c
}

// d parses "2006-01-02" as midnight in London.
func d(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, London)
	if err != nil {
		panic(err)
	}
	return t
}

func dates(hs []Holiday) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Date.Format("2006-01-02"))
	}
	return out
}

// The bank holidays below are copied from GOV.UK's published lists for each
// nation (www.gov.uk/bank-holidays and its archived years), not from this
// package's output.
func TestHolidaysAsPublished(t *testing.T) {
	tests := []struct {
		region Region
		year   int
		want   []string
	}{
		// 2012: spring holiday moved to Mon 4 June, Diamond Jubilee Tue 5 June.
		{EnglandAndWales, 2012, []string{"2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05", "2012-08-27", "2012-12-25", "2012-12-26"}},
		// 1 Jan 2012 a Sunday: 2 January stays on Monday 2, New Year's Day moves to Tuesday 3.
		{Scotland, 2012, []string{"2012-01-02", "2012-01-03", "2012-04-06", "2012-05-07", "2012-06-04", "2012-06-05", "2012-08-06", "2012-11-30", "2012-12-25", "2012-12-26"}},
		// St Patrick's Day on Saturday 17 March: Monday 19 March.
		{NorthernIreland, 2012, []string{"2012-01-02", "2012-03-19", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05", "2012-07-12", "2012-08-27", "2012-12-25", "2012-12-26"}},
		// 2020: early May holiday moved to Friday 8 May (VE day); Boxing Day on Saturday: Monday 28.
		{EnglandAndWales, 2020, []string{"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"}},
		{Scotland, 2020, []string{"2020-01-01", "2020-01-02", "2020-04-10", "2020-05-08", "2020-05-25", "2020-08-03", "2020-11-30", "2020-12-25", "2020-12-28"}},
		// Battle of the Boyne on Sunday 12 July: Monday 13 July.
		{NorthernIreland, 2020, []string{"2020-01-01", "2020-03-17", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-07-13", "2020-08-31", "2020-12-25", "2020-12-28"}},
		// 2022: spring holiday Thursday 2 June, Platinum Jubilee Friday 3 June, state funeral
		// Monday 19 September; 25 December a Sunday.
		{EnglandAndWales, 2022, []string{"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"}},
		// 1 and 2 January 2022 a weekend: Monday 3 and Tuesday 4.
		{Scotland, 2022, []string{"2022-01-03", "2022-01-04", "2022-04-15", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-01", "2022-09-19", "2022-11-30", "2022-12-26", "2022-12-27"}},
		{NorthernIreland, 2022, []string{"2022-01-03", "2022-03-17", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-07-12", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"}},
		// 2023: coronation Monday 8 May.
		{EnglandAndWales, 2023, []string{"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"}},
		{Scotland, 2023, []string{"2023-01-02", "2023-01-03", "2023-04-07", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-07", "2023-11-30", "2023-12-25", "2023-12-26"}},
		{NorthernIreland, 2023, []string{"2023-01-02", "2023-03-17", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-07-12", "2023-08-28", "2023-12-25", "2023-12-26"}},
		// 2021: 25 December a Saturday: Christmas Monday 27, Boxing Day Tuesday 28.
		{EnglandAndWales, 2021, []string{"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"}},
		// 2024: Easter across March and April.
		{EnglandAndWales, 2024, []string{"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"}},
		// 2016: Easter entirely in March; 25 December a Sunday.
		{EnglandAndWales, 2016, []string{"2016-01-01", "2016-03-25", "2016-03-28", "2016-05-02", "2016-05-30", "2016-08-29", "2016-12-26", "2016-12-27"}},
		// 2025: St Andrew's Day on Sunday 30 November: Monday 1 December.
		{Scotland, 2025, []string{"2025-01-01", "2025-01-02", "2025-04-18", "2025-05-05", "2025-05-26", "2025-08-04", "2025-12-01", "2025-12-25", "2025-12-26"}},
		// 2025: Battle of the Boyne on Saturday 12 July: Monday 14 July.
		{NorthernIreland, 2025, []string{"2025-01-01", "2025-03-17", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-07-14", "2025-08-25", "2025-12-25", "2025-12-26"}},
		// 2002: Golden Jubilee Monday 3 June, spring holiday Tuesday 4 June.
		{EnglandAndWales, 2002, []string{"2002-01-01", "2002-03-29", "2002-04-01", "2002-05-06", "2002-06-03", "2002-06-04", "2002-08-26", "2002-12-25", "2002-12-26"}},
		// 2011: royal wedding Friday 29 April.
		{EnglandAndWales, 2011, []string{"2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30", "2011-08-29", "2011-12-26", "2011-12-27"}},
		// 1999: millennium Friday 31 December.
		{EnglandAndWales, 1999, []string{"1999-01-01", "1999-04-02", "1999-04-05", "1999-05-03", "1999-05-31", "1999-08-30", "1999-12-27", "1999-12-28", "1999-12-31"}},
		// 1995: early May holiday moved to Monday 8 May for VE day's 50th anniversary.
		{EnglandAndWales, 1995, []string{"1995-01-02", "1995-04-14", "1995-04-17", "1995-05-08", "1995-05-29", "1995-08-28", "1995-12-25", "1995-12-26"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.region, tt.year), func(t *testing.T) {
			c := mustNew(t, tt.region)
			assert.Equal(t, tt.want, dates(c.Holidays(tt.year)))
		})
	}
}

func TestOneOffsInEveryNation(t *testing.T) {
	for _, r := range Regions() {
		c := mustNew(t, r)
		for _, s := range []string{"1999-12-31", "2002-06-03", "2002-06-04", "2011-04-29", "2012-06-04", "2012-06-05", "2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"} {
			assert.False(t, c.IsWorkingDay(d(s)), "%s %s", r, s)
		}
		// The usual days those one-offs displaced are working days.
		for _, s := range []string{"2002-05-27", "2012-05-28", "2020-05-04", "2022-05-30", "1995-05-01"} {
			assert.True(t, c.IsWorkingDay(d(s)), "%s %s", r, s)
		}
	}
}

func TestHolidayNamesAreGovUKs(t *testing.T) {
	c := mustNew(t, EnglandAndWales)
	names := map[string]string{}
	for _, y := range []int{2022, 2023} {
		for _, h := range c.Holidays(y) {
			names[h.Date.Format("2006-01-02")] = h.Name
		}
	}
	assert.Equal(t, "Bank Holiday for the State Funeral of Queen Elizabeth II", names["2022-09-19"])
	assert.Equal(t, "Spring bank holiday", names["2022-06-02"])
	assert.Equal(t, "Platinum Jubilee bank holiday", names["2022-06-03"])
	assert.Equal(t, "Bank holiday for the coronation of King Charles III", names["2023-05-08"])
	assert.Equal(t, "Boxing Day", names["2022-12-26"])
	assert.Equal(t, "Christmas Day", names["2022-12-27"])

	hs := c.Holidays(2022)
	last := hs[len(hs)-1]
	assert.True(t, last.Substitute, "Christmas Day 2022 is a substitute day")
	assert.False(t, hs[len(hs)-2].Substitute, "Boxing Day 2022 is on its own date")

	s := mustNew(t, Scotland)
	var andrew Holiday
	for _, h := range s.Holidays(2025) {
		if h.Name == "St Andrew’s Day" {
			andrew = h
		}
	}
	assert.Equal(t, d("2025-12-01"), andrew.Date)
	assert.True(t, andrew.Substitute)
}

func TestScotlandHasNoEasterMonday(t *testing.T) {
	s := mustNew(t, Scotland)
	e := mustNew(t, EnglandAndWales)
	assert.True(t, s.IsWorkingDay(d("2024-04-01")))
	assert.False(t, e.IsWorkingDay(d("2024-04-01")))
	// First Monday of August in Scotland, last Monday in England and Wales.
	assert.False(t, s.IsWorkingDay(d("2024-08-05")))
	assert.True(t, s.IsWorkingDay(d("2024-08-26")))
	assert.True(t, e.IsWorkingDay(d("2024-08-05")))
	assert.False(t, e.IsWorkingDay(d("2024-08-26")))
	// No St Andrew's Day before the 2007 Act.
	assert.True(t, s.IsWorkingDay(d("2005-11-30")))
	assert.False(t, s.IsWorkingDay(d("2007-11-30")))
}

// Worked by hand from the bank holidays: each line names the days skipped.
func TestAddWorkingDaysWorked(t *testing.T) {
	tests := []struct {
		region Region
		from   string
		n      int
		want   string
	}{
		// Mar 5..8 (4), 11..15 (9), 18..22 (14), 25 (15).
		{EnglandAndWales, "2024-03-04", 15, "2024-03-25"},
		// Dec 23, 24, 27, 30, 31 (5; 25, 26 holidays), Jan 2, 3 (7; 1 Jan holiday),
		// 6..10 (12), 13, 14, 15 (15).
		{EnglandAndWales, "2024-12-20", 15, "2025-01-15"},
		// From a Saturday: Mon 19 Sep is the state funeral; 20..23 (4), 26..30 (9), Oct 3..7 (14), 10 (15).
		{EnglandAndWales, "2022-09-17", 15, "2022-10-10"},
		// 15 working days from Thu 21 Mar 2024, skipping Good Friday 29 Mar and Easter Monday 1 Apr:
		// 22 (1), 25..28 (5), Apr 2..5 (9), 8..12 (14), 15 (15).
		{EnglandAndWales, "2024-03-21", 15, "2024-04-15"},
		// In Scotland Easter Monday is a working day: Apr 1..5 (10), 8..12 (15) -> Fri 12 Apr.
		{Scotland, "2024-03-21", 15, "2024-04-12"},
		// St Andrew's Day 2025 on Monday 1 Dec in Scotland: from Fri 28 Nov, 1 working day is Tue 2 Dec.
		{Scotland, "2025-11-28", 1, "2025-12-02"},
		{EnglandAndWales, "2025-11-28", 1, "2025-12-01"},
		// Boyne substitute Monday 14 July 2025 in Northern Ireland.
		{NorthernIreland, "2025-07-11", 1, "2025-07-15"},
		// Backwards: 2 working days before Wed 28 Dec 2022 skip Tue 27 (Christmas Day substitute),
		// Mon 26 (Boxing Day) and the weekend: Fri 23 (1), Thu 22 (2).
		{EnglandAndWales, "2022-12-28", -2, "2022-12-22"},
		{EnglandAndWales, "2024-04-02", -1, "2024-03-28"},
		// Backwards from a Sunday: day 0 is Sun 3 Mar, 1 before is Fri 1 Mar.
		{EnglandAndWales, "2024-03-03", -1, "2024-03-01"},
		// Zero is the date itself, working day or not.
		{EnglandAndWales, "2024-03-30", 0, "2024-03-30"},
		// 1 working day from a Friday before a bank holiday Monday.
		{EnglandAndWales, "2024-05-24", 1, "2024-05-28"},
		// Leap day.
		{EnglandAndWales, "2024-02-28", 1, "2024-02-29"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s%+d", tt.region, tt.from, tt.n), func(t *testing.T) {
			c := mustNew(t, tt.region)
			got := c.AddWorkingDays(d(tt.from), tt.n)
			assert.Equal(t, tt.want, got.Format("2006-01-02"))
			assert.Equal(t, London, got.Location())
			assert.Equal(t, tt.n, c.WorkingDaysBetween(d(tt.from), got))
		})
	}
}

func TestDateIsTakenInLondon(t *testing.T) {
	c := mustNew(t, EnglandAndWales)
	// 23:30 UTC on Friday 24 May 2024 is 00:30 BST on Saturday 25 May.
	late := time.Date(2024, 5, 24, 23, 30, 0, 0, time.UTC)
	assert.False(t, c.IsWorkingDay(late))
	assert.Equal(t, "2024-05-25", c.AddWorkingDays(late, 0).Format("2006-01-02"))
	// 00:30 London time on Friday 24 May is still Friday.
	early := time.Date(2024, 5, 24, 0, 30, 0, 0, London)
	assert.True(t, c.IsWorkingDay(early))
	// 08:00 on Monday 3 June 2024 in a +10:00 zone is 23:00 BST on Sunday 2 June.
	east := time.Date(2024, 6, 3, 8, 0, 0, 0, time.FixedZone("+10", 10*3600))
	assert.False(t, c.IsWorkingDay(east))
	assert.Equal(t, "2024-06-03", c.AddWorkingDays(east, 1).Format("2006-01-02"))
	// In winter London is on UTC: 23:30 UTC on Friday 6 Dec 2024 is still Friday.
	assert.True(t, c.IsWorkingDay(time.Date(2024, 12, 6, 23, 30, 0, 0, time.UTC)))
}

func TestWorkingDaysBetween(t *testing.T) {
	c := mustNew(t, EnglandAndWales)
	// (Mon 4 Mar, Mon 25 Mar] has 15 working days; backwards, [4 Mar, 25 Mar) has 15.
	assert.Equal(t, 15, c.WorkingDaysBetween(d("2024-03-04"), d("2024-03-25")))
	assert.Equal(t, -15, c.WorkingDaysBetween(d("2024-03-25"), d("2024-03-04")))
	assert.Equal(t, 0, c.WorkingDaysBetween(d("2024-03-04"), d("2024-03-04")))
	// A weekend: (Fri, Sun] has none; [Sat, Mon) has none.
	assert.Equal(t, 0, c.WorkingDaysBetween(d("2024-03-08"), d("2024-03-10")))
	assert.Equal(t, 0, c.WorkingDaysBetween(d("2024-03-11"), d("2024-03-09")))
	// A year: 2023 had 260 weekdays and 9 bank holidays on weekdays (2 Jan, the substitute for
	// Sunday 1 Jan; 7 and 10 Apr; 1, 8 and 29 May; 28 Aug; 25 and 26 Dec), so 251 working days
	// in (31 Dec 2022, 31 Dec 2023].
	assert.Equal(t, 251, c.WorkingDaysBetween(d("2022-12-31"), d("2023-12-31")))
}

func TestClosures(t *testing.T) {
	c := mustNew(t, EnglandAndWales, WithClosures(d("2024-12-27"), time.Date(2024, 12, 30, 15, 0, 0, 0, time.UTC)))
	assert.False(t, c.IsWorkingDay(d("2024-12-27")))
	assert.False(t, c.IsWorkingDay(d("2024-12-30")))
	// Dec 23, 24, 31 (3), Jan 2, 3 (5).
	assert.Equal(t, "2025-01-03", c.AddWorkingDays(d("2024-12-20"), 5).Format("2006-01-02"))
	off := c.DaysOff(d("2024-12-20"), d("2025-01-03"))
	var names []string
	for _, h := range off {
		names = append(names, h.Date.Format("Jan 2")+" "+h.Name)
	}
	assert.Equal(t, []string{"Dec 25 Christmas Day", "Dec 26 Boxing Day", "Dec 27 Local closure day", "Dec 30 Local closure day", "Jan 1 New Year’s Day"}, names)
	assert.Len(t, c.Closures(), 2)
	// A calendar without closures is not affected.
	plain := mustNew(t, EnglandAndWales)
	assert.True(t, plain.IsWorkingDay(d("2024-12-27")))
}

func TestOutOfRange(t *testing.T) {
	c := mustNew(t, EnglandAndWales)
	first, last := c.Range()
	assert.Equal(t, d("1990-01-01"), first)
	assert.Equal(t, d("2100-12-31"), last)
	assert.False(t, c.Covers(d("1989-12-31")))
	assert.True(t, c.Covers(d("1990-01-01")))
	assert.True(t, c.AddWorkingDays(d("1989-12-29"), 1).IsZero())
	assert.True(t, c.AddWorkingDays(d("2100-12-30"), 5).IsZero(), "answer beyond the table")
	assert.True(t, c.AddWorkingDays(d("1990-01-03"), -5).IsZero(), "answer before the table")
	assert.Equal(t, 0, c.WorkingDaysBetween(d("1980-01-01"), d("2024-01-01")))
	// Outside the table IsWorkingDay still applies the rules.
	assert.False(t, c.IsWorkingDay(d("2101-12-26")))
	assert.True(t, c.IsWorkingDay(d("2101-12-28")))
	assert.NotEmpty(t, c.Holidays(2150))
}

func TestNewUnknownRegion(t *testing.T) {
	_, err := New("wales")
	require.Error(t, err)
	assert.EqualError(t, err, `calendar: unknown region "wales" (want "england-and-wales", "scotland" or "northern-ireland")`)
}

// referenceIsWorkingDay decides a date from the calendar's holiday and
// closure lists alone, the way a person reads a calendar.
func referenceIsWorkingDay(c *Calendar, t time.Time) bool {
	lt := t.In(London)
	if wd := lt.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	key := lt.Format("2006-01-02")
	for _, h := range append(c.Holidays(lt.Year()), c.Closures()...) {
		if h.Date.Format("2006-01-02") == key {
			return false
		}
	}
	return true
}

// referenceAdd walks day by day.
func referenceAdd(c *Calendar, t time.Time, n int) string {
	lt := t.In(London)
	cur := time.Date(lt.Year(), lt.Month(), lt.Day(), 12, 0, 0, 0, London)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		cur = cur.AddDate(0, 0, step)
		if referenceIsWorkingDay(c, cur) {
			n--
		}
	}
	return cur.Format("2006-01-02")
}

func TestAgainstDayByDayReference(t *testing.T) {
	zones := []*time.Location{London, time.UTC, time.FixedZone("+10:00", 10*3600)}
	rng := rand.New(rand.NewSource(1))
	for _, r := range Regions() {
		c := mustNew(t, r, WithClosures(d("2024-12-27"), d("2031-04-11")))
		// Far enough inside the table that 300 working days either way stay inside it.
		lo := d("1991-06-01").Unix()
		hi := d("2099-06-01").Unix()
		for i := 0; i < 1500; i++ {
			at := time.Unix(lo+rng.Int63n(hi-lo), 0).In(zones[rng.Intn(len(zones))])
			n := rng.Intn(601) - 300
			if i%3 == 0 {
				n = rng.Intn(31) - 15
			}
			got := c.AddWorkingDays(at, n)
			require.False(t, got.IsZero())
			assert.Equal(t, referenceAdd(c, at, n), got.Format("2006-01-02"), "%s %v %+d", r, at, n)
			// The round trip.
			assert.Equal(t, n, c.WorkingDaysBetween(at, got), "%s %v %+d", r, at, n)
			// Never a non-working day for n != 0.
			if n != 0 {
				assert.True(t, c.IsWorkingDay(got), "%s %v %+d lands on %v", r, at, n, got)
			}
			assert.Equal(t, referenceIsWorkingDay(c, at), c.IsWorkingDay(at), "%s %v", r, at)
			// Monotonic in n.
			assert.True(t, !c.AddWorkingDays(at, n+1).Before(got), "%s %v %+d", r, at, n)
		}
	}
}

func TestEveryDayOfTheTableAgainstTheLists(t *testing.T) {
	c := mustNew(t, NorthernIreland)
	first, last := c.Range()
	count := 0
	for cur := first; !cur.After(last); cur = cur.AddDate(0, 0, 1) {
		want := referenceIsWorkingDay(c, cur)
		if c.IsWorkingDay(cur) != want {
			t.Fatalf("%s: IsWorkingDay = %v, want %v", cur.Format("2006-01-02"), !want, want)
		}
		if want {
			count++
		}
	}
	assert.Equal(t, count, c.WorkingDaysBetween(first, last)+boolInt(c.IsWorkingDay(first)))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestDateHelpers(t *testing.T) {
	for n := -800000; n <= 800000; n += 997 {
		y, m, dd := civilDate(n)
		require.Equal(t, n, dayNumber(y, m, dd))
		require.Equal(t, time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Weekday(), weekdayOf(n))
	}
	assert.Equal(t, "2024-03-30", Date(time.Date(2024, 3, 30, 23, 59, 0, 0, time.UTC)).Format("2006-01-02"))
	assert.Equal(t, "England and Wales", EnglandAndWales.String())
	assert.True(t, strings.HasPrefix(Scotland.String(), "Scot"))
}

func TestLondonDayAgreesWithTimeZone(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	check := func(at time.Time) {
		y, m, dd := at.In(London).Date()
		require.Equal(t, dayNumber(y, m, dd), londonDay(at), "%v", at)
	}
	lo, hi := d("1985-01-01").Unix(), d("2105-01-01").Unix()
	for i := 0; i < 200000; i++ {
		check(time.Unix(lo+rng.Int63n(hi-lo), 0))
	}
	// Each side of every clock change in the table, to the second.
	for y := FirstYear; y <= LastYear; y++ {
		for _, edge := range summerTime[y-FirstYear] {
			for _, delta := range []int64{-3601, -3600, -1, 0, 1, 3599, 3600} {
				check(time.Unix(edge+delta, 0))
			}
		}
	}
	check(time.Time{})
	check(time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))
}

func TestLondonMidnightAgreesWithTimeDate(t *testing.T) {
	for n := dayNumber(1985, 1, 1); n <= dayNumber(2106, 12, 31); n++ {
		y, m, dd := civilDate(n)
		want := time.Date(y, m, dd, 0, 0, 0, 0, London)
		got := londonMidnight(n)
		if !got.Equal(want) || got.Location() != London {
			t.Fatalf("londonMidnight(%d-%02d-%02d) = %v, want %v", y, m, dd, got, want)
		}
	}
}

func TestTableBounds(t *testing.T) {
	assert.Equal(t, time.Date(FirstYear, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), int64(tableStart))
	assert.Equal(t, time.Date(LastYear+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), int64(tableEnd))
}

func TestCalendarsAreShared(t *testing.T) {
	a := mustNew(t, EnglandAndWales, WithClosures(d("2024-12-27"), d("2024-12-30")))
	b := mustNew(t, EnglandAndWales, WithClosures(time.Date(2024, 12, 30, 15, 0, 0, 0, time.UTC), d("2024-12-27"), d("2024-12-27")))
	assert.Same(t, a, b, "the same closures in another order are the same calendar")
	assert.NotSame(t, a, mustNew(t, EnglandAndWales))
	assert.NotSame(t, a, mustNew(t, Scotland, WithClosures(d("2024-12-27"), d("2024-12-30"))))
	f, err := os.Open("testdata/bank-holidays-sample.json")
	require.NoError(t, err)
	defer f.Close()
	assert.NotSame(t, mustNew(t, EnglandAndWales), mustNew(t, EnglandAndWales, WithGovUKFeed(f)), "a feed is never shared")
}

func TestWorkingDays(t *testing.T) {
	// A Scottish council that works on the summer bank holiday (Mon 5 Aug 2024).
	c := mustNew(t, Scotland, WithWorkingDays(d("2024-08-05")))
	assert.True(t, c.IsWorkingDay(d("2024-08-05")))
	// From Fri 2 Aug, 1 working day is Mon 5 Aug, not Tue 6 Aug.
	assert.Equal(t, "2024-08-05", c.AddWorkingDays(d("2024-08-02"), 1).Format("2006-01-02"))
	assert.Equal(t, "2024-08-06", mustNew(t, Scotland).AddWorkingDays(d("2024-08-02"), 1).Format("2006-01-02"))
	// It is still listed as Scotland's bank holiday, but not as a day off.
	assert.Contains(t, dates(c.Holidays(2024)), "2024-08-05")
	assert.Empty(t, c.DaysOff(d("2024-08-05"), d("2024-08-05")))

	for _, tt := range []struct {
		opts []Option
		want string
	}{
		{[]Option{WithWorkingDays(d("2024-08-06"))}, "calendar: Tue 6 Aug 2024 is not a bank holiday in Scotland, so it is a working day already"},
		{[]Option{WithWorkingDays(d("2024-08-03"))}, "calendar: Sat 3 Aug 2024 is a weekend day; only a bank holiday can be made a working day"},
		{[]Option{WithClosures(d("2024-08-05")), WithWorkingDays(d("2024-08-05"))}, "calendar: Mon 5 Aug 2024 is given both as a closure and as a working day"},
	} {
		_, err := New(Scotland, tt.opts...)
		assert.EqualError(t, err, tt.want)
	}
	assert.NotSame(t, c, mustNew(t, Scotland), "working days are part of what makes a calendar")
}
