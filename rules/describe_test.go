package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/rules"
)

// describedPolicy has a rule of each shape that Policy.Rules describes in
// words.
const describedPolicy = `policy: described
title: Described
calendar: {region: england-and-wales}
counting: inclusive
warn_before: 2 working days
events:
  strategy_discussion:
    description: A strategy discussion.
    attributes:
      s47: {type: bool, description: s47 enquiries initiated, default: false, missing: it counts as a discussion that initiated none}
  icpc: An initial child protection conference.
  core_group: A core group meeting.
  rcpc: A review child protection conference.
  cp_plan_end: The end of a child protection plan.
  cp_visit: A child protection visit.
  consultation: A consultation with a CP chair.
facts:
  s47_initiated: {type: bool, description: s47 enquiries were initiated}
  delay_approved: {type: bool, description: the Head of Service approved a later ICPC}
  interpreter: {type: bool, description: the family needs an interpreter}
variables:
  s47: has(facts.s47_initiated) && facts.s47_initiated
instances:
  cp_plan:
    description: Each plan.
    start: events.icpc
    end: events.cp_plan_end
warnings:
  - if: has(facts.interpreter) && facts.interpreter
    say: Book an interpreter.
rules:
  - id: icpc-within-15-working-days
    title: ICPC within 15 working days of the last strategy discussion
    source: "Working Together 2023"
    when: variables.s47
    from: last(events.strategy_discussion)
    within: 15 working days
    done: events.icpc
    unless: has(facts.delay_approved) && facts.delay_approved
    reason: the Head of Service approved a later ICPC.
  - id: consultation-before-second-discussion
    title: Consultation 1 working day before the second strategy discussion
    source: "Local guidance"
    from: nth(events.strategy_discussion, 2)
    before: 1 working day
    done: events.consultation
    unless: count(events.consultation) > 2
  - id: first-core-group
    title: First core group within 10 working days of the ICPC
    source: "Working Together 2023"
    for_each: cp_plan
    when:
      - if: "!has(instance.end)"
        otherwise: the plan has ended
    within: 10 working days
    done: events.core_group
  - id: core-groups-every-28-days
    title: Core groups every 28 days
    source: "Local guidance"
    for_each: cp_plan
    after: first-core-group
    every: 28 days
    done: events.core_group
    until: first(events.rcpc)
  - id: visits-from-plan-or-discussion
    title: A visit within 5 working days
    source: "Local guidance"
    for_each: cp_plan
    from: "has(events.strategy_discussion) ? first(events.strategy_discussion) : instance.start"
    within: 5 working days
    done: events.cp_visit.filter(v, v.at > as_of)
  - id: consultation-first
    title: Consultation before the strategy discussion
    source: "Local guidance"
    check: first(events.consultation) < first(events.strategy_discussion)
    holds: the consultation came before the strategy discussion.
  - id: one-plan
    title: One plan at a time
    source: "Local guidance"
    check: count(events.icpc) <= count(events.cp_plan_end) + 1
`

func TestRulesInWords(t *testing.T) {
	p, err := rules.Compile([]byte(describedPolicy), rules.WithFilename("described.yaml"))
	require.NoError(t, err)
	type words struct {
		anchor, metBy, until, exception, timescale string
		conditions                                 []rules.Condition
		events, facts                              []string
	}
	want := map[string]words{
		"icpc-within-15-working-days": {
			anchor: "the last strategy discussion", metBy: "an ICPC", exception: "the Head of Service approved a later ICPC",
			timescale:  "Within 15 working days of the last strategy discussion, met by an ICPC.",
			conditions: []rules.Condition{{If: "variables.s47"}},
			events:     []string{"strategy_discussion", "icpc"}, facts: []string{"delay_approved", "s47_initiated"},
		},
		"consultation-before-second-discussion": {
			anchor: "the 2nd strategy discussion", metBy: "a consultation", exception: "count(events.consultation) > 2",
			timescale: "At least 1 working day before the 2nd strategy discussion, met by a consultation.",
			events:    []string{"strategy_discussion", "consultation"},
		},
		"first-core-group": {
			anchor: "the start of each CP plan", metBy: "a core group",
			timescale:  "Within 10 working days of the start of each CP plan, met by a core group.",
			conditions: []rules.Condition{{If: "!has(instance.end)", Otherwise: "the plan has ended"}},
			events:     []string{"icpc", "core_group", "cp_plan_end"},
		},
		"core-groups-every-28-days": {
			anchor: "when first-core-group was done", metBy: "a core group", until: "the RCPC",
			timescale: "A core group at least every 28 days, the first within 28 days of when first-core-group was done, until the RCPC.",
			events:    []string{"icpc", "core_group", "rcpc", "cp_plan_end"},
		},
		"visits-from-plan-or-discussion": {
			anchor: "the start of each CP plan or the strategy discussion", metBy: "a CP visit",
			timescale: "Within 5 working days of the start of each CP plan or the strategy discussion, met by a CP visit.",
			events:    []string{"strategy_discussion", "icpc", "cp_plan_end", "cp_visit"},
		},
		"consultation-first": {
			metBy: "the consultation came before the strategy discussion", timescale: "Holds when the consultation came before the strategy discussion.",
			events: []string{"strategy_discussion", "consultation"},
		},
		"one-plan": {
			metBy: "count(events.icpc) <= count(events.cp_plan_end) + 1", timescale: "Holds when count(events.icpc) <= count(events.cp_plan_end) + 1.",
			events: []string{"icpc", "cp_plan_end"},
		},
	}
	got := p.Rules()
	require.Len(t, got, len(want))
	for _, r := range got {
		w := want[r.ID]
		assert.Equal(t, w.anchor, r.Anchor, r.ID)
		assert.Equal(t, w.metBy, r.MetBy, r.ID)
		assert.Equal(t, w.until, r.Until, r.ID)
		assert.Equal(t, w.exception, r.Exception, r.ID)
		assert.Equal(t, w.timescale, r.Timescale(), r.ID)
		assert.Equal(t, w.conditions, r.Conditions, r.ID)
		assert.Equal(t, w.events, r.Events, r.ID)
		assert.Equal(t, w.facts, r.Facts, r.ID)
	}
	// The facts the policy reads, including one only a warning reads.
	assert.Equal(t, []string{"delay_approved", "interpreter", "s47_initiated"}, p.FactsRead())
	assert.True(t, p.Counting().Inclusive)
	assert.Equal(t, "2 working days", p.WarnBefore().String())
	attrs := p.Events()[0].Attributes
	require.Len(t, attrs, 1)
	assert.Equal(t, "it counts as a discussion that initiated none", attrs[0].Missing)

	// What a caller changes in a rule it was given is not the policy's.
	r, _ := p.Rule("icpc-within-15-working-days")
	r.Events[0] = "changed"
	again, _ := p.Rule("icpc-within-15-working-days")
	assert.Equal(t, "strategy_discussion", again.Events[0])
}
