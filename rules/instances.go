package rules

// This file: instances, the things a rule may be counted once for each of
// (each referral, each s47 enquiry, each child protection plan): how a
// policy's instances: compile, how a case's instances are found, and how
// an expression sees them (instance, within, instances and during()).

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/safeguarding/timescales/calendar"
)

// instanceKind is a compiled entry of instances:.
type instanceKind struct {
	name        string
	description string
	index       int
	start       *expr // a list of events or instants: one instance for each date
	end         *expr // a list of events or instants, or nil: the first on or after the start ends it
	endsAtNext  bool  // an instance also ends when the next starts
}

// words names the kind in explanations: "plan", "s47 enquiry".
func (k *instanceKind) words() string { return KindWords(k.name) }

// reads returns what the kind's start and end read of a case.
func (k *instanceKind) reads() reads {
	var r reads
	for _, x := range []*expr{k.start, k.end} {
		if x != nil {
			r.add(x.reads)
		}
	}
	return r
}

// instance is one instance of a kind in a case.
type instance struct {
	kind   *instanceKind
	number int // from 1, in order of start
	start  time.Time
	end    time.Time
	hasEnd bool
	// byNext is set when the instance ended because the next one started.
	byNext bool
	// endLabel names what ended it, in words ("CP plan end"), when that was
	// an event.
	endLabel string
	// startLabel names what started it ("strategy discussion").
	startLabel string
	// starts are what started it, in time order: events or instants.
	starts []item
	// value is the instance as an expression sees it, in instances.kind.
	value instanceValue
}

// during reports whether London day (midnight) falls during the instance:
// after the day it started, and before the day it ended when it has.
// during() decides by it, on the native road and in CEL.
func (in *instance) during(day time.Time) bool {
	return calendar.Date(in.start).Before(day) && (!in.hasEnd || day.Before(calendar.Date(in.end)))
}

// Instance identifies the instance a result is about: which kind (plan),
// which of them (the second plan in the case) and when it started.
type Instance struct {
	Kind   string
	Number int // from 1; 0 for a result about no instance
	Start  time.Time
}

// String names the instance as a practitioner would: "s47 enquiry 1", "CP
// plan 2"; "" for a result about no instance.
func (in Instance) String() string {
	if in.Number == 0 {
		return ""
	}
	return KindWords(in.Kind) + " " + strconv.Itoa(in.Number)
}

// instancesOf returns the case's instances of a kind, found on first use.
func (ev *evaluation) instancesOf(k *instanceKind) ([]instance, error) {
	if ev.found[k.index] {
		return ev.instances[k.index], ev.instanceErr[k.index]
	}
	ev.found[k.index] = true
	list, err := ev.findInstances(k, ev.instances[k.index][:0])
	ev.instances[k.index], ev.instanceErr[k.index] = list, err
	return list, err
}

// item is an instant of a list of starts or ends, with the value it came
// from.
type item struct {
	at  time.Time
	val ref.Val
}

// findInstances works out a case's instances of k: one for each date on
// which something in start: falls (all of that date's starts are one
// instance), each ended by the first of end: dated on or after its start,
// or (with ends_at_next) by the next instance's start, whichever comes
// first.
func (ev *evaluation) findInstances(k *instanceKind, dst []instance) ([]instance, error) {
	starts, err := ev.items(k.start, ev.startItems[k.index][:0])
	ev.startItems[k.index] = starts
	if err != nil {
		return nil, err
	}
	out := dst
	rank := len(k.start.kinds) // of the event that names the instance's start
	for j, it := range starts {
		r := len(k.start.kinds)
		e, isEvent := it.val.(*eventValue)
		if isEvent {
			if i := slices.Index(k.start.kinds, e.kind); i >= 0 {
				r = i
			}
		}
		if n := len(out); n > 0 && calendar.Date(out[n-1].start).Equal(calendar.Date(it.at)) {
			last := &out[n-1]
			last.starts = starts[j-len(last.starts) : j+1]
			// The start is named by the event of the kind the start:
			// expression reads first (the strategy discussion, written
			// before s47_started), whatever the time of day.
			if isEvent && (last.startLabel == "" || r < rank) {
				last.startLabel, rank = e.spec.words, r
			}
			continue
		}
		in := instance{kind: k, number: len(out) + 1, start: it.at, starts: starts[j : j+1]}
		rank = len(k.start.kinds)
		if isEvent {
			in.startLabel, rank = e.spec.words, r
		}
		out = append(out, in)
	}
	if k.end != nil {
		ends, err := ev.items(k.end, ev.endItems[:0])
		ev.endItems = ends
		if err != nil {
			return nil, err
		}
		// Each end, in time order, ends every instance still open that
		// started on or before its date: so one cp_plan_end ends the plan
		// however many starts it was recorded by, and a review at which the
		// plan ended begins a review period that ends the same day.
		for _, e := range ends {
			endDate := calendar.Date(e.at)
			for i := range out {
				in := &out[i]
				if in.hasEnd || calendar.Date(in.start).After(endDate) {
					continue
				}
				in.end, in.hasEnd = e.at, true
				if ev, ok := e.val.(*eventValue); ok {
					in.endLabel = ev.spec.words
				}
			}
		}
	}
	if k.endsAtNext {
		for i := 0; i+1 < len(out); i++ {
			next := out[i+1].start
			if !out[i].hasEnd || next.Before(out[i].end) {
				out[i].end, out[i].hasEnd, out[i].byNext = next, true, true
				out[i].endLabel = "next " + k.words()
			}
		}
	}
	return out, nil
}

// items evaluates a list of events or instants into instants in time
// order (events at the same instant keep their order), appending to dst.
func (ev *evaluation) items(x *expr, dst []item) ([]item, error) {
	v, err := ev.evalIn(x)
	if err != nil {
		return dst, err
	}
	if isAbsent(v) {
		return dst, nil
	}
	out := dst
	if el, ok := v.(*eventList); ok { // in time order already, unless joined
		for i := range el.items {
			out = append(out, item{at: el.items[i].e.At, val: &el.items[i]})
		}
		if el.unsorted {
			slices.SortStableFunc(out[len(dst):], func(a, b item) int { return a.at.Compare(b.at) })
		}
		return out, nil
	}
	list, ok := v.(traits.Lister)
	if !ok {
		return dst, ev.evalError(nil, x, fmt.Errorf("want a list of events or timestamps, found %s", v.Type().TypeName()))
	}
	n := int(list.Size().(types.Int))
	for i := 0; i < n; i++ {
		val := list.Get(types.Int(i))
		var t time.Time
		switch v := val.(type) {
		case *eventValue:
			t = v.e.At
		case types.Timestamp:
			t = v.Time
		case *types.Unknown:
			continue
		default:
			return dst, ev.evalError(nil, x, fmt.Errorf("list item %d is %s, not an event or timestamp", i, val.Type().TypeName()))
		}
		out = append(out, item{at: t, val: val})
	}
	slices.SortStableFunc(out[len(dst):], func(a, b item) int { return a.at.Compare(b.at) })
	return out, nil
}

// evalIn evaluates an expression of the policy as a whole (an instance
// kind's start or end), with no instance in scope.
func (ev *evaluation) evalIn(x *expr) (ref.Val, error) {
	if x.pick != nil {
		return x.pick.eval(&ev.act.events), nil
	}
	saved, previous := ev.act.inst, ev.act.instVal.previous
	ev.act.setInstance(nil, nil)
	v, err := ev.eval(nil, x)
	ev.act.setInstance(saved, previous)
	return v, err
}

// inWindow reports whether t's date is not after the current instance's
// end (an instance with no end, or none, takes any date).
func (ev *evaluation) inWindow(t time.Time) bool {
	in := ev.act.inst
	return in == nil || !in.hasEnd || !calendar.Date(t).After(calendar.Date(in.end))
}

// instanceValue is an instance as an expression sees it: instance.start,
// instance.end (absent while it has not ended), instance.number,
// instance.previous (the start of the instance before, absent for the
// first), and the values of the events that started it
// (instance.icpc_required is the first such event's icpc_required).
type instanceValue struct {
	readOnlyMap[instanceNoun]
	in *instance
	// previous is the instance before, or nil for the first.
	previous *instance
}

type instanceNoun struct{}

func (instanceNoun) noun() string { return "an instance" }

func (v *instanceValue) lookup(key ref.Val) (ref.Val, bool) {
	k, ok := key.(types.String)
	if !ok || v.in == nil {
		return nil, false
	}
	switch string(k) {
	case "start":
		return types.Timestamp{Time: v.in.start}, true
	case "end":
		if !v.in.hasEnd {
			return nil, false
		}
		return types.Timestamp{Time: v.in.end}, true
	case "number":
		return types.Int(v.in.number), true
	case "previous":
		if v.previous == nil {
			return nil, false
		}
		return types.Timestamp{Time: v.previous.start}, true
	}
	for _, s := range v.in.starts {
		if e, ok := s.val.(*eventValue); ok {
			if x, ok := e.lookup(key); ok {
				return x, true
			}
		}
	}
	return nil, false
}

// Get returns the value for key, or absent.
func (v *instanceValue) Get(key ref.Val) ref.Val { return orAbsent(v.lookup(key)) }

// IsSet reports whether the instance has the value, for has().
func (v *instanceValue) IsSet(key ref.Val) ref.Val { _, ok := v.lookup(key); return types.Bool(ok) }

// Contains reports whether the instance has the value, for in.
func (v *instanceValue) Contains(key ref.Val) ref.Val { return v.IsSet(key) }

// Equal implements ref.Val: instances are equal when they are the same.
func (v *instanceValue) Equal(other ref.Val) ref.Val {
	o, ok := other.(*instanceValue)
	return types.Bool(ok && o.in == v.in)
}

// Value implements ref.Val.
func (v *instanceValue) Value() any { return v.in }

// instancesValue maps each instance kind to the list of the case's
// instances of it: instances.plan.
type instancesValue struct {
	readOnlyMap[instanceNoun]
	ev    *evaluation
	lists []ref.Val // per kind, made on first use
}

func (v *instancesValue) lookup(key ref.Val) (ref.Val, error) {
	k, ok := key.(types.String)
	if !ok {
		return nil, fmt.Errorf("instance kinds are text, not %s", key.Type().TypeName())
	}
	i, ok := v.ev.p.instanceIndex[string(k)]
	if !ok {
		return types.NewRefValList(types.DefaultTypeAdapter, nil), nil
	}
	if v.lists[i] == nil {
		ins, err := v.ev.instancesOf(v.ev.p.instances[i])
		if err != nil {
			return nil, err
		}
		vals := make([]ref.Val, len(ins))
		for j := range ins {
			in := &ins[j]
			in.value.in = in
			if j > 0 {
				in.value.previous = &ins[j-1]
			}
			vals[j] = &in.value
		}
		v.lists[i] = types.NewRefValList(types.DefaultTypeAdapter, vals)
	}
	return v.lists[i], nil
}

// Get returns the instances of a kind.
func (v *instancesValue) Get(key ref.Val) ref.Val {
	l, err := v.lookup(key)
	if err != nil {
		return types.WrapErr(err)
	}
	return l
}

// IsSet reports whether the case has at least one instance of the kind.
func (v *instancesValue) IsSet(key ref.Val) ref.Val {
	l, err := v.lookup(key)
	return types.Bool(err == nil && l.(traits.Sizer).Size() != types.Int(0))
}

// Contains is IsSet, for the in operator.
func (v *instancesValue) Contains(key ref.Val) ref.Val { return v.IsSet(key) }

// Equal implements ref.Val.
func (v *instancesValue) Equal(other ref.Val) ref.Val { return types.Bool(v == other) }

// Value implements ref.Val.
func (v *instancesValue) Value() any { return v.lists }

// withinValue is the case's events of each kind dated within the current
// instance: on or after its start's date and, when it has ended, on or
// before its end's date: within.core_group.
type withinValue struct {
	readOnlyMap[eventsNoun]
	act   *activation
	lists []eventList // per kind, made on first use for the current instance
	// made holds, per kind, the generation its list was made in: a list
	// is current when it was made in this one, gen, which each instance
	// put in scope starts anew (without clearing every kind's list).
	made []uint32
	gen  uint32
}

func (w *withinValue) reset() {
	if n := len(w.act.events.lists); len(w.made) != n {
		w.made = append(w.made[:0], make([]uint32, n)...)
		w.lists = append(w.lists[:0], make([]eventList, n)...)
	}
	w.gen++
	if w.gen == 0 { // wrapped: no list may look current
		clear(w.made)
		w.gen = 1
	}
}

// release forgets the lists, which hold the case's events.
func (w *withinValue) release() { clear(w.lists) }

func (w *withinValue) list(k int) *eventList {
	if w.made[k] != w.gen {
		w.made[k] = w.gen
		items := w.act.events.lists[k].items
		in := w.act.inst
		if in != nil {
			start := calendar.Date(in.start)
			lo, _ := slices.BinarySearchFunc(items, start, func(e eventValue, t time.Time) int { return calendar.Date(e.e.At).Compare(t) })
			hi := len(items)
			if in.hasEnd {
				end := calendar.Date(in.end)
				hi, _ = slices.BinarySearchFunc(items, end.AddDate(0, 0, 1), func(e eventValue, t time.Time) int { return calendar.Date(e.e.At).Compare(t) })
			}
			if hi < lo {
				hi = lo
			}
			items = items[lo:hi:hi]
		}
		w.lists[k] = eventList{items: items}
	}
	return &w.lists[k]
}

// Get returns the events of a kind within the instance.
func (w *withinValue) Get(key ref.Val) ref.Val {
	k, ok := key.(types.String)
	if !ok {
		return types.NewErr("event kinds are text, not %s", key.Type().TypeName())
	}
	i, ok := w.act.events.kinds[string(k)]
	if !ok {
		return noEvents
	}
	return w.list(i)
}

// IsSet reports whether there is at least one event of the kind within the
// instance.
func (w *withinValue) IsSet(key ref.Val) ref.Val {
	l, ok := w.Get(key).(*eventList)
	return types.Bool(ok && len(l.items) > 0)
}

// Contains is IsSet, for the in operator.
func (w *withinValue) Contains(key ref.Val) ref.Val { return w.IsSet(key) }

// Equal implements ref.Val.
func (w *withinValue) Equal(other ref.Val) ref.Val { return types.Bool(w == other) }

// Value implements ref.Val.
func (w *withinValue) Value() any { return w.lists }

// during reports whether t's date falls inside an instance of a list
// (instances.plan): after the date it started and, when it has ended,
// before the date it ended.
func during(l, t ref.Val) ref.Val {
	list, ok := l.(traits.Lister)
	tt, ok2 := timeArg(t)
	if !ok || !ok2 {
		return types.NewErr("during wants a list of instances and a timestamp")
	}
	day := calendar.Date(tt)
	n := int(list.Size().(types.Int))
	for i := 0; i < n; i++ {
		v, ok := list.Get(types.Int(i)).(*instanceValue)
		if !ok {
			return types.NewErr("during wants a list of instances (instances.plan), not %s", reflect.TypeOf(list.Get(types.Int(i))))
		}
		if v.in.during(day) {
			return types.True
		}
	}
	return types.False
}
