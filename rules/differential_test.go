package rules_test

import (
	"fmt"
	"math/rand"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/rules"
)

func compileFile(t testing.TB, path string) *rules.Policy {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	p, err := rules.Compile(src, rules.WithFilename(path))
	require.NoError(t, err)
	return p
}

// TestEnglandAgainstReference runs the engine, on a policy of the six
// England rules, and a plain Go implementation of the same rules written
// without the engine (reference_test.go), on thousands of random cases.
func TestEnglandAgainstReference(t *testing.T) {
	p := compileFile(t, "testdata/england.yaml")
	rng := rand.New(rand.NewSource(20240304))
	n := 5000
	if testing.Short() {
		n = 500
	}
	statuses := map[string]int{}
	for i := 0; i < n; i++ {
		c, asOf := randomCase(rng, i)
		want := referenceEngland(c, asOf, p.Calendar())
		rep, err := p.Evaluate(c, asOf)
		require.NoError(t, err, "case %d", i)
		var got []refResult
		for _, r := range rep.Results {
			due := ""
			if r.Status != rules.NotApplicable {
				due = r.Due.Time.Format("2006-01-02")
			}
			got = append(got, refResult{Rule: r.Rule, Occurrence: r.Occurrence, Status: string(r.Status), Due: due, WorkingDaysLate: r.WorkingDaysLate})
			statuses[r.Rule+" "+string(r.Status)]++
		}
		if !equalResults(want, got) {
			t.Fatalf("case %d as of %s differs:\nwant %s\ngot  %s\ncase %+v", i, asOf, fmtResults(want), fmtResults(got), c)
		}
	}
	// The random cases reach every status of every deadline rule.
	for _, rule := range []string{"icpc-within-15-working-days", "first-core-group-within-10-working-days", "first-review-within-3-months", "review-every-6-months"} {
		for _, s := range []rules.Status{rules.Met, rules.Late, rules.Overdue, rules.Pending, rules.NotApplicable} {
			require.Positive(t, statuses[rule+" "+string(s)], "no %s result for %s", s, rule)
		}
	}
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

func fmtResults(rs []refResult) string {
	s := ""
	for _, r := range rs {
		s += fmt.Sprintf("\n  %s#%d %s %s +%d", r.Rule, r.Occurrence, r.Status, r.Due, r.WorkingDaysLate)
	}
	return s
}
