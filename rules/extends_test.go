package rules_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/golden"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

// fileLoader reads a policy file that extends: names, and finds the test
// policies by id.
func fileLoader(id string) (string, []byte, error) {
	if !rules.IsPolicyFile(id) {
		return testLoader(id)
	}
	src, err := os.ReadFile(id)
	if errors.Is(err, os.ErrNotExist) {
		return id, nil, errors.New("no such file")
	}
	return id, src, err
}

func compileWith(t *testing.T, path string, loader rules.Loader) (*rules.Policy, error) {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	return rules.Compile(src, rules.WithFilename(path), rules.WithLoader(loader))
}

// TestExtendsPolicyFile: a district's policy extends the county's file
// beside it, which extends a policy by id; the three fold together.
func TestExtendsPolicyFile(t *testing.T) {
	p, err := compileWith(t, "testdata/extends/district.yaml", fileLoader)
	require.NoError(t, err)
	assert.Equal(t, "county", p.Extends(), "the id of the policy in the file extended")
	var ids []string
	for _, r := range p.Rules() {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"referral-decision-within-1-working-day", "assessment-within-45-working-days",
		"icpc-within-15-working-days", "first-core-group-within-10-working-days", "first-review-within-3-months",
		"review-every-6-months", "report-shared-before-icpc"}, ids)
	core, ok := p.Rule("first-core-group-within-10-working-days")
	require.True(t, ok)
	assert.Equal(t, "5 working days", core.Period.String(), "the district's rule replaces England's")
	// The county's closure, Fri 27 Dec 2024, is no working day: 5 working
	// days from an ICPC on Mon 23 Dec 2024 skip Christmas Day (25), Boxing
	// Day (26), the closure (27) and New Year's Day: Tue 24 Dec = 1, Mon 30
	// = 2, Tue 31 = 3, Thu 2 Jan = 4, Fri 3 Jan 2025 = 5.
	c := &timescale.Case{ID: "D-1", Events: []timescale.Event{ev("icpc", "2024-12-23")}}
	rep := evaluate(t, p, c, "2024-12-23")
	assert.Equal(t, "2025-01-03", result(t, rep, "first-core-group-within-10-working-days", 1).Due.Time.Format("2006-01-02"))

	// A policy in a folder below names the county's file relative to itself.
	nested, err := compileWith(t, "testdata/extends/sub/nested.yaml", fileLoader)
	require.NoError(t, err)
	assert.Equal(t, "county", nested.Extends())
	_, ok = nested.Rule("report-shared-before-icpc")
	assert.True(t, ok)
}

// TestExtendsPolicyFileErrors: a file that is not there, files that extend
// each other in a circle, and a file that extends itself are errors at the
// extends: at fault, naming the other file; a loader that knows only
// policies by id refuses a file.
func TestExtendsPolicyFileErrors(t *testing.T) {
	var out strings.Builder
	for _, path := range []string{"testdata/extends/missing-parent.yaml", "testdata/extends/cycle-a.yaml", "testdata/extends/cycle-b.yaml", "testdata/extends/itself.yaml"} {
		_, err := compileWith(t, path, fileLoader)
		require.Error(t, err, path)
		var list rules.ErrorList
		require.ErrorAs(t, err, &list)
		for _, e := range list {
			assert.Equal(t, rules.CodeExtends, e.Code, e.Summary())
		}
		fmt.Fprintf(&out, "%s:\n%v\n\n", path, err)
	}
	golden.Check(t, "testdata/extends/errors.golden", []byte(out.String()))

	_, err := compileWith(t, "testdata/extends/district.yaml", testLoader)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `testdata/extends/district.yaml:5:10: extends: cannot read the policy file testdata/extends/county.yaml: unknown policy "testdata/extends/county.yaml"`)
	src, err := os.ReadFile("testdata/extends/district.yaml")
	require.NoError(t, err)
	_, err = rules.Compile(src, rules.WithFilename("testdata/extends/district.yaml"))
	assert.ErrorContains(t, err, "cannot read the policy file testdata/extends/county.yaml: no loader")
}

func TestIsPolicyFile(t *testing.T) {
	for s, want := range map[string]bool{
		"./county.yaml": true, "../shared/county.yaml": true, "county.yaml": true,
		"county.yml": true, "councils/county": true, "england": false, "bexley": false, "northern-ireland": false,
	} {
		assert.Equal(t, want, rules.IsPolicyFile(s), s)
	}
}
