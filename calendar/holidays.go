package calendar

import (
	"sort"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/gb"
)

// Names of the bank holidays as GOV.UK publishes them in bank-holidays.json,
// so that explanations use the words a reader finds on GOV.UK.
const (
	nameNewYear         = "New Year’s Day"
	nameSecondJanuary   = "2nd January"
	nameStPatrick       = "St Patrick’s Day"
	nameGoodFriday      = "Good Friday"
	nameEasterMonday    = "Easter Monday"
	nameEarlyMay        = "Early May bank holiday"
	nameSpring          = "Spring bank holiday"
	nameBoyne           = "Battle of the Boyne (Orangemen’s Day)"
	nameSummer          = "Summer bank holiday"
	nameStAndrew        = "St Andrew’s Day"
	nameChristmas       = "Christmas Day"
	nameBoxingDay       = "Boxing Day"
	substituteDayNotice = "Substitute day"
)

// oneOff is a bank holiday proclaimed for one year only, in every nation of
// the United Kingdom.
type oneOff struct {
	date time.Time
	name string
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// oneOffs are the royal proclamations inside the calendar's range. Each applied
// in all three nations. Where a one-off replaced a regular holiday (the early
// May holiday moved to VE day in 1995 and 2020; the spring holiday moved for
// the jubilees of 2002, 2012 and 2022), movedEarlyMay and movedSpring say so.
var oneOffs = []oneOff{
	{day(1995, time.May, 8), "Early May bank holiday (VE day)"},
	{day(1999, time.December, 31), "Millennium celebrations"},
	{day(2002, time.June, 3), "Queen’s Golden Jubilee"},
	{day(2002, time.June, 4), nameSpring},
	{day(2011, time.April, 29), "Royal wedding"},
	{day(2012, time.June, 4), nameSpring},
	{day(2012, time.June, 5), "Queen’s Diamond Jubilee"},
	// rickar/cal has the 2020, 2022 and 2023 days (gb.VEDay,
	// gb.SpringHoliday2022, gb.PlatinumJubilee, gb.CoronationDay) but not the
	// state funeral; they are listed here with GOV.UK's names.
	{day(2020, time.May, 8), "Early May bank holiday (VE day)"},
	{day(2022, time.June, 2), nameSpring},
	{day(2022, time.June, 3), "Platinum Jubilee bank holiday"},
	{day(2022, time.September, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"},
	{day(2023, time.May, 8), "Bank holiday for the coronation of King Charles III"},
}

// Years in which the early May and spring bank holidays did not fall on their
// usual Mondays (the replacement day is in oneOffs).
var (
	movedEarlyMay = map[int]bool{1995: true, 2020: true}
	movedSpring   = map[int]bool{2002: true, 2012: true, 2022: true}
)

// St Andrew's Day has been a bank holiday in Scotland since the St Andrew's
// Day Bank Holiday (Scotland) Act 2007.
const firstStAndrewsDay = 2007

// fixedDay is a holiday on a fixed date that moves to a substitute weekday when
// it falls on a weekend.
type fixedDay struct {
	month time.Month
	day   int
	name  string
}

// ruleHolidays computes the bank holidays of region r in year y from the
// statutory rules and proclamations, sorted by date, with substitute days.
func ruleHolidays(r Region, y int) []Holiday {
	var fixed []fixedDay
	fixed = append(fixed, fixedDay{time.January, 1, nameNewYear})
	if r == Scotland {
		fixed = append(fixed, fixedDay{time.January, 2, nameSecondJanuary})
	}
	if r == NorthernIreland {
		fixed = append(fixed, fixedDay{time.March, 17, nameStPatrick}, fixedDay{time.July, 12, nameBoyne})
	}
	if r == Scotland && y >= firstStAndrewsDay {
		fixed = append(fixed, fixedDay{time.November, 30, nameStAndrew})
	}
	fixed = append(fixed, fixedDay{time.December, 25, nameChristmas}, fixedDay{time.December, 26, nameBoxingDay})

	// Holidays on set weekdays, from rickar/cal's definitions for Great
	// Britain, which are right for these.
	var out []Holiday
	add := func(h *cal.Holiday, name string) {
		if d, _ := h.Calc(y); !d.IsZero() {
			out = append(out, Holiday{Date: day(d.Year(), d.Month(), d.Day()), Name: name})
		}
	}
	add(gb.GoodFriday, nameGoodFriday)
	if r != Scotland {
		add(gb.EasterMonday, nameEasterMonday)
	}
	if !movedEarlyMay[y] {
		add(gb.EarlyMay, nameEarlyMay)
	}
	if !movedSpring[y] {
		add(gb.SpringHoliday, nameSpring)
	}
	if r == Scotland {
		add(gb.SummerHolidayScotland, nameSummer)
	} else {
		add(gb.SummerHoliday, nameSummer)
	}
	for _, o := range oneOffs {
		if o.date.Year() == y {
			out = append(out, Holiday{Date: o.date, Name: o.name})
		}
	}

	// Fixed days on a weekday keep their date. Those on a weekend are then
	// given the next weekday not already a holiday, in date order: so when 25
	// December is a Sunday, Boxing Day stays on Monday 26 and Christmas Day's
	// substitute is Tuesday 27, as GOV.UK lists it.
	taken := make(map[time.Time]bool, len(out)+len(fixed))
	for _, h := range out {
		taken[h.Date] = true
	}
	var weekend []fixedDay
	for _, f := range fixed {
		d := day(y, f.month, f.day)
		if isWeekend(d) {
			weekend = append(weekend, f)
			continue
		}
		out = append(out, Holiday{Date: d, Name: f.name})
		taken[d] = true
	}
	for _, f := range weekend {
		d := day(y, f.month, f.day)
		for isWeekend(d) || taken[d] {
			d = d.AddDate(0, 0, 1)
		}
		out = append(out, Holiday{Date: d, Name: f.name, Substitute: true})
		taken[d] = true
	}
	sortHolidays(out)
	return out
}

func isWeekend(d time.Time) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

func sortHolidays(hs []Holiday) {
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
}
