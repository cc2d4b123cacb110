package timescale

// This file: reading the dates and times of case and policy files.

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/safeguarding/timescales/calendar"
)

// timeRE matches the forms ParseTime reads: a date, optionally followed by
// a time (T or a space, hours and minutes, optional seconds and fraction),
// optionally followed by Z or an offset.
var timeRE = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$`)

// LooksLikeTime reports whether s is written in one of the forms ParseTime
// reads (it may still name a date that does not exist, such as 30
// February).
func LooksLikeTime(s string) bool { return timeRE.MatchString(s) }

// acceptedTimes describes the forms ParseTime reads.
const acceptedTimes = "write a date, 2024-03-04, or a date and time, 2024-03-04T10:00:00Z, " +
	"2024-03-04T10:00:00+01:00, or 2024-03-04T10:00 for London time"

// ParseTime reads a date or a date-time as case files write them:
//
//   - "2024-03-04" is a date: midnight in London on that date, with
//     dateOnly set.
//   - "2024-03-04T10:00:00Z" and "2024-03-04T10:00:00+01:00" are instants;
//     seconds may have a fraction ("10:00:00.250Z").
//   - "2024-03-04T10:00:00", "2024-03-04T10:00", "2024-03-04 10:00" and
//     "2024-03-04 10:00:00" are London clock times (GMT or BST as the date
//     requires).
//
// The time returned is in London time. Dates that do not exist (30
// February), years outside 1000 to 9999, and London clock times skipped
// when the clocks go forward are errors.
func ParseTime(s string) (t time.Time, dateOnly bool, err error) {
	fail := func(reason string) (time.Time, bool, error) {
		return time.Time{}, false, fmt.Errorf("cannot read %q as a date or time (%s); %s", s, reason, acceptedTimes)
	}
	m := timeRE.FindStringSubmatch(s)
	if m == nil {
		return fail("not a form case files use")
	}
	num := func(i int) int { n, _ := strconv.Atoi(m[i]); return n }
	y, mo, d := num(1), num(2), num(3)
	switch {
	case y < 1000:
		return fail("the year must be from 1000 to 9999")
	case mo < 1 || mo > 12:
		return fail(fmt.Sprintf("there is no month %d", mo))
	case d < 1 || d > daysIn(y, time.Month(mo)):
		return fail(fmt.Sprintf("%s %d has %d days", time.Month(mo), y, daysIn(y, time.Month(mo))))
	}
	if m[4] == "" {
		return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, calendar.London), true, nil
	}
	h, mi, sec := num(4), num(5), 0
	if m[6] != "" {
		sec = num(6)
	}
	ns := 0
	if m[7] != "" {
		ns, _ = strconv.Atoi((m[7] + "00000000")[:9])
	}
	switch {
	case h > 23:
		return fail("the hour must be from 00 to 23")
	case mi > 59:
		return fail("the minutes must be from 00 to 59")
	case sec > 59:
		return fail("the seconds must be from 00 to 59")
	}
	loc := calendar.London
	switch zone := m[8]; zone {
	case "":
	case "Z":
		loc = time.UTC
	default:
		oh, _ := strconv.Atoi(zone[1:3])
		om, _ := strconv.Atoi(zone[4:6])
		if oh > 23 || om > 59 {
			return fail("the offset must be from -23:59 to +23:59")
		}
		off := oh*3600 + om*60
		if zone[0] == '-' {
			off = -off
		}
		loc = time.FixedZone(zone, off)
	}
	t = time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc)
	if loc == calendar.London && (t.Hour() != h || t.Minute() != mi) {
		return fail(fmt.Sprintf("the clocks went forward at 01:00 that day, so there was no %02d:%02d in London", h, mi))
	}
	return t.In(calendar.London), false, nil
}
