package timescale

// Every test package defines -update, so that go test ./... -update works.
import _ "github.com/safeguarding/timescales/internal/golden"
