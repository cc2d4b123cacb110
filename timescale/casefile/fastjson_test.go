package casefile

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/timescale"
)

// lineGen writes random caseload lines. strict lines are valid cases
// written only in what the fast path reads itself, so that both paths must
// read them; other lines may be anything: cases valid or not, and JSON
// valid or not.
type lineGen struct {
	r      *rand.Rand
	strict bool
	tabs   bool // tabs and carriage returns between tokens (not strict)
}

func (g *lineGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }
func (g *lineGen) chance(n int) bool        { return g.r.IntN(n) == 0 }

// sp is the space between two tokens.
func (g *lineGen) sp() string {
	switch g.r.IntN(8) {
	case 0, 1:
		return " "
	case 2:
		return "  "
	case 3:
		if g.tabs && !g.strict && g.chance(3) {
			return g.pick("\t", "\r", " \t ")
		}
	}
	return ""
}

// times are strings that look like times, or nearly: valid and not.
var genTimes = []string{
	"2024-03-04", "2024-03-22", "2017-05-03", "2024-02-29", "2000-02-29",
	"2024-03-04T10:00:00Z", "2024-03-04T10:00:00+01:00", "2024-03-04T10:00:00-05:30",
	"2024-03-04T10:00", "2024-03-04 10:00", "2024-03-04 10:00:00", "2024-06-03T10:00:00",
	"2024-03-04T10:00:00.250Z", "2024-03-04T10:00:00.123456789+00:00", "2024-10-27T01:30",
	"2024-03-04T23:59:59-23:59", "2024-03-04T00:00:00+23:59",
	// Not times, or not times that exist.
	"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "0999-01-01", "2024-03-04T24:00",
	"2024-03-04T10:60", "2024-03-04T10:00:60Z", "2024-03-31T01:30", "2024-03-04T10:00:00+24:00",
	"2024-03-04T10:00:00.1234567890Z", "2024-03-04T10:00:00.Z", "2024-03-04t10:00", "2024-3-4",
	"2024-03-04T10", "2024-03-04T10:00Z", "2024-03-04T10:00+01:00", "2024-03-04T10:00:00+0100",
	"2024-03-04 ", " 2024-03-04", "2024-03-04T10:00:00ZZ", "２０２４-03-04",
}

// strictTimes are times that exist, for the at of a valid event.
var strictTimes = genTimes[:17]

// numbers are JSON numbers of every sort Read reads, and a few it refuses.
var genNumbers = []string{
	"0", "-0", "1", "-1", "42", "255", "256", "-256", "1000000", "1.0", "0.5", "-2.25", "1e3", "1E-2",
	"1e+2", "0e5", "0.1e1", "-0.0", "1.7976931348623157e308", "5e-324", "1e-400",
	"9223372036854775807", "-9223372036854775808",
}

// badNumbers are JSON numbers Read refuses as values.
var badNumbers = []string{
	"9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "123456789012345678901234567890",
}

func (g *lineGen) number() string {
	if !g.strict && g.chance(5) {
		return g.pick(badNumbers...)
	}
	switch g.r.IntN(4) {
	case 0:
		return strconv.FormatInt(g.r.Int64()-g.r.Int64(), 10)
	case 1:
		return strconv.FormatFloat(g.r.NormFloat64()*1e6, 'g', -1, 64)
	}
	return g.pick(genNumbers...)
}

// str writes a JSON string of random text, escaped in random ways.
func (g *lineGen) str() string {
	if g.chance(4) {
		return g.quote(g.pick(genTimes...))
	}
	var b strings.Builder
	b.WriteByte('"')
	for range g.r.IntN(8) {
		switch g.r.IntN(14) {
		case 0:
			b.WriteString(g.pick(`\/`, `/`, `\\`, `\"`, `\n`, `\t`, `\r`, `\b`, `\f`))
		case 1:
			fmt.Fprintf(&b, `\u%04x`, g.r.IntN(0xd800)) // any character before the surrogates
		case 2:
			fmt.Fprintf(&b, `\u%04X`, 0xe000+g.r.IntN(0x2000))
		case 3:
			b.WriteString(g.pick(`\ud83d\ude00`, `\uD83D\uDE00`, `\ud800`, `\udc00`, `\ud800\u0041`, `\ud800\ud800\udc00`, `\udbff\udfff`))
		case 4:
			b.WriteString(g.pick("é", "日本", "😀", "\u00a0", "\ufffd", "ß", "Ω"))
		case 5:
			if !g.strict && g.chance(6) {
				// What yaml.v3 reads as a line break, a byte order mark, and
				// characters YAML does not allow.
				b.WriteString(g.pick("\u0085", "\u2028", "\u2029", "\ufeff", "\x7f", "\u0080", "\x01", "\xff", "\t"))
			}
		case 6:
			b.WriteString(g.pick(" ", "  ", ":", ",", "{", "}", "[", "]", "#", "'", "&a", "*a", "!!int", "<<", "~", "null", "true", "-", "? "))
		default:
			b.WriteString(g.pick("a", "b", "x", "case", "east", "neglect", "plan", "Mosaic", "C-1042", "1e400", "42", "0x1F"))
		}
	}
	b.WriteByte('"')
	return b.String()
}

// quote writes s as a JSON string, escaping some characters that need not
// be.
func (g *lineGen) quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || g.chance(20):
			if r > 0xffff {
				r1, r2 := utf16Pair(r)
				fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		case r == '/' && g.chance(2):
			b.WriteString(`\/`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + r>>10, 0xdc00 + r&0x3ff
}

// value writes any value, nested no more than depth.
func (g *lineGen) value(depth int) string {
	n := 7
	if depth > 0 {
		n = 9
	}
	switch g.r.IntN(n) {
	case 0, 1:
		return g.str()
	case 2, 3:
		return g.number()
	case 4:
		return g.pick("true", "false")
	case 5:
		return "null"
	case 6:
		if !g.strict && g.chance(20) {
			return strings.Repeat("[", 101) + strings.Repeat("]", 101) // deeper than maxDepth
		}
		return g.pick("[]", "{}", g.sp()+"[ ]", "{ }")
	case 7:
		items := make([]string, g.r.IntN(4))
		for i := range items {
			items[i] = g.value(depth - 1)
		}
		return "[" + g.sp() + strings.Join(items, g.sp()+","+g.sp()) + g.sp() + "]"
	default:
		return g.object(depth-1, g.str)
	}
}

// pairs are the members of an object being written.
type pairs struct {
	g     *lineGen
	texts []string
	keys  map[string]bool // decoded
}

func (g *lineGen) pairs() *pairs { return &pairs{g: g, keys: map[string]bool{}} }

// add writes a member, key (JSON) and value, but for a strict line not
// one whose key (decoded) is already there.
func (p *pairs) add(key, value string) {
	var k string
	if json.Unmarshal([]byte(key), &k) == nil && p.keys[k] && p.g.strict {
		return
	}
	p.keys[k] = true
	p.texts = append(p.texts, key+p.g.sp()+":"+p.g.sp()+value)
}

// object writes the members in a random order, now and then (for a line
// not strict) with one of them twice.
func (p *pairs) object() string {
	g := p.g
	g.r.Shuffle(len(p.texts), func(i, j int) { p.texts[i], p.texts[j] = p.texts[j], p.texts[i] })
	if !g.strict && len(p.texts) > 0 && g.chance(8) {
		p.texts = append(p.texts, p.texts[g.r.IntN(len(p.texts))]) // a duplicate key
	}
	return "{" + g.sp() + strings.Join(p.texts, g.sp()+","+g.sp()) + g.sp() + "}"
}

// object writes an object of random keys (from key) and values.
func (g *lineGen) object(depth int, key func() string) string {
	p := g.pairs()
	for range g.r.IntN(4) {
		p.add(key(), g.value(depth))
	}
	return p.object()
}

// name writes a fact or attribute name, now and then one that is not.
func (g *lineGen) name() string {
	if !g.strict && g.chance(40) {
		return g.quote(g.pick("Urgency", "2nd", "due date", "a-b", "", "é", "a/b"))
	}
	return g.quote(g.pick("urgency", "s47", "s47_initiated", "_note", "plan", "nfa", "reason", "a", "b", "z9", "attendees", "seen", "outcome"))
}

func (g *lineGen) named(depth int) string {
	if g.chance(10) {
		return "null"
	}
	return g.object(depth, g.name)
}

func (g *lineGen) event() string {
	kind := g.quote(g.pick("icpc", "strategy_discussion", "s47_started", "referral", "cp_plan_start", "core_group", "rcpc", "cp_visit"))
	at := g.quote(g.pick(strictTimes...))
	if !g.strict {
		switch g.r.IntN(60) {
		case 0:
			kind = g.pick(`"Bad Kind"`, `"_icpc"`, `"1st"`, `""`, "1", "null", "true", "[]")
		case 1:
			at = g.pick(g.quote(g.pick(genTimes...)), "20240304", "null", "{}", `""`)
		}
	}
	p := g.pairs()
	if g.strict || !g.chance(20) {
		p.add(g.quote("kind"), kind)
	}
	if g.strict || !g.chance(20) {
		p.add(g.quote("at"), at)
	}
	for range g.r.IntN(4) {
		p.add(g.name(), g.value(3))
	}
	return p.object()
}

// line writes one caseload line.
func (g *lineGen) line() string {
	g.tabs = g.chance(10)
	p := g.pairs()
	id := g.pick(g.quote("C-"+strconv.Itoa(g.r.IntN(100000))), `"C`+g.str()[1:], "42", "-0", "9223372036854775808")
	if !g.strict && g.chance(6) {
		id = g.pick(g.str(), `""`, `"  "`, "1.5", "1e3", "1e400", "-9223372036854775809", "true", "null", "[]", "{}")
	}
	if g.strict || !g.chance(20) {
		p.add(g.quote("case"), id)
	}
	if g.chance(2) {
		asOf := g.quote(g.pick("2024-05-01", "2024-03-31", "2025-01-01"))
		if !g.strict && g.chance(4) {
			asOf = g.pick(g.quote(g.pick(genTimes...)), "20240501", "null")
		}
		p.add(g.quote("as_of"), asOf)
	}
	if g.chance(2) {
		child := g.pairs()
		if g.chance(2) {
			dob := g.quote(g.pick("2017-05-03", "2010-01-01", "2024-02-29T10:00:00Z"))
			if !g.strict && g.chance(4) {
				dob = g.pick(g.quote(g.pick(genTimes...)), "2017", "[]")
			}
			child.add(g.quote("date_of_birth"), g.pick(dob, "null"))
		}
		for range g.r.IntN(3) {
			child.add(g.name(), g.value(3))
		}
		v := child.object()
		if g.chance(10) {
			v = "null"
		}
		p.add(g.quote("child"), v)
	}
	if g.chance(2) {
		p.add(g.quote("facts"), g.named(4))
	}
	if g.chance(4) {
		p.add(g.quote("events"), g.pick("null", "[]"))
	} else {
		events := make([]string, g.r.IntN(13))
		for i := range events {
			events[i] = g.event()
		}
		p.add(g.quote("events"), "["+g.sp()+strings.Join(events, g.sp()+","+g.sp())+g.sp()+"]")
	}
	for range g.r.IntN(3) {
		// Keys a case management export adds: not read, so any valid
		// JSON value (the fast path reads only what it reads of values).
		p.add(g.quote(g.pick("source_system", "exported_at", "region_code", "due date", "<<", "x/y", "日本")), g.value(2))
	}
	if !g.strict && g.chance(6) {
		p.add(g.quote(g.pick("evnets", "Case", "fact", "child_", "asof", "event")), "[]") // near misses: errors
	}
	line := p.object()
	if !g.strict && g.chance(4) {
		line = g.mangle(line)
	}
	return line
}

// mangle breaks a line's JSON, or nearly: a trailing comma, a cut, a byte
// dropped, changed or added.
func (g *lineGen) mangle(line string) string {
	i := g.r.IntN(len(line))
	switch g.r.IntN(6) {
	case 0:
		return strings.Replace(line, "}", ",}", 1)
	case 1:
		return strings.Replace(line, "]", ",]", 1)
	case 2:
		return line[:i]
	case 3:
		return line[:i] + line[i+1:]
	case 4:
		return line[:i] + g.pick(",", ":", `"`, "\\", "{", "]", " ", "x", "\x00", "\xff", "0") + line[i:]
	}
	return line + g.pick(" {}", ",", "x", " ")
}

// compareLine checks that the fast path reads line as the Read path does,
// and that readLine gives Read's errors; it returns whether the fast path
// read it and whether Read did.
func compareLine(t testing.TB, line int, data string) (fast, read bool) {
	t.Helper()
	want, wantErr := readLineSlow("caseload.jsonl", line, []byte(data), options(nil))
	got, ok := fastLine("caseload.jsonl", line, data)
	if ok {
		if wantErr != nil {
			t.Fatalf("line %q: the fast path read %#v; Read: %v", data, got, wantErr)
		}
		if !reflect.DeepEqual(want, got) {
			assert.Equal(t, want, got, "line %q", data)
			t.FailNow()
		}
	}
	if data != "" && data[0] == '{' {
		c, err := readLine("caseload.jsonl", line, data, options(nil))
		switch {
		case wantErr != nil && (err == nil || err.Error() != wantErr.Error()):
			t.Fatalf("line %q: readLine gave %v, Read %v", data, err, wantErr)
		case wantErr == nil && !reflect.DeepEqual(want, c):
			t.Fatalf("line %q: readLine and Read give different cases", data)
		}
	}
	return ok, wantErr == nil
}

// Issue: "for random caseloads, the JSON decoder and the YAML reader give
// the same cases, so the fast path cannot drift from the documented
// format". Every line the fast path reads, Read reads the same, warnings
// and all; every line it does not, readLine gives Read's errors; and it
// reads every valid line written as caseloads are.
func TestFastLineMatchesRead(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	count := map[string]int{}
	for i := range n {
		// Half the lines valid, the rest anything.
		g := &lineGen{r: r, strict: r.IntN(2) == 0}
		data := g.line()
		fast, read := compareLine(t, i+1, data)
		if g.strict && !fast {
			_, err := readLineSlow("caseload.jsonl", i+1, []byte(data), options(nil))
			t.Fatalf("a valid line the fast path did not read: %q (Read: %v)", data, err)
		}
		switch {
		case g.strict:
			count["valid, read by both"]++
		case fast:
			count["others, read by both"]++
		case read:
			count["others, read by Read only"]++
		default:
			count["others, errors"]++
		}
	}
	t.Logf("%d lines: %v", n, count)
	// Enough of each, so that the test tests something.
	assert.Greater(t, count["others, read by both"], n/25)
	assert.Greater(t, count["others, errors"], n/10)
	assert.Less(t, count["others, read by Read only"], n/20, "the fast path gave up on too many lines Read reads")
}

// The cases the fast path gives are those the format documents, values of
// each type; not only those Read gives.
func TestFastLineValues(t *testing.T) {
	line := `{"case": 42, "as_of": "2024-05-01", "child": {"date_of_birth": "2017-05-03T23:30:00Z", "unborn": false},` +
		` "facts": {"n": -0, "big": 9223372036854775807, "f": 1.0, "e": 1e3, "small": 1E-2, "s": "C\/1 \ud83d\ude00 \ud800",` +
		` "t": "2024-03-04T10:00:00+01:00", "not_a_date": "2024-02-30", "list": [1, "a", null, [], {}], "map": {"Any Key": {"x": true}}, "none": null},` +
		` "events": [{"kind": "icpc", "at": "2024-03-22", "plan": true}, {"kind": "core_group", "at": "2024-04-02 10:00"}],` +
		` "source_system": {"name": "Mosaic"}}`
	c, ok := fastLine("caseload.jsonl", 7, line)
	require.True(t, ok)
	assert.Equal(t, &timescale.Case{
		ID:   "42",
		AsOf: ldn(2024, 5, 1, 0, 0),
		Child: timescale.Child{
			DateOfBirth: ldn(2017, 5, 4, 0, 0), // 23:30 UTC is the next day in London
			Attributes:  map[string]any{"unborn": false},
		},
		Facts: map[string]any{
			"n": int64(0), "big": int64(9223372036854775807), "f": 1.0, "e": 1000.0, "small": 0.01,
			"s": "C/1 \U0001F600 \uFFFD", "t": ldn(2024, 3, 4, 9, 0), "not_a_date": "2024-02-30",
			"list": []any{int64(1), "a", nil, []any{}, map[string]any{}},
			"map":  map[string]any{"Any Key": map[string]any{"x": true}}, "none": nil,
		},
		Events: []timescale.Event{
			{Kind: "icpc", At: ldn(2024, 3, 22, 0, 0), DateOnly: true, Attributes: map[string]any{"plan": true}, Line: 7},
			{Kind: "core_group", At: ldn(2024, 4, 2, 10, 0), Attributes: map[string]any{}, Line: 7},
		},
		Line:     7,
		Warnings: []string{"caseload.jsonl:7:477: source_system: unknown key, not read (a case file has case, as_of, child, facts and events)"},
	}, c)
	compareLine(t, 7, line)
}

// What the fast path gives up on, so that Read says what is wrong (or,
// for the last few, reads it as yaml.v3 does).
func TestFastLineGivesUp(t *testing.T) {
	for _, line := range []string{
		`{"case": "x", "case": "y"}`,
		`{"case": "x", "facts": {"a": {"b": 1, "b": 2}}}`,
		`{"case": "x", "owner": 1, "owner": 2}`,
		`{"case": "x", "evnets": []}`,
		`{"case": "x",}`,
		`{"case": "x"`,
		`{"case": "x"} {}`,
		`{"case": 1.5}`,
		`{"case": true}`,
		`{"case": "  "}`,
		`{"case": "x", "as_of": "2024-05-01T10:00:00Z"}`,
		`{"case": "x", "facts": {"n": 9223372036854775808}}`,
		`{"case": "x", "facts": {"n": 1e400}}`,
		`{"case": "x", "facts": {"n": 01}}`,
		`{"case": "x", "facts": {"Bad": 1}}`,
		`{"case": "x", "events": [{"kind": "icpc"}]}`,
		`{"case": "x", "events": [{"kind": "Bad Kind", "at": "2024-03-04"}]}`,
		`{"case": "x", "events": [{"kind": "icpc", "at": "2024-02-30"}]}`,
		`{"case": "x", "events": [7]}`,
		`{"case": "x", "facts": {"deep": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}}`,
		`{"case": "x", "facts": {"s": "a` + "\x01" + `"}}`,
		`{"case": "x", "facts": {"s": "a` + "\xff" + `"}}`,
		`{"case": "x", "facts": {"s": "\x"}}`,
		// Valid, but read by Read: yaml.v3 reads these its own way.
		"{\"case\":\t\"x\"}",
		"{\"case\": \"x\",\r\"facts\": {}}",
		"{\"case\": \"x\", \"facts\": {\"s\": \"a\u2028b\"}}",
		"{\"case\": \"x\", \"facts\": {\"s\": \"a\u0085b\"}}",
		`{"case": 1e400}`,
		`{"case": "x", "facts": {"m": {"` + strings.Repeat("k", 1020) + `": 1}}}`,
		`{"case": "x"` + unknownKeys(maxUnknownKeys+1) + `}`,
	} {
		_, ok := fastLine("caseload.jsonl", 1, line)
		assert.False(t, ok, "%q", line)
		compareLine(t, 1, line)
	}
}

// unknownKeys writes n members of keys a case file does not have.
func unknownKeys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `, "x_%d": %d`, i, i)
	}
	return b.String()
}

// Up to maxUnknownKeys keys not read, the fast path reads the case.
func TestFastLineUnknownKeys(t *testing.T) {
	line := `{"case": "x"` + unknownKeys(maxUnknownKeys) + `}`
	c, ok := fastLine("caseload.jsonl", 1, line)
	require.True(t, ok)
	assert.Len(t, c.Warnings, maxUnknownKeys)
	compareLine(t, 1, line)
}

// A byte order mark at the start of a caseload is read past, by the fast
// path as by Read; anywhere else it is an error.
func TestFastLineByteOrderMark(t *testing.T) {
	in := "\xef\xbb\xbf{\"case\": \"A-1\", \"source_system\": \"Mosaic\"}\n\xef\xbb\xbf{\"case\": \"A-2\"}\n"
	var got []string
	for c, err := range ReadLines("caseload.jsonl", strings.NewReader(in)) {
		if err != nil {
			got = append(got, err.Error())
			continue
		}
		got = append(got, c.ID)
		got = append(got, c.Warnings...)
	}
	assert.Equal(t, []string{
		"A-1",
		"caseload.jsonl:1:17: source_system: unknown key, not read (a case file has case, as_of, child, facts and events)",
		`caseload.jsonl:2:1: want a case as a JSON object ({"case": ...}) on each line`,
	}, got)
}

// FuzzFastLineMatchesRead checks on any line what TestFastLineMatchesRead
// checks on random caseloads: the fast path never panics, and reads a line
// only as Read reads it.
//
//	go test ./timescale/casefile -run '^$' -fuzz '^FuzzFastLineMatchesRead$' -fuzztime 3m
func FuzzFastLineMatchesRead(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 80 {
		g := &lineGen{r: r, strict: i%2 == 0}
		f.Add(g.line())
	}
	f.Add(typicalLine)
	f.Add(`{"case": "x", "facts": {"s": "\ud83d\ude00\ud800\/"}, "source_system": 1}`)
	f.Fuzz(func(t *testing.T, data string) {
		fastLine("f.jsonl", 1, data) // must not panic, whatever data is
		if data == "" || data[0] != '{' || len(data) > 1<<16 {
			return
		}
		compareLine(t, 1, data)
	})
}
