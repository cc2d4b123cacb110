package calendar_test

import (
	"fmt"
	"time"

	"github.com/safeguarding/timescales/calendar"
)

func ExampleAppendDate() {
	// 23:30 UTC on Friday 24 May 2024 is already Saturday in London.
	late := time.Date(2024, 5, 24, 23, 30, 0, 0, time.UTC)
	b := []byte("strategy meeting on ")
	b = calendar.AppendDate(b, late)
	fmt.Println(string(b))
	fmt.Println(late.In(calendar.London).Format(calendar.DayLayout))
	// Output:
	// strategy meeting on Sat 25 May 2024
	// Sat 25 May 2024
}
