package calendar

// This file: bank holidays an authority works, and checking them.

import (
	"fmt"
	"time"
)

// DayError reports a date that cannot be made a working day with
// WithWorkingDays: a weekend day, a day that is not a bank holiday of the
// region, or a day also given as a closure.
type DayError struct {
	Date time.Time // the date, as midnight in London
	// Msg says what is wrong, naming the date as DayLayout writes it:
	// "Sat 3 Aug 2024 is a weekend day; only a bank holiday can be made a
	// working day".
	Msg string
}

// Error returns Msg after "calendar: ".
func (e *DayError) Error() string { return "calendar: " + e.Msg }

// CheckWorkingDays reports, without building a calendar, each of
// workingDays that New(r, WithClosures(closures...),
// WithWorkingDays(workingDays...)) would refuse: one *DayError for each
// such entry, in the order given (so a date given twice is reported twice),
// with the text of New's error for it. It returns nil when New would accept
// them all. A caller can so report every bad day at once, where New stops
// at the first.
//
// The bank holidays are the computed ones, as in a calendar made without
// WithGovUKFeed. As in New, a day outside Range is never a bank holiday for
// this purpose. For an unknown region it returns just New's error for the
// region.
func CheckWorkingDays(r Region, closures, workingDays []time.Time) []error {
	if !r.Valid() {
		return []error{unknownRegion(r)}
	}
	years := make(map[int][]Holiday)
	bankHoliday := func(n int) bool {
		y, _, _ := civilDate(n)
		if y < FirstYear || y > LastYear {
			return false
		}
		hs, ok := years[y]
		if !ok {
			hs = ruleHolidays(r, y)
			years[y] = hs
		}
		return taken(hs, n)
	}
	closed := make(map[int]bool, len(closures))
	for _, t := range closures {
		closed[londonDay(t)] = true
	}
	return workingDayErrors(r, closed, workingDays, bankHoliday)
}

// workingDayErrors returns a *DayError for each of days that cannot be made
// a working day of region r: one in closed (day numbers of closures), on a
// weekend, or for which bankHoliday (of a day number) is false.
func workingDayErrors(r Region, closed map[int]bool, days []time.Time, bankHoliday func(n int) bool) []error {
	var errs []error
	for _, t := range days {
		n := londonDay(t)
		var why string
		switch {
		case closed[n]:
			why = "is given both as a closure and as a working day"
		case isWeekendDay(n):
			why = "is a weekend day; only a bank holiday can be made a working day"
		case !bankHoliday(n):
			why = fmt.Sprintf("is not a bank holiday in %s, so it is a working day already", r)
		default:
			continue
		}
		date := londonMidnight(n)
		errs = append(errs, &DayError{Date: date, Msg: date.Format(DayLayout) + " " + why})
	}
	return errs
}

// unknownRegion is the error for a region that is not one of the three.
func unknownRegion(r Region) error {
	return fmt.Errorf("calendar: unknown region %q (want %s)", string(r), regionChoices)
}

// regionChoices names the regions, for an error about one that is not.
var regionChoices = fmt.Sprintf("%q, %q or %q", string(EnglandAndWales), string(Scotland), string(NorthernIreland))
