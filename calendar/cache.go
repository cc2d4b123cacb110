package calendar

// This file: the calendars New shares, a bounded cache.

import (
	"container/list"
	"sync"
)

// cacheSize is how many calendars New keeps to share: those made without a
// feed, most recently used first. Each holds its working-day table, about
// 414 KB, so a full cache holds about 26 MB. Sixty-four is many more than the
// distinct calendars a process usually needs (three regions, times the
// closures and working days of the authorities it serves), yet it bounds the
// memory of a program that builds calendars for thousands of closure sets.
const cacheSize = 64

// shared holds the calendars made without a feed, by region, closure days
// and working days: a calendar is immutable, so policies on the same
// calendar share one.
var shared = newCalendarCache(cacheSize)

// calendarCache is a least-recently-used cache of calendars, safe for
// concurrent use.
type calendarCache struct {
	mu    sync.Mutex
	max   int
	order list.List                // of *cacheEntry, most recently used at the front
	byKey map[string]*list.Element // key -> element of order
}

type cacheEntry struct {
	key string
	cal *Calendar
}

func newCalendarCache(max int) *calendarCache {
	return &calendarCache{max: max, byKey: make(map[string]*list.Element, max)}
}

// get returns the calendar cached under key, or nil, and marks it as used.
func (c *calendarCache) get(key string) *Calendar {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).cal
}

// add caches cal under key, dropping the least recently used calendar if
// the cache is full, and returns the calendar now cached under key: an
// earlier one when another goroutine built the same calendar first, so
// that every caller shares it.
func (c *calendarCache) add(key string, cal *Calendar) *Calendar {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cacheEntry).cal
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, cal: cal})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.byKey, oldest.Value.(*cacheEntry).key)
	}
	return cal
}
