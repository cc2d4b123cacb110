package calendar

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// len returns the number of calendars cached.
func (c *calendarCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// reset empties the cache.
func (c *calendarCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.byKey)
}

func TestCacheDropsTheLeastRecentlyUsed(t *testing.T) {
	c := newCalendarCache(2)
	a, b, x := &Calendar{}, &Calendar{}, &Calendar{}
	assert.Same(t, a, c.add("a", a))
	assert.Same(t, b, c.add("b", b))
	// Using a makes b the least recently used, so adding x drops b.
	assert.Same(t, a, c.get("a"))
	assert.Same(t, x, c.add("x", x))
	assert.Equal(t, 2, c.len())
	assert.Nil(t, c.get("b"))
	assert.Same(t, a, c.get("a"))
	assert.Same(t, x, c.get("x"))
	// A second calendar for a key already cached gives way to the first.
	assert.Same(t, a, c.add("a", &Calendar{}))
	assert.Equal(t, 2, c.len())
}

// liveHeap returns the bytes of live heap objects, after a collection.
func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// oneClosure returns the option of a single closure day, the ith weekday
// counted from Monday 3 January 2000, so that each i makes a distinct
// calendar.
func oneClosure(i int) Option {
	return WithClosures(d("2000-01-03").AddDate(0, 0, 7*(i/5)+i%5))
}

// A program that builds calendars for a thousand distinct sets of closures
// keeps at most cacheSize of them, and its heap shows it.
func TestCacheIsBounded(t *testing.T) {
	shared.reset()
	t.Cleanup(shared.reset)

	// What one calendar costs, measured on eight held at once (about 414 KB
	// each when this was written).
	before := liveHeap()
	held := make([]*Calendar, 8)
	for i := range held {
		c, err := build(EnglandAndWales, options{closures: []time.Time{d("1999-01-04").AddDate(0, 0, i)}})
		require.NoError(t, err)
		held[i] = c
	}
	perCal := (liveHeap() - before) / int64(len(held))
	runtime.KeepAlive(held)
	held = nil
	require.Greater(t, perCal, int64(100<<10), "a calendar's table alone is 40,542 days of 4 bytes")

	const built = 1000
	base := liveHeap()
	first := mustNew(t, EnglandAndWales, oneClosure(0))
	var last *Calendar
	for i := 1; i < built; i++ {
		last = mustNew(t, EnglandAndWales, oneClosure(i))
	}
	assert.Equal(t, cacheSize, shared.len(), "after %d distinct calendars", built)
	grown := liveHeap() - base

	// The cache holds cacheSize calendars of perCal bytes (about 26 MB). The
	// bound allows half as much again for what else a live-heap reading can
	// include (the cache's keys, list and map, allocator rounding, the test
	// runner's own state), plus 1 MB. An unbounded cache would hold all
	// 1,000 calendars, about 414 MB: ten times the bound, so the two cannot
	// be mistaken for each other.
	bound := cacheSize*perCal*3/2 + 1<<20
	require.Greater(t, built*perCal, 3*bound)
	assert.Less(t, grown, bound, "live heap grew by %d KB for %d calendars of %d KB", grown>>10, built, perCal>>10)

	// The most recent are still shared; the first has been dropped and is
	// built afresh.
	// (Pointers are compared with == so that a failure does not print a
	// calendar's whole table.)
	assert.True(t, last == mustNew(t, EnglandAndWales, oneClosure(built-1)), "the last calendar built is shared")
	assert.True(t, first != mustNew(t, EnglandAndWales, oneClosure(0)), "the first calendar built has been dropped")
	assert.Equal(t, cacheSize, shared.len())
}

// Goroutines asking at once for the same calendars all get the same one.
func TestCacheSharesAcrossGoroutines(t *testing.T) {
	const keys, workers = 6, 4
	got := make([][keys]*Calendar, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range keys {
				// Each worker walks the keys from another starting point.
				i := (k + w) % keys
				c, err := New(Scotland, oneClosure(2000+i))
				if err != nil {
					t.Error(err)
					return
				}
				got[w][i] = c
			}
		}()
	}
	wg.Wait()
	for i := range keys {
		require.NotNil(t, got[0][i])
		for w := 1; w < workers; w++ {
			assert.True(t, got[0][i] == got[w][i], "key %d: worker %d got another calendar", i, w)
		}
		if i > 0 {
			assert.True(t, got[0][i-1] != got[0][i], "keys %d and %d gave the same calendar", i-1, i)
		}
	}
}
