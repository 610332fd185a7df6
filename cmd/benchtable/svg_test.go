// The chart of testdata/bench.txt must be well-formed SVG with one panel
// per family, a log-scale axis, and every bar, baseline mark and reference
// line where its value puts it on that axis.
package main

import (
	"bytes"
	"encoding/xml"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// node is any SVG element, parsed generically.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s> attribute %s=%q: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

func (n *node) hasClass(c string) bool {
	return slices.Contains(strings.Fields(n.attr("class")), c)
}

// all returns the elements under n (n included) named name with class c.
func (n *node) all(name, c string) []*node {
	var out []*node
	if n.XMLName.Local == name && n.hasClass(c) {
		out = append(out, n)
	}
	for i := range n.Nodes {
		out = append(out, n.Nodes[i].all(name, c)...)
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) <= 0.05 }

func TestChart(t *testing.T) {
	groups := testGroups(t)
	var out bytes.Buffer
	if err := writeSVG(&out, fixedMachine, groups); err != nil {
		t.Fatal(err)
	}
	var svg node
	if err := xml.Unmarshal(out.Bytes(), &svg); err != nil {
		t.Fatalf("chart is not well-formed XML: %v", err)
	}
	if svg.XMLName.Local != "svg" || svg.XMLName.Space != "http://www.w3.org/2000/svg" || svg.num(t, "height") <= 0 {
		t.Fatalf("root element %v, height %q", svg.XMLName, svg.attr("height"))
	}
	panels := svg.all("g", "panel")
	if len(panels) != len(groups) {
		t.Fatalf("%d panels for %d families", len(panels), len(groups))
	}
	for i, g := range groups {
		p := panels[i]
		if p.attr("data-group") != g.rule.family {
			t.Fatalf("panel %d is %q, want %q", i, p.attr("data-group"), g.rule.family)
		}
		x := logAxis(t, p)
		checkBars(t, g, p, x)
		checkMarks(t, g, p, x)
	}
}

// logAxis checks that panel p's ticks are consecutive powers of ten at
// equal distances, and returns the value -> x mapping they define.
func logAxis(t *testing.T, p *node) func(float64) float64 {
	axes := p.all("g", "axis")
	if len(axes) != 1 || !axes[0].hasClass("log") {
		t.Fatalf("%s: want one log axis, have %d", p.attr("data-group"), len(axes))
	}
	ticks := axes[0].all("line", "tick")
	if len(ticks) < 2 {
		t.Fatalf("%s: %d ticks", p.attr("data-group"), len(ticks))
	}
	first, step := ticks[0].num(t, "data-value"), ticks[1].num(t, "x1")-ticks[0].num(t, "x1")
	if e := math.Log10(first); math.Abs(e-math.Round(e)) > 1e-9 || step <= 0 {
		t.Fatalf("%s: first tick %g, step %g", p.attr("data-group"), first, step)
	}
	for k, tick := range ticks {
		wantV, wantX := first*math.Pow(10, float64(k)), ticks[0].num(t, "x1")+float64(k)*step
		if v := tick.num(t, "data-value"); math.Abs(v-wantV) > wantV*1e-9 || !near(tick.num(t, "x1"), wantX) {
			t.Errorf("%s: tick %d at %g, x %s; want %g, x %.2f (a decade per step)",
				p.attr("data-group"), k, v, tick.attr("x1"), wantV, wantX)
		}
	}
	x0 := ticks[0].num(t, "x1")
	return func(v float64) float64 { return x0 + math.Log10(v/first)*step }
}

// checkBars: one bar per variant and case except the references, its
// value the median, its end where the axis puts that value, the baseline
// (of a case with something to compare) and headline variants marked.
func checkBars(t *testing.T, g *group, p *node, x func(float64) float64) {
	bars := p.all("rect", "bar")
	want := 0
	for _, c := range g.cases {
		for v, r := range c.results {
			i := slices.IndexFunc(bars, func(b *node) bool {
				return b.attr("data-case") == c.name && b.attr("data-variant") == v
			})
			if g.rule.isRef(v) {
				if i >= 0 {
					t.Errorf("%s %s: reference %s drawn as a bar", g.rule.family, c.name, v)
				}
				continue
			}
			want++
			if i < 0 {
				t.Errorf("%s %s: no bar for %s", g.rule.family, c.name, v)
				continue
			}
			b := bars[i]
			if got := b.num(t, "data-value"); got != r.metric.med {
				t.Errorf("%s %s %s: bar of %g, median %g", g.rule.family, c.name, v, got, r.metric.med)
			}
			if end := b.num(t, "x") + b.num(t, "width"); !near(end, x(r.metric.med)) {
				t.Errorf("%s %s %s: bar ends at %.2f, the axis puts %g at %.2f", g.rule.family, c.name, v, end, r.metric.med, x(r.metric.med))
			}
			if b.hasClass("baseline") != (v == c.baseline && c.countRows(g) > 1) {
				t.Errorf("%s %s %s: class %q, baseline %s", g.rule.family, c.name, v, b.attr("class"), c.baseline)
			}
			if b.hasClass("headline") != slices.Contains(g.headline, v) {
				t.Errorf("%s %s %s: class %q, headline %v", g.rule.family, c.name, v, b.attr("class"), g.headline)
			}
		}
	}
	if len(bars) != want {
		t.Errorf("%s: %d bars, want %d", g.rule.family, len(bars), want)
	}
}

// checkMarks: a baseline mark through every case with something to
// compare, and a dashed line per reference result, each at its value.
func checkMarks(t *testing.T, g *group, p *node, x func(float64) float64) {
	marks := p.all("line", "baseline-mark")
	refs := p.all("line", "reference")
	wantMarks, wantRefs := 0, 0
	for _, c := range g.cases {
		if c.countRows(g) > 1 {
			wantMarks++
			i := slices.IndexFunc(marks, func(m *node) bool { return m.attr("data-case") == c.name })
			if v := c.results[c.baseline].metric.med; i < 0 || !near(marks[i].num(t, "x1"), x(v)) {
				t.Errorf("%s %s: no baseline mark at %g", g.rule.family, c.name, v)
			}
		}
		for _, rf := range g.refs {
			r, ok := c.results[rf.variant]
			if !ok {
				continue
			}
			wantRefs++
			i := slices.IndexFunc(refs, func(m *node) bool {
				return m.attr("data-case") == c.name && m.attr("data-variant") == rf.variant
			})
			if i < 0 || !near(refs[i].num(t, "x1"), x(r.metric.med)) || refs[i].num(t, "data-value") != r.metric.med {
				t.Errorf("%s %s: no reference line for %s at %g", g.rule.family, c.name, rf.variant, r.metric.med)
			}
		}
	}
	if len(marks) != wantMarks || len(refs) != wantRefs {
		t.Errorf("%s: %d baseline marks, %d reference lines; want %d, %d", g.rule.family, len(marks), len(refs), wantMarks, wantRefs)
	}
}

// The families this test covers must include every kind of layout, or it
// proves less than it says.
func TestChartCoversEveryKind(t *testing.T) {
	var refs, multiCase, variantFirst, otherMetric, noRule bool
	for _, g := range testGroups(t) {
		refs = refs || len(g.refs) > 0
		multiCase = multiCase || len(g.cases) > 1
		variantFirst = variantFirst || g.rule.variantFirst
		otherMetric = otherMetric || g.metric != "ns/op"
		noRule = noRule || g.rule.question == ""
	}
	if !refs || !multiCase || !variantFirst || !otherMetric || !noRule {
		t.Errorf("testdata lacks a kind: refs %v, multi-case %v, variant-first %v, other metric %v, no rule %v",
			refs, multiCase, variantFirst, otherMetric, noRule)
	}
}
