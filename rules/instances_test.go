package rules_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// evA is an event with attributes.
func evA(kind, when string, attrs map[string]any) timescale.Event {
	e := ev(kind, when)
	e.Attributes = attrs
	return e
}

// byInstance returns a rule's results for an instance, in occurrence order.
func byInstance(rep *rules.Report, rule string, instance int) []rules.Result {
	var out []rules.Result
	for _, r := range rep.Results {
		if r.Rule == rule && r.Instance.Number == instance {
			out = append(out, r)
		}
	}
	return out
}

func day(r rules.Result) string {
	if r.Due.Time.IsZero() {
		return ""
	}
	return r.Due.Time.Format(time.DateOnly)
}

func compile(t *testing.T, src string) *rules.Policy {
	t.Helper()
	p, err := rules.Compile([]byte(src), rules.WithFilename("test.yaml"))
	require.NoError(t, err)
	return p
}

// The worked example of "Instances" in doc.go: minutes within 10 working
// days of every conference, and a core group within 28 days of every
// review.
const conferencesPolicy = `policy: conferences
title: Conferences
calendar: {region: england-and-wales}
events:
  icpc: An initial conference.
  rcpc: A review conference.
  minutes_sent: Minutes sent.
  core_group: A core group.
  cp_plan_end: The end of a plan.
instances:
  conference:
    description: Each conference, initial or review, until the next.
    start: events.icpc + events.rcpc
    ends_at_next: true
  review_period:
    description: Each review conference, until the next or the end of the plan.
    start: events.rcpc
    end: events.cp_plan_end
    ends_at_next: true
rules:
  - id: minutes-within-10-working-days
    title: Minutes sent within 10 working days of the conference
    source: "Local guidance"
    for_each: conference
    within: 10 working days
    done: events.minutes_sent
  - id: core-group-within-28-days-of-review
    title: Core group within 28 days of the review conference
    source: "Local guidance"
    for_each: review_period
    within: 28 days
    done: events.core_group
`

func TestInstancesDocExample(t *testing.T) {
	p := compile(t, conferencesPolicy)
	// ICPC Mon 4 Mar 2024: 10 working days are 5-8 Mar (4) and 11-15 Mar (9),
	// Mon 18 Mar (10). Review Tue 4 Jun: 5-7 Jun (3), 10-14 (8), 17-18 (10):
	// Tue 18 Jun. Review Wed 4 Dec: 5-6 (2), 9-13 (7), 16-18 (10): Wed 18 Dec.
	// Core groups 28 days after: Tue 2 Jul 2024 and Wed 1 Jan 2025.
	c := &timescale.Case{ID: "D-1", Events: []timescale.Event{
		ev("icpc", "2024-03-04"), ev("rcpc", "2024-06-04"), ev("rcpc", "2024-12-04"),
		ev("minutes_sent", "2024-03-15"),
		// The first review's minutes are sent after the second review: they
		// do not count for the first (its instance ended), but for the second.
		ev("minutes_sent", "2024-12-10"),
		ev("core_group", "2024-06-20"),
	}}
	rep := evaluate(t, p, c, "2025-01-10")
	m1, m2, m3 := byInstance(rep, "minutes-within-10-working-days", 1), byInstance(rep, "minutes-within-10-working-days", 2), byInstance(rep, "minutes-within-10-working-days", 3)
	require.Len(t, m1, 1)
	assert.Equal(t, []string{"met", "2024-03-18"}, []string{string(m1[0].Status), day(m1[0])})
	assert.Equal(t, "conference", m1[0].Instance.Kind)
	// Nothing sent between 4 Jun and the next conference on 4 Dec: overdue,
	// counted to the end of the instance (18 Jun to 4 Dec: 121 working days
	// less the summer bank holiday, 26 Aug).
	assert.Equal(t, []string{"overdue", "2024-06-18"}, []string{string(m2[0].Status), day(m2[0])})
	assert.Contains(t, m2[0].Explanation, "Overdue: no minutes sent before the next conference on Wed 4 Dec 2024")
	assert.Equal(t, []string{"met", "2024-12-18"}, []string{string(m3[0].Status), day(m3[0])})
	c1, c2 := byInstance(rep, "core-group-within-28-days-of-review", 1), byInstance(rep, "core-group-within-28-days-of-review", 2)
	assert.Equal(t, []string{"met", "2024-07-02"}, []string{string(c1[0].Status), day(c1[0])})
	assert.Equal(t, []string{"overdue", "2025-01-01"}, []string{string(c2[0].Status), day(c2[0])})

	// Had the plan ended at the second review, its review period ends the day
	// it starts: no core group is due.
	c.Events = append(c.Events, ev("cp_plan_end", "2024-12-04"))
	rep = evaluate(t, p, c, "2025-01-10")
	c2 = byInstance(rep, "core-group-within-28-days-of-review", 2)
	assert.Equal(t, rules.NotApplicable, c2[0].Status)
	assert.Equal(t, "2025-01-01", day(c2[0]), "a result not due keeps the date it would have had")
	assert.Equal(t, "28 days from Wed 4 Dec 2024 (RCPC) is Wed 1 Jan 2025. Not due: the review period ended on Wed 4 Dec 2024, before it was due.", c2[0].Explanation)
	assert.Zero(t, rep.Breaches-1, "only the first review's minutes are a breach")
}

const plansPolicy = `policy: plans
title: Plans
calendar: {region: england-and-wales}
events:
  icpc:
    description: An initial conference.
    attributes:
      plan: {type: bool, default: true, missing: it counts as a conference that made a plan, description: false when no plan was made}
  cp_plan_start: The start of a plan.
  rcpc: A review conference.
  core_group: A core group.
  cp_plan_end: The end of a plan.
instances:
  cp_plan:
    description: Each plan.
    start: events.icpc.filter(c, c.plan) + events.cp_plan_start
    end: events.cp_plan_end
rules:
  - id: first-review
    title: First review within 3 months
    source: "Working Together"
    for_each: cp_plan
    within: 3 months
    done: events.rcpc
  - id: reviews
    title: Reviews every 6 months
    source: "Working Together"
    for_each: cp_plan
    after: first-review
    every: 6 months
    done: events.rcpc
  - id: core-groups
    title: A core group within each plan
    source: "A test"
    kind: check
    for_each: cp_plan
    check: count(within.core_group) > 0 && instance.number >= 1
    holds: the plan had a core group
`

func TestInstancesOfPlans(t *testing.T) {
	p := compile(t, plansPolicy)
	c := &timescale.Case{ID: "P-1", Events: []timescale.Event{
		// Plan 1: an ICPC and a cp_plan_start on one date are one plan.
		evA("icpc", "2022-01-10T10:00", map[string]any{"plan": true}), ev("cp_plan_start", "2022-01-10"),
		ev("core_group", "2022-01-20"),
		ev("rcpc", "2022-04-07"), ev("rcpc", "2022-10-06"),
		ev("cp_plan_end", "2022-10-06"), // ended at its second review
		// An ICPC that made no plan starts none.
		evA("icpc", "2023-05-02", map[string]any{"plan": false}),
		// Plan 2, from an ICPC that does not record plan: a warning, and a plan.
		ev("icpc", "2024-02-01"),
		// Ended (a transfer out) before its first review was due.
		ev("cp_plan_end", "2024-03-15"),
	}}
	rep := evaluate(t, p, c, "2024-06-01")
	// Plan 1: first review due Sun 10 Apr 2022, met 7 Apr; the chain: due Fri
	// 7 Oct 2022, met 6 Oct; then the plan ended at that review.
	r1 := byInstance(rep, "first-review", 1)
	require.Len(t, r1, 1)
	assert.Equal(t, []string{"met", "2022-04-10"}, []string{string(r1[0].Status), day(r1[0])})
	assert.Equal(t, "2022-01-10", r1[0].Instance.Start.Format(time.DateOnly))
	ch := byInstance(rep, "reviews", 1)
	require.Len(t, ch, 1, "the chain stops when the plan ends")
	assert.Equal(t, []string{"met", "2022-10-07"}, []string{string(ch[0].Status), day(ch[0])})
	// Plan 2 (the ICPC of 2023 made none): first review due Wed 1 May 2024,
	// but the plan ended on 15 Mar: not due.
	r2 := byInstance(rep, "first-review", 2)
	require.Len(t, r2, 1)
	assert.Equal(t, rules.NotApplicable, r2[0].Status)
	assert.Equal(t, "2024-05-01", day(r2[0]))
	assert.Equal(t, "3 months from Thu 1 Feb 2024 (ICPC) is Wed 1 May 2024. Not due: the CP plan ended on Fri 15 Mar 2024, before it was due.", r2[0].Explanation)
	assert.Equal(t, rules.NotApplicable, byInstance(rep, "reviews", 2)[0].Status, "waits for a first review that was not due")
	assert.Len(t, byInstance(rep, "first-review", 3), 0, "two plans")
	// The check reads the events within each plan.
	assert.Equal(t, rules.Met, byInstance(rep, "core-groups", 1)[0].Status)
	assert.Equal(t, "Holds: the plan had a core group.", byInstance(rep, "core-groups", 1)[0].Explanation)
	assert.Equal(t, rules.Violated, byInstance(rep, "core-groups", 2)[0].Status)
	assert.Equal(t, []string{"icpc of Thu 1 Feb 2024 does not record plan: it counts as a conference that made a plan"}, rep.Warnings)

	// No plan at all: one result, not started.
	rep = evaluate(t, p, &timescale.Case{ID: "P-2", Events: []timescale.Event{evA("icpc", "2024-02-01", map[string]any{"plan": false})}}, "2024-06-01")
	none := byInstance(rep, "first-review", 0)
	require.Len(t, none, 1)
	assert.Equal(t, "Not started: no CP plan recorded.", none[0].Explanation)
}

func TestInstancesEndAtNextAndStartsMerge(t *testing.T) {
	p := compile(t, `policy: referrals
title: Referrals
calendar: {region: england-and-wales}
events:
  referral:
    description: A referral.
    attributes:
      nfa: {type: bool, description: closed with no further action}
  referral_decision: A decision.
  assessment_completed: An assessment.
instances:
  referral:
    description: Each referral, until the next.
    start: events.referral
    ends_at_next: true
rules:
  - id: decision
    title: Decision within 1 working day
    source: "Working Together"
    for_each: referral
    within: 1 working day
    done: events.referral_decision
  - id: assessment
    title: Assessment within 45 working days
    source: "Working Together"
    for_each: referral
    when:
      - if: "!(has(instance.nfa) && instance.nfa)"
        otherwise: the referral was closed with no further action
    within: 45 working days
    done: events.assessment_completed
`)
	c := &timescale.Case{ID: "R-1", Events: []timescale.Event{
		// Two referrals on Fri 5 Jul 2024 are one; the second says nfa.
		ev("referral", "2024-07-05T09:00"), evA("referral", "2024-07-05T15:00", map[string]any{"nfa": true}),
		// Decision due Mon 8 Jul, made Tue 9 Jul: late by 1 working day.
		ev("referral_decision", "2024-07-09"),
		// The next referral, Mon 2 Sep; its decision is made the next day.
		ev("referral", "2024-09-02"), ev("referral_decision", "2024-09-03"),
	}}
	rep := evaluate(t, p, c, "2024-12-02")
	d1, d2 := byInstance(rep, "decision", 1), byInstance(rep, "decision", 2)
	require.Len(t, d1, 1)
	require.Len(t, d2, 1)
	assert.Equal(t, []string{"late", "2024-07-08"}, []string{string(d1[0].Status), day(d1[0])})
	assert.Equal(t, []string{"met", "2024-09-03"}, []string{string(d2[0].Status), day(d2[0])})
	assert.Equal(t, "Does not apply: the referral was closed with no further action.", byInstance(rep, "assessment", 1)[0].Explanation)
	// The second referral's assessment: 45 working days from Mon 2 Sep 2024
	// are Mon 4 Nov 2024 (no bank holiday on the way); overdue.
	a2 := byInstance(rep, "assessment", 2)
	assert.Equal(t, []string{"overdue", "2024-11-04"}, []string{string(a2[0].Status), day(a2[0])})
}

func TestDuringAndPrevious(t *testing.T) {
	p := compile(t, `policy: during
title: During
calendar: {region: england-and-wales}
events:
  strategy_discussion: A strategy discussion that initiated s47 enquiries.
  icpc: An initial conference.
  cp_plan_end: The end of a plan.
instances:
  s47_enquiry:
    description: Each enquiry.
    start: events.strategy_discussion
  cp_plan:
    description: Each plan.
    start: events.icpc
    end: events.cp_plan_end
rules:
  - id: icpc
    title: ICPC within 15 working days
    source: "Working Together"
    for_each: s47_enquiry
    when:
      - if: "!during(instances.cp_plan, instance.start)"
        otherwise: the enquiry began during a plan
    within: 15 working days
    done: events.icpc
  - id: gap
    title: Enquiries at least 10 days apart
    source: "A test"
    for_each: s47_enquiry
    when:
      - if: has(instance.previous)
        otherwise: the first enquiry
    check: instance.start - instance.previous >= duration('240h')
    holds: the enquiry came 10 days or more after the one before
`)
	c := &timescale.Case{ID: "W-1", Events: []timescale.Event{
		ev("strategy_discussion", "2024-03-04"), ev("icpc", "2024-03-22"),
		// During the plan (which started 22 Mar, and has not ended): for the
		// review conference.
		ev("strategy_discussion", "2024-05-10"),
		ev("cp_plan_end", "2024-09-02"),
		// On the day the plan ended: not during it.
		ev("strategy_discussion", "2024-09-02"),
	}}
	rep := evaluate(t, p, c, "2024-12-02")
	assert.Equal(t, rules.Met, byInstance(rep, "icpc", 1)[0].Status)
	assert.Equal(t, "Does not apply: the enquiry began during a plan.", byInstance(rep, "icpc", 2)[0].Explanation)
	assert.Equal(t, rules.Overdue, byInstance(rep, "icpc", 3)[0].Status)
	assert.Equal(t, rules.NotApplicable, byInstance(rep, "gap", 1)[0].Status)
	assert.Equal(t, rules.Met, byInstance(rep, "gap", 2)[0].Status)
}

// A practice standard reports its status but is not a breach.
func TestPracticeStandard(t *testing.T) {
	p := compile(t, `policy: practice
title: Practice
calendar: {region: england-and-wales}
events:
  consultation: A consultation.
  strategy_discussion: A strategy discussion.
rules:
  - id: consultation-first
    title: Consultation before the strategy discussion
    source: "Local guidance: should"
    practice_standard: true
    check: first(events.consultation) < first(events.strategy_discussion)
`)
	rep := evaluate(t, p, &timescale.Case{ID: "S-1", Events: []timescale.Event{ev("strategy_discussion", "2024-03-01"), ev("consultation", "2024-03-04")}}, "2024-03-05")
	require.Len(t, rep.Results, 1)
	assert.Equal(t, rules.Violated, rep.Results[0].Status)
	assert.True(t, rep.Results[0].PracticeStandard)
	assert.False(t, rep.Results[0].IsBreach())
	assert.Zero(t, rep.Breaches)
	assert.Empty(t, rep.BreachList())
	var out bytes.Buffer
	require.NoError(t, rep.WriteJSON(&out, ""))
	assert.Contains(t, out.String(), `"status":"violated","practice_standard":true`)
	r, _ := p.Rule("consultation-first")
	assert.True(t, r.PracticeStandard)
}

// Declared attributes and facts: what the case gives that the policy cannot
// use is a warning naming the event and its line.
func TestDeclarationWarnings(t *testing.T) {
	p := compile(t, `policy: declared
title: Declared
calendar: {region: england-and-wales}
events:
  icpc:
    description: An initial conference.
    attributes:
      plan: {type: bool, default: true, missing: it counts as a conference that made a plan, description: false when none}
      transfer_in: {type: bool, default: false, description: a transfer-in conference}
  cp_plan_end:
    description: The end of a plan.
    attributes:
      reason: {type: text, values: [review, transfer_out, age_18, died, other], description: why}
  note: A note, whose attributes are not declared.
facts:
  urgency: {type: text, values: [immediate, complex], description: how urgent}
instances:
  cp_plan:
    description: Each plan.
    start: events.icpc.filter(c, c.plan || c.transfer_in)
rules:
  - id: plans
    title: Plans counted
    source: "A test"
    check: count(instances.cp_plan) == 2
    holds: two plans
`)
	c, err := casefile.Read("case.yaml", []byte(`case: DW-1
facts: {urgency: immediat, urgnecy: complex}
events:
  - {kind: icpc, at: 2024-01-10, plan: "yes"}
  - {kind: icpc, at: 2024-02-10}
  - {kind: icpc, at: 2024-03-10, plan: false, pln: true}
  - {kind: cp_plan_end, at: 2024-04-10, reason: transfer out}
  - {kind: note, at: 2024-04-11, anything: 1}
`))
	require.NoError(t, err)
	rep := evaluate(t, p, c, "2024-05-01")
	assert.Equal(t, []string{
		`icpc of Wed 10 Jan 2024 (line 4): plan is the text "yes", not true or false; it was not counted`,
		`icpc of Wed 10 Jan 2024 (line 4): plan is read as true`,
		`icpc of Sat 10 Feb 2024 (line 5) does not record plan: it counts as a conference that made a plan`,
		`icpc of Sun 10 Mar 2024 (line 6): attribute "pln" is not one this policy reads; did you mean "plan"?; it was not counted`,
		`cp_plan_end of Wed 10 Apr 2024 (line 7): reason is "transfer out", not one of review, transfer_out, age_18, died, other (did you mean "transfer_out"?); it was not counted`,
		`fact urgency is "immediat", not one of immediate, complex (did you mean "immediate"?); it was not counted`,
		`fact "urgnecy" is not one this policy reads; did you mean "urgency"?; it was not counted`,
	}, rep.Warnings)
	// "yes" is not counted, so the first ICPC reads as the default, a plan;
	// so does the second; the third made none.
	assert.Equal(t, rules.Met, rep.Results[0].Status, rep.Results[0].Explanation)
	vals := p.Facts()
	require.Len(t, vals, 1)
	assert.Equal(t, []string{"immediate", "complex"}, vals[0].Values)
	assert.Equal(t, "plan", p.Events()[0].Attributes[0].Name)
	assert.Equal(t, true, p.Events()[0].Attributes[0].Default)
	assert.Nil(t, p.Events()[2].Attributes, "a kind that declares no attributes")
}

// A policy's own warnings: conditions on the case, with their words.
func TestPolicyWarnings(t *testing.T) {
	p := compile(t, `policy: warned
title: Warned
calendar: {region: england-and-wales}
events:
  strategy_discussion: A strategy discussion.
warnings:
  - if: "!events.strategy_discussion.exists(d, has(d.s47))"
    say: The record does not say which strategy discussion initiated s47 enquiries.
`)
	rep := evaluate(t, p, &timescale.Case{ID: "PW-1", Events: []timescale.Event{ev("strategy_discussion", "2024-03-01")}}, "2024-03-05")
	assert.Equal(t, []string{"The record does not say which strategy discussion initiated s47 enquiries."}, rep.Warnings)
	rep = evaluate(t, p, &timescale.Case{ID: "PW-2", Events: []timescale.Event{evA("strategy_discussion", "2024-03-01", map[string]any{"s47": true})}}, "2024-03-05")
	assert.Empty(t, rep.Warnings)
}

// A period in hours from a date given without a time runs from the end of
// that day; from an instant with a time, from that instant.
func TestHoursFromADate(t *testing.T) {
	p := compile(t, `policy: hours
title: Hours
calendar: {region: england-and-wales}
events:
  request: A request.
  reply: A reply.
rules:
  - id: reply-within-24-hours
    title: Reply within 24 hours of the request
    source: "Local guidance"
    from: first(events.request)
    within: 24 hours
    roll: forward
    done: events.reply
`)
	// Requested on Fri 1 Mar 2024, no time: 24 hours from the end of that day
	// end at the end of Sat 2 Mar, which is not a working day, so the reply
	// is due by the end of Mon 4 Mar. A reply on Mon 4 Mar at 16:00 is on
	// time.
	rep := evaluate(t, p, &timescale.Case{ID: "H-1", Events: []timescale.Event{ev("request", "2024-03-01"), ev("reply", "2024-03-04T16:00")}}, "2024-03-05")
	r := rep.Results[0]
	assert.Equal(t, rules.Met, r.Status, r.Explanation)
	assert.Equal(t, "2024-03-04", day(r))
	assert.True(t, r.Due.WholeDay)
	assert.Equal(t, "24 hours from the end of Fri 1 Mar 2024 (request) is Sat 2 Mar 2024, not a working day, so Mon 4 Mar 2024. Met: reply on Mon 4 Mar 2024.", r.Explanation)
	// Requested on Thu 13 Jun 2024, no time: 24 hours from the end of that
	// day end at the end of Fri 14 Jun, a working day, so nothing rolls; a
	// reply on Mon 17 Jun is 1 working day late (the end of Friday is not
	// the Saturday's midnight).
	rep = evaluate(t, p, &timescale.Case{ID: "H-3", Events: []timescale.Event{ev("request", "2024-06-13"), ev("reply", "2024-06-17T10:00")}}, "2024-06-18")
	r = rep.Results[0]
	assert.Equal(t, []string{"late", "2024-06-14"}, []string{string(r.Status), day(r)})
	assert.Equal(t, 1, r.WorkingDaysLate)
	assert.Equal(t, "24 hours from the end of Thu 13 Jun 2024 (request) is Fri 14 Jun 2024. Late: reply on Mon 17 Jun 2024, 1 working day after the due date.", r.Explanation)
	// Half an hour late against an instant is said in minutes.
	rep = evaluate(t, p, &timescale.Case{ID: "H-4", Events: []timescale.Event{ev("request", "2024-06-13T10:00"), ev("reply", "2024-06-14T10:30")}}, "2024-06-18")
	assert.Equal(t, "24 hours from Thu 13 Jun 2024 10:00 (request) is Fri 14 Jun 2024 10:00. Late: reply on Fri 14 Jun 2024 10:30, 30 minutes after the due time.", rep.Results[0].Explanation)
	// With a time: Fri 1 Mar 15:00 + 24 hours is Sat 2 Mar 15:00, rolled to
	// Mon 4 Mar as well.
	rep = evaluate(t, p, &timescale.Case{ID: "H-2", Events: []timescale.Event{ev("request", "2024-03-01T15:00"), ev("reply", "2024-03-04T16:00")}}, "2024-03-05")
	assert.Equal(t, rules.Met, rep.Results[0].Status)
	assert.True(t, strings.HasPrefix(rep.Results[0].Explanation, "24 hours from Fri 1 Mar 2024 15:00 (request) is Sat 2 Mar 2024 15:00, not a working day, so Mon 4 Mar 2024."), rep.Results[0].Explanation)
}

func TestInstanceString(t *testing.T) {
	assert.Equal(t, "CP plan 2", rules.Instance{Kind: "cp_plan", Number: 2}.String())
	assert.Equal(t, "s47 enquiry 1", rules.Instance{Kind: "s47_enquiry", Number: 1}.String())
	assert.Equal(t, "", rules.Instance{}.String(), "a result about no instance")
}
