//go:build linux && amd64 && cgo && !ferry_goregexp

package regexp

import "testing"

func TestLeadingLiteral(t *testing.T) {
	cases := map[string]string{
		`\[(\S+)\]`:  "[",
		`((ab)c)\d`:  "ab", // stops at the first group's end
		`abc`:        "abc",
		`^abc`:       "",
		`(?i)abc`:    "",
		`a+b`:        "",
		`ab|ac`:      "a", // Go's parser factors the common prefix
		`x\x{FFFD}y`: "x",
		`\x{FFFD}y`:  "",
		`.abc`:       "",
	}
	for pat, want := range cases {
		if got := leadingLiteral(mustParse(pat)); got != want {
			t.Errorf("leadingLiteral(%q) = %q, want %q", pat, got, want)
		}
	}
	// Skipping to the first occurrence still finds a later match.
	re := MustCompile(`\[(\d+)\]`)
	re.Warm()
	if got := re.FindStringSubmatchIndex("[x] [12]"); len(got) != 4 || got[0] != 4 || got[3] != 7 {
		t.Errorf("FindStringSubmatchIndex = %v, want [4 8 5 7]", got)
	}
	if re.MatchString("no bracket here") || !re.MatchString("a [1] b") {
		t.Error("MatchString with a prefix")
	}
}
