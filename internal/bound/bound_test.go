package bound

import (
	"strings"
	"testing"
	"time"
)

func TestMeasure(t *testing.T) {
	lim := Limits{Time: 5 * time.Second, Heap: 64 << 20}
	u, msg := measure(lim, func() {})
	if msg != "" {
		t.Fatalf("empty work broke a bound: %s", msg)
	}
	if u.Heap > 8<<20 {
		t.Errorf("empty work grew the heap by %s", u)
	}

	// Work that keeps 200 MB live breaks a 64 MB bound. measure may return
	// while the work still runs; it is waited for before its memory is let
	// go.
	finished := make(chan [][]byte)
	_, msg = measure(lim, func() {
		var kept [][]byte
		for i := 0; i < 200; i++ {
			kept = append(kept, make([]byte, 1<<20))
		}
		finished <- kept
	})
	<-finished
	if !strings.Contains(msg, "heap grew") && !strings.Contains(msg, "over the heap bound") {
		t.Errorf("200 MB kept live: %q", msg)
	}

	// Work that does not end breaks the time bound, and measure returns.
	stop := make(chan struct{})
	defer close(stop)
	_, msg = measure(Limits{Time: 50 * time.Millisecond, Heap: 64 << 20}, func() { <-stop })
	if !strings.Contains(msg, "over the time bound") {
		t.Errorf("work that does not end: %q", msg)
	}
}

func TestEndless(t *testing.T) {
	r := Endless("y\n")
	var got []byte
	for _, n := range []int{1, 2, 3, 100000, 7} {
		p := make([]byte, n)
		if k, err := r.Read(p); k != n || err != nil {
			t.Fatalf("Read(%d bytes) = %d, %v", n, k, err)
		}
		got = append(got, p...)
	}
	if want := strings.Repeat("y\n", len(got)/2+1)[:len(got)]; string(got) != want {
		t.Errorf("the pattern is not kept across reads")
	}
}
