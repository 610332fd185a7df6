// The report of testdata/bench.txt (real lines of one run, trimmed, and a
// few made-up ones for the cases no run has) must be testdata/report.golden
// (go test -update rewrites it), and the figures that matter must be the
// ones worked out by hand from the input.
package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden")

// fixedMachine stands for probeMachine so that the golden file does not
// depend on where the test runs.
var fixedMachine = machine{cpu: "Test CPU, 2 CPUs", os: "Linux 6.1", goVersion: "go1.26 linux/amd64",
	rust: "rustc 1.95.0", commit: "0123abc", date: "2026-12-02 05:10 UTC"}

func testGroups(t *testing.T) []*group {
	t.Helper()
	data, err := os.ReadFile("testdata/bench.txt")
	if err != nil {
		t.Fatal(err)
	}
	rs := newRuns()
	if err := rs.parse(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	return groupRuns(rs)
}

func testReport(t *testing.T) string {
	var out bytes.Buffer
	writeReport(&out, fixedMachine, testGroups(t))
	return out.String()
}

func TestGolden(t *testing.T) {
	got := testReport(t)
	if *update {
		if err := os.WriteFile("testdata/report.golden", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/report.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("report differs from testdata/report.golden (go test -update rewrites it):\n%s", got)
	}
}

// section is the part of the report about one family.
func section(t *testing.T, report, family string) string {
	t.Helper()
	_, s, ok := strings.Cut(report, "\n## "+family+": ")
	if !ok {
		t.Fatalf("no section %s in:\n%s", family, report)
	}
	s, _, _ = strings.Cut(s, "\n## ")
	return s
}

func TestFiguresByHand(t *testing.T) {
	report := testReport(t)
	for _, c := range []struct{ family, want string }{
		// cgo 32.45 36.68 38.28 -> 36.68; ferry 3.926 3.644 3.609 -> 3.644:
		// 36.68/3.644 = 10.07; abi0-floor 2.865 3.152 3.125 -> 3.125:
		// 3.644/3.125 = 1.166.
		{"CallOverhead", "ferry: 10.1x faster than cgo (3.64 ns vs 36.7 ns); 1.17x the floor of any design without runtime internals (abi0-floor)"},
		// A speedup, not a ratio of times: go-regexp 1838 ns, ferry 199.9.
		{"SeedRegex", "ferry: 9.2x faster than go-regexp (200 ns vs 1.84 µs)"},
		// Each thread count against cgo-export at the same thread count.
		{"NativeToGo", "ferry-async: 1.55x faster than cgo-export (threads=1: 50.0 ns vs 77.7 ns), 2.00x faster (threads=2: 39.1 ns vs 78.1 ns)"},
		{"NativeToGo", "|           | ferry-sync             | 72.3 ns | ±12% | 1.08x faster, within noise |"},
		// The case without cgo-export is compared with nothing.
		{"NativeToGo", "| n=64      | ferry-async-blocking   | 255 ns  | ±2%  | -                          |"},
		// The suite side by side, one row per case.
		{"Regex", "| literal/10B  | 99.9 ns ±13% | 10.4 ns ±22% | 9.6x faster                |"},
		{"Regex", "allocs/op: go-regexp up to 2, ferry up to 3"},
		// A metric other than ns/op, lower is better.
		{"GCStopTheWorld", "ferry: 1.71x higher than ferry-cgo-mode (call=10us: 6.29 ms vs 3.67 ms, within noise)"},
		// No rule: the first variant is the baseline.
		{"NewFamily", "second: 2.5x faster than first (small: 40.0 ns vs 100 ns), 2.0x slower (large: 20.0 µs vs 10.0 µs)"},
		{"NewFamily", "! one run only"},
		{"Lone", "Lone: 12.5 ns; allocates nothing"},
		{"ZeroAlloc", "ferry: 181 ns to 400 ns over 3 cases; allocates nothing"},
	} {
		if s := section(t, report, c.family); !strings.Contains(s, c.want) {
			t.Errorf("%s lacks %q:\n%s", c.family, c.want, s)
		}
	}
	// Reference variants are lines to read against, not rows.
	s := section(t, report, "CallOverhead")
	if strings.Contains(s, "| abi0-floor") || !strings.Contains(s, "- abi0-floor: 3.12 ns ±8%, the floor of any design without runtime internals") {
		t.Errorf("abi0-floor is not a reference line:\n%s", s)
	}
	if strings.Contains(section(t, report, "Callback"), "! ") {
		t.Errorf("Callback (spread ±6%%) is flagged as noisy")
	}
	if !strings.Contains(section(t, report, "SeedRegex"), "! runs spread up to ±93% (rust-regex-crate)") {
		t.Errorf("SeedRegex's wide spread is not flagged")
	}
}

func TestSplit(t *testing.T) {
	for _, c := range []struct{ name, family, caseName, variant string }{
		{"SeedRegex/ferry", "SeedRegex", "", "ferry"},
		{"NativeToGo/ferry-sync/threads=2", "NativeToGo", "threads=2", "ferry-sync"},
		{"NativeToGo/ferry-async-blocking/n=64", "NativeToGo", "n=64", "ferry-async-blocking"},
		{"Regex/literal/1KiB/go-regexp", "Regex", "literal/1KiB", "go-regexp"},
		{"RegexMany/16/ferry", "RegexMany", "16", "ferry"},
		{"ZeroAlloc/MatchString", "ZeroAlloc", "MatchString", "ferry"},
		{"GCStopTheWorld/call=10ms/ferry-cgo-mode", "GCStopTheWorld", "call=10ms", "ferry-cgo-mode"},
		{"Lone", "Lone", "", "Lone"},
	} {
		f, cn, v := split(c.name)
		if f != c.family || cn != c.caseName || v != c.variant {
			t.Errorf("split(%q) = %q, %q, %q; want %q, %q, %q", c.name, f, cn, v, c.family, c.caseName, c.variant)
		}
	}
}

func TestParse(t *testing.T) {
	rs := newRuns()
	in := "goos: linux\ngoarch: arm64\ncpu: Neoverse\n" +
		"BenchmarkA/x/threads=2-8 \t 100 \t 5.5 ns/op \t 3 allocs/op\nPASS\nok  \tpkg\t1.0s\n"
	if err := rs.parse(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if len(rs.names) != 1 || rs.names[0] != "A/x/threads=2" {
		t.Fatalf("names %q, want the suffix -8 dropped", rs.names)
	}
	if got := rs.samples["A/x/threads=2"]; got["ns/op"][0] != 5.5 || got["allocs/op"][0] != 3 {
		t.Errorf("samples %v", got)
	}
	if rs.goos != "linux" || rs.goarch != "arm64" || len(rs.cpus) != 1 || rs.cpus[0] != "Neoverse" {
		t.Errorf("goos %q goarch %q cpus %q", rs.goos, rs.goarch, rs.cpus)
	}
	for _, bad := range []string{"BenchmarkX/a-2 10 zz ns/op\n", "BenchmarkX/a-2 10 1.5 ns/op 7\n"} {
		if err := newRuns().parse(strings.NewReader(bad)); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}

func TestMachineProbes(t *testing.T) {
	if got := output("no-such-command-benchtable"); got != unknown {
		t.Errorf("a missing command gives %q, want %q", got, unknown)
	}
	if got := field("testdata/no-such-file", "model name", ":"); got != unknown {
		t.Errorf("a missing file gives %q", got)
	}
	dir := t.TempDir()
	osr := dir + "/os-release"
	if err := os.WriteFile(osr, []byte("NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := osRelease(osr); got != "Debian GNU/Linux 12 (bookworm)" {
		t.Errorf("osRelease = %q", got)
	}
	m := probeMachine(&runs{cpus: []string{"Test CPU"}}, []string{osr})
	if !strings.HasPrefix(m.cpu, "Test CPU, ") || !strings.Contains(m.date, "UTC") || m.goVersion == "" {
		t.Errorf("probeMachine = %+v", m)
	}
}
