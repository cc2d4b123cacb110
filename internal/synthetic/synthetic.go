// Package synthetic makes invented caseloads in England's vocabulary, for
// benchmarks and measurements of a caseload end to end: deterministic for a
// seed, with several episodes a child (referrals, s47 enquiries, initial
// conferences that made a plan or not, core groups, reviews, plans that
// end), some on time, some late, some with events missing.
package synthetic

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"time"

	"github.com/safeguarding/timescales/calendar"
)

// AsOf is the date the caseload is to be checked as of.
var AsOf = time.Date(2025, time.June, 30, 0, 0, 0, 0, calendar.London)

// Event is one event of a synthetic case: its kind, its date (and time,
// when it has one) and its attributes.
type Event struct {
	Kind       string
	At         time.Time
	DateOnly   bool
	Attributes map[string]bool
}

// Case is one invented child's record.
type Case struct {
	ID     string
	Events []Event
}

// Cases yields n invented cases, made as they are read (a million of them
// hold one at a time).
func Cases(n int, seed uint64) iter.Seq[Case] {
	return func(yield func(Case) bool) {
		rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
		base := time.Date(2023, time.April, 3, 0, 0, 0, 0, calendar.London)
		for i := range n {
			if !yield(makeCase(rng, i, base)) {
				return
			}
		}
	}
}

func makeCase(rng *rand.Rand, i int, base time.Time) Case {
	c := Case{ID: fmt.Sprintf("SYN-%07d", i)}
	add := func(kind string, at time.Time, dateOnly bool, attrs map[string]bool) {
		c.Events = append(c.Events, Event{Kind: kind, At: at, DateOnly: dateOnly, Attributes: attrs})
	}
	at := func(day time.Time, hour int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), hour, rng.IntN(4)*15, 0, 0, calendar.London)
	}
	ref := base.AddDate(0, 0, rng.IntN(400))
	for range 1 + rng.IntN(2) {
		nfa := rng.IntN(5) == 0
		add("referral", at(ref, 9+rng.IntN(6)), false, map[string]bool{"nfa": nfa})
		add("referral_decision", at(ref.AddDate(0, 0, rng.IntN(3)), 16), false, nil)
		if nfa {
			ref = ref.AddDate(0, 3+rng.IntN(6), 0)
			continue
		}
		if rng.IntN(10) < 8 {
			add("assessment_completed", ref.AddDate(0, 0, 20+rng.IntN(50)), true, nil)
		}
		if rng.IntN(3) > 0 {
			sd := at(ref.AddDate(0, 0, 1+rng.IntN(10)), 10+rng.IntN(5))
			add("strategy_discussion", sd, false, map[string]bool{"s47": true})
			required := rng.IntN(5) > 0
			add("s47_started", time.Date(sd.Year(), sd.Month(), sd.Day(), 0, 0, 0, 0, calendar.London), true, map[string]bool{"icpc_required": required})
			if required && rng.IntN(10) > 0 {
				icpc := sd.AddDate(0, 0, 14+rng.IntN(14))
				plan := rng.IntN(4) > 0
				add("icpc", at(icpc, 10), false, map[string]bool{"plan": plan})
				if plan {
					if rng.IntN(8) > 0 {
						add("core_group", icpc.AddDate(0, 0, 7+rng.IntN(10)), true, nil)
					}
					review := icpc
					for r := range rng.IntN(4) {
						review = review.AddDate(0, 3+3*min(r, 1), rng.IntN(20)-12)
						add("rcpc", at(review, 14), false, nil)
						add("core_group", review.AddDate(0, 0, 30), true, nil)
					}
					if rng.IntN(3) == 0 {
						add("cp_plan_end", review.AddDate(0, 0, 1), true, map[string]bool{})
					}
				}
			}
		}
		ref = ref.AddDate(0, 4+rng.IntN(8), rng.IntN(28))
	}
	return c
}

// WriteJSONLines writes cases as JSON Lines, one case a line, in the case
// file format (casefile.ReadLines reads them back).
func WriteJSONLines(w io.Writer, cases iter.Seq[Case]) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var b []byte
	for c := range cases {
		b = appendJSON(b[:0], c)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendJSON appends a case as one line of JSON. Ids and kinds are plain
// ASCII, so no string needs escaping.
func appendJSON(b []byte, c Case) []byte {
	b = fmt.Appendf(b, `{"case": %q, "child": {"date_of_birth": "2015-05-03"}, "events": [`, c.ID)
	for i, e := range c.Events {
		if i > 0 {
			b = append(b, ", "...)
		}
		when := e.At.Format(time.RFC3339)
		if e.DateOnly {
			when = e.At.Format(time.DateOnly)
		}
		b = fmt.Appendf(b, `{"kind": %q, "at": %q`, e.Kind, when)
		for _, name := range []string{"nfa", "s47", "icpc_required", "plan"} {
			if v, ok := e.Attributes[name]; ok {
				b = fmt.Appendf(b, `, %q: %t`, name, v)
			}
		}
		if e.Kind == "cp_plan_end" {
			b = append(b, `, "reason": "review"`...)
		}
		b = append(b, '}')
	}
	return append(b, "]}"...)
}
