package rules

// This file: the errors of compiling and of evaluating.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/safeguarding/timescales/internal/yamlsrc"
)

// Code is a machine-readable class of compile error, for tools that act on
// errors without reading their words (an editor that underlines a bad
// period, a service that counts unknown keys).
type Code string

// The codes of compile errors.
const (
	// CodeYAML: the file is not one YAML document, a value has the wrong
	// shape (a list where one value goes), a key is given twice, or the
	// file spends too much of the reading budget.
	CodeYAML Code = "yaml"
	// CodeUnknownKey: a key the format does not know.
	CodeUnknownKey Code = "unknown-key"
	// CodeMissingKey: a required key is absent.
	CodeMissingKey Code = "missing-key"
	// CodeKeyConflict: a key that does not belong to the rule's kind, two
	// keys of which only one may be given, or reason: without unless:.
	CodeKeyConflict Code = "key-conflict"
	// CodeName: a policy id, rule id, event kind or variable name that is
	// not written as it must be, or is used twice.
	CodeName Code = "bad-name"
	// CodeValue: a value that is not one of those allowed: a region, a
	// date, counting:, roll:, kind:, a working day.
	CodeValue Code = "bad-value"
	// CodePeriod: a period that cannot be read.
	CodePeriod Code = "bad-period"
	// CodeAfter: after: naming no rule, a check, or a circle of rules.
	CodeAfter Code = "bad-after"
	// CodeExtends: extends: or disable: that cannot be followed.
	CodeExtends Code = "extends"
	// CodeCELSyntax: an expression that cannot be parsed.
	CodeCELSyntax Code = "cel-syntax"
	// CodeCELType: an expression that reads an unknown name, calls a
	// function with the wrong types, or gives the wrong type for its key.
	CodeCELType Code = "cel-type"
	// CodeEventKind: an expression reads an event kind the policy does not
	// declare.
	CodeEventKind Code = "undeclared-event-kind"
	// CodeFact: an expression reads a fact the policy does not declare, in
	// a policy that declares the facts it reads.
	CodeFact Code = "undeclared-fact"
	// CodeCost: an expression that could cost too much, with the
	// variables it reads, or that nests too deep.
	CodeCost Code = "cost"
)

// Error is one problem in a policy file, with where it is.
type Error struct {
	File   string // the policy file's name
	Line   int    // 1-based; 0 when not known
	Column int    // 1-based; 0 when not known
	Rule   string // the rule's id, when the problem is inside a rule
	Key    string // the key whose value is wrong ("within", "calendar.region")
	Msg    string
	Source string // the text of the line, for the caret display
	Code   Code   // the class of problem
}

// errorAt makes an Error at a located value of file (at's own file when it
// has one, so a parent policy's problems name the parent's file).
func errorAt(file *yamlsrc.File, at yamlsrc.Scalar, code Code, rule, key, msg string) *Error {
	if f := at.File(); f != nil {
		file = f
	}
	e := &Error{Rule: rule, Key: key, Msg: msg, Code: code, Line: at.Line, Column: at.Column}
	if file != nil {
		e.File = file.Name
		e.Source = file.Line(at.Line)
	}
	return e
}

// Error prints the problem as a compiler does, "file:line:column: rule ID:
// key: message", then the source line and a caret under the column.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Summary())
	if e.Source != "" && e.Column > 0 {
		src := strings.ReplaceAll(e.Source, "\t", " ")
		fmt.Fprintf(&b, "\n | %s\n | %s^", src, strings.Repeat(".", e.Column-1))
	}
	return b.String()
}

// Summary returns the problem on one line, "file:line:column: rule ID: key:
// message", without the source line and caret.
func (e *Error) Summary() string {
	var b strings.Builder
	b.WriteString(e.Position())
	b.WriteString(": ")
	if e.Rule != "" {
		b.WriteString("rule ")
		b.WriteString(e.Rule)
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Position returns "file:line:column", leaving out what is not known.
func (e *Error) Position() string { return Location{e.File, e.Line, e.Column}.String() }

// ErrorList is every problem found in a policy, in file and line order.
// Compile returns one as its error.
type ErrorList []*Error

// Error returns every problem, each as (*Error).Error gives it, one after
// another.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap returns the errors, for errors.As and errors.Is.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return l
}

// Location is where something was written in a policy file.
type Location struct {
	File         string
	Line, Column int // from 1; 0 when not known
}

// String returns "file:line:column", leaving out what is not known.
func (l Location) String() string {
	s := l.File
	if s == "" {
		s = "<policy>"
	}
	if l.Line > 0 {
		s += fmt.Sprintf(":%d", l.Line)
		if l.Column > 0 {
			s += fmt.Sprintf(":%d", l.Column)
		}
	}
	return s
}

// locationOf is where a located value of a policy file was written.
func locationOf(s yamlsrc.Scalar) Location {
	l := Location{Line: s.Line, Column: s.Column}
	if f := s.File(); f != nil {
		l.File = f.Name
	}
	return l
}

// EvalError is a failure to evaluate a rule's expression against a case:
// a fact of the wrong type, a date outside the calendar, or an expression
// over its cost limit.
type EvalError struct {
	Case string
	Rule string // "" for an expression outside the rules (an instance kind's start, a warning)
	Key  string // "when", "from", "done", ...
	// At is where the expression (or the period) that failed is written
	// in the policy.
	At  Location
	Err error
}

// Error returns "case ID: rule ID: key: what failed (written at
// file:line:column)", leaving out the rule and the position when there are
// none.
func (e *EvalError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "case %s: ", e.Case)
	if e.Rule != "" {
		fmt.Fprintf(&b, "rule %s: ", e.Rule)
	}
	fmt.Fprintf(&b, "%s: %v", e.Key, e.Err)
	if e.At.Line > 0 {
		fmt.Fprintf(&b, " (written at %s)", e.At)
	}
	return b.String()
}

// Unwrap returns Err.
func (e *EvalError) Unwrap() error { return e.Err }
