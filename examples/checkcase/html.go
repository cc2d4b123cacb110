package main

// This file: -summary -format html, a caseload's figures as one
// self-contained page for a service manager: charts to look at, with the
// numbers written beside every bar.

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/safeguarding/timescales/rules"
)

// Chart geometry, in SVG user units (pixels).
const (
	chartLabel = 150 // the width of the labels before the bars
	chartBar   = 300 // the longest bar
	chartRow   = 24  // the height of each bar's row
	chartWidth = chartLabel + chartBar + 70
)

// chartBars are the statuses each rule's chart always shows; any other
// status is shown when some result has it.
var chartBars = []rules.Status{rules.Met, rules.Late, rules.Overdue, rules.Pending}

// htmlChart is one horizontal bar chart.
type htmlChart struct {
	ID      string // unique in the page, for aria-labelledby
	Heading string // the chart's title
	Desc    string // what it shows, in words, with every number
	Bars    []htmlBar
	Height  int
	Width   int
}

// htmlBar is one bar of a chart, placed.
type htmlBar struct {
	Label      string
	Text       string // the number as written beside the bar: "3", "3 (50.0%)"
	Class      string // its colour
	Y, TextY   int    // the bar's top, and the baseline of its texts
	W          int    // its length
	X, NumberX int    // where the bar starts, and where its number is written
}

// htmlPage is what the page template reads.
type htmlPage struct {
	Title      string
	Headline   string
	RuleCharts []htmlRuleChart
	C4         htmlChart
	C4Note     string
	C4Left     string
	Within     string
	Coming     []htmlDeadline
	Overdue    []htmlDeadline
	Mismatches []htmlMismatch
	Noun       string
}

// htmlRuleChart is a rule's heading and chart.
type htmlRuleChart struct {
	ID, Title string
	Chart     htmlChart
}

// htmlDeadline is a row of the coming or overdue table.
type htmlDeadline struct {
	Due, Case, Rule, For, Status string
	Late                         int
}

// htmlMismatch is a row of the wrong targets table.
type htmlMismatch struct {
	Child, Start, Target, Correct string
}

// newChart places bars in a chart, each as long as its count is of the
// largest count of scale (so that charts drawn to one scale compare).
func newChart(id, heading string, labels []string, counts []int, classes []string, texts []string, scale int) htmlChart {
	c := htmlChart{ID: id, Heading: heading, Width: chartWidth, Height: len(labels)*chartRow + 4}
	var words []string
	for i, label := range labels {
		n := counts[i]
		w := 0
		if scale > 0 {
			w = min(n*chartBar/scale, chartBar) // a count past the scale fills the chart; its number says how far
		}
		if n > 0 && w < 2 {
			w = 2 // a count above nought is always seen
		}
		y := i*chartRow + 2
		c.Bars = append(c.Bars, htmlBar{Label: label, Text: texts[i], Class: classes[i], Y: y, TextY: y + 15, W: w, X: chartLabel, NumberX: chartLabel + w + 6})
		words = append(words, fmt.Sprintf("%s %s", label, texts[i]))
	}
	c.Desc = heading + ": " + strings.Join(words, ", ")
	return c
}

// statusClass is the CSS class that colours a status's bar.
func statusClass(st rules.Status) string {
	switch st {
	case rules.Met:
		return "met"
	case rules.Late, rules.Violated:
		return "late"
	case rules.Overdue:
		return "overdue"
	case rules.DueSoon:
		return "soon"
	case rules.Pending:
		return "pending"
	}
	return "other"
}

// bandClass colours the i'th C4 band: within the 15 working days Working
// Together asks for (0-10, 11-15), 16-20, and 21 and over.
func bandClass(i int) string {
	switch i {
	case 0, 1:
		return "met"
	case 2:
		return "late"
	}
	return "overdue"
}

// writeHTML writes the summary as one HTML page that needs nothing else:
// inline CSS, inline SVG charts, no scripts, no links to anything. Every
// chart has a <title> and a description in words, and every bar its
// number written beside it, so that nothing is said by colour alone; all
// text is escaped by html/template, and its control characters by
// printable.
func (s *summary) writeHTML(w io.Writer) error {
	p := htmlPage{
		Title:    printable(fmt.Sprintf("Timescales: %s, %s", s.policy.ID(), s.asOfWords())),
		Headline: s.checkedWords() + ".",
		Within:   count(s.opts.within, "working day", "working days"),
		Noun:     titleCase(s.l.noun),
	}

	// One scale for every rule's chart, so that their bars compare: that of
	// the results judged, not of the many a caseload has not applicable or
	// not recorded, which would shrink the met, late and overdue bars to
	// nothing (their bars are cut at the chart's width).
	scale, all := 0, 0
	for _, counts := range s.byRule {
		for st, n := range counts {
			all = max(all, n)
			if st != rules.NotApplicable && st != rules.NotRecorded {
				scale = max(scale, n)
			}
		}
	}
	if scale == 0 {
		scale = all
	}
	for i, r := range s.policy.Rules() {
		counts := s.byRule[r.ID]
		var labels, classes, texts []string
		var ns []int
		for _, st := range statuses {
			shown := counts[st] > 0
			for _, always := range chartBars {
				shown = shown || st == always
			}
			if !shown {
				continue
			}
			labels = append(labels, statusWords(st))
			ns = append(ns, counts[st])
			classes = append(classes, statusClass(st))
			texts = append(texts, fmt.Sprint(counts[st]))
		}
		p.RuleCharts = append(p.RuleCharts, htmlRuleChart{ID: printable(r.ID), Title: printable(r.Title),
			Chart: newChart(fmt.Sprintf("rule-%d", i+1), "Results of "+printable(r.ID), labels, ns, classes, texts, scale)})
	}

	c4 := s.c4.Result()
	var labels, classes, texts []string
	var ns []int
	c4Scale := 0
	for _, b := range bands(c4) {
		c4Scale = max(c4Scale, b.n)
	}
	for i, b := range bands(c4) {
		labels = append(labels, b.name+" working days")
		ns = append(ns, b.n)
		classes = append(classes, bandClass(i))
		text := fmt.Sprint(b.n)
		if pc := percent(b.n, c4.Enquiries); pc != "" {
			text += " (" + pc + ")"
		}
		texts = append(texts, text)
	}
	p.C4 = newChart("dfe-c4", "Working days from the start of the s47 enquiry to the ICPC", labels, ns, classes, texts, c4Scale)
	p.C4Note = "Over " + s.c4Over(c4) + "."
	if c4.Enquiries > 0 {
		p.C4Note += " " + percentiles(c4) + "."
	}
	p.C4Left = c4Left(c4)

	coming, overdue := s.sortedDeadlines()
	for _, d := range coming {
		p.Coming = append(p.Coming, htmlDeadline{Due: d.due.String(), Case: printable(d.caseID), Rule: printable(d.rule), For: printable(d.instance), Status: statusWords(d.status)})
	}
	for _, d := range overdue {
		p.Overdue = append(p.Overdue, htmlDeadline{Due: d.due.String(), Case: printable(d.caseID), Rule: printable(d.rule), For: printable(d.instance), Late: d.late})
	}
	for _, m := range s.c4.TargetMismatches() {
		p.Mismatches = append(p.Mismatches, htmlMismatch{Child: printable(m.Child), Start: m.Start.Format(time.DateOnly), Target: targetWords(m), Correct: m.Correct.Format(time.DateOnly)})
	}
	return htmlTemplate.Execute(w, p)
}

// htmlTemplate is the page. Its SVG is written as XML (every element
// closed, no entities but the five and numeric ones), so that it is well
// formed as well as valid HTML.
var htmlTemplate = template.Must(template.New("summary").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #1a1a1a; background: #fff; margin: 2rem auto; max-width: 56rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #1a1a1a; } h3 { font-size: 1rem; margin: 1.2rem 0 0.2rem; font-family: ui-monospace, Consolas, monospace; }
p.rule-title { margin: 0 0 0.4rem; color: #333; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-size: 13px; fill: #1a1a1a; }
.met { fill: #1b7f3b; } .late { fill: #b35c00; } .overdue { fill: #b00020; } .soon { fill: #7a5d00; } .pending { fill: #3d5a80; } .other { fill: #6b6b6b; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { border: 1px solid #999; padding: 0.25rem 0.6rem; text-align: left; } th { background: #eee; } td.n { text-align: right; }
.none { color: #333; font-style: italic; }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>{{.Headline}}</p>

<h2>Results by rule</h2>
<p>Each bar is a count of results; its number is written beside it. Green: met; amber: late; red: overdue; olive: due soon; blue: pending; grey: the others (drawn to the same scale as the results judged, and cut at the chart's width).</p>
{{range .RuleCharts}}<section>
<h3>{{.ID}}</h3>
<p class="rule-title">{{.Title}}</p>
{{template "chart" .Chart}}
</section>
{{end}}
<h2>ICPC timeliness as the DfE's table C4 counts it</h2>
<p>{{.C4Note}}{{if .C4Left}} {{.C4Left}}{{end}}</p>
<p>Working Together asks for the conference within 15 working days. Green: within it; amber: 16 to 20; red: 21 and over.</p>
{{template "chart" .C4}}

<h2>Due within {{.Within}} of the as-of date</h2>
{{if .Coming}}<table>
<caption>Deadlines due soon or pending, soonest first</caption>
<thead><tr><th scope="col">Due</th><th scope="col">{{.Noun}}</th><th scope="col">Rule</th><th scope="col">For</th><th scope="col">Status</th></tr></thead>
<tbody>
{{range .Coming}}<tr><td>{{.Due}}</td><td>{{.Case}}</td><td>{{.Rule}}</td><td>{{.For}}</td><td>{{.Status}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p class="none">None.</p>{{end}}

<h2>Overdue</h2>
{{if .Overdue}}<table>
<caption>Deadlines past due and not done, earliest due first</caption>
<thead><tr><th scope="col">Due</th><th scope="col">{{.Noun}}</th><th scope="col">Rule</th><th scope="col">For</th><th scope="col">Working days late</th></tr></thead>
<tbody>
{{range .Overdue}}<tr><td>{{.Due}}</td><td>{{.Case}}</td><td>{{.Rule}}</td><td>{{.For}}</td><td class="n">{{.Late}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p class="none">None.</p>{{end}}

<h2>InitialCPCtarget dates that are wrong</h2>
{{if .Mismatches}}<table>
<caption>InitialCPCtarget not 15 working days after the start of the s47 enquiry</caption>
<thead><tr><th scope="col">Child</th><th scope="col">S47 start</th><th scope="col">Target recorded</th><th scope="col">Should be</th></tr></thead>
<tbody>
{{range .Mismatches}}<tr><td>{{.Child}}</td><td>{{.Start}}</td><td>{{.Target}}</td><td>{{.Correct}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p class="none">None.</p>{{end}}
</main>
</body>
</html>
{{define "chart"}}<svg role="img" aria-labelledby="{{.ID}}-title {{.ID}}-desc" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}">
<title id="{{.ID}}-title">{{.Heading}}</title>
<desc id="{{.ID}}-desc">{{.Desc}}</desc>
{{range .Bars}}<text x="0" y="{{.TextY}}">{{.Label}}</text><rect class="{{.Class}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="18"></rect><text x="{{.NumberX}}" y="{{.TextY}}">{{.Text}}</text>
{{end}}</svg>{{end}}`))
