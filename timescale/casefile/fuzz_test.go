package casefile

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzReadLines reads random streams as JSON Lines, with a small line limit
// so that long lines are common, and checks what a caseload promises: every
// line that is not blank gives exactly one case or one error, in order, each
// naming its line, and nothing is lost after a bad or long line.
//
//	go test ./timescale/casefile -run '^$' -fuzz '^FuzzReadLines$' -fuzztime 3m -fuzzminimizetime 10s
func FuzzReadLines(f *testing.F) {
	for _, s := range []string{
		"",
		"{\"case\": \"A\"}\n{\"case\": \"B\"}\n",
		"\xef\xbb\xbf{\"case\": \"A\"}\r\n\r\n  \n{\"case\": \"B\", \"events\": [{\"kind\": \"icpc\", \"at\": \"2024-03-22\"}]}",
		"not json\n{\"case\": \"A\",}\n{}\n[1]\n{\"case\": 1}\n",
		"{\"case\": \"A\", \"facts\": {\"x\": \"" + strings.Repeat("a", 200) + "\"}}\n{\"case\": \"B\"}\n",
		"{\"case\": \"A\"}\r{\"case\": \"B\"}\n\x00\n\xff\n{\"case\": \"C\xff\"}\n",
		fullJSON + "\n" + strings.ReplaceAll(fullJSON, "\n", " ") + "\n",
	} {
		f.Add([]byte(s))
	}
	const limit = 128
	f.Fuzz(func(t *testing.T, data []byte) {
		// What each line should give: an item (a case or an error) for
		// each line that is too long or not blank.
		var want []int
		for i, text := range bytes.Split(data, []byte("\n")) {
			text = bytes.TrimSuffix(text, []byte("\r"))
			if i == 0 && len(text) <= limit {
				text = bytes.TrimPrefix(text, utf8BOM)
			}
			if len(text) > limit || len(bytes.TrimSpace(text)) > 0 {
				want = append(want, i+1)
			}
		}
		var got []int
		for c, err := range ReadLines("f.jsonl", bytes.NewReader(data), WithMaxLineSize(limit)) {
			switch {
			case c != nil && err != nil:
				t.Fatalf("a case and an error: %v", err)
			case c != nil:
				if strings.TrimSpace(c.ID) == "" {
					t.Fatalf("line %d: a case with no id", c.Line)
				}
				for _, e := range c.Events {
					if e.Line != c.Line {
						t.Fatalf("line %d: an event of line %d", c.Line, e.Line)
					}
				}
				got = append(got, c.Line)
			case err == nil:
				t.Fatal("neither a case nor an error")
			default:
				var errs ErrorList
				if !errors.As(err, &errs) || len(errs) == 0 {
					t.Fatalf("error %v is not a non-empty ErrorList", err)
				}
				for _, e := range errs {
					if e.Line != errs[0].Line || e.Line == 0 || e.File != "f.jsonl" {
						t.Fatalf("an error that names another line or file: %v", err)
					}
				}
				got = append(got, errs[0].Line)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d items for lines %v, want one for each of lines %v", len(got), got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("items for lines %v, want lines %v", got, want)
			}
		}
	})
}
