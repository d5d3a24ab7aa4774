#!/usr/bin/env python3
"""Character-level LSTM on Shakespeare: the same model, initialisation, batching and
settings trained one epoch in PyTorch and in `rnn train --task charlm`, side by side on
the same machine and thread count. Prints wall time and validation loss of both.

Needs PyTorch and safetensors (pip install torch safetensors) and a release build.
Usage: python3 Benchmarks/charlm_pytorch.py [--data ../shared/data/shakespeare.txt]
       [--threads 2] [--epochs 1] [--rnn .build/release/rnn] [--max-chars N]
CI does not run this script.
"""
import argparse, json, math, os, re, subprocess, sys, tempfile, time


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "shakespeare.txt"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--seq-len", type=int, default=100)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=0.002)
    ap.add_argument("--clip", type=float, default=5.0)
    ap.add_argument("--max-chars", type=int, default=0, help="use only the first N characters (quick runs)")
    ap.add_argument("--rnn", default=os.path.join(here, "..", ".build", "release", "rnn"))
    args = ap.parse_args()

    import torch
    from safetensors.torch import save_file
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    text = open(args.data, encoding="utf-8").read()
    if args.max_chars:
        text = text[: args.max_chars]
    vocab = sorted(set(text), key=ord)                    # sorted Unicode scalars, as rnn does
    index = {c: i for i, c in enumerate(vocab)}
    tokens = torch.tensor([index[c] for c in text], dtype=torch.long)
    V, B, T = len(vocab), args.batch_size, args.seq_len
    n_val = int(len(tokens) * 0.05)
    train, val = tokens[: len(tokens) - n_val], tokens[len(tokens) - n_val:]

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = torch.nn.LSTM(V, args.hidden, num_layers=args.layers, batch_first=True)
            self.head = torch.nn.Linear(args.hidden, V)

        def forward(self, x, state):
            out, state = self.rnn(torch.nn.functional.one_hot(x, V).float(), state)
            return self.head(out), state

    net = Net()
    tmp = tempfile.mkdtemp()
    init_path = os.path.join(tmp, "init.safetensors")
    save_file({k: v.contiguous() for k, v in net.state_dict().items()}, init_path,
              metadata={"cell": "lstm", "task": "charlm", "vocab": json.dumps(vocab, ensure_ascii=False)})

    def streams(toks, b):
        L = len(toks) // b
        return toks[: b * L].view(b, L), L

    def chunks(L):
        start = 0
        while start < L - 1:
            t = min(T, L - 1 - start)
            yield start, t
            start += t

    def evaluate(toks):
        b = min(B, max(1, (len(toks) - 1) // T))
        s, L = streams(toks, b)
        state, total, count = None, 0.0, 0
        with torch.no_grad():
            for start, t in chunks(L):
                logits, state = net(s[:, start:start + t], state)
                loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), s[:, start + 1:start + t + 1].reshape(-1), reduction="sum")
                total += loss.item()
                count += b * t
        return total / count

    # PyTorch run.
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    s, L = streams(train, B)
    t0 = time.perf_counter()
    steps = 0
    for epoch in range(args.epochs):
        state = None
        for start, t in chunks(L):
            logits, state = net(s[:, start:start + t], state)
            state = tuple(x.detach() for x in state)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), s[:, start + 1:start + t + 1].reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), args.clip)
            opt.step()
            steps += 1
    torch_time = time.perf_counter() - t0
    torch_val = evaluate(val)

    # Recurrent run from the same initial weights.
    data_path = os.path.join(tmp, "data.txt")
    open(data_path, "w", encoding="utf-8").write(text)
    out_path = os.path.join(tmp, "out.safetensors")
    cmd = [args.rnn, "train", "--task", "charlm", "--init", init_path, "--data", data_path,
           "--seq-len", str(T), "--batch-size", str(B), "--optimizer", "adam", "--lr", str(args.lr),
           "--clip", str(args.clip), "--epochs", str(args.epochs), "--threads", str(args.threads),
           "--save", out_path]
    t0 = time.perf_counter()
    log = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    ours_time = time.perf_counter() - t0
    m = re.search(r"validation loss ([0-9.]+) nats/char", log)
    ours_val = float(m.group(1)) if m else float("nan")

    print(f"# {len(text)} characters, vocabulary {V}, {args.layers}x{args.hidden} LSTM, seq-len {T}, "
          f"batch {B}, Adam lr {args.lr}, clip {args.clip}, {args.epochs} epoch(s), {steps} updates, {args.threads} threads")
    print(f"{'':12s} {'wall time':>12s} {'val loss (nats/char)':>22s} {'bits/char':>10s}")
    print(f"{'PyTorch':12s} {torch_time:10.1f} s {torch_val:22.4f} {torch_val / math.log(2):10.4f}")
    print(f"{'Recurrent':12s} {ours_time:10.1f} s {ours_val:22.4f} {ours_val / math.log(2):10.4f}")
    print(f"speed-up {torch_time / ours_time:.2f}x, val loss difference {ours_val - torch_val:+.4f} nats")


if __name__ == "__main__":
    main()
