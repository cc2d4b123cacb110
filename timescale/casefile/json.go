package casefile

// This file: case files written as JSON: checked to be strict JSON, then
// rewritten where yaml.v3 reads JSON's escapes differently.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

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
func (r *reader) checkJSON(data []byte) *Error {
	body := bytes.TrimPrefix(data, utf8BOM)
	if json.Valid(body) { // the same check Unmarshal makes, without copying the body
		return nil
	}
	base := len(data) - len(body)
	err := json.Unmarshal(body, new(json.RawMessage)) // for the error, with its offset
	if err == nil {
		return nil
	}
	e := &Error{File: r.file, Msg: "invalid JSON: " + err.Error()}
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

// hex4 reads four hexadecimal digits (of an escape \uXXXX).
func hex4[T string | []byte](b T) (rune, bool) {
	if len(b) != 4 {
		return 0, false
	}
	var r rune
	for i := range 4 {
		switch c := b[i]; {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
