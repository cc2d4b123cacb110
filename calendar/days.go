package calendar

import (
	"time"
	_ "time/tzdata" // Europe/London must resolve on machines without a zoneinfo database.
)

// London is the Europe/London location. Every date in this package is a date
// in London: a time.Time is first converted to London time, then its
// calendar date is taken.
var London = mustLoadLondon()

func mustLoadLondon() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		// Unreachable: time/tzdata embeds the zone.
		panic("calendar: cannot load Europe/London: " + err.Error())
	}
	return loc
}

// dayNumber returns the number of days from 1970-01-01 to the civil date
// y-m-d (proleptic Gregorian), without allocating. It is Howard Hinnant's
// days_from_civil.
func dayNumber(y int, m time.Month, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilDate is the inverse of dayNumber.
func civilDate(n int) (int, time.Month, int) {
	n += 719468
	era := n / 146097
	if n < 0 && n%146097 != 0 {
		era = (n - 146096) / 146097
	}
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := (mp+2)%12 + 1
	if m <= 2 {
		y++
	}
	return y, time.Month(m), d
}

// londonDay returns the day number of t's date in London.
func londonDay(t time.Time) int {
	y, m, d := t.In(London).Date()
	return dayNumber(y, m, d)
}

// londonMidnight returns the start of day n in London.
func londonMidnight(n int) time.Time {
	y, m, d := civilDate(n)
	return time.Date(y, m, d, 0, 0, 0, 0, London)
}

// Date returns the start of t's date in London: the form in which this
// package returns dates.
func Date(t time.Time) time.Time {
	return londonMidnight(londonDay(t))
}

// weekdayOf returns the weekday of day number n (1970-01-01 was a Thursday).
func weekdayOf(n int) time.Weekday {
	w := (n + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}
