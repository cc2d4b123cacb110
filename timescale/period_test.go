package timescale

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		str  string
	}{
		{"15 working days", Period{15, WorkingDays}, "15 working days"},
		{"1 working day", Period{1, WorkingDays}, "1 working day"},
		{"10 working days", Period{10, WorkingDays}, "10 working days"},
		{"45 working days", Period{45, WorkingDays}, "45 working days"},
		{"3 months", Period{3, Months}, "3 months"},
		{"6 months", Period{6, Months}, "6 months"},
		{"1 month", Period{1, Months}, "1 month"},
		{"28 days", Period{28, Days}, "28 days"},
		{"28 calendar days", Period{28, Days}, "28 days"},
		{"6 weeks", Period{6, Weeks}, "6 weeks"},
		{"24 hours", Period{24, Hours}, "24 hours"},
		{"48 hours", Period{48, Hours}, "48 hours"},
		{"  2 Working  Days ", Period{2, WorkingDays}, "2 working days"},
		{"1 WORKING DAYS", Period{1, WorkingDays}, "1 working day"},
		{"3 month", Period{3, Months}, "3 months"},
		{"1 hours", Period{1, Hours}, "1 hour"},
		{"0 working days", Period{0, WorkingDays}, "0 working days"},
		{"\t5 weeks\n", Period{5, Weeks}, "5 weeks"},
		// Synonyms, read as the unit they name.
		{"3 business days", Period{3, WorkingDays}, "3 working days"},
		{"1 Business Day", Period{1, WorkingDays}, "1 working day"},
		{"2 calendar weeks", Period{2, Weeks}, "2 weeks"},
		{"3 calendar months", Period{3, Months}, "3 months"},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.Equal(t, tt.str, got.String(), tt.in)
		back, err := ParsePeriod(got.String())
		require.NoError(t, err)
		assert.Equal(t, got, back)
	}
}

func TestParsePeriodErrors(t *testing.T) {
	// Nothing near: the error lists the forms it reads.
	for _, in := range []string{"", "15", "fifteen working dayz",
		"-3 days", "+3 days", "3.5 days", "working days 15", "10001 days", "99999999999999999999 days",
		"15 working days please", "3 school days", "3 clear days"} {
		_, err := ParsePeriod(in)
		require.Error(t, err, in)
		var pe *PeriodError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, in, pe.Input)
		assert.Empty(t, pe.Suggestion, in)
		assert.Contains(t, err.Error(), `cannot read "`)
		assert.Contains(t, err.Error(), `"15 working days", "1 working day"`)
	}
	_, err := ParsePeriod("fifteen working dayz")
	assert.EqualError(t, err, `cannot read "fifteen working dayz" as a period; write a whole number and a unit: "15 working days", "1 working day", "28 days" (or "28 calendar days"), "6 weeks", "3 months", "48 hours"`)
	_, err = ParsePeriod("20000 days")
	assert.Contains(t, err.Error(), "(the number must be from 0 to 10000)")

	// A misspelt unit, or one that is a multiple of a unit it reads: the
	// period most likely meant.
	for in, want := range map[string]string{
		"15 working dayz": "15 working days",
		"15 workingdays":  "15 working days",
		"15 wroking days": "15 working days",
		"1 workign day":   "1 working day",
		"28 dyas":         "28 days",
		"3 mnoths":        "3 months",
		"48 hrs":          "48 hours",
		"3 fortnights":    "6 weeks",
		"1 year":          "12 months",
		"2 years":         "24 months",
		"15 work days":    "15 working days",
		"15 weekdays":     "15 working days",
	} {
		_, err := ParsePeriod(in)
		var pe *PeriodError
		require.ErrorAs(t, err, &pe, in)
		assert.Equal(t, want, pe.Suggestion, in)
		back, perr := ParsePeriod(pe.Suggestion)
		require.NoError(t, perr, "the suggestion %q reads as a period", pe.Suggestion)
		assert.Equal(t, want, back.String())
	}
	_, err = ParsePeriod("15 weekdays")
	assert.EqualError(t, err, `cannot read "15 weekdays" as a period; did you mean "15 working days"? (working days also leave out bank holidays and the authority's closures)`)
	_, err = ParsePeriod("1 year")
	assert.EqualError(t, err, `cannot read "1 year" as a period; did you mean "12 months"?`)
	// No suggestion past the largest period.
	_, err = ParsePeriod("1000 years")
	var pe *PeriodError
	require.ErrorAs(t, err, &pe)
	assert.Empty(t, pe.Suggestion)
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"15 working days", "1 working day", "3 months", "48 hours", "28 calendar days", "", "9999999999999999999 days", "-1 days"} {
		f.Add(s)
	}
	cal, err := calendar.New(calendar.EnglandAndWales)
	require.NoError(f, err)
	start := time.Date(2024, 3, 4, 10, 0, 0, 0, calendar.London)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		back, err := ParsePeriod(p.String())
		if err != nil || back != p {
			t.Fatalf("%q parsed to %v, which does not read back (%v, %v)", s, p, back, err)
		}
		// Any accepted period counts without panicking.
		_, _ = p.After(cal, start, Convention{Roll: RollForward})
		_, _ = p.Before(cal, start, Convention{Inclusive: true})
	})
}

func mustPeriod(t testing.TB, s string) Period {
	t.Helper()
	p, err := ParsePeriod(s)
	require.NoError(t, err)
	return p
}

func london(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.London)
}

// Every expected deadline here was worked out by hand from the rule and the
// published bank holidays; the comment beside each says how.
func TestDeadlines(t *testing.T) {
	ew, err := calendar.New(calendar.EnglandAndWales)
	require.NoError(t, err)
	tests := []struct {
		name     string
		period   string
		from     time.Time
		before   bool
		conv     Convention
		want     string // "Mon 2 Jan 2006" or "Mon 2 Jan 2006 15:04" in London
		wholeDay bool
	}{
		{"4 Mar + 15 wd: 5-8, 11-15, 18-22, 25", "15 working days", london(2024, 3, 4, 10, 0), false, Convention{}, "Mon 25 Mar 2024", true},
		{"20 Dec + 15 wd skips 25, 26 Dec and 1 Jan", "15 working days", london(2024, 12, 20, 16, 0), false, Convention{}, "Wed 15 Jan 2025", true},
		{"Sat 17 Sep 2022 + 15 wd skips the state funeral", "15 working days", london(2022, 9, 17, 9, 0), false, Convention{}, "Mon 10 Oct 2022", true},
		{"31 Jan + 3 months is 30 Apr", "3 months", london(2024, 1, 31, 9, 0), false, Convention{}, "Tue 30 Apr 2024", true},
		{"30 Nov 2023 + 3 months is 29 Feb 2024", "3 months", london(2023, 11, 30, 9, 0), false, Convention{}, "Thu 29 Feb 2024", true},
		{"31 Jan 2023 + 1 month is 28 Feb 2023", "1 month", london(2023, 1, 31, 9, 0), false, Convention{}, "Tue 28 Feb 2023", true},
		{"31 Aug + 6 months is 28 Feb", "6 months", london(2023, 8, 31, 9, 0), false, Convention{}, "Thu 29 Feb 2024", true},
		{"31 Dec 2024 + 2 months is 28 Feb 2025", "2 months", london(2024, 12, 31, 9, 0), false, Convention{}, "Fri 28 Feb 2025", true},
		{"48 hours across the autumn clock change", "48 hours", london(2024, 10, 26, 8, 0), false, Convention{}, "Mon 28 Oct 2024 07:00", false},
		{"24 hours across the spring clock change", "24 hours", london(2024, 3, 30, 12, 0), false, Convention{}, "Sun 31 Mar 2024 13:00", false},
		{"28 days from 1 Feb 2024 (leap year)", "28 days", london(2024, 2, 1, 9, 0), false, Convention{}, "Thu 29 Feb 2024", true},
		{"6 weeks from Mon 4 Mar", "6 weeks", london(2024, 3, 4, 9, 0), false, Convention{}, "Mon 15 Apr 2024", true},
		{"3 months to Christmas Day, no roll", "3 months", london(2024, 9, 25, 9, 0), false, Convention{}, "Wed 25 Dec 2024", true},
		{"3 months to Christmas Day rolls forward past Boxing Day", "3 months", london(2024, 9, 25, 9, 0), false, Convention{Roll: RollForward}, "Fri 27 Dec 2024", true},
		{"3 months to Christmas Day rolls back to Christmas Eve", "3 months", london(2024, 9, 25, 9, 0), false, Convention{Roll: RollBackward}, "Tue 24 Dec 2024", true},
		{"24 hours to a Saturday rolls to the end of Tue after the spring bank holiday", "24 hours", london(2024, 5, 24, 10, 0), false, Convention{Roll: RollForward}, "Tue 28 May 2024", true},
		{"24 hours on a working day does not roll", "24 hours", london(2024, 5, 22, 10, 0), false, Convention{Roll: RollForward}, "Thu 23 May 2024 10:00", false},
		{"inclusive: Mon 4 Mar is day 1, 4-8, 11-15, 18-22", "15 working days", london(2024, 3, 4, 10, 0), false, Convention{Inclusive: true}, "Fri 22 Mar 2024", true},
		{"inclusive from a Saturday: day 1 is Tue 20 Sep 2022", "15 working days", london(2022, 9, 17, 9, 0), false, Convention{Inclusive: true}, "Mon 10 Oct 2022", true},
		{"0 working days is the day itself", "0 working days", london(2024, 3, 9, 9, 0), false, Convention{}, "Sat 9 Mar 2024", true},
		{"0 working days on a Saturday rolls forward", "0 working days", london(2024, 3, 9, 9, 0), false, Convention{Roll: RollForward}, "Mon 11 Mar 2024", true},
		{"2 wd before Wed 10 Apr: Tue 9 (1), Mon 8 (2)", "2 working days", london(2024, 4, 10, 10, 0), true, Convention{}, "Mon 8 Apr 2024", true},
		{"2 wd before Tue 2 Apr skips Easter Monday and Good Friday: Thu 28 (1), Wed 27 (2)", "2 working days", london(2024, 4, 2, 10, 0), true, Convention{}, "Wed 27 Mar 2024", true},
		{"inclusive 2 wd before Wed 10 Apr: Wed 10 (1), Tue 9 (2)", "2 working days", london(2024, 4, 10, 10, 0), true, Convention{Inclusive: true}, "Tue 9 Apr 2024", true},
		{"48 hours before 10:00 Wed 10 Apr", "48 hours", london(2024, 4, 10, 10, 0), true, Convention{}, "Mon 8 Apr 2024 10:00", false},
		{"5 days before Tue 5 Mar", "5 days", london(2024, 3, 5, 10, 0), true, Convention{}, "Thu 29 Feb 2024", true},
		{"3 months before 31 May is 29 Feb", "3 months", london(2024, 5, 31, 10, 0), true, Convention{}, "Thu 29 Feb 2024", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPeriod(t, tt.period)
			var got Deadline
			var err error
			if tt.before {
				got, err = p.Before(ew, tt.from, tt.conv)
			} else {
				got, err = p.After(ew, tt.from, tt.conv)
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
			assert.Equal(t, tt.wholeDay, got.WholeDay)
		})
	}
}

func TestMetByAndLateness(t *testing.T) {
	ew, err := calendar.New(calendar.EnglandAndWales)
	require.NoError(t, err)
	due, err := mustPeriod(t, "15 working days").After(ew, london(2024, 3, 4, 10, 0), Convention{})
	require.NoError(t, err)
	assert.True(t, due.MetBy(london(2024, 3, 25, 23, 59)), "any time on the due date")
	assert.True(t, due.MetBy(time.Date(2024, 3, 25, 23, 30, 0, 0, time.UTC)), "23:30 UTC is 23:30 GMT in March")
	assert.False(t, due.MetBy(london(2024, 3, 26, 0, 10)))
	// Done Thu 4 Apr: (25 Mar, 4 Apr] holds 26, 27, 28 Mar and 2, 3, 4 Apr: 6 working days, 10 days.
	wd, days := due.Lateness(ew, london(2024, 4, 4, 15, 0))
	assert.Equal(t, 6, wd)
	assert.Equal(t, 10, days)
	wd, days = due.Lateness(ew, london(2024, 3, 20, 9, 0))
	assert.Equal(t, 0, wd)
	assert.Equal(t, 0, days)

	// In summer 23:30 UTC is already tomorrow in London.
	summer, err := mustPeriod(t, "1 working day").After(ew, london(2024, 5, 31, 10, 0), Convention{})
	require.NoError(t, err)
	assert.Equal(t, "Mon 3 Jun 2024", summer.String())
	assert.False(t, summer.MetBy(time.Date(2024, 6, 3, 23, 30, 0, 0, time.UTC)))

	hourly, err := mustPeriod(t, "48 hours").After(ew, london(2024, 10, 26, 8, 0), Convention{})
	require.NoError(t, err)
	assert.True(t, hourly.MetBy(london(2024, 10, 28, 7, 0)), "at the instant")
	assert.False(t, hourly.MetBy(london(2024, 10, 28, 7, 1)))
	wd, days = hourly.Lateness(ew, london(2024, 10, 29, 9, 0))
	assert.Equal(t, 1, wd)
	assert.Equal(t, 1, days)
}

func TestDeadlineOutOfRange(t *testing.T) {
	ew, err := calendar.New(calendar.EnglandAndWales)
	require.NoError(t, err)
	_, err = mustPeriod(t, "15 working days").After(ew, london(1985, 3, 4, 9, 0), Convention{})
	require.Error(t, err)
	assert.Equal(t, "4 Mar 1985 is outside the working-day calendar (1 Jan 1990 to 31 Dec 2100)", err.Error())
	_, err = mustPeriod(t, "6 months").After(ew, london(2100, 9, 1, 9, 0), Convention{})
	var re *RangeError
	require.ErrorAs(t, err, &re)
	_, err = Period{}.After(ew, london(2024, 1, 1, 0, 0), Convention{})
	assert.Error(t, err)
	_, err = mustPeriod(t, "1 day").After(nil, london(2024, 1, 1, 0, 0), Convention{})
	assert.Error(t, err)
}

func TestAddMonthsNegativeAndDaysBetween(t *testing.T) {
	// The corresponding date: 29 February less 3 months is 29 November.
	assert.Equal(t, "2023-11-29", AddMonths(london(2024, 2, 29, 0, 0), -3).Format("2006-01-02"))
	assert.Equal(t, "2023-02-28", AddMonths(london(2023, 3, 31, 0, 0), -1).Format("2006-01-02"))
	assert.Equal(t, "2024-12-31", AddMonths(london(2025, 1, 31, 0, 0), -1).Format("2006-01-02"))
	// Across the spring clock change the day count is still whole.
	assert.Equal(t, 2, DaysBetween(london(2024, 3, 30, 12, 0), london(2024, 4, 1, 0, 30)))
	assert.Equal(t, -2, DaysBetween(london(2024, 4, 1, 0, 30), london(2024, 3, 30, 12, 0)))
}
