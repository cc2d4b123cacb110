package main

// This file: -ssd, a Standard Safeguarding Dataset export as a caseload.

import (
	"github.com/safeguarding/timescales/internal/problems"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/ssd"
)

// ssdExport opens an SSD export (a directory of CSV tables) as a caseload of
// its children. The SSD has no ReferenceDate: the caseload is evaluated as
// of -asof or today. Its warnings about the tables as a whole come back to
// be said first.
func ssdExport(dir string) (*caseload, []string, error) {
	r, err := ssd.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	var tableWarnings []string
	for _, p := range r.Warnings() {
		tableWarnings = append(tableWarnings, ssdWarning(p))
	}
	l := &caseload{
		name: dir, place: "child", noun: "child", nouns: "children",
		warnings: &caseWarnings{},
		err:      func() error { return nil },
		close:    func() {},
	}
	l.reads = childCases(l, r.Children(), func(c ssd.Child) (*timescale.Case, []*ssd.Problem, error) {
		return c.Case, c.Warnings, c.Err // Err is nil, not an empty list, when the child was read
	}, ssdWarning)
	return l, tableWarnings, nil
}

// ssdWarning writes a warning as file:line: warning: child: column: message.
func ssdWarning(p *ssd.Problem) string {
	q := *p
	q.File, q.Line = "", 0
	return problems.Format(p.File, p.Line, q.Error(), "warning")
}
