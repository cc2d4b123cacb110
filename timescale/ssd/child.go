package ssd

// This file: making one child's case from its rows, on the shared
// vocabulary.

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// builder gathers one child's case and problems.
type builder struct {
	r     *Reader
	times timeCache
	id    string
	c     *timescale.Case
	errs  ErrorList
	warns []*Problem
}

// timeCache holds the dates and times read so far, by how they are
// written: an export writes the same few thousand dates again and again.
type timeCache map[string]parsedTime

type parsedTime struct {
	t        time.Time
	dateOnly bool
	err      error
}

// maxCachedTimes caps a timeCache; a full one is emptied.
const maxCachedTimes = 1 << 16

func (tc timeCache) parse(s string) (time.Time, bool, error) {
	p, ok := tc[s]
	if !ok {
		if len(tc) >= maxCachedTimes {
			clear(tc)
		}
		p.t, p.dateOnly, p.err = parseTime(s)
		tc[s] = p
	}
	return p.t, p.dateOnly, p.err
}

// problem makes a problem with row rw of table t, in column col (-1 for
// the row as a whole).
func (b *builder) problem(t tableID, rw *row, col int, format string, args ...any) *Problem {
	p := &Problem{File: b.r.tables[t].file, Line: rw.line, Child: b.id, Msg: fmt.Sprintf(format, args...)}
	if col >= 0 {
		p.Column = specs[t].columns[col]
		p.Line = rw.lineOf(col)
	}
	return p
}

func (b *builder) fail(t tableID, rw *row, col int, format string, args ...any) {
	b.errs = append(b.errs, b.problem(t, rw, col, format, args...))
}

func (b *builder) warn(t tableID, rw *row, col int, format string, args ...any) {
	b.warns = append(b.warns, b.problem(t, rw, col, format, args...))
}

// good reports whether row rw of table t can be read, failing when not.
func (b *builder) good(t tableID, rw *row) bool {
	if rw.bad != "" {
		b.fail(t, rw, -1, "%s", rw.bad)
		return false
	}
	return true
}

// time reads the date or date-time in column col, if it is given.
func (b *builder) time(t tableID, rw *row, col int) (at time.Time, dateOnly, ok bool) {
	s := rw.cell(col)
	if s == "" {
		return time.Time{}, false, false
	}
	at, dateOnly, err := b.times.parse(s)
	if err != nil {
		b.fail(t, rw, col, "%s", err)
		return time.Time{}, false, false
	}
	return at, dateOnly, true
}

// date reads the date in column col, if it is given: midnight in London
// at the start of its day, whatever its time.
func (b *builder) date(t tableID, rw *row, col int) (time.Time, bool) {
	at, _, ok := b.time(t, rw, col)
	if !ok {
		return time.Time{}, false
	}
	return calendar.Date(at), true
}

// flag reads the yes-or-no flag in column col into attrs[name], if it is
// given, and returns it.
func (b *builder) flag(t tableID, rw *row, col int, attrs map[string]any, name string) (v, ok bool) {
	s := rw.cell(col)
	if s == "" {
		return false, false
	}
	v, err := parseBool(s)
	if err != nil {
		b.fail(t, rw, col, "%s", err)
		return false, false
	}
	if attrs != nil {
		attrs[name] = v
	}
	return v, true
}

// event reads the event of kind dated by column col of the row. It is nil
// when the row gives no date (warning that the row is not counted, if
// missing is set and the table has the column) or a bad one.
func (b *builder) event(kind string, t tableID, rw *row, col int, missing bool) *timescale.Event {
	at, dateOnly, ok := b.time(t, rw, col)
	if !ok {
		if missing && rw.cell(col) == "" && b.r.tables[t].has[col] {
			b.warn(t, rw, col, "empty: the row is not counted as a %s event", kind)
		}
		return nil
	}
	return &timescale.Event{Kind: kind, At: at, DateOnly: dateOnly, Attributes: map[string]any{}, Line: rw.line}
}

func (b *builder) add(e *timescale.Event) {
	if e != nil {
		b.c.Events = append(b.c.Events, *e)
	}
}

// child makes the case of person p.
func (r *Reader) child(p *person, times timeCache) Child {
	b := &builder{r: r, times: times, id: p.id}
	b.c = &timescale.Case{
		ID:          p.id,
		Child:       timescale.Child{Attributes: map[string]any{}},
		Facts:       map[string]any{},
		Source:      Source,
		SourceKinds: slices.Clone(r.kinds),
	}
	b.person(p)
	b.referrals(p.rows[tEpisodes])
	b.assessments(p.rows[tAssessments])
	b.enquiries(p.rows[tS47], p.rows[tICPC])
	b.plans(p.rows[tPlans])
	b.reviews(p.rows[tReviews])
	b.visits(p.rows[tVisits])
	sort.SliceStable(b.c.Events, func(i, j int) bool { return b.c.Events[i].At.Before(b.c.Events[j].At) })
	out := Child{ID: p.id, Line: p.row.line, Warnings: b.warns}
	if len(b.errs) > 0 {
		out.Err = b.errs
		return out
	}
	out.Case = b.c
	return out
}

// person reads the child's row of ssd_person.
func (b *builder) person(p *person) {
	rw := &p.row
	switch {
	case !b.good(tPerson, rw):
		return
	case p.id == "":
		b.fail(tPerson, rw, persID, "empty: every child needs an id, to join the other tables' rows to")
	case p.first > 0:
		b.fail(tPerson, rw, persID, "child %s is also on line %d: the other tables' rows for %s are joined to that row", p.id, p.first, p.id)
	}
	attrs := b.c.Child.Attributes
	if d, ok := b.date(tPerson, rw, persDOB); ok {
		b.c.Child.DateOfBirth = d
	}
	if d, ok := b.date(tPerson, rw, persExpectedDOB); ok {
		attrs["expected_birth_date"] = d
	}
	if d, ok := b.date(tPerson, rw, persDeathDate); ok {
		attrs["death_date"] = d
	}
	if s := rw.cell(persSex); s != "" {
		attrs["sex"] = s
	}
}

// referrals reads ssd_cin_episodes: each referral, with nfa.
func (b *builder) referrals(rows []row) {
	for i := range rows {
		rw := &rows[i]
		if !b.good(tEpisodes, rw) {
			continue
		}
		e := b.event("referral", tEpisodes, rw, cineReferralDate, true)
		var attrs map[string]any
		if e != nil {
			attrs = e.Attributes
		}
		b.flag(tEpisodes, rw, cineReferralNFA, attrs, "nfa")
		b.add(e)
	}
}

// assessments reads ssd_cin_assessments: each assessment authorised (one
// not yet authorised is no event).
func (b *builder) assessments(rows []row) {
	for i := range rows {
		rw := &rows[i]
		if b.good(tAssessments, rw) {
			b.add(b.event("assessment_completed", tAssessments, rw, cinaAuthDate, false))
		}
	}
}

// conference is an initial conference's row, as read.
type conference struct {
	rw       *row
	ok       bool // the row and its values could be read
	at       time.Time
	dateOnly bool
	held     bool // at is given
	target   time.Time
	targeted bool // target is given
	attrs    map[string]any
}

// enquiries reads ssd_s47_enquiry and ssd_initial_cp_conference: each
// enquiry, with icpc_required from its outcome and icpc_target and
// icpc_date from its conference, then each conference, with plan and
// transfer_in.
func (b *builder) enquiries(s47s, icpcs []row) {
	// The conferences are read first, for the enquiries to match, but
	// their problems are reported after the enquiries', in table order.
	errs := b.errs
	b.errs = nil
	confs := make([]conference, len(icpcs))
	bySID := map[string][]int{}
	for i := range icpcs {
		rw := &icpcs[i]
		c := &confs[i]
		c.rw, c.attrs = rw, map[string]any{}
		if !b.good(tICPC, rw) {
			continue
		}
		n := len(b.errs)
		c.at, c.dateOnly, c.held = b.time(tICPC, rw, icpcDate)
		c.target, c.targeted = b.date(tICPC, rw, icpcTargetDate)
		b.flag(tICPC, rw, icpcOutcomeCPFlag, c.attrs, "plan")
		b.flag(tICPC, rw, icpcTransferIn, c.attrs, "transfer_in")
		c.ok = len(b.errs) == n
		if sid := rw.cell(icpcS47ID); sid != "" {
			bySID[sid] = append(bySID[sid], i)
		}
	}
	confErrs := b.errs
	b.errs = errs
	ids := map[string]bool{}
	for i := range s47s {
		rw := &s47s[i]
		if !b.good(tS47, rw) {
			continue
		}
		sid := rw.cell(s47eID)
		if sid != "" {
			ids[sid] = true
		}
		e := b.event("s47_started", tS47, rw, s47eStartDate, true)
		attrs := map[string]any{}
		if e != nil {
			attrs = e.Attributes
		}
		conf, confOK := false, false
		if s := rw.cell(s47eOutcomeJSON); s != "" {
			v, ok, err := jsonFlag(s, "CP_CONFERENCE_FLAG")
			if err != nil {
				b.fail(tS47, rw, s47eOutcomeJSON, "%s", err)
			}
			conf, confOK = v, ok
		}
		nfa, nfaOK := b.flag(tS47, rw, s47eNFA, nil, "")
		switch {
		case confOK:
			attrs["icpc_required"] = conf
			if conf && nfaOK && nfa {
				b.warn(tS47, rw, s47eNFA, "the enquiry's outcome says a conference (CP_CONFERENCE_FLAG) and no further action: icpc_required is true, from the outcome")
			}
		case nfaOK && nfa:
			// No further action: no conference is needed.
			attrs["icpc_required"] = false
		}
		if sid != "" {
			b.matchConference(rw, sid, bySID[sid], confs, attrs)
		}
		b.add(e)
	}
	b.errs = append(b.errs, confErrs...)
	s47t := &b.r.tables[tS47]
	checkIDs := s47t.found && s47t.joinable && s47t.has[s47eID]
	for i := range confs {
		c := &confs[i]
		if !c.ok {
			continue
		}
		if sid := c.rw.cell(icpcS47ID); sid != "" && checkIDs && !ids[sid] {
			b.warn(tICPC, c.rw, icpcS47ID, "enquiry %s is not one of this child's in ssd_s47_enquiry: the conference is counted, but gives no enquiry its icpc_date", sid)
		}
		if c.held {
			b.add(&timescale.Event{Kind: "icpc", At: c.at, DateOnly: c.dateOnly, Attributes: c.attrs, Line: c.rw.line})
		}
	}
}

// matchConference gives an enquiry's attributes the target date and date of
// its conference: the earliest held of those naming it (or the first, when
// none is held).
func (b *builder) matchConference(rw *row, sid string, idx []int, confs []conference, attrs map[string]any) {
	var best *conference
	for _, i := range idx {
		c := &confs[i]
		if !c.ok {
			continue
		}
		if best == nil || c.held && (!best.held || c.at.Before(best.at)) {
			best = c
		}
	}
	if best == nil {
		return
	}
	if len(idx) > 1 {
		lines := make([]string, len(idx))
		for k, i := range idx {
			lines[k] = fmt.Sprint(confs[i].rw.line)
		}
		b.warn(tS47, rw, s47eID, "enquiry %s has %d initial conferences in ssd_initial_cp_conference (lines %s): icpc_date and icpc_target are the one on line %d's", sid, len(idx), strings.Join(lines, ", "), best.rw.line)
	}
	if best.targeted {
		attrs["icpc_target"] = best.target
	}
	if best.held {
		attrs["icpc_date"] = calendar.Date(best.at)
	}
}

// plans reads ssd_cp_plans: each plan's start and end.
func (b *builder) plans(rows []row) {
	for i := range rows {
		rw := &rows[i]
		if !b.good(tPlans, rw) {
			continue
		}
		b.add(b.event("cp_plan_start", tPlans, rw, cpplStartDate, true))
		b.add(b.event("cp_plan_end", tPlans, rw, cpplEndDate, false))
	}
}

// reviews reads ssd_cp_reviews: each review conference held (one only due
// is no event).
func (b *builder) reviews(rows []row) {
	for i := range rows {
		rw := &rows[i]
		if b.good(tReviews, rw) {
			b.add(b.event("rcpc", tReviews, rw, cpprReviewDate, false))
		}
	}
}

// visits reads ssd_cp_visits: each visit, with seen_alone.
func (b *builder) visits(rows []row) {
	for i := range rows {
		rw := &rows[i]
		if !b.good(tVisits, rw) {
			continue
		}
		e := b.event("cp_visit", tVisits, rw, cppvVisitDate, true)
		var attrs map[string]any
		if e != nil {
			attrs = e.Attributes
		}
		b.flag(tVisits, rw, cppvSeenAlone, attrs, "seen_alone")
		b.add(e)
	}
}
