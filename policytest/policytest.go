// Package policytest checks a policy against its golden cases: case files
// kept beside the policy, each with the report it must give in a golden
// file beside it. It is how a council tests its own policy, and how this
// project tests the policies it ships: edit the policy, run the cases, and
// read what changed, result by result.
//
// A folder of golden cases looks like this:
//
//	council/
//	  policy.yaml                       the council's policy (extends: england, or ./county.yaml)
//	  county.yaml                       a policy file it extends (not a case: it has policy:)
//	  icpc-late-over-christmas.yaml     a case, with its as_of date
//	  icpc-late-over-christmas.golden.json
//	  ...
//
// Every case file in the folder and the folders below it (.yaml, .yml or
// .json; not a golden file, and not a policy file, which has policy: at its
// top and no case:) is evaluated as of its own as_of date against the
// policy.yaml nearest to it (in its folder, or the folder above, up to the
// folder given), or against the policy given with [WithPolicy] when there
// is none. Its report, as [rules.Report.WriteJSON] writes it with two
// spaces of indent (without its policy_digest and library, which change
// with any edit of the policy or the library), is compared with <case>.golden.json byte for byte; when
// they differ, the differences are listed result by result: the rule, the
// instance, the occurrence and each field, golden -> now.
//
// From Go, one call in a _test.go file beside the policy:
//
//	func TestPolicy(t *testing.T) { policytest.Run(t, ".") }
//
// go test -update (policytest defines the flag) rewrites the golden files
// with the reports the policy gives now; review the diff before committing
// it. Without Go, the example CLI does the same: checkcase -test DIR
// [-update].
package policytest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/safeguarding/timescales/internal/golden"
	"github.com/safeguarding/timescales/internal/yamlsrc"
	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// PolicyFile is the name of a folder's own policy.
const PolicyFile = "policy.yaml"

// GoldenSuffix ends the name of a case's golden file: case.yaml's is
// case.golden.json.
const GoldenSuffix = ".golden.json"

// Option configures Check and Run.
type Option func(*options)

type options struct {
	policy *rules.Policy
	update bool
}

// WithPolicy checks the cases that have no policy.yaml in their folder or
// above it against p: a shipped policy (policies.Load("england")), or one
// compiled by the caller.
func WithPolicy(p *rules.Policy) Option { return func(o *options) { o.policy = p } }

// WithUpdate rewrites each golden file that differs from the report the
// policy gives now, or that is missing.
func WithUpdate(update bool) Option { return func(o *options) { o.update = update } }

// Status is how a case's report compares with its golden file.
type Status int

// The statuses of a case.
const (
	// Agree: the report is the golden file, byte for byte.
	Agree Status = iota
	// Differ: the report differs from the golden file (Case.Diffs says how).
	Differ
	// Missing: the case has no golden file.
	Missing
	// Updated: the golden file differed or was missing, and has been
	// rewritten with the report (Case.Diffs says what changed).
	Updated
	// Broken: the case could not be checked: it cannot be read, has no
	// as_of date or no policy, or cannot be evaluated (Case.Err says why).
	Broken
)

// String names the status as -test prints it: ok, FAIL, MISSING, UPDATED,
// BROKEN.
func (s Status) String() string {
	switch s {
	case Agree:
		return "ok"
	case Differ:
		return "FAIL"
	case Missing:
		return "MISSING"
	case Updated:
		return "UPDATED"
	}
	return "BROKEN"
}

// Case is one golden case and how it compared.
type Case struct {
	Path   string // the case file
	Golden string // its golden file
	Policy *rules.Policy
	Report *rules.Report // nil when the case is Broken
	Status Status
	// Diffs are the differences from the golden file (for Differ and
	// Updated), in report order.
	Diffs []Difference
	Err   error // for Broken: why
}

// Result is every case of a folder, in path order.
type Result struct {
	Cases []*Case
}

// Count returns how many cases have the status.
func (r *Result) Count(s Status) int {
	n := 0
	for _, c := range r.Cases {
		if c.Status == s {
			n++
		}
	}
	return n
}

// Failed reports whether any case differs from its golden file or has
// none (Updated cases do not count: they agree now).
func (r *Result) Failed() bool { return r.Count(Differ) > 0 || r.Count(Missing) > 0 }

// Broken reports whether any case could not be checked.
func (r *Result) Broken() bool { return r.Count(Broken) > 0 }

// Summary says how the cases compared, in one line: "5 cases: 4 agree, 1
// differs".
func (r *Result) Summary() string {
	parts := []string{fmt.Sprintf("%d agree", r.Count(Agree))}
	if n := r.Count(Differ); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, "differs", "differ")))
	}
	if n := r.Count(Missing); n > 0 {
		parts = append(parts, fmt.Sprintf("%d without a golden file", n))
	}
	if n := r.Count(Updated); n > 0 {
		parts = append(parts, fmt.Sprintf("%d golden %s rewritten", n, plural(n, "file", "files")))
	}
	if n := r.Count(Broken); n > 0 {
		parts = append(parts, fmt.Sprintf("%d could not be checked", n))
	}
	return fmt.Sprintf("%d %s: %s", len(r.Cases), plural(len(r.Cases), "case", "cases"), strings.Join(parts, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Check evaluates every case in dir and below against its policy and
// compares each report with its golden file. It returns an error, and no
// result, for a folder it cannot read or a policy.yaml that does not
// compile (a rules.ErrorList, every problem with its line and a caret); a
// case that cannot be checked is Broken, and the others are still checked.
func Check(dir string, opts ...Option) (*Result, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	files, err := caseFiles(dir)
	if err != nil {
		return nil, err
	}
	loaded := map[string]*rules.Policy{}
	res := &Result{}
	for _, file := range files {
		path := file.path
		c := &Case{Path: path, Golden: goldenPath(path)}
		res.Cases = append(res.Cases, c)
		policyPath := nearestPolicy(dir, filepath.Dir(path))
		switch {
		case policyPath != "" && loaded[policyPath] == nil:
			p, err := policies.LoadFile(policyPath)
			if err != nil {
				return nil, err
			}
			loaded[policyPath] = p
			c.Policy = p
		case policyPath != "":
			c.Policy = loaded[policyPath]
		case o.policy != nil:
			c.Policy = o.policy
		default:
			c.Status, c.Err = Broken, fmt.Errorf("%s: no policy: no %s in its folder or above it in %s, and none given", path, PolicyFile, dir)
			continue
		}
		check(c, file.src, o.update)
	}
	return res, nil
}

// check evaluates one case, whose file holds src (nil when it was not
// read whole: it is then read again, within its size limit, to say why),
// and compares it with its golden file.
func check(c *Case, src []byte, update bool) {
	var cs *timescale.Case
	var err error
	if src != nil {
		cs, err = casefile.Read(c.Path, src)
	} else {
		cs, err = readCase(c.Path)
	}
	if err != nil {
		c.Status, c.Err = Broken, err
		return
	}
	if cs.AsOf.IsZero() {
		c.Status, c.Err = Broken, fmt.Errorf("%s: a golden case gives its as_of date, so that its report does not change with the day it is checked", c.Path)
		return
	}
	rep, err := c.Policy.Evaluate(cs, cs.AsOf)
	if err != nil {
		c.Status, c.Err = Broken, fmt.Errorf("%s: %w", c.Path, err)
		return
	}
	c.Report = rep
	// A golden file holds the verdicts, not what gave them: a policy
	// changed where it does not touch a case keeps that case's file.
	rep.PolicyDigest, rep.Library = "", ""
	var now bytes.Buffer
	if err := rep.WriteJSON(&now, "  "); err != nil {
		c.Status, c.Err = Broken, fmt.Errorf("%s: %w", c.Path, err)
		return
	}
	want, err := os.ReadFile(c.Golden)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		c.Status = Missing
	case err != nil:
		c.Status, c.Err = Broken, err
		return
	case bytes.Equal(want, now.Bytes()):
		c.Status = Agree
		return
	default:
		c.Status = Differ
		c.Diffs = diffReports(want, now.Bytes())
	}
	if !update {
		return
	}
	if err := os.WriteFile(c.Golden, now.Bytes(), 0o644); err != nil {
		c.Status, c.Err = Broken, err
		return
	}
	c.Status = Updated
}

// Run checks the cases in dir as Check does, each in a subtest named by
// its path from dir, which fails with the differences. A folder that
// cannot be read or a policy that does not compile fails the test. With go
// test -update (or WithUpdate), golden files that differ are rewritten and
// the subtest logs what changed. It returns the result, for tests that
// look further at the reports.
func Run(t *testing.T, dir string, opts ...Option) *Result {
	t.Helper()
	if *golden.Update {
		opts = append(opts, WithUpdate(true))
	}
	res, err := Check(dir, opts...)
	if err != nil {
		t.Fatalf("%v", err)
		return nil
	}
	if len(res.Cases) == 0 {
		t.Fatalf("no golden cases in %s", dir)
	}
	for _, c := range res.Cases {
		name, err := filepath.Rel(dir, c.Path)
		if err != nil {
			name = c.Path
		}
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			switch c.Status {
			case Differ:
				t.Errorf("%s differs from %s (golden -> now):\n%s(run go test with -update to rewrite it, then review the diff line by line)", c.Path, c.Golden, FormatDiffs(c.Diffs))
			case Missing:
				t.Errorf("%s has no golden file %s (run go test with -update to write it, then review it line by line)", c.Path, c.Golden)
			case Updated:
				t.Logf("%s rewritten (golden -> now):\n%s", c.Golden, FormatDiffs(c.Diffs))
			case Broken:
				t.Errorf("%v", c.Err)
			}
		})
	}
	return res
}

// goldenPath returns the golden file of a case file.
func goldenPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + GoldenSuffix
}

// nearestPolicy returns the policy.yaml in dir, or the nearest folder above
// it up to root; "" when there is none.
func nearestPolicy(root, dir string) string {
	root = filepath.Clean(root)
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		p := filepath.Join(d, PolicyFile)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if d == root || d == filepath.Dir(d) { // dir is root or below it (WalkDir's)
			return ""
		}
	}
}

// caseFile is a case file found, with what it holds (nil when it could
// not be read whole).
type caseFile struct {
	path string
	src  []byte
}

// readCase reads a case file within its size limit.
func readCase(path string) (*timescale.Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return casefile.ReadFrom(path, f)
}

// caseFiles returns the case files in dir and below, sorted, each read
// once: to tell a case from a policy beside it, and to be checked.
func caseFiles(dir string) ([]caseFile, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	var out []caseFile
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		switch ext := filepath.Ext(name); {
		case strings.HasSuffix(name, GoldenSuffix), name == PolicyFile, strings.HasPrefix(name, "."):
			return nil
		case ext != ".yaml" && ext != ".yml" && ext != ".json":
			return nil
		}
		src := readWhole(path)
		if isPolicy(src) {
			return nil
		}
		out = append(out, caseFile{path, src})
		return nil
	})
	slices.SortFunc(out, func(a, b caseFile) int { return strings.Compare(a.path, b.path) })
	return out, err
}

// readWhole returns what a file holds, or nil when it cannot be read or is
// larger than a case file may be.
func readWhole(path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	src, err := yamlsrc.ReadAll(f, casefile.MaxFileSize)
	if err != nil {
		return nil
	}
	return src
}

// isPolicy reports whether a YAML file's src is a policy (policy: at its
// top, and no case:) rather than a case.
func isPolicy(src []byte) bool {
	if src == nil {
		return false
	}
	m, err := yamlsrc.Decode(src)
	if err != nil || m.Kind != yaml.MappingNode {
		return false // a case file that cannot be read: casefile.Read says why
	}
	var policy, cs bool
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch m.Content[i].Value {
		case "policy":
			policy = true
		case "case":
			cs = true
		}
	}
	return policy && !cs
}
