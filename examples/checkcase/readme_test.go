package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeSection returns the README's "Policy files" section, which walks a
// council through writing, checking, describing and testing its policy.
func readmeSection(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	s := string(src)
	start := strings.Index(s, "## Policy files")
	end := strings.Index(s, "## How periods are counted")
	require.True(t, start >= 0 && end > start, "the README has its Policy files section")
	return s[start:end]
}

// block is a fenced block of the README: its info string ("sh", "yaml",
// "") and its lines.
type block struct {
	info  string
	lines []string
	// follows is set when only blank lines separate it from the block
	// before.
	follows bool
}

func blocks(section string) []block {
	var out []block
	var cur *block
	blank := false
	for _, line := range strings.Split(section, "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			out = append(out, block{info: strings.TrimPrefix(line, "```"), follows: blank && len(out) > 0})
			cur = &out[len(out)-1]
		case cur != nil && line == "```":
			cur, blank = nil, true
		case cur != nil:
			cur.lines = append(cur.lines, line)
		case strings.TrimSpace(line) != "":
			blank = false
		}
	}
	return out
}

// TestReadmeCommands runs every checkcase command of the README's Policy
// files section, as written, from the repository's root: each exits 0, and
// an output block that follows a command's block is what it printed (lines
// of "..." stand for lines left out).
func TestReadmeCommands(t *testing.T) {
	bs := blocks(readmeSection(t))
	t.Chdir("../..")
	ran := 0
	var out string
	for _, b := range bs {
		if b.info == "" && b.follows && out != "" {
			for _, line := range b.lines {
				if line != "..." && !strings.Contains(out, line+"\n") {
					t.Errorf("the README shows %q, which the command above it does not print", line)
				}
			}
		}
		out = ""
		if b.info != "sh" {
			continue
		}
		for _, line := range b.lines {
			cmd, _, _ := strings.Cut(line, "#")
			args := strings.Fields(cmd)
			require.GreaterOrEqual(t, len(args), 3, line)
			require.Equal(t, []string{"go", "run", "./examples/checkcase"}, args[:3], "a README command runs the example CLI: %s", line)
			r := checkcase(t, args[3:]...)
			assert.Equal(t, exitOK, r.code, "%s\n%s", line, r.stderr)
			out += r.stdout
			ran++
		}
	}
	assert.GreaterOrEqual(t, ran, 7, "the README's commands")
}

// TestReadmeCheckExample: the README's example of -check's errors is what
// -check prints for testdata/my-district.yaml, a district's policy with four
// slips.
func TestReadmeCheckExample(t *testing.T) {
	var want []string
	for _, b := range blocks(readmeSection(t)) {
		if len(b.lines) > 0 && strings.HasPrefix(b.lines[0], "my-district.yaml:") {
			want = b.lines
		}
	}
	require.NotEmpty(t, want, "the README shows -check's errors")
	t.Chdir("testdata")
	r := checkcase(t, "-check", "my-district.yaml")
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, strings.Join(want, "\n")+"\n", r.stderr)
}

// TestReadmeTestExample: the README's example of a failing -test is what
// -test prints for the council's folder with the district's visit within 4
// working days, not 5.
func TestReadmeTestExample(t *testing.T) {
	var want []string
	for _, b := range blocks(readmeSection(t)) {
		if len(b.lines) > 0 && strings.HasPrefix(b.lines[0], "FAIL ") {
			want = b.lines
		}
	}
	require.NotEmpty(t, want, "the README shows a failing -test")
	dir := copyCouncil(t)
	policy := filepath.Join(dir, "policy.yaml")
	require.NoError(t, os.WriteFile(policy, []byte(strings.Replace(string(mustRead(t, policy)), "    within: 5 working days\n", "    within: 4 working days\n", 1)), 0o644))
	r := checkcase(t, "-test", dir)
	assert.Equal(t, exitBreached, r.code)
	out := strings.ReplaceAll(r.stdout, dir, "examples/council")
	for _, line := range want {
		if line != "..." && !strings.Contains(out, line+"\n") {
			t.Errorf("the README shows %q, which -test does not print:\n%s", line, out)
		}
	}
}
