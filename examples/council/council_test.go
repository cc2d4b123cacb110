// Package council_test is how a council that uses Go tests its policy: the
// policy (policy.yaml, extending county.yaml, extending england) and its
// golden cases sit in this folder, and one call checks them all.
// go test ./examples/council -update rewrites the golden files.
package council_test

import (
	"testing"

	"github.com/safeguarding/timescales/policytest"
)

func TestPolicy(t *testing.T) {
	policytest.Run(t, ".")
}
