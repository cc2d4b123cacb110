package rules

// This file: the third stage of compiling, from folded syntax to a Policy:
// the options of Compile, the policy-level keys, and each rule's keys. The
// expressions are compiled in compile_expr.go; nothing of the syntax is
// kept in the Policy.

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/suggest"
	"github.com/safeguarding/timescales/internal/yamlsrc"
	"github.com/safeguarding/timescales/timescale"
)

// Option configures Compile.
type Option func(*compileOptions)

type compileOptions struct {
	filename string
	loader   Loader
	calendar []calendar.Option
	maxSize  int
}

// MaxPolicySize is the default bound on a policy file, and on each policy
// it extends: 16 MiB, far more than any authority's timescales need (the
// largest shipped policy is under 20 KB). WithMaxSize changes it.
const MaxPolicySize = 16 << 20

// WithMaxSize sets the most bytes a policy file may be (MaxPolicySize by
// default), for the file compiled and each file a loader gives for
// extends:, and the most CompileReader reads.
func WithMaxSize(n int) Option { return func(o *compileOptions) { o.maxSize = n } }

// Loader returns the source of the policy with the given id, for extends:
// its file name (for errors) and its YAML. For an extends: that names a
// policy file ([IsPolicyFile]: "./county.yaml"), id is that file's path
// beside the file that extends it ("councils/county.yaml" for
// councils/district.yaml), always with a directory in it; a loader that
// reads files reads it, and one that knows only shipped policies refuses
// it.
type Loader func(id string) (filename string, src []byte, err error)

// WithFilename names the policy file in errors.
func WithFilename(name string) Option { return func(o *compileOptions) { o.filename = name } }

// WithLoader sets how extends: finds a parent policy. The policies package
// passes one that knows the shipped policies.
func WithLoader(l Loader) Option { return func(o *compileOptions) { o.loader = l } }

// WithCalendarOptions passes options to the policy's calendar beside the
// policy file's own region, closures and working days: most usefully
// calendar.WithGovUKFeed, so that a bank holiday announced after this
// library was built is honoured.
func WithCalendarOptions(opts ...calendar.Option) Option {
	return func(o *compileOptions) { o.calendar = append(o.calendar, opts...) }
}

// Compile reads a policy file and compiles every expression in it. Errors
// are an ErrorList, each naming file, line, column, rule and key; all of a
// file's problems are reported at once.
//
// A file larger than MaxPolicySize (or the limit WithMaxSize gives) is
// refused before it is read as YAML.
func Compile(src []byte, opts ...Option) (*Policy, error) {
	o := compileOptionsOf(opts)
	if len(src) > o.maxSize {
		return nil, ErrorList{policyTooLarge(o.filename, o.maxSize)}
	}
	f, errs := resolve(o.filename, src, o.loader, nil, "", o.maxSize)
	if f == nil {
		return nil, errs.sorted()
	}
	// Compile what could be read even when some of it could not, so that
	// one pass reports every problem.
	c := &compiler{errs: errs, file: f.file, calendar: o.calendar, afterAt: map[*rule]yamlsrc.Scalar{}, suggest: suggest.Budget{Left: suggestBudget}}
	p := c.policy(f)
	if len(c.errs) > 0 {
		return nil, c.errs.sorted()
	}
	return p, nil
}

// suggestBudget is how many names "did you mean" compares in all, for one
// policy: enough for any policy a person writes, and far less work than
// comparing 4,000 unknown ids with 4,000 others (which took 32 s).
const suggestBudget = 200_000

func compileOptionsOf(opts []Option) compileOptions {
	o := compileOptions{filename: "<policy>", maxSize: MaxPolicySize}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// CompileReader reads a policy file from a stream and compiles it, as
// Compile does. It reads no more than the limit of a policy file
// (MaxPolicySize, or WithMaxSize's): a longer stream is an error that says
// so, found with at most that much in memory.
func CompileReader(r io.Reader, opts ...Option) (*Policy, error) {
	o := compileOptionsOf(opts)
	src, err := yamlsrc.ReadAll(r, int64(o.maxSize))
	var tl *yamlsrc.TooLargeError
	switch {
	case errors.As(err, &tl):
		return nil, ErrorList{policyTooLarge(o.filename, o.maxSize)}
	case err != nil:
		return nil, fmt.Errorf("%s: %w", o.filename, err)
	}
	return Compile(src, opts...)
}

// policyTooLarge is the error of a policy file over the size limit.
func policyTooLarge(name string, limit int) *Error {
	return &Error{File: name, Code: CodeYAML, Msg: fmt.Sprintf("the policy file is larger than %s, the most a policy file may be (rules.WithMaxSize changes it)", yamlsrc.Size(int64(limit)))}
}

// compiler turns a folded policy into a Policy, collecting errors. What it
// keeps of the syntax (where each after: was written) is thrown away with
// it.
type compiler struct {
	// suggest bounds the work of "did you mean" across the policy, so
	// that thousands of unknown names against thousands of candidates
	// stay cheap: past it, names are reported without a suggestion.
	suggest  suggest.Budget
	errs     ErrorList
	file     *yamlsrc.File
	calendar []calendar.Option
	afterAt  map[*rule]yamlsrc.Scalar
}

func (c *compiler) errorf(code Code, at yamlsrc.Scalar, rule, key, format string, args ...any) {
	c.errs = append(c.errs, errorAt(c.file, at, code, rule, key, fmt.Sprintf(format, args...)))
}

func (c *compiler) policy(f *folded) *Policy {
	sp := f.syntaxPolicy
	top := sp.top
	p := &Policy{
		id: sp.policy.Value, title: sp.title.Value, source: sp.source.Value, extends: f.parentID, digest: digestOf(f),
		eventKinds: map[string]int{}, varIndex: map[string]int{}, instanceIndex: map[string]int{},
	}
	if !sp.policy.Set() {
		if !sp.misspelt.any("policy") {
			c.errorf(CodeMissingKey, top, "", "policy", "missing: every policy file starts with policy: <id>")
		}
	} else if !kebab.MatchString(p.id) {
		c.errorf(CodeName, sp.policy, "", "policy", "id %q must be kebab-case (a-z, 0-9 and single hyphens)", p.id)
	}
	if (!sp.title.Set() || strings.TrimSpace(p.title) == "") && !sp.misspelt.any("title") {
		c.errorf(CodeMissingKey, orAt(sp.title, top), "", "title", "missing: say whose timescales these are")
	}
	p.cal = c.calendarOf(sp)
	p.counting = c.counting(sp.counting, "")
	if sp.warnBefore.Set() {
		p.warnBefore = c.period(sp.warnBefore, "", "warn_before")
	}
	d := declared{events: p.eventKinds, instances: map[string]int{}, instanceKinds: map[string]*instanceKind{}}
	for _, e := range sp.events {
		p.events = append(p.events, EventKind{Kind: e.kind.Value, Description: e.description.Value})
		p.eventKinds[e.kind.Value] = len(p.events) - 1
		d.eventNames = append(d.eventNames, e.kind.Value)
		if strings.TrimSpace(e.description.Value) == "" && !e.misspelt.any("description") {
			c.errorf(CodeMissingKey, orAt(e.description, e.kind), "", "events."+e.kind.Value, "describe the event kind, so a practitioner knows which events to record as %s", e.kind.Value)
		}
		spec := &kindSpec{words: KindWords(e.kind.Value), declared: e.attributesKey.Set()}
		spec.attrs, spec.names = c.compileValues(e.attributes, "events."+e.kind.Value+".attributes")
		p.kindSpecs = append(p.kindSpecs, spec)
	}
	p.factsDeclared = sp.factsKey.Set()
	p.facts, p.factNames = c.compileValues(sp.facts, "facts")
	if p.factsDeclared {
		d.facts, d.factNames = map[string]bool{}, p.factNames
		for _, n := range p.factNames {
			d.facts[n] = true
		}
	}
	for _, in := range sp.instances {
		p.instanceIndex[in.name.Value] = len(p.instanceIndex)
		d.instances[in.name.Value] = p.instanceIndex[in.name.Value]
		d.instanceNames = append(d.instanceNames, in.name.Value)
	}

	env, err := newEnv(p.cal)
	var sc *scope
	if err == nil {
		sc, err = newScope(env, d, sp.variables, &c.suggest)
	}
	if err != nil {
		c.errorf(CodeCELType, top, "", "", "cannot build the expression environment: %v", err)
		return p
	}
	defined := map[string]bool{}
	for _, v := range sp.variables {
		if defined[v.name.Value] {
			c.errorf(CodeName, v.name, "", "variables", "variable %q is defined twice", v.name.Value)
			continue
		}
		defined[v.name.Value] = true
		x, out, cost, errs := compileExpr(sc, false, v.expr, "", "variables."+v.name.Value, nil)
		c.errs = append(c.errs, errs...)
		// Later variables and the rules may read this one as
		// variables.name; one that failed is read as dyn, so that what
		// reads it is still checked.
		sc.define(v.name.Value, x, out, cost)
		if x == nil {
			continue
		}
		p.varIndex[v.name.Value] = len(p.vars)
		p.vars = append(p.vars, &variable{name: v.name.Value, expr: x})
	}
	c.compileInstances(sc, p, sp.instances)
	c.compileWarnings(sc, p, sp.warnings)

	ids := map[string]*rule{}
	for _, sr := range sp.rules {
		r := c.rule(sc, p, sr)
		if r == nil {
			continue
		}
		if _, dup := ids[r.info.ID]; dup {
			c.errorf(CodeName, sr.key("id"), r.info.ID, "id", "rule id %q is used twice", r.info.ID)
			continue
		}
		ids[r.info.ID] = r
		r.index = len(p.rules)
		p.rules = append(p.rules, r)
	}
	c.link(p, ids)
	p.factsRead = policyFacts(p)
	return p
}

// policyFacts returns the facts a policy's expressions read, sorted.
func policyFacts(p *Policy) []string {
	var all reads
	for _, v := range p.vars {
		all.add(v.expr.reads)
	}
	for _, k := range p.instances {
		all.add(k.reads())
	}
	for _, w := range p.warnings {
		all.add(w.cond.reads)
	}
	for _, r := range p.rules {
		for _, f := range r.info.Facts {
			all.fact(f)
		}
	}
	all = p.expand(all)
	slices.Sort(all.facts)
	return all.facts
}

// expand returns r with what each instance kind it reads reads in turn:
// its start and end, and the kinds they read.
func (p *Policy) expand(r reads) reads {
	out := reads{events: slices.Clone(r.events), facts: slices.Clone(r.facts)}
	seen := make([]bool, len(p.instances))
	for todo := slices.Clone(r.instances); len(todo) > 0; {
		k := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if k < 0 || k >= len(p.instances) || seen[k] {
			continue
		}
		seen[k] = true
		kr := p.instances[k].reads()
		out.add(reads{events: kr.events, facts: kr.facts})
		todo = append(todo, kr.instances...)
	}
	return out
}

// calendarOf builds the policy's calendar, reporting each bad date on its
// own line.
func (c *compiler) calendarOf(sp *syntaxPolicy) *calendar.Calendar {
	region := calendar.EnglandAndWales
	if sp.region.Set() {
		region = calendar.Region(sp.region.Value)
	} else if !sp.misspelt.any("calendar", "calendar.region") {
		c.errorf(CodeMissingKey, sp.top, "", "calendar.region", "missing: say %q, %q or %q", string(calendar.EnglandAndWales), string(calendar.Scotland), string(calendar.NorthernIreland))
	}
	closures := c.dates(sp.closures, "calendar.closures")
	var workingDays []time.Time
	var given []yamlsrc.Scalar
	for _, d := range sp.workingDays {
		if t, ok := c.date(d, "calendar.working_days"); ok {
			workingDays, given = append(workingDays, t), append(given, d)
		}
	}
	if region.Valid() {
		// Each bad day on its own line; the calendar is built with the
		// others.
		var refused []bool
		for _, err := range calendar.CheckWorkingDays(region, closures, workingDays) {
			var de *calendar.DayError
			if !errors.As(err, &de) {
				continue
			}
			if refused == nil {
				refused = make([]bool, len(workingDays))
			}
			for i, t := range workingDays {
				if !refused[i] && t.Equal(de.Date) {
					c.errorf(CodeValue, given[i], "", "calendar.working_days", "%s", de.Msg)
					refused[i] = true
					break
				}
			}
		}
		if refused != nil {
			kept := workingDays[:0]
			for i, t := range workingDays {
				if !refused[i] {
					kept = append(kept, t)
				}
			}
			workingDays = kept
		}
	}
	opts := append([]calendar.Option{calendar.WithClosures(closures...), calendar.WithWorkingDays(workingDays...)}, c.calendar...)
	cal, err := calendar.New(region, opts...)
	switch {
	case err != nil && !region.Valid():
		c.errorf(CodeValue, sp.region, "", "calendar.region", "unknown region %q: say %q, %q or %q", sp.region.Value, string(calendar.EnglandAndWales), string(calendar.Scotland), string(calendar.NorthernIreland))
	case err != nil:
		c.errorf(CodeValue, sp.region, "", "calendar", "%s", strings.TrimPrefix(err.Error(), "calendar: "))
	default:
		return cal
	}
	cal, _ = calendar.New(calendar.EnglandAndWales)
	return cal
}

// dates reads a list of YYYY-MM-DD dates, reporting each that is not one.
func (c *compiler) dates(list []yamlsrc.Scalar, key string) []time.Time {
	var out []time.Time
	for _, d := range list {
		if t, ok := c.date(d, key); ok {
			out = append(out, t)
		}
	}
	return out
}

func (c *compiler) date(d yamlsrc.Scalar, key string) (time.Time, bool) {
	t, dateOnly, err := timescale.ParseTime(d.Value)
	if err != nil || !dateOnly {
		c.errorf(CodeValue, d, "", key, "cannot read %q as a date (YYYY-MM-DD)", d.Value)
		return time.Time{}, false
	}
	return t, true
}

func orAt(s, fallback yamlsrc.Scalar) yamlsrc.Scalar {
	if s.Set() {
		return s
	}
	return fallback
}

func (c *compiler) counting(s yamlsrc.Scalar, rule string) timescale.Convention {
	if !s.Set() {
		return timescale.Convention{}
	}
	switch s.Value {
	case "day0":
		return timescale.Convention{}
	case "inclusive":
		return timescale.Convention{Inclusive: true}
	}
	c.errorf(CodeValue, s, rule, "counting", "want day0 (the start day is day 0) or inclusive (the start day is day 1), not %q", s.Value)
	return timescale.Convention{}
}

func (c *compiler) period(s yamlsrc.Scalar, rule, key string) timescale.Period {
	p, err := timescale.ParsePeriod(s.Value)
	if err != nil {
		c.errorf(CodePeriod, s, rule, key, "%s", err.Error())
	}
	return p
}

// noteSourceKinds notes the event kinds the rule's start and what meets it
// read, itself or through variables and instance kinds: a record whose
// source holds none of either cannot be judged by it (not_recorded).
func (r *rule) noteSourceKinds(p *Policy) {
	var starts, reads reads
	switch {
	case r.from != nil:
		starts.add(r.from.reads)
		if r.from.startsAt && r.forEach != nil && r.forEach.start != nil {
			starts.add(r.forEach.start.reads) // instance.start
		}
	case r.forEach != nil && r.forEach.start != nil:
		starts.add(r.forEach.start.reads)
	}
	for _, x := range []*expr{r.done, r.check} {
		if x != nil {
			reads.add(x.reads)
		}
	}
	r.starts, r.reads = p.expand(starts).events, p.expand(reads).events
}

// rule compiles one rule in the policy's scope.
func (c *compiler) rule(sc *scope, p *Policy, sr *syntaxRule) *rule {
	id := sr.key("id").Value
	at := sr.at
	if !sr.key("id").Set() {
		if !sr.misspelt.any("id") {
			c.errorf(CodeMissingKey, at, "", "id", "missing: every rule needs an id, in kebab-case")
		}
		return nil
	}
	if !kebab.MatchString(id) {
		c.errorf(CodeName, sr.key("id"), id, "id", "must be kebab-case (a-z, 0-9 and single hyphens)")
	}
	r := &rule{info: Rule{ID: id, Title: sr.key("title").Value, Source: sr.key("source").Value}, conv: p.counting,
		reason: sr.key("reason").Value, holds: strings.TrimSpace(sr.key("holds").Value), notDone: strings.TrimSpace(sr.key("not_done").Value)}
	meant := sr.misspelt
	if title := sr.key("title"); (!title.Set() || strings.TrimSpace(title.Value) == "") && !meant.any("title") {
		c.errorf(CodeMissingKey, orAt(title, sr.key("id")), id, "title", "missing: say in words what must happen by when")
	}
	if source := sr.key("source"); (!source.Set() || strings.TrimSpace(source.Value) == "") && !meant.any("source") {
		c.errorf(CodeMissingKey, orAt(source, sr.key("id")), id, "source", "missing: quote the document and passage the rule comes from")
	}

	kind := Deadline
	switch k := sr.key("kind"); {
	case k.Set():
		kind = Kind(k.Value)
		if kind != Deadline && kind != Recurring && kind != Check {
			c.errorf(CodeValue, k, id, "kind", "want deadline, recurring or check, not %q", k.Value)
			return nil
		}
	case sr.key("check").Set(), meant.any("check"):
		// A misspelt check: or every: still says what kind of rule the
		// author meant, so that its other keys are checked against that kind.
		kind = Check
	case sr.key("every").Set(), meant.any("every"):
		kind = Recurring
	}
	r.info.Kind = kind

	// Keys that do not belong to the kind, and keys of a group given
	// together.
	var allowed []string
	for _, s := range keysOf(kind) {
		if !s.general {
			allowed = append(allowed, s.name)
		}
	}
	given := map[string]string{} // group -> the first key of it given
	for _, s := range ruleSchema {
		v := sr.key(s.name)
		if !v.Set() {
			continue
		}
		if !belongs(s.name, kind) {
			c.errorf(CodeKeyConflict, v, id, s.name, "a %s rule has no %s (it takes %s)", kind, s.name, strings.Join(allowed, ", "))
			continue
		}
		if s.group == "" {
			continue
		}
		if first, dup := given[s.group]; dup {
			c.errorf(CodeKeyConflict, v, id, s.name, "give %s: or %s:, not both", first, s.name)
			continue
		}
		given[s.group] = s.name
	}
	// A rule with for_each: has instance and within, even when the kind it
	// names is not one, so that its expressions are still checked.
	fe := sr.key("for_each")
	forEach := fe.Set()
	if i, ok := p.instanceIndex[fe.Value]; ok && forEach {
		r.forEach = p.instances[i]
		r.info.ForEach = fe.Value
	} else if forEach {
		c.errorf(CodeValue, fe, id, "for_each", "no instance kind %q in the policy's instances%s", fe.Value, orDeclare(&c.suggest, fe.Value, sc.d.instanceNames, ""))
	}
	r.info.PracticeStandard = c.flag(sr.key("practice_standard"), id, "practice_standard")
	compile := func(v yamlsrc.Scalar, key string, wants []want) *expr {
		x, _, _, errs := compileExpr(sc, forEach, v, id, key, wants)
		c.errs = append(c.errs, errs...)
		return x
	}
	expr := func(key string) *expr {
		v := sr.key(key)
		if !v.Set() || !belongs(key, kind) {
			return nil
		}
		return compile(v, key, spec(key).want[kind])
	}

	if sr.conditions != nil {
		for i, cond := range sr.conditions {
			if !cond.cond.Set() {
				continue
			}
			if x := compile(cond.cond, fmt.Sprintf("when[%d].if", i), []want{wantBool}); x != nil {
				r.conditions = append(r.conditions, condition{expr: x, otherwise: strings.TrimSuffix(strings.TrimSpace(cond.otherwise.Value), ".")})
			}
		}
	} else {
		r.when = expr("when")
	}
	if v := sr.key("counting"); v.Set() && belongs("counting", kind) {
		r.conv = c.counting(v, id)
	}
	if v := sr.key("roll"); v.Set() && belongs("roll", kind) {
		switch v.Value {
		case "none":
		case "forward":
			r.conv.Roll = timescale.RollForward
		case "backward":
			r.conv.Roll = timescale.RollBackward
		default:
			c.errorf(CodeValue, v, id, "roll", "want forward (to the next working day), backward (to the previous one) or none, not %q", v.Value)
		}
	}

	switch kind {
	case Check:
		if !sr.key("check").Set() {
			if !meant.any("check") {
				c.errorf(CodeMissingKey, at, id, "check", "missing: a check rule needs check: <a CEL condition that must hold>")
			}
			return r
		}
		r.check = expr("check")
		r.noteSourceKinds(p)
		describeRule(p, r, sr)
		return r
	case Deadline:
		within, before := sr.key("within"), sr.key("before")
		switch {
		case within.Set() && before.Set():
			// Reported above.
		case within.Set():
			r.info.Period, r.periodAt = c.period(within, id, "within"), locationOf(within)
		case before.Set():
			r.info.Period, r.periodAt = c.period(before, id, "before"), locationOf(before)
			r.info.Before = true
		case !meant.any("within", "before"):
			c.errorf(CodeMissingKey, at, id, "within", "missing: a deadline rule needs within: <period> or before: <period>")
		}
		r.unless = expr("unless")
		if reason := sr.key("reason"); reason.Set() && !sr.key("unless").Set() && !meant.any("unless") {
			c.errorf(CodeKeyConflict, reason, id, "reason", "reason: explains an unless: exception; this rule has none")
		}
		r.extendedTo = expr("extended_to")
		if !sr.key("done").Set() && !meant.any("done") {
			c.errorf(CodeMissingKey, at, id, "done", "missing: say what meets the deadline, e.g. done: events.icpc")
		}
		r.done = expr("done")
	case Recurring:
		if every := sr.key("every"); !every.Set() {
			if !meant.any("every") {
				c.errorf(CodeMissingKey, at, id, "every", "missing: a recurring rule needs every: <period>")
			}
		} else {
			r.info.Period, r.periodAt = c.period(every, id, "every"), locationOf(every)
		}
		if !sr.key("done").Set() && !meant.any("done") {
			c.errorf(CodeMissingKey, at, id, "done", "missing: say which events meet each occurrence, e.g. done: events.rcpc")
		}
		r.done = expr("done")
		r.until = expr("until")
	}
	from, after := sr.key("from"), sr.key("after")
	switch {
	case from.Set() && after.Set():
		// Reported above.
	case from.Set():
		r.from = expr("from")
	case after.Set():
		c.afterAt[r] = after
		r.info.After = after.Value
	case r.forEach != nil, meant.any("from", "after", "for_each"):
		// Counted from the start of each instance, or a misspelt from:,
		// after: or for_each:, already reported.
	default:
		c.errorf(CodeMissingKey, at, id, "from", "missing: say where the period starts, with from: <CEL instant> or after: <rule id>")
	}
	if r.from != nil {
		r.fromLabel = r.from.label
	}
	if r.done != nil {
		r.doneLabel = r.done.label
	}
	r.noteSourceKinds(p)
	describeRule(p, r, sr)
	return r
}

// describeRule fills in what Policy.Rules says of a rule in words: its
// anchor, what meets it, its conditions, its exception and what it reads.
// An after: rule's anchor is filled in by link.
func describeRule(p *Policy, r *rule, sr *syntaxRule) {
	in := &r.info
	for _, c := range r.conditions {
		in.Conditions = append(in.Conditions, Condition{If: strings.TrimSpace(c.expr.text), Otherwise: c.otherwise})
	}
	if r.when != nil {
		in.Conditions = append(in.Conditions, Condition{If: strings.TrimSpace(r.when.text)})
	}
	switch {
	case r.reason != "" && r.unless != nil:
		in.Exception = strings.TrimSuffix(strings.TrimSpace(r.reason), ".")
	case r.unless != nil:
		in.Exception = strings.TrimSpace(r.unless.text)
	}
	if r.until != nil {
		in.Until = "until: " + strings.TrimSpace(r.until.text)
		if r.until.label != "" {
			in.Until = "the " + r.until.label
		}
	}
	switch {
	case in.Kind == Check && r.holds != "":
		in.MetBy = strings.TrimSuffix(r.holds, ".")
	case in.Kind == Check && r.check != nil:
		in.MetBy = strings.TrimSpace(r.check.text)
	case r.doneLabel != "":
		in.MetBy = withArticleWords(r.doneLabel)
	case r.done != nil:
		in.MetBy = "done: " + strings.TrimSpace(r.done.text)
	}
	switch {
	case in.Kind == Check:
	case r.from != nil:
		in.Anchor = anchorWords(p, r)
	case r.forEach != nil && !sr.key("after").Set():
		in.Anchor = "the start of each " + r.forEach.words()
	}
	var rd reads
	for _, x := range []*expr{r.when, r.from, r.done, r.unless, r.extendedTo, r.until, r.check} {
		if x != nil {
			rd.add(x.reads)
		}
	}
	for _, c := range r.conditions {
		rd.add(c.expr.reads)
	}
	if r.forEach != nil {
		rd.add(r.forEach.reads())
	}
	rd = p.expand(rd)
	slices.Sort(rd.events)
	for _, k := range rd.events {
		in.Events = append(in.Events, p.events[k].Kind)
	}
	slices.Sort(rd.facts)
	in.Facts = rd.facts
}

// anchorWords says what a rule's from: counts from: "the first ICPC",
// "the start of each s47 enquiry or the strategy discussion".
func anchorWords(p *Policy, r *rule) string {
	x := r.from
	if x.pick != nil && x.label != "" {
		switch x.pick.fn {
		case "first", "last":
			return "the " + x.pick.fn + " " + x.label
		case "nth":
			return "the " + ordinal(x.pick.n) + " " + x.label
		}
	}
	if x.label != "" {
		return "the " + x.label
	}
	var kinds []string
	for _, k := range x.kinds {
		kinds = append(kinds, "the "+p.kindSpecs[k].words)
	}
	switch {
	case x.startsAt && r.forEach != nil && len(kinds) > 0:
		return "the start of each " + r.forEach.words() + " or " + strings.Join(kinds, " or ")
	case x.startsAt && r.forEach != nil:
		return "the start of each " + r.forEach.words()
	}
	return "from: " + strings.TrimSpace(x.text)
}

// ordinal writes 1st, 2nd, 3rd, 4th, 11th, 21st.
func ordinal(n int64) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.FormatInt(n, 10) + suffix
}

// withArticleWords puts "a" or "an" before an event kind in words, as it
// is said: "an ICPC", "a CP visit", "an s47 started", "a core group".
func withArticleWords(w string) string {
	if w == "" {
		return w
	}
	first, _, _ := strings.Cut(w, " ")
	spoken := strings.ToLower(first)
	if len(first) > 1 && (first == strings.ToUpper(first) || first[1] >= '0' && first[1] <= '9') {
		// Said letter by letter: "ICPC" is "eye-see-pee-see".
		if strings.ContainsRune("aefhilmnorsx", rune(spoken[0])) {
			return "an " + w
		}
		return "a " + w
	}
	if strings.ContainsRune("aeiou", rune(spoken[0])) {
		return "an " + w
	}
	return "a " + w
}

// link resolves after: references, orders rules so each follows the rule
// it is after, and reports unknown ids and cycles.
func (c *compiler) link(p *Policy, ids map[string]*rule) {
	var known []string // the rule ids, for "did you mean", once one is needed
	for _, r := range p.rules {
		if r.info.After == "" {
			continue
		}
		parent, ok := ids[r.info.After]
		switch {
		case !ok:
			msg := fmt.Sprintf("no rule %q in this policy", r.info.After)
			if known == nil {
				for _, r := range p.rules {
					known = append(known, r.info.ID)
				}
			}
			if s := c.suggest.Nearest(r.info.After, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			c.errorf(CodeAfter, c.afterAt[r], r.info.ID, "after", "%s", msg)
		case parent.info.Kind == Check:
			c.errorf(CodeAfter, c.afterAt[r], r.info.ID, "after", "rule %q is a check; after: names a deadline or recurring rule", parent.info.ID)
		case parent.forEach != r.forEach:
			c.errorf(CodeAfter, c.afterAt[r], r.info.ID, "after", "rule %q is counted %s, and this one %s; a rule follows a rule counted for each of the same instances", parent.info.ID, forEachWords(parent), forEachWords(r))
		default:
			r.after = parent
			if r.fromLabel == "" {
				r.fromLabel = parent.doneLabel
			}
			r.info.Anchor = "when " + parent.info.ID + " was done"
		}
	}
	// Depth-first order; a rule met again on its own path is a cycle.
	const (
		unvisited = iota
		visiting
		visited
	)
	state := make(map[*rule]int)
	var visit func(r *rule, path []string)
	visit = func(r *rule, path []string) {
		switch state[r] {
		case visited:
			return
		case visiting:
			c.errorf(CodeAfter, c.afterAt[r], r.info.ID, "after", "rules follow each other in a cycle: %s", strings.Join(append(path, r.info.ID), " -> "))
			return
		}
		state[r] = visiting
		if r.after != nil {
			visit(r.after, append(path, r.info.ID))
		}
		state[r] = visited
		p.evalOrder = append(p.evalOrder, r)
	}
	for _, r := range p.rules {
		visit(r, nil)
	}
	for i, r := range p.evalOrder {
		p.reordered = p.reordered || r != p.rules[i]
	}
}

// forEachWords says what a rule is counted for: "for each plan", "once".
func forEachWords(r *rule) string {
	if r.forEach == nil {
		return "once"
	}
	return "for each " + r.forEach.name
}

// compileInstances compiles a policy's instances:.
func (c *compiler) compileInstances(sc *scope, p *Policy, ins []syntaxInstance) {
	for _, in := range ins {
		key := "instances." + in.name.Value
		k := &instanceKind{name: in.name.Value, description: strings.TrimSpace(in.description.Value), index: len(p.instances)}
		p.instances = append(p.instances, k)
		sc.d.instanceKinds[k.name] = k
		if k.description == "" && !in.misspelt.any("description") {
			c.errorf(CodeMissingKey, orAt(in.description, in.name), "", key, "describe the instances, so a practitioner knows what each result is about")
		}
		if !in.start.Set() && !in.misspelt.any("start") {
			c.errorf(CodeMissingKey, in.name, "", key, "missing: start: <a CEL list of events or instants, each date of which starts one>")
		} else if in.start.Set() {
			k.start = c.instanceExpr(sc, in.start, key+".start")
		}
		if in.end.Set() {
			k.end = c.instanceExpr(sc, in.end, key+".end")
		}
		k.endsAtNext = c.flag(in.endsAtNext, "", key+".ends_at_next")
	}
}

// flag reads a true or false key (false when it is not given).
func (c *compiler) flag(s yamlsrc.Scalar, rule, key string) bool {
	switch {
	case !s.Set(), s.Value == "false":
		return false
	case s.Value == "true":
		return true
	}
	c.errorf(CodeValue, s, rule, key, "want true or false, not %q", s.Value)
	return false
}

func (c *compiler) instanceExpr(sc *scope, s yamlsrc.Scalar, key string) *expr {
	x, _, _, errs := compileExpr(sc, false, s, "", key, []want{wantList})
	c.errs = append(c.errs, errs...)
	return x
}
