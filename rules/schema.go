package rules

// This file: the rule schema, declared once. The parser takes its known
// keys from it, the compiler its check that a key belongs to the rule's
// kind and the type each expression must have, and a test checks the table
// in doc.go against it.

// valueKind is how a key's value is read.
type valueKind int

const (
	textValue         valueKind = iota // words, kept as written
	periodValue                        // a period: "15 working days"
	celValue                           // a CEL expression
	choiceValue                        // one of a few words (kind, roll, counting)
	ruleValue                          // the id of another rule
	instanceKindValue                  // the name of an instance kind
)

// keySpec is one key of a rule.
type keySpec struct {
	name string
	// kinds the key belongs to; empty for a key every rule has.
	kinds []Kind
	value valueKind
	// want is, for an expression, the types it may give for each kind.
	want map[Kind][]want
	// group names keys of which a rule gives at most one ("start": from or
	// after; "period": within or before).
	group string
	// general is set for a key about the rule as a whole, which every kind
	// takes (for_each, practice_standard); messages and the table of each
	// kind's keys leave it out.
	general bool
}

// The rule kinds, in the order they are documented.
var ruleKinds = []Kind{Deadline, Recurring, Check}

// ruleSchema is every key a rule may have, in the order the documentation
// and messages list them.
var ruleSchema = []keySpec{
	{name: "id", value: textValue},
	{name: "title", value: textValue},
	{name: "source", value: textValue},
	{name: "kind", value: choiceValue},
	{name: "for_each", kinds: []Kind{Deadline, Recurring, Check}, value: instanceKindValue, general: true},
	{name: "practice_standard", kinds: []Kind{Deadline, Recurring, Check}, value: choiceValue, general: true},
	{name: "when", kinds: []Kind{Deadline, Recurring, Check}, value: celValue,
		want: map[Kind][]want{Deadline: {wantBool}, Recurring: {wantBool}, Check: {wantBool}}},
	{name: "from", kinds: []Kind{Deadline, Recurring}, value: celValue, group: "start",
		want: map[Kind][]want{Deadline: {wantTimestamp}, Recurring: {wantTimestamp}}},
	{name: "after", kinds: []Kind{Deadline, Recurring}, value: ruleValue, group: "start"},
	{name: "within", kinds: []Kind{Deadline}, value: periodValue, group: "period"},
	{name: "before", kinds: []Kind{Deadline}, value: periodValue, group: "period"},
	{name: "every", kinds: []Kind{Recurring}, value: periodValue},
	{name: "done", kinds: []Kind{Deadline, Recurring}, value: celValue,
		want: map[Kind][]want{Deadline: {wantTimestamp, wantList}, Recurring: {wantList}}},
	{name: "not_done", kinds: []Kind{Deadline, Recurring}, value: textValue},
	{name: "unless", kinds: []Kind{Deadline}, value: celValue,
		want: map[Kind][]want{Deadline: {wantBool}}},
	{name: "reason", kinds: []Kind{Deadline}, value: textValue},
	{name: "extended_to", kinds: []Kind{Deadline}, value: celValue,
		want: map[Kind][]want{Deadline: {wantTimestamp}}},
	{name: "until", kinds: []Kind{Recurring}, value: celValue,
		want: map[Kind][]want{Recurring: {wantTimestamp, wantList}}},
	{name: "roll", kinds: []Kind{Deadline, Recurring}, value: choiceValue},
	{name: "counting", kinds: []Kind{Deadline, Recurring}, value: choiceValue},
	{name: "check", kinds: []Kind{Check}, value: celValue,
		want: map[Kind][]want{Check: {wantBool}}},
	{name: "holds", kinds: []Kind{Check}, value: textValue},
}

// ruleKeyNames is every rule key, in schema order.
var ruleKeyNames = func() []string {
	out := make([]string, len(ruleSchema))
	for i, k := range ruleSchema {
		out[i] = k.name
	}
	return out
}()

// keysOf returns the keys a rule of kind k takes beside id, title, source
// and kind, in schema order.
func keysOf(k Kind) []keySpec {
	var out []keySpec
	for _, s := range ruleSchema {
		for _, sk := range s.kinds {
			if sk == k {
				out = append(out, s)
			}
		}
	}
	return out
}

// belongs reports whether key is one a rule of kind k may have.
func belongs(key string, k Kind) bool {
	for _, s := range ruleSchema {
		if s.name != key {
			continue
		}
		if len(s.kinds) == 0 {
			return true
		}
		for _, sk := range s.kinds {
			if sk == k {
				return true
			}
		}
	}
	return false
}

// spec returns the schema entry of a key.
func spec(key string) keySpec {
	for _, s := range ruleSchema {
		if s.name == key {
			return s
		}
	}
	panic("rules: no key " + key + " in the rule schema")
}

// kindTable writes the table of each kind's keys that doc.go shows:
//
//	deadline:  from | after, within | before, done, ...
func kindTable() string {
	out := ""
	for _, k := range ruleKinds {
		line := "\t" + string(k) + ":"
		line += "          "[:len("recurring:")-len(string(k))]
		var parts []string
		for _, s := range keysOf(k) {
			if s.name == "when" || s.general {
				continue // keys of every kind, documented above the table
			}
			if n := len(parts); n > 0 && s.group != "" && groupOf(parts[n-1]) == s.group {
				parts[n-1] += " | " + s.name
				continue
			}
			parts = append(parts, s.name)
		}
		for i, p := range parts {
			if i > 0 {
				line += ", "
			}
			line += p
		}
		out += "//" + line + "\n"
	}
	return out
}

// groupOf returns the group of the last key written in a part of the kind
// table ("from | after" is in the group start).
func groupOf(part string) string {
	name := part
	for i := len(part) - 1; i >= 0; i-- {
		if part[i] == ' ' {
			name = part[i+1:]
			break
		}
	}
	return spec(name).group
}
