package main

// This file: -census, a DfE CIN census file as a caseload.

import (
	"bytes"
	"io"
	"iter"
	"os"

	"github.com/safeguarding/timescales/internal/problems"
	"github.com/safeguarding/timescales/timescale"
	"github.com/safeguarding/timescales/timescale/cincensus"
)

// censusFile opens a census file as a caseload of its children, having read
// its header: the caseload is evaluated as of its ReferenceDate, and its
// collection year runs from 1 April before. The header's warnings come back
// to be said first.
func censusFile(path string) (*caseload, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	r := cincensus.NewReader(path, f)
	h := r.ReadHeader()
	var fileWarnings []string
	for _, p := range r.Warnings() {
		fileWarnings = append(fileWarnings, censusWarning(p))
	}
	l := &caseload{
		name: path, place: "child", total: func() int64 { return countChildren(path) }, noun: "child", nouns: "children",
		asOf: h.ReferenceDate, asOfWhy: "the census's ReferenceDate",
		warnings: &caseWarnings{},
		err:      r.Err,
		close:    func() { f.Close() },
	}
	l.reads = childCases(l, r.Children(), func(c cincensus.Child) (*timescale.Case, []*cincensus.Problem, error) {
		return c.Case, c.Warnings, c.Err // Err is nil, not an empty list, when the child was read
	}, censusWarning)
	return l, fileWarnings, nil
}

// childCases yields the cases of a reader's children, keeping each one's
// warnings, as words, for its outcome to say.
func childCases[C, P any](l *caseload, children iter.Seq[C], read func(C) (*timescale.Case, []P, error), words func(P) string) iter.Seq[func() (*timescale.Case, error)] {
	return eagerly(func(yield func(*timescale.Case, error) bool) {
		i := 0
		for child := range children {
			c, warnings, err := read(child)
			var ws []string
			for _, w := range warnings {
				ws = append(ws, words(w))
			}
			l.warnings.add(i, ws)
			i++
			if !yield(c, err) {
				return
			}
		}
	})
}

// censusWarning writes a warning as file:line: warning: child: element:
// message.
func censusWarning(p *cincensus.Problem) string {
	q := *p
	q.File, q.Line = "", 0
	return problems.Format(p.File, p.Line, q.Error(), "warning")
}

// countChildren counts a census file's Child elements, for the progress
// bar; -1 when it cannot be read.
func countChildren(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return -1
	}
	defer f.Close()
	var n int64
	tag := []byte("<Child>")
	// Each read goes after the tail of the one before that could begin a
	// tag split between them (less than a whole tag: none counted twice).
	buf := make([]byte, len(tag)-1+64<<10)
	kept := 0
	for {
		k, err := f.Read(buf[kept:])
		chunk := buf[:kept+k]
		n += int64(bytes.Count(chunk, tag))
		kept = copy(buf, chunk[len(chunk)-min(len(chunk), len(tag)-1):])
		if err == io.EOF {
			return n
		}
		if err != nil {
			return -1
		}
	}
}
