package rules

// This file: compiling one CEL expression of a policy: parse, type-check
// against the key's wanted type, check the event kinds it reads and its
// cost, and plan it. It is a plain function of the environment and the
// located text, so it knows nothing of rules or YAML.

import (
	"fmt"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"

	"github.com/safeguarding/timescales/internal/suggest"
	"github.com/safeguarding/timescales/internal/yamlsrc"
)

// expr is one compiled CEL expression of a policy. It keeps no syntax:
// what evaluation needs of the checked expression (its shape, the event it
// names, whether it is a plain pick) is worked out here, once.
type expr struct {
	text  string
	key   string   // the key it was written under: "from", "variables.s47"
	at    Location // where it was written
	prg   cel.Program
	shape exprShape
	label string // the event kind it reads, in words, when it is first/last/nth(events.kind) or events.kind
	pick  *pick  // set when the expression is one of those, to evaluate it without CEL
	// native is the expression on the native road (native.go), when it
	// can take it: tried before CEL, which decides when it gives up.
	native nnode
	// kinds are the event kinds it reads itself (events.kind or
	// within.kind), in the order it reads them, and startsAt is set when it
	// reads instance.start: to name the event an instant came from when
	// label cannot.
	kinds    []int
	startsAt bool
	// reads are what it reads of a case, itself or through the variables
	// and instance kinds it reads: for Policy.Rules and FactsRead, and to
	// tell whether a record's source holds what a rule reads.
	reads reads
}

// reads are the event kinds (by index) and facts (by name) an expression
// reads of a case.
type reads struct {
	events []int
	facts  []string
	// instances are the instance kinds (by index) it reads, whose own
	// reads are added by Policy.expand once every kind is compiled: a
	// variable, compiled before the instance kinds, may read them.
	instances []int
}

// add adds what other reads.
func (r *reads) add(other reads) {
	for _, k := range other.events {
		r.event(k)
	}
	for _, f := range other.facts {
		r.fact(f)
	}
	for _, k := range other.instances {
		if !slices.Contains(r.instances, k) {
			r.instances = append(r.instances, k)
		}
	}
}

func (r *reads) event(k int) {
	if !slices.Contains(r.events, k) {
		r.events = append(r.events, k)
	}
}

func (r *reads) fact(name string) {
	if !slices.Contains(r.facts, name) {
		r.facts = append(r.facts, name)
	}
}

// exprShape is what an expression's type says about its value.
type exprShape int

const (
	shapeOther   exprShape = iota // bool, int, ...
	shapeInstant                  // a timestamp
	shapeList                     // a list
	shapeDyn                      // decided by the case (a fact)
)

func shapeOf(t *cel.Type) exprShape {
	switch t.Kind() {
	case types.TimestampKind:
		return shapeInstant
	case types.ListKind:
		return shapeList
	case types.DynKind:
		return shapeDyn
	}
	return shapeOther
}

// want is the CEL type an expression must have.
type want int

const (
	wantBool want = iota
	wantTimestamp
	wantList
)

func (w want) String() string {
	return [...]string{"true or false", "an instant", "a list of events or instants"}[w]
}

func (w want) accepts(t *cel.Type) bool {
	if t.Kind() == types.DynKind {
		return true
	}
	switch w {
	case wantBool:
		return t.Kind() == types.BoolKind
	case wantTimestamp:
		return t.Kind() == types.TimestampKind
	case wantList:
		if t.Kind() != types.ListKind {
			return false
		}
		// A list of events (maps) or of timestamps; the case decides a
		// list of dyn.
		switch elem := t.Parameters(); {
		case len(elem) != 1:
			return true
		default:
			switch elem[0].Kind() {
			case types.TimestampKind, types.MapKind, types.DynKind, types.TypeParamKind, types.AnyKind:
				return true
			}
			return false
		}
	}
	return true
}

// declared are the names of a policy that expressions are checked against.
type declared struct {
	events    map[string]int // event kinds
	instances map[string]int // instance kinds
	// The names in declaration order, for "did you mean".
	eventNames, instanceNames []string
	// facts are the facts the policy declares, when it declares them (nil
	// when it does not, and an expression may read any fact).
	facts     map[string]bool
	factNames []string
	// instanceKinds are the compiled instance kinds, for what an
	// expression reads through them.
	instanceKinds map[string]*instanceKind
}

// scope is what a policy's expressions are compiled against: its CEL
// environments, its event and instance kinds, and its variables compiled so
// far. An expression is checked in an environment that declares only the
// variables it reads: declaring every variable in one environment, extended
// by one variable at a time, made n variables cost n² work (5,000 took 1
// GB).
type scope struct {
	base    *cel.Env // the policy's names and functions
	forEach *cel.Env // base, with instance and within
	d       declared
	labels  map[string]string // a variable's event kind in words, for explanations
	vars    map[string]*compiledVar
	// later holds the variables not yet compiled, with where each is
	// defined, for the error of a variable that reads one defined after it.
	later map[string]yamlsrc.Scalar
	envs  map[string]*cel.Env // by the variables declared in them
	order []*compiledVar      // by index, the order they are defined in
	names []string            // of the variables, in the order defined
	// suggest bounds the work of "did you mean" for variables.
	suggest *suggest.Budget
}

// compiledVar is what the expressions that read a variable need of it.
type compiledVar struct {
	index int
	typ   *cel.Type
	// cost is the most the variable's own expression could cost, counting
	// each variable it reads as a name; size is how large its value could
	// be, or nil when the estimate says nothing.
	cost uint64
	size *cost.SizeEstimate
	// total is cost with that of every variable it reads.
	total uint64
	// reads holds, as a bit set of indices, every variable its value
	// depends on, directly or through other variables.
	reads bitSet
	// caseReads are the event kinds and facts it reads of a case, itself
	// or through the variables and instance kinds it reads.
	caseReads reads
}

// bitSet is a set of small integers.
type bitSet []uint64

func (b bitSet) has(i int) bool { return i/64 < len(b) && b[i/64]&(1<<(i%64)) != 0 }

func (b *bitSet) add(i int) {
	for len(*b) <= i/64 {
		*b = append(*b, 0)
	}
	(*b)[i/64] |= 1 << (i % 64)
}

func (b *bitSet) union(o bitSet) {
	for len(*b) < len(o) {
		*b = append(*b, 0)
	}
	for i, w := range o {
		(*b)[i] |= w
	}
}

func newScope(base *cel.Env, d declared, variables []syntaxVariable, budget *suggest.Budget) (*scope, error) {
	forEach, err := instanceEnv(base)
	if err != nil {
		return nil, err
	}
	sc := &scope{base: base, forEach: forEach, d: d, labels: map[string]string{},
		vars: map[string]*compiledVar{}, later: map[string]yamlsrc.Scalar{}, envs: map[string]*cel.Env{}, suggest: budget}
	for _, v := range variables {
		if _, dup := sc.later[v.name.Value]; !dup {
			sc.later[v.name.Value] = v.name
		}
	}
	return sc, nil
}

// define adds a compiled variable (x nil when it failed to compile: it is
// then declared as dyn, so that what reads it is still checked without
// errors that only repeat its own).
func (sc *scope) define(name string, x *expr, out *cel.Type, c exprCost) {
	delete(sc.later, name)
	v := &compiledVar{index: len(sc.order), typ: cel.DynType}
	if x != nil {
		v.typ, v.cost, v.total, v.size, v.reads = out, c.own, c.total, c.size, c.reads
		v.caseReads = x.reads
		sc.labels[name] = x.label
	}
	sc.vars[name] = v
	sc.order = append(sc.order, v)
	sc.names = append(sc.names, name)
}

// env returns the environment that declares the named variables (all
// compiled), for a rule counted for each instance or not.
func (sc *scope) env(forEach bool, names []string) (*cel.Env, error) {
	if len(names) == 0 {
		if forEach {
			return sc.forEach, nil
		}
		return sc.base, nil
	}
	key := strings.Join(names, " ")
	if forEach {
		key = "instance " + key
	}
	if env, ok := sc.envs[key]; ok {
		return env, nil
	}
	parent := sc.base
	if forEach {
		parent = sc.forEach
	}
	opts := make([]cel.EnvOption, len(names))
	for i, n := range names {
		opts[i] = cel.Variable("variables."+n, sc.vars[n].typ)
	}
	env, err := parent.Extend(opts...)
	if err != nil {
		return nil, err
	}
	sc.envs[key] = env
	return env, nil
}

// exprCost is what the cost estimate found of an expression.
type exprCost struct {
	own   uint64             // its own, reading each variable as a name
	total uint64             // with the variables it reads
	size  *cost.SizeEstimate // of its value
	reads bitSet             // the variables it depends on
}

// MaxNesting bounds how deeply an expression's parts may sit inside each
// other (brackets, calls, operators, literal lists and maps), so that no
// expression can make the type checker do unbounded work: 249 levels of
// nested maps took 14.5 s to check.
const MaxNesting = 32

// compileExpr parses, type-checks and plans one CEL expression written as
// s under key (of rule, "" for a variable), in sc, for a rule counted for
// each instance when forEach is set. With wants given, the expression must
// give one of those types. It returns the expression, its type and what
// its cost estimate found, or nil and the errors found.
func compileExpr(sc *scope, forEach bool, s yamlsrc.Scalar, rule, key string, wants []want) (*expr, *cel.Type, exprCost, ErrorList) {
	var errs ErrorList
	var ec exprCost
	errorf := func(code Code, at yamlsrc.Scalar, format string, args ...any) {
		errs = append(errs, errorAt(nil, at, code, rule, key, fmt.Sprintf(format, args...)))
	}
	inside := func(line, col int) yamlsrc.Scalar {
		at := s
		at.Line, at.Column = s.At(line, col)
		return at
	}
	if strings.TrimSpace(s.Value) == "" {
		errorf(CodeCELSyntax, s, "empty expression")
		return nil, nil, ec, errs
	}
	parsed, iss := sc.base.Parse(s.Value)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			msg := rephraseSyntax(e.Message, s.Value, offsetIn(s.Value, e.Location.Line(), e.Location.Column()))
			errorf(CodeCELSyntax, inside(e.Location.Line(), e.Location.Column()), "%s", msg)
		}
		return nil, nil, ec, errs
	}
	if deep := tooDeep(parsed.NativeRep().Expr(), MaxNesting); deep != nil {
		loc := parsed.NativeRep().SourceInfo().GetStartLocation(deep.ID())
		errorf(CodeCost, inside(loc.Line(), loc.Column()), "the expression nests more than %d deep (brackets, calls, operators and literals inside each other); name its parts under variables:", MaxNesting)
		return nil, nil, ec, errs
	}
	// The variables it reads, each declared for it.
	names, refErrs := sc.reads(parsed.NativeRep(), key)
	for _, e := range refErrs {
		errorf(CodeCELType, inside(e.line, e.col), "%s", e.msg)
	}
	if len(errs) > 0 {
		return nil, nil, ec, errs
	}
	env, err := sc.env(forEach, names)
	if err != nil {
		errorf(CodeCELType, s, "cannot build the expression environment: %v", err)
		return nil, nil, ec, errs
	}
	checked, iss := env.Check(parsed)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			if msg := rephraseCheck(env, e.Message, s.Value, offsetIn(s.Value, e.Location.Line(), e.Location.Column())); msg != "" {
				errorf(CodeCELType, inside(e.Location.Line(), e.Location.Column()), "%s", msg)
			}
		}
		if len(errs) == 0 { // every error followed from another: keep CEL's first
			e := iss.Errors()[0]
			errorf(CodeCELType, inside(e.Location.Line(), e.Location.Column()), "%s", e.Message)
		}
		return nil, nil, ec, errs
	}
	out := checked.OutputType()
	ok := len(wants) == 0 // a variable may be of any type
	for _, w := range wants {
		ok = ok || w.accepts(out)
	}
	if !ok {
		names := make([]string, len(wants))
		for i, w := range wants {
			names[i] = w.String()
		}
		errorf(CodeCELType, s, "the expression gives %s, but %s wants %s", typeWords(out), key, strings.Join(names, " or "))
		return nil, nil, ec, errs
	}
	native := checked.NativeRep()
	var own, rd reads // the event kinds it reads itself; all it reads
	startsAt := false
	ast.PreOrderVisit(native.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() == ast.IdentKind {
			name := e.AsIdent()
			if name == "instance.start" {
				startsAt = true // the checker names the declared instance.start so
			}
			if v, ok := strings.CutPrefix(name, "variables."); ok && sc.vars[v] != nil {
				rd.add(sc.vars[v].caseReads)
			}
		}
		if e.Kind() != ast.SelectKind {
			return
		}
		sel := e.AsSelect()
		if sel.Operand().Kind() != ast.IdentKind {
			return
		}
		// CEL places a selection at its dot; point at the kind after it.
		loc := native.SourceInfo().GetStartLocation(e.ID())
		switch kind, of := sel.FieldName(), sel.Operand().AsIdent(); {
		case (of == "events" || of == "within") && !hasKind(sc.d.events, kind):
			errorf(CodeEventKind, inside(loc.Line(), loc.Column()+1), "event kind %q is not declared in the policy's events%s", kind, orDeclare(sc.suggest, kind, sc.d.eventNames, " (declare it under events:, with a description)"))
		case of == "events" || of == "within":
			k := sc.d.events[kind]
			own.event(k)
			rd.event(k)
		case of == "instances" && !hasKind(sc.d.instances, kind):
			errorf(CodeEventKind, inside(loc.Line(), loc.Column()+1), "instance kind %q is not declared in the policy's instances%s", kind, orDeclare(sc.suggest, kind, sc.d.instanceNames, " (declare it under instances:)"))
		case of == "facts" && sc.d.facts != nil && !sc.d.facts[kind]:
			// The policy lists the facts it reads, and a case's other
			// facts only give warnings: an undeclared fact here would
			// silently turn the rule off.
			errorf(CodeFact, inside(loc.Line(), loc.Column()+1), "fact %q is not declared in the policy's facts%s", kind, orDeclare(sc.suggest, kind, sc.d.factNames, " (declare it under facts:, with a description, so that a case that records it is read)"))
		case of == "facts":
			rd.fact(kind)
		case of == "instances":
			rd.add(reads{instances: []int{sc.d.instances[kind]}})
		case of == "instance" && kind == "start":
			startsAt = true
		}
	}))
	if len(errs) > 0 {
		return nil, nil, ec, errs
	}
	ec, err = sc.estimate(native, names)
	if err == nil && ec.total > CostLimit {
		cost := fmt.Sprintf("could cost up to %d units", ec.total)
		if ec.total == math.MaxUint64 {
			cost = "has no bound on its cost"
		}
		with, hint := "", "look for a loop inside a loop"
		if len(names) > 0 {
			with = ", with the variables it reads,"
			if ec.total > ec.own && ec.total < math.MaxUint64 {
				with = fmt.Sprintf(" (%d of them in the variables it reads)", ec.total-ec.own)
			}
			hint += ", or a value that grows from variable to variable"
		}
		errorf(CodeCost, s, "the expression %s%s for a case of up to %d events of a kind (or items in a value), over the limit of %d; %s", cost, with, MaxListSize, CostLimit, hint)
		return nil, nil, ec, errs
	}
	prg, err := env.Program(checked, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		errorf(CodeCELType, s, "cannot plan the expression: %v", err)
		return nil, nil, ec, errs
	}
	x := &expr{text: s.Value, key: key, at: locationOf(s), prg: prg, shape: shapeOf(out), label: eventLabel(native.Expr(), sc.labels), pick: pickOf(native.Expr(), sc.d.events),
		native: nativeOf(native.Expr(), sc), kinds: own.events, startsAt: startsAt, reads: rd}
	return x, out, ec, nil
}

// refError is a variable read that cannot be, at a position inside the
// expression as CEL counts it.
type refError struct {
	line, col int
	msg       string
}

// reads returns the names of the compiled variables a parsed expression
// reads (variables.name), sorted, and an error for each it reads that is
// not defined, or (for a variable, key variables.x) is defined after it.
func (sc *scope) reads(parsed *ast.AST, key string) ([]string, []refError) {
	var names []string
	var errs []refError
	seen := map[string]bool{}
	ast.PreOrderVisit(parsed.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() != ast.SelectKind {
			return
		}
		sel := e.AsSelect()
		if op := sel.Operand(); op.Kind() != ast.IdentKind || op.AsIdent() != "variables" {
			return
		}
		name := sel.FieldName()
		if seen[name] {
			return
		}
		seen[name] = true
		if _, ok := sc.vars[name]; ok {
			names = append(names, name)
			return
		}
		loc := parsed.SourceInfo().GetStartLocation(e.ID())
		msg := fmt.Sprintf("no variable %q in the policy's variables", name)
		switch at, later := sc.later[name]; {
		case later && "variables."+name == key:
			msg = fmt.Sprintf("variable %q reads itself; a variable can read only the variables before it", name)
		case later && strings.HasPrefix(key, "variables."):
			msg = fmt.Sprintf("variable %q is defined after this one (line %d); a variable can read only the variables before it", name, at.Line)
		default:
			if near := sc.suggest.Nearest(name, sc.names); near != "" {
				msg += fmt.Sprintf("; did you mean variables.%s?", near)
			}
		}
		errs = append(errs, refError{loc.Line(), loc.Column() + 1, msg})
	}))
	slices.Sort(names)
	return names, errs
}

// tooDeep returns a part of e nested more than limit deep, or nil.
func tooDeep(e ast.Expr, limit int) ast.Expr {
	if limit == 0 {
		return e
	}
	var kids []ast.Expr
	switch e.Kind() {
	case ast.CallKind:
		c := e.AsCall()
		if c.IsMemberFunction() {
			kids = append(kids, c.Target())
		}
		kids = append(kids, c.Args()...)
	case ast.ComprehensionKind:
		c := e.AsComprehension()
		kids = append(kids, c.IterRange(), c.AccuInit(), c.LoopCondition(), c.LoopStep(), c.Result())
	case ast.ListKind:
		kids = e.AsList().Elements()
	case ast.MapKind:
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			kids = append(kids, me.Key(), me.Value())
		}
	case ast.StructKind:
		for _, f := range e.AsStruct().Fields() {
			kids = append(kids, f.AsStructField().Value())
		}
	case ast.SelectKind:
		kids = append(kids, e.AsSelect().Operand())
	}
	for _, k := range kids {
		if deep := tooDeep(k, limit-1); deep != nil {
			return deep
		}
	}
	return nil
}

// sizeProbe is the function a cost estimate wraps an expression in, to learn
// the size of its value.
const sizeProbe = "timescales@size"

// estimate works out the most a checked expression that reads the named
// variables could cost for one case: its own cost, and that of every
// variable it reads, directly or through others (each variable is
// evaluated at most once per case). The variables' values are as large as
// their own estimates say, so a value that doubles from variable to
// variable is seen doubling.
func (sc *scope) estimate(checked *ast.AST, names []string) (exprCost, error) {
	// The expression, as the argument of a call the estimator sees.
	id := ast.MaxID(checked)
	probe := ast.NewExprFactory().NewCall(id, sizeProbe, checked.Expr())
	typeMap := maps.Clone(checked.TypeMap())
	typeMap[id] = checked.GetType(checked.Expr().ID())
	refMap := maps.Clone(checked.ReferenceMap())
	refMap[id] = ast.NewFunctionReference(sizeProbe)
	wrapped := ast.NewCheckedAST(ast.NewAST(probe, checked.SourceInfo()), typeMap, refMap)
	est := &sizeEstimator{vars: sc.vars}
	c, err := cost.Cost(wrapped, est)
	if err != nil {
		return exprCost{}, err
	}
	ec := exprCost{own: c.Max, total: c.Max, size: est.size}
	for _, n := range names {
		v := sc.vars[n]
		ec.reads.add(v.index)
		ec.reads.union(v.reads)
	}
	if len(names) == 1 {
		// Exactly the variable and what it reads, as its own total says.
		ec.total = cost.SafeAdd(ec.own, sc.vars[names[0]].total)
		return ec, nil
	}
	// Each variable once, though several read it.
	for i, w := range ec.reads {
		for ; w != 0; w &= w - 1 {
			ec.total = cost.SafeAdd(ec.total, sc.order[i*64+bits.TrailingZeros64(w)].cost)
		}
	}
	return ec, nil
}

// pickOf recognises the expressions pick evaluates: first(events.kind),
// last(events.kind), nth(events.kind, N) with N a literal, and events.kind.
func pickOf(e ast.Expr, kinds map[string]int) *pick {
	p := &pick{}
	if e.Kind() == ast.CallKind {
		call := e.AsCall()
		args := call.Args()
		switch {
		case (call.FunctionName() == "first" || call.FunctionName() == "last") && len(args) == 1 && !call.IsMemberFunction():
			p.fn = call.FunctionName()
		case call.FunctionName() == "nth" && len(args) == 2 && !call.IsMemberFunction() &&
			args[1].Kind() == ast.LiteralKind && args[1].AsLiteral().Type() == types.IntType:
			p.fn, p.n = "nth", int64(args[1].AsLiteral().(types.Int))
		default:
			return nil
		}
		e = args[0]
	}
	if e.Kind() != ast.SelectKind || e.AsSelect().IsTestOnly() {
		return nil
	}
	sel := e.AsSelect()
	if sel.Operand().Kind() != ast.IdentKind || sel.Operand().AsIdent() != "events" {
		return nil
	}
	k, ok := kinds[sel.FieldName()]
	if !ok {
		return nil
	}
	p.kind = k
	return p
}

// eventLabel returns the event kind an expression reads, in words, when it
// is first/last/nth(events.kind) or events.kind itself, possibly filtered or
// mapped (events.rcpc.filter(e, ...)), or a variable that is one of those
// (labels holds the variables' labels).
func eventLabel(e ast.Expr, labels map[string]string) string {
	if e.Kind() == ast.IdentKind {
		if name, ok := strings.CutPrefix(e.AsIdent(), "variables."); ok {
			return labels[name]
		}
	}
	if e.Kind() == ast.CallKind {
		call := e.AsCall()
		switch call.FunctionName() {
		case "first", "last", "nth":
			if len(call.Args()) > 0 {
				e = call.Args()[0]
			}
		}
	}
	for e.Kind() == ast.ComprehensionKind {
		e = e.AsComprehension().IterRange()
	}
	if e.Kind() == ast.SelectKind {
		sel := e.AsSelect()
		if of := sel.Operand(); of.Kind() == ast.IdentKind && (of.AsIdent() == "events" || of.AsIdent() == "within") {
			return KindWords(sel.FieldName())
		}
	}
	return ""
}

// sizeEstimator bounds every list and map a policy reads at MaxListSize, a
// variable's value at what its own estimate found, and records the size of
// the expression wrapped in sizeProbe.
type sizeEstimator struct {
	vars map[string]*compiledVar
	size *cost.SizeEstimate // of the probed expression
}

// EstimateSize implements cost.Estimator.
func (e *sizeEstimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	if p := n.Path(); len(p) > 0 {
		if name, ok := strings.CutPrefix(p[0], "variables."); ok {
			if v := e.vars[name]; v != nil && v.size != nil {
				switch {
				case len(p) == 1:
					return v.size
				case len(p) == 2 && v.size.Elem != nil && (p[1] == "@items" || p[1] == "@values"):
					return v.size.Elem
				}
			}
		}
	}
	if len(n.Path()) == 0 {
		// A value worked out by the expression, whose size the estimate
		// could not follow: not bounded by the case's.
		return nil
	}
	switch n.Type().Kind() {
	case types.ListKind, types.MapKind, types.StringKind, types.BytesKind, types.DynKind:
		return &cost.SizeEstimate{Min: 0, Max: MaxListSize}
	}
	return nil
}

// EstimateCallCost implements cost.Estimator: the probe costs nothing and
// notes the size of its argument; during costs the length of its list.
func (e *sizeEstimator) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	if overloadID == sizeProbe && len(args) == 1 {
		// Unknown too: a variable whose value's size the estimate cannot
		// follow is not taken to be as small as the case's values.
		sz := cost.EstimateSize(e, args[0])
		e.size = &sz
		return &cost.CallEstimate{}
	}
	if overloadID == "during_list_timestamp" && len(args) == 2 {
		// during looks through the instances one by one.
		n := cost.EstimateSize(e, args[0])
		return &cost.CallEstimate{CostEstimate: cost.CostEstimate{Min: 1, Max: cost.SafeAdd(n.Max, 1)}}
	}
	return nil
}

// withArticle writes "an int", "a bool".
func withArticle(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func hasKind(kinds map[string]int, k string) bool { _, ok := kinds[k]; return ok }

// orDeclare returns "; did you mean "x"?" for the name of names nearest
// to name (within the budget b), or else otherwise.
func orDeclare(b *suggest.Budget, name string, names []string, otherwise string) string {
	if s := b.Nearest(name, names); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return otherwise
}

// offsetIn returns the byte offset in text of a CEL location: line from 1,
// column from 0.
func offsetIn(text string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return off + col
}
