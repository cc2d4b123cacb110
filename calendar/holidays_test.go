package calendar

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A proclamation that moves a regular holiday says so itself, through
// Replaces, and nothing else records the move: each Replaces must name a rule
// that is in force that year in every region the proclamation covers.
func TestProclamationsReplaceRulesInForce(t *testing.T) {
	for _, p := range proclamations {
		require.NotEqual(t, noRegion, p.Regions, "%s %s applies nowhere", p.Date.Format(time.DateOnly), p.Name)
		require.False(t, isWeekendDay(dayNumber(p.Date.Date())), "%s %s is on a weekend", p.Date.Format(time.DateOnly), p.Name)
		if p.Replaces == "" {
			continue
		}
		y := p.Date.Year()
		for _, r := range Regions() {
			if !p.Regions.has(r) {
				continue
			}
			matches := 0
			for _, ru := range bankHolidays {
				if ru.Name == p.Replaces && ru.Regions.has(r) && ru.inForce(y) {
					matches++
				}
			}
			assert.Equal(t, 1, matches, "%s %s replaces %q: want exactly one such rule in force in %s in %d", p.Date.Format(time.DateOnly), p.Name, p.Replaces, r, y)
		}
	}
}

// Replaces names a rule by its name, so within a region and year no two rules
// in force may share one. (Two rules are called "Summer bank holiday", for
// Scotland and for the rest.)
func TestRuleNamesAreUniqueWithinARegionAndYear(t *testing.T) {
	for _, r := range Regions() {
		for y := FirstYear; y <= LastYear; y++ {
			seen := map[string]bool{}
			for _, ru := range bankHolidays {
				if !ru.Regions.has(r) || !ru.inForce(y) {
					continue
				}
				require.False(t, seen[ru.Name], "%s %d: two rules named %q", r, y, ru.Name)
				seen[ru.Name] = true
			}
		}
	}
}

// Adding one line to the proclamations is all it takes to move a holiday. The
// dates are worked out by hand for 2030: 1 January is a Tuesday, Easter
// Sunday is 21 April, 1 May is a Wednesday (first Monday 6 May), 31 May a
// Friday (last Monday 27 May), 1 August a Thursday (first Monday 5 August),
// 30 November a Saturday (St Andrew's Day on Monday 2 December).
func TestOneProclamationLineMovesAHoliday(t *testing.T) {
	scotland2030 := []string{"2030-01-01", "2030-01-02", "2030-04-19", "2030-05-06", "2030-05-27", "2030-08-05", "2030-12-02", "2030-12-25", "2030-12-26"}
	assert.Equal(t, scotland2030, dates(holidaysOf(bankHolidays, proclamations, Scotland, 2030)))

	// An imagined proclamation moving Scotland's spring holiday to Tuesday 4 June 2030.
	procs := append(append([]proclamation(nil), proclamations...),
		proclamation{Date: day(2030, time.June, 4), Name: nameSpring, Regions: inScotland, Replaces: nameSpring})
	got := holidaysOf(bankHolidays, procs, Scotland, 2030)
	assert.Equal(t, []string{"2030-01-01", "2030-01-02", "2030-04-19", "2030-05-06", "2030-06-04", "2030-08-05", "2030-12-02", "2030-12-25", "2030-12-26"}, dates(got))
	assert.Equal(t, nameSpring, got[4].Name)
	assert.False(t, got[4].Substitute)

	// England and Wales keep Monday 27 May and Easter Monday 22 April.
	assert.Equal(t, []string{"2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06", "2030-05-27", "2030-08-26", "2030-12-25", "2030-12-26"},
		dates(holidaysOf(bankHolidays, procs, EnglandAndWales, 2030)))
}

// The early May bank holiday was first held on Monday 1 May 1978.
func TestEarlyMayFrom1978(t *testing.T) {
	c := mustNew(t, EnglandAndWales)
	assert.Contains(t, dates(c.Holidays(1978)), "1978-05-01")
	assert.NotContains(t, dates(c.Holidays(1977)), "1977-05-02", "Monday 2 May 1977, before the early May holiday existed")
	assert.True(t, c.IsWorkingDay(d("1977-05-02")))
	assert.False(t, c.IsWorkingDay(d("1978-05-01")))
}

func TestDateRules(t *testing.T) {
	tests := []struct {
		rule dateRule
		year int
		want string
	}{
		{fixed(time.November, 30), 2030, "2030-11-30"},
		{fixed(time.February, 29), 2024, "2024-02-29"},
		// 1 May 2023 was a Monday, 1 May 2024 a Wednesday.
		{nthWeekday(time.May, time.Monday, 1), 2023, "2023-05-01"},
		{nthWeekday(time.May, time.Monday, 1), 2024, "2024-05-06"},
		{nthWeekday(time.May, time.Monday, 2), 2024, "2024-05-13"},
		{lastWeekday(time.August, time.Monday), 2024, "2024-08-26"},
		// 31 May 2027 is a Monday.
		{lastWeekday(time.May, time.Monday), 2027, "2027-05-31"},
		// December: 31 December 2027 is a Friday.
		{lastWeekday(time.December, time.Friday), 2027, "2027-12-31"},
		{lastWeekday(time.December, time.Thursday), 2027, "2027-12-30"},
		// Easter Sundays: 23 March 2008, 24 April 2011, 25 April 2038 (the latest possible).
		{easter(0), 2008, "2008-03-23"},
		{easter(0), 2011, "2011-04-24"},
		{easter(0), 2038, "2038-04-25"},
		{easter(-2), 2024, "2024-03-29"},
		{easter(1), 2024, "2024-04-01"},
	}
	for _, tt := range tests {
		y, m, dd := civilDate(tt.rule.in(tt.year))
		assert.Equal(t, tt.want, day(y, m, dd).Format(time.DateOnly), "%+v in %d", tt.rule, tt.year)
	}
}

func TestRegionSet(t *testing.T) {
	assert.True(t, everywhere.has(Scotland))
	assert.False(t, notScotland.has(Scotland))
	assert.True(t, notScotland.has(NorthernIreland))
	assert.False(t, everywhere.has("wales"))
}

// The holidays are this package's own data: rickar/cal may supply the
// computus, but not its holiday lists, whose exception years would decide
// dates without a line changing here.
func TestNoHolidayListsFromRickar(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			require.NoError(t, err)
			assert.False(t, strings.HasPrefix(path, "github.com/rickar/cal/v2/"), "%s imports %s", name, path)
		}
		checked++
	}
	assert.GreaterOrEqual(t, checked, 4)
}
