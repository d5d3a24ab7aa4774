#!/usr/bin/env bash
# Builds the example as a separate package that depends on Recurrent (as a user's tool
# would), streams a sine wave through it, and checks it against `rnn infer`.
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --scratch-path .build 2>&1 | tail -1
python3 -c "
import math
for t in range(50): print(', '.join(f'{math.sin(0.2*t + k):.4f}' for k in range(5)))
" > .build/input.txt
.build/release/StreamDemo example-lstm.safetensors < .build/input.txt > .build/out.txt
head -3 .build/out.txt
rnn=${RNN:-../../.build/release/rnn}
if [ -x "$rnn" ]; then
  "$rnn" infer --model example-lstm.safetensors --input .build/input.txt > .build/expected.txt
  python3 - <<'PY'
a = [l for l in open(".build/out.txt").read().split("\n") if l.strip()]
b = [l for l in open(".build/expected.txt").read().split("\n") if l.strip()]
assert len(a) == len(b) == 50, (len(a), len(b))
err = max(abs(float(x) - float(y)) for la, lb in zip(a, b) for x, y in zip(la.split(","), lb.split(",")))
assert err < 1e-4, err
print(f"StreamDemo: ok, 50 steps, max difference from rnn infer {err:.1e}")
PY
else
  [ "$(wc -l < .build/out.txt)" -eq 50 ] && echo "StreamDemo: ok, 50 steps"
fi
