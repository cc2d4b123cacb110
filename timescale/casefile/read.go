package casefile

// This file: the case file's schema: the case, the child, the facts and
// the events, read from a decoded YAML document.

import (
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/suggest"
	"github.com/safeguarding/timescales/internal/yamlsrc"
	"github.com/safeguarding/timescales/timescale"
)

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

// Read reads one case from YAML or JSON. JSON is read as YAML with
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
// Only case is required. Anchors, aliases and merge keys (<<) are
// followed, within a budget of 100,000 values and 10 times the file's
// length of text (so a small file of nested aliases cannot make Read do
// unbounded work). Times are read by [timescale.ParseTime] and returned in
// London time. Values become bool, int64, float64, string, time.Time (any
// string that ParseTime accepts), nil, []any or map[string]any. The Facts
// and Attributes maps of the case returned are never nil.
//
// A top-level key that is not one of case, as_of, child, facts and events
// (a key a case management export adds, "source_system") is not read: it
// is a warning in the case's Warnings, naming its place
// ("case.json:1:45: source_system: unknown key, not read (...)"). A key
// that is a near miss of one of them ("evnets") is an error that says
// which was meant, since a misspelt events would check a case with none.
//
// When anything is wrong Read returns a nil case and an ErrorList holding
// every problem found, sorted by line and column.
//
// A file larger than MaxFileSize (or the limit WithMaxFileSize gives) is
// refused before it is read as YAML.
func Read(name string, data []byte, opts ...Option) (*timescale.Case, error) {
	c, warnings, err := read(name, data, options(opts))
	if err != nil {
		return nil, err
	}
	for _, w := range warnings {
		c.Warnings = append(c.Warnings, w.Error())
	}
	return c, nil
}

// unknownKeyWarning is the message of a warning about a top-level key that
// is not read.
const unknownKeyWarning = "unknown key, not read (a case file has case, as_of, child, facts and events)"

// read is Read, returning the warnings with their places, for a caller
// (readLine) that moves them.
func read(name string, data []byte, o limits) (c *timescale.Case, warnings ErrorList, err error) {
	if int64(len(data)) > o.maxFile {
		return nil, nil, tooLarge(name, o.maxFile)
	}
	r := &reader{file: name, seen: map[errKey]bool{}}
	r.walk = yamlsrc.NewWalker(yamlsrc.FileLimits(len(data)), func(n *yaml.Node, msg string) { r.errorf(n, nil, "%s", msg) })
	defer func() {
		if p := recover(); p != nil {
			if re, ok := p.(runtime.Error); ok {
				panic(re) // a bug here, not a problem with the file
			}
			c, warnings, err = nil, nil, ErrorList{{File: name, Msg: fmt.Sprintf("cannot read the case file (internal error: %v)", p)}}
		}
	}()
	if isJSON(name, data) {
		if e := r.checkJSON(data); e != nil {
			return nil, nil, ErrorList{e}
		}
		data = jsonForYAML(data)
	}
	if top := r.decode(data); top != nil {
		c = r.readCase(top)
	}
	if len(r.errs) > 0 {
		sortByPlace(r.errs)
		if r.tooMany {
			r.errs = append(r.errs, &Error{File: name, Msg: fmt.Sprintf("too many problems; stopped after %d", maxErrors)})
		}
		return nil, nil, r.errs
	}
	if c == nil {
		// Unreachable: parse and readCase report why they return nil.
		return nil, nil, ErrorList{{File: name, Msg: wantTop}}
	}
	sortByPlace(r.warnings) // keys merged in (<<) come after the mapping's own
	return c, r.warnings, nil
}

// sortByPlace sorts problems by line and column, keeping the order of those
// at one place.
func sortByPlace(es ErrorList) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

type errKey struct {
	line, col int
	msg       string
}

// reader holds the state of one Read.
type reader struct {
	file     string
	walk     *yamlsrc.Walker
	errs     ErrorList
	warnings ErrorList       // top-level keys not read
	seen     map[errKey]bool // problems already reported, so a value reached through several aliases is reported once
	tooMany  bool            // more than maxErrors problems were found
}

// decode reads the one YAML document in data and returns its top-level
// node, or nil after reporting why there is none.
func (r *reader) decode(data []byte) *yaml.Node {
	top, err := yamlsrc.Decode(data)
	if err != nil {
		e := err.(*yamlsrc.Error)
		switch e.Kind {
		case yamlsrc.Empty:
			r.errorf(nil, nil, "the file is empty; %s", wantTop)
		case yamlsrc.SecondDocument:
			r.errorf(&yaml.Node{Line: e.Line, Column: e.Column}, nil, "a second YAML document; a case file holds one case")
		default:
			r.errs = append(r.errs, &Error{File: r.file, Line: e.Line, Column: e.Column, Msg: e.Msg})
		}
		return nil
	}
	if top.Kind != yaml.MappingNode {
		r.errorf(top, nil, "%s, not %s", wantTop, yamlsrc.Describe(top))
		return nil
	}
	return top
}

// visit resolves n's aliases and counts it against the budget; ok is false
// once the budget is spent.
func (r *reader) visit(n *yaml.Node) (*yaml.Node, bool) { return r.walk.Visit(n) }

// pairs returns the entries of the mapping n, merge keys expanded.
func (r *reader) pairs(n *yaml.Node, field *path) []yamlsrc.Pair {
	return r.walk.Pairs(n, func(key string, at *yaml.Node, msg string) {
		if key != "" {
			r.errorf(at, field.child(key), "%s", msg)
			return
		}
		r.errorf(at, field, "%s", msg)
	})
}

// errorf records a problem with the value at n (which may be nil).
func (r *reader) errorf(n *yaml.Node, field *path, format string, args ...any) {
	if len(r.errs) >= maxErrors {
		r.tooMany = true
		return
	}
	e := &Error{File: r.file, Msg: fmt.Sprintf(format, args...)}
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

func (r *reader) readCase(top *yaml.Node) *timescale.Case {
	c := &timescale.Case{Facts: map[string]any{}, Child: timescale.Child{Attributes: map[string]any{}}}
	hasID := false
	for _, p := range r.pairs(top, nil) {
		switch p.Key {
		case "case":
			hasID = true
			c.ID = r.readID(p.Value)
		case "child":
			r.readChild(p.Value, &c.Child)
		case "facts":
			r.readNamed(p.Value, (*path)(nil).child("facts"), "a fact", "a mapping of fact names to values (facts: {s47_initiated: true})", c.Facts)
		case "events":
			c.Events = r.readEvents(p.Value)
		case "as_of":
			c.AsOf = r.readAsOf(p.Value)
		default:
			field := (*path)(nil).child(p.Key)
			if s := suggest.Nearest(p.Key, topLevelKeys); s != "" {
				r.errorf(p.KeyNode, field, "unknown key (did you mean %s?)", s)
			} else {
				r.warnings = append(r.warnings, &Error{File: r.file, Line: p.KeyNode.Line, Column: p.KeyNode.Column, Field: field.String(), Msg: unknownKeyWarning})
			}
		}
	}
	if !hasID && !r.walk.Exhausted() {
		r.errorf(top, casePath, "missing: every case file needs the case's id (case: C-1042)")
	}
	return c
}

// readAsOf reads the date a case file is to be evaluated as of.
func (r *reader) readAsOf(n *yaml.Node) time.Time {
	field := (*path)(nil).child("as_of")
	n, ok := r.visit(n)
	if !ok {
		return time.Time{}
	}
	if n.Kind != yaml.ScalarNode || yamlsrc.IsNull(n) {
		r.errorf(n, field, "want a date (as_of: 2024-05-01), not %s", yamlsrc.Describe(n))
		return time.Time{}
	}
	t, dateOnly, err := timescale.ParseTime(n.Value)
	if err != nil || !dateOnly {
		r.errorf(n, field, "want a date (as_of: 2024-05-01), not %q", n.Value)
		return time.Time{}
	}
	return t
}

func (r *reader) readID(n *yaml.Node) string {
	n, ok := r.visit(n)
	if !ok {
		return ""
	}
	const want = "want the case's id, a non-empty string (case: C-1042)"
	if n.Kind != yaml.ScalarNode {
		r.errorf(n, casePath, "%s, not %s", want, yamlsrc.Describe(n))
		return ""
	}
	switch n.ShortTag() {
	case "!!str", "!!int":
	default:
		r.errorf(n, casePath, "%s, not %s", want, yamlsrc.Describe(n))
		return ""
	}
	if strings.TrimSpace(n.Value) == "" {
		r.errorf(n, casePath, "%s, not an empty string", want)
		return ""
	}
	return n.Value
}

func (r *reader) readChild(n *yaml.Node, child *timescale.Child) {
	n, ok := r.visit(n)
	if !ok || yamlsrc.IsNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(n, childPath, "want a mapping (child: {date_of_birth: 2017-05-03}), not %s", yamlsrc.Describe(n))
		return
	}
	for _, p := range r.pairs(n, childPath) {
		field := childPath.child(p.Key)
		if p.Key == "date_of_birth" {
			v, ok := r.visit(p.Value)
			if !ok || yamlsrc.IsNull(v) {
				continue
			}
			if v.Kind != yaml.ScalarNode {
				r.errorf(v, field, "want a date (2017-05-03), not %s", yamlsrc.Describe(v))
				continue
			}
			t, _, err := timescale.ParseTime(v.Value)
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
	n, ok := r.visit(n)
	if !ok || yamlsrc.IsNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(n, field, "want %s, not %s", want, yamlsrc.Describe(n))
		return
	}
	for _, p := range r.pairs(n, field) {
		r.readAttribute(p, field.child(p.Key), what, into)
	}
}

// readAttribute checks p's name and reads its value into into. what is
// "a fact" or "an attribute".
func (r *reader) readAttribute(p yamlsrc.Pair, field *path, what string, into map[string]any) {
	if !timescale.ValidName(p.Key) {
		r.errorf(p.KeyNode, field, "%q is not %s name: write lower case letters, digits and _, not starting with a digit, so that a policy can read it (urgency, s47_initiated)", p.Key, what)
		return
	}
	v, ok := r.value(p.Value, field)
	if ok {
		into[p.Key] = v
	}
}

func (r *reader) readEvents(n *yaml.Node) []timescale.Event {
	n, ok := r.visit(n)
	if !ok || yamlsrc.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, eventsPath, "want a list of events, each with a kind and an at, not %s", yamlsrc.Describe(n))
		return nil
	}
	events := make([]timescale.Event, 0, len(n.Content))
	for i, item := range n.Content {
		if e, ok := r.readEvent(item, eventsPath.item(i)); ok {
			events = append(events, e)
		}
	}
	return events
}

func (r *reader) readEvent(item *yaml.Node, field *path) (timescale.Event, bool) {
	e := timescale.Event{Attributes: map[string]any{}, Line: item.Line}
	n, ok := r.visit(item)
	if !ok {
		return e, false
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(n, field, "want an event, a mapping with a kind and an at ({kind: icpc, at: 2024-03-22}), not %s", yamlsrc.Describe(n))
		return e, false
	}
	const (
		wantKind = "what happened, in snake_case (strategy_discussion)"
		wantAt   = "when it happened, a date (2024-03-04) or a date and time (2024-03-04T10:00:00Z)"
	)
	var hasKind, hasAt bool
	for _, p := range r.pairs(n, field) {
		pf := field.child(p.Key)
		switch p.Key {
		case "kind":
			hasKind = true
			v, ok := r.visit(p.Value)
			if !ok {
				continue
			}
			switch {
			case v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str":
				r.errorf(v, pf, "want %s, not %s", wantKind, yamlsrc.Describe(v))
			case !timescale.ValidKind(v.Value):
				r.errorf(v, pf, "%q is not a kind: write lower case letters, digits and _, starting with a letter (strategy_discussion)", v.Value)
			default:
				e.Kind = v.Value
			}
		case "at":
			hasAt = true
			v, ok := r.visit(p.Value)
			if !ok {
				continue
			}
			if v.Kind != yaml.ScalarNode || yamlsrc.IsNull(v) {
				r.errorf(v, pf, "want %s, not %s", wantAt, yamlsrc.Describe(v))
				continue
			}
			t, dateOnly, err := timescale.ParseTime(v.Value)
			if err != nil {
				r.errorf(v, pf, "%s", err)
				continue
			}
			e.At, e.DateOnly = t, dateOnly
		default:
			r.readAttribute(p, pf, "an attribute", e.Attributes)
		}
	}
	if r.walk.Exhausted() {
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

// path is the path of a value, for Error.Field. It is built as a
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
		case !isIdent(k):
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

// isIdent decides whether a key is written in a path as .key or ["key"]:
// an identifier, [A-Za-z_][A-Za-z0-9_]*.
func isIdent(k string) bool {
	if k == "" || isDigit(k[0]) {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c)) {
			return false
		}
	}
	return true
}
