package timescale

// The forms ParseTime reads, as the regular expression that documents them,
// and the reading ParseTime made with it before it read times by hand: the
// oracle the hand-written reading is held to.

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/safeguarding/timescales/calendar"
)

// timeExpression matches the forms ParseTime reads: a date, optionally
// followed by a time (T or a space, hours and minutes, optional seconds and
// fraction), optionally followed by Z or an offset.
var timeExpression = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$`)

// regexParseTime is ParseTime as it was written on timeExpression.
func regexParseTime(s string) (t time.Time, dateOnly bool, err error) {
	fail := func(reason string) (time.Time, bool, error) {
		return time.Time{}, false, fmt.Errorf("cannot read %q as a date or time (%s); %s", s, reason, acceptedTimes)
	}
	m := timeExpression.FindStringSubmatch(s)
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

// nearTimes are strings that look like times, or nearly: valid and not.
var nearTimes = []string{
	"2024-03-04", "2024-03-22", "2017-05-03", "2024-02-29", "2000-02-29",
	"2024-03-04T10:00:00Z", "2024-03-04T10:00:00+01:00", "2024-03-04T10:00:00-05:30",
	"2024-03-04T10:00", "2024-03-04 10:00", "2024-03-04 10:00:00", "2024-06-03T10:00:00",
	"2024-03-04T10:00:00.250Z", "2024-03-04T10:00:00.123456789+00:00", "2024-10-27T01:30",
	"2024-03-04T23:59:59-23:59", "2024-03-04T00:00:00+23:59",
	// Not times, or not times that exist.
	"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "0999-01-01", "2024-03-04T24:00",
	"2024-03-04T10:60", "2024-03-04T10:00:60Z", "2024-03-31T01:30", "2024-03-04T10:00:00+24:00",
	"2024-03-04T10:00:00.1234567890Z", "2024-03-04T10:00:00.Z", "2024-03-04t10:00", "2024-3-4",
	"2024-03-04T10", "2024-03-04T10:00Z", "2024-03-04T10:00+01:00", "2024-03-04T10:00:00+0100",
	"2024-03-04 ", " 2024-03-04", "2024-03-04T10:00:00ZZ", "２０２４-03-04",
}

// TestParseTimeMatchesItsExpression: the hand-written reading of times
// gives what the regular expression that documents the forms, and the
// reading built on it that ParseTime was, give: for every string near the
// forms it reads, valid or not.
func TestParseTimeMatchesItsExpression(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	check := func(s string) {
		t.Helper()
		assert.Equal(t, timeExpression.MatchString(s), LooksLikeTime(s), "%q", s)
		want, wantDateOnly, wantErr := regexParseTime(s)
		got, dateOnly, err := ParseTime(s)
		if wantErr != nil || err != nil {
			assert.Equal(t, fmt.Sprint(wantErr), fmt.Sprint(err), "%q", s)
			return
		}
		if !want.Equal(got) || want.String() != got.String() || wantDateOnly != dateOnly {
			t.Errorf("%q: %v %v, want %v %v", s, got, dateOnly, want, wantDateOnly)
		}
	}
	for _, s := range nearTimes {
		check(s)
		for range 200 {
			b := []byte(s)
			i := r.IntN(len(b))
			switch r.IntN(3) {
			case 0:
				b[i] = "0123456789-:T Z+.x"[r.IntN(18)]
			case 1:
				b = b[:i]
			default:
				b = append(b[:i:i], append([]byte{"0123456789:.Z"[r.IntN(13)]}, b[i:]...)...)
			}
			check(string(b))
		}
	}
	for range 20000 {
		s := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d%s", 990+r.IntN(9020), r.IntN(14), r.IntN(33), r.IntN(25), r.IntN(61), r.IntN(61),
			[]string{"", "Z", "+01:00", "-23:59", "+24:00", ".5Z", ".123456789"}[r.IntN(7)])
		check(s)
		check(s[:10])
		check(s[:16])
	}
}
