package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/golden"
)

// The shipped census: its figures as worked out by hand in the file's
// opening comment, as a reviewed golden file.
func TestCensusSummaryText(t *testing.T) {
	r := checkcase(t, "-policy", "england", "-summary", "-census", "testdata/census-2024.xml")
	assert.Equal(t, exitBreached, r.code, r.stderr)
	golden.Check(t, "testdata/census-2024.summary.golden.txt", []byte(r.stdout))
	assert.Equal(t, "3 children checked as of Sun 31 Mar 2024 (the census's ReferenceDate): 1 child with breaches, 0 children could not be checked\n"+
		"       1  assessment-within-45-working-days\n"+
		"       1  icpc-within-15-working-days\n", r.stderr)
}

func TestCensusSummaryJSON(t *testing.T) {
	r := checkcase(t, "-policy", "england", "-summary", "-format", "json", "-census", "testdata/census-2024.xml")
	require.Equal(t, exitBreached, r.code, r.stderr)
	var got struct {
		Children int                       `json:"children"`
		AsOf     string                    `json:"as_of"`
		Rules    map[string]map[string]int `json:"rules"`
		C4       struct {
			Enquiries int            `json:"enquiries"`
			Bands     map[string]int `json:"bands"`
			P25       *int           `json:"p25"`
			Median    *int           `json:"median"`
			P75       *int           `json:"p75"`
		} `json:"dfe_c4"`
		Mismatches []map[string]string `json:"target_mismatches"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got), r.stdout)
	assert.Equal(t, 3, got.Children)
	assert.Equal(t, "2024-03-31", got.AsOf)
	// K1 met, K2 late, K3 no enquiry.
	icpc := got.Rules["icpc-within-15-working-days"]
	assert.Equal(t, []int{1, 1, 1, 0}, []int{icpc["met"], icpc["late"], icpc["not_applicable"], icpc["not_recorded"]})
	assert.Equal(t, 3, got.Rules["first-core-group-within-10-working-days"]["not_recorded"])
	assert.Zero(t, got.Rules["first-core-group-within-10-working-days"]["overdue"])
	// K1 14 working days, K2 18: nearest rank of 2 gives the 1st, 1st and
	// 2nd.
	assert.Equal(t, 2, got.C4.Enquiries)
	assert.Equal(t, map[string]int{"0-10": 0, "11-15": 1, "16-20": 1, "21+": 0}, got.C4.Bands)
	require.NotNil(t, got.C4.P25)
	assert.Equal(t, []int{14, 14, 18}, []int{*got.C4.P25, *got.C4.Median, *got.C4.P75})
	assert.Equal(t, []map[string]string{{"child": "K2", "s47_start": "2024-02-19", "target": "2024-03-08", "correct": "2024-03-11"}}, got.Mismatches)
}

// -collection-year through the command on the fixture worked by hand for
// the dfe package: the YEAR line of c4-hand.expected.
func TestCensusCollectionYear(t *testing.T) {
	r := checkcase(t, "-policy", "england", "-summary", "-collection-year", "-format", "json", "-census", "../../timescale/dfe/testdata/c4-hand.xml")
	require.NotEqual(t, exitError, r.code, r.stderr)
	var got struct {
		C4 struct {
			From, To  string
			Enquiries int            `json:"enquiries"`
			Bands     map[string]int `json:"bands"`
			P25       int            `json:"p25"`
			Median    int            `json:"median"`
			P75       int            `json:"p75"`
		} `json:"dfe_c4"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
	// YEAR bands 0-10=6 11-15=5 16-20=4 21+=4 p25=10 median=15 p75=20 count=19
	assert.Equal(t, "2022-04-01", got.C4.From)
	assert.Equal(t, "2023-03-31", got.C4.To)
	assert.Equal(t, 19, got.C4.Enquiries)
	assert.Equal(t, map[string]int{"0-10": 6, "11-15": 5, "16-20": 4, "21+": 4}, got.C4.Bands)
	assert.Equal(t, []int{10, 15, 20}, []int{got.C4.P25, got.C4.Median, got.C4.P75})
}

func TestCensusReports(t *testing.T) {
	r := checkcase(t, "-policy", "england", "-census", "testdata/census-2024.xml")
	assert.Equal(t, exitBreached, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 3)
	var rep struct {
		Case    string `json:"case"`
		AsOf    string `json:"as_of"`
		Results []struct {
			Rule        string `json:"rule"`
			Status      string `json:"status"`
			Explanation string `json:"explanation"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &rep))
	assert.Equal(t, "K1", rep.Case)
	assert.Equal(t, "2024-03-31", rep.AsOf, "as of the census's ReferenceDate")
	assert.Equal(t, "Not recorded: the CIN census does not hold referral decision events, so this cannot be judged from it.", rep.Results[0].Explanation)

	// -asof overrides the ReferenceDate: by Fri 31 May 2024 nothing new is
	// breached (K1's next review is due in September).
	r = checkcase(t, "-policy", "england", "-asof", "2024-05-31", "-census", "testdata/census-2024.xml")
	assert.Contains(t, r.stderr, "3 children checked as of Fri 31 May 2024 (-asof): 1 child with breaches")
}

// A census with a child that cannot be read and a cut-off end: each error
// names the file, the line, the child and the element; the good child is
// checked, and each child has its output line (an error says its number);
// the exit status is 2, since the file could not be read to its end.
func TestCensusErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.xml")
	require.NoError(t, os.WriteFile(file, []byte(`<Message>
<Header><CollectionDetails><Year>2023</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header>
<Children>
<Child><ChildIdentifiers><LAchildID>X1</LAchildID></ChildIdentifiers>
<CINdetails><CINreferralDate>2024-13-01</CINreferralDate></CINdetails></Child>
<Child><ChildIdentifiers><LAchildID>X2</LAchildID></ChildIdentifiers>
<CINdetails><CINreferralDate>2024-03-18</CINreferralDate><ReferralNFA>TRUE</ReferralNFA></CINdetails></Child>
<Child><ChildIdentifiers><LAchildID>X3</LAchildID></ChildIdentifiers>
<CINdetails><CINreferralDate>2024-03-18`), 0o644))
	r := checkcase(t, "-policy", "england", "-census", file)
	assert.Equal(t, exitError, r.code)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 3, "a line for each child")
	assert.Equal(t, `{"child":1,"error":"`+file+`:5: child X1: CINreferralDate: cannot read \"2024-13-01\" as a date (the census writes dates YYYY-MM-DD, 2024-03-04)"}`, lines[0])
	assert.Contains(t, lines[1], `{"case":"X2",`, "X2's report")
	assert.Equal(t, `{"child":3,"error":"`+file+`:9: child X3: the file ends inside <CINreferralDate>: it is cut off"}`, lines[2])
	assert.Equal(t, file+":2: warning: ReferenceDate: the header's Year is 2023 but its ReferenceDate is 2024-03-31 (the DfE expects 31 March of the Year)\n"+
		file+`:5: child X1: CINreferralDate: cannot read "2024-13-01" as a date (the census writes dates YYYY-MM-DD, 2024-03-04)`+"\n"+
		file+":9: child X3: the file ends inside <CINreferralDate>: it is cut off\n"+
		"1 child checked as of Sun 31 Mar 2024 (the census's ReferenceDate): 0 children with breaches, 2 children could not be checked\n", r.stderr)

	// Its calendar is left without END:VCALENDAR, so that a calendar
	// refuses it rather than taking X2's deadlines for all of them; a
	// whole file's calendar has its end.
	r = checkcase(t, "-policy", "england", "-format", "ics", "-census", file)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stdout, "BEGIN:VCALENDAR\r\n")
	assert.NotContains(t, r.stdout, "END:VCALENDAR")
	r = checkcase(t, "-policy", "england", "-format", "ics", "-census", "testdata/census-2024.xml")
	assert.True(t, strings.HasSuffix(r.stdout, "END:VCALENDAR\r\n"), r.stderr)

	r = checkcase(t, "-policy", "england", "-census", filepath.Join(t.TempDir(), "none.xml"))
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "none.xml: no such file")
}

func TestCensusFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"-batch", "x.jsonl", "-census", "x.xml"}, "give one of -batch, -census and -ssd"},
		{[]string{"-summary", "case.yaml"}, "-summary and -collection-year go with -batch, -census or -ssd"},
		{[]string{"-collection-year", "-census", "x.xml"}, "-collection-year goes with -summary"},
		{[]string{"-summary", "-collection-year", "-batch", "x.jsonl"}, "-collection-year with -batch or -ssd needs -asof, the last day of the collection year (2024-03-31)"},
		{[]string{"-within", "5", "-census", "x.xml"}, "-within goes with -summary"},
		{[]string{"-within", "5", "case.yaml"}, "-within goes with -summary"},
		{[]string{"-within", "-1", "-summary", "-census", "x.xml"}, "-within -1: want 0 to 2600 working days"},
		{[]string{"-within", "2601", "-summary", "-census", "x.xml"}, "-within 2601: want 0 to 2600 working days"},
		{[]string{"-format", "text", "-census", "x.xml"}, "-format text: a caseload's reports are written as csv, ics, json"},
		{[]string{"-format", "ics", "-summary", "-census", "x.xml"}, "-format ics: -summary writes csv, html, json, text"},
		{[]string{"-explain", "-census", "x.xml"}, "-explain goes with the text of one case"},
		{[]string{"-census", "x.xml", "case.yaml"}, "give no case file as well"},
	} {
		r := checkcase(t, append([]string{"-policy", "england"}, tc.args...)...)
		assert.Equal(t, exitError, r.code, tc.args)
		assert.Contains(t, r.stderr, tc.err, tc.args)
	}
}

// -ssd checks each child of an export: P1 and P2 of the ssd package's full
// fixture, whose verdicts that package's tests work out by hand (as of Mon
// 2 Dec 2024, one breach: P1's second referral has no assessment).
func TestSSD(t *testing.T) {
	dir := "../../timescale/ssd/testdata/full"
	r := checkcase(t, "-policy", "england", "-asof", "2024-12-02", "-ssd", dir)
	assert.Equal(t, exitBreached, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 2)
	var rep struct {
		Case     string `json:"case"`
		Breaches int    `json:"breaches"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &rep))
	assert.Equal(t, "P1", rep.Case)
	assert.Equal(t, 1, rep.Breaches)
	// England has no CP visit rule: P1's three visits are said, each with
	// its line of the export, and counted.
	assert.Contains(t, r.stderr, dir+`: child 1: warning: event kind "cp_visit" (line 2) is not one this policy reads; it was not counted`+"\n")
	assert.Contains(t, r.stderr, "2 children checked as of Mon 2 Dec 2024 (-asof): 1 child with breaches, 0 children could not be checked, 1 child with warnings\n"+
		"       1  assessment-within-45-working-days\n")

	r = checkcase(t, "-policy", "england", "-ssd", t.TempDir())
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "ssd_person.csv")
}

// The progress bar's total: every <Child> counted, also one split across
// the reads of 64 KiB.
func TestCountChildren(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.xml")
	// After 33 bytes, each child 100 bytes: the 656th starts at byte
	// 65,533, so its tag spans the end of the first read, at 65,536.
	prefix := "<Message>" + strings.Repeat(" ", 24)
	child := "<Child>" + strings.Repeat(" ", 100-len("<Child></Child>")) + "</Child>"
	require.NoError(t, os.WriteFile(file, []byte(prefix+strings.Repeat(child, 3000)), 0o644))
	assert.Equal(t, int64(3000), countChildren(file))
	assert.Equal(t, int64(-1), countChildren(filepath.Join(t.TempDir(), "none.xml")))
}
