package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/safeguarding/timescales/internal/suggest"
)

// source is one policy file's text, for error positions.
type source struct {
	name  string
	lines []string
}

func (s *source) line(n int) string {
	if n < 1 || n > len(s.lines) {
		return ""
	}
	return strings.TrimRight(s.lines[n-1], "\r")
}

// field is a scalar value of a policy file with where it came from.
type field struct {
	val  string
	node *yaml.Node // nil when the key is absent
	src  *source
}

func (f field) set() bool { return f.node != nil }

// rawPolicy is a policy file as written, before extends is resolved.
type rawPolicy struct {
	src         *source
	root        *yaml.Node // the top-level mapping, for errors about the whole file
	policy      field
	title       field
	source      field
	extends     field
	disable     []field
	region      field
	closures    []field
	workingDays []field
	counting    field
	warnBefore  field
	events      []rawEvent
	variables   []rawVariable
	rules       []*rawRule
}

type rawEvent struct {
	kind        field
	description field
}

type rawVariable struct {
	name field
	expr field
}

// rawRule is one entry of rules: as written.
type rawRule struct {
	src        *source
	node       *yaml.Node
	id         field
	title      field
	source     field
	kind       field
	when       field
	from       field
	after      field
	within     field
	before     field
	done       field
	unless     field
	reason     field
	extendedTo field
	roll       field
	every      field
	until      field
	check      field
	counting   field
}

var (
	kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	snake = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

var policyKeys = []string{"policy", "title", "source", "extends", "disable", "calendar", "counting", "warn_before", "events", "variables", "rules"}

var ruleKeys = []string{"id", "title", "source", "kind", "when", "from", "after", "within", "before", "done", "unless", "reason", "extended_to", "roll", "every", "until", "check", "counting"}

// parser collects the errors of one file.
type parser struct {
	src  *source
	errs ErrorList
}

func (p *parser) errorf(n *yaml.Node, rule, key, format string, args ...any) {
	e := &Error{File: p.src.name, Rule: rule, Key: key, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
		e.Source = p.src.line(n.Line)
	}
	p.errs = append(p.errs, e)
}

// parsePolicy reads a policy file's YAML. It returns nil with errors when
// the file cannot be read as YAML at all.
func parsePolicy(name string, data []byte) (*rawPolicy, ErrorList) {
	src := &source{name: name, lines: strings.Split(string(data), "\n")}
	p := &parser{src: src}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		line := 0
		msg := err.Error()
		var n int
		if _, scanErr := fmt.Sscanf(msg, "yaml: line %d:", &n); scanErr == nil {
			line = n
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		if msg == "EOF" {
			msg = "the file is empty; a policy needs at least policy: and title:"
		}
		return nil, ErrorList{{File: name, Line: line, Msg: "cannot read YAML: " + msg, Source: src.line(line)}}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.errorf(&extra, "", "", "a policy file holds one YAML document; this is a second")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "", "", "a policy file is a mapping with policy:, title:, rules: and the other keys; found %s", kindName(root))
		return nil, p.errs
	}
	rp := &rawPolicy{src: src, root: root}
	p.mapping(root, "", "", policyKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "policy":
			rp.policy = p.scalar(v, "", key)
		case "title":
			rp.title = p.scalar(v, "", key)
		case "source":
			rp.source = p.scalar(v, "", key)
		case "extends":
			rp.extends = p.scalar(v, "", key)
		case "disable":
			rp.disable = p.scalarList(v, "", key)
		case "calendar":
			p.mapping(v, "", "calendar", []string{"region", "closures", "working_days"}, func(ck string, _, cv *yaml.Node) {
				switch ck {
				case "region":
					rp.region = p.scalar(cv, "", "calendar.region")
				case "closures":
					rp.closures = p.scalarList(cv, "", "calendar.closures")
				case "working_days":
					rp.workingDays = p.scalarList(cv, "", "calendar.working_days")
				}
			})
		case "counting":
			rp.counting = p.scalar(v, "", key)
		case "warn_before":
			rp.warnBefore = p.scalar(v, "", key)
		case "events":
			p.mapping(v, "", "events", nil, func(ek string, kn, ev *yaml.Node) {
				kind := field{val: ek, node: kn, src: src}
				if !snake.MatchString(ek) {
					p.errorf(kn, "", "events", "event kind %q must be snake_case (a-z, 0-9 and _, starting with a letter)", ek)
				}
				rp.events = append(rp.events, rawEvent{kind: kind, description: p.scalar(ev, "", "events."+ek)})
			})
		case "variables":
			p.mapping(v, "", "variables", nil, func(vk string, kn, vv *yaml.Node) {
				if !snake.MatchString(vk) {
					p.errorf(kn, "", "variables", "variable name %q must be snake_case (a-z, 0-9 and _, starting with a letter)", vk)
				}
				rp.variables = append(rp.variables, rawVariable{name: field{val: vk, node: kn, src: src}, expr: p.scalar(vv, "", "variables."+vk)})
			})
		case "rules":
			if v.Kind != yaml.SequenceNode {
				p.errorf(v, "", "rules", "want a list of rules, found %s", kindName(v))
				return
			}
			for _, rn := range v.Content {
				if r := p.rule(rn); r != nil {
					rp.rules = append(rp.rules, r)
				}
			}
		}
	})
	return rp, p.errs
}

func (p *parser) rule(n *yaml.Node) *rawRule {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "", "rules", "each rule is a mapping with id:, title:, source: and its kind's keys; found %s", kindName(n))
		return nil
	}
	r := &rawRule{src: p.src, node: n}
	// The id first, so that errors in the other keys can name the rule.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" {
			r.id = p.scalar(n.Content[i+1], "", "id")
		}
	}
	id := r.id.val
	p.mapping(n, id, "", ruleKeys, func(key string, _, v *yaml.Node) {
		slot := map[string]*field{
			"title": &r.title, "source": &r.source, "kind": &r.kind, "when": &r.when,
			"from": &r.from, "after": &r.after, "within": &r.within, "before": &r.before, "done": &r.done,
			"unless": &r.unless, "reason": &r.reason, "extended_to": &r.extendedTo, "roll": &r.roll,
			"every": &r.every, "until": &r.until, "check": &r.check, "counting": &r.counting,
		}[key]
		if slot != nil {
			*slot = p.scalar(v, id, key)
		}
	})
	return r
}

// mapping calls fn for each key of a mapping node. With known set, an
// unknown key is an error that suggests the nearest known one.
func (p *parser) mapping(n *yaml.Node, rule, key string, known []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, rule, key, "want a mapping, found %s", kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, rule, key, "a key must be plain text, found %s", kindName(k))
			continue
		}
		name := joinKey(key, k.Value)
		if seen[k.Value] {
			p.errorf(k, rule, name, "given twice")
			continue
		}
		seen[k.Value] = true
		if known != nil && !contains(known, k.Value) {
			msg := fmt.Sprintf("unknown key %q", k.Value)
			if s := suggest.Nearest(k.Value, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			p.errorf(k, rule, key, "%s", msg)
			continue
		}
		fn(k.Value, k, v)
	}
}

func joinKey(parent, k string) string {
	if parent == "" {
		return k
	}
	return parent + "." + k
}

func (p *parser) scalar(n *yaml.Node, rule, key string) field {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, rule, key, "want a single value, found %s", kindName(n))
		return field{node: n, src: p.src}
	}
	return field{val: n.Value, node: n, src: p.src}
}

func (p *parser) scalarList(n *yaml.Node, rule, key string) []field {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, rule, key, "want a list, found %s", kindName(n))
		return nil
	}
	var out []field
	for _, c := range n.Content {
		out = append(out, p.scalar(c, rule, key))
	}
	return out
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
