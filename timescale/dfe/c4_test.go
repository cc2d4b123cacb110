package dfe_test

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/cincensus"
	"github.com/safeguarding/timescales/timescale/dfe"
)

// expected is c4-hand.expected: worked out by hand, without this code, from
// the published bank holidays (each count made twice, as the file shows).
type expected struct {
	enquiries  []map[string]string // the ENQ lines' fields
	all, year  map[string]int      // the ALL and YEAR lines' fields
	mismatches []string            // the MISMATCH and MISSING lines, as given
}

func fields(line string) map[string]string {
	out := map[string]string{}
	for _, f := range strings.Fields(line) {
		if k, v, ok := strings.Cut(f, "="); ok {
			out[k] = v
		}
	}
	return out
}

func numbers(line string) map[string]int {
	out := map[string]int{}
	for k, v := range fields(line) {
		n, err := strconv.Atoi(v)
		if err != nil {
			panic(line)
		}
		out[k] = n
	}
	return out
}

func readExpected(t *testing.T) expected {
	f, err := os.Open("testdata/c4-hand.expected")
	require.NoError(t, err)
	defer f.Close()
	var e expected
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "ENQ "):
			e.enquiries = append(e.enquiries, fields(line))
		case strings.HasPrefix(line, "ALL "):
			e.all = numbers(line)
		case strings.HasPrefix(line, "YEAR "):
			e.year = numbers(line)
		case strings.HasPrefix(line, "MISMATCH "), strings.HasPrefix(line, "MISSING "):
			e.mismatches = append(e.mismatches, line)
		}
	}
	require.NoError(t, sc.Err())
	require.GreaterOrEqual(t, len(e.enquiries), 20)
	return e
}

func measure(t *testing.T, year bool) *dfe.ICPCTimeliness {
	cal, err := calendar.New(calendar.EnglandAndWales)
	require.NoError(t, err)
	f, err := os.Open("testdata/c4-hand.xml")
	require.NoError(t, err)
	defer f.Close()
	r := cincensus.NewReader("c4-hand.xml", f)
	h := r.ReadHeader()
	m := dfe.NewICPCTimeliness(cal)
	if year {
		m.Within(h.CollectionStart(), h.ReferenceDate)
	}
	for c := range r.Children() {
		require.NoError(t, c.Err)
		m.Add(c.Case)
	}
	require.NoError(t, r.Err())
	return m
}

func asMap(c dfe.C4) map[string]int {
	return map[string]int{
		"0-10": c.Bands.UpTo10, "11-15": c.Bands.From11To15, "16-20": c.Bands.From16To20, "21+": c.Bands.MoreThan20,
		"p25": c.P25, "median": c.Median, "p75": c.P75, "count": c.Enquiries,
	}
}

// Table C4 over 28 enquiries of 15 children, across Easter 2022 and 2023,
// the Platinum Jubilee, the state funeral, Christmas 2022, New Year 2023
// and the coronation: bands and nearest-rank percentiles as worked out by
// hand.
func TestC4ByHand(t *testing.T) {
	want := readExpected(t)

	all := measure(t, false).Result()
	assert.Equal(t, want.all, asMap(all), "every enquiry")
	// 28 enquiries: 25 counted, two with no conference (one needed none,
	// one not held yet), one with its conference before its start.
	assert.Equal(t, 2, all.NoConference)
	assert.Equal(t, 1, all.ConferenceBeforeStart)
	assert.Zero(t, all.OutsidePeriod)

	year := measure(t, true).Result()
	assert.Equal(t, want.year, asMap(year), "conferences from 1 April 2022 to 31 March 2023")
	assert.Equal(t, want.all["count"]-want.year["count"], year.OutsidePeriod)

	var got []string
	for _, mm := range measure(t, false).TargetMismatches() {
		if mm.Target.IsZero() {
			got = append(got, fmt.Sprintf("MISSING child=%s start=%s correct=%s", mm.Child, day(mm.Start), day(mm.Correct)))
			continue
		}
		got = append(got, fmt.Sprintf("MISMATCH child=%s start=%s target=%s correct=%s", mm.Child, day(mm.Start), day(mm.Target), day(mm.Correct)))
	}
	assert.ElementsMatch(t, want.mismatches, got)
}

// Each enquiry's working days, as counted by hand, are the calendar's.
func TestC4EnquiryDaysByHand(t *testing.T) {
	cal, err := calendar.New(calendar.EnglandAndWales)
	require.NoError(t, err)
	for _, e := range readExpected(t).enquiries {
		if e["days"] == "-" {
			continue
		}
		start, icpc := date(t, e["start"]), date(t, e["icpc"])
		days, _ := strconv.Atoi(e["days"])
		assert.Equal(t, days, cal.WorkingDaysBetween(start, icpc), "child %s, start %s, ICPC %s", e["child"], e["start"], e["icpc"])
	}
}

// An empty measure has no percentiles; a single enquiry is every one.
func TestC4Edges(t *testing.T) {
	cal, err := calendar.New(calendar.EnglandAndWales)
	require.NoError(t, err)
	m := dfe.NewICPCTimeliness(cal)
	assert.Equal(t, dfe.C4{}, m.Result())

	m.Add(&timescale.Case{ID: "one", Events: []timescale.Event{{
		Kind: "s47_started", At: date(t, "2024-03-25"),
		// Wednesday 17 April 2024 is 15 working days on from Monday 25
		// March: 26-28 March are 1-3, Good Friday (29 March) and Easter
		// Monday (1 April) are skipped, 2-5 April are 4-7, 8-12 April
		// 8-12, 15-17 April 13-15.
		Attributes: map[string]any{"icpc_date": date(t, "2024-04-17"), "icpc_target": date(t, "2024-04-17")},
	}, {
		// A date outside the calendar is left out, not counted as 0.
		Kind: "s47_started", At: date(t, "1970-06-02"),
		Attributes: map[string]any{"icpc_date": date(t, "1970-06-17")},
	}}})
	got := m.Result()
	assert.Equal(t, dfe.C4{Enquiries: 1, Bands: dfe.Bands{From11To15: 1}, P25: 15, Median: 15, P75: 15, OutsideCalendar: 1}, got)
	assert.Empty(t, m.TargetMismatches())
}

func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, s, calendar.London)
	require.NoError(t, err)
	return d
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
