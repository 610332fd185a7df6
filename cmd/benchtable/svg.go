// svg.go draws the report as a chart: one panel per family with its
// question and answer, one horizontal bar per variant and case on a log
// scale (the families span 1 ns to 10 ms, and a log scale shows ratios as
// equal distances), the baseline bar grey with a line through its case at
// its value, and the reference variants as dashed lines instead of bars.
//
// Plain SVG written here rather than a plotting library: the chart is
// bars, lines and text, a library would be a dependency of the main
// module (or a nested module for one command), and the test can check the
// output's structure and geometry by parsing it with encoding/xml.
package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Layout, in pixels.
const (
	chartWidth = 960
	plotLeft   = 260 // labels end here, bars start here
	plotRight  = 700 // the top of the scale; value labels follow
	margin     = 10
	rowHeight  = 16
	barHeight  = 12
	lineHeight = 16
	caseGap    = 6
	panelGap   = 14
	wrapAt     = 150 // characters per line of panel text
)

const style = `
.title{font-size:13px;font-weight:bold}
.answer{fill:#222}
.warning{fill:#b00020}
.frame{fill:none;stroke:#ccc}
.grid{stroke:#e4e4e4}
.tick{stroke:#999}
.tick-label,.axis-label{fill:#666}
.bar{fill:#aec7e8}
.bar.headline{fill:#1f77b4}
.bar.baseline{fill:#9e9e9e}
.baseline-mark{stroke:#444;stroke-width:1.5}
.reference{stroke:#d62728;stroke-width:1.5;stroke-dasharray:4 3}
.reference-label{fill:#d62728}
.value{paint-order:stroke;stroke:white;stroke-width:3px;stroke-linejoin:round}
.label{text-anchor:end}
.case{font-weight:bold}
.case.own-row{text-anchor:end}
`

func writeSVG(w io.Writer, m machine, groups []*group) error {
	var body bytes.Buffer
	y := float64(margin)
	text(&body, "title", margin, y+13, "ferry: make bench")
	y += 20
	var header []string
	for _, kv := range m.lines() {
		header = append(header, kv[0]+": "+kv[1])
	}
	for _, line := range wrap(strings.Join(header, " · ")) {
		text(&body, "answer", margin, y+11, line)
		y += lineHeight
	}
	y = legend(&body, y+4) + panelGap/2
	for _, g := range groups {
		y = g.panel(&body, y) + panelGap
	}
	_, err := fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%.0f" viewBox="0 0 %d %.0f" font-family="sans-serif" font-size="11">
<style>%s</style>
<rect width="100%%" height="100%%" fill="white"/>
%s</svg>
`, chartWidth, y, chartWidth, y, style, body.String())
	return err
}

// panel draws family g from height top down and returns its bottom.
func (g *group) panel(w *bytes.Buffer, top float64) float64 {
	lo, hi := g.scale()
	x := func(v float64) float64 {
		return plotLeft + (math.Log10(v)-math.Log10(lo))/(math.Log10(hi)-math.Log10(lo))*(plotRight-plotLeft)
	}
	var fg bytes.Buffer // drawn over the grid
	y := 6.0
	for _, line := range wrap(g.rule.family + ": " + g.title()) {
		text(&fg, "title", margin, y+13, line)
		y += lineHeight + 2
	}
	for _, a := range g.answers() {
		for _, line := range wrap(a) {
			text(&fg, "answer", margin, y+11, line)
			y += lineHeight
		}
	}
	if warn := g.warning(); warn != "" {
		for _, line := range wrap("! " + warn) {
			text(&fg, "warning", margin, y+11, line)
			y += lineHeight
		}
	}
	y += caseGap
	barsTop := y
	// Cases of a few variants each (a suite) are labelled beside their
	// first bar, others on a row of their own.
	ownRow := len(g.cases) > 1 && !g.wide()
	for _, c := range g.cases {
		caseTop := y
		switch {
		case ownRow:
			text(&fg, "case own-row", plotLeft-8, y+10, c.name)
			y += lineHeight
		case c.name != "":
			text(&fg, "case", margin, y+11, c.name)
		}
		for _, v := range g.variants {
			r, ok := c.results[v]
			if !ok {
				continue
			}
			class := "bar"
			label := formatValue(r.metric.med, g.metric) + " " + formatSpread(r.metric)
			if v == c.baseline && c.countRows(g) > 1 {
				class += " baseline"
				label += " · baseline"
			} else if vs := g.versus(c, v); vs != "" {
				label += " · " + vs
			}
			if slices.Contains(g.headline, v) {
				class += " headline"
			}
			text(&fg, "label", plotLeft-8, y+11, v)
			end := float64(plotLeft)
			if r.metric.med > 0 {
				end = x(r.metric.med)
			}
			fmt.Fprintf(&fg, `<rect class="%s" data-case="%s" data-variant="%s" data-value="%g" x="%d" y="%.1f" width="%.2f" height="%d"/>`+"\n",
				class, esc(c.name), esc(v), r.metric.med, plotLeft, y+(rowHeight-barHeight)/2, end-plotLeft, barHeight)
			text(&fg, "value", end+4, y+11, label)
			y += rowHeight
		}
		if base, ok := c.results[c.baseline]; ok && c.countRows(g) > 1 {
			fmt.Fprintf(&fg, `<line class="baseline-mark" data-case="%s" data-value="%g" x1="%.2f" x2="%.2f" y1="%.1f" y2="%.1f"/>`+"\n",
				esc(c.name), base.metric.med, x(base.metric.med), x(base.metric.med), caseTop, y)
		}
		for _, rf := range g.refs {
			r, ok := c.results[rf.variant]
			if !ok || r.metric.med <= 0 {
				continue
			}
			rx := x(r.metric.med)
			fmt.Fprintf(&fg, `<line class="reference" data-case="%s" data-variant="%s" data-value="%g" x1="%.2f" x2="%.2f" y1="%.1f" y2="%.1f"/>`+"\n",
				esc(c.name), esc(rf.variant), r.metric.med, rx, rx, caseTop, y+lineHeight-4)
			text(&fg, "reference-label", rx+4, y+11, fmt.Sprintf("%s %s: %s", rf.variant, formatValue(r.metric.med, g.metric), rf.meaning))
			y += lineHeight
		}
		y += caseGap
	}
	barsBottom := y
	var grid bytes.Buffer
	fmt.Fprintf(&grid, `<g class="axis log" data-unit="%s">`+"\n", esc(g.metric))
	for d := lo; d <= hi*1.0001; d *= 10 {
		for _, k := range []float64{2, 5} {
			if m := d * k; m < hi {
				fmt.Fprintf(&grid, `<line class="grid" x1="%.2f" x2="%.2f" y1="%.1f" y2="%.1f"/>`+"\n", x(m), x(m), barsTop, barsBottom)
			}
		}
		fmt.Fprintf(&grid, `<line class="tick" data-value="%g" x1="%.2f" x2="%.2f" y1="%.1f" y2="%.1f"/>`+"\n", d, x(d), x(d), barsTop, barsBottom+4)
		fmt.Fprintf(&grid, `<text class="tick-label" x="%.2f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x(d), barsBottom+15, esc(tickLabel(d, g.metric)))
	}
	fmt.Fprintf(&grid, `<text class="axis-label" x="%d" y="%.1f" text-anchor="end">%s, log scale</text>`+"\n", plotLeft-24, barsBottom+15, esc(g.metric))
	grid.WriteString("</g>\n")
	height := barsBottom + 22
	fmt.Fprintf(w, `<g class="panel" data-group="%s" transform="translate(0 %.1f)">`+"\n", esc(g.rule.family), top)
	fmt.Fprintf(w, `<rect class="frame" x="%d" y="0" width="%d" height="%.1f" rx="4"/>`+"\n", margin/2, chartWidth-margin, height)
	w.Write(grid.Bytes())
	w.Write(fg.Bytes())
	w.WriteString("</g>\n")
	return top + height
}

// scale is the panel's axis: whole decades around every value drawn,
// with room below the smallest so that its bar shows.
func (g *group) scale() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, c := range g.cases {
		for _, r := range c.results {
			if v := r.metric.med; v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 1) {
		return 1, 10
	}
	lo = math.Pow(10, math.Floor(math.Log10(lo/1.5)))
	hi = math.Pow(10, math.Ceil(math.Log10(hi)))
	if hi <= lo {
		hi = lo * 10
	}
	return lo, hi
}

// legend explains the marks at height y and returns its bottom.
func legend(w *bytes.Buffer, y float64) float64 {
	x := float64(margin)
	for _, item := range []struct{ class, label string }{
		{"bar baseline", "baseline"}, {"bar headline", "the variants the answer is about"}, {"bar", "other variants"}} {
		fmt.Fprintf(w, `<rect class="%s legend" x="%.0f" y="%.1f" width="14" height="%d"/>`+"\n", item.class, x, y, barHeight)
		text(w, "answer", x+18, y+10, item.label)
		x += 26 + 6.2*float64(len(item.label))
	}
	fmt.Fprintf(w, `<line class="baseline-mark legend" x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f"/>`+"\n", x+4, x+4, y-1, y+barHeight+1)
	text(w, "answer", x+10, y+10, "the baseline's value")
	x += 26 + 6.2*float64(len("the baseline's value"))
	fmt.Fprintf(w, `<line class="reference legend" x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f"/>`+"\n", x+4, x+4, y-1, y+barHeight+1)
	text(w, "answer", x+10, y+10, "a reference line (a floor, the engine's own time)")
	return y + barHeight + 4
}

// tickLabel is a decade's label: "1 ns", "10 µs", "0.1 ns".
func tickLabel(d float64, unit string) string {
	number, rest, _ := strings.Cut(formatValue(d, unit), " ")
	if strings.Contains(number, ".") {
		number = strings.TrimSuffix(strings.TrimRight(number, "0"), ".")
	}
	return number + " " + rest
}

func text(w *bytes.Buffer, class string, x, y float64, s string) {
	fmt.Fprintf(w, `<text class="%s" x="%.2f" y="%.1f">%s</text>`+"\n", class, x, y, esc(s))
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// wrap breaks s at spaces into lines of at most wrapAt characters.
func wrap(s string) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > wrapAt {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
