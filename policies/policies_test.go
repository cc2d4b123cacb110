package policies_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/timescale"
)

func TestEveryShippedPolicyLoads(t *testing.T) {
	names := policies.Names()
	require.Contains(t, names, "england")
	for _, name := range names {
		p, err := policies.Load(name)
		require.NoError(t, err, name)
		assert.Equal(t, name, p.ID(), "the file name is the policy's id")
		assert.NotEmpty(t, p.Title(), name)
		assert.NotEmpty(t, p.Source(), name)
		// Compile already refuses a rule without a title or source, or one
		// reading an event kind not declared in events:; this says so again.
		kinds := map[string]bool{}
		for _, k := range p.Events() {
			kinds[k.Kind] = true
			assert.NotEmpty(t, k.Description, "%s: event %s", name, k.Kind)
		}
		for _, r := range p.Rules() {
			assert.NotEmpty(t, r.Title, "%s: %s", name, r.ID)
			assert.NotEmpty(t, r.Source, "%s: %s", name, r.ID)
		}
		if name != "england" && name != "wales" && name != "scotland" && name != "northern-ireland" {
			assert.Equal(t, "england", p.Extends(), "%s extends the England baseline", name)
		}
	}
}

func TestEnglandRuleIDs(t *testing.T) {
	p, err := policies.Load("england")
	require.NoError(t, err)
	var ids []string
	for _, r := range p.Rules() {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{
		"referral-decision-within-1-working-day", "assessment-within-45-working-days", "icpc-within-15-working-days",
		"first-core-group-within-10-working-days", "first-review-within-3-months", "review-every-6-months",
	}, ids)
}

func TestLoadUnknown(t *testing.T) {
	_, err := policies.Load("atlantis")
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), `unknown policy "atlantis"; the shipped policies are `), err.Error())
	assert.Contains(t, err.Error(), "england")
	_, err = policies.Load("../policies/england")
	assert.Error(t, err)
}

func TestLoadFileExtendsAShippedPolicy(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "my-council.yaml")
	require.NoError(t, os.WriteFile(file, []byte(`policy: my-council
title: My Council
extends: england
calendar: {region: england-and-wales, closures: [2024-12-27]}
`), 0o644))
	p, err := policies.LoadAny(file)
	require.NoError(t, err)
	assert.Len(t, p.Rules(), 6)
	assert.False(t, p.Calendar().IsWorkingDay(at("2024-12-27")))

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("policy: bad\ntitle: Bad\nextends: englund\n"), 0o644))
	_, err = policies.LoadFile(bad)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), bad+`:3:10: extends: unknown policy "englund"; the shipped policies are `), err.Error())
}

func at(s string) time.Time {
	t, _, err := timescale.ParseTime(s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestLoadFileExtendsASiblingFile: a district's policy extends its county's
// file beside it, which extends england; a file that is not there is an
// error at the district's extends:, naming the county's file; a shipped
// policy cannot name a file.
func TestLoadFileExtendsASiblingFile(t *testing.T) {
	dir := t.TempDir()
	county := "policy: example-county\ntitle: Example County Council\nextends: england\ncalendar: {closures: [2024-12-27]}\n"
	district := "policy: example-district\ntitle: Example District\nextends: ./county.yaml\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "county.yaml"), []byte(county), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "district.yaml"), []byte(district), 0o644))
	p, err := policies.LoadFile(filepath.Join(dir, "district.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "example-county", p.Extends())
	england, err := policies.Load("england")
	require.NoError(t, err)
	assert.Equal(t, england.Rules(), p.Rules(), "England's rules, through the county's")
	assert.False(t, p.Calendar().IsWorkingDay(time.Date(2024, 12, 27, 12, 0, 0, 0, time.UTC)), "the county's closure")

	require.NoError(t, os.Remove(filepath.Join(dir, "county.yaml")))
	_, err = policies.LoadFile(filepath.Join(dir, "district.yaml"))
	require.Error(t, err)
	assert.Equal(t, filepath.Join(dir, "district.yaml")+":3:10: extends: cannot read the policy file "+filepath.Join(dir, "county.yaml")+": no such file", strings.SplitN(err.Error(), "\n", 2)[0])

	_, _, err = policies.Source("./county.yaml")
	assert.ErrorContains(t, err, `unknown policy "./county.yaml"`)
}
