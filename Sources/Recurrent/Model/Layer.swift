import CRecurrent

// ----------------------------------------------------------------------------
// Layer: a scan of one cell over time, for one direction of one layer.
//
//   (x[T, B, in], h0[B, H], c0[B, H], params) -> (out[T, B, H], hN[B, H], cN[B, H])
//
// Time-major inside: row (t, b) of a (T, B, X) buffer starts at (t * B + b) * X.
// Rows are sorted by sequence length, longest first (see BatchGeometry), so the
// rows still running at step t are the prefix 0 ..< active[t] and each step works
// on that prefix only: padded steps change no state, as PyTorch's packed sequences.
//
// The input projection of the whole sequence is one matrix multiply before the time
// loop; each step does only the recurrent multiply followed by the fused gate kernel.
// For LSTM and GRU the whole time loop is one call (rnn_lstm_scan, rnn_gru_scan):
// each step adds the biases and threads over hidden units, writing the new h to a
// second buffer because every thread reads all of the old one.
// ----------------------------------------------------------------------------

/// Lengths, order and per-step active row counts of a batch (sorted, longest first).
struct BatchGeometry {
    let steps: Int          // T: longest sequence
    let rows: Int           // B
    let lengths: [Int]      // sorted descending, lengths[i] of sorted row i
    let order: [Int]        // order[i] = caller's index of sorted row i
    let active: [Int]       // active[t] = rows with length > t

    /// Sorts `lengths` longest first (stable, so equal lengths keep their order).
    init(lengths unsorted: [Int]) {
        let order = unsorted.indices.sorted { a, b in
            unsorted[a] != unsorted[b] ? unsorted[a] > unsorted[b] : a < b
        }
        self.order = order
        self.lengths = order.map { unsorted[$0] }
        self.rows = unsorted.count
        self.steps = lengths.first ?? 0
        var active = [Int](repeating: 0, count: steps)
        for t in 0..<steps { active[t] = lengths.reduce(0) { $0 + ($1 > t ? 1 : 0) } }
        self.active = active
    }

    /// Geometry of `rows` sequences that all run `steps` steps.
    init(rows: Int, steps: Int) {
        self.init(lengths: [Int](repeating: steps, count: rows))
    }

    /// Time steps in the order a direction visits them.
    func timeOrder(reverse: Bool) -> StrideThrough<Int> {
        reverse ? stride(from: steps - 1, through: 0, by: -1) : stride(from: 0, through: steps - 1, by: 1)
    }

    /// The arguments of a C scan: the steps of `span` that have active rows, in the
    /// order given, and the active rows of every time step, as Int32 for the call.
    /// Both live in temporary (stack) storage: a stepped model scans at every step.
    func withScanOrder<R>(reverse: Bool, span: Range<Int>,
                          _ body: (_ order: UnsafeBufferPointer<Int32>, _ active: UnsafePointer<Int32>) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * steps + 1) { buffer in
            let order = buffer.baseAddress!, counts = order + steps
            for t in 0..<steps { counts[t] = Int32(active[t]) }
            var n = 0
            for t in timeOrder(reverse: reverse) where span.contains(t) && active[t] > 0 {
                order[n] = Int32(t)
                n += 1
            }
            return try body(UnsafeBufferPointer(start: order, count: n), UnsafePointer(counts))
        }
    }
}

/// Buffers of one direction of one layer over a whole batch. With `recording`,
/// everything backward needs is kept for every step; without, per-step scratch only.
final class DirectionTape {
    let cell: CellKind
    let hidden: Int
    let rows: Int
    let recording: Bool
    /// (T, B, G*H): input projection (every row), then gate activations after the step.
    /// RNN: h after the step. GRU: x_g = W_ih x + b_ih (the gates live in `saved`).
    /// Backward reads only an LSTM's: see `releaseProjection`.
    private(set) var gates: Buffer
    /// GRU: (T, B, 4H) when recording: r, z, n, W_hn h + b_hn; reset-before inference
    /// (B, 4H) scratch; none for a reset-after GRU's inference (its scan keeps no gates).
    let saved: Buffer?
    /// GRU: (B, 3H) recurrent projection of the current step.
    let hg: Buffer?
    /// GRU reset-before: r * h_prev, (T, B, H) when recording, else (B, H).
    let rh: Buffer?
    /// Recording: the initial state (B, H). h before any other step is the layer's
    /// output of the step before it (backward reads it there: h is saved once).
    let h0: Buffer?
    /// Recording, LSTM: c of every step, (T + 1, B, H), each saved once: c after time t
    /// in slot t + 1 (forward direction) or t (reverse), so that the slot before it in
    /// the direction's order holds c before the step; c0 in the slot before each row's
    /// first step (written by `LayerScan.scan`).
    let cStates: Buffer?
    /// Running state (B, H); after the scan, the final state of each row.
    let h: Buffer
    let c: Buffer?
    /// (B, H) scratch of the LSTM and GRU scans (the new h while every thread reads the old).
    let spare: Buffer

    /// `gateSteps`: the steps tape.gates holds (all of them unless inference projects a
    /// block of steps at a time; see Model.runStack). `allRowsActive`: no sequence ends
    /// early, so the scan writes every row of the per-step tapes and they need no
    /// clearing (padded rows must read as zero: backward multiplies them by zero).
    init(cell: CellKind, hidden: Int, steps: Int, rows: Int, recording: Bool, gateSteps: Int? = nil,
         allRowsActive: Bool = false) {
        self.cell = cell
        self.hidden = hidden
        self.rows = rows
        self.recording = recording
        let tbh = steps * rows * hidden
        func tape(_ count: Int) -> Buffer { allRowsActive ? Buffer(uninitialized: count) : Buffer(count) }
        gates = Buffer(uninitialized: (gateSteps ?? steps) * rows * cell.gateCount * hidden) // written in full by project
        let isGRU = cell == .gru || cell == .gruResetBefore
        saved = isGRU && (recording || cell == .gruResetBefore) ? tape((recording ? steps : 1) * rows * 4 * hidden) : nil
        hg = isGRU ? Buffer(rows * 3 * hidden) : nil
        rh = cell == .gruResetBefore ? tape((recording ? steps : 1) * rows * hidden) : nil
        h0 = recording ? Buffer(uninitialized: rows * hidden) : nil
        cStates = recording && cell == .lstm ? tape(tbh + rows * hidden) : nil
        h = Buffer(rows * hidden)
        c = cell == .lstm ? Buffer(rows * hidden) : nil
        spare = Buffer(cell == .lstm || cell == .gru ? rows * hidden : 1)
    }

    /// After a recorded scan: backward reads an LSTM's gate activations from `gates`, but
    /// a GRU's gates from `saved` and an RNN's h from the layer output, so the input
    /// projection those two leave in `gates` is let go (GRU 3H and RNN H floats per row
    /// and step less at the peak of training).
    func releaseProjection() {
        if cell != .lstm { gates = Buffer(uninitialized: 0) }
    }

    /// LSTM, recording: c before and after each step as (T, B, H) tapes indexed by time,
    /// two views of `cStates` one step apart.
    func cellTapes(reverse: Bool) -> (prev: UnsafeMutablePointer<Float>, next: UnsafeMutablePointer<Float>)? {
        guard let cs = cStates?.p else { return nil }
        let slot = rows * hidden
        return reverse ? (cs + slot, cs) : (cs, cs + slot)
    }
}

/// The weights of one direction, as pointers into the model's parameter buffer.
struct DirectionWeights {
    let weightIH: UnsafePointer<Float>   // (G*H, in)
    let weightHH: UnsafePointer<Float>   // (G*H, H)
    let biasIH: UnsafePointer<Float>?    // (G*H)
    let biasHH: UnsafePointer<Float>?    // (G*H)
    let pack: RecurrentPack              // W_hh packed for the time loop

    init(_ base: UnsafePointer<Float>, _ slots: DirectionSlots, pack: RecurrentPack) {
        weightIH = base + slots.weightIH
        weightHH = base + slots.weightHH
        biasIH = slots.biasIH.map { base + $0 }
        biasHH = slots.biasHH.map { base + $0 }
        self.pack = pack
    }
}

/// The input of a layer's projection: dense rows, or token ids selecting columns of
/// W_ih (a one-hot input without the matrix multiply).
enum LayerInput {
    case dense(UnsafePointer<Float>)         // (T, B, in) time-major
    case oneHot([Int32])                     // (T, B) token ids; -1 on padded rows
}

enum LayerScan {
    /// The rows `scan(projecting:)` takes for this input instead of a `project` first:
    /// an LSTM's or GRU's dense rows; nil for the other cells and for one-hot inputs.
    static func scanProjection(_ cell: CellKind, _ input: LayerInput) -> UnsafePointer<Float>? {
        guard cell == .lstm || cell == .gru, case .dense(let x) = input else { return nil }
        return x
    }

    /// Fills tape.gates with the input projection of every (t, b): W_ih x, plus b_ih
    /// (+ b_hh for RNN, whose biases simply add) for the cells without a fused step.
    /// LSTM and GRU steps add their biases themselves, on rows still in cache.
    /// `steps`: project only these steps, into tape.gates from its first row.
    static func project(_ input: LayerInput, inSize: Int, geometry g: BatchGeometry,
                        weights w: DirectionWeights, tape: DirectionTape, steps: Range<Int>? = nil) throws {
        let gh = tape.cell.gateCount * tape.hidden
        let span = steps ?? 0..<g.steps
        let rows = span.count * g.rows, first = span.lowerBound * g.rows
        let out = tape.gates.p
        switch input {
        case .dense(let x):
            try w.pack.input.multiply(rows, 1, x + first * inSize, inSize, 0, out, gh)
        case .oneHot(let tokens):
            // Column `token` of W_ih (gh x in) is the projection of the one-hot vector.
            precondition(tokens.count >= first + rows)
            for r in 0..<rows {
                let tok = Int(tokens[first + r])
                let dst = out + r * gh
                if tok < 0 || tok >= inSize {
                    dst.update(repeating: 0, count: gh)
                    continue
                }
                for j in 0..<gh { dst[j] = w.weightIH[j * inSize + tok] }
            }
        }
        if tape.cell == .lstm || tape.cell == .gru { return }
        if let bih = w.biasIH { try addBiasRows(out, gh, bih, rows, gh) }
        if tape.cell != .gruResetBefore, let bhh = w.biasHH {
            try addBiasRows(out, gh, bhh, rows, gh)
        }
    }

    /// Runs the recurrence over time after `project`. h0/c0: (B, H) initial states or nil
    /// for zeros. Writes each step's h into out (row stride ldo; padded rows untouched).
    /// `steps`: run only these steps (tape.gates then holds their projections from its
    /// first row, as `project(steps:)` wrote them).
    /// `projecting`: the layer's dense input (T, B, inSize) for an LSTM or GRU whose scan
    /// projects it itself (see `scanProjection`) instead of after `project`: the same
    /// bits, and at batch 1 the projection runs inside the steps.
    static func scan(geometry g: BatchGeometry, reverse: Bool, weights w: DirectionWeights,
                     h0: UnsafePointer<Float>?, c0: UnsafePointer<Float>?,
                     out: UnsafeMutablePointer<Float>, ldo: Int, tape: DirectionTape,
                     steps: Range<Int>? = nil, projecting x: UnsafePointer<Float>? = nil, inSize: Int = 0) throws {
        let span = steps ?? 0..<g.steps
        let H = tape.hidden, B = g.rows
        let cell = tape.cell
        let gh = cell.gateCount * H
        let h = tape.h.p
        // h0 may be the tape's own state (stepping): then it is already in place.
        if let h0 {
            if h0 != UnsafePointer(h) { h.update(from: h0, count: B * H) }
        } else {
            h.update(repeating: 0, count: B * H)
        }
        if let c = tape.c?.p {
            if let c0 {
                if c0 != UnsafePointer(c) { c.update(from: c0, count: B * H) }
            } else {
                c.update(repeating: 0, count: B * H)
            }
        }
        if tape.recording {
            // What backward reads of the state before a row's first step: h0, and c0 in
            // the slot before that step (going backward, the slot of the row's length,
            // which none of its steps writes).
            precondition(span == 0..<g.steps, "a recorded pass scans all of its steps at once")
            tape.h0!.p.update(from: h, count: B * H)
            if let c = tape.c?.p, let cs = tape.cStates?.p {
                if reverse {
                    for b in 0..<B { (cs + (g.lengths[b] * B + b) * H).update(from: c + b * H, count: H) }
                } else {
                    cs.update(from: c, count: B * H)
                }
            }
        }
        if cell == .lstm || cell == .gru {
            // The whole time loop is one call: rnn_lstm_scan / rnn_gru_scan.
            try g.withScanOrder(reverse: reverse, span: span) { ord, act in
                try w.pack.gateHandles.withUnsafeBufferPointer { whh in
                    var a = rnn_scan_args()
                    a.B = B
                    a.H = H
                    a.steps = ord.count
                    a.order = ord.baseAddress
                    a.active = act
                    a.gates = tape.gates.p
                    a.gate_base = span.lowerBound
                    a.hg = tape.hg?.p
                    a.saved = tape.saved?.p // nil in inference: the gates are not kept
                    a.saved_per_step = tape.recording ? 1 : 0
                    a.h = h
                    a.spare = tape.spare.p
                    a.c = tape.c?.p
                    a.out = out
                    a.ldo = ldo
                    a.c_next_tape = tape.cellTapes(reverse: reverse)?.next
                    a.whh = whh.baseAddress
                    a.b_ih = w.biasIH
                    a.b_hh = w.biasHH
                    if let x {
                        a.x = x
                        a.ldx = inSize
                        a.wih = w.pack.input.handle
                    }
                    try check(cell == .lstm ? rnn_lstm_scan(&a) : rnn_gru_scan(&a),
                              cell == .lstm ? "lstm_scan" : "gru_scan")
                }
            }
            return
        }
        // The other cells: one multiply and one cell kernel per step, h updated in place.
        for t in g.timeOrder(reverse: reverse) where span.contains(t) {
            let nb = g.active[t]
            if nb == 0 { continue }
            let row = t * B
            let gates = tape.gates.p + (t - span.lowerBound) * B * gh
            switch cell {
            case .lstm, .gru:
                preconditionFailure("LSTM and GRU run as one scan above")
            case .gruResetBefore:
                let hg = tape.hg!.p
                let saved = tape.saved!.p + (tape.recording ? row * 4 * H : 0)
                let rh = tape.rh!.p + (tape.recording ? row * H : 0)
                try w.pack.main!.multiply(nb, 1, h, H, 0, hg, gh)
                if let bhh = w.biasHH { try addBiasRows(hg, gh, bhh, nb, 2 * H) }
                try check(rnn_gru_rb_forward_gates(rh, saved, gates, hg, h, nb, H), "gru_rb_forward_gates")
                try w.pack.n!.multiply(nb, 1, rh, H, 0, hg + 2 * H, gh)
                if let bhh = w.biasHH { try addBiasRows(hg + 2 * H, gh, bhh + 2 * H, nb, H) }
                try check(rnn_gru_rb_forward_state(h, saved, gates, hg, h, nb, H), "gru_rb_forward_state")
            case .rnnTanh, .rnnRelu:
                try w.pack.main!.multiply(nb, 1, h, H, 1, gates, H)
                try check(rnn_rnn_forward(gates, gates, nb * H, cell == .rnnRelu ? 1 : 0), "rnn_forward")
                h.update(from: gates, count: nb * H)
            }
            let o = out + row * ldo
            for b in 0..<nb { (o + b * ldo).update(from: h + b * H, count: H) }
        }
    }
}
