// Package cincensus reads the Department for Education's Children in Need
// census, the XML file every English local authority returns each year, as
// one timescale.Case per child, on the shared vocabulary the shipped
// policies read.
//
// A census file is a Message with a Header (the collection's Year and
// ReferenceDate) and Children, each Child with its ChildIdentifiers and one
// CINdetails per referral episode. Each episode becomes events:
//
//	CINreferralDate, ReferralNFA           referral (nfa)
//	AssessmentAuthorisationDate            assessment_completed
//	Section47/S47ActualStartDate           s47_started (icpc_required from ICPCnotRequired,
//	                                       icpc_target from InitialCPCtarget,
//	                                       icpc_date from its DateOfInitialCPC)
//	Section47/DateOfInitialCPC             icpc (plan: true when a plan of the episode
//	                                       starts that day, else false)
//	CINdetails/DateOfInitialCPC            icpc with transfer_in: true (an initial
//	                                       conference with no s47 in the episode)
//	CPPstartDate, CPPendDate               cp_plan_start, cp_plan_end
//	Reviews/CPPreviewDate (each)           rcpc
//
// The case's id is the child's LAchildID, its as-of date the census's
// ReferenceDate, and the child's date of birth its PersonBirthDate (or
// nothing, for an unborn child, whose ExpectedPersonBirthDate is kept as the
// attribute expected_birth_date). The census holds no strategy discussions,
// referral decisions, core groups or visits: each case says so
// (timescale.Case.SourceKinds), so a rule met by them is reported
// not_recorded rather than overdue.
//
// The file is read as a stream, one child at a time, in constant memory
// whatever its size. Children of an element may come in any order, and
// elements the package does not know are ignored. A child that cannot be
// read (a malformed date, a missing LAchildID) is reported with the file,
// line, child and element, and the others go on; what is odd but readable
// (dates out of order, reviews wrapped in CPPreviews, the header's Year
// not matching its ReferenceDate) is reported as a warning.
package cincensus
