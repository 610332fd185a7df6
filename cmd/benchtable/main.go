// Command benchtable turns `make bench`'s raw results into a report a
// user reads at a glance, and a chart.
//
// It reads Go benchmark output (the files named on the command line:
// build/bench-*.txt, which stay in Go's format so that benchstat can
// compare two runs), sorts the results into families
// (BenchmarkNativeToGo/ferry-sync/threads=2 is variant ferry-sync of
// family NativeToGo, case threads=2), takes the median and spread of the
// runs, and prints per family the question it answers, the answer against
// the family's baseline and reference lines, and a table (report.go); with
// -svg it also draws the chart (svg.go). What each family means is in one
// table, rules in groups.go.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
)

func main() {
	svgPath := flag.String("svg", "", "also write the chart to this `file`")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: benchtable [-svg FILE] RESULTS.txt...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	rs := newRuns()
	for _, path := range flag.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fail(err)
		}
		if err := rs.parse(bytes.NewReader(data)); err != nil {
			fail(fmt.Errorf("%s: %v", path, err))
		}
	}
	groups := groupRuns(rs)
	if len(groups) == 0 {
		fail(fmt.Errorf("no benchmark results in %v", flag.Args()))
	}
	m := probeMachine(rs, flag.Args())
	writeReport(os.Stdout, m, groups)
	if *svgPath != "" {
		var chart bytes.Buffer
		if err := writeSVG(&chart, m, groups); err != nil {
			fail(err)
		}
		if err := os.WriteFile(*svgPath, chart.Bytes(), 0o644); err != nil {
			fail(err)
		}
		fmt.Printf("\nChart: %s\n", *svgPath)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchtable:", err)
	os.Exit(1)
}
