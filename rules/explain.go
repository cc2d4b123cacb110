package rules

// This file: the explanations, written from the results and their traces
// once every decision has been made. Nothing here decides anything: a
// change of wording cannot change a status or a date.

import (
	"strconv"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// statusHeading opens the sentence that says where a result stands.
func statusHeading(s Status) string {
	switch s {
	case Met:
		return "Met: "
	case Late:
		return "Late: "
	case Overdue:
		return "Overdue: "
	case DueSoon:
		return "Due soon: "
	case Pending:
		return "Pending: "
	case Excepted:
		return "Excepted: "
	}
	return ""
}

// explain writes every result's explanation into one buffer (the
// evaluation's, kept from case to case), which becomes one string that
// each explanation is a slice of.
func (ev *evaluation) explain(results []Result) {
	b, skipped := ev.text[:0], ev.skipped[:0]
	for i := range results {
		b, skipped = ev.appendExplanation(b, skipped, &results[i], &ev.traces[i])
		ev.traces[i].end = int32(len(b))
	}
	text := string(b)
	ev.text, ev.skipped = b[:0], skipped[:0]
	start := int32(0)
	for i := range results {
		results[i].Explanation = text[start:ev.traces[i].end]
		start = ev.traces[i].end
	}
}

// appendExplanation writes one result's explanation. skipped is scratch for
// the days a count skipped.
func (ev *evaluation) appendExplanation(b []byte, skipped []calendar.Holiday, res *Result, t *trace) ([]byte, []calendar.Holiday) {
	r := t.rule
	switch t.note {
	case noteWhenFalse:
		b = append(b, "Does not apply: "...)
		b = append(b, strings.TrimSpace(r.when.text)...)
		return append(b, " is not true for this case."...), skipped
	case noteWaits:
		b = append(b, "Not started: waits for "...)
		b = strconv.AppendQuote(b, r.after.info.Title)
		return append(b, " to be met."...), skipped
	case noteNoStart:
		label := r.fromLabel
		if label == "" && len(r.from.kinds) > 0 {
			label = ev.p.kindSpecs[r.from.kinds[0]].words
		}
		if label == "" {
			b = append(b, "Not started: "...)
			b = append(b, strings.TrimSpace(r.from.text)...)
			return append(b, " has no value for this case."...), skipped
		}
		b = append(b, "Not started: no "...)
		b = append(b, label...)
		return append(b, " recorded."...), skipped
	case noteUndecided:
		return append(b, "Cannot be decided yet: an event or fact it reads is not recorded."...), skipped
	case noteHolds:
		b = append(b, "Holds: "...)
		if r.holds != "" {
			b = append(b, strings.TrimSuffix(r.holds, ".")...)
		} else {
			b = append(b, strings.TrimSpace(r.check.text)...)
		}
		return append(b, '.'), skipped
	case noteCondition:
		b = append(b, "Does not apply: "...)
		b = append(b, r.conditions[t.cond].otherwise...)
		return append(b, '.'), skipped
	case noteNotRecorded:
		b = append(b, "Not recorded: "...)
		if src := ev.c.Source; src != "" {
			b = append(b, src...)
		} else {
			b = append(b, "the record"...)
		}
		b = append(b, " does not hold "...)
		kinds := r.reads
		if !ev.unrecorded(kinds) {
			kinds = r.starts
		}
		for i, k := range kinds {
			switch {
			case i == 0:
			case i == len(kinds)-1:
				b = append(b, " or "...)
			default:
				b = append(b, ", "...)
			}
			b = append(b, ev.p.kindSpecs[k].words...)
		}
		return append(b, " events, so this cannot be judged from it."...), skipped
	case noteNoInstance:
		b = append(b, "Not started: no "...)
		b = append(b, r.forEach.words()...)
		return append(b, " recorded."...), skipped
	case noteEnded:
		b, skipped = ev.appendDue(b, skipped, r, t, res)
		b = append(b, ". Not due: "...)
		if t.byUntil {
			// A chain stopped by its until: before its first occurrence.
			b = append(b, "the "...)
			if r.until.label != "" {
				b = append(b, r.until.label...)
			} else {
				b = append(b, "end"...)
			}
			b = append(b, " on "...)
			b = appendDate(b, t.by)
			if t.by.Equal(res.Due.Date()) {
				return append(b, " came the day it was due."...), skipped
			}
			return append(b, " came before it was due."...), skipped
		}
		if t.in.byNext {
			b = append(b, "the next "...)
			b = append(b, r.forEach.words()...)
			b = append(b, " began on "...)
		} else {
			b = append(b, "the "...)
			b = append(b, r.forEach.words()...)
			b = append(b, " ended on "...)
		}
		b = appendDate(b, t.in.end)
		if calendar.Date(t.in.end).Equal(res.Due.Date()) {
			return append(b, ", the day it was due."...), skipped
		}
		return append(b, ", before it was due."...), skipped
	case noteViolated:
		b = append(b, "Violated: "...)
		b = append(b, strings.TrimSuffix(r.info.Title, ".")...)
		return append(b, '.'), skipped
	}
	b, skipped = ev.appendDue(b, skipped, r, t, res)
	byWhat := ""
	switch {
	case t.byUntil:
		if byWhat = r.until.label; byWhat == "" {
			byWhat = "end"
		}
	case t.byEnd:
		if byWhat = t.in.endLabel; byWhat == "" {
			byWhat = "end of the " + r.forEach.words()
		}
	}
	return ev.appendStatus(b, r, res, t.by, byWhat), skipped
}

// appendDue writes how a due date was reached: "15 working days from Thu 21
// Mar 2024 (strategy discussion), skipping Good Friday 29 Mar and Easter
// Monday 1 Apr, is Mon 15 Apr 2024", then any roll and extension.
func (ev *evaluation) appendDue(b []byte, skipped []calendar.Holiday, r *rule, t *trace, res *Result) ([]byte, []calendar.Holiday) {
	period := r.info.Period
	b = appendPeriod(b, period)
	if r.info.Before {
		b = append(b, " before "...)
	} else {
		b = append(b, " from "...)
	}
	if endOfDay(r, res.From) {
		b = append(b, "the end of "...)
		b = appendDate(b, res.From)
	} else {
		b = appendInstant(b, res.From, period.Hourly())
	}
	if label := ev.startLabel(r, t, res); label != "" {
		b = append(b, " ("...)
		b = append(b, label...)
		b = append(b, ')')
	}
	// Clauses between the start and " is": ", counting that day as day 1,
	// skipping Good Friday 29 Mar,".
	clauses := false
	if r.conv.Inclusive && period.Unit == timescale.WorkingDays {
		b = append(b, ", counting that day as day 1"...)
		clauses = true
	}
	if period.Unit == timescale.WorkingDays {
		lo, hi := res.From, t.unrolled.Time
		if endOfDay(r, res.From) {
			lo = lo.AddDate(0, 0, 1)
		}
		if r.info.Before {
			lo, hi = hi, lo
		}
		skipped = ev.p.cal.AppendDaysOff(skipped[:0], lo.AddDate(0, 0, 1), hi)
		if len(skipped) > 0 {
			b = append(b, ", skipping "...)
			b = appendDaysOff(b, skipped)
			clauses = true
		}
	}
	if clauses {
		b = append(b, ',')
	}
	b = append(b, " is "...)
	b = appendDeadline(b, t.unrolled)
	if t.unrolled != t.counted {
		b = append(b, ", not a working day, so "...)
		b = appendDeadline(b, t.counted)
	}
	switch t.change {
	case extended:
		b = append(b, ", extended to "...)
		b = appendDate(b, res.Due.Time)
	case moved:
		b = append(b, ", moved to "...)
		b = appendDate(b, res.Due.Time)
	}
	return b, skipped
}

// startLabel names the event a result's period was counted from: the
// event a from: expression names, the occurrence before (for a recurring
// rule's later occurrences), the event that started the instance, or, when
// the expression does not say, the event of a kind it reads at that
// instant.
func (ev *evaluation) startLabel(r *rule, t *trace, res *Result) string {
	switch {
	case res.Occurrence > 1:
		return r.doneLabel
	case r.fromLabel != "":
		return r.fromLabel
	case r.from == nil:
		if r.after == nil && t.in != nil {
			return t.in.startLabel
		}
		return ""
	}
	if r.from.startsAt && t.in != nil && res.From.Equal(t.in.start) {
		return t.in.startLabel
	}
	for _, k := range r.from.kinds {
		for _, e := range ev.act.events.lists[k].items {
			if e.e.At.Equal(res.From) {
				return e.spec.words
			}
		}
	}
	return ""
}

// appendStatus writes ". Met: ICPC on Fri 22 Mar 2024." and the like after
// the due date's explanation. by is the date lateness was counted to;
// byWhat names it when it is not the as-of date ("CP plan end").
func (ev *evaluation) appendStatus(b []byte, r *rule, res *Result, by time.Time, byWhat string) []byte {
	what := r.doneLabel
	b = append(b, ". "...)
	b = append(b, statusHeading(res.Status)...)
	switch res.Status {
	case Met, Late:
		if what == "" {
			b = append(b, "done"...)
		} else {
			b = append(b, what...)
		}
		b = append(b, " on "...)
		// A date given without a time is shown as a date.
		b = appendInstant(b, res.Done, !res.Due.WholeDay && !res.Done.Equal(calendar.Date(res.Done)))
		if res.Status == Late {
			b = append(b, ", "...)
			if late := res.Done.Sub(res.Due.Time); !res.Due.WholeDay && res.DaysLate == 0 {
				if late < time.Hour {
					b = appendCount(b, int((late+time.Minute-1)/time.Minute), "minute")
				} else {
					b = appendCount(b, int((late+time.Hour-1)/time.Hour), "hour")
				}
				b = append(b, " after the due time"...)
			} else {
				b = appendLateness(b, res.WorkingDaysLate, res.DaysLate)
				b = append(b, " after the due date"...)
			}
		}
	case Overdue:
		switch {
		case r.notDone != "":
			b = append(b, r.notDone...)
			b = append(b, ' ')
		case what == "":
			b = append(b, "not done "...)
		default:
			b = append(b, "no "...)
			b = append(b, what...)
			b = append(b, ' ')
		}
		if byWhat != "" {
			b = append(b, "before the "...)
			b = append(b, byWhat...)
			b = append(b, " on "...)
		} else {
			b = append(b, "by "...)
		}
		b = appendDate(b, by)
		b = append(b, ", "...)
		b = appendLateness(b, res.WorkingDaysLate, res.DaysLate)
		b = append(b, " past the due date"...)
	case DueSoon, Pending:
		switch {
		case r.notDone != "":
			b = append(b, r.notDone...)
		case what == "":
			b = append(b, "not done"...)
		default:
			b = append(b, "no "...)
			b = append(b, what...)
		}
		if left := ev.p.cal.WorkingDaysBetween(ev.asOf, res.Due.Date()); left == 0 {
			b = append(b, " yet, and it is due today"...)
		} else {
			b = append(b, " yet; "...)
			b = appendCount(b, left, "working day")
			b = append(b, " left"...)
		}
	case Excepted:
		if r.reason != "" {
			b = append(b, strings.TrimSuffix(strings.TrimSpace(r.reason), ".")...)
		} else {
			b = append(b, "an approved exception ("...)
			b = append(b, strings.TrimSpace(r.unless.text)...)
			b = append(b, ')')
		}
	}
	return append(b, '.')
}

// KindWords writes an event kind in words: strategy_discussion is
// "strategy discussion", icpc is "ICPC", cp_plan_end is "CP plan end",
// s47_started is "s47 started".
func KindWords(kind string) string {
	parts := strings.Split(kind, "_")
	for i, w := range parts {
		switch w {
		case "icpc", "rcpc", "cp", "ird", "cppm", "cin", "cla", "rcppm":
			parts[i] = strings.ToUpper(w)
		}
	}
	return strings.Join(parts, " ")
}

// Formatting without allocation, for explanations.

// appendDate writes "Mon 4 Mar 2024", t's date in London.
func appendDate(b []byte, t time.Time) []byte { return calendar.AppendDate(b, t) }

// appendInstant writes a date, or with withTime "Mon 4 Mar 2024 10:00" in
// London time.
func appendInstant(b []byte, t time.Time, withTime bool) []byte {
	if withTime {
		return t.In(calendar.London).AppendFormat(b, "Mon 2 Jan 2006 15:04")
	}
	return appendDate(b, t)
}

func appendDeadline(b []byte, d timescale.Deadline) []byte {
	return appendInstant(b, d.Time, !d.WholeDay)
}

func appendPeriod(b []byte, p timescale.Period) []byte {
	unit := p.Unit.String()
	if p.N == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	b = strconv.AppendInt(b, int64(p.N), 10)
	b = append(b, ' ')
	return append(b, unit...)
}

func appendCount(b []byte, n int, unit string) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, ' ')
	b = append(b, unit...)
	if n != 1 {
		b = append(b, 's')
	}
	return b
}

func appendLateness(b []byte, workingDays, days int) []byte {
	if workingDays > 0 {
		return appendCount(b, workingDays, "working day")
	}
	b = appendCount(b, days, "day")
	return append(b, " (no working days)"...)
}

// appendDaysOff writes "Good Friday 29 Mar and Easter Monday 1 Apr", and
// "Christmas Day (substitute day) 27 Dec" for a substitute.
func appendDaysOff(b []byte, hs []calendar.Holiday) []byte {
	for i, h := range hs {
		switch {
		case i == 0:
		case i == len(hs)-1:
			b = append(b, " and "...)
		default:
			b = append(b, ", "...)
		}
		b = append(b, h.Name...)
		if h.Substitute {
			b = append(b, " (substitute day)"...)
		}
		b = append(b, ' ')
		_, m, d, _ := calendar.DateOf(h.Date)
		b = strconv.AppendInt(b, int64(d), 10)
		b = append(b, ' ')
		b = append(b, m.String()[:3]...)
	}
	return b
}
