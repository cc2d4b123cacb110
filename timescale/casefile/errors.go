package casefile

// This file: the errors of reading a case file.

import (
	"strconv"
	"strings"

	"github.com/safeguarding/timescales/internal/problems"
)

// Error is one problem in a case file, with where it is.
type Error struct {
	// File is the name of the case file, as given to Read.
	File string
	// Line and Column are where the problem is, counted from 1; 0 when
	// not known.
	Line, Column int
	// Field is the path of the offending value: "case",
	// "child.date_of_birth", "events[2].at", "facts.urgency". It is empty
	// when the problem is with the file as a whole.
	Field string
	// Msg says what is wrong.
	Msg string
}

// Error returns the problem as "file:line:column: field: message", leaving
// out the line and column when they are not known and the field when there
// is none.
func (e *Error) Error() string {
	var b strings.Builder
	b.Grow(len(e.File) + len(e.Field) + len(e.Msg) + 28)
	b.WriteString(e.File)
	if e.Line > 0 {
		var num [20]byte
		b.WriteByte(':')
		b.Write(strconv.AppendInt(num[:0], int64(e.Line), 10))
		if e.Column > 0 {
			b.WriteByte(':')
			b.Write(strconv.AppendInt(num[:0], int64(e.Column), 10))
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one case file, in file order.
type ErrorList []*Error

// Error returns the problems one to a line.
func (es ErrorList) Error() string { return problems.Join(es) }

// Unwrap returns the problems, for errors.Is and errors.As.
func (es ErrorList) Unwrap() []error { return problems.Unwrap(es) }
