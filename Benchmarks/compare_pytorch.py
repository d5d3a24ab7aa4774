#!/usr/bin/env python3
"""Runs the standard benchmark cases in PyTorch and in `rnn bench`, side by side in one
run on the same machine with the same thread count, and prints both times and the ratio
(PyTorch time / our time; above 1 means we are faster).

Each case runs in --rounds rounds that alternate which side goes first; a round times
--repeat runs of each side (after warm-up runs). A side's time is the median of all its
timed runs, so a slow spell of a shared machine falls on both sides alike.

Needs PyTorch (pip install torch) and a release build (swift build -c release).
Usage: python3 Benchmarks/compare_pytorch.py [--threads 2] [--repeat 5] [--rounds 10] [--rnn PATH] [--markdown] [--only TEXT]
CI does not run this script.
"""
import argparse, json, os, statistics, subprocess, sys, time

CASES = [
    # (label, cell, mode, batch, seq, input, hidden, layers)
    ("stream LSTM I=64 H=256 (per step)", "lstm", "stream", 1, 100, 64, 256, 1),
    ("infer LSTM B=1 T=100 I=128 H=256", "lstm", "infer", 1, 100, 128, 256, 1),
    ("infer LSTM B=64 T=100 I=512 H=512", "lstm", "infer", 64, 100, 512, 512, 1),
    ("infer GRU B=64 T=100 I=512 H=512", "gru", "infer", 64, 100, 512, 512, 1),
    ("train LSTM B=32 T=100 I=128 H=512 L=2", "lstm", "train", 32, 100, 128, 512, 2),
]


def torch_case(torch, cell, mode, B, T, I, H, L, repeat, warmup):
    mod = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}.get(cell)
    if mod is None:
        mod = lambda *a, **k: torch.nn.RNN(*a, nonlinearity=cell.split("_")[1], **k)
    net = mod(I, H, num_layers=L, batch_first=True)
    x = torch.rand(B, T, I) * 2 - 1
    if mode == "infer":
        def run():
            with torch.no_grad():
                net(x)
    elif mode == "stream":
        steps = x[0].reshape(T, 1, 1, I)
        def run():
            with torch.no_grad():
                state = None
                for t in range(T):
                    _, state = net(steps[t], state)
    else:
        target = torch.rand(B, T, H) * 2 - 1
        opt = torch.optim.Adam(net.parameters(), lr=1e-4)
        loss_fn = torch.nn.MSELoss()
        def run():
            out, _ = net(x)
            loss = loss_fn(out, target)
            opt.zero_grad()
            loss.backward()
            opt.step()
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return times


def torch_matmul(torch, n, repeat):
    a, b = torch.rand(n, n), torch.rand(n, n)
    for _ in range(3):
        torch.matmul(a, b)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        torch.matmul(a, b)
        times.append(time.perf_counter() - t0)
    return times


def rounds(n, ours, theirs):
    """Runs ours() and theirs() (each returns a list of times) n times, alternating which
    goes first; returns the median of each side's pooled times."""
    mine, other = [], []
    for r in range(n):
        if r % 2 == 0:
            mine += ours()
            other += theirs()
        else:
            other += theirs()
            mine += ours()
    return statistics.median(mine), statistics.median(other)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--rnn", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "rnn"))
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--only", default="", help="run only the cases whose label contains this text")
    args = ap.parse_args()
    try:
        import torch
    except ImportError:
        sys.exit("PyTorch is not installed (pip install torch); this comparison needs it")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rows = []
    def bench(*extra):
        cmd = [args.rnn, "bench", *extra, "--threads", str(args.threads), "--repeat", str(args.repeat), "--json"]
        return lambda: json.loads(subprocess.check_output(cmd))["times_s"]

    for label, cell, mode, B, T, I, H, L in CASES:
        if args.only not in label:
            continue
        ours = bench("--cell", cell, "--mode", mode, "--batch", str(B), "--seq", str(T), "--input", str(I),
                     "--hidden", str(H), "--layers", str(L))
        ot, theirs = rounds(args.rounds, ours,
                            lambda: torch_case(torch, cell, mode, B, T, I, H, L, args.repeat, 2))
        if mode == "stream":
            rows.append((label, theirs / T * 1e6, ot / T * 1e6, "us/step", theirs / ot))
        else:
            rows.append((label, theirs * 1e3, ot * 1e3, "ms", theirs / ot))
    if args.only in "matmul 1024x1024x1024":
        ot, theirs = rounds(args.rounds, bench("--mode", "matmul", "--size", "1024"),
                            lambda: torch_matmul(torch, 1024, args.repeat))
        rows.append(("matmul 1024x1024x1024", theirs * 1e3, ot * 1e3, "ms", theirs / ot))
    cpu = ""
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
    except Exception:
        pass
    print(f"# {cpu}, {args.threads} threads, fp32, PyTorch {torch.__version__}, "
          f"median of {args.rounds} alternating rounds x {args.repeat} runs per side")
    if args.markdown:
        print("| case | PyTorch | Recurrent | ratio (PyTorch / ours) |")
        print("| --- | ---: | ---: | ---: |")
        for label, t, o, unit, r in rows:
            print(f"| {label} | {t:.3f} {unit} | {o:.3f} {unit} | {r:.2f}x |")
    else:
        print(f"{'case':42s} {'PyTorch':>14s} {'Recurrent':>14s} {'ratio':>8s}")
        for label, t, o, unit, r in rows:
            print(f"{label:42s} {t:10.3f} {unit:3s} {o:10.3f} {unit:3s} {r:7.2f}x")


if __name__ == "__main__":
    main()
