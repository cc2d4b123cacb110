package cincensus

// This file: the errors and warnings of reading a census file.

import "github.com/safeguarding/timescales/internal/problems"

// Problem is one error or warning in a census file, with where it is.
type Problem struct {
	// File is the census file's name, as given to NewReader.
	File string
	// Line is the line of the offending element, counted from 1; 0 when
	// not known.
	Line int
	// Child is the LAchildID of the child it is about; "" for the file as
	// a whole, or a child with no LAchildID.
	Child string
	// Element names the offending element: "CPPstartDate",
	// "ReferenceDate"; "" when the problem is not with one element.
	Element string
	// Msg says what is wrong.
	Msg string
}

// Error returns the problem as "file:line: child C1: element: message",
// leaving out what is not known.
func (p *Problem) Error() string {
	child := ""
	if p.Child != "" {
		child = "child " + p.Child
	}
	return problems.Format(p.File, p.Line, p.Msg, child, p.Element)
}

// ErrorList is every problem found with one child, or with the file, in
// file order.
type ErrorList []*Problem

// Error returns the problems one to a line.
func (es ErrorList) Error() string { return problems.Join(es) }

// Unwrap returns the problems, for errors.Is and errors.As.
func (es ErrorList) Unwrap() []error { return problems.Unwrap(es) }
