// groups.go knows what each benchmark family measures. The rules table is
// the only place that does: per family, the question it answers, the
// baseline variant the others are compared with, the variants the answer
// is about, and the reference variants (a physical floor, the engine's own
// time) drawn as the lines a result is read against instead of as rows. A
// family without a rule still reads well: its first variant is the
// baseline and "ferry", if present, the answer.
//
// A benchmark name is family/case.../variant: the variant is the last
// element (SeedRegex/ferry, Regex/literal/1KiB/ferry) unless the rule says
// it follows the family (NativeToGo/ferry-sync/threads=2), so that every
// variant is compared with the baseline of the same case.
package main

import (
	"math"
	"slices"
	"sort"
	"strings"
)

type rule struct {
	family   string
	question string
	baseline string   // compared with, per case; "" means the first variant seen
	headline []string // what the answer is about; nil means "ferry", else all but the baseline
	refs     []ref    // lines to read the results against, not rows
	metric   string   // the unit compared, lower is better; "" means ns/op
	// variantFirst: the variant is the element after the family
	// (NativeToGo/<variant>/threads=N), not the last one.
	variantFirst bool
	// variant, if set, names the only variant: every element after the
	// family is the case (ZeroAlloc/<method>).
	variant string
}

type ref struct {
	variant string
	meaning string // reads after "1.3x ": "the floor of any design without runtime internals"
}

// rules, in the order the report shows the families; families without a
// rule follow in the order they appear.
var rules = []rule{
	{family: "CallOverhead", question: "What does a Go -> C call cost?",
		baseline: "cgo", headline: []string{"ferry"},
		refs: []ref{{"abi0-floor", "the floor of any design without runtime internals"},
			{"go", "a plain Go call"}}},
	{family: "CallPair", question: "What does a call returning two registers (a 16-byte struct) cost?",
		baseline: "cgo", headline: []string{"ferry"}},
	{family: "Callback", question: "What does a C -> Go callback inside a call cost?",
		baseline: "cgo", headline: []string{"ferry"}},
	{family: "GCStopTheWorld", question: "How long does a GC stop-the-world wait for a goroutine in native calls of the given length?",
		baseline: "ferry-cgo-mode", headline: []string{"ferry"}, metric: "max-stw-ns"},
	{family: "NativeToGo", question: "What does a call from a native thread into Go cost?",
		baseline: "cgo-export", headline: []string{"ferry-async", "ferry-sync"}, variantFirst: true},
	{family: "GoSide", question: "Does the generated Go side of native -> Go calls cost more than hand-written glue?",
		baseline: "by-hand", headline: []string{"generated"}},
	{family: "SeedRegex", question: "Go's regexp API on Rust's engine: how fast is `.y` on 50 x then y?",
		baseline: "go-regexp", headline: []string{"ferry"},
		refs: []ref{{"rust-native", "the engine's own time"},
			{"rust-regex-crate", "the regex crate's own API"}}},
	{family: "Regex", question: "The regexp suite: ferry's regexp against Go's, by pattern and input size",
		baseline: "go-regexp", headline: []string{"ferry"}},
	{family: "RegexMany", question: "Many regexps at once: ferry's regexp against Go's",
		baseline: "go-regexp", headline: []string{"ferry"}},
	{family: "Compile", question: "What does compiling a regexp cost?",
		baseline: "go-regexp", headline: []string{"ferry"}},
	{family: "CompileMatchOnce", question: "What does a regexp compiled for one use cost, its searches included?",
		baseline: "go-regexp", headline: []string{"ferry"}},
	{family: "ZeroAlloc", question: "Do the hot regexp methods allocate?", variant: "ferry"},
	{family: "Generated", question: "Do ferry-gen's bindings cost what hand-written ferry calls do?",
		baseline: "cgo", headline: []string{"generated", "ferry"},
		refs: []ref{{"ferry-by-hand", "the hand-written ferry call"}}},
	{family: "C", question: "What does a C library bound only by ferry-gen (libxxhash) cost against cgo?",
		baseline: "cgo", headline: []string{"ferry"}},
	{family: "LZ4", question: "What does LZ4 (Debian's liblz4) bound by ferry-gen from its own header cost against cgo?",
		baseline: "cgo", headline: []string{"ferry"}},
	{family: "Threshold", question: "Up to which size does a fast call pay off against cgo?",
		baseline: "cgo", headline: []string{"fast"}},
	{family: "SQLite", question: "SQLite through ferry against the cgo (mattn) and pure-Go (modernc) drivers",
		baseline: "mattn", headline: []string{"ferry"}},
}

// stat summarizes one metric's runs: the median and the extremes.
type stat struct {
	med, lo, hi float64
	n           int
}

func summarize(xs []float64) stat {
	s := slices.Clone(xs)
	sort.Float64s(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return stat{med: med, lo: s[0], hi: s[len(s)-1], n: len(s)}
}

// spread is the distance of the farthest run from the median, relative
// to the median.
func (s stat) spread() float64 {
	if s.med == 0 {
		return 0
	}
	return math.Max(s.hi-s.med, s.med-s.lo) / s.med
}

// overlaps reports whether the runs of s and t cover a common range: their
// difference is within the noise.
func (s stat) overlaps(t stat) bool {
	return s.n > 1 && t.n > 1 && s.lo <= t.hi && t.lo <= s.hi
}

// result is one variant's figures in one case.
type result struct {
	metric stat
	allocs *stat // nil if allocs/op was not reported
}

type benchCase struct {
	name     string
	variants []string // in order of appearance, references included
	results  map[string]result
	baseline string // the variant the others are compared with ("" if none)
}

type group struct {
	rule     rule
	metric   string
	cases    []*benchCase
	variants []string // non-reference variants, baseline first
	refs     []ref    // the rule's references that have results
	headline []string // variants the answer is about, present in the results
}

// split cuts a benchmark name into family, case and variant by rule.
func split(name string) (family, caseName, variant string) {
	elems := strings.Split(name, "/")
	family, rest := elems[0], elems[1:]
	r := ruleFor(family)
	switch {
	case r.variant != "":
		return family, strings.Join(rest, "/"), r.variant
	case len(rest) == 0:
		return family, "", family
	case r.variantFirst:
		return family, strings.Join(rest[1:], "/"), rest[0]
	default:
		return family, strings.Join(rest[:len(rest)-1], "/"), rest[len(rest)-1]
	}
}

func ruleFor(family string) rule {
	for _, r := range rules {
		if r.family == family {
			return r
		}
	}
	return rule{family: family}
}

func (r rule) isRef(variant string) bool {
	return slices.ContainsFunc(r.refs, func(x ref) bool { return x.variant == variant })
}

// groupRuns sorts the results into families, in the report's order.
func groupRuns(rs *runs) []*group {
	byFamily := map[string]*group{}
	var seen []string
	for _, name := range rs.names {
		family, caseName, variant := split(name)
		g := byFamily[family]
		if g == nil {
			r := ruleFor(family)
			g = &group{rule: r, metric: r.metric}
			if g.metric == "" {
				g.metric = "ns/op"
			}
			byFamily[family] = g
			seen = append(seen, family)
		}
		values := rs.samples[name][g.metric]
		if len(values) == 0 {
			continue // a benchmark that did not report the family's metric
		}
		c := g.caseNamed(caseName)
		res := result{metric: summarize(values)}
		if a := rs.samples[name]["allocs/op"]; len(a) > 0 {
			s := summarize(a)
			res.allocs = &s
		}
		if _, dup := c.results[variant]; !dup {
			c.variants = append(c.variants, variant)
		}
		c.results[variant] = res
	}
	var order []*group
	for _, r := range rules {
		if g := byFamily[r.family]; g != nil {
			order = append(order, g)
			delete(byFamily, r.family)
		}
	}
	for _, f := range seen {
		if g := byFamily[f]; g != nil {
			order = append(order, g)
		}
	}
	var out []*group
	for _, g := range order {
		if len(g.cases) > 0 {
			g.settle()
			out = append(out, g)
		}
	}
	return out
}

func (g *group) caseNamed(name string) *benchCase {
	for _, c := range g.cases {
		if c.name == name {
			return c
		}
	}
	c := &benchCase{name: name, results: map[string]result{}}
	g.cases = append(g.cases, c)
	return c
}

// settle picks each case's baseline and the group's variant order,
// references and headline once all results are in.
func (g *group) settle() {
	var all []string
	for _, c := range g.cases {
		for _, v := range c.variants {
			if !slices.Contains(all, v) {
				all = append(all, v)
			}
		}
	}
	base := g.rule.baseline
	if !slices.Contains(all, base) {
		base = ""
		for _, v := range all {
			if !g.rule.isRef(v) {
				base = v
				break
			}
		}
	}
	if base != "" {
		g.variants = append(g.variants, base)
	}
	for _, v := range all {
		if v != base && !g.rule.isRef(v) {
			g.variants = append(g.variants, v)
		}
	}
	for _, r := range g.rule.refs {
		if slices.Contains(all, r.variant) {
			g.refs = append(g.refs, r)
		}
	}
	for _, c := range g.cases {
		c.baseline = ""
		if _, ok := c.results[base]; ok {
			c.baseline = base
		} else {
			for _, v := range c.variants {
				if !g.rule.isRef(v) {
					c.baseline = v
					break
				}
			}
		}
	}
	want := g.rule.headline
	if want == nil {
		want = []string{"ferry"}
		if !slices.Contains(all, "ferry") && len(g.variants) > 0 {
			want = g.variants[min(1, len(g.variants)-1):] // all but the baseline, if others
		}
	}
	for _, v := range want {
		if slices.Contains(g.variants, v) {
			g.headline = append(g.headline, v)
		}
	}
}

// baseline is the group's baseline variant ("" if it has none).
func (g *group) baseline() string {
	if len(g.variants) == 0 {
		return ""
	}
	return g.variants[0]
}

// worst returns the widest spread among the group's results and where.
func (g *group) worst() (spread float64, caseName, variant string, runs int) {
	runs = math.MaxInt
	for _, c := range g.cases {
		for _, v := range c.variants {
			s := c.results[v].metric
			runs = min(runs, s.n)
			if sp := s.spread(); sp > spread {
				spread, caseName, variant = sp, c.name, v
			}
		}
	}
	return spread, caseName, variant, runs
}
