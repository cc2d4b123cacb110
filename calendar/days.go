package calendar

// This file: dates as day numbers in London, and writing them.

import (
	"strconv"
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

// summerTime holds, for each year of the table, the instants (Unix seconds)
// British Summer Time starts and ends, read from the tz database once, so
// that londonDay needs no time zone lookup.
var summerTime = func() (st [LastYear - FirstYear + 1][2]int64) {
	for y := FirstYear; y <= LastYear; y++ {
		start, end := time.Date(y, time.July, 1, 12, 0, 0, 0, London).ZoneBounds()
		st[y-FirstYear] = [2]int64{start.Unix(), end.Unix()}
	}
	return st
}()

// The instants (Unix seconds, UTC) where the years of summerTime start and
// end: 1990-01-01 and 2101-01-01, both outside summer time.
const (
	tableStart = 631152000
	tableEnd   = 4133980800
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// summerIndex returns the index in summerTime of the year whose summer
// time could contain the instant s, or -1. Dividing by the average length
// of a Gregorian year can be a day or two out near 1 January, but summer
// time is never near 1 January, so for any instant inside summer time the
// index is exact.
func summerIndex(s int64) int {
	const avgYear = 31556952 // seconds in 365.2425 days
	i := floorDiv(s-tableStart, avgYear)
	if i < 0 || i >= int64(len(summerTime)) {
		return -1
	}
	return int(i)
}

func inSummerTime(s int64) bool {
	i := summerIndex(s)
	return i >= 0 && s >= summerTime[i][0] && s < summerTime[i][1]
}

// londonDay returns the day number of t's date in London.
func londonDay(t time.Time) int {
	s := t.Unix()
	if s >= tableStart && s < tableEnd {
		if inSummerTime(s) {
			s += 3600
		}
		return int(floorDiv(s, 86400))
	}
	y, m, dd := t.In(London).Date()
	return dayNumber(y, m, dd)
}

// DateOf returns the year, month, day and weekday of t's date in London.
func DateOf(t time.Time) (year int, month time.Month, day int, weekday time.Weekday) {
	n := londonDay(t)
	y, m, d := civilDate(n)
	return y, m, d, weekdayOf(n)
}

// londonMidnight returns the start of day n in London.
func londonMidnight(n int) time.Time {
	s := int64(n) * 86400
	if s >= tableStart && s < tableEnd {
		// Midnight in summer time is 23:00 UTC the day before. The clocks
		// change at 01:00 UTC, never near midnight.
		if inSummerTime(s - 3600) {
			s -= 3600
		}
		return time.Unix(s, 0).In(London)
	}
	y, m, d := civilDate(n)
	return time.Date(y, m, d, 0, 0, 0, 0, London)
}

// Midnight returns the start of the date y-m-d in London, as Date returns
// dates, without the time zone lookup of time.Date in London (a caseload
// reads millions of dates).
func Midnight(y int, m time.Month, d int) time.Time { return londonMidnight(dayNumber(y, m, d)) }

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

// DayLayout is the layout, in the sense of time.Time.Format, in which dates
// are written in explanations and error messages: "Mon 4 Mar 2024". It is
// short enough for a sentence, and the weekday lets a reader check a count
// of working days by eye.
const DayLayout = "Mon 2 Jan 2006"

// AppendDate appends t's date in London, written as DayLayout, to b and
// returns the extended slice. It writes the same bytes as
// t.In(London).AppendFormat(b, DayLayout), without allocating when b has
// room.
func AppendDate(b []byte, t time.Time) []byte {
	y, m, d, wd := DateOf(t)
	b = append(b, wd.String()[:3]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(d), 10)
	b = append(b, ' ')
	b = append(b, m.String()[:3]...)
	b = append(b, ' ')
	// As time.Format writes "2006": at least four digits, after any sign.
	if y < 0 {
		b = append(b, '-')
		y = -y
	}
	for w := 1000; w > 1 && y < w; w /= 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(y), 10)
}
