package rules_test

// A plain reference implementation of England's six statutory timescales
// (Working Together to Safeguard Children), written straight from the spec
// with no CEL and no YAML, to check the rules engine against; and a
// generator of random cases to feed both.
//
// Conventions (from the spec): England and Wales calendar; "N working days
// from D" is cal.AddWorkingDays(D, N), D being day 0; months by the
// corresponding-date rule (timescale.AddMonths); every date is a London date.

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// refResult is one result of the reference engine.
type refResult struct {
	Rule            string
	Occurrence      int
	Status          string // met, late, overdue, due_soon, pending, not_applicable
	Due             string // "2006-01-02", London date; "" when not_applicable
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

// refWarnWorkingDays: "the policy warns 2 working days ahead".
const refWarnWorkingDays = 2

// refMaxOccurrences: "Safety cap: at most 100 occurrences".
const refMaxOccurrences = 100

// referenceEngland computes England's six timescales for c as of asOf's
// London date, in the spec's order.
func referenceEngland(c *timescale.Case, asOf time.Time, cal *calendar.Calendar) []refResult {
	asOfDate := calendar.Date(asOf) // "As of" is a date: asOf's London date.

	var out []refResult

	// 1. referral-decision-within-1-working-day: from first referral; due = 1
	// working day; done = first referral_decision.
	out = append(out, refDeadline(cal, asOfDate, "referral-decision-within-1-working-day",
		true, refFirst(c, "referral"), refWorkingDays(1), refFirst(c, "referral_decision")))

	// 2. assessment-within-45-working-days: from first referral; 45 working
	// days; done = first assessment_completed.
	out = append(out, refDeadline(cal, asOfDate, "assessment-within-45-working-days",
		true, refFirst(c, "referral"), refWorkingDays(45), refFirst(c, "assessment_completed")))

	// 3. icpc-within-15-working-days: applies only when
	// Facts["s47_initiated"] == true (missing or false -> not_applicable);
	// from the LAST strategy_discussion; 15 working days; done = first icpc.
	s47, _ := c.Facts["s47_initiated"].(bool)
	out = append(out, refDeadline(cal, asOfDate, "icpc-within-15-working-days",
		s47, refLast(c, "strategy_discussion"), refWorkingDays(15), refFirst(c, "icpc")))

	// 4. first-core-group-within-10-working-days: from first icpc; 10 working
	// days; done = first core_group.
	out = append(out, refDeadline(cal, asOfDate, "first-core-group-within-10-working-days",
		true, refFirst(c, "icpc"), refWorkingDays(10), refFirst(c, "core_group")))

	// 5. first-review-within-3-months: from first icpc; 3 months; done =
	// first rcpc.
	firstReview := refDeadline(cal, asOfDate, "first-review-within-3-months",
		true, refFirst(c, "icpc"), refMonths(3), refFirst(c, "rcpc"))
	out = append(out, firstReview)

	// 6. review-every-6-months: recurring.
	out = append(out, refReviews(c, asOfDate, cal, firstReview)...)
	return out
}

// refReviews is rule 6, review-every-6-months.
func refReviews(c *timescale.Case, asOfDate time.Time, cal *calendar.Calendar, firstReview refResult) []refResult {
	const rule = "review-every-6-months"

	// "It starts only when rule 5 is met or late; then S0 = the instant of
	// the first rcpc. If rule 5 is not done (or not applicable), emit a
	// single result {Occurrence 1, Status "not_applicable", Due ""}."
	if firstReview.Status != refMet && firstReview.Status != refLate {
		return []refResult{{Rule: rule, Occurrence: 1, Status: refNotApplicable}}
	}
	rcpcs := c.EventsOf("rcpc")
	start := rcpcs[0].At // S0

	// "U = the first cp_plan_end if it exists and counts as done (date <=
	// as-of date); else none."
	var planEnd *time.Time
	if u := refFirst(c, "cp_plan_end"); u != nil && refCountsAsDone(u, asOfDate) {
		at := u.At
		planEnd = &at
	}

	var out []refResult
	for k := 1; k <= refMaxOccurrences; k++ {
		// "due date Dk = AddMonths(S_{k-1}, 6) (London date)."
		due := timescale.AddMonths(start, 6)

		// "E = the first rcpc whose instant is strictly after S_{k-1}, that
		// counts as done (date <= as-of), and, if U exists, whose instant is
		// not after U."
		var review *timescale.Event
		for i := range rcpcs {
			e := &rcpcs[i]
			if !e.At.After(start) || !refCountsAsDone(e, asOfDate) {
				continue
			}
			if planEnd != nil && e.At.After(*planEnd) {
				continue
			}
			review = e
			break
		}

		if review != nil {
			// "If E exists: emit {k, met if E's date <= Dk else late
			// (WorkingDaysLate = WorkingDaysBetween(Dk, E)), Due Dk};
			// S_k = E's instant; continue with k+1."
			r := refResult{Rule: rule, Occurrence: k, Due: refDateString(due)}
			if !calendar.Date(review.At).After(due) {
				r.Status = refMet
			} else {
				r.Status = refLate
				r.WorkingDaysLate = cal.WorkingDaysBetween(due, review.At)
			}
			out = append(out, r)
			start = review.At
			continue
		}

		// "If E does not exist: if U exists and U's London date <= Dk: stop
		// (the plan ended before the review was due; emit nothing for k)."
		if planEnd != nil && !calendar.Date(*planEnd).After(due) {
			break
		}
		// "Otherwise emit one result for k with status by the as-of date
		// exactly as for a deadline with no done ..., then stop."
		// A review missed before the plan ended is late to the plan's end.
		by := asOfDate
		if planEnd != nil && calendar.Date(*planEnd).Before(by) {
			by = calendar.Date(*planEnd)
		}
		r := refNotDone(cal, by, due)
		r.Rule = rule
		r.Occurrence = k
		out = append(out, r)
		break
	}
	return out
}

// refPeriod says how to get a due date from an anchor.
type refPeriod func(cal *calendar.Calendar, from time.Time) time.Time

// refWorkingDays: "N working days from D" = cal.AddWorkingDays(D, N).
func refWorkingDays(n int) refPeriod {
	return func(cal *calendar.Calendar, from time.Time) time.Time {
		return cal.AddWorkingDays(from, n)
	}
}

// refMonths: months by the corresponding-date rule (timescale.AddMonths).
func refMonths(n int) refPeriod {
	return func(_ *calendar.Calendar, from time.Time) time.Time {
		return timescale.AddMonths(from, n)
	}
}

// refDeadline is the status of a deadline rule (rules 1-5), Occurrence 1.
func refDeadline(cal *calendar.Calendar, asOfDate time.Time, rule string, applies bool,
	from *timescale.Event, period refPeriod, done *timescale.Event) refResult {
	// "not_applicable when the condition is false or the anchor event does
	// not exist (Due "" and WorkingDaysLate 0)." Anchors count whatever
	// their date.
	if !applies || from == nil {
		return refResult{Rule: rule, Occurrence: 1, Status: refNotApplicable}
	}
	due := calendar.Date(period(cal, from.At))

	// "an event dated after the as-of date is treated as not done", nor is
	// one dated before the anchor (an ICPC of an earlier episode does not
	// meet a new strategy discussion's deadline).
	if done != nil && (!refCountsAsDone(done, asOfDate) || calendar.Date(done.At).Before(calendar.Date(from.At))) {
		done = nil
	}
	if done == nil {
		r := refNotDone(cal, asOfDate, due)
		r.Rule = rule
		r.Occurrence = 1
		return r
	}
	// "done exists: met if done's London date <= D, else late with
	// WorkingDaysLate = cal.WorkingDaysBetween(D, done)."
	r := refResult{Rule: rule, Occurrence: 1, Due: refDateString(due)}
	if !calendar.Date(done.At).After(due) {
		r.Status = refMet
	} else {
		r.Status = refLate
		r.WorkingDaysLate = cal.WorkingDaysBetween(due, done.At)
	}
	return r
}

// refNotDone is the status of a due date with nothing done by the as-of
// date: "overdue if the as-of date > D (WorkingDaysLate =
// cal.WorkingDaysBetween(D, asOf)); else due_soon if D <=
// cal.AddWorkingDays(asOf, 2); else pending." Rule and Occurrence are left
// for the caller.
func refNotDone(cal *calendar.Calendar, asOfDate, due time.Time) refResult {
	r := refResult{Due: refDateString(due)}
	switch {
	case asOfDate.After(due):
		r.Status = refOverdue
		r.WorkingDaysLate = cal.WorkingDaysBetween(due, asOfDate)
	case !due.After(cal.AddWorkingDays(asOfDate, refWarnWorkingDays)):
		r.Status = refDueSoon
	default:
		r.Status = refPending
	}
	return r
}

// refCountsAsDone: an event "counts as done" only if its London date is on
// or before the as-of date.
func refCountsAsDone(e *timescale.Event, asOfDate time.Time) bool {
	return !calendar.Date(e.At).After(asOfDate)
}

// refFirst is first(kind): the earliest event of that kind by instant, or nil.
func refFirst(c *timescale.Case, kind string) *timescale.Event {
	es := c.EventsOf(kind)
	if len(es) == 0 {
		return nil
	}
	return &es[0]
}

// refLast is last(kind): the latest event of that kind by instant, or nil.
// (Of events at the same instant, the one listed last in the case.)
func refLast(c *timescale.Case, kind string) *timescale.Event {
	es := c.EventsOf(kind)
	if len(es) == 0 {
		return nil
	}
	return &es[len(es)-1]
}

// refDateString formats t's London date as 2006-01-02.
func refDateString(t time.Time) string {
	return t.In(calendar.London).Format("2006-01-02")
}

// ---------------------------------------------------------------------------
// Random cases.

// refPlus10 is a fixed +10:00 zone (as in Brisbane), where early morning is
// still the previous day in London.
var refPlus10 = time.FixedZone("+10:00", 10*60*60)

// refEaster lists Easter Sunday for the years cases are drawn from, so
// events can be put on Good Friday and Easter Monday.
var refEaster = map[int][2]int{ // year -> month, day
	2015: {4, 5}, 2016: {3, 27}, 2017: {4, 16}, 2018: {4, 1}, 2019: {4, 21},
	2020: {4, 12}, 2021: {4, 4}, 2022: {4, 17}, 2023: {4, 9}, 2024: {3, 31},
	2025: {4, 20}, 2026: {4, 5}, 2027: {3, 28}, 2028: {4, 16}, 2029: {4, 1},
	2030: {4, 21},
}

// refCaseGen holds the state of one randomCase call.
type refCaseGen struct {
	rng    *rand.Rand
	events []timescale.Event
}

// refLondonDate returns midnight in London on y-m-d.
func refLondonDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, calendar.London)
}

// refPlusDays returns midnight in London n days after t's London date.
func refPlusDays(t time.Time, n int) time.Time {
	y, m, d := t.In(calendar.London).Date()
	return refLondonDate(y, m, d+n)
}

// startDate picks the referral's date, often close to a bank holiday or a
// weekend.
func (g *refCaseGen) startDate() time.Time {
	d := g.anyStartDate()
	// Keep early strategy discussions and as-of dates (up to 5 days before
	// the start) inside 2015.
	if earliest := refLondonDate(2015, time.January, 10); d.Before(earliest) {
		d = earliest
	}
	return d
}

func (g *refCaseGen) anyStartDate() time.Time {
	y := 2015 + g.rng.Intn(12) // 2015..2026, leaving room for about 3 years of events before 2030 ends
	switch g.rng.Intn(10) {
	case 0, 1: // around Christmas and New Year
		return refPlusDays(refLondonDate(y, time.December, 18), g.rng.Intn(18))
	case 2, 3: // around Easter
		e := refEaster[y]
		return refPlusDays(refLondonDate(y, time.Month(e[0]), e[1]), g.rng.Intn(9)-5)
	case 4: // around the late May and August bank holidays
		if g.rng.Intn(2) == 0 {
			return refPlusDays(refLondonDate(y, time.May, 22), g.rng.Intn(14))
		}
		return refPlusDays(refLondonDate(y, time.August, 22), g.rng.Intn(14))
	case 5: // around the clock changes (last Sundays of March and October)
		if g.rng.Intn(2) == 0 {
			return refPlusDays(refLondonDate(y, time.March, 24), g.rng.Intn(9))
		}
		return refPlusDays(refLondonDate(y, time.October, 24), g.rng.Intn(9))
	default: // any day of the year
		return refPlusDays(refLondonDate(y, time.January, 1), g.rng.Intn(365))
	}
}

// instant returns a time on (or, for late hours in UTC or early hours in
// +10:00, next to) London date day, in a mix of zones; dateOnly is set for
// a date given without a time, which is midnight in London.
func (g *refCaseGen) instant(day time.Time) (at time.Time, dateOnly bool) {
	y, m, d := day.In(calendar.London).Date()
	hour, min := 8+g.rng.Intn(10), g.rng.Intn(60)
	if g.rng.Intn(6) == 0 { // near midnight, where the zone changes the London date
		if g.rng.Intn(2) == 0 {
			hour = 23
		} else {
			hour = g.rng.Intn(2)
		}
	}
	switch g.rng.Intn(5) {
	case 0:
		return refLondonDate(y, m, d), true
	case 1:
		return time.Date(y, m, d, hour, min, 0, 0, time.UTC), false
	case 2:
		return time.Date(y, m, d, hour, min, 0, 0, refPlus10), false
	default:
		return time.Date(y, m, d, hour, min, 0, 0, calendar.London), false
	}
}

// add records an event of kind on London date day (give or take the zone).
func (g *refCaseGen) add(kind string, day time.Time) time.Time {
	at, dateOnly := g.instant(day)
	g.events = append(g.events, timescale.Event{Kind: kind, At: at, DateOnly: dateOnly})
	return at
}

// chance reports true with probability p.
func (g *refCaseGen) chance(p float64) bool { return g.rng.Float64() < p }

// randomCase returns a deterministic random case (its events in a shuffled
// order) and an as-of instant, from rng. id is used for the case's ID.
func randomCase(rng *rand.Rand, id int) (*timescale.Case, time.Time) {
	g := &refCaseGen{rng: rng}
	c := &timescale.Case{ID: fmt.Sprintf("ref-%05d", id), Facts: map[string]any{}}

	start := g.startDate()
	var keyDays []time.Time // dates worth putting the as-of date near

	// Referral (sometimes absent, sometimes two).
	hasReferral := g.chance(0.9)
	if hasReferral {
		g.add("referral", start)
		keyDays = append(keyDays, start)
		if g.chance(0.05) {
			g.add("referral", refPlusDays(start, 1+rng.Intn(20)))
		}
	}

	// Referral decision: usually the same or next day, sometimes late.
	if g.chance(0.85) {
		day := refPlusDays(start, rng.Intn(3))
		if g.chance(0.2) {
			day = refPlusDays(start, 2+rng.Intn(8))
		}
		g.add("referral_decision", day)
	}

	// Assessment: usually within 45 working days (about 63 days), sometimes late.
	if g.chance(0.7) {
		g.add("assessment_completed", refPlusDays(start, 5+rng.Intn(80)))
	}

	// s47_initiated: true, false or absent.
	switch r := rng.Intn(10); {
	case r < 6:
		c.Facts["s47_initiated"] = true
	case r < 8:
		c.Facts["s47_initiated"] = false
	}
	if g.chance(0.05) {
		c.Facts = nil // no facts at all
	}

	// Strategy discussions: 0 to 3, the last counting.
	lastSD := start
	nSD := rng.Intn(4)
	if nSD == 0 && g.chance(0.5) {
		nSD = 1
	}
	for i := 0; i < nSD; i++ {
		day := refPlusDays(lastSD, rng.Intn(10))
		if i == 0 && g.chance(0.1) {
			day = refPlusDays(start, -rng.Intn(5)) // before the referral was logged
		}
		g.add("strategy_discussion", day)
		lastSD = day
		keyDays = append(keyDays, day)
	}

	// ICPC: within 15 working days (about 21 days) of the last strategy
	// discussion, or late; now and then on a bank holiday weekend.
	if g.chance(0.75) { // with or without a strategy discussion
		icpcDay := refPlusDays(lastSD, 3+rng.Intn(35))
		g.add("icpc", icpcDay)
		keyDays = append(keyDays, icpcDay)

		// Core groups: first within 10 working days or late; sometimes more.
		if g.chance(0.8) {
			cg := refPlusDays(icpcDay, 1+rng.Intn(25))
			g.add("core_group", cg)
			for g.chance(0.3) {
				cg = refPlusDays(cg, 20+rng.Intn(40))
				g.add("core_group", cg)
			}
		}

		// Review conferences: 0 to 4, the first within 3 months or late,
		// the others within 6 months or late; some exactly on the due date.
		prev := icpcDay
		due := timescale.AddMonths(icpcDay, 3)
		nRCPC := rng.Intn(5)
		var rcpcDays []time.Time
		for i := 0; i < nRCPC; i++ {
			var day time.Time
			switch r := rng.Intn(10); {
			case r == 0: // on the due date
				day = due
			case r == 1: // the day after it
				day = refPlusDays(due, 1)
			case r < 7: // on time
				day = refPlusDays(due, -rng.Intn(40))
			default: // late
				day = refPlusDays(due, 1+rng.Intn(70))
			}
			if !day.After(prev) {
				day = refPlusDays(prev, 1+rng.Intn(5))
			}
			g.add("rcpc", day)
			rcpcDays = append(rcpcDays, day)
			keyDays = append(keyDays, day, due)
			prev = day
			due = timescale.AddMonths(day, 6)
		}
		if g.chance(0.05) && len(rcpcDays) > 0 { // two reviews on the same day
			g.add("rcpc", rcpcDays[rng.Intn(len(rcpcDays))])
		}
		keyDays = append(keyDays, due)

		// Plan ending: sometimes, before, between or after the reviews.
		if g.chance(0.3) {
			var end time.Time
			if len(rcpcDays) > 0 && g.chance(0.7) {
				end = refPlusDays(rcpcDays[rng.Intn(len(rcpcDays))], rng.Intn(200)-20)
			} else {
				end = refPlusDays(icpcDay, 30+rng.Intn(500))
			}
			if g.chance(0.1) && len(rcpcDays) > 0 {
				end = rcpcDays[len(rcpcDays)-1] // the same day as a review
			}
			g.add("cp_plan_end", end)
			keyDays = append(keyDays, end)
		}
	}

	// The as-of date: near the start, anywhere up to three years on, or
	// close to one of the case's dates.
	var asOfDay time.Time
	switch r := rng.Intn(10); {
	case r < 3:
		asOfDay = refPlusDays(start, rng.Intn(90)-5)
	case r < 6:
		asOfDay = refPlusDays(start, rng.Intn(1100))
	default:
		asOfDay = refPlusDays(refPick(keyDays, start, rng), rng.Intn(9)-4)
	}
	asOf, _ := g.instant(asOfDay)

	// Events come in any order.
	rng.Shuffle(len(g.events), func(i, j int) { g.events[i], g.events[j] = g.events[j], g.events[i] })
	c.Events = g.events
	return c, asOf
}

// refPick picks one of days at random, or start when there are none.
func refPick(days []time.Time, start time.Time, rng *rand.Rand) time.Time {
	if len(days) == 0 {
		return start
	}
	return days[rng.Intn(len(days))]
}
