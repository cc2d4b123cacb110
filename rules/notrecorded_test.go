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
