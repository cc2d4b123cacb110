package rules_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/rules"
)

const digestPolicy = `policy: digest-test
title: Digest test
calendar: {region: england-and-wales}
events:
  strategy_discussion: {description: A strategy discussion.}
  icpc: {description: An initial child protection conference.}
rules:
  - id: icpc-within-15-working-days
    title: ICPC within 15 working days
    source: "Working Together: 15 working days"
    from: first(events.strategy_discussion)
    within: 15 working days
    done: events.icpc
`

func digestOf(t *testing.T, src string, opts ...rules.Option) string {
	t.Helper()
	p, err := rules.Compile([]byte(src), opts...)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(p.Digest(), "sha256:"), p.Digest())
	require.Len(t, p.Digest(), len("sha256:")+64)
	return p.Digest()
}

// TestDigest: the digest follows what the policy says, not how it is laid
// out: comments, spacing, flow or block style and the order of a rule's
// keys leave it as it was; a changed period, a changed description or a
// changed parent change it.
func TestDigest(t *testing.T) {
	base := digestOf(t, digestPolicy)
	relaidOut := `# The same policy, written another way.
policy: digest-test
title: "Digest test"
calendar:
  region: england-and-wales   # the bank holidays
events:
  strategy_discussion:
    description: A strategy discussion.
  icpc:
    description: An initial child protection conference.
rules:
  - within: 15 working days
    done: events.icpc
    id: icpc-within-15-working-days
    from: first(events.strategy_discussion)
    title: ICPC within 15 working days
    source: "Working Together: 15 working days"
`
	assert.Equal(t, base, digestOf(t, relaidOut), "layout, comments and key order")
	assert.NotEqual(t, base, digestOf(t, strings.Replace(digestPolicy, "within: 15 working days", "within: 16 working days", 1)), "a period")
	assert.NotEqual(t, base, digestOf(t, strings.Replace(digestPolicy, "A strategy discussion.", "A strategy meeting.", 1)), "a description")

	child := "policy: child-test\ntitle: Child\nextends: digest-test\n"
	parentAt := func(src string) rules.Option {
		return rules.WithLoader(func(id string) (string, []byte, error) { return id + ".yaml", []byte(src), nil })
	}
	withParent := digestOf(t, child, parentAt(digestPolicy))
	assert.Equal(t, withParent, digestOf(t, child, parentAt(relaidOut)), "a parent laid out another way")
	assert.NotEqual(t, withParent, digestOf(t, child, parentAt(strings.Replace(digestPolicy, "15 working days\n    done", "10 working days\n    done", 1))), "a parent's changed period")
	assert.NotEqual(t, base, withParent, "the child's own id and title")
}

// TestReportSaysWhatGaveIt: every report carries the policy's digest and
// the library's version.
func TestReportSaysWhatGaveIt(t *testing.T) {
	p, err := rules.Compile([]byte(digestPolicy))
	require.NoError(t, err)
	rep, err := p.Evaluate(localCase(nil), at("2024-06-10"))
	require.NoError(t, err)
	assert.Equal(t, p.Digest(), rep.PolicyDigest)
	assert.Equal(t, rules.Version(), rep.Library)
	// A test binary carries no version of its own module.
	assert.Equal(t, "github.com/safeguarding/timescales@devel", rules.Version())
}
