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
	path     []string // the elements open around the decoder's position
	pending  *node    // a Child read by ReadHeader, for Children to map first
	started  bool     // ReadHeader or Children has begun reading
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
				r.fail(line, "the file ends inside <%s>: it is cut off", r.path[len(r.path)-1])
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

// lineOr is the line of the last element read of a subtree, or line.
func (n *node) lineOr(line int) int {
	if n == nil {
		return line
	}
	last := n.line
	for _, k := range n.kids {
		if l := k.lineOr(last); l > last {
			last = l
		}
	}
	return last
}

// subtree reads the element just started (on line), with everything inside
// it. On an error it returns what it read, and the line to report: that of
// the bad token, or for a file that ends, of the last element begun.
func (r *Reader) subtree(line int) (root *node, errLine int, err error) {
	root = &node{name: string(r.sc.name), line: line}
	stack := []*node{root}
	elements := 0
	names := func() []string {
		out := make([]string, len(stack))
		for i, n := range stack {
			out[i] = n.name
		}
		return out
	}
	for {
		kind, l, err := r.sc.next()
		if err != nil {
			if errors.Is(err, errUnexpectedEOF) {
				return root, root.lineOr(line), fmt.Errorf("the file ends inside <%s>: it is cut off", stack[len(stack)-1].name)
			}
			return root, l, errors.New(r.syntaxMessage(err, names()))
		}
		top := stack[len(stack)-1]
		switch kind {
		case tokenEOF:
			return root, root.lineOr(line), fmt.Errorf("the file ends inside <%s>: it is cut off", top.name)
		case tokenStart:
			if elements++; elements > MaxChildElements {
				return root, l, fmt.Errorf("<%s> holds more than %d elements; no child's record is that large", root.name, MaxChildElements)
			}
			if len(stack) >= MaxDepth {
				return root, l, fmt.Errorf("elements nest more than %d deep inside <%s>", MaxDepth, root.name)
			}
			n := &node{name: string(r.sc.name), line: l}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case tokenEnd:
			if string(r.sc.name) != top.name {
				return root, l, fmt.Errorf("</%s> closes <%s> (line %d)", r.sc.name, top.name, top.line)
			}
			top.text = strings.TrimSpace(top.text)
			if top.text != "" && len(top.kids) > 0 {
				top.mixed, top.text = true, ""
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return root, 0, nil
			}
		case tokenText:
			switch {
			case top.text != "":
				top.text += string(r.sc.text)
			case len(bytes.TrimSpace(r.sc.text)) > 0: // the space between elements is not kept
				top.text = string(r.sc.text)
			}
		}
	}
}

func (r *Reader) fail(line int, format string, args ...any) {
	r.err = ErrorList{{File: r.name, Line: line, Msg: fmt.Sprintf(format, args...)}}
}

// syntaxMessage words an error of the XML itself, inside the elements
// open.
func (r *Reader) syntaxMessage(err error, open []string) string {
	if errors.Is(err, errUnexpectedEOF) && len(open) > 0 {
		return fmt.Sprintf("the file ends inside <%s>: it is cut off", open[len(open)-1])
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
