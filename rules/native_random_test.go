package rules_test

// A generator of random policies for the native road's differential test.

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

type zgen struct {
	r     *rand.Rand
	iters []string
	vars  bool
}

func (g *zgen) L(d int) string {
	if d <= 0 {
		return []string{"events.a", "events.b"}[g.r.Intn(2)]
	}
	switch g.r.Intn(6) {
	case 0:
		return g.L(d-1) + " + " + g.L(d-1)
	case 1, 2:
		v := fmt.Sprintf("x%d", len(g.iters))
		rng := g.L(d - 1)
		g.iters = append(g.iters, v)
		p := g.B(d - 1)
		g.iters = g.iters[:len(g.iters)-1]
		return "(" + rng + ").filter(" + v + ", " + p + ")"
	case 3:
		if g.vars {
			return "variables.vl"
		}
	}
	return []string{"events.a", "events.b"}[g.r.Intn(2)]
}

func (g *zgen) B(d int) string {
	if d <= 0 {
		if len(g.iters) > 0 && g.r.Intn(2) == 0 {
			x := g.iters[g.r.Intn(len(g.iters))]
			return []string{x + ".flag", "has(" + x + ".flag)", "(has(" + x + ".flag) && " + x + ".flag)"}[g.r.Intn(3)]
		}
		return []string{"true", "false", "has(events.a)", "has(events.b)"}[g.r.Intn(4)]
	}
	switch g.r.Intn(10) {
	case 0:
		return "!(" + g.B(d-1) + ")"
	case 1:
		return "(" + g.B(d-1) + " && " + g.B(d-1) + ")"
	case 2:
		return "(" + g.B(d-1) + " || " + g.B(d-1) + ")"
	case 3:
		return g.I(d-1) + []string{" < ", " <= ", " == ", " != ", " > ", " >= "}[g.r.Intn(6)] + g.I(d-1)
	case 4:
		return g.T(d-1) + []string{" < ", " <= ", " == ", " != ", " > ", " >= "}[g.r.Intn(6)] + g.T(d-1)
	case 5:
		v := fmt.Sprintf("x%d", len(g.iters))
		rng := g.L(d - 1)
		g.iters = append(g.iters, v)
		p := g.B(d - 1)
		g.iters = g.iters[:len(g.iters)-1]
		return "(" + rng + ").exists(" + v + ", " + p + ")"
	case 6:
		return "during(instances.ep, " + g.T(d-1) + ")"
	case 7:
		if g.vars {
			return "variables.vb"
		}
	case 8:
		return "(" + g.B(d-1) + " ? " + g.B(d-1) + " : " + g.B(d-1) + ")"
	}
	return g.B(0)
}

func (g *zgen) T(d int) string {
	if d <= 0 {
		if len(g.iters) > 0 && g.r.Intn(2) == 0 {
			return g.iters[g.r.Intn(len(g.iters))] + ".at"
		}
		return []string{"as_of", "first(events.a)", "last(events.b)", "child.date_of_birth", "facts.when"}[g.r.Intn(5)]
	}
	switch g.r.Intn(5) {
	case 0:
		return "first(" + g.L(d-1) + ")"
	case 1:
		return "last(" + g.L(d-1) + ")"
	case 2:
		return "date(" + g.T(d-1) + ")"
	case 3:
		return "add_working_days(" + g.T(d-1) + ", " + g.I(0) + ")"
	}
	return g.T(0)
}

func (g *zgen) I(d int) string {
	if d <= 0 {
		return []string{"0", "1", "2", "-1", "facts.n"}[g.r.Intn(5)]
	}
	switch g.r.Intn(3) {
	case 0:
		return "count(" + g.L(d-1) + ")"
	case 1:
		return "age_on(child.date_of_birth, " + g.T(d-1) + ")"
	}
	return g.I(0)
}

func q(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TestNativeRoadAgreesWithCELOnRandomPolicies compiles random policies
// (lists, conditions and variables mixed, variables read inside
// predicates too) and wants the same report, error or none, from the
// native road as from CEL alone, on random cases (review's fuzzer: 6,000
// such policies found a panic and two wrong answers).
func TestNativeRoadAgreesWithCELOnRandomPolicies(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	compiled, diffs, panics := 0, 0, 0
	for it := 0; it < 1000; it++ {
		g := &zgen{r: r}
		vl, vb := g.L(2), g.B(2)
		cond := g.B(2)
		done := g.L(3)
		if r.Intn(2) == 0 {
			done = "(" + done + ") + variables.vl"
		}
		if r.Intn(2) == 0 {
			cond = "(" + cond + ") && variables.vb"
		}
		src := `policy: zz
title: ZZ
calendar: {region: england-and-wales}
events:
  a:
    description: An a.
    attributes:
      flag: {type: bool, description: flag}
  b:
    description: A b.
    attributes:
      flag: {type: bool, default: false, description: flag}
facts:
  n: {type: number, description: n}
  when: {type: date, description: w}
variables:
  vl: ` + q(vl) + `
  vb: ` + q(vb) + `
instances:
  ep:
    description: Each a.
    start: events.a
    ends_at_next: true
rules:
  - id: r1
    title: R1
    source: "Local guidance"
    when: ` + q(cond) + `
    from: first(events.a)
    within: 10 days
    done: ` + q(done) + `
  - id: r2
    title: R2
    source: "Local guidance"
    for_each: ep
    from: instance.start
    within: 5 working days
    done: ` + q(done) + `
`
		p, err := rules.Compile([]byte(src), rules.WithFilename("zz.yaml"))
		if err != nil {
			if it < 3 {
				t.Log(err)
			}
			continue
		}
		celOnly, _ := rules.Compile([]byte(src), rules.WithFilename("zz.yaml"))
		rules.WithoutNativeRoad(celOnly)
		compiled++
		for k := 0; k < 6; k++ {
			c := &timescale.Case{ID: "R"}
			base := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
			if r.Intn(2) == 0 {
				c.Child.DateOfBirth = time.Date(2010+r.Intn(10), 3, 1, 0, 0, 0, 0, time.UTC)
			}
			c.Facts = map[string]any{}
			if r.Intn(2) == 0 {
				c.Facts["n"] = float64(r.Intn(3))
			}
			if r.Intn(2) == 0 {
				c.Facts["when"] = base.AddDate(0, 0, r.Intn(60))
			}
			for e := r.Intn(7); e > 0; e-- {
				ev := timescale.Event{Kind: []string{"a", "b"}[r.Intn(2)], At: base.AddDate(0, 0, r.Intn(60)).Add(time.Duration(r.Intn(3)) * time.Hour)}
				if x := r.Intn(3); x < 2 {
					ev.Attributes = map[string]any{"flag": x == 0}
				}
				c.Events = append(c.Events, ev)
			}
			asOf := base.AddDate(0, 0, 30+r.Intn(60))
			want, werr := celOnly.Evaluate(c, asOf)
			var got *rules.Report
			var gerr error
			func() {
				defer func() {
					if e := recover(); e != nil {
						panics++
						if panics <= 3 {
							t.Errorf("panic %v\nvl=%s\nvb=%s\ndone=%s\nif=%s", e, vl, vb, done, cond)
						}
						gerr = fmt.Errorf("panic")
					}
				}()
				got, gerr = p.Evaluate(c, asOf)
			}()
			if gerr != nil && gerr.Error() == "panic" {
				break
			}
			if fmt.Sprint(werr) != fmt.Sprint(gerr) || !reflect.DeepEqual(want, got) {
				diffs++
				if diffs <= 4 {
					t.Errorf("differ:\nvl=%s\nvb=%s\ndone=%s\nif=%s\nerrs %v / %v", vl, vb, done, cond, werr, gerr)
				}
				break
			}
		}
	}
	t.Logf("compiled %d, diffs %d, panics %d", compiled, diffs, panics)
}
