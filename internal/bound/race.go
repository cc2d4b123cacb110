//go:build race

package bound

// Race is set when the race detector is on, which makes work several times
// slower: a test may then make its input smaller, to stay quick.
const Race = true
