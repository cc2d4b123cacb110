// Package rules reads an authority's child protection timescales from a
// YAML policy file, compiles them, and checks cases against them.
//
// A policy is one YAML file that says, rule by rule, what must happen by
// when: "an ICPC within 15 working days of the strategy discussion", "CP
// visits at least every 10 working days", "a consultation with a CP chair
// before the strategy discussion". Each rule cites the document it comes
// from. The conditions, the starts and the events that meet a rule are
// written in CEL, a small expression language (https://cel.dev).
//
// [Compile] reads a policy once and checks everything in it; the
// [Policy] it returns is immutable and safe for concurrent use.
// [Policy.Evaluate] then applies it to any number of cases, each as of a
// date, and returns a [Report]: one [Result] per rule (one per occurrence
// for a recurring rule), with a status, the dates and an explanation in
// words. The same policy, case and as-of date always give the same report.
//
// This comment is the reference for the policy file format.
//
// # Using a policy from Go
//
//	src, err := os.ReadFile("policies/example-borough.yaml")
//	if err != nil {
//		log.Fatal(err)
//	}
//	policy, err := rules.Compile(src, rules.WithFilename("policies/example-borough.yaml"))
//	if err != nil {
//		log.Fatal(err) // every problem in the file, each with its line and a caret
//	}
//	data, err := os.ReadFile("case.yaml")
//	if err != nil {
//		log.Fatal(err)
//	}
//	c, err := casefile.Read("case.yaml", data)
//	if err != nil {
//		log.Fatal(err)
//	}
//	asOf := time.Date(2024, time.April, 17, 0, 0, 0, 0, calendar.London)
//	report, err := policy.Evaluate(c, asOf) // as often as needed, on any case
//	if err != nil {
//		log.Fatal(err)
//	}
//	for _, r := range report.Results {
//		fmt.Println(r.Rule, r.Occurrence, r.Status, r.Due, r.Explanation)
//	}
//	fmt.Println(report.Breaches, "breaches")
//
// A policy that extends another also needs [WithLoader], to find the
// other policy's file. To test a policy against golden cases (each case
// file beside the report it must give), see package policytest, or the
// example CLI's -test; -check and -describe compile a policy alone and say
// what it reads, as [Policy.Rules] and the other accessors do from Go.
//
// # A policy file
//
// A small but complete policy:
//
//	policy: example-borough
//	title: Example Borough Council
//	source: Example Borough child protection procedures, 2024
//	calendar:
//	  region: england-and-wales
//	  closures: [2024-12-27]
//	counting: day0
//	warn_before: 2 working days
//	events:
//	  strategy_discussion: A strategy discussion or meeting.
//	  consultation: A consultation with a CP chair.
//	  icpc: An initial child protection conference.
//	  cp_visit: A child protection visit.
//	  cp_plan_end: The end of the child protection plan.
//	variables:
//	  s47: has(facts.s47_initiated) && facts.s47_initiated
//	rules:
//	  - id: icpc-within-15-working-days
//	    title: ICPC within 15 working days of the strategy discussion
//	    source: "Working Together 2023: within 15 working days of the strategy discussion"
//	    when: variables.s47
//	    from: last(events.strategy_discussion)
//	    within: 15 working days
//	    done: first(events.icpc)
//	    unless: has(facts.icpc_delay_approved) && facts.icpc_delay_approved
//	    reason: the Head of Service approved a later ICPC in writing
//	  - id: cp-visits-every-10-working-days
//	    title: CP visits at least every 10 working days
//	    source: "Local guidance: the child is seen at least every 10 working days"
//	    from: first(events.icpc)
//	    every: 10 working days
//	    done: events.cp_visit
//	    until: first(events.cp_plan_end)
//	  - id: consultation-before-strategy-discussion
//	    title: Consultation with a CP chair before the strategy discussion
//	    source: "Local guidance: consultations take place before the strategy discussion"
//	    check: first(events.consultation) < first(events.strategy_discussion)
//
// A file holds one YAML document, a mapping. A key may appear only once in
// a mapping, and a key the format does not know is an error (with the
// nearest known key suggested), so a typing slip such as "wihtin" is caught.
// Every value except the lists and mappings named below is a single value.
// Quote an expression in double quotes when it starts with a character
// YAML treats specially (! ' " [ { & * # |) or contains ": " or " #"; a
// long one may be written as a block after | on the lines below its key.
//
// # Top-level keys
//
//   - policy (text; required): the policy's id, in kebab-case (a-z, 0-9
//     and single hyphens), such as bexley. Other policies name it in
//     extends:, and reports carry it.
//   - title (text; required, not empty): whose timescales these are, such
//     as "London Borough of Bexley".
//   - source (text; optional): the document the policy encodes.
//   - extends (text; optional): the policy this one builds on: the id of a
//     shipped policy (england), or the path of a policy file from this
//     one's folder (./county.yaml); see "Extending a policy".
//   - disable (list of rule ids; optional): rules of the extended policy to
//     leave out. Without extends: it is an error.
//   - calendar (mapping; required): the working days. Its keys are region
//     (required): england-and-wales, scotland or northern-ireland, whose
//     bank holidays are not working days; closures (list of dates written
//     YYYY-MM-DD; optional): the authority's own closure days, which are
//     not working days either; and working_days (list of dates; optional):
//     bank holidays the authority works, which are working days for it
//     (each must be a bank holiday of the region on a weekday, and not a
//     closure). A working day is Monday to Friday, less the bank holidays
//     and closures, plus the working_days. The calendar covers 1990 to
//     2100.
//   - counting (day0 or inclusive; default day0): how a period in working
//     days counts its start day; see "Periods and counting". A rule may say
//     otherwise with its own counting:.
//   - warn_before (a period; default none): how far ahead a result that is
//     not yet done is reported as due_soon rather than pending; see "The
//     as-of date".
//   - events (mapping; optional): the event kinds the policy reads, each
//     with a description for practitioners (required, not empty), such as
//     "icpc: An initial child protection conference." Kinds are snake_case
//     (a-z, 0-9 and _, starting with a letter). An expression may read only
//     declared kinds. A case's events of other kinds are not counted, and
//     the report warns of each. A kind may instead be a mapping with its
//     description and the attributes the policy reads of it; see "Declared
//     attributes and facts".
//   - facts (mapping; optional): the facts the policy reads, each a
//     description or a mapping as for attributes. When a policy lists its
//     facts (facts: {} lists none), a case's other facts give warnings.
//   - variables (mapping; optional): named CEL expressions that rules share;
//     see "Expressions".
//   - instances (mapping; optional): what rules may be counted for each of
//     (each referral, each s47 enquiry, each plan); see "Instances".
//   - warnings (list; optional): conditions on a case, each with the words
//     of a warning the report gives when it holds: {if: <CEL condition>,
//     say: <words>}. For what a case cannot tell, such as an older record
//     that does not say which strategy discussion initiated s47 enquiries.
//   - rules (list; optional): the rules, in the order the report gives
//     them; see "Rules". A policy without rules compiles, and reports
//     nothing.
//
// # Extending a policy
//
// A local policy usually starts from a national one and changes what the
// authority does differently:
//
//	policy: bexley
//	title: London Borough of Bexley
//	extends: england
//	disable: [assessment-within-45-working-days]
//	rules:
//	  - id: icpc-within-15-working-days
//	    ...
//
// Compile finds the extended policy (the parent) through the [Loader]
// given with [WithLoader]; without one, extends: is an error. extends: may
// name a policy file instead of an id: a path (with a "/", or ending in
// .yaml), read from the folder of the file that names it, so that a
// district's policy extends its county's file beside it:
//
//	policy: example-district
//	title: Example District
//	extends: ./county.yaml   # policy: example-county, which extends: england
//
// policies.LoadFile reads such files; a loader that knows only shipped
// policies refuses them. The parent may itself extend another. A policy
// that extends itself, directly or through others, is an error, and so is
// a file that cannot be read; both errors are at the extends: at fault,
// and name the other file. The two are folded together like this:
//
//   - policy, title and source are the child's own; nothing of them is
//     taken from the parent.
//   - calendar: when the child gives no region, it takes the parent's
//     region, and the parent's closures too unless the child lists closures
//     of its own. When the child gives a region, only the child's closures
//     count.
//   - counting and warn_before: the child's when given, else the parent's.
//   - events and variables are joined: the parent's first, in its order,
//     then the child's. A child entry with the name of a parent entry
//     replaces it, and moves to the child's place at the end; for an event
//     kind, the attributes declared are joined the same way (so a child that
//     describes a kind again keeps the parent's defaults).
//   - facts are joined as attributes are, and listed when either lists them;
//     instances are joined as variables are (a child instance kind replaces
//     the parent's of its name, in its place); warnings are the parent's,
//     then the child's.
//   - rules: a child rule with the id of a parent rule replaces that rule
//     whole (none of the parent rule's keys are kept), in the parent rule's
//     place. The child's other rules follow the parent's, in the child's
//     order. The rules named in disable: are removed. Naming a rule the
//     parent does not have in disable: is an error. A rule that is both
//     replaced and disabled is replaced.
//
// All the checks below run on the folded policy, so a parent's problems
// are reported too, at their place in the parent's file. A variable can
// read only the variables before it, so a child whose redefinition of a
// parent variable reads a variable defined after it is an error ("variable
// ... is defined after this expression").
//
// # Rules
//
// Every rule has these keys:
//
//   - id (required): the rule's id, in kebab-case, unique in the policy
//     (after extends: is folded in). extends:, disable:, after: and the
//     report refer to rules by id.
//   - title (required, not empty): what must happen by when, in words.
//   - source (required, not empty): the document and passage the rule comes
//     from, in the document's words.
//   - kind (optional): deadline, recurring or check. When it is left out, a
//     rule with check: is a check, a rule with every: is recurring, and any
//     other rule is a deadline.
//   - when (CEL, true or false; optional): the rule applies only to cases
//     where it is true. When it is false or absent the rule gives one
//     not_applicable result, explained as "Does not apply: ... is not true
//     for this case." Without when: the rule always applies. when: may
//     instead be a list of conditions, each with the words that say why the
//     rule does not apply when it is not true (below).
//   - for_each (the name of an instance kind; optional): the rule is counted
//     once for each instance of that kind in the case; see "Instances".
//   - practice_standard (true or false; default false): the document gives
//     the rule as best practice ("should", "where possible", "things to
//     consider"). Its results have the same statuses and explanations, and
//     carry practice_standard: true, but none is counted in the report's
//     breaches (nor in the example CLI's exit status).
//
// Every shipped policy writes when: as a list, so that no explanation
// shows CEL:
//
//	when:
//	  - if: "!(has(instance.nfa) && instance.nfa)"
//	    otherwise: the referral was closed with no further action
//
// Each condition must be true for the rule to apply; the first that is not
// gives "Does not apply: the referral was closed with no further action."
//
// Each kind takes its own keys besides these, and a key of another kind is
// an error:
//
//	deadline:  from | after, within | before, done, not_done, unless, reason, extended_to, roll, counting
//	recurring: from | after, every, done, not_done, until, roll, counting
//	check:     check, holds
//
// A deadline or recurring rule starts either from: (a CEL instant) or
// after: (the id of another deadline or recurring rule), one of the two:
//
//   - from: the period starts at this instant. When it is absent (there is
//     no such event) the rule has not started: one not_applicable result,
//     "Not started: no ICPC recorded."
//   - after: the period starts when the named rule was done: at the
//     instant that was done for it, whether on time, late or excepted (for
//     a recurring rule, its latest done occurrence). Until that rule has something done on or
//     before the as-of date, this one gives one not_applicable result,
//     "Not started: waits for ... to be met." after: may name a rule
//     written later in the file; it may not name a check, and rules may not
//     follow each other round in a circle.
//
// When from: is first(events.kind), last(events.kind), nth(events.kind, N)
// or events.kind, explanations name the event in words ("strategy
// discussion", "ICPC", "CP visit"), and the engine reads it straight from
// the case without running CEL; done: is treated the same way. A rule with
// after: borrows the name from the rule it follows.
//
// # Deadline rules
//
// Something must be done within a period of a start, or at least a period
// before it.
//
//   - within (a period) or before (a period): one of the two is required.
//     within: the deadline is the period after the start. before: the
//     deadline is the period before the start ("at least 2 working days
//     before the ICPC"), and is met by anything done on or before it.
//   - done (CEL instant or list; required): what meets the deadline. A
//     list of events, such as events.icpc, is met by its first event
//     dated on or after the start (for before:, its first event), so an
//     ICPC of an earlier episode does not meet a re-referral's deadline;
//     for a rule counted for each instance, also dated on or before the
//     instance's end, when it has ended.
//     A single instant, such as first(events.icpc), counts only when it
//     is dated on or after the start (for before:, at any date). When it
//     is absent, or dated after the as-of date, the deadline is not done.
//   - unless (CEL, true or false; optional): an approved exception. When
//     the deadline is not met (late, overdue, due soon or pending) and
//     unless is true, the status is excepted and the lateness is 0; absent
//     counts as false.
//   - reason (text; only with unless): the exception in words, for the
//     explanation. Without it the explanation quotes the unless expression.
//   - not_done (text; optional): the words for what is missing in an
//     overdue, due_soon or pending result, in place of "no ICPC": "no ICPC
//     and no decision that none is needed" gives "Overdue: no ICPC and no
//     decision that none is needed by Wed 17 Apr 2024, ...".
//   - extended_to (CEL instant; optional): when it has a value, its date
//     becomes the due date (the whole of that day, without roll), in place
//     of the date counted from the period: "extended to" a later date, or
//     "moved to" an earlier one (a shorter period for an urgent case).
//     When it is absent the counted date stands.
//   - roll, counting: see "Periods and counting".
//
// A deadline gives one result: met, late, overdue, due_soon, pending,
// excepted or not_applicable.
//
// Not recorded. A case read from a source that holds only some kinds of
// event (timescale.Case.SourceKinds: a CIN census holds no strategy
// discussions, core groups or visits) cannot say whether a rule met by the
// others was met. Such a rule, whatever its kind, gives one not_recorded
// result, which is not a breach: "Not recorded: the CIN census does not
// hold core group events, so this cannot be judged from it." A rule is not
// recorded when its source holds none of the kinds its done: (or check:)
// reads, or none of those its from: (or its instances' start:) reads. A
// case file has no SourceKinds, and every rule is judged.
//
// Example. With the policy above (warn_before: 2 working days):
//
//	rules:
//	  - id: icpc-within-15-working-days
//	    title: ICPC within 15 working days of the strategy discussion
//	    source: "Working Together 2023: within 15 working days of the strategy discussion"
//	    when: variables.s47
//	    from: last(events.strategy_discussion)
//	    within: 15 working days
//	    done: first(events.icpc)
//	    unless: has(facts.icpc_delay_approved) && facts.icpc_delay_approved
//	    reason: the Head of Service approved a later ICPC in writing
//
// The case has s47_initiated: true and a strategy discussion on Thursday
// 21 March 2024 at 10:00. Thursday 21 March is day 0; Friday 22 March is
// working day 1, Monday 25 to Thursday 28 March are 2 to 5, Good Friday
// (29 March) and Easter Monday (1 April) are skipped, Tuesday 2 to Friday
// 5 April are 6 to 9, Monday 8 to Friday 12 April are 10 to 14, and Monday
// 15 April 2024 is working day 15: the due date.
//
//   - As of Thursday 11 April, no ICPC: due_soon (2 working days from 11
//     April reach Monday 15 April), "15 working days from Thu 21 Mar 2024
//     (strategy discussion), skipping Good Friday 29 Mar and Easter Monday
//     1 Apr, is Mon 15 Apr 2024. Due soon: no ICPC yet; 2 working days
//     left."
//   - As of Wednesday 17 April, no ICPC: overdue by 2 working days
//     (Tuesday 16 and Wednesday 17 April) and 2 days.
//   - ICPC on Tuesday 16 April (as of that day or later): late by 1
//     working day and 1 day, "...
//     Late: ICPC on Tue 16 Apr 2024, 1 working day after the due date."
//   - The same with the fact icpc_delay_approved: true: excepted, "...
//     Excepted: the Head of Service approved a later ICPC in writing."
//   - No s47_initiated fact: not_applicable (when: is absent).
//   - No strategy discussion: not_applicable, "Not started: no strategy
//     discussion recorded."
//
// # Recurring rules
//
// Something must be done every period, each time counted from when it was
// last done: review conferences every 6 months, CP visits every 10 working
// days, core groups every 28 days.
//
//   - every (a period; required): the longest time allowed between one
//     occurrence and the next.
//   - done (CEL list of events or of instants; required): what meets the
//     occurrences, such as events.rcpc. Absent counts as an empty list.
//   - until (CEL instant or list; optional): when the occurrences stop,
//     such as events.cp_plan_end: from a list, the first event dated on or
//     after the chain's start (so an earlier plan's end does not stop a later plan's
//     reviews); or an instant, such as first(events.cp_plan_end). It counts
//     only when it is on or before the as-of date; absent means no end. A
//     rule counted for each instance also stops at the instance's end.
//   - roll, counting: see "Periods and counting".
//
// Occurrence 1 is due one period after the start. The instant that meets
// an occurrence is the first instant of done that comes after the previous
// occurrence was done (after the start, for occurrence 1), is on or before
// the as-of date, and is not dated after until (a review held on the day
// the plan ended is the plan's review). Occurrence k+1 is due one period
// after the instant occurrence k was actually done, not after its due
// date. So:
//
//   - An occurrence done by its due date is met, one done later is late,
//     and the chain goes on from the instant it was done.
//   - An occurrence with nothing done is reported overdue, due_soon or
//     pending, and the chain ends there: a missed occurrence does not start
//     the next one.
//   - When until has a value and came on or before the due date of the
//     next occurrence, and nothing was done for it, the chain stops with no
//     result for that occurrence. A plan that ended before the first
//     occurrence was due leaves the rule with no results at all; for a rule
//     counted for each instance, with one not_applicable result that says so
//     ("Not due: the CP plan ended on ..., before it was due"), so that
//     every instance has a line. An
//     occurrence that was already overdue when until came is still
//     reported overdue, its lateness counted to the date of until ("no
//     RCPC before the CP plan end on Fri 2 May 2025").
//   - A chain stops after 5,000 occurrences.
//
// A recurring rule gives results numbered 1, 2, ... (Result.Occurrence),
// each met, late, overdue, due_soon or pending; or a single
// not_applicable result when when: is not true or the rule has not
// started.
//
// Example:
//
//	rules:
//	  - id: cp-visits-every-10-working-days
//	    title: CP visits at least every 10 working days
//	    source: "Local guidance: the child is seen at least every 10 working days"
//	    from: first(events.icpc)
//	    every: 10 working days
//	    done: events.cp_visit
//	    until: first(events.cp_plan_end)
//
// The case has an ICPC on Tuesday 16 April 2024 and CP visits on Thursday
// 25 April, Friday 10 May and Thursday 30 May 2024. As of Friday 14 June
// 2024:
//
//   - Occurrence 1: 10 working days from Tue 16 Apr is Tue 30 Apr. Visit
//     on Thu 25 Apr: met.
//   - Occurrence 2: from that visit, Thu 25 Apr, skipping the early May
//     bank holiday (Mon 6 May), 10 working days is Fri 10 May. Visit on
//     Fri 10 May: met.
//   - Occurrence 3: 10 working days from Fri 10 May is Fri 24 May. Visit on
//     Thu 30 May: late by 3 working days (Tue 28, Wed 29 and Thu 30 May;
//     Mon 27 May is the spring bank holiday) and 6 days.
//   - Occurrence 4: 10 working days from Thu 30 May is Thu 13 Jun. No visit
//     by Fri 14 Jun: overdue by 1 working day.
//
// If the plan had ended on Monday 20 May 2024 (a cp_plan_end event),
// occurrences 1 and 2 would be as above; occurrence 3, due Friday 24 May,
// had nothing done before the plan ended (the visit of 30 May comes after
// it), and the plan ended before that due date, so the chain stops: two
// results.
//
// # Check rules
//
// A condition on the case's events and facts that must hold, such as an
// order of events or a count.
//
//   - check (CEL, true or false; required): the condition.
//   - holds (text; optional): what holds, in words, for the explanation of
//     a check that holds: "Holds: every consultation came before the
//     strategy discussion." Without it the explanation quotes the check.
//
// True gives met ("Holds: ..."), false gives violated ("Violated: " and
// the title), and absent gives not_applicable ("Cannot be decided yet: an
// event or fact it reads is not recorded."). A check reads every event in
// the case, including those dated after the as-of date, unless it filters
// them with as_of.
//
// Example:
//
//	rules:
//	  - id: consultation-before-strategy-discussion
//	    title: Consultation with a CP chair before the strategy discussion
//	    source: "Local guidance: consultations take place before the strategy discussion"
//	    check: first(events.consultation) < first(events.strategy_discussion)
//
// A consultation on Wednesday 20 March 2024 and a strategy discussion on
// Thursday 21 March 2024 give met. A consultation on Friday 22 March gives
// violated. With no consultation recorded, first(events.consultation) is
// absent, so the comparison is absent too: not_applicable.
//
// # Instances
//
// A child's record holds every episode: several referrals, enquiries and
// plans. A rule with for_each: is judged for each instance of what it is
// about, on its own, as the DfE counts ("each occasion is recorded
// separately"). A policy declares its instance kinds:
//
//	instances:
//	  s47_enquiry:
//	    description: Each s47 enquiry, from the strategy discussion at which it was initiated.
//	    start: events.strategy_discussion.filter(d, has(d.s47) && d.s47) + events.s47_started
//	  cp_plan:
//	    description: Each child protection plan, until the first end after it.
//	    start: events.icpc.filter(c, c.plan || c.transfer_in) + events.cp_plan_start
//	    end: events.cp_plan_end
//	  referral:
//	    description: Each referral, until the next.
//	    start: events.referral
//	    ends_at_next: true
//
// Each instance kind has these keys:
//
//   - description (text; required): what each instance is.
//   - start (CEL list of events or instants; required): one instance for
//     each date on which an item falls; items on the same London date are
//     one instance (an ICPC with plan: true and a cp_plan_start that day are
//     one plan), which starts at the earliest of them. Instances are
//     numbered from 1 in order of start.
//   - end (CEL list of events or instants; optional): an instance ends at
//     the first item dated on or after its start (so one cp_plan_end ends a
//     plan however many starts recorded it, and a review at which the plan
//     ended begins a review period that ends that day). An end counts only
//     once it is on or before the as-of date.
//   - ends_at_next (true or false; default false): an instance also ends
//     when the next one starts, if that comes first.
//
// A rule with for_each: kind gives one result (or, for a recurring rule,
// one chain) per instance, in order of the instances, each identified in
// the report by the instance's kind, number and start (Result.Instance).
// For each instance:
//
//   - Without from: or after:, the period counts from the instance's start,
//     and the explanation names the event that started it.
//   - The rule's expressions read the instance: instance.start,
//     instance.end (absent while it has not ended), instance.number,
//     instance.previous (the start of the instance before; absent for the
//     first), and the values of the events that started it (instance.nfa is
//     the nfa of the referral that started it). within.kind is the case's
//     events of a kind dated within the instance.
//   - done: is looked for within the instance. When nothing was done and
//     the instance ended on or before the due date, the result is
//     not_applicable: "Not due: the CP plan ended on Fri 2 May 2025, before
//     it was due." When it ended after the due date, the result is overdue,
//     its lateness counted to the end.
//   - A recurring rule's chain stops at the instance's end. A rule with
//     after: names a rule counted for each of the same instances, and
//     follows it instance by instance.
//   - A case with no instance of the kind gives one not_applicable result,
//     "Not started: no CP plan recorded."
//
// instances.kind is the list of the case's instances of a kind, in every
// expression, and during(instances.cp_plan, t) tells whether t's date falls
// inside one of them (after the date it started and before the date it
// ended), so that an enquiry begun while the child is already subject of a
// plan can be left to the review conference.
//
// Example. Minutes sent within 10 working days of any conference, initial
// or review, and a core group within 28 days of every review:
//
//	instances:
//	  conference:
//	    description: Each conference, initial or review, until the next.
//	    start: events.icpc + events.rcpc
//	    ends_at_next: true
//	  review_period:
//	    description: Each review conference, until the next or the end of the plan.
//	    start: events.rcpc
//	    end: events.cp_plan_end
//	    ends_at_next: true
//	rules:
//	  - id: minutes-within-10-working-days
//	    title: Minutes sent within 10 working days of the conference
//	    source: "Local guidance"
//	    for_each: conference
//	    within: 10 working days
//	    done: events.minutes_sent
//	  - id: core-group-within-28-days-of-review
//	    title: Core group within 28 days of the review conference
//	    source: "Local guidance"
//	    for_each: review_period
//	    within: 28 days
//	    done: events.core_group
//
// With an ICPC on Mon 4 Mar 2024 and reviews on Tue 4 Jun and Wed 4 Dec
// 2024, minutes are due Mon 18 Mar (skipping no bank holiday), Tue 18 Jun
// and Wed 18 Dec 2024, three results, each met only by minutes sent before
// the next conference. The core group is due Tue 2 Jul 2024 after the first
// review and Wed 1 Jan 2025 after the second; had the plan ended at the
// second review (a cp_plan_end on 4 Dec), that review period ends the day it
// starts, and its core group is "Not due".
//
// # Declared attributes and facts
//
// An event kind may list the attributes the policy reads, and the policy
// may list the facts it reads:
//
//	events:
//	  icpc:
//	    description: An initial child protection conference.
//	    attributes:
//	      plan:
//	        type: bool
//	        description: false when the conference made no child protection plan
//	        default: true
//	        missing: it counts as a conference that made a child protection plan
//	  cp_plan_end:
//	    description: The end of a child protection plan.
//	    attributes:
//	      reason: {type: text, values: [review, transfer_out, age_18, died, other], description: why it ended}
//	facts:
//	  previous_icpcs: {type: number, description: initial conferences in earlier episodes}
//
// Each is a description, or a mapping of description (required), type
// (bool, text, number or date; any when left out), values (for text, the
// values it may be), default (the value read when the case does not record
// one) and missing (the words of the warning given when the default is
// read; without them the default is read silently). Declarations are
// optional: a kind that lists no attributes, and a policy that lists no
// facts, read whatever the case gives, and warn of nothing.
//
// For what is declared, the report warns, naming the event and its line in
// the case file:
//
//   - of an attribute or fact the policy does not read, with the nearest
//     declared name ("did you mean"); it is not counted;
//   - of a value of the wrong type (the text "true" for a bool) or outside
//     values: (with the nearest); it is not counted, and reads as absent or
//     as its default;
//   - of a missing value read by its default, when the declaration says
//     missing: and the event is on or before the as-of date (a conference
//     booked for later has no outcome to record yet).
//
// A value with a default is never absent, so an expression may read it
// plainly: events.icpc.filter(c, c.plan).
//
// # Periods and counting
//
// A period (within:, before:, every:, warn_before:) is a whole number from
// 0 to 10,000 and a unit, in any case, singular or plural, as
// [timescale.ParsePeriod] reads it:
//
//	15 working days     1 working day        15 business days
//	28 days             28 calendar days
//	6 weeks             3 months             48 hours
//
// "Business days" are working days by another name, as "calendar weeks"
// and "calendar months" are weeks and months. A unit it does not read is
// an error that suggests the period most likely meant: "15 working days"
// for "15 wroking days" or "15 weekdays" (which would count bank
// holidays), "12 months" for "1 year", "4 weeks" for "2 fortnights".
//
// Dates are dates in London (Europe/London). Counted from a start:
//
//   - N working days: the start's date is day 0, whatever day it is; the
//     deadline is the end of the Nth working day after it. 15 working days
//     from Thu 21 Mar 2024 is Mon 15 Apr 2024.
//   - N days, N weeks: calendar days (7 to a week) from the start's date.
//     The deadline may fall on a weekend or bank holiday unless the rule
//     rolls.
//   - N months: the corresponding date N months later, or the last day of
//     that month when it has no such date: 31 January 2024 plus 1 month is
//     29 February 2024.
//   - N hours: elapsed time from the start's instant, so 48 hours across a
//     clock change are 48 real hours. The deadline is an instant. Counted
//     from an instant at midnight exactly in London, which is how a date
//     given without a time is held, the hours run from the end of that day
//     ("24 hours from the end of Fri 22 Mar 2024"), so anything done that
//     day is on time. (Counted back, with before:, they run from the start
//     of the day.)
//   - before: the same, counted backwards from the start.
//
// A deadline in days, weeks or months is met by anything done on or
// before its date, at any time of that day; a deadline in hours by
// anything done at or before its instant.
//
// counting: inclusive (for the policy, or for one rule) counts the first
// working day on or after the start as day 1, as some procedures and the
// DfE census do: 5 working days from Wed 3 Apr 2024 end on Tue 9 Apr
// instead of Wed 10 Apr. Counted backwards, the start's date is day 1 when
// it is a working day: 2 working days before Wed 3 Apr 2024 is Tue 2 Apr
// (with day0, Thu 28 Mar, skipping Easter). It changes nothing for other
// units.
//
// roll: (per rule) moves a deadline that falls on a day that is not a
// working day: forward to the next working day, backward to the previous
// one, or none (the default). A rolled deadline in hours becomes the whole
// of that working day: 24 hours from Thu 28 Mar 2024 16:00 is Good Friday
// 29 Mar 16:00, which rolls forward to Tue 2 Apr. A deadline of one or
// more working days already falls on a working day.
//
// # Expressions
//
// when:, from:, done:, unless:, extended_to:, until:, check: and the
// variables are CEL expressions. Each is checked when the policy is
// compiled, including that it gives the right type: true or false for
// when:, unless: and check:; an instant for from:, done: of a deadline,
// extended_to: and until:; an instant or a list for done: of a deadline; a
// list for done: of a recurring rule. CEL's
// standard operators, functions and macros are all available (&&, ||, !,
// ?:, ==, <, in, has, size, exists, all, exists_one, filter, map,
// timestamp, duration, contains, startsWith and the rest). Instants
// compare with < and <=, and their difference is a duration.
//
// The names an expression can read:
//
//   - case (string): the case's id.
//   - child: the child. child.date_of_birth is an instant (midnight in
//     London on that date), absent when not known (an unborn child).
//     child.name reads any other value the case gives for the child.
//   - facts: facts.name reads a named value of the case (true or false, a
//     whole number, a number, text, an instant, a list or a mapping), such
//     as facts.s47_initiated or facts.urgency == 'immediate'.
//   - events: events.kind is the list of the case's events of a declared
//     kind, in time order (events at the same instant keep the case's
//     order); an empty list when there are none. Each event e has e.at (an
//     instant; an event given only a date is at midnight in London), e.kind
//     and its own values by name, such as e.outcome. events.icpc[0] is the
//     first ICPC; indexes count from 0, and one beyond the list is an
//     evaluation error rather than absent. has(events.icpc) is true when
//     there is at least one ICPC.
//   - as_of (instant): midnight in London at the start of the as-of date.
//     An event at 10:00 on the as-of date is after as_of; compare dates,
//     date(e.at) <= as_of.
//   - variables.name: the value of the policy's variable name.
//   - instances: instances.kind is the list of the case's instances of a
//     declared kind; each has start, end, number and previous, and the
//     values of the events that started it. In a rule with for_each:,
//     instance is the instance the rule is counted for, and within.kind the
//     case's events of a kind dated within it. See "Instances".
//
// The functions the policy adds (list is a list of events or of instants;
// for events, the instants are their at):
//
//	first(list) instant                       the first; absent when the list is empty
//	last(list) instant                        the last; absent when the list is empty
//	nth(list, n int) instant                  the nth, counting from 1; absent when there is no nth
//	count(list) int                           the number of items
//	add_working_days(t instant, n int) instant
//	                                          midnight on the date n working days after t's date
//	                                          (t's date is day 0; a negative n counts back)
//	working_days_between(a, b instant) int    the working days after a's date up to and
//	                                          including b's date; negative when b is earlier
//	add_days(t instant, n int) instant        midnight on the date n calendar days after t's date
//	add_months(t instant, n int) instant      midnight on the corresponding date n months later
//	age_on(born, t instant) int               age in whole years on t's date (a child born on
//	                                          29 February is a year older on 1 March)
//	is_working_day(t instant) bool            whether t's date is a working day
//	date(t instant) instant                   midnight in London at the start of t's date
//	during(instances list, t instant) bool    whether t's date is after an instance's start date
//	                                          and before its end date (or it has not ended)
//
// cel.bind(name, value, expression) names a value worked out once inside
// one expression: cel.bind(held, first(events.icpc), events.approval.exists(a,
// date(held) <= a.icpc_by)) compares each approval with one ICPC rather than
// working it out again for each.
//
// They count on the policy's calendar. add_working_days and
// working_days_between fail for dates outside 1990 to 2100.
//
// variables: names a shared expression once, so rules do not repeat it:
//
//	variables:
//	  s47: has(facts.s47_initiated) && facts.s47_initiated
//	  age_at_s47: age_on(child.date_of_birth, first(events.s47_started))
//
// A variable's name is snake_case. It may give a value of any type. Rules
// and later variables read it as variables.s47; a variable cannot read one
// defined after it. It is worked out at most once per case, and only when
// something reads it.
//
// # Absent values
//
// Case records are incomplete, so a missing value is not an error: it is
// absent. These are absent:
//
//   - a fact, child value or event value the case does not give
//     (facts.urgency with no urgency);
//   - first, last or nth of an empty or too short list (first(events.icpc)
//     with no ICPC);
//   - anything worked out from an absent value: a function, arithmetic, a
//     comparison, !, the condition of ?:, a list or mapping written out
//     ([first(events.a), first(events.b)] is absent when either is), and
//     filter or map when the condition is absent for some item.
//
// && and || decide without an absent value where they can: false && absent
// is false and true || absent is true, but true && absent and false ||
// absent are absent. exists and all decide the same way: exists is true
// when the condition is true for some item, all is false when it is false
// for some item, and otherwise an absent condition makes them absent. has(facts.name), 'name' in facts, has(e.outcome) and
// count(events.kind) are never absent, so guard a value that may be
// missing: has(facts.s47_initiated) && facts.s47_initiated, or inside a
// loop events.cp_visit.filter(e, has(e.seen_alone) && e.seen_alone).
//
// Where an expression ends absent:
//
//	when:         not_applicable ("Does not apply")
//	from:         not_applicable ("Not started")
//	done:         a deadline is not done (overdue, due_soon or pending);
//	              a recurring rule has nothing done
//	until:        no end
//	unless:       false: no exception
//	extended_to:  no extension: the counted due date stands
//	check:        not_applicable ("Cannot be decided yet")
//
// A value of the wrong type is not absent. Comparing different types with
// == gives false (facts.s47_initiated == true is false for the text
// "yes"), but using one where another is needed (the text "yes" with &&)
// is an evaluation error.
//
// # The as-of date
//
// Evaluate takes an as-of date (its date in London) and says where things
// stood at the end of that day; it never reads the clock.
//
//   - An instant from done: or until: counts only when its date is on or
//     before the as-of date. An event dated later (a conference already
//     booked) can start a period through from:, but never meets one; nor
//     does it start a rule whose after: names the rule it would have met.
//   - The other expressions read every event in the case, whatever its
//     date. Filter with as_of where that matters.
//   - A deadline not done whose due date is before the as-of date is
//     overdue; its lateness is counted to the as-of date (for a recurring
//     rule whose until: came earlier, to that date).
//   - One due on the as-of date or later is due_soon when its due date is
//     on or before the date warn_before after the as-of date (counted with
//     day0, without roll), and pending when it is later. Without
//     warn_before, only a deadline due on the as-of date itself is
//     due_soon.
//   - Overdue is decided by date, so a deadline in hours that passed
//     earlier on the as-of date is due_soon ("due today") until the next
//     day.
//
// # Statuses
//
//	met             done on or before the due date; or a check that holds
//	late            done after the due date (a breach)
//	overdue         not done, and the due date is before the as-of date (a breach)
//	due_soon        not done, due within warn_before of the as-of date (or on it)
//	pending         not done, and not yet due_soon
//	not_applicable  when: is not true, the rule has not started, a check cannot be decided,
//	                or its instance ended before it was due
//	excepted        a deadline not met, covered by its unless: exception
//	violated        a check that does not hold (a breach)
//
// Late and overdue results say by how much, in working days (those after
// the due date, up to and including the date it was done, or the as-of
// date) and in calendar days. A result late only by days that are not
// working days has 0 working days late. The report's Breaches counts the
// late, overdue and violated results of rules that are not practice
// standards, and [Report.BreachList] lists them.
//
// # Errors
//
// Compile reports every problem in a file at once, as an [ErrorList] of
// [Error], sorted by file, line and column. Each reads like a compiler's:
// "file:line:column: rule ID: key: message", then the line of the file and
// a caret under the column:
//
//	policies/bexley.yaml:13:13: rule icpc-within-15-working-days: within: cannot read "fifteen working dayz" as a period; write a whole number and a unit: "15 working days", "1 working day", "28 days" (or "28 calendar days"), "6 weeks", "3 months", "48 hours"
//	 |     within: fifteen working dayz
//	 | ............^
//
// The rule and key are left out when the problem is not in one, and the
// line and column when they are not known. A problem inside an expression
// points at its place in the expression, also in a | block. The checks
// stop early only for a file that cannot be read as YAML at all or is not
// a mapping, and for an extends: that cannot be followed (no loader, a
// policy the loader cannot find, a policy that extends itself).
//
// The problems found:
//
//   - YAML: a file that cannot be read, is empty, holds a second document
//     or is not a mapping; a key given twice; a list or mapping where one
//     value goes, or the other way round.
//   - Unknown keys, at the top, in calendar: and in a rule.
//   - Missing keys: policy, title, calendar.region; a rule's id, title and
//     source; from: or after:; within: or before:, every:, done:, check:.
//     A key that an unknown key was nearest to is not also reported
//     missing: "befor" gives one error, "unknown key "befor"; did you mean
//     "before"?", and no "within: missing"; and a misspelt every: or check:
//     still makes the rule recurring or a check.
//   - Names: a policy or rule id not in kebab-case; a rule id used twice;
//     an event kind or variable name not in snake_case; an event kind
//     without a description.
//   - Values: an unknown region; a closure that is not a YYYY-MM-DD date;
//     counting: not day0 or inclusive; roll: not forward, backward or none;
//     a period that cannot be read; kind: not deadline, recurring or check;
//     a key that does not belong to the rule's kind; both within: and
//     before:, or both from: and after:; reason: without unless:.
//   - after: naming no rule of the policy (the nearest is suggested), a
//     check, or a circle of rules.
//   - extends: no loader, a policy the loader cannot find, a policy file
//     that cannot be read, a policy that extends itself (policy files in a
//     circle are named in order); disable: naming a rule the parent does
//     not have, or disable: without extends:.
//   - Expressions: an empty one; CEL syntax errors (and, or and not are
//     written &&, || and !); names CEL does not know, with the nearest name
//     (True, False and None are written true, false and null); a variable
//     the policy does not have, or one defined after the expression that
//     reads it; functions and operators given the wrong types; an
//     expression of the wrong type for its key; an event kind not declared
//     in events:, an instance kind not declared in instances:, and, in a
//     policy that lists its facts, a fact not listed there, each with the
//     nearest declared name; an expression that could cost too much.
//
// CEL's own messages are said in the policy's words: "found no matching
// overload for 'add_working_days' applied to '(timestamp, string)'" reads
//
//	add_working_days cannot take (an instant, text): it takes (an instant, a whole number), as in add_working_days(first(events.icpc), 10)
//
// and "events.icpc.first()" gives "first is a function, not written after
// a dot: write first(events.icpc)". Types are named as this comment names
// them: true or false, a whole number, text, an instant, an event, a list
// of events.
//
// Cost: Compile estimates the most work each expression could do for a
// case with [MaxListSize] (10,000) events of every kind and values up to
// that size, together with every variable it reads (each counted once, with
// its value as large as the variable's own estimate allows), and rejects
// one over [CostLimit] (1,000,000 units). A loop over one kind's events, or
// over a fact's list, is fine; a loop inside a loop is not, and nor is a
// value that doubles from variable to variable. An expression nested more
// than [MaxNesting] (32) deep is refused before it is type-checked.
// Evaluate refuses a case with more than MaxListSize events of one kind,
// or a value longer than that, so no evaluation can run away. A policy
// file is at most [MaxPolicySize] (16 MiB, [WithMaxSize] changes it), and
// extends: goes at most [MaxExtends] (16) policies deep. The README's
// Limits section lists every limit of the library in one place.
//
// Evaluate returns an error, and no report, when there is no case, when
// the as-of date is outside the calendar (1990 to 2100), when the case is
// too large, or when an expression fails for this case. That last is an
// [*EvalError] naming the case, rule and key: "case C-1042: rule
// icpc-within-15-working-days: when: variables.s47: no such overload" for a
// fact s47_initiated: "yes". Other causes are an index beyond a list, a
// deadline or function date outside the calendar, and a value of the wrong
// type for the key.
//
// # The report
//
// [Report.WriteJSON] writes a report as JSON; encoding/json, through
// MarshalJSON, gives the same but escapes <, > and & in text (as \u003c
// and so on). Dates are
// YYYY-MM-DD; instants are RFC 3339 in London time, or the date alone
// when they are midnight in London; from, due and done are left out when
// there are none, and warnings when there are none. For the policy above
// and this case, as of 17 April 2024:
//
//	case: C-1042
//	child: {date_of_birth: 2017-05-03}
//	facts: {s47_initiated: true}
//	events:
//	  - {kind: consultation, at: 2024-03-20}
//	  - {kind: strategy_discussion, at: 2024-03-21T10:00}
//	  - {kind: icpc, at: 2024-04-16}
//	  - {kind: core_group, at: 2024-04-17}
//
// the report is:
//
//	{
//	  "case": "C-1042",
//	  "policy": "example-borough",
//	  "as_of": "2024-04-17",
//	  "results": [
//	    {
//	      "rule": "icpc-within-15-working-days",
//	      "title": "ICPC within 15 working days of the strategy discussion",
//	      "occurrence": 1,
//	      "status": "late",
//	      "from": "2024-03-21T10:00:00Z",
//	      "due": "2024-04-15",
//	      "done": "2024-04-16",
//	      "working_days_late": 1,
//	      "days_late": 1,
//	      "explanation": "15 working days from Thu 21 Mar 2024 (strategy discussion), skipping Good Friday 29 Mar and Easter Monday 1 Apr, is Mon 15 Apr 2024. Late: ICPC on Tue 16 Apr 2024, 1 working day after the due date."
//	    },
//	    {
//	      "rule": "cp-visits-every-10-working-days",
//	      "title": "CP visits at least every 10 working days",
//	      "occurrence": 1,
//	      "status": "pending",
//	      "from": "2024-04-16",
//	      "due": "2024-04-30",
//	      "working_days_late": 0,
//	      "days_late": 0,
//	      "explanation": "10 working days from Tue 16 Apr 2024 (ICPC) is Tue 30 Apr 2024. Pending: no CP visit yet; 9 working days left."
//	    },
//	    {
//	      "rule": "consultation-before-strategy-discussion",
//	      "title": "Consultation with a CP chair before the strategy discussion",
//	      "occurrence": 1,
//	      "status": "met",
//	      "working_days_late": 0,
//	      "days_late": 0,
//	      "explanation": "Holds: first(events.consultation) < first(events.strategy_discussion)."
//	    }
//	  ],
//	  "breaches": 1,
//	  "warnings": [
//	    "event kind \"core_group\" (line 8) is not one this policy reads; it was not counted"
//	  ]
//	}
//
// Results come in the policy's rule order, then by instance, then by
// occurrence. Each has the rule's id and title; for a rule counted for each
// instance, instance: {"kind", "number", "start"}; occurrence (1 for a
// deadline or a check); the status; practice_standard: true for a practice
// standard's result; from, the instant the period was counted from; due, the due date
// (or instant, for a period in hours); done, when it was done;
// working_days_late and days_late; and the explanation. breaches counts
// the late, overdue and violated results; warnings lists what in the case
// the policy could not use.
package rules
