package main

// This file: a caseload's outcomes written out in input order, one format a
// writer: JSON Lines (one line an input line), and the formats other files
// add to reportFormats.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/safeguarding/timescales/rules"
)

// reportWriter writes a caseload's outcomes, one after another in input
// order, in one format.
type reportWriter interface {
	// report writes the report of a case that was checked, at place (as
	// for failed).
	report(place int, r *rules.Report) error
	// failed writes that the case at place (its line of a JSON Lines file,
	// its number in a census or an export) could not be checked, with
	// every problem (escaped already, by batchErrorLines).
	failed(place int, problems []string) error
	// blank writes what a blank line of the input becomes.
	blank(place int) error
	// finish writes what follows the last outcome, and flushes. complete
	// is false when the input could not be read to its end: a format that
	// can say so then leaves its end off (an iCalendar file without
	// END:VCALENDAR, which a calendar application refuses, rather than
	// taking a part of the caseload's deadlines for all of them).
	finish(complete bool) error
}

// reportFormats are the formats a caseload's reports can be written in, by
// -format's name: each makes a writer onto the output for a caseload
// (whose noun places its failures: "line", "child").
var reportFormats = map[string]func(w *bufio.Writer, l *caseload) reportWriter{
	"json": func(w *bufio.Writer, l *caseload) reportWriter { return &jsonWriter{w: w, place: l.place} },
	"csv":  func(w *bufio.Writer, l *caseload) reportWriter { return newCSVWriter(w, l.place) },
	"ics": func(w *bufio.Writer, l *caseload) reportWriter {
		return newICSWriter(w, printable(filepath.Base(l.name)+" deadlines"), true)
	},
}

// jsonWriter writes JSON Lines: one report a line, and for an input line
// that is not a case a line that says why ({"line": 4, "error": "..."}), so
// that output line N is always about input line N.
type jsonWriter struct {
	w     *bufio.Writer
	place string // "line" for a JSON Lines file, "child" for a census
	buf   []byte
}

// report writes the report as one line.
func (j *jsonWriter) report(_ int, r *rules.Report) error { return r.WriteJSON(j.w, "") }

// failed writes {"line":N,"error":"..."}, every problem in one string.
func (j *jsonWriter) failed(place int, problems []string) error {
	j.buf = append(j.placed(place), `,"error":`...)
	j.buf = appendJSONString(j.buf, strings.Join(problems, "\n"))
	j.buf = append(j.buf, "}\n"...)
	_, err := j.w.Write(j.buf)
	return err
}

// blank writes {"line":N,"blank":true}.
func (j *jsonWriter) blank(place int) error {
	j.buf = append(j.placed(place), `,"blank":true}`+"\n"...)
	_, err := j.w.Write(j.buf)
	return err
}

// placed starts an object with the outcome's place: {"line":4
func (j *jsonWriter) placed(place int) []byte {
	b := append(j.buf[:0], `{"`...)
	b = append(b, j.place...)
	b = append(b, `":`...)
	return strconv.AppendInt(b, int64(place), 10)
}

// finish flushes the lines written.
func (j *jsonWriter) finish(bool) error { return j.w.Flush() }

// appendJSONString appends s as a JSON string, as the reports write theirs
// (< and > as they are). It is for the rare line that is not a report.
func appendJSONString(b []byte, s string) []byte {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(out.Bytes(), []byte("\n"))...)
}
