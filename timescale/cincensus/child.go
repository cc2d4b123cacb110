package cincensus

// This file: one census Child element, mapped onto the shared vocabulary.

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// Source is the Source of every case read from a census file, as
// explanations name it.
const Source = "the CIN census"

// SourceKinds are the kinds of event a census can hold: a rule that reads
// only others (strategy discussions, core groups, visits) is reported not
// recorded.
var SourceKinds = []string{"referral", "assessment_completed", "s47_started", "icpc", "cp_plan_start", "rcpc", "cp_plan_end"}

// childReader gathers one child's case and problems.
type childReader struct {
	dates *dateCache
	file  string
	id    string
	c     *timescale.Case
	errs  ErrorList
	warns []*Problem
}

func (cr *childReader) fail(n *node, format string, args ...any) {
	cr.errs = append(cr.errs, &Problem{File: cr.file, Line: n.line, Child: cr.id, Element: n.name, Msg: fmt.Sprintf(format, args...)})
}

func (cr *childReader) warn(n *node, format string, args ...any) {
	cr.warns = append(cr.warns, &Problem{File: cr.file, Line: n.line, Child: cr.id, Element: n.name, Msg: fmt.Sprintf(format, args...)})
}

// child maps a Child element to a case.
func (r *Reader) child(n *node) Child {
	if n.broken != nil {
		return Child{ID: n.broken.Child, Line: n.line, Err: ErrorList{n.broken}}
	}
	cr := &childReader{file: r.name, id: childID(n), dates: &r.dates}
	cr.c = &timescale.Case{ID: cr.id, AsOf: r.header.ReferenceDate, Source: Source, SourceKinds: SourceKinds}
	cr.mixed(n)
	ids := n.kid("ChildIdentifiers")
	switch {
	case ids == nil:
		cr.fail(n, "no ChildIdentifiers: the child has no LAchildID")
	case ids.kid("LAchildID") == nil:
		cr.fail(ids, "no LAchildID")
	case cr.id == "":
		cr.fail(ids.kid("LAchildID"), "the LAchildID is empty")
	}
	if ids != nil {
		cr.identifiers(ids)
	}
	episodes := n.all("CINdetails")
	if len(episodes) == 0 && len(cr.errs) == 0 {
		cr.warn(n, "the child has no CINdetails: nothing to judge")
	}
	for _, ep := range episodes {
		cr.episode(ep)
	}
	sort.SliceStable(cr.warns, func(i, j int) bool { return cr.warns[i].Line < cr.warns[j].Line })
	sort.SliceStable(cr.errs, func(i, j int) bool { return cr.errs[i].Line < cr.errs[j].Line })
	out := Child{ID: cr.id, Line: n.line, Warnings: cr.warns}
	if len(cr.errs) > 0 {
		out.Err = cr.errs
		return out
	}
	out.Case = cr.c
	return out
}

// mixed warns of every element in n's subtree that holds text beside its
// elements (the text is ignored).
func (cr *childReader) mixed(n *node) {
	if n.mixed {
		cr.warn(n, "holds text beside its elements; the text is ignored")
	}
	for _, k := range n.kids {
		cr.mixed(k)
	}
}

// identifiers reads the child's dates of birth and death and sex.
func (cr *childReader) identifiers(ids *node) {
	if _, d, ok := cr.date(ids, "PersonBirthDate"); ok {
		cr.c.Child.DateOfBirth = d
	}
	if _, d, ok := cr.date(ids, "ExpectedPersonBirthDate"); ok {
		cr.attr("expected_birth_date", d)
	}
	if _, d, ok := cr.date(ids, "PersonDeathDate"); ok {
		cr.attr("death_date", d)
	}
	// Sex from 2024-25; GenderCurrent before.
	for _, name := range []string{"Sex", "GenderCurrent"} {
		if s := ids.kid(name); s != nil && s.text != "" {
			cr.attr("sex", s.text)
			break
		}
	}
}

func (cr *childReader) attr(name string, v any) {
	if cr.c.Child.Attributes == nil {
		cr.c.Child.Attributes = map[string]any{}
	}
	cr.c.Child.Attributes[name] = v
}

// episode reads one CINdetails: one referral episode.
func (cr *childReader) episode(ep *node) {
	refAt, ref, hasRef := cr.date(ep, "CINreferralDate")
	nfa, hasNFA := cr.boolean(ep, "ReferralNFA") // read, and checked, whatever the date
	if hasRef {
		e := cr.event("referral", refAt, ref)
		if hasNFA {
			e.Attributes = map[string]any{"nfa": nfa}
		}
		cr.add(e)
	} else if refAt == nil {
		cr.warn(ep, "no CINreferralDate: the episode's referral is not known")
	}
	_, closed, hasClosed := cr.date(ep, "CINclosureDate")
	after := func(n *node, what string, d time.Time) {
		if hasRef && d.Before(ref) {
			cr.warn(n, "%s %s is before the episode's CINreferralDate %s", what, day(d), day(ref))
		}
		if hasClosed && d.After(closed) {
			cr.warn(n, "%s %s is after the episode's CINclosureDate %s", what, day(d), day(closed))
		}
	}

	// Plans first: an ICPC made a plan when one of the episode's plans
	// starts on its date.
	planStarts := map[time.Time]bool{}
	for _, p := range ep.all("ChildProtectionPlans") {
		startAt, start, hasStart := cr.date(p, "CPPstartDate")
		if hasStart {
			planStarts[start] = true
			after(startAt, "CPPstartDate", start)
			cr.add(cr.event("cp_plan_start", startAt, start))
		} else if startAt == nil {
			cr.warn(p, "a plan with no CPPstartDate: its reviews are read, but no plan starts")
		}
		if endAt, end, ok := cr.date(p, "CPPendDate"); ok {
			if hasStart && end.Before(start) {
				cr.warn(endAt, "CPPendDate %s is before the plan's CPPstartDate %s", day(end), day(start))
			}
			cr.add(cr.event("cp_plan_end", endAt, end))
		}
		cr.reviews(p, start, hasStart)
	}

	icpcs := map[time.Time]bool{}
	s47s := ep.all("Section47")
	for _, s := range s47s {
		cr.section47(s, after, planStarts, icpcs)
	}
	for _, a := range ep.all("Assessments") {
		if at, d, ok := cr.date(a, "AssessmentAuthorisationDate"); ok {
			after(at, "AssessmentAuthorisationDate", d)
			cr.add(cr.event("assessment_completed", at, d))
		}
	}
	if n, d, ok := cr.date(ep, "DateOfInitialCPC"); ok && !icpcs[d] {
		if len(s47s) > 0 {
			cr.warn(n, "DateOfInitialCPC %s is no Section47's initial conference: read as a transfer-in conference", day(d))
		}
		e := cr.event("icpc", n, d)
		e.Attributes = map[string]any{"plan": planStarts[d], "transfer_in": true}
		cr.add(e)
	}
}

// section47 reads one s47 enquiry and the initial conference it led to.
func (cr *childReader) section47(s *node, after func(*node, string, time.Time), planStarts, icpcs map[time.Time]bool) {
	startAt, start, hasStart := cr.date(s, "S47ActualStartDate")
	var attrs map[string]any
	if notRequired, ok := cr.boolean(s, "ICPCnotRequired"); ok {
		attrs = map[string]any{"icpc_required": !notRequired}
	}
	set := func(k string, v any) {
		if attrs == nil {
			attrs = map[string]any{}
		}
		attrs[k] = v
	}
	if _, t, ok := cr.date(s, "InitialCPCtarget"); ok {
		set("icpc_target", t)
	}
	icpcAt, icpc, hasICPC := cr.date(s, "DateOfInitialCPC")
	if hasICPC {
		set("icpc_date", icpc)
		if !icpcs[icpc] {
			icpcs[icpc] = true
			e := cr.event("icpc", icpcAt, icpc)
			e.Attributes = map[string]any{"plan": planStarts[icpc]}
			cr.add(e)
		}
	}
	if !hasStart {
		if startAt == nil {
			cr.warn(s, "a Section47 with no S47ActualStartDate: no enquiry is counted")
		}
		return
	}
	after(startAt, "S47ActualStartDate", start)
	if hasICPC && icpc.Before(start) {
		cr.warn(icpcAt, "DateOfInitialCPC %s is before the enquiry's S47ActualStartDate %s", day(icpc), day(start))
	}
	if attrs["icpc_required"] == false && hasICPC {
		cr.warn(s.kid("ICPCnotRequired"), "ICPCnotRequired is true, but the enquiry has a DateOfInitialCPC")
	}
	e := cr.event("s47_started", startAt, start)
	e.Attributes = attrs
	cr.add(e)
}

// reviews reads a plan's review dates: every CPPreviewDate of its Reviews,
// or of a CPPreviews wrapper (with a warning).
func (cr *childReader) reviews(p *node, start time.Time, hasStart bool) {
	var dates []*node
	for _, rv := range p.all("Reviews") {
		dates = append(dates, rv.all("CPPreviewDate")...)
	}
	for _, rv := range p.all("CPPreviews") {
		cr.warn(rv, "reviews wrapped in CPPreviews, not the DfE's Reviews; read as Reviews")
		dates = append(dates, rv.all("CPPreviewDate")...)
	}
	dates = append(dates, p.all("CPPreviewDate")...)
	for _, n := range dates {
		d, ok := cr.dateOf(n)
		if !ok {
			continue
		}
		if hasStart && d.Before(start) {
			cr.warn(n, "CPPreviewDate %s is before the plan's CPPstartDate %s", day(d), day(start))
		}
		cr.add(cr.event("rcpc", n, d))
	}
}

func (cr *childReader) event(kind string, n *node, at time.Time) timescale.Event {
	return timescale.Event{Kind: kind, At: at, DateOnly: true, Line: n.line}
}

func (cr *childReader) add(e timescale.Event) { cr.c.Events = append(cr.c.Events, e) }

// date reads the date element name of n: the element (nil when n has
// none), and its date, when it is there, not empty and a date.
func (cr *childReader) date(n *node, name string) (*node, time.Time, bool) {
	k := n.kid(name)
	if k == nil {
		return nil, time.Time{}, false
	}
	t, ok := cr.dateOf(k)
	return k, t, ok
}

func (cr *childReader) dateOf(k *node) (time.Time, bool) {
	if k.text == "" {
		return time.Time{}, false
	}
	t, err := cr.dates.parse(k.text)
	if err != nil {
		cr.fail(k, "%s", err)
		return time.Time{}, false
	}
	return t, true
}

// boolean reads the boolean element name of n, if it is there and not
// empty: true, false, TRUE, FALSE, 1 or 0 (the spellings census exports
// use; True and False are read too).
func (cr *childReader) boolean(n *node, name string) (bool, bool) {
	k := n.kid(name)
	if k == nil || k.text == "" {
		return false, false
	}
	switch strings.ToLower(k.text) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	cr.fail(k, "cannot read %q as true or false (write true, false, 1 or 0)", k.text)
	return false, false
}

// dateCache holds the dates a file has given, by their text: a census
// repeats the same few thousand dates across its children, and working out
// midnight in London for each is much of reading one.
type dateCache struct {
	m map[string]time.Time
}

// maxDates bounds the dates a dateCache holds.
const maxDates = 1 << 14

// parse reads a census date (parseDate), once for each text.
func (c *dateCache) parse(s string) (time.Time, error) {
	if t, ok := c.m[s]; ok {
		return t, nil
	}
	t, err := parseDate(s)
	if err != nil {
		return t, err
	}
	if c.m == nil {
		c.m = map[string]time.Time{}
	}
	if len(c.m) < maxDates {
		c.m[s] = t
	}
	return t, nil
}

// parseDate reads a census date, YYYY-MM-DD, as midnight in London.
func parseDate(s string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, calendar.London)
	if err != nil {
		return time.Time{}, fmt.Errorf("cannot read %q as a date (the census writes dates YYYY-MM-DD, 2024-03-04)", s)
	}
	return t, nil
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
