package rules_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

// A record from a source that cannot hold core groups (a CIN census) gets
// not_recorded for the rule a core group meets, never overdue; the rules
// its source does hold are judged as before.
func TestNotRecorded(t *testing.T) {
	p := compile(t, conferencesPolicy)
	c := &timescale.Case{
		ID:          "census-1",
		Source:      "the CIN census",
		SourceKinds: []string{"icpc", "rcpc", "cp_plan_end", "minutes_sent"},
		Events: []timescale.Event{
			ev("icpc", "2024-03-04"),
			ev("rcpc", "2024-05-30"),
		},
	}
	rep, err := p.Evaluate(c, at("2024-09-02"))
	require.NoError(t, err)

	cg := byRule(rep, "core-group-within-28-days-of-review")
	require.Len(t, cg, 1, "one not_recorded result, not one per review")
	assert.Equal(t, rules.NotRecorded, cg[0].Status)
	assert.False(t, cg[0].Status.IsBreach())
	assert.Equal(t, "Not recorded: the CIN census does not hold core group events, so this cannot be judged from it.", cg[0].Explanation)
	assert.Equal(t, 2, rep.Breaches, "the two overdue minutes, not the core group")

	// Minutes are in its source kinds, so they are still judged (and
	// overdue: none are recorded).
	minutes := byRule(rep, "minutes-within-10-working-days")
	require.Len(t, minutes, 2)
	assert.Equal(t, rules.Overdue, minutes[0].Status)

	// The same record from a case file (no SourceKinds) is judged: 14
	// weeks with no core group after the review of 30 May is overdue.
	c.SourceKinds, c.Source = nil, ""
	rep, err = p.Evaluate(c, at("2024-09-02"))
	require.NoError(t, err)
	cg = byRule(rep, "core-group-within-28-days-of-review")
	require.Len(t, cg, 1)
	assert.Equal(t, rules.Overdue, cg[0].Status)
	assert.Equal(t, "2024-06-27", cg[0].Due.Time.Format(time.DateOnly))
}

func byRule(rep *rules.Report, id string) []rules.Result {
	var out []rules.Result
	for _, r := range rep.Results {
		if r.Rule == id {
			out = append(out, r)
		}
	}
	return out
}

// A check rule, and a rule whose start and done are read through
// variables, are judged by the kinds they read as well.
func TestNotRecordedChecksAndVariables(t *testing.T) {
	p := compile(t, `policy: checks
title: Checks
calendar: {region: england-and-wales}
events:
  icpc: An initial conference.
  core_group: A core group.
  plan_shared: The plan shared with the family.
variables:
  conferences: events.icpc
  groups: events.core_group
instances:
  plan:
    description: Each plan.
    start: variables.conferences
rules:
  - id: shared-by-first-core-group
    title: Plan shared by the first core group
    source: Local guidance
    for_each: plan
    when:
      - if: count(within.core_group) > 0
        otherwise: no core group yet
    check: within.plan_shared.exists(e, e.at <= first(within.core_group))
    holds: shared
  - id: core-group-within-10-working-days
    title: Core group within 10 working days
    source: Local guidance
    for_each: plan
    within: 10 working days
    done: variables.groups
`)
	c := &timescale.Case{ID: "c", Source: "the census", SourceKinds: []string{"icpc"},
		Events: []timescale.Event{ev("icpc", "2024-03-04")}}
	rep, err := p.Evaluate(c, at("2024-06-03"))
	require.NoError(t, err)
	for _, id := range []string{"shared-by-first-core-group", "core-group-within-10-working-days"} {
		res := byRule(rep, id)
		require.Len(t, res, 1, id)
		assert.Equal(t, rules.NotRecorded, res[0].Status, id)
	}
	// With core groups in the source, both are judged: the core group
	// (due Mon 18 Mar 2024) is overdue, the check waits for one.
	c.SourceKinds = []string{"icpc", "core_group", "plan_shared"}
	rep, err = p.Evaluate(c, at("2024-06-03"))
	require.NoError(t, err)
	assert.Equal(t, rules.NotApplicable, byRule(rep, "shared-by-first-core-group")[0].Status)
	cg := byRule(rep, "core-group-within-10-working-days")[0]
	assert.Equal(t, rules.Overdue, cg.Status)
	assert.Equal(t, "2024-03-18", cg.Due.Time.Format(time.DateOnly))
}

// FormatInstant writes a date as YYYY-MM-DD, whatever the zone the instant
// is given in, and an instant with its time in London.
func TestFormatInstant(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Time{}, ""},
		{time.Date(2024, 3, 4, 0, 0, 0, 0, london), "2024-03-04"},
		{time.Date(1990, 1, 1, 0, 0, 0, 0, london), "1990-01-01"},
		{time.Date(2100, 12, 31, 0, 0, 0, 0, london), "2100-12-31"},
		// Midnight in London in summer is 23:00 UTC the day before.
		{time.Date(2024, 6, 30, 23, 0, 0, 0, time.UTC), "2024-07-01"},
		{time.Date(2024, 6, 30, 9, 30, 0, 0, time.UTC), "2024-06-30T10:30:00+01:00"},
		{time.Date(2024, 1, 5, 0, 0, 0, 1, london), "2024-01-05T00:00:00Z"},
		{time.Date(999, 1, 5, 0, 0, 0, 0, london), "0999-01-05"},
	} {
		assert.Equal(t, tc.want, rules.FormatInstant(tc.in), tc.in.String())
	}
}

// A variable compiled before the instance kinds may read one: what the
// kind reads counts for the rules that read the variable, in Rule.Events
// and for not_recorded.
func TestVariableReadingAnInstanceKind(t *testing.T) {
	p := compile(t, `policy: through-instances
title: Through instances
calendar: {region: england-and-wales}
events:
  icpc: An initial conference.
  cp_plan_end: The end of a plan.
variables:
  plans: count(instances.plan)
instances:
  plan:
    description: Each plan.
    start: events.icpc
    end: events.cp_plan_end
rules:
  - id: some-plan
    title: Some plan
    source: Local guidance
    check: variables.plans > 0
    holds: there is a plan
`)
	r, ok := p.Rule("some-plan")
	require.True(t, ok)
	assert.Equal(t, []string{"icpc", "cp_plan_end"}, r.Events)

	c := &timescale.Case{ID: "c", Source: "the census", SourceKinds: []string{"rcpc"}, Events: []timescale.Event{ev("icpc", "2024-03-04")}}
	rep, err := p.Evaluate(c, at("2024-06-03"))
	require.NoError(t, err)
	assert.Equal(t, rules.NotRecorded, rep.Results[0].Status)
	c.SourceKinds = []string{"icpc"}
	rep, err = p.Evaluate(c, at("2024-06-03"))
	require.NoError(t, err)
	assert.Equal(t, rules.Met, rep.Results[0].Status)
}
