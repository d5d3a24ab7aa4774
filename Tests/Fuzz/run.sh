#!/usr/bin/env bash
# Builds the safetensors/JSON fuzzer with libFuzzer + AddressSanitizer and runs it.
#
#   Tests/Fuzz/run.sh [seconds]        (default 60)
#
# The format sources are compiled together with the harness as one module. New corpus
# entries go to Tests/Fuzz/out/corpus (git-ignored); the committed seeds in Tests/Fuzz/corpus
# are read but never modified. Crashing inputs are saved as Tests/Fuzz/out/crash-*.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-60}"
out="$here/out"
mkdir -p "$out/corpus"

sources=(
    "$root/Sources/Recurrent/Format/JSON.swift"
    "$root/Sources/Recurrent/Format/SafeTensors.swift"
    "$root/Sources/Recurrent/Format/AtomicFile.swift"
    "$here/FuzzSafeTensors.swift"
)

echo "building fuzzer..."
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name Recurrent -use-ld=lld \
    "${sources[@]}" -o "$out/fuzz-safetensors"

echo "fuzzing for ${seconds} s..."
log="$out/fuzz.log"
status=0
"$out/fuzz-safetensors" "$out/corpus" "$here/corpus" \
    -dict="$here/safetensors.dict" \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="$out/" -print_final_stats=1 2>&1 | tee "$log" | grep -E "^(#[0-9]+ *(INITED|DONE)|==|SUMMARY|Done|stat::)" || true
status=${PIPESTATUS[0]}

executions="$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$' || true)"
if [ -z "$executions" ]; then
    executions="$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)"
fi
echo "executions: ${executions:-unknown}"
if [ "$status" -ne 0 ]; then
    echo "fuzzer FAILED (exit $status); see $log and $out/crash-*" >&2
    exit "$status"
fi
echo "no crashes"
