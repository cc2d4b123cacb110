package casefile

// Hostile case files and caseloads (issue 16): every case gets a case or an
// error naming the file, line and field, within bounded time and memory,
// and no case of a caseload is silently dropped.

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/bound"
)

// generous bounds reading a case: many times what it needs, so that a
// loaded machine or the race detector cannot make a test fail.
var generous = bound.Limits{Time: 5 * time.Second, Heap: 256 << 20}

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
