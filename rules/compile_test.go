package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/golden"
	"github.com/safeguarding/timescales/rules"
)

// TestCompileErrors compiles each bad policy in testdata/errors and
// compares the full error text with its golden file, so any change in
// wording or position is a reviewed diff.
func TestCompileErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			_, err = rules.Compile(src, rules.WithFilename(path), rules.WithLoader(testLoader))
			require.Error(t, err)
			var list rules.ErrorList
			require.True(t, errors.As(err, &list), "a compile error is an ErrorList")
			for _, e := range list {
				assert.Equal(t, path, e.File)
			}
			golden.Check(t, strings.TrimSuffix(path, ".yaml")+".golden", []byte(err.Error()+"\n"))
		})
	}
}

func TestCompileErrorFields(t *testing.T) {
	src, err := os.ReadFile("testdata/errors/bad-periods.yaml")
	require.NoError(t, err)
	_, err = rules.Compile(src, rules.WithFilename("bad-periods.yaml"))
	var list rules.ErrorList
	require.ErrorAs(t, err, &list)
	var within *rules.Error
	for _, e := range list {
		if e.Key == "within" {
			within = e
		}
	}
	require.NotNil(t, within)
	assert.Equal(t, "icpc-within-15-working-days", within.Rule)
	assert.Equal(t, 13, within.Line)
	assert.Equal(t, 13, within.Column)
	assert.Equal(t, `bad-periods.yaml:13:13: rule icpc-within-15-working-days: within: cannot read "fifteen working dayz" as a period; write a whole number and a unit: "15 working days", "1 working day", "28 days" (or "28 calendar days"), "6 weeks", "3 months", "48 hours"
 |     within: fifteen working dayz
 | ............^`, within.Error())
	// errors.As finds each error through the list.
	var one *rules.Error
	assert.True(t, errors.As(err, &one))
}

func TestCompileValidPolicies(t *testing.T) {
	for _, path := range []string{"testdata/england.yaml", "testdata/bench20.yaml"} {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		p, err := rules.Compile(src, rules.WithFilename(path), rules.WithLoader(testLoader))
		require.NoError(t, err, path)
		for _, r := range p.Rules() {
			assert.NotEmpty(t, r.Title, r.ID)
			assert.NotEmpty(t, r.Source, r.ID)
		}
	}
}

func FuzzCompile(f *testing.F) {
	for _, dir := range []string{"testdata/*.yaml", "testdata/errors/*.yaml"} {
		files, _ := filepath.Glob(dir)
		for _, path := range files {
			src, err := os.ReadFile(path)
			require.NoError(f, err)
			f.Add(string(src))
		}
	}
	f.Add("policy: x\ntitle: y\ncalendar: {region: scotland}\nevents: {a: b}\nvariables: {v: 'variables.v'}\nrules: [{id: a, title: t, source: s, every: 1 day, from: first(events.a), done: events.a}]")
	f.Fuzz(func(t *testing.T, src string) {
		p, err := rules.Compile([]byte(src), rules.WithFilename("fuzz.yaml"), rules.WithLoader(testLoader))
		if err != nil {
			var list rules.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			return
		}
		// A policy that compiles evaluates any case without panicking.
		_, _ = p.Evaluate(twentyEventCase(), at("2024-07-01"))
	})
}
