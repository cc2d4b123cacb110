package timescale_test

import (
	"fmt"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

func ExampleParsePeriod() {
	cal, err := calendar.New(calendar.EnglandAndWales)
	if err != nil {
		panic(err)
	}
	strategyDiscussion := time.Date(2024, 3, 21, 11, 0, 0, 0, calendar.London)
	for _, s := range []string{"15 working days", "3 Months", "48 hours"} {
		p, err := timescale.ParsePeriod(s)
		if err != nil {
			panic(err)
		}
		due, err := p.After(cal, strategyDiscussion, timescale.Convention{})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: %s\n", p, due)
	}
	_, err = timescale.ParsePeriod("fifteen working dayz")
	fmt.Println(err != nil)
	// Output:
	// 15 working days: Mon 15 Apr 2024
	// 3 months: Fri 21 Jun 2024
	// 48 hours: Sat 23 Mar 2024 11:00
	// true
}
