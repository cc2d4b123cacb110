package ssd

// This file: the errors and warnings of reading an SSD export.

import (
	"fmt"
	"strings"
)

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
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if p.Child != "" {
		b.WriteString("child ")
		b.WriteString(p.Child)
		b.WriteString(": ")
	}
	if p.Column != "" {
		b.WriteString(p.Column)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// ErrorList is every problem that stopped one child being read, in table
// order, then row order.
type ErrorList []*Problem

// Error returns the problems one to a line.
func (es ErrorList) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (es ErrorList) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
