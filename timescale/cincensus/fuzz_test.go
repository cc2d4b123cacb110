package cincensus_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/safeguarding/timescales/timescale/cincensus"
)

// Any bytes at all: no panic, every child either read or with its error,
// and every event one of the census's kinds.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("<Message><Children><Child><CINdetails><Section47><DateOfInitialCPC>2024-01-01</DateOfInitialCPC></Section47></CINdetails></Child></Children></Message>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := cincensus.NewReader("fuzz.xml", bytes.NewReader(data))
		r.ReadHeader()
		for c := range r.Children() {
			if (c.Case == nil) == (c.Err == nil) {
				t.Fatalf("child at line %d: Case %v and Err %v", c.Line, c.Case, c.Err)
			}
			if c.Case == nil {
				continue
			}
			for _, e := range c.Case.Events {
				if !slices.Contains(cincensus.SourceKinds, e.Kind) {
					t.Fatalf("event kind %q is not a census kind", e.Kind)
				}
				if e.At.IsZero() {
					t.Fatalf("event %s with no date", e.Kind)
				}
			}
		}
	})
}
