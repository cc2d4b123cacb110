package rules

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/suggest"
	"github.com/safeguarding/timescales/internal/yamlsrc"
	"github.com/safeguarding/timescales/timescale"
)

// TestPickAgreesWithCEL: the fast path that reads first/last/nth(events.k)
// and events.k straight from the sorted events gives, on random cases, what
// the CEL functions of cellib.go give for the same expression.
func TestPickAgreesWithCEL(t *testing.T) {
	cal, err := calendar.New(calendar.EnglandAndWales)
	require.NoError(t, err)
	env, err := newEnv(cal)
	require.NoError(t, err)
	kinds := map[string]int{"a": 0, "b": 1, "c": 2}
	var forms []string
	for _, k := range []string{"a", "b", "c"} {
		forms = append(forms, "first(events."+k+")", "last(events."+k+")", "events."+k)
		for n := -1; n <= 3; n++ {
			forms = append(forms, fmt.Sprintf("nth(events.%s, %d)", k, n))
		}
	}
	sc, err := newScope(env, declared{events: kinds}, nil, &suggest.Budget{})
	require.NoError(t, err)
	exprs := make([]*expr, len(forms))
	for i, f := range forms {
		x, _, _, errs := compileExpr(sc, false, yamlsrc.Scalar{Value: f, Line: 1, Column: 1}, "", "from", nil)
		require.Empty(t, errs, f)
		require.NotNil(t, x.pick, "%s is read by the fast path", f)
		exprs[i] = x
	}
	p := &Policy{eventKinds: kinds, cal: cal, kindSpecs: make([]*kindSpec, len(kinds))}
	rng := rand.New(rand.NewSource(5))
	base := time.Date(2024, 3, 1, 9, 0, 0, 0, calendar.London)
	for n := 0; n < 2000; n++ {
		c := &timescale.Case{ID: fmt.Sprint(n)}
		for e := rng.Intn(8); e > 0; e-- {
			// Some events at the same instant, whose order is the case's.
			at := base.Add(time.Duration(rng.Intn(6)) * 24 * time.Hour)
			c.Events = append(c.Events, timescale.Event{Kind: []string{"a", "b", "c", "d"}[rng.Intn(4)], At: at, Attributes: map[string]any{"n": int64(e)}})
		}
		var act activation
		require.NoError(t, act.fill(p, c, base))
		act.setInstance(nil, nil)
		for i, x := range exprs {
			fast := x.pick.eval(&act.events)
			slow, _, err := x.prg.Eval(&act)
			require.NoError(t, err, forms[i])
			if !sameValue(fast, slow) {
				t.Fatalf("%s on case %d: the fast path gives %v, CEL gives %v", forms[i], n, fast, slow)
			}
			if ft, ok := x.pick.instant(&act.events); ok {
				require.True(t, sameValue(types.Timestamp{Time: ft}, slow), "%s: instant", forms[i])
			} else if x.pick.fn != "" {
				require.True(t, isAbsent(slow), "%s: no instant where CEL gives %v", forms[i], slow)
			}
		}
	}
}

// sameValue compares two results: both absent, equal timestamps, or lists
// of the same events in the same order.
func sameValue(a, b ref.Val) bool {
	if isAbsent(a) || isAbsent(b) {
		return isAbsent(a) && isAbsent(b)
	}
	if la, ok := a.(*eventList); ok {
		lb, ok := b.(*eventList)
		if !ok || len(la.items) != len(lb.items) {
			return false
		}
		for i := range la.items {
			if la.items[i].e != lb.items[i].e {
				return false
			}
		}
		return true
	}
	return a.Equal(b) == types.True
}
