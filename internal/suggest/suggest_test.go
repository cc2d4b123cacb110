package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"within", "within", 0}, {"wihtin", "within", 1}, {"withn", "within", 1}, {"witthin", "within", 1},
		{"wihtn", "within", 2}, {"", "abc", 3}, {"abc", "", 3}, {"ca", "abc", 3}, {"événement", "evenement", 2},
	} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"case", "as_of", "child", "facts", "events"}
	for in, want := range map[string]string{"evnts": "events", "Facts": "facts", "childd": "child", "timescale": "", "asof": "as_of"} {
		if got := Nearest(in, keys); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", in, got, want)
		}
	}
}

// The bounded distance agrees with the full one below the bound, and is at
// least the bound otherwise.
func TestDistanceBound(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "abc", "acb", "within", "wihtin", "withn", "wihtn", "icpc", "rcpc", "r0", "q0", "r1234", "événement", "evenement"}
	for _, a := range words {
		for _, b := range words {
			full := Distance(a, b)
			for bound := 0; bound <= 4; bound++ {
				got := distance(a, b, bound)
				if full < bound && got != full || full >= bound && got < bound {
					t.Errorf("distance(%q, %q, %d) = %d; the distance is %d", a, b, bound, got, full)
				}
			}
		}
	}
}

func TestBudget(t *testing.T) {
	keys := []string{"case", "as_of", "child", "facts", "events"}
	b := &Budget{Left: 7}
	if got := b.Nearest("evnts", keys); got != "events" {
		t.Errorf("within the budget: %q", got)
	}
	if b.Left >= 7 {
		t.Errorf("the budget was not spent: %d left", b.Left)
	}
	if got := b.Nearest("evnts", keys); got != "" || b.Left != 0 {
		t.Errorf("past the budget: %q, %d left", got, b.Left)
	}
}
