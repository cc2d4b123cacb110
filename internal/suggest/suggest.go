// Package suggest finds the known word nearest to a misspelt one, for "did
// you mean" in error messages.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Nearest returns the candidate nearest to s (compared in lower case), if it
// is within two edits; otherwise "".
func Nearest(s string, candidates []string) string {
	best, _ := nearest(strings.ToLower(s), candidates)
	return best
}

// Budget bounds the comparisons of many Nearest calls, for a reader that
// may have to suggest something for each of thousands of names against
// thousands of candidates: once the budget is spent, nothing more is
// suggested, so the work stays linear in the input. The zero Budget
// suggests nothing.
type Budget struct {
	// Left is how many candidates may still be compared.
	Left int
}

// Nearest is Nearest within the budget: it returns "" without looking
// when the budget cannot pay for every candidate.
func (b *Budget) Nearest(s string, candidates []string) string {
	if b.Left < len(candidates) {
		b.Left = 0
		return ""
	}
	best, compared := nearest(strings.ToLower(s), candidates) // at most len(candidates), which is within Left
	b.Left -= compared
	return best
}

// nearest compares lower with the candidates and returns the nearest within
// two edits, and how many it compared. A candidate whose length alone puts it
// more than two edits away costs nothing to rule out.
func nearest(lower string, candidates []string) (string, int) {
	best, bestD := "", 3
	n := utf8.RuneCountInString(lower)
	compared := 0
	for _, c := range candidates {
		if m := utf8.RuneCountInString(c); m-n >= bestD || n-m >= bestD {
			continue
		}
		compared++
		if d := distance(lower, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best, compared
}

// Distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and transpositions of neighbours
// ("wihtin") each cost 1. Words over 64 characters are far from any key, and
// not compared, to keep the work small.
func Distance(a, b string) int { return distance(a, b, 99) }

// distance is Distance, but stops (returning bound) as soon as the
// distance is known to be at least bound. It does not allocate.
func distance(a, b string, bound int) int {
	var xs, ys [64]rune
	x, ok := runes(a, xs[:0])
	y, ok2 := runes(b, ys[:0])
	if !ok || !ok2 {
		return max(bound, 99)
	}
	var rows [3][65]int
	for j := 0; j <= len(y); j++ {
		rows[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur, prev, prev2 := &rows[i%3], &rows[(i+2)%3], &rows[(i+1)%3]
		cur[0] = i
		least := i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			least = min(least, cur[j])
		}
		// Every path to the end passes through this row or the one
		// before it (a transposition skips a row), so once both are at
		// or past the bound, so is the distance.
		if least >= bound && (i == 1 || minRow(prev[:len(y)+1]) >= bound) {
			return bound
		}
	}
	return rows[len(x)%3][len(y)]
}

// runes decodes s into dst, reporting false when it has more than 64.
func runes(s string, dst []rune) ([]rune, bool) {
	for _, r := range s {
		if len(dst) == 64 {
			return nil, false
		}
		dst = append(dst, r)
	}
	return dst, true
}

func minRow(row []int) int {
	m := row[0]
	for _, v := range row[1:] {
		m = min(m, v)
	}
	return m
}
