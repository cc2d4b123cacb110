package rules_test

// Hostile policy files and cases (issue 16): each is refused with an error
// that names the file, line and key, or evaluated, within bounded time and
// memory.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/bound"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

// hostileHead starts a policy with one event kind.
const hostileHead = "policy: hostile\ntitle: Hostile\ncalendar: {region: england-and-wales}\nevents: {icpc: An ICPC., strategy_discussion: A strategy discussion.}\n"

// compileErrors compiles src within generous bounds and returns its errors.
func compileErrors(t *testing.T, src string, opts ...rules.Option) rules.ErrorList {
	t.Helper()
	var err error
	u := bound.Run(t, bound.Generous, func() {
		_, err = rules.Compile([]byte(src), append([]rules.Option{rules.WithFilename("hostile.yaml")}, opts...)...)
	})
	t.Logf("compiled in %s", u)
	require.Error(t, err)
	var list rules.ErrorList
	require.True(t, errors.As(err, &list), "%T: %v", err, err)
	return list
}

// Item 8: a second YAML document in a policy, after --- or ..., broken or
// not, is an error at its line: none of its rules is silently dropped.
func TestHostileSecondDocument(t *testing.T) {
	for _, tt := range []struct {
		rest string
		line int
		msg  string
	}{
		{"---\nrules: [{id: dropped}]\n", 6, "a policy file holds one YAML document; this is a second"},
		{"...\n---\nrules: []\n", 7, "a policy file holds one YAML document; this is a second"},
		{"---\n", 6, "a policy file holds one YAML document; this is a second"},
		{"---\nrules: [broken\n", 0, "cannot read YAML"},
		{"...\nrules: [broken\n", 0, "cannot read YAML"},
	} {
		list := compileErrors(t, hostileHead+"rules: []\n"+tt.rest)
		require.Len(t, list, 1, "%q", tt.rest)
		assert.Contains(t, list[0].Msg, tt.msg, "%q", tt.rest)
		assert.Equal(t, rules.CodeYAML, list[0].Code)
		if tt.line > 0 {
			assert.Equal(t, tt.line, list[0].Line, "%q", tt.rest)
		}
	}
}

// Item 12: invalid UTF-8 and NUL bytes in a policy are reported at their
// line and column.
func TestHostileBadCharacters(t *testing.T) {
	list := compileErrors(t, hostileHead+"rules:\n  - id: a\n    title: \"caf\xe9\"\n")
	require.Len(t, list, 1)
	assert.Equal(t, "hostile.yaml:7:16: cannot read YAML: invalid UTF-8: the byte 0xe9 is not part of a character; save the file as UTF-8", list[0].Summary())

	list = compileErrors(t, hostileHead+"rules: []\n# a comment\x00\n")
	require.Len(t, list, 1)
	assert.Equal(t, "hostile.yaml:6:12: cannot read YAML: the control character U+0000 is not allowed in YAML", list[0].Summary())
}

// Item 2: an extends: cycle through a loader whose file names itself by
// another id than the one it was loaded by ends, with an error at the
// extends: that closes the cycle; so does a loader that makes up a new
// parent for ever.
func TestHostileExtendsCycleThroughLoader(t *testing.T) {
	// b.yaml calls itself c, and extends b.
	loader := func(id string) (string, []byte, error) {
		return id + ".yaml", []byte("policy: c\ntitle: C\ncalendar: {region: england-and-wales}\nextends: b\nrules: []\n"), nil
	}
	list := compileErrors(t, hostileHead+"extends: b\nrules: []\n", rules.WithLoader(loader))
	require.Len(t, list, 1)
	assert.Equal(t, `b.yaml:4:10: extends: policy "b" extends itself through hostile -> b -> b`, list[0].Summary())
	assert.Equal(t, rules.CodeExtends, list[0].Code)

	// Each parent extends one with a new name: p1, p2, ...
	endless := func(id string) (string, []byte, error) {
		var n int
		fmt.Sscanf(id, "p%d", &n)
		return id + ".yaml", fmt.Appendf(nil, "policy: %s\ntitle: P\ncalendar: {region: england-and-wales}\nextends: p%d\nrules: []\n", id, n+1), nil
	}
	list = compileErrors(t, hostileHead+"extends: p1\nrules: []\n", rules.WithLoader(endless))
	require.Len(t, list, 1)
	assert.Equal(t, fmt.Sprintf("p%d.yaml:4:10: extends: policy %q is more than %d policies deep in extends:", rules.MaxExtends, fmt.Sprintf("p%d", rules.MaxExtends+1), rules.MaxExtends), list[0].Summary())
}

// Item 4: compile work is linear in the policy. 5,000 variables, each
// reading the one before (an 80 KB policy), compile; 4,000 rules that
// follow unknown rules are each reported, without comparing every id with
// every other for a suggestion.
func TestHostileManyVariablesAndUnknownAfters(t *testing.T) {
	vars, afters := 5000, 4000
	if bound.Race {
		vars, afters = 1000, 1000 // the race detector makes parsing 10 times slower
	}
	var b strings.Builder
	b.WriteString(hostileHead + "variables:\n  v0: \"1\"\n")
	for i := 1; i < vars; i++ {
		fmt.Fprintf(&b, "  v%d: variables.v%d + 1\n", i, i-1)
	}
	fmt.Fprintf(&b, "rules:\n  - {id: a, title: t, source: s, kind: check, check: \"variables.v%d > 0\"}\n", vars-1)
	var err error
	u := bound.Run(t, bound.Generous, func() { _, err = rules.Compile([]byte(b.String())) })
	t.Logf("%d variables (%d KB): %s", vars, b.Len()>>10, u)
	require.NoError(t, err)

	b.Reset()
	b.WriteString(hostileHead + "rules:\n")
	for i := 0; i < afters; i++ {
		fmt.Fprintf(&b, "  - {id: r%d, title: t, source: s, within: 1 day, after: q%d, done: first(events.icpc)}\n", i, i)
	}
	list := compileErrors(t, b.String())
	require.Len(t, list, afters)
	assert.Equal(t, `hostile.yaml:6:57: rule r0: after: no rule "q0" in this policy; did you mean "r0"?`, list[0].Summary())
	last := afters - 1
	assert.Equal(t, fmt.Sprintf(`hostile.yaml:%d:%d: rule r%d: after: no rule "q%d" in this policy`, 6+last, 56+len(fmt.Sprint(last)), last, last),
		list[last].Summary(), "no suggestion once the budget is spent")
}

// doubling is a policy of variables each twice the one before: v1 is
// first, v2 is step of v1 and v1 (by default v1 + v1), and so on to v35,
// which a rule reads with check.
func doubling(first, step, check string) string {
	if step == "" {
		step = "variables.v%[1]d + variables.v%[1]d"
	}
	var b strings.Builder
	b.WriteString(hostileHead + "variables:\n  v1: \"" + first + "\"\n")
	for i := 2; i <= 35; i++ {
		fmt.Fprintf(&b, "  v%d: \"%s\"\n", i, fmt.Sprintf(step, i-1))
	}
	b.WriteString("rules:\n  - {id: a, title: t, source: s, kind: check, check: \"" + check + "\"}\n")
	return b.String()
}

// Item 1: the cost limit bounds an expression together with the variables
// it reads. Each variable doubling the one before is cheap alone; a 2 KB
// policy of them reached 6.7 GB, and with lists made
// variables.v35.exists(...) never end. The first variable whose value,
// with those it reads, could cost too much is refused, at its line.
func TestHostileVariablesThatDouble(t *testing.T) {
	for _, tt := range []struct{ first, step, check string }{
		{"'x' + 'x'", "", "size(variables.v35) > 0"},
		{"[1, 2]", "", "variables.v35.exists(x, x == 3)"},
		// string() hides the size from the estimate: a variable whose
		// value's size is not known is not taken to be small.
		{"'x' + 'x'", "string(variables.v%[1]d + variables.v%[1]d)", "size(variables.v35) > 0"},
	} {
		list := compileErrors(t, doubling(tt.first, tt.step, tt.check))
		require.NotEmpty(t, list, tt.first)
		e := list[0]
		assert.Equal(t, rules.CodeCost, e.Code, e.Summary())
		assert.Equal(t, "hostile.yaml", e.File)
		assert.Contains(t, e.Msg, "the variables it reads", e.Summary())
		switch {
		case tt.step != "":
			// v2's size is not known, so reading it twice has no bound.
			assert.Equal(t, "variables.v3", e.Key, e.Summary())
			assert.Contains(t, e.Msg, "has no bound on its cost")
		case strings.HasPrefix(tt.first, "'"):
			// A string of 2^23 characters is the first too costly to make.
			assert.Equal(t, "variables.v23", e.Key, e.Summary())
			assert.Equal(t, 28, e.Line, e.Summary())
		default:
			// Lists are joined without copying, so each variable is cheap;
			// looping over 2^35 items is not.
			assert.Equal(t, "check", e.Key, e.Summary())
			assert.Equal(t, 42, e.Line, e.Summary())
		}
		t.Log(e.Summary())
		for _, e := range list {
			assert.Equal(t, rules.CodeCost, e.Code, e.Summary())
		}
	}
	// A value that grows and a loop over it: the rule's check is refused
	// once what it reads is counted, though each part is cheap.
	src := hostileHead + "variables:\n  all: \"events.icpc + events.icpc + events.icpc\"\n  pairs: \"variables.all.map(a, variables.all.filter(b, b.at > a.at))\"\n" +
		"rules:\n  - {id: a, title: t, source: s, kind: check, check: \"variables.pairs.size() > 0\"}\n"
	list := compileErrors(t, src)
	require.Len(t, list, 1)
	assert.Equal(t, "variables.pairs", list[0].Key)
	assert.Equal(t, 7, list[0].Line)
}

// Variables are read only once defined, and an unknown one is named.
func TestHostileVariableReads(t *testing.T) {
	src := hostileHead + "variables:\n  a: variables.b\n  b: \"1\"\n  c: variables.c\n" +
		"rules:\n  - {id: r, title: t, source: s, kind: check, check: \"variables.bb > 0\"}\n"
	list := compileErrors(t, src)
	var got []string
	for _, e := range list {
		got = append(got, e.Summary())
	}
	assert.Equal(t, []string{
		`hostile.yaml:6:16: variables.a: variable "b" is defined after this one (line 7); a variable can read only the variables before it`,
		`hostile.yaml:8:16: variables.c: variable "c" reads itself; a variable can read only the variables before it`,
		`hostile.yaml:10:65: rule r: check: no variable "bb" in the policy's variables; did you mean variables.b?`,
	}, got)
}

// Item 5: an expression nested too deep is refused before the type checker
// sees it; 249 levels of nested maps took 14.5 s each to check.
func TestHostileDeepNesting(t *testing.T) {
	deep := strings.Repeat("{'a': ", 249) + "1" + strings.Repeat("}", 249)
	var b strings.Builder
	b.WriteString(hostileHead + "rules:\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "  - {id: r%d, title: t, source: s, kind: check, check: \"%s == {}\"}\n", i, deep)
	}
	list := compileErrors(t, b.String())
	require.Len(t, list, 20)
	assert.Equal(t, rules.CodeCost, list[0].Code)
	assert.Equal(t, fmt.Sprintf("rule r0: check: the expression nests more than %d deep (brackets, calls, operators and literals inside each other); name its parts under variables:", rules.MaxNesting), strings.SplitN(list[0].Summary(), ": ", 2)[1])
	// At a part past the limit: the expression starts at column 56, and
	// each level is 6 characters.
	assert.Equal(t, 6, list[0].Line)
	assert.Greater(t, list[0].Column, 56+6*(rules.MaxNesting-2))

	// As deep as allowed compiles.
	ok := strings.Repeat("{'a': ", rules.MaxNesting-2) + "1" + strings.Repeat("}", rules.MaxNesting-2)
	_, err := rules.Compile([]byte(hostileHead + "rules:\n  - {id: r, title: t, source: s, kind: check, check: \"" + ok + " != {}\"}\n"))
	assert.NoError(t, err)
}

// A function of the policy that looks through a list costs as much as the
// list is long: during() inside a loop is a loop inside a loop.
func TestHostileDuringInALoop(t *testing.T) {
	src := hostileHead + "instances: {plan: {description: Each plan., start: events.icpc}}\n" +
		"rules:\n  - {id: a, title: t, source: s, kind: check, check: \"events.icpc.all(e, during(instances.plan, e.at))\"}\n"
	list := compileErrors(t, src)
	require.Len(t, list, 1)
	assert.Equal(t, rules.CodeCost, list[0].Code, list[0].Summary())
	// Once is fine.
	_, err := rules.Compile([]byte(hostileHead + "instances: {plan: {description: Each plan., start: events.icpc}}\n" +
		"rules:\n  - {id: a, title: t, source: s, kind: check, check: \"during(instances.plan, as_of)\"}\n"))
	assert.NoError(t, err)
}

// evalPolicy is a policy whose deadline may be extended by a fact, and a
// check on a fact, for the evaluation errors below.
const evalPolicy = hostileHead + `rules:
  - id: icpc
    title: ICPC within 15 working days
    source: s
    from: first(events.strategy_discussion)
    within: 15 working days
    done: first(events.icpc)
    extended_to: facts.extended_to
  - id: grading
    title: Graded
    source: s
    kind: check
    check: facts.grading > 3
`

func evalError(t *testing.T, c *timescale.Case) *rules.EvalError {
	t.Helper()
	p, err := rules.Compile([]byte(evalPolicy), rules.WithFilename("hostile.yaml"))
	require.NoError(t, err)
	var rep *rules.Report
	bound.Run(t, bound.Generous, func() { rep, err = p.Evaluate(c, at("2024-05-01")) })
	require.Error(t, err, "%+v", rep)
	var ee *rules.EvalError
	require.ErrorAs(t, err, &ee)
	return ee
}

func discussed(when string, facts map[string]any) *timescale.Case {
	return &timescale.Case{ID: "H-1", Facts: facts, Events: []timescale.Event{{Kind: "strategy_discussion", At: at(when)}}}
}

// Item 9: an extended_to: outside the calendar (1990 to 2100) is refused,
// not counted: a typo in the year gave "late by 106751 days".
func TestHostileExtensionOutsideTheCalendar(t *testing.T) {
	for when, want := range map[string]string{
		"1024-04-01": "1 Apr 1024 is outside the working-day calendar (1 Jan 1990 to 31 Dec 2100)",
		"2999-01-01": "1 Jan 2999 is outside the working-day calendar (1 Jan 1990 to 31 Dec 2100)",
	} {
		ee := evalError(t, discussed("2024-03-01", map[string]any{"extended_to": at(when), "grading": int64(4)}))
		assert.Equal(t, "icpc", ee.Rule)
		assert.Equal(t, "extended_to", ee.Key)
		assert.Equal(t, "case H-1: rule icpc: extended_to: "+want+" (written at hostile.yaml:12:18)", ee.Error())
	}
}

// Item 13: a count of working days past the calendar's end names the date
// it was counted from, not "31 Dec 0000".
func TestHostileWorkingDaysPastTheCalendar(t *testing.T) {
	ee := evalError(t, discussed("2100-12-20", map[string]any{"grading": int64(4)}))
	assert.Equal(t, "case H-1: rule icpc: within: 15 working days after 20 Dec 2100 is outside the working-day calendar (1 Jan 1990 to 31 Dec 2100) (written at hostile.yaml:10:13)", ee.Error())
	var re *timescale.RangeError
	require.ErrorAs(t, ee, &re)
	assert.Equal(t, at("2100-12-20"), re.Date)
}

// Item 15: an evaluation error says where in the policy the expression that
// failed was written.
func TestHostileEvalErrorNamesThePolicyPosition(t *testing.T) {
	ee := evalError(t, discussed("2024-03-01", map[string]any{"grading": "high"}))
	assert.Equal(t, rules.Location{File: "hostile.yaml", Line: 17, Column: 12}, ee.At)
	assert.Equal(t, "case H-1: rule grading: check: no such overload (written at hostile.yaml:17:12)", ee.Error())
}

// Item 3: a policy is read within a size limit, from a stream or from a
// loader, with an error that says the limit and how to change it.
func TestHostilePolicySize(t *testing.T) {
	var err error
	bound.Run(t, bound.Generous, func() {
		_, err = rules.CompileReader(bound.Endless("\x00"), rules.WithFilename("<stdin>"), rules.WithMaxSize(4<<20))
	})
	assert.EqualError(t, err, "<stdin>: the policy file is larger than 4 MiB, the most a policy file may be (rules.WithMaxSize changes it)")
	var list rules.ErrorList
	require.ErrorAs(t, err, &list)
	assert.Equal(t, rules.CodeYAML, list[0].Code)

	_, err = rules.Compile(make([]byte, rules.MaxPolicySize+1), rules.WithFilename("big.yaml"))
	assert.EqualError(t, err, "big.yaml: the policy file is larger than 16 MiB, the most a policy file may be (rules.WithMaxSize changes it)")

	huge := func(id string) (string, []byte, error) { return id + ".yaml", make([]byte, 2<<20), nil }
	list = compileErrors(t, hostileHead+"extends: big\nrules: []\n", rules.WithLoader(huge), rules.WithMaxSize(1<<20))
	require.Len(t, list, 1)
	assert.Equal(t, "hostile.yaml:5:10: extends: policy \"big\" (big.yaml) is larger than 1 MiB, the most a policy file may be (rules.WithMaxSize changes it)", list[0].Summary())

	// Within the limit, a stream compiles.
	p, err := rules.CompileReader(strings.NewReader(hostileHead+"rules: []\n"), rules.WithMaxSize(1<<10))
	require.NoError(t, err)
	assert.Equal(t, "hostile", p.ID())
}

// Item 6: a batch with absurdly many workers asked for runs with at most
// MaxWorkers, and ends: 100,000,000 workers on two cases hung and ran out
// of memory.
func TestHostileWorkers(t *testing.T) {
	p, err := rules.Compile([]byte(evalPolicy))
	require.NoError(t, err)
	cases := func(yield func(*timescale.Case, error) bool) {
		for _, id := range []string{"W-1", "W-2"} {
			c := discussed("2024-03-01", map[string]any{"grading": int64(4), "extended_to": at("2024-04-01")})
			c.ID = id
			if !yield(c, nil) {
				return
			}
		}
	}
	for _, workers := range []int{100_000_000, rules.MaxWorkers + 1, -5} {
		n := 0
		bound.Run(t, bound.Generous, func() {
			for o := range p.EvaluateAll(context.Background(), cases, at("2024-05-01"), rules.BatchOptions{Workers: workers}) {
				require.NoError(t, o.Err)
				n++
			}
		})
		assert.Equal(t, 2, n, "workers %d", workers)
	}
}
