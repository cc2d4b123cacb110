package cincensus

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tokens lists a document's tokens as the scanner reads them: "<name",
// ">name" for an end, and text (adjacent texts joined); ok is false when
// it stops on an error.
func scanTokens(data []byte, bufSize int) (out []string, ok bool) {
	s := newScanner(bytes.NewReader(data))
	if bufSize > 0 {
		s.buf = make([]byte, bufSize)
	}
	text := ""
	flush := func() {
		if text != "" {
			out = append(out, "T"+text)
			text = ""
		}
	}
	for {
		kind, _, err := s.next()
		if err != nil {
			return out, false
		}
		switch kind {
		case tokenEOF:
			flush()
			return out, true
		case tokenStart:
			flush()
			out = append(out, "<"+string(s.name))
		case tokenEnd:
			flush()
			out = append(out, ">"+string(s.name))
		case tokenText:
			text += string(s.text)
		}
	}
}

// xmlTokens lists the same as encoding/xml reads them.
func xmlTokens(data []byte) (out []string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	text := ""
	flush := func() {
		if text != "" {
			out = append(out, "T"+text)
			text = ""
		}
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			flush()
			return out, true
		}
		if err != nil {
			return out, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			flush()
			out = append(out, "<"+t.Name.Local)
		case xml.EndElement:
			flush()
			out = append(out, ">"+t.Name.Local)
		case xml.CharData:
			text += string(t)
		}
	}
}

// On every document encoding/xml reads to its end, the scanner reads the
// same elements and text, whatever its buffer size; on any input, it
// neither panics nor hangs.
func FuzzScannerAgreesWithEncodingXML(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		`<a x="1>2" y='<'>t&amp;&lt;&#65;&#x42;<![CDATA[<c>]]>u</a>`,
		"<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"x\">]><a>\r\n<b/><!-- c --></a>",
		`<ns:a xmlns:ns="u"><ns:b>x</ns:b></ns:a>`,
		"<a>&bogus;</a>", "<a>&#0;</a>", "<a", "<a><", "<a></", "</>", "<1a/>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantOK := xmlTokens(data)
		for _, size := range []int{0, 7} {
			got, gotOK := scanTokens(data, size)
			if !wantOK {
				continue // the scanner may read more than encoding/xml; it must not crash
			}
			if !gotOK {
				t.Fatalf("buffer %d: the scanner stops on a document encoding/xml reads: %q", size, data)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Fatalf("buffer %d: %q\n got  %q\n want %q", size, data, got, want)
			}
		}
	})
}

func TestScannerLines(t *testing.T) {
	s := newScanner(strings.NewReader("<a>\n<!-- one\ntwo -->\n<b\n x='1'>t\nu</b>\n</a>"))
	var lines []int
	for {
		kind, line, err := s.next()
		require.NoError(t, err)
		if kind == tokenEOF {
			break
		}
		if kind == tokenStart {
			lines = append(lines, line)
		}
	}
	assert.Equal(t, []int{1, 4}, lines)
}

// A token longer than maxToken is an error, not a buffer without bound.
func TestScannerLongToken(t *testing.T) {
	long := "<a>" + strings.Repeat("x", maxToken+10) + "</a>"
	_, ok := scanTokens([]byte(long), 0)
	assert.False(t, ok)
	s := newScanner(strings.NewReader("<a " + strings.Repeat("b", maxToken+10)))
	_, _, err := s.next()
	assert.ErrorContains(t, err, "longer than")
}
