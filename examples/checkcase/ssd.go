package main

// This file: -ssd, a Standard Safeguarding Dataset export as a caseload.

import (
	"fmt"

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
		name: dir, total: -1, noun: "child", nouns: "children",
		warnings: &caseWarnings{},
		err:      func() error { return nil },
		close:    func() {},
	}
	l.cases = func(yield func(*timescale.Case, error) bool) {
		i := 0
		for c := range r.Children() {
			var ws []string
			for _, p := range c.Warnings {
				ws = append(ws, ssdWarning(p))
			}
			l.warnings.add(i, ws)
			i++
			var err error
			if c.Err != nil {
				err = c.Err // not a nil ErrorList in an error
			}
			if !yield(c.Case, err) {
				return
			}
		}
	}
	return l, tableWarnings, nil
}

// ssdWarning writes a warning as file:line: warning: child: column: message.
func ssdWarning(p *ssd.Problem) string {
	q := *p
	q.File, q.Line = "", 0
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: warning: %s", p.File, p.Line, q.Error())
	}
	return fmt.Sprintf("%s: warning: %s", p.File, q.Error())
}
