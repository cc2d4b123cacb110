package ssd_test

// This file: an example of reading an SSD export.

import (
	"fmt"

	"github.com/safeguarding/timescales/timescale/ssd"
)

// Read an export's tables and walk its children: each child's case holds
// its events on the shared vocabulary, ready for a policy's Evaluate.
func ExampleOpen() {
	r, err := ssd.Open("testdata/bad-date")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range r.Warnings() {
		fmt.Println("warning:", w)
	}
	for child := range r.Children() {
		if child.Err != nil {
			fmt.Println(child.Err)
			continue
		}
		fmt.Println("child", child.Case.ID, "born", child.Case.Child.DateOfBirth.Format("2 Jan 2006"))
		for _, e := range child.Case.Events {
			fmt.Println(" ", e.Kind, e.At.Format("Mon 2 Jan 2006 15:04"), e.Attributes)
		}
	}
	// Output:
	// warning: testdata/bad-date/ssd_cin_assessments.csv: no such file: no assessment_completed events are read, and rules met only by them are reported not recorded
	// warning: testdata/bad-date/ssd_s47_enquiry.csv: no such file: no s47_started events are read, and rules met only by them are reported not recorded
	// warning: testdata/bad-date/ssd_initial_cp_conference.csv: no such file: no icpc events are read, and rules met only by them are reported not recorded
	// warning: testdata/bad-date/ssd_cp_plans.csv: no such file: no cp_plan_start or cp_plan_end events are read, and rules met only by them are reported not recorded
	// warning: testdata/bad-date/ssd_cp_reviews.csv: no such file: no rcpc events are read, and rules met only by them are reported not recorded
	// warning: testdata/bad-date/ssd_cp_visits.csv: no such file: no cp_visit events are read, and rules met only by them are reported not recorded
	// child P1 born 1 Mar 2016
	//   referral Mon 8 Jan 2024 00:00 map[nfa:false]
	//   referral Mon 4 Mar 2024 10:00 map[nfa:false]
	// testdata/bad-date/ssd_cin_episodes.csv:3: child P2: cine_referral_date: cannot read "31/01/2024" as a date or a date and time; write a date, 2024-03-04, or a date and time, 2024-03-04 10:30 or 2024-03-04T10:30:00
	// testdata/bad-date/ssd_cin_episodes.csv:4: child P3: cine_referral_date: cannot read "2024-02-30" as a date or time (February 2024 has 29 days); write a date, 2024-03-04, or a date and time, 2024-03-04 10:30 or 2024-03-04T10:30:00
	// testdata/bad-date/ssd_cin_episodes.csv:4: child P3: cine_referral_nfa: cannot read "maybe" as yes or no; write Y or N, Yes or No, true or false, or 1 or 0
}
