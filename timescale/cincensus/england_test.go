package cincensus_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/policies"
)

// A1 of episodes.xml through the shipped England policy, as of the census's
// ReferenceDate, Sun 31 Mar 2024. Worked by hand (England and Wales bank
// holidays: Good Friday 7 Apr, Easter Monday 10 Apr, 1 May, the coronation
// 8 May and 29 May 2023):
//
//   - referral decisions and core groups are not in the census: one
//     not_recorded result each, never overdue;
//   - referral 1 (Mon 3 Apr 2023): 45 working days (4-6 Apr 1-3, 11-28 Apr
//     4-17, 2-5 May 18-21, 9-26 May 22-35, 30 May-2 Jun 36-39, 5-9 Jun
//     40-44, 12 Jun 45) is Mon 12 Jun 2023; assessment authorised Tue 2 May
//     2023: met. Referral 2 (Mon 2 Oct 2023): 45 working days (3-6 Oct 1-4,
//     9 Oct-3 Nov 5-24, 6 Nov-1 Dec 25-44, 4 Dec 45) is Mon 4 Dec 2023, with
//     no assessment in the episode: overdue;
//   - enquiry 1 (Wed 5 Apr 2023) found no conference needed: not
//     applicable. Enquiry 2 (Mon 15 May 2023): 16-19 May 1-4, 22-26 May
//     5-9, 30 May-2 Jun 10-13 (29 May a bank holiday), 5-6 Jun 14-15: due
//     Tue 6 Jun 2023, ICPC Thu 1 Jun: met. Enquiry 3 (Wed 4 Oct 2023): 5-6
//     Oct 1-2, 9-13 Oct 3-7, 16-20 Oct 8-12, 23-25 Oct 13-15: due Wed 25 Oct,
//     ICPC Tue 24 Oct: met;
//   - plan 1 (Thu 1 Jun 2023) ended Thu 29 Jun, before its first review was
//     due (Fri 1 Sep 2023): not applicable. Plan 2 (Tue 24 Oct 2023): first
//     review due Wed 24 Jan 2024, held Tue 16 Jan: met; the next due Tue 16
//     Jul 2024, held Tue 12 Mar 2024: met; the one after due Thu 12 Sep
//     2024: pending.
func TestEnglandOnACensusChild(t *testing.T) {
	_, children := readAll(t, "episodes.xml")
	p, err := policies.Load("england")
	require.NoError(t, err)
	c := children[0].Case
	rep, err := p.Evaluate(c, c.AsOf)
	require.NoError(t, err)
	var got []string
	for _, r := range rep.Results {
		due := ""
		if !r.Due.Time.IsZero() {
			due = " " + r.Due.Time.Format(time.DateOnly)
		}
		got = append(got, fmt.Sprintf("%s %s#%d %s%s", r.Rule, r.Instance.Kind, r.Instance.Number, r.Status, due))
	}
	assert.Equal(t, []string{
		"referral-decision-within-1-working-day #0 not_recorded",
		"assessment-within-45-working-days referral#1 met 2023-06-12",
		"assessment-within-45-working-days referral#2 overdue 2023-12-04",
		"icpc-within-15-working-days s47_enquiry#1 not_applicable",
		"icpc-within-15-working-days s47_enquiry#2 met 2023-06-06",
		"icpc-within-15-working-days s47_enquiry#3 met 2023-10-25",
		"first-core-group-within-10-working-days #0 not_recorded",
		"first-review-within-3-months cp_plan#1 not_applicable 2023-09-01",
		"first-review-within-3-months cp_plan#2 met 2024-01-24",
		"review-every-6-months cp_plan#1 not_applicable",
		"review-every-6-months cp_plan#2 met 2024-07-16",
		"review-every-6-months cp_plan#2 pending 2024-09-12",
	}, got)
	assert.Equal(t, 1, rep.Breaches)
}
