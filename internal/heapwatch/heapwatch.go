// Package heapwatch measures the largest live heap while a function runs,
// for the benchmarks that show a reader's or a batch's memory stays flat.
package heapwatch

// This file: sampling the live heap.

import (
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Peak runs f and returns the largest live heap (bytes of heap objects
// after a garbage collection cycle's marking, sampled every 5ms) seen while
// it ran.
func Peak(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak.Load()
}
