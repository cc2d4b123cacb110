package policies_test

import (
	"fmt"

	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/timescale/casefile"
)

func ExampleLoad() {
	england, err := policies.Load("england")
	if err != nil {
		panic(err)
	}
	c, err := casefile.Read("case.yaml", []byte(`
case: C-1042
as_of: 2024-05-01
facts: {s47_initiated: true}
events:
  - {kind: strategy_discussion, at: 2024-03-04T10:00:00Z}
  - {kind: icpc, at: 2024-03-22}
`))
	if err != nil {
		panic(err)
	}
	report, err := england.Evaluate(c, c.AsOf)
	if err != nil {
		panic(err)
	}
	for _, r := range report.Results {
		if r.Rule == "icpc-within-15-working-days" {
			fmt.Println(r.Status, "-", r.Explanation)
		}
	}
	_, err = policies.Load("atlantis")
	fmt.Println(err != nil)
	// Output:
	// met - 15 working days from Mon 4 Mar 2024 (strategy discussion) is Mon 25 Mar 2024. Met: ICPC on Fri 22 Mar 2024.
	// true
}

// ExampleLoadFile loads a council's policy file that extends its county's
// file beside it, which extends a shipped policy.
func ExampleLoadFile() {
	district, err := policies.LoadFile("../examples/council/policy.yaml")
	if err != nil {
		fmt.Println(err) // every problem, each with its file, line and a caret
		return
	}
	fmt.Println(district.ID(), "extends", district.Extends())
	for _, r := range district.Rules()[len(district.Rules())-2:] {
		fmt.Println(r.ID+":", r.Timescale())
	}
	// Output:
	// example-district extends example-county
	// report-shared-2-working-days-before-icpc: At least 2 working days before the start of each initial conference, met by a report shared.
	// cp-visit-within-5-working-days-of-plan: Within 5 working days of the start of each CP plan, met by a CP visit.
}
