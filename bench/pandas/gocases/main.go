// Command gocases is the Go side of the pandas benchmark (see ../README.md).
//
// It generates n deterministic random single-episode England cases, writes
// them as the CSV a council analyst would have (cases.csv) with the bank
// holidays of England and Wales for the years they cover (holidays.csv),
// builds the same cases in memory as []*timescale.Case, and times
// Policy.EvaluateAll over them with the shipped england policy, 2 workers and
// ResultsOnly, best of several runs. It then writes the results of the three
// rules the analyst computes (go-results.csv: case, rule, due, status,
// working_days_late) and prints cases a second, also written to go-rate.
//
// It is built by go vet ./... but run only by ../run, never by go test.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"iter"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

// The three rules of the shipped england policy that the analyst computes,
// in the policy's order (the order of go-results.csv and pandas-results.csv).
var compared = []string{
	"icpc-within-15-working-days",
	"first-core-group-within-10-working-days",
	"first-review-within-3-months",
}

// asOfDate is the one as-of date of every case: the Thursday before Good
// Friday 2025, so the due_soon window (2 working days) skips Good Friday and
// Easter Monday and ends on Tuesday 22 April.
const asOfDate = "2025-04-17"

// firstDiscussion is the earliest strategy discussion generated; the latest
// is the as-of date itself.
const firstDiscussion = "2023-01-01"

// record is one generated case, as both sides see it: a referral, the
// strategy discussion that initiated s47 enquiries (and its s47_started on
// the same date), and, when held or booked, the initial conference (with
// whether it made a plan), the first core group and the first review
// conference. A zero time means not held and not booked.
type record struct {
	id         string
	referral   time.Time
	discussion time.Time
	icpc       time.Time
	plan       bool
	coreGroup  time.Time
	review     time.Time
}

func main() {
	n := flag.Int("n", 200000, "number of cases")
	runs := flag.Int("runs", 5, "timed runs of EvaluateAll; the best is reported")
	workers := flag.Int("workers", 2, "BatchOptions.Workers")
	seed := flag.Uint64("seed", 1, "seed of the random cases")
	dir := flag.String("out", "", "directory for cases.csv, holidays.csv, go-results.csv and go-rate (required)")
	flag.Parse()
	if *dir == "" || *n < 1 || *runs < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir, *n, *runs, *workers, *seed); err != nil {
		log.Fatal(err)
	}
}

// run generates the cases, writes the analyst's input files, times
// EvaluateAll and writes its results and rate into dir.
func run(dir string, n, runs, workers int, seed uint64) error {
	asOf := day(asOfDate)
	recs := generate(n, seed, day(firstDiscussion), asOf)
	if err := writeCases(filepath.Join(dir, "cases.csv"), recs); err != nil {
		return err
	}
	cal, err := calendar.New(calendar.EnglandAndWales)
	if err != nil {
		return err
	}
	first, last := recs[0].discussion.Year(), asOf.Year()+1
	if err := writeHolidays(filepath.Join(dir, "holidays.csv"), cal, first, last); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "asof"), []byte(asOfDate+"\n"), 0o644); err != nil {
		return err
	}

	policy, err := policies.Load("england")
	if err != nil {
		return err
	}
	cases := make([]*timescale.Case, len(recs))
	for i := range recs {
		cases[i] = recs[i].toCase()
	}
	opts := rules.BatchOptions{Workers: workers, ResultsOnly: true}

	best := time.Duration(0)
	for r := 0; r < runs; r++ {
		start := time.Now()
		results, err := evaluate(policy, cases, asOf, opts, nil)
		if err != nil {
			return err
		}
		elapsed := time.Since(start)
		fmt.Fprintf(os.Stderr, "go: run %d: %d cases, %d results in %v\n", r+1, n, results, elapsed.Round(time.Millisecond))
		if best == 0 || elapsed < best {
			best = elapsed
		}
	}
	rate := float64(n) / best.Seconds()
	fmt.Printf("go: %d cases, EvaluateAll (Workers: %d, ResultsOnly) best of %d runs: %v, %.0f cases/s\n",
		n, workers, runs, best.Round(time.Millisecond), rate)
	if err := os.WriteFile(filepath.Join(dir, "go-rate"), []byte(strconv.FormatFloat(rate, 'f', 0, 64)+"\n"), 0o644); err != nil {
		return err
	}
	return writeResults(filepath.Join(dir, "go-results.csv"), policy, cases, asOf, opts)
}

// evaluate runs EvaluateAll over cases and returns how many results it gave;
// when each is not nil it is called with every report, in input order.
func evaluate(policy *rules.Policy, cases []*timescale.Case, asOf time.Time, opts rules.BatchOptions, each func(*rules.Report) error) (int, error) {
	results := 0
	for o := range policy.EvaluateAll(context.Background(), seq(cases), asOf, opts) {
		if o.Err != nil {
			return results, o.Err
		}
		results += len(o.Report.Results)
		if each != nil {
			if err := each(o.Report); err != nil {
				return results, err
			}
		}
	}
	return results, nil
}

// seq yields the cases held in memory, as EvaluateAll reads a stream.
func seq(cases []*timescale.Case) iter.Seq2[*timescale.Case, error] {
	return func(yield func(*timescale.Case, error) bool) {
		for _, c := range cases {
			if !yield(c, nil) {
				return
			}
		}
	}
}

// day is the date s (YYYY-MM-DD) as midnight in London; s is a constant of
// this program, so a bad one panics.
func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, calendar.London)
	if err != nil {
		panic(err)
	}
	return t
}

// addDays is t plus n calendar days, as midnight in London (AddDate keeps
// the wall clock across a change of the clocks).
func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// generate makes n records from seed, their strategy discussions spread
// evenly over [from, asOf], any day of the week, in date order. About 92% have
// an initial conference (most within 21 days, some later, some booked after
// asOf), 88% of those making a plan; about 85% of plans have a core group
// (some late, some booked) and 60% a review conference (some late, some
// booked); the rest are missing, and overdue or pending by their dates.
func generate(n int, seed uint64, from, asOf time.Time) []record {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	span := int(asOf.Sub(from).Hours()/24+0.5) + 1
	recs := make([]record, n)
	for i := range recs {
		r := &recs[i]
		r.id = fmt.Sprintf("C%07d", i+1)
		r.discussion = addDays(from, i*span/n)
		r.referral = addDays(r.discussion, -rng.IntN(8))
		if rng.IntN(100) < 92 {
			wait := 1 + rng.IntN(21) // mostly within 15 working days
			if rng.IntN(100) < 15 {
				wait = 18 + rng.IntN(30) // late
			}
			r.icpc = addDays(r.discussion, wait)
			r.plan = rng.IntN(100) < 88
		}
		if !r.plan {
			continue
		}
		if rng.IntN(100) < 85 {
			wait := rng.IntN(14)
			if rng.IntN(100) < 15 {
				wait = 12 + rng.IntN(25)
			}
			r.coreGroup = addDays(r.icpc, wait)
		}
		if rng.IntN(100) < 60 {
			wait := 60 + rng.IntN(32)
			if rng.IntN(100) < 15 {
				wait = 88 + rng.IntN(40)
			}
			r.review = addDays(r.icpc, wait)
		}
	}
	return recs
}

// toCase is the record in England's vocabulary: a referral, a strategy
// discussion with s47: true and an s47_started on its date, an icpc with
// plan:, a core_group and an rcpc, each dated with no time of day.
func (r *record) toCase() *timescale.Case {
	ev := func(kind string, at time.Time, attrs map[string]any) timescale.Event {
		return timescale.Event{Kind: kind, At: at, DateOnly: true, Attributes: attrs}
	}
	events := []timescale.Event{
		ev("referral", r.referral, nil),
		ev("strategy_discussion", r.discussion, map[string]any{"s47": true}),
		ev("s47_started", r.discussion, nil),
	}
	if !r.icpc.IsZero() {
		events = append(events, ev("icpc", r.icpc, map[string]any{"plan": r.plan}))
	}
	if !r.coreGroup.IsZero() {
		events = append(events, ev("core_group", r.coreGroup, nil))
	}
	if !r.review.IsZero() {
		events = append(events, ev("rcpc", r.review, nil))
	}
	return &timescale.Case{ID: r.id, Events: events}
}

// date writes t as YYYY-MM-DD, or nothing for the zero time.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// create opens a buffered file for writing, and gives the function that
// flushes and closes it.
func create(name string) (*bufio.Writer, func() error, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	return w, func() error {
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}, nil
}

// writeCases writes the records as an analyst's export: one row a case, the
// dates of the strategy discussion, the ICPC, whether the ICPC made a plan
// (true or false; empty with no ICPC), the first core group and the first
// review conference, each empty when not held or booked.
func writeCases(name string, recs []record) error {
	w, done, err := create(name)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "case_id,strategy_discussion,icpc,icpc_plan,core_group,review")
	for i := range recs {
		r := &recs[i]
		plan := ""
		if !r.icpc.IsZero() {
			plan = strconv.FormatBool(r.plan)
		}
		fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s\n", r.id, date(r.discussion), date(r.icpc), plan, date(r.coreGroup), date(r.review))
	}
	return done()
}

// writeHolidays writes the bank holidays of cal's region for the years first
// to last, from the library's calendar: date and name.
func writeHolidays(name string, cal *calendar.Calendar, first, last int) error {
	w, done, err := create(name)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "date,name")
	for y := first; y <= last; y++ {
		for _, h := range cal.Holidays(y) {
			fmt.Fprintf(w, "%s,%s\n", date(h.Date), h.Name)
		}
	}
	return done()
}

// writeResults evaluates the cases once more, untimed, and writes the
// results of the compared rules: case, rule, due (empty when none), status
// and working days late.
func writeResults(name string, policy *rules.Policy, cases []*timescale.Case, asOf time.Time, opts rules.BatchOptions) error {
	w, done, err := create(name)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "case_id,rule,due,status,working_days_late")
	_, err = evaluate(policy, cases, asOf, opts, func(rep *rules.Report) error {
		for _, id := range compared {
			found := 0
			for _, r := range rep.Results {
				if r.Rule != id {
					continue
				}
				found++
				due := ""
				if !r.Due.Time.IsZero() {
					due = date(r.Due.Date())
				}
				fmt.Fprintf(w, "%s,%s,%s,%s,%d\n", rep.Case, r.Rule, due, r.Status, r.WorkingDaysLate)
			}
			if found != 1 {
				return fmt.Errorf("case %s: %d results of rule %s, want 1 for a single-episode case", rep.Case, found, id)
			}
		}
		return nil
	})
	if err != nil {
		done()
		return err
	}
	return done()
}
