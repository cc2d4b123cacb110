package yamlsrc

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/bound"
)

// decodeError decodes src and returns its *Error.
func decodeError(t *testing.T, src string) *Error {
	t.Helper()
	_, err := Decode([]byte(src))
	require.Error(t, err, "%q", src)
	var e *Error
	require.True(t, errors.As(err, &e), "%T", err)
	return e
}

// Issue 16, item 8: nothing after the first document is ignored, whether a
// second document follows --- or ..., and even when it is broken or empty.
func TestHostileSecondDocument(t *testing.T) {
	for _, tt := range []struct {
		src  string
		kind ErrorKind
		line int
	}{
		{"a: 1\n---\nb: 2\n", SecondDocument, 2},
		{"a: 1\n...\n---\nb: 2\n", SecondDocument, 3},
		{"a: 1\n...\nb: 2\n", Syntax, 0},
		{"a: 1\n---\n", SecondDocument, 2},
		{"a: 1\n--- # nothing\n", SecondDocument, 2},
		{"a: 1\n---\n[broken\n", Syntax, 0},
		{"a: 1\n...\n[broken\n", Syntax, 0},
	} {
		e := decodeError(t, tt.src)
		assert.Equal(t, tt.kind, e.Kind, "%q: %v", tt.src, e)
		if tt.line > 0 {
			assert.Equal(t, tt.line, e.Line, "%q: %v", tt.src, e)
		}
	}
	// A document end marker with nothing after it ends the one document.
	_, err := Decode([]byte("a: 1\n...\n"))
	assert.NoError(t, err)
}

// Issue 16, item 12: a byte that is not UTF-8, and a character YAML does
// not allow (NUL, other control characters), are reported at their line
// and column, where yaml.v3 names no line.
func TestHostileBadCharacters(t *testing.T) {
	for _, tt := range []struct {
		src, msg     string
		line, column int
	}{
		{"a: 1\nb: \"x\xffy\"\n", "invalid UTF-8: the byte 0xff is not part of a character; save the file as UTF-8", 2, 6},
		{"a: 1\n# \x00\n", "the control character U+0000 is not allowed in YAML", 2, 3},
		{"a: 1\nb: é\x1b[31m\n", "the control character U+001B is not allowed in YAML", 2, 5},
		{"a: 1\nb: \x7f\n", "the control character U+007F is not allowed in YAML", 2, 4},
		{"a: 1\nb: \u0080\n", "the control character U+0080 is not allowed in YAML", 2, 4},
		{"a: 1\nb: \xe2\x82\n", "invalid UTF-8: the byte 0xe2 is not part of a character; save the file as UTF-8", 2, 4},
		{"\xef\xbb\xbfa: \xc0\x80\n", "invalid UTF-8: the byte 0xc0 is not part of a character; save the file as UTF-8", 1, 4},
		{"a: 1\r\nb: \x00\r\n", "the control character U+0000 is not allowed in YAML", 2, 4},
	} {
		e := decodeError(t, tt.src)
		assert.Equal(t, Syntax, e.Kind, "%q", tt.src)
		assert.Equal(t, tt.msg, e.Msg, "%q", tt.src)
		assert.Equal(t, tt.line, e.Line, "%q: line", tt.src)
		assert.Equal(t, tt.column, e.Column, "%q: column", tt.src)
	}
	// What YAML allows still decodes: tabs, CR LF, NEL, a BOM, and UTF-16.
	for _, src := range []string{
		"a: \"x\ty\"\r\nb: 2\n",
		"\xef\xbb\xbfa: 1\n",
		"a: \"\u0085\u00a0\ufeff\U0001F600\"\n",
		"\xff\xfea\x00:\x00 \x001\x00\n\x00",
		"\xfe\xff\x00a\x00:\x00 \x001\x00\n",
	} {
		_, err := Decode([]byte(src))
		assert.NoError(t, err, "%q", src)
	}
}

// Issue 16, item 3: ReadAll reads at most its limit, and says so.
func TestHostileReadAll(t *testing.T) {
	data, err := ReadAll(strings.NewReader("abc"), 3)
	require.NoError(t, err)
	assert.Equal(t, "abc", string(data))

	// An endless stream stops at the limit.
	_, err = ReadAll(iotest.OneByteReader(bound.Endless("y")), 1000)
	var tl *TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, int64(1000), tl.Limit)
	assert.Equal(t, "more than 1000 bytes", err.Error())

	_, err = ReadAll(io.MultiReader(strings.NewReader("ab"), iotest.ErrReader(errors.New("disk on fire"))), 10)
	assert.EqualError(t, err, "disk on fire")
}
