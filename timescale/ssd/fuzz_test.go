package ssd

// This file: fuzzing the reading of a table's bytes: no input panics or
// hangs, and every child is either a case or an error naming its file.

import (
	"strings"
	"testing"
	"testing/fstest"
)

func FuzzRead(f *testing.F) {
	f.Add([]byte("pers_person_id,pers_dob\nP1,2016-03-01\n"), []byte("cine_person_id,cine_referral_date,cine_referral_nfa\nP1,2024-01-08 09:00,N\n"))
	f.Add([]byte("\ufeff\"pers_person_id\"\r\nP1\r\n"), []byte("cine_person_id,x,cine_referral_date\r\nP1,\"a\r\nb\",2024-01-08\r\n"))
	f.Add([]byte("pers_person_id\nP1\nP1\n\n,\n"), []byte("cine_person_id,cine_referral_date\nP1,\"2024\nP2,x\"y\n,,,,\n"))
	f.Add([]byte(""), []byte(""))
	f.Add([]byte("pers_person_id,pers_expected_dob\nP1,2024-03-31 01:30\n"), []byte("cine_person_id\n"))
	f.Fuzz(func(t *testing.T, person, episodes []byte) {
		fsys := fstest.MapFS{
			"ssd_person.csv":       {Data: person},
			"ssd_cin_episodes.csv": {Data: episodes},
			"ssd_s47_enquiry.csv":  {Data: []byte("s47e_person_id,s47e_s47_start_date,s47e_s47_outcome_json\nP1,2024-01-10,\"{\"\"CP_CONFERENCE_FLAG\"\": \"\"Y\"\"}\"\n")},
		}
		r, err := open(fsys, "x")
		if err != nil {
			if !strings.Contains(err.Error(), "ssd_person.csv") {
				t.Fatalf("an Open error names no table: %v", err)
			}
			return
		}
		for _, w := range r.Warnings() {
			if !strings.HasPrefix(w.File, "x/") {
				t.Fatalf("a warning names no file: %v", w)
			}
		}
		for c := range r.Children() {
			if (c.Case == nil) == (c.Err == nil) {
				t.Fatalf("child %q: want a case or an error, not both or neither", c.ID)
			}
			if c.Err != nil {
				for _, p := range c.Err.(ErrorList) {
					if p.File == "" || p.Line < 2 {
						t.Fatalf("a problem without its file and row: %v", p)
					}
				}
				continue
			}
			if c.Case.ID != c.ID {
				t.Fatalf("case %q for child %q", c.Case.ID, c.ID)
			}
			for _, e := range c.Case.Events {
				if e.At.IsZero() || e.Attributes == nil {
					t.Fatalf("event without a time or attributes: %+v", e)
				}
			}
		}
	})
}
