package main

// This file: a report as a table for a terminal.

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/safeguarding/timescales/rules"
)

// ANSI colours for a terminal.
const (
	red   = "\x1b[31m"
	amber = "\x1b[33m"
	reset = "\x1b[0m"
)

// maxTitle keeps the table readable; -explain and the JSON give the rest.
const maxTitle = 60

// writeText prints a header, a table of one row per result, and a count of
// breaches, due soon and pending. Breaches are marked with "!" (and red on
// a terminal); a late, overdue or violated practice standard is marked
// "(practice)" instead, and not counted.
func writeText(w io.Writer, policy *rules.Policy, r *rules.Report, explain, colour bool) error {
	fmt.Fprintln(w, printable(fmt.Sprintf("Case %s, policy %s (%s), as of %s", r.Case, r.Policy, policy.Title(), londonDate(r.AsOf, false))))
	fmt.Fprintln(w)
	header := []string{"RULE", "FOR", "STATUS", "FROM", "DUE", "DONE", "LATE"}
	rows := [][]string{header}
	for _, res := range r.Results {
		title, suffix := printable(res.Title), ""
		if recurring(policy, res.Rule) && res.Status != rules.NotApplicable {
			suffix = " (#" + strconv.Itoa(res.Occurrence) + ")"
		}
		if room := maxTitle - len(suffix); utf8.RuneCountInString(title) > room {
			title = string([]rune(title)[:room-1]) + "…"
		}
		title += suffix
		status := string(res.Status)
		switch {
		case res.IsBreach():
			status = "! " + strings.ToUpper(status)
		case res.Status.IsBreach():
			status += " (practice)"
		}
		hourly := !res.Due.Time.IsZero() && !res.Due.WholeDay
		rows = append(rows, []string{title, res.Instance.String(), status, londonDate(res.From, hourly),
			londonDate(res.Due.Time, hourly), londonDate(res.Done, hourly), lateness(res)})
	}
	widths := make([]int, len(header))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for i, row := range rows {
		line := ""
		for j, cell := range row {
			if j < len(row)-1 {
				cell += strings.Repeat(" ", widths[j]-utf8.RuneCountInString(cell)+2)
			}
			line += cell
		}
		line = strings.TrimRight(line, " ")
		if colour && i > 0 {
			switch res := r.Results[i-1]; {
			case res.IsBreach():
				line = red + line + reset
			case res.Status == rules.DueSoon:
				line = amber + line + reset
			}
		}
		fmt.Fprintln(w, line)
		if explain && i > 0 {
			fmt.Fprintf(w, "    %s\n", printable(r.Results[i-1].Explanation))
		}
	}
	dueSoon, pending := 0, 0
	for _, res := range r.Results {
		switch res.Status {
		case rules.DueSoon:
			dueSoon++
		case rules.Pending:
			pending++
		}
	}
	_, err := fmt.Fprintf(w, "\n%s, %d due soon, %d pending\n", count(r.Breaches, "breach", "breaches"), dueSoon, pending)
	return err
}

func recurring(p *rules.Policy, id string) bool {
	r, ok := p.Rule(id)
	return ok && r.Kind == rules.Recurring
}

// lateness is "3 working days" for a late or overdue result.
func lateness(res rules.Result) string {
	if res.Status != rules.Late && res.Status != rules.Overdue {
		return ""
	}
	if res.WorkingDaysLate == 0 && res.DaysLate == 0 {
		return "same day"
	}
	if res.WorkingDaysLate == 0 {
		return count(res.DaysLate, "day", "days")
	}
	return count(res.WorkingDaysLate, "working day", "working days")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// printable returns s with the characters that would act on a terminal or
// a calendar rather than show written as escapes: control characters
// ("\x1b", "\r", "\x9b") and those that reorder text ("\u202e"). A case id
// or a policy's words come from files that anyone may have written, and
// must not move the cursor, clear the screen or hide text.
func printable(s string) string {
	i := strings.IndexFunc(s, acts)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if !acts(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRuneToASCII(r) // '\x1b', '\r', '\u202e'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// acts reports whether r would act on a terminal rather than show: a
// control character, or one that changes the direction of text.
func acts(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError
}

// printableLines is printable for each line of s, keeping its line breaks
// (a policy error's source line and caret are lines of their own).
func printableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = printable(l)
	}
	return strings.Join(lines, "\n")
}
