#!/bin/sh
# Builds and runs the standalone C kernel tests.
#   Tests/CKernelTests/run.sh [extra compiler flags...]
#   e.g. run.sh -fsanitize=address,undefined
#        CC="clang --target=aarch64-linux-gnu" RUNNER=qemu-aarch64-static run.sh
# CC defaults to cc; RUNNER (an emulator) is empty by default; OUT is the binary path.
# For qemu-aarch64, QEMU_LD_PREFIX defaults to /usr/aarch64-linux-gnu (Debian's
# libc6-dev-arm64-cross); RNN_TEST_NO_BENCH=1 skips the timing at the end.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-cc}
RUNNER=${RUNNER:-}
OUT=${OUT:-${TMPDIR:-/tmp}/rnn_kernel_test.$$}
# shellcheck disable=SC2086
$CC -std=c11 -O1 -g -D_GNU_SOURCE -Wall -Wextra -I"$ROOT/CKernels/include" -I"$ROOT/CKernels" \
    "$@" "$ROOT"/CKernels/*.c "$ROOT/Tests/CKernelTests/kernel_test.c" -o "$OUT" -lpthread -lm
# A dynamically linked cross binary under qemu-user needs the target's loader and libc.
case "$RUNNER" in
*qemu-aarch64*)
    if [ -z "${QEMU_LD_PREFIX:-}" ] && [ -d /usr/aarch64-linux-gnu ]; then
        export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu
    fi ;;
esac
status=0
$RUNNER "$OUT" || status=$?
rm -f "$OUT"
exit $status
