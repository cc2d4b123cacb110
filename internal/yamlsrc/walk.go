package yamlsrc

// This file: walking a decoded document within a budget, with aliases and
// merge keys.

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// MaxNodes caps the values read from one file, counting each time an alias
// is followed.
const MaxNodes = 100000

// Limits is a Walker's budget.
type Limits struct {
	// Nodes caps the values visited, counting each alias followed.
	Nodes int
	// Bytes caps the scalar text visited, counting each alias followed.
	Bytes int
}

// FileLimits is the budget for a file of size bytes: MaxNodes values, and
// scalar text of 10 times the file's length plus 1 MiB.
func FileLimits(size int) Limits { return Limits{Nodes: MaxNodes, Bytes: 10*size + 1<<20} }

// A Walker visits the values of one document, following aliases and
// expanding merge keys, and stops once its budget is spent.
type Walker struct {
	lim       Limits
	nodes     int
	bytes     int
	exhausted bool
	onLimit   func(n *yaml.Node, msg string)
}

// NewWalker returns a Walker with the given budget. onLimit is called
// once, at the value where the budget ran out, with a message that says
// which part ran out.
func NewWalker(lim Limits, onLimit func(n *yaml.Node, msg string)) *Walker {
	return &Walker{lim: lim, onLimit: onLimit}
}

// Visit resolves n's aliases and counts the value against the budget. It
// returns false, once the budget is spent, for this value and every value
// after it.
func (w *Walker) Visit(n *yaml.Node) (*yaml.Node, bool) {
	n = Resolve(n)
	if w.exhausted || n == nil {
		return n, false
	}
	w.nodes++
	w.bytes += len(n.Value)
	var msg string
	switch {
	case w.nodes > w.lim.Nodes:
		msg = fmt.Sprintf("too many values: more than %d once aliases are expanded", w.lim.Nodes)
	case w.bytes > w.lim.Bytes:
		msg = "too much text: more than 10 times the file's length once aliases are expanded"
	default:
		return n, true
	}
	w.exhausted = true
	if w.onLimit != nil {
		w.onLimit(n, msg)
	}
	return n, false
}

// Exhausted reports whether the budget has been spent.
func (w *Walker) Exhausted() bool { return w.exhausted }

// Pair is one entry of a mapping.
type Pair struct {
	Key     string
	KeyNode *yaml.Node
	Value   *yaml.Node // not yet visited: aliases unresolved
}

// Problem reports a problem with one entry of a mapping: key is the entry's
// key ("" when the problem is with the mapping itself), at the node to point
// at.
type Problem func(key string, at *yaml.Node, msg string)

// Pairs returns the entries of a mapping n (already visited), with merge
// keys (<<) expanded: explicit keys win over merged ones, and among merged
// mappings the first wins. A key given twice explicitly, a key that is not
// a scalar and a merge of something other than mappings are reported, and
// left out.
func (w *Walker) Pairs(n *yaml.Node, problem Problem) []Pair {
	var explicit, merged []Pair
	at := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, ok := w.Visit(n.Content[i])
		if !ok {
			return nil
		}
		if k.Kind != yaml.ScalarNode {
			problem("", k, "want a name as a key, not "+Describe(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			merged = append(merged, w.merge(n.Content[i+1], problem)...)
			continue
		}
		if first, dup := at[k.Value]; dup {
			where := fmt.Sprintf("line %d", first.Line)
			if first.Line == k.Line {
				// On one line (a line of JSON Lines is read as a file of
				// its own, so its line would always be 1): the column.
				where = fmt.Sprintf("column %d", first.Column)
			}
			problem(k.Value, k, "duplicate key (first at "+where+")")
			continue
		}
		at[k.Value] = k
		explicit = append(explicit, Pair{Key: k.Value, KeyNode: k, Value: n.Content[i+1]})
	}
	for _, p := range merged {
		if _, dup := at[p.Key]; !dup {
			at[p.Key] = p.KeyNode
			explicit = append(explicit, p)
		}
	}
	return explicit
}

// merge returns the entries a merge key's value brings in.
func (w *Walker) merge(v *yaml.Node, problem Problem) []Pair {
	v, ok := w.Visit(v)
	if !ok {
		return nil
	}
	switch v.Kind {
	case yaml.MappingNode:
		return w.Pairs(v, problem)
	case yaml.SequenceNode:
		var out []Pair
		for _, item := range v.Content {
			m, ok := w.Visit(item)
			if !ok {
				return nil
			}
			if m.Kind != yaml.MappingNode {
				problem("", m, "<< merges a mapping or a list of mappings, not "+Describe(m))
				continue
			}
			out = append(out, w.Pairs(m, problem)...)
		}
		return out
	}
	problem("", v, "<< merges a mapping or a list of mappings, not "+Describe(v))
	return nil
}
