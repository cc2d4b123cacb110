// Package ssd reads an export of the Standard Safeguarding Dataset (the
// SSD, data-to-insight's ssd-data-model: one table a CSV file, in one
// directory) as one timescale.Case per child, on the shared vocabulary the
// shipped policies read.
//
// # Tables and columns
//
// Each table is a file named for it, ssd_person.csv and so on, whose first
// row names its columns. Columns may come in any order, names in any case;
// columns not listed here are ignored. Only ssd_person is required: a table
// that is not there is a warning, and the cases do not claim to hold its
// events (below). The rows of each table are joined to the child by the
// person id, except reviews and visits, which the SSD joins to their plan:
// they are joined to the child whose plan they name, or, when the plan is
// not in ssd_cp_plans, by their own person id, which later versions of the
// SSD add (cppr_person_id, cppv_person_id).
//
//	table / column                      what it becomes
//
//	ssd_person
//	  pers_person_id                    the case's id (required, one row a child)
//	  pers_dob                          the child's date of birth
//	  pers_expected_dob                 child attribute expected_birth_date (an unborn child)
//	  pers_death_date                   child attribute death_date
//	  pers_sex                          child attribute sex, as written (F, M, U)
//	ssd_cin_episodes (cine_person_id)
//	  cine_referral_date                a referral
//	  cine_referral_nfa                 its nfa: closed with no further action
//	ssd_cin_assessments (cina_person_id)
//	  cina_assessment_auth_date         an assessment_completed (none while not authorised)
//	ssd_s47_enquiry (s47e_person_id)
//	  s47e_s47_start_date               an s47_started: the strategy discussion that began it
//	  s47e_s47_outcome_json             its icpc_required, from the outcome's CP_CONFERENCE_FLAG
//	  s47e_s47_nfa                      icpc_required false, when the outcome gives no
//	                                    CP_CONFERENCE_FLAG and the enquiry ended in no
//	                                    further action
//	  (from its conference, below)      its icpc_target and icpc_date
//	ssd_initial_cp_conference (icpc_person_id)
//	  icpc_icpc_date                    an icpc (none while only booked)
//	  icpc_icpc_outcome_cp_flag         its plan: whether it made a child protection plan
//	  icpc_icpc_transfer_in             its transfer_in: a transfer-in conference
//	  icpc_s47_enquiry_id               the enquiry it was for, which takes
//	  icpc_icpc_target_date               its icpc_target (a date)
//	                                      and its date as icpc_date (a date)
//	ssd_cp_plans (cppl_person_id)
//	  cppl_cp_plan_start_date           a cp_plan_start
//	  cppl_cp_plan_end_date             a cp_plan_end (none while the plan is open)
//	ssd_cp_reviews (cppr_cp_plan_id)
//	  cppr_cp_review_date               an rcpc (a review only due, cppr_cp_review_due
//	                                    with no date, is none)
//	ssd_cp_visits (cppv_cp_plan_id)
//	  cppv_cp_visit_date                a cp_visit
//	  cppv_cp_visit_seen_alone          its seen_alone
//
// An enquiry with more than one initial conference takes its icpc_target and
// icpc_date from the earliest held, and says so in a warning. Each event's
// Line is the line of its row in its table's file: each kind comes from
// one table.
//
// The names are those of the SSD's specification (data-to-insight's
// ssd-data-model, data/objects). Its versions differ in two ways that
// matter here: later ones give reviews and visits a person id beside their
// plan id (cppr_person_id, cppv_person_id), which is read when the plan is
// not in ssd_cp_plans; and a review's outcome is
// cppr_cp_review_outcome_continue_cp in later versions,
// cppr_cp_review_outcome in earlier ones (neither is read).
//
// Columns of these tables that the shipped policies have no word for are
// not read: the dates an episode closed, an assessment started and an
// enquiry ended; a review's due date (a policy works out its own), its
// outcome (cppr_cp_review_outcome_continue_cp, cppr_cp_review_outcome in
// older versions) and whether it was quorate (cppr_cp_review_quorate); and
// whether the child was seen on a visit (cppv_cp_visit_seen), beyond seen
// alone. No shipped policy declares quorate on rcpc, or seen on cp_visit, so
// each would only be warned of as an attribute it does not read.
//
// The SSD has no strategy discussions, referral decisions or core groups.
// Each case says what its source can hold (timescale.Case.Source, "the
// Standard Safeguarding Dataset", and SourceKinds: referral,
// assessment_completed, s47_started, icpc, cp_plan_start, cp_plan_end, rcpc
// and cp_visit, less the kinds of any table or date column the export does
// not have), so a rule met only by what is not there is reported
// not_recorded, never overdue.
//
// # Values
//
// A date is written 2024-03-04; a date and time 2024-03-04 10:30,
// 2024-03-04 10:30:00.000 or 2024-03-04T10:30:00, a clock time in London
// (GMT or BST as the date requires). A date and time at exactly midnight,
// as SQL Server writes a datetime column holding a date, is that date
// (timescale.Event.DateOnly). A yes-or-no flag is Y or N, Yes or No, true
// or false, or 1 or 0, in any case. An empty cell, or NULL, is no value.
// Spaces around a value are ignored. A file may begin with a byte order
// mark, end its lines with CRLF, and quote any cell ("Multiple: Neglect,
// Emotional abuse"), doubling the quotes inside it, as the outcome JSON
// needs: "{""CP_CONFERENCE_FLAG"": ""Y""}".
//
// # Problems
//
// A child whose rows cannot be read (a date that is not one, a flag that is
// neither yes nor no, a row with more or fewer cells than its header, a
// second ssd_person row with the same id) is reported, with every problem
// naming the file, line, child and column:
//
//	export/ssd_cin_episodes.csv:7: child P1: cine_referral_date: cannot read "31/01/2024" as a date ...
//
// and the other children are read as usual. What is odd but readable (a
// referral row with no date, an enquiry with two conferences) is a warning
// on the child. What is about the tables as a whole (a table not there, a
// column missing, a row naming a child not in ssd_person, which is not
// counted) is one of the Reader's warnings.
//
// # Memory
//
// Open reads every table at once and holds its rows in memory grouped by
// child, keeping only the columns above; Children then makes each case as
// it is asked for. Memory grows with the number of rows in the export, not
// the width of its tables.
package ssd

// This file: the package's documentation.
