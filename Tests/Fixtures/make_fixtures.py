#!/usr/bin/env python3
"""Generate the PyTorch reference fixtures read by the Swift tests.

    python3 Tests/Fixtures/make_fixtures.py

rewrites everything under Tests/RecurrentTests/Fixtures/{infer,train}/.
Needs torch, numpy and safetensors (CPU only).  Deterministic: fixed seeds
derived from the case names, one thread, so running it twice gives the same
bytes.  See Tests/Fixtures/README.md for the file formats.

Reference values are computed in float64 from the float32 weights (the files
hold the float32 weights), with a hand-written functional RNN (all five cells,
multi-layer, bidirectional, PyTorch pack_padded_sequence semantics) and
hand-written optimizers.  The script cross-checks that reference against
PyTorch's own nn.LSTM/nn.GRU/nn.RNN (+ pack_padded_sequence, torch.optim,
clip_grad_*) and asserts agreement before writing anything.
"""

import json
import math
import os
import shutil
import sys
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "RecurrentTests", "Fixtures"))
INFER_DIR = os.path.join(ROOT, "infer")
TRAIN_DIR = os.path.join(ROOT, "train")

CELLS = ["lstm", "gru", "gru_reset_before", "rnn_tanh", "rnn_relu"]
GATES = {"lstm": 4, "gru": 3, "gru_reset_before": 3, "rnn_tanh": 1, "rnn_relu": 1}


def seed_of(name):
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def fmt(v):
    """repr of a Python float; for float32 data pass float(np.float32(x))."""
    r = repr(float(v))
    if r == "-0.0":
        r = "0.0"
    return r


def fmt32(v):
    """Shortest decimal that round-trips the float32 value v, whether it is parsed
    straight to Float or to Double and then rounded to Float (checked; falls back
    to the exact double repr of the float32 value if double rounding would bite)."""
    f = np.float32(v)
    r = str(f)
    if not (np.float32(r) == f and np.float32(float(r)) == f):
        r = repr(float(f))
    if r in ("-0.0", "0.0"):
        r = "0.0"
    return r


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

class GRUResetBefore(nn.Module):
    """GRU with the reset gate applied before the recurrent matmul:
        n = tanh(W_in x + b_in + W_hn (r*h) + b_hn)
    Same parameter names/shapes/gate order (r, z, n) and default init as nn.GRU.
    batch_first only.  forward(x, h0=None, lengths=None) -> (out, h_n)."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True,
                 bidirectional=False):
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        self.num_layers, self.bias = num_layers, bias
        self.bidirectional = bidirectional
        D = 2 if bidirectional else 1
        for l in range(num_layers):
            insz = input_size if l == 0 else D * hidden_size
            for d in range(D):
                sfx = f"_l{l}" + ("_reverse" if d else "")
                setattr(self, "weight_ih" + sfx, nn.Parameter(torch.empty(3 * hidden_size, insz)))
                setattr(self, "weight_hh" + sfx, nn.Parameter(torch.empty(3 * hidden_size, hidden_size)))
                if bias:
                    setattr(self, "bias_ih" + sfx, nn.Parameter(torch.empty(3 * hidden_size)))
                    setattr(self, "bias_hh" + sfx, nn.Parameter(torch.empty(3 * hidden_size)))
        k = 1.0 / math.sqrt(hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -k, k)

    def forward(self, x, h0=None, lengths=None):
        B, T, _ = x.shape
        if lengths is None:
            lengths = [T] * B
        mask = make_mask(lengths, T, x.device)
        cfg = dict(cell="gru_reset_before", layers=self.num_layers,
                   D=2 if self.bidirectional else 1, H=self.hidden_size)
        P = {"rnn." + n: p for n, p in self.named_parameters()}
        state = None
        if h0 is not None:
            state = {(i // cfg["D"], i % cfg["D"]): (h0[i], None) for i in range(h0.shape[0])}
        out, st = rnn_forward(P, cfg, x, mask, state)
        hn = torch.stack([st[(l, d)][0] for l in range(cfg["layers"]) for d in range(cfg["D"])])
        return out, hn


class Net(nn.Module):
    def __init__(self, cell, input_size, hidden, layers=1, bidir=False, bias=True, out=None):
        super().__init__()
        kw = dict(num_layers=layers, bias=bias, bidirectional=bidir)
        if cell == "lstm":
            self.rnn = nn.LSTM(input_size, hidden, batch_first=True, **kw)
        elif cell == "gru":
            self.rnn = nn.GRU(input_size, hidden, batch_first=True, **kw)
        elif cell == "gru_reset_before":
            self.rnn = GRUResetBefore(input_size, hidden, **kw)
        elif cell == "rnn_tanh":
            self.rnn = nn.RNN(input_size, hidden, nonlinearity="tanh", batch_first=True, **kw)
        elif cell == "rnn_relu":
            self.rnn = nn.RNN(input_size, hidden, nonlinearity="relu", batch_first=True, **kw)
        else:
            raise ValueError(cell)
        D = 2 if bidir else 1
        self.head = nn.Linear(D * hidden, out) if out else None


def make_cfg(cell, input_size, hidden, layers=1, bidir=False, bias=True, out=None):
    return dict(cell=cell, I=input_size, H=hidden, layers=layers, D=2 if bidir else 1,
                bias=bias, out=out)


def build_net(cfg, seed):
    torch.manual_seed(seed)
    return Net(cfg["cell"], cfg["I"], cfg["H"], cfg["layers"], cfg["D"] == 2,
               cfg["bias"], cfg["out"])


def make_mask(lengths, T, device=None):
    lengths = torch.as_tensor(list(lengths))
    return torch.arange(T)[None, :] < lengths[:, None]


# --------------------------------------------------------------------------
# Functional reference RNN (any dtype; used in float64 for the references)
# --------------------------------------------------------------------------

def cell_step(cell, xt, h, c, Wih, Whh, bih, bhh):
    gi = xt @ Wih.T
    if bih is not None:
        gi = gi + bih
    if cell == "gru_reset_before":
        Whr, Whz, Whn = Whh.chunk(3, 0)
        bhr, bhz, bhn = bhh.chunk(3, 0) if bhh is not None else (0.0, 0.0, 0.0)
        gir, giz, gin = gi.chunk(3, 1)
        r = torch.sigmoid(gir + h @ Whr.T + bhr)
        z = torch.sigmoid(giz + h @ Whz.T + bhz)
        n = torch.tanh(gin + (r * h) @ Whn.T + bhn)
        return (1 - z) * n + z * h, None
    gh = h @ Whh.T
    if bhh is not None:
        gh = gh + bhh
    if cell == "lstm":
        i, f, g, o = (gi + gh).chunk(4, 1)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c2 = f * c + i * g
        return o * torch.tanh(c2), c2
    if cell == "gru":  # PyTorch's reset-after GRU
        gir, giz, gin = gi.chunk(3, 1)
        ghr, ghz, ghn = gh.chunk(3, 1)
        r = torch.sigmoid(gir + ghr)
        z = torch.sigmoid(giz + ghz)
        n = torch.tanh(gin + r * ghn)
        return (1 - z) * n + z * h, None
    if cell == "rnn_tanh":
        return torch.tanh(gi + gh), None
    if cell == "rnn_relu":
        return torch.relu(gi + gh), None
    raise ValueError(cell)


def rnn_forward(P, cfg, x, mask, state=None):
    """x: (B,T,I); mask: (B,T) bool, prefix-true (mask[b,t] = t < len_b).
    state: dict (layer, dir) -> (h, c) or None (zeros).
    Padded steps change no state and output 0 (pack_padded_sequence semantics;
    the reverse direction starts at each sequence's own last step).
    Returns (y, new_state) with y the head output (or last layer's hidden)."""
    cell, H, D = cfg["cell"], cfg["H"], cfg["D"]
    B, T, _ = x.shape
    inp = x
    new_state = {}
    zeros = x.new_zeros(B, H)
    for l in range(cfg["layers"]):
        outs = []
        for d in range(D):
            sfx = f"_l{l}" + ("_reverse" if d else "")
            Wih, Whh = P["rnn.weight_ih" + sfx], P["rnn.weight_hh" + sfx]
            bih, bhh = P.get("rnn.bias_ih" + sfx), P.get("rnn.bias_hh" + sfx)
            if state is not None and (l, d) in state:
                h, c = state[(l, d)]
                if c is None:
                    c = zeros
            else:
                h, c = zeros, zeros
            ys = [None] * T
            for t in (range(T - 1, -1, -1) if d else range(T)):
                h2, c2 = cell_step(cell, inp[:, t], h, c, Wih, Whh, bih, bhh)
                m = mask[:, t:t + 1]
                h = torch.where(m, h2, h)
                if c2 is not None:
                    c = torch.where(m, c2, c)
                ys[t] = torch.where(m, h2, zeros)
            new_state[(l, d)] = (h, c if cell == "lstm" else None)
            outs.append(torch.stack(ys, 1))
        inp = torch.cat(outs, -1) if D == 2 else outs[0]
    if "head.weight" in P:
        y = inp @ P["head.weight"].T
        if "head.bias" in P:
            y = y + P["head.bias"]
        return y, new_state
    return inp, new_state


def to_params(sd, dtype=torch.float64, grad=False):
    return {k: v.detach().to(dtype).clone().requires_grad_(grad) for k, v in sd.items()}


# --------------------------------------------------------------------------
# Sanity checks of the functional reference against PyTorch modules
# --------------------------------------------------------------------------

def check_reference_against_torch():
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    n = 0
    for cell in ["lstm", "gru", "rnn_tanh", "rnn_relu"]:
        for layers, bidir, bias in [(1, False, True), (2, False, True), (2, True, True), (1, False, False), (2, True, False)]:
            cfg = make_cfg(cell, 4, 6, layers, bidir, bias, None)
            net = build_net(cfg, seed_of(f"check_{cell}_{layers}_{bidir}_{bias}")).double()
            g = torch.Generator().manual_seed(n)
            lengths = [7, 3, 1, 5]
            x = torch.randn(4, 7, 4, generator=g, dtype=torch.float64)
            mask = make_mask(lengths, 7)
            x = x * mask[..., None]
            Lt = layers * cfg["D"]
            h0 = torch.randn(Lt, 4, 6, generator=g, dtype=torch.float64)
            c0 = torch.randn(Lt, 4, 6, generator=g, dtype=torch.float64)
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            with torch.no_grad():
                if cell == "lstm":
                    out, (hn, cn) = net.rnn(packed, (h0, c0))
                else:
                    out, hn = net.rnn(packed, h0)
                out, _ = pad_packed_sequence(out, batch_first=True, total_length=7)
                P = to_params(net.state_dict())
                st = {(i // cfg["D"], i % cfg["D"]): (h0[i], c0[i] if cell == "lstm" else None) for i in range(Lt)}
                y, ns = rnn_forward(P, cfg, x, mask, st)
            assert (y - out).abs().max() < 1e-12, (cell, layers, bidir, bias)
            for i in range(Lt):
                assert (ns[(i // cfg["D"], i % cfg["D"])][0] - hn[i]).abs().max() < 1e-12
                if cell == "lstm":
                    assert (ns[(i // cfg["D"], i % cfg["D"])][1] - cn[i]).abs().max() < 1e-12
            n += 1
    # gru_reset_before: the module must differ from nn.GRU (same weights) and
    # agree with an explicit single-sequence step-by-step implementation.
    torch.manual_seed(1)
    grb = GRUResetBefore(3, 5, num_layers=2, bidirectional=True).double()
    gru = nn.GRU(3, 5, num_layers=2, bidirectional=True, batch_first=True).double()
    gru.load_state_dict(grb.state_dict())
    x = torch.randn(2, 6, 3, dtype=torch.float64)
    with torch.no_grad():
        a, _ = grb(x)
        b, _ = gru(x)
        c = grb_explicit(grb.state_dict(), x, 2, True, 5)
    assert (a - b).abs().max() > 1e-3
    assert (a - c).abs().max() < 1e-12
    print(f"reference RNN agrees with nn.LSTM/GRU/RNN + pack_padded_sequence ({n} configs); "
          f"gru_reset_before checked")


def grb_explicit(sd, x, layers, bidir, H):
    """Independent, deliberately naive gru_reset_before (per sequence, per step)."""
    B, T, _ = x.shape
    res = []
    for b in range(B):
        inp = [x[b, t] for t in range(T)]
        for l in range(layers):
            dirs = []
            for d in range(2 if bidir else 1):
                sfx = f"_l{l}" + ("_reverse" if d else "")
                Wi, Wh = sd["weight_ih" + sfx], sd["weight_hh" + sfx]
                bi = sd.get("bias_ih" + sfx, torch.zeros(3 * H, dtype=x.dtype))
                bh = sd.get("bias_hh" + sfx, torch.zeros(3 * H, dtype=x.dtype))
                h = torch.zeros(H, dtype=x.dtype)
                outs = [None] * T
                for t in (reversed(range(T)) if d else range(T)):
                    xt = inp[t]
                    r = torch.sigmoid(Wi[:H] @ xt + bi[:H] + Wh[:H] @ h + bh[:H])
                    z = torch.sigmoid(Wi[H:2 * H] @ xt + bi[H:2 * H] + Wh[H:2 * H] @ h + bh[H:2 * H])
                    nn_ = torch.tanh(Wi[2 * H:] @ xt + bi[2 * H:] + Wh[2 * H:] @ (r * h) + bh[2 * H:])
                    h = (1 - z) * nn_ + z * h
                    outs[t] = h
                dirs.append(outs)
            inp = [torch.cat([dd[t] for dd in dirs]) for t in range(T)]
        res.append(torch.stack(inp))
    return torch.stack(res)


# --------------------------------------------------------------------------
# File writers
# --------------------------------------------------------------------------

def save_model(sd, path, cell):
    sd = {k: v.detach().contiguous().clone() for k, v in sd.items()}
    save_file(sd, path, metadata={"cell": cell})


def write_text(path, text):
    with open(path, "w", newline="\n") as f:
        f.write(text)


def write_json(path, cases):
    """A JSON array, one case object per line."""
    write_text(path, "[\n" + ",\n".join(json.dumps(c) for c in cases) + "\n]\n")


def write_input_csv(path, seqs, comment):
    lines = ["# " + comment]
    for s in seqs:
        for row in s:
            lines.append(", ".join(fmt32(v) for v in row))
        lines.append("")
    write_text(path, "\n".join(lines) + "\n")


def write_expected_csv(path, outs, last=False):
    lines = []
    for o in outs:
        if last:
            lines.append(",".join(fmt(v) for v in o[-1]))
        else:
            for row in o:
                lines.append(",".join(fmt(v) for v in row))
            lines.append("")
    write_text(path, "\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# Inference fixtures
# --------------------------------------------------------------------------

def rand_seqs(rng, I, n, scale=1.0, lengths=None, include_one=False):
    if lengths is None:
        lengths = [int(v) for v in rng.choice(np.arange(1, 13), size=n, replace=False)]
        if include_one and 1 not in lengths:
            lengths[int(rng.integers(n))] = 1
    return [(rng.standard_normal((L, I)) * scale).astype(np.float32) for L in lengths]


def infer_outputs(sd, cfg, seqs):
    P = to_params(sd)
    outs = []
    with torch.no_grad():
        for s in seqs:
            x = torch.from_numpy(s.astype(np.float64))[None]
            y, _ = rnn_forward(P, cfg, x, make_mask([len(s)], len(s)))
            outs.append(y[0].numpy())
    return outs


def max_preact(sd, cfg, seqs):
    """max |pre-activation| of the first layer over the given sequences (float64)."""
    P = to_params(sd)
    m = 0.0
    with torch.no_grad():
        for s in seqs:
            x = torch.from_numpy(s.astype(np.float64))
            h = torch.zeros(1, cfg["H"], dtype=torch.float64)
            c = torch.zeros(1, cfg["H"], dtype=torch.float64)
            for t in range(len(s)):
                pre = x[t:t + 1] @ P["rnn.weight_ih_l0"].T + P["rnn.bias_ih_l0"] \
                    + h @ P["rnn.weight_hh_l0"].T + P["rnn.bias_hh_l0"]
                m = max(m, pre.abs().max().item())
                h, c = cell_step(cfg["cell"], x[t:t + 1], h, c, P["rnn.weight_ih_l0"],
                                 P["rnn.weight_hh_l0"], P["rnn.bias_ih_l0"], P["rnn.bias_hh_l0"])
    return m


def check_infer_against_torch(net, cfg, seqs, outs):
    """float64 nn module forward per sequence must equal the reference."""
    if cfg["cell"] == "gru_reset_before":
        sd = {k[4:]: v.double() for k, v in net.state_dict().items() if k.startswith("rnn.")}
        for s, o in zip(seqs, outs):
            y = grb_explicit(sd, torch.from_numpy(s.astype(np.float64))[None], cfg["layers"], cfg["D"] == 2, cfg["H"])[0]
            if net.head is not None:
                y = y @ net.head.weight.double().T + (net.head.bias.double() if net.head.bias is not None else 0)
            assert np.abs(y.detach().numpy() - o).max() < 1e-12
        return
    n64 = Net(cfg["cell"], cfg["I"], cfg["H"], cfg["layers"], cfg["D"] == 2, cfg["bias"], cfg["out"]).double()
    n64.load_state_dict({k: v.double() for k, v in net.state_dict().items()})
    with torch.no_grad():
        for s, o in zip(seqs, outs):
            y, _ = n64.rnn(torch.from_numpy(s.astype(np.float64))[None])
            if n64.head is not None:
                y = n64.head(y)
            assert np.abs(y[0].numpy() - o).max() < 1e-12


def gen_infer():
    cases = []
    rng_sizes = np.random.default_rng(12345)

    def emit(name, sd, cfg, seqs, cell_meta, args=None, dtype="F32", note="", check_net=None,
             sd_for_ref=None):
        d = os.path.join(INFER_DIR, name)
        os.makedirs(d)
        save_model(sd, os.path.join(d, "model.safetensors"), cell_meta)
        ref_sd = sd_for_ref if sd_for_ref is not None else sd
        outs = infer_outputs(ref_sd, cfg, seqs)
        if check_net is not None:
            check_infer_against_torch(check_net, cfg, seqs, outs)
        last = args is not None and "--last" in args
        write_input_csv(os.path.join(d, "input.csv"), seqs,
                        f"{name}: {len(seqs)} sequences, input_size {cfg['I']}, lengths "
                        + " ".join(str(len(s)) for s in seqs) + (f"; {note}" if note else ""))
        write_expected_csv(os.path.join(d, "expected.csv"), outs, last=last)
        if args:
            write_text(os.path.join(d, "args.txt"), args + "\n")
        cases.append(dict(name=name, cell=cfg["cell"], input_size=cfg["I"], hidden_size=cfg["H"],
                          num_layers=cfg["layers"], bidirectional=cfg["D"] == 2, bias=cfg["bias"],
                          output_size=(cfg["out"] or cfg["D"] * cfg["H"]), head=bool(cfg["out"]),
                          dtype=dtype, args=args or "", sequences=len(seqs),
                          lengths=[len(s) for s in seqs]))

    for ci, cell in enumerate(CELLS):
        for vi, (variant, layers, bidir, bias, head) in enumerate([
                ("1layer", 1, False, True, True),
                ("2layer", 2, False, True, False),
                ("bidir", 2, True, True, True),
                ("nobias", 1, False, False, True)]):
            name = f"{cell}_{variant}"
            I = int(rng_sizes.integers(3, 6))
            H = int(rng_sizes.integers(4, 9))
            O = int(rng_sizes.integers(2, 5)) if head else None
            cfg = make_cfg(cell, I, H, layers, bidir, bias, O)
            net = build_net(cfg, seed_of(name))
            rng = np.random.default_rng(seed_of(name))
            seqs = rand_seqs(rng, I, 3 + (vi % 2), include_one=(vi + ci) % 2 == 0)
            emit(name, net.state_dict(), cfg, seqs, cell, check_net=net)

    # long sequence
    cfg = make_cfg("lstm", 4, 8, 1, False, True, None)
    net = build_net(cfg, seed_of("lstm_long"))
    rng = np.random.default_rng(seed_of("lstm_long"))
    emit("lstm_long", net.state_dict(), cfg, rand_seqs(rng, 4, 1, lengths=[200]), "lstm", check_net=net)

    # saturating inputs
    for cell in ["gru", "lstm"]:
        name = f"{cell}_saturating"
        cfg = make_cfg(cell, 4, 6, 1, False, True, 3)
        net = build_net(cfg, seed_of(name))
        rng = np.random.default_rng(seed_of(name))
        base = rand_seqs(rng, 4, 3, lengths=[6, 10, 3])
        scale = 1.0
        for _ in range(8):
            seqs = [(b * scale).astype(np.float32) for b in base]
            m = max_preact(net.state_dict(), cfg, seqs)
            scale *= 35.0 / m
        seqs = [(b * scale).astype(np.float32) for b in base]
        m = max_preact(net.state_dict(), cfg, seqs)
        assert 20 <= m <= 50, m
        emit(name, net.state_dict(), cfg, seqs, cell, check_net=net,
             note=f"inputs scaled x{scale:.3g}; max |pre-activation| {m:.1f}")

    # --last
    cfg = make_cfg("lstm", 4, 5, 1, False, True, 3)
    net = build_net(cfg, seed_of("lstm_last"))
    rng = np.random.default_rng(seed_of("lstm_last"))
    emit("lstm_last", net.state_dict(), cfg, rand_seqs(rng, 4, 5, include_one=True), "lstm",
         args="--last", check_net=net)

    # bare nn.LSTM state dict (no "rnn." prefix, no head)
    cfg = make_cfg("lstm", 3, 5, 1, False, True, None)
    net = build_net(cfg, seed_of("lstm_bare"))
    rng = np.random.default_rng(seed_of("lstm_bare"))
    bare = {k[4:]: v for k, v in net.state_dict().items()}
    d = len(cases)
    emit("lstm_bare", bare, cfg, rand_seqs(rng, 3, 3), "lstm", check_net=net,
         sd_for_ref=net.state_dict())
    cases[d]["bare"] = True

    # dtype variants of one small lstm model
    cfg = make_cfg("lstm", 4, 6, 1, False, True, 3)
    net = build_net(cfg, seed_of("lstm_dtype"))
    rng = np.random.default_rng(seed_of("lstm_dtype"))
    seqs = rand_seqs(rng, 4, 3, include_one=True)
    sd32 = net.state_dict()
    for name, dt, tag in [("lstm_f16", torch.float16, "F16"), ("lstm_bf16", torch.bfloat16, "BF16")]:
        sd = {k: v.to(dt) for k, v in sd32.items()}
        emit(name, sd, cfg, seqs, "lstm", dtype=tag, note=f"weights stored as {tag}")
    g = torch.Generator().manual_seed(seed_of("lstm_f64"))
    k = 1.0 / math.sqrt(cfg["H"])
    sd64 = {kk: (torch.rand(v.shape, generator=g, dtype=torch.float64) * 2 - 1) * k for kk, v in sd32.items()}
    emit("lstm_f64", sd64, cfg, seqs, "lstm", dtype="F64", note="weights stored as F64 (not float32-representable)")

    write_json(os.path.join(INFER_DIR, "cases.json"), cases)
    return cases


# --------------------------------------------------------------------------
# Training fixtures
# --------------------------------------------------------------------------

def batches_forever(seqs, B):
    while True:
        for s in range(0, len(seqs), B):
            yield seqs[s:s + B]


def make_batch(batch, dtype):
    """batch: list of (x (L,I) float32, targets list of None/np array/int)."""
    lengths = [len(x) for x, _ in batch]
    T = max(lengths)
    I = batch[0][0].shape[1]
    x = torch.zeros(len(batch), T, I, dtype=dtype)
    for b, (xs, _) in enumerate(batch):
        x[b, :len(xs)] = torch.from_numpy(xs.astype(np.float64)).to(dtype)
    return x, lengths, T


def chunk_targets(batch, rows, cs, ce, loss, dtype):
    """Returns (list of (row_in_chunk, t_in_chunk), target tensor) for steps with a target."""
    idx, tg = [], []
    for j, b in enumerate(rows):
        tl = batch[b][1]
        for t in range(cs, min(ce, len(tl))):
            if tl[t] is not None:
                idx.append((j, t - cs))
                tg.append(tl[t])
    if not idx:
        return idx, None
    if loss == "mse":
        tt = torch.tensor(np.stack(tg).astype(np.float64), dtype=dtype)
    else:
        tt = torch.tensor(tg, dtype=torch.long)
    return idx, tt


def loss_fn(y, idx, tt, loss):
    yy = torch.stack([y[j, t] for j, t in idx])
    if loss == "mse":
        return ((yy - tt) ** 2).sum() / tt.numel()
    return -(F.log_softmax(yy, dim=1)[torch.arange(len(idx)), tt]).mean()


class RefOptimizer:
    """Hand-written PyTorch-equivalent optimizers (defaults as torch.optim)."""

    def __init__(self, names, o):
        self.o = o
        self.state = {n: {} for n in names}
        self.t = 0

    def step(self, P, G):
        o = self.o
        self.t += 1
        t = self.t
        lr, wd = o["lr"], o.get("weight_decay", 0.0)
        with torch.no_grad():
            for n, p in P.items():
                g = G[n]
                if wd:
                    g = g + wd * p
                st = self.state[n]
                if o["optimizer"] == "sgd":
                    m = o.get("momentum", 0.0)
                    if m:
                        if "buf" not in st:
                            st["buf"] = g.clone()
                        else:
                            st["buf"] = m * st["buf"] + g
                        g = st["buf"]
                    p -= lr * g
                elif o["optimizer"] == "adam":
                    b1, b2, eps = 0.9, 0.999, 1e-8
                    st.setdefault("m", torch.zeros_like(p))
                    st.setdefault("v", torch.zeros_like(p))
                    st["m"] = b1 * st["m"] + (1 - b1) * g
                    st["v"] = b2 * st["v"] + (1 - b2) * g * g
                    bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
                    denom = st["v"].sqrt() / math.sqrt(bc2) + eps
                    p -= (lr / bc1) * st["m"] / denom
                elif o["optimizer"] == "adagrad":
                    eps = 1e-10
                    st.setdefault("sum", torch.zeros_like(p))
                    st["sum"] = st["sum"] + g * g
                    p -= lr * g / (st["sum"].sqrt() + eps)
                elif o["optimizer"] == "rmsprop":
                    alpha, eps = 0.99, 1e-8
                    st.setdefault("sq", torch.zeros_like(p))
                    st["sq"] = alpha * st["sq"] + (1 - alpha) * g * g
                    p -= lr * g / (st["sq"].sqrt() + eps)
                else:
                    raise ValueError(o["optimizer"])


def train_reference(init_sd, cfg, seqs, o):
    """float64 reference of `rnn train` semantics.  Returns (final params, info)."""
    dt = torch.float64
    P = to_params(init_sd, dt, grad=True)
    names = list(P.keys())
    opt = RefOptimizer(names, o)
    info = dict(losses=[], total_norms=[], max_abs_grad=[], updates=[])
    steps, K = o["steps"], o.get("bptt", 0)
    if K and cfg["D"] == 2:
        raise ValueError("bptt with bidirectional not defined")
    it = batches_forever(seqs, o["batch_size"])
    batch_no = -1
    while len(info["losses"]) < steps:
        batch = next(it)
        batch_no += 1
        x, lengths, T = make_batch(batch, dt)
        state = {}  # per row: {(l,d): (h,c)}; missing -> zeros
        Kc = K if K else T
        for cs in range(0, T, Kc):
            ce = min(cs + Kc, T)
            rows = [b for b in range(len(batch)) if lengths[b] > cs]
            lens = [min(lengths[b], ce) - cs for b in rows]
            xc = x[rows, cs:ce]
            mask = make_mask(lens, ce - cs)
            st0 = None
            if cs > 0:
                st0 = {}
                for key in state[rows[0]]:
                    hs = torch.stack([state[b][key][0] for b in rows])
                    cs_ = torch.stack([state[b][key][1] for b in rows]) if cfg["cell"] == "lstm" else None
                    st0[key] = (hs, cs_)
            y, ns = rnn_forward(P, cfg, xc, mask, st0)
            for j, b in enumerate(rows):
                state[b] = {key: (v[0][j].detach(), v[1][j].detach() if v[1] is not None else None)
                            for key, v in ns.items()}
            idx, tt = chunk_targets(batch, rows, cs, ce, o["loss"], dt)
            if not idx:
                continue
            L = loss_fn(y, idx, tt, o["loss"])
            grads = torch.autograd.grad(L, [P[n] for n in names])
            G = dict(zip(names, grads))
            total = math.sqrt(sum(float((g ** 2).sum()) for g in grads))
            info["losses"].append(float(L.detach()))
            info["updates"].append([batch_no, cs])
            info["total_norms"].append(total)
            info["max_abs_grad"].append(max(float(g.abs().max()) for g in grads))
            if o.get("clip"):
                # torch.nn.utils.clip_grad_norm_: coef = max_norm/(total+1e-6), clamped to 1
                coef = min(o["clip"] / (total + 1e-6), 1.0)
                G = {n: g * coef for n, g in G.items()}
            if o.get("clip_value"):
                v = o["clip_value"]
                G = {n: g.clamp(-v, v) for n, g in G.items()}
            opt.step(P, G)
            if len(info["losses"]) == steps:
                break
    return {n: p.detach() for n, p in P.items()}, info


def train_torch_check(init_sd, cfg, seqs, o):
    """Independent float32 implementation with PyTorch modules: nn.LSTM/GRU/RNN
    with pack_padded_sequence (gru_reset_before: naive per-sequence loop),
    torch.optim optimizers and torch.nn.utils.clip_grad_*."""
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    net = Net(cfg["cell"], cfg["I"], cfg["H"], cfg["layers"], cfg["D"] == 2, cfg["bias"], cfg["out"])
    net.load_state_dict(init_sd)
    params = list(net.parameters())
    kw = dict(lr=o["lr"], weight_decay=o.get("weight_decay", 0.0))
    if o["optimizer"] == "sgd":
        opt = torch.optim.SGD(params, momentum=o.get("momentum", 0.0), **kw)
    elif o["optimizer"] == "adam":
        opt = torch.optim.Adam(params, **kw)
    elif o["optimizer"] == "adagrad":
        opt = torch.optim.Adagrad(params, **kw)
    elif o["optimizer"] == "rmsprop":
        opt = torch.optim.RMSprop(params, **kw)
    crit = nn.MSELoss() if o["loss"] == "mse" else nn.CrossEntropyLoss()
    B, K, steps = o["batch_size"], o.get("bptt", 0), o["steps"]
    Lt = cfg["layers"] * cfg["D"]
    H = cfg["H"]
    done = 0
    while done < steps:
        for s0 in range(0, len(seqs), B):
            batch = seqs[s0:s0 + B]
            lengths = [len(x) for x, _ in batch]
            T = max(lengths)
            Kc = K if K else T
            carried = {b: (torch.zeros(Lt, H), torch.zeros(Lt, H)) for b in range(len(batch))}
            for cs in range(0, T, Kc):
                rows = [b for b in range(len(batch)) if lengths[b] > cs]
                lens = [min(lengths[b], cs + Kc) - cs for b in rows]
                Tc = max(lens)
                preds, tgts = [], []
                if cfg["cell"] == "gru_reset_before":
                    new = {}
                    for b, Lb in zip(rows, lens):
                        x = torch.from_numpy(batch[b][0][cs:cs + Lb])[None]
                        out, hn = net.rnn(x, carried[b][0][:, None, :])
                        new[b] = (hn[:, 0].detach(), carried[b][1])
                        y = net.head(out[0])
                        for t in range(Lb):
                            tg = batch[b][1][cs + t]
                            if tg is not None:
                                preds.append(y[t])
                                tgts.append(tg)
                    carried.update(new)
                else:
                    x = torch.zeros(len(rows), Tc, cfg["I"])
                    for j, (b, Lb) in enumerate(zip(rows, lens)):
                        x[j, :Lb] = torch.from_numpy(batch[b][0][cs:cs + Lb])
                    h0 = torch.stack([carried[b][0] for b in rows], 1).contiguous()
                    c0 = torch.stack([carried[b][1] for b in rows], 1).contiguous()
                    packed = pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
                    if cfg["cell"] == "lstm":
                        out, (hn, cn) = net.rnn(packed, (h0, c0))
                    else:
                        out, hn = net.rnn(packed, h0)
                        cn = c0
                    out, _ = pad_packed_sequence(out, batch_first=True)
                    y = net.head(out)
                    for j, (b, Lb) in enumerate(zip(rows, lens)):
                        carried[b] = (hn[:, j].detach(), cn[:, j].detach())
                        for t in range(Lb):
                            tg = batch[b][1][cs + t]
                            if tg is not None:
                                preds.append(y[j, t])
                                tgts.append(tg)
                if not preds:
                    continue
                pred = torch.stack(preds)
                if o["loss"] == "mse":
                    tgt = torch.from_numpy(np.stack(tgts))
                else:
                    tgt = torch.tensor(tgts, dtype=torch.long)
                loss = crit(pred, tgt)
                opt.zero_grad()
                loss.backward()
                if o.get("clip"):
                    torch.nn.utils.clip_grad_norm_(params, o["clip"])
                if o.get("clip_value"):
                    torch.nn.utils.clip_grad_value_(params, o["clip_value"])
                opt.step()
                done += 1
                if done == steps:
                    break
            if done == steps:
                break
    return {k: v.detach() for k, v in net.state_dict().items()}


def write_data_csv(path, seqs, loss, comment):
    lines = ["# " + comment]
    for x, tl in seqs:
        for t in range(len(x)):
            vals = [fmt32(v) for v in x[t]]
            if tl[t] is not None:
                if loss == "mse":
                    vals += [fmt32(v) for v in tl[t]]
                else:
                    vals.append(str(int(tl[t])))
            lines.append(", ".join(vals))
        lines.append("")
    write_text(path, "\n".join(lines) + "\n")


def make_train_seqs(rng, lengths, I, loss, O, target="all", no_target_steps=()):
    seqs = []
    for L in lengths:
        x = rng.standard_normal((L, I)).astype(np.float32)
        tl = []
        for t in range(L):
            has = (target == "all") or (target == "last" and t == L - 1)
            if t in no_target_steps:
                has = False
            if not has:
                tl.append(None)
            elif loss == "mse":
                tl.append((rng.standard_normal(O) * 0.5).astype(np.float32))
            else:
                tl.append(int(rng.integers(O)))
        seqs.append((x, tl))
    return seqs


def gen_train():
    cases = []
    I, H = 3, 5
    DEFAULT_LENGTHS = [5, 3, 8, 2, 9, 4, 6, 7, 3, 5]

    def case(name, cell, optimizer="sgd", lr=0.1, steps=1, loss="mse", layers=1, bidir=False,
             lengths=None, target="all", no_target_steps=(), extra=None, check=None):
        O = 4 if loss == "ce" else 2
        cfg = make_cfg(cell, I, H, layers, bidir, True, O)
        net = build_net(cfg, seed_of(name))
        init_sd = {k: v.detach().clone() for k, v in net.state_dict().items()}
        rng = np.random.default_rng(seed_of(name))
        seqs = make_train_seqs(rng, lengths or DEFAULT_LENGTHS, I, loss, O, target, no_target_steps)
        o = dict(optimizer=optimizer, lr=lr, steps=steps, loss=loss, batch_size=4)
        o.update(extra or {})
        final, info = train_reference(init_sd, cfg, seqs, o)
        assert len(info["losses"]) == steps
        if check:
            check(info)
        # independent float32 PyTorch check
        chk = train_torch_check(init_sd, cfg, seqs, o)
        err = max(float((chk[k].double() - final[k]).abs().max()) for k in final)
        moved = max(float((final[k] - init_sd[k].double()).abs().max()) for k in final)
        assert err < 1e-5, (name, err)
        assert moved > 1e-4, (name, moved)
        args = (f"--lr {lr} --batch-size 4 --no-shuffle --loss {loss} --optimizer {optimizer} "
                f"--steps {steps}")
        if "momentum" in o:
            args += f" --momentum {o['momentum']}"
        if "weight_decay" in o:
            args += f" --weight-decay {o['weight_decay']}"
        if "bptt" in o:
            args += f" --bptt {o['bptt']}"
        if "clip" in o:
            args += f" --clip {o['clip']}"
        if "clip_value" in o:
            args += f" --clip-value {o['clip_value']}"
        d = os.path.join(TRAIN_DIR, name)
        os.makedirs(d)
        save_model(init_sd, os.path.join(d, "init.safetensors"), cell)
        save_model({k: v.float() for k, v in final.items()}, os.path.join(d, "expected.safetensors"), cell)
        write_data_csv(os.path.join(d, "data.csv"), seqs, loss,
                       f"{name}: {len(seqs)} sequences, input_size {I}, "
                       + (f"a target is {O} numbers (mse)" if loss == "mse" else f"a target is one class index 0..{O - 1} (ce)")
                       + ("; steps with inputs only have no target" if target != "all" or no_target_steps else ""))
        write_text(os.path.join(d, "args.txt"), args + "\n")
        # round trip of data.csv
        parsed = parse_csv(os.path.join(d, "data.csv"), ragged=True)
        assert len(parsed) == len(seqs)
        for rows, (x, tl) in zip(parsed, seqs):
            assert len(rows) == len(x)
            for t, row in enumerate(rows):
                assert np.array_equal(np.float32(row[:I]), x[t])
                if tl[t] is None:
                    assert len(row) == I
                elif loss == "mse":
                    assert np.array_equal(np.float32(row[I:]), tl[t])
                else:
                    assert len(row) == I + 1 and row[I] == tl[t]
        cases.append(dict(name=name, cell=cell, loss=loss, ce=loss == "ce", optimizer=optimizer,
                          num_layers=layers, bidirectional=bidir, input_size=I, hidden_size=H,
                          output_size=O, args=args, sequences=len(seqs),
                          ref_losses=info["losses"],
                          ref_updates=info["updates"]))
        print(f"  train {name:24s} steps={steps} losses={['%.5f' % v for v in info['losses']]} "
              f"f32-vs-f64 {err:.1e} (moved {moved:.1e})")

    for cell in CELLS:
        case(f"sgd_{cell}", cell)
    case("sgd_lstm_2layer", "lstm", layers=2, steps=2)
    case("sgd_gru_bidir", "gru", layers=2, bidir=True, steps=2)
    case("sgd_lstm_many_to_one", "lstm", target="last", steps=2, lengths=[7, 3, 9, 5, 2, 8, 4, 6])
    case("sgd_rnn_tanh_ce", "rnn_tanh", loss="ce", steps=2)

    # bptt 3: batch 1 has max length 9 and no targets at steps 3..5 (chunk [3,6) makes
    # no update, state still carried into [6,9)); update 3 is batch 2's chunk [0,3).
    case("sgd_lstm_bptt", "lstm", steps=3, lengths=[9, 2, 5, 4, 8, 3, 6, 9, 5, 2],
         no_target_steps=(3, 4, 5), extra=dict(bptt=3))

    def clip_check(info):
        assert info["total_norms"][0] > 0.05 * 2, info["total_norms"]

    case("sgd_gru_clip", "gru", steps=2, extra=dict(clip=0.05), check=clip_check)

    def clipv_check(info):
        assert info["max_abs_grad"][0] > 0.01 * 2, info["max_abs_grad"]

    case("sgd_lstm_clip_value", "lstm", steps=2, extra=dict(clip_value=0.01), check=clipv_check)
    case("sgd_momentum_wd", "lstm", steps=3, extra=dict(momentum=0.9, weight_decay=0.01))
    case("adam_lstm", "lstm", optimizer="adam", lr=0.01, steps=3)
    case("adagrad_gru", "gru", optimizer="adagrad", lr=0.1, steps=3)
    case("rmsprop_rnn_tanh", "rnn_tanh", optimizer="rmsprop", lr=0.01, steps=3)
    # 7 sequences = 2 batches (4 + 3); 5 steps = batches 1,2,1,2,1
    case("adam_lstm_epochs", "lstm", optimizer="adam", lr=0.01, steps=5, lengths=[4, 7, 2, 5, 3, 6, 8])

    write_json(os.path.join(TRAIN_DIR, "cases.json"), cases)
    return cases


# --------------------------------------------------------------------------
# Verification of the written files
# --------------------------------------------------------------------------

def parse_csv(path, ragged=False):
    """Sequences of float64 rows; '#' lines skipped, blank line ends a sequence."""
    seqs, cur = [], []
    for line in open(path).read().split("\n"):
        if line.startswith("#"):
            continue
        if line.strip() == "":
            if cur:
                seqs.append(cur if ragged else np.array(cur, dtype=np.float64))
            cur = []
            continue
        cur.append([float(v) for v in line.split(",")])
    if cur:
        seqs.append(cur if ragged else np.array(cur, dtype=np.float64))
    return seqs


def verify_files(infer_cases, train_cases):
    for c in infer_cases:
        sd = load_file(os.path.join(INFER_DIR, c["name"], "model.safetensors"))
        pre = "" if c.get("bare") else "rnn."
        I, H, G, D = c["input_size"], c["hidden_size"], GATES[c["cell"]], 2 if c["bidirectional"] else 1
        want = {}
        for l in range(c["num_layers"]):
            for d in range(D):
                sfx = f"_l{l}" + ("_reverse" if d else "")
                want[pre + "weight_ih" + sfx] = (G * H, I if l == 0 else D * H)
                want[pre + "weight_hh" + sfx] = (G * H, H)
                if c["bias"]:
                    want[pre + "bias_ih" + sfx] = (G * H,)
                    want[pre + "bias_hh" + sfx] = (G * H,)
        if c["head"]:
            want["head.weight"] = (c["output_size"], D * H)
            want["head.bias"] = (c["output_size"],)
        got = {k: tuple(v.shape) for k, v in sd.items()}
        assert got == want, (c["name"], got, want)
        dt = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64}[c["dtype"]]
        assert all(v.dtype == dt for v in sd.values()), c["name"]
        with open(os.path.join(INFER_DIR, c["name"], "model.safetensors"), "rb") as f:
            n = int.from_bytes(f.read(8), "little")
            meta = json.loads(f.read(n))["__metadata__"]
        assert meta == {"cell": c["cell"]}, meta
        # round trip: parse input.csv, re-run the reference on the stored weights,
        # compare with the parsed expected.csv
        seqs = [s.astype(np.float32) for s in parse_csv(os.path.join(INFER_DIR, c["name"], "input.csv"))]
        assert [len(s) for s in seqs] == c["lengths"]
        exp = parse_csv(os.path.join(INFER_DIR, c["name"], "expected.csv"))
        cfg = make_cfg(c["cell"], c["input_size"], c["hidden_size"], c["num_layers"],
                       c["bidirectional"], c["bias"], c["output_size"] if c["head"] else None)
        outs = infer_outputs({("rnn." + k if c.get("bare") else k): v for k, v in sd.items()}, cfg, seqs)
        if "--last" in c["args"]:
            assert len(exp) == 1 and len(exp[0]) == len(seqs)
            assert np.array_equal(exp[0], np.stack([o[-1] for o in outs]))
        else:
            assert len(exp) == len(outs)
            assert all(np.array_equal(e, o) for e, o in zip(exp, outs))
            assert all(e.shape[1] == c["output_size"] for e in exp)
    for c in train_cases:
        a = load_file(os.path.join(TRAIN_DIR, c["name"], "init.safetensors"))
        b = load_file(os.path.join(TRAIN_DIR, c["name"], "expected.safetensors"))
        assert {k: tuple(v.shape) for k, v in a.items()} == {k: tuple(v.shape) for k, v in b.items()}
        assert all(v.dtype == torch.float32 for v in list(a.values()) + list(b.values()))
        for fn in ("init.safetensors", "expected.safetensors"):
            with open(os.path.join(TRAIN_DIR, c["name"], fn), "rb") as f:
                n = int.from_bytes(f.read(8), "little")
                assert json.loads(f.read(n))["__metadata__"] == {"cell": c["cell"]}
    print(f"verified {len(infer_cases)} infer + {len(train_cases)} train model files")


def main():
    check_reference_against_torch()
    for d in (INFER_DIR, TRAIN_DIR):
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
    ic = gen_infer()
    print(f"wrote {len(ic)} infer cases")
    tc = gen_train()
    print(f"wrote {len(tc)} train cases")
    verify_files(ic, tc)


if __name__ == "__main__":
    sys.exit(main())
