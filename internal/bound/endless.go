package bound

import (
	"io"
	"strings"
)

// Endless returns a stream that repeats pattern for ever: "\x00" is
// /dev/zero, "y\n" is yes(1), " " is white space without end.
func Endless(pattern string) io.Reader {
	return &endless{block: []byte(strings.Repeat(pattern, max(1, (64<<10)/max(1, len(pattern))))), period: len(pattern)}
}

type endless struct {
	block  []byte // whole periods of the pattern
	period int
	at     int // where in the pattern the next byte is
}

// Read fills p with the pattern, going on where the last Read stopped.
func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], e.block[e.at:])
		n += c
		e.at = (e.at + c) % e.period
	}
	return n, nil
}
