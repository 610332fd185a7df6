#!/bin/sh
# run.sh FUZZER SECONDS: a short libFuzzer run over ferry-gen (front end and
# emitters), seeded with the fixtures, the library interface xxhash.h, the
# bad inputs and every input that once failed (regressions/). Fails on any
# crash, leak or sanitizer report (libFuzzer exits non-zero and saves the
# input).
set -eu
fuzzer=$1
seconds=$2
corpus=build/ferry-gen-fuzz-corpus
mkdir -p "$corpus" build/ferry-gen-fuzz-crashes
cp fixtures/*/*.h xxhash/xxhash.h ferry-gen/testdata/bad/*.h ferry-gen/fuzz/regressions/* "$corpus"/
"$fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=5 \
	-dict=ferry-gen/fuzz/ferry-gen.dict \
	-artifact_prefix=build/ferry-gen-fuzz-crashes/ \
	-print_final_stats=1 "$corpus" 2>build/ferry-gen-fuzz.log || {
	tail -40 build/ferry-gen-fuzz.log
	echo "FAIL ferry-gen fuzzer: see build/ferry-gen-fuzz.log and build/ferry-gen-fuzz-crashes/"
	exit 1
}
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' build/ferry-gen-fuzz.log)
echo "ok   ferry-gen fuzzer: $runs inputs in ${seconds}s, no crash or sanitizer report"
