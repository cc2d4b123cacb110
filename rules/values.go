package rules

// This file: reading an expression's value as what its key needs: a truth,
// an instant, the earliest instant of a list. Every error names the key the
// expression was written under.

import (
	"fmt"
	"slices"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// eval evaluates an expression: by its pick, or on the native road, or
// (when that gives up) by CEL.
func (ev *evaluation) eval(r *rule, x *expr) (ref.Val, error) {
	if x.pick != nil {
		return x.pick.eval(&ev.act.events), nil
	}
	if x.native != nil {
		if v, ok := x.native.eval(ev); ok {
			return ev.toRef(v), nil
		}
	}
	return ev.evalCEL(r, x)
}

// evalCEL evaluates an expression by CEL.
func (ev *evaluation) evalCEL(r *rule, x *expr) (ref.Val, error) {
	v, _, err := x.prg.Eval(&ev.act)
	if err != nil {
		return nil, ev.evalError(r, x, err)
	}
	return v, nil
}

// evalError is the error of evaluating x for rule r (nil for an
// expression of the policy as a whole: an instance kind's start or end).
func (ev *evaluation) evalError(r *rule, x *expr, err error) *EvalError {
	e := &EvalError{Case: ev.c.ID, Key: x.key, At: x.at, Err: err}
	if r != nil {
		e.Rule = r.info.ID
	}
	return e
}

func (ev *evaluation) wrongType(r *rule, x *expr, want string, v ref.Val) error {
	return ev.evalError(r, x, fmt.Errorf("want %s, found %s", want, v.Type().TypeName()))
}

// truth evaluates a condition: absent counts as false.
func (ev *evaluation) truth(r *rule, x *expr) (bool, error) {
	v, err := ev.eval(r, x)
	if err != nil || isAbsent(v) {
		return false, err
	}
	b, ok := v.(types.Bool)
	if !ok {
		return false, ev.wrongType(r, x, "true or false", v)
	}
	return bool(b), nil
}

// instant evaluates an instant; ok is false when it is absent.
func (ev *evaluation) instant(r *rule, x *expr) (time.Time, bool, error) {
	if x.pick != nil {
		t, ok := x.pick.instant(&ev.act.events)
		return t, ok, nil
	}
	var v ref.Val
	if x.native != nil {
		if nv, ok := x.native.eval(ev); ok {
			if nv.k == nTime {
				return nv.t, true, nil // unboxed
			}
			v = ev.toRef(nv)
		}
	}
	if v == nil {
		var err error
		if v, err = ev.evalCEL(r, x); err != nil {
			return time.Time{}, false, err
		}
	}
	if isAbsent(v) {
		return time.Time{}, false, nil
	}
	t, ok := timeArg(v)
	if !ok {
		return time.Time{}, false, ev.wrongType(r, x, "a timestamp", v)
	}
	return t, true, nil
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
	if t, ok := timeArg(v); ok { // a dyn expression (a fact) that gave an instant
		return t, keep(t), nil
	}
	if el, ok := v.(*eventList); ok && !el.unsorted { // in time order already: no copy
		for i := range el.items {
			if t := el.items[i].e.At; keep(t) {
				return t, true, nil
			}
		}
		return time.Time{}, false, nil
	}
	times, err := ev.instants(r, x, v, nil)
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

// instants reads the value v of x, a list of events or timestamps, as
// sorted instants, appending to dst[:0].
func (ev *evaluation) instants(r *rule, x *expr, v ref.Val, dst []time.Time) ([]time.Time, error) {
	if isAbsent(v) {
		return nil, nil
	}
	list, ok := v.(traits.Lister)
	if !ok {
		return nil, ev.wrongType(r, x, "a list of events or timestamps", v)
	}
	out := dst[:0]
	if el, ok := list.(*eventList); ok {
		for i := range el.items {
			out = append(out, el.items[i].e.At)
		}
		if el.unsorted {
			slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
		}
		return out, nil
	}
	n := int(list.Size().(types.Int))
	for i := 0; i < n; i++ {
		item := instantOf(list.Get(types.Int(i)))
		if isAbsent(item) {
			continue
		}
		t, ok := timeArg(item)
		if !ok {
			return nil, ev.evalError(r, x, fmt.Errorf("list item %d is %s, not an event or timestamp", i, item.Type().TypeName()))
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out, nil
}
