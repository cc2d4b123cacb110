package golden

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	got := Diff("a\nb\nc\nd", "a\nB\nc\nd\ne")
	want := "  a\n- b\n+ B\n  c\n  d\n+ e\n"
	if got != want {
		t.Fatalf("Diff = %q, want %q", got, want)
	}
	// Far from a change, lines are left out.
	long := Diff("y\n"+strings.Repeat("x\n", 20)+"y", "z\n"+strings.Repeat("x\n", 20)+"z")
	if !strings.Contains(long, "  ...\n") || strings.Count(long, "  x\n") != 6 {
		t.Fatalf("context not elided:\n%s", long)
	}
}
