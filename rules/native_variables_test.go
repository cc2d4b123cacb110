package rules_test

// Variables read inside a native filter's or exists' predicate, each case
// one that review found giving another answer than CEL's, or a panic.

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

const varInsideFilterPolicy = `policy: zz
title: ZZ
calendar: {region: england-and-wales}
events:
  start: A start.
  a:
    description: An a.
    attributes:
      ok: {type: bool, default: false, description: ok}
  b:
    description: A b.
    attributes:
      flag: {type: bool, default: false, description: flag}
variables:
  flagged: events.b.filter(y, y.flag)
rules:
  - id: r1
    title: R1
    source: "Local guidance"
    from: first(events.start)
    within: 10 days
    done: first(events.a.filter(x, x.ok && count(variables.flagged) > 0))
`

// TestNativeRoadVariableFirstReadInsideFilter: a variable first read
// inside a filter's predicate is left to CEL (found by review: worked out
// on the native road, its own filter put its events among those the outer
// filter kept, and CEL's late became met).
func TestNativeRoadVariableFirstReadInsideFilter(t *testing.T) {
	p := compile(t, varInsideFilterPolicy)
	celOnly := compile(t, varInsideFilterPolicy)
	rules.WithoutNativeRoad(celOnly)
	c := &timescale.Case{ID: "Z-1", Events: []timescale.Event{
		ev("start", "2024-03-01"),
		evA("a", "2024-03-25", map[string]any{"ok": true}),
		evA("a", "2024-03-26", map[string]any{"ok": false}),
		evA("b", "2024-03-05", map[string]any{"flag": true}),
		evA("b", "2024-03-06", map[string]any{"flag": false}),
	}}
	want := evaluate(t, celOnly, c, "2024-04-30")
	got := evaluate(t, p, c, "2024-04-30")
	require.Equal(t, want, got)
}

const varInsideFilterPolicy2 = `policy: zz
title: ZZ
calendar: {region: england-and-wales}
events:
  start: A start.
  a:
    description: An a.
    attributes:
      ok: {type: bool, description: ok}
  b:
    description: A b.
    attributes:
      flag: {type: bool, default: false, description: flag}
  c:
    description: A c.
    attributes:
      flag: {type: bool, default: false, description: flag}
variables:
  flagged: events.b.filter(y, y.flag)
rules:
  - id: r1
    title: R1
    source: "Local guidance"
    from: first(events.start)
    within: 10 days
    done: first(events.a.filter(x, count(variables.flagged) > 0 && x.ok))
  - id: r2
    title: R2
    source: "Local guidance"
    from: first(events.start)
    within: 10 days
    done: first(events.c.filter(z, z.flag))
  - id: r3
    title: R3
    source: "Local guidance"
    from: first(events.start)
    within: 10 days
    done: first(variables.flagged)
`

// TestNativeRoadVariableInsidePredicateThenOtherFilters: the same, read
// before the predicate's own item (found by review: the inner filter
// cleared the outer one's slot, and the outer predicate panicked).
func TestNativeRoadVariableInsidePredicateThenOtherFilters(t *testing.T) {
	p := compile(t, varInsideFilterPolicy2)
	celOnly := compile(t, varInsideFilterPolicy2)
	rules.WithoutNativeRoad(celOnly)
	c := &timescale.Case{ID: "Z-2", Events: []timescale.Event{
		ev("start", "2024-03-01"),
		evA("a", "2024-03-25", map[string]any{"ok": true}),
		evA("a", "2024-03-26", nil),
		evA("b", "2024-03-05", map[string]any{"flag": true}),
		evA("b", "2024-03-06", map[string]any{"flag": false}),
		evA("c", "2024-03-28", map[string]any{"flag": true}),
		evA("c", "2024-03-29", map[string]any{"flag": false}),
	}}
	want := evaluate(t, celOnly, c, "2024-04-30")
	got := evaluate(t, p, c, "2024-04-30")
	require.Equal(t, want, got)
}

const predicateGivesUpPolicy = `policy: zz
title: ZZ
calendar: {region: england-and-wales}
events:
  start: A start.
  a:
    description: An a.
    attributes:
      ok: {type: bool, description: ok}
  b:
    description: A b.
    attributes:
      n: {type: number, description: n}
      ok: {type: bool, description: ok}
variables:
  flagged: count(events.b.filter(y, y.n > 0)) > 0
rules:
  - id: r1
    title: R1
    source: "Local guidance"
    from: first(events.start)
    within: 10 days
    done: first(events.a.filter(x, variables.flagged && x.ok))
`

// TestNativeRoadVariableGivingUpInsidePredicate: a variable whose own
// filter gives up inside another's predicate (found by review: it left the
// slot at its own event, and the outer predicate read that event's
// attribute as its item's: CEL's met became late).
func TestNativeRoadVariableGivingUpInsidePredicate(t *testing.T) {
	p := compile(t, predicateGivesUpPolicy)
	celOnly := compile(t, predicateGivesUpPolicy)
	rules.WithoutNativeRoad(celOnly)
	c := &timescale.Case{ID: "Z-5", Events: []timescale.Event{
		ev("start", "2024-03-01"),
		evA("a", "2024-03-05", map[string]any{"ok": true}),
		evA("a", "2024-03-25", map[string]any{"ok": true}),
		evA("b", "2024-03-02", map[string]any{"n": 1.5, "ok": false}),
	}}
	want := evaluate(t, celOnly, c, "2024-04-30")
	got := evaluate(t, p, c, "2024-04-30")
	require.Equal(t, want.Results, got.Results)
}
