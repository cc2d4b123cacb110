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
	assert.Equal(t, exitError, r.code, "some cases could not be checked")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 3, "one report a line for each case checked")
	var ids []string
	for _, line := range lines {
		var rep struct {
			Case     string `json:"case"`
			Breaches int    `json:"breaches"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &rep))
		ids = append(ids, rep.Case)
	}
	assert.Equal(t, []string{"B-1", "B-2", "B-5"}, ids, "in input order")
	assert.Contains(t, r.stderr, `<stdin>:4:51: events[0].at: cannot read "2024-02-30"`)
	assert.Contains(t, r.stderr, "<stdin>:5: case B-4: rule referral-decision-within-1-working-day: within: 7 Jan 1985 is outside the working-day calendar")
	// B-1's ICPC is late (due Mon 15 Apr) and B-5's overdue; B-2's ICPC (Fri
	// 12 Apr) and core group (Wed 24 Apr, due Fri 26 Apr) are on time.
	assert.Contains(t, r.stderr, "3 cases checked as of Wed 1 May 2024: 2 cases with breaches, 2 cases could not be checked\n")
	assert.Contains(t, r.stderr, "       2  icpc-within-15-working-days\n")
	assert.NotContains(t, r.stderr, "\r", "no progress bar when standard error is not a terminal")
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
	assert.Equal(t, exitError, code)
	assert.Equal(t, 3, strings.Count(out.String(), "\n"))
	assert.Contains(t, errOut.String(), file+":4:51: events[0].at")
	assert.Contains(t, errOut.String(), "3 cases checked as of Wed 1 May 2024")
	assert.Contains(t, errOut.String(), "checking cases", "the progress bar, on a terminal")

	r := checkcase(t, "-policy", "england", "-batch", filepath.Join(dir, "nope.jsonl"))
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "nope.jsonl: no such file")
	r = checkcase(t, "-policy", "england", "-batch", file, "extra.yaml")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "give no case file as well")
}
