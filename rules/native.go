package rules

// This file: a second way to evaluate the commonest expressions, in Go,
// without CEL's interpreter: the filters, concatenations, conditions and
// comparisons that policies write over a case's events and instances
// (events.icpc.filter(c, c.plan) + events.cp_plan_start,
// !during(instances.cp_plan, instance.start), has(instance.nfa) &&
// instance.nfa). It takes only the plain road: as soon as a value is
// absent, an error or of a type it does not handle, it gives up, and the
// expression is evaluated again by CEL, whose answer is the one that
// counts. An expression has no side effects (a variable evaluated on the
// way is kept, as CEL keeps it), so giving up changes nothing but the time
// taken, and every answer the native road gives is one CEL gives too.

import (
	"cmp"
	"strings"
	"time"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/safeguarding/timescales/calendar"
)

// nkind is the type of a native value.
type nkind uint8

const (
	nBool nkind = iota + 1
	nInt
	nTime
	nEvents
)

// nval is a value on the native road, unboxed.
type nval struct {
	k  nkind
	b  bool
	i  int64
	t  time.Time
	el *eventList
}

// nnode is a compiled expression on the native road. eval gives the value,
// or false to give up (the value is absent, an error, or of a type the
// native road does not handle).
type nnode interface {
	eval(ev *evaluation) (nval, bool)
}

// maxNativeSlots bounds how deeply comprehensions nest on the native road.
const maxNativeSlots = 4

// nativeCompiler turns a checked expression into nodes.
type nativeCompiler struct {
	sc    *scope
	iters []string // the iteration variables in scope, by slot
	// allocates is set once a node that takes scratch (a filter, a
	// concatenation) is compiled: a predicate may not, since the items a
	// filter keeps are gathered in the same scratch.
	allocates bool
}

// nativeOf returns the native form of a checked expression, or nil when it
// uses something the native road does not handle.
func nativeOf(e ast.Expr, sc *scope) nnode {
	c := &nativeCompiler{sc: sc}
	return c.node(e)
}

func (c *nativeCompiler) slotOf(name string) int {
	for i := len(c.iters) - 1; i >= 0; i-- {
		if c.iters[i] == name {
			return i
		}
	}
	return -1
}

func (c *nativeCompiler) node(e ast.Expr) nnode {
	switch e.Kind() {
	case ast.LiteralKind:
		switch v := e.AsLiteral().(type) {
		case types.Bool:
			return nLit{nval{k: nBool, b: bool(v)}}
		case types.Int:
			return nLit{nval{k: nInt, i: int64(v)}}
		}
		return nil
	case ast.IdentKind:
		return c.ident(e.AsIdent())
	case ast.SelectKind:
		return c.selection(e)
	case ast.CallKind:
		return c.call(e)
	case ast.ComprehensionKind:
		return c.comprehension(e)
	}
	return nil
}

func (c *nativeCompiler) ident(name string) nnode {
	switch name {
	case "as_of":
		return nAsOf{}
	case "instance.start", "instance.end", "instance.previous", "instance.number":
		return nInstField{key: types.String(name[len("instance."):])}
	}
	if rest, ok := strings.CutPrefix(name, "variables."); ok {
		if v := c.sc.vars[rest]; v != nil {
			return nVar{index: v.index}
		}
	}
	return nil
}

func (c *nativeCompiler) selection(e ast.Expr) nnode {
	sel := e.AsSelect()
	op := sel.Operand()
	if op.Kind() != ast.IdentKind {
		return nil
	}
	of, field := op.AsIdent(), sel.FieldName()
	if slot := c.slotOf(of); slot >= 0 {
		if sel.IsTestOnly() {
			return nHasIter{slot: slot, key: types.String(field)}
		}
		if field == "at" {
			return nIterAt{slot: slot}
		}
		return nIterField{slot: slot, key: types.String(field)}
	}
	switch of {
	case "events", "within":
		k, ok := c.sc.d.events[field]
		if !ok {
			return nil
		}
		if sel.IsTestOnly() {
			return nHasEvents{kind: k, within: of == "within"}
		}
		return nEventsOf{kind: k, within: of == "within"}
	case "instance":
		if sel.IsTestOnly() {
			return nHasInst{key: types.String(field)}
		}
		return nInstField{key: types.String(field)}
	case "facts", "child":
		return nRecordField{child: of == "child", key: field, has: sel.IsTestOnly()}
	}
	return nil
}

func (c *nativeCompiler) call(e ast.Expr) nnode {
	call := e.AsCall()
	if call.IsMemberFunction() {
		return nil
	}
	args := call.Args()
	nodes := make([]nnode, len(args))
	if call.FunctionName() == "during" && len(args) == 2 {
		// during(instances.kind, t), reading the instances without
		// making their list.
		a := args[0]
		if a.Kind() != ast.SelectKind || a.AsSelect().IsTestOnly() || a.AsSelect().Operand().Kind() != ast.IdentKind || a.AsSelect().Operand().AsIdent() != "instances" {
			return nil
		}
		k, ok := c.sc.d.instances[a.AsSelect().FieldName()]
		t := c.node(args[1])
		if !ok || t == nil {
			return nil
		}
		return nDuring{kind: k, t: t}
	}
	for i, a := range args {
		if nodes[i] = c.node(a); nodes[i] == nil {
			return nil
		}
	}
	switch fn := call.FunctionName(); {
	case fn == "!_" && len(nodes) == 1:
		return nNot{nodes[0]}
	case fn == "_&&_" && len(nodes) == 2:
		return nAnd{nodes[0], nodes[1]}
	case fn == "_||_" && len(nodes) == 2:
		return nOr{nodes[0], nodes[1]}
	case fn == "_?_:_" && len(nodes) == 3:
		return nCond{nodes[0], nodes[1], nodes[2]}
	case fn == "_+_" && len(nodes) == 2:
		c.allocates = true
		return nConcat{nodes[0], nodes[1]}
	case (fn == "_==_" || fn == "_!=_" || fn == "_<_" || fn == "_<=_" || fn == "_>_" || fn == "_>=_") && len(nodes) == 2:
		return nCompare{op: fn, a: nodes[0], b: nodes[1]}
	case fn == "first" && len(nodes) == 1:
		return nFirst{x: nodes[0]}
	case fn == "last" && len(nodes) == 1:
		return nFirst{x: nodes[0], last: true}
	case fn == "age_on" && len(nodes) == 2:
		return nAgeOn{nodes[0], nodes[1]}
	case fn == "add_working_days" && len(nodes) == 2:
		return nAddWorkingDays{nodes[0], nodes[1]}
	case fn == "count" && len(nodes) == 1:
		return nCount{nodes[0]}
	case fn == "date" && len(nodes) == 1:
		return nDate{nodes[0]}
	}
	return nil
}

// comprehension handles filter and exists, as their macros expand.
func (c *nativeCompiler) comprehension(e ast.Expr) nnode {
	comp := e.AsComprehension()
	if comp.HasIterVar2() || len(c.iters) >= maxNativeSlots {
		return nil
	}
	rng := c.node(comp.IterRange())
	if rng == nil {
		return nil
	}
	accu := comp.AccuVar()
	isAccu := func(x ast.Expr) bool { return x.Kind() == ast.IdentKind && x.AsIdent() == accu }
	step := comp.LoopStep()
	if step.Kind() != ast.CallKind || !isAccu(comp.Result()) {
		return nil
	}
	sc := step.AsCall()
	before := c.allocates
	c.allocates = false
	defer func() { c.allocates = c.allocates || before }()
	slot := len(c.iters)
	c.iters = append(c.iters, comp.IterVar())
	defer func() { c.iters = c.iters[:slot] }()
	switch {
	case comp.AccuInit().Kind() == ast.ListKind && len(comp.AccuInit().AsList().Elements()) == 0 &&
		sc.FunctionName() == "_?_:_" && len(sc.Args()) == 3 && isAccu(sc.Args()[2]):
		// filter: pred ? accu + [x] : accu
		add := sc.Args()[1]
		if add.Kind() != ast.CallKind || add.AsCall().FunctionName() != "_+_" || len(add.AsCall().Args()) != 2 {
			return nil
		}
		l, one := add.AsCall().Args()[0], add.AsCall().Args()[1]
		if !isAccu(l) || one.Kind() != ast.ListKind || len(one.AsList().Elements()) != 1 {
			return nil
		}
		if x := one.AsList().Elements()[0]; x.Kind() != ast.IdentKind || x.AsIdent() != comp.IterVar() {
			return nil
		}
		pred := c.node(sc.Args()[0])
		if pred == nil || c.allocates {
			return nil
		}
		c.allocates = true
		return nFilter{rng: rng, slot: slot, pred: pred}
	case comp.AccuInit().Kind() == ast.LiteralKind && comp.AccuInit().AsLiteral() == types.False &&
		sc.FunctionName() == "_||_" && len(sc.Args()) == 2 && isAccu(sc.Args()[0]):
		// exists: accu || pred, while not accu
		pred := c.node(sc.Args()[1])
		if pred == nil || c.allocates {
			return nil
		}
		return nExists{rng: rng, slot: slot, pred: pred}
	}
	return nil
}

// The nodes.

type nLit struct{ v nval }

func (n nLit) eval(*evaluation) (nval, bool) { return n.v, true }

type nAsOf struct{}

func (nAsOf) eval(ev *evaluation) (nval, bool) { return nval{k: nTime, t: ev.asOf}, true }

// nVar reads a variable, worked out once per case, natively when it can
// be (activation.variable).
type nVar struct{ index int }

func (n nVar) eval(ev *evaluation) (nval, bool) {
	a := &ev.act
	if v := a.vars[n.index]; v != nil {
		return fromRef(v)
	}
	if ev.ncomp > 0 {
		// Working the variable out now, inside a filter or exists, would
		// take the comprehension's scratch and slots from under it (its
		// own compiler numbers its slots from 0 too): CEL decides.
		return nval{}, false
	}
	return fromRef(a.variable(n.index))
}

type nEventsOf struct {
	kind   int
	within bool
}

func (n nEventsOf) eval(ev *evaluation) (nval, bool) {
	if n.within {
		if ev.act.inst == nil {
			return nval{}, false
		}
		return nval{k: nEvents, el: ev.act.within.list(n.kind)}, true
	}
	return nval{k: nEvents, el: &ev.act.events.lists[n.kind]}, true
}

type nHasEvents struct {
	kind   int
	within bool
}

func (n nHasEvents) eval(ev *evaluation) (nval, bool) {
	v, ok := nEventsOf(n).eval(ev)
	return nval{k: nBool, b: ok && len(v.el.items) > 0}, ok
}

type nInstField struct{ key types.String }

func (n nInstField) eval(ev *evaluation) (nval, bool) {
	in := ev.act.inst
	if in == nil {
		return nval{}, false
	}
	switch n.key {
	case "start":
		return nval{k: nTime, t: in.start}, true
	case "end":
		return nval{k: nTime, t: in.end}, in.hasEnd
	case "number":
		return nval{k: nInt, i: int64(in.number)}, true
	case "previous":
		if p := ev.act.instVal.previous; p != nil {
			return nval{k: nTime, t: p.start}, true
		}
		return nval{}, false
	}
	v, ok := ev.act.instVal.lookup(n.key)
	if !ok {
		return nval{}, false
	}
	return fromRef(v)
}

type nHasInst struct{ key types.String }

func (n nHasInst) eval(ev *evaluation) (nval, bool) {
	if ev.act.inst == nil {
		return nval{}, false
	}
	_, ok := ev.act.instVal.lookup(n.key)
	return nval{k: nBool, b: ok}, true
}

type nIterAt struct{ slot int }

func (n nIterAt) eval(ev *evaluation) (nval, bool) {
	return nval{k: nTime, t: ev.nslots[n.slot].e.At}, true
}

type nIterField struct {
	slot int
	key  types.String
}

func (n nIterField) eval(ev *evaluation) (nval, bool) {
	v, ok := ev.nslots[n.slot].lookup(n.key)
	if !ok {
		return nval{}, false
	}
	return fromRef(v)
}

type nHasIter struct {
	slot int
	key  types.String
}

func (n nHasIter) eval(ev *evaluation) (nval, bool) {
	_, ok := ev.nslots[n.slot].lookup(n.key)
	return nval{k: nBool, b: ok}, true
}

type nNot struct{ x nnode }

func (n nNot) eval(ev *evaluation) (nval, bool) {
	v, ok := n.x.eval(ev)
	if !ok || v.k != nBool {
		return nval{}, false
	}
	return nval{k: nBool, b: !v.b}, true
}

// evalBool evaluates x as true or false, or gives up.
func evalBool(ev *evaluation, x nnode) (bool, bool) {
	v, ok := x.eval(ev)
	return v.b, ok && v.k == nBool
}

type nAnd struct{ a, b nnode }

func (n nAnd) eval(ev *evaluation) (nval, bool) {
	// CEL decides false && anything as false; so does this, from the left.
	// An absent left or right side gives up, and CEL decides.
	a, ok := evalBool(ev, n.a)
	if !ok {
		return nval{}, false
	}
	if !a {
		return nval{k: nBool}, true
	}
	b, ok := evalBool(ev, n.b)
	return nval{k: nBool, b: b}, ok
}

type nOr struct{ a, b nnode }

func (n nOr) eval(ev *evaluation) (nval, bool) {
	a, ok := evalBool(ev, n.a)
	if !ok {
		return nval{}, false
	}
	if a {
		return nval{k: nBool, b: true}, true
	}
	b, ok := evalBool(ev, n.b)
	return nval{k: nBool, b: b}, ok
}

type nCond struct{ c, a, b nnode }

func (n nCond) eval(ev *evaluation) (nval, bool) {
	c, ok := evalBool(ev, n.c)
	if !ok {
		return nval{}, false
	}
	if c {
		return n.a.eval(ev)
	}
	return n.b.eval(ev)
}

// nConcat is list + list, for lists of events. A list joined with an empty
// one is that list; otherwise the items of both, in that order, which
// need not be in time order.
type nConcat struct{ a, b nnode }

func (n nConcat) eval(ev *evaluation) (nval, bool) {
	a, ok := n.a.eval(ev)
	if !ok || a.k != nEvents {
		return nval{}, false
	}
	b, ok := n.b.eval(ev)
	if !ok || b.k != nEvents {
		return nval{}, false
	}
	switch {
	case len(b.el.items) == 0:
		return a, true
	case len(a.el.items) == 0:
		return b, true
	}
	start := len(ev.nitems)
	ev.nitems = append(ev.nitems, a.el.items...)
	ev.nitems = append(ev.nitems, b.el.items...)
	l := ev.newList(ev.nitems[start:len(ev.nitems):len(ev.nitems)])
	l.unsorted = true
	return nval{k: nEvents, el: l}, true
}

type nCompare struct {
	op   string
	a, b nnode
}

func (n nCompare) eval(ev *evaluation) (nval, bool) {
	a, ok := n.a.eval(ev)
	if !ok {
		return nval{}, false
	}
	b, ok := n.b.eval(ev)
	if !ok || a.k != b.k {
		return nval{}, false
	}
	var c int
	switch a.k {
	case nTime:
		c = a.t.Compare(b.t)
	case nInt:
		c = cmp.Compare(a.i, b.i)
	case nBool:
		if n.op != "_==_" && n.op != "_!=_" {
			return nval{}, false
		}
		if a.b != b.b {
			c = 1
		}
	default:
		return nval{}, false
	}
	var r bool
	switch n.op {
	case "_==_":
		r = c == 0
	case "_!=_":
		r = c != 0
	case "_<_":
		r = c < 0
	case "_<=_":
		r = c <= 0
	case "_>_":
		r = c > 0
	case "_>=_":
		r = c >= 0
	}
	return nval{k: nBool, b: r}, true
}

// nFirst is first(list), or with last last(list): its first (last)
// item's instant, as CEL's first and last read it (the list's first, not
// its earliest).
type nFirst struct {
	x    nnode
	last bool
}

func (n nFirst) eval(ev *evaluation) (nval, bool) {
	v, ok := n.x.eval(ev)
	if !ok || v.k != nEvents || len(v.el.items) == 0 {
		return nval{}, false
	}
	i := 0
	if n.last {
		i = len(v.el.items) - 1
	}
	return nval{k: nTime, t: v.el.items[i].e.At}, true
}

// nRecordField is facts.name or child.name, or with has has(...): a
// value of the types the native road handles (true or false, a whole
// number, an instant), read as record.lookup reads it.
type nRecordField struct {
	child bool
	key   string
	has   bool
}

func (n nRecordField) eval(ev *evaluation) (nval, bool) {
	r := &ev.act.facts
	if n.child {
		r = &ev.act.child
	}
	var v any
	ok := false
	if r.fixedSet && n.key == r.fixedKey {
		v, ok = r.fixedTime, true
	} else {
		v, ok = r.value(n.key)
	}
	if n.has {
		return nval{k: nBool, b: ok}, true
	}
	if !ok {
		return nval{}, false
	}
	switch x := v.(type) {
	case bool:
		return nval{k: nBool, b: x}, true
	case int64:
		return nval{k: nInt, i: x}, true
	case int:
		return nval{k: nInt, i: int64(x)}, true
	case time.Time:
		return nval{k: nTime, t: x}, true
	}
	return nval{}, false
}

// nAgeOn is age_on(dob, t).
type nAgeOn struct{ dob, t nnode }

func (n nAgeOn) eval(ev *evaluation) (nval, bool) {
	d, ok := n.dob.eval(ev)
	if !ok || d.k != nTime {
		return nval{}, false
	}
	t, ok := n.t.eval(ev)
	if !ok || t.k != nTime {
		return nval{}, false
	}
	return nval{k: nInt, i: int64(ageOn(d.t, t.t))}, true
}

// nAddWorkingDays is add_working_days(t, n), giving up (for CEL's error)
// outside the calendar.
type nAddWorkingDays struct{ t, n nnode }

func (n nAddWorkingDays) eval(ev *evaluation) (nval, bool) {
	t, ok := n.t.eval(ev)
	if !ok || t.k != nTime || !ev.p.cal.Covers(t.t) {
		return nval{}, false
	}
	k, ok := n.n.eval(ev)
	if !ok || k.k != nInt {
		return nval{}, false
	}
	out := ev.p.cal.AddWorkingDays(t.t, int(k.i))
	if out.IsZero() {
		return nval{}, false
	}
	return nval{k: nTime, t: out}, true
}

type nCount struct{ x nnode }

func (n nCount) eval(ev *evaluation) (nval, bool) {
	v, ok := n.x.eval(ev)
	if !ok || v.k != nEvents {
		return nval{}, false
	}
	return nval{k: nInt, i: int64(len(v.el.items))}, true
}

type nDate struct{ x nnode }

func (n nDate) eval(ev *evaluation) (nval, bool) {
	v, ok := n.x.eval(ev)
	if !ok || v.k != nTime {
		return nval{}, false
	}
	return nval{k: nTime, t: calendar.Date(v.t)}, true
}

// nDuring is during(instances.kind, t), as during (instances.go) decides it.
type nDuring struct {
	kind int
	t    nnode
}

func (n nDuring) eval(ev *evaluation) (nval, bool) {
	t, ok := n.t.eval(ev)
	if !ok || t.k != nTime {
		return nval{}, false
	}
	ins, err := ev.instancesOf(ev.p.instances[n.kind])
	if err != nil {
		return nval{}, false
	}
	day := calendar.Date(t.t)
	for i := range ins {
		if ins[i].during(day) {
			return nval{k: nBool, b: true}, true
		}
	}
	return nval{k: nBool}, true
}

// nFilter is list.filter(x, pred) over a list of events: the events for
// which pred is true, in the list's order.
type nFilter struct {
	rng  nnode
	slot int
	pred nnode
}

func (n nFilter) eval(ev *evaluation) (nval, bool) {
	r, ok := n.rng.eval(ev)
	if !ok || r.k != nEvents {
		return nval{}, false
	}
	ev.ncomp++
	v, ok := n.filter(ev, r)
	ev.ncomp--
	return v, ok
}

// filter keeps the items of r for which the predicate holds.
func (n nFilter) filter(ev *evaluation, r nval) (nval, bool) {
	items := r.el.items
	start := len(ev.nitems)
	all := true
	for i := range items {
		ev.nslots[n.slot] = &items[i]
		keep, ok := evalBool(ev, n.pred)
		if !ok {
			ev.nitems = ev.nitems[:start]
			return nval{}, false
		}
		if keep {
			ev.nitems = append(ev.nitems, items[i])
		} else {
			all = false
		}
	}
	ev.nslots[n.slot] = nil
	if all {
		ev.nitems = ev.nitems[:start]
		return r, true
	}
	l := ev.newList(ev.nitems[start:len(ev.nitems):len(ev.nitems)])
	l.unsorted = r.el.unsorted
	return nval{k: nEvents, el: l}, true
}

// nExists is list.exists(x, pred) over a list of events.
type nExists struct {
	rng  nnode
	slot int
	pred nnode
}

func (n nExists) eval(ev *evaluation) (nval, bool) {
	r, ok := n.rng.eval(ev)
	if !ok || r.k != nEvents {
		return nval{}, false
	}
	items := r.el.items
	ev.ncomp++
	defer func() { ev.nslots[n.slot] = nil; ev.ncomp-- }()
	for i := range items {
		ev.nslots[n.slot] = &items[i]
		b, ok := evalBool(ev, n.pred)
		if !ok {
			return nval{}, false
		}
		if b {
			return nval{k: nBool, b: true}, true
		}
	}
	return nval{k: nBool}, true
}

// fromRef reads a CEL value on the native road, when it is of a type the
// road handles.
func fromRef(v ref.Val) (nval, bool) {
	switch x := v.(type) {
	case types.Bool:
		return nval{k: nBool, b: bool(x)}, true
	case types.Int:
		return nval{k: nInt, i: int64(x)}, true
	case types.Timestamp:
		return nval{k: nTime, t: x.Time}, true
	case *eventList:
		return nval{k: nEvents, el: x}, true
	}
	return nval{}, false
}

// toRef makes a native value a CEL value.
func (ev *evaluation) toRef(v nval) ref.Val {
	switch v.k {
	case nBool:
		return types.Bool(v.b)
	case nInt:
		return types.Int(v.i)
	case nTime:
		return types.Timestamp{Time: v.t}
	}
	return v.el
}

// newList returns a list of events from the evaluation's scratch, valid
// until it is released.
func (ev *evaluation) newList(items []eventValue) *eventList {
	if ev.nlistsUsed == len(ev.nlists) {
		ev.nlists = append(ev.nlists, new(eventList))
	}
	l := ev.nlists[ev.nlistsUsed]
	ev.nlistsUsed++
	*l = eventList{items: items}
	return l
}

// releaseNative forgets the native road's scratch, keeping its space.
func (ev *evaluation) releaseNative() {
	for _, l := range ev.nlists[:ev.nlistsUsed] {
		*l = eventList{}
	}
	ev.nlistsUsed = 0
	clear(ev.nitems)
	ev.nitems = ev.nitems[:0]
	ev.nslots = [maxNativeSlots]*eventValue{}
}
