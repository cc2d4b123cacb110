package casefile

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadLines(t *testing.T) {
	in := `{"case": "A-1", "events": [{"kind": "icpc", "at": "2024-03-22"}]}

{"case": "A-2", "events": [{"kind": "icpc", "at": "2024-02-30"}]}
not json
{"case": "A-3", "facts": {"s47_initiated": true}}
{"case": "A-4", "events": [{"kind": "icpc", "at": "2024-03-22"},]}
`
	var ids []string
	var errs []string
	for c, err := range ReadLines("cases.jsonl", strings.NewReader(in)) {
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"A-1", "A-3"}, ids)
	require.Len(t, errs, 3)
	assert.True(t, strings.HasPrefix(errs[0], `cases.jsonl:3:51: events[0].at: cannot read "2024-02-30"`), errs[0])
	assert.Equal(t, `cases.jsonl:4:1: want a case as a JSON object ({"case": ...}) on each line`, errs[1])
	assert.True(t, strings.HasPrefix(errs[2], "cases.jsonl:6:"), errs[2])

	// The first case is read fully.
	for c, err := range ReadLines("cases.jsonl", strings.NewReader(in)) {
		require.NoError(t, err)
		assert.Equal(t, time.Date(2024, 3, 22, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), c.Events[0].At.Format("2006-01-02"))
		break
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadLinesStreamError(t *testing.T) {
	var got []error
	for _, err := range ReadLines("cases.jsonl", failingReader{}) {
		got = append(got, err)
	}
	require.Len(t, got, 1)
	assert.EqualError(t, got[0], "disk on fire")
}

// A key a case management export adds is a warning on the case, naming
// its line and column, whether the line is read by the fast path or (for
// the tab) by Read; a near miss of a key of the case stays an error.
func TestReadLinesUnknownKeys(t *testing.T) {
	in := `{"case": "A-1", "source_system": "Mosaic", "events": []}` + "\n" +
		"{\"case\":\t\"A-2\", \"source_system\": \"Mosaic\", \"events\": []}\n" +
		`{"case": "A-3", "evnets": [{"kind": "icpc", "at": "2024-03-22"}]}` + "\n"
	var got []string
	for c, err := range ReadLines("caseload.jsonl", strings.NewReader(in)) {
		if err != nil {
			got = append(got, err.Error())
			continue
		}
		got = append(got, c.ID)
		got = append(got, c.Warnings...)
	}
	const warning = "unknown key, not read (a case file has case, as_of, child, facts and events)"
	assert.Equal(t, []string{
		"A-1", "caseload.jsonl:1:17: source_system: " + warning,
		"A-2", "caseload.jsonl:2:17: source_system: " + warning,
		"caseload.jsonl:3:17: evnets: unknown key (did you mean events?)",
	}, got)
}
