package cincensus

// This file: the errors and warnings of reading a census file.

import (
	"fmt"
	"strings"
)

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
	if p.Element != "" {
		b.WriteString(p.Element)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// ErrorList is every problem found with one child, or with the file, in
// file order.
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
