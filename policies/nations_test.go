package policies_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// TestSameCaseInEachNation evaluates one case under England's and each
// nation's policy: a strategy discussion (in Scotland, an inter-agency
// referral discussion deciding to investigate) on Monday 4 March 2024, as of
// Thursday 7 March. The initial conference falls due on different dates, for
// reasons each explanation gives:
//
//   - England and Wales: 15 working days: 5-8 Mar (4), 11-15 (9), 18-22 (14),
//     25 (15): Mon 25 Mar 2024.
//   - Northern Ireland: 15 working days, but Sunday 17 March's St Patrick's
//     Day is a holiday on Monday 18: Tue 26 Mar 2024.
//   - Scotland: a child protection planning meeting within 28 calendar days:
//     Mon 1 Apr 2024 (Easter Monday is no bank holiday there, and calendar
//     days do not skip holidays anyway).
func TestSameCaseInEachNation(t *testing.T) {
	c, err := casefile.Read("nations.yaml", []byte(`
case: UK-1
events:
  - {kind: strategy_discussion, at: 2024-03-04T14:00:00Z, s47: true, investigation: true}
  - {kind: ird, at: 2024-03-04T14:00:00Z, investigation: true}
`))
	require.NoError(t, err)
	asOf := at("2024-03-07")
	tests := []struct {
		policy, rule, due, why string
	}{
		{"england", "icpc-within-15-working-days", "2024-03-25",
			"15 working days from Mon 4 Mar 2024 (strategy discussion) is Mon 25 Mar 2024."},
		{"wales", "icpc-within-15-working-days", "2024-03-25",
			"15 working days from Mon 4 Mar 2024 (strategy discussion) is Mon 25 Mar 2024."},
		{"northern-ireland", "icpc-within-15-working-days", "2024-03-26",
			"15 working days from Mon 4 Mar 2024 (strategy discussion), skipping St Patrick’s Day (substitute day) 18 Mar, is Tue 26 Mar 2024."},
		{"scotland", "cppm-within-28-days", "2024-04-01",
			"28 days from Mon 4 Mar 2024 (IRD) is Mon 1 Apr 2024."},
	}
	for _, tt := range tests {
		t.Run(tt.policy, func(t *testing.T) {
			p, err := policies.Load(tt.policy)
			require.NoError(t, err)
			rep, err := p.Evaluate(c, asOf)
			require.NoError(t, err)
			found := false
			for _, r := range rep.Results {
				if r.Rule != tt.rule {
					continue
				}
				found = true
				assert.Equal(t, tt.due, r.Due.Time.Format("2006-01-02"))
				assert.Contains(t, r.Explanation, tt.why)
				assert.Equal(t, 1, r.Instance.Number, "the one enquiry")
			}
			assert.True(t, found, "no result for %s", tt.rule)
		})
	}
}
