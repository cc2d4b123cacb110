package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
)

// A jsonCaseload of three cases, one line not a case, and a case whose dates lie
// outside the calendar.
const jsonCaseload = `{"case": "B-1", "events": [{"kind": "strategy_discussion", "at": "2024-03-21T10:00:00Z", "s47": true}, {"kind": "icpc", "at": "2024-04-18", "plan": true}]}
{"case": "B-2", "events": [{"kind": "strategy_discussion", "at": "2024-03-21T10:00:00Z", "s47": true}, {"kind": "icpc", "at": "2024-04-12", "plan": true}, {"kind": "core_group", "at": "2024-04-24"}]}

{"case": "B-3", "events": [{"kind": "icpc", "at": "2024-02-30"}]}
{"case": "B-4", "events": [{"kind": "referral", "at": "1985-01-07"}]}
{"case": "B-5", "events": [{"kind": "strategy_discussion", "at": "2024-03-21T10:00:00Z", "s47": true}]}
`

func TestBatch(t *testing.T) {
	r := runWith(t, jsonCaseload, false, "-policy", "england", "-asof", "2024-05-01", "-batch", "-")
	assert.Equal(t, exitBreached, r.code, "breaches, and cases that could not be checked")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 6, "one output line for each input line")
	var ids []string
	for _, line := range lines {
		var out struct {
			Case  string `json:"case"`
			Line  int    `json:"line"`
			Error string `json:"error"`
			Blank bool   `json:"blank"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &out))
		switch {
		case out.Case != "":
			ids = append(ids, out.Case)
		case out.Blank:
			ids = append(ids, fmt.Sprintf("blank line %d", out.Line))
		default:
			ids = append(ids, fmt.Sprintf("error at line %d", out.Line))
		}
	}
	assert.Equal(t, []string{"B-1", "B-2", "blank line 3", "error at line 4", "error at line 5", "B-5"}, ids, "in input order")
	assert.Contains(t, r.stderr, `<stdin>:4:51: events[0].at: cannot read "2024-02-30"`)
	assert.Contains(t, r.stderr, "<stdin>:5: case B-4: rule referral-decision-within-1-working-day: within: 7 Jan 1985 is outside the working-day calendar")
	assert.Contains(t, lines[3], `"error":"<stdin>:4:51: events[0].at: cannot read \"2024-02-30\"`)
	// B-1's ICPC is late (due Mon 15 Apr) and B-5's overdue; B-2's ICPC (Fri
	// 12 Apr) and core group (Wed 24 Apr, due Fri 26 Apr) are on time.
	assert.Contains(t, r.stderr, "3 cases checked as of Wed 1 May 2024 (-asof): 2 cases with breaches, 2 cases could not be checked, 1 blank line\n")
	assert.Contains(t, r.stderr, "       2  icpc-within-15-working-days\n")
	assert.NotContains(t, r.stderr, "\r", "no progress bar when standard error is not a terminal")
}

// TestBatchLinesUp: a caseload with a byte order mark, a blank line, bad
// lines and a last line cut off (no newline) gives one output line for
// each input line, each error naming its line; the exit status is 1 (a
// case could not be checked), not 2, and the counts say each.
func TestBatchLinesUp(t *testing.T) {
	good := `{"case": "G-1", "as_of": "2024-05-01", "events": [{"kind": "strategy_discussion", "at": "2024-03-21T10:00:00Z", "s47": true}, {"kind": "icpc", "at": "2024-04-12", "plan": true}, {"kind": "core_group", "at": "2024-04-24"}]}`
	in := "\xef\xbb\xbf" + good + "\r\n" +
		"   \n" +
		"not json\n" +
		`{"case": "BAD", "events": [{"kind": "icpc"}]}` + "\n" +
		strings.Replace(good, "G-1", "G-2", 1) + "\n" +
		`{"case": "CUT", "events": [{"kind": "icpc", "at": "2024-0`
	r := runWith(t, in, false, "-policy", "england", "-batch", "-")
	assert.Equal(t, exitBreached, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 6, r.stdout)
	assert.Contains(t, lines[0], `{"case":"G-1",`, "the byte order mark does not lose the first case")
	assert.Equal(t, `{"line":2,"blank":true}`, lines[1])
	assert.Equal(t, `{"line":3,"error":"<stdin>:3:1: want a case as a JSON object ({\"case\": ...}) on each line"}`, lines[2])
	assert.Equal(t, `{"line":4,"error":"<stdin>:4:28: events[0].at: missing: every event needs an at, when it happened, a date (2024-03-04) or a date and time (2024-03-04T10:00:00Z)"}`, lines[3])
	assert.Contains(t, lines[4], `{"case":"G-2",`)
	assert.Regexp(t, `^\{"line":6,"error":"<stdin>:6:\d+: invalid JSON: [^"]+"\}$`, lines[5])
	assert.Equal(t, "2 cases checked as of Wed 1 May 2024 (each case's as_of): 0 cases with breaches, 3 cases could not be checked, 1 blank line\n", lastLine(r.stderr))
}

// TestBatchAsOf: -asof wins over each line's as_of; without it each line's
// own as_of is used, and today for a line without one; the counts say
// which.
func TestBatchAsOf(t *testing.T) {
	// The strategy discussion of Thu 21 Mar 2024 puts the ICPC due on Mon
	// 15 Apr 2024 (Good Friday and Easter Monday skipped): as of Fri 12 Apr
	// it is due soon (1 working day left), as of Tue 16 Apr overdue.
	line := func(id, asOf string) string {
		if asOf != "" {
			asOf = `"as_of": "` + asOf + `", `
		}
		return `{"case": "` + id + `", ` + asOf + `"events": [{"kind": "strategy_discussion", "at": "2024-03-21T10:00:00Z", "s47": true}]}` + "\n"
	}
	icpc := func(t *testing.T, out string) []string {
		var got []string
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			var rep struct {
				AsOf    string `json:"as_of"`
				Results []struct {
					Rule, Status string
				} `json:"results"`
			}
			require.NoError(t, json.Unmarshal([]byte(l), &rep))
			for _, res := range rep.Results {
				if res.Rule == "icpc-within-15-working-days" {
					got = append(got, rep.AsOf+" "+res.Status)
				}
			}
		}
		return got
	}
	in := line("A-1", "2024-04-12") + line("A-2", "2024-04-16") + line("A-3", "")
	now := func() time.Time { return time.Date(2024, 4, 15, 9, 0, 0, 0, calendar.London) }

	r := runEnv(t, in, now, "-policy", "england", "-batch", "-")
	assert.Equal(t, []string{"2024-04-12 due_soon", "2024-04-16 overdue", "2024-04-15 due_soon"}, icpc(t, r.stdout))
	assert.Equal(t, "3 cases checked as of each case's own as_of (2), else as of Mon 15 Apr 2024 (today) for 1: 1 case with breaches, 0 cases could not be checked\n", firstCountsLine(r.stderr))

	r = runEnv(t, in, now, "-policy", "england", "-asof", "2024-04-16", "-batch", "-")
	assert.Equal(t, []string{"2024-04-16 overdue", "2024-04-16 overdue", "2024-04-16 overdue"}, icpc(t, r.stdout))
	assert.Equal(t, "3 cases checked as of Tue 16 Apr 2024 (-asof): 3 cases with breaches, 0 cases could not be checked\n", firstCountsLine(r.stderr))

	r = runEnv(t, line("A-1", "2024-04-12")+line("A-2", "2024-04-12"), now, "-policy", "england", "-batch", "-")
	assert.Equal(t, "2 cases checked as of Fri 12 Apr 2024 (each case's as_of): 0 cases with breaches, 0 cases could not be checked\n", firstCountsLine(r.stderr))

	// The summary's JSON says the same: the date every case shares, and
	// the rule; for a mix, the batch's date and both rules.
	var sum struct {
		AsOf     string `json:"as_of"`
		AsOfRule string `json:"as_of_rule"`
	}
	r = runEnv(t, line("A-1", "2024-04-12")+line("A-2", "2024-04-12"), now, "-policy", "england", "-summary", "-format", "json", "-batch", "-")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &sum), r.stderr)
	assert.Equal(t, "2024-04-12", sum.AsOf)
	assert.Equal(t, "each case's as_of", sum.AsOfRule)
	r = runEnv(t, in, now, "-policy", "england", "-summary", "-format", "json", "-batch", "-")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &sum), r.stderr)
	assert.Equal(t, "2024-04-15", sum.AsOf)
	assert.Equal(t, "each case's as_of, else today", sum.AsOfRule)
}

// lastLine returns the last line of s, with its newline.
func lastLine(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:] + "\n"
}

// firstCountsLine returns the line of the counts ("N cases checked ...").
func firstCountsLine(s string) string {
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.Contains(l, " checked ") {
			return l
		}
	}
	return ""
}

// runEnv runs checkcase with the input on standard input and the clock
// given.
func runEnv(t *testing.T, stdin string, now func() time.Time, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, now: now})
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

func TestBatchExitStatus(t *testing.T) {
	good := strings.Join(strings.Split(jsonCaseload, "\n")[1:2], "\n") + "\n"
	r := runWith(t, good, false, "-policy", "england", "-asof", "2024-05-01", "-batch", "-")
	assert.Equal(t, exitOK, r.code, r.stderr)
	r = runWith(t, strings.Split(jsonCaseload, "\n")[0]+"\n", false, "-policy", "england", "-asof", "2024-05-01", "-batch", "-")
	assert.Equal(t, exitBreached, r.code, r.stderr)
}

func TestBatchFileWithProgress(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "caseload.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(jsonCaseload), 0o644))
	var out, errOut bytes.Buffer
	code := run([]string{"-policy", "england", "-asof", "2024-05-01", "-workers", "1", "-batch", file}, env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		now:      func() time.Time { return time.Date(2024, 5, 1, 0, 0, 0, 0, calendar.London) },
		progress: true,
	})
	assert.Equal(t, exitBreached, code)
	assert.Equal(t, 6, strings.Count(out.String(), "\n"), "a line for each line of the file")
	assert.Contains(t, errOut.String(), file+":4:51: events[0].at")
	assert.Contains(t, errOut.String(), "3 cases checked as of Wed 1 May 2024 (-asof)")
	assert.Contains(t, errOut.String(), "checking cases", "the progress bar, on a terminal")

	r := checkcase(t, "-policy", "england", "-batch", filepath.Join(dir, "nope.jsonl"))
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "nope.jsonl: no such file")
	r = checkcase(t, "-policy", "england", "-batch", file, "extra.yaml")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "give no case file as well")
}

// TestBatchWarningsCarryTheLine: a warning about an event names the event's
// line of the caseload, not line 1 of a one-line case.
func TestBatchWarningsCarryTheLine(t *testing.T) {
	in := `{"case": "W-1", "events": [{"kind": "referral", "at": "2024-03-04T09:00:00Z"}]}` + "\n\n" +
		`{"case": "W-2", "events": [{"kind": "icpc_meeting", "at": "2024-03-22"}]}` + "\n"
	r := runWith(t, in, false, "-policy", "england", "-asof", "2024-05-01", "-batch", "-")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 3, r.stderr)
	var rep struct {
		Warnings []string `json:"warnings"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[2]), &rep))
	assert.Equal(t, []string{`event kind "icpc_meeting" (line 3) is not one this policy reads; it was not counted`}, rep.Warnings)
}

// TestBatchWarningsOnStandardError: whatever the format, each case's
// warnings are said on standard error with its line, and counted, so a
// spreadsheet or a summary does not hide that an event was not read.
func TestBatchWarningsOnStandardError(t *testing.T) {
	in := `{"case": "W-1", "events": [{"kind": "referral", "at": "2024-03-04T09:00:00Z"}]}` + "\n" +
		`{"case": "W-2", "source_system": "export", "events": [{"kind": "icpc_meeting", "at": "2024-03-22"}]}` + "\n"
	for _, args := range [][]string{{"-format", "csv"}, {"-summary"}, {"-format", "ics"}, {}} {
		r := runWith(t, in, false, append([]string{"-policy", "england", "-asof", "2024-05-01", "-batch", "-"}, args...)...)
		assert.Contains(t, r.stderr, "<stdin>:2:17: source_system: unknown key, not read (a case file has case, as_of, child, facts and events)\n", args)
		assert.Contains(t, r.stderr, `<stdin>:2: warning: event kind "icpc_meeting" (line 2) is not one this policy reads; it was not counted`+"\n", args)
		assert.Contains(t, r.stderr, "0 cases could not be checked, 1 case with warnings\n", args)
	}
}

// TestBatchInputNotReadToItsEnd: a -batch path that cannot be read (a
// directory) is exit status 2, not a bad line; standard error is not a
// terminal when it is /dev/null, so a nightly job's 2>/dev/null shows no
// progress bar (which would read the input twice).
func TestBatchInputNotReadToItsEnd(t *testing.T) {
	dir := t.TempDir()
	r := checkcase(t, "-policy", "england", "-batch", dir)
	assert.Equal(t, exitError, r.code, r.stderr)
	assert.Contains(t, r.stderr, "is a directory")
	// The progress bar's total counts every line, blank ones too, as the
	// bar moves on for each.
	file := filepath.Join(dir, "caseload.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(jsonCaseload), 0o644))
	assert.Equal(t, int64(6), countLines(file), "six lines, one blank")
	null, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer null.Close()
	assert.False(t, isTerminal(null), "/dev/null")
}
