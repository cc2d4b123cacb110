package rules_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/heapwatch"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

// batchAsOf is the as-of date of the synthetic caseload.
var batchAsOf = at("2025-06-30")

// shippedEngland is the England policy as shipped (the policies package
// embeds the same file), for the caseload test and benchmarks.
const shippedEngland = "../policies/england.yaml"

// syntheticCases is a deterministic stream of n realistic cases with
// England's event kinds (randomCase, in reference_test.go): some on time,
// some late, some with events missing. Cases are made as they are read, so
// a stream of a million holds one at a time.
func syntheticCases(n int, seed int64) iter.Seq2[*timescale.Case, error] {
	return func(yield func(*timescale.Case, error) bool) {
		rng := rand.New(rand.NewSource(seed))
		for i := 0; i < n; i++ {
			c, _ := randomCase(rng, i)
			if !yield(c, nil) {
				return
			}
		}
	}
}

func TestEvaluateAll100000Cases(t *testing.T) {
	p := compileFile(t, shippedEngland)
	n := 100_000
	if testing.Short() {
		n = 5_000
	}
	next, breaches := 0, 0
	for o := range p.EvaluateAll(context.Background(), syntheticCases(n, 42), batchAsOf, rules.BatchOptions{Workers: 2}) {
		require.Equal(t, next, o.Index, "outcomes in input order")
		require.NoError(t, o.Err)
		breaches += o.Report.Breaches
		if o.Index%997 == 0 { // the same report as evaluating the case alone
			alone, err := p.Evaluate(o.Case, batchAsOf)
			require.NoError(t, err)
			require.Equal(t, alone, o.Report)
		}
		next++
	}
	assert.Equal(t, n, next)
	assert.Positive(t, breaches)
}

func TestEvaluateAllBadCasesDoNotStopTheOthers(t *testing.T) {
	p := compileFile(t, shippedEngland)
	readErr := errors.New("cases.jsonl:2:5: bad line")
	cases := func(yield func(*timescale.Case, error) bool) {
		_ = yield(&timescale.Case{ID: "A"}, nil) &&
			yield(nil, readErr) &&
			yield(&timescale.Case{ID: "OLD", Events: []timescale.Event{ev("referral", "1980-01-01")}}, nil) &&
			yield(&timescale.Case{ID: "D"}, nil)
	}
	var got []string
	for o := range p.EvaluateAll(context.Background(), cases, batchAsOf, rules.BatchOptions{}) {
		switch {
		case o.Err != nil:
			got = append(got, fmt.Sprintf("%d error: %v", o.Index, o.Err))
		default:
			got = append(got, fmt.Sprintf("%d %s", o.Index, o.Report.Case))
		}
	}
	require.Len(t, got, 4)
	assert.Equal(t, "0 A", got[0])
	assert.Equal(t, "1 error: cases.jsonl:2:5: bad line", got[1])
	assert.Contains(t, got[2], "2 error: case OLD: rule referral-decision-within-1-working-day: within: 1 Jan 1980 is outside")
	assert.Equal(t, "3 D", got[3])
}

func TestEvaluateAllStops(t *testing.T) {
	p := compileFile(t, shippedEngland)
	// On cancellation.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := 0
	for range p.EvaluateAll(ctx, syntheticCases(1_000_000, 7), batchAsOf, rules.BatchOptions{Workers: 2}) {
		seen++
		if seen == 100 {
			cancel()
		}
	}
	assert.Less(t, seen, 200, "stops soon after cancellation")
	assert.ErrorIs(t, ctx.Err(), context.Canceled)

	// When the loop breaks, the producer stops reading.
	var read atomic.Int64
	counted := func(yield func(*timescale.Case, error) bool) {
		for c, err := range syntheticCases(1_000_000, 7) {
			read.Add(1)
			if !yield(c, err) {
				return
			}
		}
	}
	for o := range p.EvaluateAll(context.Background(), counted, batchAsOf, rules.BatchOptions{Workers: 2}) {
		if o.Index == 10 {
			// This goroutine (in the loop's body), the reader and two
			// workers.
			assert.Equal(t, 4, batchGoroutines(), "the reader and workers run during the loop")
			break
		}
	}
	// The loop has ended only once the reader and the workers have done
	// (each has called wg.Done), so nothing is read after it, and each is
	// at most returning.
	assert.Zero(t, batchGoroutinesAfterExit(), "no goroutine outlives the loop")
	// Cases are read ahead in chunks of 64, at most 2 per worker waiting and
	// one being filled and one being handed over: (2*2+2)*64 = 384.
	readAtEnd := read.Load()
	assert.LessOrEqual(t, readAtEnd, int64(384), "reading stops when the loop does")
	runtime.Gosched()
	assert.Equal(t, readAtEnd, read.Load(), "and does not go on afterwards")

	// The same when the context is cancelled: the loop ends with every
	// goroutine.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	for o := range p.EvaluateAll(ctx2, syntheticCases(1_000_000, 8), batchAsOf, rules.BatchOptions{Workers: 3}) {
		if o.Index == 500 {
			cancel2()
		}
	}
	assert.Zero(t, batchGoroutinesAfterExit(), "no goroutine outlives a cancelled loop")
}

// batchGoroutinesAfterExit is batchGoroutines once those that have
// finished their work have had time to return: a goroutine that has called
// wg.Done can still be on the stack for a moment, at its closing brace. It
// gives up after a second.
func batchGoroutinesAfterExit() int {
	n := batchGoroutines()
	for i := 0; n > 0 && i < 1000; i++ {
		time.Sleep(time.Millisecond)
		n = batchGoroutines()
	}
	return n
}

// batchGoroutines counts the goroutines running EvaluateAll's code: its
// reader and workers, and a goroutine inside a loop over it. Counting
// them, not every goroutine, leaves out those the runtime and the race
// detector start and stop on their own.
func batchGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		// Inlined into its caller, its closures are named after the caller:
		// rules_test.TestX.(*Policy).EvaluateAll.func2.
		if strings.Contains(g, "(*Policy).EvaluateAll") {
			count++
		}
	}
	return count
}

// BenchmarkEvaluateAll measures throughput on 100,000 synthetic England
// cases (made before the timer starts) with 1 and 2 workers.
func BenchmarkEvaluateAll(b *testing.B) {
	p := compileFile(b, shippedEngland)
	const n = 100_000
	all := make([]*timescale.Case, 0, n)
	for c := range syntheticCases(n, 42) {
		all = append(all, c)
	}
	stream := func(yield func(*timescale.Case, error) bool) {
		for _, c := range all {
			if !yield(c, nil) {
				return
			}
		}
	}
	for _, bench := range []struct {
		workers     int
		resultsOnly bool
	}{{1, false}, {2, false}, {2, true}} {
		workers := bench.workers
		name := fmt.Sprintf("workers=%d", workers)
		if bench.resultsOnly {
			name += "/results-only"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				count := 0
				for o := range p.EvaluateAll(context.Background(), stream, batchAsOf, rules.BatchOptions{Workers: workers, ResultsOnly: bench.resultsOnly}) {
					if o.Err != nil {
						b.Fatal(o.Err)
					}
					count++
				}
				if count != n {
					b.Fatalf("%d outcomes, want %d", count, n)
				}
			}
			b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "cases/s")
		})
	}
}

// BenchmarkEvaluateAllMemory streams 10,000 and 1,000,000 cases, made as
// they are read, and reports the peak live heap: it must not grow with the
// number of cases. Run with -benchtime 1x.
func BenchmarkEvaluateAllMemory(b *testing.B) {
	p := compileFile(b, shippedEngland)
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("cases=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				runtime.GC()
				peak := heapwatch.Peak(func() {
					for o := range p.EvaluateAll(context.Background(), syntheticCases(n, 9), batchAsOf, rules.BatchOptions{Workers: 2}) {
						if o.Err != nil {
							b.Fatal(o.Err)
						}
					}
				})
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			}
		})
	}
}
