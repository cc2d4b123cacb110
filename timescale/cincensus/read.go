package cincensus

// This file: the stream of XML elements, one child at a time.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/safeguarding/timescales/timescale"
)

// Header is the census file's CollectionDetails.
type Header struct {
	Collection    string    // "CIN"
	Year          int       // the collection year, as the file gives it
	ReferenceDate time.Time // the census date, midnight in London; zero when not given
}

// CollectionStart is the first day of the collection year the census covers:
// 1 April of the year before its ReferenceDate's (1 April 2023 for a
// ReferenceDate of 31 March 2024).
func (h Header) CollectionStart() time.Time {
	if h.ReferenceDate.IsZero() {
		return time.Time{}
	}
	y, m, _ := h.ReferenceDate.Date()
	if m < time.April {
		y--
	}
	return time.Date(y, time.April, 1, 0, 0, 0, 0, h.ReferenceDate.Location())
}

// Child is one child of the census file, as read.
type Child struct {
	// Case is the child's record, nil when the child could not be read.
	Case *timescale.Case
	// ID is the child's LAchildID ("" when it is missing).
	ID string
	// Line is the line of the child's Child element.
	Line int
	// Warnings say what is odd about the child but did not stop it being
	// read.
	Warnings []*Problem
	// Err, an ErrorList, says why the child could not be read.
	Err error
}

// Reader reads a census file.
type Reader struct {
	name     string
	sc       *scanner
	header   Header
	problems []*Problem // about the file as a whole
	err      error
	done     bool
	path     []string          // the elements open around the decoder's position
	pending  *node             // a Child read by ReadHeader, for Children to map first
	started  bool              // ReadHeader or Children has begun reading
	names    map[string]string // element names read, each held once
	// The tree of the element being read: its nodes (the first used of
	// the slab), their texts, and the elements open.
	slab  []*[slabSize]node
	used  int
	arena []byte
	stack []*node
	dates dateCache
}

// NewReader returns a Reader of the census file r; name names it in
// errors.
func NewReader(name string, r io.Reader) *Reader {
	return &Reader{name: name, sc: newScanner(r)}
}

// ReadHeader reads the file up to the end of its Header (the DfE's files
// give it first) and returns it, so a caller can evaluate as of its
// ReferenceDate before reading any child. A file with no Header before its
// first child gives the zero Header. Calling it again, or after Children,
// returns the Header read so far.
func (r *Reader) ReadHeader() Header {
	if !r.started {
		r.started = true
		if n, isChild := r.next(); isChild {
			r.pending = n
		}
	}
	return r.header
}

// Header returns the census's header, once it has been read (by ReadHeader,
// or by Children on the way to the first child).
func (r *Reader) Header() Header { return r.header }

// Warnings returns what is odd about the file as a whole (its header), so
// far.
func (r *Reader) Warnings() []*Problem { return r.problems }

// Err returns why the file could not be read to its end (it is not XML, or
// it is cut off), or nil.
func (r *Reader) Err() error { return r.err }

// MaxChildElements and MaxDepth bound one Child element (or the Header):
// the elements inside it, and how deep they nest. A census child has a few
// dozen elements, nested five deep; a file beyond these bounds is not a
// census, and stops being read at that child, with an error, rather than
// holding it all in memory.
const (
	MaxChildElements = 100_000
	MaxDepth         = 64
)

// node is an element of a child's subtree.
type node struct {
	name string
	line int
	text string
	kids []*node
	// mixed is set when the element held text beside its elements.
	mixed bool
	// broken, on a Child the file ends inside, says so.
	broken *Problem
	// tstart and tend place its text in the Reader's arena while the tree
	// is read (text is set from them at the end).
	tstart, tend int
}

// Children reads the file's children, one at a time. A child that cannot
// be read is yielded with its Err, and reading goes on with the next; a
// file that stops being XML ends the children, with Err set (and, when it
// stops inside a child, that child's Err too).
func (r *Reader) Children() iter.Seq[Child] {
	return func(yield func(Child) bool) {
		r.started = true
		for {
			n := r.pending
			r.pending = nil
			if n == nil {
				var isChild bool
				if n, isChild = r.next(); n == nil {
					return
				}
				if !isChild {
					continue // the Header
				}
			}
			if !yield(r.child(n)) {
				return
			}
		}
	}
}

// next reads on to the next Child element and returns it, with isChild set;
// or to the end of the Header, which it reads into r.header, returning it.
// It returns nil at the end of the file, or when the file cannot be read
// on (r.err says why); a Child the file ends inside is returned with its
// error, as a node with no name.
func (r *Reader) next() (n *node, isChild bool) {
	if r.done {
		return nil, false
	}
	for {
		kind, line, err := r.sc.next()
		if err != nil {
			r.fail(line, "%s", r.syntaxMessage(err, r.path))
			r.done = true
			return nil, false
		}
		switch kind {
		case tokenEOF:
			if len(r.path) > 0 {
				r.fail(line, "%s", cutOffInside(r.path[len(r.path)-1]))
			}
			r.done = true
			return nil, false
		case tokenStart:
			isChild := len(r.path) >= 1 && r.path[len(r.path)-1] == "Children" && string(r.sc.name) == "Child"
			isHeader := len(r.path) == 1 && string(r.sc.name) == "Header"
			if !isChild && !isHeader {
				r.path = append(r.path, string(r.sc.name))
				continue
			}
			n, errLine, err := r.subtree(line)
			switch {
			case err != nil && isChild:
				// The file stops being readable inside this child:
				// neither the child nor the rest of the file is read.
				p := &Problem{File: r.name, Line: errLine, Child: childID(n), Msg: err.Error()}
				r.err = ErrorList{p}
				r.done = true
				return &node{line: line, broken: p}, true
			case err != nil:
				r.fail(errLine, "%s", err)
				r.done = true
				return nil, false
			case isHeader:
				r.readHeader(n)
			}
			return n, isChild
		case tokenEnd:
			if len(r.path) > 0 {
				r.path = r.path[:len(r.path)-1]
			}
		}
	}
}

// subtree reads the element just started (on line), with everything inside
// it. On an error it returns what it read, and the line to report: that of
// the bad token, or for a file that ends, of the last element begun.
//
// Its nodes come from the Reader's slab, and their texts from one string
// made at the end: the tree is good until the next call, by when the
// child it holds has been mapped.
func (r *Reader) subtree(line int) (root *node, errLine int, err error) {
	r.used = 0
	r.arena = r.arena[:0]
	root = r.newNode(r.intern(r.sc.name), line)
	defer r.setTexts()
	stack := append(r.stack[:0], root)
	defer func() { r.stack = stack[:0] }()
	elements := 0
	last := line // the line of the last element begun, where a cut-off file is reported
	for {
		kind, l, err := r.sc.next()
		switch {
		case errors.Is(err, errUnexpectedEOF), err == nil && kind == tokenEOF:
			return root, last, errors.New(cutOffInside(stack[len(stack)-1].name))
		case err != nil:
			return root, l, errors.New(r.syntaxMessage(err, nil)) // not the end of the file: not XML
		}
		top := stack[len(stack)-1]
		switch kind {
		case tokenStart:
			if elements++; elements > MaxChildElements {
				return root, l, fmt.Errorf("<%s> holds more than %d elements; no child's record is that large", root.name, MaxChildElements)
			}
			if len(stack) >= MaxDepth {
				return root, l, fmt.Errorf("elements nest more than %d deep inside <%s>", MaxDepth, root.name)
			}
			n := r.newNode(r.intern(r.sc.name), l)
			last = l
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case tokenEnd:
			if string(r.sc.name) != top.name {
				return root, l, fmt.Errorf("</%s> closes <%s> (line %d)", r.sc.name, top.name, top.line)
			}
			if top.hasText() && len(top.kids) > 0 {
				top.mixed = true
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return root, 0, nil
			}
		case tokenText:
			t := r.sc.text
			switch {
			case top.tstart == top.tend:
				if len(bytes.TrimSpace(t)) == 0 {
					break // the space between elements is not kept
				}
				top.tstart = len(r.arena)
				r.arena = append(r.arena, t...)
				top.tend = len(r.arena)
			case top.tend == len(r.arena):
				r.arena = append(r.arena, t...) // text split by a comment
				top.tend = len(r.arena)
			case len(bytes.TrimSpace(t)) > 0:
				top.mixed = true // text on both sides of an element
			}
		}
	}
}

// newNode returns a node from the slab, emptied.
func (r *Reader) newNode(name string, line int) *node {
	if r.used == len(r.slab)*slabSize {
		r.slab = append(r.slab, new([slabSize]node))
	}
	n := &r.slab[r.used/slabSize][r.used%slabSize]
	r.used++
	*n = node{name: name, line: line, kids: n.kids[:0]}
	return n
}

// slabSize is how many nodes the slab makes at a time.
const slabSize = 256

// hasText reports whether the node holds text: only text that is more
// than space starts one (subtree), so any is.
func (n *node) hasText() bool { return n.tend > n.tstart }

// setTexts gives each node of the tree just read its text, trimmed, as a
// piece of one string; a node with text beside its elements has none.
func (r *Reader) setTexts() {
	all := string(r.arena)
	for i := range r.used {
		n := &r.slab[i/slabSize][i%slabSize]
		if n.mixed || n.tend == n.tstart {
			continue
		}
		n.text = strings.TrimSpace(all[n.tstart:n.tend])
	}
}

// intern returns name as a string, the same string for every element of
// that name: a census names a few dozen kinds of element, millions of times.
func (r *Reader) intern(name []byte) string {
	if s, ok := r.names[string(name)]; ok {
		return s
	}
	if r.names == nil {
		r.names = map[string]string{}
	}
	if len(r.names) >= maxNames {
		return string(name) // a file of made-up names: stop holding them
	}
	s := string(name)
	r.names[s] = s
	return s
}

// maxNames bounds the element names intern holds.
const maxNames = 4096

func (r *Reader) fail(line int, format string, args ...any) {
	r.err = ErrorList{{File: r.name, Line: line, Msg: fmt.Sprintf(format, args...)}}
}

// cutOffInside words a file that ends inside an element.
func cutOffInside(element string) string {
	return "the file ends inside <" + element + ">: it is cut off"
}

// syntaxMessage words an error of the XML itself, inside the elements
// open.
func (r *Reader) syntaxMessage(err error, open []string) string {
	if errors.Is(err, errUnexpectedEOF) && len(open) > 0 {
		return cutOffInside(open[len(open)-1])
	}
	if errors.Is(err, errUnexpectedEOF) {
		return "the file ends inside a tag: it is cut off"
	}
	return "not XML: " + err.Error()
}

// readHeader reads the Header element's CollectionDetails.
func (r *Reader) readHeader(h *node) {
	cd := h.kid("CollectionDetails")
	if cd == nil {
		r.problems = append(r.problems, &Problem{File: r.name, Line: h.line, Element: "Header", Msg: "no CollectionDetails: the ReferenceDate is not known"})
		return
	}
	if c := cd.kid("Collection"); c != nil {
		r.header.Collection = c.text
	}
	if y := cd.kid("Year"); y != nil {
		fmt.Sscan(y.text, &r.header.Year)
	}
	if d := cd.kid("ReferenceDate"); d != nil {
		t, err := parseDate(d.text)
		if err != nil {
			r.problems = append(r.problems, &Problem{File: r.name, Line: d.line, Element: "ReferenceDate", Msg: err.Error()})
			return
		}
		r.header.ReferenceDate = t
		if r.header.Year != 0 && r.header.Year != t.Year() {
			r.problems = append(r.problems, &Problem{File: r.name, Line: d.line, Element: "ReferenceDate",
				Msg: fmt.Sprintf("the header's Year is %d but its ReferenceDate is %s (the DfE expects 31 March of the Year)", r.header.Year, d.text)})
		}
	}
}

// kid returns the first child element named name, or nil.
func (n *node) kid(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// all returns the child elements named name.
func (n *node) all(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// childID is a child's LAchildID, or "".
func childID(n *node) string {
	if n == nil {
		return ""
	}
	if ids := n.kid("ChildIdentifiers"); ids != nil {
		if id := ids.kid("LAchildID"); id != nil {
			return id.text
		}
	}
	return ""
}
