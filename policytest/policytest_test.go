package policytest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/policytest"
)

// council is the worked example of a council's own folder: a district's
// policy extending its county's file, which extends england, and five
// golden cases.
const council = "../examples/council"

// copyFixture copies the council's policy and cases (not its Go test) to a
// temporary folder, so that a test may change them.
func copyFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(council)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(council, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), src, 0o644))
	}
	return dir
}

func statuses(res *policytest.Result) map[string]policytest.Status {
	out := map[string]policytest.Status{}
	for _, c := range res.Cases {
		out[filepath.Base(c.Path)] = c.Status
	}
	return out
}

func caseNamed(t *testing.T, res *policytest.Result, name string) *policytest.Case {
	t.Helper()
	for _, c := range res.Cases {
		if filepath.Base(c.Path) == name {
			return c
		}
	}
	t.Fatalf("no case %s", name)
	return nil
}

// TestCouncilFixture: the council's cases agree with their golden files; a
// changed period makes the cases it changes fail, each with the results
// and fields that changed; updating rewrites them, and they agree again.
func TestCouncilFixture(t *testing.T) {
	dir := copyFixture(t)
	res, err := policytest.Check(dir)
	require.NoError(t, err)
	require.Len(t, res.Cases, 5, "county.yaml is a policy, not a case")
	assert.False(t, res.Failed())
	assert.Equal(t, 5, res.Count(policytest.Agree), res.Summary())
	assert.Equal(t, "example-district", res.Cases[0].Policy.ID())

	// The district's visit within 4 working days of the plan, not 5.
	policy := filepath.Join(dir, "policy.yaml")
	src, err := os.ReadFile(policy)
	require.NoError(t, err)
	changed := strings.Replace(string(src), "    within: 5 working days\n", "    within: 4 working days\n", 1)
	require.NotEqual(t, string(src), changed)
	require.NoError(t, os.WriteFile(policy, []byte(changed), 0o644))

	res, err = policytest.Check(dir)
	require.NoError(t, err)
	assert.True(t, res.Failed())
	// The case with no plan has no visit due, and does not change.
	assert.Equal(t, map[string]policytest.Status{
		"all-on-time-spring-2024.yaml":                     policytest.Differ,
		"core-group-overdue-visit-late.yaml":               policytest.Differ,
		"icpc-late-over-christmas-closures.yaml":           policytest.Differ,
		"plan-ended-transfer-out-before-first-review.yaml": policytest.Differ,
		"referral-decision-late-no-conference-needed.yaml": policytest.Agree,
	}, statuses(res))
	assert.Equal(t, "5 cases: 1 agree, 4 differ", res.Summary())
	// The visit of Tue 8 Oct 2024, for a plan from Fri 27 Sep 2024: 4
	// working days (Mon 30 Sep, Tue 1, Wed 2, Thu 3 Oct) make it due Thu 3
	// Oct, 3 working days late (Fri 4, Mon 7, Tue 8 Oct) and 5 days.
	late := caseNamed(t, res, "core-group-overdue-visit-late.yaml")
	assert.Equal(t, `  cp-visit-within-5-working-days-of-plan, CP plan 1, occurrence 1:
    due: 2024-10-04 -> 2024-10-03
    working_days_late: 2 -> 3
    days_late: 4 -> 5
    explanation:
      golden: 5 working days from Fri 27 Sep 2024 (ICPC) is Fri 4 Oct 2024. Late: CP visit on Tue 8 Oct 2024, 2 working days after the due date.
      now:    4 working days from Fri 27 Sep 2024 (ICPC) is Thu 3 Oct 2024. Late: CP visit on Tue 8 Oct 2024, 3 working days after the due date.
`, policytest.FormatDiffs(late.Diffs))
	assert.Equal(t, "cp-visit-within-5-working-days-of-plan, CP plan 1, occurrence 1: due: 2024-10-04 -> 2024-10-03", late.Diffs[0].String())
	// The visit of Fri 7 Jun 2024, for a plan from Tue 4 Jun 2024, is still
	// in time for Mon 10 Jun: only the due date and its words change.
	onTime := caseNamed(t, res, "all-on-time-spring-2024.yaml")
	var fields []string
	for _, d := range onTime.Diffs {
		fields = append(fields, d.Field)
	}
	assert.Equal(t, []string{"due", "explanation"}, fields)
	assert.Equal(t, "2024-06-10", onTime.Diffs[0].Now)

	// -update rewrites the four, and they agree now.
	res, err = policytest.Check(dir, policytest.WithUpdate(true))
	require.NoError(t, err)
	assert.False(t, res.Failed())
	assert.Equal(t, 4, res.Count(policytest.Updated))
	assert.Equal(t, "5 cases: 1 agree, 4 golden files rewritten", res.Summary())
	golden, err := os.ReadFile(filepath.Join(dir, "core-group-overdue-visit-late.golden.json"))
	require.NoError(t, err)
	assert.Contains(t, string(golden), `"due": "2024-10-03"`)
	res, err = policytest.Check(dir)
	require.NoError(t, err)
	assert.Equal(t, 5, res.Count(policytest.Agree))
}

// TestRunOnTheCouncilFixture: the Go API's one call, on the shipped fixture
// (or, when TestRunFailsWithTheDiff runs this test binary again, on the
// changed copy it names in POLICYTEST_DIR).
func TestRunOnTheCouncilFixture(t *testing.T) {
	dir := council
	if d := os.Getenv("POLICYTEST_DIR"); d != "" {
		dir = d
	}
	res := policytest.Run(t, dir)
	require.NotNil(t, res)
	assert.Len(t, res.Cases, 5)
}

// TestRunFailsWithTheDiff runs TestRunOnTheCouncilFixture, in this test
// binary, on a copy of the fixture with a changed period: each case that
// changed fails in its own subtest with the diff; with -update, the test
// passes and the golden files are rewritten.
func TestRunFailsWithTheDiff(t *testing.T) {
	dir := copyFixture(t)
	policy := filepath.Join(dir, "policy.yaml")
	write(t, policy, strings.Replace(string(mustRead(t, policy)), "    within: 5 working days\n", "    within: 4 working days\n", 1))
	run := func(args ...string) (string, error) {
		cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestRunOnTheCouncilFixture$", "-test.v"}, args...)...)
		cmd.Env = append(os.Environ(), "POLICYTEST_DIR="+dir)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run()
	require.Error(t, err, out)
	assert.Contains(t, out, "--- FAIL: TestRunOnTheCouncilFixture/core-group-overdue-visit-late.yaml")
	assert.Contains(t, out, "--- PASS: TestRunOnTheCouncilFixture/referral-decision-late-no-conference-needed.yaml")
	assert.Contains(t, out, "core-group-overdue-visit-late.yaml differs from "+filepath.Join(dir, "core-group-overdue-visit-late.golden.json")+" (golden -> now):")
	assert.Contains(t, out, "due: 2024-10-04 -> 2024-10-03")
	assert.Contains(t, out, "run go test with -update to rewrite it")

	out, err = run("-update")
	require.NoError(t, err, out)
	assert.Contains(t, out, "core-group-overdue-visit-late.golden.json rewritten (golden -> now):")
	assert.Contains(t, string(mustRead(t, filepath.Join(dir, "core-group-overdue-visit-late.golden.json"))), `"due": "2024-10-03"`)
	out, err = run()
	require.NoError(t, err, out)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

const smallPolicy = `policy: small
title: Small
extends: england
`

const smallCase = `case: S-1
as_of: 2024-04-26
events:
  - {kind: strategy_discussion, at: 2024-03-21T10:00, s47: true}
  - {kind: icpc, at: 2024-04-16, plan: true}
`

func write(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

// TestCaseStatuses: a case without a golden file, one without an as_of
// date, one that cannot be read and one with no policy; a folder below
// with its own policy; hidden folders left alone.
func TestCaseStatuses(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "policy.yaml"), smallPolicy)
	write(t, filepath.Join(dir, "new.yaml"), smallCase)
	write(t, filepath.Join(dir, "no-as-of.yaml"), strings.Replace(smallCase, "as_of: 2024-04-26\n", "", 1))
	write(t, filepath.Join(dir, "broken.yaml"), "case: B-1\nevents:\n  - {kind: icpc, at: 2024-02-30}\n")
	write(t, filepath.Join(dir, "notes.txt"), "not a case")
	write(t, filepath.Join(dir, ".git", "x.yaml"), "not: a case")
	write(t, filepath.Join(dir, "nested", "policy.yaml"), "policy: nested\ntitle: Nested\nextends: ../policy.yaml\n")
	write(t, filepath.Join(dir, "nested", "deeper", "case.yaml"), smallCase)

	res, err := policytest.Check(dir)
	require.NoError(t, err)
	assert.Equal(t, map[string]policytest.Status{
		"new.yaml": policytest.Missing, "no-as-of.yaml": policytest.Broken, "broken.yaml": policytest.Broken, "case.yaml": policytest.Missing,
	}, statuses(res))
	assert.ErrorContains(t, caseNamed(t, res, "no-as-of.yaml").Err, "a golden case gives its as_of date")
	assert.ErrorContains(t, caseNamed(t, res, "broken.yaml").Err, `cannot read "2024-02-30"`)
	assert.Equal(t, "nested", caseNamed(t, res, "case.yaml").Policy.ID(), "the nearest policy.yaml")
	assert.True(t, res.Failed())
	assert.True(t, res.Broken())

	// Writing the missing golden files; the broken cases stay broken.
	res, err = policytest.Check(dir, policytest.WithUpdate(true))
	require.NoError(t, err)
	assert.Equal(t, 2, res.Count(policytest.Updated))
	assert.FileExists(t, filepath.Join(dir, "new.golden.json"))
	assert.FileExists(t, filepath.Join(dir, "nested", "deeper", "case.golden.json"))

	// Without a policy.yaml, the policy given; without either, Broken.
	bare := t.TempDir()
	write(t, filepath.Join(bare, "c.yaml"), smallCase)
	res, err = policytest.Check(bare)
	require.NoError(t, err)
	assert.ErrorContains(t, res.Cases[0].Err, "no policy: no policy.yaml in its folder or above it")
	england, err := policies.Load("england")
	require.NoError(t, err)
	res, err = policytest.Check(bare, policytest.WithPolicy(england))
	require.NoError(t, err)
	assert.Equal(t, policytest.Missing, res.Cases[0].Status)
	assert.Equal(t, "england", res.Cases[0].Policy.ID())

	// A policy that does not compile is an error with every problem.
	write(t, filepath.Join(bare, "policy.yaml"), "policy: bad\ntitle: Bad\nextends: england\nrules:\n  - id: x\n    title: X\n    source: S\n    from: first(events.icpc)\n    wihtin: 2 days\n    done: events.icpc\n")
	_, err = policytest.Check(bare)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `policy.yaml:9:5: rule x: unknown key "wihtin"; did you mean "within"?`+"\n |     wihtin: 2 days\n | ....^")
	_, err = policytest.Check(filepath.Join(bare, "no-such-folder"))
	assert.Error(t, err)
}

// TestDifferences: results that only one report has, warnings, the
// report's own fields, a golden file that is not a report, and one that
// differs only in its layout.
func TestDifferences(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "policy.yaml"), smallPolicy)
	write(t, filepath.Join(dir, "c.yaml"), smallCase)
	res, err := policytest.Check(dir, policytest.WithUpdate(true))
	require.NoError(t, err)
	require.Equal(t, policytest.Updated, res.Cases[0].Status)
	goldenPath := filepath.Join(dir, "c.golden.json")
	golden, err := os.ReadFile(goldenPath)
	require.NoError(t, err)

	// The golden file written by hand with another layout: the same
	// results, so the only difference is the layout.
	write(t, goldenPath, strings.ReplaceAll(string(golden), "  ", "\t"))
	res, err = policytest.Check(dir)
	require.NoError(t, err)
	require.Equal(t, policytest.Differ, res.Cases[0].Status)
	assert.Equal(t, "layout", res.Cases[0].Diffs[0].Field)

	write(t, goldenPath, "not JSON")
	res, err = policytest.Check(dir)
	require.NoError(t, err)
	assert.Equal(t, "golden file", res.Cases[0].Diffs[0].Field)

	// A second enquiry recorded since: its ICPC result is new; a warning is
	// new (a kind the policy does not read); and breaches change.
	write(t, goldenPath, string(golden))
	write(t, filepath.Join(dir, "c.yaml"), smallCase+"  - {kind: strategy_discussion, at: 2024-04-22T10:00, s47: true}\n  - {kind: icpc_booked, at: 2024-04-23}\n")
	res, err = policytest.Check(dir)
	require.NoError(t, err)
	var lines []string
	for _, d := range res.Cases[0].Diffs {
		lines = append(lines, d.String())
	}
	// The enquiry of Mon 22 Apr 2024 began while the child was subject of
	// the plan made at the ICPC of Tue 16 Apr: England leaves it to the
	// review conference.
	notDue := "not_applicable: Does not apply: the enquiry began while the child was already subject of a child protection plan, so it is for the review conference, not a new initial conference."
	assert.Equal(t, []string{
		`warning: (none) -> event kind "icpc_booked" (line 7) is not one this policy reads; it was not counted`,
		"icpc-within-15-working-days, s47 enquiry 2, occurrence 1: result: (none) -> " + notDue,
	}, lines)

	// And the other way: the result and the warning are no longer given.
	res, err = policytest.Check(dir, policytest.WithUpdate(true))
	require.NoError(t, err)
	write(t, filepath.Join(dir, "c.yaml"), smallCase)
	res, err = policytest.Check(dir)
	require.NoError(t, err)
	lines = nil
	for _, d := range res.Cases[0].Diffs {
		lines = append(lines, d.String())
	}
	assert.Equal(t, []string{
		`warning: event kind "icpc_booked" (line 7) is not one this policy reads; it was not counted -> (none)`,
		"icpc-within-15-working-days, s47 enquiry 2, occurrence 1: result: " + notDue + " -> (none)",
	}, lines)
}
