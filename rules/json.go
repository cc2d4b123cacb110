package rules

// This file: a report written as JSON, byte for byte as encoding/json would
// write it (with HTML escaping off), without reflection: a caseload's
// reports are most of what a batch writes.

import (
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/safeguarding/timescales/calendar"
)

// jsonBuffers holds the buffers reports are written into.
var jsonBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// appendJSON appends the report as one line of JSON: case, policy,
// policy_digest and library when known, as_of,
// results (each with rule, title, instance when counted for one,
// occurrence, status, practice_standard when set, from, due and done when
// known, working_days_late, days_late, explanation), breaches, and
// warnings when there are any.
func (r *Report) appendJSON(b []byte) []byte {
	b = append(b, `{"case":`...)
	b = appendJSONString(b, r.Case)
	b = append(b, `,"policy":`...)
	b = appendJSONString(b, r.Policy)
	if r.PolicyDigest != "" {
		b = append(b, `,"policy_digest":`...)
		b = appendJSONString(b, r.PolicyDigest)
	}
	if r.Library != "" {
		b = append(b, `,"library":`...)
		b = appendJSONString(b, r.Library)
	}
	b = append(b, `,"as_of":"`...)
	b = appendDateOnly(b, r.AsOf.In(calendar.London))
	b = append(b, `","results":[`...)
	for i := range r.Results {
		if i > 0 {
			b = append(b, ',')
		}
		b = r.Results[i].appendJSON(b)
	}
	b = append(b, `],"breaches":`...)
	b = strconv.AppendInt(b, int64(r.Breaches), 10)
	if len(r.Warnings) > 0 {
		b = append(b, `,"warnings":[`...)
		for i, w := range r.Warnings {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, w)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func (res *Result) appendJSON(b []byte) []byte {
	b = append(b, `{"rule":`...)
	b = appendJSONString(b, res.Rule)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, res.Title)
	if res.Instance.Number > 0 {
		b = append(b, `,"instance":{"kind":`...)
		b = appendJSONString(b, res.Instance.Kind)
		b = append(b, `,"number":`...)
		b = strconv.AppendInt(b, int64(res.Instance.Number), 10)
		b = append(b, `,"start":`...)
		b = appendJSONString(b, FormatInstant(res.Instance.Start))
		b = append(b, '}')
	}
	b = append(b, `,"occurrence":`...)
	b = strconv.AppendInt(b, int64(res.Occurrence), 10)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(res.Status))
	if res.PracticeStandard {
		b = append(b, `,"practice_standard":true`...)
	}
	b = appendInstantField(b, `,"from":`, res.From, false)
	b = appendInstantField(b, `,"due":`, res.Due.Time, res.Due.WholeDay)
	b = appendInstantField(b, `,"done":`, res.Done, false)
	b = append(b, `,"working_days_late":`...)
	b = strconv.AppendInt(b, int64(res.WorkingDaysLate), 10)
	b = append(b, `,"days_late":`...)
	b = strconv.AppendInt(b, int64(res.DaysLate), 10)
	b = append(b, `,"explanation":`...)
	b = appendJSONString(b, res.Explanation)
	return append(b, '}')
}

// appendInstantField appends key and the instant as FormatInstant writes
// it (its date alone for a whole day), or nothing for the zero Time.
func appendInstantField(b []byte, key string, t time.Time, wholeDay bool) []byte {
	if t.IsZero() {
		return b
	}
	b = append(b, key...)
	if wholeDay {
		b = append(b, '"')
		b = appendDateOnly(b, t.In(calendar.London))
		return append(b, '"')
	}
	return appendJSONString(b, FormatInstant(t))
}

// appendDateOnly appends t's date as time.DateOnly writes it.
func appendDateOnly(b []byte, t time.Time) []byte {
	if y, m, d := t.Date(); y >= 1000 && y <= 9999 {
		return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
			byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+d/10), byte('0'+d%10))
	}
	return t.AppendFormat(b, time.DateOnly)
}

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it with HTML escaping off: '"' and '\' escaped, control
// characters as \b, \f, \n, \r, \t or \u00XX, bytes that are not UTF-8 as
// \ufffd, and U+2028 and U+2029 as \u2028 and \u2029.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
