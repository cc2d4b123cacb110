package ssd

// This file: the errors and warnings of reading an SSD export.

import "github.com/safeguarding/timescales/internal/problems"

// Problem is one error or warning about an SSD export, with where it is.
type Problem struct {
	// File is the table's file: the directory given to Open joined with
	// its name ("export/ssd_cin_episodes.csv").
	File string
	// Line is the line of the offending row, counted from 1 (the header
	// is line 1); 0 when the problem is with the table as a whole.
	Line int
	// Child is the pers_person_id of the child it is about; "" when it is
	// about no child, or one with no id.
	Child string
	// Column names the offending column ("cine_referral_date"); "" when the
	// problem is not with one column.
	Column string
	// Msg says what is wrong.
	Msg string
}

// Error returns the problem as "file:line: child C: column: message",
// leaving out what is not known.
func (p *Problem) Error() string {
	child := ""
	if p.Child != "" {
		child = "child " + p.Child
	}
	return problems.Format(p.File, p.Line, p.Msg, child, p.Column)
}

// ErrorList is every problem that stopped one child being read, in table
// order, then row order.
type ErrorList []*Problem

// Error returns the problems one to a line.
func (es ErrorList) Error() string { return problems.Join(es) }

// Unwrap returns the problems, for errors.Is and errors.As.
func (es ErrorList) Unwrap() []error { return problems.Unwrap(es) }
