package policies_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// multiEpisodeResult is one expected result: the rule, the instance it is
// about (0 for none), the occurrence, the status and the due date
// (YYYY-MM-DD in London, "" for none).
type multiEpisodeResult struct {
	rule   string
	inst   int
	occ    int
	status rules.Status
	due    string
}

func (r multiEpisodeResult) String() string {
	return fmt.Sprintf("%s #%d occ %d: %s, due %q", r.rule, r.inst, r.occ, r.status, r.due)
}

// The results were worked out by hand from the policy files, rules/doc.go
// and the published bank holidays, before the engine was run on the record.
//
// The record (testdata/multi-episode.yaml), as of Mon 2 Dec 2024:
//
//   - referral 1 Mon 8 Jan 2024 09:00, decided 15:00 the same day; strategy
//     discussion (s47) Wed 10 Jan 10:00 and s47_started Wed 10 Jan
//     (icpc_required: true): one enquiry, from 10 Jan; ICPC (and CPPM) Wed 31
//     Jan 10:00 with a plan; plan 1 ended Tue 30 Apr 2024 (cp_plan_end), the
//     day of its first review (rcpc and review_cppm 10:00).
//   - referral 2 Mon 2 Sep 2024 09:30, decided Wed 4 Sep; strategy discussion
//     (s47) Thu 5 Sep and s47_started Thu 5 Sep (icpc_required: false).
//   - plan 2 from a transfer-in ICPC (and CPPM) Mon 4 Nov 2024 10:00, not ended.
//
// Instances (England and the policies that extend it): referral 1 (8 Jan,
// ends at referral 2) and 2 (2 Sep); s47_enquiry 1 (10 Jan, with
// icpc_required true) and 2 (5 Sep, icpc_required false); cp_plan 1 (31 Jan
// to 30 Apr) and 2 (4 Nov, open). Initial ICPCs (not transfer-in): 31 Jan
// only.
//
// warn_before is 2 working days everywhere: due_soon when due from Mon 2 Dec
// to Wed 4 Dec 2024.
//
// A recurring rule that follows (after:) a first review met on the day the
// plan ended has no results for that plan: its first occurrence, 6 months
// on, falls after the plan's end (doc.go, "Recurring rules": "A plan that
// ended before the first occurrence was due leaves the rule with no results
// at all").

// englandMultiEpisode is England's six rules; the local policies that
// extend England keep them (Leeds, Bexley and the conference guide replace
// some with rules that count the same way), in England's order.
var englandMultiEpisode = []multiEpisodeResult{
	// referral-decision-within-1-working-day, for each referral.
	{"referral-decision-within-1-working-day", 1, 1, rules.Met, "2024-01-09"},  // 1 wd from Mon 8 Jan: Tue 9 Jan; decision Mon 8 Jan 15:00
	{"referral-decision-within-1-working-day", 2, 1, rules.Late, "2024-09-03"}, // 1 wd from Mon 2 Sep: Tue 3 Sep; decision Wed 4 Sep, late
	// assessment-within-45-working-days, for each referral (no nfa).
	{"assessment-within-45-working-days", 1, 1, rules.Met, "2024-03-11"},     // 45 wd from Mon 8 Jan: 9-12 (4), 15-19 (9), 22-26 (14), 29-2 Feb (19), 5-9 (24), 12-16 (29), 19-23 (34), 26-1 Mar (39), 4-8 (44), Mon 11 Mar (45); done Fri 1 Mar
	{"assessment-within-45-working-days", 2, 1, rules.Overdue, "2024-11-04"}, // 45 wd from Mon 2 Sep: 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30-4 Oct (24), 7-11 (29), 14-18 (34), 21-25 (39), 28-1 Nov (44), Mon 4 Nov (45); none since 2 Sep
	// icpc-within-15-working-days, for each s47 enquiry.
	{"icpc-within-15-working-days", 1, 1, rules.Met, "2024-01-31"},                 // 15 wd from Wed 10 Jan: 11-12 (2), 15-19 (7), 22-26 (12), 29-31 (15) = Wed 31 Jan; ICPC Wed 31 Jan
	{"icpc-within-15-working-days", 2, 1, rules.NotApplicable, ""},                 // icpc_required: false: no conference needed
	{"first-core-group-within-10-working-days", 1, 1, rules.Met, "2024-02-14"},     // 10 wd from Wed 31 Jan: 1-2 Feb (2), 5-9 (7), 12-14 (10) = Wed 14 Feb; core group Thu 8 Feb
	{"first-core-group-within-10-working-days", 2, 1, rules.Overdue, "2024-11-18"}, // 10 wd from Mon 4 Nov: 5-8 (4), 11-15 (9), Mon 18 Nov (10); no core group
	{"first-review-within-3-months", 1, 1, rules.Met, "2024-04-30"},                // 31 Jan + 3 months: 31 Apr does not exist, so Tue 30 Apr; RCPC Tue 30 Apr, the plan's last day
	{"first-review-within-3-months", 2, 1, rules.Pending, "2025-02-04"},            // Mon 4 Nov 2024 + 3 months = Tue 4 Feb 2025
	// review-every-6-months: plan 1 ended 30 Apr at its first review, before
	// 30 Apr + 6 months = Wed 30 Oct: one line, not due.
	{"review-every-6-months", 1, 1, rules.NotApplicable, "2024-10-30"},
	{"review-every-6-months", 2, 1, rules.NotApplicable, ""}, // waits for plan 2's first review
}

func concatMultiEpisode(parts ...[]multiEpisodeResult) []multiEpisodeResult {
	var all []multiEpisodeResult
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

var multiEpisodeExpected = []struct {
	policy   string
	results  []multiEpisodeResult
	breaches int
}{
	// England: late decision on referral 2, its assessment overdue, plan 2's
	// first core group overdue.
	{"england", englandMultiEpisode, 3},

	// Kent: England's rules, then K1-K4; the record has no consultation
	// events.
	{"kent", concatMultiEpisode(englandMultiEpisode, []multiEpisodeResult{
		{"chair-contact-within-24-hours", 0, 1, rules.NotApplicable, ""},               // no consultation allocated
		{"consultation-recorded-within-48-hours", 0, 1, rules.NotApplicable, ""},       // no consultation held
		{"consultation-before-strategy-discussion", 1, 1, rules.NotApplicable, ""},     // no consultation in referral 1's episode
		{"consultation-before-strategy-discussion", 2, 1, rules.NotApplicable, ""},     // nor in referral 2's
		{"no-consultation-request-after-icpc-decision", 1, 1, rules.NotApplicable, ""}, // no request in referral 1's episode
		{"no-consultation-request-after-icpc-decision", 2, 1, rules.NotApplicable, ""}, // nor in referral 2's
	}), 3},

	// Leeds replaces the core group and review rules with the same counting:
	// the same results as England.
	{"leeds", englandMultiEpisode, 3},

	// Bexley: England's rules (the ICPC rule replaced: enquiry 1 had its ICPC
	// held, so the plan was to progress to one, met as in England; enquiry 2
	// needed none), then B1-B10.
	{"bexley", concatMultiEpisode(englandMultiEpisode, []multiEpisodeResult{
		{"strategy-discussion-within-1-working-day", 0, 1, rules.NotApplicable, ""},           // no concerns_identified
		{"strategy-discussion-within-3-working-days", 0, 1, rules.NotApplicable, ""},          // no concerns_identified
		{"strategy-discussion-within-5-working-days", 0, 1, rules.NotApplicable, ""},          // no concerns_identified
		{"icpc-requested-on-day-of-strategy-discussion", 1, 1, rules.NotApplicable, ""},       // no ICPC requested for enquiry 1
		{"icpc-requested-on-day-of-strategy-discussion", 2, 1, rules.NotApplicable, ""},       // nor for enquiry 2
		{"icpc-date-confirmed-within-24-hours", 0, 1, rules.NotApplicable, ""},                // no ICPC request
		{"invitation-list-within-48-hours", 0, 1, rules.NotApplicable, ""},                    // no reply from CP admin
		{"icpc-not-needed-notified-within-5-working-days", 0, 1, rules.NotApplicable, ""},     // no ICPC request
		{"chair-identified-within-24-hours", 0, 1, rules.NotApplicable, ""},                   // no consultation request
		{"consultation-recorded-within-48-hours", 0, 1, rules.NotApplicable, ""},              // no consultation
		{"report-shared-48-hours-before-icpc", 1, 1, rules.Overdue, "2024-01-29"},             // 48 hours before Wed 31 Jan 10:00 = Mon 29 Jan 10:00, a working day (no roll); no report shared
		{"strategy-discussion-before-consultation", 1, 1, rules.NotApplicable, ""},            // no consultation requested in referral 1's episode
		{"strategy-discussion-before-consultation", 2, 1, rules.NotApplicable, ""},            // nor in referral 2's
		{"no-second-chair-consultation", 0, 1, rules.NotApplicable, ""},                       // no consultation
		{"service-manager-agreement-for-return-to-conference", 1, 1, rules.NotApplicable, ""}, // the only initial conference is the child's first, no previous_icpcs
	}), 4},

	// The revised process: England's rules, then R1-R3.
	{"revised-process", concatMultiEpisode(englandMultiEpisode, []multiEpisodeResult{
		{"cin-case-mapping-in-month-allocated", 0, 1, rules.NotApplicable, ""},     // no case mapping allocated
		{"consultation-before-conference-decision", 1, 1, rules.NotApplicable, ""}, // no icpc_decision in referral 1's episode
		{"consultation-before-conference-decision", 2, 1, rules.NotApplicable, ""}, // nor in referral 2's
		{"re-referral-case-mapping-before-icpc", 1, 1, rules.NotApplicable, ""},    // the 31 Jan ICPC does not follow a referral marked re_referral
	}), 3},

	// The conference guide: England's rules (core group and reviews replaced
	// with the same counting), then G1-G12. Conferences (initial, not
	// transfer-in, or review): 1 Wed 31 Jan 10:00 (ends at the next), 2 Tue 30
	// Apr 10:00 (open). Review periods: 1 from Tue 30 Apr, ended that day
	// (cp_plan_end 30 Apr). Core groups: 1 Thu 8 Feb 14:00 (open).
	{"conference-guide", concatMultiEpisode(englandMultiEpisode, []multiEpisodeResult{
		{"consultation-within-2-working-days", 0, 1, rules.NotApplicable, ""},                  // no consultation requested
		{"report-shared-before-conference", 1, 1, rules.Overdue, "2024-01-29"},                 // 2 wd before Wed 31 Jan: Tue 30 (1), Mon 29 Jan (2); no report shared; the conference ended 30 Apr, after
		{"report-shared-before-conference", 2, 1, rules.Overdue, "2024-04-26"},                 // 2 wd before Tue 30 Apr: Mon 29 (1), Fri 26 Apr (2); no report shared
		{"core-groups-every-28-days", 1, 1, rules.Overdue, "2024-03-07"},                       // 28 days from the first core group Thu 8 Feb: 29 Feb is day 21, Thu 7 Mar; none after; the first RCPC (and the plan's end) on 30 Apr came later
		{"core-groups-every-28-days", 2, 1, rules.NotApplicable, ""},                           // waits for plan 2's first core group
		{"core-group-within-28-days-of-rcpc", 1, 1, rules.NotApplicable, "2024-05-28"},         // 28 days from Tue 30 Apr = Tue 28 May; the review period ended 30 Apr, before it was due
		{"core-groups-every-28-days-after-rcpc", 1, 1, rules.NotApplicable, ""},                // waits for the core group after the RCPC
		{"cp-visit-within-2-working-days-of-icpc", 1, 1, rules.Met, "2024-02-02"},              // 2 wd from Wed 31 Jan: Thu 1 (1), Fri 2 Feb (2); visit Thu 1 Feb 16:00
		{"cp-visit-within-2-working-days-of-icpc", 2, 1, rules.Overdue, "2024-11-06"},          // 2 wd from Mon 4 Nov: Tue 5 (1), Wed 6 Nov (2); no visit
		{"cp-visits-every-10-working-days", 1, 1, rules.Overdue, "2024-02-15"},                 // 10 wd from the visit Thu 1 Feb: Fri 2 (1), 5-9 (6), 12-15 (10) = Thu 15 Feb; no visit before the plan ended 30 Apr
		{"cp-visits-every-10-working-days", 2, 1, rules.NotApplicable, ""},                     // waits for plan 2's first visit
		{"minutes-completed-within-11-working-days", 1, 1, rules.Overdue, "2024-02-15"},        // 11 wd from Wed 31 Jan: 1-2 Feb (2), 5-9 (7), 12-15 (11) = Thu 15 Feb; no minutes before the next conference 30 Apr
		{"minutes-completed-within-11-working-days", 2, 1, rules.Overdue, "2024-05-16"},        // 11 wd from Tue 30 Apr: 1-3 May (3), Mon 6 May bank holiday, 7-10 (7), 13-16 (11) = Thu 16 May
		{"minutes-shared-within-20-working-days", 1, 1, rules.Overdue, "2024-02-28"},           // 20 wd from Wed 31 Jan: 1-2 Feb (2), 5-9 (7), 12-16 (12), 19-23 (17), 26-28 (20) = Wed 28 Feb
		{"minutes-shared-within-20-working-days", 2, 1, rules.Overdue, "2024-05-30"},           // 20 wd from Tue 30 Apr: 1-3 May (3), 7-10 (7), 13-17 (12), 20-24 (17), Mon 27 May bank holiday, 28-30 (20) = Thu 30 May
		{"escalation-within-24-hours", 1, 1, rules.NotApplicable, ""},                          // no grading recorded
		{"escalation-within-24-hours", 2, 1, rules.NotApplicable, ""},                          // no grading recorded
		{"core-group-minutes-shared-within-5-working-days", 1, 1, rules.Overdue, "2024-02-15"}, // 5 wd from Thu 8 Feb: Fri 9 (1), 12-15 (5) = Thu 15 Feb; none shared
		{"cp-plan-shared-by-first-core-group", 1, 1, rules.Violated, ""},                       // plan 1's first core group Thu 8 Feb was held; no cp_plan_shared
		{"cp-plan-shared-by-first-core-group", 2, 1, rules.NotApplicable, ""},                  // plan 2 has had no core group
		{"chair-notified-within-1-working-day", 0, 1, rules.NotApplicable, ""},                 // no significant event
		{"seen-alone-during-s47", 1, 1, rules.Violated, ""},                                    // enquiry 1 led to the 31 Jan ICPC; child 8 (born 14 Jun 2015) on 10 Jan; no seen_alone event (child_seen_alone is Wales's kind)
		{"seen-alone-during-s47", 2, 1, rules.NotApplicable, ""},                               // enquiry 2 led to no initial conference (4 Nov was a transfer-in)
		{"advocate-offered-before-icpc", 1, 1, rules.Violated, ""},                             // aged 8 on 10 Jan 2024; no advocate_offered
		{"advocate-offered-before-icpc", 2, 1, rules.NotApplicable, ""},                        // no initial conference after enquiry 2
		{"midway-meeting-between-conferences", 1, 1, rules.NotApplicable, ""},                  // conference 1 is the ICPC, not a review
		{"midway-meeting-between-conferences", 2, 1, rules.Violated, ""},                       // the 30 Apr RCPC follows the 31 Jan ICPC; no midway meeting between
	}), 17},

	// Wales: its own baseline. Reports 8 Jan and 2 Sep (report_received).
	{"wales", []multiEpisodeResult{
		{"decision-within-1-working-day", 1, 1, rules.Met, "2024-01-09"},               // 1 wd from Mon 8 Jan: Tue 9 Jan; decision Mon 8 Jan 15:00
		{"decision-within-1-working-day", 2, 1, rules.Late, "2024-09-03"},              // 1 wd from Mon 2 Sep: Tue 3 Sep; decision Wed 4 Sep
		{"icpc-within-15-working-days", 1, 1, rules.Met, "2024-01-31"},                 // 15 wd from Wed 10 Jan: 11-12 (2), 15-19 (7), 22-26 (12), 29-31 (15) = Wed 31 Jan
		{"icpc-within-15-working-days", 2, 1, rules.NotApplicable, ""},                 // icpc_required: false
		{"outline-plan-within-5-working-days", 1, 1, rules.Met, "2024-02-07"},          // 5 wd from Wed 31 Jan: 1-2 Feb (2), 5-7 (5) = Wed 7 Feb; circulated Mon 5 Feb
		{"outline-plan-within-5-working-days", 2, 1, rules.Overdue, "2024-11-11"},      // 5 wd from Mon 4 Nov: 5-8 (4), Mon 11 Nov (5); none
		{"first-core-group-within-10-working-days", 1, 1, rules.Met, "2024-02-14"},     // 10 wd from Wed 31 Jan: 1-2 Feb (2), 5-9 (7), 12-14 (10); core group Thu 8 Feb
		{"first-core-group-within-10-working-days", 2, 1, rules.Overdue, "2024-11-18"}, // 10 wd from Mon 4 Nov: 5-8 (4), 11-15 (9), Mon 18 Nov (10)
		{"core-group-every-6-weeks", 1, 1, rules.Overdue, "2024-03-21"},                // 42 days from the core group Thu 8 Feb: 29 Feb is day 21, Thu 21 Mar; none before the plan ended 30 Apr
		{"core-group-every-6-weeks", 2, 1, rules.NotApplicable, ""},                    // waits for plan 2's first core group
		{"first-review-within-3-months", 1, 1, rules.Met, "2024-04-30"},                // 31 Jan + 3 months = 30 Apr (no 31 Apr); RCPC Tue 30 Apr
		{"first-review-within-3-months", 2, 1, rules.Pending, "2025-02-04"},            // 4 Nov 2024 + 3 months = Tue 4 Feb 2025
		{"review-every-6-months", 1, 1, rules.NotApplicable, "2024-10-30"},             // ended 30 Apr, before 30 Oct: not due
		{"review-every-6-months", 2, 1, rules.NotApplicable, ""},                       // plan 2 waits for its first review
		{"assessment-within-42-working-days", 1, 1, rules.Met, "2024-03-08"},           // 42 wd from Wed 10 Jan: 11-12 (2), 15-19 (7), 22-26 (12), 29-2 Feb (17), 5-9 (22), 12-16 (27), 19-23 (32), 26-1 Mar (37), 4-8 (42) = Fri 8 Mar; done Fri 1 Mar
		{"assessment-within-42-working-days", 2, 1, rules.Overdue, "2024-11-04"},       // 42 wd from Thu 5 Sep: 6 (1), 9-13 (6), 16-20 (11), 23-27 (16), 30-4 Oct (21), 7-11 (26), 14-18 (31), 21-25 (36), 28-1 Nov (41), Mon 4 Nov (42); none since 5 Sep
		{"seen-alone-every-10-working-days", 1, 1, rules.Met, "2024-02-14"},            // 10 wd from Wed 31 Jan = Wed 14 Feb; seen alone Mon 12 Feb
		{"seen-alone-every-10-working-days", 1, 2, rules.Overdue, "2024-02-26"},        // 10 wd from Mon 12 Feb: 13-16 (4), 19-23 (9), Mon 26 Feb (10); none before the plan ended 30 Apr
		{"seen-alone-every-10-working-days", 2, 1, rules.Overdue, "2024-11-18"},        // 10 wd from Mon 4 Nov = Mon 18 Nov; none
		{"seen-at-home-every-4-weeks", 1, 1, rules.Met, "2024-02-28"},                  // 28 days from Wed 31 Jan = Wed 28 Feb; seen at home Mon 12 Feb
		{"seen-at-home-every-4-weeks", 1, 2, rules.Overdue, "2024-03-11"},              // 28 days from Mon 12 Feb: 29 Feb is day 17, Mon 11 Mar; none before the plan ended 30 Apr
		{"seen-at-home-every-4-weeks", 2, 1, rules.DueSoon, "2024-12-02"},              // 28 days from Mon 4 Nov = Mon 2 Dec, the as-of date
	}, 8},

	// Northern Ireland: its own baseline, on NI's calendar (St Patrick's
	// substitute Mon 18 Mar and 12 Jul 2024 fall in no period here).
	// Investigations: strategy discussions with investigation: true, Wed 10
	// Jan and Thu 5 Sep. NI reads no icpc_required.
	{"northern-ireland", []multiEpisodeResult{
		{"investigation-within-15-working-days", 1, 1, rules.Met, "2024-01-29"},     // 15 wd from Mon 8 Jan: 9-12 (4), 15-19 (9), 22-26 (14), Mon 29 Jan (15); completed Fri 26 Jan
		{"investigation-within-15-working-days", 2, 1, rules.Overdue, "2024-09-23"}, // 15 wd from Mon 2 Sep: 3-6 (4), 9-13 (9), 16-20 (14), Mon 23 Sep (15); none since 2 Sep
		{"icpc-within-15-working-days", 1, 1, rules.Met, "2024-01-31"},              // 15 wd from Wed 10 Jan = Wed 31 Jan; ICPC Wed 31 Jan
		{"icpc-within-15-working-days", 2, 1, rules.Overdue, "2024-09-26"},          // 15 wd from Thu 5 Sep: 6 (1), 9-13 (6), 16-20 (11), 23-26 (15) = Thu 26 Sep; the 4 Nov ICPC is a transfer-in, not initial
		{"first-review-within-3-months", 1, 1, rules.Met, "2024-04-30"},             // 31 Jan + 3 months = 30 Apr; RCPC Tue 30 Apr
		{"first-review-within-3-months", 2, 1, rules.Pending, "2025-02-04"},         // 4 Nov 2024 + 3 months = Tue 4 Feb 2025
		{"review-every-6-months", 1, 1, rules.NotApplicable, "2024-10-30"},          // ended 30 Apr, before 30 Oct: not due
		{"review-every-6-months", 2, 1, rules.NotApplicable, ""},                    // plan 2 waits for its first review
		{"child-seen-every-4-weeks", 1, 1, rules.Met, "2024-02-28"},                 // 28 days from Wed 31 Jan = Wed 28 Feb; seen Tue 20 Feb
		{"child-seen-every-4-weeks", 1, 2, rules.Overdue, "2024-03-19"},             // 28 days from Tue 20 Feb: 29 Feb is day 9, Tue 19 Mar; none before the plan ended 30 Apr
		{"child-seen-every-4-weeks", 2, 1, rules.DueSoon, "2024-12-02"},             // 28 days from Mon 4 Nov = Mon 2 Dec, the as-of date
	}, 3},

	// Scotland: its own baseline, on Scotland's calendar (2 Jan, 5 Aug and 2
	// Dec 2024 fall in no period here). Concerns 8 Jan and 2 Sep;
	// investigations: IRDs Tue 9 Jan and Tue 3 Sep; CPPMs Wed 31 Jan (ends at
	// the next) and Mon 4 Nov, both quorate with a plan.
	{"scotland", []multiEpisodeResult{
		{"ird-within-1-working-day", 1, 1, rules.Met, "2024-01-09"},                         // 1 wd from Mon 8 Jan = Tue 9 Jan; IRD Tue 9 Jan
		{"ird-within-1-working-day", 2, 1, rules.Met, "2024-09-03"},                         // 1 wd from Mon 2 Sep = Tue 3 Sep; IRD Tue 3 Sep
		{"cppm-within-28-days", 1, 1, rules.Met, "2024-02-06"},                              // 28 days from Tue 9 Jan: 31 Jan is day 22, Tue 6 Feb; CPPM Wed 31 Jan
		{"cppm-within-28-days", 2, 1, rules.NotApplicable, ""},                              // the 3 Sep IRD decided a CPPM is not required
		{"pre-birth-cppm-within-28-days", 1, 1, rules.NotApplicable, ""},                    // not pre-birth
		{"pre-birth-cppm-within-28-days", 2, 1, rules.NotApplicable, ""},                    // not pre-birth
		{"cppm-notice-5-days-before", 1, 1, rules.Overdue, "2024-01-26"},                    // practice standard: 5 days before Wed 31 Jan = Fri 26 Jan; no notice
		{"cppm-notice-5-days-before", 2, 1, rules.Overdue, "2024-10-30"},                    // practice standard: 5 days before Mon 4 Nov = Wed 30 Oct; no notice
		{"inquorate-cppm-reconvened-within-10-working-days", 0, 1, rules.NotApplicable, ""}, // no inquorate CPPM
		{"cppm-record-within-10-working-days", 1, 1, rules.Met, "2024-02-14"},               // 10 wd from Wed 31 Jan: 1-2 Feb (2), 5-9 (7), 12-14 (10) = Wed 14 Feb; record Fri 9 Feb
		{"cppm-record-within-10-working-days", 2, 1, rules.Overdue, "2024-11-18"},           // 10 wd from Mon 4 Nov: 5-8 (4), 11-15 (9), Mon 18 Nov (10); none
		{"core-group-within-15-working-days", 1, 1, rules.Met, "2024-02-21"},                // 15 wd from Wed 31 Jan: 1-2 Feb (2), 5-9 (7), 12-16 (12), 19-21 (15) = Wed 21 Feb; core group Thu 8 Feb
		{"core-group-within-15-working-days", 2, 1, rules.Overdue, "2024-11-25"},            // 15 wd from Mon 4 Nov: 5-8 (4), 11-15 (9), 18-22 (14), Mon 25 Nov (15); none
		{"significant-change-to-chair-within-3-days", 0, 1, rules.NotApplicable, ""},        // no significant change
		{"review-cppm-within-6-months", 1, 1, rules.Met, "2024-07-31"},                      // 31 Jan + 6 months = Wed 31 Jul; review CPPM Tue 30 Apr
		{"review-cppm-within-6-months", 2, 1, rules.Pending, "2025-05-04"},                  // 4 Nov 2024 + 6 months = Sun 4 May 2025 (no roll)
		{"pre-birth-review-within-3-months", 1, 1, rules.NotApplicable, ""},                 // not pre-birth
		{"pre-birth-review-within-3-months", 2, 1, rules.NotApplicable, ""},                 // not pre-birth
		{"review-cppm-every-6-months", 1, 1, rules.NotApplicable, "2024-10-30"},             // ended 30 Apr, before 30 Oct: not due
		{"review-cppm-every-6-months", 2, 1, rules.NotApplicable, ""},                       // plan 2 waits for its first review
	}, 2},
}

// TestMultiEpisodeRecordUnderEveryPolicy evaluates one record with two
// episodes and two plans (testdata/multi-episode.yaml) under each shipped
// policy, as of the record's as_of, and checks every result against the
// results worked out by hand above.
func TestMultiEpisodeRecordUnderEveryPolicy(t *testing.T) {
	data, err := os.ReadFile("testdata/multi-episode.yaml")
	require.NoError(t, err)
	c, err := casefile.Read("testdata/multi-episode.yaml", data)
	require.NoError(t, err)
	require.False(t, c.AsOf.IsZero(), "the record gives no as_of")
	for _, tt := range multiEpisodeExpected {
		t.Run(tt.policy, func(t *testing.T) {
			p, err := policies.Load(tt.policy)
			require.NoError(t, err)
			rep, err := p.Evaluate(c, c.AsOf)
			require.NoError(t, err)
			var want, got []string
			for _, r := range tt.results {
				want = append(want, r.String())
			}
			for _, r := range rep.Results {
				due := ""
				if !r.Due.Time.IsZero() {
					due = r.Due.Time.In(calendar.London).Format("2006-01-02")
				}
				got = append(got, multiEpisodeResult{r.Rule, r.Instance.Number, r.Occurrence, r.Status, due}.String())
			}
			assert.Equal(t, want, got, "results of %s", tt.policy)
			assert.Equal(t, tt.breaches, rep.Breaches, "breaches of %s", tt.policy)
			if t.Failed() {
				for _, r := range rep.Results {
					t.Logf("%s #%d occ %d: %s", r.Rule, r.Instance.Number, r.Occurrence, r.Explanation)
				}
			}
		})
	}
}
