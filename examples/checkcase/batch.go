package main

// This file: a caseload in (JSON Lines, a census file, an SSD export), one
// report a line out.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// caseload is where a batch's cases come from.
type caseload struct {
	name string // names the input in errors
	// reads are the input's cases, each read when called (on the worker
	// that checks it).
	reads iter.Seq[func() (*timescale.Case, error)]
	// place names what places a case in the input, for the output line of
	// one that could not be checked: "line" of a JSON Lines file, "child"
	// of a census or an export (its number, from 1).
	place string
	// total counts the cases, for the progress bar (only when one is
	// shown: it reads the input once more); nil or -1 when not known.
	total func() int64
	// noun names the cases ("case", "child"), and nouns many of them.
	noun, nouns string
	// asOf is the date the input says to evaluate as of (a census's
	// ReferenceDate), or zero; asOfWhy says where it comes from.
	asOf    time.Time
	asOfWhy string
	// warnings holds what reading each case found odd, by its index, to be
	// said (a line each, as written) when its outcome is.
	warnings *caseWarnings
	// err returns why the input could not be read to its end, once it
	// has been, or nil; it is not called when the last case failed for
	// the same reason (reported already).
	err func() error
	// close releases the input.
	close func()
}

// caseWarnings holds warnings by case index, written by the goroutine that
// reads the cases and taken by the one that writes the reports.
type caseWarnings struct {
	mu sync.Mutex
	m  map[int][]string
}

func (w *caseWarnings) add(i int, msgs []string) {
	if w == nil || len(msgs) == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[int][]string{}
	}
	w.m[i] = msgs
}

func (w *caseWarnings) take(i int) []string {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	msgs := w.m[i]
	delete(w.m, i)
	return msgs
}

// jsonLines is the caseload of a JSON Lines file, or of standard input
// ("-").
func jsonLines(arg string, stdin io.Reader) (*caseload, error) {
	l := &caseload{name: "<stdin>", place: "line", noun: "case", nouns: "cases", close: func() {}}
	in := stdin
	if arg != "-" {
		f, err := os.Open(arg)
		if err != nil {
			return nil, err
		}
		l.name, in, l.close = arg, f, func() { f.Close() }
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			// Counted by reading the file again: only a file can be (a
			// pipe or /dev/stdin would be drained).
			l.total = func() int64 { return countLines(arg) }
		}
	}
	r := &readErr{r: in}
	l.err = func() error { return r.err }
	l.reads = casefile.Lines(l.name, r)
	return l, nil
}

// readErr is a reader that keeps its first error other than io.EOF: a
// caseload that could not be read to its end (a directory, a failing
// disk), which is not one bad line but the input.
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

// eagerly gives cases already read as reads.
func eagerly(cases iter.Seq2[*timescale.Case, error]) iter.Seq[func() (*timescale.Case, error)] {
	return func(yield func(func() (*timescale.Case, error)) bool) {
		for c, err := range cases {
			if !yield(func() (*timescale.Case, error) { return c, err }) {
				return
			}
		}
	}
}

// batchOptions are -batch's flags.
type batchOptions struct {
	workers        int
	summary        bool
	format         string // the reports' (json, csv, ics), or with summary the summary's (text, json, csv, html)
	collectionYear bool
	// asOf is the date to check as of: -asof's when asOfGiven, else the
	// input's (a census's ReferenceDate) or today, for the cases that do
	// not give their own as_of.
	asOf      time.Time
	asOfGiven bool
	// within is -within's number of working days.
	within int
}

// runBatch checks every case of a caseload and writes its reports in the
// format asked for (JSON Lines: one line an input line), or with -summary
// the caseload's figures. A case that cannot be checked is reported on
// standard error, and in the reports, and the others go on. A progress bar
// shows on standard error when it is a terminal; the counts follow at the
// end.
//
// Exit status: 2 when the input could not be read to its end; else 1 when
// any case is breached or could not be checked, 0 when every case was
// checked and none is breached.
func runBatch(policy *rules.Policy, l *caseload, opts batchOptions, e env) int {
	defer l.close()
	// A batch's live heap is a few megabytes, whatever its size (the cases
	// in flight): collecting when it has grown fourfold, not twofold,
	// halves the collector's work for a few megabytes more.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	var bar *progressbar.ProgressBar
	if e.progress {
		total := int64(-1) // unknown: a spinner
		if l.total != nil {
			total = l.total()
		}
		bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("checking "+l.nouns),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString(l.nouns),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	// say writes a line on standard error, clearing the progress bar first.
	say := func(line string) {
		if bar != nil {
			_ = bar.Clear()
		}
		fmt.Fprintln(e.stderr, line)
	}
	out := bufio.NewWriter(e.stdout)
	sum := newSummary(policy, l, opts)
	var reports reportWriter
	if !opts.summary {
		reports = reportFormats[opts.format](out, l)
	}
	var lastErr error
	place := 0 // the place of the last outcome
	outcomes := policy.EvaluateEach(context.Background(), l.reads, opts.asOf, rules.BatchOptions{
		Workers:     opts.workers,
		ResultsOnly: opts.summary, // the figures need no explanations
		CaseAsOf:    !opts.asOfGiven,
	})
	for o := range outcomes {
		if bar != nil {
			_ = bar.Add(1)
		}
		for _, w := range l.warnings.take(o.Index) {
			say(printable(w))
		}
		place = placeOf(l, o, place)
		var err error
		var blank *casefile.BlankLine
		switch {
		case errors.As(o.Err, &blank):
			sum.blank++
			if reports != nil {
				err = reports.blank(place)
			}
		case o.Err != nil:
			sum.failed++
			lastErr = o.Err
			problems := batchErrorLines(l, o)
			for _, line := range problems {
				say(line)
			}
			if reports != nil {
				err = reports.failed(place, problems)
			}
		default:
			lastErr = nil
			sum.add(o.Case, o.Report)
			if len(o.Report.Warnings) > 0 { // worded only then: most cases have none
				for _, w := range warningLines(l.name+placeWords(l, place), o.Case, o.Report) {
					say(w)
				}
			}
			if reports != nil {
				err = reports.report(place, o.Report)
			}
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "checkcase: %v\n", err)
			return exitError
		}
	}
	fileErr := l.err()
	if fileErr != nil && !sameProblem(lastErr, fileErr) {
		say(printableLines(fileErr.Error()))
	}
	var err error
	if reports != nil {
		err = reports.finish(fileErr == nil)
	} else {
		err = summaryFormats[opts.format](sum, out)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "checkcase: %v\n", err)
		return exitError
	}
	if bar != nil {
		_ = bar.Finish()
	}
	sum.writeCounts(e.stderr)
	switch {
	case fileErr != nil:
		return exitError
	case sum.failed > 0 || sum.breached > 0:
		return exitBreached
	}
	return exitOK
}

// placeWords names a case's place after its input's name: ":7" for line 7
// of a JSON Lines file, ": child 3" for a census's or an export's third.
func placeWords(l *caseload, place int) string {
	if l.place == "line" {
		return fmt.Sprintf(":%d", place)
	}
	return fmt.Sprintf(": %s %d", l.place, place)
}

// warningLines words a report's warnings for standard error, a line each:
// what reading the case found (which names its own place) as it is, the
// policy's after where, the case's place ("caseload.jsonl:7: warning:
// ..."). Control characters are escaped.
func warningLines(where string, c *timescale.Case, rep *rules.Report) []string {
	lines := make([]string, 0, len(rep.Warnings))
	for i, w := range rep.Warnings {
		if i < len(c.Warnings) {
			lines = append(lines, printable(w))
			continue
		}
		lines = append(lines, printable(where+": warning: "+w))
	}
	return lines
}

// placeOf is where an outcome is in its input: for a JSON Lines file its
// line (the case's, or its problem's), for a census or an export its
// number; last is the place of the outcome before it.
func placeOf(l *caseload, o rules.Outcome, last int) int {
	if l.place != "line" {
		return o.Index + 1
	}
	var blank *casefile.BlankLine
	var list casefile.ErrorList
	switch {
	case o.Case != nil && o.Case.Line > 0:
		return o.Case.Line
	case errors.As(o.Err, &blank):
		return blank.Line
	case errors.As(o.Err, &list) && len(list) > 0 && list[0].Line > 0:
		return list[0].Line
	}
	return last + 1 // a stream that could not be read on: after the last
}

// sameProblem reports whether the input's error was the last case's
// (a file cut off inside a child).
func sameProblem(caseErr, fileErr error) bool {
	if caseErr == nil {
		return false
	}
	u, ok := fileErr.(interface{ Unwrap() []error })
	if !ok {
		return errors.Is(caseErr, fileErr)
	}
	for _, p := range u.Unwrap() {
		if !errors.Is(caseErr, p) {
			return false
		}
	}
	return true
}

// batchErrorLines words why a case could not be checked: each problem of a
// list (a case file's, a census child's) on its own line; another error
// after the case's line of the caseload, or its place in it when it has no
// line. Control characters are escaped.
func batchErrorLines(l *caseload, o rules.Outcome) []string {
	if u, ok := o.Err.(interface{ Unwrap() []error }); ok {
		var lines []string
		for _, p := range u.Unwrap() {
			lines = append(lines, printable(p.Error()))
		}
		return lines
	}
	where := fmt.Sprintf("%s: %s %d", l.name, l.noun, o.Index+1)
	if o.Case != nil && o.Case.Line > 0 {
		where = fmt.Sprintf("%s:%d", l.name, o.Case.Line)
	}
	return []string{printable(where + ": " + o.Err.Error())}
}

// countLines counts the lines of a file, for the progress bar's total (the
// bar moves on for each line, blank or not); -1 when it cannot be read.
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
		n++
	}
	if sc.Err() != nil {
		return -1
	}
	return n
}

// sortedByCount returns the keys of counts, most first, then by name.
func sortedByCount(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if counts[a] != counts[b] {
			return counts[a] > counts[b]
		}
		return a < b
	})
	return keys
}
