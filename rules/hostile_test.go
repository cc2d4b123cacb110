package rules_test

// Hostile policy files and cases (issue 16): each is refused with an error
// that names the file, line and key, or evaluated, within bounded time and
// memory.

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/bound"
	"github.com/safeguarding/timescales/rules"
)

// hostileHead starts a policy with one event kind.
const hostileHead = "policy: hostile\ntitle: Hostile\ncalendar: {region: england-and-wales}\nevents: {icpc: An ICPC., strategy_discussion: A strategy discussion.}\n"

// generous bounds a compile or an evaluation: many times what it needs,
// so that a loaded machine or the race detector cannot make a test fail.
var generous = bound.Limits{Time: 5 * time.Second, Heap: 256 << 20}

// compileErrors compiles src within generous bounds and returns its errors.
func compileErrors(t *testing.T, src string, opts ...rules.Option) rules.ErrorList {
	t.Helper()
	var err error
	u := bound.Run(t, generous, func() {
		_, err = rules.Compile([]byte(src), append([]rules.Option{rules.WithFilename("hostile.yaml")}, opts...)...)
	})
	t.Logf("compiled in %s", u)
	require.Error(t, err)
	var list rules.ErrorList
	require.True(t, errors.As(err, &list), "%T: %v", err, err)
	return list
}

// Item 8: a second YAML document in a policy, after --- or ..., broken or
// not, is an error at its line: none of its rules is silently dropped.
func TestHostileSecondDocument(t *testing.T) {
	for _, tt := range []struct {
		rest string
		line int
		msg  string
	}{
		{"---\nrules: [{id: dropped}]\n", 6, "a policy file holds one YAML document; this is a second"},
		{"...\n---\nrules: []\n", 7, "a policy file holds one YAML document; this is a second"},
		{"---\n", 6, "a policy file holds one YAML document; this is a second"},
		{"---\nrules: [broken\n", 0, "cannot read YAML"},
		{"...\nrules: [broken\n", 0, "cannot read YAML"},
	} {
		list := compileErrors(t, hostileHead+"rules: []\n"+tt.rest)
		require.Len(t, list, 1, "%q", tt.rest)
		assert.Contains(t, list[0].Msg, tt.msg, "%q", tt.rest)
		assert.Equal(t, rules.CodeYAML, list[0].Code)
		if tt.line > 0 {
			assert.Equal(t, tt.line, list[0].Line, "%q", tt.rest)
		}
	}
}

// Item 12: invalid UTF-8 and NUL bytes in a policy are reported at their
// line and column.
func TestHostileBadCharacters(t *testing.T) {
	list := compileErrors(t, hostileHead+"rules:\n  - id: a\n    title: \"caf\xe9\"\n")
	require.Len(t, list, 1)
	assert.Equal(t, "hostile.yaml:7:16: cannot read YAML: invalid UTF-8: the byte 0xe9 is not part of a character; save the file as UTF-8", list[0].Summary())

	list = compileErrors(t, hostileHead+"rules: []\n# a comment\x00\n")
	require.Len(t, list, 1)
	assert.Equal(t, "hostile.yaml:6:12: cannot read YAML: the control character U+0000 is not allowed in YAML", list[0].Summary())
}

// Item 2: an extends: cycle through a loader whose file names itself by
// another id than the one it was loaded by ends, with an error at the
// extends: that closes the cycle; so does a loader that makes up a new
// parent for ever.
func TestHostileExtendsCycleThroughLoader(t *testing.T) {
	// b.yaml calls itself c, and extends b.
	loader := func(id string) (string, []byte, error) {
		return id + ".yaml", []byte("policy: c\ntitle: C\ncalendar: {region: england-and-wales}\nextends: b\nrules: []\n"), nil
	}
	list := compileErrors(t, hostileHead+"extends: b\nrules: []\n", rules.WithLoader(loader))
	require.Len(t, list, 1)
	assert.Equal(t, `b.yaml:4:10: extends: policy "b" extends itself through hostile -> b -> b`, list[0].Summary())
	assert.Equal(t, rules.CodeExtends, list[0].Code)

	// Each parent extends one with a new name: p1, p2, ...
	endless := func(id string) (string, []byte, error) {
		var n int
		fmt.Sscanf(id, "p%d", &n)
		return id + ".yaml", fmt.Appendf(nil, "policy: %s\ntitle: P\ncalendar: {region: england-and-wales}\nextends: p%d\nrules: []\n", id, n+1), nil
	}
	list = compileErrors(t, hostileHead+"extends: p1\nrules: []\n", rules.WithLoader(endless))
	require.Len(t, list, 1)
	assert.Equal(t, fmt.Sprintf("p%d.yaml:4:10: extends: policy %q is more than %d policies deep in extends:", rules.MaxExtends, fmt.Sprintf("p%d", rules.MaxExtends+1), rules.MaxExtends), list[0].Summary())
}
