package casefile

// This file: caseloads of JSON Lines, one case a line.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/safeguarding/timescales/timescale"
)

// MaxLineSize bounds one case of a JSON Lines stream.
const MaxLineSize = 16 << 20

// ReadLines reads a stream of cases as JSON Lines: one case, as a JSON
// object, a line; blank lines are skipped. It yields each case, or for a
// line that is not a case an error naming it as name:LINE:COLUMN, and goes
// on with the next line. A stream that cannot be read ends with its error.
func ReadLines(name string, r io.Reader) iter.Seq2[*timescale.Case, error] {
	return func(yield func(*timescale.Case, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64<<10), MaxLineSize)
		line := 0
		for sc.Scan() {
			line++
			data := bytes.TrimSpace(sc.Bytes())
			if len(data) == 0 {
				continue
			}
			if data[0] != '{' {
				if !yield(nil, ErrorList{{File: name, Line: line, Column: 1, Msg: "want a case as a JSON object ({\"case\": ...}) on each line"}}) {
					return
				}
				continue
			}
			c, err := Read(name+".json", data)
			if err != nil {
				err = atLine(err, name, line)
			}
			if !yield(c, err) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				err = fmt.Errorf("%s:%d: a line longer than %d bytes", name, line+1, MaxLineSize)
			}
			yield(nil, err)
		}
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
