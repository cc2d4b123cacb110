package policytest

// This file: how a report differs from its golden file, result by result
// and field by field, in the words of the report.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/safeguarding/timescales/rules"
)

// Difference is one way a case's report differs from its golden file: a
// field of one result (Rule, Instance and Occurrence say which), a result
// only one of them has (Field "result"), or a field of the report itself
// (Rule ""; Field "breaches", "warning", ...).
type Difference struct {
	Rule       string // the rule's id; "" for the report's own fields
	Instance   string // the instance in words ("s47 enquiry 1"); "" for a rule counted once
	Occurrence int    // from 1; 0 for the report's own fields
	Field      string // the field of the report or result: "status", "due", "explanation"
	Golden     string // the value in the golden file; "" when it has none
	Now        string // the value the policy gives now; "" when it gives none
}

// Where names the result a difference is in: "icpc-within-15-working-days,
// s47 enquiry 1, occurrence 1"; "" for the report's own fields.
func (d Difference) Where() string {
	if d.Rule == "" {
		return ""
	}
	s := d.Rule
	if d.Instance != "" {
		s += ", " + d.Instance
	}
	return s + ", occurrence " + strconv.Itoa(d.Occurrence)
}

// String writes the difference on one line: "icpc-within-15-working-days,
// s47 enquiry 1, occurrence 1: due: 2024-04-15 -> 2024-04-16".
func (d Difference) String() string {
	s := d.Field + ": " + orNone(d.Golden) + " -> " + orNone(d.Now)
	if w := d.Where(); w != "" {
		return w + ": " + s
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// longValue is the length past which a value is written on a line of its
// own, golden above now, so that two explanations can be read one under
// the other.
const longValue = 40

// FormatDiffs writes differences for a person to read: each result's
// differences under a line that names it, each field golden -> now, long
// values one under the other.
//
//	icpc-within-15-working-days, s47 enquiry 1, occurrence 1:
//	    status: late -> met
//	    due: 2024-04-15 -> 2024-04-16
//	    explanation:
//	      golden: 15 working days from Thu 21 Mar 2024 ...
//	      now:    16 working days from Thu 21 Mar 2024 ...
func FormatDiffs(diffs []Difference) string {
	var b strings.Builder
	last := "\x00"
	for _, d := range diffs {
		indent := "  "
		if w := d.Where(); w != "" {
			if w != last {
				fmt.Fprintf(&b, "  %s:\n", w)
			}
			last, indent = w, "    "
		} else {
			last = ""
		}
		if len(d.Golden) > longValue || len(d.Now) > longValue {
			fmt.Fprintf(&b, "%s%s:\n%s  golden: %s\n%s  now:    %s\n", indent, d.Field, indent, orNone(d.Golden), indent, orNone(d.Now))
			continue
		}
		fmt.Fprintf(&b, "%s%s: %s -> %s\n", indent, d.Field, orNone(d.Golden), orNone(d.Now))
	}
	return b.String()
}

// jsonReport is a report as its golden file holds it, each result kept as
// its fields, so that a field the engine has since added or dropped shows
// as a difference too.
type jsonReport struct {
	fields  map[string]json.RawMessage
	results []map[string]json.RawMessage
}

// The fields of a result, in the order WriteJSON writes them; any other
// field follows, in name order.
var resultFields = []string{"title", "instance", "occurrence", "status", "practice_standard", "from", "due", "done", "working_days_late", "days_late", "explanation"}

// The report's own fields, compared apart from its results and warnings.
var reportFields = []string{"case", "policy", "as_of", "breaches"}

// knownReportFields and knownResultFields are the fields compared in their
// own way; any other is compared as text after them.
var (
	knownReportFields = append(slices.Clone(reportFields), "results", "warnings")
	knownResultFields = append(slices.Clone(resultFields), "rule")
)

func parseReport(data []byte) (*jsonReport, error) {
	var top map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return nil, err
	}
	r := &jsonReport{fields: top}
	if raw, ok := top["results"]; ok {
		if err := json.Unmarshal(raw, &r.results); err != nil {
			return nil, fmt.Errorf("results: %w", err)
		}
	}
	return r, nil
}

// diffReports lists how the report now differs from the golden one. It
// falls back to a difference of the whole file when the golden file is
// not a report, or when the two differ only in their layout.
func diffReports(goldenData, nowData []byte) []Difference {
	was, err := parseReport(goldenData)
	if err != nil {
		return []Difference{{Field: "golden file", Golden: "not a report (" + err.Error() + ")", Now: "the report"}}
	}
	now, err := parseReport(nowData)
	if err != nil {
		return []Difference{{Field: "report", Now: err.Error()}}
	}
	var out []Difference
	for _, f := range append(slices.Clone(reportFields), otherFields(was.fields, now.fields, knownReportFields)...) {
		if g, n := text(was.fields[f]), text(now.fields[f]); g != n {
			out = append(out, Difference{Field: f, Golden: g, Now: n})
		}
	}
	out = append(out, diffWarnings(stringList(was.fields["warnings"]), stringList(now.fields["warnings"]))...)
	out = append(out, diffResults(was.results, now.results)...)
	if len(out) == 0 {
		out = append(out, Difference{Field: "layout", Golden: "the golden file's spacing or order", Now: "WriteJSON's (the results are the same)"})
	}
	return out
}

// key identifies a result in both reports: its rule, instance and
// occurrence.
type key struct {
	rule, instance string
	occurrence     int
}

func keyOf(r map[string]json.RawMessage) key {
	k := key{rule: text(r["rule"]), instance: instanceWords(r["instance"])}
	k.occurrence, _ = strconv.Atoi(text(r["occurrence"]))
	return k
}

// instanceWords names a result's instance: "s47 enquiry 1".
func instanceWords(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var in struct {
		Kind   string `json:"kind"`
		Number int    `json:"number"`
	}
	if json.Unmarshal(raw, &in) != nil || in.Kind == "" {
		return text(raw)
	}
	return rules.Instance{Kind: in.Kind, Number: in.Number}.String()
}

func diffResults(was, now []map[string]json.RawMessage) []Difference {
	var out []Difference
	nowAt := map[key]int{}
	for i, r := range now {
		nowAt[keyOf(r)] = i
	}
	seen := map[key]bool{}
	for _, g := range was {
		k := keyOf(g)
		seen[k] = true
		i, ok := nowAt[k]
		if !ok {
			out = append(out, Difference{Rule: k.rule, Instance: k.instance, Occurrence: k.occurrence, Field: "result", Golden: resultWords(g)})
			continue
		}
		n := now[i]
		for _, f := range append(slices.Clone(resultFields), otherFields(g, n, knownResultFields)...) {
			gv, nv := fieldText(f, g[f]), fieldText(f, n[f])
			if gv != nv {
				out = append(out, Difference{Rule: k.rule, Instance: k.instance, Occurrence: k.occurrence, Field: f, Golden: gv, Now: nv})
			}
		}
	}
	for _, n := range now {
		if k := keyOf(n); !seen[k] {
			out = append(out, Difference{Rule: k.rule, Instance: k.instance, Occurrence: k.occurrence, Field: "result", Now: resultWords(n)})
		}
	}
	return out
}

// fieldText writes a result's field for a difference; the instance by its
// start, since its kind and number identify the result.
func fieldText(field string, raw json.RawMessage) string {
	if field == "instance" && len(raw) > 0 {
		var in struct {
			Start string `json:"start"`
		}
		if json.Unmarshal(raw, &in) == nil {
			return "starts " + in.Start
		}
	}
	return text(raw)
}

// resultWords sums up a result that only one report has: "late, due
// 2024-04-15, done 2024-04-16", or for one that is not applicable, why.
func resultWords(r map[string]json.RawMessage) string {
	s := text(r["status"])
	if s == string(rules.NotApplicable) {
		return s + ": " + text(r["explanation"])
	}
	if d := text(r["due"]); d != "" {
		s += ", due " + d
	}
	if d := text(r["done"]); d != "" {
		s += ", done " + d
	}
	return s
}

func diffWarnings(was, now []string) []Difference {
	var out []Difference
	for _, w := range was {
		if !slices.Contains(now, w) {
			out = append(out, Difference{Field: "warning", Golden: w})
		}
	}
	for _, w := range now {
		if !slices.Contains(was, w) {
			out = append(out, Difference{Field: "warning", Now: w})
		}
	}
	return out
}

// otherFields returns the fields of a or b not in known, sorted.
func otherFields(a, b map[string]json.RawMessage, known []string) []string {
	var out []string
	for _, m := range []map[string]json.RawMessage{a, b} {
		for f := range m {
			if !slices.Contains(known, f) && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return out
}

// text writes a JSON value as it reads: a string without its quotes, a
// number or true or false as written, anything else compact JSON; "" for
// none.
func text(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) == nil {
		return b.String()
	}
	return string(raw)
}

// stringList reads a JSON list of strings.
func stringList(raw json.RawMessage) []string {
	var out []string
	_ = json.Unmarshal(raw, &out)
	return out
}
