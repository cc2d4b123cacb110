package main

// This file: -test, a folder of golden cases checked against its policy,
// through policytest, as a council's Go test would check them.

import (
	"fmt"

	"github.com/safeguarding/timescales/policytest"
	"github.com/safeguarding/timescales/rules"
)

// runGoldens checks the golden cases in dir and prints each that does not
// agree with the results that changed. Exit status: 0 when every case
// agrees (or has been rewritten, with update), 1 when any differs or has no
// golden file, 2 when the policy or a case is broken.
func runGoldens(dir string, policy *rules.Policy, update bool, e env) int {
	opts := []policytest.Option{policytest.WithUpdate(update)}
	if policy != nil {
		opts = append(opts, policytest.WithPolicy(policy))
	}
	res, err := policytest.Check(dir, opts...)
	if err != nil {
		printErrors(e.stderr, err)
		return exitError
	}
	for _, c := range res.Cases {
		// Each case's lines are escaped once, as written: a path or a
		// golden file's values reach the terminal, control characters
		// included.
		var out string
		switch c.Status {
		case policytest.Agree:
			out = fmt.Sprintf("%-9s%s\n", c.Status, c.Path)
		case policytest.Differ:
			out = fmt.Sprintf("%-9s%s differs from %s (golden -> now):\n%s", c.Status, c.Path, c.Golden, policytest.FormatDiffs(c.Diffs))
		case policytest.Missing:
			out = fmt.Sprintf("%-9s%s has no golden file %s\n", c.Status, c.Path, c.Golden)
		case policytest.Updated:
			if len(c.Diffs) == 0 {
				out = fmt.Sprintf("WRITTEN  %s (new: review it line by line)\n", c.Golden)
			} else {
				out = fmt.Sprintf("%-9s%s (golden -> now):\n%s", c.Status, c.Golden, policytest.FormatDiffs(c.Diffs))
			}
		case policytest.Broken:
			out = fmt.Sprintf("%-9s%s\n", c.Status, c.Path)
		}
		fmt.Fprint(e.stdout, printableLines(out))
		if c.Status == policytest.Broken {
			printErrors(e.stderr, c.Err)
		}
	}
	summary := res.Summary()
	switch {
	case len(res.Cases) == 0:
		fmt.Fprintf(e.stderr, "checkcase: no case files in %s\n", dir)
		return exitError
	case res.Failed():
		summary += "; run again with -update to rewrite the golden files, then review the diff line by line"
	case res.Count(policytest.Updated) > 0:
		summary += "; review the rewritten files before committing them"
	}
	fmt.Fprintln(e.stdout, summary)
	switch {
	case res.Broken():
		return exitError
	case res.Failed():
		return exitBreached
	}
	return exitOK
}
