package rules

import (
	"fmt"
	"math"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"gopkg.in/yaml.v3"

	"github.com/safeguarding/timescales/internal/suggest"
	"github.com/safeguarding/timescales/timescale"
)

// expr is one compiled CEL expression of a policy.
type expr struct {
	text  string
	key   string // the key it was written under: "from", "variables.s47"
	ast   *cel.Ast
	prg   cel.Program
	label string // the event kind it reads, in words, when it is first/last/nth(events.kind) or events.kind
	pick  *pick  // set when the expression is one of those, to evaluate it without CEL
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

// pickOf recognises the expressions pick evaluates.
func pickOf(a *cel.Ast, kinds map[string]int) *pick {
	e := a.NativeRep().Expr()
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

// rule is a compiled rule.
type rule struct {
	info       Rule
	index      int // position in report order
	when       *expr
	from       *expr
	done       *expr
	unless     *expr
	reason     string
	extendedTo *expr
	until      *expr
	check      *expr
	after      *rule
	afterField field
	conv       timescale.Convention
	fromLabel  string
	doneLabel  string
}

func (c *compiler) rule(env *cel.Env, p *Policy, rr *rawRule) *rule {
	id := rr.id.val
	at := field{node: rr.node, src: rr.src}
	if !rr.id.set() {
		c.errorf(at, "", "id", "missing: every rule needs an id, in kebab-case")
		return nil
	}
	if !kebab.MatchString(id) {
		c.errorf(rr.id, id, "id", "must be kebab-case (a-z, 0-9 and single hyphens)")
	}
	r := &rule{info: Rule{ID: id, Title: rr.title.val, Source: rr.source.val}, conv: p.counting, reason: rr.reason.val}
	if !rr.title.set() || strings.TrimSpace(rr.title.val) == "" {
		c.errorf(orAt(rr.title, rr.id), id, "title", "missing: say in words what must happen by when")
	}
	if !rr.source.set() || strings.TrimSpace(rr.source.val) == "" {
		c.errorf(orAt(rr.source, rr.id), id, "source", "missing: quote the document and passage the rule comes from")
	}

	kind := Deadline
	switch {
	case rr.kind.set():
		kind = Kind(rr.kind.val)
		if kind != Deadline && kind != Recurring && kind != Check {
			c.errorf(rr.kind, id, "kind", "want deadline, recurring or check, not %q", rr.kind.val)
			return nil
		}
	case rr.check.set():
		kind = Check
	case rr.every.set():
		kind = Recurring
	}
	r.info.Kind = kind

	// Keys that do not belong to the kind.
	allowed := map[Kind][]string{
		Deadline:  {"when", "from", "after", "within", "before", "done", "unless", "reason", "extended_to", "roll", "counting"},
		Recurring: {"when", "from", "after", "every", "done", "until", "roll", "counting"},
		Check:     {"when", "check"},
	}[kind]
	for name, f := range map[string]field{
		"when": rr.when, "from": rr.from, "after": rr.after, "within": rr.within, "before": rr.before,
		"done": rr.done, "unless": rr.unless, "reason": rr.reason, "extended_to": rr.extendedTo, "roll": rr.roll,
		"every": rr.every, "until": rr.until, "check": rr.check, "counting": rr.counting,
	} {
		if f.set() && !contains(allowed, name) {
			c.errorf(f, id, name, "a %s rule has no %s (it takes %s)", kind, name, strings.Join(allowed, ", "))
		}
	}

	if rr.when.set() {
		r.when = c.expr(env, p, rr.when, id, "when", []want{wantBool})
	}
	if rr.counting.set() {
		r.conv = c.counting(rr.counting, id)
	}
	if rr.roll.set() {
		switch rr.roll.val {
		case "none":
		case "forward":
			r.conv.Roll = timescale.RollForward
		case "backward":
			r.conv.Roll = timescale.RollBackward
		default:
			c.errorf(rr.roll, id, "roll", "want forward (to the next working day), backward (to the previous one) or none, not %q", rr.roll.val)
		}
	}

	switch kind {
	case Check:
		if !rr.check.set() {
			c.errorf(at, id, "check", "missing: a check rule needs check: <a CEL condition that must hold>")
			return r
		}
		r.check = c.expr(env, p, rr.check, id, "check", []want{wantBool})
		return r
	case Deadline:
		switch {
		case rr.within.set() && rr.before.set():
			c.errorf(rr.before, id, "before", "give within: or before:, not both")
		case rr.within.set():
			r.info.Period = c.period(rr.within, id, "within")
		case rr.before.set():
			r.info.Period = c.period(rr.before, id, "before")
			r.info.Before = true
		default:
			c.errorf(at, id, "within", "missing: a deadline rule needs within: <period> or before: <period>")
		}
		if rr.unless.set() {
			r.unless = c.expr(env, p, rr.unless, id, "unless", []want{wantBool})
		}
		if rr.reason.set() && !rr.unless.set() {
			c.errorf(rr.reason, id, "reason", "reason: explains an unless: exception; this rule has none")
		}
		if rr.extendedTo.set() {
			r.extendedTo = c.expr(env, p, rr.extendedTo, id, "extended_to", []want{wantTimestamp})
		}
		if !rr.done.set() {
			c.errorf(at, id, "done", "missing: say what meets the deadline, e.g. done: events.icpc")
		} else {
			r.done = c.expr(env, p, rr.done, id, "done", []want{wantTimestamp, wantList})
		}
	case Recurring:
		if !rr.every.set() {
			c.errorf(at, id, "every", "missing: a recurring rule needs every: <period>")
		} else {
			r.info.Period = c.period(rr.every, id, "every")
		}
		if !rr.done.set() {
			c.errorf(at, id, "done", "missing: say which events meet each occurrence, e.g. done: events.rcpc")
		} else {
			r.done = c.expr(env, p, rr.done, id, "done", []want{wantList})
		}
		if rr.until.set() {
			r.until = c.expr(env, p, rr.until, id, "until", []want{wantTimestamp, wantList})
		}
	}
	switch {
	case rr.from.set() && rr.after.set():
		c.errorf(rr.after, id, "after", "give from: or after:, not both")
	case rr.from.set():
		r.from = c.expr(env, p, rr.from, id, "from", []want{wantTimestamp})
	case rr.after.set():
		r.afterField = rr.after
		r.info.After = rr.after.val
	default:
		c.errorf(at, id, "from", "missing: say where the period starts, with from: <CEL instant> or after: <rule id>")
	}
	if r.from != nil {
		r.fromLabel = r.from.label
	}
	if r.done != nil {
		r.doneLabel = r.done.label
	}
	return r
}

// link resolves after: references, orders rules so each follows the rule
// it is after, and reports unknown ids and cycles.
func (c *compiler) link(p *Policy, ids map[string]*rule) {
	for _, r := range p.rules {
		if r.info.After == "" {
			continue
		}
		parent, ok := ids[r.info.After]
		switch {
		case !ok:
			msg := fmt.Sprintf("no rule %q in this policy", r.info.After)
			var known []string
			for id := range ids {
				known = append(known, id)
			}
			if s := suggest.Nearest(r.info.After, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			c.errorf(r.afterField, r.info.ID, "after", "%s", msg)
		case parent.info.Kind == Check:
			c.errorf(r.afterField, r.info.ID, "after", "rule %q is a check; after: names a deadline or recurring rule", parent.info.ID)
		default:
			r.after = parent
			if r.fromLabel == "" {
				r.fromLabel = parent.doneLabel
			}
		}
	}
	// Depth-first order; a rule met again on its own path is a cycle.
	const (
		unvisited = iota
		visiting
		visited
	)
	state := make(map[*rule]int)
	var visit func(r *rule, path []string)
	visit = func(r *rule, path []string) {
		switch state[r] {
		case visited:
			return
		case visiting:
			c.errorf(r.afterField, r.info.ID, "after", "rules follow each other in a cycle: %s", strings.Join(append(path, r.info.ID), " -> "))
			return
		}
		state[r] = visiting
		if r.after != nil {
			visit(r.after, append(path, r.info.ID))
		}
		state[r] = visited
		p.evalOrder = append(p.evalOrder, r)
	}
	for _, r := range p.rules {
		visit(r, nil)
	}
	for i, r := range p.evalOrder {
		p.reordered = p.reordered || r != p.rules[i]
	}
	// Labels may come through a chain of after: rules.
	for _, r := range p.evalOrder {
		if r.fromLabel == "" && r.after != nil {
			r.fromLabel = r.after.doneLabel
		}
	}
}

// expr parses, type-checks and plans one CEL expression.
func (c *compiler) expr(env *cel.Env, p *Policy, f field, rule, key string, wants []want) *expr {
	if strings.TrimSpace(f.val) == "" {
		c.errorf(f, rule, key, "empty expression")
		return nil
	}
	checked, iss := env.Compile(f.val)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			line, col := exprPosition(f, e.Location.Line(), e.Location.Column())
			c.errorAt(f, line, col, rule, key, e.Message)
		}
		return nil
	}
	out := checked.OutputType()
	ok := len(wants) == 0 // a variable may be of any type
	for _, w := range wants {
		ok = ok || w.accepts(out)
	}
	if !ok {
		names := make([]string, len(wants))
		for i, w := range wants {
			names[i] = "a " + w.String()
		}
		c.errorf(f, rule, key, "the expression gives %s, but %s wants %s", withArticle(cel.FormatCELType(out)), key, strings.Join(names, " or "))
		return nil
	}
	x := &expr{text: f.val, key: key, ast: checked, label: eventLabel(checked, p.varLabels)}
	native := checked.NativeRep()
	bad := false
	ast.PreOrderVisit(native.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() != ast.SelectKind {
			return
		}
		sel := e.AsSelect()
		if sel.Operand().Kind() != ast.IdentKind || sel.Operand().AsIdent() != "events" {
			return
		}
		if kind := sel.FieldName(); !hasKind(p.eventKinds, kind) {
			// CEL places a selection at its dot; point at the kind after it.
			loc := native.SourceInfo().GetStartLocation(e.ID())
			line, col := exprPosition(f, loc.Line(), loc.Column()+1)
			c.errorAt(f, line, col, rule, key, fmt.Sprintf("event kind %q is not declared in the policy's events:", kind))
			bad = true
		}
	}))
	if bad {
		return nil
	}
	est, err := env.EstimateCost(checked, sizeEstimator{})
	if err == nil && est.Max > CostLimit {
		cost := fmt.Sprintf("could cost up to %d units", est.Max)
		if est.Max == math.MaxUint64 {
			cost = "has no bound on its cost"
		}
		c.errorf(f, rule, key, "the expression %s for a case of up to %d events of a kind (or items in a value), over the limit of %d; look for a loop inside a loop", cost, MaxListSize, CostLimit)
		return nil
	}
	prg, err := env.Program(checked, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		c.errorf(f, rule, key, "cannot plan the expression: %v", err)
		return nil
	}
	x.prg = prg
	x.pick = pickOf(checked, p.eventKinds)
	return x
}

func (c *compiler) errorAt(f field, line, col int, rule, key, msg string) {
	e := &Error{Rule: rule, Key: key, Msg: msg, Line: line, Column: col}
	if f.src != nil {
		e.File = f.src.name
		e.Source = f.src.line(line)
	}
	c.errs = append(c.errs, e)
}

// exprPosition maps a position inside an expression (CEL's 1-based line
// and 0-based column) to the policy file's line and 1-based column.
func exprPosition(f field, line, col int) (int, int) {
	n := f.node
	if n == nil {
		return 0, 0
	}
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// The text starts on the line after the | or >, at the block's
		// indentation, which its first line sets.
		first := f.src.line(n.Line + 1)
		indent := len(first) - len(strings.TrimLeft(first, " "))
		return n.Line + line, indent + col + 1
	}
	start := n.Column
	if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
		start++
	}
	// A flow scalar over several lines reaches CEL as one line (YAML folds
	// each line break into a space), so walk the file's lines to find the
	// column; a position at the very end stays on the last line.
	l, consumed := n.Line, 0
	for {
		src := f.src.line(l)
		room := len(src) - (start - 1)
		if col < room || consumed+room >= len(f.val) || l >= len(f.src.lines) {
			return l, start + col
		}
		col -= room + 1
		consumed += room + 1
		l++
		next := f.src.line(l)
		start = len(next) - len(strings.TrimLeft(next, " ")) + 1
	}
}

// eventLabel returns the event kind an expression reads, in words, when it
// is first/last/nth(events.kind) or events.kind itself, possibly filtered or
// mapped (events.rcpc.filter(e, ...)), or a variable that is one of those
// (varLabels holds the variables' labels).
func eventLabel(a *cel.Ast, varLabels map[string]string) string {
	e := a.NativeRep().Expr()
	if e.Kind() == ast.IdentKind {
		if name, ok := strings.CutPrefix(e.AsIdent(), "variables."); ok {
			return varLabels[name]
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
		if sel.Operand().Kind() == ast.IdentKind && sel.Operand().AsIdent() == "events" {
			return KindWords(sel.FieldName())
		}
	}
	return ""
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
