// Package timescale holds the parts of a child protection timescale that do
// not depend on any one policy: periods ("15 working days", "3 months",
// "48 hours"), the deadlines they give from a start, and the case model that
// deadlines are measured against.
//
// How periods are counted (the project's conventions, from DOMAIN.md):
//
//   - N working days from a day D: D is day 0 whatever day it is; the
//     deadline is the end of the Nth working day after D. With the inclusive
//     convention the first working day on or after D is day 1.
//   - N months from D: the corresponding date N months later; where that
//     month has no such day, its last day (31 January + 1 month is 28 or 29
//     February, never 2 or 3 March).
//   - N days or weeks: calendar days.
//   - N hours from an instant: elapsed time, so 48 hours across the autumn
//     clock change ends at 07:00 on a clock that read 08:00 at the start.
//   - Before an event: the same, counted backwards from the event.
//
// Dates are dates in Europe/London. A day-based deadline is met by anything
// done on or before its date, at any time of that day; an hour-based
// deadline by anything done at or before its instant.
package timescale

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/suggest"
)

// Unit is the unit of a Period.
type Unit int

// The units of a period.
const (
	WorkingDays Unit = iota + 1
	Days             // calendar days
	Weeks            // 7 calendar days
	Months           // calendar months, by the corresponding-date rule
	Hours            // elapsed hours
)

// String returns the unit's plural name, as in "working days".
func (u Unit) String() string {
	switch u {
	case WorkingDays:
		return "working days"
	case Days:
		return "days"
	case Weeks:
		return "weeks"
	case Months:
		return "months"
	case Hours:
		return "hours"
	}
	return "Unit(" + strconv.Itoa(int(u)) + ")"
}

func (u Unit) singular() string { return strings.TrimSuffix(u.String(), "s") }

// MaxPeriod bounds the number in a period, so no arithmetic overflows: 10,000
// working days is about 38 years.
const MaxPeriod = 10000

// Period is a length of time in one unit, such as 15 working days.
type Period struct {
	N    int
	Unit Unit
}

// String returns the canonical form: "15 working days", "1 working day",
// "3 months", "48 hours". ParsePeriod reads it back.
func (p Period) String() string {
	if p.N == 1 {
		return "1 " + p.Unit.singular()
	}
	return strconv.Itoa(p.N) + " " + p.Unit.String()
}

// IsZero reports whether p is the zero Period (no unit).
func (p Period) IsZero() bool { return p.Unit == 0 }

// Hourly reports whether p is counted in elapsed hours rather than in whole
// days.
func (p Period) Hourly() bool { return p.Unit == Hours }

// PeriodError reports text that is not a period.
type PeriodError struct {
	Input  string // the text as given
	Reason string // why, when more can be said than that it is not a period
	// Suggestion is the period the text most likely meant ("15 working
	// days" for "15 wroking days", "12 months" for "1 year"), or "".
	Suggestion string
	// Note says how the suggestion differs from what was written, when it
	// does ("weekdays" count bank holidays; working days do not), or "".
	Note string
}

// AcceptedPeriods describes the forms ParsePeriod reads.
const AcceptedPeriods = `a whole number and a unit: "15 working days", "1 working day", "28 days" ` +
	`(or "28 calendar days"), "6 weeks", "3 months", "48 hours"`

// Error says what could not be read as a period, and the forms that can.
func (e *PeriodError) Error() string {
	msg := fmt.Sprintf("cannot read %q as a period", e.Input)
	if e.Reason != "" {
		msg += " (" + e.Reason + ")"
	}
	if e.Suggestion != "" {
		msg += fmt.Sprintf("; did you mean %q?", e.Suggestion)
		if e.Note != "" {
			msg += " (" + e.Note + ")"
		}
		return msg
	}
	return msg + "; write " + AcceptedPeriods
}

// units are the words of each unit ParsePeriod reads, singular and plural.
// "business days" are working days (Monday to Friday, less bank holidays
// and the authority's closures) by another name, as calendar weeks and
// calendar months are weeks and months.
var units = map[string]Unit{
	"working day": WorkingDays, "working days": WorkingDays,
	"business day": WorkingDays, "business days": WorkingDays,
	"day": Days, "days": Days, "calendar day": Days, "calendar days": Days,
	"week": Weeks, "weeks": Weeks, "calendar week": Weeks, "calendar weeks": Weeks,
	"month": Months, "months": Months, "calendar month": Months, "calendar months": Months,
	"hour": Hours, "hours": Hours,
}

// unitWords are the units' canonical words, singular and plural, that a
// misspelt unit is compared with.
var unitWords = []string{"working days", "working day", "days", "day", "calendar days", "calendar day",
	"weeks", "week", "months", "month", "hours", "hour"}

// lookalikes are units ParsePeriod does not read, with the period each
// most likely means: a multiple of a unit it reads, and how it differs.
var lookalikes = map[string]struct {
	unit  Unit
	times int
	note  string
}{
	"weekday": {WorkingDays, 1, "working days also leave out bank holidays and the authority's closures"}, "weekdays": {WorkingDays, 1, "working days also leave out bank holidays and the authority's closures"},
	"week day": {WorkingDays, 1, "working days also leave out bank holidays and the authority's closures"}, "week days": {WorkingDays, 1, "working days also leave out bank holidays and the authority's closures"},
	"workday": {WorkingDays, 1, ""}, "workdays": {WorkingDays, 1, ""}, "work day": {WorkingDays, 1, ""}, "work days": {WorkingDays, 1, ""},
	"working-day": {WorkingDays, 1, ""}, "working-days": {WorkingDays, 1, ""},
	"wd": {WorkingDays, 1, ""}, "wds": {WorkingDays, 1, ""},
	"fortnight": {Weeks, 2, ""}, "fortnights": {Weeks, 2, ""},
	"year": {Months, 12, ""}, "years": {Months, 12, ""},
	"hr": {Hours, 1, ""}, "hrs": {Hours, 1, ""}, "h": {Hours, 1, ""},
	"wk": {Weeks, 1, ""}, "wks": {Weeks, 1, ""},
	"mth": {Months, 1, ""}, "mths": {Months, 1, ""},
}

// suggestUnit returns the period n of the unit written as unit most likely
// means, and a note, or "" when nothing is near.
func suggestUnit(n int, unit string) (string, string) {
	if l, ok := lookalikes[unit]; ok {
		if n*l.times > MaxPeriod {
			return "", ""
		}
		return Period{N: n * l.times, Unit: l.unit}.String(), l.note
	}
	best := suggest.Nearest(unit, unitWords)
	if best == "" {
		return "", ""
	}
	return Period{N: n, Unit: units[best]}.String(), ""
}

// ParsePeriod reads a period such as "15 working days", "1 working day",
// "3 months", "6 weeks", "28 days", "28 calendar days" or "48 hours".
// Singular and plural are both accepted, in any case, with any surrounding
// or repeated spaces, and so are "business days" (working days), "calendar
// weeks" and "calendar months". The number is a whole number from 0 to
// MaxPeriod. For a unit it does not read, the error suggests the period
// most likely meant: "15 working days" for "15 wroking days" or "15
// weekdays", "12 months" for "1 year", "4 weeks" for "2 fortnights".
func ParsePeriod(s string) (Period, error) {
	fields := strings.Fields(strings.ToLower(s))
	if len(fields) < 2 || len(fields) > 3 {
		return Period{}, &PeriodError{Input: s}
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || strings.HasPrefix(fields[0], "+") || strings.HasPrefix(fields[0], "-") {
		if err == nil || errors.Is(err, strconv.ErrRange) {
			return Period{}, &PeriodError{Input: s, Reason: fmt.Sprintf("the number must be from 0 to %d", MaxPeriod)}
		}
		return Period{}, &PeriodError{Input: s}
	}
	if n > MaxPeriod {
		return Period{}, &PeriodError{Input: s, Reason: fmt.Sprintf("the number must be from 0 to %d", MaxPeriod)}
	}
	unit := strings.Join(fields[1:], " ")
	u, ok := units[unit]
	if !ok {
		e := &PeriodError{Input: s}
		e.Suggestion, e.Note = suggestUnit(n, unit)
		return Period{}, e
	}
	return Period{N: n, Unit: u}, nil
}

// Roll says where a deadline that falls on a day that is not a working day
// moves.
type Roll int

// The ways a deadline may roll.
const (
	NoRoll       Roll = iota // stay on the day
	RollForward              // to the next working day (for hours: the end of it)
	RollBackward             // to the previous working day (for hours: the end of it)
)

// String returns "none", "forward" or "backward".
func (r Roll) String() string {
	switch r {
	case RollForward:
		return "forward"
	case RollBackward:
		return "backward"
	}
	return "none"
}

// Convention says how a period is counted.
type Convention struct {
	// Inclusive counts the start day as day 1 of a working-day period when
	// it is a working day (some procedures and the DfE census validator count
	// so); otherwise the start day is day 0.
	Inclusive bool
	// Roll moves a deadline that falls on a non-working day.
	Roll Roll
}

// Deadline is when a period ends: the end of a day, or for hours an instant.
type Deadline struct {
	// Time is midnight in London at the start of the due date when WholeDay,
	// else the exact instant.
	Time time.Time
	// WholeDay says the deadline is met by anything done on Time's date.
	WholeDay bool
}

// MetBy reports whether something done at t meets the deadline: on or
// before the due date for a whole-day deadline, at or before the instant for
// an hourly one.
func (d Deadline) MetBy(t time.Time) bool {
	if d.WholeDay {
		return !calendar.Date(t).After(d.Time)
	}
	return !t.After(d.Time)
}

// Date returns the deadline's date in London, as midnight.
func (d Deadline) Date() time.Time { return calendar.Date(d.Time) }

// String returns "Mon 25 Mar 2024", or for an hourly deadline "Mon 28 Oct
// 2024 07:00" in London time.
func (d Deadline) String() string {
	if d.Time.IsZero() {
		return "no deadline"
	}
	if d.WholeDay {
		return d.Time.In(calendar.London).Format(calendar.DayLayout)
	}
	return d.Time.In(calendar.London).Format("Mon 2 Jan 2006 15:04")
}

// Lateness returns how late something done at t is against d: in working
// days (those in (due date, t's date]) and in calendar days. Both are 0 when
// t meets d.
func (d Deadline) Lateness(cal *calendar.Calendar, t time.Time) (workingDays, days int) {
	if d.MetBy(t) {
		return 0, 0
	}
	due := calendar.Date(d.Time)
	return cal.WorkingDaysBetween(due, t), DaysBetween(due, t)
}

// DaysBetween returns the number of calendar days from a's date to b's date
// in London (negative when b's date is earlier).
func DaysBetween(a, b time.Time) int {
	ay, am, ad := a.In(calendar.London).Date()
	by, bm, bd := b.In(calendar.London).Date()
	// Whole days between two UTC midnights are exact: no clock changes in UTC.
	return int(time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
}

// RangeError reports a date outside the calendar's table.
type RangeError struct {
	// Date is the date outside the calendar; or, when Counted is set, the
	// date inside it that was counted from.
	Date        time.Time
	First, Last time.Time
	// Counted, when set, says how a date past the calendar's ends was
	// reached from Date, when the date itself cannot be worked out (the
	// table has no working days past its end): "15 working days after",
	// "the working day after".
	Counted string
}

// Error says which date is outside the calendar (or how it was counted) and
// what the calendar covers.
func (e *RangeError) Error() string {
	date := e.Date.In(calendar.London).Format("2 Jan 2006")
	if e.Counted != "" {
		date = e.Counted + " " + date
	}
	return fmt.Sprintf("%s is outside the working-day calendar (%s to %s)", date, e.First.Format("2 Jan 2006"), e.Last.Format("2 Jan 2006"))
}

// rangeError is the error of a date t outside cal, reached by counting
// what counted says ("" when t was given, not counted to).
func rangeError(cal *calendar.Calendar, t time.Time, counted string) *RangeError {
	first, last := cal.Range()
	return &RangeError{Date: t, First: first, Last: last, Counted: counted}
}

// After returns the deadline p after from: "within 15 working days of the
// strategy discussion".
func (p Period) After(cal *calendar.Calendar, from time.Time, conv Convention) (Deadline, error) {
	return p.count(cal, from, 1, conv)
}

// Before returns the deadline p before event: "at least 2 working days
// before the conference". It is met by anything done on or before it.
func (p Period) Before(cal *calendar.Calendar, event time.Time, conv Convention) (Deadline, error) {
	return p.count(cal, event, -1, conv)
}

func (p Period) count(cal *calendar.Calendar, from time.Time, sign int, conv Convention) (Deadline, error) {
	if p.IsZero() {
		return Deadline{}, errors.New("no period")
	}
	if cal == nil {
		return Deadline{}, errors.New("no calendar")
	}
	if !cal.Covers(from) {
		return Deadline{}, rangeError(cal, from, "")
	}
	n := sign * p.N
	var d Deadline
	switch p.Unit {
	case WorkingDays:
		start := from
		if conv.Inclusive && p.N > 0 {
			// Day 1 is the first working day on or after the start, so
			// count from the day before it (backwards: the day after).
			start = addDays(from, -sign)
		}
		d = Deadline{Time: cal.AddWorkingDays(start, n), WholeDay: true}
	case Days:
		d = Deadline{Time: addDays(from, n), WholeDay: true}
	case Weeks:
		d = Deadline{Time: addDays(from, 7*n), WholeDay: true}
	case Months:
		d = Deadline{Time: AddMonths(from, n), WholeDay: true}
	case Hours:
		d = Deadline{Time: from.Add(time.Duration(n) * time.Hour)}
	default:
		return Deadline{}, fmt.Errorf("unknown unit %v", p.Unit)
	}
	if d.Time.IsZero() {
		// Working days past the table's end: name where they were
		// counted from.
		way := " after"
		if sign < 0 {
			way = " before"
		}
		return Deadline{}, rangeError(cal, from, p.String()+way)
	}
	if !cal.Covers(d.Time) {
		return Deadline{}, rangeError(cal, d.Time, "")
	}
	return d.roll(cal, conv.Roll)
}

// Rolled returns the deadline moved off a day that is not a working day, as
// r says: forward, to the whole of the next working day; backward, to the
// whole of the one before; with NoRoll, or on a working day, unchanged.
func (d Deadline) Rolled(cal *calendar.Calendar, r Roll) (Deadline, error) { return d.roll(cal, r) }

// roll moves a deadline off a non-working day.
func (d Deadline) roll(cal *calendar.Calendar, r Roll) (Deadline, error) {
	if r == NoRoll || cal.IsWorkingDay(d.Time) {
		return d, nil
	}
	step := 1
	if r == RollBackward {
		step = -1
	}
	moved := Deadline{Time: cal.AddWorkingDays(d.Time, step), WholeDay: true}
	if moved.Time.IsZero() {
		counted := "the working day after"
		if step < 0 {
			counted = "the working day before"
		}
		return Deadline{}, rangeError(cal, d.Time, counted)
	}
	return moved, nil
}

// addDays returns midnight in London n calendar days after t's date.
func addDays(t time.Time, n int) time.Time {
	y, m, d := t.In(calendar.London).Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, calendar.London)
}

// AddMonths returns midnight in London of the date n months after t's date
// by the corresponding-date rule: the same day of the month, or the last day
// of the month where it has no such day (31 January + 3 months is 30 April;
// 30 November 2023 + 3 months is 29 February 2024). n may be negative.
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.In(calendar.London).Date()
	total := y*12 + int(m) - 1 + n
	ny, nm := total/12, time.Month(total%12+1)
	if total < 0 && total%12 != 0 {
		ny, nm = (total-11)/12, time.Month((total%12+12)%12+1)
	}
	if last := daysIn(ny, nm); d > last {
		d = last
	}
	return time.Date(ny, nm, d, 0, 0, 0, 0, calendar.London)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
