package casefile_test

import (
	"fmt"
	"strings"

	"github.com/safeguarding/timescales/timescale/casefile"
)

func ExampleRead() {
	c, err := casefile.Read("case.yaml", []byte(`case: C-1042
events:
  - {kind: strategy_discussion, at: 2024-03-04T10:00:00Z, s47: true}
  - {kind: icpc, at: 2024-03-22, plan: true}
`))
	if err != nil {
		panic(err)
	}
	for _, e := range c.Events {
		fmt.Println(e.Kind, e.At.Format("2 Jan 2006 15:04 MST"), e.Attributes, "line", e.Line)
	}
	_, err = casefile.Read("bad.yaml", []byte("case: C-1\nevents:\n  - {kind: icpc, at: 2024-02-30}\n"))
	fmt.Println(err)
	// Output:
	// strategy_discussion 4 Mar 2024 10:00 GMT map[s47:true] line 3
	// icpc 22 Mar 2024 00:00 GMT map[plan:true] line 4
	// bad.yaml:3:22: events[0].at: cannot read "2024-02-30" as a date or time (February 2024 has 29 days); write a date, 2024-03-04, or a date and time, 2024-03-04T10:00:00Z, 2024-03-04T10:00:00+01:00, or 2024-03-04T10:00 for London time
}

func ExampleReadLines() {
	caseload := `{"case": "C-1", "events": [{"kind": "icpc", "at": "2024-03-22"}]}
{"case": "C-2", "events": [{"kind": "icpc"}]}
`
	for c, err := range casefile.ReadLines("caseload.jsonl", strings.NewReader(caseload)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(c.ID, len(c.Events), "event")
	}
	// Output:
	// C-1 1 event
	// caseload.jsonl:2:28: events[0].at: missing: every event needs an at, when it happened, a date (2024-03-04) or a date and time (2024-03-04T10:00:00Z)
}
