package rules_test

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale/casefile"
)

// TestNativeRoadAgreesWithCELOnEveryPolicy evaluates every shipped policy
// twice, with the native road and with CEL alone, on every golden case of
// the policy's folder as of its as_of and the days around it, and (for the
// policies in England's vocabulary) on random multi-episode records: the
// reports must be the same, so that no policy's verdict depends on which
// road an expression took.
func TestNativeRoadAgreesWithCELOnEveryPolicy(t *testing.T) {
	for _, name := range policies.Names() {
		t.Run(name, func(t *testing.T) {
			filename, src, err := policies.Source(name)
			require.NoError(t, err)
			compile := func() *rules.Policy {
				p, err := rules.Compile(src, rules.WithFilename(filename), rules.WithLoader(policies.Source))
				require.NoError(t, err)
				return p
			}
			p, celOnly := compile(), compile()
			rules.WithoutNativeRoad(celOnly)
			cases, _ := filepath.Glob(filepath.Join("..", "testdata", name, "*.yaml"))
			if name == "dfe-census" {
				cases, _ = filepath.Glob(filepath.Join("..", "testdata", "england", "*.yaml"))
			}
			require.NotEmpty(t, cases)
			for _, path := range cases {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				if strings.Contains(string(data), "\npolicy:") || strings.HasPrefix(string(data), "policy:") {
					continue // a policy file, not a case
				}
				c, err := casefile.Read(path, data)
				require.NoError(t, err)
				for _, days := range []int{-30, -1, 0, 1, 30, 120} {
					asOf := c.AsOf.AddDate(0, 0, days)
					want, wantErr := celOnly.Evaluate(c, asOf)
					got, err := p.Evaluate(c, asOf)
					require.Equal(t, wantErr, err, path)
					require.Equal(t, want, got, "%s as of %s", path, asOf.Format("2006-01-02"))
				}
			}
			if p.Extends() != "england" && name != "england" {
				return
			}
			rng := rand.New(rand.NewSource(11))
			for i := range 1000 {
				c, asOf := randomCase(rng, i)
				want, wantErr := celOnly.Evaluate(c, asOf)
				got, err := p.Evaluate(c, asOf)
				require.Equal(t, wantErr, err, c.ID)
				require.Equal(t, want, got, "case %s", c.ID)
			}
		})
	}
}
