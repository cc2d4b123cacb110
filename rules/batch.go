package rules

// This file: a caseload evaluated on every core, in input order.

import (
	"context"
	"iter"
	"runtime"
	"sync"
	"time"

	"github.com/safeguarding/timescales/timescale"
)

// BatchOptions configures EvaluateAll.
type BatchOptions struct {
	// Workers is how many cases are evaluated at once; 0 (or less) means
	// one per core (runtime.GOMAXPROCS), and more than MaxWorkers means
	// MaxWorkers.
	Workers int
	// ResultsOnly evaluates each case as EvaluateResults does: results and
	// warnings without their explanations, for a summary, a spreadsheet of
	// results or statistics.
	ResultsOnly bool
	// CaseAsOf evaluates a case that gives its own as-of date (Case.AsOf)
	// as of that date, and only the others as of the date EvaluateAll is
	// given: for a caseload whose lines each say when they were taken.
	CaseAsOf bool
}

// MaxWorkers bounds BatchOptions.Workers: 256, far more than there are
// cores to run them. Each worker holds up to two chunks of cases, so a
// number taken as given (100,000,000) would take memory without bound.
const MaxWorkers = 256

// Outcome is what became of one case of a batch.
type Outcome struct {
	// Index is the case's position in the input, from 0.
	Index int
	// Case is the case, or nil when it could not be read.
	Case *timescale.Case
	// Report is the case's report, or nil when Err is set.
	Report *Report
	// Err is why the case could not be read or evaluated.
	Err error
}

// EvaluateAll evaluates a stream of cases concurrently, as of one date, and
// yields an Outcome for each in input order. A case the stream could not
// read (its error) or that fails to evaluate gives an Outcome with Err, and
// the others go on.
//
// At most a few hundred cases per worker are in flight at once, so memory
// does not grow with the number of cases. Evaluation stops when ctx is cancelled
// (check ctx.Err() after the loop) or when the loop stops early; cases the
// stream is still producing are then dropped. Either way the loop ends only
// once every goroutine EvaluateAll started has ended (after the case the
// stream is reading, if it is reading one).
func (p *Policy) EvaluateAll(ctx context.Context, cases iter.Seq2[*timescale.Case, error], asOf time.Time, opts BatchOptions) iter.Seq[Outcome] {
	return p.EvaluateEach(ctx, func(yield func(func() (*timescale.Case, error)) bool) {
		for c, err := range cases {
			if !yield(func() (*timescale.Case, error) { return c, err }) {
				return
			}
		}
	}, asOf, opts)
}

// EvaluateEach is EvaluateAll for cases still to be read: each item of
// cases reads one case when called, and is called on the worker that
// evaluates that case, so that reading (decoding a line of JSON) runs on
// every core too. casefile.Lines gives a JSON Lines stream as such items.
func (p *Policy) EvaluateEach(ctx context.Context, cases iter.Seq[func() (*timescale.Case, error)], asOf time.Time, opts BatchOptions) iter.Seq[Outcome] {
	return func(yield func(Outcome) bool) {
		workers := opts.Workers
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		workers = min(workers, MaxWorkers)
		ctx, cancel := context.WithCancel(ctx)
		// On the way out, early or not, stop the reader and the workers and
		// wait for them: no goroutine outlives the loop.
		var wg sync.WaitGroup
		defer wg.Wait()
		defer cancel()

		// Cases travel in chunks, so that handing work between goroutines
		// costs little beside evaluating it.
		const chunkSize = 64
		type chunk struct {
			reads    []func() (*timescale.Case, error)
			outcomes []Outcome
			done     chan struct{} // closed when the chunk is evaluated
		}
		work := make(chan *chunk)
		// pending holds the chunks in input order; its size bounds the
		// cases in flight.
		pending := make(chan *chunk, 2*workers)

		wg.Add(1 + workers)
		go func() { // read the cases
			defer wg.Done()
			defer close(work)
			defer close(pending)
			send := func(ch *chunk) bool {
				select {
				case pending <- ch:
				case <-ctx.Done():
					return false
				}
				select {
				case work <- ch:
					return true
				case <-ctx.Done():
					return false
				}
			}
			ch := &chunk{done: make(chan struct{})}
			i := 0
			for read := range cases {
				ch.reads = append(ch.reads, read)
				ch.outcomes = append(ch.outcomes, Outcome{Index: i})
				i++
				if len(ch.outcomes) == chunkSize {
					if !send(ch) {
						return
					}
					ch = &chunk{done: make(chan struct{})}
				}
				if ctx.Err() != nil {
					return
				}
			}
			if len(ch.outcomes) > 0 {
				send(ch)
			}
		}()
		for w := 0; w < workers; w++ {
			go func() {
				defer wg.Done()
				for ch := range work {
					for i := range ch.outcomes {
						o := &ch.outcomes[i]
						o.Case, o.Err = ch.reads[i]()
						ch.reads[i] = nil
						switch {
						case o.Err != nil:
						case o.Case == nil:
							o.Err = ErrNoCase
						default:
							day := asOf
							if opts.CaseAsOf && !o.Case.AsOf.IsZero() {
								day = o.Case.AsOf
							}
							o.Report, o.Err = p.evaluate(o.Case, day, opts.ResultsOnly)
						}
					}
					close(ch.done)
				}
			}()
		}
		for ch := range pending {
			select {
			case <-ch.done:
			case <-ctx.Done():
				return
			}
			for _, o := range ch.outcomes {
				if ctx.Err() != nil || !yield(o) {
					return
				}
			}
		}
	}
}
