package calendar

import (
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendDate(t *testing.T) {
	// Worked by hand: 4 March 2024 was a Monday; 23:30 UTC on Friday 24 May
	// 2024 is 00:30 BST on Saturday 25 May; 08:00 on Monday 3 June 2024 at
	// +10:00 is 23:00 BST on Sunday 2 June.
	assert.Equal(t, "Mon 4 Mar 2024", string(AppendDate(nil, time.Date(2024, 3, 4, 10, 0, 0, 0, London))))
	assert.Equal(t, "Sat 25 May 2024", string(AppendDate(nil, time.Date(2024, 5, 24, 23, 30, 0, 0, time.UTC))))
	assert.Equal(t, "Sun 2 Jun 2024", string(AppendDate(nil, time.Date(2024, 6, 3, 8, 0, 0, 0, time.FixedZone("+10", 10*3600)))))
	assert.Equal(t, "due Wed 15 Jan 2025", string(AppendDate([]byte("due "), d("2025-01-15"))))
}

// AppendDate writes what Format does, inside the working-day table and far
// outside it, in any location.
func TestAppendDateAgreesWithFormat(t *testing.T) {
	check := func(at time.Time) {
		require.Equal(t, at.In(London).Format(DayLayout), string(AppendDate(nil, at)), "%v", at)
	}
	zones := []*time.Location{London, time.UTC, time.FixedZone("-11", -11*3600), time.FixedZone("+14", 14*3600)}
	rng := rand.New(rand.NewSource(3))
	for _, span := range [][2]string{{"1985-01-01", "2105-01-01"}, {"0001-01-01", "9999-12-31"}} {
		lo, hi := d(span[0]).Unix(), d(span[1]).Unix()
		for i := 0; i < 50000; i++ {
			check(time.Unix(lo+rng.Int63n(hi-lo), 0).In(zones[rng.Intn(len(zones))]))
		}
	}
	// Each side of every clock change in the table.
	for y := FirstYear; y <= LastYear; y++ {
		for _, edge := range summerTime[y-FirstYear] {
			for _, delta := range []int64{-3601, -3600, -1, 0, 1, 3599, 3600} {
				check(time.Unix(edge+delta, 0))
			}
		}
	}
	// Years Format pads or signs.
	for _, y := range []int{0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 123456, -1, -9, -10, -999, -1000, -12345} {
		for _, m := range []time.Month{time.January, time.June, time.December} {
			check(time.Date(y, m, 15, 12, 0, 0, 0, time.UTC))
		}
	}
	check(time.Time{})
}

func TestCountingDoesNotAllocate(t *testing.T) {
	c := mustNew(t, EnglandAndWales)
	start := time.Date(2024, 3, 4, 10, 0, 0, 0, London)
	buf := make([]byte, 0, 64)
	assert.Zero(t, testing.AllocsPerRun(100, func() { sinkTime = c.AddWorkingDays(start, 250) }), "AddWorkingDays")
	assert.Zero(t, testing.AllocsPerRun(100, func() { sinkInt = c.WorkingDaysBetween(start, start.AddDate(1, 0, 0)) }), "WorkingDaysBetween")
	assert.Zero(t, testing.AllocsPerRun(100, func() { buf = AppendDate(buf[:0], start) }), "AppendDate")
}

func BenchmarkAppendDate(b *testing.B) {
	at := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	buf := make([]byte, 0, 64)
	b.Run("AppendDate", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			buf = AppendDate(buf[:0], at)
		}
	})
	b.Run("time.AppendFormat", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			buf = at.In(London).AppendFormat(buf[:0], DayLayout)
		}
	})
}

// TestMidnight: Midnight is time.Date's midnight in London, for every day
// from 1990 to 2100 (both sides of every clock change) and outside them.
func TestMidnight(t *testing.T) {
	for day := time.Date(1989, 12, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2102; day = day.AddDate(0, 0, 1) {
		want := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, London)
		got := Midnight(day.Year(), day.Month(), day.Day())
		if !got.Equal(want) || got.Location() != London {
			t.Fatalf("Midnight(%s) = %s, want %s", day.Format(time.DateOnly), got, want)
		}
	}
	assert.Equal(t, time.Date(1066, 10, 14, 0, 0, 0, 0, London), Midnight(1066, 10, 14))
}
