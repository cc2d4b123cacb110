package rules

// This file: the attributes and facts a policy declares it reads, compiled
// from their syntax, and checked against each case: a value the policy does
// not know, a value of the wrong type and a missing value read by its
// default each give a warning naming where it is in the case.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/suggest"
	"github.com/safeguarding/timescales/timescale"
)

// valueType is the type a declared attribute or fact must have.
type valueType string

// The types a declared value may have; an empty type takes any value.
const (
	anyType    valueType = ""
	boolType   valueType = "bool"
	textType   valueType = "text"
	numberType valueType = "number"
	dateType   valueType = "date"
)

var valueTypes = []string{string(boolType), string(textType), string(numberType), string(dateType)}

// valueSpec is a declared attribute or fact.
type valueSpec struct {
	name        string
	description string
	typ         valueType
	values      []string // for text, the values it may take; nil for any
	def         any      // the value read when the case does not record one; nil for none
	missing     string   // the words of the warning when the default is read; "" to read it silently
}

// kindSpec is what a policy declares of an event kind's attributes.
type kindSpec struct {
	words    string // the kind in words, for explanations ("CP plan end")
	declared bool   // the policy lists the kind's attributes
	attrs    map[string]*valueSpec
	names    []string // the attributes' names, for "did you mean"
}

// attr returns the declared attribute name, or nil.
func (k *kindSpec) attr(name string) *valueSpec {
	if k == nil {
		return nil
	}
	return k.attrs[name]
}

// accepts reports whether v is a value of the declared type (and one of
// the declared values).
func (s *valueSpec) accepts(v any) bool {
	switch s.typ {
	case boolType:
		_, ok := v.(bool)
		return ok
	case numberType:
		switch v.(type) {
		case int64, float64:
			return true
		}
		return false
	case dateType:
		_, ok := v.(time.Time)
		return ok
	case textType:
		t, ok := v.(string)
		return ok && (s.values == nil || slices.Contains(s.values, t))
	}
	return true
}

// compileValues compiles declared attributes or facts.
func (c *compiler) compileValues(vals []syntaxValue, key string) (map[string]*valueSpec, []string) {
	out := map[string]*valueSpec{}
	var names []string
	for _, v := range vals {
		name := v.name.Value
		vkey := key + "." + name
		if _, dup := out[name]; dup {
			c.errorf(CodeName, v.name, "", key, "%q is declared twice", name)
			continue
		}
		s := &valueSpec{name: name, description: strings.TrimSpace(v.description.Value), missing: strings.TrimSpace(v.missing.Value)}
		if s.description == "" && !v.misspelt.any("description") {
			c.errorf(CodeMissingKey, orAt(v.description, v.name), "", vkey, "describe it, so that a case management system knows what to record as %s", name)
		}
		if v.typ.Set() {
			s.typ = valueType(v.typ.Value)
			if !slices.Contains(valueTypes, v.typ.Value) {
				c.errorf(CodeValue, v.typ, "", vkey+".type", "want %s, not %q", strings.Join(valueTypes, ", "), v.typ.Value)
				s.typ = anyType
			}
		}
		for _, x := range v.values {
			s.values = append(s.values, x.Value)
		}
		if len(v.values) > 0 && s.typ != textType {
			c.errorf(CodeKeyConflict, v.values[0], "", vkey+".values", "values: lists the text a value may be; give type: text")
		}
		if v.def.Set() {
			d, ok := parseValue(v.def.Value, s.typ)
			if !ok || !s.accepts(d) {
				c.errorf(CodeValue, v.def, "", vkey+".default", "%q is not a %s value this declaration allows", v.def.Value, describeType(s.typ))
			} else {
				s.def = d
			}
		}
		if v.missing.Set() && !v.def.Set() && !v.misspelt.any("default") {
			c.errorf(CodeKeyConflict, v.missing, "", vkey+".missing", "missing: words the warning when default: is read; this declaration has no default")
		}
		out[name] = s
		names = append(names, name)
	}
	return out, names
}

func describeType(t valueType) string {
	if t == anyType {
		return "any"
	}
	return string(t)
}

// parseValue reads a default as the type declared.
func parseValue(s string, t valueType) (any, bool) {
	switch t {
	case boolType:
		switch s {
		case "true":
			return true, true
		case "false":
			return false, true
		}
		return nil, false
	case numberType:
		var f float64
		if _, err := fmt.Sscan(s, &f); err != nil {
			return nil, false
		}
		if f == float64(int64(f)) {
			return int64(f), true
		}
		return f, true
	case dateType:
		tm, _, err := timescale.ParseTime(s)
		return tm, err == nil
	}
	return s, true
}

// caseChecker collects the warnings of a case's values against the
// declarations.
type caseChecker struct {
	p    *Policy
	asOf time.Time // an event after it (booked) has no outcome to record yet
	out  []string
	// suggest bounds the work of "did you mean" for one case, so that
	// thousands of unknown attributes against thousands declared stay
	// cheap.
	suggest suggest.Budget
	buf     []byte // scratch for a warning's words
}

// caseSuggestions is how many names "did you mean" compares for one case.
const caseSuggestions = 20_000

func (w *caseChecker) warnf(format string, args ...any) {
	w.out = append(w.out, fmt.Sprintf(format, args...))
}

// eventWhere names an event in a warning: "icpc of Fri 22 Mar 2024 (line
// 12)".
func eventWhere(e *timescale.Event) string { return string(appendEventWhere(nil, e)) }

// appendEventWhere writes eventWhere's words.
func appendEventWhere(b []byte, e *timescale.Event) []byte {
	b = append(b, e.Kind...)
	b = append(b, " of "...)
	b = calendar.AppendDate(b, e.At)
	if e.Line > 0 {
		b = append(b, " (line "...)
		b = strconv.AppendInt(b, int64(e.Line), 10)
		b = append(b, ')')
	}
	return b
}

// eventWarning adds a warning about an event: eventWhere's words, then
// the parts, made in one string.
func (w *caseChecker) eventWarning(e *timescale.Event, parts ...string) {
	b := appendEventWhere(w.buf[:0], e)
	for _, p := range parts {
		b = append(b, p...)
	}
	w.out = append(w.out, string(b))
	w.buf = b[:0]
}

// checkEvent warns of an event's attributes the policy does not declare,
// of the wrong type, or missing and read by their default.
func (w *caseChecker) checkEvent(e *timescale.Event, spec *kindSpec) {
	if spec == nil || !spec.declared {
		return
	}
	fine := true
	for name, v := range e.Attributes {
		if a := spec.attrs[name]; a == nil || !a.accepts(v) {
			fine = false
			break
		}
	}
	for _, name := range sortedKeysIf(!fine, e.Attributes) {
		a := spec.attrs[name]
		if a == nil {
			w.out = append(w.out, fmt.Sprintf("%s: attribute %q is not one this policy reads%s; it was not counted",
				eventWhere(e), name, orDeclare(&w.suggest, name, spec.names, "")))
			continue
		}
		if v := e.Attributes[name]; !a.accepts(v) {
			w.eventWarning(e, ": ", w.notAccepted(a, v))
		}
	}
	held := 0 // 1 when the event is dated by the as-of date, -1 when booked; 0 until known
	for _, name := range spec.names {
		a := spec.attrs[name]
		if a.def == nil || a.missing == "" {
			continue // no default, or one read without a word
		}
		if held == 0 {
			held = 1
			if calendar.Date(e.At).After(w.asOf) {
				held = -1
			}
		}
		if held < 0 {
			return // booked, not held: it has no outcome to record yet
		}
		v, given := e.Attributes[name]
		if given && a.accepts(v) {
			continue
		}
		if given {
			w.eventWarning(e, ": ", name, " is read as ", formatValue(a.def))
			continue
		}
		w.eventWarning(e, " does not record ", name, ": ", a.missing)
	}
}

// checkFacts warns of facts the policy does not declare, or of the wrong
// type.
func (w *caseChecker) checkFacts(facts map[string]any) {
	p := w.p
	if !p.factsDeclared {
		return
	}
	for _, name := range sortedKeys(facts) {
		f := p.facts[name]
		if f == nil {
			w.out = append(w.out, fmt.Sprintf("fact %q is not one this policy reads%s; it was not counted",
				name, orDeclare(&w.suggest, name, p.factNames, "")))
			continue
		}
		if v := facts[name]; !f.accepts(v) {
			w.warnf("fact %s", w.notAccepted(f, v))
		}
	}
}

// notAccepted says why a value is not one its declaration allows.
func (w *caseChecker) notAccepted(s *valueSpec, v any) string {
	what := "true or false"
	switch s.typ {
	case numberType:
		what = "a number"
	case dateType:
		what = "a date"
	case textType:
		what = "text"
		if t, ok := v.(string); ok && s.values != nil {
			msg := fmt.Sprintf("%s is %q, not one of %s", s.name, t, strings.Join(s.values, ", "))
			if near := w.suggest.Nearest(t, s.values); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			return msg + "; it was not counted"
		}
	}
	return fmt.Sprintf("%s is %s, not %s; it was not counted", s.name, describeValue(v), what)
}

func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the text %q", x)
	case bool:
		return fmt.Sprint(x)
	case int64, float64:
		return fmt.Sprintf("the number %v", x)
	case time.Time:
		return "the date " + string(calendar.AppendDate(nil, x))
	case nil:
		return "null"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprint(v)
}

func formatValue(v any) string {
	if t, ok := v.(string); ok {
		return fmt.Sprintf("%q", t)
	}
	return fmt.Sprint(v)
}

// sortedKeysIf returns m's keys, sorted, when want is set; nil otherwise.
func sortedKeysIf(want bool, m map[string]any) []string {
	if !want {
		return nil
	}
	return sortedKeys(m)
}

// sortedKeys returns m's keys, sorted; nil for none. (Not
// slices.Sorted(maps.Keys(m)): its iterator escapes, three allocations a
// case on the hot path of every evaluation.)
func sortedKeys(m map[string]any) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fieldWarning is a policy's warning: a condition on the case, and its
// words.
type fieldWarning struct {
	cond *expr
	say  string
}

// compileWarnings compiles a policy's warnings:.
func (c *compiler) compileWarnings(sc *scope, p *Policy, ws []syntaxWarning) {
	for i, w := range ws {
		key := fmt.Sprintf("warnings[%d]", i)
		if !w.cond.Set() {
			if !w.misspelt.any("if") {
				c.errorf(CodeMissingKey, w.at, "", key, "missing: if: <a CEL condition on the case>")
			}
			continue
		}
		if strings.TrimSpace(w.say.Value) == "" {
			if !w.misspelt.any("say") {
				c.errorf(CodeMissingKey, orAt(w.say, w.at), "", key, "missing: say: <the warning, in words>")
			}
			continue
		}
		x, _, _, errs := compileExpr(sc, false, w.cond, "", key+".if", []want{wantBool})
		c.errs = append(c.errs, errs...)
		if x != nil {
			p.warnings = append(p.warnings, fieldWarning{cond: x, say: strings.TrimSpace(w.say.Value)})
		}
	}
}
