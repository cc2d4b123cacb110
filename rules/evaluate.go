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

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/suggest"
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
	traces  []trace // one per result
	// doneAt holds, per rule and per instance it is counted for (one when it
	// is counted once), when it was last met, for rules that follow it.
	doneAt [][]time.Time
	slot   int         // the instance being evaluated, from 0
	times  []time.Time // scratch for instants
	// The case's instances of each kind, found on first use.
	instances   [][]instance
	found       []bool
	instanceErr []error
	startItems  [][]item // per kind: what started its instances, which they are slices of
	endItems    []item   // scratch for ends
	// warnUntil is the last date on which a result not done is due_soon,
	// worked out once, when first needed.
	warnUntil time.Time
	warnKnown bool
	// The native road's scratch (native.go): the lists it made, the
	// events they hold, and the event each comprehension is at.
	nlists     []*eventList
	nlistsUsed int
	nitems     []eventValue
	nslots     [maxNativeSlots]*eventValue
	ncomp      int // native filters and exists under way
	// Scratch for the explanations' text and the days a count skipped.
	text    []byte
	skipped []calendar.Holiday
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
	return p.evaluate(c, asOf, false)
}

// EvaluateResults is Evaluate doing only the work a statistic, a summary or
// a spreadsheet of results needs: every result's status, dates and lateness
// as Evaluate gives them, and the Warnings (what in the case was not read,
// which a verdict may turn on), with no Explanation written.
func (p *Policy) EvaluateResults(c *timescale.Case, asOf time.Time) (*Report, error) {
	return p.evaluate(c, asOf, true)
}

// evaluate is Evaluate, and with resultsOnly EvaluateResults.
func (p *Policy) evaluate(c *timescale.Case, asOf time.Time, resultsOnly bool) (*Report, error) {
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
	ev.results = ev.results[:0] // scratch: the report gets a copy of its size
	ev.traces = slices.Grow(ev.traces[:0], 2*len(p.rules))
	if cap(ev.doneAt) < len(p.rules) {
		ev.doneAt = make([][]time.Time, len(p.rules))
	}
	ev.doneAt = ev.doneAt[:len(p.rules)]
	if n := len(p.instances); n > 0 {
		if cap(ev.instances) < n {
			ev.instances = make([][]instance, n)
			ev.startItems = make([][]item, n)
		}
		ev.instances = ev.instances[:n]
		ev.startItems = ev.startItems[:n]
		ev.found = append(ev.found[:0], make([]bool, n)...)
		ev.instanceErr = append(ev.instanceErr[:0], make([]error, n)...)
	}
	if err := ev.act.fill(p, c, day); err != nil {
		return nil, err
	}
	ev.act.instances.ev = ev
	ev.act.instances.lists = append(ev.act.instances.lists[:0], make([]ref.Val, len(p.instances))...)
	ev.act.setInstance(nil, nil)
	for _, r := range p.evalOrder {
		if err := ev.rule(r); err != nil {
			return nil, err
		}
	}
	if p.reordered {
		ev.reorder()
	}
	rep := &Report{Case: c.ID, Policy: p.id, PolicyDigest: p.digest, Library: Version(), AsOf: day, Results: make([]Result, len(ev.results))}
	if !resultsOnly {
		ev.explain(ev.results)
	}
	copy(rep.Results, ev.results)
	for i := range rep.Results {
		if rep.Results[i].IsBreach() {
			rep.Breaches++
		}
	}
	warnings, err := ev.warnings()
	if err != nil {
		return nil, err
	}
	if len(c.Warnings) > 0 {
		// The case's first, in a slice of the report's own to append to.
		warnings = append(slices.Clip(c.Warnings), warnings...)
	}
	if len(warnings) > 0 {
		rep.Warnings = warnings
	}
	return rep, nil
}

// rule adds a rule's results: once, or once for each instance it is
// counted for; or, when the record's source cannot hold what the rule
// reads, one not_recorded result.
func (ev *evaluation) rule(r *rule) error {
	if ev.unrecorded(r.reads) || ev.unrecorded(r.starts) {
		ev.add(r, Result{Status: NotRecorded}, trace{note: noteNotRecorded})
		return nil
	}
	if r.forEach == nil {
		ev.doneAt[r.index] = append(ev.doneAt[r.index][:0], time.Time{})
		return ev.once(r)
	}
	ins, err := ev.instancesOf(r.forEach)
	if err != nil {
		return err
	}
	if len(ins) == 0 {
		ev.add(r, Result{Status: NotApplicable}, trace{note: noteNoInstance})
		return nil
	}
	ev.doneAt[r.index] = append(ev.doneAt[r.index][:0], make([]time.Time, len(ins))...)
	defer func() { ev.act.setInstance(nil, nil); ev.slot = 0 }()
	for i := range ins {
		var previous *instance
		if i > 0 {
			previous = &ins[i-1]
		}
		ev.act.setInstance(&ins[i], previous)
		ev.slot = i
		if err := ev.once(r); err != nil {
			return err
		}
	}
	return nil
}

// unrecorded reports whether the case's source holds none of the event
// kinds (some given).
func (ev *evaluation) unrecorded(kinds []int) bool {
	if ev.c.SourceKinds == nil || len(kinds) == 0 {
		return false
	}
	for _, k := range kinds {
		if slices.Contains(ev.c.SourceKinds, ev.p.events[k].Kind) {
			return false
		}
	}
	return true
}

// once adds a rule's results for the instance in scope (or none).
func (ev *evaluation) once(r *rule) error {
	switch r.info.Kind {
	case Deadline:
		return ev.deadline(r)
	case Recurring:
		return ev.recurring(r)
	}
	return ev.check(r)
}

// evaluations keeps the scratch of finished evaluations (traces, the
// sorted events) for the next, so that a caseload makes little garbage.
var evaluations = sync.Pool{New: func() any { return new(evaluation) }}

// release forgets the case and returns the evaluation's scratch to the pool.
func (ev *evaluation) release() {
	ev.p, ev.c = nil, nil
	clear(ev.results)
	ev.results = ev.results[:0]
	clear(ev.traces)
	for i := range ev.instances {
		clear(ev.instances[i])
		ev.instances[i] = ev.instances[i][:0]
		clear(ev.startItems[i])
	}
	clear(ev.endItems)
	clear(ev.instanceErr)
	ev.act.release()
	ev.releaseNative()
	ev.warnKnown = false
	if cap(ev.nitems) > maxPooledItems || cap(ev.results) > maxPooledItems || cap(ev.text) > 64*maxPooledItems {
		return // the scratch of a rare large case: not kept for the next
	}
	evaluations.Put(ev)
}

// maxPooledItems bounds the scratch an evaluation keeps in the pool: a case
// of thousands of events leaves its space to the collector, not to every
// case after it.
const maxPooledItems = 4096

// add records a result and how it was reached.
func (ev *evaluation) add(r *rule, res Result, t trace) {
	res.Rule, res.Title = r.info.ID, r.info.Title
	res.PracticeStandard = r.info.PracticeStandard
	if res.Occurrence == 0 {
		res.Occurrence = 1
	}
	if in := ev.act.inst; in != nil {
		res.Instance = Instance{Kind: in.kind.name, Number: in.number, Start: in.start}
		t.in = in
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
		if tooLarge(c.Events[i].Attributes) { // the where only worded when needed
			return sizeError(c.ID, "event "+c.Events[i].Kind)
		}
	}
	if err := checkValueSize(c.ID, "facts", c.Facts); err != nil {
		return err
	}
	return checkValueSize(c.ID, "child", c.Child.Attributes)
}

// tooLarge reports whether a value is larger than MaxListSize, or holds
// one that is.
func tooLarge(v any) bool {
	switch x := v.(type) {
	case string:
		return len(x) > MaxListSize
	case []any:
		if len(x) > MaxListSize {
			return true
		}
		for _, y := range x {
			if tooLarge(y) {
				return true
			}
		}
	case map[string]any:
		if len(x) > MaxListSize {
			return true
		}
		for _, y := range x {
			if tooLarge(y) {
				return true
			}
		}
	}
	return false
}

func checkValueSize(id, where string, v any) error {
	if tooLarge(v) {
		return sizeError(id, where)
	}
	return nil
}

// sizeError is the error of a case with a value larger than MaxListSize,
// in where.
func sizeError(id, where string) error {
	return fmt.Errorf("rules: case %s: a value in %s is longer than %d", id, where, MaxListSize)
}

// warnings says what in the case the policy could not use or had to read
// by a default: events of kinds it does not read, attributes and facts it
// does not declare or of the wrong type, values read by their default;
// then the policy's own warnings whose condition holds for the case.
func (ev *evaluation) warnings() ([]string, error) {
	p, c := ev.p, ev.c
	// The explanations are written: their scratch holds the warnings' words.
	w := caseChecker{p: p, asOf: ev.asOf, suggest: suggest.Budget{Left: caseSuggestions}, buf: ev.text[:0]}
	defer func() { ev.text = w.buf[:0] }()
	for i := range c.Events {
		e := &c.Events[i]
		k := int(ev.act.events.kindOf[i]) // as fill found it
		if k < 0 {
			where := ""
			if e.Line > 0 {
				where = fmt.Sprintf(" (line %d)", e.Line)
			}
			w.warnf("event kind %q%s is not one this policy reads; it was not counted", e.Kind, where)
			continue
		}
		w.checkEvent(e, p.kindSpecs[k])
	}
	w.checkFacts(c.Facts)
	for _, pw := range p.warnings {
		v, err := ev.evalIn(pw.cond)
		if err != nil {
			return nil, err
		}
		if v == types.True {
			w.out = append(w.out, pw.say)
		}
	}
	return w.out, nil
}
