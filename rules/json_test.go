package rules

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/timescales/calendar"
)

// The report as encoding/json wrote it, from these structs, before
// appendJSON: the reference appendJSON must agree with byte for byte.
type resultJSON struct {
	Rule             string        `json:"rule"`
	Title            string        `json:"title"`
	Instance         *instanceJSON `json:"instance,omitempty"`
	Occurrence       int           `json:"occurrence"`
	Status           Status        `json:"status"`
	PracticeStandard bool          `json:"practice_standard,omitempty"`
	From             string        `json:"from,omitempty"`
	Due              string        `json:"due,omitempty"`
	Done             string        `json:"done,omitempty"`
	WorkingDaysLate  int           `json:"working_days_late"`
	DaysLate         int           `json:"days_late"`
	Explanation      string        `json:"explanation"`
}

type instanceJSON struct {
	Kind   string `json:"kind"`
	Number int    `json:"number"`
	Start  string `json:"start"`
}

type reportJSON struct {
	Case     string       `json:"case"`
	Policy   string       `json:"policy"`
	Digest   string       `json:"policy_digest,omitempty"`
	Library  string       `json:"library,omitempty"`
	AsOf     string       `json:"as_of"`
	Results  []resultJSON `json:"results"`
	Breaches int          `json:"breaches"`
	Warnings []string     `json:"warnings,omitempty"`
}

func referenceJSON(t *testing.T, r *Report, indent string) string {
	out := reportJSON{Case: r.Case, Policy: r.Policy, Digest: r.PolicyDigest, Library: r.Library, AsOf: r.AsOf.In(calendar.London).Format(time.DateOnly),
		Results: make([]resultJSON, len(r.Results)), Breaches: r.Breaches, Warnings: r.Warnings}
	for i, res := range r.Results {
		due := ""
		if !res.Due.Time.IsZero() {
			due = FormatInstant(res.Due.Time)
			if res.Due.WholeDay {
				due = res.Due.Time.In(calendar.London).Format(time.DateOnly)
			}
		}
		var in *instanceJSON
		if res.Instance.Number > 0 {
			in = &instanceJSON{Kind: res.Instance.Kind, Number: res.Instance.Number, Start: FormatInstant(res.Instance.Start)}
		}
		out.Results[i] = resultJSON{
			Rule: res.Rule, Title: res.Title, Instance: in, Occurrence: res.Occurrence, Status: res.Status, PracticeStandard: res.PracticeStandard,
			From: FormatInstant(res.From), Due: due, Done: FormatInstant(res.Done),
			WorkingDaysLate: res.WorkingDaysLate, DaysLate: res.DaysLate, Explanation: res.Explanation,
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// randomText mixes words, JSON's special characters, control characters,
// U+2028, bytes that are not UTF-8 and other scripts.
func randomText(rng *rand.Rand) string {
	parts := []string{"ICPC", " on ", "Mon 4 Mar 2024", `"`, `\`, "<", ">", "&", "\n", "\t", "\r", "\b", "\f", "\x00", "\x1f", "\x7f",
		"\u2028", "\u2029", "\xff", "\xe2\x80", "é", "日本", "😀", "'", "/"}
	var b strings.Builder
	for range rng.IntN(8) {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

func TestAppendJSONAgreesWithEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	instant := func() time.Time {
		switch rng.IntN(4) {
		case 0:
			return time.Time{}
		case 1:
			return time.Date(1990+rng.IntN(110), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, calendar.London)
		default:
			return time.Date(1990+rng.IntN(110), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), 0, time.UTC)
		}
	}
	for i := range 3000 {
		r := &Report{Case: randomText(rng), Policy: randomText(rng), PolicyDigest: randomText(rng), Library: randomText(rng), AsOf: instant(), Breaches: rng.IntN(5)}
		if r.AsOf.IsZero() {
			r.AsOf = time.Date(2024, 5, 1, 0, 0, 0, 0, calendar.London)
		}
		for range rng.IntN(4) {
			r.Warnings = append(r.Warnings, randomText(rng))
		}
		for range rng.IntN(6) {
			res := Result{Rule: randomText(rng), Title: randomText(rng), Occurrence: rng.IntN(3), Status: Status(randomText(rng)),
				PracticeStandard: rng.IntN(2) == 0, From: instant(), Done: instant(),
				WorkingDaysLate: rng.IntN(40) - 5, DaysLate: rng.IntN(60), Explanation: randomText(rng)}
			res.Due.Time, res.Due.WholeDay = instant(), rng.IntN(2) == 0
			if rng.IntN(2) == 0 {
				res.Instance = Instance{Kind: randomText(rng), Number: 1 + rng.IntN(3), Start: instant()}
			}
			r.Results = append(r.Results, res)
		}
		for _, indent := range []string{"", "  "} {
			var got bytes.Buffer
			if err := r.WriteJSON(&got, indent); err != nil {
				t.Fatal(err)
			}
			if want := referenceJSON(t, r, indent); got.String() != want {
				t.Fatalf("report %d, indent %q:\n got  %s\n want %s", i, indent, got.String(), want)
			}
		}
	}
}
