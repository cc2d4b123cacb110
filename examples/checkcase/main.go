// Command checkcase checks one child protection case against a policy's
// timescales and prints where each stands: met, late, overdue, due soon or
// pending.
//
//	go run ./examples/checkcase -policy england -asof 2024-05-01 examples/checkcase/testdata/late-icpc.yaml
//
// It is also the library's smallest complete example: load a policy, read a
// case, evaluate it, print the report.
//
// With -batch it checks a whole caseload of JSON Lines, one report a line.
//
// Exit status: 0 when the case was evaluated and nothing is breached, 1 when
// something is breached (late, overdue or violated), 2 for a usage or input
// error (with -batch: when any case could not be checked). Errors go to standard error, one line per problem, as
// file:line:column: message.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// Exit statuses.
const (
	exitOK       = 0
	exitBreached = 1
	exitError    = 2
)

func main() {
	os.Exit(run(os.Args[1:], env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		now:      time.Now,
		colour:   isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == "",
		progress: isTerminal(os.Stderr),
	}))
}

// env is what run needs from the outside world, so tests can supply it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	colour         bool // colour the text output (standard output is a terminal, NO_COLOR unset)
	progress       bool // show a progress bar for -batch (standard error is a terminal)
}

const usage = `Usage: checkcase -policy NAME|FILE [-asof DATE] [-format text|json|ics] [-explain] CASE
       checkcase -policy NAME|FILE [-asof DATE] [-workers N] -batch CASES.jsonl

Checks one case (a YAML or JSON file, or - for standard input) against a
policy's timescales; with -batch, every case of a JSON Lines file (one case
a line), writing one JSON report a line and a summary on standard error.

Examples:
  checkcase -policy england -asof 2024-05-01 examples/checkcase/testdata/late-icpc.yaml
  checkcase -policy my-council.yaml -format json case.json
  checkcase -policy england -format ics case.yaml > deadlines.ics
  checkcase -policy england -asof 2024-05-01 -batch caseload.jsonl > reports.jsonl

Flags:
`

const exitNote = `
Exit status: 0 when nothing is breached, 1 when something is late, overdue or
violated, 2 for a usage or input error.
`

func run(args []string, e env) int {
	fs := flag.NewFlagSet("checkcase", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	policyFlag := fs.String("policy", "", "a shipped policy (`NAME`: "+strings.Join(policies.Names(), ", ")+") or a policy FILE (.yaml)")
	asOfFlag := fs.String("asof", "", "evaluate as of this `DATE` (2024-05-01); default: the case's as_of, else today in London")
	format := fs.String("format", "text", "output `FORMAT`: text (a table), json (the report) or ics (the coming deadlines, for a calendar)")
	explain := fs.Bool("explain", false, "text format: say under each result how its due date was reached")
	version := fs.Bool("version", false, "print the version and exit")
	batch := fs.String("batch", "", "check every case of a JSON Lines `FILE` (one case a line; - for standard input) as of one date, writing one JSON report a line")
	workers := fs.Int("workers", 0, fmt.Sprintf("with -batch: how many cases to check at once, up to %d (default: one per core)", rules.MaxWorkers))
	fs.Usage = func() {
		fmt.Fprint(e.stderr, usage)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, exitNote)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	if *version {
		fmt.Fprintln(e.stdout, "checkcase", moduleVersion())
		return exitOK
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintln(e.stderr, printable(fmt.Sprintf("checkcase: "+format, a...)))
		return exitError
	}
	if *policyFlag == "" {
		return fail("-policy is required: a shipped policy (%s) or a policy file; see -h", strings.Join(policies.Names(), ", "))
	}
	if *format != "text" && *format != "json" && *format != "ics" {
		return fail("-format %q: want text, json or ics", *format)
	}
	if *workers < 0 || *workers > rules.MaxWorkers {
		return fail("-workers %d: want 0 (one per core) to %d", *workers, rules.MaxWorkers)
	}
	var asOf time.Time
	if *asOfFlag != "" {
		t, dateOnly, err := timescale.ParseTime(*asOfFlag)
		if err != nil || !dateOnly {
			return fail("-asof %q: want a date such as 2024-05-01", *asOfFlag)
		}
		asOf = t
	}
	policy, err := policies.LoadAny(*policyFlag)
	if err != nil {
		printErrors(e.stderr, err)
		return exitError
	}
	if !asOf.IsZero() && !policy.Calendar().Covers(asOf) {
		// Said once here, rather than once for every case of a batch.
		first, last := policy.Calendar().Range()
		return fail("-asof %s is outside the working-day calendar of policy %s (%s to %s)", *asOfFlag, policy.ID(), first.Format("2 Jan 2006"), last.Format("2 Jan 2006"))
	}
	if *batch != "" {
		if fs.NArg() != 0 {
			return fail("-batch reads its cases from its file; give no case file as well")
		}
		if asOf.IsZero() {
			asOf = e.now()
		}
		return runBatch(policy, *batch, asOf, *workers, e)
	}
	if fs.NArg() != 1 {
		return fail("give one case file (or - for standard input); see -h")
	}
	c, err := readCase(fs.Arg(0), e.stdin)
	if err != nil {
		printErrors(e.stderr, err)
		return exitError
	}
	name := c.name
	switch {
	case !asOf.IsZero():
	case !c.AsOf.IsZero():
		asOf = c.AsOf
	default:
		asOf = e.now()
	}
	report, err := policy.Evaluate(c.Case, asOf)
	if err != nil {
		return fail("%s: %v", name, err)
	}
	for _, w := range report.Warnings {
		fmt.Fprintln(e.stderr, printable(name+": warning: "+w))
	}
	switch *format {
	case "json":
		err = report.WriteJSON(e.stdout, "  ")
	case "ics":
		err = writeICS(e.stdout, report)
	default:
		err = writeText(e.stdout, policy, report, *explain, e.colour)
	}
	if err != nil {
		return fail("%v", err)
	}
	if report.Breaches > 0 {
		return exitBreached
	}
	return exitOK
}

// namedCase is a case with the name of the file it was read from.
type namedCase struct {
	*timescale.Case
	name string
}

// readCase reads a case from a named file, or from standard input for
// "-", no further than a case file may be (casefile.MaxFileSize).
func readCase(arg string, stdin io.Reader) (namedCase, error) {
	if arg == "-" {
		c, err := casefile.ReadFrom("<stdin>", stdin)
		return namedCase{c, "<stdin>"}, err
	}
	f, err := os.Open(arg)
	if errors.Is(err, os.ErrNotExist) {
		return namedCase{}, fmt.Errorf("%s: no such file", arg)
	}
	if err != nil {
		return namedCase{}, err
	}
	defer f.Close()
	c, err := casefile.ReadFrom(arg, f)
	return namedCase{c, arg}, err
}

// printErrors writes each problem of a policy or case file on its own line,
// file:line:column: message (without the source line and caret that
// rules.Error adds), control characters escaped.
func printErrors(w io.Writer, err error) {
	var policyErrs rules.ErrorList
	var caseErrs casefile.ErrorList
	switch {
	case errors.As(err, &policyErrs):
		for _, pe := range policyErrs {
			fmt.Fprintln(w, printable(pe.Summary()))
		}
	case errors.As(err, &caseErrs):
		for _, ce := range caseErrs {
			fmt.Fprintln(w, printable(ce.Error()))
		}
	default:
		fmt.Fprintln(w, printable("checkcase: "+err.Error()))
	}
}

func moduleVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "(devel)"
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// londonDate formats a date, or an instant with its time when withTime.
func londonDate(t time.Time, withTime bool) string {
	if t.IsZero() {
		return ""
	}
	if withTime {
		return t.In(calendar.London).Format("Mon 2 Jan 2006 15:04")
	}
	return t.In(calendar.London).Format(calendar.DayLayout)
}
