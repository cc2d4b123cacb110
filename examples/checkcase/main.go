// Command checkcase checks one child protection case against a policy's
// timescales and prints where each stands: met, late, overdue, due soon or
// pending.
//
//	go run ./examples/checkcase -policy england -asof 2024-05-01 examples/checkcase/testdata/late-icpc.yaml
//
// It is also the library's smallest complete example: load a policy, read a
// case, evaluate it, print the report.
//
// With -batch it checks a whole caseload of JSON Lines, one report a line;
// with -census, every child of a DfE CIN census file, as of its
// ReferenceDate. With -summary it prints the caseload's figures instead of
// the reports: for each rule, how many results have each status; the DfE's
// measure of ICPC timeliness (table C4); every InitialCPCtarget that is
// not 15 working days after its s47 enquiry's start; and the deadlines
// coming in the next -within N working days (default 10) and those
// overdue. With -ssd it checks every child of a Standard Safeguarding
// Dataset export, a directory of CSV tables.
//
// Formats: -format text (one case: a table), json (one case: the report;
// a caseload: one report a line), csv (a row a result, dates YYYY-MM-DD,
// for a spreadsheet; for one case or a caseload) and ics (the deadlines
// still open, overdue ones included and titled "OVERDUE: ...", as one
// iCalendar file, for one case or a caseload). A caseload's ics is a feed:
// regenerate it nightly and publish it where the team's calendars
// subscribe to it; each deadline keeps its UID (case, rule, instance,
// occurrence) from run to run (its DTSTAMP is the run's as-of date), so
// calendar applications update its event rather than adding another, and
// every event is transparent (it never shows a worker as busy). Move the
// new feed into place only when the run succeeded (exit status 0 or 1: a
// caseload not read to its end is 2, and its calendar is left unended):
//
//	checkcase -policy england -format ics -batch caseload.jsonl > team.ics.new; [ $? -le 1 ] && mv team.ics.new /srv/calendars/team.ics
//
// -summary writes text, json, csv or html (one self-contained page, with
// a chart of each rule's results and of the DfE's C4 bands, for a service
// manager).
//
// It also serves a council writing its own policy, without Go:
//
//	go run ./examples/checkcase -check examples/council/policy.yaml      # compile it, every error with its line
//	go run ./examples/checkcase -describe examples/council/policy.yaml   # what it reads and asks for (-format json)
//	go run ./examples/checkcase -test examples/council                   # its golden cases (-update rewrites them)
//
// Exit status: 0 when the case was evaluated and nothing is breached, 1 when
// something is breached (late, overdue or violated), 2 for a usage or input
// error. With a caseload: 0 when every case was checked and none is
// breached; 1 when any is breached or could not be checked (its output line
// says why, and the others are checked); 2 for a usage error or an input
// that cannot be read to its end. With -check: 0
// when the policy compiles, 2 when it does not. With -test: 0 when every
// golden case agrees, 1 when any differs, 2 for a broken policy or case.
// Errors go to standard error as file:line:column: message; a policy's
// errors are followed by the line of the file and a caret under the column.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// maxWithin is the most working days -within takes: about ten years.
const maxWithin = 2600

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

const usage = `Usage: checkcase -policy NAME|FILE [-asof DATE] [-format text|json|csv|ics] [-explain] CASE
       checkcase -policy NAME|FILE [-asof DATE] [-workers N] [-format json|csv|ics] -batch CASES.jsonl
       checkcase -policy NAME|FILE [-asof DATE] [-workers N] -summary [-format text|json|csv|html] [-within N] [-collection-year] -batch CASES.jsonl
       checkcase -policy NAME|FILE [-asof DATE] [-workers N] [-summary ...] [-format ...] -census FILE.xml
       checkcase -policy NAME|FILE [-asof DATE] [-workers N] [-summary ...] [-format ...] -ssd DIR
       checkcase -check NAME|FILE
       checkcase -describe NAME|FILE [-format text|json]
       checkcase -test DIR [-policy NAME|FILE] [-update]

Checks one case (a YAML or JSON file, or - for standard input) against a
policy's timescales; with -batch, every case of a JSON Lines file (one case
a line), writing one JSON report a line and a summary on standard error;
with -census, every child of a DfE Children in Need census file, as of its
ReferenceDate; with -ssd, every child of a Standard Safeguarding Dataset
export. With -summary, the caseload's figures instead of its reports, and
the deadlines due in the next -within N working days (default 10).

-format csv writes a row a result, for a spreadsheet (dates YYYY-MM-DD).
-format ics writes the deadlines still open (due soon, pending and overdue,
titled "due: ..." or "OVERDUE: ...") as one calendar, for one case or a
whole caseload: a feed to regenerate nightly (from cron, say) and
subscribe to, whose events keep their UIDs from run to run, so a calendar
application updates them rather than adding them again.
-summary -format html writes one self-contained page, with charts, for a
service manager.
-check compiles a policy and reports every problem in it; -describe says
what it asks for and what it reads; -test checks a folder of golden cases
(each case.yaml beside its case.golden.json) against DIR/policy.yaml.

Examples:
  checkcase -policy england -asof 2024-05-01 examples/checkcase/testdata/late-icpc.yaml
  checkcase -policy my-council.yaml -format json case.json
  checkcase -policy england -format ics case.yaml > deadlines.ics
  checkcase -policy england -format ics -batch caseload.jsonl > team.ics.new   # nightly; publish when exit status <= 1
  checkcase -policy england -format csv -batch caseload.jsonl > results.csv
  checkcase -policy england -summary -within 5 -format html -batch caseload.jsonl > summary.html
  checkcase -policy england -asof 2024-05-01 -batch caseload.jsonl > reports.jsonl
  checkcase -policy england -census cin-2024.xml > reports.jsonl
  checkcase -policy dfe-census -summary -collection-year -census cin-2024.xml
  checkcase -policy england -asof 2024-03-31 -summary -ssd ssd-export/
  checkcase -check examples/council/policy.yaml
  checkcase -describe england -format json
  checkcase -test examples/council

Flags:
`

const exitNote = `
Exit status: 0 when nothing is breached, 1 when something is late, overdue or
violated, 2 for a usage or input error. A caseload: 0 when every case was
checked and none is breached, 1 when any is breached or could not be checked,
2 for a usage error or an input not read to its end. -check: 0 when the policy compiles, 2
when it does not. -test: 0 when every golden case agrees, 1 when any differs
or has no golden file, 2 for a broken policy or case.
`

func run(args []string, e env) int {
	fs := flag.NewFlagSet("checkcase", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	policyFlag := fs.String("policy", "", "a shipped policy (`NAME`: "+strings.Join(policies.Names(), ", ")+") or a policy FILE (.yaml)")
	asOfFlag := fs.String("asof", "", "evaluate as of this `DATE` (2024-05-01); default: the case's as_of, else today in London")
	format := fs.String("format", "text", "output `FORMAT`: text (a table), json (the report), csv (a row a result, for a spreadsheet) or ics (the open deadlines, overdue included, for a calendar: a feed to regenerate nightly and subscribe to); a caseload's reports: json, csv or ics; -summary: text, json, csv or html")
	explain := fs.Bool("explain", false, "text format: say under each result how its due date was reached")
	version := fs.Bool("version", false, "print the version and exit")
	batch := fs.String("batch", "", "check every case of a JSON Lines `FILE` (one case a line; - for standard input) as of one date, writing one JSON report a line")
	ssdDir := fs.String("ssd", "", "check every child of a Standard Safeguarding Dataset export: a `DIR` of CSV tables (ssd_person.csv, ssd_cin_episodes.csv, ...), writing one JSON report a line")
	census := fs.String("census", "", "check every child of a DfE CIN census `FILE` (XML), as of its ReferenceDate unless -asof says otherwise, writing one JSON report a line")
	workers := fs.Int("workers", 0, fmt.Sprintf("with -batch, -census or -ssd: how many cases to check at once, up to %d (default: one per core)", rules.MaxWorkers))
	summaryFlag := fs.Bool("summary", false, "with -batch, -census or -ssd: print the caseload's figures (results by rule, the DfE's ICPC timeliness, wrong InitialCPCtarget dates) instead of its reports; -format json for one JSON object")
	within := fs.Int("within", 10, "with -summary: list the deadlines due within `N` working days of the as-of date (due soon or pending), soonest first, and every overdue one")
	collectionYear := fs.Bool("collection-year", false, "with -summary: count the DfE's ICPC timeliness over the conferences of the collection year only (1 April to the census's ReferenceDate, or to the as-of date), as the DfE's tables do; default: every enquiry")
	check := fs.String("check", "", "compile the policy `NAME|FILE` and report every problem in it, each with its line and a caret")
	describeFlag := fs.String("describe", "", "say what the policy `NAME|FILE` asks for and reads: each rule's period, start and what meets it, the event kinds, attributes and facts (-format text or json)")
	testDir := fs.String("test", "", "check every golden case in `DIR` and below against DIR/policy.yaml (or -policy): case.yaml against case.golden.json, as of its as_of")
	update := fs.Bool("update", false, "with -test: rewrite the golden files that differ or are missing")
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
	formatGiven, withinGiven := false, false
	fs.Visit(func(f *flag.Flag) {
		formatGiven = formatGiven || f.Name == "format"
		withinGiven = withinGiven || f.Name == "within"
	})
	if *version {
		fmt.Fprintln(e.stdout, "checkcase", moduleVersion())
		return exitOK
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintln(e.stderr, printable(fmt.Sprintf("checkcase: "+format, a...)))
		return exitError
	}
	givenCaseload := *batch != "" || *census != "" || *ssdDir != ""
	modes := 0
	for _, set := range []bool{*check != "", *describeFlag != "", *testDir != "", givenCaseload} {
		if set {
			modes++
		}
	}
	if modes > 1 {
		return fail("give one of -check, -describe, -test and a caseload (-batch, -census or -ssd)")
	}
	if *update && *testDir == "" {
		return fail("-update rewrites the golden files of -test DIR; give -test")
	}
	if (*check != "" || *describeFlag != "" || *testDir != "") && fs.NArg() != 0 {
		return fail("-check, -describe and -test take no case file")
	}
	switch {
	case *check != "":
		return runCheck(*check, e)
	case *describeFlag != "":
		if *format != "text" && *format != "json" {
			return fail("-format %q: -describe writes text or json", *format)
		}
		policy, ok := loadPolicy(*describeFlag, e)
		if !ok {
			return exitError
		}
		write := writeDescriptionText
		if *format == "json" {
			write = writeDescriptionJSON
		}
		if err := write(e.stdout, policy); err != nil {
			return fail("%v", err)
		}
		return exitOK
	case *testDir != "":
		var policy *rules.Policy
		if *policyFlag != "" {
			var ok bool
			if policy, ok = loadPolicy(*policyFlag, e); !ok {
				return exitError
			}
		}
		return runGoldens(*testDir, policy, *update, e)
	}
	if *policyFlag == "" {
		return fail("-policy is required: a shipped policy (%s) or a policy file; see -h", strings.Join(policies.Names(), ", "))
	}
	if !givenCaseload && *format != "text" && *format != "json" && *format != "ics" && *format != "csv" {
		return fail("-format %q: want text, json, csv or ics", *format)
	}
	if !givenCaseload && *explain && *format != "text" {
		return fail("-explain goes with -format text; the %s report always holds the explanations", *format)
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
	policy, ok := loadPolicy(*policyFlag, e)
	if !ok {
		return exitError
	}
	if !asOf.IsZero() && !policy.Calendar().Covers(asOf) {
		// Said once here, rather than once for every case of a batch.
		first, last := policy.Calendar().Range()
		return fail("-asof %s is outside the working-day calendar of policy %s (%s to %s)", *asOfFlag, policy.ID(), first.Format("2 Jan 2006"), last.Format("2 Jan 2006"))
	}
	inputs := 0
	for _, f := range []string{*batch, *census, *ssdDir} {
		if f != "" {
			inputs++
		}
	}
	if inputs > 1 {
		return fail("give one of -batch, -census and -ssd")
	}
	if (*summaryFlag || *collectionYear) && inputs == 0 {
		return fail("-summary and -collection-year go with -batch, -census or -ssd")
	}
	if *collectionYear && !*summaryFlag {
		return fail("-collection-year goes with -summary")
	}
	if *collectionYear && *census == "" && asOf.IsZero() {
		// A census ends its year at its ReferenceDate; other caseloads
		// would end it today, whatever their cases' dates.
		return fail("-collection-year with -batch or -ssd needs -asof, the last day of the collection year (2024-03-31)")
	}
	if withinGiven && !*summaryFlag {
		return fail("-within goes with -summary (with -batch, -census or -ssd)")
	}
	if *within < 0 || *within > maxWithin {
		return fail("-within %d: want 0 to %d working days", *within, maxWithin)
	}
	if inputs == 1 {
		if fs.NArg() != 0 {
			return fail("-batch, -census and -ssd read their cases from their file or directory; give no case file as well")
		}
		caseloadFormat := *format
		switch {
		case !formatGiven && *summaryFlag:
			caseloadFormat = "text"
		case !formatGiven:
			caseloadFormat = "json"
		case *summaryFlag && summaryFormats[caseloadFormat] == nil:
			return fail("-format %s: -summary writes %s", *format, strings.Join(slices.Sorted(maps.Keys(summaryFormats)), ", "))
		case !*summaryFlag && reportFormats[caseloadFormat] == nil:
			return fail("-format %s: a caseload's reports are written as %s (json: one line an input line); -summary for its figures", *format, strings.Join(slices.Sorted(maps.Keys(reportFormats)), ", "))
		}
		if *explain {
			return fail("-explain goes with the text of one case; a caseload's reports always hold their explanations")
		}
		var l *caseload
		var warnings []string
		var err error
		input := *batch + *census + *ssdDir // the one given
		switch {
		case *census != "":
			l, warnings, err = censusFile(*census)
		case *ssdDir != "":
			l, warnings, err = ssdExport(*ssdDir)
		default:
			l, err = jsonLines(*batch, e.stdin)
		}
		for _, w := range warnings {
			fmt.Fprintln(e.stderr, printable(w))
		}
		if errors.Is(err, os.ErrNotExist) {
			return fail("%s: no such file", input)
		}
		if err != nil {
			return fail("%v", err)
		}
		return runBatch(policy, l, batchOptions{workers: *workers, summary: *summaryFlag, format: caseloadFormat, collectionYear: *collectionYear,
			asOf: asOfOf(asOf, l.asOf, e.now), asOfGiven: !asOf.IsZero(), within: *within}, e)
	}
	if fs.NArg() != 1 {
		return fail("give one case file (or - for standard input); to check the policy alone, -check %s; see -h", *policyFlag)
	}
	name := fs.Arg(0)
	if name == "-" {
		name = "<stdin>"
	}
	c, err := readCase(name, e.stdin)
	if err != nil {
		printErrors(e.stderr, err)
		return exitError
	}
	report, err := policy.Evaluate(c, asOfOf(asOf, c.AsOf, e.now))
	if err != nil {
		return fail("%s: %v", name, err)
	}
	for _, w := range warningLines(name, c, report) {
		fmt.Fprintln(e.stderr, w)
	}
	switch *format {
	case "json":
		err = report.WriteJSON(e.stdout, "  ")
	case "ics":
		err = writeICS(e.stdout, report)
	case "csv":
		err = writeCSV(e.stdout, report)
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

// asOfOf is the date to evaluate as of: -asof's, else the one the input
// gives (a case's as_of, a census's ReferenceDate), else today.
func asOfOf(flag, input time.Time, now func() time.Time) time.Time {
	switch {
	case !flag.IsZero():
		return flag
	case !input.IsZero():
		return input
	}
	return now()
}

// readCase reads a case from a named file, or from standard input for
// "<stdin>", no further than a case file may be (casefile.MaxFileSize).
func readCase(name string, stdin io.Reader) (*timescale.Case, error) {
	if name == "<stdin>" {
		return casefile.ReadFrom(name, stdin)
	}
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", name)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return casefile.ReadFrom(name, f)
}

// loadPolicy loads a shipped policy or a policy file, printing every
// problem in it when it cannot.
func loadPolicy(nameOrFile string, e env) (*rules.Policy, bool) {
	policy, err := policies.LoadAny(nameOrFile)
	if err != nil {
		printErrors(e.stderr, err)
		return nil, false
	}
	return policy, true
}

// runCheck compiles a policy and reports every problem in it in full, or
// that it compiles and what it holds.
func runCheck(nameOrFile string, e env) int {
	policy, err := policies.LoadAny(nameOrFile)
	if err != nil {
		printErrors(e.stderr, err)
		var list rules.ErrorList
		if errors.As(err, &list) {
			fmt.Fprintf(e.stderr, "%s: %s\n", nameOrFile, count(len(list), "problem", "problems"))
		}
		return exitError
	}
	instances := len(policy.Instances())
	fmt.Fprintf(e.stdout, "%s: policy %s compiles: %s, %s, %s\n", nameOrFile, policy.ID(),
		count(len(policy.Rules()), "rule", "rules"), count(len(policy.Events()), "event kind", "event kinds"), count(instances, "instance kind", "instance kinds"))
	return exitOK
}

// printErrors writes each problem of a policy or case file: a policy's as
// rules.Error writes it, file:line:column: message then the line of the
// file and a caret under the column; a case file's on one line each;
// control characters escaped.
func printErrors(w io.Writer, err error) {
	var policyErrs rules.ErrorList
	var caseErrs casefile.ErrorList
	switch {
	case errors.As(err, &policyErrs):
		for _, pe := range policyErrs {
			fmt.Fprintln(w, printableLines(pe.Error()))
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

// isTerminal reports whether f is a terminal: not merely a character
// device, as /dev/null is (a nightly job's 2>/dev/null must not turn the
// progress bar on).
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// isoDate writes a date for data, in London: 2024-04-15, or with withTime
// "2024-04-15 09:00"; "" for the zero Time.
func isoDate(t time.Time, withTime bool) string {
	switch {
	case t.IsZero():
		return ""
	case withTime:
		return t.In(calendar.London).Format("2006-01-02 15:04")
	}
	return t.In(calendar.London).Format(time.DateOnly)
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
