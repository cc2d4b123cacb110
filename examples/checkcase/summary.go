package main

// This file: -summary, a caseload's figures: results by rule, the DfE's
// ICPC timeliness (table C4), the InitialCPCtarget dates that are wrong,
// and the deadlines coming (within -within working days) and overdue; as
// text and JSON (csv.go and html.go write it as CSV and HTML).

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
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
	"csv":  (*summary).writeCSV,
	"html": (*summary).writeHTML,
}

// summary gathers a caseload's figures as its reports come.
type summary struct {
	policy *rules.Policy
	l      *caseload
	opts   batchOptions
	// checked, breached, warned (with warnings) and failed count the
	// cases; blank the blank lines.
	checked, breached, warned, failed, blank int
	// ownAsOf counts the cases checked as of their own as_of; ownDate is
	// the first one's, and ownDates false once another differs from it.
	ownAsOf   int
	ownDate   time.Time
	ownDiffer bool
	byRule    map[string]map[rules.Status]int
	// c4 is gathered for -summary only (it lists wrong targets, which can
	// be many); nil otherwise.
	c4           *dfe.ICPCTimeliness
	c4From, c4To time.Time // the period C4 is limited to, or zeros
	// coming are the results due soon or pending whose due date is within
	// opts.within working days after their report's as-of date; overdue
	// every overdue result. Gathered for -summary only, in input order
	// (sorted when written).
	coming, overdue []deadline
}

// deadline is one result of the coming or overdue lists.
type deadline struct {
	due        timescale.Deadline
	caseID     string
	rule       string
	instance   string // "CP plan 2", or ""
	occurrence int
	status     rules.Status
	late       int // working days past due, for an overdue one
}

// newSummary starts the figures of a caseload; the C4 measure and the
// coming deadlines are gathered only for -summary.
func newSummary(p *rules.Policy, l *caseload, opts batchOptions) *summary {
	asOf := opts.asOf
	s := &summary{policy: p, l: l, opts: opts, byRule: map[string]map[rules.Status]int{}}
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

// add counts a case's report.
func (s *summary) add(c *timescale.Case, rep *rules.Report) {
	s.checked++
	if len(rep.Warnings) > 0 {
		s.warned++
	}
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
		s.byRule[r.Rule][r.Status]++ // every rule of the policy has its map
	}
	if s.c4 != nil {
		s.c4.Add(c)
		s.addDeadlines(rep)
	}
}

// addDeadlines keeps the report's results due soon or pending within
// opts.within working days of its as-of date (on the policy's calendar,
// closures included: the day the period ends counts), and its overdue
// ones.
func (s *summary) addDeadlines(rep *rules.Report) {
	// Zero when the as-of date is too near the calendar's end to count on:
	// then every one coming is listed.
	limit := s.policy.Calendar().AddWorkingDays(rep.AsOf, s.opts.within)
	for _, r := range rep.Results {
		if r.Due.Time.IsZero() {
			continue
		}
		d := deadline{due: r.Due, caseID: rep.Case, rule: r.Rule, instance: r.Instance.String(), occurrence: r.Occurrence, status: r.Status}
		switch r.Status {
		case rules.Overdue:
			d.late = r.WorkingDaysLate
			s.overdue = append(s.overdue, d)
		case rules.DueSoon, rules.Pending:
			if limit.IsZero() || !calendar.Date(r.Due.Time).After(limit) {
				s.coming = append(s.coming, d)
			}
		}
	}
}

// sortedDeadlines returns the coming deadlines soonest first and the
// overdue ones earliest due first, each then by case, rule, instance
// and occurrence.
func (s *summary) sortedDeadlines() (coming, overdue []deadline) {
	for _, list := range [][]deadline{s.coming, s.overdue} {
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i], list[j]
			switch {
			case !a.due.Time.Equal(b.due.Time):
				return a.due.Time.Before(b.due.Time)
			case a.caseID != b.caseID:
				return a.caseID < b.caseID
			case a.rule != b.rule:
				return a.rule < b.rule
			case a.instance != b.instance:
				return a.instance < b.instance
			}
			return a.occurrence < b.occurrence
		})
	}
	return s.coming, s.overdue
}

// dueISO writes a due date for data: 2024-04-15, or "2024-04-15 09:00"
// (London) for a deadline in hours.
func dueISO(d timescale.Deadline) string { return isoDate(d.Time, !d.WholeDay) }

// statusWords writes a status for people: "due soon".
func statusWords(st rules.Status) string { return strings.ReplaceAll(string(st), "_", " ") }

// writeCounts says on standard error how many cases were checked, how many
// had breaches, which rules were breached how often, and how many could
// not be checked.
func (s *summary) writeCounts(w io.Writer) {
	more := ""
	if s.warned > 0 {
		more = ", " + count(s.warned, s.l.noun, s.l.nouns) + " with warnings"
	}
	if s.blank > 0 {
		more += ", " + count(s.blank, "blank line", "blank lines")
	}
	fmt.Fprintf(w, "%s checked %s: %s with breaches, %s could not be checked%s\n",
		s.count(s.checked), s.asOfWords(), s.count(s.breached), s.count(s.failed), more)
	// Breaches by rule, from the counts by status: late, overdue and
	// violated results of rules that are not practice standards
	// (rules.Result.IsBreach).
	breaches := map[string]int{}
	for _, r := range s.policy.Rules() {
		counts := s.byRule[r.ID]
		if n := counts[rules.Late] + counts[rules.Overdue] + counts[rules.Violated]; n > 0 && !r.PracticeStandard {
			breaches[r.ID] = n
		}
	}
	for _, r := range sortedByCount(breaches) {
		fmt.Fprintf(w, "  %6d  %s\n", breaches[r], r)
	}
}

// asOfWords says as of when the cases were checked, and by which rule:
// -asof's date for all; else each case's own as_of, and for those that give
// none the input's date (a census's ReferenceDate) or today.
func (s *summary) asOfWords() string {
	batch := fmt.Sprintf("as of %s (%s)", londonDate(s.opts.asOf, false), s.batchRule())
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

// asOfRule names where the batch's as-of date came from: -asof, the
// input (a census's ReferenceDate) or today; for the summary's JSON,
// "each case's as_of" when every case gave its own, and that followed by
// ", else " and the batch's rule when some did.
func (s *summary) asOfRule() string {
	rule := s.batchRule()
	if s.opts.asOfGiven {
		return rule
	}
	own := fmt.Sprintf("each %s's as_of", s.l.noun)
	switch {
	case s.ownAsOf == 0:
		return rule
	case s.ownAsOf == s.checked:
		return own
	}
	return own + ", else " + rule
}

// batchRule names where the batch's own date came from: -asof, the input
// (a census's ReferenceDate) or today.
func (s *summary) batchRule() string {
	switch {
	case s.opts.asOfGiven:
		return "-asof"
	case s.l.asOfWhy != "":
		return s.l.asOfWhy
	}
	return "today"
}

// asOfDate is the date the summary's JSON gives as its as_of: the one every
// case was checked as of when they share one, else the batch's.
func (s *summary) asOfDate() time.Time {
	if !s.opts.asOfGiven && s.ownAsOf > 0 && s.ownAsOf == s.checked && !s.ownDiffer {
		return s.ownDate
	}
	return s.opts.asOf
}

// count counts the caseload's cases: "1 child", "3 cases".
func (s *summary) count(n int) string { return count(n, s.l.noun, s.l.nouns) }

// checkedWords says how many cases were checked, were breached and could
// not be checked: "3 cases checked, 1 case with breaches, 0 cases could not
// be checked".
func (s *summary) checkedWords() string {
	return fmt.Sprintf("%s checked, %s with breaches, %s could not be checked", s.count(s.checked), s.count(s.breached), s.count(s.failed))
}

// c4Over says what C4 was counted over: "2 s47 enquiries with an initial
// conference on or after the start (every one in the records)".
func (s *summary) c4Over(c4 dfe.C4) string {
	over := "every one in the records"
	if !s.c4To.IsZero() {
		over = fmt.Sprintf("held from %s to %s", londonDate(s.c4From, false), londonDate(s.c4To, false))
	}
	return fmt.Sprintf("%s with an initial conference on or after the start (%s)", count(c4.Enquiries, "s47 enquiry", "s47 enquiries"), over)
}

// percentiles words C4's percentiles, for a C4 of some enquiries.
func percentiles(c4 dfe.C4) string {
	return fmt.Sprintf("25th percentile %d, median %d, 75th percentile %d working days (nearest rank)", c4.P25, c4.Median, c4.P75)
}

// c4Left says which enquiries C4 did not count, and why ("Not counted: 1
// with no initial conference."); "" when it counted every one.
func c4Left(c4 dfe.C4) string {
	var left []string
	for _, l := range notCounted(c4) {
		if l.n > 0 {
			left = append(left, fmt.Sprintf("%d %s", l.n, l.words))
		}
	}
	if len(left) == 0 {
		return ""
	}
	return "Not counted: " + strings.Join(left, ", ") + "."
}

// targetWords is a mismatch's recorded target, or "none".
func targetWords(m dfe.TargetMismatch) string {
	if t := targetDate(m); t != nil {
		return *t
	}
	return "none"
}

// writeText writes the figures as tables.
func (s *summary) writeText(w io.Writer) error {
	fmt.Fprintf(w, "%s, %s: %s\n\n", s.policy.ID(), s.asOfWords(), s.checkedWords())

	// Results by rule, in the columns some rule has.
	cols := s.statusesShown()
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
	fmt.Fprintf(w, "\nICPC timeliness as the DfE's table C4 counts it, over %s.\n", s.c4Over(c4))
	fmt.Fprintln(w, "Working days from the start of the s47 enquiry to the ICPC:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, b := range bands(c4) {
		fmt.Fprintf(tw, "  %s\t%d\t%s\t\n", b.name, b.n, percent(b.n, c4.Enquiries))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if c4.Enquiries > 0 {
		fmt.Fprintln(w, percentiles(c4))
	}
	if left := c4Left(c4); left != "" {
		fmt.Fprintln(w, left)
	}

	mm := s.c4.TargetMismatches()
	fmt.Fprintf(w, "\nInitialCPCtarget not %d working days after the start of the s47 enquiry: %s\n", dfe.WorkingTogetherDays, count(len(mm), "enquiry", "enquiries"))
	if len(mm) > 0 {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  Child\tS47 start\tTarget recorded\tShould be")
		for _, m := range mm {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", printable(m.Child), m.Start.Format(time.DateOnly), targetWords(m), m.Correct.Format(time.DateOnly))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	coming, overdue := s.sortedDeadlines()
	fmt.Fprintf(w, "\nDue within %s of the as-of date (due soon or pending): %s\n", count(s.opts.within, "working day", "working days"), count(len(coming), "deadline", "deadlines"))
	if len(coming) > 0 {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  Due\t%s\tRule\tFor\tStatus\n", titleCase(s.l.noun))
		for _, d := range coming {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", d.due.String(), printable(d.caseID), printable(d.rule), d.instance, statusWords(d.status))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nOverdue: %s\n", count(len(overdue), "deadline", "deadlines"))
	if len(overdue) > 0 {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  Due\t%s\tRule\tFor\tWorking days late\n", titleCase(s.l.noun))
		for _, d := range overdue {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%d\n", d.due.String(), printable(d.caseID), printable(d.rule), d.instance, d.late)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// titleCase capitalises a noun's first letter: "Case", "Child".
func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// statusesShown are the statuses some rule has a result of, in the
// summary's order.
func (s *summary) statusesShown() []rules.Status {
	var cols []rules.Status
	for _, st := range statuses {
		for _, counts := range s.byRule {
			if counts[st] > 0 {
				cols = append(cols, st)
				break
			}
		}
	}
	return cols
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

// band is one of the DfE's C4 bands and its count.
type band struct {
	name string
	n    int
}

// bands are C4's bands in order.
func bands(c dfe.C4) []band {
	return []band{{"0-10", c.Bands.UpTo10}, {"11-15", c.Bands.From11To15}, {"16-20", c.Bands.From16To20}, {"21+", c.Bands.MoreThan20}}
}

// percent is n of of as "50.0%", or "" of none.
func percent(n, of int) string {
	if of == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

// summaryJSON is -summary -format json.
type summaryJSON struct {
	Policy           string                    `json:"policy"`
	PolicyDigest     string                    `json:"policy_digest"`
	Library          string                    `json:"library"`
	AsOf             string                    `json:"as_of"`
	AsOfRule         string                    `json:"as_of_rule"` // -asof, today, the census's ReferenceDate
	OwnAsOf          int                       `json:"checked_as_of_own_as_of"`
	Children         int                       `json:"children"`
	WithBreaches     int                       `json:"with_breaches"`
	NotChecked       int                       `json:"could_not_be_checked"`
	Rules            map[string]map[string]int `json:"rules"`
	DfEC4            c4JSON                    `json:"dfe_c4"`
	TargetMismatches []mismatchJSON            `json:"target_mismatches"`
	Within           int                       `json:"within_working_days"`
	Coming           []deadlineJSON            `json:"coming"`
	Overdue          []deadlineJSON            `json:"overdue"`
}

// deadlineJSON is a coming or overdue deadline in -summary -format json.
type deadlineJSON struct {
	Due             string `json:"due"` // 2024-04-15, or "2024-04-15 09:00" for one in hours
	Case            string `json:"case"`
	Rule            string `json:"rule"`
	Instance        string `json:"instance,omitempty"`
	Occurrence      int    `json:"occurrence"`
	Status          string `json:"status"`
	WorkingDaysLate *int   `json:"working_days_late,omitempty"` // overdue ones only
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

// writeJSON writes the figures as one JSON object.
func (s *summary) writeJSON(w io.Writer) error {
	out := summaryJSON{
		Policy: s.policy.ID(), PolicyDigest: s.policy.Digest(), Library: rules.Version(), AsOf: calendar.Date(s.asOfDate()).Format(time.DateOnly), AsOfRule: s.asOfRule(), OwnAsOf: s.ownAsOf,
		Children: s.checked, WithBreaches: s.breached, NotChecked: s.failed,
		Rules: map[string]map[string]int{}, TargetMismatches: []mismatchJSON{},
		Within: s.opts.within, Coming: []deadlineJSON{}, Overdue: []deadlineJSON{},
	}
	coming, overdue := s.sortedDeadlines()
	for _, d := range coming {
		out.Coming = append(out.Coming, deadlineJSON{Due: dueISO(d.due), Case: d.caseID, Rule: d.rule, Instance: d.instance, Occurrence: d.occurrence, Status: string(d.status)})
	}
	for _, d := range overdue {
		late := d.late
		out.Overdue = append(out.Overdue, deadlineJSON{Due: dueISO(d.due), Case: d.caseID, Rule: d.rule, Instance: d.instance, Occurrence: d.occurrence, Status: string(d.status), WorkingDaysLate: &late})
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
