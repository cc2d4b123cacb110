package rules

// This file: the report of a case, and writing it as JSON.

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// Status is where a rule stands for a case.
type Status string

// The statuses of a result.
const (
	Met           Status = "met"            // done by the due date, or a check that holds
	Late          Status = "late"           // done after the due date: a breach
	Overdue       Status = "overdue"        // not done and past the due date: a breach
	DueSoon       Status = "due_soon"       // not done, due within the policy's warn_before
	Pending       Status = "pending"        // not done, not yet due
	NotApplicable Status = "not_applicable" // the rule does not apply, or has not started
	Excepted      Status = "excepted"       // an approved exception (unless:) covers it
	Violated      Status = "violated"       // a check that does not hold: a breach
	NotRecorded   Status = "not_recorded"   // the record's source cannot hold what the rule reads
)

// IsBreach reports whether the status is a breach: late, overdue or violated.
func (s Status) IsBreach() bool { return s == Late || s == Overdue || s == Violated }

// IsBreach reports whether the result counts as a breach: its status is
// one, and its rule is not a practice standard.
func (r *Result) IsBreach() bool { return r.Status.IsBreach() && !r.PracticeStandard }

// Report is the outcome of evaluating one case against a policy.
type Report struct {
	Case   string
	Policy string
	// PolicyDigest is the digest of the policy as folded (Policy.Digest),
	// and Library the version of this library (Version), that gave the
	// report: for an audit of which rules gave a verdict.
	PolicyDigest string
	Library      string
	AsOf         time.Time // midnight in London on the as-of date
	Results      []Result  // in the policy's rule order, then by occurrence
	Breaches     int       // results that are late, overdue or violated, of rules that are not practice standards
	Warnings     []string  // things in the case the policy could not use
}

// Result is where one rule, or one occurrence of a recurring rule, stands.
type Result struct {
	Rule  string
	Title string
	// Instance is the instance the result is about, for a rule counted for
	// each instance (each plan, each s47 enquiry); its Number is 0 for other
	// rules.
	Instance   Instance
	Occurrence int // 1 for a deadline or check; 1, 2, ... along a recurring chain
	Status     Status
	// PracticeStandard is set when the rule is a practice standard: the
	// result is reported with its status, and never counted as a breach.
	PracticeStandard bool
	// From is the instant the period was counted from (zero when it did
	// not start).
	From time.Time
	// Due is the deadline (zero Time when there is none).
	Due timescale.Deadline
	// Done is when it was done (zero when not done).
	Done time.Time
	// WorkingDaysLate and DaysLate say how late a late result was done, or
	// how far past due an overdue one is on the as-of date.
	WorkingDaysLate int
	DaysLate        int
	// Explanation says in words how the due date was reached and where
	// things stand.
	Explanation string
}

// BreachList returns the results that are breaches, in report order.
func (r *Report) BreachList() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.IsBreach() {
			out = append(out, res)
		}
	}
	return out
}

// Next returns up to n results still to be done (due soon or pending),
// soonest due first; n < 0 means all of them.
func (r *Report) Next(n int) []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Status == DueSoon || res.Status == Pending {
			out = append(out, res)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Time.Before(out[j].Due.Time) })
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// MarshalJSON writes the report in the documented format: dates as
// YYYY-MM-DD, instants as RFC 3339 in London time (an instant at midnight
// exactly is written as its date). encoding/json escapes < and > in its
// output; WriteJSON does not.
func (r *Report) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf, ""); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// WriteJSON writes the report as one JSON document and a newline, indented
// by indent at each level ("" for one line), with explanations as they are
// ("a < b", not "a \u003c b").
func (r *Report) WriteJSON(w io.Writer, indent string) error {
	bp := jsonBuffers.Get().(*[]byte)
	defer jsonBuffers.Put(bp)
	b := r.appendJSON((*bp)[:0])
	if indent != "" {
		var out bytes.Buffer
		if err := json.Indent(&out, b, "", indent); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err := w.Write(out.Bytes())
		return err
	}
	b = append(b, '\n')
	*bp = b
	_, err := w.Write(b)
	return err
}

// FormatInstant writes an instant as reports do: "" for the zero Time, the
// date alone for midnight in London, else RFC 3339 in London time.
func FormatInstant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt := t.In(calendar.London)
	if h, m, s := lt.Clock(); h == 0 && m == 0 && s == 0 && lt.Nanosecond() == 0 {
		var b [10]byte
		return string(appendDateOnly(b[:0], lt))
	}
	return lt.Format(time.RFC3339)
}
