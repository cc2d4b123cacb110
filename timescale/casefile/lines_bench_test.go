package casefile

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// typicalLine is a caseload line as an export writes it: an England case
// of 12 events, with the keys a case management system adds.
const typicalLine = `{"case": "C-104217", "as_of": "2024-09-30", "child": {"date_of_birth": "2016-11-04", "unborn": false}, ` +
	`"facts": {"urgency": "complex", "team": "east", "grading": 2}, "events": [` +
	`{"kind": "referral", "at": "2024-03-01T09:15:00Z", "nfa": false}, ` +
	`{"kind": "referral_decision", "at": "2024-03-01T16:40:00Z"}, ` +
	`{"kind": "strategy_discussion", "at": "2024-03-04T10:00:00Z", "s47": true}, ` +
	`{"kind": "s47_started", "at": "2024-03-04", "icpc_required": true}, ` +
	`{"kind": "assessment_completed", "at": "2024-03-20"}, ` +
	`{"kind": "icpc", "at": "2024-03-22T13:30:00Z", "plan": true}, ` +
	`{"kind": "core_group", "at": "2024-04-02"}, ` +
	`{"kind": "cp_visit", "at": "2024-04-05T11:00:00+01:00"}, ` +
	`{"kind": "cp_visit", "at": "2024-04-19T11:00:00+01:00"}, ` +
	`{"kind": "core_group", "at": "2024-05-14"}, ` +
	`{"kind": "rcpc", "at": "2024-06-20T10:00:00+01:00", "plan": true}, ` +
	`{"kind": "cp_visit", "at": "2024-07-01T14:00:00+01:00"}], ` +
	`"source_system": "Mosaic", "exported_at": "2024-09-30T02:00:00Z"}`

// BenchmarkReadLine reads one typical line, by the Read path (as every line
// was read before the fast path) and by readLine: ns/op and allocs/op are
// per case. For scale, encoding/json only checks the line (json.Valid),
// and decodes it into an any without making a case of it (Unmarshal).
//
//	go test ./timescale/casefile -run '^$' -bench '^BenchmarkReadLine$' -benchmem
func BenchmarkReadLine(b *testing.B) {
	data := []byte(typicalLine)
	o := options(nil)
	for _, bc := range []struct {
		name string
		read func() error
	}{
		{"read", func() error { _, err := readLineSlow("caseload.jsonl", 1, data, o); return err }},
		{"fast", func() error { _, err := readLine("caseload.jsonl", 1, string(data), o); return err }}, // the copy Lines makes
		{"json.Valid", func() error {
			if !json.Valid(data) {
				return errors.New("not valid")
			}
			return nil
		}},
		{"json.Unmarshal", func() error { var v any; return json.Unmarshal(data, &v) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadLines reads a caseload of 1,000 typical lines with
// ReadLines, and reports the time per case; allocs/op are per 1,000 cases.
// noexport is the same line without the export's two keys, which are
// errors before they were warnings, for comparing with that.
//
//	go test ./timescale/casefile -run '^$' -bench '^BenchmarkReadLines$' -benchmem
func BenchmarkReadLines(b *testing.B) {
	noExport := typicalLine[:strings.Index(typicalLine, `, "source_system"`)] + "}"
	for _, bc := range []struct{ name, line string }{{"typical", typicalLine}, {"noexport", noExport}} {
		b.Run(bc.name, func(b *testing.B) {
			const n = 1000
			stream := strings.Repeat(bc.line+"\n", n)
			b.ReportAllocs()
			b.SetBytes(int64(len(stream)))
			for b.Loop() {
				cases := 0
				for c, err := range ReadLines("caseload.jsonl", strings.NewReader(stream)) {
					if err != nil || len(c.Events) != 12 {
						b.Fatal(err)
					}
					cases++
				}
				if cases != n {
					b.Fatalf("%d cases", cases)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/case")
		})
	}
}
