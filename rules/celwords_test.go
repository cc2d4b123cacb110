package rules

import "testing"

// TestCELTypeWords: CEL's names for types, as the checker writes them, in
// the policy's words.
func TestCELTypeWords(t *testing.T) {
	for in, want := range map[string]string{
		"bool":                                "true or false",
		"int":                                 "a whole number",
		"double":                              "a number with a decimal point",
		"string":                              "text",
		"timestamp":                           "an instant",
		"duration":                            "a duration",
		"map(string, dyn)":                    "an event",
		"list(map(string, dyn))":              "a list of events",
		"list(list(map(string, dyn)))":        "a list of lists of events",
		"list(timestamp)":                     "a list of instants",
		"list(T)":                             "a list",
		"map(string, list(map(string, dyn)))": "the events of every kind",
		"map(string, int)":                    "a mapping",
		"dyn":                                 "a value",
	} {
		if got := parseCELType(in).words(); got != want {
			t.Errorf("%s: got %q, want %q", in, got, want)
		}
	}
	target, args, member := splitArgs("list(map(string, dyn)).(int, string)")
	if !member || target.words() != "a list of events" || argWords(args) != "(a whole number, text)" {
		t.Errorf("splitArgs: %v %v %v", target, args, member)
	}
	if _, args, member := splitArgs("(timestamp, map(string, dyn))"); member || argWords(args) != "(an instant, an event)" {
		t.Errorf("splitArgs: %v %v", args, member)
	}
}

// TestOperandBefore: the text a function was written after, for "write
// first(...)".
func TestOperandBefore(t *testing.T) {
	for text, want := range map[string]string{
		"events.icpc.first()":                       "events.icpc",
		"events.icpc.filter(c, c.plan).first()":     "events.icpc.filter(c, c.plan)",
		"has(facts.x) && events.icpc[0].at.first()": "events.icpc[0].at",
		"(events.icpc + events.rcpc).first()":       "(events.icpc + events.rcpc)",
		"x).first()":                                "",
		"variables.initial_icpcs.last()":            "variables.initial_icpcs",
	} {
		i := len(text) - len("()")
		fn := "first"
		if text == "variables.initial_icpcs.last()" {
			fn = "last"
		}
		if got := operandBefore(text, i, fn); got != want {
			t.Errorf("%s: got %q, want %q", text, got, want)
		}
	}
}
