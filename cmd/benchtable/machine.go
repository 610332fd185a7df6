// machine.go gathers the report's header: which machine, OS, toolchains,
// commit and date the figures belong to. Every probe may fail (no git, no
// rustc, no /proc): it then says "unknown" instead of stopping the report.
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

type machine struct {
	cpu, os, goVersion, rust, commit, date string
}

const unknown = "unknown"

// lines are the header's key/value pairs in print order.
func (m machine) lines() [][2]string {
	return [][2]string{{"machine", m.cpu}, {"os", m.os}, {"go", m.goVersion},
		{"rust", m.rust}, {"commit", m.commit}, {"date", m.date}}
}

// probeMachine describes this machine; the CPU named by the benchmarks'
// own "cpu:" lines if they have one, the date that of the newest input.
func probeMachine(rs *runs, files []string) machine {
	cpu := strings.Join(rs.cpus, "; ")
	if cpu == "" {
		cpu = cpuModel("/proc/cpuinfo")
	}
	cpu = fmt.Sprintf("%s, %d CPUs", cpu, runtime.NumCPU())
	last := newest(files)
	// The load now says how busy the machine was only if the benchmarks
	// have just finished.
	if load, err := os.ReadFile("/proc/loadavg"); err == nil && time.Since(last) < 10*time.Minute {
		if f := strings.Fields(string(load)); len(f) >= 3 {
			cpu += fmt.Sprintf(", load average %s %s %s at the end", f[0], f[1], f[2])
		}
	}
	date := unknown
	if !last.IsZero() {
		date = last.UTC().Format("2006-01-02 15:04 UTC") + " (the newest result file)"
	}
	goos, goarch := rs.goos, rs.goarch
	if goos == "" {
		goos, goarch = runtime.GOOS, runtime.GOARCH
	}
	osName := output("uname", "-sr")
	if pretty := osRelease("/etc/os-release"); pretty != unknown {
		osName += ", " + pretty
	}
	commit := output("git", "rev-parse", "--short", "HEAD")
	if commit != unknown && output("git", "status", "--porcelain", "--untracked-files=no") != "" {
		commit += " with uncommitted changes"
	}
	return machine{
		cpu:       cpu,
		os:        osName,
		goVersion: runtime.Version() + " " + goos + "/" + goarch,
		rust:      output("rustc", "--version"),
		commit:    commit,
		date:      date,
	}
}

// output runs a command and returns its first line of output, or
// "unknown" if it cannot be run or fails.
func output(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return unknown
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// cpuModel is /proc/cpuinfo's first "model name" (absent on arm64).
func cpuModel(path string) string {
	return field(path, "model name", ":")
}

// osRelease is /etc/os-release's PRETTY_NAME.
func osRelease(path string) string {
	return strings.Trim(field(path, "PRETTY_NAME", "="), `"`)
}

// field returns the value of the first "key<sep>value" line in a file.
func field(path, key, sep string) string {
	f, err := os.Open(path)
	if err != nil {
		return unknown
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), sep)
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return unknown
}

// newest is the modification time of the newest file: when the last
// benchmark finished (zero if none can be read).
func newest(files []string) time.Time {
	var t time.Time
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && st.ModTime().After(t) {
			t = st.ModTime()
		}
	}
	return t
}
