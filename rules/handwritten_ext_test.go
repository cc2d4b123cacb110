package rules_test

import (
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

// TestHandWrittenReport holds the engine, on the shipped England policy,
// to England's rules written by hand in Go (handwritten_test.go): the same
// report, explanations and warnings included, on englandCase and on the
// differential test's random multi-episode records; and the same results
// from EvaluateResults as from the hand-written evaluation that writes no
// explanations.
func TestHandWrittenReport(t *testing.T) {
	p := compileFile(t, shippedEngland)
	cal := p.Calendar()
	check := func(c *timescale.Case, asOf time.Time) {
		t.Helper()
		want, err := p.Evaluate(c, asOf)
		require.NoError(t, err)
		require.Equal(t, want, rules.HandWrittenReport(c, asOf, cal, p.Digest(), false), "case %s as of %s:\n%s", c.ID, asOf, fmtCase(c, asOf))
		got, err := p.EvaluateResults(c, asOf)
		require.NoError(t, err)
		require.Equal(t, got, rules.HandWrittenReport(c, asOf, cal, p.Digest(), true), "case %s as of %s, results only", c.ID, asOf)
		for i := range got.Results { // the same results, but for the words
			r := want.Results[i]
			r.Explanation = ""
			require.Equal(t, r, got.Results[i])
		}
	}
	check(englandCase(), at("2025-01-15"))
	rng := rand.New(rand.NewSource(20240304))
	n := 5000
	if testing.Short() {
		n = 500
	}
	for i := 0; i < n; i++ {
		c, asOf := randomCase(rng, i)
		check(c, asOf)
	}
}

// TestNativeRoadAgreesWithCEL evaluates the random records with the
// shipped England policy twice, with the native road (native.go) and with
// CEL alone, and wants the same reports.
func TestNativeRoadAgreesWithCEL(t *testing.T) {
	p := compileFile(t, shippedEngland)
	celOnly := compileFile(t, shippedEngland)
	rules.WithoutNativeRoad(celOnly)
	rng := rand.New(rand.NewSource(7))
	n := 5000
	if testing.Short() {
		n = 500
	}
	for i := 0; i < n; i++ {
		c, asOf := randomCase(rng, i)
		want, err := celOnly.Evaluate(c, asOf)
		require.NoError(t, err)
		got, err := p.Evaluate(c, asOf)
		require.NoError(t, err)
		require.Equal(t, want, got, "case %s", c.ID)
	}
}

// TestNativeRoadAgreesWithCEL20 is TestNativeRoadAgreesWithCEL for the
// twenty-rule policy, which reads facts, the child's age and
// add_working_days, on its case with its facts varied and as of dates
// across its year.
func TestNativeRoadAgreesWithCEL20(t *testing.T) {
	p := compileWithLoader(t, "testdata/bench20.yaml")
	celOnly := compileWithLoader(t, "testdata/bench20.yaml")
	rules.WithoutNativeRoad(celOnly)
	for _, facts := range []map[string]any{
		nil,
		{"s47_initiated": true, "urgency": "cp"},
		{"s47_initiated": false, "head_of_service_approved": true},
		{"s47_initiated": "yes", "head_of_service_approved": int64(1)},
		{"s47_initiated": true, "head_of_service_approved": false},
	} {
		for day := 0; day < 400; day += 7 {
			c := twentyEventCase()
			c.Facts = facts
			if day%2 == 1 {
				c.Child.DateOfBirth = time.Time{}
			}
			asOf := at("2024-03-01").AddDate(0, 0, day)
			want, wantErr := celOnly.Evaluate(c, asOf)
			got, err := p.Evaluate(c, asOf)
			require.Equal(t, wantErr, err)
			require.Equal(t, want, got, "facts %v as of %s", facts, asOf)
		}
	}
}
