package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/safeguarding/timescales/internal/heapwatch"
	"github.com/safeguarding/timescales/internal/synthetic"
	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// syntheticCaseloadFile writes n invented cases (internal/synthetic) as a
// JSON Lines file.
func syntheticCaseloadFile(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), fmt.Sprintf("caseload-%d.jsonl", n))
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := synthetic.WriteJSONLines(f, synthetic.Cases(n, 7)); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// runBatchFile runs checkcase -batch on a file as a data officer would,
// the reports written (and discarded), and fails the benchmark unless
// every case was checked.
func runBatchFile(b *testing.B, path string, n int) {
	runCaseload(b, n, "cases", "-asof", synthetic.AsOf.Format(time.DateOnly), "-batch", path)
}

// BenchmarkBatch checks 100,000 invented cases two ways, and reports cases
// a second of each: cli, through the command end to end (reading JSON
// Lines, decoding and evaluating on every core, writing one JSON report a
// line); and in-memory, EvaluateAll on the same cases already read (with
// one worker per core), the engine alone. The issue asks that cli be at
// least half of in-memory.
func BenchmarkBatch(b *testing.B) {
	const n = 100_000
	path := syntheticCaseloadFile(b, n)
	b.Run("cli", func(b *testing.B) {
		fi, _ := os.Stat(path)
		b.SetBytes(fi.Size())
		start := time.Now()
		for range b.N {
			runBatchFile(b, path, n)
		}
		b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "cases/s")
	})
	b.Run("in-memory", func(b *testing.B) {
		p, err := policies.Load("england")
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		var cases []*timescale.Case
		for c, err := range casefile.ReadLines(path, f) {
			if err != nil {
				b.Fatal(err)
			}
			cases = append(cases, c)
		}
		stream := func(yield func(*timescale.Case, error) bool) {
			for _, c := range cases {
				if !yield(c, nil) {
					return
				}
			}
		}
		b.ResetTimer()
		start := time.Now()
		for range b.N {
			count := 0
			for o := range p.EvaluateAll(context.Background(), stream, synthetic.AsOf, rules.BatchOptions{}) {
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

// BenchmarkBatchMemory reports the peak live heap while the command checks
// 100,000 and 1,000,000 invented cases end to end: it must not grow with
// the number of cases. Run with -benchtime 1x.
func BenchmarkBatchMemory(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("cases=%d", n), func(b *testing.B) {
			path := syntheticCaseloadFile(b, n)
			b.ResetTimer()
			for range b.N {
				runtime.GC()
				peak := heapwatch.Peak(func() { runBatchFile(b, path, n) })
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			}
		})
	}
}
