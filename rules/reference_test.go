package rules_test

// A plain reference implementation of England's six statutory timescales
// (Working Together to Safeguard Children) on multi-episode records, written
// straight from the specification with no CEL and no YAML, to check the
// rules engine against; and a generator of random multi-episode records to
// feed both.
//
// Each referral, each section 47 enquiry and each child protection plan is an
// instance, judged on its own. Conventions: England and Wales calendar; "N
// working days from D" is cal.AddWorkingDays(D, N), D being day 0; months by
// the corresponding-date rule (timescale.AddMonths); every date is a London
// date; an event "counts as done" only when its date is on or before the
// as-of date, though one dated later can still start an instance.

import (
	"fmt"
	"math/rand"
	"sort"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// refResult is one result of the reference engine.
type refResult struct {
	Rule            string
	Instance        int // the instance's number, from 1; 0 for a result about no instance
	Occurrence      int
	Status          string // met, late, overdue, due_soon, pending, not_applicable
	Due             string // "2006-01-02", London date; "" when not_applicable (but for an instance that ended first)
	WorkingDaysLate int
}

// The statuses.
const (
	refMet           = "met"
	refLate          = "late"
	refOverdue       = "overdue"
	refDueSoon       = "due_soon"
	refPending       = "pending"
	refNotApplicable = "not_applicable"
)

// The rules, in the specification's order.
const (
	refRuleDecision   = "referral-decision-within-1-working-day"
	refRuleAssessment = "assessment-within-45-working-days"
	refRuleICPC       = "icpc-within-15-working-days"
	refRuleCoreGroup  = "first-core-group-within-10-working-days"
	refRuleFirstRCPC  = "first-review-within-3-months"
	refRuleReviews    = "review-every-6-months"
)

// refRules lists the rules in order.
var refRules = []string{refRuleDecision, refRuleAssessment, refRuleICPC, refRuleCoreGroup, refRuleFirstRCPC, refRuleReviews}

// refWarnWorkingDays: due_soon when the due date is within 2 working days.
const refWarnWorkingDays = 2

// refMaxOccurrences: the cap on rule 6's chain.
const refMaxOccurrences = 100

// The situations the random cases should reach at least once each
// (counted by refEvaluate).
const (
	sitICPCNotRequired     = "an enquiry with icpc_required false"
	sitEnquiryDuringPlan   = "an enquiry begun during a plan"
	sitICPCPlanFalse       = "an ICPC with plan false"
	sitPlanEndedFirst      = "a plan ended (by cp_plan_end) before its first review was due"
	sitReferralNFA         = "a referral with nfa true"
	sitTwoReferrals        = "two or more referrals"
	sitTwoPlans            = "two or more plans"
	sitTransferIn          = "a transfer-in ICPC"
	sitNoS47WithICPC       = "a record with no s47 information, with an ICPC"
	sitNoS47WithoutICPC    = "a record with no s47 information, without an ICPC"
	sitNoS47NoDiscussion   = "a record with no s47 information, ICPC with no discussion before it"
	sitReferralEndedFirst  = "a referral ended by the next before its decision was due"
	sitReviewChainEnded    = "a plan ended before a later review was due"
	sitMultipleEnquiries   = "two or more enquiries"
	sitWrongTypedAttribute = "a wrong-typed attribute"
	sitAssessmentEnded     = "a referral ended by the next before its assessment was due"
	sitLateToEnd           = "a deadline missed before its instance ended (late to the end)"
	sitReviewLateToEnd     = "a review missed before its plan ended (late to the end)"
	sitEndAfterAsOf        = "an enquiry after a plan whose end is after the as-of date"
	sitLaterICPCAnchor     = "a record with no s47 information, a later ICPC from a later discussion"
	sitTransferInNoPlan    = "a transfer-in ICPC with plan false"
	sitEndAfterNextPlan    = "a plan ended by an end dated after the next plan began"
)

// refSituations lists the situations the differential test requires.
var refSituations = []string{
	sitICPCNotRequired, sitEnquiryDuringPlan, sitICPCPlanFalse, sitPlanEndedFirst,
	sitReferralNFA, sitTwoReferrals, sitTwoPlans, sitTransferIn,
	sitNoS47WithICPC, sitNoS47WithoutICPC,
	sitNoS47NoDiscussion, sitReferralEndedFirst, sitReviewChainEnded, sitMultipleEnquiries, sitWrongTypedAttribute,
	sitAssessmentEnded, sitLateToEnd, sitReviewLateToEnd, sitEndAfterAsOf, sitLaterICPCAnchor, sitTransferInNoPlan,
	sitEndAfterNextPlan,
}

// referenceEngland computes England's six timescales for c as of asOf's
// London date: by rule, then instance, then occurrence.
func referenceEngland(c *timescale.Case, asOf time.Time, cal *calendar.Calendar) []refResult {
	out, _ := refEvaluate(c, asOf, cal)
	return out
}

// refInstance is one referral, s47 enquiry or plan.
type refInstance struct {
	number    int
	start     time.Time  // the instant it started
	startDate time.Time  // its London date
	end       *time.Time // the London date it ended, whatever the as-of date; nil when none
	// nfa: a referral closed with no further action.
	nfa bool
	// icpcRequired: an enquiry's icpc_required; nil when not said.
	icpcRequired *bool
}

// endBy is the instance's end if it counts as done by asOfDate (its date is
// on or before it), else nil: an end after the as-of date is as if there were
// none.
func (in *refInstance) endBy(asOfDate time.Time) *time.Time {
	if in.end != nil && !in.end.After(asOfDate) {
		return in.end
	}
	return nil
}

// refBool returns e's attribute name when it is a bool; ok is false when it
// is missing or of another type (the string "true" counts as missing).
func refBool(e *timescale.Event, name string) (v, ok bool) {
	v, ok = e.Attributes[name].(bool)
	return v, ok
}

// refGroupByDate splits events (in time order) into runs with the same London
// date, in date order.
func refGroupByDate(es []timescale.Event) [][]timescale.Event {
	var groups [][]timescale.Event
	for i := 0; i < len(es); {
		d := calendar.Date(es[i].At)
		j := i
		for j < len(es) && calendar.Date(es[j].At).Equal(d) {
			j++
		}
		groups = append(groups, es[i:j])
		i = j
	}
	return groups
}

// refMerge returns the events of both lists in time order (at the same
// instant, a's before b's).
func refMerge(a, b []timescale.Event) []timescale.Event {
	out := append(append([]timescale.Event{}, a...), b...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// refDate formats t's London date as 2006-01-02.
func refDate(t time.Time) string {
	return t.In(calendar.London).Format("2006-01-02")
}

// refEvaluate is referenceEngland, also returning the situations the case
// reaches (for the test's coverage checks).
func refEvaluate(c *timescale.Case, asOf time.Time, cal *calendar.Calendar) ([]refResult, map[string]bool) {
	A := calendar.Date(asOf) // the as-of date
	sits := map[string]bool{}

	referrals := c.EventsOf("referral")
	decisions := c.EventsOf("referral_decision")
	assessments := c.EventsOf("assessment_completed")
	discussions := c.EventsOf("strategy_discussion")
	s47Started := c.EventsOf("s47_started")
	icpcs := c.EventsOf("icpc")
	planStarts := c.EventsOf("cp_plan_start")
	coreGroups := c.EventsOf("core_group")
	rcpcs := c.EventsOf("rcpc")
	planEnds := c.EventsOf("cp_plan_end")

	for _, e := range c.Events {
		for _, name := range []string{"nfa", "s47", "icpc_required", "plan", "transfer_in"} {
			if v, ok := e.Attributes[name]; ok {
				if _, isBool := v.(bool); !isBool {
					sits[sitWrongTypedAttribute] = true
				}
			}
		}
	}

	// Referral instances: one per London date; each ends at the next one's
	// start.
	var refs []*refInstance
	for _, g := range refGroupByDate(referrals) {
		in := &refInstance{number: len(refs) + 1, start: g[0].At, startDate: calendar.Date(g[0].At)}
		for i := range g {
			if v, ok := refBool(&g[i], "nfa"); ok {
				in.nfa = v
				break
			}
		}
		if in.nfa {
			sits[sitReferralNFA] = true
		}
		refs = append(refs, in)
	}
	for i := 0; i+1 < len(refs); i++ {
		end := refs[i+1].startDate
		refs[i].end = &end
	}
	if len(refs) >= 2 {
		sits[sitTwoReferrals] = true
	}

	// Is s47 recorded at all?
	s47Recorded := len(s47Started) > 0
	for i := range discussions {
		if _, ok := refBool(&discussions[i], "s47"); ok {
			s47Recorded = true
		}
	}

	// Initial ICPCs: not transfer-in.
	var initialICPCs []timescale.Event
	for i := range icpcs {
		if v, ok := refBool(&icpcs[i], "transfer_in"); ok && v {
			sits[sitTransferIn] = true
			continue
		}
		initialICPCs = append(initialICPCs, icpcs[i])
	}
	// The first initial ICPC of each date.
	var initialByDate []timescale.Event
	for _, g := range refGroupByDate(initialICPCs) {
		initialByDate = append(initialByDate, g[0])
	}

	// s47 enquiries.
	var enquiries []*refInstance
	if s47Recorded {
		var starts []timescale.Event
		for i := range discussions {
			if v, ok := refBool(&discussions[i], "s47"); ok && v {
				starts = append(starts, discussions[i])
			}
		}
		starts = refMerge(starts, s47Started)
		for _, g := range refGroupByDate(starts) {
			in := &refInstance{number: len(enquiries) + 1, start: g[0].At, startDate: calendar.Date(g[0].At)}
			for i := range g {
				if v, ok := refBool(&g[i], "icpc_required"); ok {
					in.icpcRequired = &v
					break
				}
			}
			if in.icpcRequired != nil && !*in.icpcRequired {
				sits[sitICPCNotRequired] = true
			}
			enquiries = append(enquiries, in)
		}
	} else {
		for _, e := range initialByDate {
			enquiries = append(enquiries, &refInstance{number: len(enquiries) + 1, start: e.At, startDate: calendar.Date(e.At)})
		}
		if len(icpcs) == 0 {
			sits[sitNoS47WithoutICPC] = true
		}
		if len(initialByDate) > 0 {
			sits[sitNoS47WithICPC] = true
		}
	}
	if len(enquiries) >= 2 {
		sits[sitMultipleEnquiries] = true
	}

	// Plans: started by an ICPC, initial or transfer-in, with plan true (or
	// missing), and by cp_plan_start; one per date. A transfer-in conference
	// that made no plan (as a census with no plan starting that day reads
	// it) starts none.
	var starts []timescale.Event
	for i := range icpcs {
		plan, ok := refBool(&icpcs[i], "plan")
		if ok && !plan {
			sits[sitICPCPlanFalse] = true
		}
		transferIn, _ := refBool(&icpcs[i], "transfer_in")
		if transferIn && ok && !plan {
			sits[sitTransferInNoPlan] = true
		}
		if !ok || plan {
			starts = append(starts, icpcs[i])
		}
	}
	starts = refMerge(starts, planStarts)
	var plans []*refInstance
	for _, g := range refGroupByDate(starts) {
		plans = append(plans, &refInstance{number: len(plans) + 1, start: g[0].At, startDate: calendar.Date(g[0].At)})
	}
	// "until the first cp_plan_end after it": each cp_plan_end, in time
	// order, ends every plan still open that started on or before its date.
	for i := range planEnds {
		d := calendar.Date(planEnds[i].At)
		for _, p := range plans {
			if p.end == nil && !p.startDate.After(d) {
				end := d
				p.end = &end
			}
		}
	}
	if len(plans) >= 2 {
		sits[sitTwoPlans] = true
	}
	for i := 0; i+1 < len(plans); i++ {
		if plans[i].end != nil && !plans[i].end.Before(plans[i+1].startDate) {
			sits[sitEndAfterNextPlan] = true
		}
	}

	var out []refResult
	// lateToEnd notes a deadline missed before its instance ended.
	lateToEnd := func(r refResult, done *timescale.Event, end *time.Time) {
		if done == nil && end != nil && r.Status == refOverdue {
			sits[sitLateToEnd] = true
		}
	}
	none := func(rule string) {
		out = append(out, refResult{Rule: rule, Occurrence: 1, Status: refNotApplicable})
	}

	// Rule 1, referral-decision-within-1-working-day.
	if len(refs) == 0 {
		none(refRuleDecision)
	}
	for _, in := range refs {
		due := cal.AddWorkingDays(in.start, 1)
		done := refFirstIn(decisions, in.startDate, in.end, A)
		r := refDeadline(cal, A, due, done, in.endBy(A))
		lateToEnd(r, done, in.endBy(A))
		if r.Status == refNotApplicable {
			sits[sitReferralEndedFirst] = true
		}
		r.Rule, r.Instance = refRuleDecision, in.number
		out = append(out, r)
	}

	// Rule 2, assessment-within-45-working-days.
	if len(refs) == 0 {
		none(refRuleAssessment)
	}
	for _, in := range refs {
		if in.nfa {
			out = append(out, refResult{Rule: refRuleAssessment, Instance: in.number, Occurrence: 1, Status: refNotApplicable})
			continue
		}
		due := cal.AddWorkingDays(in.start, 45)
		done := refFirstIn(assessments, in.startDate, in.end, A)
		r := refDeadline(cal, A, due, done, in.endBy(A))
		lateToEnd(r, done, in.endBy(A))
		if r.Status == refNotApplicable {
			sits[sitAssessmentEnded] = true
		}
		r.Rule, r.Instance = refRuleAssessment, in.number
		out = append(out, r)
	}

	// Rule 3, icpc-within-15-working-days.
	if len(enquiries) == 0 {
		none(refRuleICPC)
	}
	for _, in := range enquiries {
		na := refResult{Rule: refRuleICPC, Instance: in.number, Occurrence: 1, Status: refNotApplicable}
		if in.icpcRequired != nil && !*in.icpcRequired {
			out = append(out, na)
			continue
		}
		duringPlan := false
		for _, p := range plans {
			// The plan's end whatever its date.
			if p.startDate.Before(in.startDate) && (p.end == nil || p.end.After(in.startDate)) {
				duringPlan = true
			}
			if p.startDate.Before(in.startDate) && p.end != nil && !p.end.After(in.startDate) && p.end.After(A) {
				sits[sitEndAfterAsOf] = true
			}
		}
		if duringPlan {
			sits[sitEnquiryDuringPlan] = true
			out = append(out, na)
			continue
		}
		var anchor time.Time
		if s47Recorded {
			anchor = in.start
		} else {
			icpcDate := calendar.Date(initialByDate[in.number-1].At)
			found := false
			for i := range discussions {
				sd := &discussions[i]
				if calendar.Date(sd.At).After(icpcDate) {
					continue
				}
				if in.number > 1 && !sd.At.After(initialByDate[in.number-2].At) {
					continue
				}
				anchor, found = sd.At, true
				if in.number > 1 {
					sits[sitLaterICPCAnchor] = true
				}
				break
			}
			if !found {
				sits[sitNoS47NoDiscussion] = true
				out = append(out, na)
				continue
			}
		}
		due := cal.AddWorkingDays(anchor, 15)
		done := refFirstIn(initialICPCs, calendar.Date(anchor), nil, A)
		r := refDeadline(cal, A, due, done, nil)
		r.Rule, r.Instance = refRuleICPC, in.number
		out = append(out, r)
	}

	// Rule 4, first-core-group-within-10-working-days.
	if len(plans) == 0 {
		none(refRuleCoreGroup)
	}
	for _, p := range plans {
		end := p.endBy(A)
		due := cal.AddWorkingDays(p.start, 10)
		done := refFirstIn(coreGroups, p.startDate, end, A)
		r := refDeadline(cal, A, due, done, end)
		lateToEnd(r, done, end)
		r.Rule, r.Instance = refRuleCoreGroup, p.number
		out = append(out, r)
	}

	// Rule 5, first-review-within-3-months; rule 6 needs its done review.
	if len(plans) == 0 {
		none(refRuleFirstRCPC)
	}
	firstReviews := make([]*timescale.Event, len(plans))
	for k, p := range plans {
		end := p.endBy(A)
		due := timescale.AddMonths(p.start, 3)
		done := refFirstIn(rcpcs, p.startDate, end, A)
		r := refDeadline(cal, A, due, done, end)
		lateToEnd(r, done, end)
		r.Rule, r.Instance = refRuleFirstRCPC, p.number
		if r.Status == refNotApplicable {
			sits[sitPlanEndedFirst] = true
		}
		firstReviews[k] = done
		out = append(out, r)
	}

	// Rule 6, review-every-6-months: a chain from the first review.
	if len(plans) == 0 {
		none(refRuleReviews)
	}
	for k, p := range plans {
		if firstReviews[k] == nil {
			out = append(out, refResult{Rule: refRuleReviews, Instance: p.number, Occurrence: 1, Status: refNotApplicable})
			continue
		}
		chain, sit := refReviews(cal, A, p, firstReviews[k].At, rcpcs)
		if sit != "" {
			sits[sit] = true
		}
		out = append(out, chain...)
	}
	return out, sits
}

// refReviews is rule 6's chain for plan p, from s0, the instant of the review
// that met rule 5. sit names the situation the chain ended in, if one the
// test looks for.
func refReviews(cal *calendar.Calendar, A time.Time, p *refInstance, s0 time.Time, rcpcs []timescale.Event) (out []refResult, sit string) {
	u := p.endBy(A)
	s := s0
	for k := 1; k <= refMaxOccurrences; k++ {
		due := timescale.AddMonths(s, 6)
		var e *timescale.Event
		for i := range rcpcs {
			d := calendar.Date(rcpcs[i].At)
			if rcpcs[i].At.After(s) && !d.After(A) && (u == nil || !d.After(*u)) {
				e = &rcpcs[i]
				break
			}
		}
		if e != nil {
			r := refResult{Rule: refRuleReviews, Instance: p.number, Occurrence: k, Due: refDate(due), Status: refMet}
			if calendar.Date(e.At).After(due) {
				r.Status = refLate
				r.WorkingDaysLate = cal.WorkingDaysBetween(due, e.At)
			}
			out = append(out, r)
			s = e.At
			continue
		}
		if u != nil && !u.After(due) {
			// "stop". A chain that stops before its first occurrence says
			// so: {n, 1, not_applicable, Due D1}.
			if k == 1 {
				out = append(out, refResult{Rule: refRuleReviews, Instance: p.number, Occurrence: 1, Due: refDate(due), Status: refNotApplicable})
			}
			return out, sitReviewChainEnded
		}
		by := A
		if u != nil && u.Before(A) {
			by = *u
		}
		r := refNotDone(cal, A, due, by)
		if by.Before(A) && r.Status == refOverdue {
			sit = sitReviewLateToEnd
		}
		r.Rule, r.Instance, r.Occurrence = refRuleReviews, p.number, k
		return append(out, r), sit
	}
	return out, ""
}

// refFirstIn returns the first of es (in time order) dated on or after from,
// on or before to (when to is not nil), and counting as done (dated on or
// before the as-of date A); nil when there is none.
func refFirstIn(es []timescale.Event, from time.Time, to *time.Time, A time.Time) *timescale.Event {
	for i := range es {
		d := calendar.Date(es[i].At)
		if d.Before(from) || (to != nil && d.After(*to)) || d.After(A) {
			continue
		}
		return &es[i]
	}
	return nil
}

// refDeadline is a deadline's status (rules 1 to 5), Rule and Instance left
// to the caller. due is the due date; done the event that counts as done for
// it, or nil; end the instance's end date when it counts as done, or nil.
func refDeadline(cal *calendar.Calendar, A, due time.Time, done *timescale.Event, end *time.Time) refResult {
	due = calendar.Date(due)
	if done != nil {
		r := refResult{Occurrence: 1, Due: refDate(due), Status: refMet}
		if calendar.Date(done.At).After(due) {
			r.Status = refLate
			r.WorkingDaysLate = cal.WorkingDaysBetween(due, done.At)
		}
		return r
	}
	if end != nil {
		if !end.After(due) {
			// The instance ended before it was due.
			return refResult{Occurrence: 1, Status: refNotApplicable, Due: refDate(due)}
		}
		return refNotDone(cal, A, due, *end)
	}
	return refNotDone(cal, A, due, A)
}

// refNotDone is the status of a deadline not done as of A: overdue when due
// is before A (late by the working days from due to by), due_soon when due
// is within 2 working days of A, else pending.
func refNotDone(cal *calendar.Calendar, A, due, by time.Time) refResult {
	r := refResult{Occurrence: 1, Due: refDate(due)}
	switch {
	case due.Before(A):
		r.Status = refOverdue
		r.WorkingDaysLate = cal.WorkingDaysBetween(due, by)
	case !due.After(cal.AddWorkingDays(A, refWarnWorkingDays)):
		r.Status = refDueSoon
	default:
		r.Status = refPending
	}
	return r
}

// ---------------------------------------------------------------------------
// Random multi-episode records.

// refPlus10 is a fixed +10:00 zone (as in Brisbane), where early morning is
// still the previous day in London.
var refPlus10 = time.FixedZone("+10:00", 10*60*60)

// refEaster lists Easter Sunday for the years cases are drawn from.
var refEaster = map[int][2]int{ // year -> month, day
	2019: {4, 21}, 2020: {4, 12}, 2021: {4, 4}, 2022: {4, 17}, 2023: {4, 9},
	2024: {3, 31}, 2025: {4, 20}, 2026: {4, 5}, 2027: {3, 28},
}

// refFirstDay and refLastDay bound the records' dates.
var (
	refFirstDay = refLondonDate(2019, time.January, 1)
	refLastDay  = refLondonDate(2026, time.December, 31)
)

// refLondonDate returns midnight in London on y-m-d.
func refLondonDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, calendar.London)
}

// refPlusDays returns midnight in London n days after t's London date.
func refPlusDays(t time.Time, n int) time.Time {
	y, m, d := t.In(calendar.London).Date()
	return refLondonDate(y, m, d+n)
}

// refSpecialDays returns days off and awkward days in year y: Good Friday,
// Easter Monday, Christmas, Boxing Day, New Year's Day, the May and August
// bank holidays (roughly), the clock changes, and the 2022 state funeral.
func refSpecialDays(y int) []time.Time {
	e := refEaster[y]
	easter := refLondonDate(y, time.Month(e[0]), e[1])
	days := []time.Time{
		refPlusDays(easter, -2), refPlusDays(easter, 1),
		refLondonDate(y, time.December, 25), refLondonDate(y, time.December, 26),
		refLondonDate(y, time.January, 1), refLondonDate(y, time.May, 1),
		refLondonDate(y, time.May, 27), refLondonDate(y, time.August, 26),
		refLondonDate(y, time.March, 28), refLondonDate(y, time.October, 27),
	}
	if y == 2022 {
		days = append(days, refLondonDate(2022, time.September, 19), refLondonDate(2022, time.June, 2))
	}
	return days
}

// refCaseGen holds the state of one randomCase call.
type refCaseGen struct {
	rng     *rand.Rand
	events  []timescale.Event
	noS47   bool        // an older record: no s47 attributes, no s47_started
	keyDays []time.Time // dates worth putting the as-of date near
}

// chance reports true with probability p.
func (g *refCaseGen) chance(p float64) bool { return g.rng.Float64() < p }

// between returns a random int in [lo, hi].
func (g *refCaseGen) between(lo, hi int) int { return lo + g.rng.Intn(hi-lo+1) }

// nearSpecial returns d, or now and then a day near a bank holiday on or
// after d (so periods run over it), or the holiday itself.
func (g *refCaseGen) nearSpecial(d time.Time) time.Time {
	if !g.chance(0.3) {
		return d
	}
	y := d.In(calendar.London).Year()
	var best time.Time
	for _, yy := range []int{y, y + 1} {
		if _, ok := refEaster[yy]; !ok {
			continue
		}
		for _, s := range refSpecialDays(yy) {
			if !s.Before(d) && (best.IsZero() || s.Before(best)) {
				best = s
			}
		}
	}
	if best.IsZero() || best.Sub(d) > 120*24*time.Hour {
		return d
	}
	return refPlusDays(best, -g.rng.Intn(6))
}

// instant returns a time on London date day, in a mix of zones and times of
// day, or a date without a time (midnight in London, dateOnly set).
func (g *refCaseGen) instant(day time.Time) (at time.Time, dateOnly bool) {
	y, m, d := day.In(calendar.London).Date()
	hour, min := 8+g.rng.Intn(10), g.rng.Intn(60)
	switch g.rng.Intn(6) {
	case 0, 1:
		return refLondonDate(y, m, d), true
	case 2: // UTC, by day so it stays on the same London date
		return time.Date(y, m, d, hour, min, 0, 0, calendar.London).UTC(), false
	case 3: // the same instant written in +10:00 (the next morning there, at times)
		return time.Date(y, m, d, hour, min, 0, 0, calendar.London).In(refPlus10), false
	case 4: // near midnight in London
		if g.chance(0.5) {
			return time.Date(y, m, d, 23, g.rng.Intn(60), 0, 0, calendar.London), false
		}
		return time.Date(y, m, d, 0, 1+g.rng.Intn(59), 0, 0, calendar.London), false
	default:
		return time.Date(y, m, d, hour, min, 0, 0, calendar.London), false
	}
}

// add records an event of kind on London date day with attrs (nil for
// none), and returns its instant.
func (g *refCaseGen) add(kind string, day time.Time, attrs map[string]any) time.Time {
	at, dateOnly := g.instant(day)
	g.events = append(g.events, timescale.Event{Kind: kind, At: at, DateOnly: dateOnly, Attributes: attrs})
	return at
}

// boolAttr sets attrs[name] to true, false, the string "true"/"false" (a
// wrong type) or nothing, with weights pTrue, pFalse and pWrong (the rest
// missing).
func (g *refCaseGen) boolAttr(attrs map[string]any, name string, pTrue, pFalse, pWrong float64) {
	r := g.rng.Float64()
	switch {
	case r < pTrue:
		attrs[name] = true
	case r < pTrue+pFalse:
		attrs[name] = false
	case r < pTrue+pFalse+pWrong:
		attrs[name] = []string{"true", "false", "yes"}[g.rng.Intn(3)]
	}
}

// randomCase returns a deterministic random multi-episode record (its events
// in a shuffled order) and an as-of instant, from rng. i is used for the
// case's ID.
func randomCase(rng *rand.Rand, i int) (*timescale.Case, time.Time) {
	g := &refCaseGen{rng: rng, noS47: rng.Float64() < 0.1}
	c := &timescale.Case{ID: fmt.Sprintf("ref-%05d", i)}

	day := g.nearSpecial(refPlusDays(refFirstDay, rng.Intn(5*365)))
	first := day
	episodes := 1 + rng.Intn(3)
	for e := 0; e < episodes && day.Before(refLastDay); e++ {
		next := g.episode(day)
		if next.IsZero() { // a plan still open: usually no later episode
			if !g.chance(0.3) {
				break
			}
			next = refPlusDays(day, g.between(60, 400))
		}
		day = g.nearSpecial(refPlusDays(next, g.between(1, 300)))
	}

	// Keep to 2019-2026.
	var evs []timescale.Event
	last := first
	for _, e := range g.events {
		if calendar.Date(e.At).After(refLastDay) {
			continue
		}
		evs = append(evs, e)
		if e.At.After(last) {
			last = e.At
		}
	}

	// The as-of date: near one of the record's dates, early on, anywhere
	// in it, or after everything.
	var asOfDay time.Time
	switch r := rng.Intn(20); {
	case r < 9 && len(g.keyDays) > 0:
		asOfDay = refPlusDays(g.keyDays[rng.Intn(len(g.keyDays))], rng.Intn(9)-4)
	case r < 12:
		asOfDay = refPlusDays(first, rng.Intn(120)-3)
	case r < 17:
		span := int(last.Sub(first).Hours()/24) + 60
		asOfDay = refPlusDays(first, rng.Intn(span))
	default:
		asOfDay = refPlusDays(last, rng.Intn(400))
	}
	if asOfDay.After(refLastDay) {
		asOfDay = refLastDay
	}
	asOf, _ := g.instant(asOfDay)

	rng.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
	c.Events = evs
	return c, asOf
}

// episode adds one episode starting on day d: a referral (or a child moving
// in on a plan), its decision and assessment, none to two s47 enquiries and
// their conferences and plans. It returns the date the episode closed, or
// the zero Time when a plan is still open.
func (g *refCaseGen) episode(d time.Time) time.Time {
	g.keyDays = append(g.keyDays, d)
	closed := d

	// A child moving in already on a plan.
	if g.chance(0.08) {
		if g.chance(0.5) {
			g.add("referral", d, map[string]any{})
		}
		attrs := map[string]any{"transfer_in": true}
		if g.chance(0.1) {
			attrs["transfer_in"] = "yes" // wrong type: an initial ICPC
		}
		g.boolAttr(attrs, "plan", 0.5, 0.1, 0.05)
		day := refPlusDays(d, g.rng.Intn(10))
		g.add("icpc", day, attrs)
		if v, _ := attrs["transfer_in"].(bool); v || attrs["plan"] != false {
			return g.plan(day)
		}
		return day
	}

	// The referral: sometimes two on the day.
	nfa := g.chance(0.25)
	attrs := map[string]any{}
	switch {
	case nfa && g.chance(0.9):
		attrs["nfa"] = true
	case nfa:
		attrs["nfa"] = "true" // wrong type: counts as missing
	case g.chance(0.5):
		attrs["nfa"] = false
	}
	g.add("referral", d, attrs)
	if g.chance(0.05) {
		other := map[string]any{}
		g.boolAttr(other, "nfa", 0.3, 0.3, 0)
		g.add("referral", d, other)
	}

	// Now and then the child is referred again a day or so later, before a
	// decision on the first.
	decideFrom := d
	if g.chance(0.06) {
		decideFrom = refPlusDays(d, g.between(1, 3))
		g.add("referral", decideFrom, nil)
	}

	// The decision: usually the same or next day, sometimes late or missing.
	if g.chance(0.88) {
		day := refPlusDays(decideFrom, g.rng.Intn(3))
		if g.chance(0.15) {
			day = refPlusDays(d, g.between(2, 8))
		}
		g.add("referral_decision", day, nil)
		if day.After(closed) {
			closed = day
		}
	}

	// The assessment: within 45 working days (about 63 days) or late.
	if (!nfa && g.chance(0.8)) || (nfa && g.chance(0.15)) {
		day := refPlusDays(d, g.between(3, 85))
		if g.chance(0.1) {
			day = calendar.Date(testCal.AddWorkingDays(d, 45+g.rng.Intn(2))) // on the day or the next
		}
		g.add("assessment_completed", day, nil)
		if day.After(closed) {
			closed = day
		}
	}
	if nfa && !g.chance(0.1) {
		return closed
	}

	// Enquiries.
	n := 0
	switch r := g.rng.Intn(20); {
	case r < 7:
	case r < 17:
		n = 1
	default:
		n = 2
	}
	cur := d
	for k := 0; k < n; k++ {
		sd := refPlusDays(cur, g.between(-2, 12))
		end, open := g.enquiry(sd)
		if open {
			return time.Time{}
		}
		if end.After(closed) {
			closed = end
		}
		cur = refPlusDays(end, g.between(1, 60))
	}
	return closed
}

// testCal is the England and Wales calendar, for the generator's on-the-day
// dates.
var testCal = func() *calendar.Calendar {
	c, err := calendar.New(calendar.EnglandAndWales)
	if err != nil {
		panic(err)
	}
	return c
}()

// enquiry adds a strategy discussion on day sd and what follows from it. It
// returns the date it concluded, and open when it led to a plan still open.
func (g *refCaseGen) enquiry(sd time.Time) (end time.Time, open bool) {
	g.keyDays = append(g.keyDays, sd)
	anchor := sd
	icpcNeeded := true
	if g.noS47 {
		// An older record: discussions say nothing of s47 (or there are none).
		if g.chance(0.85) {
			g.add("strategy_discussion", sd, nil)
		}
		if g.chance(0.15) {
			return sd, false
		}
	} else {
		started := func(day time.Time) {
			attrs := map[string]any{}
			g.boolAttr(attrs, "icpc_required", 0.6, 0.22, 0.05)
			g.add("s47_started", day, attrs)
			if v, ok := attrs["icpc_required"].(bool); ok && !v {
				icpcNeeded = false
			}
			if g.chance(0.04) { // recorded twice that day, perhaps saying otherwise
				again := map[string]any{}
				g.boolAttr(again, "icpc_required", 0.4, 0.4, 0)
				g.add("s47_started", day, again)
			}
		}
		switch r := g.rng.Intn(20); {
		case r < 6: // both on the day
			g.add("strategy_discussion", sd, map[string]any{"s47": true})
			started(sd)
		case r < 10: // the discussion only
			g.add("strategy_discussion", sd, map[string]any{"s47": true})
		case r < 13: // s47_started only, perhaps after a discussion that does not say
			if g.chance(0.5) {
				g.add("strategy_discussion", sd, nil)
			}
			started(sd)
		case r < 15: // the enquiry started a day or more later
			g.add("strategy_discussion", sd, map[string]any{"s47": true})
			anchor = refPlusDays(sd, g.between(1, 4))
			started(anchor)
		case r < 18: // no enquiry
			g.add("strategy_discussion", sd, map[string]any{"s47": false})
			if !g.chance(0.1) {
				return sd, false
			}
		default: // a wrong-typed s47
			g.add("strategy_discussion", sd, map[string]any{"s47": "true"})
			if g.chance(0.5) {
				started(sd)
			}
		}
	}
	if !icpcNeeded && !g.chance(0.1) {
		return anchor, false
	}

	// The ICPC: on time, on the day, late or missing.
	if g.chance(0.12) {
		return anchor, false
	}
	var icpcDay time.Time
	switch r := g.rng.Intn(10); {
	case r < 6:
		icpcDay = refPlusDays(anchor, g.between(2, 20))
	case r < 7:
		icpcDay = calendar.Date(testCal.AddWorkingDays(anchor, 15))
	case r < 8:
		icpcDay = refPlusDays(testCal.AddWorkingDays(anchor, 15), 1)
	default:
		icpcDay = refPlusDays(anchor, g.between(22, 50))
	}
	attrs := map[string]any{}
	g.boolAttr(attrs, "plan", 0.55, 0.22, 0.05)
	if g.chance(0.03) {
		attrs["transfer_in"] = false
	}
	g.add("icpc", icpcDay, attrs)
	g.keyDays = append(g.keyDays, icpcDay, testCal.AddWorkingDays(anchor, 15))
	if attrs["plan"] == false {
		return icpcDay, false
	}
	planEnd := g.plan(icpcDay)
	return planEnd, planEnd.IsZero()
}

// plan adds a plan starting on day start: core groups, reviews, perhaps a
// reconvened strategy discussion and an end. It returns the date the plan
// ended, or the zero Time when it is still open.
func (g *refCaseGen) plan(start time.Time) time.Time {
	if g.chance(0.25) {
		g.add("cp_plan_start", start, nil)
	} else if g.chance(0.03) {
		g.add("cp_plan_start", refPlusDays(start, g.between(1, 3)), nil)
	}

	// Core groups: the first within 10 working days, on the day, late or
	// missing; then every month or so.
	cgDue := calendar.Date(testCal.AddWorkingDays(start, 10))
	g.keyDays = append(g.keyDays, cgDue)
	var cg time.Time
	switch r := g.rng.Intn(10); {
	case r < 6:
		cg = refPlusDays(start, g.between(0, 13))
	case r < 7:
		cg = cgDue
	case r < 9:
		cg = refPlusDays(cgDue, g.between(1, 20))
	}

	// How the plan ends.
	const (
		atReview = iota
		transferOut
		otherEnd
		stillOpen
	)
	var how int
	switch r := g.rng.Intn(20); {
	case r < 9:
		how = atReview
	case r < 12:
		how = transferOut
	case r < 14:
		how = otherEnd
	default:
		how = stillOpen
	}

	// Reviews: the first within 3 months, the others every 6, on time, on
	// the day, the day after, late; the chain may stop.
	due := timescale.AddMonths(start, 3)
	var end time.Time
	prev := start
	var reviews []time.Time
	nReviews := g.rng.Intn(6)
	if how == transferOut {
		nReviews = 0
		end = refPlusDays(start, g.between(5, int(due.Sub(start).Hours()/24)))
	}
	if how == atReview && nReviews == 0 {
		nReviews = 1
	}
	for k := 0; k < nReviews; k++ {
		g.keyDays = append(g.keyDays, due)
		var day time.Time
		switch r := g.rng.Intn(10); {
		case r < 1:
			day = due
		case r < 2:
			day = refPlusDays(due, 1)
		case r < 7:
			day = refPlusDays(due, -g.rng.Intn(45))
		default:
			day = refPlusDays(due, g.between(1, 70))
		}
		if !day.After(prev) {
			day = refPlusDays(prev, g.between(1, 10))
		}
		g.add("rcpc", day, nil)
		if g.chance(0.03) { // two on the day
			g.add("rcpc", day, nil)
		}
		reviews = append(reviews, day)
		prev = day
		due = timescale.AddMonths(day, 6)
	}
	g.keyDays = append(g.keyDays, due)

	switch how {
	case atReview:
		end = reviews[len(reviews)-1]
		g.add("cp_plan_end", end, map[string]any{"reason": "review"})
	case transferOut:
		g.add("cp_plan_end", end, map[string]any{"reason": "transfer_out"})
	case otherEnd:
		end = refPlusDays(prev, g.between(1, 250))
		g.add("cp_plan_end", end, map[string]any{"reason": []string{"adopted", "moved_away", "turned_18"}[g.rng.Intn(3)]})
	}
	if !end.IsZero() {
		g.keyDays = append(g.keyDays, end)
	}

	// Core groups, up to the end.
	last := prev
	if !end.IsZero() {
		last = end
	} else if last.Equal(start) {
		last = refPlusDays(start, 120)
	}
	for !cg.IsZero() && !cg.After(last) {
		g.add("core_group", cg, nil)
		cg = refPlusDays(cg, g.between(20, 50))
		if g.chance(0.2) {
			break
		}
	}

	// A reconvened strategy discussion during the plan.
	if g.chance(0.25) && last.After(refPlusDays(start, 2)) {
		span := int(last.Sub(start).Hours() / 24)
		day := refPlusDays(start, g.between(1, span-1))
		g.keyDays = append(g.keyDays, day)
		if g.noS47 {
			g.add("strategy_discussion", day, nil)
		} else {
			attrs := map[string]any{}
			g.boolAttr(attrs, "s47", 0.5, 0.3, 0)
			g.add("strategy_discussion", day, attrs)
			if attrs["s47"] == true && g.chance(0.4) {
				started := map[string]any{}
				g.boolAttr(started, "icpc_required", 0.4, 0.4, 0)
				g.add("s47_started", refPlusDays(day, g.rng.Intn(2)), started)
			}
		}
	}
	return end
}
