package heapwatch

import (
	"runtime"
	"testing"
	"time"
)

var keep [][]byte

// Holding 64 MiB for a while shows in the peak.
func TestPeakSeesAnAllocation(t *testing.T) {
	runtime.GC()
	peak := Peak(func() {
		for range 64 {
			keep = append(keep, make([]byte, 1<<20))
		}
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
		keep = nil
	})
	if peak < 64<<20 {
		t.Fatalf("peak %d bytes, want at least 64 MiB", peak)
	}
}
