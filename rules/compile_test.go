package rules_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/golden"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

// TestCompileErrors compiles each bad policy in testdata/errors and
// compares the full error text with its golden file, so any change in
// wording or position is a reviewed diff.
func TestCompileErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			_, err = rules.Compile(src, rules.WithFilename(path), rules.WithLoader(testLoader))
			require.Error(t, err)
			var list rules.ErrorList
			require.True(t, errors.As(err, &list), "a compile error is an ErrorList")
			for _, e := range list {
				assert.Equal(t, path, e.File)
			}
			golden.Check(t, strings.TrimSuffix(path, ".yaml")+".golden", []byte(err.Error()+"\n"))
		})
	}
}

func TestCompileErrorFields(t *testing.T) {
	src, err := os.ReadFile("testdata/errors/bad-periods.yaml")
	require.NoError(t, err)
	_, err = rules.Compile(src, rules.WithFilename("bad-periods.yaml"))
	var list rules.ErrorList
	require.ErrorAs(t, err, &list)
	var within *rules.Error
	for _, e := range list {
		if e.Key == "within" {
			within = e
		}
	}
	require.NotNil(t, within)
	assert.Equal(t, "icpc-within-15-working-days", within.Rule)
	assert.Equal(t, 13, within.Line)
	assert.Equal(t, 13, within.Column)
	assert.Equal(t, `bad-periods.yaml:13:13: rule icpc-within-15-working-days: within: cannot read "fifteen working dayz" as a period; write a whole number and a unit: "15 working days", "1 working day", "28 days" (or "28 calendar days"), "6 weeks", "3 months", "48 hours"
 |     within: fifteen working dayz
 | ............^`, within.Error())
	// errors.As finds each error through the list.
	var one *rules.Error
	assert.True(t, errors.As(err, &one))
}

func TestCompileValidPolicies(t *testing.T) {
	for _, path := range []string{"testdata/england.yaml", "testdata/bench20.yaml"} {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		p, err := rules.Compile(src, rules.WithFilename(path), rules.WithLoader(testLoader))
		require.NoError(t, err, path)
		for _, r := range p.Rules() {
			assert.NotEmpty(t, r.Title, r.ID)
			assert.NotEmpty(t, r.Source, r.ID)
		}
	}
}

func FuzzCompile(f *testing.F) {
	for _, dir := range []string{"testdata/*.yaml", "testdata/errors/*.yaml"} {
		files, _ := filepath.Glob(dir)
		for _, path := range files {
			src, err := os.ReadFile(path)
			require.NoError(f, err)
			f.Add(string(src))
		}
	}
	f.Add("policy: x\ntitle: y\ncalendar: {region: scotland}\nevents: {a: b}\nvariables: {v: 'variables.v'}\nrules: [{id: a, title: t, source: s, every: 1 day, from: first(events.a), done: events.a}]")
	f.Fuzz(func(t *testing.T, src string) {
		p, err := rules.Compile([]byte(src), rules.WithFilename("fuzz.yaml"), rules.WithLoader(testLoader))
		if err != nil {
			var list rules.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			return
		}
		// A policy that compiles evaluates any case without panicking.
		_, _ = p.Evaluate(twentyEventCase(), at("2024-07-01"))
	})
}

// TestCompileErrorCodes gives the machine-readable code of every error of
// the golden error files, one line each, so a tool that acts on codes sees
// a reviewed diff when a code changes.
func TestCompileErrorCodes(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.yaml")
	require.NoError(t, err)
	var out strings.Builder
	for _, path := range files {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		_, err = rules.Compile(src, rules.WithFilename(path), rules.WithLoader(testLoader))
		var list rules.ErrorList
		require.ErrorAs(t, err, &list)
		for _, e := range list {
			require.NotEmpty(t, e.Code, "%s has no code", e.Summary())
			fmt.Fprintf(&out, "%s %s\n", e.Position(), e.Code)
		}
	}
	golden.Check(t, "testdata/errors/codes.golden", []byte(out.String()))
}

// TestPolicyAliasesAndMergeKeys: a policy may share keys between rules with
// an anchor and a merge key, as a case file may; it compiles to the same
// rules as the policy written out in full.
func TestPolicyAliasesAndMergeKeys(t *testing.T) {
	shared := `policy: merged
title: Shared keys
calendar: {region: england-and-wales}
events:
  icpc: An initial child protection conference.
  core_group: A core group meeting.
  rcpc: A review conference.
rules:
  - &from-icpc
    id: first-core-group
    title: First core group within 10 working days of the ICPC
    source: "Working Together"
    from: first(events.icpc)
    within: 10 working days
    done: events.core_group
  - <<: *from-icpc
    id: first-review
    title: First review within 3 months of the ICPC
    within: 3 months
    done: events.rcpc
`
	full := `policy: merged
title: Shared keys
calendar: {region: england-and-wales}
events:
  icpc: An initial child protection conference.
  core_group: A core group meeting.
  rcpc: A review conference.
rules:
  - id: first-core-group
    title: First core group within 10 working days of the ICPC
    source: "Working Together"
    from: first(events.icpc)
    within: 10 working days
    done: events.core_group
  - id: first-review
    title: First review within 3 months of the ICPC
    source: "Working Together"
    from: first(events.icpc)
    within: 3 months
    done: events.rcpc
`
	a, err := rules.Compile([]byte(shared), rules.WithFilename("shared.yaml"))
	require.NoError(t, err)
	b, err := rules.Compile([]byte(full), rules.WithFilename("full.yaml"))
	require.NoError(t, err)
	assert.Equal(t, b.Rules(), a.Rules())
	// ICPC Mon 4 Mar 2024: core group due Mon 18 Mar (10 working days),
	// review due Tue 4 Jun (3 months).
	c := &timescale.Case{ID: "M-1", Events: []timescale.Event{ev("icpc", "2024-03-04")}}
	ra, rb := evaluate(t, a, c, "2024-03-05"), evaluate(t, b, c, "2024-03-05")
	assert.Equal(t, rb.Results, ra.Results)
	assert.Equal(t, "2024-03-18", result(t, ra, "first-core-group", 1).Due.Time.Format(time.DateOnly))
	assert.Equal(t, "2024-06-04", result(t, ra, "first-review", 1).Due.Time.Format(time.DateOnly))

	// A merge key that brings in a key the rule also gives keeps the rule's
	// own; a key given twice outright is an error naming both lines.
	_, err = rules.Compile([]byte(strings.Replace(full, "    within: 3 months\n", "    within: 3 months\n    within: 4 months\n", 1)), rules.WithFilename("twice.yaml"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "twice.yaml:20:5: rule first-review: within: duplicate key (first at line 19)")
}

// TestDocMatchesSchema: the table of each kind's keys in doc.go is the one
// the rule schema gives.
func TestDocMatchesSchema(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(doc), rules.KindTableForTest()), "doc.go's table of each kind's keys should read:\n%s", rules.KindTableForTest())
}

// TestCompilingManyPoliciesLeavesCalendarsBounded: a service that compiles
// policies uploaded by councils, each with its own closure days, does not
// keep a calendar for every one. 1,000 policies with distinct closures are
// compiled and dropped; the heap grows by no more than the calendar cache's
// bound of 64 calendars (each under 1 MB), where keeping all of them would
// take over 400 MB.
func TestCompilingManyPoliciesLeavesCalendarsBounded(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 200
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		closure := start.AddDate(0, 0, i).Format(time.DateOnly)
		src := fmt.Sprintf("policy: council-%d\ntitle: Council %d\ncalendar: {region: england-and-wales, closures: [%s]}\n", i, i, closure)
		_, err := rules.Compile([]byte(src))
		require.NoError(t, err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	assert.Less(t, grown, int64(64<<20), "heap grew by %d MB after compiling %d policies", grown>>20, n)
}

// TestBusinessDaysAreWorkingDays: a policy may write "business days"; the
// rule's period is working days, and counts as working days do.
func TestBusinessDaysAreWorkingDays(t *testing.T) {
	src := `policy: business
title: Business days
calendar: {region: england-and-wales}
events:
  strategy_discussion: A strategy discussion.
  icpc: An initial child protection conference.
rules:
  - id: icpc-within-15-business-days
    title: ICPC within 15 business days
    source: "A test"
    from: last(events.strategy_discussion)
    within: 15 business days
    done: events.icpc
`
	p, err := rules.Compile([]byte(src), rules.WithFilename("business.yaml"))
	require.NoError(t, err)
	r, ok := p.Rule("icpc-within-15-business-days")
	require.True(t, ok)
	assert.Equal(t, "15 working days", r.Period.String())
	// Thu 21 Mar 2024 is day 0; skipping Good Friday 29 Mar and Easter
	// Monday 1 Apr, working day 15 is Mon 15 Apr 2024.
	c := &timescale.Case{ID: "B-1", Events: []timescale.Event{ev("strategy_discussion", "2024-03-21")}}
	rep := evaluate(t, p, c, "2024-04-01")
	assert.Equal(t, "2024-04-15", result(t, rep, "icpc-within-15-business-days", 1).Due.Time.Format(time.DateOnly))
}
