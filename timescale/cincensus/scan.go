package cincensus

// This file: the XML tokens of a census file, read fast.
//
// A census file is plain XML: elements, text, perhaps comments, a
// declaration and CDATA. encoding/xml reads it at about 20 MB a second,
// slower than the engine evaluates the children; this tokenizer reads the
// same documents several times faster, in constant memory, and
// FuzzScannerAgreesWithEncodingXML checks that it gives the same elements
// and text as encoding/xml on every document encoding/xml accepts.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// maxToken bounds a single tag, text or comment, so that no input makes the
// reader hold more than this much of it at once.
const maxToken = 1 << 20

type tokenKind uint8

const (
	tokenEOF tokenKind = iota
	tokenStart
	tokenEnd
	tokenText
)

// scanner reads XML tokens from r. After next, name holds a start or end
// tag's local name (without a namespace prefix) and text a text token's
// characters, entities replaced; both are valid until the following call.
type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	readErr  error
	line     int // the line of buf[pos]
	name     []byte
	text     []byte
	own      []byte // text's own buffer, when it is not a piece of buf
	closeTag []byte // the name of a self-closing element, to end it next
	tooLong  bool   // a token was longer than maxToken
}

// cutOff is the error when a token does not end: the input ended, or the
// token is too long to hold.
func (s *scanner) cutOff() error {
	if s.tooLong {
		return fmt.Errorf("a tag, text or comment longer than %d bytes", maxToken)
	}
	if s.readErr != nil {
		return s.readErr
	}
	return errUnexpectedEOF
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 64<<10), line: 1}
}

// fill reads more of the input, keeping buf[pos:end]; it returns false at
// the end of the input (or on a read error, kept in readErr).
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxToken+64<<10 {
			s.tooLong = true
			return false
		}
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.readErr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// upTo returns the index in buf of the first delim at or after buf[from],
// reading more as needed; -1 when the input ends first or the token would
// be longer than maxToken.
func (s *scanner) upTo(from int, delim []byte) int {
	for {
		if i := bytes.Index(s.buf[from:s.end], delim); i >= 0 {
			return from + i
		}
		// Search again from just before the end, in case delim is split.
		keep := max(0, s.end-from-len(delim)+1)
		off := from - s.pos + keep
		if s.end-s.pos > maxToken {
			s.tooLong = true
			return -1
		}
		if !s.fill() {
			return -1
		}
		from = s.pos + off
	}
}

// has reports whether the unread input starts with p, reading more if
// needed.
func (s *scanner) has(p string) bool {
	i := s.pos
	return s.startsAt(&i, p)
}

// advance moves past n bytes, counting lines.
func (s *scanner) advance(n int) {
	s.line += bytes.Count(s.buf[s.pos:s.pos+n], []byte{'\n'})
	s.pos += n
}

var errUnexpectedEOF = errors.New("unexpected EOF")

// next reads the next token, returning the line it starts on.
func (s *scanner) next() (tokenKind, int, error) {
	if s.closeTag != nil {
		s.name, s.closeTag = s.closeTag, nil
		return tokenEnd, s.line, nil
	}
	for {
		line := s.line
		if s.pos == s.end && !s.fill() {
			if s.readErr != nil {
				return tokenEOF, line, s.readErr
			}
			return tokenEOF, line, nil
		}
		if s.buf[s.pos] != '<' {
			return tokenText, line, s.charData()
		}
		if s.end-s.pos < 2 {
			s.fill()
		}
		if s.end-s.pos >= 2 && isNameStart(s.buf[s.pos+1]) {
			return tokenStart, line, s.startTag() // the common case, first
		}
		switch {
		case s.has("<!--"):
			if err := s.skipPast(4, "-->"); err != nil {
				return tokenEOF, line, err
			}
			continue
		case s.has("<![CDATA["):
			i := s.upTo(s.pos+9, []byte("]]>"))
			if i < 0 {
				return tokenEOF, line, s.cutOff()
			}
			s.text = append(s.own[:0], s.buf[s.pos+9:i]...)
			s.own = s.text[:0]
			s.advance(i + 3 - s.pos)
			if !utf8.Valid(s.text) {
				return tokenEOF, line, errors.New("invalid UTF-8")
			}
			return tokenText, line, nil
		case s.has("<?"):
			if err := s.skipPast(2, "?>"); err != nil {
				return tokenEOF, line, err
			}
			continue
		case s.has("<!"):
			if err := s.skipDirective(); err != nil {
				return tokenEOF, line, err
			}
			continue
		case s.has("</"):
			i := s.upTo(s.pos+2, []byte(">"))
			if i < 0 {
				return tokenEOF, line, s.cutOff()
			}
			name := bytes.TrimRight(s.buf[s.pos+2:i], " \t\r\n")
			if !validName(name) {
				return tokenEOF, line, errors.New("expected element name after </")
			}
			s.name = append(s.name[:0], localName(name)...)
			s.advance(i + 1 - s.pos)
			return tokenEnd, line, nil
		default:
			return tokenStart, line, s.startTag()
		}
	}
}

// skipPast moves past the first delim after the from bytes of the token
// (a comment's "<!--", a declaration's "<?").
func (s *scanner) skipPast(from int, delim string) error {
	i := s.upTo(s.pos+from, []byte(delim))
	if i < 0 {
		return s.cutOff()
	}
	s.advance(i + len(delim) - s.pos)
	return nil
}

// startTag reads <name attr="value" ...> or <name .../>.
func (s *scanner) startTag() error {
	i := s.pos + 1
	// The name runs to a space, '/' or '>'.
	for {
		for i < s.end && !isNameEnd(s.buf[i]) {
			i++
		}
		if i < s.end {
			break
		}
		if err := s.more(&i); err != nil {
			return err
		}
	}
	name := s.buf[s.pos+1 : i]
	if !validName(name) {
		return errors.New("expected element name after <")
	}
	s.name = append(s.name[:0], localName(name)...)
	// Attributes: skipped, minding quoted values (which may hold '>').
	c, err := s.unquoted(&i)
	switch {
	case err != nil:
		return err
	case c == '<':
		return errors.New("unexpected < in a tag")
	}
	self := s.buf[i-1] == '/' && i-1 > s.pos+len(name)
	s.advance(i + 1 - s.pos)
	if self {
		s.closeTag = append([]byte(nil), s.name...)
	}
	return nil
}

// unquoted moves *i on to the next '<' or '>' outside quoted values, from
// buf[*i], reading more as needed, and returns it.
func (s *scanner) unquoted(i *int) (byte, error) {
	var quote byte
	for {
		for ; *i < s.end; *i++ {
			switch c := s.buf[*i]; {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '<' || c == '>':
				return c, nil
			}
		}
		if err := s.more(i); err != nil {
			return 0, err
		}
	}
}

// more reads more of the input for a token being scanned at buf[*i],
// keeping *i at the same byte; it fails when the input ends first or the
// token grows too long.
func (s *scanner) more(i *int) error {
	off := *i - s.pos
	if off > maxToken {
		s.tooLong = true
	}
	if s.tooLong || !s.fill() {
		return s.cutOff()
	}
	*i = s.pos + off
	return nil
}

// skipDirective skips <!DOCTYPE ...> and the like, with any nested <...>
// and comments, as encoding/xml does (which does not look at the first
// character after "<!").
func (s *scanner) skipDirective() error {
	depth, i := 0, s.pos+3
	for ; ; i++ {
		c, err := s.unquoted(&i)
		switch {
		case err != nil:
			return err
		case c == '<' && s.startsAt(&i, "<!--"):
			j := s.upTo(i+4, []byte("-->"))
			if j < 0 {
				return s.cutOff()
			}
			i = j + 2 // then past the '>'
		case c == '<':
			depth++
		case depth == 0:
			s.advance(i + 1 - s.pos)
			return nil
		default:
			depth--
		}
	}
}

// startsAt reports whether buf[*i:] starts with p, reading more as needed;
// *i is kept at the same byte of the input.
func (s *scanner) startsAt(i *int, p string) bool {
	for s.end-*i < len(p) {
		off := *i - s.pos
		if !s.fill() {
			*i = s.pos + off
			return false
		}
		*i = s.pos + off
	}
	return string(s.buf[*i:*i+len(p)]) == p
}

// charData reads text up to the next '<' (or the end of the input),
// replacing entities and line ends as XML does.
func (s *scanner) charData() error {
	i := s.pos
	for {
		if j := bytes.IndexByte(s.buf[i:s.end], '<'); j >= 0 {
			i += j
			break
		}
		off := s.end - s.pos
		if off > maxToken {
			s.tooLong = true
			return s.cutOff()
		}
		if !s.fill() {
			if s.tooLong {
				return s.cutOff()
			}
			i = s.end
			break
		}
		i = s.pos + off
	}
	if i-s.pos > maxToken {
		s.tooLong = true
		return s.cutOff()
	}
	err := s.decodeText(s.buf[s.pos:i])
	s.advance(i - s.pos)
	return err
}

// decodeText sets text to raw with its entities replaced, "\r\n" and a
// lone "\r" read as "\n".
func (s *scanner) decodeText(raw []byte) error {
	if bytes.IndexAny(raw, "&\r") < 0 && isASCII(raw) {
		s.text = raw // as it is: good until the next token is read
		return nil
	}
	s.text = s.own[:0]
	defer func() { s.own = s.text[:0] }()
	for len(raw) > 0 {
		i := bytes.IndexAny(raw, "&\r")
		if i < 0 {
			s.text = append(s.text, raw...)
			break
		}
		s.text = append(s.text, raw[:i]...)
		raw = raw[i:]
		if raw[0] == '\r' {
			s.text = append(s.text, '\n')
			raw = raw[1:]
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			}
			continue
		}
		end := bytes.IndexByte(raw, ';')
		if end < 0 || end > 12 {
			return errors.New("invalid character entity (no semicolon)")
		}
		ent := string(raw[1:end])
		switch ent {
		case "lt":
			s.text = append(s.text, '<')
		case "gt":
			s.text = append(s.text, '>')
		case "amp":
			s.text = append(s.text, '&')
		case "apos":
			s.text = append(s.text, '\'')
		case "quot":
			s.text = append(s.text, '"')
		default:
			r, ok := charRef(ent)
			if !ok {
				return fmt.Errorf("invalid character entity &%s;", ent)
			}
			s.text = utf8.AppendRune(s.text, r)
		}
		raw = raw[end+1:]
	}
	if !utf8.Valid(s.text) {
		return errors.New("invalid UTF-8")
	}
	return nil
}

// isASCII reports whether b is all ASCII (and so valid UTF-8).
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// charRef reads "#65" or "#x41".
func charRef(ent string) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if ent[1] == 'x' {
		n, err = strconv.ParseUint(ent[2:], 16, 32)
	} else {
		n, err = strconv.ParseUint(ent[1:], 10, 32)
	}
	r := rune(n)
	if err != nil || !isXMLChar(r) {
		return 0, false
	}
	return r, true
}

// isXMLChar reports whether r may appear in an XML document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// isNameStart reports whether c can begin an element's name.
func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

// isNameEnd reports whether c ends an element's name in a tag.
func isNameEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>'
}

// validName reports whether name can name an element: a letter, '_' or ':'
// (or any non-ASCII character) first, then those, digits, '.' and '-'.
func validName(name []byte) bool {
	if len(name) == 0 {
		return false
	}
	for i, c := range name {
		switch {
		case isNameStart(c):
		case i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// localName is name without its namespace prefix ("cin:Child" is
// "Child"), as encoding/xml splits it: at its one colon, when there is
// something either side.
func localName(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i > 0 && i < len(name)-1 {
		return name[i+1:]
	}
	return name
}
