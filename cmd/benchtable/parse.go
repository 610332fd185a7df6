// parse.go reads Go's benchmark format (the lines `go test -bench` prints,
// and the Rust harnesses print alike): result lines, and the "cpu:",
// "goos:" and "goarch:" lines that say where they were measured. Lines of
// any other kind (PASS, ok, build output) are skipped.
package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// runs holds every benchmark's samples, by name as it appears after
// "Benchmark" without the -GOMAXPROCS suffix ("NativeToGo/ferry-sync/threads=2").
type runs struct {
	names   []string                        // in order of first appearance
	samples map[string]map[string][]float64 // name -> unit -> one value per run
	cpus    []string                        // distinct "cpu:" lines
	goos    string
	goarch  string
}

func newRuns() *runs {
	return &runs{samples: map[string]map[string][]float64{}}
}

// benchLine matches "BenchmarkName-8   1000   12.5 ns/op   0 B/op ...".
var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+(.+)$`)

// parse adds the results in r to rs.
func (rs *runs) parse(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if key, value, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(line, "Benchmark") {
			value = strings.TrimSpace(value)
			switch key {
			case "cpu":
				if !slices.Contains(rs.cpus, value) {
					rs.cpus = append(rs.cpus, value)
				}
			case "goos":
				rs.goos = value
			case "goarch":
				rs.goarch = value
			}
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := m[1]
		units := rs.samples[name]
		if units == nil {
			units = map[string][]float64{}
			rs.samples[name] = units
			rs.names = append(rs.names, name)
		}
		fields := strings.Fields(m[2])
		if len(fields)%2 != 0 {
			return fmt.Errorf("odd value/unit fields in %q", line)
		}
		for i := 0; i < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return fmt.Errorf("bad value %q in %q", fields[i], line)
			}
			units[fields[i+1]] = append(units[fields[i+1]], v)
		}
	}
	return sc.Err()
}
