package rules

// This file: CEL's compile errors said in the policy's words. The checker
// says "found no matching overload for 'add_working_days' applied to
// '(timestamp, string)'"; a practice lead reads "add_working_days cannot
// take (an instant, text): it takes (an instant, a whole number), as in
// add_working_days(first(events.icpc), 10)". Each message keeps what CEL
// found and says what would be right, with names and types as doc.go
// writes them.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"

	"github.com/safeguarding/timescales/internal/suggest"
)

// celType is a CEL type as the checker writes it: a name, and for list and
// map their parameters ("list(map(string, dyn))").
type celType struct {
	name   string
	params []celType
}

// parseCELType reads a type as the checker writes it; what it cannot read
// comes back as a type of that name.
func parseCELType(s string) celType {
	t, rest := parseTypeAt(strings.TrimSpace(s))
	if strings.TrimSpace(rest) != "" {
		return celType{name: s}
	}
	return t
}

func parseTypeAt(s string) (celType, string) {
	i := strings.IndexAny(s, "(,)")
	if i < 0 {
		return celType{name: strings.TrimSpace(s)}, ""
	}
	t := celType{name: strings.TrimSpace(s[:i])}
	if s[i] != '(' {
		return t, s[i:]
	}
	s = s[i+1:]
	for {
		var p celType
		p, s = parseTypeAt(s)
		t.params = append(t.params, p)
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return t, ""
		}
		if s[0] == ')' {
			return t, s[1:]
		}
		s = s[1:] // ','
	}
}

// splitArgs reads the argument types of an overload error, "(timestamp,
// string)" or, for a call after a dot, "list(int).(string)": the target's
// type (member is then set) and the arguments'.
func splitArgs(s string) (target celType, args []celType, member bool) {
	if i := strings.Index(s, ".("); i >= 0 && !strings.HasPrefix(s, "(") {
		target, member = parseCELType(s[:i]), true
		s = s[i+1:]
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "("), ")")
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				args = append(args, parseCELType(s[start:i]))
				start = i + 1
			}
		}
	}
	if strings.TrimSpace(s[start:]) != "" {
		args = append(args, parseCELType(s[start:]))
	}
	return target, args, member
}

// words says what a value of the type is, with an article: "an instant",
// "a list of events", "text", "true or false".
func (t celType) words() string {
	switch t.name {
	case "bool":
		return "true or false"
	case "int", "uint":
		return "a whole number"
	case "double":
		return "a number with a decimal point"
	case "string":
		return "text"
	case "timestamp", "google.protobuf.Timestamp":
		return "an instant"
	case "duration", "google.protobuf.Duration":
		return "a duration"
	case "null_type":
		return "null"
	case "dyn", "":
		return "a value"
	case "bytes":
		return "bytes"
	case "type":
		return "a type"
	case "list":
		if len(t.params) == 1 && !t.params[0].isParam() {
			return "a list of " + t.params[0].plural()
		}
		return "a list"
	case "map":
		if t.isEvent() {
			return "an event"
		}
		if len(t.params) == 2 && t.params[1].name == "list" && len(t.params[1].params) == 1 && t.params[1].params[0].isEvent() {
			return "the events of every kind"
		}
		return "a mapping"
	}
	if t.isParam() {
		return "a value" // a type parameter: any value
	}
	return withArticle(t.name)
}

// isParam reports whether t is a type parameter (T), which stands for any
// type.
func (t celType) isParam() bool {
	return len(t.params) == 0 && (len(t.name) <= 2 || strings.HasPrefix(t.name, "_var"))
}

// plural says what many values of the type are: "events", "instants",
// "whole numbers".
func (t celType) plural() string {
	switch t.name {
	case "bool":
		return "true or false values"
	case "int", "uint":
		return "whole numbers"
	case "double":
		return "numbers"
	case "string":
		return "text"
	case "timestamp", "google.protobuf.Timestamp":
		return "instants"
	case "duration", "google.protobuf.Duration":
		return "durations"
	case "list":
		if len(t.params) == 1 {
			return "lists of " + t.params[0].plural()
		}
		return "lists"
	case "map":
		if t.isEvent() {
			return "events"
		}
		return "mappings"
	}
	if t.isParam() || t.name == "dyn" {
		return "values"
	}
	return t.name + "s"
}

// isEvent reports whether t is the type of an event, map(string, dyn) (a
// case's facts and child have the same type, but an expression seldom
// gets them wrong).
func (t celType) isEvent() bool {
	return t.name == "map" && len(t.params) == 2 && t.params[0].name == "string" && t.params[1].name == "dyn"
}

func (t celType) isEventList() bool {
	return t.name == "list" && len(t.params) == 1 && t.params[0].isEvent()
}

// typeWords says what a value of a CEL type is ("a list of events").
func typeWords(t *cel.Type) string { return parseCELType(cel.FormatCELType(t)).words() }

// argWords writes argument types as "(an instant, text)", or one alone as
// "an instant".
func argWords(args []celType) string {
	if len(args) == 1 {
		return args[0].words()
	}
	w := make([]string, len(args))
	for i, a := range args {
		w[i] = a.words()
	}
	return "(" + strings.Join(w, ", ") + ")"
}

var (
	undeclaredRE = regexp.MustCompile(`^undeclared reference to '([^']+)'(?: \(in container '[^']*'\))?(?: \(did you mean '([^']+)'\?\))?$`)
	overloadRE   = regexp.MustCompile(`^found no matching overload for '([^']+)' applied to '(.*)'$`)
	selectRE     = regexp.MustCompile(`^type '(.*)' does not support field selection$`)
)

// operators names CEL's operators as they are written.
var operators = map[string]string{
	"_<_": "<", "_<=_": "<=", "_>_": ">", "_>=_": ">=", "_==_": "==", "_!=_": "!=",
	"_+_": "+", "_-_": "-", "_*_": "*", "_/_": "/", "_%_": "%",
	"_&&_": "&&", "_||_": "||", "!_": "!", "-_": "-", "_?_:_": "?:", "_[_]": "[]", "@in": "in",
}

// celNames are the names every expression may read.
var celNames = []string{"case", "child", "facts", "events", "as_of", "instances", "variables", "instance", "within"}

// pythonisms are names from other languages that CEL writes otherwise.
var pythonisms = map[string]string{
	"True": "true", "TRUE": "true", "False": "false", "FALSE": "false",
	"None": "null", "NULL": "null", "Null": "null", "nil": "null", "undefined": "null",
}

// rephraseCheck says one of the checker's errors in the policy's words;
// text is the expression, and offset where in it the error is. It returns
// the message unchanged when it does not know the form, and "" for an
// error that only follows from another (a type CEL could not work out).
func rephraseCheck(env *cel.Env, msg, text string, offset int) string {
	if m := undeclaredRE.FindStringSubmatch(msg); m != nil {
		// A variables.name read is checked before the checker runs
		// (scope.reads): a bare variables is what can still reach it.
		return unknownName(m[1], m[2])
	}
	if m := overloadRE.FindStringSubmatch(msg); m != nil {
		if strings.Contains(m[2], "!error!") {
			return ""
		}
		return noOverload(env, m[1], m[2], operandBefore(text, offset, m[1]))
	}
	if m := selectRE.FindStringSubmatch(msg); m != nil {
		t := parseCELType(m[1])
		out := fmt.Sprintf("%s has no values to select with a dot", t.words())
		switch {
		case t.isEventList():
			out += "; take one event (events.icpc[0]), or go through them with exists, all, filter or map: events.icpc.exists(c, c.plan)"
		case t.name == "timestamp":
			out += "; compare instants with < and <=, or take the date with date(...)"
		}
		return out
	}
	return msg
}

// unknownName says that a name is not one an expression can read, with the
// name CEL or the policy suggests.
func unknownName(name, celSuggests string) string {
	if right, ok := pythonisms[name]; ok {
		out := fmt.Sprintf("unknown name %q; did you mean %s? (CEL writes true, false and null in lower case)", name, right)
		if right == "null" {
			out = fmt.Sprintf("unknown name %q; did you mean null? (a value the case does not record is absent, not null: ask whether it is there with has(facts.name) or has(e.name))", name)
		}
		return out
	}
	if name == "variables" {
		return "variables is read by name: variables.name, for a variable of the policy's variables:"
	}
	out := fmt.Sprintf("unknown name %q", name)
	switch s := suggest.Nearest(name, celNames); {
	case celSuggests != "":
		out += fmt.Sprintf("; did you mean %q?", celSuggests)
	case s != "":
		out += fmt.Sprintf("; did you mean %q?", s)
	default:
		out += "; an expression reads events, facts, child, case, as_of, instances and variables (and instance and within in a rule with for_each:)"
	}
	return out
}

// noOverload says why a function or operator cannot take the types it was
// given, and what it takes. operand is the text of what a function was
// written after, when it was written after a dot.
func noOverload(env *cel.Env, fn, argText, operand string) string {
	target, args, member := splitArgs(argText)
	if op, ok := operators[fn]; ok {
		return badOperator(op, args)
	}
	decl := env.Functions()[fn]
	var global, unary, methods []string // unary: the one argument of each global overload that has one
	example := ""
	if decl != nil {
		for _, o := range decl.OverloadDecls() {
			ts := make([]celType, len(o.ArgTypes()))
			for i, a := range o.ArgTypes() {
				ts[i] = parseCELType(cel.FormatCELType(a))
			}
			if o.IsMemberFunction() {
				methods = append(methods, ts[0].words())
				continue
			}
			if w := argWords(ts); !slices.Contains(global, w) {
				global = append(global, w)
				if len(ts) == 1 {
					unary = append(unary, ts[0].words())
				}
			}
			if ex := o.Examples(); len(ex) > 0 && example == "" {
				example = ex[0]
			}
		}
	}
	if member && len(methods) == 0 && len(global) > 0 {
		out := fmt.Sprintf("%s is a function, not written after a dot", fn)
		if operand != "" && len(args) == 0 {
			return out + ": write " + fn + "(" + operand + ")"
		}
		if example != "" {
			return out + ": write it as " + example + ", with " + target.words() + " inside the brackets"
		}
		return out + ": write " + fn + "(...), with " + target.words() + " inside the brackets"
	}
	if member {
		out := fmt.Sprintf("%s cannot be written after %s", fn, target.words())
		if len(methods) > 0 {
			out += "; it follows " + strings.Join(uniq(methods), " or ")
		}
		return out
	}
	out := fmt.Sprintf("%s cannot take %s", fn, argWords(args))
	switch {
	case len(global) == 1:
		out += ": it takes " + global[0]
		if example != "" {
			out += ", as in " + example
		}
	case len(global) > 1 && len(unary) == len(global):
		out += ": it takes " + strings.Join(unary[:len(unary)-1], ", ") + " or " + unary[len(unary)-1]
	case len(global) > 1 && len(global) <= 4:
		out += ": it takes " + strings.Join(global, " or ")
	}
	return out
}

func uniq(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// badOperator says why an operator cannot take its operands.
func badOperator(op string, args []celType) string {
	has := func(pred func(celType) bool) bool { return slices.ContainsFunc(args, pred) }
	isList := func(t celType) bool { return t.isEventList() }
	isTime := func(t celType) bool { return t.name == "timestamp" }
	isNumber := func(t celType) bool { return t.name == "int" || t.name == "uint" || t.name == "double" }
	notBool := func() celType {
		for _, a := range args {
			if a.name != "bool" && a.name != "dyn" {
				return a
			}
		}
		return celType{name: "dyn"}
	}
	switch op {
	case "<", "<=", ">", ">=", "==", "!=":
		if len(args) != 2 {
			break
		}
		out := fmt.Sprintf("%s cannot compare %s with %s", op, args[0].words(), args[1].words())
		switch {
		case has(isList):
			out += "; take one instant of the list with first(...), last(...) or nth(...), or go through its events with exists or all"
		case args[0].name == "int" && args[1].name == "double", args[0].name == "double" && args[1].name == "int":
			out += "; write a whole number without a decimal point (1, not 1.0)"
		}
		return out
	case "+", "-":
		if len(args) != 2 {
			break
		}
		if isTime(args[0]) && isNumber(args[1]) {
			if op == "-" {
				return "- cannot take a number from an instant: count back working days with add_working_days(t, -n), calendar days with add_days(t, -n) or months with add_months(t, -n)"
			}
			return "+ cannot add a number to an instant: count working days with add_working_days(t, n), calendar days with add_days(t, n) or months with add_months(t, n)"
		}
		return fmt.Sprintf("%s cannot take %s and %s", op, args[0].words(), args[1].words())
	case "&&", "||":
		return fmt.Sprintf("%s needs true or false on each side, not %s", op, notBool().words())
	case "!":
		if len(args) == 1 {
			return fmt.Sprintf("! needs true or false, not %s", args[0].words())
		}
	case "?:":
		if len(args) == 3 {
			if args[0].name != "bool" && args[0].name != "dyn" {
				return fmt.Sprintf("the condition before ? must be true or false, not %s", args[0].words())
			}
			return fmt.Sprintf("the two sides of : must give the same type, not %s and %s", args[1].words(), args[2].words())
		}
	case "[]":
		if len(args) == 2 {
			out := fmt.Sprintf("%s cannot be indexed with %s", args[0].words(), args[1].words())
			if args[0].name == "list" {
				out += "; a list is indexed with a whole number from 0: events.icpc[0]"
			}
			return out
		}
	case "in":
		if len(args) == 2 {
			return fmt.Sprintf("in cannot look for %s in %s", args[0].words(), args[1].words())
		}
	}
	return fmt.Sprintf("%s cannot take %s", op, argWords(args))
}

// rephraseSyntax adds to a syntax error what CEL writes for a word from
// another language: && for and, || for or, ! for not.
func rephraseSyntax(msg, text string, offset int) string {
	word := wordAt(text, offset)
	switch word {
	case "and":
		return msg + "; CEL writes && for and"
	case "or":
		return msg + "; CEL writes || for or"
	case "not":
		return msg + "; CEL writes ! for not"
	case "elif", "if", "then", "else":
		return msg + "; CEL writes a condition as c ? yes : no"
	}
	return msg
}

// operandBefore returns the text of the operand a function fn was written
// after ("events.icpc" in "events.icpc.first()"), when the call's bracket is
// at offset; "" when it cannot be told.
func operandBefore(text string, offset int, fn string) string {
	if offset <= 0 || offset > len(text) || !strings.HasSuffix(text[:offset], "."+fn) {
		return ""
	}
	end := offset - len(fn) - 1
	i := end
	for i > 0 {
		c := text[i-1]
		switch {
		case c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			i--
		case c == ')' || c == ']':
			// Back over a bracketed part: filter(...), [0].
			depth := 0
			for i > 0 {
				i--
				switch text[i] {
				case ')', ']':
					depth++
				case '(', '[':
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if depth != 0 {
				return ""
			}
		default:
			return strings.TrimLeft(text[i:end], ".")
		}
	}
	return strings.TrimLeft(text[i:end], ".")
}

// wordAt returns the word of text that starts at byte offset, if any.
func wordAt(text string, offset int) string {
	if offset < 0 || offset >= len(text) {
		return ""
	}
	end := offset
	for end < len(text) && (text[end] >= 'a' && text[end] <= 'z' || text[end] >= 'A' && text[end] <= 'Z') {
		end++
	}
	return text[offset:end]
}
