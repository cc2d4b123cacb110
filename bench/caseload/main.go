// Command caseload writes an invented caseload in England's vocabulary as
// JSON Lines (package internal/synthetic), for measuring checkcase -batch
// end to end:
//
//	go run ./bench/caseload -n 100000 > /tmp/caseload.jsonl
//	go build -o /tmp/checkcase ./examples/checkcase
//	/usr/bin/time -v /tmp/checkcase -policy england -asof 2025-06-30 -batch /tmp/caseload.jsonl > /dev/null
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/safeguarding/timescales/internal/synthetic"
)

func main() {
	n := flag.Int("n", 100_000, "how many cases")
	seed := flag.Uint64("seed", 7, "the seed: the same seed gives the same cases")
	flag.Parse()
	if err := synthetic.WriteJSONLines(os.Stdout, synthetic.Cases(*n, *seed)); err != nil {
		fmt.Fprintln(os.Stderr, "caseload:", err)
		os.Exit(1)
	}
}
