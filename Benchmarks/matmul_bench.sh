#!/bin/sh
# Builds and runs the matrix-multiply benchmark (optimised, as a release build).
#   Benchmarks/matmul_bench.sh [level]      e.g. matmul_bench.sh scalar
# CC defaults to clang (falls back to cc); extra CFLAGS may be given in CFLAGS.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-$(command -v clang >/dev/null 2>&1 && echo clang || echo cc)}
OUT=${TMPDIR:-/tmp}/rnn_matmul_bench.$$
# shellcheck disable=SC2086
$CC -std=c11 -O2 -D_GNU_SOURCE ${CFLAGS:-} -I"$ROOT/CKernels/include" -I"$ROOT/CKernels" \
    "$ROOT"/CKernels/*.c "$ROOT/Benchmarks/matmul_bench.c" -o "$OUT" -lpthread -lm
status=0
"$OUT" "$@" || status=$?
rm -f "$OUT"
exit $status
