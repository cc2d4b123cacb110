package dfe_test

import (
	"fmt"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/dfe"
)

// Table C4 over two enquiries: one conference 14 working days after its
// start, one 18 (Good Friday and Easter Monday 2024 skipped), the second
// with a target counted in calendar days.
func ExampleICPCTimeliness() {
	cal, err := calendar.New(calendar.EnglandAndWales)
	if err != nil {
		panic(err)
	}
	d := func(s string) time.Time {
		t, _ := time.ParseInLocation(time.DateOnly, s, calendar.London)
		return t
	}
	m := dfe.NewICPCTimeliness(cal)
	m.Add(&timescale.Case{ID: "A", Events: []timescale.Event{{Kind: "s47_started", At: d("2024-02-19"),
		Attributes: map[string]any{"icpc_date": d("2024-03-08"), "icpc_target": d("2024-03-11")}}}})
	m.Add(&timescale.Case{ID: "B", Events: []timescale.Event{{Kind: "s47_started", At: d("2024-03-25"),
		Attributes: map[string]any{"icpc_date": d("2024-04-22"), "icpc_target": d("2024-04-15")}}}})
	c4 := m.Result()
	fmt.Printf("%d enquiries: 0-10 %d, 11-15 %d, 16-20 %d, 21+ %d; median %d working days\n",
		c4.Enquiries, c4.Bands.UpTo10, c4.Bands.From11To15, c4.Bands.From16To20, c4.Bands.MoreThan20, c4.Median)
	for _, mm := range m.TargetMismatches() {
		fmt.Printf("%s: target %s, should be %s\n", mm.Child, mm.Target.Format(time.DateOnly), mm.Correct.Format(time.DateOnly))
	}
	// Output:
	// 2 enquiries: 0-10 0, 11-15 1, 16-20 1, 21+ 0; median 14 working days
	// B: target 2024-04-15, should be 2024-04-17
}
