package timescale

// This file: the case model: a child, its facts and its events.

import (
	"sort"
	"time"
)

// Case is one child's case: the facts a policy's conditions read and the
// events whose dates its timescales count from and are met by.
type Case struct {
	// ID is the case's identifier in the case management system.
	ID string
	// AsOf is the date the case file asks to be evaluated as of (as_of:),
	// midnight in London; zero when it does not say. A caller's own as-of
	// date takes precedence.
	AsOf time.Time
	// Child describes the child.
	Child Child
	// Facts are named values about the case (s47_initiated: true,
	// urgency: complex), read by a policy as facts.name. Values are bool,
	// int64, float64, string, time.Time, []any or map[string]any.
	Facts map[string]any
	// Events are the things that happened (or are booked), in any order.
	Events []Event
	// Source names where the record came from, for explanations ("the CIN
	// census"); "" for a case file.
	Source string
	// SourceKinds, when not nil, are the only event kinds the record's
	// source can hold (a CIN census holds no core groups or visits): a rule
	// that reads only other kinds is reported not recorded, never judged.
	SourceKinds []string
	// Line is, for a case of a caseload (a JSON Lines stream, one case a
	// line), its line of the stream, for messages about it; 0 otherwise.
	Line int
	// Warnings are what reading the record found odd without refusing it
	// (a key of the case a case management export adds, not read), each
	// naming its place (file:line:column: field: message). A report starts
	// its own warnings with them.
	Warnings []string
}

// Child describes the child a case is about.
type Child struct {
	// DateOfBirth is midnight in London on the child's date of birth; zero
	// when not known (an unborn child).
	DateOfBirth time.Time
	// Attributes are any other values given for the child, by name.
	Attributes map[string]any
}

// Event is something that happened on a case: a strategy discussion, a
// conference, a visit.
type Event struct {
	// Kind names what happened, in snake_case: strategy_discussion, icpc.
	Kind string
	// At is when it happened. A date given without a time is midnight in
	// London on that date, with DateOnly set.
	At time.Time
	// DateOnly is set when the case gave only a date.
	DateOnly bool
	// Attributes are the event's other values by name (outcome: plan_ended).
	Attributes map[string]any
	// Line is the line of the event in the case file it was read from, or 0.
	Line int
}

// EventsOf returns the events of kind k in time order (events at the same
// instant keep their order in the case).
func (c *Case) EventsOf(k string) []Event {
	var out []Event
	for _, e := range c.Events {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}
