package main

// This file: reports as CSV, one row a result, for a spreadsheet.

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/rules"
)

// csvColumns are the columns of -format csv after the first, which places
// the row in its input ("line" of a JSON Lines file, "child" of a census
// or an export; empty for one case).
var csvColumns = []string{"case", "rule", "instance", "occurrence", "status", "from", "due", "done", "working_days_late", "explanation"}

// csvWriter writes reports as CSV (RFC 4180: fields quoted where they need
// it, CRLF line ends), one row a result, in a form a spreadsheet reads as
// it is meant:
//
//   - dates as YYYY-MM-DD, which Excel reads as dates whatever its locale,
//     never swapping day and month; an instant with a time of day as
//     "YYYY-MM-DD HH:MM" in London time, which it reads as a date and time;
//   - working_days_late for a late or overdue result only, empty otherwise;
//   - no text cell starting with =, +, - or @, which a spreadsheet would
//     run as a formula: such a cell is written after a ' (a case id or an
//     explanation from a case management system is data, never a formula);
//     control characters escaped, as the text output escapes them.
//
// A case that could not be checked is one row with its place, status
// "error" and every problem in explanation, one a line; a blank line of
// the input is no row.
type csvWriter struct {
	w   *csv.Writer
	buf *bufio.Writer // flushed by finish, when it is the writer's own
	row []string
	err error
}

// newCSVWriter writes the header, its first column named place ("line",
// "child").
func newCSVWriter(w *bufio.Writer, place string) *csvWriter {
	cw, err := newExcelCSV(w)
	c := &csvWriter{w: cw, buf: w, err: err}
	if err == nil {
		c.err = c.w.Write(append([]string{place}, csvColumns...))
	}
	return c
}

// newExcelCSV starts a CSV file as Excel reads it right: a byte order mark
// first (without one Excel reads the Windows code page, and "New Year’s
// Day" would open as "New Yearâ€™s"), then RFC 4180 rows ending in CRLF.
func newExcelCSV(w io.Writer) (*csv.Writer, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw, nil
}

// report writes a row for each result of r; place 0 (one case) leaves the
// first column empty.
func (c *csvWriter) report(place int, r *rules.Report) error {
	if c.err != nil {
		return c.err
	}
	for _, res := range r.Results {
		late := ""
		if res.Status == rules.Late || res.Status == rules.Overdue {
			late = strconv.Itoa(res.WorkingDaysLate)
		}
		occurrence := ""
		if res.Occurrence > 0 {
			occurrence = strconv.Itoa(res.Occurrence)
		}
		c.row = append(c.row[:0], placeCell(place), cell(r.Case), cell(res.Rule), cell(res.Instance.String()), occurrence,
			string(res.Status), csvInstant(res.From), dueISO(res.Due), csvInstant(res.Done), late, cell(res.Explanation))
		if c.err = c.w.Write(c.row); c.err != nil {
			return c.err
		}
	}
	return nil
}

// failed writes the row of a case that could not be checked.
func (c *csvWriter) failed(place int, problems []string) error {
	if c.err != nil {
		return c.err
	}
	c.row = append(c.row[:0], placeCell(place), "", "", "", "", "error", "", "", "", "", defuse(strings.Join(problems, "\n")))
	c.err = c.w.Write(c.row)
	return c.err
}

// blank writes no row.
func (c *csvWriter) blank(int) error { return c.err }

// finish flushes the rows (all that were read: a CSV has no end to leave
// off).
func (c *csvWriter) finish(bool) error {
	if c.err != nil {
		return c.err
	}
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.buf.Flush()
}

// writeCSV writes one case's report as CSV, as a caseload's are written,
// with the first column (its place in a caseload) empty.
func writeCSV(w io.Writer, r *rules.Report) error {
	c := newCSVWriter(bufio.NewWriter(w), "line")
	if err := c.report(0, r); err != nil {
		return err
	}
	return c.finish(true)
}

// placeCell is a row's place in its input, empty for none.
func placeCell(place int) string {
	if place <= 0 {
		return ""
	}
	return strconv.Itoa(place)
}

// cell is text for a CSV cell: control characters escaped, and defused.
func cell(s string) string { return defuse(printable(s)) }

// defuse puts a ' before text that a spreadsheet would read as a formula:
// text starting with =, +, - or @ (OWASP's advice on CSV injection; a tab
// or carriage return, also on its list, printable has already escaped).
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvInstant writes an instant as a spreadsheet reads it: the date alone
// (YYYY-MM-DD) for midnight in London, which is how a date without a time
// is held, else "YYYY-MM-DD HH:MM" in London time; "" for none.
func csvInstant(t time.Time) string {
	return isoDate(t, !t.IsZero() && !calendar.Date(t).Equal(t))
}

// summaryCSVColumns are the columns of -summary -format csv.
var summaryCSVColumns = []string{"section", "rule", "status", "count", "due", "case", "instance", "occurrence", "working_days_late"}

// writeCSV writes the summary as one CSV table, each row's section saying
// what it is: "results", a rule's count of one status (every status some
// rule has, as the text gives them); then "coming", a deadline due soon or
// pending within -within working days, soonest first; then "overdue", an
// overdue deadline, earliest due first, with its working days late.
// Cells are written as the reports' CSV writes them (dates YYYY-MM-DD,
// text defused).
func (s *summary) writeCSV(w io.Writer) error {
	cw, err := newExcelCSV(w)
	if err != nil {
		return err
	}
	_ = cw.Write(summaryCSVColumns)
	for _, r := range s.policy.Rules() {
		for _, st := range s.statusesShown() {
			_ = cw.Write([]string{"results", cell(r.ID), string(st), strconv.Itoa(s.byRule[r.ID][st]), "", "", "", "", ""})
		}
	}
	coming, overdue := s.sortedDeadlines()
	for _, d := range coming {
		_ = cw.Write([]string{"coming", cell(d.rule), string(d.status), "", dueISO(d.due), cell(d.caseID), cell(d.instance), strconv.Itoa(d.occurrence), ""})
	}
	for _, d := range overdue {
		_ = cw.Write([]string{"overdue", cell(d.rule), string(d.status), "", dueISO(d.due), cell(d.caseID), cell(d.instance), strconv.Itoa(d.occurrence), strconv.Itoa(d.late)})
	}
	cw.Flush()
	return cw.Error()
}
