package calendar

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/gb"
)

var sinkTime time.Time
var sinkInt int

func benchStart() time.Time { return time.Date(2024, 3, 4, 10, 0, 0, 0, London) }

func BenchmarkAddWorkingDays(b *testing.B) {
	c, err := New(EnglandAndWales)
	if err != nil {
		b.Fatal(err)
	}
	rc := cal.NewBusinessCalendar()
	rc.AddHoliday(gb.Holidays...)
	start := benchStart()
	for _, n := range []int{15, 250} {
		b.Run("timescales/"+itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkTime = c.AddWorkingDays(start, n)
			}
		})
		b.Run("rickar-WorkdaysFrom/"+itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkTime = rc.WorkdaysFrom(start, n)
			}
		})
	}
}

func BenchmarkWorkingDaysBetween(b *testing.B) {
	c, err := New(EnglandAndWales)
	if err != nil {
		b.Fatal(err)
	}
	start := benchStart()
	end := start.AddDate(1, 0, 0)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkInt = c.WorkingDaysBetween(start, end)
	}
}

// BenchmarkBuild measures building a calendar's table, which New does once
// per region and set of closures.
func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := build(Scotland, options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func itoa(n int) string {
	if n == 15 {
		return "15"
	}
	return "250"
}
