package rules

// This file: a case as a policy's expressions see it, in CEL's own value
// types: the activation built once per evaluation, the read-only maps of
// facts, the child and events, and the fast path that reads the commonest
// expressions straight from the sorted events.

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"

	"github.com/safeguarding/timescales/timescale"
)

// absent is the value of anything the case does not record: a missing
// event, fact or attribute, or first() of an empty list. It is a CEL
// unknown, so it passes through functions and comparisons (first(events.icpc)
// < as_of is absent when there is no ICPC) and && and || decide without it
// where they can (false && absent is false). A rule reads an absent result
// as "has not happened" or "does not hold", never as an error.
var absent = types.NewUnknown(0, nil)

func isAbsent(v ref.Val) bool {
	_, ok := v.(*types.Unknown)
	return ok
}

// activation is one case as a policy's expressions see it. It is built once
// per evaluation, in CEL's own value types, and shared by every expression;
// variables are evaluated on first use and kept.
type activation struct {
	p *Policy
	// caseID and asOf are boxed as CEL values on first use, from the case
	// and the date, so that a policy that does not read them makes none.
	caseID   ref.Val
	caseText string
	child    record
	facts    record
	events   eventsValue
	asOf     ref.Val
	asOfTime time.Time
	vars     []ref.Val
	// The instances of the case (instances.plan), and the instance the rule
	// being evaluated is counted for, with its events (instance, within).
	instances instancesValue
	inst      *instance
	instVal   instanceValue
	within    withinValue
}

// setInstance puts an instance in scope (nil for none), with the one
// before it (nil for none).
func (a *activation) setInstance(in, previous *instance) {
	a.inst = in
	a.instVal.in, a.instVal.previous = in, previous
	a.within.act = a
	a.within.reset()
}

func (a *activation) fill(p *Policy, c *timescale.Case, asOf time.Time) error {
	a.p = p
	a.caseID, a.caseText = nil, c.ID
	a.facts.vals = c.Facts
	if p.factsDeclared {
		a.facts.specs = p.facts
	}
	a.child.vals = c.Child.Attributes
	if dob := c.Child.DateOfBirth; !dob.IsZero() {
		a.child.fixedKey, a.child.fixedTime, a.child.fixedSet = "date_of_birth", dob, true
	}
	if err := a.events.fill(c, p.eventKinds, p.kindSpecs); err != nil {
		return err
	}
	a.asOf, a.asOfTime = nil, asOf
	a.vars = append(a.vars[:0], make([]ref.Val, len(p.vars))...)
	return nil
}

// release forgets the case, keeping the space of its sorted events.
func (a *activation) release() {
	a.p, a.caseID, a.asOf, a.caseText = nil, nil, nil, ""
	a.child, a.facts = record{}, record{}
	a.inst, a.instVal.in, a.instVal.previous = nil, nil, nil
	clear(a.instances.lists)
	a.instances.ev = nil
	clear(a.vars)
	a.vars = a.vars[:0]
	a.within.release()
	a.events.release()
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "case":
		if a.caseID == nil {
			a.caseID = types.String(a.caseText)
		}
		return a.caseID, true
	case "child":
		return &a.child, true
	case "facts":
		return &a.facts, true
	case "events":
		return &a.events, true
	case "as_of":
		if a.asOf == nil {
			a.asOf = types.Timestamp{Time: a.asOfTime}
		}
		return a.asOf, true
	case "instances":
		return &a.instances, true
	case "instance":
		return &a.instVal, true
	case "instance.start", "instance.end", "instance.previous", "instance.number":
		return a.instVal.Get(types.String(name[len("instance."):])), true
	case "within":
		return &a.within, true
	}
	rest, ok := strings.CutPrefix(name, "variables.")
	if !ok {
		return nil, false
	}
	i, ok := a.p.varIndex[rest]
	if !ok {
		return nil, false
	}
	return a.variable(i), true
}

// variable returns variable i's value, worked out once per case: on the
// native road when it can be, else by CEL (an error value when CEL fails).
func (a *activation) variable(i int) ref.Val {
	if v := a.vars[i]; v != nil {
		return v
	}
	x := a.p.vars[i].expr
	if x.native != nil && a.instances.ev != nil {
		if v, ok := x.native.eval(a.instances.ev); ok {
			a.vars[i] = a.instances.ev.toRef(v)
			return a.vars[i]
		}
	}
	v, _, err := x.prg.Eval(a)
	if err != nil {
		v = types.NewErr("variables.%s: %v", a.p.vars[i].name, err)
	}
	a.vars[i] = v
	return v
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// readOnlyMap gives a value the ref.Val methods every read-only map of the
// case shares; N names the value in messages. It takes no space.
type readOnlyMap[N interface{ noun() string }] struct{}

// ConvertToNative implements ref.Val: a case's maps stay CEL values.
func (readOnlyMap[N]) ConvertToNative(t reflect.Type) (any, error) {
	var n N
	return nil, fmt.Errorf("%s cannot become %v", n.noun(), t)
}

// ConvertToType implements ref.Val.
func (readOnlyMap[N]) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return types.MapType
	}
	var n N
	return types.NewErr("%s cannot become %v", n.noun(), t)
}

// Type implements ref.Val.
func (readOnlyMap[N]) Type() ref.Type { return types.MapType }

type recordNoun struct{}

func (recordNoun) noun() string { return "a case record" }

type eventNoun struct{}

func (eventNoun) noun() string { return "an event" }

type eventsNoun struct{}

func (eventsNoun) noun() string { return "the events" }

// orAbsent is a lookup's value, or absent when there is none.
func orAbsent(v ref.Val, ok bool) ref.Val {
	if ok {
		return v
	}
	return absent
}

// record is a read-only map of named values (facts, the child) whose
// missing keys read as absent rather than as an error; has(facts.name)
// still tells whether a key is there.
type record struct {
	readOnlyMap[recordNoun]
	vals      map[string]any
	fixedKey  string    // one key served before vals (the child's date_of_birth)
	fixedTime time.Time // its value, when fixedSet
	fixedSet  bool
	fixedVal  ref.Val // fixedTime boxed, on first use
	// specs are the declared values, when the policy declares them: a
	// value of the wrong type reads as absent.
	specs map[string]*valueSpec
}

var (
	_ traits.Indexer     = (*record)(nil)
	_ traits.FieldTester = (*record)(nil)
	_ traits.Container   = (*record)(nil)
)

func (r *record) lookup(key ref.Val) (ref.Val, bool) {
	k, ok := key.(types.String)
	if !ok {
		return nil, false
	}
	if r.fixedSet && string(k) == r.fixedKey {
		if r.fixedVal == nil {
			r.fixedVal = types.Timestamp{Time: r.fixedTime}
		}
		return r.fixedVal, true
	}
	v, ok := r.value(string(k))
	if !ok {
		return nil, false
	}
	return types.DefaultTypeAdapter.NativeToValue(v), true
}

// value is the record's value for key as the case gives it (or the
// declared default), not yet a CEL value; ok is false when it is absent.
// The fixed key is not served here.
func (r *record) value(key string) (any, bool) {
	v, ok := r.vals[key]
	if spec := r.specs[key]; spec != nil && (!ok || !spec.accepts(v)) {
		if spec.def == nil {
			return nil, false
		}
		v, ok = spec.def, true
	}
	return v, ok
}

// Get returns the value for key, or absent.
func (r *record) Get(key ref.Val) ref.Val { return orAbsent(r.lookup(key)) }

// IsSet reports whether key is present, for has().
func (r *record) IsSet(key ref.Val) ref.Val { _, ok := r.lookup(key); return types.Bool(ok) }

// Contains reports whether key is present, for the in operator.
func (r *record) Contains(key ref.Val) ref.Val { return r.IsSet(key) }

// Equal implements ref.Val: a record equals only itself.
func (r *record) Equal(other ref.Val) ref.Val { return types.Bool(r == other) }

// Value implements ref.Val.
func (r *record) Value() any { return r.vals }

// eventValue is one event as CEL sees it: at, kind and the event's
// attributes, with missing attributes absent.
type eventValue struct {
	readOnlyMap[eventNoun]
	e    *timescale.Event
	at   ref.Val   // the boxed timestamp, made on first use
	spec *kindSpec // the attributes the policy declares for the kind, or nil
	kind int       // the index of its kind in the policy's
}

func (ev *eventValue) atVal() ref.Val {
	if ev.at == nil {
		ev.at = types.Timestamp{Time: ev.e.At}
	}
	return ev.at
}

func (ev *eventValue) lookup(key ref.Val) (ref.Val, bool) {
	k, ok := key.(types.String)
	if !ok {
		return nil, false
	}
	switch string(k) {
	case "at":
		return ev.atVal(), true
	case "kind":
		return types.String(ev.e.Kind), true
	}
	v, ok := ev.e.Attributes[string(k)]
	if a := ev.spec.attr(string(k)); a != nil && (!ok || !a.accepts(v)) {
		// A value of the wrong type is not counted; a value not recorded
		// (or not counted) reads as the declared default.
		if a.def == nil {
			return nil, false
		}
		v, ok = a.def, true
	}
	if !ok {
		return nil, false
	}
	return types.DefaultTypeAdapter.NativeToValue(v), true
}

// Get returns the attribute for key, or absent.
func (ev *eventValue) Get(key ref.Val) ref.Val { return orAbsent(ev.lookup(key)) }

// IsSet reports whether the event has the attribute, for has().
func (ev *eventValue) IsSet(key ref.Val) ref.Val { _, ok := ev.lookup(key); return types.Bool(ok) }

// Contains reports whether the event has the attribute, for in.
func (ev *eventValue) Contains(key ref.Val) ref.Val { return ev.IsSet(key) }

// Equal implements ref.Val: events are equal when they are the same event.
func (ev *eventValue) Equal(other ref.Val) ref.Val {
	o, ok := other.(*eventValue)
	return types.Bool(ok && o.e == ev.e)
}

// Value implements ref.Val.
func (ev *eventValue) Value() any { return ev.e }

// eventList is the events of one kind, in time order, as a CEL list.
type eventList struct {
	items []eventValue
	// unsorted is set on a list the native road joined from two (a + b),
	// whose items keep the order CEL gives them, not time order.
	unsorted bool
}

var _ traits.Lister = (*eventList)(nil)

// Get returns the item at an index.
func (l *eventList) Get(index ref.Val) ref.Val {
	i, ok := index.(types.Int)
	if !ok {
		return types.NewErr("a list index is a whole number, not %s", index.Type().TypeName())
	}
	if i < 0 || int(i) >= len(l.items) {
		return types.NewErr("index %d is outside a list of %d events", i, len(l.items))
	}
	return &l.items[i]
}

// Size returns the number of events.
func (l *eventList) Size() ref.Val { return types.Int(len(l.items)) }

// Contains reports whether the list holds the event.
func (l *eventList) Contains(v ref.Val) ref.Val {
	for i := range l.items {
		if l.items[i].Equal(v) == types.True {
			return types.True
		}
	}
	return types.False
}

// Add joins two lists into a new one.
func (l *eventList) Add(other ref.Val) ref.Val {
	o, ok := other.(traits.Lister)
	if !ok {
		return types.NewErr("cannot add %s to a list", other.Type().TypeName())
	}
	vals := make([]ref.Val, 0, len(l.items)+int(o.Size().(types.Int)))
	for i := range l.items {
		vals = append(vals, &l.items[i])
	}
	for it := o.Iterator(); it.HasNext() == types.True; {
		vals = append(vals, it.Next())
	}
	return types.NewRefValList(types.DefaultTypeAdapter, vals)
}

// Iterator walks the events in time order.
func (l *eventList) Iterator() traits.Iterator { return &eventIterator{list: l} }

// ConvertToNative implements ref.Val.
func (l *eventList) ConvertToNative(t reflect.Type) (any, error) {
	return nil, fmt.Errorf("a list of events cannot become %v", t)
}

// ConvertToType implements ref.Val.
func (l *eventList) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return types.ListType
	}
	return types.NewErr("a list of events cannot become %v", t)
}

// Equal implements ref.Val: lists are equal when they hold the same events.
func (l *eventList) Equal(other ref.Val) ref.Val {
	o, ok := other.(traits.Lister)
	if !ok || o.Size() != l.Size() {
		return types.False
	}
	for i := range l.items {
		if l.items[i].Equal(o.Get(types.Int(i))) != types.True {
			return types.False
		}
	}
	return types.True
}

// Type implements ref.Val.
func (l *eventList) Type() ref.Type { return types.ListType }

// Value implements ref.Val.
func (l *eventList) Value() any { return l.items }

type eventIterator struct {
	list *eventList
	next int
}

func (it *eventIterator) HasNext() ref.Val { return types.Bool(it.next < len(it.list.items)) }
func (it *eventIterator) Next() ref.Val {
	if it.next >= len(it.list.items) {
		return types.NewErr("no more events")
	}
	it.next++
	return &it.list.items[it.next-1]
}
func (it *eventIterator) ConvertToNative(reflect.Type) (any, error) {
	return nil, fmt.Errorf("an iterator cannot be converted")
}
func (it *eventIterator) ConvertToType(ref.Type) ref.Val {
	return types.NewErr("an iterator cannot be converted")
}
func (it *eventIterator) Equal(ref.Val) ref.Val { return types.False }
func (it *eventIterator) Type() ref.Type        { return types.IteratorType }
func (it *eventIterator) Value() any            { return it }

// eventsValue maps each event kind the policy declares to its list of
// events. A kind with no events reads as an empty list, so
// first(events.icpc) is absent rather than an error when there has been no
// ICPC.
type eventsValue struct {
	readOnlyMap[eventsNoun]
	kinds  map[string]int // the policy's kinds, to index lists
	lists  []eventList
	all    []eventValue // every list's events, one part per kind
	counts []int
	kindOf []int32 // scratch: each of the case's events' kind
}

// release forgets the events, keeping their space.
func (ev *eventsValue) release() {
	ev.kinds = nil
	clear(ev.lists)
	clear(ev.all)
}

var noEvents = &eventList{}

func (ev *eventsValue) lookup(key ref.Val) (ref.Val, bool) {
	k, ok := key.(types.String)
	if !ok {
		return nil, false
	}
	if i, ok := ev.kinds[string(k)]; ok {
		return &ev.lists[i], true
	}
	return noEvents, true
}

// Get returns the events of a kind.
func (ev *eventsValue) Get(key ref.Val) ref.Val {
	v, ok := ev.lookup(key)
	if !ok {
		return types.NewErr("event kinds are text, not %s", key.Type().TypeName())
	}
	return v
}

// IsSet reports whether there is at least one event of the kind.
func (ev *eventsValue) IsSet(key ref.Val) ref.Val {
	v, ok := ev.lookup(key)
	return types.Bool(ok && v.(*eventList).Size() != types.Int(0))
}

// Contains is IsSet, for the in operator.
func (ev *eventsValue) Contains(key ref.Val) ref.Val { return ev.IsSet(key) }

// Equal implements ref.Val.
func (ev *eventsValue) Equal(other ref.Val) ref.Val { return types.Bool(ev == other) }

// Value implements ref.Val.
func (ev *eventsValue) Value() any { return ev.lists }

// fill sorts a case's events of the declared kinds into per-kind lists, in
// time order (events at the same instant keep the case's order). It
// allocates the event values once, for all kinds, and fails when a kind has
// more than MaxListSize events.
func (ev *eventsValue) fill(c *timescale.Case, kinds map[string]int, specs []*kindSpec) error {
	ev.kinds = kinds
	ev.lists = append(ev.lists[:0], make([]eventList, len(kinds))...)
	ev.counts = append(ev.counts[:0], make([]int, len(kinds))...)
	counts := ev.counts
	ev.kindOf = ev.kindOf[:0] // each event's kind, -1 for one the policy does not read
	n := 0
	for i := range c.Events {
		k, ok := kinds[c.Events[i].Kind]
		if !ok {
			k = -1
		} else {
			counts[k]++
			n++
		}
		ev.kindOf = append(ev.kindOf, int32(k))
	}
	if n > MaxListSize {
		for kind, k := range kinds {
			if counts[k] > MaxListSize {
				return fmt.Errorf("rules: case %s has %d events of kind %s, more than the %d a policy's costs are checked for", c.ID, counts[k], kind, MaxListSize)
			}
		}
	}
	// Place each event in its kind's part of one slice, then sort each part
	// by time.
	ev.all = append(ev.all[:0], make([]eventValue, n)...)
	all := ev.all
	next := counts // reused: the next free place of each kind
	at := 0
	for k := range next {
		at, next[k] = at+next[k], at
	}
	for i, k := range ev.kindOf {
		if k >= 0 {
			all[next[k]] = eventValue{e: &c.Events[i], spec: specs[k], kind: int(k)}
			next[k]++
		}
	}
	start := 0
	for k := range ev.lists {
		items := all[start:next[k]:next[k]]
		slices.SortStableFunc(items, func(a, b eventValue) int { return a.e.At.Compare(b.e.At) })
		ev.lists[k].items = items
		start = next[k]
	}
	return nil
}

// instantOf reads an element of a list given to first(), last() or nth():
// an event (its at) or a timestamp.
func instantOf(v ref.Val) ref.Val {
	switch x := v.(type) {
	case *eventValue:
		return x.atVal()
	case types.Timestamp:
		return x
	case *types.Unknown:
		return x
	}
	return types.NewErr("first, last and nth take a list of events or timestamps, not %s", v.Type().TypeName())
}

// pick is an expression of the form first(events.kind), last(events.kind),
// nth(events.kind, n) or events.kind: the commonest anchors and deadlines.
// Compile still parses and type-checks it as CEL; Evaluate reads the
// answer straight from the case's sorted events, with the same meaning as
// the CEL functions first, last and nth (cellib.go): an absent instant when
// there is no such event. TestPickAgreesWithCEL holds the two together.
type pick struct {
	kind int    // index of the event kind
	fn   string // "first", "last", "nth" or "" for the list itself
	n    int64  // for nth, 1-based
}

func (p *pick) eval(events *eventsValue) ref.Val {
	if p.fn == "" {
		return &events.lists[p.kind]
	}
	if e := p.event(events); e != nil {
		return e.atVal()
	}
	return absent
}

// instant is eval for an instant, without making a CEL value.
func (p *pick) instant(events *eventsValue) (time.Time, bool) {
	if e := p.event(events); e != nil {
		return e.e.At, true
	}
	return time.Time{}, false
}

func (p *pick) event(events *eventsValue) *eventValue {
	items := events.lists[p.kind].items
	i := -1
	switch p.fn {
	case "first":
		i = 0
	case "last":
		i = len(items) - 1
	case "nth":
		i = int(p.n - 1)
	}
	if i < 0 || i >= len(items) {
		return nil
	}
	return &items[i]
}
