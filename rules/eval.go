package rules

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// maxOccurrences stops a recurring chain that would otherwise run on.
const maxOccurrences = 5000

// activation is one case as a policy's expressions see it. It is built once
// per evaluation, in CEL's own value types, and shared by every expression;
// variables are evaluated on first use and kept.
type activation struct {
	p      *Policy
	caseID ref.Val
	child  record
	facts  record
	events eventsValue
	asOf   ref.Val
	vars   []ref.Val
}

func (a *activation) fill(p *Policy, c *timescale.Case, asOf time.Time) error {
	a.p = p
	a.caseID = types.String(c.ID)
	a.facts.vals = c.Facts
	a.child.vals = c.Child.Attributes
	if dob := c.Child.DateOfBirth; !dob.IsZero() {
		a.child.fixedKey, a.child.fixedVal = "date_of_birth", types.Timestamp{Time: dob}
	}
	if err := a.events.fill(c, p.eventKinds); err != nil {
		return err
	}
	a.asOf = types.Timestamp{Time: asOf}
	if len(p.vars) > 0 {
		a.vars = make([]ref.Val, len(p.vars))
	}
	return nil
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "case":
		return a.caseID, true
	case "child":
		return &a.child, true
	case "facts":
		return &a.facts, true
	case "events":
		return &a.events, true
	case "as_of":
		return a.asOf, true
	}
	rest, ok := strings.CutPrefix(name, "variables.")
	if !ok {
		return nil, false
	}
	i, ok := a.p.varIndex[rest]
	if !ok {
		return nil, false
	}
	if a.vars[i] == nil {
		v, _, err := a.p.vars[i].expr.prg.Eval(a)
		if err != nil {
			v = types.NewErr("variables.%s: %v", rest, err)
		}
		a.vars[i] = v
	}
	return a.vars[i], true
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// span is where a result's explanation lies in the shared buffer, and
// which rule the result is of.
type span struct {
	rule, start, end int32
}

// evaluation is the state of one Evaluate call.
type evaluation struct {
	p       *Policy
	c       *timescale.Case
	act     activation
	asOf    time.Time // midnight in London on the as-of date
	results []Result
	spans   []span             // one per result
	doneAt  []time.Time        // per rule: when it was last met, for rules that follow it
	buf     []byte             // every explanation, written once and sliced
	skipped []calendar.Holiday // scratch for due
	times   []time.Time        // scratch for instants
}

// Evaluate applies the policy to a case as of a date (asOf's date in
// London: the report says where things stood at the end of that day).
// Events dated after it have not happened yet: they can start a period (a
// conference already booked) but do not meet one.
//
// The same policy, case and date always give the same report. An error
// means the case could not be evaluated: a date outside the calendar, a
// case larger than MaxListSize, or a fact of the wrong type for an
// expression; it names the case, the rule and the key.
func (p *Policy) Evaluate(c *timescale.Case, asOf time.Time) (*Report, error) {
	if c == nil {
		return nil, errors.New("rules: no case")
	}
	day := calendar.Date(asOf)
	if !p.cal.Covers(day) {
		first, last := p.cal.Range()
		return nil, fmt.Errorf("rules: case %s: as-of date %s is outside the working-day calendar (%s to %s)", c.ID, day.Format("2006-01-02"), first.Format("2006-01-02"), last.Format("2006-01-02"))
	}
	if err := checkSizes(c); err != nil {
		return nil, err
	}
	ev := &evaluation{
		p: p, c: c, asOf: day,
		results: make([]Result, 0, 2*len(p.rules)),
		spans:   make([]span, 0, 2*len(p.rules)),
		doneAt:  make([]time.Time, len(p.rules)),
		buf:     make([]byte, 0, 160*len(p.rules)),
	}
	if err := ev.act.fill(p, c, day); err != nil {
		return nil, err
	}
	for _, r := range p.evalOrder {
		var err error
		switch r.info.Kind {
		case Deadline:
			err = ev.deadline(r)
		case Recurring:
			err = ev.recurring(r)
		case Check:
			err = ev.check(r)
		}
		if err != nil {
			return nil, err
		}
	}
	if p.reordered {
		ev.reorder()
	}
	rep := &Report{Case: c.ID, Policy: p.id, AsOf: day, Results: ev.results}
	// Every explanation is a slice of one string. The buffer is not written
	// again, so it becomes that string without a copy, as strings.Builder
	// does.
	var text string
	if len(ev.buf) > 0 {
		text = unsafe.String(&ev.buf[0], len(ev.buf))
	}
	for i, sp := range ev.spans {
		rep.Results[i].Explanation = text[sp.start:sp.end]
		if rep.Results[i].Status.IsBreach() {
			rep.Breaches++
		}
	}
	rep.Warnings = p.unknownKinds(c)
	return rep, nil
}

// checkSizes refuses a case with a value larger than the bound the cost
// estimates assume (the number of events is checked as they are sorted).
func checkSizes(c *timescale.Case) error {
	for i := range c.Events {
		if len(c.Events[i].Attributes) == 0 {
			continue
		}
		if err := checkValueSize(c.ID, "event "+c.Events[i].Kind, c.Events[i].Attributes); err != nil {
			return err
		}
	}
	if err := checkValueSize(c.ID, "facts", c.Facts); err != nil {
		return err
	}
	return checkValueSize(c.ID, "child", c.Child.Attributes)
}

func checkValueSize(id, where string, v any) error {
	size := 0
	switch x := v.(type) {
	case string:
		size = len(x)
	case []any:
		size = len(x)
		for _, y := range x {
			if err := checkValueSize(id, where, y); err != nil {
				return err
			}
		}
	case map[string]any:
		size = len(x)
		for _, y := range x {
			if err := checkValueSize(id, where, y); err != nil {
				return err
			}
		}
	}
	if size > MaxListSize {
		return fmt.Errorf("rules: case %s: a value in %s is longer than %d", id, where, MaxListSize)
	}
	return nil
}

// unknownKinds warns of case events of kinds the policy does not read.
func (p *Policy) unknownKinds(c *timescale.Case) []string {
	var out []string
	for _, e := range c.Events {
		if _, ok := p.eventKinds[e.Kind]; ok {
			continue
		}
		where := ""
		if e.Line > 0 {
			where = fmt.Sprintf(" (line %d)", e.Line)
		}
		out = append(out, fmt.Sprintf("event kind %q%s is not one this policy reads; it was not counted", e.Kind, where))
	}
	return out
}

// begin starts a result's explanation; add finishes the result.
func (ev *evaluation) begin() int { return len(ev.buf) }

func (ev *evaluation) add(r *rule, res Result, start int) {
	res.Rule, res.Title = r.info.ID, r.info.Title
	if res.Occurrence == 0 {
		res.Occurrence = 1
	}
	ev.results = append(ev.results, res)
	ev.spans = append(ev.spans, span{rule: int32(r.index), start: int32(start), end: int32(len(ev.buf))})
}

// reorder puts results in report order when rules were evaluated in
// another (a rule before the rule it follows).
func (ev *evaluation) reorder() {
	order := make([]int, len(ev.results))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(ev.spans[a].rule - ev.spans[b].rule) })
	results := make([]Result, len(order))
	spans := make([]span, len(order))
	for i, j := range order {
		results[i], spans[i] = ev.results[j], ev.spans[j]
	}
	ev.results, ev.spans = results, spans
}

// notApplicable adds a not_applicable result explained by why.
func (ev *evaluation) notApplicable(r *rule, why string) {
	start := ev.begin()
	ev.buf = append(ev.buf, why...)
	ev.add(r, Result{Status: NotApplicable}, start)
}

func (ev *evaluation) eval(r *rule, x *expr) (ref.Val, error) {
	if x.pick != nil {
		return x.pick.eval(&ev.act.events), nil
	}
	v, _, err := x.prg.Eval(&ev.act)
	if err != nil {
		return nil, &EvalError{Case: ev.c.ID, Rule: r.info.ID, Key: x.key, Err: err}
	}
	return v, nil
}

// truth evaluates a condition: absent counts as false.
func (ev *evaluation) truth(r *rule, x *expr) (bool, error) {
	v, err := ev.eval(r, x)
	if err != nil || isAbsent(v) {
		return false, err
	}
	b, ok := v.(types.Bool)
	if !ok {
		return false, &EvalError{Case: ev.c.ID, Rule: r.info.ID, Key: x.key, Err: fmt.Errorf("want true or false, found %s", v.Type().TypeName())}
	}
	return bool(b), nil
}

// instant evaluates an instant; ok is false when it is absent.
func (ev *evaluation) instant(r *rule, x *expr) (time.Time, bool, error) {
	if x.pick != nil {
		t, ok := x.pick.instant(&ev.act.events)
		return t, ok, nil
	}
	v, err := ev.eval(r, x)
	if err != nil || isAbsent(v) {
		return time.Time{}, false, err
	}
	t, ok := londonTime(v)
	if !ok {
		return time.Time{}, false, &EvalError{Case: ev.c.ID, Rule: r.info.ID, Key: x.key, Err: fmt.Errorf("want a timestamp, found %s", v.Type().TypeName())}
	}
	return t, true, nil
}

// happened reports whether t is on or before the as-of date.
func (ev *evaluation) happened(t time.Time) bool { return !calendar.Date(t).After(ev.asOf) }

// applies evaluates when:, adding a not_applicable result when it is not
// true.
func (ev *evaluation) applies(r *rule) (bool, error) {
	if r.when == nil {
		return true, nil
	}
	ok, err := ev.truth(r, r.when)
	if err == nil && !ok {
		ev.notApplicable(r, "Does not apply: "+strings.TrimSpace(r.when.text)+" is not true for this case.")
	}
	return ok, err
}

// anchor returns where a rule's period starts, adding a not_applicable
// result when it has not started.
func (ev *evaluation) anchor(r *rule) (time.Time, bool, error) {
	if r.after != nil {
		t := ev.doneAt[r.after.index]
		if t.IsZero() {
			ev.notApplicable(r, "Not started: waits for "+strconv.Quote(r.after.info.Title)+" to be met.")
			return t, false, nil
		}
		return t, true, nil
	}
	t, ok, err := ev.instant(r, r.from)
	if err == nil && !ok {
		if r.fromLabel == "" {
			ev.notApplicable(r, "Not started: "+strings.TrimSpace(r.from.text)+" has no value for this case.")
		} else {
			ev.notApplicable(r, "Not started: no "+r.fromLabel+" recorded.")
		}
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
	start := ev.begin()
	due, err := ev.due(r, from, r.fromLabel)
	if err != nil {
		return err
	}
	if r.extendedTo != nil {
		ext, ok, err := ev.instant(r, r.extendedTo)
		if err != nil {
			return err
		}
		if moved := (timescale.Deadline{Time: calendar.Date(ext), WholeDay: true}); ok && moved != due {
			if moved.Time.Before(due.Date()) {
				ev.buf = append(ev.buf, ", moved to "...)
			} else {
				ev.buf = append(ev.buf, ", extended to "...)
			}
			due = moved
			ev.buf = appendDate(ev.buf, due.Time)
		}
	}
	res := Result{From: from, Due: due}
	done, hasDone, err := ev.doneFor(r, from)
	if err != nil {
		return err
	}
	ev.settle(&res, hasDone, done, ev.asOf)
	if r.unless != nil && res.Status != Met {
		excepted, err := ev.truth(r, r.unless)
		if err != nil {
			return err
		}
		if excepted {
			res.Status, res.WorkingDaysLate, res.DaysLate = Excepted, 0, 0
		}
	}
	ev.explainStatus(r, &res, ev.asOf, "")
	if hasDone {
		ev.doneAt[r.index] = done
	}
	ev.add(r, res, start)
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
	t, ok, err := ev.firstOf(r, r.done, func(t time.Time) bool { return r.info.Before || !calendar.Date(t).Before(start) })
	return t, ok && ev.happened(t), err
}

// firstOf evaluates an expression that gives an instant or a list of events
// or instants, and returns the instant, or the earliest of the list, for
// which keep is true.
func (ev *evaluation) firstOf(r *rule, x *expr, keep func(time.Time) bool) (time.Time, bool, error) {
	if x.shape != shapeList && x.shape != shapeDyn {
		t, ok, err := ev.instant(r, x)
		return t, ok && keep(t), err
	}
	v, err := ev.eval(r, x)
	if err != nil || isAbsent(v) {
		return time.Time{}, false, err
	}
	if t, ok := londonTime(v); ok { // a dyn expression (a fact) that gave an instant
		return t, keep(t), nil
	}
	return ev.firstWhere(r, v, keep)
}

// due computes a deadline and writes how it was reached: "15 working days
// from Thu 21 Mar 2024 (strategy discussion), skipping Good Friday 29 Mar
// and Easter Monday 1 Apr, is Mon 15 Apr 2024".
func (ev *evaluation) due(r *rule, from time.Time, label string) (timescale.Deadline, error) {
	period, cal := r.info.Period, ev.p.cal
	count := func(conv timescale.Convention) (timescale.Deadline, error) {
		if r.info.Before {
			return period.Before(cal, from, conv)
		}
		return period.After(cal, from, conv)
	}
	due, err := count(r.conv)
	if err != nil {
		return due, &EvalError{Case: ev.c.ID, Rule: r.info.ID, Key: periodKey(r), Err: err}
	}
	b := appendPeriod(ev.buf, period)
	if r.info.Before {
		b = append(b, " before "...)
	} else {
		b = append(b, " from "...)
	}
	b = appendInstant(b, from, period.Hourly())
	if label != "" {
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
	unrolled := due
	if r.conv.Roll != timescale.NoRoll {
		unrolled, _ = count(timescale.Convention{Inclusive: r.conv.Inclusive})
	}
	if period.Unit == timescale.WorkingDays {
		lo, hi := from, unrolled.Time
		if r.info.Before {
			lo, hi = hi, lo
		}
		ev.skipped = cal.AppendDaysOff(ev.skipped[:0], lo.AddDate(0, 0, 1), hi)
		if len(ev.skipped) > 0 {
			b = append(b, ", skipping "...)
			b = appendDaysOff(b, ev.skipped)
			clauses = true
		}
	}
	if clauses {
		b = append(b, ',')
	}
	b = append(b, " is "...)
	b = appendDeadline(b, unrolled)
	if unrolled != due {
		b = append(b, ", not a working day, so "...)
		b = appendDeadline(b, due)
	}
	ev.buf = b
	return due, nil
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
	warnUntil := ev.asOf
	if !ev.p.warnBefore.IsZero() {
		if d, err := ev.p.warnBefore.After(cal, ev.asOf, timescale.Convention{}); err == nil {
			warnUntil = d.Date()
		}
	}
	if !dueDate.After(warnUntil) {
		res.Status = DueSoon
	} else {
		res.Status = Pending
	}
}

// explainStatus writes ". Met: ICPC on Fri 22 Mar 2024." and the like
// after the due date's explanation. by is the date lateness was counted to;
// byWhat names it when it is not the as-of date ("CP plan end").
func (ev *evaluation) explainStatus(r *rule, res *Result, by time.Time, byWhat string) {
	what := r.doneLabel
	b := append(ev.buf, ". "...)
	switch res.Status {
	case Met, Late:
		if res.Status == Met {
			b = append(b, "Met: "...)
		} else {
			b = append(b, "Late: "...)
		}
		if what == "" {
			b = append(b, "done"...)
		} else {
			b = append(b, what...)
		}
		b = append(b, " on "...)
		b = appendInstant(b, res.Done, !res.Due.WholeDay)
		if res.Status == Late {
			b = append(b, ", "...)
			if !res.Due.WholeDay && res.DaysLate == 0 {
				hours := int((res.Done.Sub(res.Due.Time) + time.Hour - 1) / time.Hour)
				b = appendCount(b, hours, "hour")
				b = append(b, " after the due time"...)
			} else {
				b = appendLateness(b, res.WorkingDaysLate, res.DaysLate)
				b = append(b, " after the due date"...)
			}
		}
	case Overdue:
		b = append(b, "Overdue: "...)
		if what == "" {
			b = append(b, "not done "...)
		} else {
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
		if res.Status == DueSoon {
			b = append(b, "Due soon: "...)
		} else {
			b = append(b, "Pending: "...)
		}
		if what == "" {
			b = append(b, "not done"...)
		} else {
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
		b = append(b, "Excepted: "...)
		if r.reason != "" {
			b = append(b, strings.TrimSuffix(strings.TrimSpace(r.reason), ".")...)
		} else {
			b = append(b, "an approved exception ("...)
			b = append(b, strings.TrimSpace(r.unless.text)...)
			b = append(b, ')')
		}
	}
	ev.buf = append(b, '.')
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
	ev.times, err = ev.instants(r, v, ev.times)
	if err != nil {
		return err
	}
	times := ev.times
	until, hasUntil, err := ev.untilFor(r, prev)
	if err != nil {
		return err
	}
	next := 0 // index into times of the first instant after prev
	for k := 1; k <= maxOccurrences; k++ {
		start := ev.begin()
		label := r.fromLabel
		if k > 1 {
			label = r.doneLabel // counted from the occurrence before
		}
		due, err := ev.due(r, prev, label)
		if err != nil {
			return err
		}
		for next < len(times) && !times[next].After(prev) {
			next++
		}
		found := next < len(times) && ev.happened(times[next]) && !(hasUntil && times[next].After(until))
		if !found && hasUntil && !calendar.Date(until).After(due.Date()) {
			ev.buf = ev.buf[:start] // the chain ended before this occurrence was due
			return nil
		}
		res := Result{Occurrence: k, From: prev, Due: due}
		var done time.Time
		if found {
			done = times[next]
		}
		// A missed occurrence of a chain that has ended is late to its end.
		by, byWhat := ev.asOf, ""
		if hasUntil && calendar.Date(until).Before(ev.asOf) {
			by, byWhat = calendar.Date(until), r.until.label
			if byWhat == "" {
				byWhat = "end"
			}
		}
		ev.settle(&res, found, done, by)
		ev.explainStatus(r, &res, by, byWhat)
		ev.add(r, res, start)
		if !found {
			return nil // a missed occurrence does not start the next one
		}
		prev = done
		ev.doneAt[r.index] = done
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
	keep := func(t time.Time) bool { return !calendar.Date(t).Before(startDate) }
	if r.until.shape == shapeInstant {
		keep = func(time.Time) bool { return true }
	}
	t, ok, err := ev.firstOf(r, r.until, keep)
	return t, ok && ev.happened(t), err
}

// firstWhere returns the earliest instant of a list of events or
// timestamps for which keep is true.
func (ev *evaluation) firstWhere(r *rule, v ref.Val, keep func(time.Time) bool) (time.Time, bool, error) {
	if el, ok := v.(*eventList); ok { // in time order already: no copy
		for i := range el.items {
			if t := el.items[i].e.At; keep(t) {
				return t, true, nil
			}
		}
		return time.Time{}, false, nil
	}
	times, err := ev.instants(r, v, nil)
	if err != nil {
		return time.Time{}, false, err
	}
	for _, t := range times {
		if keep(t) {
			return t, true, nil
		}
	}
	return time.Time{}, false, nil
}

// instants reads a list of events or timestamps as sorted instants,
// appending to dst[:0].
func (ev *evaluation) instants(r *rule, v ref.Val, dst []time.Time) ([]time.Time, error) {
	if isAbsent(v) {
		return nil, nil
	}
	list, ok := v.(traits.Lister)
	if !ok {
		return nil, &EvalError{Case: ev.c.ID, Rule: r.info.ID, Key: "done", Err: fmt.Errorf("want a list of events or timestamps, found %s", v.Type().TypeName())}
	}
	out := dst[:0]
	if el, ok := list.(*eventList); ok {
		// Already in time order.
		for i := range el.items {
			out = append(out, el.items[i].e.At)
		}
		return out, nil
	}
	n := int(list.Size().(types.Int))
	for i := 0; i < n; i++ {
		x := instantOf(list.Get(types.Int(i)))
		if isAbsent(x) {
			continue
		}
		t, ok := londonTime(x)
		if !ok {
			return nil, &EvalError{Case: ev.c.ID, Rule: r.info.ID, Key: "done", Err: fmt.Errorf("list item %d is %s, not an event or timestamp", i, x.Type().TypeName())}
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out, nil
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
		ev.notApplicable(r, "Cannot be decided yet: an event or fact it reads is not recorded.")
		return nil
	}
	b, ok := v.(types.Bool)
	if !ok {
		return &EvalError{Case: ev.c.ID, Rule: r.info.ID, Key: "check", Err: fmt.Errorf("want true or false, found %s", v.Type().TypeName())}
	}
	start := ev.begin()
	res := Result{Status: Met}
	if b {
		ev.buf = append(ev.buf, "Holds: "...)
		ev.buf = append(ev.buf, strings.TrimSpace(r.check.text)...)
	} else {
		res.Status = Violated
		ev.buf = append(ev.buf, "Violated: "...)
		ev.buf = append(ev.buf, strings.TrimSuffix(r.info.Title, ".")...)
	}
	ev.buf = append(ev.buf, '.')
	ev.add(r, res, start)
	return nil
}

// Formatting without allocation, for explanations.

// appendDate writes "Mon 4 Mar 2024", t's date in London.
func appendDate(b []byte, t time.Time) []byte {
	y, m, d, wd := calendar.DateOf(t)
	b = append(b, wd.String()[:3]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(d), 10)
	b = append(b, ' ')
	b = append(b, m.String()[:3]...)
	b = append(b, ' ')
	return strconv.AppendInt(b, int64(y), 10)
}

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
