package casefile

// Hostile case files and caseloads (issue 16): every case gets a case or an
// error naming the file, line and field, within bounded time and memory,
// and no case of a caseload is silently dropped.

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/bound"
)

// Item 12: invalid UTF-8 and NUL bytes in a case file, YAML or JSON, are
// reported at their line and column.
func TestHostileBadCharacters(t *testing.T) {
	for _, tt := range []struct{ name, data, want string }{
		{"case.yaml", "case: A\nevents:\n  - {kind: icpc, at: 2024-01-01, note: \"caf\xe9\"}\n",
			"case.yaml:3:44: invalid UTF-8: the byte 0xe9 is not part of a character; save the file as UTF-8"},
		{"case.yaml", "case: A\n# \x00\n", "case.yaml:2:3: the control character U+0000 is not allowed in YAML"},
		{"case.json", "{\"case\": \"A\",\n \"facts\": {\"x\": \"\xff\"}}", "case.json:2:18: invalid UTF-8: the byte 0xff is not part of a character; save the file as UTF-8"},
	} {
		_, err := Read(tt.name, []byte(tt.data))
		require.Error(t, err)
		assert.Equal(t, tt.want, err.Error())
	}
}

// Item 3: a case is read from a stream within a limit: `yes |` and `head -c
// 600M /dev/zero |` get an error that says what the limit is and how to
// change it, in bounded time and memory.
func TestHostileEndlessCase(t *testing.T) {
	for _, r := range []io.Reader{bound.Endless("y\n"), bound.Endless("\x00")} {
		var err error
		// Not much more than the limit is held.
		bound.Run(t, bound.Limits{Time: 5 * time.Second, Heap: 24 << 20}, func() { _, err = ReadFrom("<stdin>", r, WithMaxFileSize(8<<20)) })
		assert.EqualError(t, err, "<stdin>: the case file is larger than 8 MiB, the most a case file may be (casefile.WithMaxFileSize changes it)")
		var errs ErrorList
		assert.ErrorAs(t, err, &errs)
	}
	// The default is MaxFileSize, for Read too.
	_, err := Read("big.yaml", make([]byte, MaxFileSize+1))
	assert.EqualError(t, err, "big.yaml: the case file is larger than 64 MiB, the most a case file may be (casefile.WithMaxFileSize changes it)")
	c, err := ReadFrom("case.yaml", strings.NewReader("case: A-1\n"))
	require.NoError(t, err)
	assert.Equal(t, "A-1", c.ID)
}

// readAll reads a stream of JSON Lines within generous bounds, and returns
// the ids of the cases read, with the line of each, and the errors.
func readAll(t *testing.T, r io.Reader, opts ...Option) (ids []string, errs []string) {
	t.Helper()
	bound.Run(t, bound.Generous, func() {
		for c, err := range ReadLines("cases.jsonl", r, opts...) {
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			ids = append(ids, fmt.Sprintf("%s@%d", c.ID, c.Line))
		}
	})
	return ids, errs
}

// Item 7: a line over the limit is an error for that line, and the lines
// after it are read: nothing is lost and the count is right.
func TestHostileLongLine(t *testing.T) {
	long := `{"case": "LONG", "facts": {"x": "` + strings.Repeat("a", 3<<20) + `"}}`
	in := `{"case": "A"}` + "\n" + long + "\n" + `{"case": "B"}` + "\n" + long + `{"case": "C"}` + "\r\n" + `{"case": "D"}`
	ids, errs := readAll(t, strings.NewReader(in), WithMaxLineSize(1<<20))
	assert.Equal(t, []string{"A@1", "B@3", "D@5"}, ids)
	assert.Equal(t, []string{
		"cases.jsonl:2: the line is longer than 1 MiB, the most a case of JSON Lines may be (casefile.WithMaxLineSize changes it)",
		"cases.jsonl:4: the line is longer than 1 MiB, the most a case of JSON Lines may be (casefile.WithMaxLineSize changes it)",
	}, errs)

	// A line of 256 MiB is skipped holding no more than the limit of it.
	var n int
	var err error
	bound.Run(t, bound.Limits{Time: 5 * time.Second, Heap: 16 << 20}, func() {
		for _, err = range ReadLines("zeros", io.MultiReader(io.LimitReader(bound.Endless("\x00"), 256<<20), strings.NewReader("\n{\"case\": \"Z\"}\n")), WithMaxLineSize(1<<20)) {
			n++
		}
	})
	assert.Equal(t, 2, n, "the long line's error, then the case after it")
	assert.NoError(t, err)

	// The default is MaxLineSize; a line of exactly that is read (padded
	// with spaces, which are not part of the case).
	exact := `{"case": "E"}` + strings.Repeat(" ", MaxLineSize-len(`{"case": "E"}`))
	ids, errs = readAll(t, strings.NewReader(exact+"\n"+exact+"x\n"+`{"case": "F"}`))
	assert.Equal(t, []string{"E@1", "F@3"}, ids)
	assert.Equal(t, []string{"cases.jsonl:2: the line is longer than 16 MiB, the most a case of JSON Lines may be (casefile.WithMaxLineSize changes it)"}, errs)
}

// Item 10: a byte order mark at the start of a JSON Lines stream is not the
// start of its first case; anywhere else it is an error for its line.
func TestHostileByteOrderMark(t *testing.T) {
	ids, errs := readAll(t, strings.NewReader("\xef\xbb\xbf{\"case\": \"A\"}\n{\"case\": \"B\"}\n\xef\xbb\xbf{\"case\": \"C\"}\n"))
	assert.Equal(t, []string{"A@1", "B@2"}, ids)
	assert.Equal(t, []string{`cases.jsonl:3:1: want a case as a JSON object ({"case": ...}) on each line`}, errs)
}

// Item 14: a case of JSON Lines knows its line, and so do its events (for
// the warnings that name them).
func TestHostileCaseLines(t *testing.T) {
	in := "\n{\"case\": \"A\", \"events\": [{\"kind\": \"icpc\", \"at\": \"2024-03-22\"}]}\n\n{\"case\": \"B\", \"events\": [{\"kind\": \"icpc\", \"at\": \"2024-03-22\"}]}\n"
	var lines []int
	for c, err := range ReadLines("cases.jsonl", strings.NewReader(in)) {
		require.NoError(t, err)
		lines = append(lines, c.Line, c.Events[0].Line)
	}
	assert.Equal(t, []int{2, 2, 4, 4}, lines)
}
