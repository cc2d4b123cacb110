// Package dfe works out the Department for Education's own measures of
// child protection timeliness from a caseload's records, so a council can
// set its figures beside the DfE's published ones and beside Working
// Together's.
//
// ICPCTimeliness is the measure of table C4 of the DfE's "Characteristics
// of children in need" statistics: for each s47 enquiry that led to an
// initial child protection conference on or after its start, the working
// days from the enquiry's start (the census's S47ActualStartDate) to the
// conference (its DateOfInitialCPC), in the bands 0 to 10, 11 to 15, 16 to
// 20 and 21 or more. A conference within 15 working days is on time by
// Working Together's timescale.
//
// How it counts:
//
//   - The working days from start to conference are those after the start's
//     date up to and including the conference's date, on the England and
//     Wales bank-holiday calendar (calendar.Calendar.WorkingDaysBetween): a
//     conference the day after a Friday start counts 1 on the Monday, and
//     one on the day the enquiry started counts 0. A conference on the 15th
//     working day counts 15, inside the 11 to 15 band.
//   - Each enquiry is counted on its own: a child with three enquiries in
//     the year counts three times, as the DfE counts them.
//   - An enquiry is left out when it has no conference (none needed, or
//     none yet), when its conference is dated before its start (an error
//     in the record), or when a date is outside the calendar (1990 to
//     2100). ICPCTimeliness.Result says how many were left out for each
//     reason.
//   - By default every enquiry of the records is counted, whatever its
//     year. Within limits it to conferences from one date to another, both
//     included: the DfE's tables count the conferences of one collection
//     year, 1 April to the census's ReferenceDate (31 March).
//   - The 25th percentile, median and 75th percentile are by nearest rank:
//     with the N day counts sorted from least to most, the p-th percentile
//     is the count at rank ceil(p/100 x N), counting from 1. For 25
//     enquiries the 25th percentile is the 7th, the median the 13th and the
//     75th percentile the 19th. Nearest rank always gives a count some
//     enquiry had, never an average of two.
//
// It also checks each enquiry's recorded target (the census's
// InitialCPCtarget, which the authority's own system works out and nothing
// checks): every enquiry whose target is not the date 15 working days
// after its start, or that has no target though a conference was not
// found unnecessary, is listed with the right date. Targets are checked for
// every enquiry, whatever Within says.
//
// The measure reads s47_started events with their icpc_date and
// icpc_target attributes, as timescale/cincensus maps the census. Its
// memory does not grow with the number of enquiries (a count for each
// number of working days), except for the list of wrong targets.
package dfe
