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
