package rules_test

import (
	"fmt"
	"os"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

const examplePolicy = `
policy: example
title: An example authority
calendar: {region: england-and-wales}
warn_before: 2 working days
events:
  strategy_discussion:
    description: A strategy discussion.
    attributes:
      s47: {type: bool, description: "true on the discussion at which s47 enquiries were initiated"}
  icpc: An initial child protection conference.
instances:
  s47_enquiry:
    description: Each s47 enquiry, from the strategy discussion that initiated it.
    start: events.strategy_discussion.filter(d, has(d.s47) && d.s47)
rules:
  - id: icpc-within-15-working-days
    title: ICPC within 15 working days of the strategy discussion at which s47 enquiries were initiated
    source: "Working Together 2023"
    for_each: s47_enquiry
    within: 15 working days
    done: events.icpc
`

func ExampleCompile() {
	policy, err := rules.Compile([]byte(examplePolicy), rules.WithFilename("example.yaml"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range policy.Rules() {
		fmt.Println(r.ID, r.Kind, r.Period)
	}

	// Errors name the file, line, column, rule and key.
	_, err = rules.Compile([]byte("policy: broken\ntitle: Broken\ncalendar: {region: england-and-wales}\nrules:\n  - id: x\n    title: X\n    source: S\n    from: as_of\n    within: fifteen days\n    done: as_of\n"), rules.WithFilename("broken.yaml"))
	fmt.Println(err)
	// Output:
	// icpc-within-15-working-days deadline 15 working days
	// broken.yaml:9:13: rule x: within: cannot read "fifteen days" as a period; write a whole number and a unit: "15 working days", "1 working day", "28 days" (or "28 calendar days"), "6 weeks", "3 months", "48 hours"
	//  |     within: fifteen days
	//  | ............^
}

func ExamplePolicy_Evaluate() {
	policy, err := rules.Compile([]byte(examplePolicy))
	if err != nil {
		panic(err)
	}
	// The discussion of 21 March initiated s47 enquiries; the one of 28 March
	// was reconvened, and starts no new deadline.
	c := &timescale.Case{
		ID: "C-1042",
		Events: []timescale.Event{
			{Kind: "strategy_discussion", At: time.Date(2024, 3, 21, 10, 0, 0, 0, calendar.London), Attributes: map[string]any{"s47": true}},
			{Kind: "strategy_discussion", At: time.Date(2024, 3, 28, 10, 0, 0, 0, calendar.London), Attributes: map[string]any{"s47": false}},
			{Kind: "icpc", At: time.Date(2024, 4, 16, 14, 0, 0, 0, calendar.London)},
		},
	}
	report, err := policy.Evaluate(c, time.Date(2024, 5, 1, 0, 0, 0, 0, calendar.London))
	if err != nil {
		panic(err)
	}
	for _, r := range report.Results {
		fmt.Println(r.Instance.Kind, r.Instance.Number, r.Status, r.Due.Time.Format("2006-01-02"), r.WorkingDaysLate)
		fmt.Println(r.Explanation)
	}
	fmt.Println("breaches:", report.Breaches)
	if err := report.WriteJSON(os.Stdout, ""); err != nil {
		panic(err)
	}
	// Output:
	// s47_enquiry 1 late 2024-04-15 1
	// 15 working days from Thu 21 Mar 2024 (strategy discussion), skipping Good Friday 29 Mar and Easter Monday 1 Apr, is Mon 15 Apr 2024. Late: ICPC on Tue 16 Apr 2024, 1 working day after the due date.
	// breaches: 1
	// {"case":"C-1042","policy":"example","policy_digest":"sha256:4040daa7d1d8233a046a3d9ba614d67095529c64c0db37d9bfb1cdead68a6a1b","library":"github.com/safeguarding/timescales@devel","as_of":"2024-05-01","results":[{"rule":"icpc-within-15-working-days","title":"ICPC within 15 working days of the strategy discussion at which s47 enquiries were initiated","instance":{"kind":"s47_enquiry","number":1,"start":"2024-03-21T10:00:00Z"},"occurrence":1,"status":"late","from":"2024-03-21T10:00:00Z","due":"2024-04-15","done":"2024-04-16T14:00:00+01:00","working_days_late":1,"days_late":1,"explanation":"15 working days from Thu 21 Mar 2024 (strategy discussion), skipping Good Friday 29 Mar and Easter Monday 1 Apr, is Mon 15 Apr 2024. Late: ICPC on Tue 16 Apr 2024, 1 working day after the due date."}],"breaches":1}
}

// ExamplePolicy_Rules lists what a policy reads and asks for, in words: what
// an integrator needs to know to send the right data.
func ExamplePolicy_Rules() {
	policy, err := rules.Compile([]byte(examplePolicy), rules.WithFilename("example.yaml"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range policy.Rules() {
		fmt.Println(r.ID, "for each", r.ForEach)
		fmt.Println(" ", r.Timescale())
		fmt.Println("  reads:", r.Events, r.Facts)
	}
	for _, e := range policy.Events() {
		fmt.Println(e.Kind, "-", e.Description)
		for _, a := range e.Attributes {
			fmt.Printf("  %s (%s): %s\n", a.Name, a.Type, a.Description)
		}
	}
	// Output:
	// icpc-within-15-working-days for each s47_enquiry
	//   Within 15 working days of the start of each s47 enquiry, met by an ICPC.
	//   reads: [strategy_discussion icpc] []
	// strategy_discussion - A strategy discussion.
	//   s47 (bool): true on the discussion at which s47 enquiries were initiated
	// icpc - An initial child protection conference.
}
