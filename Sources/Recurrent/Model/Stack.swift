// ----------------------------------------------------------------------------
// Stack: embedding -> layers (each one or two directions) -> optional head.
//
//   (x[T, B, I] or tokens[T, B], h0[L*D, B, H], c0[L*D, B, H]) -> y[T, B, O]
//
// Each layer is one or two ordinary direction scans; the backward direction reads
// the same input and writes its h into columns [H, 2H) of the layer output, so the
// output is [forward, backward] as in PyTorch. Dropout (training only) sits between
// layers, never after the last one.
// ----------------------------------------------------------------------------

/// What feeds the first layer, time-major and in sorted row order.
enum StackInput {
    case dense(Buffer)       // (T, B, I)
    case tokens([Int32])     // (T, B): embedding rows or one-hot columns; -1 on padded rows
}

/// All buffers of one forward pass over a batch. With recording, it is the tape
/// that backpropagation through time reads.
final class StackPass {
    let geometry: BatchGeometry
    let input: StackInput
    /// Dense input of each layer, (T, B, in_l); nil for a one-hot first layer.
    var layerInputs: [Buffer?] = []
    /// Per layer, per direction.
    var tapes: [[DirectionTape]] = []
    /// Output of each layer, (T, B, D*H) (before dropout).
    var layerOutputs: [Buffer] = []
    /// Dropout mask of each layer's output (0 or 1/(1-p)), nil where none.
    var masks: [Buffer?] = []
    /// Head output (T, B, O), when the model has a head.
    var head: Buffer?

    init(geometry: BatchGeometry, input: StackInput) {
        self.geometry = geometry
        self.input = input
    }

    /// The model's output (T, B, outputWidth): the head's, or the last layer's.
    var output: Buffer { head ?? layerOutputs[layerOutputs.count - 1] }

    /// Final hidden state of layer l, direction d: (B, H), sorted row order.
    func finalH(_ l: Int, _ d: Int) -> Buffer { tapes[l][d].h }
}

extension Model {
    /// Runs the whole stack. `h0`/`c0` are (L*D, B, H) in sorted row order, or nil for zeros.
    /// `dropout` > 0 draws masks from `rng` (training only).
    ///
    /// Without recording, each direction projects its input a block of steps at a
    /// time, just before running them, into a gates buffer of at most
    /// `gateBlockFloats` floats (64 MiB): inference over long sequences then needs
    /// memory for one block of gates, not for all T x B x 4H of them (5 GB for an LSTM
    /// of H=512 over 10,000 steps of 64 sequences). Shorter batches are one block. The
    /// results are the same bits either way (each row of a projection is computed
    /// alike however many rows the multiply has). Smaller blocks, sized to stay in
    /// cache, were measured too: 3-10% slower here (W_ih is streamed once per block).
    func runStack(_ input: StackInput, geometry g: BatchGeometry,
                  h0: Buffer? = nil, c0: Buffer? = nil, recording: Bool,
                  dropout: Float = 0, rng: UnsafeMutablePointer<SeededGenerator>? = nil,
                  gateBlockFloats: Int = 1 << 24) throws -> StackPass {
        let cfg = config
        let H = cfg.hiddenSize, D = cfg.directions, T = g.steps, B = g.rows
        let pass = StackPass(geometry: g, input: input)
        let base = UnsafePointer(storage.p)

        // Layer 0 input: dense rows, embedding rows, or one-hot columns.
        var layerInput: LayerInput
        switch input {
        case .dense(let x):
            pass.layerInputs.append(x)
            layerInput = .dense(UnsafePointer(x.p))
        case .tokens(let tokens):
            if let e = layout.embedding {
                let E = cfg.inputSize
                let x = Buffer(T * B * E)
                for r in 0..<(T * B) where tokens[r] >= 0 {
                    (x.p + r * E).update(from: base + e + Int(tokens[r]) * E, count: E)
                }
                pass.layerInputs.append(x)
                layerInput = .dense(UnsafePointer(x.p))
            } else {
                pass.layerInputs.append(nil)
                layerInput = .oneHot(tokens)
            }
        }

        // Steps per projection block (all of them when recording: backward needs every gate).
        let gh = cfg.cell.gateCount * H
        let blockSteps = recording ? T : max(1, min(T, gateBlockFloats / max(1, B * gh)))
        // Every row of every step is written when no sequence ends early; else the
        // padded rows must read as zero.
        let allActive = g.active.allSatisfy { $0 == B }
        for l in 0..<cfg.layers {
            let inSize = cfg.layerInputSize(l)
            let out = allActive ? Buffer(uninitialized: T * B * D * H) : Buffer(T * B * D * H)
            var dirTapes: [DirectionTape] = []
            for d in 0..<D {
                let tape = DirectionTape(cell: cfg.cell, hidden: H, steps: T, rows: B, recording: recording,
                                         gateSteps: blockSteps, allRowsActive: allActive)
                let w = directionWeights(layer: l, direction: d)
                let k = (l * D + d) * B * H
                // Blocks in the direction's time order; later blocks start from the state
                // the previous one left in the tape.
                var starts = T > 0 ? Array(stride(from: 0, to: T, by: blockSteps)) : [0]
                if d == 1 { starts.reverse() }
                // LSTM and GRU scans project dense inputs themselves.
                let projecting = LayerScan.scanProjection(cfg.cell, layerInput)
                for (i, t0) in starts.enumerated() {
                    let span = t0..<min(T, t0 + blockSteps)
                    if projecting == nil {
                        try LayerScan.project(layerInput, inSize: inSize, geometry: g, weights: w, tape: tape, steps: span)
                    }
                    try LayerScan.scan(geometry: g, reverse: d == 1, weights: w,
                                       h0: i == 0 ? h0.map { UnsafePointer($0.p + k) } : UnsafePointer(tape.h.p),
                                       c0: i == 0 ? c0.map { UnsafePointer($0.p + k) } : tape.c.map { UnsafePointer($0.p) },
                                       out: out.p + d * H, ldo: D * H, tape: tape, steps: span,
                                       projecting: projecting, inSize: inSize)
                }
                if recording { tape.releaseProjection() }
                dirTapes.append(tape)
            }
            pass.tapes.append(dirTapes)
            pass.layerOutputs.append(out)
            if l + 1 < cfg.layers {
                var next = out
                var mask: Buffer? = nil
                if dropout > 0, let rng {
                    let m = Buffer(out.count)
                    next = Buffer(out.count)
                    let scale = 1 / (1 - dropout)
                    for i in 0..<out.count {
                        m.p[i] = rng.pointee.nextUnitFloat() < dropout ? 0 : scale
                        next.p[i] = out.p[i] * m.p[i]
                    }
                    mask = m
                }
                pass.masks.append(mask)
                pass.layerInputs.append(next)
                layerInput = .dense(UnsafePointer(next.p))
            }
        }

        if let hw = layout.headWeight, let hb = layout.headBias, let O = cfg.outputSize {
            let y = Buffer(T * B * O)
            let last = pass.layerOutputs[cfg.layers - 1]
            try gemm(false, true, T * B, O, D * H, 1, last.p, D * H, base + hw, D * H, 0, y.p, O)
            try addBiasRows(y.p, O, base + hb, T * B, O)
            pass.head = y
        }
        return pass
    }
}
