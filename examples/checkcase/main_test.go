package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/golden"
)

// result is one run of the command.
type result struct {
	code           int
	stdout, stderr string
}

func runWith(t *testing.T, stdin string, colour bool, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		now:    func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, calendar.London) },
		colour: colour,
	})
	return result{code, out.String(), errOut.String()}
}

func checkcase(t *testing.T, args ...string) result {
	t.Helper()
	return runWith(t, "", false, args...)
}

// The text output of the shipped examples, reviewed against the due dates
// worked out in each case file's opening comment.
func TestShippedExamplesText(t *testing.T) {
	for _, name := range []string{"all-on-time", "late-icpc", "missed-review"} {
		t.Run(name, func(t *testing.T) {
			r := checkcase(t, "-policy", "england", "-explain", "testdata/"+name+".yaml")
			assert.Empty(t, r.stderr)
			want := map[string]int{"all-on-time": exitOK, "late-icpc": exitBreached, "missed-review": exitBreached}[name]
			assert.Equal(t, want, r.code)
			golden.Check(t, "testdata/"+name+".golden.txt", []byte(r.stdout))
		})
	}
}

func TestJSON(t *testing.T) {
	r := checkcase(t, "-policy", "england", "-format", "json", "testdata/late-icpc.yaml")
	require.Equal(t, exitBreached, r.code, r.stderr)
	var report struct {
		Case     string `json:"case"`
		AsOf     string `json:"as_of"`
		Breaches int    `json:"breaches"`
		Results  []struct {
			Rule, Status, Due string
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &report))
	assert.Equal(t, "C-2002", report.Case)
	assert.Equal(t, "2024-05-01", report.AsOf, "the case's as_of")
	assert.Equal(t, 1, report.Breaches)
	assert.Equal(t, "late", report.Results[2].Status)
	assert.Equal(t, "2024-04-15", report.Results[2].Due)
	assert.Equal(t, 1, strings.Count(r.stdout, "\n}"), "one indented document")
}

func TestICS(t *testing.T) {
	r := checkcase(t, "-policy", "england", "-format", "ics", "testdata/late-icpc.yaml")
	require.Equal(t, exitBreached, r.code, r.stderr)
	golden.Check(t, "testdata/late-icpc.golden.ics", []byte(r.stdout))
	// RFC 5545: CRLF line ends, no line longer than 75 octets.
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\r\n"), "\r\n") {
		assert.LessOrEqual(t, len(line), 75, line)
		assert.NotContains(t, line, "\n")
	}
	// The two pending deadlines (assessment, first review), all day.
	assert.Equal(t, 2, strings.Count(r.stdout, "BEGIN:VEVENT"))
	assert.Contains(t, r.stdout, "DTSTART;VALUE=DATE:20240524\r\n")
	assert.Contains(t, r.stdout, "DTEND;VALUE=DATE:20240525\r\n")
	assert.Contains(t, r.stdout, "DTSTART;VALUE=DATE:20240718\r\n")
}

// hoursPolicy is England with a deadline in hours: a CP visit within 48
// hours of the ICPC.
const hoursPolicy = `policy: hours
title: Hours
extends: england
events: {cp_visit: A CP visit.}
rules:
  - id: cp-visit-within-48-hours
    title: CP visit within 48 hours of the ICPC
    source: "Test"
    from: first(events.icpc)
    within: 48 hours
    done: events.cp_visit
`

// writeHoursPolicy writes hoursPolicy to a file, and returns its path.
func writeHoursPolicy(t *testing.T) string {
	t.Helper()
	policy := filepath.Join(t.TempDir(), "hours.yaml")
	require.NoError(t, os.WriteFile(policy, []byte(hoursPolicy), 0o644))
	return policy
}

func TestICSForHours(t *testing.T) {
	policy := writeHoursPolicy(t)
	// 48 hours from 08:00 on Sat 26 Oct 2024 (BST) is 07:00 GMT on Mon 28 Oct.
	c := "case: H-1\nevents:\n  - {kind: icpc, at: '2024-10-26T08:00:00'}\n"
	r := runWith(t, c, false, "-policy", policy, "-asof", "2024-10-27", "-format", "ics", "-")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "DTSTART:20241028T070000Z\r\n")
	assert.Contains(t, r.stdout, "SUMMARY:due: Case H-1: CP visit within 48 hours of the ICPC\r\n")
}

func TestStdinAndAsOf(t *testing.T) {
	src, err := os.ReadFile("testdata/late-icpc.yaml")
	require.NoError(t, err)
	// As of Fri 12 Apr the ICPC (due Mon 15 Apr) had not happened: due soon, nothing breached.
	r := runWith(t, string(src), false, "-policy", "england", "-asof", "2024-04-12", "-")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "as of Fri 12 Apr 2024")
	assert.Contains(t, r.stdout, "0 breaches, 1 due soon, 3 pending")
	// Without -asof or as_of, today (the test's clock: Wed 1 May 2024).
	noAsOf := strings.Replace(string(src), "as_of: 2024-05-01\n", "", 1)
	r = runWith(t, noAsOf, false, "-policy", "england", "-")
	assert.Contains(t, r.stdout, "as of Wed 1 May 2024")
}

func TestColour(t *testing.T) {
	r := runWith(t, "", true, "-policy", "england", "testdata/late-icpc.yaml")
	assert.Contains(t, r.stdout, red+"Initial child protection conference")
	plain := checkcase(t, "-policy", "england", "testdata/late-icpc.yaml")
	assert.NotContains(t, plain.stdout, "\x1b[")
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	badPolicy := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(badPolicy, []byte("policy: bad\ntitle: Bad\nextends: england\nrules:\n  - id: x\n    title: X\n    source: S\n    from: first(events.icpc)\n    wihtin: 2 days\n    done: events.icpc\n"), 0o644))
	badCase := filepath.Join(dir, "case.yaml")
	require.NoError(t, os.WriteFile(badCase, []byte("case: C-1\nevents:\n  - {kind: icpc, at: 2024-02-30}\n  - {at: 2024-03-01}\n"), 0o644))
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no policy", []string{"testdata/late-icpc.yaml"}, "checkcase: -policy is required"},
		{"unknown policy", []string{"-policy", "atlantis", "testdata/late-icpc.yaml"}, `checkcase: unknown policy "atlantis"; the shipped policies are`},
		{"bad policy file", []string{"-policy", badPolicy, "testdata/late-icpc.yaml"},
			badPolicy + `:9:5: rule x: unknown key "wihtin"; did you mean "within"?`},
		{"bad case file", []string{"-policy", "england", badCase},
			badCase + `:3:22: events[0].at: cannot read "2024-02-30"`},
		{"missing file", []string{"-policy", "england", filepath.Join(dir, "nope.yaml")}, "nope.yaml: no such file"},
		{"bad date", []string{"-policy", "england", "-asof", "1/5/2024", "testdata/late-icpc.yaml"}, `checkcase: -asof "1/5/2024": want a date such as 2024-05-01`},
		{"bad format", []string{"-policy", "england", "-format", "pdf", "testdata/late-icpc.yaml"}, `checkcase: -format "pdf": want text, json, csv or ics`},
		{"no case", []string{"-policy", "england"}, "checkcase: give one case file"},
		{"two cases", []string{"-policy", "england", "a.yaml", "b.yaml"}, "checkcase: give one case file"},
		{"unknown flag", []string{"-polcy", "england"}, "flag provided but not defined: -polcy"},
		{"date outside the calendar", []string{"-policy", "england", "-asof", "1980-01-01", "testdata/late-icpc.yaml"}, "outside the working-day calendar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := checkcase(t, tt.args...)
			assert.Equal(t, exitError, r.code)
			assert.Empty(t, r.stdout, "nothing on standard output")
			for _, want := range strings.Split(tt.stderr, "\n") {
				assert.Contains(t, r.stderr, want)
			}
			assert.NotContains(t, r.stderr, "goroutine", "no stack trace")
		})
	}
	// A policy's problem in full: its line of the file and a caret under
	// the column; the misspelt key is the only problem reported (within:
	// is not also reported missing).
	r := checkcase(t, "-policy", badPolicy, "testdata/late-icpc.yaml")
	assert.Equal(t, badPolicy+`:9:5: rule x: unknown key "wihtin"; did you mean "within"?
 |     wihtin: 2 days
 | ....^
`, r.stderr)
	// Each problem of a case file on its own line.
	r = checkcase(t, "-policy", "england", badCase)
	assert.Equal(t, 2, strings.Count(r.stderr, "\n"), r.stderr)
}

func TestHelpAndVersion(t *testing.T) {
	r := checkcase(t, "-h")
	assert.Equal(t, exitOK, r.code)
	for _, flag := range []string{"-policy", "-asof", "-format", "-explain", "-version", "-check", "-describe", "-test", "-update", "Examples:", "Exit status"} {
		assert.Contains(t, r.stderr, flag)
	}
	r = checkcase(t, "-version")
	assert.Equal(t, exitOK, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "checkcase "), r.stdout)
}

func TestWarningsGoToStderr(t *testing.T) {
	c := "case: W-1\nas_of: 2024-05-01\nevents:\n  - {kind: icpc_meeting, at: 2024-03-01}\n"
	r := runWith(t, c, false, "-policy", "england", "-format", "json", "-")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "<stdin>: warning: event kind \"icpc_meeting\" (line 4) is not one this policy reads; it was not counted\n", r.stderr)
	assert.True(t, json.Valid([]byte(r.stdout)))
}
