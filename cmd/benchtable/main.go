// Command benchtable prints the comparison tables of `make bench`.
//
// It reads Go benchmark output (files named on the command line), groups
// results into families by dropping the last element of each name
// (BenchmarkCallOverhead/ferry is variant "ferry" of family
// "CallOverhead"), takes the median of every metric over the runs, and
// prints one table per family with each variant's ratio to the family's
// first variant, its baseline. Medians and ratios, because machines are
// noisy and absolute figures move between runs.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

type family struct {
	name     string
	variants []string                        // in order of first appearance
	metrics  []string                        // units, in order of first appearance
	values   map[string]map[string][]float64 // variant -> unit -> values
}

// benchLine matches "BenchmarkName-8   1000   12.5 ns/op   0 B/op ...".
var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+(.+)$`)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtable FILE...")
		os.Exit(2)
	}
	var order []string
	families := map[string]*family{}
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
		if err := parse(f, families, &order); err != nil {
			fmt.Fprintf(os.Stderr, "benchtable: %s: %v\n", path, err)
			os.Exit(1)
		}
		f.Close()
	}
	for _, name := range order {
		print(os.Stdout, families[name])
	}
}

func parse(r io.Reader, families map[string]*family, order *[]string) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		name, variant := m[1], ""
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name, variant = name[:i], name[i+1:]
		}
		fam := families[name]
		if fam == nil {
			fam = &family{name: name, values: map[string]map[string][]float64{}}
			families[name] = fam
			*order = append(*order, name)
		}
		if fam.values[variant] == nil {
			fam.values[variant] = map[string][]float64{}
			fam.variants = append(fam.variants, variant)
		}
		fields := strings.Fields(m[2])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return fmt.Errorf("bad value %q in %q", fields[i], sc.Text())
			}
			unit := fields[i+1]
			if !contains(fam.metrics, unit) {
				fam.metrics = append(fam.metrics, unit)
			}
			fam.values[variant][unit] = append(fam.values[variant][unit], v)
		}
	}
	return sc.Err()
}

func print(w io.Writer, fam *family) {
	base := fam.variants[0]
	var units []string
	for _, u := range fam.metrics {
		if u != "B/op" { // allocs/op says what matters
			units = append(units, u)
		}
	}
	fmt.Fprintf(w, "\n%s\n\n", fam.name)
	header := []string{"variant"}
	for _, u := range units {
		header = append(header, u)
		if u == "ns/op" {
			header = append(header, "vs "+base)
		}
	}
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	baseNs, haveBase := median(fam.values[base]["ns/op"])
	for _, v := range fam.variants {
		row := []string{nonEmpty(v)}
		for _, u := range units {
			m, ok := median(fam.values[v][u])
			row = append(row, format(m, ok))
			if u == "ns/op" {
				if ok && haveBase && baseNs > 0 {
					row = append(row, fmt.Sprintf("%.2fx", m/baseNs))
				} else {
					row = append(row, "-")
				}
			}
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
}

func median(xs []float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2], true
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
}

func format(v float64, ok bool) string {
	switch {
	case !ok:
		return "-"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

func nonEmpty(s string) string {
	if s == "" {
		return "(single)"
	}
	return s
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
