package policies_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/policytest"
	"github.com/safeguarding/timescales/rules"
)

// goldenRoot holds a folder per policy: testdata/<policy>/<case>.yaml beside
// <case>.golden.json. A folder may hold its own policy.yaml (a council's
// policy that extends a shipped one); otherwise the folder names a shipped
// policy. Each folder is checked by policytest, as a council checks its own.
const goldenRoot = "../testdata"

type goldenCase struct {
	policy string
	path   string
	report *rules.Report
}

// TestGoldenReports evaluates every case in testdata/ with its policy, as
// of the case's as_of date, and compares the report with its golden file,
// through policytest: a failure lists each result that changed, field by
// field. go test ./... -update rewrites the golden files; review the diff.
func TestGoldenReports(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		t.Run(dir, func(t *testing.T) {
			policytest.Run(t, filepath.Join(goldenRoot, dir), shippedFor(t, dir)...)
		})
	}
}

// TestGoldenCoverage: each authority's cases together make every rule of
// its policy both met and breached at least once, in at least 8 cases.
func TestGoldenCoverage(t *testing.T) {
	type tally struct{ met, breached map[string]bool }
	byPolicy := map[string]*tally{}
	count := map[string]int{}
	for _, c := range goldenCases(t) {
		tl := byPolicy[c.policy]
		if tl == nil {
			tl = &tally{met: map[string]bool{}, breached: map[string]bool{}}
			byPolicy[c.policy] = tl
		}
		count[c.policy]++
		for _, r := range c.report.Results {
			if r.Status == rules.Met {
				tl.met[r.Rule] = true
			}
			if r.Status.IsBreach() {
				tl.breached[r.Rule] = true
			}
		}
	}
	var names []string
	for name := range byPolicy {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := policyFor(t, name)
		assert.GreaterOrEqual(t, count[name], 8, "%s: golden cases", name)
		for _, r := range p.Rules() {
			assert.True(t, byPolicy[name].met[r.ID], "%s: no golden case where %s is met", name, r.ID)
			assert.True(t, byPolicy[name].breached[r.ID], "%s: no golden case where %s is breached", name, r.ID)
		}
	}
}

func policyFor(t *testing.T, dir string) *rules.Policy {
	t.Helper()
	own := filepath.Join(goldenRoot, dir, policytest.PolicyFile)
	if _, err := os.Stat(own); err == nil {
		p, err := policies.LoadFile(own)
		require.NoError(t, err)
		return p
	}
	p, err := policies.Load(dir)
	require.NoError(t, err, "testdata/%s names no shipped policy and has no policy.yaml", dir)
	return p
}

// shippedFor returns the option that checks a folder's cases against the
// shipped policy it is named after, when it has no policy.yaml of its own.
func shippedFor(t *testing.T, dir string) []policytest.Option {
	t.Helper()
	if _, err := os.Stat(filepath.Join(goldenRoot, dir, policytest.PolicyFile)); err == nil {
		return nil
	}
	return []policytest.Option{policytest.WithPolicy(policyFor(t, dir))}
}

// goldenDirs returns the folders of testdata/, one per policy.
func goldenDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(goldenRoot)
	require.NoError(t, err)
	var out []string
	for _, d := range entries {
		if d.IsDir() {
			out = append(out, d.Name())
		}
	}
	return out
}

// goldenCases evaluates every golden case, through policytest (without
// comparing: TestGoldenReports does), for the tests that read the reports.
func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	var out []goldenCase
	for _, dir := range goldenDirs(t) {
		res, err := policytest.Check(filepath.Join(goldenRoot, dir), shippedFor(t, dir)...)
		require.NoError(t, err)
		for _, c := range res.Cases {
			require.NoError(t, c.Err)
			out = append(out, goldenCase{policy: dir, path: c.Path, report: c.Report})
		}
	}
	return out
}

// celMarks are what an expression has and words do not.
var celMarks = []string{"events.", "facts.", "variables.", "instance.", "within.", "instances.", "&&", "||", "==", "!=", "has(", "first(", "last(", "count(", "date(", "as_of"}

// TestExplanationsInWords: no explanation of a shipped policy's golden
// reports shows an expression: every when:, check: and start says what it
// means in words.
func TestExplanationsInWords(t *testing.T) {
	cases := goldenCases(t)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		for _, r := range c.report.Results {
			for _, m := range celMarks {
				assert.NotContains(t, r.Explanation, m, "%s: %s #%d: the explanation shows an expression", c.path, r.Rule, r.Instance.Number)
			}
		}
	}
}
