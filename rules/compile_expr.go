package rules

// This file: compiling one CEL expression of a policy: parse, type-check
// against the key's wanted type, check the event kinds it reads and its
// cost, and plan it. It is a plain function of the environment and the
// located text, so it knows nothing of rules or YAML.

import (
	"fmt"
	"math"
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
	key   string // the key it was written under: "from", "variables.s47"
	prg   cel.Program
	shape exprShape
	label string // the event kind it reads, in words, when it is first/last/nth(events.kind) or events.kind
	pick  *pick  // set when the expression is one of those, to evaluate it without CEL
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
}

// add adds what other reads.
func (r *reads) add(other reads) {
	for _, k := range other.events {
		r.event(k)
	}
	for _, f := range other.facts {
		r.fact(f)
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
	// vars and instanceKinds are the compiled variables and instance
	// kinds, for what an expression reads through them.
	vars          map[string]*expr
	instanceKinds map[string]*instanceKind
	// variables are the variables an expression may read (those before
	// it, for a variable), and laterVariables those it may not.
	variables, laterVariables []string
	self                      string   // the variable being compiled, if any
	allVariables              []string // every variable of the policy, for "did you mean"
}

// compileExpr parses, type-checks and plans one CEL expression written as
// s under key (of rule, "" for a variable). d holds the policy's event and
// instance kinds, labels the words of the variables compiled so far. With wants
// given, the expression must give one of those types. It returns the
// expression and its type, or nil and the errors found.
func compileExpr(env *cel.Env, d declared, labels map[string]string, s yamlsrc.Scalar, rule, key string, wants []want) (*expr, *cel.Type, ErrorList) {
	var errs ErrorList
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
		return nil, nil, errs
	}
	parsed, iss := env.Parse(s.Value)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			msg := rephraseSyntax(e.Message, s.Value, offsetIn(s.Value, e.Location.Line(), e.Location.Column()))
			errorf(CodeCELSyntax, inside(e.Location.Line(), e.Location.Column()), "%s", msg)
		}
		return nil, nil, errs
	}
	checked, iss := env.Check(parsed)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			if msg := rephraseCheck(env, d, e.Message, s.Value, offsetIn(s.Value, e.Location.Line(), e.Location.Column())); msg != "" {
				errorf(CodeCELType, inside(e.Location.Line(), e.Location.Column()), "%s", msg)
			}
		}
		if len(errs) == 0 { // every error followed from another: keep CEL's first
			e := iss.Errors()[0]
			errorf(CodeCELType, inside(e.Location.Line(), e.Location.Column()), "%s", e.Message)
		}
		return nil, nil, errs
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
		return nil, nil, errs
	}
	native := checked.NativeRep()
	var kinds []int
	var rd reads
	startsAt := false
	ast.PreOrderVisit(native.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() == ast.IdentKind && e.AsIdent() == "instance.start" {
			startsAt = true // the checker names the declared instance.start so
		}
		if e.Kind() == ast.IdentKind {
			if name, ok := strings.CutPrefix(e.AsIdent(), "variables."); ok && d.vars[name] != nil {
				rd.add(d.vars[name].reads)
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
		case (of == "events" || of == "within") && !hasKind(d.events, kind):
			errorf(CodeEventKind, inside(loc.Line(), loc.Column()+1), "event kind %q is not declared in the policy's events%s", kind, orDeclare(kind, d.eventNames, " (declare it under events:, with a description)"))
		case of == "events" || of == "within":
			if k := d.events[kind]; !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
			rd.event(d.events[kind])
		case of == "instances" && !hasKind(d.instances, kind):
			errorf(CodeEventKind, inside(loc.Line(), loc.Column()+1), "instance kind %q is not declared in the policy's instances%s", kind, orDeclare(kind, d.instanceNames, " (declare it under instances:)"))
		case of == "facts" && d.facts != nil && !d.facts[kind]:
			// The policy lists the facts it reads, and a case's other
			// facts only give warnings: an undeclared fact here would
			// silently turn the rule off.
			errorf(CodeFact, inside(loc.Line(), loc.Column()+1), "fact %q is not declared in the policy's facts%s", kind, orDeclare(kind, d.factNames, " (declare it under facts:, with a description, so that a case that records it is read)"))
		case of == "facts":
			rd.fact(kind)
		case of == "instances":
			if k := d.instanceKinds[kind]; k != nil {
				rd.add(k.reads())
			}
		case of == "instance" && kind == "start":
			startsAt = true
		}
	}))
	if len(errs) > 0 {
		return nil, nil, errs
	}
	est, err := env.EstimateCost(checked, sizeEstimator{})
	if err == nil && est.Max > CostLimit {
		cost := fmt.Sprintf("could cost up to %d units", est.Max)
		if est.Max == math.MaxUint64 {
			cost = "has no bound on its cost"
		}
		errorf(CodeCost, s, "the expression %s for a case of up to %d events of a kind (or items in a value), over the limit of %d; look for a loop inside a loop", cost, MaxListSize, CostLimit)
		return nil, nil, errs
	}
	prg, err := env.Program(checked, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		errorf(CodeCELType, s, "cannot plan the expression: %v", err)
		return nil, nil, errs
	}
	x := &expr{text: s.Value, key: key, prg: prg, shape: shapeOf(out), label: eventLabel(native.Expr(), labels), pick: pickOf(native.Expr(), d.events),
		kinds: kinds, startsAt: startsAt, reads: rd}
	return x, out, nil
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

// sizeEstimator bounds every list and map a policy reads at MaxListSize.
type sizeEstimator struct{}

func (sizeEstimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	switch n.Type().Kind() {
	case types.ListKind, types.MapKind, types.StringKind, types.BytesKind, types.DynKind:
		return &cost.SizeEstimate{Min: 0, Max: MaxListSize}
	}
	return nil
}

func (sizeEstimator) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
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
// to name, or else otherwise.
func orDeclare(name string, names []string, otherwise string) string {
	if s := suggest.Nearest(name, names); s != "" {
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
