package timescale

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/safeguarding/timescales/calendar"

	"github.com/safeguarding/timescales/internal/suggest"
)

// CaseError is one problem in a case file.
type CaseError struct {
	// File is the name of the case file, as given to ReadCase.
	File string
	// Line and Column are where the problem is, counted from 1; 0 when
	// not known.
	Line, Column int
	// Field is the path of the offending value: "case",
	// "child.date_of_birth", "events[2].at", "facts.urgency". It is empty
	// when the problem is with the file as a whole.
	Field string
	// Msg says what is wrong.
	Msg string
}

// Error returns the problem as "file:line:column: field: message", leaving
// out the line and column when they are not known and the field when there
// is none.
func (e *CaseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// CaseErrors is every problem found in one case file, in file order.
type CaseErrors []*CaseError

// Error returns the problems one to a line.
func (es CaseErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (es CaseErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// maxNodes caps the values read from one case file, counting each time an
// alias is followed, so that a small file of nested aliases (an "alias
// bomb") cannot make ReadCase do unbounded work. The text of the scalars
// read is capped likewise, at 10 times the file's length (plus 1 MiB).
const maxNodes = 100000

// maxDepth caps how deeply values may nest, counting from the top of the
// file; maxErrors caps the problems reported for one file.
const (
	maxDepth  = 100
	maxErrors = 1000
)

// topLevelKeys are the keys a case file may have, in the order they are
// named in messages.
var topLevelKeys = []string{"case", "as_of", "child", "facts", "events"}

const wantTop = "want a mapping with case, child, facts and events"

var (
	// nameRE is what fact and attribute names must look like, so that a
	// policy can read them as facts.name.
	nameRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
	// kindRE is what event kinds must look like.
	kindRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	// identRE decides whether a key is written in a path as .key or ["key"].
	identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// decimalRE matches a decimal integer as YAML writes it.
	decimalRE = regexp.MustCompile(`^[-+]?[0-9][0-9_]*$`)
	// floatRE matches the numbers yaml.v3 reads as floats.
	floatRE = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
	// yamlLineRE picks the line out of a yaml.v3 syntax error.
	yamlLineRE = regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`)
)

// ReadCase reads one case from YAML or JSON. JSON is read as YAML with
// gopkg.in/yaml.v3, so that every value has a line and a column; it is first
// checked to be strict JSON (no trailing commas, no comments) when name ends
// in ".json", or when name does not end in ".yaml" or ".yml" and the data
// begins with `{"` or `{}`. name is the file name used in errors
// ("case.yaml", or "<stdin>" for standard input).
//
// A case file looks like this:
//
//	case: C-1042
//	child: {date_of_birth: 2017-05-03, unborn: false}
//	facts: {s47_initiated: true, urgency: complex, grading: 2}
//	events:
//	  - {kind: strategy_discussion, at: 2024-03-04T10:00:00Z}
//	  - {kind: icpc, at: 2024-03-22, outcome: plan}
//
// Only case is required. Times are read by ParseTime and returned in
// London time. Values become bool, int64, float64, string, time.Time (any
// string that ParseTime accepts), nil, []any or map[string]any. The Facts
// and Attributes maps of the case returned are never nil.
//
// When anything is wrong ReadCase returns a nil case and a CaseErrors
// holding every problem found, sorted by line and column.
func ReadCase(name string, data []byte) (c *Case, err error) {
	r := &reader{file: name, seen: map[errKey]bool{}, maxBytes: 10*len(data) + 1<<20}
	defer func() {
		if p := recover(); p != nil {
			c, err = nil, CaseErrors{{File: name, Msg: fmt.Sprintf("cannot read the case file (internal error: %v)", p)}}
		}
	}()
	if isJSON(name, data) {
		if e := r.checkJSON(data); e != nil {
			return nil, CaseErrors{e}
		}
		data = jsonForYAML(data)
	}
	top := r.parse(data)
	if top != nil {
		c = r.readCase(top)
	}
	if len(r.errs) > 0 {
		sort.SliceStable(r.errs, func(i, j int) bool {
			a, b := r.errs[i], r.errs[j]
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Column < b.Column
		})
		if r.tooMany {
			r.errs = append(r.errs, &CaseError{File: name, Msg: fmt.Sprintf("too many problems; stopped after %d", maxErrors)})
		}
		return nil, r.errs
	}
	if c == nil {
		// Unreachable: parse and readCase report why they return nil.
		return nil, CaseErrors{{File: name, Msg: wantTop}}
	}
	return c, nil
}

type errKey struct {
	line, col int
	msg       string
}

// reader holds the state of one ReadCase.
type reader struct {
	file      string
	errs      CaseErrors
	seen      map[errKey]bool // problems already reported, so a value reached through several aliases is reported once
	nodes     int
	bytes     int // scalar text visited
	maxBytes  int
	exhausted bool
	tooMany   bool // more than maxErrors problems were found
}

// errorf records a problem with the value at n (which may be nil).
func (r *reader) errorf(n *yaml.Node, field *path, format string, args ...any) {
	if len(r.errs) >= maxErrors {
		r.tooMany = true
		return
	}
	e := &CaseError{File: r.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	k := errKey{e.Line, e.Column, e.Msg}
	if r.seen[k] {
		return
	}
	r.seen[k] = true
	e.Field = field.String()
	r.errs = append(r.errs, e)
}

// visit counts a node against maxNodes, reporting false once the limit has
// been passed.
func (r *reader) visit(n *yaml.Node) bool {
	if r.exhausted {
		return false
	}
	r.nodes++
	r.bytes += len(n.Value)
	switch {
	case r.nodes > maxNodes:
		r.errorf(n, nil, "too many values: more than %d once aliases are expanded", maxNodes)
	case r.bytes > r.maxBytes:
		r.errorf(n, nil, "too much text: more than 10 times the file's length once aliases are expanded")
	default:
		return true
	}
	r.exhausted = true
	return false
}

// parse reads the one YAML document in data and returns its top-level
// node, or nil after reporting why there is none.
func (r *reader) parse(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.errorf(nil, nil, "the file is empty; %s", wantTop)
		} else {
			r.yamlError(err)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		r.errorf(&next, nil, "a second YAML document; a case file holds one case")
		return nil
	case !errors.Is(err, io.EOF):
		r.yamlError(err)
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		r.errorf(nil, nil, "the file is empty; %s", wantTop)
		return nil
	}
	top := resolve(doc.Content[0])
	switch {
	case top == nil || isNull(top):
		r.errorf(nil, nil, "the file is empty; %s", wantTop)
		return nil
	case top.Kind != yaml.MappingNode:
		r.errorf(top, nil, "%s, not %s", wantTop, describe(top))
		return nil
	}
	return top
}

// yamlError records a syntax error from yaml.v3.
func (r *reader) yamlError(err error) {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		r.errs = append(r.errs, &CaseError{File: r.file, Line: line, Msg: m[2]})
		return
	}
	r.errs = append(r.errs, &CaseError{File: r.file, Msg: strings.TrimPrefix(msg, "yaml: ")})
}

func (r *reader) readCase(top *yaml.Node) *Case {
	c := &Case{Facts: map[string]any{}, Child: Child{Attributes: map[string]any{}}}
	hasID := false
	for _, p := range r.pairs(top, nil) {
		switch p.key {
		case "case":
			hasID = true
			c.ID = r.readID(p.val)
		case "child":
			r.readChild(p.val, &c.Child)
		case "facts":
			r.readNamed(p.val, (*path)(nil).child("facts"), "a fact", "a mapping of fact names to values (facts: {s47_initiated: true})", c.Facts)
		case "events":
			c.Events = r.readEvents(p.val)
		case "as_of":
			c.AsOf = r.readAsOf(p.val)
		default:
			field := (*path)(nil).child(p.key)
			if s := suggest.Nearest(p.key, topLevelKeys); s != "" {
				r.errorf(p.keyNode, field, "unknown key (did you mean %s?)", s)
			} else {
				r.errorf(p.keyNode, field, "unknown key; a case file has case, as_of, child, facts and events")
			}
		}
	}
	if !hasID && !r.exhausted {
		r.errorf(top, casePath, "missing: every case file needs the case's id (case: C-1042)")
	}
	return c
}

// readAsOf reads the date a case file is to be evaluated as of.
func (r *reader) readAsOf(n *yaml.Node) time.Time {
	n = resolve(n)
	field := (*path)(nil).child("as_of")
	if !r.visit(n) {
		return time.Time{}
	}
	if n.Kind != yaml.ScalarNode || isNull(n) {
		r.errorf(n, field, "want a date (as_of: 2024-05-01), not %s", describe(n))
		return time.Time{}
	}
	t, dateOnly, err := ParseTime(n.Value)
	if err != nil || !dateOnly {
		r.errorf(n, field, "want a date (as_of: 2024-05-01), not %q", n.Value)
		return time.Time{}
	}
	return t
}

func (r *reader) readID(n *yaml.Node) string {
	n = resolve(n)
	if !r.visit(n) {
		return ""
	}
	const want = "want the case's id, a non-empty string (case: C-1042)"
	if n.Kind != yaml.ScalarNode {
		r.errorf(n, casePath, "%s, not %s", want, describe(n))
		return ""
	}
	switch n.ShortTag() {
	case "!!str", "!!int":
	default:
		r.errorf(n, casePath, "%s, not %s", want, describe(n))
		return ""
	}
	if strings.TrimSpace(n.Value) == "" {
		r.errorf(n, casePath, "%s, not an empty string", want)
		return ""
	}
	return n.Value
}

func (r *reader) readChild(n *yaml.Node, child *Child) {
	n = resolve(n)
	if !r.visit(n) || isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(n, childPath, "want a mapping (child: {date_of_birth: 2017-05-03}), not %s", describe(n))
		return
	}
	for _, p := range r.pairs(n, childPath) {
		field := childPath.child(p.key)
		if p.key == "date_of_birth" {
			v := resolve(p.val)
			if !r.visit(v) || isNull(v) {
				continue
			}
			if v.Kind != yaml.ScalarNode {
				r.errorf(v, field, "want a date (2017-05-03), not %s", describe(v))
				continue
			}
			t, _, err := ParseTime(v.Value)
			if err != nil {
				r.errorf(v, field, "%s", err)
				continue
			}
			child.DateOfBirth = calendar.Date(t)
			continue
		}
		r.readAttribute(p, field, "an attribute", child.Attributes)
	}
}

// readNamed reads a mapping of names to values (the facts) into into.
func (r *reader) readNamed(n *yaml.Node, field *path, what, want string, into map[string]any) {
	n = resolve(n)
	if !r.visit(n) || isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(n, field, "want %s, not %s", want, describe(n))
		return
	}
	for _, p := range r.pairs(n, field) {
		r.readAttribute(p, field.child(p.key), what, into)
	}
}

// readAttribute checks p's name and reads its value into into. what is
// "a fact" or "an attribute".
func (r *reader) readAttribute(p pair, field *path, what string, into map[string]any) {
	if !nameRE.MatchString(p.key) {
		r.errorf(p.keyNode, field, "%q is not %s name: write lower case letters, digits and _, not starting with a digit, so that a policy can read it (urgency, s47_initiated)", p.key, what)
		return
	}
	v, ok := r.value(p.val, field)
	if ok {
		into[p.key] = v
	}
}

func (r *reader) readEvents(n *yaml.Node) []Event {
	n = resolve(n)
	if !r.visit(n) || isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, eventsPath, "want a list of events, each with a kind and an at, not %s", describe(n))
		return nil
	}
	events := make([]Event, 0, len(n.Content))
	for i, item := range n.Content {
		if e, ok := r.readEvent(item, eventsPath.item(i)); ok {
			events = append(events, e)
		}
	}
	return events
}

func (r *reader) readEvent(item *yaml.Node, field *path) (Event, bool) {
	e := Event{Attributes: map[string]any{}, Line: item.Line}
	n := resolve(item)
	if !r.visit(n) {
		return e, false
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(n, field, "want an event, a mapping with a kind and an at ({kind: icpc, at: 2024-03-22}), not %s", describe(n))
		return e, false
	}
	const (
		wantKind = "what happened, in snake_case (strategy_discussion)"
		wantAt   = "when it happened, a date (2024-03-04) or a date and time (2024-03-04T10:00:00Z)"
	)
	var hasKind, hasAt bool
	for _, p := range r.pairs(n, field) {
		pf := field.child(p.key)
		switch p.key {
		case "kind":
			hasKind = true
			v := resolve(p.val)
			if !r.visit(v) {
				continue
			}
			switch {
			case v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str":
				r.errorf(v, pf, "want %s, not %s", wantKind, describe(v))
			case !kindRE.MatchString(v.Value):
				r.errorf(v, pf, "%q is not a kind: write lower case letters, digits and _, starting with a letter (strategy_discussion)", v.Value)
			default:
				e.Kind = v.Value
			}
		case "at":
			hasAt = true
			v := resolve(p.val)
			if !r.visit(v) {
				continue
			}
			if v.Kind != yaml.ScalarNode || isNull(v) {
				r.errorf(v, pf, "want %s, not %s", wantAt, describe(v))
				continue
			}
			t, dateOnly, err := ParseTime(v.Value)
			if err != nil {
				r.errorf(v, pf, "%s", err)
				continue
			}
			e.At, e.DateOnly = t, dateOnly
		default:
			r.readAttribute(p, pf, "an attribute", e.Attributes)
		}
	}
	if r.exhausted {
		return e, false
	}
	if !hasKind {
		r.errorf(n, field.child("kind"), "missing: every event needs a kind, %s", wantKind)
	}
	if !hasAt {
		r.errorf(n, field.child("at"), "missing: every event needs an at, %s", wantAt)
	}
	return e, true
}

// value reads any value: a scalar, a list or a mapping. ok is false when
// the value could not be read (the problem has been reported).
func (r *reader) value(n *yaml.Node, field *path) (v any, ok bool) {
	n = resolve(n)
	if !r.visit(n) {
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
			v, itemOK := r.value(p.val, field.child(p.key))
			out[p.key] = v
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
		if timeRE.MatchString(n.Value) {
			if t, _, err := ParseTime(n.Value); err == nil {
				return t, true
			}
		}
		return n.Value, true
	case "!!timestamp":
		t, _, err := ParseTime(n.Value)
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

// pair is one entry of a mapping.
type pair struct {
	key     string
	keyNode *yaml.Node
	val     *yaml.Node
}

// pairs returns the entries of the mapping n (already resolved), with
// merge keys (<<) expanded: explicit keys win over merged ones, and among
// merged mappings the first wins. A key given twice explicitly, and a key
// that is not a scalar, are reported.
func (r *reader) pairs(n *yaml.Node, field *path) []pair {
	var explicit, merged []pair
	at := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		if !r.visit(k) {
			return nil
		}
		if k.Kind != yaml.ScalarNode {
			r.errorf(k, field, "want a name as a key, not %s", describe(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			merged = append(merged, r.merge(n.Content[i+1], field)...)
			continue
		}
		if first, dup := at[k.Value]; dup {
			r.errorf(k, field.child(k.Value), "duplicate key (first at line %d)", first.Line)
			continue
		}
		at[k.Value] = k
		explicit = append(explicit, pair{key: k.Value, keyNode: k, val: n.Content[i+1]})
	}
	for _, p := range merged {
		if _, dup := at[p.key]; !dup {
			at[p.key] = p.keyNode
			explicit = append(explicit, p)
		}
	}
	return explicit
}

// merge returns the entries a merge key's value brings in.
func (r *reader) merge(v *yaml.Node, field *path) []pair {
	v = resolve(v)
	if !r.visit(v) {
		return nil
	}
	switch v.Kind {
	case yaml.MappingNode:
		return r.pairs(v, field)
	case yaml.SequenceNode:
		var out []pair
		for _, item := range v.Content {
			m := resolve(item)
			if !r.visit(m) {
				return nil
			}
			if m.Kind != yaml.MappingNode {
				r.errorf(m, field, "<< merges a mapping or a list of mappings, not %s", describe(m))
				continue
			}
			out = append(out, r.pairs(m, field)...)
		}
		return out
	}
	r.errorf(v, field, "<< merges a mapping or a list of mappings, not %s", describe(v))
	return nil
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe says what kind of value n is, for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!bool":
			return n.Value
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		case "!!timestamp":
			return "the date " + n.Value
		default:
			return strconv.Quote(n.Value)
		}
	}
	return "an unknown value"
}

// path is the path of a value, for CaseError.Field. It is built as a
// linked list and rendered only when a problem is reported, so that deeply
// nested values (or aliases) cost nothing until then.
type path struct {
	parent *path
	key    string // the key, when isKey
	index  int    // the list index, when not isKey
	isKey  bool
	depth  int
}

var (
	casePath   = (*path)(nil).child("case")
	childPath  = (*path)(nil).child("child")
	eventsPath = (*path)(nil).child("events")
)

// child returns the path of the value of key k in the mapping at p.
func (p *path) child(k string) *path {
	return &path{parent: p, key: k, isKey: true, depth: p.getDepth() + 1}
}

// item returns the path of item i of the list at p.
func (p *path) item(i int) *path {
	return &path{parent: p, index: i, depth: p.getDepth() + 1}
}

func (p *path) getDepth() int {
	if p == nil {
		return 0
	}
	return p.depth
}

// String renders the path: "events[2].at", "facts[\"a key\"]"; "" for the
// top level. Keys longer than 40 characters are cut short.
func (p *path) String() string {
	var segs []string
	for q := p; q != nil; q = q.parent {
		switch k := q.key; {
		case !q.isKey:
			segs = append(segs, "["+strconv.Itoa(q.index)+"]")
		case len(k) > 160 || utf8.RuneCountInString(k) > 40:
			segs = append(segs, "["+strconv.Quote(string([]rune(k[:min(len(k), 160)])[:40])+"...")+"]")
		case !identRE.MatchString(k):
			segs = append(segs, "["+strconv.Quote(k)+"]")
		case q.parent == nil:
			segs = append(segs, k)
		default:
			segs = append(segs, "."+k)
		}
	}
	var b strings.Builder
	for i := len(segs) - 1; i >= 0; i-- {
		b.WriteString(segs[i])
	}
	return b.String()
}

// isJSON reports whether data should be checked as strict JSON.
func isJSON(name string, data []byte) bool {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".json"):
		return true
	case strings.HasSuffix(lower, ".yaml"), strings.HasSuffix(lower, ".yml"):
		return false
	}
	rest := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	if len(rest) == 0 || rest[0] != '{' {
		return false
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	return len(rest) > 0 && (rest[0] == '"' || rest[0] == '}')
}

var utf8BOM = []byte("\xef\xbb\xbf")

// checkJSON returns the first syntax error in data as JSON, or nil.
func (r *reader) checkJSON(data []byte) *CaseError {
	body := bytes.TrimPrefix(data, utf8BOM)
	base := len(data) - len(body)
	err := json.Unmarshal(body, new(json.RawMessage))
	if err == nil {
		return nil
	}
	e := &CaseError{File: r.file, Msg: "invalid JSON: " + err.Error()}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := base + int(se.Offset)
		if se.Offset > 0 && se.Error() != "unexpected end of JSON input" {
			off-- // Offset counts the offending byte itself.
		}
		off = max(0, min(off, len(data)))
		e.Line, e.Column = position(data, off)
		e.Msg = "invalid JSON: " + se.Error()
	}
	return e
}

// position returns the 1-based line and column (in characters) of byte off
// of data.
func position(data []byte, off int) (line, col int) {
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// jsonForYAML rewrites the string escapes of valid JSON that yaml.v3 does
// not read: \/ becomes /, and a surrogate pair \uD83D\uDE00 becomes
// \U0001F600 (a lone surrogate \uFFFD). Each string shortened is followed by
// spaces making up the difference, so every value keeps its column.
func jsonForYAML(data []byte) []byte {
	if !bytes.Contains(data, []byte(`\/`)) && !bytes.Contains(data, []byte(`\ud`)) && !bytes.Contains(data, []byte(`\uD`)) {
		return data
	}
	out := make([]byte, 0, len(data))
	inString, pad := false, 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		if !inString {
			out = append(out, c)
			inString = c == '"'
			continue
		}
		switch {
		case c == '"':
			out = append(out, '"')
			out = append(out, bytes.Repeat([]byte(" "), pad)...)
			inString, pad = false, 0
		case c != '\\' || i+1 >= len(data):
			out = append(out, c)
		case data[i+1] == '/':
			out = append(out, '/')
			pad++
			i++
		case data[i+1] == 'u' && i+6 <= len(data):
			r1, ok := hex4(data[i+2 : i+6])
			if !ok || !utf16.IsSurrogate(r1) {
				out = append(out, data[i:i+6]...)
				i += 5
				continue
			}
			if r1 < 0xDC00 && i+12 <= len(data) && data[i+6] == '\\' && data[i+7] == 'u' {
				if r2, ok := hex4(data[i+8 : i+12]); ok && r2 >= 0xDC00 && r2 < 0xE000 {
					out = fmt.Appendf(out, `\U%08X`, utf16.DecodeRune(r1, r2))
					pad += 2
					i += 11
					continue
				}
			}
			out = append(out, `\uFFFD`...)
			i += 5
		default:
			out = append(out, c, data[i+1])
			i++
		}
	}
	return out
}

func hex4(b []byte) (rune, bool) {
	n, err := strconv.ParseUint(string(b), 16, 16)
	return rune(n), err == nil
}

// timeRE matches the forms ParseTime reads: a date, optionally followed by
// a time (T or a space, hours and minutes, optional seconds and fraction),
// optionally followed by Z or an offset.
var timeRE = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$`)

// acceptedTimes describes the forms ParseTime reads.
const acceptedTimes = "write a date, 2024-03-04, or a date and time, 2024-03-04T10:00:00Z, " +
	"2024-03-04T10:00:00+01:00, or 2024-03-04T10:00 for London time"

// ParseTime reads a date or a date-time as case files write them:
//
//   - "2024-03-04" is a date: midnight in London on that date, with
//     dateOnly set.
//   - "2024-03-04T10:00:00Z" and "2024-03-04T10:00:00+01:00" are instants;
//     seconds may have a fraction ("10:00:00.250Z").
//   - "2024-03-04T10:00:00", "2024-03-04T10:00", "2024-03-04 10:00" and
//     "2024-03-04 10:00:00" are London clock times (GMT or BST as the date
//     requires).
//
// The time returned is in London time. Dates that do not exist (30
// February), years outside 1000 to 9999, and London clock times skipped
// when the clocks go forward are errors.
func ParseTime(s string) (t time.Time, dateOnly bool, err error) {
	fail := func(reason string) (time.Time, bool, error) {
		return time.Time{}, false, fmt.Errorf("cannot read %q as a date or time (%s); %s", s, reason, acceptedTimes)
	}
	m := timeRE.FindStringSubmatch(s)
	if m == nil {
		return fail("not a form case files use")
	}
	num := func(i int) int { n, _ := strconv.Atoi(m[i]); return n }
	y, mo, d := num(1), num(2), num(3)
	switch {
	case y < 1000:
		return fail("the year must be from 1000 to 9999")
	case mo < 1 || mo > 12:
		return fail(fmt.Sprintf("there is no month %d", mo))
	case d < 1 || d > daysIn(y, time.Month(mo)):
		return fail(fmt.Sprintf("%s %d has %d days", time.Month(mo), y, daysIn(y, time.Month(mo))))
	}
	if m[4] == "" {
		return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, calendar.London), true, nil
	}
	h, mi, sec := num(4), num(5), 0
	if m[6] != "" {
		sec = num(6)
	}
	ns := 0
	if m[7] != "" {
		ns, _ = strconv.Atoi((m[7] + "00000000")[:9])
	}
	switch {
	case h > 23:
		return fail("the hour must be from 00 to 23")
	case mi > 59:
		return fail("the minutes must be from 00 to 59")
	case sec > 59:
		return fail("the seconds must be from 00 to 59")
	}
	loc := calendar.London
	switch zone := m[8]; zone {
	case "":
	case "Z":
		loc = time.UTC
	default:
		oh, _ := strconv.Atoi(zone[1:3])
		om, _ := strconv.Atoi(zone[4:6])
		if oh > 23 || om > 59 {
			return fail("the offset must be from -23:59 to +23:59")
		}
		off := oh*3600 + om*60
		if zone[0] == '-' {
			off = -off
		}
		loc = time.FixedZone(zone, off)
	}
	t = time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc)
	if loc == calendar.London && (t.Hour() != h || t.Minute() != mi) {
		return fail(fmt.Sprintf("the clocks went forward at 01:00 that day, so there was no %02d:%02d in London", h, mi))
	}
	return t.In(calendar.London), false, nil
}
