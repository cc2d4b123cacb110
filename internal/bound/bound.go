// Package bound runs a piece of work in a test under a bound on its time
// and on the heap it grows, for the tests of hostile input: a bound is the
// promise those tests check, so a test fails (rather than hangs or runs the
// machine out of memory) when the work breaks it.
//
// The bounds are meant to be generous, many times what the work needs, so
// that a loaded machine or the race detector does not make a test flaky.
package bound

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// Limits bounds one piece of work.
type Limits struct {
	// Time bounds the wall-clock time the work takes.
	Time time.Duration
	// Heap bounds how far the live heap may grow above where it was when
	// the work started, in bytes, sampled every few milliseconds and once
	// more when the work ends.
	Heap uint64
}

// Generous bounds a compile, a read or an evaluation of hostile input: 5 s
// and 256 MB, many times what any of them needs.
var Generous = Limits{Time: 5 * time.Second, Heap: 256 << 20}

// Usage is what a piece of work used.
type Usage struct {
	Time time.Duration
	// Heap is the highest growth of the heap seen while it ran.
	Heap uint64
}

// String says what was used: "12ms, heap +3.1 MB".
func (u Usage) String() string {
	return fmt.Sprintf("%v, heap +%.1f MB", u.Time.Round(time.Millisecond), float64(u.Heap)/(1<<20))
}

// sample is how often the heap is looked at.
const sample = 5 * time.Millisecond

// Run runs f and fails t when f takes longer than lim.Time or grows the
// heap by more than lim.Heap. It stops waiting for f as soon as a bound is
// broken (f's goroutine is then left running: a test that fails this way
// has found work that does not end). It returns what f used.
func Run(t testing.TB, lim Limits, f func()) Usage {
	t.Helper()
	u, msg := measure(lim, f)
	if msg != "" {
		t.Fatalf("%s (bound: %v, heap +%d MB)", msg, lim.Time, lim.Heap>>20)
	}
	return u
}

// measure runs f within lim, and returns what it used and, when it broke a
// bound, why.
func measure(lim Limits, f func()) (Usage, string) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	grown := func() uint64 {
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc < base {
			return 0
		}
		return ms.HeapAlloc - base
	}
	done := make(chan any, 1)
	start := time.Now()
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	tick := time.NewTicker(sample)
	defer tick.Stop()
	deadline := time.NewTimer(lim.Time)
	defer deadline.Stop()
	var u Usage
	for {
		select {
		case p := <-done:
			u.Time = time.Since(start)
			u.Heap = max(u.Heap, grown())
			if p != nil {
				panic(p)
			}
			if u.Heap > lim.Heap {
				return u, fmt.Sprintf("the heap grew by %s", u)
			}
			return u, ""
		case <-tick.C:
			u.Heap = max(u.Heap, grown())
			if u.Heap > lim.Heap {
				u.Time = time.Since(start)
				return u, fmt.Sprintf("still running after %s, over the heap bound", u)
			}
		case <-deadline.C:
			u.Time = time.Since(start)
			return u, fmt.Sprintf("still running after %s, over the time bound", u)
		}
	}
}
