package main

// This file: -summary, a caseload's figures: results by rule, the DfE's
// ICPC timeliness (table C4) and the InitialCPCtarget dates that are wrong.

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/cincensus"
	"github.com/safeguarding/timescales/timescale/dfe"
)

// statuses are the statuses in the order the summary gives them.
var statuses = []rules.Status{rules.Met, rules.Late, rules.Overdue, rules.DueSoon, rules.Pending,
	rules.Excepted, rules.Violated, rules.NotApplicable, rules.NotRecorded}

// summaryFormats are the formats -summary writes, by -format's name.
var summaryFormats = map[string]func(s *summary, w io.Writer) error{
	"text": (*summary).writeText,
	"json": (*summary).writeJSON,
}

// summary gathers a caseload's figures as its reports come.
type summary struct {
	policy *rules.Policy
	l      *caseload
	opts   batchOptions
	asOf   time.Time // the batch's as-of date (-asof, the input's, or today)
	// checked, breached and failed count the cases; blank the blank lines.
	checked, breached, failed, blank int
	// ownAsOf counts the cases checked as of their own as_of; ownDate is
	// the first one's, and ownDates false once another differs from it.
	ownAsOf        int
	ownDate        time.Time
	ownDiffer      bool
	breachesByRule map[string]int
	byRule         map[string]map[rules.Status]int
	// c4 is gathered for -summary only (it lists wrong targets, which can
	// be many); nil otherwise.
	c4           *dfe.ICPCTimeliness
	c4From, c4To time.Time // the period C4 is limited to, or zeros
}

func newSummary(p *rules.Policy, l *caseload, opts batchOptions) *summary {
	asOf := opts.asOf
	s := &summary{policy: p, l: l, opts: opts, asOf: asOf, breachesByRule: map[string]int{}, byRule: map[string]map[rules.Status]int{}}
	for _, r := range p.Rules() {
		s.byRule[r.ID] = map[rules.Status]int{}
	}
	if !opts.summary {
		return s
	}
	// The DfE counts on the nation's bank holidays, not the authority's
	// closure days (a compiled policy's region always makes a calendar).
	cal, err := calendar.New(p.Calendar().Region())
	if err != nil {
		cal = p.Calendar()
	}
	s.c4 = dfe.NewICPCTimeliness(cal)
	if opts.collectionYear {
		// The collection year to the census's ReferenceDate, or for
		// another input to the as-of date.
		s.c4To = l.asOf
		if s.c4To.IsZero() {
			s.c4To = calendar.Date(asOf)
		}
		s.c4From = cincensus.Header{ReferenceDate: s.c4To}.CollectionStart()
		s.c4.Within(s.c4From, s.c4To)
	}
	return s
}

func (s *summary) add(c *timescale.Case, rep *rules.Report) {
	s.checked++
	if !s.opts.asOfGiven && !c.AsOf.IsZero() && !c.AsOf.Equal(s.l.asOf) {
		s.ownAsOf++
		switch {
		case s.ownAsOf == 1:
			s.ownDate = rep.AsOf
		case !rep.AsOf.Equal(s.ownDate):
			s.ownDiffer = true
		}
	}
	if rep.Breaches > 0 {
		s.breached++
	}
	for _, r := range rep.Results {
		if r.IsBreach() {
			s.breachesByRule[r.Rule]++
		}
		s.byRule[r.Rule][r.Status]++ // every rule of the policy has its map
	}
	if s.c4 != nil {
		s.c4.Add(c)
	}
}

// writeCounts says on standard error how many cases were checked, how many
// had breaches, which rules were breached how often, and how many could
// not be checked.
func (s *summary) writeCounts(w io.Writer) {
	blank := ""
	if s.blank > 0 {
		blank = ", " + count(s.blank, "blank line", "blank lines")
	}
	fmt.Fprintf(w, "%s checked %s: %s with breaches, %s could not be checked%s\n",
		count(s.checked, s.l.noun, s.l.nouns), s.asOfWords(), count(s.breached, s.l.noun, s.l.nouns), count(s.failed, s.l.noun, s.l.nouns), blank)
	for _, r := range sortedByCount(s.breachesByRule) {
		fmt.Fprintf(w, "  %6d  %s\n", s.breachesByRule[r], r)
	}
}

// asOfWords says as of when the cases were checked, and by which rule:
// -asof's date for all; else each case's own as_of, and for those that give
// none the input's date (a census's ReferenceDate) or today.
func (s *summary) asOfWords() string {
	batch := fmt.Sprintf("as of %s (%s)", londonDate(s.asOf, false), s.asOfRule())
	switch {
	case s.opts.asOfGiven || s.ownAsOf == 0:
		return batch
	case s.ownAsOf == s.checked && !s.ownDiffer:
		return fmt.Sprintf("as of %s (each %s's as_of)", londonDate(s.ownDate, false), s.l.noun)
	case s.ownAsOf == s.checked:
		return fmt.Sprintf("as of each %s's own as_of", s.l.noun)
	}
	return fmt.Sprintf("as of each %s's own as_of (%d), else %s for %d", s.l.noun, s.ownAsOf, batch, s.checked-s.ownAsOf)
}

// asOfRule names where the batch's as-of date came from.
func (s *summary) asOfRule() string {
	switch {
	case s.opts.asOfGiven:
		return "-asof"
	case s.l.asOfWhy != "":
		return s.l.asOfWhy
	}
	return "today"
}

// writeText writes the figures as tables.
func (s *summary) writeText(w io.Writer) error {
	fmt.Fprintf(w, "%s, %s: %s checked, %s with breaches, %s could not be checked\n\n",
		s.policy.ID(), s.asOfWords(), count(s.checked, s.l.noun, s.l.nouns), count(s.breached, s.l.noun, s.l.nouns), count(s.failed, s.l.noun, s.l.nouns))

	// Results by rule, in the columns some rule has.
	var cols []rules.Status
	for _, st := range statuses {
		for _, counts := range s.byRule {
			if counts[st] > 0 {
				cols = append(cols, st)
				break
			}
		}
	}
	width := len("Results by rule")
	for _, r := range s.policy.Rules() {
		width = max(width, len(r.ID))
	}
	fmt.Fprintf(w, "%-*s", width, "Results by rule")
	for _, st := range cols {
		fmt.Fprintf(w, "  %s", strings.ReplaceAll(string(st), "_", " "))
	}
	fmt.Fprintln(w)
	for _, r := range s.policy.Rules() {
		fmt.Fprintf(w, "%-*s", width, r.ID)
		for _, st := range cols {
			fmt.Fprintf(w, "  %*d", len(st), s.byRule[r.ID][st])
		}
		fmt.Fprintln(w)
	}

	c4 := s.c4.Result()
	over := "every one in the records"
	if !s.c4To.IsZero() {
		over = fmt.Sprintf("held from %s to %s", londonDate(s.c4From, false), londonDate(s.c4To, false))
	}
	fmt.Fprintf(w, "\nICPC timeliness as the DfE's table C4 counts it, over %s with an initial conference on or after the start (%s).\n",
		count(c4.Enquiries, "s47 enquiry", "s47 enquiries"), over)
	fmt.Fprintln(w, "Working days from the start of the s47 enquiry to the ICPC:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, b := range bands(c4) {
		fmt.Fprintf(tw, "  %s\t%d\t%s\t\n", b.name, b.n, percent(b.n, c4.Enquiries))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if c4.Enquiries > 0 {
		fmt.Fprintf(w, "25th percentile %d, median %d, 75th percentile %d working days (nearest rank)\n", c4.P25, c4.Median, c4.P75)
	}
	var left []string
	for _, l := range notCounted(c4) {
		if l.n > 0 {
			left = append(left, fmt.Sprintf("%d %s", l.n, l.words))
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(w, "Not counted: %s.\n", strings.Join(left, ", "))
	}

	mm := s.c4.TargetMismatches()
	fmt.Fprintf(w, "\nInitialCPCtarget not %d working days after the start of the s47 enquiry: %s\n", dfe.WorkingTogetherDays, count(len(mm), "enquiry", "enquiries"))
	if len(mm) == 0 {
		return nil
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  Child\tS47 start\tTarget recorded\tShould be")
	for _, m := range mm {
		target := "none"
		if t := targetDate(m); t != nil {
			target = *t
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", printable(m.Child), m.Start.Format(time.DateOnly), target, m.Correct.Format(time.DateOnly))
	}
	return tw.Flush()
}

// notCounted are the reasons enquiries were left out of C4, with their
// key in JSON and their words in text.
func notCounted(c dfe.C4) []struct {
	key, words string
	n          int
} {
	return []struct {
		key, words string
		n          int
	}{
		{"no_conference", "with no initial conference", c.NoConference},
		{"conference_before_start", "with the conference dated before the start", c.ConferenceBeforeStart},
		{"outside_period", "with the conference outside those dates", c.OutsidePeriod},
		{"outside_calendar", "with a date outside the calendar (1990 to 2100)", c.OutsideCalendar},
	}
}

// targetDate is a mismatch's recorded target as a date, or nil when none
// was recorded.
func targetDate(m dfe.TargetMismatch) *string {
	if m.Target.IsZero() {
		return nil
	}
	t := m.Target.Format(time.DateOnly)
	return &t
}

type band struct {
	name string
	n    int
}

func bands(c dfe.C4) []band {
	return []band{{"0-10", c.Bands.UpTo10}, {"11-15", c.Bands.From11To15}, {"16-20", c.Bands.From16To20}, {"21+", c.Bands.MoreThan20}}
}

func percent(n, of int) string {
	if of == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

// summaryJSON is -summary -format json.
type summaryJSON struct {
	Policy           string                    `json:"policy"`
	AsOf             string                    `json:"as_of"`
	AsOfRule         string                    `json:"as_of_rule"` // -asof, today, the census's ReferenceDate
	OwnAsOf          int                       `json:"checked_as_of_own_as_of"`
	Children         int                       `json:"children"`
	WithBreaches     int                       `json:"with_breaches"`
	NotChecked       int                       `json:"could_not_be_checked"`
	Rules            map[string]map[string]int `json:"rules"`
	DfEC4            c4JSON                    `json:"dfe_c4"`
	TargetMismatches []mismatchJSON            `json:"target_mismatches"`
}

type c4JSON struct {
	From       string         `json:"from,omitempty"` // the period counted, when limited
	To         string         `json:"to,omitempty"`
	Enquiries  int            `json:"enquiries"`
	Bands      map[string]int `json:"bands"`
	P25        *int           `json:"p25"` // null with no enquiries
	Median     *int           `json:"median"`
	P75        *int           `json:"p75"`
	NotCounted map[string]int `json:"not_counted"`
}

type mismatchJSON struct {
	Child   string  `json:"child"`
	Start   string  `json:"s47_start"`
	Target  *string `json:"target"` // null when none is recorded
	Correct string  `json:"correct"`
}

func (s *summary) writeJSON(w io.Writer) error {
	out := summaryJSON{
		Policy: s.policy.ID(), AsOf: calendar.Date(s.asOf).Format(time.DateOnly), AsOfRule: s.asOfRule(), OwnAsOf: s.ownAsOf,
		Children: s.checked, WithBreaches: s.breached, NotChecked: s.failed,
		Rules: map[string]map[string]int{}, TargetMismatches: []mismatchJSON{},
	}
	for id, counts := range s.byRule {
		m := map[string]int{}
		for _, st := range statuses {
			m[string(st)] = counts[st]
		}
		out.Rules[id] = m
	}
	c4 := s.c4.Result()
	out.DfEC4 = c4JSON{Enquiries: c4.Enquiries, Bands: map[string]int{}, NotCounted: map[string]int{}}
	for _, l := range notCounted(c4) {
		out.DfEC4.NotCounted[l.key] = l.n
	}
	if !s.c4To.IsZero() {
		out.DfEC4.From, out.DfEC4.To = s.c4From.Format(time.DateOnly), s.c4To.Format(time.DateOnly)
	}
	for _, b := range bands(c4) {
		out.DfEC4.Bands[b.name] = b.n
	}
	if c4.Enquiries > 0 {
		out.DfEC4.P25, out.DfEC4.Median, out.DfEC4.P75 = &c4.P25, &c4.Median, &c4.P75
	}
	for _, m := range s.c4.TargetMismatches() {
		out.TargetMismatches = append(out.TargetMismatches, mismatchJSON{Child: m.Child, Start: m.Start.Format(time.DateOnly),
			Target: targetDate(m), Correct: m.Correct.Format(time.DateOnly)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
