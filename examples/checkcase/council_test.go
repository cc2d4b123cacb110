package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/golden"
	"github.com/safeguarding/timescales/policies"
)

// The worked example of a council's own folder: policy.yaml extends
// county.yaml beside it, which extends england; five golden cases.
const councilDir = "../council"

// copyCouncil copies the council's policy and cases (not its Go test) to a
// temporary folder.
func copyCouncil(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(councilDir)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(councilDir, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), src, 0o644))
	}
	return dir
}

// TestCheckPolicy: -check compiles a policy; every problem is printed with
// its line and caret, and the exit status says whether it compiles.
func TestCheckPolicy(t *testing.T) {
	r := checkcase(t, "-check", councilDir+"/policy.yaml")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "../council/policy.yaml: policy example-district compiles: 8 rules, 12 event kinds, 4 instance kinds\n", r.stdout)
	assert.Empty(t, r.stderr)

	r = checkcase(t, "-check", "england")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "england: policy england compiles: 6 rules, 10 event kinds, 3 instance kinds\n", r.stdout)

	dir := t.TempDir()
	bad := filepath.Join(dir, "policy.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(`policy: bad
title: Bad
extends: england
rules:
  - id: visit
    title: A visit
    source: Local guidance
    for_each: cp_plan
    befor: 2 business days
    done: events.core_grup
`), 0o644))
	r = checkcase(t, "-check", bad)
	assert.Equal(t, exitError, r.code)
	assert.Empty(t, r.stdout)
	assert.Equal(t, bad+`:9:5: rule visit: unknown key "befor"; did you mean "before"?
 |     befor: 2 business days
 | ....^
`+bad+`:10:18: rule visit: done: event kind "core_grup" is not declared in the policy's events; did you mean "core_group"?
 |     done: events.core_grup
 | .................^
`+bad+": 2 problems\n", r.stderr)
}

// TestCheckPolicyUndeclaredKind: a kind near none the policy declares (cp_visit
// is not one of England's) is to be declared.
func TestCheckPolicyUndeclaredKind(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "policy.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("policy: bad\ntitle: Bad\nextends: england\nrules:\n  - id: visit\n    title: A visit\n    source: Local guidance\n    for_each: cp_plan\n    within: 2 working days\n    done: events.cp_visit\n"), 0o644))
	r := checkcase(t, "-check", bad)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, `event kind "cp_visit" is not declared in the policy's events (declare it under events:, with a description)`)
}

// TestDescribe: the description of two policies, England and the council's
// district, in text and JSON, reviewed line by line against the policy
// files.
func TestDescribe(t *testing.T) {
	for _, tt := range []struct{ policy, name string }{
		{"england", "england"},
		{councilDir + "/policy.yaml", "council"},
	} {
		for _, format := range []string{"text", "json"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				r := checkcase(t, "-describe", tt.policy, "-format", format)
				require.Equal(t, exitOK, r.code, r.stderr)
				assert.Empty(t, r.stderr)
				ext := map[string]string{"text": ".txt", "json": ".json"}[format]
				golden.Check(t, "testdata/describe-"+tt.name+ext, []byte(r.stdout))
				if format == "json" {
					var d description
					require.NoError(t, json.Unmarshal([]byte(r.stdout), &d))
					assert.NotEmpty(t, d.Rules)
				}
			})
		}
	}
}

// TestDescribeEveryShippedPolicy: every shipped policy describes itself in
// both formats; and a policy that does not list its facts names those its
// expressions read.
func TestDescribeEveryShippedPolicy(t *testing.T) {
	for _, name := range policies.Names() {
		for _, format := range []string{"text", "json"} {
			r := checkcase(t, "-describe", name, "-format", format)
			assert.Equal(t, exitOK, r.code, name+" "+format+": "+r.stderr)
			assert.Contains(t, r.stdout, name)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "facts.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`policy: facts
title: Reads facts it does not list
calendar: {region: england-and-wales}
events:
  icpc: An initial child protection conference.
  strategy_discussion: A strategy discussion.
rules:
  - id: icpc-within-15-working-days
    title: ICPC within 15 working days
    source: "Working Together 2023"
    when: has(facts.s47_initiated) && facts.s47_initiated
    from: last(events.strategy_discussion)
    within: 15 working days
    done: events.icpc
    unless: has(facts.icpc_delay_approved) && facts.icpc_delay_approved
`), 0o644))
	r := checkcase(t, "-describe", path)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "\nFacts\n  not listed; the expressions read icpc_delay_approved and s47_initiated\n")
	assert.Contains(t, r.stdout, "    Applies when: has(facts.s47_initiated) && facts.s47_initiated\n    Excepted when: has(facts.icpc_delay_approved) && facts.icpc_delay_approved\n    Reads: events icpc, strategy_discussion; facts icpc_delay_approved, s47_initiated\n")
}

// TestGoldenCases: -test on the council's folder passes; a changed period
// makes it fail with the results that changed; -update rewrites the golden
// files, and it passes again.
func TestGoldenCases(t *testing.T) {
	r := checkcase(t, "-test", councilDir)
	assert.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	assert.Equal(t, `ok       ../council/all-on-time-spring-2024.yaml
ok       ../council/core-group-overdue-visit-late.yaml
ok       ../council/icpc-late-over-christmas-closures.yaml
ok       ../council/plan-ended-transfer-out-before-first-review.yaml
ok       ../council/referral-decision-late-no-conference-needed.yaml
5 cases: 5 agree
`, r.stdout)

	dir := copyCouncil(t)
	policy := filepath.Join(dir, "policy.yaml")
	src, err := os.ReadFile(policy)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(policy, []byte(strings.Replace(string(src), "    within: 5 working days\n", "    within: 4 working days\n", 1)), 0o644))

	r = checkcase(t, "-test", dir)
	assert.Equal(t, exitBreached, r.code, r.stderr)
	// Worked by hand: the visit is due a working day sooner. For the plan
	// of Tue 7 Jan 2025, 4 working days (Wed 8, Thu 9, Fri 10, Mon 13 Jan)
	// make it due Mon 13 Jan: still due soon as of Fri 10 Jan, 1 working
	// day left.
	want := "FAIL     " + filepath.Join(dir, "icpc-late-over-christmas-closures.yaml") + " differs from " + filepath.Join(dir, "icpc-late-over-christmas-closures.golden.json") + ` (golden -> now):
  cp-visit-within-5-working-days-of-plan, CP plan 1, occurrence 1:
    due: 2025-01-14 -> 2025-01-13
    explanation:
      golden: 5 working days from Tue 7 Jan 2025 (ICPC) is Tue 14 Jan 2025. Due soon: no CP visit yet; 2 working days left.
      now:    4 working days from Tue 7 Jan 2025 (ICPC) is Mon 13 Jan 2025. Due soon: no CP visit yet; 1 working day left.
`
	assert.Contains(t, r.stdout, want)
	assert.Contains(t, r.stdout, "ok       "+filepath.Join(dir, "referral-decision-late-no-conference-needed.yaml")+"\n")
	assert.True(t, strings.HasSuffix(r.stdout, "5 cases: 1 agree, 4 differ; run again with -update to rewrite the golden files, then review the diff line by line\n"), r.stdout)

	r = checkcase(t, "-test", dir, "-update")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "UPDATED  "+filepath.Join(dir, "icpc-late-over-christmas-closures.golden.json")+" (golden -> now):\n  cp-visit-within-5-working-days-of-plan, CP plan 1, occurrence 1:\n    due: 2025-01-14 -> 2025-01-13\n")
	assert.True(t, strings.HasSuffix(r.stdout, "5 cases: 1 agree, 4 golden files rewritten; review the rewritten files before committing them\n"), r.stdout)

	r = checkcase(t, "-test", dir)
	assert.Equal(t, exitOK, r.code, r.stdout)
	assert.True(t, strings.HasSuffix(r.stdout, "5 cases: 5 agree\n"), r.stdout)
}

// TestGoldenCasesBroken: a policy that does not compile, and a case that
// cannot be read, exit 2 with the errors in full; a case with no golden
// file fails until -update writes it; cases beside no policy.yaml take
// -policy.
func TestGoldenCasesBroken(t *testing.T) {
	dir := copyCouncil(t)
	policy := filepath.Join(dir, "policy.yaml")
	src, err := os.ReadFile(policy)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(policy, []byte(strings.Replace(string(src), "within: 5 working days", "within: 5 wroking days", 1)), 0o644))
	r := checkcase(t, "-test", dir)
	assert.Equal(t, exitError, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, `policy.yaml:23:13: rule cp-visit-within-5-working-days-of-plan: within: cannot read "5 wroking days" as a period; did you mean "5 working days"?
 |     within: 5 wroking days
 | ............^`)

	require.NoError(t, os.WriteFile(policy, src, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("case: B-1\nas_of: 2024-05-01\nevents:\n  - {kind: icpc, at: 2024-02-30}\n"), 0o644))
	r = checkcase(t, "-test", dir)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stdout, "BROKEN   "+filepath.Join(dir, "broken.yaml")+"\n")
	assert.Contains(t, r.stderr, filepath.Join(dir, "broken.yaml")+`:4:22: events[0].at: cannot read "2024-02-30"`)

	require.NoError(t, os.Remove(filepath.Join(dir, "broken.yaml")))
	c, err := os.ReadFile(filepath.Join(dir, "all-on-time-spring-2024.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "new.yaml"), c, 0o644))
	r = checkcase(t, "-test", dir)
	assert.Equal(t, exitBreached, r.code)
	assert.Contains(t, r.stdout, "MISSING  "+filepath.Join(dir, "new.yaml")+" has no golden file "+filepath.Join(dir, "new.golden.json")+"\n")
	r = checkcase(t, "-test", dir, "-update")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "WRITTEN  "+filepath.Join(dir, "new.golden.json")+" (new: review it line by line)\n")

	// Cases beside no policy.yaml: checked against -policy.
	bare := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(bare, "late-icpc.yaml"), mustRead(t, "testdata/late-icpc.yaml"), 0o644))
	r = checkcase(t, "-test", bare)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "no policy: no policy.yaml in its folder or above it")
	r = checkcase(t, "-test", bare, "-policy", "england", "-update")
	assert.Equal(t, exitOK, r.code, r.stderr)
	r = checkcase(t, "-test", bare, "-policy", "england")
	assert.Equal(t, exitOK, r.code, r.stderr)

	r = checkcase(t, "-test", t.TempDir())
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "checkcase: no case files in ")
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// TestModeUsage: the modes do not mix, and take no case file.
func TestModeUsage(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"-check", "england", "-test", councilDir}, "checkcase: give one of -check, -describe, -test and a caseload (-batch, -census or -ssd)"},
		// A caseload beside a mode was ignored before.
		{[]string{"-check", "england", "-census", "testdata/census-2024.xml"}, "checkcase: give one of -check, -describe, -test and a caseload (-batch, -census or -ssd)"},
		{[]string{"-describe", "england", "-ssd", "."}, "checkcase: give one of -check, -describe, -test and a caseload (-batch, -census or -ssd)"},
		{[]string{"-check", "england", "case.yaml"}, "checkcase: -check, -describe and -test take no case file"},
		{[]string{"-policy", "england", "-update", "testdata/late-icpc.yaml"}, "checkcase: -update rewrites the golden files of -test DIR; give -test"},
		{[]string{"-describe", "england", "-format", "ics"}, `checkcase: -format "ics": -describe writes text or json`},
		{[]string{"-check", "atlantis"}, `checkcase: unknown policy "atlantis"`},
		{[]string{"-policy", "england"}, "checkcase: give one case file (or - for standard input); to check the policy alone, -check england"},
	} {
		r := checkcase(t, tt.args...)
		assert.Equal(t, exitError, r.code, tt.args)
		assert.Contains(t, r.stderr, tt.stderr, tt.args)
	}
}
