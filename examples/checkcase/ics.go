package main

// This file: the coming deadlines as an iCalendar file.

import (
	"fmt"
	"io"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/rules"
)

// writeICS writes an iCalendar (RFC 5545) file with one event per result
// still to be done (due soon or pending), on its due date: all day for a
// deadline in days, at its instant for one in hours. The output depends
// only on the report: DTSTAMP is the as-of date.
func writeICS(w io.Writer, r *rules.Report) error {
	cal := ics.NewCalendar()
	cal.SetProductId("-//safeguarding//timescales checkcase//EN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(printable("Case " + r.Case + " deadlines"))
	stamp := r.AsOf.UTC()
	for _, res := range r.Results {
		if res.Status != rules.DueSoon && res.Status != rules.Pending {
			continue
		}
		// Control characters are not allowed in iCalendar text (RFC 5545,
		// 3.3.11), and would reach whoever reads the calendar.
		ev := cal.AddEvent(printable(fmt.Sprintf("%s-%s-%d-%d@timescales", r.Case, res.Rule, res.Instance.Number, res.Occurrence)))
		ev.SetDtStampTime(stamp)
		ev.SetSummary(printable(fmt.Sprintf("Case %s: %s", r.Case, res.Title)))
		ev.SetDescription(printable(res.Explanation))
		if res.Due.WholeDay {
			day := res.Due.Time.In(calendar.London)
			ev.SetAllDayStartAt(day)
			ev.SetAllDayEndAt(time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, calendar.London))
		} else {
			// A DATE-TIME start without an end is an event at that instant.
			ev.SetStartAt(res.Due.Time)
		}
	}
	// RFC 5545 lines end in CRLF; the library folds them at 75 octets.
	return cal.SerializeTo(w, ics.WithNewLine("\r\n"))
}
