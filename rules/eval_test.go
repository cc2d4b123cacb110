package rules_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/golden"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/casefile"
)

func ev(kind, when string) timescale.Event { return timescale.Event{Kind: kind, At: at(when)} }

func result(t *testing.T, rep *rules.Report, rule string, occurrence int) rules.Result {
	t.Helper()
	for _, r := range rep.Results {
		if r.Rule == rule && r.Occurrence == occurrence {
			return r
		}
	}
	t.Fatalf("no result for %s #%d in %+v", rule, occurrence, rep.Results)
	return rules.Result{}
}

func evaluate(t *testing.T, p *rules.Policy, c *timescale.Case, asOf string) *rules.Report {
	t.Helper()
	rep, err := p.Evaluate(c, at(asOf))
	require.NoError(t, err)
	return rep
}

const icpcRule = "icpc-within-15-working-days"

// The statuses of one deadline, as the ICPC is held or not and the as-of
// date moves. 15 working days from Thu 21 Mar 2024, skipping Good Friday 29
// Mar and Easter Monday 1 Apr: 22 (1), 25-28 (5), 2-5 Apr (9), 8-12 (14),
// Mon 15 Apr (15).
func TestDeadlineStatuses(t *testing.T) {
	p := compileFile(t, "testdata/england.yaml")
	base := func(events ...timescale.Event) *timescale.Case {
		return &timescale.Case{ID: "C-1", Facts: map[string]any{"s47_initiated": true},
			Events: append([]timescale.Event{ev("strategy_discussion", "2024-03-21T10:00:00Z")}, events...)}
	}
	const how = "15 working days from Thu 21 Mar 2024 (strategy discussion), skipping Good Friday 29 Mar and Easter Monday 1 Apr, is Mon 15 Apr 2024. "
	tests := []struct {
		name   string
		c      *timescale.Case
		asOf   string
		status rules.Status
		wd, d  int
		why    string
	}{
		{"held on the due date", base(ev("icpc", "2024-04-15T16:30:00+01:00")), "2024-05-01", rules.Met, 0, 0,
			how + "Met: ICPC on Mon 15 Apr 2024."},
		{"held the next day", base(ev("icpc", "2024-04-16")), "2024-05-01", rules.Late, 1, 1,
			how + "Late: ICPC on Tue 16 Apr 2024, 1 working day after the due date."},
		{"not held, 3 working days to go", base(), "2024-04-10", rules.Pending, 0, 0,
			how + "Pending: no ICPC yet; 3 working days left."},
		{"not held, within the 2 working days' warning", base(), "2024-04-11", rules.DueSoon, 0, 0,
			how + "Due soon: no ICPC yet; 2 working days left."},
		{"not held, due today", base(), "2024-04-15", rules.DueSoon, 0, 0,
			how + "Due soon: no ICPC yet, and it is due today."},
		{"not held, 4 working days past", base(), "2024-04-19", rules.Overdue, 4, 4,
			how + "Overdue: no ICPC by Fri 19 Apr 2024, 4 working days past the due date."},
		{"booked after the as-of date has not happened", base(ev("icpc", "2024-04-12")), "2024-04-10", rules.Pending, 0, 0,
			how + "Pending: no ICPC yet; 3 working days left."},
		{"no strategy discussion", &timescale.Case{ID: "C-1", Facts: map[string]any{"s47_initiated": true}}, "2024-05-01", rules.NotApplicable, 0, 0,
			"Not started: no strategy discussion recorded."},
		{"no s47 enquiry", &timescale.Case{ID: "C-1", Facts: map[string]any{"s47_initiated": false}}, "2024-05-01", rules.NotApplicable, 0, 0,
			"Does not apply: facts.s47_initiated == true is not true for this case."},
		{"s47 fact missing", &timescale.Case{ID: "C-1"}, "2024-05-01", rules.NotApplicable, 0, 0,
			"Does not apply: facts.s47_initiated == true is not true for this case."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, evaluate(t, p, tt.c, tt.asOf), icpcRule, 1)
			assert.Equal(t, tt.status, r.Status)
			assert.Equal(t, tt.wd, r.WorkingDaysLate)
			assert.Equal(t, tt.d, r.DaysLate)
			assert.Equal(t, tt.why, r.Explanation)
			if tt.status != rules.NotApplicable {
				assert.Equal(t, "2024-04-15", r.Due.Time.Format("2006-01-02"))
				assert.True(t, r.Due.WholeDay)
			}
		})
	}
}

// England counts from the last strategy discussion.
func TestLastStrategyDiscussion(t *testing.T) {
	p := compileFile(t, "testdata/england.yaml")
	c := &timescale.Case{ID: "C-2", Facts: map[string]any{"s47_initiated": true}, Events: []timescale.Event{
		ev("strategy_discussion", "2024-03-25T09:00:00Z"), ev("strategy_discussion", "2024-03-21T10:00:00Z"),
	}}
	r := result(t, evaluate(t, p, c, "2024-04-01"), icpcRule, 1)
	// From Mon 25 Mar: 26-28 (3), 2-5 Apr (7), 8-12 (12), 15-17 (15): Wed 17 Apr.
	assert.Equal(t, "2024-04-17", r.Due.Time.Format("2006-01-02"))
	assert.Equal(t, at("2024-03-25T09:00:00Z"), r.From)
}

// A review chain with an on-time, a late and a missed occurrence.
func TestRecurringChain(t *testing.T) {
	p := compileFile(t, "testdata/england.yaml")
	chain := func(extra ...timescale.Event) *timescale.Case {
		return &timescale.Case{ID: "C-3", Events: append([]timescale.Event{
			ev("icpc", "2024-01-15T10:00:00Z"),
			ev("rcpc", "2024-04-11T10:00:00+01:00"), // first review: due 3 months from 15 Jan, Mon 15 Apr: met
			ev("rcpc", "2024-10-14T10:00:00+01:00"), // 6 months from Thu 11 Apr is Fri 11 Oct: late by Mon 14 Oct
		}, extra...)}
	}
	rep := evaluate(t, p, chain(), "2025-05-01")
	first := result(t, rep, "first-review-within-3-months", 1)
	assert.Equal(t, rules.Met, first.Status)
	assert.Equal(t, "2024-04-15", first.Due.Time.Format("2006-01-02"))

	late := result(t, rep, "review-every-6-months", 1)
	assert.Equal(t, rules.Late, late.Status)
	assert.Equal(t, "2024-10-11", late.Due.Time.Format("2006-01-02"))
	assert.Equal(t, 1, late.WorkingDaysLate)
	assert.Equal(t, 3, late.DaysLate)
	assert.Equal(t, "6 months from Thu 11 Apr 2024 (RCPC) is Fri 11 Oct 2024. Late: RCPC on Mon 14 Oct 2024, 1 working day after the due date.", late.Explanation)

	// The next is due 6 months after the review actually held, Mon 14 Oct:
	// Mon 14 Apr 2025. As of Thu 1 May 2025: 15-17 Apr (3), 22-25 (7), 28-30
	// (10), 1 May (11), skipping Good Friday 18 Apr and Easter Monday 21 Apr.
	missed := result(t, rep, "review-every-6-months", 2)
	assert.Equal(t, rules.Overdue, missed.Status)
	assert.Equal(t, "2025-04-14", missed.Due.Time.Format("2006-01-02"))
	assert.Equal(t, 11, missed.WorkingDaysLate)
	assert.Equal(t, 17, missed.DaysLate)
	// A missed occurrence does not start another.
	assert.Len(t, rep.Results, 7)

	// Before it is due: 8-11 Apr and 14 Apr are 5 working days away.
	pending := result(t, evaluate(t, p, chain(), "2025-04-07"), "review-every-6-months", 2)
	assert.Equal(t, rules.Pending, pending.Status)
	assert.Equal(t, "6 months from Mon 14 Oct 2024 (RCPC) is Mon 14 Apr 2025. Pending: no RCPC yet; 5 working days left.", pending.Explanation)

	// The plan ended before the next review was due: the chain stops.
	ended := evaluate(t, p, chain(ev("cp_plan_end", "2025-03-28")), "2025-05-01")
	assert.Len(t, ended.Results, 6)
	// The late review, and the first core group, never held (due Mon 29 Jan 2024).
	assert.Equal(t, 2, ended.Breaches)
	assert.Equal(t, rules.Overdue, result(t, ended, "first-core-group-within-10-working-days", 1).Status)

	// The plan ended after the review was missed: still a breach, late to the
	// plan's end on Fri 2 May 2025: 11 working days to 1 May, then 2 May: 12;
	// 18 days.
	after := result(t, evaluate(t, p, chain(ev("cp_plan_end", "2025-05-02")), "2025-05-10"), "review-every-6-months", 2)
	assert.Equal(t, rules.Overdue, after.Status)
	assert.Equal(t, 12, after.WorkingDaysLate)
	assert.Equal(t, 18, after.DaysLate)
	assert.Equal(t, "6 months from Mon 14 Oct 2024 (RCPC) is Mon 14 Apr 2025. Overdue: no RCPC before the CP plan end on Fri 2 May 2025, 12 working days past the due date.", after.Explanation)

	// No first review yet: the chain has not started.
	waiting := result(t, evaluate(t, p, &timescale.Case{ID: "C-4", Events: []timescale.Event{ev("icpc", "2024-01-15")}}, "2024-02-01"), "review-every-6-months", 1)
	assert.Equal(t, rules.NotApplicable, waiting.Status)
	assert.Equal(t, `Not started: waits for "First review conference within 3 months of the initial conference" to be met.`, waiting.Explanation)
}

// localCase exercises every rule of testdata/local.yaml.
func localCase(facts map[string]any) *timescale.Case {
	if facts == nil {
		facts = map[string]any{"s47_initiated": true}
	}
	return &timescale.Case{ID: "L-1", Facts: facts, Events: []timescale.Event{
		ev("consultation_requested", "2024-03-08T15:00:00Z"),
		ev("consultation", "2024-03-11T16:00:00Z"),
		ev("strategy_discussion", "2024-03-21T10:00:00Z"),
		ev("strategy_discussion", "2024-03-25T10:00:00Z"),
		ev("report_shared", "2024-04-15T12:00:00+01:00"),
		ev("icpc", "2024-04-18T10:00:00+01:00"),
		ev("cp_visit", "2024-04-26T10:00:00+01:00"),
		ev("minutes_completed", "2024-05-02T10:00:00+01:00"),
		ev("core_group", "2024-05-02T14:00:00+01:00"),
		ev("minutes_shared", "2024-05-07T10:00:00+01:00"),
		ev("cp_visit", "2024-05-15T10:00:00+01:00"),
	}}
}

func TestLocalPolicy(t *testing.T) {
	p := compileWithLoader(t, "testdata/local.yaml")
	assert.Equal(t, "england-test", p.Extends())
	var ids []string
	for _, r := range p.Rules() {
		ids = append(ids, r.ID)
	}
	// England's rules keep their places, the local ICPC rule replaces
	// England's in place, the assessment rule is disabled, local rules follow
	// in file order.
	assert.Equal(t, []string{
		"referral-decision-within-1-working-day", "icpc-within-15-working-days",
		"first-core-group-within-10-working-days", "first-review-within-3-months", "review-every-6-months",
		"report-shared-before-icpc", "chair-contact-within-24-hours", "consultation-before-strategy-discussion",
		"at-most-one-consultation", "cp-visits-every-10-working-days", "core-group-within-10-working-days-inclusive",
		"minutes-shared-after-completion", "minutes-completed",
	}, ids)

	rep := evaluate(t, p, localCase(nil), "2024-06-10")

	// From the first strategy discussion, Thu 21 Mar: due Mon 15 Apr; held Thu 18 Apr (16, 17, 18).
	icpc := result(t, rep, icpcRule, 1)
	assert.Equal(t, rules.Late, icpc.Status)
	assert.Equal(t, 3, icpc.WorkingDaysLate)

	// 2 working days before Thu 18 Apr: Wed 17 (1), Tue 16 (2).
	report := result(t, rep, "report-shared-before-icpc", 1)
	assert.Equal(t, rules.Met, report.Status)
	assert.Equal(t, "2 working days before Thu 18 Apr 2024 (ICPC) is Tue 16 Apr 2024. Met: report shared on Mon 15 Apr 2024.", report.Explanation)

	// 24 hours from Fri 8 Mar 15:00 is Sat 9 Mar 15:00, rolled to the end of Mon 11 Mar.
	chair := result(t, rep, "chair-contact-within-24-hours", 1)
	assert.Equal(t, rules.Met, chair.Status)
	assert.True(t, chair.Due.WholeDay)
	assert.Equal(t, "24 hours from Fri 8 Mar 2024 15:00 (consultation requested) is Sat 9 Mar 2024 15:00, not a working day, so Mon 11 Mar 2024. Met: consultation on Mon 11 Mar 2024.", chair.Explanation)

	assert.Equal(t, rules.Met, result(t, rep, "consultation-before-strategy-discussion", 1).Status)
	assert.Equal(t, "Holds: first(events.consultation) < first(events.strategy_discussion).", result(t, rep, "consultation-before-strategy-discussion", 1).Explanation)
	assert.Equal(t, rules.Met, result(t, rep, "at-most-one-consultation", 1).Status)

	// CP visits: due Thu 2 May (19, 22-26, 29, 30 Apr, 1, 2 May), visited Fri 26 Apr: met.
	// Then 10 from Fri 26 Apr, skipping Early May bank holiday Mon 6 May: Mon 13 May; visited Wed 15 May: 2 late.
	// Then 10 from Wed 15 May, skipping spring bank holiday Mon 27 May: Thu 30 May; none by Mon 10 Jun:
	// 31 May, 3-7 Jun, 10 Jun = 7 working days, 11 days.
	for i, want := range []struct {
		status rules.Status
		due    string
		wd     int
	}{{rules.Met, "2024-05-02", 0}, {rules.Late, "2024-05-13", 2}, {rules.Overdue, "2024-05-30", 7}} {
		r := result(t, rep, "cp-visits-every-10-working-days", i+1)
		assert.Equal(t, want.status, r.Status, "visit %d", i+1)
		assert.Equal(t, want.due, r.Due.Time.Format("2006-01-02"), "visit %d", i+1)
		assert.Equal(t, want.wd, r.WorkingDaysLate, "visit %d", i+1)
	}
	assert.Equal(t, "10 working days from Fri 26 Apr 2024 (CP visit), skipping Early May bank holiday 6 May, is Mon 13 May 2024. Late: CP visit on Wed 15 May 2024, 2 working days after the due date.",
		result(t, rep, "cp-visits-every-10-working-days", 2).Explanation)

	// Counting the ICPC day as day 1: 18, 19, 22-26, 29, 30 Apr, 1 May: Wed 1 May; the core
	// group on Thu 2 May is a day late. England's day-0 rule is due Thu 2 May: met.
	inclusive := result(t, rep, "core-group-within-10-working-days-inclusive", 1)
	assert.Equal(t, rules.Late, inclusive.Status)
	assert.Equal(t, "2024-05-01", inclusive.Due.Time.Format("2006-01-02"))
	assert.Equal(t, "10 working days from Thu 18 Apr 2024 (ICPC), counting that day as day 1, is Wed 1 May 2024. Late: core group on Thu 2 May 2024, 1 working day after the due date.", inclusive.Explanation)
	assert.Equal(t, rules.Met, result(t, rep, "first-core-group-within-10-working-days", 1).Status)

	// A rule after one defined later: minutes completed Thu 2 May (due Fri 3 May); shared
	// within 5 working days of that, skipping Mon 6 May: Fri 10 May; shared Tue 7 May.
	shared := result(t, rep, "minutes-shared-after-completion", 1)
	assert.Equal(t, rules.Met, shared.Status)
	assert.Equal(t, "5 working days from Thu 2 May 2024 (minutes completed), skipping Early May bank holiday 6 May, is Fri 10 May 2024. Met: minutes shared on Tue 7 May 2024.", shared.Explanation)
	assert.Equal(t, "2024-05-03", result(t, rep, "minutes-completed", 1).Due.Time.Format("2006-01-02"))
	// Results keep the policy's order.
	assert.Equal(t, "minutes-shared-after-completion", rep.Results[len(rep.Results)-2].Rule)
	assert.Equal(t, "minutes-completed", rep.Results[len(rep.Results)-1].Rule)

	// Breaches: ICPC late, CP visits late and overdue, inclusive core group late.
	assert.Equal(t, 4, rep.Breaches)
	assert.Len(t, rep.BreachList(), 4)
}

func TestExceptionAndExtension(t *testing.T) {
	p := compileWithLoader(t, "testdata/local.yaml")
	const how = "15 working days from Thu 21 Mar 2024 (strategy discussion), skipping Good Friday 29 Mar and Easter Monday 1 Apr, is Mon 15 Apr 2024"

	approved := result(t, evaluate(t, p, localCase(map[string]any{"s47_initiated": true, "head_of_service_approved": true}), "2024-06-10"), icpcRule, 1)
	assert.Equal(t, rules.Excepted, approved.Status)
	assert.Equal(t, 0, approved.WorkingDaysLate)
	assert.Equal(t, how+". Excepted: the Head of Service approved a later ICPC in writing.", approved.Explanation)

	extended := result(t, evaluate(t, p, localCase(map[string]any{"s47_initiated": true, "icpc_extended_to": at("2024-04-19")}), "2024-06-10"), icpcRule, 1)
	assert.Equal(t, rules.Met, extended.Status)
	assert.Equal(t, "2024-04-19", extended.Due.Time.Format("2006-01-02"))
	assert.Equal(t, how+", extended to Fri 19 Apr 2024. Met: ICPC on Thu 18 Apr 2024.", extended.Explanation)

	// An exception does not hide a deadline that was met anyway.
	c := localCase(map[string]any{"s47_initiated": true, "head_of_service_approved": true})
	c.Events[5] = ev("icpc", "2024-04-12")
	assert.Equal(t, rules.Met, result(t, evaluate(t, p, c, "2024-06-10"), icpcRule, 1).Status)
}

func TestChecksViolated(t *testing.T) {
	p := compileWithLoader(t, "testdata/local.yaml")
	c := localCase(nil)
	// A second consultation, after the strategy discussions.
	c.Events = append(c.Events, ev("consultation", "2024-03-22T10:00:00Z"))
	c.Events[1] = ev("consultation", "2024-03-26T10:00:00Z")
	rep := evaluate(t, p, c, "2024-06-10")
	before := result(t, rep, "consultation-before-strategy-discussion", 1)
	assert.Equal(t, rules.Violated, before.Status)
	assert.Equal(t, "Violated: Consultation before the strategy discussion.", before.Explanation)
	assert.Equal(t, rules.Violated, result(t, rep, "at-most-one-consultation", 1).Status)

	// No consultation at all: the ordering check does not apply.
	c = localCase(nil)
	c.Events = append(c.Events[:1], c.Events[2:]...)
	assert.Equal(t, rules.NotApplicable, result(t, evaluate(t, p, c, "2024-06-10"), "consultation-before-strategy-discussion", 1).Status)
}

func TestReportJSON(t *testing.T) {
	p := compileWithLoader(t, "testdata/local.yaml")
	rep := evaluate(t, p, localCase(nil), "2024-06-10")
	var out bytes.Buffer
	require.NoError(t, rep.WriteJSON(&out, "  "))
	golden.Check(t, "testdata/reports/local.golden.json", out.Bytes())
	// The same case, policy and date give the same bytes.
	var again bytes.Buffer
	require.NoError(t, evaluate(t, p, localCase(nil), "2024-06-10").WriteJSON(&again, "  "))
	assert.Equal(t, out.String(), again.String())
	// encoding/json gives the same document (escaping < as \u003c).
	var viaMarshal, viaWrite any
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &viaMarshal))
	require.NoError(t, json.Unmarshal(out.Bytes(), &viaWrite))
	assert.Equal(t, viaWrite, viaMarshal)
}

func TestNext(t *testing.T) {
	p := compileFile(t, "testdata/england.yaml")
	c := &timescale.Case{ID: "C-5", Facts: map[string]any{"s47_initiated": true}, Events: []timescale.Event{
		ev("referral", "2024-03-19T09:00:00Z"), ev("referral_decision", "2024-03-19T15:00:00Z"),
		ev("strategy_discussion", "2024-03-21T10:00:00Z"),
	}}
	rep := evaluate(t, p, c, "2024-04-11")
	// The ICPC (Mon 15 Apr) is due before the assessment: 45 working days from Tue 19 Mar.
	next := rep.Next(-1)
	require.Len(t, next, 2)
	assert.Equal(t, icpcRule, next[0].Rule)
	assert.Equal(t, rules.DueSoon, next[0].Status)
	assert.Equal(t, "assessment-within-45-working-days", next[1].Rule)
	assert.Len(t, rep.Next(1), 1)
	assert.Empty(t, rep.BreachList())
}

func TestWarningsForUnknownKinds(t *testing.T) {
	p := compileFile(t, "testdata/england.yaml")
	c, err := casefile.Read("c.yaml", []byte("case: W-1\nevents:\n  - {kind: icpc, at: 2024-03-01}\n  - {kind: icpc_meeting, at: 2024-03-02}\n"))
	require.NoError(t, err)
	rep := evaluate(t, p, c, "2024-04-01")
	assert.Equal(t, []string{`event kind "icpc_meeting" (line 4) is not one this policy reads; it was not counted`}, rep.Warnings)
}

func TestEvaluateErrors(t *testing.T) {
	p := compileWithLoader(t, "testdata/local.yaml")
	// A fact of the wrong type for the expression that reads it.
	_, err := p.Evaluate(localCase(map[string]any{"s47_initiated": true, "icpc_extended_to": "next Friday"}), at("2024-06-10"))
	var ee *rules.EvalError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, icpcRule, ee.Rule)
	assert.Equal(t, "extended_to", ee.Key)
	assert.Equal(t, "case L-1: rule icpc-within-15-working-days: extended_to: want a timestamp, found string (written at testdata/local.yaml:29:18)", err.Error())

	_, err = p.Evaluate(localCase(nil), at("1980-01-01"))
	assert.EqualError(t, err, "rules: case L-1: as-of date 1980-01-01 is outside the working-day calendar (1990-01-01 to 2100-12-31)")

	big := &timescale.Case{ID: "BIG"}
	for i := 0; i <= rules.MaxListSize; i++ {
		big.Events = append(big.Events, ev("cp_visit", "2024-01-02"))
	}
	_, err = p.Evaluate(big, at("2024-06-10"))
	assert.EqualError(t, err, "rules: case BIG has 10001 events of kind cp_visit, more than the 10000 a policy's costs are checked for")

	_, err = p.Evaluate(nil, at("2024-06-10"))
	assert.Error(t, err)

	// A date outside the calendar in a case names the rule.
	old := &timescale.Case{ID: "OLD", Facts: map[string]any{"s47_initiated": true}, Events: []timescale.Event{ev("strategy_discussion", "1985-01-01")}}
	_, err = compileFile(t, "testdata/england.yaml").Evaluate(old, at("2024-06-10"))
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "case OLD: rule icpc-within-15-working-days: within: 1 Jan 1985 is outside the working-day calendar (1 Jan 1990 to 31 Dec 2100) (written at testdata/england.yaml:37:13)", err.Error())
}

func TestVariablesAndFunctions(t *testing.T) {
	src := `
policy: functions
title: Every function
calendar: {region: scotland}
events:
  s47_started: A section 47 enquiry started.
  seen_alone: The child seen alone.
  visit: A visit.
variables:
  age: age_on(child.date_of_birth, first(events.s47_started))
  over_4: variables.age > 4
rules:
  - id: seen-alone-if-over-4
    title: A child over 4 is seen alone
    source: "Conference guide"
    when: variables.over_4
    check: count(events.seen_alone) > 0
  - id: second-visit-on-a-working-day
    title: The second visit is on a working day
    source: "Test"
    check: is_working_day(nth(events.visit, 2))
  - id: functions-agree
    title: Functions agree with each other
    source: "Test"
    check: >-
      working_days_between(first(events.visit), add_working_days(first(events.visit), 7)) == 7 &&
      add_months(timestamp('2024-01-31T12:00:00Z'), 1) == timestamp('2024-02-29T00:00:00Z') &&
      add_days(timestamp('2024-03-30T12:00:00Z'), 2) == timestamp('2024-03-31T23:00:00Z') &&
      date(last(events.visit)) == timestamp('2024-12-01T00:00:00Z') &&
      events.visit.exists(v, has(v.by) && v.by == 'chair') &&
      first(events.visit.map(v, v.at)) == first(events.visit) &&
      as_of > last(events.visit) && case == 'F-1'
`
	p, err := rules.Compile([]byte(src), rules.WithFilename("functions.yaml"))
	require.NoError(t, err)
	c := &timescale.Case{ID: "F-1", Child: timescale.Child{DateOfBirth: at("2019-03-05")}, Events: []timescale.Event{
		ev("s47_started", "2024-03-05T09:00:00Z"), // the child's 5th birthday
		{Kind: "visit", At: at("2024-11-29T10:00:00Z"), Attributes: map[string]any{"by": "chair"}},
		ev("visit", "2024-12-01T23:30:00Z"), // a Sunday evening: still Sunday in winter
	}}
	rep := evaluate(t, p, c, "2024-12-10")
	seen := result(t, rep, "seen-alone-if-over-4", 1)
	assert.Equal(t, rules.Violated, seen.Status, "5 on the day the enquiry started, and not seen alone")
	assert.Equal(t, rules.Violated, result(t, rep, "second-visit-on-a-working-day", 1).Status)
	assert.Equal(t, rules.Met, result(t, rep, "functions-agree", 1).Status)

	// A day younger, the child is 4 and the rule does not apply.
	c.Child.DateOfBirth = at("2019-03-06")
	assert.Equal(t, rules.NotApplicable, result(t, evaluate(t, p, c, "2024-12-10"), "seen-alone-if-over-4", 1).Status)
	// No date of birth: the age is absent and the rule does not apply.
	c.Child.DateOfBirth = time.Time{}
	assert.Equal(t, rules.NotApplicable, result(t, evaluate(t, p, c, "2024-12-10"), "seen-alone-if-over-4", 1).Status)
}

// A compiled policy is used by many goroutines at once (run with -race).
func TestConcurrentEvaluate(t *testing.T) {
	p := compileWithLoader(t, "testdata/local.yaml")
	want, err := json.Marshal(evaluate(t, p, localCase(nil), "2024-06-10"))
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				rep, err := p.Evaluate(localCase(nil), at("2024-06-10"))
				if err != nil {
					errs <- err
					return
				}
				got, _ := json.Marshal(rep)
				if string(got) != string(want) {
					errs <- errors.New("a concurrent evaluation gave a different report")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestKindWords(t *testing.T) {
	assert.Equal(t, "CP plan end", rules.KindWords("cp_plan_end"))
	assert.Equal(t, "strategy discussion", rules.KindWords("strategy_discussion"))
	assert.Equal(t, "s47 started", rules.KindWords("s47_started"))
	assert.True(t, strings.HasPrefix(rules.KindWords("icpc"), "ICPC"))
}

func TestDoneMustFollowTheStart(t *testing.T) {
	src := `
policy: episodes
title: Done on or after the start
calendar: {region: england-and-wales}
events:
  strategy_discussion: A strategy discussion.
  icpc: An initial child protection conference.
rules:
  - id: icpc-from-list
    title: ICPC within 15 working days, the first on or after the strategy discussion
    source: "Test"
    from: last(events.strategy_discussion)
    within: 15 working days
    done: events.icpc
  - id: icpc-first-ever
    title: ICPC within 15 working days, the first ever
    source: "Test"
    from: last(events.strategy_discussion)
    within: 15 working days
    done: first(events.icpc)
`
	p, err := rules.Compile([]byte(src))
	require.NoError(t, err)
	// An ICPC of an earlier episode, then a re-referral's strategy discussion
	// on Thu 21 Mar 2024 (due Mon 15 Apr) and its ICPC on Fri 12 Apr.
	c := &timescale.Case{ID: "E-1", Events: []timescale.Event{
		ev("icpc", "2022-06-01"), ev("strategy_discussion", "2024-03-21T10:00:00Z"), ev("icpc", "2024-04-12"),
	}}
	rep := evaluate(t, p, c, "2024-05-01")
	fromList := result(t, rep, "icpc-from-list", 1)
	assert.Equal(t, rules.Met, fromList.Status)
	assert.Equal(t, at("2024-04-12"), fromList.Done)
	// The first ICPC ever is before the start: it does not meet the deadline.
	// As of Wed 1 May: 16-19, 22-26, 29, 30 Apr, 1 May = 12 working days past Mon 15 Apr.
	firstEver := result(t, rep, "icpc-first-ever", 1)
	assert.Equal(t, rules.Overdue, firstEver.Status)
	assert.Equal(t, 12, firstEver.WorkingDaysLate)
	// On the same day as the start counts.
	c.Events[2] = ev("icpc", "2024-03-21")
	assert.Equal(t, rules.Met, result(t, evaluate(t, p, c, "2024-05-01"), "icpc-from-list", 1).Status)
}

func TestHourlyAndMovedDeadlines(t *testing.T) {
	src := `
policy: hours
title: Hours and moved deadlines
calendar: {region: england-and-wales}
events:
  icpc: An initial child protection conference.
  escalation: Escalation to the service manager.
  strategy_discussion: A strategy discussion.
rules:
  - id: escalation-within-24-hours
    title: Escalation within 24 hours of the ICPC
    source: "Test"
    from: first(events.icpc)
    within: 24 hours
    done: first(events.escalation)
  - id: strategy-by-urgency
    title: Strategy discussion within 5 working days, or sooner when urgent
    source: "Test"
    from: first(events.icpc)
    within: 5 working days
    extended_to: "facts.urgent == true ? add_working_days(first(events.icpc), 1) : facts.later"
    done: first(events.strategy_discussion)
`
	p, err := rules.Compile([]byte(src))
	require.NoError(t, err)
	c := &timescale.Case{ID: "H-1", Facts: map[string]any{"urgent": true}, Events: []timescale.Event{
		ev("icpc", "2024-03-04T10:00:00Z"), ev("escalation", "2024-03-05T13:30:00Z"), ev("strategy_discussion", "2024-03-06"),
	}}
	rep := evaluate(t, p, c, "2024-03-20")
	esc := result(t, rep, "escalation-within-24-hours", 1)
	assert.Equal(t, rules.Late, esc.Status)
	assert.Equal(t, "24 hours from Mon 4 Mar 2024 10:00 (ICPC) is Tue 5 Mar 2024 10:00. Late: escalation on Tue 5 Mar 2024 13:30, 4 hours after the due time.", esc.Explanation)
	// Urgent: 1 working day, Tue 5 Mar, instead of 5 (Mon 11 Mar).
	urgent := result(t, rep, "strategy-by-urgency", 1)
	assert.Equal(t, rules.Late, urgent.Status)
	assert.Equal(t, "5 working days from Mon 4 Mar 2024 (ICPC) is Mon 11 Mar 2024, moved to Tue 5 Mar 2024. Late: strategy discussion on Wed 6 Mar 2024, 1 working day after the due date.", urgent.Explanation)
	// Without the urgent fact the condition is absent, and so is the new date.
	c.Facts = map[string]any{"later": at("2024-03-15")}
	assert.Contains(t, result(t, evaluate(t, p, c, "2024-03-20"), "strategy-by-urgency", 1).Explanation, "is Mon 11 Mar 2024. Met:")
	// A new date equal to the counted one says nothing.
	c.Facts = map[string]any{"urgent": false, "later": at("2024-03-11")}
	assert.Equal(t, "5 working days from Mon 4 Mar 2024 (ICPC) is Mon 11 Mar 2024. Met: strategy discussion on Wed 6 Mar 2024.", result(t, evaluate(t, p, c, "2024-03-20"), "strategy-by-urgency", 1).Explanation)
	c.Facts = map[string]any{"urgent": false, "later": at("2024-03-15")}
	later := result(t, evaluate(t, p, c, "2024-03-20"), "strategy-by-urgency", 1)
	assert.Equal(t, rules.Met, later.Status)
	assert.Contains(t, later.Explanation, "is Mon 11 Mar 2024, extended to Fri 15 Mar 2024. Met:")
}

func TestChildRedefinesAVariable(t *testing.T) {
	parent := `
policy: parent
title: Parent
calendar: {region: england-and-wales}
events: {icpc: An ICPC.}
variables:
  threshold: 4
  over: count(events.icpc) > variables.threshold
rules:
  - id: many-icpcs
    title: Many ICPCs
    source: "Test"
    when: variables.over
    check: "false"
`
	child := `
policy: child
title: Child
extends: parent
variables:
  threshold: 1
`
	loader := func(id string) (string, []byte, error) { return "parent.yaml", []byte(parent), nil }
	p, err := rules.Compile([]byte(child), rules.WithFilename("child.yaml"), rules.WithLoader(loader))
	require.NoError(t, err)
	c := &timescale.Case{ID: "V-1", Events: []timescale.Event{ev("icpc", "2024-01-01"), ev("icpc", "2024-02-01")}}
	// Two ICPCs are over the child's threshold of 1 (not the parent's 4).
	assert.Equal(t, rules.Violated, result(t, evaluate(t, p, c, "2024-03-01"), "many-icpcs", 1).Status)
}

func TestExpressionsOverFactsCompile(t *testing.T) {
	src := `
policy: facts
title: Ordinary expressions over facts
calendar: {region: england-and-wales}
events: {icpc: An ICPC.}
rules:
  - id: notes-mention-danger
    title: Notes mention danger
    source: "Test"
    check: "facts.notes.contains('danger') && 'police' in facts.agencies && facts.agencies.exists(a, a == 'school')"
`
	p, err := rules.Compile([]byte(src))
	require.NoError(t, err)
	c := &timescale.Case{ID: "F-2", Facts: map[string]any{"notes": "no danger seen", "agencies": []any{"police", "school"}}}
	assert.Equal(t, rules.Met, result(t, evaluate(t, p, c, "2024-03-01"), "notes-mention-danger", 1).Status)
}

// until: as a list stops a chain at the first end after the chain started.
func TestUntilListIgnoresAnEarlierPlansEnd(t *testing.T) {
	src := `
policy: episodes
title: Two plans
calendar: {region: england-and-wales}
events:
  rcpc: A review conference.
  cp_plan_end: The end of a plan.
rules:
  - id: reviews
    title: Reviews every 6 months
    source: "Test"
    from: last(events.rcpc)
    every: 6 months
    done: events.rcpc
    until: events.cp_plan_end
`
	p, err := rules.Compile([]byte(src))
	require.NoError(t, err)
	// The first plan ended in 2022; the second plan's review on Mon 15 Jan
	// 2024 starts a chain due Mon 15 Jul 2024, missed; as of Thu 1 Aug 2024
	// it is overdue (16-19, 22-26, 29-31 Jul, 1 Aug: 13 working days).
	c := &timescale.Case{ID: "P-2", Events: []timescale.Event{
		ev("cp_plan_end", "2022-05-01"), ev("rcpc", "2024-01-15"),
	}}
	r := result(t, evaluate(t, p, c, "2024-08-01"), "reviews", 1)
	assert.Equal(t, rules.Overdue, r.Status)
	assert.Equal(t, 13, r.WorkingDaysLate)
	// The second plan's own end, before the review was due, stops it.
	c.Events = append(c.Events, ev("cp_plan_end", "2024-06-03"))
	assert.Empty(t, evaluate(t, p, c, "2024-08-01").Results)
}

func TestLabelThroughFilters(t *testing.T) {
	src := `
policy: labels
title: Labels
calendar: {region: england-and-wales}
events: {icpc: An ICPC., rcpc: A review.}
variables:
  graded_icpc: first(events.icpc.filter(e, has(e.grading)))
rules:
  - id: review-after-icpc
    title: A review within 3 months of the ICPC
    source: "Test"
    from: variables.graded_icpc
    within: 3 months
    done: events.rcpc.filter(e, e.at > first(events.icpc))
`
	p, err := rules.Compile([]byte(src))
	require.NoError(t, err)
	c := &timescale.Case{ID: "L-2", Events: []timescale.Event{
		{Kind: "icpc", At: at("2024-01-15"), Attributes: map[string]any{"grading": int64(2)}}, ev("rcpc", "2024-04-10"),
	}}
	r := result(t, evaluate(t, p, c, "2024-05-01"), "review-after-icpc", 1)
	assert.Equal(t, "3 months from Mon 15 Jan 2024 (ICPC) is Mon 15 Apr 2024. Met: RCPC on Wed 10 Apr 2024.", r.Explanation)
}

// A council that works on a bank holiday.
func TestPolicyWorkingDays(t *testing.T) {
	src := `
policy: works-on-holidays
title: A council open on the summer bank holiday
calendar: {region: scotland, working_days: [2024-08-05]}
events: {ird: An IRD., cppm: A CPPM.}
rules:
  - id: record-within-5-working-days
    title: Record within 5 working days of the IRD
    source: "Test"
    from: first(events.ird)
    within: 5 working days
    done: events.cppm
`
	p, err := rules.Compile([]byte(src))
	require.NoError(t, err)
	// From Wed 31 Jul 2024: Thu 1, Fri 2, Mon 5 (worked), Tue 6, Wed 7 Aug.
	c := &timescale.Case{ID: "W-2", Events: []timescale.Event{ev("ird", "2024-07-31")}}
	r := result(t, evaluate(t, p, c, "2024-08-01"), "record-within-5-working-days", 1)
	assert.Equal(t, "2024-08-07", r.Due.Time.Format("2006-01-02"))
	assert.Equal(t, "5 working days from Wed 31 Jul 2024 (IRD) is Wed 7 Aug 2024. Pending: no CPPM yet; 4 working days left.", r.Explanation)
}

// done: and until: may read a fact: an instant or a list of instants.
func TestDoneAndUntilFromFacts(t *testing.T) {
	src := `
policy: facts-as-events
title: Facts
calendar: {region: england-and-wales}
events: {icpc: An ICPC.}
rules:
  - id: visit-within-10-working-days
    title: Visit within 10 working days of the ICPC
    source: "Test"
    from: first(events.icpc)
    within: 10 working days
    done: facts.visits
`
	p, err := rules.Compile([]byte(src))
	require.NoError(t, err)
	// ICPC Mon 15 Jan 2024: due Mon 29 Jan. A visit before it does not count.
	c := &timescale.Case{ID: "F-3", Events: []timescale.Event{ev("icpc", "2024-01-15")},
		Facts: map[string]any{"visits": []any{at("2024-01-10"), at("2024-01-24")}}}
	r := result(t, evaluate(t, p, c, "2024-02-01"), "visit-within-10-working-days", 1)
	assert.Equal(t, rules.Met, r.Status)
	assert.Equal(t, at("2024-01-24"), r.Done)
	c.Facts = map[string]any{"visits": at("2024-01-30")}
	r = result(t, evaluate(t, p, c, "2024-02-01"), "visit-within-10-working-days", 1)
	assert.Equal(t, rules.Late, r.Status)
	assert.Equal(t, 1, r.WorkingDaysLate)
}

// TestPolicyWithGovUKFeed: a bank holiday announced after the library was
// built reaches a policy through rules.WithCalendarOptions and GOV.UK's
// feed. The feed's 2024 list for England and Wales adds an imagined one-off
// holiday on Friday 12 April 2024, so 15 working days from Thursday 21
// March 2024 (Good Friday 29 March and Easter Monday 1 April skipped, as
// ever) end on Tuesday 16 April rather than Monday 15 April.
func TestPolicyWithGovUKFeed(t *testing.T) {
	feed := `{"england-and-wales": {"division": "england-and-wales", "events": [
	  {"title": "New Year’s Day", "date": "2024-01-01", "notes": ""},
	  {"title": "Good Friday", "date": "2024-03-29", "notes": ""},
	  {"title": "Easter Monday", "date": "2024-04-01", "notes": ""},
	  {"title": "A royal occasion", "date": "2024-04-12", "notes": ""},
	  {"title": "Early May bank holiday", "date": "2024-05-06", "notes": ""},
	  {"title": "Spring bank holiday", "date": "2024-05-27", "notes": ""},
	  {"title": "Summer bank holiday", "date": "2024-08-26", "notes": ""},
	  {"title": "Christmas Day", "date": "2024-12-25", "notes": ""},
	  {"title": "Boxing Day", "date": "2024-12-26", "notes": ""}]}}`
	src := []byte(`policy: fed
title: A policy on GOV.UK's list
calendar: {region: england-and-wales}
events:
  strategy_discussion: A strategy discussion.
  icpc: An initial child protection conference.
rules:
  - id: icpc
    title: ICPC within 15 working days of the strategy discussion
    source: "Working Together"
    from: first(events.strategy_discussion)
    within: 15 working days
    done: events.icpc
`)
	c := &timescale.Case{ID: "G-1", Events: []timescale.Event{ev("strategy_discussion", "2024-03-21")}}

	plain, err := rules.Compile(src)
	require.NoError(t, err)
	assert.Equal(t, "2024-04-15", result(t, evaluate(t, plain, c, "2024-04-01"), "icpc", 1).Due.Time.Format(time.DateOnly))

	fed, err := rules.Compile(src, rules.WithCalendarOptions(calendar.WithGovUKFeed(strings.NewReader(feed))))
	require.NoError(t, err)
	r := result(t, evaluate(t, fed, c, "2024-04-01"), "icpc", 1)
	assert.Equal(t, "2024-04-16", r.Due.Time.Format(time.DateOnly))
	assert.Equal(t, "15 working days from Thu 21 Mar 2024 (strategy discussion), skipping Good Friday 29 Mar, Easter Monday 1 Apr and A royal occasion 12 Apr, is Tue 16 Apr 2024. Pending: no ICPC yet; 10 working days left.", r.Explanation)
	// As of Easter Monday 1 April: Tue 2 to Fri 5, Mon 8 to Thu 11, Mon 15 and
	// Tue 16 April are the 10 working days left; Fri 12 April is the new
	// holiday.

	// A broken feed is an error of the policy, naming the calendar.
	_, err = rules.Compile(src, rules.WithFilename("fed.yaml"), rules.WithCalendarOptions(calendar.WithGovUKFeed(strings.NewReader(`{"scotland": {}}`))))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "fed.yaml:3:")
	assert.Contains(t, err.Error(), "GOV.UK bank holidays feed")
}

// TestReportWarningsAreTheReports: a report's warnings, when they are only
// the case's own, are not the case's slice: appending to them leaves the
// case as it was.
func TestReportWarningsAreTheReports(t *testing.T) {
	p, err := rules.Compile([]byte(digestPolicy)) // warns of nothing in c
	require.NoError(t, err)
	c := &timescale.Case{ID: "W-1", Events: []timescale.Event{ev("strategy_discussion", "2024-03-21T10:00:00Z")}}
	c.Warnings = make([]string, 1, 4)
	c.Warnings[0] = "case.jsonl:1:20: source_system: unknown key, not read"
	for _, evaluate := range []func(*timescale.Case, time.Time) (*rules.Report, error){p.Evaluate, p.EvaluateResults} {
		rep, err := evaluate(c, at("2024-06-10"))
		require.NoError(t, err)
		require.Equal(t, c.Warnings, rep.Warnings, "the case's warnings, and no other")
		_ = append(rep.Warnings, "appended to the report")
		assert.Equal(t, "", c.Warnings[:2][1], "the case's slice")
	}
}
