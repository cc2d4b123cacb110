package dfe

// This file: table C4, ICPC timeliness, counted enquiry by enquiry.

import (
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// Bands counts enquiries by the working days from their start to their
// initial conference, as table C4 bands them.
type Bands struct {
	UpTo10     int // 0 to 10 working days
	From11To15 int // 11 to 15: still within Working Together's 15
	From16To20 int // 16 to 20
	MoreThan20 int // 21 or more
}

// C4 is the measure worked out over the enquiries counted.
type C4 struct {
	// Enquiries is how many enquiries were counted.
	Enquiries int
	// Bands counts them by working days from start to conference.
	Bands Bands
	// P25, Median and P75 are the nearest-rank 25th percentile, median
	// and 75th percentile of the working days; 0 when Enquiries is 0.
	P25, Median, P75 int
	// Left out of the count: enquiries with no conference, with a
	// conference dated before the start, with a conference outside the
	// dates Within gives, or with a date outside the calendar.
	NoConference, ConferenceBeforeStart, OutsidePeriod, OutsideCalendar int
}

// TargetMismatch is an enquiry whose recorded target for its initial
// conference is not 15 working days after its start.
type TargetMismatch struct {
	Child   string    // the case's ID (the census's LAchildID)
	Start   time.Time // the enquiry's start
	Target  time.Time // the target recorded; zero when none is
	Correct time.Time // 15 working days after the start
}

// ICPCTimeliness gathers table C4 over the records added to it. The zero
// value is not usable: make one with NewICPCTimeliness. It is not safe for
// concurrent use.
type ICPCTimeliness struct {
	cal        *calendar.Calendar
	from, to   time.Time
	limited    bool
	byDays     []int // enquiries counted, by working days
	c4         C4    // the enquiries left out, and why; Result works out the rest from byDays
	mismatches []TargetMismatch
}

// WorkingTogetherDays is the working days Working Together allows from the
// strategy discussion that initiates s47 enquiries to the initial
// conference: the target the census's InitialCPCtarget should record.
const WorkingTogetherDays = 15

// NewICPCTimeliness returns an empty measure that counts on cal (England
// and Wales's, for a census).
func NewICPCTimeliness(cal *calendar.Calendar) *ICPCTimeliness {
	return &ICPCTimeliness{cal: cal}
}

// Within limits the count to conferences from from's date to to's, both
// included, as the DfE's tables count a collection year's (1 April to the
// census's ReferenceDate). It does not limit the check of targets.
func (m *ICPCTimeliness) Within(from, to time.Time) {
	m.from, m.to, m.limited = calendar.Date(from), calendar.Date(to), true
}

// Add counts the s47 enquiries of one child's record: its s47_started
// events, with their icpc_date (the conference) and icpc_target.
func (m *ICPCTimeliness) Add(c *timescale.Case) {
	for i := range c.Events {
		e := &c.Events[i]
		if e.Kind != "s47_started" {
			continue
		}
		start := calendar.Date(e.At)
		m.checkTarget(c.ID, start, e.Attributes)
		icpc, ok := e.Attributes["icpc_date"].(time.Time)
		switch {
		case !ok:
			m.c4.NoConference++
			continue
		case !m.cal.Covers(start) || !m.cal.Covers(icpc):
			m.c4.OutsideCalendar++
			continue
		}
		icpc = calendar.Date(icpc)
		switch {
		case icpc.Before(start):
			m.c4.ConferenceBeforeStart++
		case m.limited && (icpc.Before(m.from) || icpc.After(m.to)):
			m.c4.OutsidePeriod++
		default:
			m.count(m.cal.WorkingDaysBetween(start, icpc))
		}
	}
}

func (m *ICPCTimeliness) count(days int) {
	for len(m.byDays) <= days {
		m.byDays = append(m.byDays, 0)
	}
	m.byDays[days]++
}

// checkTarget lists an enquiry whose recorded target is wrong, or missing
// though no one found a conference unnecessary.
func (m *ICPCTimeliness) checkTarget(child string, start time.Time, attrs map[string]any) {
	if !m.cal.Covers(start) {
		return
	}
	correct := m.cal.AddWorkingDays(start, WorkingTogetherDays)
	target, ok := attrs["icpc_target"].(time.Time)
	switch {
	case correct.IsZero():
		return // beyond the calendar
	case !ok:
		if attrs["icpc_required"] == false {
			return // no conference needed: no target either
		}
	case calendar.Date(target).Equal(correct):
		return
	default:
		target = calendar.Date(target)
	}
	m.mismatches = append(m.mismatches, TargetMismatch{Child: child, Start: start, Target: target, Correct: correct})
}

// Result returns the measure over the enquiries added so far.
func (m *ICPCTimeliness) Result() C4 {
	out := m.c4
	for days, n := range m.byDays {
		out.Enquiries += n
		switch b := &out.Bands; {
		case days <= 10:
			b.UpTo10 += n
		case days <= 15:
			b.From11To15 += n
		case days <= 20:
			b.From16To20 += n
		default:
			b.MoreThan20 += n
		}
	}
	out.P25 = m.percentile(25, out.Enquiries)
	out.Median = m.percentile(50, out.Enquiries)
	out.P75 = m.percentile(75, out.Enquiries)
	return out
}

// percentile is the nearest-rank p-th percentile: the count at rank
// ceil(p/100 x n), of the n enquiries counted.
func (m *ICPCTimeliness) percentile(p, n int) int {
	if n == 0 {
		return 0
	}
	rank := (p*n + 99) / 100 // ceil(p*n/100), at least 1 for n >= 1
	seen := 0
	for days, k := range m.byDays {
		seen += k
		if seen >= rank {
			return days
		}
	}
	return len(m.byDays) - 1
}

// TargetMismatches returns every enquiry added whose recorded target is
// not 15 working days after its start, in the order added.
func (m *ICPCTimeliness) TargetMismatches() []TargetMismatch { return m.mismatches }
