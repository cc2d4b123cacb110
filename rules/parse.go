package rules

// This file: the first stage of compiling, from a policy file's text to its
// located syntax. Nothing here gives a value meaning; every value keeps
// where it was written, for errors.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/safeguarding/timescales/internal/suggest"
	"github.com/safeguarding/timescales/internal/yamlsrc"
	"github.com/safeguarding/timescales/timescale"
)

// syntaxPolicy is a policy file as written, before extends is resolved.
type syntaxPolicy struct {
	file        *yamlsrc.File
	top         yamlsrc.Scalar // where the top-level mapping is, for errors about the whole file
	policy      yamlsrc.Scalar
	title       yamlsrc.Scalar
	source      yamlsrc.Scalar
	extends     yamlsrc.Scalar
	disable     []yamlsrc.Scalar
	region      yamlsrc.Scalar
	closures    []yamlsrc.Scalar
	workingDays []yamlsrc.Scalar
	counting    yamlsrc.Scalar
	warnBefore  yamlsrc.Scalar
	events      []syntaxEvent
	facts       []syntaxValue // the facts the policy reads, when it declares them
	factsKey    yamlsrc.Scalar
	variables   []syntaxVariable
	instances   []syntaxInstance
	warnings    []syntaxWarning
	rules       []*syntaxRule
	// misspelt are the keys that a misspelt top-level key was nearest to
	// ("title" for "titel"), and "calendar.region" for a misspelt key of
	// calendar:, so that no "missing" error follows the "unknown key" one.
	misspelt misspelt
}

// misspelt is the set of known keys that unknown keys of a mapping were
// nearest to: the keys the author most likely meant to give. A key the
// author meant to give is not reported missing: the unknown key's error
// already says what is wrong, and a second error about the same slip
// would mislead.
type misspelt map[string]bool

// any reports whether any of keys was meant.
func (m misspelt) any(keys ...string) bool {
	for _, k := range keys {
		if m[k] {
			return true
		}
	}
	return false
}

type syntaxEvent struct {
	kind        yamlsrc.Scalar
	description yamlsrc.Scalar
	// attributes are the event's values the policy reads, when it declares
	// them (attributesKey is then set).
	attributes    []syntaxValue
	attributesKey yamlsrc.Scalar
	misspelt      misspelt
}

// syntaxValue is a declared attribute of an event kind, or a declared fact.
type syntaxValue struct {
	name        yamlsrc.Scalar
	description yamlsrc.Scalar
	typ         yamlsrc.Scalar
	values      []yamlsrc.Scalar
	def         yamlsrc.Scalar // default: the value read when it is not recorded
	missing     yamlsrc.Scalar // missing: the words of the warning then
	misspelt    misspelt
}

// syntaxInstance is an entry of instances: what a rule may be counted for
// each of.
type syntaxInstance struct {
	name        yamlsrc.Scalar
	description yamlsrc.Scalar
	start       yamlsrc.Scalar
	end         yamlsrc.Scalar
	endsAtNext  yamlsrc.Scalar
	misspelt    misspelt
}

// syntaxWarning is an entry of warnings: a condition on the case, and the
// words of the warning when it holds.
type syntaxWarning struct {
	at       yamlsrc.Scalar
	cond     yamlsrc.Scalar
	say      yamlsrc.Scalar
	misspelt misspelt
}

// syntaxCondition is one item of a when: list: a condition, and the words
// that say why the rule does not apply when it is not true.
type syntaxCondition struct {
	cond      yamlsrc.Scalar
	otherwise yamlsrc.Scalar
}

type syntaxVariable struct {
	name yamlsrc.Scalar
	expr yamlsrc.Scalar
}

// syntaxRule is one entry of rules: as written: its keys, by the names of
// ruleSchema.
type syntaxRule struct {
	at   yamlsrc.Scalar // the rule's mapping
	keys map[string]yamlsrc.Scalar
	// conditions are when: written as a list of conditions with their
	// words (keys["when"] is then where the list is, with no value).
	conditions []syntaxCondition
	// misspelt are the keys that the rule's unknown keys were nearest to.
	misspelt misspelt
}

// key returns the value of a key, or the zero Scalar when it is absent.
func (r *syntaxRule) key(name string) yamlsrc.Scalar { return r.keys[name] }

// kebab is what policy and rule ids look like.
var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var policyKeys = []string{"policy", "title", "source", "extends", "disable", "calendar", "counting", "warn_before", "events", "facts", "variables", "instances", "warnings", "rules"}

var (
	eventKeys     = []string{"description", "attributes"}
	valueKeys     = []string{"description", "type", "values", "default", "missing"}
	instanceKeys  = []string{"description", "start", "end", "ends_at_next"}
	warningKeys   = []string{"if", "say"}
	conditionKeys = []string{"if", "otherwise"}
)

var calendarKeys = []string{"region", "closures", "working_days"}

// parser collects the errors of one file.
type parser struct {
	file *yamlsrc.File
	walk *yamlsrc.Walker
	errs ErrorList
}

func (p *parser) errorf(code Code, at yamlsrc.Scalar, rule, key, format string, args ...any) {
	p.errs = append(p.errs, errorAt(p.file, at, code, rule, key, fmt.Sprintf(format, args...)))
}

// at is the position of a node of the file.
func (p *parser) at(n *yaml.Node) yamlsrc.Scalar { return yamlsrc.At(p.file, n) }

// parsePolicy reads a policy file's YAML. It returns nil with errors when
// the file cannot be read as one YAML document, a mapping.
func parsePolicy(name string, data []byte) (*syntaxPolicy, ErrorList) {
	file := yamlsrc.NewFile(name, data)
	p := &parser{file: file}
	p.walk = yamlsrc.NewWalker(yamlsrc.FileLimits(len(data)), func(n *yaml.Node, msg string) {
		p.errorf(CodeYAML, p.at(n), "", "", "%s", msg)
	})
	top, err := yamlsrc.Decode(data)
	if err != nil {
		e := err.(*yamlsrc.Error)
		switch e.Kind {
		case yamlsrc.Empty:
			p.errorf(CodeYAML, yamlsrc.Scalar{}, "", "", "cannot read YAML: the file is empty; a policy needs at least policy: and title:")
		case yamlsrc.SecondDocument:
			p.errorf(CodeYAML, yamlsrc.Scalar{Line: e.Line, Column: e.Column}, "", "", "a policy file holds one YAML document; this is a second")
		default:
			p.errs = append(p.errs, &Error{File: name, Line: e.Line, Column: e.Column, Msg: "cannot read YAML: " + e.Msg, Source: file.Line(e.Line), Code: CodeYAML})
		}
		return nil, p.errs
	}
	if top, _ = p.walk.Visit(top); top.Kind != yaml.MappingNode {
		p.errorf(CodeYAML, p.at(top), "", "", "a policy file is a mapping with policy:, title:, rules: and the other keys; found %s", yamlsrc.Describe(top))
		return nil, p.errs
	}
	sp := &syntaxPolicy{file: file, top: p.at(top)}
	sp.misspelt = p.mapping(top, "", "", policyKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "policy":
			sp.policy = p.scalar(v, "", key)
		case "title":
			sp.title = p.scalar(v, "", key)
		case "source":
			sp.source = p.scalar(v, "", key)
		case "extends":
			sp.extends = p.scalar(v, "", key)
		case "disable":
			sp.disable = p.scalarList(v, "", key)
		case "calendar":
			cal := p.mapping(v, "", "calendar", calendarKeys, func(ck string, _, cv *yaml.Node) {
				switch ck {
				case "region":
					sp.region = p.scalar(cv, "", "calendar.region")
				case "closures":
					sp.closures = p.scalarList(cv, "", "calendar.closures")
				case "working_days":
					sp.workingDays = p.scalarList(cv, "", "calendar.working_days")
				}
			})
			if cal["region"] {
				if sp.misspelt == nil {
					sp.misspelt = misspelt{}
				}
				sp.misspelt["calendar.region"] = true
			}
		case "counting":
			sp.counting = p.scalar(v, "", key)
		case "warn_before":
			sp.warnBefore = p.scalar(v, "", key)
		case "events":
			p.mapping(v, "", "events", nil, func(ek string, kn, ev *yaml.Node) {
				p.snakeCase(kn, ek, "events", "event kind")
				sp.events = append(sp.events, p.event(yamlsrc.ScalarOf(p.file, kn), ev))
			})
		case "facts":
			sp.factsKey = p.at(k)
			sp.facts = p.values(v, "facts", "fact")
		case "instances":
			p.mapping(v, "", "instances", nil, func(ik string, kn, iv *yaml.Node) {
				p.snakeCase(kn, ik, "instances", "instance kind")
				in := syntaxInstance{name: yamlsrc.ScalarOf(p.file, kn)}
				in.misspelt = p.scalars(iv, "", "instances."+ik, instanceKeys,
					field{"description", &in.description}, field{"start", &in.start}, field{"end", &in.end}, field{"ends_at_next", &in.endsAtNext})
				sp.instances = append(sp.instances, in)
			})
		case "warnings":
			for i, item := range p.list(v, "", "warnings") {
				w := syntaxWarning{at: p.at(item)}
				w.misspelt = p.scalars(item, "", fmt.Sprintf("warnings[%d]", i), warningKeys, field{"if", &w.cond}, field{"say", &w.say})
				sp.warnings = append(sp.warnings, w)
			}
		case "variables":
			p.mapping(v, "", "variables", nil, func(vk string, kn, vv *yaml.Node) {
				p.snakeCase(kn, vk, "variables", "variable name")
				name := yamlsrc.ScalarOf(p.file, kn)
				sp.variables = append(sp.variables, syntaxVariable{name: name, expr: p.scalar(vv, "", "variables."+vk)})
			})
		case "rules":
			v, ok := p.walk.Visit(v)
			if !ok {
				return
			}
			if v.Kind != yaml.SequenceNode {
				p.errorf(CodeYAML, p.at(v), "", "rules", "want a list of rules, found %s", yamlsrc.Describe(v))
				return
			}
			for _, rn := range v.Content {
				if r := p.rule(rn); r != nil {
					sp.rules = append(sp.rules, r)
				}
			}
		}
	})
	return sp, p.errs
}

func (p *parser) rule(n *yaml.Node) *syntaxRule {
	n, ok := p.walk.Visit(n)
	if !ok {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(CodeYAML, p.at(n), "", "rules", "each rule is a mapping with id:, title:, source: and its kind's keys; found %s", yamlsrc.Describe(n))
		return nil
	}
	r := &syntaxRule{at: p.at(n), keys: map[string]yamlsrc.Scalar{}}
	// The id first, so that errors in the other keys can name the rule.
	type problem struct {
		key string
		at  *yaml.Node
		msg string
	}
	var problems []problem
	pairs := p.walk.Pairs(n, func(k string, at *yaml.Node, msg string) { problems = append(problems, problem{k, at, msg}) })
	for _, pr := range pairs {
		if pr.Key == "id" {
			r.keys["id"] = p.scalar(pr.Value, "", "id")
		}
	}
	id := r.key("id").Value
	for _, pb := range problems {
		p.errorf(CodeYAML, p.at(pb.at), id, pb.key, "%s", pb.msg)
	}
	r.misspelt = p.known(pairs, id, "", ruleKeyNames, func(key string, _, v *yaml.Node) {
		switch key {
		case "id":
		case "when":
			r.keys[key], r.conditions = p.conditions(v, id)
		default:
			r.keys[key] = p.scalar(v, id, key)
		}
	})
	return r
}

// field is a key of a mapping that holds a scalar, and where it is read to.
type field struct {
	name string
	dst  *yamlsrc.Scalar
}

// scalars reads a mapping whose keys (known, for "did you mean") each hold
// a scalar into their fields, and returns the keys it found misspelt.
func (p *parser) scalars(n *yaml.Node, rule, key string, known []string, fields ...field) misspelt {
	return p.mapping(n, rule, key, known, func(k string, _, x *yaml.Node) {
		for _, f := range fields {
			if f.name == k {
				*f.dst = p.scalar(x, rule, key+"."+k)
				return
			}
		}
	})
}

// snakeCase reports a name (an event kind, instance kind or variable name
// under key, at the key node kn) that is not snake_case.
func (p *parser) snakeCase(kn *yaml.Node, name, key, what string) {
	if !timescale.ValidKind(name) {
		p.errorf(CodeName, p.at(kn), "", key, "%s %q must be snake_case (a-z, 0-9 and _, starting with a letter)", what, name)
	}
}

// conditions reads when:, a condition or a list of conditions each with
// the words that say why the rule does not apply.
func (p *parser) conditions(n *yaml.Node, rule string) (yamlsrc.Scalar, []syntaxCondition) {
	v, ok := p.walk.Visit(n)
	if !ok || v.Kind != yaml.SequenceNode {
		return p.scalar(n, rule, "when"), nil
	}
	var out []syntaxCondition
	for i, item := range v.Content {
		var c syntaxCondition
		key := fmt.Sprintf("when[%d]", i)
		meant := p.scalars(item, rule, key, conditionKeys, field{"if", &c.cond}, field{"otherwise", &c.otherwise})
		if !c.cond.Set() && !meant["if"] {
			p.errorf(CodeMissingKey, p.at(item), rule, key, "missing: if: <a CEL condition>, with otherwise: <why the rule does not apply when it is not true>")
		}
		if (!c.otherwise.Set() || strings.TrimSpace(c.otherwise.Value) == "") && !meant["otherwise"] {
			p.errorf(CodeMissingKey, p.at(item), rule, key, "missing: otherwise: <why the rule does not apply when the condition is not true, in words>")
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		p.errorf(CodeMissingKey, p.at(v), rule, "when", "an empty list: give a condition, or leave when: out")
	}
	return p.at(v), out
}

// event reads an entry of events: a description, or a mapping with the
// description and the attributes the policy reads.
func (p *parser) event(kind yamlsrc.Scalar, n *yaml.Node) syntaxEvent {
	e := syntaxEvent{kind: kind}
	key := "events." + kind.Value
	v, ok := p.walk.Visit(n)
	if !ok || v.Kind != yaml.MappingNode {
		e.description = p.scalar(n, "", key)
		return e
	}
	e.description = p.at(v) // set, even when the mapping gives none
	e.misspelt = p.mapping(v, "", key, eventKeys, func(k string, kn, x *yaml.Node) {
		switch k {
		case "description":
			e.description = p.scalar(x, "", key+".description")
		case "attributes":
			e.attributesKey = p.at(kn)
			e.attributes = p.values(x, key+".attributes", "attribute")
		}
	})
	return e
}

// values reads declared values (an event kind's attributes, or the facts):
// each a description, or a mapping with the description, its type, the
// values it may take, a default and the words of the warning when it is not
// recorded.
func (p *parser) values(n *yaml.Node, key, what string) []syntaxValue {
	var out []syntaxValue
	p.mapping(n, "", key, nil, func(name string, kn, vn *yaml.Node) {
		if !timescale.ValidName(name) {
			p.errorf(CodeName, p.at(kn), "", key, "%s name %q must be lower case letters, digits and _, not starting with a digit", what, name)
		}
		d := syntaxValue{name: yamlsrc.ScalarOf(p.file, kn)}
		vkey := key + "." + name
		v, ok := p.walk.Visit(vn)
		if !ok || v.Kind != yaml.MappingNode {
			d.description = p.scalar(vn, "", vkey)
			out = append(out, d)
			return
		}
		d.misspelt = p.mapping(v, "", vkey, valueKeys, func(k string, _, x *yaml.Node) {
			switch k {
			case "description":
				d.description = p.scalar(x, "", vkey+".description")
			case "type":
				d.typ = p.scalar(x, "", vkey+".type")
			case "values":
				d.values = p.scalarList(x, "", vkey+".values")
			case "default":
				d.def = p.scalar(x, "", vkey+".default")
			case "missing":
				d.missing = p.scalar(x, "", vkey+".missing")
			}
		})
		if !d.description.Set() {
			d.description = p.at(v)
		}
		out = append(out, d)
	})
	return out
}

// list returns the items of a list node, reporting anything else.
func (p *parser) list(n *yaml.Node, rule, key string) []*yaml.Node {
	n, ok := p.walk.Visit(n)
	if !ok || yamlsrc.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(CodeYAML, p.at(n), rule, key, "want a list, found %s", yamlsrc.Describe(n))
		return nil
	}
	return n.Content
}

// mapping calls fn for each key of a mapping node. With known set, an
// unknown key is an error that suggests the nearest known one; mapping
// returns the keys suggested.
func (p *parser) mapping(n *yaml.Node, rule, key string, known []string, fn func(key string, k, v *yaml.Node)) misspelt {
	n, ok := p.walk.Visit(n)
	if !ok {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(CodeYAML, p.at(n), rule, key, "want a mapping, found %s", yamlsrc.Describe(n))
		return nil
	}
	return p.known(p.pairs(n, rule, key), rule, key, known, fn)
}

// pairs returns the entries of a mapping, with merge keys expanded,
// reporting keys given twice.
func (p *parser) pairs(n *yaml.Node, rule, key string) []yamlsrc.Pair {
	return p.walk.Pairs(n, func(k string, at *yaml.Node, msg string) {
		p.errorf(CodeYAML, p.at(at), rule, joinKey(key, k), "%s", msg)
	})
}

// known calls fn for each pair whose key is known (every key when known is
// nil), and reports the others. It returns the known keys suggested for
// them.
func (p *parser) known(pairs []yamlsrc.Pair, rule, key string, known []string, fn func(key string, k, v *yaml.Node)) misspelt {
	var meant misspelt
	for _, pr := range pairs {
		if known != nil && !slices.Contains(known, pr.Key) {
			msg := fmt.Sprintf("unknown key %q", pr.Key)
			if s := suggest.Nearest(pr.Key, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
				if meant == nil {
					meant = misspelt{}
				}
				meant[s] = true
			}
			p.errorf(CodeUnknownKey, p.at(pr.KeyNode), rule, key, "%s", msg)
			continue
		}
		fn(pr.Key, pr.KeyNode, pr.Value)
	}
	return meant
}

func joinKey(parent, k string) string {
	switch {
	case k == "":
		return parent
	case parent == "":
		return k
	}
	return parent + "." + k
}

// scalar reads a single value. A value that is not one is reported, and
// comes back as a Scalar that is set but empty, so the key still counts
// as given.
func (p *parser) scalar(n *yaml.Node, rule, key string) yamlsrc.Scalar {
	n, ok := p.walk.Visit(n)
	if !ok {
		return yamlsrc.Scalar{}
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(CodeYAML, p.at(n), rule, key, "want a single value, found %s", yamlsrc.Describe(n))
		return p.at(n)
	}
	return yamlsrc.ScalarOf(p.file, n)
}

func (p *parser) scalarList(n *yaml.Node, rule, key string) []yamlsrc.Scalar {
	var out []yamlsrc.Scalar
	for _, c := range p.list(n, rule, key) {
		out = append(out, p.scalar(c, rule, key))
	}
	return out
}
