package main

// The outputs a team uses: CSV of one case or a caseload, a caseload's
// calendar feed, and -summary as CSV and HTML, each as a reviewed golden
// file and parsed back by a real parser.
//
// testdata/caseload.jsonl is a small caseload with its dates worked out by
// hand here (England and Wales; Good Friday 29 Mar and Easter Monday
// 1 Apr 2024, Early May bank holiday 6 May and Spring bank holiday 27 May
// skipped in working days). Each line gives its own as_of.
//
//	line 1  L-1, as of Fri 12 Apr 2024: s47 strategy discussion Thu 21 Mar;
//	        ICPC due 15 working days on, Mon 15 Apr (22 Mar 1, 25-28 5,
//	        2-5 Apr 9, 8-12 14, 15 15): not held, within warn_before (2
//	        working days, to Tue 16 Apr): due_soon.
//	line 2  L-2, as of Fri 12 Apr: s47 Mon 4 Mar; ICPC due Mon 25 Mar (15
//	        working days: 5-8 4, 11-15 9, 18-22 14, 25 15), held Mon 25 Mar
//	        with a plan: met (C4: 15 working days, band 11-15; target right).
//	        First core group due 10 working days after the ICPC: 26-28 Mar
//	        3, 2-5 Apr 7, 8-10 10: Wed 10 Apr; none by Fri 12 Apr: overdue
//	        by 2 working days (11, 12 Apr). First review 3 months on: Tue
//	        25 Jun 2024, pending.
//	line 3  blank: no row, no event.
//	line 4  not JSON: an error row for line 4, no event.
//	line 5  case "=HYPERLINK("x")" (a formula, as a hostile export might
//	        give it), as of Fri 12 Apr: referral Thu 11 Apr 09:00 BST;
//	        decision due 1 working day on, Fri 12 Apr: due today, due_soon.
//	        Assessment due 45 working days on: 12 Apr 1, 15-19 6, 22-26 11,
//	        29 Apr-3 May 16, 7-10 20, 13-17 25, 20-24 30, 28-31 34, 3-7 Jun
//	        39, 10-14 44, 17 45: Mon 17 Jun 2024, pending.
//	line 6  L-4, as of Fri 12 Apr: s47 Tue 2 Apr; ICPC due 15 working days
//	        on (3-5 3, 8-12 8, 15-19 13, 22-23 15): Tue 23 Apr; after Tue
//	        16 Apr, so pending.
//	line 7  L-5, as of Fri 12 Apr: s47 Mon 4 Mar (the enquiry counted from
//	        its s47_started, a date without a time), ICPC due Mon 25 Mar, held
//	        Tue 2 Apr: late by 4 working days (26, 27, 28 Mar, 2 Apr); C4:
//	        19 working days, band 16-20; its InitialCPCtarget Fri 22 Mar
//	        is wrong (Mon 25 Mar). First core group due 10 working days
//	        after Tue 2 Apr (3-5 3, 8-12 8, 15-16 10): Tue 16 Apr, due_soon.
//	        First review 3 months on: Tue 2 Jul 2024, pending.
//	line 8  C-2003, the shipped missed-review example as of Thu 1 May 2025
//	        (its opening comment works it out): review 2 of the six-monthly
//	        chain due Mon 14 Apr 2025, overdue by 11 working days; with an
//	        s47_started for C4: 20 Dec 2023 to 15 Jan 2024, 15 working days.
//
// Coming within 10 working days of Fri 12 Apr (to Fri 26 Apr: 15-19 5,
// 22-26 10), soonest first: Fri 12 Apr line 5's referral decision, Mon
// 15 Apr L-1's ICPC, Tue 16 Apr L-5's core group, Tue 23 Apr L-4's ICPC.
// Not coming: line 5's assessment (17 Jun), L-2's and L-5's reviews (25 Jun,
// 2 Jul). Overdue, earliest due first: L-2's core group (Wed 10 Apr 2024, 2),
// C-2003's review (Mon 14 Apr 2025, 11).

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/golden"
)

const caseloadFile = "testdata/caseload.jsonl"

// readCSV parses CSV as a spreadsheet would, checking RFC 4180's CRLF
// line ends and that every row has the header's columns.
func readCSV(t *testing.T, out string) [][]string {
	t.Helper()
	require.True(t, strings.HasSuffix(out, "\r\n"), "CRLF at the end")
	assert.NotRegexp(t, `[^\r]\n`, stripQuoted(out), "every line ends in CRLF")
	out, bom := strings.CutPrefix(out, "\ufeff")
	require.True(t, bom, "a UTF-8 byte order mark first, for Excel")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll() // also checks the field counts
	require.NoError(t, err)
	return rows
}

// stripQuoted removes CSV's quoted fields, which may hold line breaks of
// their own.
func stripQuoted(s string) string {
	return regexp.MustCompile(`"(?:[^"]|"")*"`).ReplaceAllString(s, `""`)
}

// byKey indexes CSV rows by "line case rule occurrence".
func byKey(rows [][]string) map[string][]string {
	m := map[string][]string{}
	for _, r := range rows[1:] {
		m[strings.Join([]string{r[0], r[1], r[2], r[4]}, " ")] = r
	}
	return m
}

// The CSV of the shipped examples, one case each, reviewed against the
// due dates worked out in each case file's opening comment. Columns:
// line (empty for one case), case, rule, instance, occurrence, status,
// from, due, done, working_days_late, explanation.
func TestShippedExamplesCSV(t *testing.T) {
	want := map[string][][]string{
		// late-icpc: ICPC due Mon 15 Apr, held Thu 18 Apr 10:00 BST, late
		// by 3 working days; the decision due Wed 20 Mar, made 11:00 GMT
		// that day; the core group due Thu 2 May, held Mon 29 Apr 14:00
		// BST; the assessment (Fri 24 May) and first review (Thu 18 Jul)
		// pending; the six-monthly reviews not started.
		"late-icpc": {
			{"", "C-2002", "referral-decision-within-1-working-day", "referral 1", "1", "met", "2024-03-19 09:00", "2024-03-20", "2024-03-20 11:00", ""},
			{"", "C-2002", "assessment-within-45-working-days", "referral 1", "1", "pending", "2024-03-19 09:00", "2024-05-24", "", ""},
			{"", "C-2002", "icpc-within-15-working-days", "s47 enquiry 1", "1", "late", "2024-03-21 10:00", "2024-04-15", "2024-04-18 10:00", "3"},
			{"", "C-2002", "first-core-group-within-10-working-days", "CP plan 1", "1", "met", "2024-04-18 10:00", "2024-05-02", "2024-04-29 14:00", ""},
			{"", "C-2002", "first-review-within-3-months", "CP plan 1", "1", "pending", "2024-04-18 10:00", "2024-07-18", "", ""},
		},
		// missed-review: review 1 due Fri 11 Oct 2024, held Mon 14 Oct, 1
		// working day late; review 2 due Mon 14 Apr 2025, overdue by 11;
		// the assessment done on a date without a time (Fri 9 Feb).
		"missed-review": {
			{"", "C-2003", "assessment-within-45-working-days", "referral 1", "1", "met", "2023-12-18 10:00", "2024-02-22", "2024-02-09", ""},
			{"", "C-2003", "icpc-within-15-working-days", "s47 enquiry 1", "1", "met", "2023-12-20 11:00", "2024-01-15", "2024-01-15 10:00", ""},
			{"", "C-2003", "review-every-6-months", "CP plan 1", "1", "late", "2024-04-11 10:00", "2024-10-11", "2024-10-14 10:00", "1"},
			{"", "C-2003", "review-every-6-months", "CP plan 1", "2", "overdue", "2024-10-14 10:00", "2025-04-14", "", "11"},
		},
		// all-on-time: ICPC due Wed 27 Mar, held Tue 26 Mar; core group
		// due Thu 11 Apr, held Wed 10 Apr 10:00 BST; first review Wed 26
		// Jun pending.
		"all-on-time": {
			{"", "C-2001", "icpc-within-15-working-days", "s47 enquiry 1", "1", "met", "2024-03-06 14:00", "2024-03-27", "2024-03-26 10:00", ""},
			{"", "C-2001", "first-core-group-within-10-working-days", "CP plan 1", "1", "met", "2024-03-26 10:00", "2024-04-11", "2024-04-10 10:00", ""},
			{"", "C-2001", "first-review-within-3-months", "CP plan 1", "1", "pending", "2024-03-26 10:00", "2024-06-26", "", ""},
		},
	}
	for name, rows := range want {
		t.Run(name, func(t *testing.T) {
			r := checkcase(t, "-policy", "england", "-format", "csv", "testdata/"+name+".yaml")
			assert.Empty(t, r.stderr)
			assert.Equal(t, map[string]int{"all-on-time": exitOK, "late-icpc": exitBreached, "missed-review": exitBreached}[name], r.code)
			golden.Check(t, "testdata/"+name+".golden.csv", []byte(r.stdout))
			got := readCSV(t, r.stdout)
			assert.Equal(t, []string{"line", "case", "rule", "instance", "occurrence", "status", "from", "due", "done", "working_days_late", "explanation"}, got[0])
			keyed := byKey(got)
			for _, w := range rows {
				row, ok := keyed[strings.Join([]string{w[0], w[1], w[2], w[4]}, " ")]
				if assert.True(t, ok, "a row for %v", w) {
					assert.Equal(t, w, row[:10])
					assert.NotEmpty(t, row[10], "an explanation")
				}
			}
		})
	}
}

// A caseload as CSV: one row a result, the line of the input first; an
// error row for line 4, no row for the blank line 3; the case id that is a
// formula defused with a '.
func TestCaseloadCSV(t *testing.T) {
	r := checkcase(t, "-policy", "england", "-format", "csv", "-batch", caseloadFile)
	assert.Equal(t, exitBreached, r.code, r.stderr)
	golden.Check(t, "testdata/caseload.golden.csv", []byte(r.stdout))
	rows := readCSV(t, r.stdout)
	lines := map[string]int{}
	for _, row := range rows[1:] {
		lines[row[0]]++
		assert.NotRegexp(t, `^[=+\-@]`, row[1], "no cell a formula")
		assert.NotRegexp(t, `^[=+\-@]`, row[10], "no cell a formula")
	}
	// Six rules a case; C-2003's chain has two occurrences.
	assert.Equal(t, map[string]int{"1": 6, "2": 6, "4": 1, "5": 6, "6": 6, "7": 6, "8": 7}, lines, "rows by line: none for the blank line 3")
	keyed := byKey(rows)
	assert.Equal(t, []string{"4", "", "", "", "", "error", "", "", "", ""}, keyed["4   "][:10])
	assert.Contains(t, keyed["4   "][10], "caseload.jsonl:4:1: want a case as a JSON object")
	for key, want := range map[string][]string{
		"1 L-1 icpc-within-15-working-days 1":                         {"s47 enquiry 1", "1", "due_soon", "2024-03-21 10:00", "2024-04-15", "", ""},
		"2 L-2 first-core-group-within-10-working-days 1":             {"CP plan 1", "1", "overdue", "2024-03-25 10:00", "2024-04-10", "", "2"},
		`5 '=HYPERLINK("x") referral-decision-within-1-working-day 1`: {"referral 1", "1", "due_soon", "2024-04-11 09:00", "2024-04-12", "", ""},
		`5 '=HYPERLINK("x") assessment-within-45-working-days 1`:      {"referral 1", "1", "pending", "2024-04-11 09:00", "2024-06-17", "", ""},
		"6 L-4 icpc-within-15-working-days 1":                         {"s47 enquiry 1", "1", "pending", "2024-04-02 09:30", "2024-04-23", "", ""},
		"7 L-5 icpc-within-15-working-days 1":                         {"s47 enquiry 1", "1", "late", "2024-03-04", "2024-03-25", "2024-04-02 10:00", "4"},
		"7 L-5 first-core-group-within-10-working-days 1":             {"CP plan 1", "1", "due_soon", "2024-04-02 10:00", "2024-04-16", "", ""},
		"8 C-2003 review-every-6-months 2":                            {"CP plan 1", "2", "overdue", "2024-10-14 10:00", "2025-04-14", "", "11"},
	} {
		row, ok := keyed[key]
		if assert.True(t, ok, key) {
			assert.Equal(t, want, row[3:10], key)
		}
	}
}

// A deadline in hours is written with its time, in London: 48 hours from
// 08:00 BST on Sat 26 Oct 2024 is 07:00 GMT on Mon 28 Oct.
func TestCSVForHours(t *testing.T) {
	policy := writeHoursPolicy(t)
	c := "case: H-1\nevents:\n  - {kind: icpc, at: '2024-10-26T08:00:00+01:00'}\n"
	r := runWith(t, c, false, "-policy", policy, "-asof", "2024-10-27", "-format", "csv", "-")
	require.Equal(t, exitOK, r.code, r.stderr)
	row := byKey(readCSV(t, r.stdout))[" H-1 cp-visit-within-48-hours 1"]
	require.NotNil(t, row, r.stdout)
	assert.Equal(t, []string{"due_soon", "2024-10-26 08:00", "2024-10-28 07:00"}, row[5:8])
}

// defuse: text a spreadsheet would run as a formula gets a ' before it;
// other text is as it is.
func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+44": "'+44", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"C-1": "C-1", "": "", "'=x": "'=x",
	} {
		assert.Equal(t, want, defuse(in), in)
	}
	assert.Equal(t, `'=\x1b[31m`, cell("=\x1b[31m"), "control characters escaped, then defused")
}

// A caseload's calendar: one VCALENDAR, parsed back by golang-ical. Every
// open deadline of the caseload worked out above, in input order: due soon
// and pending ones titled "due: ", overdue ones "OVERDUE: " on their due
// date, all transparent, with stable UIDs and the as-of date as DTSTAMP.
func TestCaseloadICS(t *testing.T) {
	r := checkcase(t, "-policy", "england", "-format", "ics", "-batch", caseloadFile)
	assert.Equal(t, exitBreached, r.code, r.stderr)
	golden.Check(t, "testdata/caseload.golden.ics", []byte(r.stdout))
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\r\n"), "\r\n") {
		assert.LessOrEqual(t, len(line), 75, line)
		assert.NotContains(t, line, "\n")
	}
	assert.Equal(t, 1, strings.Count(r.stdout, "BEGIN:VCALENDAR"))
	assert.True(t, strings.HasSuffix(r.stdout, "END:VEVENT\r\nEND:VCALENDAR\r\n"))

	cal, err := ics.ParseCalendar(strings.NewReader(r.stdout))
	require.NoError(t, err)
	props := map[string]string{}
	for _, p := range cal.CalendarProperties {
		props[p.IANAToken] = p.Value
	}
	assert.Equal(t, "caseload.jsonl deadlines", props["X-WR-CALNAME"])
	assert.Equal(t, "P1D", props["REFRESH-INTERVAL"], "a feed, to fetch daily")
	type event struct{ uid, summary, start, stamp, transp string }
	var got []event
	for _, ev := range cal.Events() {
		start, err := ev.GetAllDayStartAt()
		require.NoError(t, err)
		stamp, err := ev.GetDtStampTime()
		require.NoError(t, err)
		summary := ics.FromText(ev.GetProperty(ics.ComponentPropertySummary).Value)
		got = append(got, event{ev.Id(), summary, start.Format("2006-01-02"), stamp.UTC().Format("20060102T150405Z"),
			ev.GetProperty(ics.ComponentPropertyTransp).Value})
	}
	const april, may2025 = "20240411T230000Z", "20250430T230000Z" // midnight BST on the as-of dates
	icpc := "Initial child protection conference within 15 working days of the strategy discussion at which s47 enquiries were initiated"
	coreGroup := "First core group within 10 working days of the initial child protection conference"
	review := "First review child protection conference within 3 months of the initial conference"
	assert.Equal(t, []event{
		{"L-1-icpc-within-15-working-days-1-1@timescales", "due: Case L-1: " + icpc, "2024-04-15", april, "TRANSPARENT"},
		{"L-2-first-core-group-within-10-working-days-1-1@timescales", "OVERDUE: Case L-2: " + coreGroup, "2024-04-10", april, "TRANSPARENT"},
		{"L-2-first-review-within-3-months-1-1@timescales", "due: Case L-2: " + review, "2024-06-25", april, "TRANSPARENT"},
		{`=HYPERLINK("x")-referral-decision-within-1-working-day-1-1@timescales`, `due: Case =HYPERLINK("x"): Decision on a referral within 1 working day of its receipt`, "2024-04-12", april, "TRANSPARENT"},
		{`=HYPERLINK("x")-assessment-within-45-working-days-1-1@timescales`, `due: Case =HYPERLINK("x"): Child and family assessment completed within 45 working days of the referral`, "2024-06-17", april, "TRANSPARENT"},
		{"L-4-icpc-within-15-working-days-1-1@timescales", "due: Case L-4: " + icpc, "2024-04-23", april, "TRANSPARENT"},
		{"L-5-first-core-group-within-10-working-days-1-1@timescales", "due: Case L-5: " + coreGroup, "2024-04-16", april, "TRANSPARENT"},
		{"L-5-first-review-within-3-months-1-1@timescales", "due: Case L-5: " + review, "2024-07-02", april, "TRANSPARENT"},
		{"C-2003-review-every-6-months-1-2@timescales", "OVERDUE: Case C-2003: Further review conferences at intervals of not more than 6 months", "2025-04-14", may2025, "TRANSPARENT"},
	}, got)

	// Regenerated the next night the feed is the same, byte for byte; and
	// a week on (as of Fri 19 Apr) the deadlines still open keep their
	// UIDs, so a subscribed calendar updates them: L-1's ICPC, now overdue.
	again := checkcase(t, "-policy", "england", "-format", "ics", "-batch", caseloadFile)
	assert.Equal(t, r.stdout, again.stdout)
	later := checkcase(t, "-policy", "england", "-asof", "2024-04-19", "-format", "ics", "-batch", caseloadFile)
	assert.Contains(t, later.stdout, "UID:L-1-icpc-within-15-working-days-1-1@timescales\r\nDTSTAMP:20240418T230000Z\r\nSUMMARY:OVERDUE: Case L-1: ")
}

// The summary as CSV: the shipped census (its opening comment works out
// each figure) and the caseload above. Rows: results (each rule's count of
// each status some rule has), then coming and overdue deadlines.
func TestSummaryCSV(t *testing.T) {
	t.Run("census", func(t *testing.T) {
		r := checkcase(t, "-policy", "england", "-summary", "-format", "csv", "-census", "testdata/census-2024.xml")
		assert.Equal(t, exitBreached, r.code, r.stderr)
		golden.Check(t, "testdata/census-2024.summary.golden.csv", []byte(r.stdout))
		rows := readCSV(t, r.stdout)
		assert.Equal(t, []string{"section", "rule", "status", "count", "due", "case", "instance", "occurrence", "working_days_late"}, rows[0])
		// K1 met, K2 late, K3 no enquiry; the census holds no core groups.
		assert.Contains(t, rows, []string{"results", "icpc-within-15-working-days", "late", "1", "", "", "", "", ""})
		assert.Contains(t, rows, []string{"results", "first-core-group-within-10-working-days", "not_recorded", "3", "", "", "", "", ""})
		// Nothing due by Mon 15 Apr (10 working days after Sun 31 Mar,
		// Easter Monday skipped): K1's next review is Sat 14 Sep. K2's
		// assessment, due Mon 11 Mar, is overdue by 13 working days
		// (12-15 Mar 4, 18-22 9, 25-28 13; Good Friday skipped).
		assert.Equal(t, []string{"overdue", "assessment-within-45-working-days", "overdue", "", "2024-03-11", "K2", "referral 1", "1", "13"}, rows[len(rows)-1])
		for _, row := range rows[1 : len(rows)-1] {
			assert.Equal(t, "results", row[0])
		}
	})
	t.Run("caseload", func(t *testing.T) {
		r := checkcase(t, "-policy", "england", "-summary", "-format", "csv", "-batch", caseloadFile)
		assert.Equal(t, exitBreached, r.code, r.stderr)
		golden.Check(t, "testdata/caseload.summary.golden.csv", []byte(r.stdout))
		rows := readCSV(t, r.stdout)
		// ICPC: L-2 and C-2003 met, L-5 late, L-1 due soon, L-4 pending,
		// line 5 (no enquiry) not applicable.
		for st, n := range map[string]string{"met": "2", "late": "1", "overdue": "0", "due_soon": "1", "pending": "1", "not_applicable": "1"} {
			assert.Contains(t, rows, []string{"results", "icpc-within-15-working-days", st, n, "", "", "", "", ""}, st)
		}
		var deadlines [][]string
		for _, row := range rows {
			if row[0] == "coming" || row[0] == "overdue" {
				deadlines = append(deadlines, row)
			}
		}
		assert.Equal(t, [][]string{
			{"coming", "referral-decision-within-1-working-day", "due_soon", "", "2024-04-12", `'=HYPERLINK("x")`, "referral 1", "1", ""},
			{"coming", "icpc-within-15-working-days", "due_soon", "", "2024-04-15", "L-1", "s47 enquiry 1", "1", ""},
			{"coming", "first-core-group-within-10-working-days", "due_soon", "", "2024-04-16", "L-5", "CP plan 1", "1", ""},
			{"coming", "icpc-within-15-working-days", "pending", "", "2024-04-23", "L-4", "s47 enquiry 1", "1", ""},
			{"overdue", "first-core-group-within-10-working-days", "overdue", "", "2024-04-10", "L-2", "CP plan 1", "1", "2"},
			{"overdue", "review-every-6-months", "overdue", "", "2025-04-14", "C-2003", "CP plan 1", "2", "11"},
		}, deadlines)
	})
}

// -within N: the deadlines due within N working days of each report's
// as-of date, on the policy's calendar. As of Fri 12 Apr 2024, 2 working
// days reach Tue 16 Apr (L-4's Tue 23 Apr drops out) and 0 the day itself
// (only line 5's referral decision, due that Friday).
func TestWithin(t *testing.T) {
	coming := func(t *testing.T, within string) []string {
		r := checkcase(t, "-policy", "england", "-summary", "-within", within, "-format", "json", "-batch", caseloadFile)
		require.Equal(t, exitBreached, r.code, r.stderr)
		var got struct {
			Within int `json:"within_working_days"`
			Coming []struct {
				Due, Case, Rule, Instance, Status string
				Occurrence                        int
			} `json:"coming"`
			Overdue []struct {
				Due, Case       string
				WorkingDaysLate int `json:"working_days_late"`
			} `json:"overdue"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
		assert.Equal(t, within, strconv.Itoa(got.Within))
		var out []string
		for _, c := range got.Coming {
			out = append(out, c.Due+" "+c.Case+" "+c.Rule+" "+c.Instance+" "+c.Status)
		}
		require.Len(t, got.Overdue, 2, "every overdue one, whatever -within says")
		assert.Equal(t, "2024-04-10 L-2 2", got.Overdue[0].Due+" "+got.Overdue[0].Case+" "+strconv.Itoa(got.Overdue[0].WorkingDaysLate))
		return out
	}
	assert.Equal(t, []string{
		`2024-04-12 =HYPERLINK("x") referral-decision-within-1-working-day referral 1 due_soon`,
		"2024-04-15 L-1 icpc-within-15-working-days s47 enquiry 1 due_soon",
		"2024-04-16 L-5 first-core-group-within-10-working-days CP plan 1 due_soon",
		"2024-04-23 L-4 icpc-within-15-working-days s47 enquiry 1 pending",
	}, coming(t, "10"))
	assert.Len(t, coming(t, "2"), 3)
	assert.Equal(t, []string{`2024-04-12 =HYPERLINK("x") referral-decision-within-1-working-day referral 1 due_soon`}, coming(t, "0"))
	// 45 working days reach Mon 17 Jun (line 5's assessment), not Tue 25 Jun.
	assert.Len(t, coming(t, "45"), 5)
}

// svgs returns every inline <svg>...</svg> of a page.
func svgs(page string) []string {
	return regexp.MustCompile(`(?s)<svg\b.*?</svg>`).FindAllString(page, -1)
}

// checkSelfContained checks that a page needs nothing else and runs
// nothing: no script, no link to any resource, every SVG well-formed XML
// with a <title>.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	lower := strings.ToLower(page)
	for _, banned := range []string{"<script", "http", "src=", "href=", "<link", "@import", "url(", "javascript:", "onload="} {
		assert.NotContains(t, lower, banned)
	}
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"en\">"))
	assert.Contains(t, page, "<title>")
	for _, svg := range svgs(page) {
		d := xml.NewDecoder(strings.NewReader(svg))
		d.Strict = true
		depth, titles := 0, 0
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, svg)
			switch tok := tok.(type) {
			case xml.StartElement:
				depth++
				if tok.Name.Local == "title" {
					titles++
				}
			case xml.EndElement:
				depth--
			}
		}
		assert.Zero(t, depth, "every element closed")
		assert.Equal(t, 1, titles, "a <title> for the chart")
		assert.Contains(t, svg, `role="img"`)
	}
}

// The summary as one HTML page: a chart of each rule's results and one of
// C4's bands, each bar with its number written beside it; the coming and
// overdue deadlines and the wrong targets as tables.
func TestSummaryHTML(t *testing.T) {
	t.Run("census", func(t *testing.T) {
		r := checkcase(t, "-policy", "england", "-summary", "-format", "html", "-census", "testdata/census-2024.xml")
		assert.Equal(t, exitBreached, r.code, r.stderr)
		golden.Check(t, "testdata/census-2024.summary.golden.html", []byte(r.stdout))
		checkSelfContained(t, r.stdout)
		charts := svgs(r.stdout)
		require.Len(t, charts, 7, "six rules and C4")
		// K1 14 working days, K2 18 (html/template writes + as &#43;): one in 11-15, one in 16-20, of two.
		c4 := charts[6]
		for _, band := range []string{`>0-10 working days</text>`, `>0 (0.0%)</text>`, `>11-15 working days</text>`, `>1 (50.0%)</text>`, `>16-20 working days</text>`, `>21&#43; working days</text>`} {
			assert.Contains(t, c4, band)
		}
		assert.Contains(t, c4, "11-15 working days 1 (50.0%), 16-20 working days 1 (50.0%)", "the chart in words")
		// The census holds no referral decisions: 3 not recorded, and the
		// four bars every rule shows, at 0.
		assert.Contains(t, charts[0], "met 0, late 0, overdue 0, pending 0, not recorded 3")
		assert.Contains(t, r.stdout, "<tr><td>Mon 11 Mar 2024</td><td>K2</td><td>assessment-within-45-working-days</td><td>referral 1</td><td class=\"n\">13</td></tr>")
		assert.Contains(t, r.stdout, "<tr><td>K2</td><td>2024-02-19</td><td>2024-03-08</td><td>2024-03-11</td></tr>")
	})
	t.Run("caseload", func(t *testing.T) {
		r := checkcase(t, "-policy", "england", "-summary", "-format", "html", "-batch", caseloadFile)
		assert.Equal(t, exitBreached, r.code, r.stderr)
		golden.Check(t, "testdata/caseload.summary.golden.html", []byte(r.stdout))
		checkSelfContained(t, r.stdout)
		charts := svgs(r.stdout)
		require.Len(t, charts, 7)
		// L-2 15, C-2003 15, L-5 19 working days.
		assert.Contains(t, charts[6], "0-10 working days 0 (0.0%), 11-15 working days 2 (66.7%), 16-20 working days 1 (33.3%), 21&#43; working days 0 (0.0%)")
		// ICPC: 2 met, 1 late, 0 overdue, 1 due soon, 1 pending, 1 n/a.
		assert.Contains(t, charts[2], "met 2, late 1, overdue 0, due soon 1, pending 1, not applicable 1")
		assert.Contains(t, r.stdout, "<tr><td>Fri 12 Apr 2024</td><td>=HYPERLINK(&#34;x&#34;)</td>", "the case id escaped")
		assert.Contains(t, r.stdout, "<tr><td>Tue 23 Apr 2024</td><td>L-4</td><td>icpc-within-15-working-days</td><td>s47 enquiry 1</td><td>pending</td></tr>")
		assert.Contains(t, r.stdout, "<tr><td>Mon 14 Apr 2025</td><td>C-2003</td><td>review-every-6-months</td><td>CP plan 1</td><td class=\"n\">11</td></tr>")
		assert.Contains(t, r.stdout, "<tr><td>L-5</td><td>2024-03-04</td><td>2024-03-22</td><td>2024-03-25</td></tr>")
	})
}

// Whatever a case id holds, the page runs nothing and moves no text: it
// is text, escaped.
func TestSummaryHTMLEscapes(t *testing.T) {
	in := `{"case": "<script>alert(1)</script><img src=http://x>", "as_of": "2024-04-12", "events": [{"kind": "strategy_discussion", "at": "2024-03-21T10:00:00Z", "s47": true}]}` + "\n" +
		`{"case": "C-\u001b[31m1\u202e", "as_of": "2024-04-12", "events": [{"kind": "strategy_discussion", "at": "2024-03-21T10:00:00Z", "s47": true}]}` + "\n"
	r := runWith(t, in, false, "-policy", "england", "-summary", "-format", "html", "-batch", "-")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=http://x&gt;")
	assert.NotContains(t, r.stdout, "<script")
	assert.NotContains(t, r.stdout, "<img")
	assert.Contains(t, r.stdout, `<td>C-\x1b[31m1\u202e</td>`, "control characters escaped")
	assert.NotContains(t, r.stdout, "\x1b")
	assert.NotContains(t, r.stdout, "\u202e")
	for _, svg := range svgs(r.stdout) {
		assert.NoError(t, xml.Unmarshal([]byte(svg), new(struct{})))
	}
}

// A census's reports as CSV and as a calendar: rows placed by the child's
// number in the file (its first column is "child"), and K2's assessment,
// due Mon 11 Mar 2024 and not done by the ReferenceDate, an OVERDUE event
// on that day.
func TestCensusCSVAndICS(t *testing.T) {
	r := checkcase(t, "-policy", "england", "-format", "csv", "-census", "testdata/census-2024.xml")
	assert.Equal(t, exitBreached, r.code, r.stderr)
	rows := readCSV(t, r.stdout)
	assert.Equal(t, "child", rows[0][0])
	assert.Equal(t, []string{"2", "K2", "assessment-within-45-working-days", "referral 1", "1", "overdue", "2024-01-08", "2024-03-11", "", "13"}, byKey(rows)["2 K2 assessment-within-45-working-days 1"][:10])

	r = checkcase(t, "-policy", "england", "-format", "ics", "-census", "testdata/census-2024.xml")
	assert.Equal(t, exitBreached, r.code, r.stderr)
	cal, err := ics.ParseCalendar(strings.NewReader(r.stdout))
	require.NoError(t, err)
	var summaries []string
	for _, ev := range cal.Events() {
		start, err := ev.GetAllDayStartAt()
		require.NoError(t, err)
		summaries = append(summaries, start.Format("2006-01-02")+" "+ics.FromText(ev.GetProperty(ics.ComponentPropertySummary).Value))
	}
	// K1's next review, due Sat 14 Sep 2024 (6 months after Thu 14 Mar),
	// pending; K2's assessment, overdue.
	assert.Equal(t, []string{
		"2024-09-14 due: Case K1: Further review conferences at intervals of not more than 6 months",
		"2024-03-11 OVERDUE: Case K2: Child and family assessment completed within 45 working days of the referral",
	}, summaries)
}
