package calendar_test

import (
	"fmt"
	"time"

	"github.com/safeguarding/timescales/calendar"
)

func ExampleNew() {
	cal, err := calendar.New(calendar.Scotland,
		calendar.WithClosures(time.Date(2025, 12, 24, 0, 0, 0, 0, calendar.London)))
	if err != nil {
		panic(err)
	}
	for _, h := range cal.Holidays(2025)[6:] {
		fmt.Println(h.Date.Format("Mon 2 Jan"), h.Name, h.Substitute)
	}
	fmt.Println(cal.IsWorkingDay(time.Date(2025, 12, 24, 9, 0, 0, 0, calendar.London)))
	// Output:
	// Mon 1 Dec St Andrew’s Day true
	// Thu 25 Dec Christmas Day false
	// Fri 26 Dec Boxing Day false
	// false
}

func ExampleCalendar_AddWorkingDays() {
	cal, err := calendar.New(calendar.EnglandAndWales)
	if err != nil {
		panic(err)
	}
	strategy := time.Date(2024, 12, 20, 14, 30, 0, 0, calendar.London)
	due := cal.AddWorkingDays(strategy, 15)
	fmt.Println(due.Format("Mon 2 Jan 2006"))
	for _, h := range cal.DaysOff(strategy, due) {
		fmt.Println("skipped", h.Date.Format("Mon 2 Jan"), h.Name)
	}
	fmt.Println(cal.WorkingDaysBetween(strategy, due))
	// Output:
	// Wed 15 Jan 2025
	// skipped Wed 25 Dec Christmas Day
	// skipped Thu 26 Dec Boxing Day
	// skipped Wed 1 Jan New Year’s Day
	// 15
}
