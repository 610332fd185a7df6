// report.go writes the text report: the header (where and when the
// figures were measured), one line per family answering its question, then
// per family its answer, a warning if its runs spread too widely to be
// trusted, its table, and its reference lines.
package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// noisy is the spread (farthest run from the median) above which a
// family's figures are flagged as untrustworthy.
const noisy = 0.10

func writeReport(w io.Writer, m machine, groups []*group) {
	fmt.Fprintf(w, "# make bench\n\n")
	for _, kv := range m.lines() {
		fmt.Fprintf(w, "%-8s %s\n", kv[0]+":", kv[1])
	}
	fmt.Fprintf(w, "\nAll figures are medians of the runs; ± is the farthest run from the median.\n")
	fmt.Fprintf(w, "\n## At a glance\n\n")
	for _, g := range groups {
		fmt.Fprintf(w, "- %s: %s\n", g.rule.family, g.title())
		g.writeAnswers(w, "  ")
	}
	for _, g := range groups {
		fmt.Fprintf(w, "\n## %s: %s\n\n", g.rule.family, g.title())
		g.writeAnswers(w, "")
		fmt.Fprintln(w)
		if g.wide() {
			g.wideTable(w)
		} else {
			g.longTable(w)
		}
		g.referenceLines(w)
		if note := g.allocNote(); note != "" {
			fmt.Fprintf(w, "\nallocs/op: %s\n", note)
		}
	}
}

// writeAnswers writes g's answers and warning, a line each after indent.
func (g *group) writeAnswers(w io.Writer, indent string) {
	for _, a := range g.answers() {
		fmt.Fprintf(w, "%s%s\n", indent, a)
	}
	if warn := g.warning(); warn != "" {
		fmt.Fprintf(w, "%s! %s\n", indent, warn)
	}
}

func (g *group) title() string {
	if g.rule.question != "" {
		return g.rule.question
	}
	return fmt.Sprintf("Benchmark%s (no rule in cmd/benchtable: first variant is the baseline)", g.rule.family)
}

// answers: one sentence per headline variant, against the baseline of
// each case and the reference lines.
func (g *group) answers() []string {
	var out []string
	for _, h := range g.headline {
		if a := g.answer(h); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// answer is the sentence about variant h ("" if it has no results): per
// case for up to three cases, else their geometric mean and extremes.
func (g *group) answer(h string) string {
	var parts []string
	var ratios, values []float64
	var lo, hi *benchCase // the cases of the lowest and the highest ratio
	noise := 0
	bases := map[string]bool{}
	for _, c := range g.cases {
		hr, ok := c.results[h]
		if !ok {
			continue
		}
		values = append(values, hr.metric.med)
		br, ok := c.results[c.baseline]
		if !ok || c.baseline == h {
			continue
		}
		bases[c.baseline] = true
		r := c.speedup(h)
		if lo == nil || r < lo.speedup(h) {
			lo = c
		}
		if hi == nil || r > hi.speedup(h) {
			hi = c
		}
		ratios = append(ratios, r)
		part := formatValue(hr.metric.med, g.metric) + " vs " + formatValue(br.metric.med, g.metric)
		if c.name != "" {
			part = c.name + ": " + part
		}
		if hr.metric.overlaps(br.metric) {
			noise++
			part += ", within noise"
		}
		word := g.compareWord(r)
		if len(parts) == 0 {
			word += " than " + joinKeys(bases)
		}
		parts = append(parts, word+" ("+part+")")
	}
	var s string
	switch {
	case len(values) == 0:
		return ""
	case len(ratios) == 0 && len(values) == 1:
		s = fmt.Sprintf("%s: %s", h, formatValue(values[0], g.metric))
	case len(ratios) == 0:
		s = fmt.Sprintf("%s: %s to %s over %d cases", h, formatValue(slices.Min(values), g.metric),
			formatValue(slices.Max(values), g.metric), len(values))
	case len(ratios) <= 3:
		s = h + ": " + strings.Join(parts, ", ")
	default:
		s = fmt.Sprintf("%s: %s than %s (geometric mean of %d cases, from %s in %s to %s in %s",
			h, g.compareWord(geomean(ratios)), joinKeys(bases), len(ratios),
			g.compareWord(lo.speedup(h)), lo.name, g.compareWord(hi.speedup(h)), hi.name)
		if noise > 0 {
			s += fmt.Sprintf("; %d within noise", noise)
		}
		s += ")"
	}
	s += g.againstRefs(h)
	if g.maxAllocs(h) == 0 {
		s += "; allocates nothing"
	}
	return s
}

// againstRefs: variant h's time as a multiple of each reference line's
// (a geometric mean if they share several cases).
func (g *group) againstRefs(h string) string {
	s := ""
	for _, rf := range g.refs {
		var rs []float64
		for _, c := range g.cases {
			hr, ok1 := c.results[h]
			rr, ok2 := c.results[rf.variant]
			if ok1 && ok2 && rr.metric.med > 0 {
				rs = append(rs, hr.metric.med/rr.metric.med)
			}
		}
		if len(rs) > 0 {
			s += fmt.Sprintf("; %sx %s (%s)", formatRatio(geomean(rs)), rf.meaning, rf.variant)
		}
	}
	return s
}

// speedup is the case's baseline median over variant v's: above 1, v
// is faster.
func (c *benchCase) speedup(v string) float64 {
	return c.results[c.baseline].metric.med / c.results[v].metric.med
}

// compareWord turns a ratio of baseline over variant into words.
func (g *group) compareWord(r float64) string {
	if r <= 0 || math.IsInf(r, 0) || math.IsNaN(r) {
		return "-" // a zero median: no ratio
	}
	better, worse := "faster", "slower"
	if g.metric != "ns/op" {
		better, worse = "lower", "higher"
	}
	if r >= 1 {
		return formatRatio(r) + "x " + better
	}
	return formatRatio(1/r) + "x " + worse
}

// warning says why a family's figures should not be trusted, if they
// should not.
func (g *group) warning() string {
	spread, caseName, variant, runs := g.worst()
	where := variant
	if caseName != "" {
		where = caseName + " " + variant
	}
	switch {
	case runs < 2:
		return "one run only: the spread is unknown (make bench COUNT=6)"
	case spread > noisy:
		return fmt.Sprintf("runs spread up to ±%.0f%% (%s), too wide to trust: a busy machine? Rerun on a quiet one, or with COUNT=10",
			spread*100, where)
	}
	return ""
}

// longTable: one row per variant, cases one after another.
func (g *group) longTable(w io.Writer) {
	multi := len(g.cases) > 1
	var header []string
	if multi {
		header = append(header, "case")
	}
	header = append(header, "variant", g.metric, "±", "vs "+g.baseline())
	rows := [][]string{header}
	for _, c := range g.cases {
		first := true
		for _, v := range g.variants {
			r, ok := c.results[v]
			if !ok {
				continue
			}
			var row []string
			if multi {
				name := ""
				if first {
					name = c.name
				}
				row = append(row, name)
				first = false
			}
			vs := g.versus(c, v)
			switch {
			case v == c.baseline && c.countRows(g) > 1:
				vs = "baseline"
			case vs == "":
				vs = "-" // nothing to compare with
			case c.baseline != g.baseline():
				vs += " than " + c.baseline
			}
			row = append(row, v, formatValue(r.metric.med, g.metric), formatSpread(r.metric), vs)
			rows = append(rows, row)
		}
	}
	writeTable(w, rows)
}

// versus compares variant v with its case's baseline: "9.9x faster",
// "1.02x slower, within noise"; "" if there is nothing to compare.
func (g *group) versus(c *benchCase, v string) string {
	r, ok1 := c.results[v]
	br, ok2 := c.results[c.baseline]
	if !ok1 || !ok2 || v == c.baseline {
		return ""
	}
	vs := g.compareWord(c.speedup(v))
	if r.metric.overlaps(br.metric) {
		vs += ", within noise"
	}
	return vs
}

// wide: one table row per case, the variants side by side, for families
// of several cases and few variants (a suite).
func (g *group) wide() bool { return len(g.cases) > 1 && len(g.variants) <= 3 }

// countRows is the number of non-reference variants case c has.
func (c *benchCase) countRows(g *group) int {
	n := 0
	for _, v := range g.variants {
		if _, ok := c.results[v]; ok {
			n++
		}
	}
	return n
}

// wideTable: one row per case, variants side by side, then each
// variant's speedup over the baseline.
func (g *group) wideTable(w io.Writer) {
	base := g.baseline()
	header := []string{"case"}
	for _, v := range g.variants {
		header = append(header, v)
	}
	for _, rf := range g.refs {
		header = append(header, rf.variant+" (reference)")
	}
	for _, v := range g.variants[1:] {
		header = append(header, v+" vs "+base)
	}
	rows := [][]string{header}
	for _, c := range g.cases {
		row := []string{c.name}
		for _, v := range slices.Concat(g.variants, refVariants(g.refs)) {
			if r, ok := c.results[v]; ok {
				row = append(row, formatValue(r.metric.med, g.metric)+" "+formatSpread(r.metric))
			} else {
				row = append(row, "-")
			}
		}
		for _, v := range g.variants[1:] {
			vs := g.versus(c, v)
			if vs == "" || c.baseline != base {
				vs = "-"
			}
			row = append(row, vs)
		}
		rows = append(rows, row)
	}
	writeTable(w, rows)
}

func refVariants(refs []ref) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.variant)
	}
	return out
}

// referenceLines lists the reference variants under a long table (a wide
// table has them as columns).
func (g *group) referenceLines(w io.Writer) {
	if len(g.refs) == 0 || g.wide() {
		return
	}
	fmt.Fprintf(w, "\nRead against:\n")
	for _, rf := range g.refs {
		for _, c := range g.cases {
			r, ok := c.results[rf.variant]
			if !ok {
				continue
			}
			where := ""
			if c.name != "" {
				where = " (" + c.name + ")"
			}
			fmt.Fprintf(w, "- %s%s: %s %s, %s\n", rf.variant, where,
				formatValue(r.metric.med, g.metric), formatSpread(r.metric), rf.meaning)
		}
	}
}

// maxAllocs is the most allocs/op of variant v in any case; -1 if it
// reported none.
func (g *group) maxAllocs(v string) float64 {
	most := -1.0
	for _, c := range g.cases {
		if r, ok := c.results[v]; ok && r.allocs != nil {
			most = math.Max(most, r.allocs.hi)
		}
	}
	return most
}

// allocNote: which variants allocate, if any reported allocs/op.
func (g *group) allocNote() string {
	var none, some []string
	for _, v := range g.variants {
		switch a := g.maxAllocs(v); {
		case a == 0:
			none = append(none, v)
		case a > 0:
			some = append(some, fmt.Sprintf("%s up to %s", v, strconv.FormatFloat(a, 'f', -1, 64)))
		}
	}
	switch {
	case len(some) == 0 && len(none) == 0:
		return ""
	case len(some) == 0:
		return "none in any variant"
	case len(none) == 0:
		return strings.Join(some, ", ")
	}
	return strings.Join(some, ", ") + "; none: " + strings.Join(none, ", ")
}

// writeTable writes rows as a Markdown table with aligned columns.
func writeTable(w io.Writer, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], len([]rune(cell)))
		}
	}
	line := func(cells []string) {
		for i, cell := range cells {
			fmt.Fprintf(w, "| %s%s ", cell, strings.Repeat(" ", widths[i]-len([]rune(cell))))
		}
		fmt.Fprintln(w, "|")
	}
	line(rows[0])
	dashes := make([]string, len(widths))
	for i, n := range widths {
		dashes[i] = strings.Repeat("-", n)
	}
	line(dashes)
	for _, row := range rows[1:] {
		line(row)
	}
}

func isTime(unit string) bool { return unit == "ns/op" || strings.HasSuffix(unit, "-ns") }

// formatValue writes v with three significant digits, times in the
// largest unit that keeps them at least 1 (3.32 ns, 1.52 µs, 10.2 ms).
func formatValue(v float64, unit string) string {
	if !isTime(unit) {
		return sig3(v) + " " + unit
	}
	for _, u := range []struct {
		name  string
		scale float64
	}{{"s", 1e9}, {"ms", 1e6}, {"µs", 1e3}} {
		if v >= u.scale {
			return sig3(v/u.scale) + " " + u.name
		}
	}
	return sig3(v) + " ns"
}

func sig3(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// formatRatio: two decimals below 2 (1.17), one below 100 (9.5), none above.
func formatRatio(r float64) string {
	switch {
	case r < 2:
		return strconv.FormatFloat(r, 'f', 2, 64)
	case r < 100:
		return strconv.FormatFloat(r, 'f', 1, 64)
	default:
		return strconv.FormatFloat(r, 'f', 0, 64)
	}
}

func formatSpread(s stat) string {
	if s.n < 2 {
		return "(1 run)"
	}
	return fmt.Sprintf("±%.0f%%", s.spread()*100)
}

func geomean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(xs)))
}

func joinKeys(set map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(set)), "/")
}
