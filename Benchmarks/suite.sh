#!/usr/bin/env bash
# The standard benchmark cases through `rnn bench`, as a table (no PyTorch needed;
# Benchmarks/compare_pytorch.py runs the same cases against PyTorch side by side).
#   Benchmarks/suite.sh [THREADS] [REPEAT]        (defaults: all cores, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
rnn=${RNN:-.build/release/rnn}
[ -x "$rnn" ] || swift build -c release >/dev/null
threads=${1:-$(nproc)}
repeat=${2:-10}
cases=(
  "lstm stream 1 100 64 256 1"
  "lstm infer 1 100 128 256 1"
  "lstm infer 64 100 512 512 1"
  "gru infer 64 100 512 512 1"
  "lstm train 32 100 128 512 2"
  "rnn_tanh infer 64 100 512 512 1"
)
printf '%-9s %-7s %5s %5s %5s %5s %3s %12s %12s %9s %9s\n' cell mode B T I H L "median" "min" "GFLOP/s" "RSS MiB"
for c in "${cases[@]}"; do
  read -r cell mode B T I H L <<< "$c"
  json=$("$rnn" bench --cell "$cell" --mode "$mode" --batch "$B" --seq "$T" --input "$I" --hidden "$H" \
         --layers "$L" --threads "$threads" --repeat "$repeat" --json)
  python3 - "$json" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
unit, scale = ("us/step", 1e6 / d["seq"]) if d["mode"] == "stream" else ("ms", 1e3)
print(f"{d['cell']:9s} {d['mode']:7s} {d['batch']:5d} {d['seq']:5d} {d['input']:5d} {d['hidden']:5d} {d['layers']:3d} "
      f"{d['median_s'] * scale:8.3f} {unit:3s} {d['min_s'] * scale:8.3f} {unit:3s} {d['gflops']:9.1f} {d['peak_rss_mb']:9.1f}")
PY
done
json=$("$rnn" bench --mode matmul --size 1024 --threads "$threads" --repeat "$repeat" --json)
python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(f\"matmul 1024^3: median {d['median_s']*1e3:.3f} ms, {d['gflops']:.1f} GFLOP/s ({d['isa']}, {d['threads']} threads)\")" "$json"
echo "(matrix multiply against a naive loop: Benchmarks/matmul_bench.sh)"
