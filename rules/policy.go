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
	digest                     string
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
	factsRead                  []string
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
	// Missing is the words of the warning given when Default is read, or
	// "" when it is read without a warning.
	Missing string
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
	// Anchor is what the period is counted from, in words: "the start of
	// each CP plan", "the last strategy discussion", "when
	// first-review-within-3-months was done"; "" for a check.
	Anchor string
	// MetBy is what meets the rule, in words: "an ICPC", "a core group";
	// for a check, what holds ("every consultation came before the
	// strategy discussion", or the check: expression).
	MetBy string
	// Until is what ends a recurring rule's occurrences, in words ("the CP
	// plan end"), or "".
	Until string
	// Conditions are the rule's when:: each condition with the words that
	// say why the rule does not apply when it is not true (Otherwise is ""
	// for a when: written as one expression). None for a rule that always
	// applies.
	Conditions []Condition
	// Exception is the rule's approved exception (unless:) in words: its
	// reason:, or the unless: expression; "" when it has none.
	Exception string
	// Events are the event kinds the rule reads, itself or through the
	// variables and instances it reads, in the order the policy declares
	// them; Facts are the facts it reads, sorted. What a case must record
	// for the rule to be judged.
	Events []string
	Facts  []string
}

// Condition is one condition of a rule's when:.
type Condition struct {
	If        string // the CEL condition
	Otherwise string // why the rule does not apply when it is not true, in words
}

// Timescale says what the rule asks for, in one sentence: "Within 15
// working days of the start of each s47 enquiry, met by an ICPC.", "An
// RCPC at least every 6 months, the first within 6 months of when
// first-review-within-3-months was done.", "Holds when every consultation
// came before the strategy discussion."
func (r Rule) Timescale() string {
	var b strings.Builder
	switch {
	case r.Kind == Check:
		b.WriteString("Holds when ")
		b.WriteString(strings.TrimSuffix(r.MetBy, "."))
	case r.Kind == Recurring:
		what := r.MetBy
		if strings.HasPrefix(what, "done: ") {
			what = "something done (" + what + ")"
		}
		b.WriteString(strings.ToUpper(what[:1]) + what[1:])
		b.WriteString(" at least every ")
		b.WriteString(r.Period.String())
		b.WriteString(", the first within ")
		b.WriteString(r.Period.String())
		b.WriteString(" of ")
		b.WriteString(r.Anchor)
		if r.Until != "" {
			b.WriteString(", until ")
			b.WriteString(r.Until)
		}
	case r.Before:
		b.WriteString("At least ")
		b.WriteString(r.Period.String())
		b.WriteString(" before ")
		b.WriteString(r.Anchor)
		b.WriteString(", met by ")
		b.WriteString(r.MetBy)
	default:
		b.WriteString("Within ")
		b.WriteString(r.Period.String())
		b.WriteString(" of ")
		b.WriteString(r.Anchor)
		b.WriteString(", met by ")
		b.WriteString(r.MetBy)
	}
	b.WriteString(".")
	return b.String()
}

// ID returns the policy's id ("bexley").
func (p *Policy) ID() string { return p.id }

// Digest returns "sha256:" and the hex SHA-256 of every value of the
// policy as folded, its parents' definitions included, and of none of
// their layout: the same for a file reformatted, its comments or the order
// of a rule's keys changed; another for any changed value. Every report
// carries it (Report.PolicyDigest).
func (p *Policy) Digest() string { return p.digest }

// Title returns the policy's title ("London Borough of Bexley").
func (p *Policy) Title() string { return p.title }

// Source returns the document the policy encodes.
func (p *Policy) Source() string { return p.source }

// Extends returns the id of the policy this one extends, or "".
func (p *Policy) Extends() string { return p.extends }

// Calendar returns the policy's working-day calendar.
func (p *Policy) Calendar() *calendar.Calendar { return p.cal }

// Counting returns how the policy counts a period in working days, unless
// a rule says otherwise: day 0 or inclusive (Inclusive); no policy-level
// roll.
func (p *Policy) Counting() timescale.Convention { return p.counting }

// WarnBefore returns how far ahead a result not yet done is due_soon
// rather than pending; the zero Period when the policy gives none.
func (p *Policy) WarnBefore() timescale.Period { return p.warnBefore }

// FactsRead returns the names of the facts the policy's expressions read
// (its rules, variables, instances and warnings), sorted: what a case must
// record for the policy to judge it, whether or not the policy declares
// its facts.
func (p *Policy) FactsRead() []string { return slices.Clone(p.factsRead) }

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
	return Value{Name: s.name, Description: s.description, Type: string(s.typ), Values: s.values, Default: s.def, Missing: s.missing}
}

// Rules returns the policy's rules in report order.
func (p *Policy) Rules() []Rule {
	out := make([]Rule, len(p.rules))
	for i, r := range p.rules {
		out[i] = r.info.clone()
	}
	return out
}

// Rule returns the rule with the given id.
func (p *Policy) Rule(id string) (Rule, bool) {
	for _, r := range p.rules {
		if r.info.ID == id {
			return r.info.clone(), true
		}
	}
	return Rule{}, false
}

// clone copies the rule's lists, so that a caller cannot change the
// policy's.
func (r Rule) clone() Rule {
	r.Conditions = slices.Clone(r.Conditions)
	r.Events = slices.Clone(r.Events)
	r.Facts = slices.Clone(r.Facts)
	return r
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
	// reads are the event kinds what meets the rule reads (done:, or a
	// check's check:), and starts those its start reads (from:, or its
	// instances' start:): when a record's source holds none of either, the
	// rule cannot be judged on it.
	reads, starts []int
}

// condition is one item of a when: list.
type condition struct {
	expr      *expr
	otherwise string
}
