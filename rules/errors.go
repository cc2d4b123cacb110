package rules

import (
	"fmt"
	"sort"
	"strings"
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
}

// Error prints the problem as a compiler does, "file:line:column: rule ID:
// key: message", then the source line and a caret under the column.
func (e *Error) Error() string {
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
	if e.Source != "" && e.Column > 0 {
		src := strings.ReplaceAll(e.Source, "\t", " ")
		fmt.Fprintf(&b, "\n | %s\n | %s^", src, strings.Repeat(".", e.Column-1))
	}
	return b.String()
}

// Position returns "file:line:column", leaving out what is not known.
func (e *Error) Position() string {
	s := e.File
	if s == "" {
		s = "<policy>"
	}
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
		if e.Column > 0 {
			s += fmt.Sprintf(":%d", e.Column)
		}
	}
	return s
}

// ErrorList is every problem found in a policy, in file and line order.
// Compile returns one as its error.
type ErrorList []*Error

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

// EvalError is a failure to evaluate a rule's expression against a case:
// a fact of the wrong type, or an expression over its cost limit.
type EvalError struct {
	Case string
	Rule string
	Key  string // "when", "from", "done", ...
	Err  error
}

func (e *EvalError) Error() string {
	return fmt.Sprintf("case %s: rule %s: %s: %v", e.Case, e.Rule, e.Key, e.Err)
}

func (e *EvalError) Unwrap() error { return e.Err }
