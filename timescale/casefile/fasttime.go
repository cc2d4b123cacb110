package casefile

// This file: dates and times read as timescale.ParseTime reads them, but
// by hand rather than by its regular expression, for the JSON Lines fast
// path (fastjson.go). Each line's events have a date or time each, and the
// expression took a microsecond a time.

import (
	"time"

	"github.com/safeguarding/timescales/calendar"
)

// timeText is a date or time split into the parts timescale's expression
// for times picks out.
type timeText struct {
	y, mo, d       int
	clock          bool // a time of day follows the date
	h, mi, sec, ns int
	zone           string // "", "Z" or an offset, "+01:00"
}

// matchTime reports whether s is written in one of the forms ParseTime
// reads, exactly as timescale.LooksLikeTime does, and splits it:
// YYYY-MM-DD, then optionally T or a space, hh:mm, optionally :ss and
// optionally a fraction of 1 to 9 digits after the seconds, then
// optionally Z or ±hh:mm.
func matchTime(s string) (tt timeText, ok bool) {
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

// parseTime reads s as timescale.ParseTime does, giving the same time; ok
// is false when ParseTime would fail.
func parseTime(s string) (t time.Time, dateOnly, ok bool) {
	tt, ok := matchTime(s)
	if !ok {
		return time.Time{}, false, false
	}
	return tt.time()
}

// time is ParseTime's reading of a form it reads: ok is false for a date
// or time that does not exist.
func (tt timeText) time() (t time.Time, dateOnly, ok bool) {
	if tt.y < 1000 || tt.mo < 1 || tt.mo > 12 || tt.d < 1 || tt.d > daysIn(tt.y, time.Month(tt.mo)) {
		return time.Time{}, false, false
	}
	if !tt.clock {
		return time.Date(tt.y, time.Month(tt.mo), tt.d, 0, 0, 0, 0, calendar.London), true, true
	}
	if tt.h > 23 || tt.mi > 59 || tt.sec > 59 {
		return time.Time{}, false, false
	}
	if tt.zone == "" {
		t = time.Date(tt.y, time.Month(tt.mo), tt.d, tt.h, tt.mi, tt.sec, tt.ns, calendar.London)
		if t.Hour() != tt.h || t.Minute() != tt.mi {
			return time.Time{}, false, false // skipped when the clocks went forward
		}
		return t, false, true
	}
	// The instant, worked out in UTC rather than in a time.FixedZone made
	// for each time as ParseTime does: the same instant, in London.
	t = time.Date(tt.y, time.Month(tt.mo), tt.d, tt.h, tt.mi, tt.sec, tt.ns, time.UTC)
	if tt.zone != "Z" {
		oh, om := atoi(tt.zone[1:3]), atoi(tt.zone[4:6])
		if oh > 23 || om > 59 {
			return time.Time{}, false, false
		}
		off := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
		if tt.zone[0] == '-' {
			off = -off
		}
		t = t.Add(-off)
	}
	return t.In(calendar.London), false, true
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
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

// atoi reads a short string of digits (already checked).
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
