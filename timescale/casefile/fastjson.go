package casefile

// This file: the fast path for a line of JSON Lines: a strict JSON decoder,
// one pass over the line's bytes, that builds the case directly, giving
// exactly what Read gives the line, or gives up on anything it is not sure
// of, so that Read reads the line and finds what is wrong with it.

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/suggest"
	"github.com/safeguarding/timescales/internal/yamlsrc"
	"github.com/safeguarding/timescales/timescale"
)

// maxFastKey is the longest key, in bytes from its opening quote to its
// colon, that the fast path reads: yaml.v3 refuses a key whose colon is
// more than 1024 characters past its start.
const maxFastKey = 1000

// maxUnknownKeys is the most top-level keys not read that the fast path
// reads a case with; an export adds two or three.
const maxUnknownKeys = 32

// fastLine reads one line of JSON Lines (beginning with {, without its line
// ending) as a case, as readLineSlow would (strings of the case are slices
// of text): the same case, values and
// warnings. ok is false when the line is not a case that the fast path is
// sure of: any JSON that is not valid or that Read refuses, and anything
// Read might read otherwise (a tab or carriage return between tokens, a
// character yaml.v3 reads as a line break, a duplicate key, a very long
// key, values nested too deep, too many values).
func fastLine(name string, line int, text string) (c *timescale.Case, ok bool) {
	d := decoders.Get().(*fastDecoder)
	defer d.release()
	d.s = text
	c, ok = d.readCase(line)
	if !ok || d.pos != len(d.s) {
		return nil, false
	}
	if len(d.unknown) > 0 {
		c.Warnings = make([]string, 0, len(d.unknown))
	}
	for _, w := range d.unknown {
		col := w.at + 1
		if d.nonASCII {
			col = utf8.RuneCountInString(text[:w.at]) + 1
		}
		field := w.key
		if len(field) > 40 || !isIdent(field) { // as path.String writes it; most keys are plain
			field = (*path)(nil).child(w.key).String()
		}
		e := Error{File: name, Line: line, Column: col, Field: field, Msg: unknownKeyWarning}
		c.Warnings = append(c.Warnings, e.Error())
	}
	return c, true
}

// decoders keeps decoders, with their scratch space, for the next line.
var decoders = sync.Pool{New: func() any { return new(fastDecoder) }}

// release readies d for another line, and gives it back.
func (d *fastDecoder) release() {
	clear(d.evs[:cap(d.evs)]) // drop what the case and the line hold
	clear(d.unknown[:cap(d.unknown)])
	*d = fastDecoder{buf: d.buf[:0], evs: d.evs[:0], unknown: d.unknown[:0]}
	if cap(d.buf) > 64<<10 || cap(d.evs) > 1024 {
		return // not kept: a rare line's space
	}
	decoders.Put(d)
}

// fastDecoder is the state of one fastLine.
type fastDecoder struct {
	s        string // the line: strings without escapes are slices of it
	pos      int
	nodes    int  // keys and values read, against yamlsrc.MaxNodes
	nonASCII bool // a string held a character that is not ASCII
	// Scratch space, kept from line to line: for strings with escapes, for
	// the events of a case (copied out once they are counted), for keys
	// not read.
	buf     []byte
	evs     []timescale.Event
	unknown []unknownKey
}

// unknownKey is a top-level key not read, and the offset of its quote.
type unknownKey struct {
	key string
	at  int
}

// readCase reads the case, as reader.readCase does; its events are on line.
func (d *fastDecoder) readCase(line int) (*timescale.Case, bool) {
	c := &timescale.Case{Facts: map[string]any{}, Child: timescale.Child{Attributes: map[string]any{}}, Line: line}
	var seen [5]bool // by topLevelKeys: case, as_of, child, facts, events
	ok := d.object(func(key string, at int) bool {
		which := slices.Index(topLevelKeys, key)
		if which < 0 {
			return d.unknownKey(key, at)
		}
		if seen[which] {
			return false
		}
		seen[which] = true
		switch which {
		case 0:
			id, ok := d.id()
			c.ID = id
			return ok
		case 1:
			s, ok := d.str()
			if !ok {
				return false
			}
			t, dateOnly, ok := parseTime(s)
			c.AsOf = t
			return ok && dateOnly
		case 2:
			return d.child(&c.Child)
		case 3:
			return d.named(c.Facts, 2)
		default:
			return d.events(c, line)
		}
	})
	return c, ok && seen[0]
}

// unknownKey notes a top-level key that is not read, and skips its value;
// it gives up on a near miss of a known key (an error), on a key given
// twice, and (so as to look for those in a short list) on a case with
// more than maxUnknownKeys such keys.
func (d *fastDecoder) unknownKey(key string, at int) bool {
	if len(d.unknown) >= maxUnknownKeys || suggest.Nearest(key, topLevelKeys) != "" {
		return false
	}
	for _, u := range d.unknown {
		if u.key == key {
			return false
		}
	}
	d.unknown = append(d.unknown, unknownKey{key, at})
	_, ok := d.value(1)
	return ok
}

// id reads the case's id: a string not blank, or an integer as written.
func (d *fastDecoder) id() (string, bool) {
	if d.peek() == '"' {
		s, ok := d.str()
		return s, ok && strings.TrimSpace(s) != ""
	}
	if !d.count() {
		return "", false
	}
	text, isInt, ok := d.number()
	if !ok || !isInt {
		return "", false
	}
	if _, err := strconv.ParseInt(text, 10, 64); err != nil {
		if _, err := strconv.ParseUint(text, 10, 64); err != nil {
			return "", false
		}
	}
	return text, true
}

// child reads the child, as reader.readChild does.
func (d *fastDecoder) child(child *timescale.Child) bool {
	if d.null() {
		return true
	}
	seenDOB := false
	return d.object(func(key string, at int) bool {
		if key != "date_of_birth" {
			return d.attribute(child.Attributes, key, 2)
		}
		if seenDOB {
			return false
		}
		seenDOB = true
		if d.null() {
			return true
		}
		s, ok := d.str()
		if !ok {
			return false
		}
		t, _, ok := parseTime(s)
		child.DateOfBirth = calendar.Date(t)
		return ok
	})
}

// named reads a mapping of names to values (the facts) into into; depth is
// that of its values.
func (d *fastDecoder) named(into map[string]any, depth int) bool {
	if d.null() {
		return true
	}
	return d.object(func(key string, at int) bool { return d.attribute(into, key, depth) })
}

// attribute reads the value of a fact or attribute named key into into.
func (d *fastDecoder) attribute(into map[string]any, key string, depth int) bool {
	if !timescale.ValidName(key) {
		return false
	}
	if _, dup := into[key]; dup {
		return false
	}
	v, ok := d.value(depth)
	into[key] = v
	return ok
}

// events reads the events, as reader.readEvents does, each on line.
func (d *fastDecoder) events(c *timescale.Case, line int) bool {
	if d.null() {
		return true
	}
	d.evs = d.evs[:0]
	ok := d.array(func() bool {
		if d.peek() != '{' {
			return false
		}
		e := timescale.Event{Attributes: map[string]any{}, Line: line}
		var hasKind, hasAt bool
		ok := d.object(func(key string, at int) bool {
			switch key {
			case "kind":
				if hasKind {
					return false
				}
				hasKind = true
				s, ok := d.str()
				e.Kind = s
				return ok && timescale.ValidKind(s)
			case "at":
				if hasAt {
					return false
				}
				hasAt = true
				s, ok := d.str()
				if !ok {
					return false
				}
				e.At, e.DateOnly, ok = parseTime(s)
				return ok
			}
			return d.attribute(e.Attributes, key, 3)
		})
		d.evs = append(d.evs, e)
		return ok && hasKind && hasAt
	})
	c.Events = append(make([]timescale.Event, 0, len(d.evs)), d.evs...)
	return ok
}

// value reads any value, as reader.value does; depth is that of its path.
func (d *fastDecoder) value(depth int) (any, bool) {
	switch c := d.peek(); c {
	case '"':
		s, ok := d.str()
		if !ok {
			return nil, false
		}
		if timescale.LooksLikeTime(s) {
			if t, _, err := timescale.ParseTime(s); err == nil {
				return t, true
			}
		}
		return s, true
	case '{':
		if depth > maxDepth {
			return nil, false
		}
		m := map[string]any{}
		return m, d.object(func(key string, at int) bool {
			if _, dup := m[key]; dup {
				return false
			}
			v, ok := d.value(depth + 1)
			m[key] = v
			return ok
		})
	case '[':
		if depth > maxDepth {
			return nil, false
		}
		list := []any{}
		ok := d.array(func() bool {
			v, ok := d.value(depth + 1)
			list = append(list, v)
			return ok
		})
		return list, ok
	}
	if !d.count() {
		return nil, false
	}
	switch {
	case d.literal("true"):
		return true, true
	case d.literal("false"):
		return false, true
	case d.literal("null"):
		return nil, true
	}
	text, isInt, ok := d.number()
	if !ok {
		return nil, false
	}
	if isInt {
		i, err := strconv.ParseInt(text, 10, 64)
		return i, err == nil
	}
	f, err := strconv.ParseFloat(text, 64)
	return f, err == nil
}

// object reads a JSON object, calling each with each key (and its quote's
// offset) with the decoder at the key's value, which each must read.
func (d *fastDecoder) object(each func(key string, at int) bool) bool {
	if !d.count() || d.peek() != '{' {
		return false
	}
	d.pos++
	d.space()
	if d.peek() == '}' {
		d.pos++
		d.space()
		return true
	}
	for {
		at := d.pos
		key, ok := d.str()
		if !ok {
			return false
		}
		if d.peek() != ':' || d.pos-at > maxFastKey {
			return false
		}
		d.pos++
		d.space()
		if !each(key, at) {
			return false
		}
		switch d.peek() {
		case ',':
			d.pos++
			d.space()
		case '}':
			d.pos++
			d.space()
			return true
		default:
			return false
		}
	}
}

// array reads a JSON array, calling each with the decoder at each item,
// which each must read.
func (d *fastDecoder) array(each func() bool) bool {
	if !d.count() || d.peek() != '[' {
		return false
	}
	d.pos++
	d.space()
	if d.peek() == ']' {
		d.pos++
		d.space()
		return true
	}
	for {
		if !each() {
			return false
		}
		switch d.peek() {
		case ',':
			d.pos++
			d.space()
		case ']':
			d.pos++
			d.space()
			return true
		default:
			return false
		}
	}
}

// count counts a key or value against the budget Read's walker has.
func (d *fastDecoder) count() bool {
	d.nodes++
	return d.nodes <= yamlsrc.MaxNodes
}

// peek returns the next byte, or 0 at the end.
func (d *fastDecoder) peek() byte {
	if d.pos < len(d.s) {
		return d.s[d.pos]
	}
	return 0
}

// space skips spaces. Tabs and carriage returns, which JSON allows too,
// are left for Read (yaml.v3 reads a carriage return as a line break).
func (d *fastDecoder) space() {
	for d.pos < len(d.s) && d.s[d.pos] == ' ' {
		d.pos++
	}
}

// null reads null, if it is next, counting it.
func (d *fastDecoder) null() bool {
	if d.literal("null") {
		d.nodes++
		return true
	}
	return false
}

// literal reads word (true, false or null) if it is next.
func (d *fastDecoder) literal(word string) bool {
	if !strings.HasPrefix(d.s[d.pos:], word) {
		return false
	}
	d.pos += len(word)
	d.space()
	return true
}

// number reads a JSON number, strictly (no leading zeros, no + sign, digits
// on both sides of a point), and says whether it is an integer (no
// fraction, no exponent).
func (d *fastDecoder) number() (text string, isInt, ok bool) {
	s, i := d.s, d.pos
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return "", false, false
	}
	isInt = true
	if i < len(s) && s[i] == '.' {
		isInt = false
		i++
		j := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == j {
			return "", false, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		isInt = false
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == j {
			return "", false, false
		}
	}
	text = s[d.pos:i]
	d.pos = i
	d.space()
	return text, isInt, true
}

// str reads a JSON string (a key or a value, counting it), decoding its escapes as Read does: \/ is /, a
// surrogate pair is its character and a lone surrogate U+FFFD. It gives
// up on a character that YAML does not allow, or reads as a line break, or
// that yaml.v3 might read otherwise (U+FEFF).
func (d *fastDecoder) str() (string, bool) {
	if d.peek() != '"' || !d.count() {
		return "", false
	}
	s := d.s
	start := d.pos + 1
	i := start
	for i < len(s) {
		for i < len(s) && plain[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		switch c := s[i]; {
		case c == '"':
			d.pos = i + 1
			d.space()
			return s[start:i], true
		case c == '\\':
			return d.escaped(start, i)
		case c < 0x80:
			return "", false // a control character
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !fastRune(r, size) {
				return "", false
			}
			d.nonASCII = true
			i += size
		}
	}
	return "", false
}

// plain marks the bytes a string holds as they are: ASCII but for
// controls, " and \.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// fastRune reports whether the fast path reads the character r (of size
// bytes, not ASCII) in a string as it is: UTF-8 that YAML allows in a file
// (yamlsrc.Allowed, as the slow path checks it), but for the characters
// yaml.v3 reads as line breaks (NEL, the line and paragraph separators)
// and a byte order mark.
func fastRune(r rune, size int) bool {
	if r == utf8.RuneError && size <= 1 {
		return false // not UTF-8: an error
	}
	return yamlsrc.Allowed(r) && r != 0x85 && r != 0x2028 && r != 0x2029 && r != 0xfeff
}

// escaped reads the rest of a string that has an escape at i, its text
// starting at start.
func (d *fastDecoder) escaped(start, i int) (string, bool) {
	s := d.s
	b := append(d.buf[:0], s[start:i]...)
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			d.buf = b
			d.pos = i + 1
			d.space()
			return string(b), true
		case c == '\\':
			if i+1 >= len(s) {
				return "", false
			}
			switch s[i+1] {
			case '"', '\\', '/':
				b = append(b, s[i+1])
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				if i+6 > len(s) {
					return "", false
				}
				r, ok := hex4(s[i+2 : i+6])
				if !ok {
					return "", false
				}
				i += 6
				switch {
				case r >= 0xd800 && r < 0xdc00:
					if i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
						r = utf8.RuneError
						break
					}
					if r2, ok := hex4(s[i+2 : i+6]); ok && r2 >= 0xdc00 && r2 < 0xe000 {
						r = utf16.DecodeRune(r, r2)
						i += 6
					} else {
						r = utf8.RuneError
					}
				case r >= 0xdc00 && r < 0xe000:
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				return "", false
			}
			i += 2
		case c < 0x20 || c == 0x7f:
			return "", false
		case c < 0x80:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !fastRune(r, size) {
				return "", false
			}
			d.nonASCII = true
			b = append(b, s[i:i+size]...)
			i += size
		}
	}
	return "", false
}

// parseTime reads s as timescale.ParseTime does; ok is false when it
// cannot (the slow path then says why).
func parseTime(s string) (t time.Time, dateOnly, ok bool) {
	t, dateOnly, err := timescale.ParseTime(s)
	return t, dateOnly, err == nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
