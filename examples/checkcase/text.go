package main

// This file: a report as a table for a terminal.

import (
	"fmt"
	"io"
	"strconv"
	"strings"
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
	fmt.Fprintf(w, "Case %s, policy %s (%s), as of %s\n\n", r.Case, r.Policy, policy.Title(), londonDate(r.AsOf, false))
	header := []string{"RULE", "FOR", "STATUS", "FROM", "DUE", "DONE", "LATE"}
	rows := [][]string{header}
	for _, res := range r.Results {
		title, suffix := res.Title, ""
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
		rows = append(rows, []string{title, instanceWords(res.Instance), status, londonDate(res.From, hourly),
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
			fmt.Fprintf(w, "    %s\n", r.Results[i-1].Explanation)
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

// instanceWords names the instance a result is about: "CP plan 2".
func instanceWords(in rules.Instance) string {
	if in.Number == 0 {
		return ""
	}
	return rules.KindWords(in.Kind) + " " + strconv.Itoa(in.Number)
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
