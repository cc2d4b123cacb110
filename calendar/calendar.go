// Package calendar counts working days in the United Kingdom: Monday to
// Friday, less the bank holidays of one nation (England and Wales, Scotland
// or Northern Ireland) and an authority's own closure days.
//
// Every time.Time is read as its date in Europe/London, whatever its
// location: 23:30 UTC on a summer evening is already the next day in London.
// Dates come back as midnight in London.
//
// A Calendar holds a table of cumulative working days from 1 January 1990 to
// 31 December 2100, built once by New, so AddWorkingDays and
// WorkingDaysBetween cost the same for 1 day or 1,000 and never allocate.
// Outside that range they cannot answer: AddWorkingDays returns the zero
// Time and WorkingDaysBetween returns 0, and Covers tells in advance whether
// a date is inside. The timescale package turns this into an error that
// names the date.
//
// Bank holidays are computed from the Banking and Financial Dealings Act 1971
// and the royal proclamations inside the range (1995, 1999, 2002, 2011, 2012,
// 2020, 2022, 2023), with GOV.UK's names for them. When a new one-off holiday
// is announced, WithGovUKFeed reads GOV.UK's bank-holidays.json, which then
// decides every year it covers.
package calendar

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// Region is a part of the United Kingdom with its own bank holidays.
type Region string

// The three bank-holiday regions, named as GOV.UK's bank-holidays.json names
// its divisions.
const (
	EnglandAndWales Region = "england-and-wales"
	Scotland        Region = "scotland"
	NorthernIreland Region = "northern-ireland"
)

// Regions lists the regions in a fixed order.
func Regions() []Region { return []Region{EnglandAndWales, Scotland, NorthernIreland} }

// String returns the region's name in words ("England and Wales").
func (r Region) String() string {
	switch r {
	case EnglandAndWales:
		return "England and Wales"
	case Scotland:
		return "Scotland"
	case NorthernIreland:
		return "Northern Ireland"
	}
	return string(r)
}

// Valid reports whether r is one of the three regions.
func (r Region) Valid() bool {
	return r == EnglandAndWales || r == Scotland || r == NorthernIreland
}

// The years the working-day table covers.
const (
	FirstYear = 1990
	LastYear  = 2100
)

// Holiday is a day that is not a working day although it is a weekday (or,
// for a bank holiday, a day GOV.UK lists, possibly a weekend).
type Holiday struct {
	Date       time.Time // midnight in London
	Name       string    // GOV.UK's name, e.g. "Spring bank holiday"; "Local closure day" for a closure
	Substitute bool      // a substitute weekday for a holiday that fell on a weekend
	Closure    bool      // an authority's own closure day, not a bank holiday
}

// ClosureName names a local closure day in explanations.
const ClosureName = "Local closure day"

// Calendar answers working-day questions for one region and one authority's
// closures. It is immutable after New, and safe for concurrent use.
type Calendar struct {
	region   Region
	first    int               // day number of 1 January FirstYear
	cum      []int32           // cum[i]: working days in [first, first+i]
	work     []int32           // work[k]: offset from first of the (k+1)th working day
	holidays map[int][]Holiday // bank holidays by year, sorted by date
	off      map[int]Holiday   // bank holidays and closures by day number
	offDays  []int             // the keys of off that are weekdays, sorted
	closures []Holiday
}

// Option configures a Calendar made by New.
type Option func(*options) error

type options struct {
	closures    []time.Time
	workingDays []time.Time
	feed        *feed
}

// WithClosures adds local non-working days, such as an authority's Christmas
// shutdown day. Each time is read as its date in London.
func WithClosures(days ...time.Time) Option {
	return func(o *options) error {
		o.closures = append(o.closures, days...)
		return nil
	}
}

// WithWorkingDays makes bank holidays that the authority works into working
// days: a Scottish council that opens on the summer bank holiday, say. Each
// must be a bank holiday of the region on a weekday, and not also a
// closure; New fails otherwise with a *DayError naming the first such date.
// CheckWorkingDays reports all of them.
func WithWorkingDays(days ...time.Time) Option {
	return func(o *options) error {
		o.workingDays = append(o.workingDays, days...)
		return nil
	}
}

// New builds the calendar of region r. It fails for an unknown region, or an
// option that fails (a malformed feed, a day that cannot be made a working
// day).
//
// Calendars of the same region, closures and working days, without a feed,
// are shared: New keeps the 64 it used most recently and returns one of those
// rather than build it again. A calendar stays valid after it leaves that
// cache, and a later New for the same days builds a new one.
func New(r Region, opts ...Option) (*Calendar, error) {
	if !r.Valid() {
		return nil, unknownRegion(r)
	}
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	var key string
	if o.feed == nil {
		key = cacheKey(r, o.closures) + " working" + cacheKey("", o.workingDays)
		if c := shared.get(key); c != nil {
			return c, nil
		}
	}
	c, err := build(r, o)
	if err != nil {
		return nil, err
	}
	if o.feed == nil {
		c = shared.add(key, c)
	}
	return c, nil
}

// cacheKey names a region and a set of closure days.
func cacheKey(r Region, closures []time.Time) string {
	days := make([]int, len(closures))
	for i, t := range closures {
		days[i] = londonDay(t)
	}
	sort.Ints(days)
	var b strings.Builder
	b.WriteString(string(r))
	for i, d := range days {
		if i > 0 && days[i-1] == d {
			continue
		}
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(d))
	}
	return b.String()
}

func build(r Region, o options) (*Calendar, error) {
	c := &Calendar{
		region:   r,
		first:    dayNumber(FirstYear, time.January, 1),
		holidays: make(map[int][]Holiday, LastYear-FirstYear+1),
		off:      make(map[int]Holiday),
	}
	var fed map[int][]Holiday
	if o.feed != nil {
		var err error
		if fed, err = o.feed.division(r); err != nil {
			return nil, err
		}
	}
	for y := FirstYear; y <= LastYear; y++ {
		hs, ok := fed[y]
		if !ok {
			hs = ruleHolidays(r, y)
		}
		for i := range hs {
			hs[i].Date = toLondon(hs[i].Date)
			c.off[londonDay(hs[i].Date)] = hs[i]
		}
		c.holidays[y] = hs
	}
	seen := make(map[int]bool)
	for _, t := range o.closures {
		n := londonDay(t)
		if seen[n] {
			continue
		}
		seen[n] = true
		h := Holiday{Date: londonMidnight(n), Name: ClosureName, Closure: true}
		c.closures = append(c.closures, h)
		if _, isHoliday := c.off[n]; !isHoliday {
			c.off[n] = h
		}
	}
	sortHolidays(c.closures)
	bankHoliday := func(n int) bool {
		h, ok := c.off[n]
		return ok && !h.Closure
	}
	if errs := workingDayErrors(r, seen, o.workingDays, bankHoliday); errs != nil {
		return nil, errs[0]
	}
	for _, t := range o.workingDays {
		delete(c.off, londonDay(t))
	}
	c.buildTable()
	return c, nil
}

// toLondon re-expresses a date held as midnight UTC as midnight in London.
func toLondon(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, London)
}

func (c *Calendar) buildTable() {
	last := dayNumber(LastYear, time.December, 31)
	size := last - c.first + 1
	c.cum = make([]int32, size)
	c.work = make([]int32, 0, size*5/7)
	var count int32
	for n := range c.off {
		if !isWeekendDay(n) {
			c.offDays = append(c.offDays, n)
		}
	}
	sort.Ints(c.offDays)
	for i := 0; i < size; i++ {
		if c.offDay(c.first + i) {
			c.cum[i] = count
			continue
		}
		count++
		c.cum[i] = count
		c.work = append(c.work, int32(i))
	}
}

// offDay reports whether day number n is not a working day, from the
// weekday and the holiday and closure lists.
func (c *Calendar) offDay(n int) bool {
	if isWeekendDay(n) {
		return true
	}
	_, ok := c.off[n]
	return ok
}

// Region returns the calendar's region.
func (c *Calendar) Region() Region { return c.region }

// Range returns the first and last dates the working-day table covers.
func (c *Calendar) Range() (first, last time.Time) {
	return londonMidnight(c.first), londonMidnight(c.first + len(c.cum) - 1)
}

// Covers reports whether t's date lies inside Range.
func (c *Calendar) Covers(t time.Time) bool {
	return c.index(londonDay(t)) >= 0
}

// index returns day number n's offset in the table, or -1 outside it.
func (c *Calendar) index(n int) int {
	i := n - c.first
	if i < 0 || i >= len(c.cum) {
		return -1
	}
	return i
}

// IsWorkingDay reports whether t's date in London is a working day: a
// weekday that is neither a bank holiday of the region (unless made a
// working day with WithWorkingDays) nor a closure day.
// Outside Range it applies the statutory rules for that year.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	n := londonDay(t)
	if i := c.index(n); i >= 0 {
		return c.cum[i] != c.before(i)
	}
	if c.offDay(n) {
		return false
	}
	y, _, _ := civilDate(n)
	return !taken(ruleHolidays(c.region, y), n)
}

// AddWorkingDays returns the date n working days after t's date, counting
// t's date as day 0 whatever it is; for negative n, the date -n working days
// before it. AddWorkingDays(t, 0) is t's date. For n != 0 the result is
// always a working day.
//
// It returns the zero Time when t or the answer lies outside Range.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	i := c.index(londonDay(t))
	if i < 0 {
		return time.Time{}
	}
	var k int // index into c.work of the answer
	switch {
	case n == 0:
		return londonMidnight(c.first + i)
	case n > 0:
		// cum[i] working days lie in [first, day i]; the answer is the nth after them.
		k = int(c.cum[i]) + n - 1
	default:
		// before(i) working days lie in [first, day i); the answer is the -nth from their end.
		k = int(c.before(i)) + n
	}
	if k < 0 || k >= len(c.work) {
		return time.Time{}
	}
	return londonMidnight(c.first + int(c.work[k]))
}

// WorkingDaysBetween counts the working days in (a, b], by date in London,
// when b is not before a; otherwise it returns minus the working days in
// [b, a). So WorkingDaysBetween(t, AddWorkingDays(t, n)) == n for every t
// and n inside Range.
//
// It returns 0 when a or b lies outside Range; check with Covers.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	i, j := c.index(londonDay(a)), c.index(londonDay(b))
	if i < 0 || j < 0 {
		return 0
	}
	if j >= i {
		return int(c.cum[j] - c.cum[i])
	}
	// -(working days in [j, i)) = -(cum[i-1] - cum[j-1])
	return -int(c.before(i) - c.before(j))
}

// before returns the working days in [first, first+i).
func (c *Calendar) before(i int) int32 {
	if i == 0 {
		return 0
	}
	return c.cum[i-1]
}

// Holidays returns the bank holidays of year y in the calendar's region,
// sorted by date, with GOV.UK's names; substitute days are marked. Closure
// days are not included (see Closures). For a year outside Range it applies
// the statutory rules for that year.
func (c *Calendar) Holidays(y int) []Holiday {
	hs, ok := c.holidays[y]
	if !ok {
		hs = ruleHolidays(c.region, y)
		for i := range hs {
			hs[i].Date = toLondon(hs[i].Date)
		}
		return hs
	}
	return append([]Holiday(nil), hs...)
}

// Closures returns the authority's closure days, sorted by date.
func (c *Calendar) Closures() []Holiday {
	return append([]Holiday(nil), c.closures...)
}

// DaysOff returns the bank holidays and closure days on weekdays in [from,
// to], by date in London, sorted by date: the days a working-day count
// skipped. It names a day that is both a bank holiday and a closure by its
// bank holiday.
func (c *Calendar) DaysOff(from, to time.Time) []Holiday {
	return c.AppendDaysOff(nil, from, to)
}

// AppendDaysOff is DaysOff appending to dst, so a caller can reuse one
// slice.
func (c *Calendar) AppendDaysOff(dst []Holiday, from, to time.Time) []Holiday {
	a, b := londonDay(from), londonDay(to)
	if b < a {
		a, b = b, a
	}
	for k := sort.SearchInts(c.offDays, a); k < len(c.offDays) && c.offDays[k] <= b; k++ {
		dst = append(dst, c.off[c.offDays[k]])
	}
	return dst
}
