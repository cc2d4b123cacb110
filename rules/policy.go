package rules

// This file: the compiled artefact, a Policy, and what it tells about
// itself. Compile (compile.go) makes one; Evaluate (evaluate.go) reads it.

import (
	"slices"
	"strings"

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
	kindSpecs                  []*kindSpec    // per event kind: the attributes declared
	factsDeclared              bool           // the policy lists the facts it reads
	facts                      map[string]*valueSpec
	factNames                  []string
	vars                       []*variable
	varIndex                   map[string]int
	instances                  []*instanceKind
	instanceIndex              map[string]int
	warnings                   []fieldWarning
	rules                      []*rule // in report order
	evalOrder                  []*rule // each rule after the rule it follows
	reordered                  bool    // evalOrder differs from rules
}

// EventKind is an event kind a policy reads, with its description and
// the attributes it declares.
type EventKind struct {
	Kind        string
	Description string
	// Attributes are the event's values the policy reads, when it declares
	// them (nil when it does not).
	Attributes []Value
}

// Value describes an attribute or a fact a policy declares it reads.
type Value struct {
	Name        string
	Description string
	Type        string   // bool, text, number, date, or "" for any
	Values      []string // the text it may be, when it is limited
	Default     any      // the value read when the case does not record one, or nil
}

// InstanceKind describes what a policy counts some of its rules for each
// of: each referral, each s47 enquiry, each plan.
type InstanceKind struct {
	Name        string
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
	// ForEach is the instance kind the rule is counted for each of, or "".
	ForEach string
	// PracticeStandard is set for a rule the document presents as best
	// practice ("should", "where possible"): its results have the same
	// statuses, but none is counted as a breach.
	PracticeStandard bool
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
func (p *Policy) Events() []EventKind {
	out := append([]EventKind(nil), p.events...)
	for i := range out {
		if spec := p.kindSpecs[i]; spec != nil && spec.declared {
			out[i].Attributes = make([]Value, 0, len(spec.names))
			for _, n := range spec.names {
				out[i].Attributes = append(out[i].Attributes, spec.attrs[n].public())
			}
		}
	}
	return out
}

// Facts returns the facts the policy declares it reads, sorted by name; nil
// when it does not declare them.
func (p *Policy) Facts() []Value {
	if !p.factsDeclared {
		return nil
	}
	out := make([]Value, 0, len(p.factNames))
	for _, n := range p.factNames {
		out = append(out, p.facts[n].public())
	}
	slices.SortFunc(out, func(a, b Value) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Instances returns the instance kinds the policy declares, in order.
func (p *Policy) Instances() []InstanceKind {
	out := make([]InstanceKind, len(p.instances))
	for i, k := range p.instances {
		out[i] = InstanceKind{Name: k.name, Description: k.description}
	}
	return out
}

func (s *valueSpec) public() Value {
	return Value{Name: s.name, Description: s.description, Type: string(s.typ), Values: s.values, Default: s.def}
}

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
	periodAt   Location // where within:, before: or every: is written
	conv       timescale.Convention
	fromLabel  string
	doneLabel  string
	// forEach is the instance kind the rule is counted for each of, or nil.
	forEach *instanceKind
	// conditions are when: written as a list with words; when is nil then.
	conditions []condition
	holds      string // a check's words when it holds
	notDone    string // the words for what is not done ("no ICPC")
}

// condition is one item of a when: list.
type condition struct {
	expr      *expr
	otherwise string
}
