import CRecurrent

/// A weight matrix packed once into the matrix multiply's panel layout, for matrices
/// multiplied many times (the recurrent weights, at every time step). Immutable once
/// made, so several threads may multiply by it at once.
final class PackedMatrix {
    let handle: OpaquePointer
    /// op(B) is k x n.
    let k: Int
    let n: Int

    /// Packs op(B): B stored k x n (transposed false) or n x k (transposed true), row stride ldb.
    init(transposed: Bool, k: Int, n: Int, _ b: UnsafePointer<Float>, ldb: Int) throws {
        var out: OpaquePointer? = nil
        try check(rnn_pack_b(&out, transposed ? 1 : 0, k, n, b, ldb), "pack_b")
        guard let out else { throw RecurrentError.kernel("pack_b", -1) }
        handle = out
        self.k = k
        self.n = n
    }

    deinit { rnn_packed_b_free(handle) }

    /// C (m x n, row stride ldc) = alpha * A (m x k, row stride lda) * op(B) + beta * C.
    @inline(__always)
    func multiply(_ m: Int, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                  _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) throws {
        if m == 0 { return }
        try check(rnn_sgemm_packed(m, alpha, a, lda, handle, beta, c, ldc), "sgemm_packed")
    }
}

/// The weights of one direction, packed for the forward pass: W_ih^T (in x G*H) for the
/// input projection, and for the time loop W_hh^T per gate (H x H each; LSTM and GRU,
/// whose fused steps thread over hidden units), W_hh^T whole (H x H, RNN), or for GRU
/// reset-before its [r, z] part (H x 2H) and n part (H x H).
struct RecurrentPack {
    let input: PackedMatrix
    let main: PackedMatrix?
    let n: PackedMatrix?
    /// LSTM, GRU: W_hh[g]^T for each gate g, and their C handles for rnn_*_step.
    let gates: [PackedMatrix]
    let gateHandles: [OpaquePointer?]

    init(cell: CellKind, hidden H: Int, inSize: Int, weightIH wi: UnsafePointer<Float>, weightHH w: UnsafePointer<Float>) throws {
        input = try PackedMatrix(transposed: true, k: inSize, n: cell.gateCount * H, wi, ldb: inSize)
        switch cell {
        case .lstm, .gru:
            main = nil
            n = nil
            gates = try (0..<cell.gateCount).map { g in
                try PackedMatrix(transposed: true, k: H, n: H, w + g * H * H, ldb: H)
            }
        case .gruResetBefore:
            main = try PackedMatrix(transposed: true, k: H, n: 2 * H, w, ldb: H)
            n = try PackedMatrix(transposed: true, k: H, n: H, w + 2 * H * H, ldb: H)
            gates = []
        case .rnnTanh, .rnnRelu:
            main = try PackedMatrix(transposed: true, k: H, n: H, w, ldb: H)
            n = nil
            gates = []
        }
        gateHandles = gates.map { $0.handle }
    }
}

/// The recurrent weights of one direction, packed for the backward time loop
/// (dh_prev = dgates x W_hh): W_hh (G*H x H), or for GRU reset-before W_h{r,z} (2H x H)
/// and W_hn (H x H).
struct RecurrentBackPack {
    let main: PackedMatrix
    let n: PackedMatrix?

    init(cell: CellKind, hidden H: Int, weightHH w: UnsafePointer<Float>) throws {
        if cell == .gruResetBefore {
            main = try PackedMatrix(transposed: false, k: 2 * H, n: H, w, ldb: H)
            n = try PackedMatrix(transposed: false, k: H, n: H, w + 2 * H * H, ldb: H)
        } else {
            main = try PackedMatrix(transposed: false, k: cell.gateCount * H, n: H, w, ldb: H)
            n = nil
        }
    }
}

/// [W_ih | W_hh] of one LSTM or RNN layer packed for stepping, so that a step of a
/// stream is one matrix-vector product: gates = [x, h] x [W_ih | W_hh]^T + (b_ih + b_hh).
/// RNN: one matrix; LSTM: one per gate, for rnn_lstm_step (threaded over hidden units).
final class StepPack {
    let matrix: PackedMatrix?    // RNN, op(B): (in + H) x H
    let gates: [PackedMatrix]    // LSTM, op(B): (in + H) x H per gate
    let gateHandles: [OpaquePointer?]
    let bias: Buffer?            // (G*H) b_ih + b_hh
    let inSize: Int

    init(weights w: DirectionWeights, inSize: Int, hidden H: Int, gates gh: Int) throws {
        let k = inSize + H
        let joined = Buffer(gh * k)               // (G*H, in + H) row-major
        for r in 0..<gh {
            (joined.p + r * k).update(from: w.weightIH + r * inSize, count: inSize)
            (joined.p + r * k + inSize).update(from: w.weightHH + r * H, count: H)
        }
        if gh == H {
            matrix = try PackedMatrix(transposed: true, k: k, n: gh, joined.p, ldb: k)
            gates = []
        } else {
            matrix = nil
            gates = try (0..<(gh / H)).map { g in
                try PackedMatrix(transposed: true, k: k, n: H, joined.p + g * H * k, ldb: k)
            }
        }
        gateHandles = gates.map { $0.handle }
        if let bih = w.biasIH, let bhh = w.biasHH {
            let b = Buffer(gh)
            for j in 0..<gh { b.p[j] = bih[j] + bhh[j] }
            bias = b
        } else {
            bias = nil
        }
        self.inSize = inSize
    }
}
