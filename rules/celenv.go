package rules

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/safeguarding/timescales/calendar"
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

// The CEL types of the variables a policy's expressions read.
var (
	eventType     = cel.MapType(cel.StringType, cel.DynType)
	eventListType = cel.ListType(eventType)
	recordType    = cel.MapType(cel.StringType, cel.DynType)
)

// record is a read-only map of named values (facts, the child) whose
// missing keys read as absent rather than as an error; has(facts.name)
// still tells whether a key is there.
type record struct {
	vals     map[string]any
	fixedKey string  // one key served before vals (the child's date_of_birth)
	fixedVal ref.Val // its value, nil when the key is not set
}

var _ traits.Indexer = (*record)(nil)
var _ traits.FieldTester = (*record)(nil)
var _ traits.Container = (*record)(nil)

func (r *record) lookup(key ref.Val) (ref.Val, bool) {
	k, ok := key.(types.String)
	if !ok {
		return nil, false
	}
	if r.fixedVal != nil && string(k) == r.fixedKey {
		return r.fixedVal, true
	}
	v, ok := r.vals[string(k)]
	if !ok {
		return nil, false
	}
	return types.DefaultTypeAdapter.NativeToValue(v), true
}

// Get returns the value for key, or absent.
func (r *record) Get(key ref.Val) ref.Val {
	if v, ok := r.lookup(key); ok {
		return v
	}
	return absent
}

// IsSet reports whether key is present, for has().
func (r *record) IsSet(key ref.Val) ref.Val { _, ok := r.lookup(key); return types.Bool(ok) }

// Contains reports whether key is present, for the in operator.
func (r *record) Contains(key ref.Val) ref.Val { return r.IsSet(key) }

// ConvertToNative implements ref.Val.
func (r *record) ConvertToNative(t reflect.Type) (any, error) {
	return nil, fmt.Errorf("a case record cannot become %v", t)
}

// ConvertToType implements ref.Val.
func (r *record) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return types.MapType
	}
	return types.NewErr("a case record cannot become %v", t)
}

// Equal implements ref.Val: a record equals only itself.
func (r *record) Equal(other ref.Val) ref.Val { return types.Bool(r == other) }

// Type implements ref.Val.
func (r *record) Type() ref.Type { return types.MapType }

// Value implements ref.Val.
func (r *record) Value() any { return r.vals }

// eventValue is one event as CEL sees it: at, kind and the event's
// attributes, with missing attributes absent.
type eventValue struct {
	e  *timescale.Event
	at ref.Val // the boxed timestamp, made on first use
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
	if !ok {
		return nil, false
	}
	return types.DefaultTypeAdapter.NativeToValue(v), true
}

// Get returns the attribute for key, or absent.
func (ev *eventValue) Get(key ref.Val) ref.Val {
	if v, ok := ev.lookup(key); ok {
		return v
	}
	return absent
}

// IsSet reports whether the event has the attribute, for has().
func (ev *eventValue) IsSet(key ref.Val) ref.Val { _, ok := ev.lookup(key); return types.Bool(ok) }

// Contains reports whether the event has the attribute, for in.
func (ev *eventValue) Contains(key ref.Val) ref.Val { return ev.IsSet(key) }

// ConvertToNative implements ref.Val.
func (ev *eventValue) ConvertToNative(t reflect.Type) (any, error) {
	return nil, fmt.Errorf("an event cannot become %v", t)
}

// ConvertToType implements ref.Val.
func (ev *eventValue) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return types.MapType
	}
	return types.NewErr("an event cannot become %v", t)
}

// Equal implements ref.Val: events are equal when they are the same event.
func (ev *eventValue) Equal(other ref.Val) ref.Val {
	o, ok := other.(*eventValue)
	return types.Bool(ok && o.e == ev.e)
}

// Type implements ref.Val.
func (ev *eventValue) Type() ref.Type { return types.MapType }

// Value implements ref.Val.
func (ev *eventValue) Value() any { return ev.e }

// eventList is the events of one kind, in time order, as a CEL list.
type eventList struct {
	items []eventValue
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
	kinds map[string]int // the policy's kinds, to index lists
	lists []eventList
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

// ConvertToNative implements ref.Val.
func (ev *eventsValue) ConvertToNative(t reflect.Type) (any, error) {
	return nil, fmt.Errorf("events cannot become %v", t)
}

// ConvertToType implements ref.Val.
func (ev *eventsValue) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return types.MapType
	}
	return types.NewErr("events cannot become %v", t)
}

// Equal implements ref.Val.
func (ev *eventsValue) Equal(other ref.Val) ref.Val { return types.Bool(ev == other) }

// Type implements ref.Val.
func (ev *eventsValue) Type() ref.Type { return types.MapType }

// Value implements ref.Val.
func (ev *eventsValue) Value() any { return ev.lists }

// fill sorts a case's events of the declared kinds into per-kind lists, in
// time order (events at the same instant keep the case's order). It
// allocates the event values once, for all kinds, and fails when a kind has
// more than MaxListSize events.
func (ev *eventsValue) fill(c *timescale.Case, kinds map[string]int) error {
	ev.kinds = kinds
	ev.lists = make([]eventList, len(kinds))
	counts := make([]int, len(kinds))
	n := 0
	for i := range c.Events {
		if k, ok := kinds[c.Events[i].Kind]; ok {
			counts[k]++
			n++
		}
	}
	for kind, k := range kinds {
		if counts[k] > MaxListSize {
			return fmt.Errorf("rules: case %s has %d events of kind %s, more than the %d a policy's costs are checked for", c.ID, counts[k], kind, MaxListSize)
		}
	}
	// Place each event in its kind's part of one slice, then sort each part
	// by time.
	all := make([]eventValue, n)
	next := counts // reused: the next free place of each kind
	at := 0
	for k := range next {
		at, next[k] = at+next[k], at
	}
	for i := range c.Events {
		if k, ok := kinds[c.Events[i].Kind]; ok {
			all[next[k]] = eventValue{e: &c.Events[i]}
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

// londonTime returns the time a CEL timestamp holds.
func londonTime(v ref.Val) (time.Time, bool) {
	ts, ok := v.(types.Timestamp)
	if !ok {
		return time.Time{}, false
	}
	return ts.Time, true
}

// functions returns the CEL functions of a policy, computed on cal.
func functions(cal *calendar.Calendar) []cel.EnvOption {
	pick := func(l ref.Val, index func(size int64) int64) ref.Val {
		list, ok := l.(traits.Lister)
		if !ok {
			return types.NewErr("want a list, found %s", l.Type().TypeName())
		}
		size := int64(list.Size().(types.Int))
		i := index(size)
		if i < 0 || i >= size {
			return absent
		}
		return instantOf(list.Get(types.Int(i)))
	}
	first := func(l ref.Val) ref.Val { return pick(l, func(int64) int64 { return 0 }) }
	last := func(l ref.Val) ref.Val { return pick(l, func(n int64) int64 { return n - 1 }) }
	nth := func(l, n ref.Val) ref.Val {
		k, ok := n.(types.Int)
		if !ok {
			return types.NewErr("nth wants a whole number")
		}
		return pick(l, func(int64) int64 { return int64(k) - 1 })
	}
	count := func(l ref.Val) ref.Val {
		if s, ok := l.(traits.Sizer); ok {
			return s.Size()
		}
		return types.NewErr("count wants a list")
	}
	inRange := func(ts ...time.Time) ref.Val {
		for _, t := range ts {
			if !cal.Covers(t) {
				first, last := cal.Range()
				return types.NewErr("%s is outside the working-day calendar (%s to %s)",
					t.In(calendar.London).Format("2 Jan 2006"), first.Format("2 Jan 2006"), last.Format("2 Jan 2006"))
			}
		}
		return nil
	}
	addWorkingDays := func(t, n ref.Val) ref.Val {
		tt, ok := londonTime(t)
		k, ok2 := n.(types.Int)
		if !ok || !ok2 {
			return types.NewErr("add_working_days wants a timestamp and a whole number")
		}
		if err := inRange(tt); err != nil {
			return err
		}
		out := cal.AddWorkingDays(tt, int(k))
		if out.IsZero() {
			return types.NewErr("%d working days from %s is outside the working-day calendar", int(k), tt.Format("2 Jan 2006"))
		}
		return types.Timestamp{Time: out}
	}
	workingDaysBetween := func(a, b ref.Val) ref.Val {
		at, ok := londonTime(a)
		bt, ok2 := londonTime(b)
		if !ok || !ok2 {
			return types.NewErr("working_days_between wants two timestamps")
		}
		if err := inRange(at, bt); err != nil {
			return err
		}
		return types.Int(cal.WorkingDaysBetween(at, bt))
	}
	addMonths := func(t, n ref.Val) ref.Val {
		tt, ok := londonTime(t)
		k, ok2 := n.(types.Int)
		if !ok || !ok2 || k > timescale.MaxPeriod || k < -timescale.MaxPeriod {
			return types.NewErr("add_months wants a timestamp and a whole number of months up to %d", timescale.MaxPeriod)
		}
		return types.Timestamp{Time: timescale.AddMonths(tt, int(k))}
	}
	ageOnFn := func(dob, t ref.Val) ref.Val {
		bt, ok := londonTime(dob)
		tt, ok2 := londonTime(t)
		if !ok || !ok2 {
			return types.NewErr("age_on wants two timestamps")
		}
		return types.Int(ageOn(bt, tt))
	}
	isWorkingDay := func(t ref.Val) ref.Val {
		tt, ok := londonTime(t)
		if !ok {
			return types.NewErr("is_working_day wants a timestamp")
		}
		return types.Bool(cal.IsWorkingDay(tt))
	}
	addDays := func(t, n ref.Val) ref.Val {
		tt, ok := londonTime(t)
		k, ok2 := n.(types.Int)
		if !ok || !ok2 || k > 100*timescale.MaxPeriod || k < -100*timescale.MaxPeriod {
			return types.NewErr("add_days wants a timestamp and a whole number of days")
		}
		y, m, d, _ := calendar.DateOf(tt)
		return types.Timestamp{Time: time.Date(y, m, d+int(k), 0, 0, 0, 0, calendar.London)}
	}
	date := func(t ref.Val) ref.Val {
		tt, ok := londonTime(t)
		if !ok {
			return types.NewErr("date wants a timestamp")
		}
		return types.Timestamp{Time: calendar.Date(tt)}
	}
	// One overload each, over list(T): a list of events and a list of
	// timestamps both fit, and CEL need not check element types at run time
	// (as it does, element by element, for list(dyn)).
	anyList := cel.ListType(cel.TypeParamType("T"))
	return []cel.EnvOption{
		cel.Function("first",
			cel.Overload("first_list", []*cel.Type{anyList}, cel.TimestampType, cel.UnaryBinding(first))),
		cel.Function("last",
			cel.Overload("last_list", []*cel.Type{anyList}, cel.TimestampType, cel.UnaryBinding(last))),
		cel.Function("nth",
			cel.Overload("nth_list_int", []*cel.Type{anyList, cel.IntType}, cel.TimestampType, cel.BinaryBinding(nth))),
		cel.Function("count",
			cel.Overload("count_list", []*cel.Type{anyList}, cel.IntType, cel.UnaryBinding(count))),
		cel.Function("add_working_days",
			cel.Overload("add_working_days_timestamp_int", []*cel.Type{cel.TimestampType, cel.IntType}, cel.TimestampType, cel.BinaryBinding(addWorkingDays))),
		cel.Function("working_days_between",
			cel.Overload("working_days_between_timestamps", []*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType, cel.BinaryBinding(workingDaysBetween))),
		cel.Function("add_days",
			cel.Overload("add_days_timestamp_int", []*cel.Type{cel.TimestampType, cel.IntType}, cel.TimestampType, cel.BinaryBinding(addDays))),
		cel.Function("add_months",
			cel.Overload("add_months_timestamp_int", []*cel.Type{cel.TimestampType, cel.IntType}, cel.TimestampType, cel.BinaryBinding(addMonths))),
		cel.Function("age_on",
			cel.Overload("age_on_timestamps", []*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType, cel.BinaryBinding(ageOnFn))),
		cel.Function("is_working_day",
			cel.Overload("is_working_day_timestamp", []*cel.Type{cel.TimestampType}, cel.BoolType, cel.UnaryBinding(isWorkingDay))),
		cel.Function("date",
			cel.Overload("date_timestamp", []*cel.Type{cel.TimestampType}, cel.TimestampType, cel.UnaryBinding(date))),
	}
}

// ageOn returns the age in whole years on t's date in London of a child
// born on dob's date; a child born on 29 February turns a year older on 1
// March in other years.
func ageOn(dob, t time.Time) int {
	by, bm, bd, _ := calendar.DateOf(dob)
	ty, tm, td, _ := calendar.DateOf(t)
	age := ty - by
	if tm < bm || tm == bm && td < bd {
		age--
	}
	return age
}

// newEnv builds the CEL environment of a policy.
func newEnv(cal *calendar.Calendar) (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.Variable("case", cel.StringType),
		cel.Variable("child", recordType),
		cel.Variable("facts", recordType),
		cel.Variable("events", cel.MapType(cel.StringType, eventListType)),
		cel.Variable("as_of", cel.TimestampType),
	}
	opts = append(opts, functions(cal)...)
	return cel.NewEnv(opts...)
}

// pick is an expression of the form first(events.kind), last(events.kind),
// nth(events.kind, n) or events.kind: the commonest anchors and deadlines.
// Compile still parses and type-checks it as CEL; Evaluate reads the
// answer straight from the case's sorted events, with the same meaning
// (an absent instant when there is no such event).
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
