package casefile

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

func ldn(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.London)
}

const fullYAML = `case: C-1042
child:
  date_of_birth: 2017-05-03
  unborn: false
facts:
  s47_initiated: true
  urgency: complex
  grading: 2
  score: 0.5
  referred: "2024-03-01"
  concerns: [neglect, emotional]
  worker: {team: east, caseload: 18}
  note: null
events:
  - kind: strategy_discussion
    at: 2024-03-04T10:00:00Z
  - kind: icpc
    at: 2024-03-22
    outcome: plan
  - {kind: home_visit, at: "2024-06-03T10:00:00", seen: true}
  - kind: core_group
    at: 2024-01-10 10:00
    attendees: 4
`

// fullJSON is fullYAML as JSON, laid out so that each event starts on the
// same line.
const fullJSON = `{"case": "C-1042",
 "child": {
   "date_of_birth": "2017-05-03",
   "unborn": false},
 "facts": {
   "s47_initiated": true,
   "urgency": "complex",
   "grading": 2,
   "score": 0.5,
   "referred": "2024-03-01",
   "concerns": ["neglect", "emotional"],
   "worker": {"team": "east", "caseload": 18},
   "note": null},
 "events": [
   {"kind": "strategy_discussion",
    "at": "2024-03-04T10:00:00Z"},
   {"kind": "icpc",
    "at": "2024-03-22",
    "outcome": "plan"},
   {"kind": "home_visit", "at": "2024-06-03T10:00:00", "seen": true},
   {"kind": "core_group",
    "at": "2024-01-10 10:00",
    "attendees": 4}]}
`

func fullCase() *timescale.Case {
	return &timescale.Case{
		ID: "C-1042",
		Child: timescale.Child{
			DateOfBirth: ldn(2017, 5, 3, 0, 0),
			Attributes:  map[string]any{"unborn": false},
		},
		Facts: map[string]any{
			"s47_initiated": true,
			"urgency":       "complex",
			"grading":       int64(2),
			"score":         0.5,
			"referred":      ldn(2024, 3, 1, 0, 0),
			"concerns":      []any{"neglect", "emotional"},
			"worker":        map[string]any{"team": "east", "caseload": int64(18)},
			"note":          nil,
		},
		Events: []timescale.Event{
			{Kind: "strategy_discussion", At: ldn(2024, 3, 4, 10, 0), Attributes: map[string]any{}, Line: 15},
			{Kind: "icpc", At: ldn(2024, 3, 22, 0, 0), DateOnly: true, Attributes: map[string]any{"outcome": "plan"}, Line: 17},
			{Kind: "home_visit", At: ldn(2024, 6, 3, 10, 0), Attributes: map[string]any{"seen": true}, Line: 20},
			{Kind: "core_group", At: ldn(2024, 1, 10, 10, 0), Attributes: map[string]any{"attendees": int64(4)}, Line: 21},
		},
	}
}

func TestReadYAMLAndJSONAgree(t *testing.T) {
	want := fullCase()
	for _, tc := range []struct{ name, src string }{
		{"case.yaml", fullYAML},
		{"case.json", fullJSON},
		{"<stdin>", fullYAML},
		{"<stdin>", fullJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Read(tc.name, []byte(tc.src))
			require.NoError(t, err)
			require.NotNil(t, got)
			assert.Equal(t, want, got)
			for i, e := range got.Events {
				assert.Same(t, calendar.London, e.At.Location(), "events[%d].at", i)
			}
			// Spelled out, as instants.
			assert.Equal(t, time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), got.Events[0].At.UTC())
			assert.Equal(t, time.Date(2024, 3, 22, 0, 0, 0, 0, time.UTC), got.Events[1].At.UTC())
			assert.Equal(t, time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC), got.Events[2].At.UTC())
			assert.Equal(t, time.Date(2024, 1, 10, 10, 0, 0, 0, time.UTC), got.Events[3].At.UTC())
			assert.Equal(t, time.Date(2017, 5, 2, 23, 0, 0, 0, time.UTC), got.Child.DateOfBirth.UTC())
		})
	}
}

func TestReadDetails(t *testing.T) {
	t.Run("numeric case id", func(t *testing.T) {
		c, err := Read("case.yaml", []byte("case: 1042\n"))
		require.NoError(t, err)
		assert.Equal(t, "1042", c.ID)
		assert.NotNil(t, c.Facts)
		assert.NotNil(t, c.Child.Attributes)
		assert.Nil(t, c.Events)
		assert.True(t, c.Child.DateOfBirth.IsZero())
	})
	t.Run("date of birth given as a date-time takes its London date", func(t *testing.T) {
		c, err := Read("case.yaml", []byte("case: x\nchild: {date_of_birth: 2017-05-03T23:30:00Z}\n"))
		require.NoError(t, err)
		assert.Equal(t, ldn(2017, 5, 4, 0, 0), c.Child.DateOfBirth)
	})
	t.Run("null child, facts and events", func(t *testing.T) {
		c, err := Read("case.yaml", []byte("case: x\nchild:\nfacts: ~\nevents: null\n"))
		require.NoError(t, err)
		assert.Equal(t, &timescale.Case{ID: "x", Facts: map[string]any{}, Child: timescale.Child{Attributes: map[string]any{}}}, c)
	})
	t.Run("values", func(t *testing.T) {
		c, err := Read("case.yaml", []byte(`case: x
facts:
  quoted_date: '2024-03-04'
  quoted_time: "2024-03-04T10:00:00+01:00"
  not_a_date: "2024-02-30"
  padded_date: " 2024-03-04"
  number_string: "12"
  leading_zero: 017
  eight: 08
  negative: -3
  hex: 0x10
  exp: 1.5e3
  block: |
    two
    lines
  empty:
`))
		require.NoError(t, err)
		assert.Equal(t, map[string]any{
			"quoted_date":   ldn(2024, 3, 4, 0, 0),
			"quoted_time":   ldn(2024, 3, 4, 9, 0),
			"not_a_date":    "2024-02-30",
			"padded_date":   " 2024-03-04",
			"number_string": "12",
			"leading_zero":  int64(17),
			"eight":         int64(8),
			"negative":      int64(-3),
			"hex":           int64(16),
			"exp":           1500.0,
			"block":         "two\nlines\n",
			"empty":         nil,
		}, c.Facts)
	})
	t.Run("anchors, aliases and merge keys", func(t *testing.T) {
		c, err := Read("case.yaml", []byte(`case: x
facts:
  team: &team {name: east, size: 4}
  same_team: *team
events:
  - &visit {kind: home_visit, at: 2024-03-04, seen: true}
  - <<: *visit
    at: 2024-03-11
  - *visit
`))
		require.NoError(t, err)
		team := map[string]any{"name": "east", "size": int64(4)}
		assert.Equal(t, map[string]any{"team": team, "same_team": team}, c.Facts)
		assert.Equal(t, []timescale.Event{
			{Kind: "home_visit", At: ldn(2024, 3, 4, 0, 0), DateOnly: true, Attributes: map[string]any{"seen": true}, Line: 6},
			{Kind: "home_visit", At: ldn(2024, 3, 11, 0, 0), DateOnly: true, Attributes: map[string]any{"seen": true}, Line: 7},
			{Kind: "home_visit", At: ldn(2024, 3, 4, 0, 0), DateOnly: true, Attributes: map[string]any{"seen": true}, Line: 9},
		}, c.Events)
	})
	t.Run("JSON escapes yaml.v3 does not read keep their columns", func(t *testing.T) {
		// An unknown key is a warning, not an error, but still names its
		// column as written.
		src := `{"case": "C\/1", "facts": {"face": "\ud83d\ude00", "lone": "\ud800"}, "bad": 1}`
		c, err := Read("case.json", []byte(src))
		require.NoError(t, err)
		assert.Equal(t, []string{`case.json:1:71: bad: unknown key, not read (a case file has case, as_of, child, facts and events)`}, c.Warnings)
		src = `{"case": "C\/1", "facts": {"face": "\ud83d\ude00", "lone": "\ud800"}}`
		c, err = Read("case.json", []byte(src))
		require.NoError(t, err)
		assert.Equal(t, "C/1", c.ID)
		assert.Equal(t, map[string]any{"face": "\U0001F600", "lone": "\uFFFD"}, c.Facts)
	})
	t.Run("compact JSON with escapes in keys", func(t *testing.T) {
		c, err := Read("case.json", []byte(`{"case":"C\/1","facts":{"a\/b":1},"events":[{"kind":"icpc","at":"2024-03-22","by\/":"\ud83d\ude00"}],"x":1}`))
		require.Error(t, err)
		assert.Nil(t, c)
		// The columns are those of the JSON as written.
		assert.Equal(t, `case.json:1:25: facts["a/b"]: "a/b" is not a fact name: write lower case letters, digits and _, not starting with a digit, so that a policy can read it (urgency, s47_initiated)`+"\n"+
			`case.json:1:78: events[0]["by/"]: "by/" is not an attribute name: write lower case letters, digits and _, not starting with a digit, so that a policy can read it (urgency, s47_initiated)`,
			err.Error()) // "x" is only a warning, and a case with errors has none
		c, err = Read("case.json", []byte(`{"case":"C\/1","facts":{"a_b":1},"events":[{"kind":"icpc","at":"2024-03-22","by":"\ud83d\ude00"}],"x\/":1}`))
		require.NoError(t, err)
		assert.Equal(t, []string{`case.json:1:99: ["x/"]: unknown key, not read (a case file has case, as_of, child, facts and events)`}, c.Warnings)
	})
	t.Run("JSON with a byte order mark and tabs", func(t *testing.T) {
		c, err := Read("case.json", []byte("\xef\xbb\xbf{\n\t\"case\":\t\"x\"\n}\n"))
		require.NoError(t, err)
		assert.Equal(t, "x", c.ID)
	})
	t.Run("a YAML flow mapping on standard input is YAML", func(t *testing.T) {
		c, err := Read("<stdin>", []byte("{case: x, facts: {a: 1,},}"))
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"a": int64(1)}, c.Facts)
	})
}

// readErrs reads src, which must fail, and returns its errors.
func readErrs(t *testing.T, name, src string) ErrorList {
	t.Helper()
	c, err := Read(name, []byte(src))
	require.Error(t, err)
	assert.Nil(t, c)
	var errs ErrorList
	require.True(t, errors.As(err, &errs), "%T", err)
	require.NotEmpty(t, errs)
	return errs
}

// acceptedTimes is how a bad time's message ends.
const acceptedTimes = "write a date, 2024-03-04, or a date and time, 2024-03-04T10:00:00Z, " +
	"2024-03-04T10:00:00+01:00, or 2024-03-04T10:00 for London time"

func TestReadErrorList(t *testing.T) {
	const badTime = `cannot read "2024-02-30" as a date or time (February 2024 has 29 days); ` +
		`write a date, 2024-03-04, or a date and time, 2024-03-04T10:00:00Z, 2024-03-04T10:00:00+01:00, or 2024-03-04T10:00 for London time`
	for _, tc := range []struct {
		name, src, want string
	}{
		// The file as a whole.
		{"empty", "", "case.yaml: the file is empty; want a mapping with case, child, facts and events"},
		{"comments only", "# nothing\n", "case.yaml: the file is empty; want a mapping with case, child, facts and events"},
		{"empty document", "---\n", "case.yaml: the file is empty; want a mapping with case, child, facts and events"},
		{"list", "- case: x\n", "case.yaml:1:1: want a mapping with case, child, facts and events, not a list"},
		{"string", "hello\n", `case.yaml:1:1: want a mapping with case, child, facts and events, not the string "hello"`},
		{"two documents", "case: x\n---\ncase: y\n", "case.yaml:2:1: a second YAML document; a case file holds one case"},
		{"syntax", "case: x\nevents:\n  - kind: a\n    at: b: c\n", "case.yaml:4: mapping values are not allowed in this context"},
		{"a control character", "case: \"\x01\"\n", "case.yaml:1:8: the control character U+0001 is not allowed in YAML"},
		{"tab indent", "case: x\n\tfacts: {}\n", "case.yaml:2: found a tab character that violates indentation"},
		// Top-level keys.
		{"unknown key near a known one", "case: x\nevnets: []\n", "case.yaml:2:1: evnets: unknown key (did you mean events?)"},
		{"unknown key in capitals", "Case: x\n", "case.yaml:1:1: Case: unknown key (did you mean case?)\ncase.yaml:1:1: case: missing: every case file needs the case's id (case: C-1042)"},
		{"duplicate key", "case: x\ncase: y\n", "case.yaml:2:1: case: duplicate key (first at line 1)"},
		{"list as key", "case: x\n? [a]\n: 1\n", "case.yaml:2:3: want a name as a key, not a list"},
		// case.
		{"missing case", "# C-1\nfacts: {}\n", "case.yaml:2:1: case: missing: every case file needs the case's id (case: C-1042)"},
		{"null case", "case:\n", "case.yaml:1:6: case: want the case's id, a non-empty string (case: C-1042), not null"},
		{"empty case", "case: \"  \"\n", "case.yaml:1:7: case: want the case's id, a non-empty string (case: C-1042), not an empty string"},
		{"case a list", "case: [C-1]\n", "case.yaml:1:7: case: want the case's id, a non-empty string (case: C-1042), not a list"},
		{"case a bool", "case: true\n", "case.yaml:1:7: case: want the case's id, a non-empty string (case: C-1042), not true"},
		// child.
		{"child a list", "case: x\nchild: [a]\n", "case.yaml:2:8: child: want a mapping (child: {date_of_birth: 2017-05-03}), not a list"},
		{"bad date of birth", "case: x\nchild:\n  date_of_birth: 2024-02-30\n", "case.yaml:3:18: child.date_of_birth: " + badTime},
		{"date of birth a list", "case: x\nchild: {date_of_birth: [2017-05-03]}\n", "case.yaml:2:24: child.date_of_birth: want a date (2017-05-03), not a list"},
		{"child attribute name", "case: x\nchild: {First Name: Sam}\n", `case.yaml:2:9: child["First Name"]: "First Name" is not an attribute name: write lower case letters, digits and _, not starting with a digit, so that a policy can read it (urgency, s47_initiated)`},
		// facts.
		{"facts a list", "case: x\nfacts: [a]\n", "case.yaml:2:8: facts: want a mapping of fact names to values (facts: {s47_initiated: true}), not a list"},
		{"fact name", "case: x\nfacts: {Urgency: high}\n", `case.yaml:2:9: facts.Urgency: "Urgency" is not a fact name: write lower case letters, digits and _, not starting with a digit, so that a policy can read it (urgency, s47_initiated)`},
		{"fact name with a digit first", "case: x\nfacts: {2nd: x}\n", `case.yaml:2:9: facts["2nd"]: "2nd" is not a fact name: write lower case letters, digits and _, not starting with a digit, so that a policy can read it (urgency, s47_initiated)`},
		{"duplicate fact", "case: x\nfacts:\n  a: 1\n  a: 2\n", "case.yaml:4:3: facts.a: duplicate key (first at line 3)"},
		{"duplicate nested key", "case: x\nfacts:\n  a: {b: 1, b: 2}\n", "case.yaml:3:13: facts.a.b: duplicate key (first at column 7)"},
		{"integer out of range", "case: x\nfacts: {n: 9223372036854775808}\n", "case.yaml:2:12: facts.n: 9223372036854775808 is out of range for a whole number (-9223372036854775808 to 9223372036854775807)"},
		{"hex out of range", "case: x\nfacts: {n: !!int 0x10000000000000000}\n", "case.yaml:2:12: facts.n: 0x10000000000000000 is out of range for a whole number (-9223372036854775808 to 9223372036854775807)"},
		{"float out of range", "case: x\nfacts: {n: 1e400}\n", "case.yaml:2:12: facts.n: 1e400 is out of range for a number"},
		{"infinity", "case: x\nfacts: {n: .inf}\n", "case.yaml:2:12: facts.n: .inf is not a finite number"},
		{"not a number", "case: x\nfacts: {n: .nan}\n", "case.yaml:2:12: facts.n: .nan is not a finite number"},
		{"nested bad value", "case: x\nfacts: {l: [1, [.inf]]}\n", "case.yaml:2:17: facts.l[1][0]: .inf is not a finite number"},
		{"timestamp ParseTime rejects", "case: x\nfacts: {t: 2024-3-4}\n", `case.yaml:2:12: facts.t: cannot read "2024-3-4" as a date or time (not a form case files use); ` + acceptedTimes},
		{"unsupported tag", "case: x\nfacts: {t: !thing 1}\n", "case.yaml:2:12: facts.t: unsupported tag !thing"},
		{"binary", "case: x\nfacts: {t: !!binary aGk=}\n", "case.yaml:2:12: facts.t: unsupported tag !!binary"},
		{"bad merge", "case: x\nfacts: {<<: 1}\n", "case.yaml:2:13: facts: << merges a mapping or a list of mappings, not the number 1"},
		// events.
		{"events a mapping", "case: x\nevents: {kind: icpc}\n", "case.yaml:2:9: events: want a list of events, each with a kind and an at, not a mapping"},
		{"event a string", "case: x\nevents:\n  - icpc\n", `case.yaml:3:5: events[0]: want an event, a mapping with a kind and an at ({kind: icpc, at: 2024-03-22}), not the string "icpc"`},
		{"event null", "case: x\nevents:\n  -\n", `case.yaml:3:4: events[0]: want an event, a mapping with a kind and an at ({kind: icpc, at: 2024-03-22}), not null`},
		{"missing kind", "case: x\nevents:\n  - at: 2024-03-04\n", "case.yaml:3:5: events[0].kind: missing: every event needs a kind, what happened, in snake_case (strategy_discussion)"},
		{"missing at", "case: x\nevents:\n  - kind: icpc\n", "case.yaml:3:5: events[0].at: missing: every event needs an at, when it happened, a date (2024-03-04) or a date and time (2024-03-04T10:00:00Z)"},
		{"bad kind", "case: x\nevents:\n  - {kind: Strategy Discussion, at: 2024-03-04}\n", `case.yaml:3:12: events[0].kind: "Strategy Discussion" is not a kind: write lower case letters, digits and _, starting with a letter (strategy_discussion)`},
		{"kind with a digit first", "case: x\nevents:\n  - {kind: \"1st_visit\", at: 2024-03-04}\n", `case.yaml:3:12: events[0].kind: "1st_visit" is not a kind: write lower case letters, digits and _, starting with a letter (strategy_discussion)`},
		{"kind a number", "case: x\nevents:\n  - {kind: 12, at: 2024-03-04}\n", "case.yaml:3:12: events[0].kind: want what happened, in snake_case (strategy_discussion), not the number 12"},
		{"kind null", "case: x\nevents:\n  - {kind: ~, at: 2024-03-04}\n", "case.yaml:3:12: events[0].kind: want what happened, in snake_case (strategy_discussion), not null"},
		{"kind twice", "case: x\nevents:\n  - kind: icpc\n    at: 2024-03-04\n    kind: rcpc\n", "case.yaml:5:5: events[0].kind: duplicate key (first at line 3)"},
		{"at twice", "case: x\nevents:\n  - {kind: icpc, at: 2024-03-04, at: 2024-03-05}\n", "case.yaml:3:34: events[0].at: duplicate key (first at column 18)"},
		{"bad at", "case: x\nevents:\n  - kind: icpc\n    at: 2024-03-04\n  - kind: rcpc\n    at: 2024-02-30\n", "case.yaml:6:9: events[1].at: " + badTime},
		{"at a number", "case: x\nevents:\n  - {kind: icpc, at: 20240304}\n", `case.yaml:3:22: events[0].at: cannot read "20240304" as a date or time (not a form case files use); ` + acceptedTimes},
		{"at a list", "case: x\nevents:\n  - {kind: icpc, at: [2024-03-04]}\n", "case.yaml:3:22: events[0].at: want when it happened, a date (2024-03-04) or a date and time (2024-03-04T10:00:00Z), not a list"},
		{"at null", "case: x\nevents:\n  - {kind: icpc, at: null}\n", "case.yaml:3:22: events[0].at: want when it happened, a date (2024-03-04) or a date and time (2024-03-04T10:00:00Z), not null"},
		{"attribute name", "case: x\nevents:\n  - {kind: icpc, at: 2024-03-04, Outcome: plan}\n", `case.yaml:3:34: events[0].Outcome: "Outcome" is not an attribute name: write lower case letters, digits and _, not starting with a digit, so that a policy can read it (urgency, s47_initiated)`},
		// JSON.
		{"JSON trailing comma", "{\"case\": \"C-1\",\n \"events\": [],\n}\n", "case.json:3:1: invalid JSON: invalid character '}' looking for beginning of object key string"},
		{"JSON trailing comma in a list", "{\"case\": \"C-1\",\n \"events\": [{\"kind\": \"icpc\", \"at\": \"2024-03-04\"},]}\n", "case.json:2:50: invalid JSON: invalid character ']' looking for beginning of value"},
		{"JSON cut short", "{\"case\": \"C-1\",\n \"events\": [", "case.json:2:13: invalid JSON: unexpected end of JSON input"},
		{"JSON comment", "{\"case\": \"C-1\" # id\n}", "case.json:1:16: invalid JSON: invalid character '#' after object key:value pair"},
		{"JSON duplicate key", "{\"case\": \"C-1\", \"case\": \"C-2\"}", "case.json:1:17: case: duplicate key (first at column 2)"},
		{"JSON bad at", "{\"case\": \"C-1\",\n \"events\": [{\"kind\": \"icpc\", \"at\": \"2024-02-30\"}]}", "case.json:2:36: events[0].at: " + badTime},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "case.yaml"
			if strings.HasPrefix(tc.name, "JSON") {
				name = "case.json"
			}
			errs := readErrs(t, name, tc.src)
			assert.Equal(t, tc.want, errs.Error())
			assert.Len(t, errs, strings.Count(tc.want, "\n")+1)
		})
	}
}

func TestReadJSONOnStandardInput(t *testing.T) {
	errs := readErrs(t, "<stdin>", "{\"case\": \"C-1\",\n}")
	assert.Equal(t, "<stdin>:2:1: invalid JSON: invalid character '}' looking for beginning of object key string", errs.Error())
	// A file named .yaml is YAML, where a trailing comma is allowed.
	c, err := Read("case.yaml", []byte("{\"case\": \"C-1\",\n}"))
	require.NoError(t, err)
	assert.Equal(t, "C-1", c.ID)
}

func TestReadErrorFields(t *testing.T) {
	errs := readErrs(t, "case.yaml", "case: x\nevents:\n  - kind: icpc\n    at: 2024-03-04\n  - kind: rcpc\n    at: 2024-02-30\n")
	require.Len(t, errs, 1)
	assert.Equal(t, &Error{
		File:   "case.yaml",
		Line:   6,
		Column: 9,
		Field:  "events[1].at",
		Msg: `cannot read "2024-02-30" as a date or time (February 2024 has 29 days); ` +
			`write a date, 2024-03-04, or a date and time, 2024-03-04T10:00:00Z, 2024-03-04T10:00:00+01:00, or 2024-03-04T10:00 for London time`,
	}, errs[0])
	var ce *Error
	_, err := Read("case.yaml", []byte("case: [x]"))
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, "case", ce.Field)
}

func TestReadCollectsEveryError(t *testing.T) {
	src := `case: ""
evnets: []
child: {date_of_birth: 2023-02-29}
facts:
  Urgency: high
  n: .nan
events:
  - {kind: icpc}
  - kind: Bad Kind
    at: 2024-13-01
  - 7
  - kind: ok
    at: 2024-03-04
    kind: twice
`
	errs := readErrs(t, "case.yaml", src)
	want := []string{
		`case.yaml:1:7: case: want the case's id, a non-empty string (case: C-1042), not an empty string`,
		`case.yaml:2:1: evnets: unknown key (did you mean events?)`,
		`case.yaml:3:24: child.date_of_birth: cannot read "2023-02-29" as a date or time (February 2023 has 28 days); ` + acceptedTimes,
		`case.yaml:5:3: facts.Urgency: "Urgency" is not a fact name: write lower case letters, digits and _, not starting with a digit, so that a policy can read it (urgency, s47_initiated)`,
		`case.yaml:6:6: facts.n: .nan is not a finite number`,
		`case.yaml:8:5: events[0].at: missing: every event needs an at, when it happened, a date (2024-03-04) or a date and time (2024-03-04T10:00:00Z)`,
		`case.yaml:9:11: events[1].kind: "Bad Kind" is not a kind: write lower case letters, digits and _, starting with a letter (strategy_discussion)`,
		`case.yaml:10:9: events[1].at: cannot read "2024-13-01" as a date or time (there is no month 13); ` + acceptedTimes,
		`case.yaml:11:5: events[2]: want an event, a mapping with a kind and an at ({kind: icpc, at: 2024-03-22}), not the number 7`,
		`case.yaml:14:5: events[3].kind: duplicate key (first at line 12)`,
	}
	assert.Equal(t, strings.Join(want, "\n"), errs.Error())
	assert.Len(t, errs.Unwrap(), len(want))
}

func TestReadAliasBomb(t *testing.T) {
	src := `case: x
facts:
  a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
`
	errs := readErrs(t, "case.yaml", src)
	require.Len(t, errs, 1)
	assert.Equal(t, "too many values: more than 100000 once aliases are expanded", errs[0].Msg)
}

func TestReadHostileInput(t *testing.T) {
	t.Run("an alias inside its own anchor", func(t *testing.T) {
		errs := readErrs(t, "case.yaml", "case: x\nevents:\n  - &e {kind: a, at: 2024-01-01, more: [*e]}\n")
		assert.Equal(t, "case.yaml:3:40: values nested more than 100 deep (is an alias inside the value it names?)", errs.Error())
	})
	t.Run("deep nesting", func(t *testing.T) {
		src := "case: x\nfacts: {a: " + strings.Repeat("[", 150) + strings.Repeat("]", 150) + "}\n"
		errs := readErrs(t, "case.yaml", src)
		assert.Equal(t, "case.yaml:2:111: values nested more than 100 deep (is an alias inside the value it names?)", errs.Error())
	})
	t.Run("a long string repeated by aliases", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("case: x\nfacts:\n  a: &s " + strings.Repeat("x", 100000) + "\n  b: [")
		for range 200 {
			b.WriteString("*s, ")
		}
		b.WriteString("]\n")
		errs := readErrs(t, "case.yaml", b.String())
		require.Len(t, errs, 1)
		assert.Equal(t, "too much text: more than 10 times the file's length once aliases are expanded", errs[0].Msg)
	})
	t.Run("long keys are cut short in fields", func(t *testing.T) {
		errs := readErrs(t, "case.yaml", "case: x\nfacts: {"+strings.Repeat("K", 100)+": 1}\n")
		assert.Equal(t, `facts["`+strings.Repeat("K", 40)+`..."]`, errs[0].Field)
	})
	t.Run("too many problems", func(t *testing.T) {
		src := "case: x\nfacts:\n"
		for i := range 1200 {
			src += fmt.Sprintf("  K%d: 1\n", i)
		}
		errs := readErrs(t, "case.yaml", src)
		require.Len(t, errs, 1001)
		assert.Equal(t, "case.yaml: too many problems; stopped after 1000", errs[1000].Error())
	})
}

func TestErrorError(t *testing.T) {
	for _, tc := range []struct {
		e    Error
		want string
	}{
		{Error{File: "case.yaml", Line: 7, Column: 25, Field: "events[2].at", Msg: "bad"}, "case.yaml:7:25: events[2].at: bad"},
		{Error{File: "case.yaml", Line: 7, Field: "case", Msg: "bad"}, "case.yaml:7: case: bad"},
		{Error{File: "case.yaml", Column: 3, Msg: "bad"}, "case.yaml: bad"},
		{Error{File: "case.yaml", Msg: "bad"}, "case.yaml: bad"},
		{Error{Line: 2, Column: 1, Msg: "bad"}, ":2:1: bad"},
		{Error{Field: "facts", Msg: "bad"}, "facts: bad"},
	} {
		assert.Equal(t, tc.want, tc.e.Error())
	}
	errs := ErrorList{{File: "a", Line: 1, Msg: "x"}, {File: "a", Line: 2, Msg: "y"}}
	assert.Equal(t, "a:1: x\na:2: y", errs.Error())
	var ce *Error
	require.True(t, errors.As(error(errs), &ce))
	assert.Equal(t, "x", ce.Msg)
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		fullYAML,
		fullJSON,
		"",
		"case: x\n",
		"case: 1042\nfacts: {a: [1, {b: c}], t: 2024-06-03T10:00}\n",
		"case: x\nevents:\n  - kind: icpc\n    at: 2024-02-30\n",
		"case: x\n---\ncase: y\n",
		"case: x\n  y: z\n",
		"{\"case\": \"C-1\",\n}",
		"{\"case\": \"C\\/1\", \"facts\": {\"e\": \"\\ud83d\\ude00\", \"f\": \"\\ud800\"}}",
		"case: x\nfacts:\n  a: &a [1, 1]\n  b: &b [*a, *a]\n  c: {<<: {z: *b}, y: 1}\n",
		"case: x\nevents:\n  - &e {kind: a, at: 2024-01-01}\n  - {<<: [*e, {x: 1}], at: 2024-01-02}\n",
		"- 1\n",
		"case: !!binary aGk=\nfacts: {n: 99999999999999999999, f: 1e400, g: .nan}\n",
		"events:\n  - &e {a: [*e,{x: }],at: 20(4-01-02x",
		"case: x\nfacts: &f {<<: *f}\n",
		"case: x\nfacts: {a: &m {<<: [*m, *m]}}\n",
	} {
		f.Add("case.yaml", []byte(s))
		f.Add("case.json", []byte(s))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		_, _, _ = timescale.ParseTime(string(data))
		c, err := Read(name, data)
		if err == nil {
			if c == nil {
				t.Fatal("nil case and nil error")
			}
			if strings.TrimSpace(c.ID) == "" {
				t.Fatalf("empty case id without an error")
			}
			return
		}
		if c != nil {
			t.Fatal("a case and an error")
		}
		var errs ErrorList
		if !errors.As(err, &errs) || len(errs) == 0 {
			t.Fatalf("error is not a non-empty ErrorList: %#v", err)
		}
		if strings.Contains(err.Error(), "internal error") {
			t.Fatalf("panic inside Read: %v", err)
		}
	})
}

func TestReadAsOf(t *testing.T) {
	c, err := Read("case.yaml", []byte("case: A-1\nas_of: 2024-05-01\n"))
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 5, 1, 0, 0, 0, 0, calendar.London), c.AsOf)
	_, err = Read("case.yaml", []byte("case: A-1\nas_of: 2024-05-01T10:00:00Z\n"))
	assert.EqualError(t, err, `case.yaml:2:8: as_of: want a date (as_of: 2024-05-01), not "2024-05-01T10:00:00Z"`)
	_, err = Read("case.yaml", []byte("case: A-1\nas_of: [2024-05-01]\n"))
	assert.Error(t, err)
}

// A top-level key a case file does not have, such as one a case management
// export adds, is a warning naming its place, and its value is not read; a
// near miss of a key it has stays an error.
func TestReadUnknownTopLevelKeys(t *testing.T) {
	const has = "unknown key, not read (a case file has case, as_of, child, facts and events)"
	for _, tc := range []struct {
		name, file, src string
		want            []string
	}{
		{"YAML", "case.yaml", "case: x\nowner: sam\n", []string{"case.yaml:2:1: owner: " + has}},
		{"with spaces", "case.yaml", "case: x\ndue date: 1\n", []string{`case.yaml:2:1: ["due date"]: ` + has}},
		{"its value is not read", "case.yaml", "case: x\nsource_system: {Bad Name: [1e400]}\n", []string{"case.yaml:2:1: source_system: " + has}},
		{"in file order", "case.yaml", "exported_at: 2024-05-01T10:00:00Z\ncase: x\nsource_system: Mosaic\n", []string{
			"case.yaml:1:1: exported_at: " + has,
			"case.yaml:3:1: source_system: " + has,
		}},
		{"merged in", "case.yaml", "template: &b {region: east}\n<<: *b\ncase: x\n", []string{
			"case.yaml:1:1: template: " + has,
			"case.yaml:1:15: region: " + has,
		}},
		{"JSON", "case.json", `{"case": "C-1", "source_system": "Mosaic", "exported_at": "2024-05-01T10:00:00Z"}`, []string{
			"case.json:1:17: source_system: " + has,
			"case.json:1:44: exported_at: " + has,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Read(tc.file, []byte(tc.src))
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.Warnings)
		})
	}
	// A near miss is an error, and so is an unknown key given twice.
	assert.Equal(t, "case.yaml:2:1: evnets: unknown key (did you mean events?)", readErrs(t, "case.yaml", "case: x\nevnets: []\n").Error())
	assert.Equal(t, "case.yaml:3:1: owner: duplicate key (first at line 2)", readErrs(t, "case.yaml", "case: x\nowner: a\nowner: b\n").Error())
	// A case with an error has no warnings to give.
	assert.Equal(t, "case.yaml:3:8: facts: want a mapping of fact names to values (facts: {s47_initiated: true}), not a list",
		readErrs(t, "case.yaml", "case: x\nowner: a\nfacts: [1]\n").Error())
}
