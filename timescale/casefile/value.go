package casefile

// This file: reading a value of a case file (a fact, an attribute, an item
// of a list) as a Go value.

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/safeguarding/timescales/timescale"
)

var (
	// decimalRE matches a decimal integer as YAML writes it.
	decimalRE = regexp.MustCompile(`^[-+]?[0-9][0-9_]*$`)
	// floatRE matches the numbers yaml.v3 reads as floats.
	floatRE = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

// value reads any value: a scalar, a list or a mapping. ok is false when
// the value could not be read (the problem has been reported).
func (r *reader) value(n *yaml.Node, field *path) (v any, ok bool) {
	n, ok = r.visit(n)
	if !ok {
		return nil, false
	}
	if field.depth > maxDepth && n.Kind != yaml.ScalarNode {
		r.errorf(n, nil, "values nested more than %d deep (is an alias inside the value it names?)", maxDepth)
		return nil, false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return r.scalar(n, field)
	case yaml.SequenceNode:
		if tag := n.ShortTag(); tag != "!!seq" {
			r.errorf(n, field, "unsupported tag %s", tag)
			return nil, false
		}
		out := make([]any, 0, len(n.Content))
		ok = true
		for i, item := range n.Content {
			v, itemOK := r.value(item, field.item(i))
			out = append(out, v)
			ok = ok && itemOK
		}
		return out, ok
	case yaml.MappingNode:
		if tag := n.ShortTag(); tag != "!!map" {
			r.errorf(n, field, "unsupported tag %s", tag)
			return nil, false
		}
		out := map[string]any{}
		ok = true
		for _, p := range r.pairs(n, field) {
			v, itemOK := r.value(p.Value, field.child(p.Key))
			out[p.Key] = v
			ok = ok && itemOK
		}
		return out, ok
	}
	r.errorf(n, field, "cannot read this value")
	return nil, false
}

func (r *reader) scalar(n *yaml.Node, field *path) (any, bool) {
	switch tag := n.ShortTag(); tag {
	case "!!null":
		return nil, true
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			r.errorf(n, field, "cannot read %q as true or false", n.Value)
			return nil, false
		}
		return b, true
	case "!!int", "!!float":
		if decimalRE.MatchString(n.Value) && (tag == "!!int" || n.Style&yaml.TaggedStyle == 0) {
			// Decimal integers are read here, not by yaml.v3, so that 08 is
			// 8 (not a float) and 017 is 17 (not octal 15).
			i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 10, 64)
			if err != nil {
				r.errorf(n, field, "%s is out of range for a whole number (%d to %d)", n.Value, int64(math.MinInt64), int64(math.MaxInt64))
				return nil, false
			}
			return i, true
		}
		if tag == "!!int" {
			var i int64
			if err := n.Decode(&i); err != nil {
				r.errorf(n, field, "%s is out of range for a whole number (%d to %d)", n.Value, int64(math.MinInt64), int64(math.MaxInt64))
				return nil, false
			}
			return i, true
		}
		var f float64
		if err := n.Decode(&f); err != nil {
			r.errorf(n, field, "cannot read %q as a number", n.Value)
			return nil, false
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			r.errorf(n, field, "%s is not a finite number", n.Value)
			return nil, false
		}
		return f, true
	case "!!str":
		if n.Style == 0 && floatRE.MatchString(n.Value) {
			// yaml.v3 leaves a number too large for a float64 as a string.
			r.errorf(n, field, "%s is out of range for a number", n.Value)
			return nil, false
		}
		if timescale.LooksLikeTime(n.Value) {
			if t, _, err := timescale.ParseTime(n.Value); err == nil {
				return t, true
			}
		}
		return n.Value, true
	case "!!timestamp":
		t, _, err := timescale.ParseTime(n.Value)
		if err != nil {
			r.errorf(n, field, "%s", err)
			return nil, false
		}
		return t, true
	default:
		r.errorf(n, field, "unsupported tag %s", tag)
		return nil, false
	}
}
