package rules_test

import (
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

func compileFile(t testing.TB, path string) *rules.Policy {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	p, err := rules.Compile(src, rules.WithFilename(path))
	require.NoError(t, err)
	return p
}

// engineResults evaluates c with the engine, in the reference's terms.
func engineResults(t testing.TB, p *rules.Policy, c *timescale.Case, asOf time.Time) []refResult {
	t.Helper()
	rep, err := p.Evaluate(c, asOf)
	require.NoError(t, err, "case %s", c.ID)
	var got []refResult
	for _, r := range rep.Results {
		// A not_applicable result carries a due date only when its instance
		// ended before it was due.
		due := ""
		if !r.Due.Time.IsZero() {
			due = refDate(r.Due.Time)
		}
		got = append(got, refResult{
			Rule: r.Rule, Instance: r.Instance.Number, Occurrence: r.Occurrence,
			Status: string(r.Status), Due: due, WorkingDaysLate: r.WorkingDaysLate,
		})
	}
	return got
}

// TestEnglandAgainstReference runs the engine, on the shipped England
// policy, and a plain Go implementation of the same rules written from the
// specification without the engine (reference_test.go), on thousands of
// random multi-episode records. A disagreement is shrunk to the smallest
// case that still shows one, and printed.
func TestEnglandAgainstReference(t *testing.T) {
	p := compileFile(t, "../policies/england.yaml")
	cal := p.Calendar()
	rng := rand.New(rand.NewSource(20240304))
	n := 5000
	if testing.Short() {
		n = 500
	}

	// First, cases written by hand, each with what the specification says
	// by hand (so the reference is checked too).
	for _, k := range refKnownCases {
		want := referenceEngland(k.c, k.asOf, cal)
		require.Equal(t, k.want, want, "the reference on %s", k.c.ID)
		if got := engineResults(t, p, k.c, k.asOf); !equalResults(want, got) {
			t.Errorf("%s (%s):\n%s\nreference (spec):%s\nengine:%s\ndiff:%s",
				k.c.ID, k.why, fmtCase(k.c, k.asOf), fmtResults(want), fmtResults(got), fmtDiff(want, got))
		}
	}

	statuses := map[string]int{}
	situations := map[string]int{}
	disagreements := 0
	type disagreement struct {
		events int    // in the smallest case
		text   string // the smallest case and its results
		count  int    // cases that disagree so
	}
	kinds := map[string]disagreement{}
	for i := 0; i < n; i++ {
		c, asOf := randomCase(rng, i)
		want, sits := refEvaluate(c, asOf, cal)
		for s := range sits {
			situations[s]++
		}
		for _, r := range want {
			statuses[r.Rule+" "+r.Status]++
		}
		got := engineResults(t, p, c, asOf)
		if equalResults(want, got) {
			continue
		}
		// Shrink it, and print the first (smallest) case of each kind of
		// disagreement.
		disagreements++
		small, smallAsOf := shrinkCase(t, p, c, asOf)
		want = referenceEngland(small, smallAsOf, cal)
		got = engineResults(t, p, small, smallAsOf)
		kind := diffKind(want, got)
		k, seen := kinds[kind]
		if !seen || len(small.Events) < k.events {
			kinds[kind] = disagreement{
				events: len(small.Events),
				text: fmt.Sprintf("case %d disagrees (%s); the smallest case found that still does:\n%s\nreference (spec):%s\nengine:%s\ndiff:%s",
					i, kind, fmtCase(small, smallAsOf), fmtResults(want), fmtResults(got), fmtDiff(want, got)),
				count: k.count,
			}
		}
		k = kinds[kind]
		k.count++
		kinds[kind] = k
	}
	if disagreements > 0 {
		var names []string
		for kind := range kinds {
			names = append(names, kind)
		}
		sort.Strings(names)
		for _, kind := range names {
			t.Errorf("%d cases disagree so: %s", kinds[kind].count, kinds[kind].text)
		}
		t.Errorf("%d of %d cases disagree", disagreements, n)
	}

	// The random cases reach every status of every rule.
	for _, rule := range refRules {
		for _, s := range []string{refMet, refLate, refOverdue, refDueSoon, refPending, refNotApplicable} {
			if statuses[rule+" "+s] == 0 {
				t.Errorf("no %s result for %s", s, rule)
			}
		}
	}
	// And the situations the rules treat specially.
	for _, s := range refSituations {
		if situations[s] == 0 {
			t.Errorf("no case has %s", s)
		}
	}
	if testing.Verbose() {
		var lines []string
		for _, s := range refSituations {
			lines = append(lines, fmt.Sprintf("  %5d %s", situations[s], s))
		}
		var keys []string
		for k := range statuses {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			lines = append(lines, fmt.Sprintf("  %5d %s", statuses[k], k))
		}
		t.Logf("%d cases:\n%s", n, strings.Join(lines, "\n"))
	}
}

// refKnownCases are cases written by hand, with the results the
// specification gives them.
var refKnownCases = func() []struct {
	c    *timescale.Case
	asOf time.Time
	why  string
	want []refResult
} {
	ev := func(kind, when string, attrs map[string]any) timescale.Event {
		t, dateOnly, err := timescale.ParseTime(when)
		if err != nil {
			panic(err)
		}
		return timescale.Event{Kind: kind, At: t, DateOnly: dateOnly, Attributes: attrs}
	}
	noReferral := []refResult{
		{Rule: refRuleDecision, Occurrence: 1, Status: refNotApplicable},
		{Rule: refRuleAssessment, Occurrence: 1, Status: refNotApplicable},
		{Rule: refRuleICPC, Instance: 1, Occurrence: 1, Status: refNotApplicable}, // no s47 recorded, no discussion
		{Rule: refRuleCoreGroup, Instance: 1, Occurrence: 1, Status: refMet, Due: "2024-01-24"},
		{Rule: refRuleFirstRCPC, Instance: 1, Occurrence: 1, Status: refMet, Due: "2024-04-10"},
	}
	return []struct {
		c    *timescale.Case
		asOf time.Time
		why  string
		want []refResult
	}{{
		// The plan ends at its second review, the end recorded by date
		// (midnight) and the review at 14:00 that day: the review is "not
		// after" the end's date, so it meets review-every-6-months.
		c: &timescale.Case{ID: "review-on-the-plans-last-day", Events: []timescale.Event{
			ev("icpc", "2024-01-10T10:00:00Z", nil),
			ev("core_group", "2024-01-15T10:00:00Z", nil),
			ev("rcpc", "2024-04-05T10:00:00+01:00", nil),
			ev("rcpc", "2024-10-01T14:00:00+01:00", nil),
			ev("cp_plan_end", "2024-10-01", map[string]any{"reason": "review"}),
		}},
		asOf: at("2024-10-10"),
		why:  "a review on the day the plan ended, later than the end's time",
		want: append(append([]refResult{}, noReferral...),
			refResult{Rule: refRuleReviews, Instance: 1, Occurrence: 1, Status: refMet, Due: "2024-10-05"}),
	}, {
		// The same, the review three days late: late by 2 working days (Mon 7
		// and Tue 8 October), not overdue.
		c: &timescale.Case{ID: "late-review-on-the-plans-last-day", Events: []timescale.Event{
			ev("icpc", "2024-01-10T10:00:00Z", nil),
			ev("core_group", "2024-01-15T10:00:00Z", nil),
			ev("rcpc", "2024-04-05T10:00:00+01:00", nil),
			ev("rcpc", "2024-10-08T14:00:00+01:00", nil),
			ev("cp_plan_end", "2024-10-08", map[string]any{"reason": "review"}),
		}},
		asOf: at("2024-10-10"),
		why:  "a late review on the day the plan ended, later than the end's time",
		want: append(append([]refResult{}, noReferral...),
			refResult{Rule: refRuleReviews, Instance: 1, Occurrence: 1, Status: refLate, Due: "2024-10-05", WorkingDaysLate: 2}),
	}}
}()

// shrinkCase returns the smallest case (and as-of date) it finds, by
// dropping events and attributes and moving the as-of date, on which the
// engine and the reference still disagree.
func shrinkCase(t testing.TB, p *rules.Policy, c *timescale.Case, asOf time.Time) (*timescale.Case, time.Time) {
	cal := p.Calendar()
	differs := func(c *timescale.Case, asOf time.Time) bool {
		return !equalResults(referenceEngland(c, asOf, cal), engineResults(t, p, c, asOf))
	}
	cur := &timescale.Case{ID: c.ID, Events: append([]timescale.Event{}, c.Events...)}
	for changed := true; changed; {
		changed = false
		// Drop one event.
		for i := 0; i < len(cur.Events); i++ {
			try := &timescale.Case{ID: cur.ID}
			try.Events = append(append([]timescale.Event{}, cur.Events[:i]...), cur.Events[i+1:]...)
			if differs(try, asOf) {
				cur, changed = try, true
				i--
			}
		}
		// Drop one attribute.
		for i := range cur.Events {
			for name := range cur.Events[i].Attributes {
				try := &timescale.Case{ID: cur.ID, Events: append([]timescale.Event{}, cur.Events...)}
				attrs := map[string]any{}
				for k, v := range cur.Events[i].Attributes {
					if k != name {
						attrs[k] = v
					}
				}
				try.Events[i].Attributes = attrs
				if differs(try, asOf) {
					cur, changed = try, true
					break
				}
			}
		}
		// Make an event date-only.
		for i := range cur.Events {
			e := cur.Events[i]
			if e.DateOnly {
				continue
			}
			try := &timescale.Case{ID: cur.ID, Events: append([]timescale.Event{}, cur.Events...)}
			try.Events[i].At, try.Events[i].DateOnly = calendar.Date(e.At), true
			if differs(try, asOf) {
				cur, changed = try, true
			}
		}
		// Make the as-of date midnight in London.
		if d := calendar.Date(asOf); !d.Equal(asOf) && differs(cur, d) {
			asOf, changed = d, true
		}
	}
	return cur, asOf
}

// diffKind names the kind of a disagreement: for each rule whose results
// differ, the reference's statuses and the engine's.
func diffKind(want, got []refResult) string {
	statuses := func(rs []refResult, rule string) string {
		var ss []string
		for _, r := range rs {
			if r.Rule == rule {
				ss = append(ss, r.Status)
			}
		}
		return strings.Join(ss, ",")
	}
	var parts []string
	for _, rule := range refRules {
		var a, b []refResult
		for _, r := range want {
			if r.Rule == rule {
				a = append(a, r)
			}
		}
		for _, r := range got {
			if r.Rule == rule {
				b = append(b, r)
			}
		}
		if !equalResults(a, b) {
			parts = append(parts, fmt.Sprintf("%s: spec %s, engine %s", rule, statuses(want, rule), statuses(got, rule)))
		}
	}
	return strings.Join(parts, "; ")
}

func equalResults(a, b []refResult) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func fmtResult(r refResult) string {
	return fmt.Sprintf("%s [%d] #%d %s %s +%d", r.Rule, r.Instance, r.Occurrence, r.Status, r.Due, r.WorkingDaysLate)
}

func fmtResults(rs []refResult) string {
	s := ""
	for _, r := range rs {
		s += "\n  " + fmtResult(r)
	}
	return s
}

// fmtDiff lists the results of a and b that are not in the other.
func fmtDiff(a, b []refResult) string {
	in := func(r refResult, rs []refResult) bool {
		for _, x := range rs {
			if x == r {
				return true
			}
		}
		return false
	}
	s := ""
	for _, r := range a {
		if !in(r, b) {
			s += "\n  - " + fmtResult(r)
		}
	}
	for _, r := range b {
		if !in(r, a) {
			s += "\n  + " + fmtResult(r)
		}
	}
	return s
}

// fmtCase writes a case's events in time order, in London time.
func fmtCase(c *timescale.Case, asOf time.Time) string {
	evs := append([]timescale.Event{}, c.Events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
	s := fmt.Sprintf("  as of %s", asOf.In(calendar.London).Format("Mon 2006-01-02 15:04 MST"))
	for _, e := range evs {
		when := e.At.In(calendar.London).Format("Mon 2006-01-02 15:04 MST")
		if e.DateOnly {
			when = e.At.In(calendar.London).Format("Mon 2006-01-02") + " (date only)"
		}
		s += fmt.Sprintf("\n  %-20s %s", e.Kind, when)
		var names []string
		for k := range e.Attributes {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			s += fmt.Sprintf(" %s=%#v", k, e.Attributes[k])
		}
	}
	return s
}
