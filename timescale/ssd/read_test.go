package ssd

// This file: tests of reading the fixtures in testdata, and of exports made
// up in memory for the odd cases (bad quoting, ragged rows, empty files).

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/timescale"
)

// describe writes an event as the tests expect it: "kind date time zone
// [date] {attr: value, ...} line N", attributes sorted, dates of
// attributes as YYYY-MM-DD.
func describe(e timescale.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", e.Kind, e.At.Format("2006-01-02 15:04 MST"))
	if e.DateOnly {
		b.WriteString(" date")
	}
	keys := make([]string, 0, len(e.Attributes))
	for k := range e.Attributes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v := e.Attributes[k]
		if t, ok := v.(time.Time); ok {
			v = t.Format("2006-01-02 15:04 MST")
		}
		parts[i] = fmt.Sprintf("%s: %v", k, v)
	}
	fmt.Fprintf(&b, " {%s} line %d", strings.Join(parts, ", "), e.Line)
	return b.String()
}

func describeAll(es []timescale.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = describe(e)
	}
	return out
}

func children(t *testing.T, r *Reader) []Child {
	t.Helper()
	var out []Child
	for c := range r.Children() {
		out = append(out, c)
	}
	return out
}

func messages(ps []*Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Error()
	}
	return out
}

// The full fixture: child P1 with two referrals, two enquiries, an initial
// conference and a transfer-in one, and two plans with their reviews and
// visits (joined through the plan id); child P2 unborn, with one referral
// closed with no further action. Every value below was worked out from
// the CSV files by hand.
func TestFull(t *testing.T) {
	r, err := Open("testdata/full")
	require.NoError(t, err)
	assert.Empty(t, messages(r.Warnings()))
	kids := children(t, r)
	require.Len(t, kids, 2)

	p1 := kids[0]
	require.NoError(t, p1.Err)
	assert.Empty(t, messages(p1.Warnings))
	assert.Equal(t, "P1", p1.ID)
	assert.Equal(t, 2, p1.Line)
	c := p1.Case
	assert.Equal(t, "P1", c.ID)
	assert.Equal(t, "the Standard Safeguarding Dataset", c.Source)
	assert.Equal(t, []string{"referral", "assessment_completed", "s47_started", "icpc", "cp_plan_start", "cp_plan_end", "rcpc", "cp_visit"}, c.SourceKinds)
	assert.True(t, c.AsOf.IsZero(), "the SSD has no reference date")
	assert.Equal(t, "2015-06-14 00:00 BST", c.Child.DateOfBirth.Format("2006-01-02 15:04 MST"))
	assert.Equal(t, map[string]any{"sex": "F"}, c.Child.Attributes)
	assert.Empty(t, c.Facts)
	assert.Equal(t, []string{
		// R1: 09:00:00.000 keeps its time; GMT in January.
		"referral 2024-01-08 09:00 GMT {nfa: false} line 2",
		// S1: "2024-01-10 00:00:00" is midnight, so a date. Its outcome
		// says CP_CONFERENCE_FLAG Y; I1 names it, with target and date 31 Jan.
		"s47_started 2024-01-10 00:00 GMT date {icpc_date: 2024-01-31 00:00 GMT, icpc_required: true, icpc_target: 2024-01-31 00:00 GMT} line 2",
		// CP1 starts 31 Jan (a date: midnight, before the 10:00 ICPC).
		"cp_plan_start 2024-01-31 00:00 GMT date {} line 2",
		// I1: transfer in 0, outcome CP flag 1.
		"icpc 2024-01-31 10:00 GMT {plan: true, transfer_in: false} line 2",
		// V1 and V2, CP1's visits through cppv_cp_plan_id: seen alone No, YES.
		"cp_visit 2024-02-01 16:00 GMT {seen_alone: false} line 2",
		"cp_visit 2024-02-14 15:30 GMT {seen_alone: true} line 3",
		// A1 authorised; A2 not yet, so no event.
		"assessment_completed 2024-02-20 14:15 GMT {} line 2",
		// CP1 ends 30 Apr, the day of RV1 at 10:00 (BST).
		"cp_plan_end 2024-04-30 00:00 BST date {} line 2",
		"rcpc 2024-04-30 10:00 BST {} line 2",
		// R2: "2024-09-02T09:30", nfa "no".
		"referral 2024-09-02 09:30 BST {nfa: false} line 3",
		// S2: midnight with a fraction, a date; its outcome, over lines 3
		// and 4, says CP_CONFERENCE_FLAG N. No conference names it.
		"s47_started 2024-09-05 00:00 BST date {icpc_required: false} line 3",
		// CP2 from 4 Nov, open (end NULL); I2 a transfer-in (TRUE) that
		// made a plan (y), naming no enquiry. RV2 is only due: no event.
		"cp_plan_start 2024-11-04 00:00 GMT date {} line 3",
		"icpc 2024-11-04 10:00 GMT {plan: true, transfer_in: true} line 3",
		// V3, CP2's, seen alone not recorded.
		"cp_visit 2024-11-06 09:00 GMT {} line 4",
	}, describeAll(c.Events))
	for _, e := range c.Events {
		assert.NotNil(t, e.Attributes, "every event has an attributes map")
	}

	p2 := kids[1]
	require.NoError(t, p2.Err)
	assert.Equal(t, "P2", p2.ID)
	assert.Equal(t, 3, p2.Line)
	assert.True(t, p2.Case.Child.DateOfBirth.IsZero(), "pers_dob NULL: unborn")
	require.Contains(t, p2.Case.Child.Attributes, "expected_birth_date")
	assert.Equal(t, "2025-01-20 00:00 GMT", p2.Case.Child.Attributes["expected_birth_date"].(time.Time).Format("2006-01-02 15:04 MST"))
	assert.Equal(t, "U", p2.Case.Child.Attributes["sex"])
	assert.NotContains(t, p2.Case.Child.Attributes, "death_date", "pers_death_date NULL")
	assert.Equal(t, []string{"referral 2024-10-01 00:00 BST date {nfa: true} line 4"}, describeAll(p2.Case.Events))
}

// Every spelling of yes and no, in cppv_cp_visit_seen_alone.
func TestBools(t *testing.T) {
	r, err := Open("testdata/bools")
	require.NoError(t, err)
	kids := children(t, r)
	require.Len(t, kids, 1)
	require.NoError(t, kids[0].Err)
	var got []any
	for _, e := range kids[0].Case.EventsOf("cp_visit") {
		got = append(got, e.Attributes["seen_alone"])
	}
	// Y N y n Yes No YES no true false TRUE False 1 0
	assert.Equal(t, []any{true, false, true, false, true, false, true, false, true, false, true, false, true, false}, got)
}

// A malformed date makes its child's Err name the file, line, child and
// column; the other children are read.
func TestBadDate(t *testing.T) {
	r, err := Open("testdata/bad-date")
	require.NoError(t, err)
	kids := children(t, r)
	require.Len(t, kids, 3)

	require.NoError(t, kids[0].Err)
	assert.Equal(t, []string{
		"referral 2024-01-08 00:00 GMT date {nfa: false} line 2",
		"referral 2024-03-04 10:00 GMT {nfa: false} line 5",
	}, describeAll(kids[0].Case.Events))

	assert.Nil(t, kids[1].Case)
	assert.Equal(t, "P2", kids[1].ID)
	var list ErrorList
	require.True(t, errors.As(kids[1].Err, &list))
	require.Len(t, list, 1)
	assert.Equal(t, &Problem{File: "testdata/bad-date/ssd_cin_episodes.csv", Line: 3, Child: "P2", Column: "cine_referral_date",
		Msg: `cannot read "31/01/2024" as a date or a date and time; write a date, 2024-03-04, or a date and time, 2024-03-04 10:30 or 2024-03-04T10:30:00`}, list[0])
	assert.Equal(t, `testdata/bad-date/ssd_cin_episodes.csv:3: child P2: cine_referral_date: cannot read "31/01/2024" as a date or a date and time; write a date, 2024-03-04, or a date and time, 2024-03-04 10:30 or 2024-03-04T10:30:00`, kids[1].Err.Error())

	// Both problems of P3's row, in column order.
	assert.Equal(t, []string{
		`testdata/bad-date/ssd_cin_episodes.csv:4: child P3: cine_referral_date: cannot read "2024-02-30" as a date or time (February 2024 has 29 days); write a date, 2024-03-04, or a date and time, 2024-03-04 10:30 or 2024-03-04T10:30:00`,
		`testdata/bad-date/ssd_cin_episodes.csv:4: child P3: cine_referral_nfa: cannot read "maybe" as yes or no; write Y or N, Yes or No, true or false, or 1 or 0`,
	}, strings.Split(kids[2].Err.Error(), "\n"))
	var p *Problem
	require.True(t, errors.As(kids[2].Err, &p))
	assert.Equal(t, "cine_referral_date", p.Column)
}

// Rows naming no child of ssd_person are warnings, and not counted;
// reviews and visits join through their plan, or their own person id.
func TestUnknownPerson(t *testing.T) {
	r, err := Open("testdata/unknown-person")
	require.NoError(t, err)
	dir := "testdata/unknown-person/"
	assert.Equal(t, []string{
		dir + "ssd_cin_episodes.csv:3: child P9: cine_person_id: no child P9 in ssd_person: not counted",
		dir + "ssd_cin_episodes.csv:4: cine_person_id: empty: the row is no child's; not counted",
		dir + "ssd_cin_assessments.csv: no such file: no assessment_completed events are read, and rules met only by them are reported not recorded",
		dir + "ssd_s47_enquiry.csv: no such file: no s47_started events are read, and rules met only by them are reported not recorded",
		dir + "ssd_initial_cp_conference.csv: no such file: no icpc events are read, and rules met only by them are reported not recorded",
		dir + "ssd_cp_plans.csv:3: child P9: cppl_person_id: no child P9 in ssd_person: not counted",
		dir + "ssd_cp_reviews.csv:3: child P9: cppr_cp_plan_id: no child P9 (the child of plan CP9) in ssd_person: not counted",
		dir + "ssd_cp_reviews.csv:4: cppr_cp_plan_id: plan CPX is not in ssd_cp_plans, and the row has no cppr_person_id: the row is no child's; not counted",
		dir + "ssd_cp_visits.csv:4: child P1: cppv_person_id: the row names child P2, and its plan CP1 is child P1's: it is joined through the plan",
	}, messages(r.Warnings()))
	kids := children(t, r)
	require.Len(t, kids, 1)
	require.NoError(t, kids[0].Err)
	c := kids[0].Case
	assert.Equal(t, []string{"referral", "cp_plan_start", "cp_plan_end", "rcpc", "cp_visit"}, c.SourceKinds)
	assert.Equal(t, []string{
		"referral 2024-01-08 00:00 GMT date {} line 2",
		"cp_plan_start 2024-02-01 00:00 GMT date {} line 2",
		"cp_visit 2024-02-05 00:00 GMT date {seen_alone: true} line 2",  // through CP1
		"cp_visit 2024-02-06 00:00 GMT date {seen_alone: false} line 3", // no plan id: its cppv_person_id
		"cp_visit 2024-02-07 00:00 GMT date {seen_alone: false} line 4", // CP1's, whatever its person id says
		"rcpc 2024-05-01 00:00 BST date {} line 2",
	}, describeAll(c.Events))
}

// Only ssd_person is required: the cases claim only the kinds of the
// tables there.
func TestMissingTables(t *testing.T) {
	r, err := Open("testdata/missing-tables")
	require.NoError(t, err)
	dir := "testdata/missing-tables/"
	assert.Equal(t, []string{
		dir + "ssd_cin_assessments.csv: no such file: no assessment_completed events are read, and rules met only by them are reported not recorded",
		dir + "ssd_s47_enquiry.csv: no such file: no s47_started events are read, and rules met only by them are reported not recorded",
		dir + "ssd_initial_cp_conference.csv: no such file: no icpc events are read, and rules met only by them are reported not recorded",
		dir + "ssd_cp_plans.csv: no such file: no cp_plan_start or cp_plan_end events are read, and rules met only by them are reported not recorded",
		dir + "ssd_cp_reviews.csv: no such file: no rcpc events are read, and rules met only by them are reported not recorded",
		dir + "ssd_cp_visits.csv: no such file: no cp_visit events are read, and rules met only by them are reported not recorded",
	}, messages(r.Warnings()))
	kids := children(t, r)
	require.Len(t, kids, 1)
	require.NoError(t, kids[0].Err)
	assert.Equal(t, []string{"referral"}, kids[0].Case.SourceKinds)
	assert.Equal(t, []string{"referral 2024-01-08 00:00 GMT date {nfa: false} line 2"}, describeAll(kids[0].Case.Events))
}

func TestMissingPerson(t *testing.T) {
	_, err := Open("testdata/no-person")
	require.Error(t, err)
	assert.Equal(t, "testdata/no-person/ssd_person.csv: no such file: an SSD export needs its ssd_person table, one row for each child", err.Error())

	_, err = Open("testdata/no-such-directory")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no-such-directory")

	_, err = Open("testdata/full/ssd_person.csv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not a directory")
}

// A byte order mark before a quoted header, CRLF line ends, and a quoted
// cell over two lines.
func TestBOMAndCRLF(t *testing.T) {
	r, err := Open("testdata/bom-crlf")
	require.NoError(t, err)
	kids := children(t, r)
	require.Len(t, kids, 2)
	require.NoError(t, kids[0].Err)
	require.NoError(t, kids[1].Err)
	assert.Equal(t, "P1", kids[0].ID)
	assert.Equal(t, "2016-03-01", kids[0].Case.Child.DateOfBirth.Format(time.DateOnly))
	assert.Equal(t, "P2", kids[1].ID)
	assert.Equal(t, 3, kids[1].Line)
	assert.Equal(t, []string{"referral 2024-01-08 09:00 GMT {} line 2"}, describeAll(kids[0].Case.Events))
	// The row before spans lines 2 and 3.
	assert.Equal(t, []string{"referral 2024-02-01 00:00 GMT date {} line 4"}, describeAll(kids[1].Case.Events))
}

// export makes an export in memory, from file names (without .csv) and
// contents; a person table with P1 and P2 is added when not given.
func export(files ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(files); i += 2 {
		fsys[files[i]+".csv"] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	if _, ok := fsys["ssd_person.csv"]; !ok {
		fsys["ssd_person.csv"] = &fstest.MapFile{Data: []byte("pers_person_id\nP1\nP2\n")}
	}
	return fsys
}

func openExport(t *testing.T, files ...string) (*Reader, []Child) {
	t.Helper()
	r, err := open(export(files...), "x")
	require.NoError(t, err)
	return r, children(t, r)
}

func TestPersonTable(t *testing.T) {
	for name, tc := range map[string]struct{ data, err string }{
		"empty": {"", "x/ssd_person.csv: the file is empty: it has no header row naming its columns; an SSD export needs its ssd_person table, one row for each child"},
		"no id": {"pers_dob\n2016-03-01\n", "x/ssd_person.csv:1: pers_person_id: no such column: ssd_person needs the child's id, pers_person_id"},
		// Unclosed: encoding/csv gives up at the end of line 1.
		"bad quote": {"\"pers_person_id\n", `x/ssd_person.csv:1: cannot read the header row: extraneous or missing " in quoted-field (line 1, position 17); a cell holding a quote, a comma or a line break must be quoted, with its quotes doubled ("say ""no"""); an SSD export needs its ssd_person table, one row for each child`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := open(export("ssd_person", tc.data), "x")
			require.Error(t, err)
			assert.Equal(t, tc.err, err.Error())
		})
	}

	// Header only: no children. The name's case does not matter, nor the
	// column's.
	r, err := open(fstest.MapFS{"SSD_Person.CSV": {Data: []byte(" PERS_PERSON_ID \n")}}, "x")
	require.NoError(t, err)
	assert.Empty(t, children(t, r))

	// A repeated id, an empty one, a row of empty cells (skipped).
	_, kids := openExport(t, "ssd_person", "pers_person_id,pers_dob\nP1,2016-03-01\n,\n,2017-01-01\nP1,2016-03-01\n",
		"ssd_cin_episodes", "cine_person_id,cine_referral_date\nP1,2024-01-08\n")
	require.Len(t, kids, 3)
	require.NoError(t, kids[0].Err)
	assert.Len(t, kids[0].Case.Events, 1, "the referral joins the first row of P1")
	assert.Equal(t, "x/ssd_person.csv:4: pers_person_id: empty: every child needs an id, to join the other tables' rows to", kids[1].Err.Error())
	assert.Equal(t, 4, kids[1].Line)
	assert.Equal(t, "x/ssd_person.csv:5: child P1: pers_person_id: child P1 is also on line 2: the other tables' rows for P1 are joined to that row", kids[2].Err.Error())
}

// Rows with more or fewer cells than the header, and bad quoting, make
// their child's Err when the child can be told, and are warnings when not;
// the rows after them are read.
func TestRaggedAndBadQuoting(t *testing.T) {
	r, kids := openExport(t, "ssd_cin_episodes", "cine_person_id,cine_referral_date,cine_referral_nfa\n"+
		"P1,2024-01-08\n"+ // line 2: short
		"P1,2024-01-09,N,,\n"+ // line 3: extra empty cells are fine
		"P2,2024-01-10,N,oops\n"+ // line 4: long
		"P2,2024-01-11,N\"\n"+ // line 5: a bare quote
		"\"P\"9,2024-01-12,N\n"+ // line 6: a quote inside the id: the id cannot be read
		"P1,2024-01-13,Y\n") // line 7
	assert.Equal(t, []string{
		`x/ssd_cin_episodes.csv:6: cannot read the row: extraneous or missing " in quoted-field (line 6, position 3); a cell holding a quote, a comma or a line break must be quoted, with its quotes doubled ("say ""no"""); not counted`,
		"x/ssd_cin_assessments.csv: no such file: no assessment_completed events are read, and rules met only by them are reported not recorded",
	}, messages(r.Warnings())[:2])
	require.Len(t, kids, 2)
	assert.Equal(t, []string{
		"x/ssd_cin_episodes.csv:2: child P1: the row has 2 cells and the header 3: its cells may not be under their columns",
	}, strings.Split(kids[0].Err.Error(), "\n"))
	assert.Equal(t, []string{
		"x/ssd_cin_episodes.csv:4: child P2: the row has 4 cells and the header 3 (is a cell with a comma not quoted?): its cells may not be under their columns",
		`x/ssd_cin_episodes.csv:5: child P2: cannot read the row: bare " in non-quoted-field (line 5, position 16); a cell holding a quote, a comma or a line break must be quoted, with its quotes doubled ("say ""no""")`,
	}, strings.Split(kids[1].Err.Error(), "\n"))

	// An unclosed quote takes the rest of the file: one bad row, reported
	// where encoding/csv gave up, the end of the file (line 3, position
	// 15: past "P2,2024-01-09" and its line break).
	_, kids = openExport(t, "ssd_cin_episodes", "cine_person_id,cine_referral_date\nP1,\"2024-01-08\nP2,2024-01-09\n")
	require.Len(t, kids, 2)
	assert.Equal(t, `x/ssd_cin_episodes.csv:2: child P1: cannot read the row: extraneous or missing " in quoted-field (line 3, position 15); a cell holding a quote, a comma or a line break must be quoted, with its quotes doubled ("say ""no""") (the row begins on line 2)`, kids[0].Err.Error())
	require.NoError(t, kids[1].Err)
	assert.Empty(t, kids[1].Case.Events)
}

// A cell over several lines: a problem in it names the line it begins on.
func TestMultiLineCell(t *testing.T) {
	_, kids := openExport(t, "ssd_cin_episodes", "cine_person_id,note,cine_referral_date\nP1,\"one\ntwo\",\"2024-13-01\"\n")
	require.Len(t, kids, 2)
	assert.Equal(t, `x/ssd_cin_episodes.csv:3: child P1: cine_referral_date: cannot read "2024-13-01" as a date or time (there is no month 13); write a date, 2024-03-04, or a date and time, 2024-03-04 10:30 or 2024-03-04T10:30:00`, kids[0].Err.Error())
}

func TestTablesWarnings(t *testing.T) {
	r, kids := openExport(t,
		"ssd_cin_episodes", "",
		"ssd_cin_assessments", "cina_person_id\nP1\n",
		"ssd_s47_enquiry", "s47e_s47_start_date,s47e_person_id,s47e_person_id\n2024-01-01,P1,P2\n",
		"ssd_initial_cp_conference", "icpc_icpc_date\n2024-01-01\n",
		"ssd_cp_reviews", "cppr_cp_plan_id,cppr_cp_review_date\nCP1,2024-01-01\n",
		"ssd_cp_visits", "cppv_cp_visit_date\n2024-01-01\n",
	)
	assert.Equal(t, []string{
		"x/ssd_cin_episodes.csv: the file is empty: it has no header row naming its columns: no referral events are read, and rules met only by them are reported not recorded",
		"x/ssd_cin_assessments.csv:1: cina_assessment_auth_date: no such column: no assessment_completed events are read, and rules met only by them are reported not recorded",
		"x/ssd_s47_enquiry.csv:1: s47e_person_id: the header names the column twice (cells 2 and 3): the first is read",
		"x/ssd_initial_cp_conference.csv:1: icpc_person_id: no such column: its rows cannot be joined to children, so no icpc events are read, and rules met only by them are reported not recorded",
		"x/ssd_cp_plans.csv: no such file: no cp_plan_start or cp_plan_end events are read, and rules met only by them are reported not recorded",
		"x/ssd_cp_reviews.csv:1: cppr_cp_plan_id: its rows cannot be joined to children (ssd_cp_plans cannot be read, or has no cppl_cp_plan_id, and it has no cppr_person_id): no rcpc events are read, and rules met only by them are reported not recorded",
		"x/ssd_cp_visits.csv:1: cppv_cp_plan_id: its rows cannot be joined to children (the table has no cppv_cp_plan_id, and it has no cppv_person_id): no cp_visit events are read, and rules met only by them are reported not recorded",
	}, messages(r.Warnings()))
	require.Len(t, kids, 2)
	assert.Equal(t, []string{"s47_started"}, kids[0].Case.SourceKinds)
	assert.Equal(t, []string{"s47_started 2024-01-01 00:00 GMT date {} line 2"}, describeAll(kids[0].Case.Events))
	assert.Empty(t, kids[1].Case.Events)
}

// Warnings about rows not counted stop at maxRowWarnings a table, then one
// counts the rest.
func TestRowWarningsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("cine_person_id,cine_referral_date\n")
	for i := range maxRowWarnings + 7 {
		fmt.Fprintf(&b, "Q%d,2024-01-01\n", i)
	}
	r, _ := openExport(t, "ssd_cin_episodes", b.String())
	var episodes []string
	for _, p := range r.Warnings() {
		if strings.HasSuffix(p.File, "ssd_cin_episodes.csv") {
			episodes = append(episodes, p.Error())
		}
	}
	require.Len(t, episodes, maxRowWarnings+1)
	assert.Equal(t, "x/ssd_cin_episodes.csv:2: child Q0: cine_person_id: no child Q0 in ssd_person: not counted", episodes[0])
	assert.Equal(t, "x/ssd_cin_episodes.csv: and 7 more rows not counted, as above", episodes[maxRowWarnings])
}

// An enquiry's outcome: CP_CONFERENCE_FLAG in any spelling, or no further
// action; the conference that names it gives its icpc_target and icpc_date.
func TestEnquiryOutcome(t *testing.T) {
	_, kids := openExport(t,
		"ssd_s47_enquiry", "s47e_s47_enquiry_id,s47e_person_id,s47e_s47_start_date,s47e_s47_nfa,s47e_s47_outcome_json\n"+
			"S1,P1,2024-01-01,,\"{\"\"CP_CONFERENCE_FLAG\"\": true}\"\n"+ // JSON true
			"S2,P1,2024-01-02,Y,\"{\"\"cp_conference_flag\"\": \"\"\"\"}\"\n"+ // empty flag, in any case: the NFA says
			"S3,P1,2024-01-03,N,\"{\"\"NFA_FLAG\"\": \"\"Y\"\"}\"\n"+ // no flag, not NFA: nothing
			"S4,P1,2024-01-04,Y,\"{\"\"CP_CONFERENCE_FLAG\"\": \"\"Y\"\"}\"\n"+ // both: the flag, and a warning
			"S5,P1,2024-01-05,,{}\n"+
			"S6,P2,2024-01-06,,not json\n"+
			"S7,P2,2024-01-07,,\"{\"\"CP_CONFERENCE_FLAG\"\": [1]}\"\n",
		"ssd_initial_cp_conference", "icpc_s47_enquiry_id,icpc_person_id,icpc_icpc_date,icpc_icpc_target_date\n"+
			"S1,P1,2024-01-22 11:00,2024-01-22\n"+
			"S4,P1,,2024-01-25\n"+ // booked, not held
			"S4,P1,2024-01-26,2024-01-25\n"+ // held: this one's
			"S8,P1,2024-01-27,\n")
	require.Len(t, kids, 2)
	require.NoError(t, kids[0].Err)
	assert.Equal(t, []string{
		"s47_started 2024-01-01 00:00 GMT date {icpc_date: 2024-01-22 00:00 GMT, icpc_required: true, icpc_target: 2024-01-22 00:00 GMT} line 2",
		"s47_started 2024-01-02 00:00 GMT date {icpc_required: false} line 3",
		"s47_started 2024-01-03 00:00 GMT date {} line 4",
		"s47_started 2024-01-04 00:00 GMT date {icpc_date: 2024-01-26 00:00 GMT, icpc_required: true, icpc_target: 2024-01-25 00:00 GMT} line 5",
		"s47_started 2024-01-05 00:00 GMT date {} line 6",
		"icpc 2024-01-22 11:00 GMT {} line 2",
		"icpc 2024-01-26 00:00 GMT date {} line 4",
		"icpc 2024-01-27 00:00 GMT date {} line 5",
	}, describeAll(kids[0].Case.Events))
	assert.Equal(t, []string{
		"x/ssd_s47_enquiry.csv:5: child P1: s47e_s47_nfa: the enquiry's outcome says a conference (CP_CONFERENCE_FLAG) and no further action: icpc_required is true, from the outcome",
		"x/ssd_s47_enquiry.csv:5: child P1: s47e_s47_enquiry_id: enquiry S4 has 2 initial conferences in ssd_initial_cp_conference (lines 3, 4): icpc_date and icpc_target are the one on line 4's",
		"x/ssd_initial_cp_conference.csv:5: child P1: icpc_s47_enquiry_id: enquiry S8 is not one of this child's in ssd_s47_enquiry: the conference is counted, but gives no enquiry its icpc_date",
	}, messages(kids[0].Warnings))
	assert.Equal(t, []string{
		`x/ssd_s47_enquiry.csv:7: child P2: s47e_s47_outcome_json: cannot read the outcome as a JSON object ({"CP_CONFERENCE_FLAG": "Y", ...}): invalid character 'o' in literal null (expecting 'u')`,
		`x/ssd_s47_enquiry.csv:8: child P2: s47e_s47_outcome_json: CP_CONFERENCE_FLAG: cannot read a list as yes or no; write "Y" or "N"`,
	}, strings.Split(kids[1].Err.Error(), "\n"))
}

// Rows with no date where one is expected are warnings; an assessment not
// authorised, a conference not held, a plan not ended and a review only
// due are not.
func TestUndated(t *testing.T) {
	_, kids := openExport(t,
		"ssd_cin_episodes", "cine_person_id,cine_referral_date\nP1,\n",
		"ssd_cin_assessments", "cina_person_id,cina_assessment_auth_date\nP1,\n",
		"ssd_s47_enquiry", "s47e_person_id,s47e_s47_start_date\nP1,NULL\n",
		"ssd_initial_cp_conference", "icpc_person_id,icpc_icpc_date\nP1,\n",
		"ssd_cp_plans", "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date\nCP1,P1,,\n",
		"ssd_cp_reviews", "cppr_cp_plan_id,cppr_cp_review_due,cppr_cp_review_date\nCP1,2024-05-01,\n",
		"ssd_cp_visits", "cppv_cp_plan_id,cppv_cp_visit_date\nCP1,\n")
	require.NoError(t, kids[0].Err)
	assert.Empty(t, kids[0].Case.Events)
	assert.Equal(t, []string{
		"x/ssd_cin_episodes.csv:2: child P1: cine_referral_date: empty: the row is not counted as a referral event",
		"x/ssd_s47_enquiry.csv:2: child P1: s47e_s47_start_date: empty: the row is not counted as a s47_started event",
		"x/ssd_cp_plans.csv:2: child P1: cppl_cp_plan_start_date: empty: the row is not counted as a cp_plan_start event",
		"x/ssd_cp_visits.csv:2: child P1: cppv_cp_visit_date: empty: the row is not counted as a cp_visit event",
	}, messages(kids[0].Warnings))
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in       string
		want     string
		dateOnly bool
	}{
		{"2024-03-04", "2024-03-04 00:00:00 GMT", true},
		{"2024-03-04 00:00", "2024-03-04 00:00:00 GMT", true},
		{"2024-03-04T00:00:00.000", "2024-03-04 00:00:00 GMT", true},
		{"2024-07-04 00:00:00", "2024-07-04 00:00:00 BST", true},
		{"2024-07-04 00:00:00.001", "2024-07-04 00:00:00 BST", false},
		{"2024-07-04 09:05", "2024-07-04 09:05:00 BST", false},
		{"2024-07-04T09:05:30", "2024-07-04 09:05:30 BST", false},
		{"2024-07-03T23:00:00Z", "2024-07-04 00:00:00 BST", true}, // midnight in London
	} {
		got, dateOnly, err := parseTime(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got.Format("2006-01-02 15:04:05 MST"), tc.in)
		assert.Equal(t, tc.dateOnly, dateOnly, tc.in)
	}
	for _, in := range []string{"04/03/2024", "2024-3-4", "2024-03-04 25:00", "2024-03-31 01:30", "20240304", "2024-03-04 10"} {
		_, _, err := parseTime(in)
		assert.Error(t, err, in)
	}
}

func TestParseBool(t *testing.T) {
	for _, s := range []string{"Y", "y", "Yes", "YES", "yes", "true", "TRUE", "True", "1"} {
		v, err := parseBool(s)
		require.NoError(t, err, s)
		assert.True(t, v, s)
	}
	for _, s := range []string{"N", "n", "No", "NO", "no", "false", "FALSE", "False", "0"} {
		v, err := parseBool(s)
		require.NoError(t, err, s)
		assert.False(t, v, s)
	}
	for _, s := range []string{"maybe", "2", "T", "F", "yess", "-1"} {
		_, err := parseBool(s)
		assert.Error(t, err, s)
	}
}

// Children may be ranged over again, and stopped early.
func TestChildrenSequence(t *testing.T) {
	r, err := Open("testdata/full")
	require.NoError(t, err)
	n := 0
	for range r.Children() {
		n++
		break
	}
	assert.Equal(t, 1, n)
	a, b := children(t, r), children(t, r)
	require.Len(t, b, 2)
	assert.Equal(t, describeAll(a[0].Case.Events), describeAll(b[0].Case.Events))
	// Cases do not share their SourceKinds.
	a[0].Case.SourceKinds[0] = "changed"
	assert.True(t, slices.Contains(b[0].Case.SourceKinds, "referral"))
}

func TestSpecsFitARow(t *testing.T) {
	for _, s := range specs {
		assert.LessOrEqual(t, len(s.columns), maxColumns, s.name)
	}
}

// A child's problems come in table order, then row order, though the
// conferences are read before the enquiries they match.
func TestErrorOrder(t *testing.T) {
	_, kids := openExport(t,
		"ssd_s47_enquiry", "s47e_s47_enquiry_id,s47e_person_id,s47e_s47_start_date\nS1,P1,2024-01-0x\n",
		"ssd_initial_cp_conference", "icpc_s47_enquiry_id,icpc_person_id,icpc_icpc_date,icpc_icpc_transfer_in\nS1,P1,2024-01-20,perhaps\n",
		"ssd_cp_plans", "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date\nCP1,P1,2024-01-20 25:00\n")
	var list ErrorList
	require.True(t, errors.As(kids[0].Err, &list))
	var got []string
	for _, p := range list {
		got = append(got, fmt.Sprintf("%s:%d %s", p.File, p.Line, p.Column))
	}
	assert.Equal(t, []string{
		"x/ssd_s47_enquiry.csv:2 s47e_s47_start_date",
		"x/ssd_initial_cp_conference.csv:2 icpc_icpc_transfer_in",
		"x/ssd_cp_plans.csv:2 cppl_cp_plan_start_date",
	}, got)
}
