package policies

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/safeguarding/timescales/internal/bound"
	"github.com/safeguarding/timescales/rules"
)

// Issue 16, item 3: a policy "file" that never ends (/dev/zero) is read no
// further than a policy file may be.
func TestHostileEndlessPolicyFile(t *testing.T) {
	var err error
	bound.Run(t, bound.Limits{Time: 5 * time.Second, Heap: 64 << 20}, func() {
		_, err = LoadFile("/dev/zero", rules.WithMaxSize(8<<20))
	})
	assert.EqualError(t, err, "/dev/zero: the policy file is larger than 8 MiB, the most a policy file may be (rules.WithMaxSize changes it)")
}
