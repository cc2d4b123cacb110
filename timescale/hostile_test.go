package timescale

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
)

// Issue 16, item 13: working days counted past either end of the calendar
// name the date they were counted from (the date reached cannot be worked
// out), not the zero time, "31 Dec 0000".
func TestHostileWorkingDaysPastTheEnds(t *testing.T) {
	ew, err := calendar.New(calendar.EnglandAndWales)
	require.NoError(t, err)
	for _, tt := range []struct {
		count func() (Deadline, error)
		want  string
	}{
		{func() (Deadline, error) {
			return mustPeriod(t, "15 working days").After(ew, london(2100, 12, 20, 9, 0), Convention{})
		}, "15 working days after 20 Dec 2100"},
		{func() (Deadline, error) {
			return mustPeriod(t, "2 working days").Before(ew, london(1990, 1, 2, 9, 0), Convention{})
		}, "2 working days before 2 Jan 1990"},
		{func() (Deadline, error) {
			// A date past the end, which can be worked out, is named.
			return mustPeriod(t, "1 day").After(ew, london(2100, 12, 31, 9, 0), Convention{})
		}, "1 Jan 2101"},
		{func() (Deadline, error) {
			// 1 January 1990, the first day, is a bank holiday, with no
			// working day before it.
			return Deadline{Time: london(1990, 1, 1, 0, 0), WholeDay: true}.Rolled(ew, RollBackward)
		}, "the working day before 1 Jan 1990"},
		{func() (Deadline, error) {
			// Saturday 25 December 2100 rolls forward past the Christmas
			// holidays, into the calendar still.
			return mustPeriod(t, "2 days").After(ew, london(2100, 12, 23, 9, 0), Convention{Roll: RollForward})
		}, ""},
	} {
		_, err := tt.count()
		if tt.want == "" {
			assert.NoError(t, err)
			continue
		}
		require.Error(t, err)
		assert.Equal(t, tt.want+" is outside the working-day calendar (1 Jan 1990 to 31 Dec 2100)", err.Error())
		assert.NotContains(t, err.Error(), "0000")
	}
}
