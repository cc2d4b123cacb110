package main

// This file: -batch, a caseload of JSON Lines in, one report a line out.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// runBatch checks every case of a JSON Lines file (or standard input, "-")
// and writes one JSON report a line. A line that is not a case is reported
// on standard error and the others go on. A progress bar shows on standard
// error when it is a terminal; a summary follows at the end.
func runBatch(policy *rules.Policy, arg string, asOf time.Time, workers int, e env) int {
	name, in := "<stdin>", e.stdin
	if arg != "-" {
		f, err := os.Open(arg)
		if err != nil {
			fmt.Fprintf(e.stderr, "checkcase: %v\n", err)
			return exitError
		}
		defer f.Close()
		name, in = arg, f
	}
	var bar *progressbar.ProgressBar
	if e.progress {
		total := int64(-1) // unknown for standard input: a spinner
		if arg != "-" {
			total = countLines(arg)
		}
		bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("checking cases"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("cases"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	out := bufio.NewWriter(e.stdout)
	checked, failed, breached := 0, 0, 0
	byRule := map[string]int{}
	outcomes := policy.EvaluateAll(context.Background(), casefile.ReadLines(name, in), asOf, rules.BatchOptions{Workers: workers})
	for o := range outcomes {
		if bar != nil {
			_ = bar.Add(1)
		}
		if o.Err != nil {
			failed++
			if bar != nil {
				_ = bar.Clear()
			}
			printBatchError(e.stderr, name, o)
			continue
		}
		checked++
		if o.Report.Breaches > 0 {
			breached++
		}
		for _, b := range o.Report.BreachList() {
			byRule[b.Rule]++
		}
		if err := o.Report.WriteJSON(out, ""); err != nil {
			fmt.Fprintf(e.stderr, "checkcase: %v\n", err)
			return exitError
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(e.stderr, "checkcase: %v\n", err)
		return exitError
	}
	if bar != nil {
		_ = bar.Finish()
	}
	writeSummary(e.stderr, asOf, checked, breached, failed, byRule)
	switch {
	case failed > 0:
		return exitError
	case breached > 0:
		return exitBreached
	}
	return exitOK
}

func printBatchError(w io.Writer, name string, o rules.Outcome) {
	var caseErrs casefile.ErrorList
	if errors.As(o.Err, &caseErrs) {
		printErrors(w, o.Err)
		return
	}
	// Named by its line of the caseload when it was read; by its place in
	// it otherwise.
	where := fmt.Sprintf("%s: case %d", name, o.Index+1)
	if o.Case != nil && o.Case.Line > 0 {
		where = fmt.Sprintf("%s:%d", name, o.Case.Line)
	}
	fmt.Fprintln(w, printable(where+": "+o.Err.Error()))
}

// writeSummary says how many cases were checked, how many had breaches,
// which rules were breached how often, and how many could not be checked.
func writeSummary(w io.Writer, asOf time.Time, checked, breached, failed int, byRule map[string]int) {
	fmt.Fprintf(w, "%s checked as of %s: %s with breaches, %s could not be checked\n",
		count(checked, "case", "cases"), londonDate(asOf, false), count(breached, "case", "cases"), count(failed, "case", "cases"))
	rulesBreached := make([]string, 0, len(byRule))
	for r := range byRule {
		rulesBreached = append(rulesBreached, r)
	}
	sort.Slice(rulesBreached, func(i, j int) bool {
		a, b := rulesBreached[i], rulesBreached[j]
		if byRule[a] != byRule[b] {
			return byRule[a] > byRule[b]
		}
		return a < b
	})
	for _, r := range rulesBreached {
		fmt.Fprintf(w, "  %6d  %s\n", byRule[r], r)
	}
}

// countLines counts the non-blank lines of a file, for the progress bar's
// total; -1 when it cannot be read.
func countLines(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return -1
	}
	defer f.Close()
	var n int64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), casefile.MaxLineSize)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			n++
		}
	}
	if sc.Err() != nil {
		return -1
	}
	return n
}
