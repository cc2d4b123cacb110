package calendar

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGovUKFeedOverridesItsYears(t *testing.T) {
	f, err := os.Open("testdata/bank-holidays-sample.json")
	require.NoError(t, err)
	defer f.Close()
	c := mustNew(t, EnglandAndWales, WithGovUKFeed(f))

	// 2027 in the feed has an imagined one-off on Monday 14 June: the feed decides 2027.
	assert.False(t, c.IsWorkingDay(d("2027-06-14")))
	hs := c.Holidays(2027)
	require.Len(t, hs, 9)
	assert.Equal(t, "An imagined one-off bank holiday", hs[5].Name)
	assert.True(t, hs[7].Substitute)
	// 15 working days from Fri 4 Jun 2027: 7..11 (5), 15..18 (9; 14 the one-off), 21..25 (14), 28 (15).
	assert.Equal(t, "2027-06-28", c.AddWorkingDays(d("2027-06-04"), 15).Format("2006-01-02"))

	// 2022 in the feed agrees with the computed list.
	plain := mustNew(t, EnglandAndWales)
	assert.Equal(t, dates(plain.Holidays(2022)), dates(c.Holidays(2022)))
	// 2024 is not in the feed: computed.
	assert.Equal(t, dates(plain.Holidays(2024)), dates(c.Holidays(2024)))
	assert.True(t, plain.IsWorkingDay(d("2027-06-14")))
}

func TestGovUKFeedErrors(t *testing.T) {
	tests := []struct {
		name, feed, want string
	}{
		{"empty", ``, "calendar: GOV.UK bank holidays feed: empty"},
		{"not JSON", `{"england-and-wales": [`, "not valid JSON"},
		{"null", `null`, "is null"},
		{"wrong type", `{"england-and-wales":{"events":"none"}}`, `"events" should be`},
		{"unknown division", `{"wales":{"events":[]}}`, `unknown division "wales" (want "england-and-wales", "scotland" or "northern-ireland")`},
		{"mismatched division", `{"scotland":{"division":"england-and-wales","events":[]}}`, `division "scotland": names itself "england-and-wales"`},
		{"bad date", `{"england-and-wales":{"events":[{"title":"X","date":"2024-02-30"}]}}`, `division "england-and-wales": event 0: date "2024-02-30" is not a date of the form YYYY-MM-DD`},
		{"no title", `{"england-and-wales":{"events":[{"title":"A","date":"2024-01-01"},{"date":"2024-02-01"}]}}`, `event 1: has no title`},
		{"missing division", `{"scotland":{"events":[]}}`, `has no "england-and-wales" division`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(EnglandAndWales, WithGovUKFeed(strings.NewReader(tt.feed)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var fe *FeedError
			assert.True(t, errors.As(err, &fe))
		})
	}
	_, err := New(EnglandAndWales, WithGovUKFeed(nil))
	assert.Error(t, err)
}

func FuzzGovUKFeed(f *testing.F) {
	sample, err := os.ReadFile("testdata/bank-holidays-sample.json")
	require.NoError(f, err)
	f.Add(string(sample))
	f.Add(`{"england-and-wales":{"events":[{"title":"X","date":"2100-12-31"}]}}`)
	f.Add(`{"england-and-wales":{"events":[{"title":"X","date":"9999-12-31"}]}}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, feed string) {
		c, err := New(EnglandAndWales, WithGovUKFeed(strings.NewReader(feed)))
		if err != nil {
			return
		}
		// A calendar built from any accepted feed still keeps its round trip.
		start := d("2024-03-04")
		got := c.AddWorkingDays(start, 15)
		if c.WorkingDaysBetween(start, got) != 15 {
			t.Fatalf("round trip broken with feed %q", feed)
		}
	})
}
