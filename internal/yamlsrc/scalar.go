package yamlsrc

// This file: located scalars, and positions inside their decoded text.

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// File is one file's name and lines, for positions and for showing the line
// a problem is on.
type File struct {
	Name  string
	lines []string
}

// NewFile splits data into lines.
func NewFile(name string, data []byte) *File {
	return &File{Name: name, lines: strings.Split(string(data), "\n")}
}

// Line returns the text of line n (from 1) without its line ending, or ""
// when there is no such line.
func (f *File) Line(n int) string {
	if f == nil || n < 1 || n > len(f.lines) {
		return ""
	}
	return strings.TrimRight(f.lines[n-1], "\r")
}

// Lines returns the number of lines.
func (f *File) Lines() int { return len(f.lines) }

// Scalar is a single value as written, with where it was written. The zero
// Scalar is a key that is absent.
type Scalar struct {
	Value string
	// Line and Column are the value's position (for a quoted value, its
	// opening quote), from 1.
	Line, Column int
	style        yaml.Style
	file         *File
}

// ScalarOf returns the located scalar of a scalar node of f.
func ScalarOf(f *File, n *yaml.Node) Scalar {
	return Scalar{Value: n.Value, Line: n.Line, Column: n.Column, style: n.Style, file: f}
}

// At returns a Scalar of f at n's position with no value: for a value that
// is not a scalar, so that problems with it can be reported where it is.
func At(f *File, n *yaml.Node) Scalar {
	return Scalar{Line: n.Line, Column: n.Column, file: f}
}

// Set reports whether the scalar was given.
func (s Scalar) Set() bool { return s.Line > 0 }

// File returns the file the scalar was read from.
func (s Scalar) File() *File { return s.file }

// Source returns the text of the scalar's first line.
func (s Scalar) Source() string { return s.file.Line(s.Line) }

// At maps a position inside the decoded value, as an expression checker
// reports it (line from 1, column from 0, in characters of the decoded
// text), to the file's line and column (from 1, in characters). It sees
// through the quotes, the escapes of a double-quoted value (\" and \u00e9
// are each one character of the value but several of the file), the ”
// of a single-quoted one, the folding of a value written over several
// lines, and the indentation of a | or > block.
func (s Scalar) At(line, col int) (int, int) {
	if !s.Set() || s.file == nil {
		return s.Line, s.Column
	}
	if s.style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		// The text starts on the line after the | or >, at the block's
		// indentation, which its first line sets.
		first := s.file.Line(s.Line + 1)
		indent := len(first) - len(strings.TrimLeft(first, " "))
		return s.Line + line, indent + col + 1
	}
	// The offset, in characters, of the position in the decoded value.
	offset := 0
	rest := s.Value
	for l := 1; l < line; l++ {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		offset += utf8.RuneCountInString(rest[:i]) + 1
		rest = rest[i+1:]
	}
	offset += col
	return s.rawPosition(offset)
}

// rawPosition walks the file's text of a flow value (plain, single- or
// double-quoted) as YAML decodes it, and returns where the decoded
// character at offset was written. An offset at or past the end maps to
// just after the last character decoded.
func (s Scalar) rawPosition(offset int) (int, int) {
	quote := rune(0)
	switch {
	case s.style&yaml.DoubleQuotedStyle != 0:
		quote = '"'
	case s.style&yaml.SingleQuotedStyle != 0:
		quote = '\''
	}
	total := utf8.RuneCountInString(s.Value)
	decoded := 0
	line := s.Line
	start := s.Column - 1 // 0-based, in characters
	if quote != 0 {
		start++
	}
	lastLine, lastCol := line, start+1
	continued := false // the previous line ended in an escaped line break
	for line <= s.file.Lines() {
		text := []rune(s.file.Line(line))
		i := start
		if line != s.Line {
			for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
				i++
			}
		}
		for i < len(text) {
			if decoded >= total {
				return line, i + 1
			}
			r := text[i]
			width := 1
			switch {
			case quote == '"' && r == '\\':
				if i+1 >= len(text) {
					// An escaped line break: nothing decoded, and the next
					// line's indentation is dropped.
					i = len(text)
					continued = true
					continue
				}
				switch text[i+1] {
				case 'x':
					width = 4
				case 'u':
					width = 6
				case 'U':
					width = 10
				default:
					width = 2
				}
			case quote == '\'' && r == '\'' && i+1 < len(text) && text[i+1] == '\'':
				width = 2
			case quote != 0 && r == quote:
				// The closing quote.
				return line, i + 1
			case r == ' ' || r == '\t':
				if strings.TrimRight(string(text[i:]), " \t") == "" {
					// Trailing white space before a line break is folded
					// away.
					i = len(text)
					continue
				}
			}
			if decoded >= offset {
				return line, i + 1
			}
			decoded++
			lastLine, lastCol = line, i+1
			i += width
		}
		switch {
		case decoded >= total:
			return lastLine, lastCol + 1
		case decoded >= offset && !continued:
			// The character is the line break's fold.
			return line, len(text) + 1
		}
		// A line break: one space, or a line feed for each empty line that
		// follows; nothing after an escaped line break.
		next := line + 1
		empty := 0
		for next <= s.file.Lines() && strings.TrimSpace(s.file.Line(next)) == "" {
			empty++
			next++
		}
		switch {
		case continued:
			// The escaped break folded to nothing; empty lines still count.
			decoded += empty
		case empty == 0:
			decoded++
		default:
			decoded += empty
		}
		continued = false
		if decoded > offset {
			return line, len(text) + 1
		}
		line, start = next, 0
	}
	return lastLine, lastCol
}
