package cincensus_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/cincensus"
)

// readAll reads a fixture's children.
func readAll(t *testing.T, name string) (*cincensus.Reader, []cincensus.Child) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	r := cincensus.NewReader(name, f)
	var out []cincensus.Child
	for c := range r.Children() {
		out = append(out, c)
	}
	return r, out
}

// events writes a case's events one a line, "line kind date attrs", in
// line order, so a test can list what it expects by hand from the fixture.
func events(c *timescale.Case) []string {
	evs := append([]timescale.Event(nil), c.Events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Line < evs[j].Line })
	var out []string
	for _, e := range evs {
		s := fmt.Sprintf("%d %s %s", e.Line, e.Kind, e.At.Format(time.DateOnly))
		keys := make([]string, 0, len(e.Attributes))
		for k := range e.Attributes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := e.Attributes[k]
			if t, ok := v.(time.Time); ok {
				v = t.Format(time.DateOnly)
			}
			s += fmt.Sprintf(" %s=%v", k, v)
		}
		if !e.DateOnly {
			s += " (not a date)"
		}
		out = append(out, s)
	}
	return out
}

func messages(ps []*cincensus.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Error())
	}
	return out
}

func london(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, time.FixedZone("", 0))
	if err != nil {
		panic(err)
	}
	loc, _ := time.LoadLocation("Europe/London")
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// Several episodes, several s47 enquiries and plans, both sex items, all
// six boolean spellings, a Reviews block of two dates, CPPreviews, a
// transfer-in conference at CINdetails level, an unknown block and mixed
// text: each event worked out from the fixture's lines.
func TestEpisodes(t *testing.T) {
	r, children := readAll(t, "episodes.xml")
	require.NoError(t, r.Err())
	assert.Empty(t, r.Warnings())
	h := r.Header()
	assert.Equal(t, "CIN", h.Collection)
	assert.Equal(t, 2024, h.Year)
	assert.True(t, london("2024-03-31").Equal(h.ReferenceDate))
	assert.True(t, london("2023-04-01").Equal(h.CollectionStart()))
	require.Len(t, children, 3)

	a := children[0]
	require.NoError(t, a.Err)
	assert.Equal(t, "A1", a.ID)
	assert.Equal(t, 13, a.Line)
	assert.Empty(t, a.Warnings)
	assert.Equal(t, "A1", a.Case.ID)
	assert.True(t, london("2024-03-31").Equal(a.Case.AsOf), "as of the ReferenceDate")
	assert.Equal(t, "the CIN census", a.Case.Source)
	assert.Equal(t, cincensus.SourceKinds, a.Case.SourceKinds)
	assert.True(t, london("2016-05-09").Equal(a.Case.Child.DateOfBirth))
	assert.Equal(t, map[string]any{"sex": "F"}, a.Case.Child.Attributes)
	assert.Equal(t, []string{
		"21 referral 2023-04-03 nfa=false",
		"26 assessment_completed 2023-05-02",
		// ICPCnotRequired TRUE: no conference needed.
		"29 s47_started 2023-04-05 icpc_required=false icpc_target=2023-04-28",
		// Elements in another order; ICPCnotRequired 0; the plan that
		// starts on the conference's date makes it plan: true.
		"35 icpc 2023-06-01 plan=true",
		"36 s47_started 2023-05-15 icpc_date=2023-06-01 icpc_required=true icpc_target=2023-06-06",
		"40 cp_plan_start 2023-06-01",
		"41 cp_plan_end 2023-06-29",
		// The second episode: ReferralNFA FALSE.
		"45 referral 2023-10-02 nfa=false",
		"48 s47_started 2023-10-04 icpc_date=2023-10-24 icpc_required=true icpc_target=2023-10-25",
		"50 icpc 2023-10-24 plan=true",
		"54 cp_plan_start 2023-10-24",
		// One Reviews block, both of its dates.
		"56 rcpc 2024-01-16",
		"57 rcpc 2024-03-12",
	}, events(a.Case))

	b := children[1]
	require.NoError(t, b.Err)
	assert.Equal(t, "B2", b.ID)
	assert.True(t, london("2012-11-30").Equal(b.Case.Child.DateOfBirth))
	assert.Equal(t, map[string]any{"sex": "1"}, b.Case.Child.Attributes, "GenderCurrent, before 2024-25")
	assert.Equal(t, []string{
		"episodes.xml:63: child B2: ChildIdentifiers: holds text beside its elements; the text is ignored",
		"episodes.xml:83: child B2: CPPreviews: reviews wrapped in CPPreviews, not the DfE's Reviews; read as Reviews",
	}, messages(b.Warnings))
	assert.Equal(t, []string{
		"70 referral 2023-09-11 nfa=true",
		"75 referral 2024-01-08 nfa=false",
		// DateOfInitialCPC in CINdetails, with no Section47: a transfer-in
		// conference; the PreProceedingsandFGDM block is not read.
		"77 icpc 2024-01-10 plan=true transfer_in=true",
		"82 cp_plan_start 2024-01-10",
		"84 rcpc 2024-03-05",
	}, events(b.Case))

	c := children[2]
	require.NoError(t, c.Err)
	assert.True(t, c.Case.Child.DateOfBirth.IsZero(), "unborn")
	assert.Equal(t, map[string]any{"sex": "U", "expected_birth_date": london("2024-05-20")}, c.Case.Child.Attributes)
	assert.Equal(t, []string{"96 referral 2024-02-12 nfa=true"}, events(c.Case))
}

// A child that cannot be read says why, naming the file, the line of the
// bad element, the child and the element, and the children after it are
// read; dates out of order are warnings.
func TestBrokenChildren(t *testing.T) {
	r, children := readAll(t, "broken-children.xml")
	require.NoError(t, r.Err())
	require.Len(t, children, 3)

	d := children[0]
	assert.Nil(t, d.Case)
	assert.Equal(t, "D4", d.ID)
	require.Error(t, d.Err)
	assert.Equal(t, "broken-children.xml:17: child D4: ReferralNFA: cannot read \"no\" as true or false (write true, false, 1 or 0)\n"+
		"broken-children.xml:20: child D4: DateOfInitialCPC: cannot read \"2023-31-07\" as a date (the census writes dates YYYY-MM-DD, 2024-03-04)",
		d.Err.Error())
	var list cincensus.ErrorList
	require.ErrorAs(t, d.Err, &list)
	assert.Equal(t, &cincensus.Problem{File: "broken-children.xml", Line: 20, Child: "D4", Element: "DateOfInitialCPC",
		Msg: `cannot read "2023-31-07" as a date (the census writes dates YYYY-MM-DD, 2024-03-04)`}, list[1])

	noID := children[1]
	assert.Nil(t, noID.Case)
	assert.Equal(t, 24, noID.Line)
	assert.EqualError(t, noID.Err, "broken-children.xml:25: ChildIdentifiers: no LAchildID")

	e := children[2]
	require.NoError(t, e.Err)
	assert.Equal(t, []string{
		"broken-children.xml:42: child E5: DateOfInitialCPC: DateOfInitialCPC 2023-11-03 is before the enquiry's S47ActualStartDate 2023-11-08",
		"broken-children.xml:46: child E5: CPPendDate: CPPendDate 2023-11-30 is before the plan's CPPstartDate 2023-12-01",
	}, messages(e.Warnings))
	assert.Equal(t, []string{
		"38 referral 2023-11-06 nfa=false",
		"41 s47_started 2023-11-08 icpc_date=2023-11-03",
		"42 icpc 2023-11-03 plan=false",
		"45 cp_plan_start 2023-12-01",
		"46 cp_plan_end 2023-11-30",
	}, events(e.Case))
}

// A file cut off inside a child: the children before it are read, the
// child says where the file ends, and so does the reader.
func TestTruncated(t *testing.T) {
	r, children := readAll(t, "truncated.xml")
	require.Len(t, children, 2)
	require.NoError(t, children[0].Err)
	assert.Equal(t, []string{"15 referral 2023-05-22"}, events(children[0].Case))
	assert.Nil(t, children[1].Case)
	assert.EqualError(t, children[1].Err, "truncated.xml:23: child G7: the file ends inside <CINreferralDate>: it is cut off")
	assert.EqualError(t, r.Err(), "truncated.xml:23: child G7: the file ends inside <CINreferralDate>: it is cut off")
}

func TestNotXML(t *testing.T) {
	for _, tc := range []struct{ name, in, err string }{
		{"empty", "", ""},
		{"text", "this is not a census", ""},
		{"bad close", "<Message><Children><Child></Message>", "bad close:1: </Message> closes <Child> (line 1)"},
		{"unclosed header", "<Message><Header>", "unclosed header:1: the file ends inside <Header>: it is cut off"},
		{"junk", "<Message><Children><Child><ChildIdentifiers><LAchildID>X</LAchildID></ChildIdentifiers><</Child>", "junk:1: child X: not XML: expected element name after <"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cincensus.NewReader(tc.name, strings.NewReader(tc.in))
			n := 0
			for range r.Children() {
				n++
			}
			if tc.err == "" {
				assert.NoError(t, r.Err())
				assert.Zero(t, n)
				return
			}
			assert.EqualError(t, r.Err(), tc.err)
		})
	}
}

// ReadHeader gives the ReferenceDate before any child is read, and the
// children still come in full.
func TestReadHeaderFirst(t *testing.T) {
	f, err := os.Open("testdata/episodes.xml")
	require.NoError(t, err)
	defer f.Close()
	r := cincensus.NewReader("episodes.xml", f)
	h := r.ReadHeader()
	assert.True(t, london("2024-03-31").Equal(h.ReferenceDate))
	var ids []string
	for c := range r.Children() {
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"A1", "B2", "C3"}, ids)

	// With no Header, ReadHeader keeps the first child for Children.
	r = cincensus.NewReader("x", strings.NewReader("<Message><Children><Child><ChildIdentifiers><LAchildID>Z</LAchildID></ChildIdentifiers></Child></Children></Message>"))
	assert.Zero(t, r.ReadHeader())
	ids = nil
	for c := range r.Children() {
		ids = append(ids, c.ID)
		assert.True(t, c.Case.AsOf.IsZero())
	}
	assert.Equal(t, []string{"Z"}, ids)
}

// The header's Year not matching its ReferenceDate is a warning about the
// file.
func TestHeaderYearMismatch(t *testing.T) {
	r := cincensus.NewReader("h.xml", strings.NewReader("<Message>\n<Header><CollectionDetails><Year>2023</Year>\n<ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header></Message>"))
	for range r.Children() {
	}
	require.NoError(t, r.Err())
	assert.Equal(t, []string{"h.xml:3: ReferenceDate: the header's Year is 2023 but its ReferenceDate is 2024-03-31 (the DfE expects 31 March of the Year)"}, messages(r.Warnings()))
}

// Every problem of a child is reported, not only the first: a bad
// ReferralNFA beside a bad CINreferralDate.
func TestEveryProblemOfAChild(t *testing.T) {
	r := cincensus.NewReader("two.xml", strings.NewReader("<Message><Children><Child><ChildIdentifiers><LAchildID>Z1</LAchildID></ChildIdentifiers>\n"+
		"<CINdetails><CINreferralDate>2024-02-30</CINreferralDate>\n<ReferralNFA>maybe</ReferralNFA></CINdetails></Child></Children></Message>"))
	var errs []string
	for c := range r.Children() {
		errs = append(errs, c.Err.Error())
	}
	assert.Equal(t, []string{"two.xml:2: child Z1: CINreferralDate: cannot read \"2024-02-30\" as a date (the census writes dates YYYY-MM-DD, 2024-03-04)\n" +
		"two.xml:3: child Z1: ReferralNFA: cannot read \"maybe\" as true or false (write true, false, 1 or 0)"}, errs)
}

func TestUnclosedRoot(t *testing.T) {
	r := cincensus.NewReader("u.xml", strings.NewReader("<Message>\n<Children>\n"))
	for range r.Children() {
	}
	assert.EqualError(t, r.Err(), "u.xml:3: the file ends inside <Children>: it is cut off")
}

// A child too large or too deep to be a census child's record is an error
// naming its line, not a child held in memory however large.
func TestChildBounds(t *testing.T) {
	wide := "<Message><Children><Child><ChildIdentifiers><LAchildID>W</LAchildID></ChildIdentifiers>\n" +
		strings.Repeat("<CINdetails/>", cincensus.MaxChildElements) + "</Child></Children></Message>"
	r := cincensus.NewReader("wide.xml", strings.NewReader(wide))
	var got []cincensus.Child
	for c := range r.Children() {
		got = append(got, c)
	}
	require.Len(t, got, 1)
	assert.EqualError(t, got[0].Err, "wide.xml:2: child W: <Child> holds more than 100000 elements; no child's record is that large")

	deep := "<Message><Children><Child>" + strings.Repeat("<a>", cincensus.MaxDepth) + "</Child></Children></Message>"
	r = cincensus.NewReader("deep.xml", strings.NewReader(deep))
	for c := range r.Children() {
		assert.EqualError(t, c.Err, "deep.xml:1: elements nest more than 64 deep inside <Child>")
	}
	assert.Error(t, r.Err())
}
