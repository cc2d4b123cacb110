package ssd

// This file: opening an export's directory, reading its tables and
// grouping their rows by child.

import (
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/safeguarding/timescales/timescale"
)

// Source names the SSD in the cases read (timescale.Case.Source), for
// explanations: "the Standard Safeguarding Dataset does not hold core
// group events".
const Source = "the Standard Safeguarding Dataset"

// SourceKinds are the event kinds the SSD's tables hold, those the cases
// read may have: the SSD holds no strategy discussions, referral decisions
// or core groups. A case's own SourceKinds leave out the kinds of any table
// (or date column) the export does not have.
var SourceKinds = []string{"referral", "assessment_completed", "s47_started", "icpc", "cp_plan_start", "cp_plan_end", "rcpc", "cp_visit"}

// maxRowWarnings caps the warnings about rows not counted (a person not in
// ssd_person, a row with no id) for each table; one more warning counts
// the rest.
const maxRowWarnings = 50

// Child is one child of the export, as read: one row of ssd_person and
// the rows of the other tables joined to it.
type Child struct {
	// Case is the child's record, nil when the child could not be read
	// (Err says why).
	Case *timescale.Case
	// ID is the child's pers_person_id ("" when it is empty).
	ID string
	// Line is the line of the child's row in ssd_person.csv.
	Line int
	// Warnings say what is odd about the child's rows but did not stop
	// them being read.
	Warnings []*Problem
	// Err, an ErrorList, says why the child could not be read: every
	// problem in its rows, each naming the file, line, child and column.
	Err error
}

// Reader reads an SSD export: a directory of CSV files, one a table. Open
// reads every table into memory, grouped by child; Children then makes
// each child's case as it is asked for.
type Reader struct {
	tables   [numTables]table
	warnings []*Problem
	people   []*person          // in ssd_person's order
	byID     map[string]*person // the first row of each id
	plans    map[string]planRow // plan id -> the plan's child and line
	kinds    []string
}

// person is one row of ssd_person and the rows joined to it.
type person struct {
	id  string
	row row
	// first is the line of the first ssd_person row with the same id, when
	// this row repeats it; 0 otherwise. Rows of other tables join to the
	// first.
	first int
	rows  [numTables][]row
}

type planRow struct {
	person string
	line   int
}

// Open reads the tables of the SSD export in directory dir, each a CSV
// file named for its table (ssd_person.csv, ssd_cin_episodes.csv, ...; the
// name's case does not matter), with a header row naming its columns.
// Only ssd_person is required; a table that is not there is reported as a
// warning, and the cases read do not claim to hold its events
// (timescale.Case.SourceKinds), so that the rules met by them are reported
// not recorded rather than overdue.
//
// Open fails when dir cannot be read; when ssd_person.csv is not there, is
// empty or has no pers_person_id column (the error is then a *Problem
// naming the file); and when a table's file cannot be read. A
// row it cannot make sense of never stops it: it is reported with the
// child the row is about (Child.Err), or as a warning (Warnings).
//
// Every table is held in memory, grouped by child, until the Reader is
// dropped: only the columns the package reads, so memory grows with the
// number of rows, not the width of the tables.
func Open(dir string) (*Reader, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("ssd: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("ssd: %s is not a directory: give the directory holding the export's CSV files", dir)
	}
	return open(os.DirFS(dir), dir)
}

// open reads the export in fsys; dir names it in problems.
func open(fsys fs.FS, dir string) (*Reader, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("ssd: %s: %w", dir, err)
	}
	files := map[string]string{} // lower-case name -> name
	for _, e := range entries {
		if !regular(fsys, e) {
			continue // a directory, a pipe: nothing to read a table from
		}
		lower := strings.ToLower(e.Name())
		if prev, ok := files[lower]; !ok || prev != lower && e.Name() == lower {
			files[lower] = e.Name()
		}
	}
	r := &Reader{byID: map[string]*person{}, plans: map[string]planRow{}}
	present := map[string]bool{}
	for id := range numTables {
		t := &r.tables[id]
		t.id = id
		spec := t.spec()
		want := spec.name + ".csv"
		name, ok := files[want]
		if ok {
			t.file = filepath.Join(dir, name)
		} else {
			t.file = filepath.Join(dir, want)
		}
		if !ok {
			if id == tPerson {
				return nil, &Problem{File: t.file, Msg: "no such file: an SSD export needs its ssd_person table, one row for each child"}
			}
			r.warnings = append(r.warnings, &Problem{File: t.file, Msg: "no such file: " + r.notRead(t)})
			continue
		}
		mark := len(r.warnings)
		probs, err := readTable(fsys, name, t, func() bool { return r.usable(t) }, func(rw row) { r.add(t, rw) })
		if err != nil {
			return nil, fmt.Errorf("ssd: %s: %w", t.file, err)
		}
		if !t.found && len(probs) > 0 { // empty, or its header cannot be read
			if id == tPerson {
				probs[0].Msg += "; an SSD export needs its ssd_person table, one row for each child"
				return nil, probs[0]
			}
			probs[0].Msg += ": " + r.notRead(t)
		}
		if id == tPerson {
			if !t.has[persID] {
				return nil, &Problem{File: t.file, Line: 1, Column: spec.columns[persID], Msg: "no such column: ssd_person needs the child's id, pers_person_id"}
			}
		}
		r.warnings = slices.Insert(r.warnings, mark, probs...) // the header's, before its rows'
		if t.more > 0 {
			r.warnings = append(r.warnings, &Problem{File: t.file, Msg: fmt.Sprintf("and %d more rows not counted, as above", t.more)})
		}
		if !t.found || !t.joinable {
			continue
		}
		for _, k := range spec.kinds {
			if t.has[k.column] {
				present[k.kind] = true
				continue
			}
			r.warnings = append(r.warnings, &Problem{File: t.file, Line: 1, Column: spec.columns[k.column],
				Msg: fmt.Sprintf("no such column: no %s events are read, and rules met only by them are reported not recorded", k.kind)})
		}
	}
	r.kinds = []string{}
	for _, k := range SourceKinds {
		if present[k] {
			r.kinds = append(r.kinds, k)
		}
	}
	return r, nil
}

// regular reports whether e is a regular file, or a link to one.
func regular(fsys fs.FS, e fs.DirEntry) bool {
	if e.Type()&fs.ModeSymlink != 0 {
		fi, err := fs.Stat(fsys, e.Name())
		return err == nil && fi.Mode().IsRegular()
	}
	return e.Type().IsRegular()
}

// notRead says what is lost when table t cannot be read.
func (r *Reader) notRead(t *table) string {
	var kinds []string
	for _, k := range t.spec().kinds {
		kinds = append(kinds, k.kind)
	}
	return fmt.Sprintf("no %s events are read, and rules met only by them are reported not recorded", strings.Join(kinds, " or "))
}

// usable reports whether table t, its header read, can be joined to
// children, and warns when it cannot.
func (r *Reader) usable(t *table) bool {
	spec := t.spec()
	switch t.id {
	case tPerson:
		t.joinable = t.has[persID]
		return t.joinable
	case tReviews, tVisits:
		plans := &r.tables[tPlans]
		viaPlan := t.has[0] && plans.found && plans.joinable && plans.has[cpplPlanID]
		t.joinable = viaPlan || t.has[1]
		if !t.joinable {
			why := "the table has no " + spec.columns[0]
			if t.has[0] {
				why = "ssd_cp_plans cannot be read, or has no cppl_cp_plan_id"
			}
			r.warnings = append(r.warnings, &Problem{File: t.file, Line: 1, Column: spec.columns[0],
				Msg: fmt.Sprintf("its rows cannot be joined to children (%s, and it has no %s): %s", why, spec.columns[1], r.notRead(t))})
		}
	default:
		t.joinable = t.has[0]
		if !t.joinable {
			r.warnings = append(r.warnings, &Problem{File: t.file, Line: 1, Column: spec.columns[0],
				Msg: "no such column: its rows cannot be joined to children, so " + r.notRead(t)})
		}
	}
	return t.joinable
}

// add joins a row of table t to its child.
func (r *Reader) add(t *table, rw row) {
	if t.id == tPerson {
		p := &person{id: rw.cell(persID), row: rw}
		if p.id != "" {
			if q, dup := r.byID[p.id]; dup {
				p.first = q.row.line
			} else {
				r.byID[p.id] = p
			}
		}
		r.people = append(r.people, p)
		return
	}
	spec := t.spec()
	col := spec.columns[0]
	id := rw.cell(0)
	via := ""
	switch t.id {
	case tPlans:
		col, id = spec.columns[cpplPerson], rw.cell(cpplPerson)
		if plan := rw.cell(cpplPlanID); plan != "" {
			if prev, dup := r.plans[plan]; !dup {
				r.plans[plan] = planRow{person: id, line: rw.line}
			} else if prev.person != id {
				r.rowWarn(t, &Problem{File: t.file, Line: rw.line, Child: id, Column: spec.columns[cpplPlanID],
					Msg: fmt.Sprintf("plan %s is also on line %d, for child %s: its reviews and visits are joined to that child", plan, prev.line, prev.person)})
			}
		}
	case tReviews, tVisits:
		plan, own := rw.cell(0), rw.cell(1)
		if pr, ok := r.plans[plan]; ok && plan != "" {
			col, id, via = spec.columns[0], pr.person, fmt.Sprintf(" (the child of plan %s)", plan)
			if own != "" && own != pr.person {
				r.rowWarn(t, &Problem{File: t.file, Line: rw.line, Child: pr.person, Column: spec.columns[1],
					Msg: fmt.Sprintf("the row names child %s, and its plan %s is child %s's: it is joined through the plan", own, plan, pr.person)})
			}
		} else {
			col, id = spec.columns[1], own
			if id == "" {
				msg := fmt.Sprintf("no %s and no %s: the row is no child's; not counted", spec.columns[0], spec.columns[1])
				if plan != "" {
					msg = fmt.Sprintf("plan %s is not in ssd_cp_plans, and the row has no %s: the row is no child's; not counted", plan, spec.columns[1])
				}
				r.rowWarn(t, &Problem{File: t.file, Line: rw.line, Column: spec.columns[0], Msg: msg})
				return
			}
		}
	}
	if id == "" {
		msg := "empty: the row is no child's; not counted"
		if rw.bad != "" {
			msg = rw.bad + "; not counted"
			col = ""
		}
		r.rowWarn(t, &Problem{File: t.file, Line: rw.line, Column: col, Msg: msg})
		return
	}
	p := r.byID[id]
	if p == nil {
		r.rowWarn(t, &Problem{File: t.file, Line: rw.line, Child: id, Column: col,
			Msg: fmt.Sprintf("no child %s%s in ssd_person: not counted", id, via)})
		return
	}
	p.rows[t.id] = append(p.rows[t.id], rw)
}

// rowWarn warns of a row not counted, up to maxRowWarnings for each table.
func (r *Reader) rowWarn(t *table, p *Problem) {
	if t.warned >= maxRowWarnings {
		t.more++
		return
	}
	t.warned++
	r.warnings = append(r.warnings, p)
}

// Warnings returns what is odd about the tables as a whole: a table that
// is not there, or has no column the package reads, a row of no child in
// ssd_person. What is odd about one child's rows is in its Child.Warnings.
func (r *Reader) Warnings() []*Problem { return r.warnings }

// Children returns the children of the export, one for each row of
// ssd_person, in the file's order. Each case is made as it is asked for;
// the sequence may be ranged over more than once.
func (r *Reader) Children() iter.Seq[Child] {
	return func(yield func(Child) bool) {
		times := timeCache{}
		for _, p := range r.people {
			if !yield(r.child(p, times)) {
				return
			}
		}
	}
}
