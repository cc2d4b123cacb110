package policytest_test

import (
	"fmt"
	"testing"

	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/policytest"
)

// ExampleCheck checks a council's folder (its policy.yaml and golden cases)
// and says how each case compared; checkcase -test does the same.
func ExampleCheck() {
	res, err := policytest.Check("../examples/council")
	if err != nil {
		fmt.Println(err) // a policy that does not compile: every problem, with its line and a caret
		return
	}
	for _, c := range res.Cases {
		fmt.Println(c.Status, c.Path)
		fmt.Print(policytest.FormatDiffs(c.Diffs))
	}
	fmt.Println(res.Summary())
	// Output:
	// ok ../examples/council/all-on-time-spring-2024.yaml
	// ok ../examples/council/core-group-overdue-visit-late.yaml
	// ok ../examples/council/icpc-late-over-christmas-closures.yaml
	// ok ../examples/council/plan-ended-transfer-out-before-first-review.yaml
	// ok ../examples/council/referral-decision-late-no-conference-needed.yaml
	// 5 cases: 5 agree
}

// ExampleRun is the whole of a council's Go test: the golden cases in the
// test's folder, against the policy.yaml there. go test -update rewrites
// the golden files.
func ExampleRun() {
	_ = func(t *testing.T) {
		policytest.Run(t, ".")
	}
	// Cases kept apart from their policy, against a shipped one:
	_ = func(t *testing.T) {
		england, err := policies.Load("england")
		if err != nil {
			t.Fatal(err)
		}
		policytest.Run(t, "testdata/england", policytest.WithPolicy(england))
	}
}
