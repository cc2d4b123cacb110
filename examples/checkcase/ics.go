package main

// This file: the deadlines still open, of one case or a caseload, as one
// iCalendar file, written event by event.

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/rules"
)

// icsConfig serialises as RFC 5545 asks: lines end in CRLF and are folded
// at 75 octets.
var icsConfig = &ics.SerializationConfiguration{MaxLength: 75, PropertyMaxLength: 75, NewLine: "\r\n"}

// icsWriter writes one VCALENDAR: its opening when made, each VEVENT as
// its report comes, END:VCALENDAR in finish, so that a caseload's events
// are never held together in memory.
//
// Every result still open becomes an event on its due date (all day for a
// deadline in days, at its instant for one in hours): due_soon and pending
// ones titled "due: Case C-1: <title>", overdue ones "OVERDUE: Case C-1:
// <title>", on the due date that has passed. Each is TRANSP:TRANSPARENT (a
// deadline does not make a worker busy), with a UID made of the case, the
// rule, the instance and the occurrence, and DTSTAMP the report's as-of
// date, so that the same deadline has the same event in every run: the
// file is a feed to regenerate nightly and subscribe to, and a calendar
// application updates its events rather than adding them again.
type icsWriter struct {
	w   *bufio.Writer
	err error // the first error writing, kept to return from finish
}

// newICSWriter starts a calendar named name on w. A caseload's calendar
// (feed) says it should be refreshed daily.
func newICSWriter(w *bufio.Writer, name string, feed bool) *icsWriter {
	cal := ics.NewCalendar()
	cal.SetProductId("-//safeguarding//timescales checkcase//EN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name) // NAME and X-WR-CALNAME
	if feed {
		// RFC 7986's REFRESH-INTERVAL, and the older name some
		// applications read: fetch it again each day.
		cal.SetRefreshInterval("P1D") // VALUE=DURATION, as RFC 7986 asks
		cal.SetXPublishedTTL("P1D")
		cal.SetXWRCalDesc("Open child protection deadlines: regenerated nightly; subscribe rather than import")
	}
	var b strings.Builder
	_ = cal.SerializeTo(&b, icsConfig) // a strings.Builder does not fail
	head := strings.TrimSuffix(b.String(), "END:VCALENDAR\r\n")
	_, err := w.WriteString(head)
	return &icsWriter{w: w, err: err}
}

// report writes an event for each result of r that is still to be done:
// due soon, pending or overdue.
func (c *icsWriter) report(_ int, r *rules.Report) error {
	if c.err != nil {
		return c.err
	}
	stamp := r.AsOf.UTC()
	for _, res := range r.Results {
		prefix := "due"
		switch res.Status {
		case rules.DueSoon, rules.Pending:
		case rules.Overdue:
			prefix = "OVERDUE"
		default:
			continue
		}
		if res.Due.Time.IsZero() {
			continue
		}
		// Control characters are not allowed in iCalendar text (RFC 5545,
		// 3.3.11), and would reach whoever reads the calendar: printable
		// escapes them.
		ev := ics.NewEvent(printable(icsUID(r.Case, res)))
		ev.SetDtStampTime(stamp)
		ev.SetSummary(printable(fmt.Sprintf("%s: Case %s: %s", prefix, r.Case, res.Title)))
		if res.Explanation != "" {
			ev.SetDescription(printable(res.Explanation))
		}
		if res.Due.WholeDay {
			day := res.Due.Time.In(calendar.London)
			ev.SetAllDayStartAt(day)
			ev.SetAllDayEndAt(time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, calendar.London))
		} else {
			// A DATE-TIME start without an end is an event at that instant.
			ev.SetStartAt(res.Due.Time)
		}
		ev.SetTimeTransparency(ics.TransparencyTransparent)
		if c.err = ev.SerializeTo(c.w, icsConfig); c.err != nil {
			return c.err
		}
	}
	return nil
}

// icsUID is the stable identity of a result's event: the same case, rule,
// instance and occurrence give the same UID in every run.
func icsUID(caseID string, res rules.Result) string {
	return fmt.Sprintf("%s-%s-%d-%d@timescales", caseID, res.Rule, res.Instance.Number, res.Occurrence)
}

// failed writes nothing: a case that could not be checked has no
// deadlines, and is reported on standard error.
func (c *icsWriter) failed(int, []string) error { return c.err }

// blank writes nothing.
func (c *icsWriter) blank(int) error { return c.err }

// finish ends the calendar and flushes it; when the input was not read to
// its end, it flushes what was written without ending the calendar.
func (c *icsWriter) finish(complete bool) error {
	if c.err != nil {
		return c.err
	}
	if complete {
		if _, err := c.w.WriteString("END:VCALENDAR\r\n"); err != nil {
			return err
		}
	}
	return c.w.Flush()
}

// writeICS writes one case's open deadlines as an iCalendar file, as a
// caseload's are written (see icsWriter). The output depends only on the
// report.
func writeICS(w io.Writer, r *rules.Report) error {
	bw := bufio.NewWriter(w)
	c := newICSWriter(bw, printable("Case "+r.Case+" deadlines"), false)
	if err := c.report(0, r); err != nil {
		return err
	}
	return c.finish(true)
}
