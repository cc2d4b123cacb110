package yamlsrc

// This file: decoding a file's text into one YAML document.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// ErrorKind says what kind of problem a decoding Error is.
type ErrorKind int

// The kinds of decoding problem.
const (
	// Syntax: the text is not YAML.
	Syntax ErrorKind = iota
	// Empty: the file holds no document, or a document with no value.
	Empty
	// SecondDocument: the file holds a second document after the first.
	SecondDocument
)

// Error is a file that cannot be decoded as one YAML document.
type Error struct {
	Kind ErrorKind
	// Line and Column are where the problem is, from 1; 0 when not known.
	Line, Column int
	// Msg is yaml.v3's description of a syntax error, without its
	// "yaml: line N:" prefix; empty for the other kinds.
	Msg string
}

// Error says what is wrong, after the line and column when they are known.
func (e *Error) Error() string {
	switch e.Kind {
	case Empty:
		return "the file is empty"
	case SecondDocument:
		return "a second YAML document"
	}
	if e.Line > 0 && e.Column > 0 {
		return "line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) + ": " + e.Msg
	}
	if e.Line > 0 {
		return "line " + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.Msg
}

// syntaxLine picks the line out of a yaml.v3 syntax error.
var syntaxLine = regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`)

// Decode reads the one YAML document in data and returns its top value,
// with an alias at the top resolved. It fails with an *Error when data is
// not YAML, holds no value, or holds a second document (even a broken one:
// nothing after the first document is ignored). A byte that is not UTF-8,
// and a character YAML does not allow (NUL and the other control
// characters but tab, line feed, carriage return and NEL), fail with the
// line and column where they are, which yaml.v3 does not give.
func Decode(data []byte) (*yaml.Node, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Kind: Empty}
		}
		return nil, syntaxError(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, &Error{Kind: SecondDocument, Line: next.Line, Column: next.Column}
	case !errors.Is(err, io.EOF):
		return nil, syntaxError(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &Error{Kind: Empty}
	}
	top := Resolve(doc.Content[0])
	if top == nil || IsNull(top) {
		return nil, &Error{Kind: Empty}
	}
	return top, nil
}

// checkText finds the first byte of a UTF-8 file that is not part of a
// character, or the first character YAML does not allow, and reports where
// it is. A file in UTF-16 (with its byte order mark) is left to yaml.v3.
func checkText(data []byte) *Error {
	if bytes.HasPrefix(data, []byte{0xfe, 0xff}) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) {
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	line, start := 1, 0 // start is the offset of the line's first byte
	for i := 0; i < len(data); {
		c := data[i]
		if c == '\n' {
			line, start = line+1, i+1
			i++
			continue
		}
		if c >= 0x20 && c < 0x7f || c == '\t' || c == '\r' {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		col := utf8.RuneCount(data[start:i]) + 1
		switch {
		case r == utf8.RuneError && size <= 1:
			return &Error{Kind: Syntax, Line: line, Column: col, Msg: fmt.Sprintf("invalid UTF-8: the byte 0x%02x is not part of a character; save the file as UTF-8", c)}
		case !Allowed(r):
			return &Error{Kind: Syntax, Line: line, Column: col, Msg: fmt.Sprintf("the control character %U is not allowed in YAML", r)}
		}
		i += size
	}
	return nil
}

// Allowed reports whether YAML allows r in a file (YAML 1.2, 5.1, as
// yaml.v3 checks it).
func Allowed(r rune) bool {
	switch {
	case r == 0x09, r == 0x0a, r == 0x0d, r >= 0x20 && r <= 0x7e, r == 0x85:
		return true
	case r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd, r >= 0x10000 && r <= 0x10ffff:
		return true
	}
	return false
}

func syntaxError(err error) *Error {
	msg := err.Error()
	if m := syntaxLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Kind: Syntax, Line: line, Msg: m[2]}
	}
	return &Error{Kind: Syntax, Msg: strings.TrimPrefix(msg, "yaml: ")}
}

// Resolve follows aliases to the node they name (at most 100 in a row).
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// IsNull reports whether n is a null scalar (~, null, or nothing).
func IsNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// Describe says what kind of value n is, for messages: "a mapping", "a
// list", "null", "true", "the number 3", "the string \"x\"", "the date
// 2024-03-04".
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!bool":
			return n.Value
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!str":
			return "the string " + strconv.Quote(n.Value)
		case "!!timestamp":
			return "the date " + n.Value
		default:
			return strconv.Quote(n.Value)
		}
	}
	return "an unknown value"
}
