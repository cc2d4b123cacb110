package rules

// England's six statutory timescales written straight in Go, with no CEL
// and no YAML, producing the whole report the engine gives for the
// shipped policy (policies/england.yaml): every result with its
// explanation, the warnings and the breaches. It uses the package's
// formatting helpers and the calendar, never the engine's evaluation. It
// is the yardstick for BenchmarkEngland/hand-written-report, and is
// checked equal to the engine in TestHandWrittenReport (handwritten_ext_test.go).

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/suggest"
	"github.com/safeguarding/timescales/timescale"
)

// The event kinds England reads, by index.
const (
	hwReferral = iota
	hwDecision
	hwAssessment
	hwDiscussion
	hwS47Started
	hwICPC
	hwPlanStart
	hwCoreGroup
	hwRCPC
	hwPlanEnd
	hwKinds
)

var hwKindNames = map[string]int{
	"referral": hwReferral, "referral_decision": hwDecision, "assessment_completed": hwAssessment,
	"strategy_discussion": hwDiscussion, "s47_started": hwS47Started, "icpc": hwICPC,
	"cp_plan_start": hwPlanStart, "core_group": hwCoreGroup, "rcpc": hwRCPC, "cp_plan_end": hwPlanEnd,
}

var hwReasons = []string{"review", "transfer_out", "age_18", "died", "other"}

// The rules' ids and titles.
const (
	hwTitleDecision   = "Decision on a referral within 1 working day of its receipt"
	hwTitleAssessment = "Child and family assessment completed within 45 working days of the referral"
	hwTitleICPC       = "Initial child protection conference within 15 working days of the strategy discussion at which s47 enquiries were initiated"
	hwTitleCoreGroup  = "First core group within 10 working days of the initial child protection conference"
	hwTitleFirstRCPC  = "First review child protection conference within 3 months of the initial conference"
	hwTitleReviews    = "Further review conferences at intervals of not more than 6 months"
)

// hwInstance is one referral, s47 enquiry or plan.
type hwInstance struct {
	kind       string // referral, s47_enquiry, cp_plan
	words      string // referral, s47 enquiry, CP plan
	number     int
	start      time.Time
	startLabel string
	end        time.Time
	hasEnd     bool
	byNext     bool
	endLabel   string
	// nfa and icpcRequired, with whether the instance's starts record them.
	nfa, hasNFA                   bool
	icpcRequired, hasICPCRequired bool
}

// hw is one hand-written evaluation.
type hw struct {
	c           *timescale.Case
	cal         *calendar.Calendar
	asOf        time.Time // its date
	warnTill    time.Time
	byKind      [hwKinds][]*timescale.Event
	results     []Result
	text        []byte
	ends        []int // where each result's explanation ends in text
	skipped     []calendar.Holiday
	resultsOnly bool
}

// handWrittenReport is England's report for c as of asOf, written by hand,
// for the policy whose digest (Policy.Digest) is given; with resultsOnly,
// without explanations, as EvaluateResults.
func handWrittenReport(c *timescale.Case, asOf time.Time, cal *calendar.Calendar, digest string, resultsOnly bool) *Report {
	A := calendar.Date(asOf)
	h := &hw{c: c, cal: cal, asOf: A, resultsOnly: resultsOnly}
	h.results = make([]Result, 0, 16)
	if !resultsOnly {
		h.text = make([]byte, 0, 1024)
		h.ends = make([]int, 0, 16)
	}
	h.warnTill = calendar.Date(cal.AddWorkingDays(A, 2))
	// Each kind's events, in time order, parts of one slice.
	kinds := make([]int8, len(c.Events))
	for i := range c.Events {
		kinds[i] = -1
		if k, ok := hwKindNames[c.Events[i].Kind]; ok {
			kinds[i] = int8(k)
		}
	}
	all := make([]*timescale.Event, 0, len(c.Events))
	for k := range h.byKind {
		start := len(all)
		for i := range c.Events {
			if int(kinds[i]) == k {
				all = append(all, &c.Events[i])
			}
		}
		h.byKind[k] = all[start:len(all):len(all)]
		slices.SortStableFunc(h.byKind[k], func(a, b *timescale.Event) int { return a.At.Compare(b.At) })
	}

	// What the record says of s47, and its initial conferences.
	s47Recorded := len(h.byKind[hwS47Started]) > 0
	for _, d := range h.byKind[hwDiscussion] {
		if _, ok := d.Attributes["s47"].(bool); ok {
			s47Recorded = true
		}
	}
	var initial []*timescale.Event
	for _, e := range h.byKind[hwICPC] {
		if t, ok := e.Attributes["transfer_in"].(bool); !ok || !t {
			initial = append(initial, e)
		}
	}

	// The instances.
	referrals := hwGroup(h.byKind[hwReferral], nil, "referral", "referral", func(*timescale.Event) int { return 0 })
	for i := range referrals {
		if i+1 < len(referrals) {
			referrals[i].end, referrals[i].hasEnd, referrals[i].byNext = referrals[i+1].start, true, true
			referrals[i].endLabel = "next referral"
		}
	}
	var enquiries []hwInstance
	if s47Recorded {
		var starts []*timescale.Event
		for _, d := range h.byKind[hwDiscussion] {
			if s, ok := d.Attributes["s47"].(bool); ok && s {
				starts = append(starts, d)
			}
		}
		enquiries = hwGroup(starts, h.byKind[hwS47Started], "s47_enquiry", "s47 enquiry", func(e *timescale.Event) int {
			if e.Kind == "strategy_discussion" {
				return 0
			}
			return 1
		})
	} else {
		enquiries = hwGroup(initial, nil, "s47_enquiry", "s47 enquiry", func(*timescale.Event) int { return 2 })
	}
	var planStarts []*timescale.Event
	for _, e := range h.byKind[hwICPC] {
		if p, ok := e.Attributes["plan"].(bool); !ok || p {
			planStarts = append(planStarts, e)
		}
	}
	plans := hwGroup(planStarts, h.byKind[hwPlanStart], "cp_plan", "CP plan", func(e *timescale.Event) int {
		if e.Kind == "icpc" {
			return 0
		}
		return 1
	})
	for _, e := range h.byKind[hwPlanEnd] {
		d := calendar.Date(e.At)
		for i := range plans {
			if p := &plans[i]; !p.hasEnd && !calendar.Date(p.start).After(d) {
				p.end, p.hasEnd, p.endLabel = e.At, true, "CP plan end"
			}
		}
	}

	// Rule 1.
	const decisionID, assessmentID = "referral-decision-within-1-working-day", "assessment-within-45-working-days"
	if len(referrals) == 0 {
		h.none(decisionID, hwTitleDecision, "referral")
	}
	for i := range referrals {
		in := &referrals[i]
		h.deadline(decisionID, hwTitleDecision, in, in.start, in.startLabel, timescale.Period{N: 1, Unit: timescale.WorkingDays},
			h.byKind[hwDecision], "referral decision", "")
	}
	// Rule 2.
	if len(referrals) == 0 {
		h.none(assessmentID, hwTitleAssessment, "referral")
	}
	for i := range referrals {
		in := &referrals[i]
		if in.hasNFA && in.nfa {
			h.add(Result{Rule: assessmentID, Title: hwTitleAssessment, Status: NotApplicable}, in, "Does not apply: the referral was closed with no further action.")
			continue
		}
		h.deadline(assessmentID, hwTitleAssessment, in, in.start, in.startLabel, timescale.Period{N: 45, Unit: timescale.WorkingDays},
			h.byKind[hwAssessment], "assessment completed", "")
	}
	// Rule 3.
	const icpcID = "icpc-within-15-working-days"
	if len(enquiries) == 0 {
		h.none(icpcID, hwTitleICPC, "s47 enquiry")
	}
	for i := range enquiries {
		in := &enquiries[i]
		na := Result{Rule: icpcID, Title: hwTitleICPC, Status: NotApplicable}
		if in.hasICPCRequired && !in.icpcRequired {
			h.add(na, in, "Does not apply: the s47 enquiry concluded that no initial conference is needed.")
			continue
		}
		if hwDuring(plans, in.start) {
			h.add(na, in, "Does not apply: the enquiry began while the child was already subject of a child protection plan, so it is for the review conference, not a new initial conference.")
			continue
		}
		from, found := in.start, true
		if !s47Recorded {
			found = false
			for _, d := range h.byKind[hwDiscussion] {
				if !calendar.Date(d.At).After(calendar.Date(in.start)) && (i == 0 || d.At.After(enquiries[i-1].start)) {
					from, found = d.At, true
					break
				}
			}
		}
		if !found {
			h.add(na, in, "Not started: no strategy discussion recorded.")
			continue
		}
		label := ""
		if from.Equal(in.start) {
			label = in.startLabel
		} else {
			for _, d := range h.byKind[hwDiscussion] {
				if d.At.Equal(from) {
					label = "strategy discussion"
					break
				}
			}
		}
		h.deadline(icpcID, hwTitleICPC, in, from, label, timescale.Period{N: 15, Unit: timescale.WorkingDays},
			initial, "ICPC", "no ICPC and no decision that none is needed")
	}
	// Rules 4, 5 and 6.
	const coreGroupID, firstRCPCID, reviewsID = "first-core-group-within-10-working-days", "first-review-within-3-months", "review-every-6-months"
	if len(plans) == 0 {
		h.none(coreGroupID, hwTitleCoreGroup, "CP plan")
	}
	for i := range plans {
		in := &plans[i]
		h.deadline(coreGroupID, hwTitleCoreGroup, in, in.start, in.startLabel, timescale.Period{N: 10, Unit: timescale.WorkingDays},
			h.byKind[hwCoreGroup], "core group", "")
	}
	if len(plans) == 0 {
		h.none(firstRCPCID, hwTitleFirstRCPC, "CP plan")
	}
	firstDone := make([]time.Time, len(plans))
	for i := range plans {
		in := &plans[i]
		firstDone[i] = h.deadline(firstRCPCID, hwTitleFirstRCPC, in, in.start, in.startLabel, timescale.Period{N: 3, Unit: timescale.Months},
			h.byKind[hwRCPC], "RCPC", "")
	}
	if len(plans) == 0 {
		h.none(reviewsID, hwTitleReviews, "CP plan")
	}
	for i := range plans {
		h.reviews(reviewsID, &plans[i], firstDone[i])
	}

	rep := &Report{Case: c.ID, Policy: "england", PolicyDigest: digest, Library: Version(), AsOf: A, Results: h.results}
	for i := range rep.Results {
		if rep.Results[i].Status.IsBreach() {
			rep.Breaches++
		}
	}
	rep.Warnings = c.Warnings
	if !resultsOnly {
		text := string(h.text)
		start := 0
		for i := range rep.Results {
			rep.Results[i].Explanation = text[start:h.ends[i]]
			start = h.ends[i]
		}
	}
	warnings := h.warnings(s47Recorded, len(initial))
	if len(c.Warnings) > 0 {
		warnings = append(slices.Clip(c.Warnings), warnings...)
	}
	if len(warnings) > 0 {
		rep.Warnings = warnings
	}
	return rep
}

// hwGroup makes the instances of starts a and b (each in time order;
// at the same instant a's first): one for each London date, named by the
// start of the lowest rank, the first of that rank.
func hwGroup(a, b []*timescale.Event, kind, words string, rank func(*timescale.Event) int) []hwInstance {
	starts := a
	if len(b) > 0 {
		starts = append(slices.Clip(a), b...)
		slices.SortStableFunc(starts, func(x, y *timescale.Event) int { return x.At.Compare(y.At) })
	}
	var out []hwInstance
	best := 0
	for _, e := range starts {
		r := rank(e)
		if n := len(out); n > 0 && calendar.Date(out[n-1].start).Equal(calendar.Date(e.At)) {
			last := &out[n-1]
			if r < best {
				last.startLabel, best = hwWords(e.Kind), r
			}
			hwRecord(last, e)
			continue
		}
		in := hwInstance{kind: kind, words: words, number: len(out) + 1, start: e.At, startLabel: hwWords(e.Kind)}
		best = r
		hwRecord(&in, e)
		out = append(out, in)
	}
	return out
}

// hwWords names the kinds that start instances.
func hwWords(kind string) string {
	switch kind {
	case "referral":
		return "referral"
	case "strategy_discussion":
		return "strategy discussion"
	case "s47_started":
		return "s47 started"
	case "icpc":
		return "ICPC"
	case "cp_plan_start":
		return "CP plan start"
	}
	return KindWords(kind)
}

// hwRecord notes what a start records of the instance, the first start
// that records it counting.
func hwRecord(in *hwInstance, e *timescale.Event) {
	if v, ok := e.Attributes["nfa"].(bool); ok && !in.hasNFA && e.Kind == "referral" {
		in.nfa, in.hasNFA = v, true
	}
	if v, ok := e.Attributes["icpc_required"].(bool); ok && !in.hasICPCRequired && e.Kind == "s47_started" {
		in.icpcRequired, in.hasICPCRequired = v, true
	}
}

// hwDuring reports whether t's date is inside a plan: after the date it
// started, before the date it ended (whatever the as-of date).
func hwDuring(plans []hwInstance, t time.Time) bool {
	day := calendar.Date(t)
	for i := range plans {
		p := &plans[i]
		if calendar.Date(p.start).Before(day) && (!p.hasEnd || day.Before(calendar.Date(p.end))) {
			return true
		}
	}
	return false
}

// happened reports whether t's date is on or before the as-of date.
func (h *hw) happened(t time.Time) bool { return !calendar.Date(t).After(h.asOf) }

// add records a result about in (nil for none) and its explanation.
func (h *hw) add(res Result, in *hwInstance, explanation string) {
	if !h.resultsOnly {
		h.text = append(h.text, explanation...)
	}
	h.push(res, in)
}

// push records a result whose explanation has been written to h.text.
func (h *hw) push(res Result, in *hwInstance) {
	if res.Occurrence == 0 {
		res.Occurrence = 1
	}
	if in != nil {
		res.Instance = Instance{Kind: in.kind, Number: in.number, Start: in.start}
	}
	h.results = append(h.results, res)
	if !h.resultsOnly {
		h.ends = append(h.ends, len(h.text))
	}
}

func (h *hw) none(id, title, words string) {
	if !h.resultsOnly {
		h.text = append(h.text, "Not started: no "...)
		h.text = append(h.text, words...)
		h.text = append(h.text, " recorded."...)
	}
	h.push(Result{Rule: id, Title: title, Status: NotApplicable}, nil)
}

// settle sets a result's status, as the specification says: met or late
// when done, else overdue (counted to by), due soon or pending.
func (h *hw) settle(res *Result, done time.Time, hasDone bool, by time.Time) {
	if hasDone {
		res.Done = done
		if res.Due.MetBy(done) {
			res.Status = Met
			return
		}
		res.Status = Late
		res.WorkingDaysLate, res.DaysLate = res.Due.Lateness(h.cal, done)
		return
	}
	switch d := res.Due.Date(); {
	case d.Before(h.asOf):
		res.Status = Overdue
		res.WorkingDaysLate, res.DaysLate = res.Due.Lateness(h.cal, by)
	case !d.After(h.warnTill):
		res.Status = DueSoon
	default:
		res.Status = Pending
	}
}

// due is a period from an instant, as a whole day.
func (h *hw) due(p timescale.Period, from time.Time) timescale.Deadline {
	var t time.Time
	if p.Unit == timescale.Months {
		t = timescale.AddMonths(from, p.N)
	} else {
		t = h.cal.AddWorkingDays(from, p.N)
	}
	return timescale.Deadline{Time: calendar.Date(t), WholeDay: true}
}

// deadline adds a deadline's result for instance in: p from from, met by
// the first of done dated on or after from's date (and within the
// instance). It returns what met it, or the zero Time.
func (h *hw) deadline(id, title string, in *hwInstance, from time.Time, label string, p timescale.Period, done []*timescale.Event, what, notDone string) time.Time {
	due := h.due(p, from)
	res := Result{Rule: id, Title: title, From: from, Due: due}
	var at time.Time
	hasDone := false
	start := calendar.Date(from)
	for _, e := range done {
		d := calendar.Date(e.At)
		if !d.Before(start) && (!in.hasEnd || !d.After(calendar.Date(in.end))) {
			at, hasDone = e.At, h.happened(e.At)
			break
		}
	}
	h.settle(&res, at, hasDone, h.asOf)
	by, byEnd := h.asOf, false
	if !hasDone && in.hasEnd && h.happened(in.end) {
		end := calendar.Date(in.end)
		if !end.After(due.Date()) {
			if !h.resultsOnly {
				h.text = h.appendEnded(h.appendDue(h.text, p, from, label, due), in, due)
			}
			h.push(Result{Rule: id, Title: title, Status: NotApplicable, From: from, Due: due}, in)
			return time.Time{}
		}
		if res.Status == Overdue {
			res.WorkingDaysLate, res.DaysLate = due.Lateness(h.cal, end)
			by, byEnd = end, true
		}
	}
	if !h.resultsOnly {
		h.text = h.appendStatus(h.appendDue(h.text, p, from, label, due), &res, what, notDone, by, byEnd, in)
	}
	h.push(res, in)
	if hasDone {
		return at
	}
	return time.Time{}
}

// reviews adds review-every-6-months' chain for plan in, from the review
// that met the first (zero when none did).
func (h *hw) reviews(id string, in *hwInstance, first time.Time) {
	if first.IsZero() {
		h.add(Result{Rule: id, Title: hwTitleReviews, Status: NotApplicable}, in,
			"Not started: waits for "+strconv.Quote(hwTitleFirstRCPC)+" to be met.")
		return
	}
	rcpcs := h.byKind[hwRCPC]
	until, hasUntil := in.end, in.hasEnd && h.happened(in.end)
	by, byEnd := h.asOf, false
	if hasUntil && calendar.Date(until).Before(h.asOf) {
		by, byEnd = calendar.Date(until), true
	}
	p := timescale.Period{N: 6, Unit: timescale.Months}
	prev, next := first, 0
	for k := 1; k <= maxOccurrences; k++ {
		due := h.due(p, prev)
		for next < len(rcpcs) && !rcpcs[next].At.After(prev) {
			next++
		}
		found := next < len(rcpcs) && h.happened(rcpcs[next].At) && !(hasUntil && calendar.Date(rcpcs[next].At).After(calendar.Date(until)))
		if !found && hasUntil && !calendar.Date(until).After(due.Date()) {
			if k == 1 {
				from := prev
				if !h.resultsOnly {
					h.text = h.appendEnded(h.appendDue(h.text, p, from, "RCPC", due), in, due)
				}
				h.push(Result{Rule: id, Title: hwTitleReviews, Status: NotApplicable, Occurrence: 1, From: from, Due: due}, in)
			}
			return
		}
		res := Result{Rule: id, Title: hwTitleReviews, Occurrence: k, From: prev, Due: due}
		var done time.Time
		if found {
			done = rcpcs[next].At
		}
		h.settle(&res, done, found, by)
		if !h.resultsOnly {
			h.text = h.appendStatus(h.appendDue(h.text, p, res.From, "RCPC", due), &res, "RCPC", "", by, byEnd, in)
		}
		h.push(res, in)
		if !found {
			return
		}
		prev = done
	}
}

// appendDue writes "15 working days from Thu 21 Mar 2024 (strategy
// discussion), skipping Good Friday 29 Mar, is Mon 15 Apr 2024".
func (h *hw) appendDue(b []byte, p timescale.Period, from time.Time, label string, due timescale.Deadline) []byte {
	b = appendPeriod(b, p)
	b = append(b, " from "...)
	b = appendDate(b, from)
	if label != "" {
		b = append(b, " ("...)
		b = append(b, label...)
		b = append(b, ')')
	}
	if p.Unit == timescale.WorkingDays {
		h.skipped = h.cal.AppendDaysOff(h.skipped[:0], from.AddDate(0, 0, 1), due.Time)
		if len(h.skipped) > 0 {
			b = append(b, ", skipping "...)
			b = appendDaysOff(b, h.skipped)
			b = append(b, ',')
		}
	}
	b = append(b, " is "...)
	return appendDate(b, due.Time)
}

// appendEnded writes why a result is not due: its instance ended first.
func (h *hw) appendEnded(b []byte, in *hwInstance, due timescale.Deadline) []byte {
	b = append(b, ". Not due: "...)
	if in.byNext {
		b = append(b, "the next "...)
		b = append(b, in.words...)
		b = append(b, " began on "...)
	} else {
		b = append(b, "the "...)
		b = append(b, in.words...)
		b = append(b, " ended on "...)
	}
	b = appendDate(b, in.end)
	if calendar.Date(in.end).Equal(due.Date()) {
		return append(b, ", the day it was due."...)
	}
	return append(b, ", before it was due."...)
}

// appendStatus writes ". Met: ICPC on Fri 22 Mar 2024." and the like.
func (h *hw) appendStatus(b []byte, res *Result, what, notDone string, by time.Time, byEnd bool, in *hwInstance) []byte {
	b = append(b, ". "...)
	switch res.Status {
	case Met, Late:
		if res.Status == Met {
			b = append(b, "Met: "...)
		} else {
			b = append(b, "Late: "...)
		}
		b = append(b, what...)
		b = append(b, " on "...)
		b = appendDate(b, res.Done)
		if res.Status == Late {
			b = append(b, ", "...)
			b = appendLateness(b, res.WorkingDaysLate, res.DaysLate)
			b = append(b, " after the due date"...)
		}
	case Overdue:
		b = append(b, "Overdue: "...)
		if notDone != "" {
			b = append(b, notDone...)
		} else {
			b = append(b, "no "...)
			b = append(b, what...)
		}
		if byEnd {
			b = append(b, " before the "...)
			b = append(b, in.endLabel...)
			b = append(b, " on "...)
		} else {
			b = append(b, " by "...)
		}
		b = appendDate(b, by)
		b = append(b, ", "...)
		b = appendLateness(b, res.WorkingDaysLate, res.DaysLate)
		b = append(b, " past the due date"...)
	case DueSoon, Pending:
		if res.Status == DueSoon {
			b = append(b, "Due soon: "...)
		} else {
			b = append(b, "Pending: "...)
		}
		if notDone != "" {
			b = append(b, notDone...)
		} else {
			b = append(b, "no "...)
			b = append(b, what...)
		}
		if left := h.cal.WorkingDaysBetween(h.asOf, res.Due.Date()); left == 0 {
			b = append(b, " yet, and it is due today"...)
		} else {
			b = append(b, " yet; "...)
			b = appendCount(b, left, "working day")
			b = append(b, " left"...)
		}
	}
	return append(b, '.')
}

// warnings are what England's declarations say of the case's events, then
// the policy's two warnings about records that do not say which
// discussion initiated s47 enquiries.
func (h *hw) warnings(s47Recorded bool, initial int) []string {
	var out []string
	budget := suggest.Budget{Left: caseSuggestions}
	for i := range h.c.Events {
		e := &h.c.Events[i]
		k, ok := hwKindNames[e.Kind]
		if !ok {
			where := ""
			if e.Line > 0 {
				where = fmt.Sprintf(" (line %d)", e.Line)
			}
			out = append(out, fmt.Sprintf("event kind %q%s is not one this policy reads; it was not counted", e.Kind, where))
			continue
		}
		var bools []string
		switch k {
		case hwReferral:
			bools = []string{"nfa"}
		case hwDiscussion:
			bools = []string{"s47"}
		case hwS47Started:
			bools = []string{"icpc_required"}
		case hwICPC:
			bools = []string{"plan", "transfer_in"}
		}
		fine := true
		for name, v := range e.Attributes {
			switch {
			case slices.Contains(bools, name):
				_, ok := v.(bool)
				fine = fine && ok
			case k == hwPlanEnd && name == "reason":
				t, ok := v.(string)
				fine = fine && ok && slices.Contains(hwReasons, t)
			default:
				fine = false
			}
		}
		for _, name := range sortedKeysIf(!fine, e.Attributes) {
			v := e.Attributes[name]
			switch {
			case slices.Contains(bools, name):
				if _, ok := v.(bool); !ok {
					out = append(out, fmt.Sprintf("%s: %s is %s, not true or false; it was not counted", eventWhere(e), name, describeValue(v)))
				}
			case k == hwPlanEnd && name == "reason":
				if t, ok := v.(string); ok && !slices.Contains(hwReasons, t) {
					msg := fmt.Sprintf("%s: reason is %q, not one of review, transfer_out, age_18, died, other", eventWhere(e), t)
					if near := budget.Nearest(t, hwReasons); near != "" {
						msg += fmt.Sprintf(" (did you mean %q?)", near)
					}
					out = append(out, msg+"; it was not counted")
				} else if !ok {
					out = append(out, fmt.Sprintf("%s: reason is %s, not text; it was not counted", eventWhere(e), describeValue(v)))
				}
			default:
				panic("handWrittenReport: an attribute it does not know: " + name)
			}
		}
		if k == hwICPC && h.happened(e.At) {
			if v, given := e.Attributes["plan"]; !given {
				out = append(out, eventWhere(e)+" does not record plan: it counts as a conference that made a child protection plan")
			} else if _, ok := v.(bool); !ok {
				out = append(out, eventWhere(e)+": plan is read as true")
			}
		}
	}
	if !s47Recorded && initial > 0 {
		out = append(out, "The record does not say which strategy discussion initiated s47 enquiries (no discussion has s47:, and there is no s47_started): each ICPC is judged from the first strategy discussion before it.")
	}
	if !s47Recorded && len(h.byKind[hwDiscussion]) > 0 && initial == 0 {
		out = append(out, "The record cannot tell whether s47 enquiries were initiated (no strategy discussion has s47:, and there is no s47_started), so no ICPC is reported due.")
	}
	return out
}

// HandWrittenReport is handWrittenReport, for the tests outside the
// package (handwritten_ext_test.go, bench_test.go).
var HandWrittenReport = handWrittenReport

// WithoutNativeRoad takes the native road (native.go) away from a
// policy's expressions, so that CEL evaluates every one: for holding the
// two roads to the same reports.
func WithoutNativeRoad(p *Policy) {
	strip := func(x *expr) {
		if x != nil {
			x.native = nil
		}
	}
	for _, r := range p.rules {
		for _, x := range []*expr{r.when, r.from, r.done, r.unless, r.extendedTo, r.until, r.check} {
			strip(x)
		}
		for _, c := range r.conditions {
			strip(c.expr)
		}
	}
	for _, v := range p.vars {
		strip(v.expr)
	}
	for _, k := range p.instances {
		strip(k.start)
		strip(k.end)
	}
	for _, w := range p.warnings {
		strip(w.cond)
	}
}
