package rules

// This file: the evaluation stage. A case and an as-of date go in; each
// rule, in the order the rules follow each other, adds its results and how
// each was reached (a trace); the explanations are then written from the
// traces (explain.go) and the report put together.

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// maxOccurrences stops a recurring chain that would otherwise run on.
const maxOccurrences = 5000

// ErrNoCase is the error of evaluating a nil case.
var ErrNoCase = errors.New("rules: no case")

// evaluation is the state of one Evaluate call.
type evaluation struct {
	p       *Policy
	c       *timescale.Case
	act     activation
	asOf    time.Time // midnight in London on the as-of date
	results []Result
	traces  []trace     // one per result
	doneAt  []time.Time // per rule: when it was last met, for rules that follow it
	times   []time.Time // scratch for instants
	// warnUntil is the last date on which a result not done is due_soon,
	// worked out once, when first needed.
	warnUntil time.Time
	warnKnown bool
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
		return nil, ErrNoCase
	}
	day := calendar.Date(asOf)
	if !p.cal.Covers(day) {
		first, last := p.cal.Range()
		return nil, fmt.Errorf("rules: case %s: as-of date %s is outside the working-day calendar (%s to %s)", c.ID, day.Format(time.DateOnly), first.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	if err := checkSizes(c); err != nil {
		return nil, err
	}
	ev := evaluations.Get().(*evaluation)
	defer ev.release()
	ev.p, ev.c, ev.asOf = p, c, day
	ev.results = make([]Result, 0, 2*len(p.rules))
	ev.traces = slices.Grow(ev.traces[:0], 2*len(p.rules))
	ev.doneAt = append(ev.doneAt[:0], make([]time.Time, len(p.rules))...)
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
	ev.explain(rep.Results)
	for i := range rep.Results {
		if rep.Results[i].Status.IsBreach() {
			rep.Breaches++
		}
	}
	rep.Warnings = p.unknownKinds(c)
	return rep, nil
}

// evaluations keeps the scratch of finished evaluations (traces, the
// sorted events) for the next, so that a caseload makes little garbage.
var evaluations = sync.Pool{New: func() any { return new(evaluation) }}

// release forgets the case and returns the evaluation's scratch to the pool.
func (ev *evaluation) release() {
	ev.p, ev.c, ev.results = nil, nil, nil
	clear(ev.traces)
	ev.act.release()
	ev.warnKnown = false
	evaluations.Put(ev)
}

// add records a result and how it was reached.
func (ev *evaluation) add(r *rule, res Result, t trace) {
	res.Rule, res.Title = r.info.ID, r.info.Title
	if res.Occurrence == 0 {
		res.Occurrence = 1
	}
	t.rule = r
	ev.results = append(ev.results, res)
	ev.traces = append(ev.traces, t)
}

// reorder puts results in report order when rules were evaluated in
// another (a rule before the rule it follows).
func (ev *evaluation) reorder() {
	order := make([]int, len(ev.results))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return ev.traces[a].rule.index - ev.traces[b].rule.index })
	results := make([]Result, len(order))
	traces := make([]trace, len(order))
	for i, j := range order {
		results[i], traces[i] = ev.results[j], ev.traces[j]
	}
	ev.results, ev.traces = results, traces
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
