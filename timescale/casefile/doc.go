// Package casefile reads case files: one child's case, written in YAML or
// JSON (Read), and caseloads of JSON Lines, one case a line (ReadLines).
// Every problem in a file is reported at once, each as an Error naming the
// file, line, column and field: "case.yaml:7:25: events[2].at: ...".
//
// A case file looks like this:
//
//	case: C-1042
//	as_of: 2024-05-01
//	child: {date_of_birth: 2017-05-03}
//	facts: {urgency: complex}
//	events:
//	  - {kind: strategy_discussion, at: 2024-03-04T10:00:00Z, s47: true}
//	  - {kind: icpc, at: 2024-03-22, plan: true}
//
// A top-level key other than case, as_of, child, facts and events, such as
// one a case management export adds ("source_system"), is not read: it is
// a warning in the case's Warnings, with its place, not an error. A near
// miss of one of them ("evnets") is still an error, with a "did you mean".
//
// A line of JSON Lines is read by a strict JSON decoder that builds the
// case in one pass, about twenty times faster than Read; a line it is not
// sure of (one with anything wrong with it) is read by Read, so that every
// problem is reported as Read reports it, with its column.
//
// A case file is at most MaxFileSize (64 MiB) and a line of JSON Lines at
// most MaxLineSize (16 MiB); WithMaxFileSize and WithMaxLineSize change
// them, and ReadFrom reads a stream no further than that.
//
// The package reads the format only; what the events mean is for the
// policy that evaluates the case (package rules).
package casefile
