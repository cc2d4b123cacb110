package timescale

// This file: reading the dates and times of case and policy files.

import (
	"fmt"
	"time"

	"github.com/safeguarding/timescales/calendar"
)

// LooksLikeTime reports whether s is written in one of the forms ParseTime
// reads (it may still name a date that does not exist, such as 30
// February).
func LooksLikeTime(s string) bool {
	_, ok := splitTime(s)
	return ok
}

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
	tt, ok := splitTime(s)
	if !ok {
		return fail("not a form case files use")
	}
	y, mo, d := tt.y, tt.mo, tt.d
	switch {
	case y < 1000:
		return fail("the year must be from 1000 to 9999")
	case mo < 1 || mo > 12:
		return fail(fmt.Sprintf("there is no month %d", mo))
	case d < 1 || d > daysIn(y, time.Month(mo)):
		return fail(fmt.Sprintf("%s %d has %d days", time.Month(mo), y, daysIn(y, time.Month(mo))))
	}
	if !tt.clock {
		return calendar.Midnight(y, time.Month(mo), d), true, nil
	}
	h, mi, sec, ns := tt.h, tt.mi, tt.sec, tt.ns
	switch {
	case h > 23:
		return fail("the hour must be from 00 to 23")
	case mi > 59:
		return fail("the minutes must be from 00 to 59")
	case sec > 59:
		return fail("the seconds must be from 00 to 59")
	}
	if tt.zone == "" {
		t = time.Date(y, time.Month(mo), d, h, mi, sec, ns, calendar.London)
		if t.Hour() != h || t.Minute() != mi {
			return fail(fmt.Sprintf("the clocks went forward at 01:00 that day, so there was no %02d:%02d in London", h, mi))
		}
		return t, false, nil
	}
	// The instant worked out in UTC, less the offset (no time.FixedZone
	// made for each time read), then given in London time.
	t = time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.UTC)
	if tt.zone != "Z" {
		oh, om := atoi(tt.zone[1:3]), atoi(tt.zone[4:6])
		if oh > 23 || om > 59 {
			return fail("the offset must be from -23:59 to +23:59")
		}
		off := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
		if tt.zone[0] == '-' {
			off = -off
		}
		t = t.Add(-off)
	}
	return t.In(calendar.London), false, nil
}

// timeText is a date or time split into its parts.
type timeText struct {
	y, mo, d       int
	clock          bool // a time of day follows the date
	h, mi, sec, ns int
	zone           string // "", "Z" or an offset, "+01:00"
}

// splitTime reports whether s is written in one of the forms ParseTime
// reads, and splits it: YYYY-MM-DD, then optionally T or a space, hh:mm,
// optionally :ss and optionally a fraction of 1 to 9 digits after the
// seconds, then optionally Z or ±hh:mm. (By hand: a regular expression
// took a microsecond a time, and a caseload reads millions.)
func splitTime(s string) (tt timeText, ok bool) {
	if len(s) < 10 || !digits(s[0:4]) || s[4] != '-' || !digits(s[5:7]) || s[7] != '-' || !digits(s[8:10]) {
		return tt, false
	}
	tt.y, tt.mo, tt.d = atoi(s[0:4]), atoi(s[5:7]), atoi(s[8:10])
	if len(s) == 10 {
		return tt, true
	}
	if len(s) < 16 || s[10] != 'T' && s[10] != ' ' || !digits(s[11:13]) || s[13] != ':' || !digits(s[14:16]) {
		return tt, false
	}
	tt.clock, tt.h, tt.mi = true, atoi(s[11:13]), atoi(s[14:16])
	i := 16
	if i < len(s) && s[i] == ':' {
		if len(s) < i+3 || !digits(s[i+1:i+3]) {
			return tt, false
		}
		tt.sec = atoi(s[i+1 : i+3])
		i += 3
		if i < len(s) && s[i] == '.' {
			j := i + 1
			for j < len(s) && j-i-1 < 9 && isDigit(s[j]) {
				j++
			}
			n := j - i - 1
			if n == 0 {
				return tt, false
			}
			tt.ns = atoi(s[i+1 : j])
			for ; n < 9; n++ {
				tt.ns *= 10
			}
			i = j
		}
	}
	if i < len(s) {
		switch s[i] {
		case 'Z':
			tt.zone = "Z"
			i++
		case '+', '-':
			if len(s) < i+6 || !digits(s[i+1:i+3]) || s[i+3] != ':' || !digits(s[i+4:i+6]) {
				return tt, false
			}
			tt.zone = s[i : i+6]
			i += 6
		default:
			return tt, false
		}
	}
	return tt, i == len(s)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digits reports whether s is all ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// atoi reads a short string of ASCII digits, already checked.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
