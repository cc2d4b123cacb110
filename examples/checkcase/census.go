package main

// This file: -census, a DfE CIN census file as a caseload.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

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
		name: path, total: countChildren(path), noun: "child", nouns: "children",
		asOf: h.ReferenceDate, yearFrom: h.CollectionStart(), yearTo: h.ReferenceDate,
		warnings: &caseWarnings{},
		err:      r.Err,
		close:    func() { f.Close() },
	}
	l.cases = func(yield func(*timescale.Case, error) bool) {
		i := 0
		for c := range r.Children() {
			var ws []string
			for _, p := range c.Warnings {
				ws = append(ws, censusWarning(p))
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
	return l, fileWarnings, nil
}

// censusWarning writes a warning as file:line: warning: child: element:
// message.
func censusWarning(p *cincensus.Problem) string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": warning: ")
	q := *p
	q.File, q.Line = "", 0
	b.WriteString(q.Error())
	return b.String()
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
	r := bufio.NewReaderSize(f, 1<<16)
	tag := []byte("<Child>")
	var carry []byte
	buf := make([]byte, 1<<16)
	for {
		k, err := r.Read(buf)
		chunk := append(carry, buf[:k]...)
		n += int64(bytes.Count(chunk, tag))
		// Keep the tail that could start a tag split across reads, less
		// a whole tag (already counted).
		keep := min(len(chunk), len(tag)-1)
		carry = append(carry[:0], chunk[len(chunk)-keep:]...)
		if err == io.EOF {
			return n
		}
		if err != nil {
			return -1
		}
	}
}
