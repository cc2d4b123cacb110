package timescale

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
)

func ldn(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.London)
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in       string
		utc      time.Time
		dateOnly bool
	}{
		{"2024-03-04", time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC), true},
		{"2024-06-03", time.Date(2024, 6, 2, 23, 0, 0, 0, time.UTC), true}, // BST midnight
		{"2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"2000-02-29", time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"1000-01-01", time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC).Add(75 * time.Second), true}, // London mean time, +0:01:15
		{"9999-12-31", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{"2024-06-03T10:00:00", time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC), false}, // BST
		{"2024-06-03T10:00", time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC), false},
		{"2024-06-03 10:00", time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC), false},
		{"2024-06-03 10:00:30", time.Date(2024, 6, 3, 9, 0, 30, 0, time.UTC), false},
		{"2024-01-10T10:00", time.Date(2024, 1, 10, 10, 0, 0, 0, time.UTC), false}, // GMT
		{"2024-01-10T10:00:00.5", time.Date(2024, 1, 10, 10, 0, 0, 5e8, time.UTC), false},
		{"2024-03-04T10:00:00Z", time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), false},
		{"2024-06-03T10:00:00Z", time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC), false},
		{"2024-03-04T10:00:00+01:00", time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC), false},
		{"2024-03-04T10:00:00-05:30", time.Date(2024, 3, 4, 15, 30, 0, 0, time.UTC), false},
		{"2024-03-04T10:00:00.123456789Z", time.Date(2024, 3, 4, 10, 0, 0, 123456789, time.UTC), false},
		{"2024-03-04T10:00:00.25+01:00", time.Date(2024, 3, 4, 9, 0, 0, 25e7, time.UTC), false},
		{"2024-03-04 10:00:00Z", time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), false},
		{"2024-03-31T00:59", time.Date(2024, 3, 31, 0, 59, 0, 0, time.UTC), false},
		{"2024-03-31T02:00", time.Date(2024, 3, 31, 1, 0, 0, 0, time.UTC), false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, dateOnly, err := ParseTime(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.utc, got.UTC())
			assert.Equal(t, tc.dateOnly, dateOnly)
			assert.Same(t, calendar.London, got.Location())
		})
	}
}

func TestParseTimeErrors(t *testing.T) {
	for _, tc := range []struct{ in, reason string }{
		{"2024-02-30", "February 2024 has 29 days"},
		{"2023-02-29", "February 2023 has 28 days"},
		{"1900-02-29", "February 1900 has 28 days"},
		{"2024-04-31", "April 2024 has 30 days"},
		{"2024-01-00", "January 2024 has 31 days"},
		{"2024-13-01", "there is no month 13"},
		{"2024-00-10", "there is no month 0"},
		{"0999-12-31", "the year must be from 1000 to 9999"},
		{"0000-01-01", "the year must be from 1000 to 9999"},
		{"2024-03-04T24:00", "the hour must be from 00 to 23"},
		{"2024-03-04T10:60", "the minutes must be from 00 to 59"},
		{"2024-03-04T10:00:60Z", "the seconds must be from 00 to 59"},
		{"2024-03-04T10:00:00+24:00", "the offset must be from -23:59 to +23:59"},
		{"2024-03-31T01:30", "the clocks went forward at 01:00 that day, so there was no 01:30 in London"},
		{"", "not a form case files use"},
		{"2024-3-4", "not a form case files use"},
		{"04/03/2024", "not a form case files use"},
		{"10000-01-01", "not a form case files use"},
		{" 2024-03-04", "not a form case files use"},
		{"2024-03-04 ", "not a form case files use"},
		{"2024-03-04T10", "not a form case files use"},
		{"2024-03-04T1:00", "not a form case files use"},
		{"2024-03-04T10:00:00+0100", "not a form case files use"},
		{"2024-03-04t10:00:00z", "not a form case files use"},
		{"2024-03-04T10:00.5", "not a form case files use"},
		{"2024-03-04T10:00:00.1234567890Z", "not a form case files use"},
		{"２０２４-03-04", "not a form case files use"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, dateOnly, err := ParseTime(tc.in)
			require.Error(t, err)
			assert.True(t, got.IsZero())
			assert.False(t, dateOnly)
			assert.Equal(t, `cannot read "`+tc.in+`" as a date or time (`+tc.reason+`); `+acceptedTimes, err.Error())
		})
	}
	_, _, err := ParseTime("2024-02-30")
	assert.EqualError(t, err, `cannot read "2024-02-30" as a date or time (February 2024 has 29 days); `+
		`write a date, 2024-03-04, or a date and time, 2024-03-04T10:00:00Z, 2024-03-04T10:00:00+01:00, `+
		`or 2024-03-04T10:00 for London time`)
}
