package rules

// This file: the expression language of a policy, packaged as a CEL
// library: the names an expression reads and the functions the policy adds
// to CEL's own, each with its documentation.

import (
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/ext"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

// The CEL types of the values a policy's expressions read.
var (
	eventType     = cel.MapType(cel.StringType, cel.DynType)
	eventListType = cel.ListType(eventType)
	recordType    = cel.MapType(cel.StringType, cel.DynType)
)

// policyLib is the CEL library of a policy, counting on its calendar.
type policyLib struct{ cal *calendar.Calendar }

var _ cel.SingletonLibrary = policyLib{}

// LibraryName implements cel.SingletonLibrary.
func (policyLib) LibraryName() string { return "timescales.policy" }

// newEnv builds the CEL environment of a policy.
func newEnv(cal *calendar.Calendar) (*cel.Env, error) { return cel.NewEnv(cel.Lib(policyLib{cal})) }

// instanceEnv extends a policy's environment for the expressions of a rule
// counted for each instance: instance and within.
func instanceEnv(env *cel.Env) (*cel.Env, error) {
	return env.Extend(
		cel.VariableWithDoc("instance", recordType, "the instance the rule is counted for: instance.start, instance.end, instance.number, instance.previous, and the values of the events that started it"),
		// The instance's own values, typed, so that comparing them costs
		// what comparing instants costs.
		cel.VariableWithDoc("instance.start", cel.TimestampType, "when the instance started"),
		cel.VariableWithDoc("instance.end", cel.TimestampType, "when the instance ended; absent while it has not"),
		cel.VariableWithDoc("instance.previous", cel.TimestampType, "when the instance before it started; absent for the first"),
		cel.VariableWithDoc("instance.number", cel.IntType, "the instance's number, from 1, in order of start"),
		cel.VariableWithDoc("within", cel.MapType(cel.StringType, eventListType), "the case's events of each declared kind dated within the instance: within.core_group"),
	)
}

// CompileOptions implements cel.Library: the names and functions.
func (l policyLib) CompileOptions() []cel.EnvOption {
	// One overload each, over list(T): a list of events and a list of
	// timestamps both fit, and CEL need not check element types at run time
	// (as it does, element by element, for list(dyn)).
	anyList := cel.ListType(cel.TypeParamType("T"))
	ts, integer := cel.TimestampType, cel.IntType
	return []cel.EnvOption{
		// cel.bind(name, value, expression): a value worked out once and
		// named inside one expression.
		ext.Bindings(),
		cel.VariableWithDoc("case", cel.StringType, "the case's id"),
		cel.VariableWithDoc("child", recordType, "the child: child.date_of_birth, and any other value the case gives for the child"),
		cel.VariableWithDoc("facts", recordType, "the case's named values: facts.s47_initiated"),
		cel.VariableWithDoc("events", cel.MapType(cel.StringType, eventListType), "the case's events of each declared kind, in time order: events.icpc"),
		cel.VariableWithDoc("as_of", cel.TimestampType, "midnight in London at the start of the as-of date"),
		cel.VariableWithDoc("instances", cel.MapType(cel.StringType, cel.ListType(recordType)), "the case's instances of each kind the policy declares, in order: instances.plan"),
		cel.Function("during", cel.FunctionDocs("whether t's date falls inside one of the instances: after the date it started and, when it has ended, before the date it ended"),
			cel.Overload("during_list_timestamp", []*cel.Type{anyList, ts}, cel.BoolType, cel.BinaryBinding(during),
				cel.OverloadExamples("during(instances.plan, instance.start)"))),
		cel.Function("first", cel.FunctionDocs("the first instant of a list of events or instants; absent when the list is empty"),
			cel.Overload("first_list", []*cel.Type{anyList}, ts, cel.UnaryBinding(first),
				cel.OverloadExamples("first(events.icpc)"))),
		cel.Function("last", cel.FunctionDocs("the last instant of a list of events or instants; absent when the list is empty"),
			cel.Overload("last_list", []*cel.Type{anyList}, ts, cel.UnaryBinding(last),
				cel.OverloadExamples("last(events.strategy_discussion)"))),
		cel.Function("nth", cel.FunctionDocs("the nth instant of a list, counting from 1; absent when there is no nth"),
			cel.Overload("nth_list_int", []*cel.Type{anyList, integer}, ts, cel.BinaryBinding(nth),
				cel.OverloadExamples("nth(events.rcpc, 2)"))),
		cel.Function("count", cel.FunctionDocs("the number of items of a list"),
			cel.Overload("count_list", []*cel.Type{anyList}, integer, cel.UnaryBinding(count),
				cel.OverloadExamples("count(events.cp_visit)"))),
		cel.Function("add_working_days", cel.FunctionDocs("midnight on the date n working days after t's date (t's date is day 0; a negative n counts back)"),
			cel.Overload("add_working_days_timestamp_int", []*cel.Type{ts, integer}, ts, cel.BinaryBinding(l.addWorkingDays),
				cel.OverloadExamples("add_working_days(first(events.icpc), 10)"))),
		cel.Function("working_days_between", cel.FunctionDocs("the working days after a's date up to and including b's date; negative when b is earlier"),
			cel.Overload("working_days_between_timestamps", []*cel.Type{ts, ts}, integer, cel.BinaryBinding(l.workingDaysBetween),
				cel.OverloadExamples("working_days_between(first(events.referral), first(events.assessment_completed))"))),
		cel.Function("add_days", cel.FunctionDocs("midnight on the date n calendar days after t's date"),
			cel.Overload("add_days_timestamp_int", []*cel.Type{ts, integer}, ts, cel.BinaryBinding(addDays),
				cel.OverloadExamples("add_days(first(events.icpc), 28)"))),
		cel.Function("add_months", cel.FunctionDocs("midnight on the corresponding date n months later (the last day of a shorter month)"),
			cel.Overload("add_months_timestamp_int", []*cel.Type{ts, integer}, ts, cel.BinaryBinding(addMonths),
				cel.OverloadExamples("add_months(first(events.icpc), 3)"))),
		cel.Function("age_on", cel.FunctionDocs("age in whole years on t's date of a child born on born's date (a child born on 29 February is a year older on 1 March)"),
			cel.Overload("age_on_timestamps", []*cel.Type{ts, ts}, integer, cel.BinaryBinding(ageOnValues),
				cel.OverloadExamples("age_on(child.date_of_birth, first(events.s47_started))"))),
		cel.Function("is_working_day", cel.FunctionDocs("whether t's date is a working day"),
			cel.Overload("is_working_day_timestamp", []*cel.Type{ts}, cel.BoolType, cel.UnaryBinding(l.isWorkingDay),
				cel.OverloadExamples("is_working_day(first(events.strategy_discussion))"))),
		cel.Function("date", cel.FunctionDocs("midnight in London at the start of t's date"),
			cel.Overload("date_timestamp", []*cel.Type{ts}, ts, cel.UnaryBinding(date),
				cel.OverloadExamples("date(first(events.icpc)) <= as_of"))),
	}
}

// ProgramOptions implements cel.Library.
func (policyLib) ProgramOptions() []cel.ProgramOption { return nil }

// timeArg unboxes a CEL timestamp.
func timeArg(v ref.Val) (time.Time, bool) {
	ts, ok := v.(types.Timestamp)
	return ts.Time, ok
}

// instantAt returns item i of a list of events or timestamps as an instant,
// or absent when there is no item i.
func instantAt(l ref.Val, i int64) ref.Val {
	list, ok := l.(traits.Lister)
	if !ok {
		return types.NewErr("want a list, found %s", l.Type().TypeName())
	}
	if i < 0 || i >= int64(list.Size().(types.Int)) {
		return absent
	}
	return instantOf(list.Get(types.Int(i)))
}

func first(l ref.Val) ref.Val { return instantAt(l, 0) }

func last(l ref.Val) ref.Val {
	s, ok := l.(traits.Sizer)
	if !ok {
		return types.NewErr("want a list, found %s", l.Type().TypeName())
	}
	return instantAt(l, int64(s.Size().(types.Int))-1)
}

func nth(l, n ref.Val) ref.Val {
	k, ok := n.(types.Int)
	if !ok {
		return types.NewErr("nth wants a whole number")
	}
	return instantAt(l, int64(k)-1)
}

func count(l ref.Val) ref.Val {
	if s, ok := l.(traits.Sizer); ok {
		return s.Size()
	}
	return types.NewErr("count wants a list")
}

// inRange is nil when every t is inside the calendar, else the error that
// names the first outside it.
func (l policyLib) inRange(ts ...time.Time) ref.Val {
	for _, t := range ts {
		if !l.cal.Covers(t) {
			first, last := l.cal.Range()
			return types.WrapErr(&timescale.RangeError{Date: t, First: first, Last: last})
		}
	}
	return nil
}

func (l policyLib) addWorkingDays(t, n ref.Val) ref.Val {
	tt, ok := timeArg(t)
	k, ok2 := n.(types.Int)
	if !ok || !ok2 {
		return types.NewErr("add_working_days wants a timestamp and a whole number")
	}
	if err := l.inRange(tt); err != nil {
		return err
	}
	out := l.cal.AddWorkingDays(tt, int(k))
	if out.IsZero() {
		return types.NewErr("%d working days from %s is outside the working-day calendar", int(k), tt.In(calendar.London).Format("2 Jan 2006"))
	}
	return types.Timestamp{Time: out}
}

func (l policyLib) workingDaysBetween(a, b ref.Val) ref.Val {
	at, ok := timeArg(a)
	bt, ok2 := timeArg(b)
	if !ok || !ok2 {
		return types.NewErr("working_days_between wants two timestamps")
	}
	if err := l.inRange(at, bt); err != nil {
		return err
	}
	return types.Int(l.cal.WorkingDaysBetween(at, bt))
}

func (l policyLib) isWorkingDay(t ref.Val) ref.Val {
	tt, ok := timeArg(t)
	if !ok {
		return types.NewErr("is_working_day wants a timestamp")
	}
	return types.Bool(l.cal.IsWorkingDay(tt))
}

func addMonths(t, n ref.Val) ref.Val {
	tt, ok := timeArg(t)
	k, ok2 := n.(types.Int)
	if !ok || !ok2 || k > timescale.MaxPeriod || k < -timescale.MaxPeriod {
		return types.NewErr("add_months wants a timestamp and a whole number of months up to %d", timescale.MaxPeriod)
	}
	return types.Timestamp{Time: timescale.AddMonths(tt, int(k))}
}

func addDays(t, n ref.Val) ref.Val {
	tt, ok := timeArg(t)
	k, ok2 := n.(types.Int)
	if !ok || !ok2 || k > 100*timescale.MaxPeriod || k < -100*timescale.MaxPeriod {
		return types.NewErr("add_days wants a timestamp and a whole number of days")
	}
	y, m, d, _ := calendar.DateOf(tt)
	return types.Timestamp{Time: time.Date(y, m, d+int(k), 0, 0, 0, 0, calendar.London)}
}

func ageOnValues(dob, t ref.Val) ref.Val {
	bt, ok := timeArg(dob)
	tt, ok2 := timeArg(t)
	if !ok || !ok2 {
		return types.NewErr("age_on wants two timestamps")
	}
	return types.Int(ageOn(bt, tt))
}

func date(t ref.Val) ref.Val {
	tt, ok := timeArg(t)
	if !ok {
		return types.NewErr("date wants a timestamp")
	}
	return types.Timestamp{Time: calendar.Date(tt)}
}

// ageOn returns the age in whole years on t's date in London of a child
// born on dob's date; a child born on 29 February turns a year older on 1
// March in other years.
func ageOn(dob, t time.Time) int {
	by, bm, bd, _ := calendar.DateOf(dob)
	ty, tm, td, _ := calendar.DateOf(t)
	age := ty - by
	if tm < bm || tm == bm && td < bd {
		age--
	}
	return age
}
