package rules

import (
	"fmt"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// Policy is a compiled policy: an authority's timescales, ready to evaluate
// any number of cases. It is immutable and safe for concurrent use.
type Policy struct {
	id, title, source, extends string
	cal                        *calendar.Calendar
	counting                   timescale.Convention
	warnBefore                 timescale.Period
	events                     []EventKind
	eventKinds                 map[string]int // kind -> index in events
	vars                       []*variable
	varIndex                   map[string]int
	varLabels                  map[string]string // a variable's event kind in words, for explanations
	rules                      []*rule           // in report order
	evalOrder                  []*rule           // each rule after the rule it follows
	reordered                  bool              // evalOrder differs from rules
}

// EventKind is an event kind a policy reads, with its description.
type EventKind struct {
	Kind        string
	Description string
}

// Kind is the kind of a rule.
type Kind string

// The kinds of rule.
const (
	// Deadline: something must be done within a period of an anchor (or at
	// least a period before it).
	Deadline Kind = "deadline"
	// Recurring: something must be done every period, each time counted
	// from when it was last done.
	Recurring Kind = "recurring"
	// Check: a condition on the case's events and facts that must hold.
	Check Kind = "check"
)

// Rule describes one compiled rule of a policy.
type Rule struct {
	ID     string
	Title  string
	Source string
	Kind   Kind
	// Period is the rule's period (within, before or every); zero for a check.
	Period timescale.Period
	// Before is set when the period is counted back from the anchor.
	Before bool
	// After is the id of the rule this one follows, if any.
	After string
}

// ID returns the policy's id ("bexley").
func (p *Policy) ID() string { return p.id }

// Title returns the policy's title ("London Borough of Bexley").
func (p *Policy) Title() string { return p.title }

// Source returns the document the policy encodes.
func (p *Policy) Source() string { return p.source }

// Extends returns the id of the policy this one extends, or "".
func (p *Policy) Extends() string { return p.extends }

// Calendar returns the policy's working-day calendar.
func (p *Policy) Calendar() *calendar.Calendar { return p.cal }

// Events returns the event kinds the policy reads, in the order declared.
func (p *Policy) Events() []EventKind { return append([]EventKind(nil), p.events...) }

// Rules returns the policy's rules in report order.
func (p *Policy) Rules() []Rule {
	out := make([]Rule, len(p.rules))
	for i, r := range p.rules {
		out[i] = r.info
	}
	return out
}

// Rule returns the rule with the given id.
func (p *Policy) Rule(id string) (Rule, bool) {
	for _, r := range p.rules {
		if r.info.ID == id {
			return r.info, true
		}
	}
	return Rule{}, false
}

// Option configures Compile.
type Option func(*compileOptions)

type compileOptions struct {
	filename string
	loader   Loader
}

// Loader returns the source of the policy with the given id, for extends:
// its file name (for errors) and its YAML.
type Loader func(id string) (filename string, src []byte, err error)

// WithFilename names the policy file in errors.
func WithFilename(name string) Option { return func(o *compileOptions) { o.filename = name } }

// WithLoader sets how extends: finds a parent policy. The policies package
// passes one that knows the shipped policies.
func WithLoader(l Loader) Option { return func(o *compileOptions) { o.loader = l } }

// CostLimit bounds the work one expression may do for one case, in CEL's
// cost units. Compile estimates each expression's worst case for a case
// within MaxListSize and rejects one that could exceed the limit; Evaluate
// refuses a case beyond MaxListSize, so no evaluation can run away.
const CostLimit = 1_000_000

// MaxListSize bounds a case: at most this many events of one kind, and no
// fact or attribute longer than this (characters of text, items of a list
// or map).
const MaxListSize = 10_000

// variable is a named shared expression, evaluated at most once per case.
type variable struct {
	name string
	expr *expr
}

// Compile reads a policy file and compiles every expression in it. Errors
// are an ErrorList, each naming file, line, column, rule and key; all of a
// file's problems are reported at once.
func Compile(src []byte, opts ...Option) (*Policy, error) {
	o := compileOptions{filename: "<policy>"}
	for _, opt := range opts {
		opt(&o)
	}
	merged, errs := resolve(o.filename, src, o.loader, nil)
	if merged == nil {
		return nil, errs.sorted()
	}
	// Compile what could be read even when some of it could not, so that
	// one pass reports every problem.
	c := &compiler{errs: errs}
	p := c.policy(merged)
	if len(c.errs) > 0 {
		return nil, c.errs.sorted()
	}
	return p, nil
}

// merged is a policy with its parents' definitions folded in.
type merged struct {
	*rawPolicy
	parentID string
}

// resolve parses a policy file and folds in the policies it extends.
func resolve(name string, src []byte, loader Loader, chain []string) (*merged, ErrorList) {
	rp, errs := parsePolicy(name, src)
	if rp == nil {
		return nil, errs
	}
	p := &parser{src: rp.src, errs: errs}
	if !rp.extends.set() {
		for _, d := range rp.disable {
			p.errorf(d.node, "", "disable", "removes rules of the policy this one extends, and this one has no extends:")
		}
		return &merged{rawPolicy: rp}, p.errs
	}
	parentID := rp.extends.val
	if contains(chain, parentID) || parentID == rp.policy.val {
		p.errorf(rp.extends.node, "", "extends", "policy %q extends itself through %s", parentID, strings.Join(append(chain, rp.policy.val, parentID), " -> "))
		return nil, p.errs
	}
	if loader == nil {
		p.errorf(rp.extends.node, "", "extends", "cannot load policy %q: no loader (compile with policies.Load or rules.WithLoader)", parentID)
		return nil, p.errs
	}
	pname, psrc, err := loader(parentID)
	if err != nil {
		p.errorf(rp.extends.node, "", "extends", "%v", err)
		return nil, p.errs
	}
	parent, perrs := resolve(pname, psrc, loader, append(chain, rp.policy.val))
	p.errs = append(p.errs, perrs...)
	if parent == nil {
		return nil, p.errs
	}
	return &merged{rawPolicy: mergeInto(parent.rawPolicy, rp, p), parentID: parentID}, p.errs
}

// mergeInto folds child into a copy of parent: the child's settings win,
// events and variables are joined (the child's replace the parent's of the
// same name), a child rule replaces the parent's rule with its id in place,
// new rules follow, and disable: removes parent rules.
func mergeInto(parent, child *rawPolicy, p *parser) *rawPolicy {
	out := *child
	if !out.region.set() {
		out.region = parent.region
		if len(out.closures) == 0 {
			out.closures = parent.closures
		}
		if len(out.workingDays) == 0 {
			out.workingDays = parent.workingDays
		}
	}
	if !out.counting.set() {
		out.counting = parent.counting
	}
	if !out.warnBefore.set() {
		out.warnBefore = parent.warnBefore
	}
	out.events = nil
	for _, e := range parent.events {
		if !hasEvent(child.events, e.kind.val) {
			out.events = append(out.events, e)
		}
	}
	out.events = append(out.events, child.events...)
	// A variable the child redefines keeps the parent's place, so parent
	// variables that read it still come after it.
	out.variables = nil
	for _, v := range parent.variables {
		if cv, ok := findVariable(child.variables, v.name.val); ok {
			v = cv
		}
		out.variables = append(out.variables, v)
	}
	for _, v := range child.variables {
		if _, ok := findVariable(parent.variables, v.name.val); !ok {
			out.variables = append(out.variables, v)
		}
	}

	disabled := map[string]bool{}
	for _, d := range child.disable {
		found := false
		for _, r := range parent.rules {
			found = found || r.id.val == d.val
		}
		if !found {
			p.errorf(d.node, "", "disable", "policy %q has no rule %q to disable", parent.policy.val, d.val)
		}
		disabled[d.val] = true
	}
	childByID := map[string]*rawRule{}
	for _, r := range child.rules {
		childByID[r.id.val] = r
	}
	out.rules = nil
	used := map[*rawRule]bool{}
	for _, r := range parent.rules {
		if cr, ok := childByID[r.id.val]; ok && r.id.val != "" {
			out.rules = append(out.rules, cr)
			used[cr] = true
			continue
		}
		if !disabled[r.id.val] {
			out.rules = append(out.rules, r)
		}
	}
	for _, r := range child.rules {
		if !used[r] {
			out.rules = append(out.rules, r)
		}
	}
	return &out
}

func hasEvent(es []rawEvent, k string) bool {
	for _, e := range es {
		if e.kind.val == k {
			return true
		}
	}
	return false
}

func findVariable(vs []rawVariable, n string) (rawVariable, bool) {
	for _, v := range vs {
		if v.name.val == n {
			return v, true
		}
	}
	return rawVariable{}, false
}

// compiler turns a merged policy into a Policy, collecting errors.
type compiler struct {
	errs ErrorList
}

func (c *compiler) errorf(f field, rule, key, format string, args ...any) {
	e := &Error{Rule: rule, Key: key, Msg: fmt.Sprintf(format, args...)}
	if f.src != nil {
		e.File = f.src.name
	}
	if f.node != nil {
		e.Line, e.Column = f.node.Line, f.node.Column
		e.Source = f.src.line(f.node.Line)
	}
	c.errs = append(c.errs, e)
}

func (c *compiler) policy(m *merged) *Policy {
	rp := m.rawPolicy
	top := field{node: rp.root, src: rp.src}
	p := &Policy{
		id: rp.policy.val, title: rp.title.val, source: rp.source.val, extends: m.parentID,
		eventKinds: map[string]int{}, varIndex: map[string]int{}, varLabels: map[string]string{},
	}
	if !rp.policy.set() {
		c.errorf(top, "", "policy", "missing: every policy file starts with policy: <id>")
	} else if !kebab.MatchString(p.id) {
		c.errorf(rp.policy, "", "policy", "id %q must be kebab-case (a-z, 0-9 and single hyphens)", p.id)
	}
	if !rp.title.set() || strings.TrimSpace(p.title) == "" {
		c.errorf(orAt(rp.title, top), "", "title", "missing: say whose timescales these are")
	}

	// The calendar.
	region := calendar.EnglandAndWales
	if rp.region.set() {
		region = calendar.Region(rp.region.val)
	} else {
		c.errorf(top, "", "calendar.region", "missing: say %q, %q or %q", string(calendar.EnglandAndWales), string(calendar.Scotland), string(calendar.NorthernIreland))
	}
	var closures []time.Time
	for _, f := range rp.closures {
		t, dateOnly, err := timescale.ParseTime(f.val)
		if err != nil || !dateOnly {
			c.errorf(f, "", "calendar.closures", "cannot read %q as a date (YYYY-MM-DD)", f.val)
			continue
		}
		closures = append(closures, t)
	}
	var workingDays []time.Time
	for _, f := range rp.workingDays {
		t, dateOnly, err := timescale.ParseTime(f.val)
		if err != nil || !dateOnly {
			c.errorf(f, "", "calendar.working_days", "cannot read %q as a date (YYYY-MM-DD)", f.val)
			continue
		}
		// Each day on its own, so that an error names its line.
		if _, err := calendar.New(region, calendar.WithClosures(closures...), calendar.WithWorkingDays(t)); err != nil && calendar.Region(region).Valid() {
			c.errorf(f, "", "calendar.working_days", "%s", strings.TrimPrefix(err.Error(), "calendar: "))
			continue
		}
		workingDays = append(workingDays, t)
	}
	cal, err := calendar.New(region, calendar.WithClosures(closures...), calendar.WithWorkingDays(workingDays...))
	if err != nil {
		c.errorf(rp.region, "", "calendar.region", "unknown region %q: say %q, %q or %q", rp.region.val, string(calendar.EnglandAndWales), string(calendar.Scotland), string(calendar.NorthernIreland))
		cal, _ = calendar.New(calendar.EnglandAndWales)
	}
	p.cal = cal

	p.counting = c.counting(rp.counting, "")
	if rp.warnBefore.set() {
		p.warnBefore = c.period(rp.warnBefore, "", "warn_before")
	}

	for _, e := range rp.events {
		p.events = append(p.events, EventKind{Kind: e.kind.val, Description: e.description.val})
		p.eventKinds[e.kind.val] = len(p.events) - 1
		if strings.TrimSpace(e.description.val) == "" {
			c.errorf(orAt(e.description, e.kind), "", "events."+e.kind.val, "describe the event kind, so a practitioner knows which events to record as %s", e.kind.val)
		}
	}

	env, err := newEnv(cal)
	if err != nil {
		c.errorf(top, "", "", "cannot build the expression environment: %v", err)
		return p
	}
	for _, v := range rp.variables {
		if _, dup := p.varIndex[v.name.val]; dup {
			c.errorf(v.name, "", "variables", "variable %q is defined twice", v.name.val)
			continue
		}
		x := c.expr(env, p, v.expr, "", "variables."+v.name.val, nil)
		if x == nil {
			continue
		}
		p.varIndex[v.name.val] = len(p.vars)
		p.varLabels[v.name.val] = x.label
		p.vars = append(p.vars, &variable{name: v.name.val, expr: x})
		// Later variables and the rules may read this one as variables.name.
		if next, err := env.Extend(cel.Variable("variables."+v.name.val, x.ast.OutputType())); err == nil {
			env = next
		}
	}

	ids := map[string]*rule{}
	for _, rr := range rp.rules {
		r := c.rule(env, p, rr)
		if r == nil {
			continue
		}
		if prev, dup := ids[r.info.ID]; dup && prev != nil {
			c.errorf(rr.id, r.info.ID, "id", "rule id %q is used twice", r.info.ID)
			continue
		}
		ids[r.info.ID] = r
		r.index = len(p.rules)
		p.rules = append(p.rules, r)
	}
	c.link(p, ids)
	return p
}

func orAt(f, fallback field) field {
	if f.set() {
		return f
	}
	return fallback
}

func (c *compiler) counting(f field, rule string) timescale.Convention {
	if !f.set() {
		return timescale.Convention{}
	}
	switch f.val {
	case "day0":
		return timescale.Convention{}
	case "inclusive":
		return timescale.Convention{Inclusive: true}
	}
	c.errorf(f, rule, "counting", "want day0 (the start day is day 0) or inclusive (the start day is day 1), not %q", f.val)
	return timescale.Convention{}
}

func (c *compiler) period(f field, rule, key string) timescale.Period {
	p, err := timescale.ParsePeriod(f.val)
	if err != nil {
		msg := err.Error()
		c.errorf(f, rule, key, "%s", msg)
	}
	return p
}

// want is the CEL type an expression must have.
type want int

const (
	wantBool want = iota
	wantTimestamp
	wantList
)

func (w want) String() string {
	return [...]string{"bool (true or false)", "timestamp (an instant)", "list (of events or timestamps)"}[w]
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
		return t.Kind() == types.ListKind
	}
	return true
}
