package ssd_test

// This file: the shipped policies evaluate a child read from the full
// fixture; what the SSD cannot hold (core groups, referral decisions) is
// not recorded, never overdue.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/ssd"
)

// fullP1 reads child P1 of testdata/full.
func fullP1(t *testing.T) *timescale.Case {
	t.Helper()
	r, err := ssd.Open("testdata/full")
	require.NoError(t, err)
	for c := range r.Children() {
		if c.ID == "P1" {
			require.NoError(t, c.Err)
			return c.Case
		}
	}
	t.Fatal("no P1")
	return nil
}

// line writes a result as "rule #instance occ N: status, due YYYY-MM-DD".
func line(r rules.Result) string {
	due := ""
	if !r.Due.Time.IsZero() {
		due = r.Due.Time.In(calendar.London).Format(time.DateOnly)
	}
	return fmt.Sprintf("%s #%d occ %d: %s, due %q", r.Rule, r.Instance.Number, r.Occurrence, r.Status, due)
}

func asOf() time.Time { return time.Date(2024, time.December, 2, 0, 0, 0, 0, calendar.London) }

// P1, as of Mon 2 Dec 2024, under England. Worked out by hand from
// policies/england.yaml and the fixture (no bank holiday falls in any
// period counted here):
//
//   - referrals: Mon 8 Jan 09:00 (R1) and Mon 2 Sep 09:30 (R2);
//   - enquiries: Wed 10 Jan (S1, icpc_required true) and Thu 5 Sep (S2,
//     icpc_required false);
//   - plans: from the ICPC Wed 31 Jan 10:00 with the cp_plan_start that day
//     (one plan) to Tue 30 Apr; and from the transfer-in ICPC Mon 4 Nov
//     10:00 with the cp_plan_start that day, open.
//
// The ICPC rule is checked on its own, below.
func TestEnglandEvaluatesAnSSDChild(t *testing.T) {
	rep := evaluate(t, "england")
	var got []string
	for _, r := range rep.Results {
		if r.Rule != "icpc-within-15-working-days" {
			got = append(got, line(r))
		}
	}
	assert.Equal(t, []string{
		// The SSD holds no referral decisions: not recorded, one result.
		`referral-decision-within-1-working-day #0 occ 1: not_recorded, due ""`,
		// 45 wd from Mon 8 Jan: 9-12 (4), 15-19 (9), 22-26 (14), 29-2 Feb
		// (19), 5-9 (24), 12-16 (29), 19-23 (34), 26-1 Mar (39), 4-8 (44),
		// Mon 11 Mar (45); authorised Tue 20 Feb.
		`assessment-within-45-working-days #1 occ 1: met, due "2024-03-11"`,
		// 45 wd from Mon 2 Sep: 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19),
		// 30-4 Oct (24), 7-11 (29), 14-18 (34), 21-25 (39), 28-1 Nov (44),
		// Mon 4 Nov (45); A2 is not authorised.
		`assessment-within-45-working-days #2 occ 1: overdue, due "2024-11-04"`,
		// The SSD holds no core groups: not recorded, never overdue.
		`first-core-group-within-10-working-days #0 occ 1: not_recorded, due ""`,
		// 31 Jan + 3 months: no 31 Apr, so Tue 30 Apr; the RCPC 30 Apr 10:00.
		`first-review-within-3-months #1 occ 1: met, due "2024-04-30"`,
		// Mon 4 Nov 2024 + 3 months = Tue 4 Feb 2025 (RV2 is due then, not held).
		`first-review-within-3-months #2 occ 1: pending, due "2025-02-04"`,
		// Plan 1 ended at its first review, before 30 Apr + 6 months.
		`review-every-6-months #1 occ 1: not_applicable, due "2024-10-30"`,
		// Plan 2 waits for its first review.
		`review-every-6-months #2 occ 1: not_applicable, due ""`,
	}, got)
	assert.Equal(t, 1, rep.Breaches, "the assessment of R2 only")
	for _, r := range rep.Results {
		if r.Rule == "first-core-group-within-10-working-days" {
			assert.Equal(t, "Not recorded: the Standard Safeguarding Dataset does not hold core group events, so this cannot be judged from it.", r.Explanation)
		}
	}
	// England reads no visits.
	assert.Equal(t, []string{
		`event kind "cp_visit" (line 2) is not one this policy reads; it was not counted`,
		`event kind "cp_visit" (line 3) is not one this policy reads; it was not counted`,
		`event kind "cp_visit" (line 4) is not one this policy reads; it was not counted`,
	}, rep.Warnings)
}

// England's ICPC rule on P1: each enquiry from its s47_started, which the
// SSD holds. 15 wd from Wed 10 Jan: 11-12 (2), 15-19 (7), 22-26 (12),
// 29-31 (15) = Wed 31 Jan, the ICPC's day (and the SSD's target date); the
// second enquiry's outcome, CP_CONFERENCE_FLAG N, needs no conference.
// The rule reads s47_started and icpc through variables: and its
// instances' start, which the SSD holds, so it is judged, not reported
// not_recorded.
func TestEnglandICPCRuleOnAnSSDChild(t *testing.T) {
	rep := evaluate(t, "england")
	var got []string
	for _, r := range rep.Results {
		if r.Rule == "icpc-within-15-working-days" {
			got = append(got, line(r))
		}
	}
	assert.Equal(t, []string{
		`icpc-within-15-working-days #1 occ 1: met, due "2024-01-31"`,
		`icpc-within-15-working-days #2 occ 1: not_applicable, due ""`,
	}, got)
}

func evaluate(t *testing.T, policy string) *rules.Report {
	t.Helper()
	p, err := policies.Load(policy)
	require.NoError(t, err)
	rep, err := p.Evaluate(fullP1(t), asOf())
	require.NoError(t, err)
	return rep
}

// The conference guide reads visits, which the SSD holds: they are judged;
// its rules met by core groups are not recorded.
func TestConferenceGuideJudgesSSDVisits(t *testing.T) {
	rep := evaluate(t, "conference-guide")
	var visits, coreGroups []string
	for _, r := range rep.Results {
		switch {
		case strings.HasPrefix(r.Rule, "cp-visit"):
			visits = append(visits, line(r))
		case strings.Contains(r.Rule, "core-group"):
			coreGroups = append(coreGroups, line(r))
			assert.False(t, r.IsBreach(), line(r))
		}
	}
	assert.Equal(t, []string{
		`first-core-group-within-10-working-days #0 occ 1: not_recorded, due ""`,
		`core-groups-every-28-days #0 occ 1: not_recorded, due ""`,
		`core-group-within-28-days-of-rcpc #0 occ 1: not_recorded, due ""`,
		`core-groups-every-28-days-after-rcpc #0 occ 1: not_recorded, due ""`,
		`core-group-minutes-shared-within-5-working-days #0 occ 1: not_recorded, due ""`,
		// A check rule that reads core groups and the sharing of the plan,
		// neither of which the SSD holds.
		`cp-plan-shared-by-first-core-group #0 occ 1: not_recorded, due ""`,
	}, coreGroups)
	assert.Equal(t, []string{
		// 2 wd from Wed 31 Jan: Thu 1 (1), Fri 2 Feb (2); V1 Thu 1 Feb 16:00.
		`cp-visit-within-2-working-days-of-icpc #1 occ 1: met, due "2024-02-02"`,
		// 2 wd from Mon 4 Nov: Tue 5 (1), Wed 6 Nov (2); V3 Wed 6 Nov 09:00.
		`cp-visit-within-2-working-days-of-icpc #2 occ 1: met, due "2024-11-06"`,
		// 10 wd from V1 Thu 1 Feb: Fri 2 (1), 5-9 (6), 12-15 (10) = Thu 15
		// Feb; V2 Wed 14 Feb.
		`cp-visits-every-10-working-days #1 occ 1: met, due "2024-02-15"`,
		// 10 wd from V2 Wed 14 Feb: 15-16 (2), 19-23 (7), 26-28 (10) = Wed
		// 28 Feb; no visit before the plan ended 30 Apr.
		`cp-visits-every-10-working-days #1 occ 2: overdue, due "2024-02-28"`,
		// 10 wd from V3 Wed 6 Nov: 7-8 (2), 11-15 (7), 18-20 (10) = Wed 20
		// Nov; none since.
		`cp-visits-every-10-working-days #2 occ 1: overdue, due "2024-11-20"`,
	}, visits)
}
