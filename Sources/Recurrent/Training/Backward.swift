import CRecurrent

// ----------------------------------------------------------------------------
// Backpropagation through time. Mirrors Model/Layer.swift and Model/Stack.swift.
//
// Per direction, the time loop runs the forward loop in reverse and only does the
// per-step work: the fused gate-delta kernel and dh_prev = dgates x W_hh. Weight and
// bias gradients are then a few large matrix multiplies over all T x B rows:
//   dW_hh += dG^T h_prev,  dW_ih += dG^T x,  db += sum over rows of dG,  dx += dG W_ih.
// h_prev is read where the forward left it: the layer output of the step before (the
// output one step earlier in the direction's order), or h0 at a row's first step.
// Gradients add (+=) into `grads`, which shares the parameter layout.
// ----------------------------------------------------------------------------

/// Gradient pointers of one direction (same offsets as its weights).
struct DirectionGrads {
    let weightIH: UnsafeMutablePointer<Float>
    let weightHH: UnsafeMutablePointer<Float>
    let biasIH: UnsafeMutablePointer<Float>?
    let biasHH: UnsafeMutablePointer<Float>?

    init(_ base: UnsafeMutablePointer<Float>, _ slots: DirectionSlots) {
        weightIH = base + slots.weightIH
        weightHH = base + slots.weightHH
        biasIH = slots.biasIH.map { base + $0 }
        biasHH = slots.biasHH.map { base + $0 }
    }
}

enum LayerBackward {
    /// Backward of one direction scan.
    /// - output, dOut: (T, B, ldo) this direction's output columns and their gradient.
    /// - input: the layer input the projection read (dense rows or one-hot tokens).
    /// - dX: (T, B, inSize) gradient of the dense input, added to; nil when not needed.
    static func run(tape: DirectionTape, geometry g: BatchGeometry, reverse: Bool,
                    weights w: DirectionWeights, grads gw: DirectionGrads,
                    input: LayerInput, inSize: Int,
                    output: UnsafePointer<Float>, dOut: UnsafePointer<Float>, ldo: Int,
                    dX: UnsafeMutablePointer<Float>?,
                    dhNorms: UnsafeMutablePointer<Double>? = nil) throws {
        let H = tape.hidden, B = g.rows, T = g.steps
        let cell = tape.cell
        let gh = cell.gateCount * H
        let rows = T * B
        let isGRU = cell == .gru || cell == .gruResetBefore
        // dG: gradient of the input-side pre-activations (T, B, G*H); for GRU also dHG,
        // the gradient of the recurrent-side ones. Rows of padded steps stay zero.
        let dG = Buffer(uninitialized: rows * gh)
        let dHG = isGRU ? Buffer(uninitialized: rows * gh) : nil
        // The time loop writes the active rows of each step; clear the rest.
        for t in 0..<T where g.active[t] < B {
            let first = (t * B + g.active[t]) * gh, count = (B - g.active[t]) * gh
            (dG.p + first).update(repeating: 0, count: count)
            dHG.map { ($0.p + first).update(repeating: 0, count: count) }
        }
        let dhNext = Buffer(B * H)    // gradient flowing into h_prev of the step just done
        let dcNext = Buffer(B * H)    // LSTM: gradient flowing into c_prev
        let dh = Buffer(B * H)
        let drh = cell == .gruResetBefore ? Buffer(B * H) : nil
        let h0 = UnsafePointer(tape.h0!.p)
        let cTapes = tape.cellTapes(reverse: reverse)
        // W_hh packed once for all steps of this backward pass.
        let back = try RecurrentBackPack(cell: cell, hidden: H, weightHH: w.weightHH)

        let scanned = (cell == .lstm || cell == .gru) && dhNorms == nil
        if scanned {
            // The whole time loop is one call: rnn_lstm_backward_scan / rnn_gru_backward_scan.
            try g.withScanOrder(reverse: !reverse, span: 0..<T) { ord, act in
                var a = rnn_backward_scan_args()
                a.B = B
                a.H = H
                a.steps = ord.count
                a.order = ord.baseAddress
                a.active = act
                a.d_out = dOut
                a.ldo = ldo
                a.dh = dh.p
                a.dh_next = dhNext.p
                a.dc_next = dcNext.p
                a.dg = dG.p
                a.dhg = dHG?.p
                a.gates = UnsafePointer(tape.gates.p)
                a.c_prev_tape = cTapes.map { UnsafePointer($0.prev) }
                a.c_next_tape = cTapes.map { UnsafePointer($0.next) }
                a.saved = tape.saved.map { UnsafePointer($0.p) }
                a.h_out = output
                a.ldh = ldo
                a.h0 = h0
                a.whh = back.main.handle
                try check(cell == .lstm ? rnn_lstm_backward_scan(&a) : rnn_gru_backward_scan(&a),
                          cell == .lstm ? "lstm_backward_scan" : "gru_backward_scan")
            }
        }
        // The other cells, and the gradient-flow diagnostics: one call per kernel per step.
        // A GRU's kernels read h before the step, gathered into hPrev.
        let hPrev = isGRU && !scanned ? Buffer(B * H) : nil
        for t in g.timeOrder(reverse: !reverse) where !scanned {
            let nb = g.active[t]
            if nb == 0 { continue }
            let row = t * B
            // dh = dL/dh_t from above + from the step after.
            for b in 0..<nb {
                let src = dOut + (row + b) * ldo
                let acc = dhNext.p + b * H
                let dst = dh.p + b * H
                for j in 0..<H { dst[j] = src[j] + acc[j] }
            }
            if let dhNorms {
                var sum = 0.0
                for i in 0..<(nb * H) { sum += Double(dh.p[i]) * Double(dh.p[i]) }
                dhNorms[t] = sum.squareRoot()
            }
            let dg = dG.p + row * gh
            if let hp = hPrev?.p {
                let prev = reverse ? t + 1 : t - 1
                let continuing = prev >= 0 && prev < T ? g.active[prev] : 0
                for b in 0..<nb {
                    (hp + b * H).update(from: b < continuing ? output + (prev * B + b) * ldo : h0 + b * H, count: H)
                }
            }
            switch cell {
            case .lstm:
                try check(rnn_lstm_backward(dg, dcNext.p, dh.p, dcNext.p, tape.gates.p + row * gh,
                                            cTapes!.prev + row * H, cTapes!.next + row * H, nb, H), "lstm_backward")
                try back.main.multiply(nb, 1, dg, gh, 0, dhNext.p, H)
            case .gru:
                let dhg = dHG!.p + row * gh
                try check(rnn_gru_backward(dg, dhg, dhNext.p, dh.p, tape.saved!.p + row * 4 * H,
                                           hPrev!.p, nb, H), "gru_backward")
                try back.main.multiply(nb, 1, dhg, gh, 1, dhNext.p, H)
            case .gruResetBefore:
                let dhg = dHG!.p + row * gh
                let saved = tape.saved!.p + row * 4 * H
                try check(rnn_gru_rb_backward_state(dg, dhg, dhNext.p, dh.p, saved, hPrev!.p, nb, H),
                          "gru_rb_backward_state")
                try back.n!.multiply(nb, 1, dhg + 2 * H, gh, 0, drh!.p, H)
                try check(rnn_gru_rb_backward_gates(dg, dhg, dhNext.p, drh!.p, saved, hPrev!.p, nb, H),
                          "gru_rb_backward_gates")
                try back.main.multiply(nb, 1, dhg, gh, 1, dhNext.p, H)
            case .rnnTanh, .rnnRelu:
                // The activation's derivative from h, read in the layer output (a row at a
                // time when the other direction's columns sit between the rows).
                let relu: Int32 = cell == .rnnRelu ? 1 : 0
                if ldo == H {
                    try check(rnn_rnn_backward(dg, dh.p, output + row * ldo, nb * H, relu), "rnn_backward")
                } else {
                    for b in 0..<nb {
                        try check(rnn_rnn_backward(dg + b * gh, dh.p + b * H, output + (row + b) * ldo, H, relu),
                                  "rnn_backward")
                    }
                }
                try back.main.multiply(nb, 1, dg, gh, 0, dhNext.p, H)
            }
        }

        // Weight gradients over all steps at once.
        let dRec = dHG?.p ?? dG.p
        // dW_hh[0, n) += dRec[:, 0, n)^T h_prev over every (t, b): one multiply against the
        // output shifted by a step (a row's first step meets the zero output of a padded
        // row, or no row at all) and one against h0 for the rows' first steps.
        func addRecurrentGradient(_ n: Int) throws {
            if T > 1 {
                let shifted = (T - 1) * B
                if reverse {
                    try gemm(true, false, n, H, shifted, 1, dRec, gh, output + B * ldo, ldo, 1, gw.weightHH, H)
                } else {
                    try gemm(true, false, n, H, shifted, 1, dRec + B * gh, gh, output, ldo, 1, gw.weightHH, H)
                }
            }
            let first = Buffer(uninitialized: B * n)
            for b in 0..<B {
                let t = reverse ? g.lengths[b] - 1 : 0
                if t < 0 {
                    (first.p + b * n).update(repeating: 0, count: n)
                } else {
                    (first.p + b * n).update(from: dRec + (t * B + b) * gh, count: n)
                }
            }
            try gemm(true, false, n, H, B, 1, first.p, n, h0, H, 1, gw.weightHH, H)
        }
        switch cell {
        case .gruResetBefore:
            try addRecurrentGradient(2 * H)
            try gemm(true, false, H, H, rows, 1, dRec + 2 * H, gh, tape.rh!.p, H, 1, gw.weightHH + 2 * H * H, H)
        default:
            try addRecurrentGradient(gh)
        }
        if let bi = gw.biasIH, let bh = gw.biasHH, dRec == dG.p {
            // Both biases get the same column sums of dG: one pass over it, not two.
            let sums = Buffer(gh)
            try sumRows(sums.p, dG.p, gh, rows, gh)
            for j in 0..<gh {
                bi[j] += sums.p[j]
                bh[j] += sums.p[j]
            }
        } else {
            if let gb = gw.biasIH { try sumRows(gb, dG.p, gh, rows, gh) }
            if let gb = gw.biasHH { try sumRows(gb, dRec, gh, rows, gh) }
        }
        switch input {
        case .dense(let x):
            try gemm(true, false, gh, inSize, rows, 1, dG.p, gh, x, inSize, 1, gw.weightIH, inSize)
            if let dX { try gemm(false, false, rows, inSize, gh, 1, dG.p, gh, w.weightIH, inSize, 1, dX, inSize) }
        case .oneHot(let tokens):
            // The projection was column `token` of W_ih, so its gradient goes back there.
            for r in 0..<rows where tokens[r] >= 0 {
                let tok = Int(tokens[r])
                let src = dG.p + r * gh
                for j in 0..<gh { gw.weightIH[j * inSize + tok] += src[j] }
            }
        }
    }
}

extension Model {
    /// Backward through the stack of a recorded pass. `dOutput` is (T, B, outputWidth),
    /// the gradient of the model output (head output, or last layer output). Adds into `grads`.
    /// `gradFlow`, when given, receives ‖dL/dh_t‖ (over the batch) of the top layer's
    /// forward direction for every step t.
    func backwardStack(_ pass: StackPass, dOutput: Buffer, grads: Buffer,
                       gradFlow: UnsafeMutablePointer<Double>? = nil) throws {
        let cfg = config
        let H = cfg.hiddenSize, D = cfg.directions, g = pass.geometry
        let rows = g.steps * g.rows
        let base = UnsafePointer(storage.p)
        var dY: Buffer   // gradient of the current layer's output (T, B, D*H)
        if let hw = layout.headWeight, let hb = layout.headBias, let O = cfg.outputSize {
            let last = pass.layerOutputs[cfg.layers - 1]
            try gemm(true, false, O, D * H, rows, 1, dOutput.p, O, last.p, D * H, 1, grads.p + hw, D * H)
            try sumRows(grads.p + hb, dOutput.p, O, rows, O)
            dY = Buffer(rows * D * H)
            try gemm(false, false, rows, D * H, O, 1, dOutput.p, O, base + hw, D * H, 0, dY.p, D * H)
        } else {
            dY = dOutput
        }
        for l in stride(from: cfg.layers - 1, through: 0, by: -1) {
            let inSize = cfg.layerInputSize(l)
            let needDX = l > 0 || layout.embedding != nil
            let dX = needDX ? Buffer(rows * inSize) : nil
            let input: LayerInput
            if let x = pass.layerInputs[l] {
                input = .dense(UnsafePointer(x.p))
            } else if case .tokens(let tokens) = pass.input {
                input = .oneHot(tokens)
            } else {
                throw RecurrentError.unsupported("internal: layer \(l) has no recorded input")
            }
            for d in 0..<D {
                try LayerBackward.run(tape: pass.tapes[l][d], geometry: g, reverse: d == 1,
                                      weights: directionWeights(layer: l, direction: d),
                                      grads: DirectionGrads(grads.p, layout.directions[l][d]),
                                      input: input, inSize: inSize, output: pass.layerOutputs[l].p + d * H,
                                      dOut: dY.p + d * H, ldo: D * H, dX: dX?.p,
                                      dhNorms: l == cfg.layers - 1 && d == 0 ? gradFlow : nil)
            }
            if l > 0, let dX {
                // Dropout between layers l-1 and l: the input was out * mask.
                if let mask = pass.masks[l - 1] {
                    for i in 0..<dX.count { dX.p[i] *= mask.p[i] }
                }
                dY = dX
            } else if let dX, let e = layout.embedding, case .tokens(let tokens) = pass.input {
                let E = cfg.inputSize
                for r in 0..<rows where tokens[r] >= 0 {
                    let dst = grads.p + e + Int(tokens[r]) * E
                    let src = dX.p + r * E
                    for j in 0..<E { dst[j] += src[j] }
                }
            }
        }
    }
}
