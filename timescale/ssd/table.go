package ssd

// This file: the SSD tables the package reads, and reading one CSV table
// into rows of the columns it needs.

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"
)

// tableID names one of the tables read.
type tableID int

const (
	tPerson tableID = iota
	tEpisodes
	tAssessments
	tS47
	tICPC
	tPlans
	tReviews
	tVisits
	numTables
)

// The columns read, by table. Each table's columns are numbered in the
// order of its spec's columns list.
const (
	// ssd_person
	persID = iota
	persSex
	persDOB
	persExpectedDOB
	persDeathDate
)

const (
	// ssd_cin_episodes
	cinePerson = iota
	cineReferralDate
	cineReferralNFA
)

const (
	// ssd_cin_assessments
	cinaPerson = iota
	cinaAuthDate
)

const (
	// ssd_s47_enquiry
	s47ePerson = iota
	s47eID
	s47eStartDate
	s47eNFA
	s47eOutcomeJSON
)

const (
	// ssd_initial_cp_conference
	icpcPerson = iota
	icpcS47ID
	icpcTransferIn
	icpcTargetDate
	icpcDate
	icpcOutcomeCPFlag
)

const (
	// ssd_cp_plans
	cpplPerson = iota
	cpplPlanID
	cpplStartDate
	cpplEndDate
)

const (
	// ssd_cp_reviews
	cpprPlanID = iota
	cpprPerson
	cpprReviewDate
)

const (
	// ssd_cp_visits
	cppvPlanID = iota
	cppvPerson
	cppvVisitDate
	cppvSeenAlone
)

// tableSpec describes one table: its name and the columns read from it.
type tableSpec struct {
	name string
	// columns are the columns read, in the order of the constants above;
	// the first is the column a row is joined to its child by (the
	// person id, or for reviews and visits the plan id).
	columns []string
	// kinds are the event kinds the table holds, with the column each is
	// dated by.
	kinds []kindColumn
}

type kindColumn struct {
	kind   string
	column int
}

var specs = [numTables]tableSpec{
	tPerson: {name: "ssd_person",
		columns: []string{"pers_person_id", "pers_sex", "pers_dob", "pers_expected_dob", "pers_death_date"}},
	tEpisodes: {name: "ssd_cin_episodes",
		columns: []string{"cine_person_id", "cine_referral_date", "cine_referral_nfa"},
		kinds:   []kindColumn{{"referral", cineReferralDate}}},
	tAssessments: {name: "ssd_cin_assessments",
		columns: []string{"cina_person_id", "cina_assessment_auth_date"},
		kinds:   []kindColumn{{"assessment_completed", cinaAuthDate}}},
	tS47: {name: "ssd_s47_enquiry",
		columns: []string{"s47e_person_id", "s47e_s47_enquiry_id", "s47e_s47_start_date", "s47e_s47_nfa", "s47e_s47_outcome_json"},
		kinds:   []kindColumn{{"s47_started", s47eStartDate}}},
	tICPC: {name: "ssd_initial_cp_conference",
		columns: []string{"icpc_person_id", "icpc_s47_enquiry_id", "icpc_icpc_transfer_in", "icpc_icpc_target_date", "icpc_icpc_date", "icpc_icpc_outcome_cp_flag"},
		kinds:   []kindColumn{{"icpc", icpcDate}}},
	tPlans: {name: "ssd_cp_plans",
		columns: []string{"cppl_person_id", "cppl_cp_plan_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"},
		kinds:   []kindColumn{{"cp_plan_start", cpplStartDate}, {"cp_plan_end", cpplEndDate}}},
	tReviews: {name: "ssd_cp_reviews",
		columns: []string{"cppr_cp_plan_id", "cppr_person_id", "cppr_cp_review_date"},
		kinds:   []kindColumn{{"rcpc", cpprReviewDate}}},
	tVisits: {name: "ssd_cp_visits",
		columns: []string{"cppv_cp_plan_id", "cppv_person_id", "cppv_cp_visit_date", "cppv_cp_visit_seen_alone"},
		kinds:   []kindColumn{{"cp_visit", cppvVisitDate}}},
}

// maxColumns is the most columns read from one table.
const maxColumns = 6

// row is one row of a table: the cells of the columns read.
type row struct {
	// line is the line the row begins on.
	line int
	// text holds the row's values of its table's columns end to end, each
	// trimmed of spaces and "" when the value is empty or NULL, or the
	// table or the row has no such column: cell i is
	// text[ends[i-1]:ends[i]]. One string a row keeps the rows of a large
	// export cheap to hold.
	text string
	ends [maxColumns]uint32
	// lines are the lines each cell begins on, only for a row written over
	// more than one line (a quoted cell with a line break); nil otherwise.
	lines []int
	// bad says why the row cannot be trusted (it has more or fewer cells
	// than the header, or bad quoting), or is "".
	bad string
}

// cell returns the row's value of column i, "" when none.
func (r *row) cell(i int) string {
	start := uint32(0)
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.text[start:r.ends[i]]
}

// lineOf returns the line cell i begins on.
func (r *row) lineOf(i int) int {
	if r.lines != nil && r.lines[i] > 0 {
		return r.lines[i]
	}
	return r.line
}

// table is one table as read.
type table struct {
	id   tableID
	file string // as named in problems
	// found is set when the file is there and has a header row.
	found bool
	// has[i] is set when the header names column i.
	has []bool
	// joinable is set when its rows can be joined to children (it has the
	// columns to join them by).
	joinable bool
	// warned counts the warnings about its rows not counted; more counts
	// those left out, past maxRowWarnings.
	warned, more int
}

func (t *table) spec() *tableSpec { return &specs[t.id] }

var bom = []byte("\ufeff")

// readTable reads the table's file name from fsys: its header, then, if
// start says the table can be used, each row (an empty line, or a line of
// empty cells, is no row). It returns the problems with the table as a
// whole (a duplicated column), and an error only when the file cannot be
// read at all.
func readTable(fsys fs.FS, name string, t *table, start func() bool, each func(row)) ([]*Problem, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if b, err := br.Peek(len(bom)); err == nil && bytes.Equal(b, bom) {
		br.Discard(len(bom)) //nolint:errcheck // just peeked
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var probs []*Problem
	header, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return []*Problem{{File: t.file, Msg: "the file is empty: it has no header row naming its columns"}}, nil
	case err != nil:
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return nil, err
		}
		return []*Problem{{File: t.file, Line: pe.StartLine, Msg: "cannot read the header row: " + parseMessage(pe)}}, nil
	}
	spec := t.spec()
	t.found = true
	t.has = make([]bool, len(spec.columns))
	at := make([]int, len(spec.columns)) // the file's column of each column read
	for i := range at {
		at[i] = -1
	}
	width := len(header)
	for j, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for i, c := range spec.columns {
			if h != c {
				continue
			}
			if t.has[i] {
				probs = append(probs, &Problem{File: t.file, Line: 1, Column: c,
					Msg: fmt.Sprintf("the header names the column twice (cells %d and %d): the first is read", at[i]+1, j+1)})
				break
			}
			t.has[i], at[i] = true, j
		}
	}
	if !start() {
		return probs, nil
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var r row
		var pe *csv.ParseError
		switch {
		case err == nil:
			r.line, _ = cr.FieldPos(0)
		case errors.As(err, &pe):
			r.line = pe.StartLine
			r.bad = "cannot read the row: " + parseMessage(pe)
		default:
			return probs, err
		}
		if r.bad == "" {
			if len(rec) < width {
				r.bad = fmt.Sprintf("the row has %d cells and the header %d: its cells may not be under their columns", len(rec), width)
			} else if len(rec) > width && !allEmpty(rec[width:]) {
				r.bad = fmt.Sprintf("the row has %d cells and the header %d (is a cell with a comma not quoted?): its cells may not be under their columns", len(rec), width)
			}
		}
		var text strings.Builder
		for i, j := range at {
			if j >= 0 && j < len(rec) {
				v := strings.TrimSpace(rec[j])
				if !strings.EqualFold(v, "null") {
					text.WriteString(v)
				}
			}
			if text.Len() > math.MaxUint32 {
				r.bad = "the row is too long to read"
				break
			}
			r.ends[i] = uint32(text.Len())
		}
		r.text = text.String()
		if text.Len() > math.MaxUint32 {
			r.text, r.ends = "", [maxColumns]uint32{}
		}
		if r.text == "" && r.bad == "" && allEmpty(rec) {
			continue // a line of commas
		}
		if err == nil && len(rec) > 0 {
			if last, _ := cr.FieldPos(len(rec) - 1); last != r.line {
				r.lines = make([]int, len(spec.columns))
				for i, j := range at {
					if j >= 0 && j < len(rec) {
						r.lines[i], _ = cr.FieldPos(j)
					}
				}
			}
		}
		each(r)
	}
	return probs, nil
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// parseMessage says what is wrong with a row encoding/csv cannot read.
func parseMessage(pe *csv.ParseError) string {
	msg := fmt.Sprintf("%v (line %d, position %d)", pe.Err, pe.Line, pe.Column)
	if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
		msg += `; a cell holding a quote, a comma or a line break must be quoted, with its quotes doubled ("say ""no""")`
	}
	if pe.Line > pe.StartLine {
		msg += fmt.Sprintf(" (the row begins on line %d)", pe.StartLine)
	}
	return msg
}
