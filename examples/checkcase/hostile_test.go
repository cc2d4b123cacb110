package main

// Hostile input to the command (issue 16): every input gets a report or an
// error naming the file, line and field, within bounded time and memory,
// with the exit status the command documents, and no case of a batch is
// silently dropped.

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/bound"
)

// runFrom runs the command with stdin as standard input, within generous
// bounds.
func runFrom(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	return runWithin(t, bound.Generous, stdin, args...)
}

// runWithin runs the command with stdin as standard input, within lim.
func runWithin(t *testing.T, lim bound.Limits, stdin io.Reader, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	var code int
	u := bound.Run(t, lim, func() {
		code = run(args, env{
			stdin: stdin, stdout: &out, stderr: &errOut,
			now: func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, calendar.London) },
		})
	})
	t.Logf("checkcase %s: %s", strings.Join(args, " "), u)
	return result{code, out.String(), errOut.String()}
}

// Item 3: `head -c 600M /dev/zero | checkcase -policy england -` and `yes |
// checkcase -policy england -` end with exit status 2 and an error that
// says the limit, without reading the whole stream, holding not much more
// than the limit (64 MiB) in memory; so does a policy file that never ends.
func TestHostileEndlessInput(t *testing.T) {
	const tooLarge = "<stdin>: the case file is larger than 64 MiB, the most a case file may be (casefile.WithMaxFileSize changes it)\n"
	within := bound.Limits{Time: 5 * time.Second, Heap: 128 << 20}
	r := runWithin(t, within, io.LimitReader(bound.Endless("\x00"), 600<<20), "-policy", "england", "-")
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, tooLarge, r.stderr)
	assert.Empty(t, r.stdout)

	r = runWithin(t, within, bound.Endless("y\n"), "-policy", "england", "-")
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, tooLarge, r.stderr)

	r = runFrom(t, strings.NewReader(""), "-policy", "/dev/zero", "testdata/late-icpc.yaml")
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, "/dev/zero: the policy file is larger than 16 MiB, the most a policy file may be (rules.WithMaxSize changes it)\n", r.stderr)
}

// Item 6: -workers is bounded: a number past MaxWorkers is a usage error,
// not a hang.
func TestHostileWorkers(t *testing.T) {
	r := runFrom(t, strings.NewReader(jsonCaseload), "-policy", "england", "-asof", "2024-05-01", "-workers", "100000000", "-batch", "-")
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, "checkcase: -workers 100000000: want 0 (one per core) to 256\n", r.stderr)
	assert.Empty(t, r.stdout)
	r = runFrom(t, strings.NewReader(jsonCaseload), "-policy", "england", "-asof", "2024-05-01", "-workers", "256", "-batch", "-")
	assert.Equal(t, exitBreached, r.code, "breaches, and cases that cannot be checked")
	assert.Contains(t, r.stderr, "3 cases checked")
}

// Items 7, 10 and 14: in a batch, a line over the limit is an error for
// that line and the cases after it are checked and counted; a byte order
// mark does not lose the first case; and a case that cannot be evaluated is
// named by its line.
func TestHostileBatch(t *testing.T) {
	// Nothing breached: the ICPC (Fri 12 Apr) and core group (Wed 24 Apr,
	// due Fri 26 Apr) are on time.
	good := `{"case": "G-1", "events": [{"kind": "strategy_discussion", "at": "2024-03-21T10:00:00Z", "s47": true}, {"kind": "icpc", "at": "2024-04-12", "plan": true}, {"kind": "core_group", "at": "2024-04-24"}]}`
	long := `{"case": "LONG", "facts": {"x": "` + strings.Repeat("a", 17<<20) + `"}}`
	old := `{"case": "OLD", "events": [{"kind": "referral", "at": "1985-01-07"}]}`
	in := "\xef\xbb\xbf" + good + "\n" + long + "\n\n" + old + "\n" + strings.Replace(good, "G-1", "G-2", 1) + "\n"
	r := runFrom(t, strings.NewReader(in), "-policy", "england", "-asof", "2024-05-01", "-batch", "-")
	assert.Equal(t, exitBreached, r.code, "some cases could not be checked")
	out := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, out, 5, "a line for each line of the input")
	assert.Contains(t, out[0], `{"case":"G-1",`)
	assert.Equal(t, `{"line":2,"error":"<stdin>:2: the line is longer than 16 MiB, the most a case of JSON Lines may be (casefile.WithMaxLineSize changes it)"}`, out[1])
	assert.Equal(t, `{"line":3,"blank":true}`, out[2])
	assert.Contains(t, out[3], `{"line":4,"error":"<stdin>:4: case OLD: rule referral-decision-within-1-working-day`)
	assert.Contains(t, out[4], `{"case":"G-2",`)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	require.Len(t, lines, 3, r.stderr)
	assert.Equal(t, "<stdin>:2: the line is longer than 16 MiB, the most a case of JSON Lines may be (casefile.WithMaxLineSize changes it)", lines[0])
	assert.Regexp(t, `^<stdin>:4: case OLD: rule referral-decision-within-1-working-day: within: 7 Jan 1985 is outside the working-day calendar \(1 Jan 1990 to 31 Dec 2100\) \(written at policies/england\.yaml:\d+:\d+\)$`, lines[1])
	assert.Equal(t, "2 cases checked as of Wed 1 May 2024 (-asof): 0 cases with breaches, 2 cases could not be checked, 1 blank line", lines[2], "the long line counted")
}

// Item 15: an -asof outside the policy's calendar is one error, not one per
// case of a batch.
func TestHostileAsOfOutsideTheCalendar(t *testing.T) {
	want := "checkcase: -asof 1980-01-01 is outside the working-day calendar of policy england (1 Jan 1990 to 31 Dec 2100)\n"
	r := runFrom(t, strings.NewReader(jsonCaseload), "-policy", "england", "-asof", "1980-01-01", "-batch", "-")
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, want, r.stderr)
	assert.Empty(t, r.stdout)
	r = runFrom(t, strings.NewReader(""), "-policy", "england", "-asof", "2200-01-01", "testdata/late-icpc.yaml")
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, strings.Replace(want, "1980-01-01", "2200-01-01", 1), r.stderr)
}

// Item 15: control characters in a case id (and in a policy's words) reach
// neither the terminal nor the ICS file as they are: they are written as
// escapes.
func TestHostileControlCharacters(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(policy, []byte(`policy: p
title: "Title \e]0;owned\a"
extends: england
rules:
  - id: icpc-soon
    title: "ICPC \e[2J within 15 working days \u202e"
    source: "Test"
    from: first(events.s47_started)
    within: 15 working days
    done: events.icpc
`), 0o644))
	c := "case: \"C-\\e[31m1\\r\\u202e\"\nas_of: 2024-03-25\nevents:\n  - {kind: s47_started, at: 2024-03-21}\n"
	for _, format := range []string{"text", "ics", "json", "csv"} {
		args := []string{"-policy", policy, "-format", format, "-"}
		if format == "text" {
			args = append(args[:4], "-explain", "-")
		}
		r := runFrom(t, strings.NewReader(c), args...)
		require.NotEqual(t, exitError, r.code, r.stderr)
		ctls := []string{"\x1b", "\r", "\a", "\u202e"}
		if format == "json" {
			ctls = ctls[:3] // JSON escapes control characters itself
		}
		for _, ctl := range ctls {
			assert.NotContains(t, strings.ReplaceAll(r.stdout, "\r\n", "\n"), ctl, "%s output", format)
		}
		switch format {
		case "text":
			assert.Contains(t, r.stdout, `C-\x1b[31m1\r\u202e`)
			assert.Contains(t, r.stdout, `ICPC \x1b[2J within 15 working days \u202e`)
		case "csv":
			// The case id, in each row (the CSV names rules by id).
			assert.Contains(t, r.stdout, "\r\n,"+`C-\x1b[31m1\r\u202e,icpc-soon,`)
		case "ics":
			// iCalendar text writes a backslash as \\.
			assert.Contains(t, r.stdout, `C-\\x1b[31m1\\r\\u202e`)
			assert.Contains(t, r.stdout, `ICPC \\x1b[2J within`)
		}
	}
	// An error that names the case, on standard error.
	old := strings.Replace(c, "2024-03-21", "1985-03-21", 1)
	r := runFrom(t, strings.NewReader(old), "-policy", policy, "-")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, `case C-\x1b[31m1\r\u202e: rule `)
	assert.NotContains(t, r.stderr, "\x1b")
}

// Items 8 and 12, as the command sees them: a second document in a policy
// file, and a byte that is not UTF-8 in a case file, are errors with their
// line.
func TestHostileFileErrors(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(policy, []byte("policy: p\ntitle: P\nextends: england\n---\nrules: [{id: dropped}]\n"), 0o644))
	r := runFrom(t, strings.NewReader(""), "-policy", policy, "testdata/late-icpc.yaml")
	assert.Equal(t, exitError, r.code)
	// In full, as every policy error is: the line and a caret under it.
	assert.Equal(t, policy+":4:1: a policy file holds one YAML document; this is a second\n | ---\n | ^\n", r.stderr)

	r = runFrom(t, strings.NewReader("case: C-1\nevents:\n  - {kind: icpc, at: 2024-03-22, note: \"caf\xe9\"}\n"), "-policy", "england", "-")
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, "<stdin>:3:44: invalid UTF-8: the byte 0xe9 is not part of a character; save the file as UTF-8\n", r.stderr)
}

// -describe and -test write a policy's words and a golden file's values as
// escapes too: neither reaches the terminal with a control character.
func TestHostileControlCharactersDescribeAndTest(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.yaml")
	require.NoError(t, os.WriteFile(policy, []byte("policy: p\ntitle: \"Example \\e[2J District\"\nextends: england\n"), 0o644))
	r := checkcase(t, "-describe", policy)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "\x1b")
	assert.Contains(t, r.stdout, `Example \x1b[2J District`)

	c := "case: C-1\nas_of: 2024-03-25\nevents:\n  - {kind: strategy_discussion, at: 2024-03-21, s47: true}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(c), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "c.golden.json"), []byte(`{"case": "\u001b[2Jevil", "results": []}`), 0o644))
	r = checkcase(t, "-test", dir)
	assert.Equal(t, exitBreached, r.code, r.stderr)
	assert.Contains(t, r.stdout, "differs from")
	assert.NotContains(t, r.stdout, "\x1b")
}
