package calendar

// This file: the bank holidays of each region, declared as data: the
// statutory rules and the royal proclamations.

import (
	"sort"
	"time"

	"github.com/rickar/cal/v2"
)

// Names of the bank holidays as GOV.UK publishes them in bank-holidays.json,
// so that explanations use the words a reader finds on GOV.UK.
const (
	nameNewYear       = "New Year’s Day"
	nameSecondJanuary = "2nd January"
	nameStPatrick     = "St Patrick’s Day"
	nameGoodFriday    = "Good Friday"
	nameEasterMonday  = "Easter Monday"
	nameEarlyMay      = "Early May bank holiday"
	nameSpring        = "Spring bank holiday"
	nameBoyne         = "Battle of the Boyne (Orangemen’s Day)"
	nameSummer        = "Summer bank holiday"
	nameStAndrew      = "St Andrew’s Day"
	nameChristmas     = "Christmas Day"
	nameBoxingDay     = "Boxing Day"
)

// regionSet is a set of regions, one bit each, so that a table row can say
// where a holiday applies.
type regionSet uint8

const (
	inEnglandAndWales regionSet = 1 << iota
	inScotland
	inNorthernIreland

	everywhere  = inEnglandAndWales | inScotland | inNorthernIreland
	notScotland = inEnglandAndWales | inNorthernIreland
	noRegion    = regionSet(0)
)

// regionBit returns r's member of regionSet, or the empty set for an
// unknown region.
func regionBit(r Region) regionSet {
	switch r {
	case EnglandAndWales:
		return inEnglandAndWales
	case Scotland:
		return inScotland
	case NorthernIreland:
		return inNorthernIreland
	}
	return noRegion
}

// has reports whether r is in s. No set has an unknown region.
func (s regionSet) has(r Region) bool { return s&regionBit(r) != 0 }

// dateKind says how a dateRule finds its day.
type dateKind uint8

const (
	onFixedDate   dateKind = iota + 1 // month and day
	onNthWeekday                      // the nth weekday of month
	onLastWeekday                     // the last weekday of month
	onEaster                          // Easter Sunday plus offset days
)

// dateRule says on which day of a year a holiday falls. Make one with fixed,
// nthWeekday, lastWeekday or easter.
type dateRule struct {
	kind    dateKind
	month   time.Month
	day     int // fixed: day of the month; nthWeekday: n; easter: offset in days
	weekday time.Weekday
}

// fixed is the same date every year: fixed(time.December, 25).
func fixed(m time.Month, d int) dateRule { return dateRule{kind: onFixedDate, month: m, day: d} }

// nthWeekday is the nth (from 1) such weekday of the month: the first Monday
// of May is nthWeekday(time.May, time.Monday, 1).
func nthWeekday(m time.Month, wd time.Weekday, n int) dateRule {
	return dateRule{kind: onNthWeekday, month: m, weekday: wd, day: n}
}

// lastWeekday is the last such weekday of the month.
func lastWeekday(m time.Month, wd time.Weekday) dateRule {
	return dateRule{kind: onLastWeekday, month: m, weekday: wd}
}

// easter is offset days after Easter Sunday (before it when negative), by
// the Gregorian computus.
func easter(offset int) dateRule { return dateRule{kind: onEaster, day: offset} }

// in returns the day number of the rule's day in year y.
func (d dateRule) in(y int) int {
	switch d.kind {
	case onFixedDate:
		return dayNumber(y, d.month, d.day)
	case onNthWeekday:
		first := dayNumber(y, d.month, 1)
		return first + (int(d.weekday)-int(weekdayOf(first))+7)%7 + 7*(d.day-1)
	case onLastWeekday:
		next := dayNumber(y, d.month+1, 1)
		if d.month == time.December {
			next = dayNumber(y+1, time.January, 1)
		}
		last := next - 1
		return last - (int(weekdayOf(last))-int(d.weekday)+7)%7
	case onEaster:
		// rickar/cal supplies only the computus here, not its holiday lists.
		e := cal.CalcEasterOffset(&cal.Holiday{}, y)
		return dayNumber(e.Year(), e.Month(), e.Day()) + d.day
	}
	panic("calendar: dateRule without a kind") // unreachable: the constructors set one
}

// rule is a bank holiday that recurs every year, as statute or custom sets
// it.
type rule struct {
	Name    string    // GOV.UK's name for it
	Regions regionSet // where it is a bank holiday
	From    int       // the first year it is a bank holiday; 0 for always
	Until   int       // the last year it is a bank holiday; 0 for still
	Date    dateRule  // its day in a year
	// Substitute moves it, when it falls on a Saturday or Sunday, to the
	// next weekday that is not already a bank holiday. GOV.UK then lists the
	// substitute day only.
	Substitute bool
}

// inForce reports whether the rule makes a bank holiday in year y.
func (ru rule) inForce(y int) bool {
	return (ru.From == 0 || y >= ru.From) && (ru.Until == 0 || y <= ru.Until)
}

// bankHolidays are the recurring bank holidays of the Banking and Financial
// Dealings Act 1971 (schedule 1, as amended), the early May holiday
// proclaimed every year since 1978, and St Andrew's Day under the St
// Andrew's Day Bank Holiday (Scotland) Act 2007. They are in date order.
// A year's one-off changes are proclamations, below: none is recorded here.
var bankHolidays = []rule{
	{Name: nameNewYear, Regions: everywhere, Date: fixed(time.January, 1), Substitute: true},
	{Name: nameSecondJanuary, Regions: inScotland, Date: fixed(time.January, 2), Substitute: true},
	{Name: nameStPatrick, Regions: inNorthernIreland, Date: fixed(time.March, 17), Substitute: true},
	{Name: nameGoodFriday, Regions: everywhere, Date: easter(-2)},
	{Name: nameEasterMonday, Regions: notScotland, Date: easter(1)},
	{Name: nameEarlyMay, Regions: everywhere, From: 1978, Date: nthWeekday(time.May, time.Monday, 1)},
	{Name: nameSpring, Regions: everywhere, Date: lastWeekday(time.May, time.Monday)},
	{Name: nameBoyne, Regions: inNorthernIreland, Date: fixed(time.July, 12), Substitute: true},
	{Name: nameSummer, Regions: inScotland, Date: nthWeekday(time.August, time.Monday, 1)},
	{Name: nameSummer, Regions: notScotland, Date: lastWeekday(time.August, time.Monday)},
	{Name: nameStAndrew, Regions: inScotland, From: 2007, Date: fixed(time.November, 30), Substitute: true},
	{Name: nameChristmas, Regions: everywhere, Date: fixed(time.December, 25), Substitute: true},
	{Name: nameBoxingDay, Regions: everywhere, Date: fixed(time.December, 26), Substitute: true},
}

// proclamation is a bank holiday proclaimed for one day. When it takes the
// place of a recurring holiday that year, Replaces names that rule, and in
// the proclamation's regions the rule makes no holiday in that year.
type proclamation struct {
	Date     time.Time // midnight UTC
	Name     string    // GOV.UK's name for the day
	Regions  regionSet // where it is a bank holiday
	Replaces string    // the Name of the rule it displaces that year, or ""
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// proclamations are the royal proclamations inside the calendar's range.
// Each applied in all three nations. This is the only place where a year in
// which a regular holiday moved is recorded.
var proclamations = []proclamation{
	{Date: day(1995, time.May, 8), Name: "Early May bank holiday (VE day)", Regions: everywhere, Replaces: nameEarlyMay},
	{Date: day(1999, time.December, 31), Name: "Millennium celebrations", Regions: everywhere},
	{Date: day(2002, time.June, 3), Name: "Queen’s Golden Jubilee", Regions: everywhere},
	{Date: day(2002, time.June, 4), Name: nameSpring, Regions: everywhere, Replaces: nameSpring},
	{Date: day(2011, time.April, 29), Name: "Royal wedding", Regions: everywhere},
	{Date: day(2012, time.June, 4), Name: nameSpring, Regions: everywhere, Replaces: nameSpring},
	{Date: day(2012, time.June, 5), Name: "Queen’s Diamond Jubilee", Regions: everywhere},
	{Date: day(2020, time.May, 8), Name: "Early May bank holiday (VE day)", Regions: everywhere, Replaces: nameEarlyMay},
	{Date: day(2022, time.June, 2), Name: nameSpring, Regions: everywhere, Replaces: nameSpring},
	{Date: day(2022, time.June, 3), Name: "Platinum Jubilee bank holiday", Regions: everywhere},
	{Date: day(2022, time.September, 19), Name: "Bank Holiday for the State Funeral of Queen Elizabeth II", Regions: everywhere},
	{Date: day(2023, time.May, 8), Name: "Bank holiday for the coronation of King Charles III", Regions: everywhere},
}

// ruleHolidays computes the bank holidays of region r in year y from the
// recurring rules and the proclamations, sorted by date, with substitute
// days.
func ruleHolidays(r Region, y int) []Holiday {
	return holidaysOf(bankHolidays, proclamations, r, y)
}

// holidaysOf is ruleHolidays from the given tables.
func holidaysOf(rules []rule, procs []proclamation, r Region, y int) []Holiday {
	out := make([]Holiday, 0, 16)
	var replaced []string
	for _, p := range procs {
		if p.Date.Year() == y && p.Regions.has(r) {
			out = append(out, Holiday{Date: p.Date, Name: p.Name})
			if p.Replaces != "" {
				replaced = append(replaced, p.Replaces)
			}
		}
	}

	// A day on its own date is taken first. Those to be moved off a weekend
	// are then given the next weekday not already a holiday, in date order:
	// so when 25 December is a Sunday, Boxing Day stays on Monday 26 and
	// Christmas Day's substitute is Tuesday 27, as GOV.UK lists it.
	type weekendDay struct {
		n    int
		name string
	}
	var moved []weekendDay
rules:
	for _, ru := range rules {
		if !ru.Regions.has(r) || !ru.inForce(y) {
			continue
		}
		for _, name := range replaced {
			if name == ru.Name {
				continue rules
			}
		}
		n := ru.Date.in(y)
		if ru.Substitute && isWeekendDay(n) {
			moved = append(moved, weekendDay{n, ru.Name})
			continue
		}
		out = append(out, Holiday{Date: dayDate(n), Name: ru.Name})
	}
	sort.SliceStable(moved, func(i, j int) bool { return moved[i].n < moved[j].n })
	for _, m := range moved {
		n := m.n
		for isWeekendDay(n) || taken(out, n) {
			n++
		}
		out = append(out, Holiday{Date: dayDate(n), Name: m.name, Substitute: true})
	}
	sortHolidays(out)
	return out
}

// dayDate returns day number n as midnight UTC.
func dayDate(n int) time.Time {
	y, m, d := civilDate(n)
	return day(y, m, d)
}

// taken reports whether day number n is already in hs, whose dates are
// midnight UTC.
func taken(hs []Holiday, n int) bool {
	for _, h := range hs {
		if dayNumber(h.Date.Date()) == n {
			return true
		}
	}
	return false
}

func isWeekendDay(n int) bool {
	wd := weekdayOf(n)
	return wd == time.Saturday || wd == time.Sunday
}

func sortHolidays(hs []Holiday) {
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
}
