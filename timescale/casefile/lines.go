package casefile

// This file: caseloads of JSON Lines, one case a line.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/safeguarding/timescales/internal/yamlsrc"
	"github.com/safeguarding/timescales/timescale"
)

// MaxLineSize is the default bound on one case of a JSON Lines stream: 16
// MiB. WithMaxLineSize changes it.
const MaxLineSize = 16 << 20

// ReadLines reads a stream of cases as JSON Lines: one case, as a JSON
// object, a line; blank lines are skipped, and so is a byte order mark at
// the start. It yields each case, with its Line (and its events') set to
// its line of the stream, or for a line that is not a case an error naming
// it as name:LINE:COLUMN, and goes on with the next line. A line longer
// than MaxLineSize (or WithMaxLineSize's limit) is such an error: it is
// skipped without being held in memory, and the lines after it are read.
// A stream that cannot be read ends with its error.
//
// Each line gives what Read gives it, as a file of its own, warnings and
// all (their places moved to the line); a valid line is decoded without
// yaml.v3, and only a line with something wrong with it (or that Read
// might read otherwise: a tab between tokens, say) is read by Read.
func ReadLines(name string, r io.Reader, opts ...Option) iter.Seq2[*timescale.Case, error] {
	return func(yield func(*timescale.Case, error) bool) {
		for read := range Lines(name, r, opts...) {
			c, err := read()
			var blank *BlankLine
			if errors.As(err, &blank) {
				continue
			}
			if !yield(c, err) {
				return
			}
		}
	}
}

// BlankLine is what Lines gives for a line with nothing but spaces on it
// (or a byte order mark alone): not a case, and not a problem, but a line
// that a caller writing one output line per input line has to count.
type BlankLine struct {
	File string
	Line int
}

// Error returns "file:line: blank line".
func (b *BlankLine) Error() string { return fmt.Sprintf("%s:%d: blank line", b.File, b.Line) }

// Lines reads a stream of JSON Lines as ReadLines does, but yields for each
// line a function that decodes it (the line's bytes are copied, so it may
// be called later, on any goroutine, once): for rules.Policy.EvaluateEach,
// which decodes each case on the worker that evaluates it. A blank line
// gives a *BlankLine error, so that every line of the stream has its item.
// A stream that cannot be read ends with a function that returns its
// error.
func Lines(name string, r io.Reader, opts ...Option) iter.Seq[func() (*timescale.Case, error)] {
	o := options(opts)
	return func(yield func(func() (*timescale.Case, error)) bool) {
		lines := lineReader{r: bufio.NewReaderSize(r, 64<<10), max: o.maxLine}
		for {
			data, line, tooLong, err := lines.next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					yield(func() (*timescale.Case, error) { return nil, err })
				}
				return
			}
			if tooLong {
				msg := fmt.Sprintf("the line is longer than %s, the most a case of JSON Lines may be (casefile.WithMaxLineSize changes it)", yamlsrc.Size(int64(o.maxLine)))
				if !yield(func() (*timescale.Case, error) { return nil, ErrorList{{File: name, Line: line, Msg: msg}} }) {
					return
				}
				continue
			}
			if line == 1 {
				data = bytes.TrimPrefix(data, utf8BOM)
			}
			data = bytes.TrimSpace(data)
			if len(data) == 0 {
				if !yield(func() (*timescale.Case, error) { return nil, &BlankLine{File: name, Line: line} }) {
					return
				}
				continue
			}
			text := string(data) // a copy, which the case's strings share
			if !yield(func() (*timescale.Case, error) { return readLine(name, line, text, o) }) {
				return
			}
		}
	}
}

// readLine reads one line of JSON Lines, not blank, as a case: by
// fastLine, or when fastLine is not sure of the line, by Read, which finds
// every problem with its line and column.
func readLine(name string, line int, text string, o limits) (*timescale.Case, error) {
	if text[0] != '{' {
		return nil, ErrorList{{File: name, Line: line, Column: 1, Msg: "want a case as a JSON object ({\"case\": ...}) on each line"}}
	}
	if c, ok := fastLine(name, line, text); ok {
		return c, nil
	}
	return readLineSlow(name, line, []byte(text), o)
}

// readLineSlow reads one line of JSON Lines, beginning with {, as a case
// by Read, as if it were a file of its own, and moves what Read finds to
// the line.
func readLineSlow(name string, line int, data []byte, o limits) (*timescale.Case, error) {
	o.maxFile = int64(o.maxLine)
	c, warnings, err := read(name+".json", data, o)
	if err != nil {
		return nil, atLine(err, name, line)
	}
	c.Line = line
	for i := range c.Events {
		c.Events[i].Line = line
	}
	for _, w := range warnings {
		moved := *w
		moved.File, moved.Line = name, line
		c.Warnings = append(c.Warnings, moved.Error())
	}
	return c, nil
}

// lineReader splits a stream into lines, holding at most max bytes of one
// (and its line ending).
type lineReader struct {
	r    *bufio.Reader
	max  int
	line int
	buf  []byte
}

// next returns the next line without its line ending (\n or \r\n), and
// its number; or, for a line longer than the limit, tooLong and no text.
// At the end of the stream it returns io.EOF, or the stream's error.
func (l *lineReader) next() (data []byte, line int, tooLong bool, err error) {
	l.buf = l.buf[:0]
	read := false
	for {
		chunk, err := l.r.ReadSlice('\n')
		read = read || len(chunk) > 0
		if !tooLong {
			if len(l.buf)+len(chunk) > l.max+2 { // room for \r\n
				tooLong, l.buf = true, l.buf[:0]
			} else {
				l.buf = append(l.buf, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err != nil && !errors.Is(err, io.EOF):
			return nil, 0, false, err
		case err != nil && !read:
			return nil, 0, false, io.EOF
		}
		l.line++
		data = bytes.TrimSuffix(l.buf, []byte("\n"))
		data = bytes.TrimSuffix(data, []byte("\r"))
		if len(data) > l.max {
			tooLong = true
		}
		if tooLong {
			return nil, l.line, true, nil
		}
		return data, l.line, false, nil
	}
}

// atLine moves a one-line case's errors to its line of the stream.
func atLine(err error, name string, line int) error {
	var errs ErrorList
	if !errors.As(err, &errs) {
		return fmt.Errorf("%s:%d: %w", name, line, err)
	}
	out := make(ErrorList, len(errs))
	for i, e := range errs {
		moved := *e
		moved.File, moved.Line = name, line
		out[i] = &moved
	}
	return out
}
