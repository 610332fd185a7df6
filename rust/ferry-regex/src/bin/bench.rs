//! The `rust-native` row of `BenchmarkSeedRegex`: the seed's `is_match`
//! timed inside Rust, printed as Go benchmark lines so that the table
//! printer sets it beside the Go rows and the bridge's own cost shows.
//!
//! Usage: ferry-regex-bench [COUNT [BENCHTIME [ONLY]]], BENCHTIME as Go's
//! -benchtime: "1s", "200ms" or "5000x"; ONLY: run only the rows whose
//! name starts with it (for profiling one row).

use std::hint::black_box;
use std::time::{Duration, Instant};

use ferry_regex::{Need, Re};

/// What the Go package hands the engine for Go's `.y` (see translate.go;
/// a Go test checks that the two agree).
const SEED_PATTERN: &str = r"(?:[^\n]y)";

enum BenchTime {
    Time(Duration),
    Iters(u64),
}

fn parse_benchtime(s: &str) -> BenchTime {
    if let Some(n) = s.strip_suffix('x') {
        return BenchTime::Iters(n.parse().expect("benchtime: bad iteration count"));
    }
    let (num, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len()));
    let v: f64 = num.parse().expect("benchtime: bad number");
    let secs = match unit {
        "ns" => v * 1e-9,
        "us" | "µs" => v * 1e-6,
        "ms" => v * 1e-3,
        "s" | "" => v,
        "m" => v * 60.0,
        _ => panic!("benchtime: unknown unit {unit:?}"),
    };
    BenchTime::Time(Duration::from_secs_f64(secs))
}

/// Times `f` the way Go's testing package does: grow the iteration count
/// until one run lasts the bench time, and report that run.
fn bench(bt: &BenchTime, mut f: impl FnMut() -> bool) -> (u64, f64) {
    let run = |n: u64, f: &mut dyn FnMut() -> bool| {
        let t = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        t.elapsed()
    };
    match *bt {
        BenchTime::Iters(n) => {
            let d = run(n, &mut f);
            (n, d.as_nanos() as f64 / n as f64)
        }
        BenchTime::Time(target) => {
            let mut n: u64 = 1;
            loop {
                let d = run(n, &mut f);
                if d >= target || n >= 1_000_000_000 {
                    return (n, d.as_nanos() as f64 / n as f64);
                }
                let per = (d.as_nanos() as f64 / n as f64).max(1.0);
                let want = (target.as_nanos() as f64 * 1.2 / per) as u64;
                n = want.clamp(n + 1, n.saturating_mul(100)).min(1_000_000_000);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).map_or(1, |s| s.parse().expect("count"));
    let bt = parse_benchtime(args.get(2).map_or("1s", |s| s.as_str()));
    let procs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let only = args.get(3).map_or("", |s| s.as_str());

    let re = Re::new(SEED_PATTERN).expect("seed pattern");
    let mut input = "x".repeat(50);
    input.push('y');
    let hay = input.as_bytes();
    assert_eq!(re.is_match(hay, Need::Utf8), Ok(true));

    // For reference: the same search through the regex crate's own API
    // (which keeps its caches in a pool instead of per thread).
    let crate_re = regex::bytes::Regex::new(SEED_PATTERN).expect("seed pattern");
    assert!(crate_re.is_match(hay));

    // BenchmarkRegexMany's patterns, searched in turn.
    let many_in = b"2024-01-15 12:00:01 INFO mail from sherlock@baker.org/7 to watson@baker.com/3 accepted";
    let run_many = "RegexMany/".starts_with(only) || only.starts_with("RegexMany/");
    let many: Vec<Re> = (0..if run_many { 1000 } else { 0 })
        .map(|i| Re::new(&many_pattern(i)).expect("many pattern"))
        .collect();

    println!("goos: linux\npkg: github.com/ferry-ffi/ferry/rust/ferry-regex");
    for _ in 0..count {
        // Same suffix as Go's benchmark names (GOMAXPROCS), so the rows line up.
        if "SeedRegex/rust-native".starts_with(only) {
            let (n, ns) = bench(&bt, || re.is_match(black_box(hay), Need::Utf8) == Ok(true));
            println!("BenchmarkSeedRegex/rust-native-{procs}\t{n:>10}\t{ns:>10.2} ns/op");
        }
        if "SeedRegex/rust-native-serial".starts_with(only) {
            // Each search starts only once the previous answer is known (its
            // haystack's start depends on it), as for a caller that uses the
            // answer: rust-native lets the CPU overlap one search's tail with
            // the next one's start, which no call across a boundary gets.
            let mut prev = true;
            let (n, ns) = bench(&bt, || {
                prev = re.is_match(black_box(&hay[usize::from(!prev)..]), Need::Utf8) == Ok(true);
                prev
            });
            println!("BenchmarkSeedRegex/rust-native-serial-{procs}\t{n:>10}\t{ns:>10.2} ns/op");
        }
        if "SeedRegex/rust-regex-crate".starts_with(only) {
            let (n, ns) = bench(&bt, || crate_re.is_match(black_box(hay)));
            println!("BenchmarkSeedRegex/rust-regex-crate-{procs}\t{n:>10}\t{ns:>10.2} ns/op");
        }
        for k in [1, 4, 8, 16, 64, 256, 1000] {
            if !run_many {
                continue;
            }
            let mut i = 0;
            let (n, ns) = bench(&bt, || {
                i += 1;
                many[i % k].is_match(black_box(many_in), Need::Nothing) == Ok(true)
            });
            println!("BenchmarkRegexMany/MatchString/{k}/rust-native-{procs}\t{n:>10}\t{ns:>10.2} ns/op");
        }
    }
}

/// Pattern i of BenchmarkRegexMany, `(\w+)@(\w+)\.(com|org)/<i>\b`,
/// written as the Go side translates it.
fn many_pattern(i: usize) -> String {
    let w = r"(?:[\x{30}-\x{39}\x{41}-\x{5a}\x{5f}\x{61}-\x{7a}])";
    format!(r"(?:({w}+)\x{{40}}({w}+)\x{{2e}}((?:com|org))\x{{2f}}{i}(?-u:\b))")
}
