package policies_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/rules"
	"github.com/safeguarding/timescales/timescale/cincensus"
)

// dfe-census judges each enquiry of the C4 fixture as its band, worked out
// by hand in c4-hand.expected, says: met for 0-10 and 11-15 working days,
// late for 16-20 and 21+; not applicable for the enquiry that needed no
// conference; overdue for the one with none, and for the one whose
// conference is dated before its start.
func TestDfECensusAgreesWithC4(t *testing.T) {
	want := map[string]rules.Status{} // by "child start"
	f, err := os.Open("../timescale/dfe/testdata/c4-hand.expected")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "ENQ ") {
			continue
		}
		fs := map[string]string{}
		for _, kv := range strings.Fields(line)[1:] {
			k, v, _ := strings.Cut(kv, "=")
			fs[k] = v
		}
		key := fs["child"] + " " + fs["start"]
		switch days, err := strconv.Atoi(fs["days"]); {
		case err != nil && fs["icpc"] == "none":
			want[key] = "" // needed none, or none held: see below
		case err != nil:
			want[key] = rules.Overdue // before its start: not a conference for it
		case days <= 15:
			want[key] = rules.Met
		default:
			want[key] = rules.Late
		}
	}
	require.NoError(t, sc.Err())
	require.Len(t, want, 28)
	want["C08 2022-07-04"] = rules.NotApplicable // ICPCnotRequired true
	want["C13 2023-03-20"] = rules.Overdue       // no conference by the end of 2023

	p, err := policies.Load("dfe-census")
	require.NoError(t, err)
	data, err := os.Open("../timescale/dfe/testdata/c4-hand.xml")
	require.NoError(t, err)
	defer data.Close()
	r := cincensus.NewReader("c4-hand.xml", data)
	got := map[string]rules.Status{}
	// As of the end of 2023, when every conference of the fixture has been
	// held.
	asOf := time.Date(2023, 12, 31, 0, 0, 0, 0, calendar.London)
	for c := range r.Children() {
		require.NoError(t, c.Err)
		rep, err := p.Evaluate(c.Case, asOf)
		require.NoError(t, err)
		for _, res := range rep.Results {
			if res.Rule == "icpc-within-15-working-days" {
				got[c.ID+" "+res.Instance.Start.Format(time.DateOnly)] = res.Status
			}
		}
	}
	require.NoError(t, r.Err())
	assert.Equal(t, want, got)
}
