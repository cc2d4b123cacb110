// Package problems words the errors of the readers of records (a census
// file, an SSD export): where a problem is, and a list of them as one
// error.
package problems

// This file: a problem's words, and lists of problems.

import (
	"strconv"
	"strings"
)

// Format writes a problem as "file:line: part: part: msg", leaving out the
// line when it is 0, and the file, and any part, when they are "".
func Format(file string, line int, msg string, parts ...string) string {
	var b strings.Builder
	b.WriteString(file)
	if line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(line))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	for _, p := range parts {
		if p != "" {
			b.WriteString(p)
			b.WriteString(": ")
		}
	}
	b.WriteString(msg)
	return b.String()
}

// Join returns the problems' messages one to a line.
func Join[P error](ps []P) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems as errors, for errors.Is and errors.As.
func Unwrap[P error](ps []P) []error {
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}
