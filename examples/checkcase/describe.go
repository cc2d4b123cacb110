package main

// This file: -describe, what a policy reads and asks for, from the Policy
// accessors alone: for an integrator who must know what data to send, and
// for a practice lead checking that the policy says what the procedures do.

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/rules"
)

// description is a policy as -describe -format json writes it.
type description struct {
	Policy       string              `json:"policy"`
	Title        string              `json:"title"`
	Source       string              `json:"source,omitempty"`
	Extends      string              `json:"extends,omitempty"`
	Calendar     calendarDescription `json:"calendar"`
	Counting     string              `json:"counting"`
	WarnBefore   string              `json:"warn_before,omitempty"`
	Rules        []ruleDescription   `json:"rules"`
	Events       []eventDescription  `json:"events"`
	FactsListed  bool                `json:"facts_listed"`
	Facts        []valueDescription  `json:"facts"`
	FactsRead    []string            `json:"facts_read"`
	InstanceKind []instanceDesc      `json:"instances"`
}

type calendarDescription struct {
	Region   string   `json:"region"`
	Closures []string `json:"closures"`
}

type ruleDescription struct {
	ID               string          `json:"id"`
	Title            string          `json:"title"`
	Kind             rules.Kind      `json:"kind"`
	Timescale        string          `json:"timescale"`
	Period           string          `json:"period,omitempty"`
	Before           bool            `json:"before,omitempty"`
	ForEach          string          `json:"for_each,omitempty"`
	After            string          `json:"after,omitempty"`
	Anchor           string          `json:"anchor,omitempty"`
	MetBy            string          `json:"met_by"`
	Until            string          `json:"until,omitempty"`
	Conditions       []conditionDesc `json:"conditions"`
	Exception        string          `json:"exception,omitempty"`
	PracticeStandard bool            `json:"practice_standard"`
	Events           []string        `json:"events"`
	Facts            []string        `json:"facts"`
	Source           string          `json:"source"`
}

type conditionDesc struct {
	If        string `json:"if"`
	Otherwise string `json:"otherwise,omitempty"`
}

type eventDescription struct {
	Kind        string `json:"kind"`
	Description string `json:"description"`
	// AttributesListed is set when the policy lists the attributes it
	// reads of the kind; otherwise it reads whatever a case gives.
	AttributesListed bool               `json:"attributes_listed"`
	Attributes       []valueDescription `json:"attributes,omitempty"`
}

type valueDescription struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Type        string   `json:"type,omitempty"`
	Values      []string `json:"values,omitempty"`
	Default     any      `json:"default,omitempty"`
	Missing     string   `json:"missing,omitempty"`
}

type instanceDesc struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// describe gathers what the Policy accessors say of a policy.
func describe(p *rules.Policy) description {
	d := description{
		Policy: p.ID(), Title: p.Title(), Source: p.Source(), Extends: p.Extends(),
		Calendar:    calendarDescription{Region: string(p.Calendar().Region()), Closures: []string{}},
		Counting:    "day0",
		FactsListed: p.Facts() != nil,
		Facts:       []valueDescription{},
		FactsRead:   p.FactsRead(),
		Rules:       []ruleDescription{},
		Events:      []eventDescription{},
	}
	if d.FactsRead == nil {
		d.FactsRead = []string{}
	}
	if p.Counting().Inclusive {
		d.Counting = "inclusive"
	}
	if w := p.WarnBefore(); !w.IsZero() {
		d.WarnBefore = w.String()
	}
	for _, c := range p.Calendar().Closures() {
		d.Calendar.Closures = append(d.Calendar.Closures, c.Date.In(calendar.London).Format(time.DateOnly))
	}
	for _, r := range p.Rules() {
		rd := ruleDescription{
			ID: r.ID, Title: r.Title, Kind: r.Kind, Timescale: r.Timescale(), Before: r.Before,
			ForEach: r.ForEach, After: r.After, Anchor: r.Anchor, MetBy: r.MetBy, Until: r.Until,
			Conditions: []conditionDesc{}, Exception: r.Exception, PracticeStandard: r.PracticeStandard,
			Events: r.Events, Facts: r.Facts, Source: r.Source,
		}
		if !r.Period.IsZero() {
			rd.Period = r.Period.String()
		}
		for _, c := range r.Conditions {
			rd.Conditions = append(rd.Conditions, conditionDesc{If: c.If, Otherwise: c.Otherwise})
		}
		if rd.Events == nil {
			rd.Events = []string{}
		}
		if rd.Facts == nil {
			rd.Facts = []string{}
		}
		d.Rules = append(d.Rules, rd)
	}
	for _, e := range p.Events() {
		ed := eventDescription{Kind: e.Kind, Description: e.Description, AttributesListed: e.Attributes != nil}
		for _, a := range e.Attributes {
			ed.Attributes = append(ed.Attributes, valueOf(a))
		}
		d.Events = append(d.Events, ed)
	}
	for _, f := range p.Facts() {
		d.Facts = append(d.Facts, valueOf(f))
	}
	for _, k := range p.Instances() {
		d.InstanceKind = append(d.InstanceKind, instanceDesc{Name: k.Name, Description: k.Description})
	}
	if d.InstanceKind == nil {
		d.InstanceKind = []instanceDesc{}
	}
	return d
}

func valueOf(v rules.Value) valueDescription {
	return valueDescription{Name: v.Name, Description: v.Description, Type: v.Type, Values: v.Values, Default: v.Default, Missing: v.Missing}
}

// writeDescriptionJSON writes the description as indented JSON.
func writeDescriptionJSON(w io.Writer, p *rules.Policy) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(describe(p))
}

// writeDescriptionText writes the description for a person to read.
func writeDescriptionText(w io.Writer, p *rules.Policy) error {
	d := describe(p)
	var b strings.Builder
	fmt.Fprintf(&b, "Policy %s: %s\n", d.Policy, d.Title)
	if d.Source != "" {
		fmt.Fprintf(&b, "Source: %s\n", d.Source)
	}
	if d.Extends != "" {
		fmt.Fprintf(&b, "Extends: %s\n", d.Extends)
	}
	fmt.Fprintf(&b, "Working days: Monday to Friday, less %s bank holidays", d.Calendar.Region)
	if cl := p.Calendar().Closures(); len(cl) > 0 {
		days := make([]string, len(cl))
		for i, c := range cl {
			days[i] = londonDate(c.Date, false)
		}
		fmt.Fprintf(&b, " and the closures %s", joinWords(days))
	}
	b.WriteString("\n")
	if d.Counting == "inclusive" {
		b.WriteString("Counting: the first working day on or after the start is day 1\n")
	} else {
		b.WriteString("Counting: the start's date is day 0\n")
	}
	if d.WarnBefore != "" {
		fmt.Fprintf(&b, "Due soon: %s before the due date\n", d.WarnBefore)
	}

	fmt.Fprintf(&b, "\nRules (%d)\n", len(d.Rules))
	for _, r := range d.Rules {
		fmt.Fprintf(&b, "\n  %s\n", r.ID)
		fmt.Fprintf(&b, "    %s\n", r.Title)
		fmt.Fprintf(&b, "    %s\n", r.Timescale)
		kind := string(r.Kind)
		if r.ForEach != "" {
			kind += ", for each " + r.ForEach
		}
		if r.PracticeStandard {
			kind += ", a practice standard (reported, never counted as a breach)"
		}
		fmt.Fprintf(&b, "    Kind: %s\n", kind)
		for _, c := range r.Conditions {
			if c.Otherwise != "" {
				fmt.Fprintf(&b, "    Does not apply when %s\n", c.Otherwise)
			} else {
				fmt.Fprintf(&b, "    Applies when: %s\n", c.If)
			}
		}
		if r.Exception != "" {
			fmt.Fprintf(&b, "    Excepted when: %s\n", r.Exception)
		}
		fmt.Fprintf(&b, "    Reads: %s\n", readsWords(r.Events, r.Facts))
		fmt.Fprintf(&b, "    Source: %s\n", r.Source)
	}

	fmt.Fprintf(&b, "\nEvents (%d)\n", len(d.Events))
	for _, e := range d.Events {
		fmt.Fprintf(&b, "  %s: %s\n", e.Kind, e.Description)
		for _, a := range e.Attributes {
			fmt.Fprintf(&b, "    %s\n", valueWords(a))
		}
	}

	b.WriteString("\nFacts\n")
	switch {
	case d.FactsListed && len(d.Facts) == 0:
		b.WriteString("  none: the policy lists the facts it reads, and reads none (a case's facts give warnings)\n")
	case d.FactsListed:
		for _, f := range d.Facts {
			fmt.Fprintf(&b, "  %s\n", valueWords(f))
		}
	case len(d.FactsRead) == 0:
		b.WriteString("  none read\n")
	default:
		fmt.Fprintf(&b, "  not listed; the expressions read %s\n", joinWords(d.FactsRead))
	}

	fmt.Fprintf(&b, "\nInstances (%d)\n", len(d.InstanceKind))
	for _, k := range d.InstanceKind {
		fmt.Fprintf(&b, "  %s: %s\n", k.Name, k.Description)
	}
	// Escaped once, here: a policy's words reach the terminal as they are
	// written, control characters included.
	_, err := io.WriteString(w, printableLines(b.String()))
	return err
}

// valueWords describes a declared attribute or fact on one line: "plan
// (true or false; default true, with a warning: it counts as ...): false
// when the conference made no child protection plan".
func valueWords(v valueDescription) string {
	var about []string
	switch v.Type {
	case "bool":
		about = append(about, "true or false")
	case "number":
		about = append(about, "a number")
	case "date":
		about = append(about, "a date")
	case "text":
		if len(v.Values) > 0 {
			about = append(about, "one of "+joinOr(v.Values))
		} else {
			about = append(about, "text")
		}
	default:
		about = append(about, "any value")
	}
	if v.Default != nil {
		def := fmt.Sprintf("default %v", v.Default)
		if v.Missing != "" {
			def += ", with a warning when not recorded: " + v.Missing
		}
		about = append(about, def)
	}
	return fmt.Sprintf("%s (%s): %s", v.Name, strings.Join(about, "; "), v.Description)
}

// readsWords says what a rule reads: "events referral, referral_decision;
// no facts".
func readsWords(events, facts []string) string {
	s := "no events"
	if len(events) > 0 {
		s = "events " + strings.Join(events, ", ")
	}
	if len(facts) > 0 {
		return s + "; facts " + strings.Join(facts, ", ")
	}
	return s + "; no facts"
}

// joinWords writes "a", "a and b", "a, b and c".
func joinWords(s []string) string { return join(s, " and ") }

// joinOr writes "a", "a or b", "a, b or c".
func joinOr(s []string) string { return join(s, " or ") }

func join(s []string, last string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + last + s[len(s)-1]
}
