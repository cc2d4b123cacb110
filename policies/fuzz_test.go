package policies_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale"
)

// fuzzBytes hands out the fuzzer's bytes as small choices; once they run
// out every choice is 0.
type fuzzBytes []byte

func (b *fuzzBytes) next() byte {
	if len(*b) == 0 {
		return 0
	}
	c := (*b)[0]
	*b = (*b)[1:]
	return c
}

// n returns a choice in [0, k).
func (b *fuzzBytes) n(k int) int { return int(b.next()) % k }

// fuzzEpoch is the first day of the two years the fuzzed cases happen in.
var fuzzEpoch = time.Date(2023, 1, 2, 0, 0, 0, 0, calendar.London)

// instant is a date (a day of the two years) or a date and time.
func (b *fuzzBytes) instant() (time.Time, bool) {
	day := fuzzEpoch.AddDate(0, 0, b.n(256)+b.n(256)+b.n(240))
	if b.n(3) == 0 {
		return day, true
	}
	return day.Add(time.Duration(b.n(24))*time.Hour + time.Duration(b.n(4)*15)*time.Minute), false
}

// value is a value of any type a case may give, the declared one most
// often: the fuzzer tries the wrong types as well as the right ones.
func (b *fuzzBytes) value(v rules.Value) any {
	switch k := b.n(8); {
	case k == 0:
		return nil
	case k == 1:
		return int64(b.n(20)) - 5
	case k == 2:
		t, _ := b.instant()
		return t
	case k == 3:
		return []any{"x", int64(1)}
	case len(v.Values) > 0 && k < 6:
		return v.Values[b.n(len(v.Values))]
	case v.Type == "text" || k == 6:
		return []string{"", "other", "yes", "review"}[b.n(4)]
	case v.Type == "number":
		return float64(b.n(100)) / 4
	case v.Type == "date":
		t, _ := b.instant()
		return t
	}
	return b.n(2) == 0
}

// fuzzCase builds a case from the fuzzer's bytes, with the event kinds, the
// attributes and the facts the policy reads (and now and then an event of
// a kind it does not read, or an attribute it does not declare).
func fuzzCase(p *rules.Policy, b *fuzzBytes) *timescale.Case {
	c := &timescale.Case{ID: "F-1", Facts: map[string]any{}, Child: timescale.Child{Attributes: map[string]any{}}}
	if b.n(4) != 0 {
		c.Child.DateOfBirth = fuzzEpoch.AddDate(-b.n(19), 0, -b.n(365))
	}
	kinds := p.Events()
	for n := b.n(40); n > 0; n-- {
		e := timescale.Event{Attributes: map[string]any{}}
		if k := b.n(len(kinds) + 1); k < len(kinds) {
			e.Kind = kinds[k].Kind
			for _, a := range kinds[k].Attributes {
				if b.n(2) == 0 {
					e.Attributes[a.Name] = b.value(a)
				}
			}
		} else {
			e.Kind = "not_read"
		}
		if b.n(8) == 0 {
			e.Attributes["undeclared"] = true
		}
		e.At, e.DateOnly = b.instant()
		c.Events = append(c.Events, e)
	}
	for _, f := range p.Facts() {
		if b.n(2) == 0 {
			c.Facts[f.Name] = b.value(f)
		}
	}
	return c
}

// FuzzEvaluate evaluates cases made from random bytes against the shipped
// policies (one chosen by the first byte). Whatever the case, Evaluate
// returns a report or an error, never panics, gives the same report twice,
// and its report agrees with itself: the breaches counted are the results
// that are breaches, a met result was done by its due date and a late one
// after it.
//
//	go test ./policies -run '^$' -fuzz '^FuzzEvaluate$' -fuzztime 3m -fuzzminimizetime 10s
func FuzzEvaluate(f *testing.F) {
	for _, seed := range []string{
		"", "\x00\x05", "\x00\x20\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f",
		"\x01\xff\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0\xc0\xd0\xe0\xf0\xff",
		strings.Repeat("\x02\x27\x03\x11", 40), strings.Repeat("\x07\x0b\x13\x17\x1d", 60),
	} {
		f.Add([]byte(seed))
	}
	names := policies.Names()
	f.Fuzz(func(t *testing.T, data []byte) {
		b := fuzzBytes(data)
		p, err := policies.Load(names[b.n(len(names))])
		if err != nil {
			t.Fatal(err)
		}
		asOf, _ := b.instant()
		c := fuzzCase(p, &b)
		rep, err := p.Evaluate(c, asOf)
		if err != nil {
			var ee *rules.EvalError
			if errors.As(err, &ee) && (ee.Rule == "" && ee.Key == "" || ee.At.Line == 0) {
				t.Fatalf("an evaluation error that does not say where: %v", err)
			}
			return
		}
		breaches := 0
		for _, r := range rep.Results {
			if r.IsBreach() {
				breaches++
			}
			if _, ok := p.Rule(r.Rule); !ok {
				t.Fatalf("a result for rule %q, which the policy does not have", r.Rule)
			}
			if r.Explanation == "" {
				t.Fatalf("%s: no explanation", r.Rule)
			}
			if r.WorkingDaysLate < 0 || r.DaysLate < 0 {
				t.Fatalf("%s: late by %d working days, %d days", r.Rule, r.WorkingDaysLate, r.DaysLate)
			}
			switch r.Status {
			case rules.Met:
				if !r.Due.Time.IsZero() && (r.Done.IsZero() || !r.Due.MetBy(r.Done)) {
					t.Fatalf("%s: met, done %v, due %v", r.Rule, r.Done, r.Due)
				}
			case rules.Late:
				if r.Done.IsZero() || r.Due.MetBy(r.Done) || r.DaysLate == 0 {
					t.Fatalf("%s: late, done %v, due %v, %d days late", r.Rule, r.Done, r.Due, r.DaysLate)
				}
			}
		}
		if breaches != rep.Breaches {
			t.Fatalf("%d breaches counted, %d results are breaches", rep.Breaches, breaches)
		}
		var first, again bytes.Buffer
		if err := rep.WriteJSON(&first, ""); err != nil {
			t.Fatal(err)
		}
		rep2, err := p.Evaluate(c, asOf)
		if err != nil {
			t.Fatalf("a second evaluation failed: %v", err)
		}
		if err := rep2.WriteJSON(&again, ""); err != nil {
			t.Fatal(err)
		}
		if first.String() != again.String() {
			t.Fatalf("two evaluations differ:\n%s\n%s", first.String(), again.String())
		}
	})
}
