package rules

// This file: what each kind of rule decides for a case, computed only: the
// due dates, what met them, the statuses. Each result goes with a trace of
// how it was reached, which explain.go puts into words.

import (
	"time"

	"cel.dev/cel-go/common/types"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// trace is how one result was reached, beside what its Result holds.
type trace struct {
	rule *rule
	// in is the instance the result is about, or nil.
	in *instance
	// cond is, for noteCondition, the when: condition that is not true.
	cond int
	// end is where the explanation ends in the report's text.
	end int32
	// note, when set, is the whole explanation: a result that did not
	// start, does not apply, or is a check's.
	note note
	// change is what extended_to did to the counted due date.
	change dueChange
	// byUntil is set when an overdue result's lateness was counted to the
	// end of its chain (until:), by, rather than to the as-of date; byEnd
	// when it was counted to the end of its instance.
	byUntil, byEnd bool
	// unrolled is the due date counted, before roll; counted is after roll,
	// before extended_to.
	unrolled, counted timescale.Deadline
	by                time.Time
}

// note is a result explained by one fixed sentence.
type note uint8

const (
	noteNone        note = iota
	noteWhenFalse        // when: is not true
	noteWaits            // after: names a rule not yet met
	noteNoStart          // from: has no value
	noteUndecided        // a check reads something not recorded
	noteHolds            // a check that holds
	noteViolated         // a check that does not
	noteCondition        // a condition of a when: list is not true
	noteNoInstance       // a rule counted for each instance, and the case has none
	noteEnded            // the instance ended before the deadline was due
	noteNotRecorded      // the record's source cannot hold what the rule reads
)

// dueChange is what extended_to did to a counted due date.
type dueChange uint8

const (
	unchanged dueChange = iota
	extended            // to a later date
	moved               // to an earlier one
)

// happened reports whether t is on or before the as-of date.
func (ev *evaluation) happened(t time.Time) bool { return !calendar.Date(t).After(ev.asOf) }

// applies evaluates when:, adding a not_applicable result when it is not
// true.
func (ev *evaluation) applies(r *rule) (bool, error) {
	for i, c := range r.conditions {
		ok, err := ev.truth(r, c.expr)
		if err != nil {
			return false, err
		}
		if !ok {
			ev.add(r, Result{Status: NotApplicable}, trace{note: noteCondition, cond: i})
			return false, nil
		}
	}
	if r.when == nil {
		return true, nil
	}
	ok, err := ev.truth(r, r.when)
	if err == nil && !ok {
		ev.add(r, Result{Status: NotApplicable}, trace{note: noteWhenFalse})
	}
	return ok, err
}

// doneSlot is where the rule's latest done instant is kept for the instance
// in scope.
func (ev *evaluation) doneSlot(r *rule) *time.Time { return &ev.doneAt[r.index][ev.slot] }

// anchor returns where a rule's period starts, adding a not_applicable
// result when it has not started.
func (ev *evaluation) anchor(r *rule) (time.Time, bool, error) {
	if r.after != nil {
		t := *ev.doneSlot(r.after)
		if t.IsZero() {
			ev.add(r, Result{Status: NotApplicable}, trace{note: noteWaits})
			return t, false, nil
		}
		return t, true, nil
	}
	if r.from == nil { // counted from the start of the instance
		return ev.act.inst.start, true, nil
	}
	t, ok, err := ev.instant(r, r.from)
	if err == nil && !ok {
		ev.add(r, Result{Status: NotApplicable}, trace{note: noteNoStart})
	}
	return t, ok, err
}

func (ev *evaluation) deadline(r *rule) error {
	if ok, err := ev.applies(r); err != nil || !ok {
		return err
	}
	from, ok, err := ev.anchor(r)
	if err != nil || !ok {
		return err
	}
	dt, err := ev.count(r, from)
	if err != nil {
		return err
	}
	due := dt.counted
	if r.extendedTo != nil {
		ext, ok, err := ev.instant(r, r.extendedTo)
		if err != nil {
			return err
		}
		if ok && !ev.p.cal.Covers(ext) {
			// A typo in the year would otherwise make a deadline centuries
			// away, or late by as long.
			first, last := ev.p.cal.Range()
			return &EvalError{Case: ev.c.ID, Rule: r.info.ID, Key: r.extendedTo.key, At: r.extendedTo.at, Err: &timescale.RangeError{Date: ext, First: first, Last: last}}
		}
		if to := (timescale.Deadline{Time: calendar.Date(ext), WholeDay: true}); ok && to != due {
			dt.change = extended
			if to.Time.Before(due.Date()) {
				dt.change = moved
			}
			due = to
		}
	}
	res := Result{From: from, Due: due}
	done, hasDone, err := ev.doneFor(r, from)
	if err != nil {
		return err
	}
	ev.settle(&res, hasDone, done, ev.asOf)
	dt.by = ev.asOf
	if in := ev.act.inst; in != nil && !hasDone && in.hasEnd && ev.happened(in.end) && !r.info.Before {
		// The instance ended with nothing done: not due at all when it
		// ended by the due date; overdue to its end when it ended later.
		end := calendar.Date(in.end)
		if !end.After(due.Date()) {
			dt.note = noteEnded
			ev.add(r, Result{Status: NotApplicable, From: from, Due: due}, dt)
			return nil
		}
		if res.Status == Overdue {
			res.WorkingDaysLate, res.DaysLate = res.Due.Lateness(ev.p.cal, end)
			dt.by, dt.byEnd = end, true
		}
	}
	if r.unless != nil && res.Status != Met {
		excepted, err := ev.truth(r, r.unless)
		if err != nil {
			return err
		}
		if excepted {
			res.Status, res.WorkingDaysLate, res.DaysLate = Excepted, 0, 0
		}
	}
	if hasDone {
		*ev.doneSlot(r) = done
	}
	ev.add(r, res, dt)
	return nil
}

// doneFor finds what meets a deadline counted from from. done: may give an
// instant or a list of events. From a list, a within: rule takes the first
// event dated on or after the start (an ICPC of an earlier episode does not
// meet a new strategy discussion's deadline) and a before: rule the first
// event; a single instant counts on the same terms. Either way it must have
// happened by the as-of date.
func (ev *evaluation) doneFor(r *rule, from time.Time) (time.Time, bool, error) {
	start := calendar.Date(from)
	t, ok, err := ev.firstOf(r, r.done, func(t time.Time) bool {
		return (r.info.Before || !calendar.Date(t).Before(start)) && ev.inWindow(t)
	})
	return t, ok && ev.happened(t), err
}

// count works out a rule's due date from a start, rolled as the rule says.
func (ev *evaluation) count(r *rule, from time.Time) (trace, error) {
	period, cal := r.info.Period, ev.p.cal
	fromEnd := endOfDay(r, from)
	if fromEnd {
		// A period in hours from a date given without a time runs from the
		// end of that day: anything done that day is on time.
		from = calendar.Date(from).AddDate(0, 0, 1)
	}
	count := func(conv timescale.Convention) (timescale.Deadline, error) {
		if r.info.Before {
			return period.Before(cal, from, conv)
		}
		if !fromEnd {
			return period.After(cal, from, conv)
		}
		d, err := period.After(cal, from, timescale.Convention{Inclusive: conv.Inclusive})
		if err != nil {
			return d, err
		}
		if d.Time.Equal(calendar.Date(d.Time)) {
			// Whole days of hours from the end of a day end at the end of
			// a day: a deadline of that whole day, not of the midnight
			// after it (which would roll off a Saturday the Friday owns).
			d = timescale.Deadline{Time: calendar.Date(d.Time).AddDate(0, 0, -1), WholeDay: true}
		}
		return d.Rolled(cal, conv.Roll)
	}
	due, err := count(r.conv)
	if err != nil {
		return trace{}, &EvalError{Case: ev.c.ID, Rule: r.info.ID, Key: periodKey(r), At: r.periodAt, Err: err}
	}
	t := trace{unrolled: due, counted: due}
	if r.conv.Roll != timescale.NoRoll {
		t.unrolled, _ = count(timescale.Convention{Inclusive: r.conv.Inclusive})
	}
	return t, nil
}

// endOfDay reports whether a period of r counted from from runs from the
// end of from's day: a period in hours, counted forward, from an instant at
// midnight exactly in London, which is how a date given without a time is
// held.
func endOfDay(r *rule, from time.Time) bool {
	return r.info.Period.Hourly() && !r.info.Before && from.Equal(calendar.Date(from))
}

func periodKey(r *rule) string {
	switch {
	case r.info.Kind == Recurring:
		return "every"
	case r.info.Before:
		return "before"
	}
	return "within"
}

// settle sets a result's status from whether and when it was done. A
// deadline not done is overdue when its date is before the as-of date, and
// its lateness is counted to by (the as-of date, or the end of a chain).
func (ev *evaluation) settle(res *Result, hasDone bool, done time.Time, by time.Time) {
	cal := ev.p.cal
	if hasDone {
		res.Done = done
		if res.Due.MetBy(done) {
			res.Status = Met
			return
		}
		res.Status = Late
		res.WorkingDaysLate, res.DaysLate = res.Due.Lateness(cal, done)
		return
	}
	dueDate := res.Due.Date()
	if dueDate.Before(ev.asOf) {
		res.Status = Overdue
		res.WorkingDaysLate, res.DaysLate = res.Due.Lateness(cal, by)
		return
	}
	if !dueDate.After(ev.warnDate()) {
		res.Status = DueSoon
	} else {
		res.Status = Pending
	}
}

// warnDate is the last date on which a result not done is due_soon: the
// date warn_before after the as-of date, or the as-of date itself.
func (ev *evaluation) warnDate() time.Time {
	if !ev.warnKnown {
		ev.warnUntil, ev.warnKnown = ev.asOf, true
		if !ev.p.warnBefore.IsZero() {
			if d, err := ev.p.warnBefore.After(ev.p.cal, ev.asOf, timescale.Convention{}); err == nil {
				ev.warnUntil = d.Date()
			}
		}
	}
	return ev.warnUntil
}

func (ev *evaluation) recurring(r *rule) error {
	if ok, err := ev.applies(r); err != nil || !ok {
		return err
	}
	prev, ok, err := ev.anchor(r)
	if err != nil || !ok {
		return err
	}
	v, err := ev.eval(r, r.done)
	if err != nil {
		return err
	}
	ev.times, err = ev.instants(r, r.done, v, ev.times)
	if err != nil {
		return err
	}
	times := ev.times
	until, hasUntil, err := ev.untilFor(r, prev)
	if err != nil {
		return err
	}
	// A chain counted for an instance stops when the instance ends, if
	// that comes before until:.
	untilIsEnd := false
	if in := ev.act.inst; in != nil && in.hasEnd && ev.happened(in.end) && (!hasUntil || in.end.Before(until)) {
		until, hasUntil, untilIsEnd = in.end, true, true
	}
	// A missed occurrence of a chain that has ended is late to its end.
	by, byUntil, byEnd := ev.asOf, false, false
	if hasUntil && calendar.Date(until).Before(ev.asOf) {
		by, byUntil, byEnd = calendar.Date(until), !untilIsEnd, untilIsEnd
	}
	next := 0 // index into times of the first instant after prev
	for k := 1; k <= maxOccurrences; k++ {
		dt, err := ev.count(r, prev)
		if err != nil {
			return err
		}
		for next < len(times) && !times[next].After(prev) {
			next++
		}
		// By date: a review held on the day the plan ended, after the hour
		// the end was recorded, is still the plan's review.
		found := next < len(times) && ev.happened(times[next]) && !(hasUntil && calendar.Date(times[next]).After(calendar.Date(until)))
		if !found && hasUntil && !calendar.Date(until).After(dt.counted.Date()) {
			// The chain ended before this occurrence was due. A chain
			// counted for an instance that ends before its first occurrence
			// says so, so that every instance has a line.
			if k == 1 && ev.act.inst != nil {
				dt.note, dt.by, dt.byEnd, dt.byUntil = noteEnded, calendar.Date(until), untilIsEnd, !untilIsEnd
				ev.add(r, Result{Status: NotApplicable, Occurrence: 1, From: prev, Due: dt.counted}, dt)
			}
			return nil
		}
		res := Result{Occurrence: k, From: prev, Due: dt.counted}
		var done time.Time
		if found {
			done = times[next]
		}
		ev.settle(&res, found, done, by)
		dt.by, dt.byUntil, dt.byEnd = by, byUntil, byEnd
		ev.add(r, res, dt)
		if !found {
			return nil // a missed occurrence does not start the next one
		}
		prev = done
		*ev.doneSlot(r) = done
	}
	return nil
}

// untilFor finds when a chain that started at start stops: until: gives an
// instant, which is the end whatever its date, or a list of events, of
// which the first dated on or after the start counts (the end of this plan,
// not of an earlier one; by date, so a plan ended at the review that started
// the chain still ends it). It must have happened by the as-of date.
func (ev *evaluation) untilFor(r *rule, start time.Time) (time.Time, bool, error) {
	if r.until == nil {
		return time.Time{}, false, nil
	}
	startDate := calendar.Date(start)
	keep := func(t time.Time) bool { return !calendar.Date(t).Before(startDate) && ev.inWindow(t) }
	if r.until.shape == shapeInstant {
		keep = func(time.Time) bool { return true }
	}
	t, ok, err := ev.firstOf(r, r.until, keep)
	return t, ok && ev.happened(t), err
}

func (ev *evaluation) check(r *rule) error {
	if ok, err := ev.applies(r); err != nil || !ok {
		return err
	}
	v, err := ev.eval(r, r.check)
	if err != nil {
		return err
	}
	if isAbsent(v) {
		ev.add(r, Result{Status: NotApplicable}, trace{note: noteUndecided})
		return nil
	}
	b, ok := v.(types.Bool)
	if !ok {
		return ev.wrongType(r, r.check, "true or false", v)
	}
	if b {
		ev.add(r, Result{Status: Met}, trace{note: noteHolds})
	} else {
		ev.add(r, Result{Status: Violated}, trace{note: noteViolated})
	}
	return nil
}
