import CRecurrent

/// The running state of a unidirectional model stepped over one or more live streams:
/// the hidden (and LSTM cell) state of every layer, plus preallocated scratch space,
/// so that ``Model/step(_:state:)`` allocates nothing per step.
///
/// A value type: copying a state and stepping the copy leaves the original as it was
/// (the copy takes its own buffers on its first step). Each thread stepping a shared
/// model uses its own state.
public struct StepState {
    final class Storage {
        let geometry: BatchGeometry
        let tapes: [DirectionTape]        // one per layer; tape.h / tape.c are the state
        let outputs: [Buffer]             // per layer (B, H)
        let input: Buffer                 // (B, I)
        let joined: [Buffer]              // per layer (B, in + H): [x, h] for the joined step multiply
        var tokens: [Int32]               // (B)
        let head: Buffer?                 // (B, O)

        init(config: ModelConfig, batch: Int) {
            geometry = BatchGeometry(rows: batch, steps: 1)
            tapes = (0..<config.layers).map { _ in
                DirectionTape(cell: config.cell, hidden: config.hiddenSize, steps: 1, rows: batch, recording: false)
            }
            outputs = (0..<config.layers).map { _ in Buffer(batch * config.hiddenSize) }
            input = Buffer(batch * config.inputSize)
            joined = (0..<config.layers).map { Buffer(batch * (config.layerInputSize($0) + config.hiddenSize)) }
            tokens = [Int32](repeating: 0, count: batch)
            head = config.outputSize.map { Buffer(batch * $0) }
        }

        func copy(config: ModelConfig) -> Storage {
            let s = Storage(config: config, batch: geometry.rows)
            for (a, b) in zip(s.tapes, tapes) {
                a.h.p.update(from: b.h.p, count: b.h.count)
                if let ac = a.c, let bc = b.c { ac.p.update(from: bc.p, count: bc.count) }
            }
            return s
        }
    }

    var storage: Storage
    let config: ModelConfig

    init(config: ModelConfig, batch: Int) {
        self.config = config
        storage = Storage(config: config, batch: batch)
    }

    /// Number of streams stepped together.
    public var batch: Int { storage.geometry.rows }

    /// Hidden state of `layer`, (batch, hidden) row-major.
    public func hidden(layer: Int) -> [Float] { storage.tapes[layer].h.array }

    /// Cell state of `layer` for LSTM models, (batch, hidden) row-major; nil otherwise.
    public func cell(layer: Int) -> [Float]? { storage.tapes[layer].c?.array }

    /// Sets every state back to zero (the start of a new sequence).
    public mutating func reset() {
        makeUnique()
        for t in storage.tapes {
            t.h.zero()
            t.c?.zero()
        }
    }

    /// Sets the state of one stream back to zero, leaving the others.
    public mutating func reset(stream: Int) {
        makeUnique()
        let H = config.hiddenSize
        for t in storage.tapes {
            (t.h.p + stream * H).update(repeating: 0, count: H)
            if let c = t.c { (c.p + stream * H).update(repeating: 0, count: H) }
        }
    }

    /// Throws unless this state was made by a model of `config`'s architecture.
    func check(_ config: ModelConfig) throws {
        guard config == self.config else {
            throw RecurrentError.shape("this state was made for a different model (\(self.config.cell.rawValue), hidden \(self.config.hiddenSize), \(self.config.layers) layers); make one with this model's makeState()")
        }
    }

    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(config: config) }
    }
}

extension Model {
    /// A zero state for stepping `batch` streams at once (default one).
    public func makeState(batch: Int = 1) -> StepState {
        StepState(config: config, batch: max(batch, 1))
    }

    /// Advances every stream of `state` by one time step and returns the outputs,
    /// (batch, outputWidth) row-major. `x` is (batch, inputSize) row-major.
    ///
    /// Throws for bidirectional models (they need the whole sequence) and for inputs of
    /// the wrong size. See ``step(_:state:into:)`` for a version that allocates nothing.
    public func step(_ x: [Float], state: inout StepState) throws -> [Float] {
        var y = [Float](repeating: 0, count: state.batch * config.outputWidth)
        try x.withUnsafeBufferPointer { xp in
            try y.withUnsafeMutableBufferPointer { yp in try step(xp, state: &state, into: yp) }
        }
        return y
    }

    /// Advances every stream by one step, reading (batch, inputSize) from `x` and writing
    /// (batch, outputWidth) into `output`. Allocates nothing.
    public func step(_ x: UnsafeBufferPointer<Float>, state: inout StepState,
                     into output: UnsafeMutableBufferPointer<Float>) throws {
        guard config.embeddingVocabulary == nil else {
            throw RecurrentError.unsupported("this model has an embedding: step it with token ids (step(tokens:state:))")
        }
        try state.check(config)
        guard x.count == state.batch * config.inputSize else {
            throw RecurrentError.shape("expected \(state.batch * config.inputSize) input values, got \(x.count)")
        }
        state.makeUnique()
        let s = state.storage
        s.input.p.update(from: x.baseAddress!, count: x.count)
        try stepStack(.dense(UnsafePointer(s.input.p)), state: &state, into: output)
    }

    /// Advances every stream by one step with token ids as input (embedding rows, or
    /// one-hot vectors of size `inputSize`), returning (batch, outputWidth) outputs.
    public func step(tokens: [Int], state: inout StepState) throws -> [Float] {
        var y = [Float](repeating: 0, count: state.batch * config.outputWidth)
        try y.withUnsafeMutableBufferPointer { yp in try step(tokens: tokens, state: &state, into: yp) }
        return y
    }

    /// Token-id version of ``step(_:state:into:)``; allocates nothing when the model
    /// has no embedding.
    public func step(tokens: [Int], state: inout StepState, into output: UnsafeMutableBufferPointer<Float>) throws {
        let vocab = config.embeddingVocabulary ?? config.inputSize
        try state.check(config)
        guard tokens.count == state.batch else {
            throw RecurrentError.shape("expected \(state.batch) token ids, got \(tokens.count)")
        }
        state.makeUnique()
        let s = state.storage
        for i in 0..<tokens.count {
            let t = tokens[i]
            guard t >= 0 && t < vocab else {
                throw RecurrentError.shape("token \(t) outside the vocabulary of \(vocab)")
            }
            s.tokens[i] = Int32(t)
        }
        if let e = layout.embedding {
            let E = config.inputSize
            for i in 0..<tokens.count {
                (s.input.p + i * E).update(from: storage.p + e + tokens[i] * E, count: E)
            }
            try stepStack(.dense(UnsafePointer(s.input.p)), state: &state, into: output)
        } else {
            try stepStack(.oneHot(s.tokens), state: &state, into: output)
        }
    }

    private func stepStack(_ first: LayerInput, state: inout StepState,
                           into output: UnsafeMutableBufferPointer<Float>) throws {
        guard !config.bidirectional else {
            throw RecurrentError.unsupported("a bidirectional model cannot be stepped: it needs the whole sequence (use forward)")
        }
        guard output.count >= state.batch * config.outputWidth else {
            throw RecurrentError.shape("output needs \(state.batch * config.outputWidth) values, got \(output.count)")
        }
        let s = state.storage
        let H = config.hiddenSize
        let B = state.batch
        let base = UnsafePointer(storage.p)
        var input = first
        let joinable = config.cell == .lstm || config.cell == .rnnTanh || config.cell == .rnnRelu
        let stepPacks = joinable ? try self.stepPacks() : []
        for l in 0..<config.layers {
            if joinable, case .dense(let x) = input {
                // One matrix-vector product per layer: gates = [x, h] x [W_ih | W_hh]^T + b.
                let tape = s.tapes[l], pack = stepPacks[l]
                let k = pack.inSize + H, gh = config.cell.gateCount * H
                let xh = s.joined[l].p, h = tape.h.p, gates = tape.gates.p
                for b in 0..<B {
                    (xh + b * k).update(from: x + b * pack.inSize, count: pack.inSize)
                    (xh + b * k + pack.inSize).update(from: h + b * H, count: H)
                }
                if config.cell == .lstm {
                    // One fused step: the new h goes to the layer output, then becomes the state.
                    try check(rnn_lstm_step(s.outputs[l].p, H, tape.c!.p, gates, xh, k, pack.gateHandles,
                                            pack.bias?.p, nil, B, H), "lstm_step")
                    h.update(from: s.outputs[l].p, count: B * H)
                } else {
                    try pack.matrix!.multiply(B, 1, xh, k, 0, gates, gh)
                    if let bias = pack.bias { try addBiasRows(gates, gh, bias.p, B, gh) }
                    try check(rnn_rnn_forward(h, gates, B * H, config.cell == .rnnRelu ? 1 : 0), "rnn_forward")
                    s.outputs[l].p.update(from: h, count: B * H)
                }
                input = .dense(UnsafePointer(s.outputs[l].p))
                continue
            }
            let tape = s.tapes[l]
            let w = directionWeights(layer: l, direction: 0)
            try LayerScan.project(input, inSize: config.layerInputSize(l), geometry: s.geometry, weights: w, tape: tape)
            try LayerScan.scan(geometry: s.geometry, reverse: false, weights: w,
                               h0: UnsafePointer(tape.h.p), c0: tape.c.map { UnsafePointer($0.p) },
                               out: s.outputs[l].p, ldo: H, tape: tape)
            input = .dense(UnsafePointer(s.outputs[l].p))
        }
        let last = s.outputs[config.layers - 1]
        if let hw = layout.headWeight, let hb = layout.headBias, let O = config.outputSize, let y = s.head {
            try gemm(false, true, B, O, H, 1, last.p, H, base + hw, H, 0, y.p, O)
            try addBiasRows(y.p, O, base + hb, B, O)
            output.baseAddress!.update(from: y.p, count: B * O)
        } else {
            output.baseAddress!.update(from: last.p, count: B * H)
        }
    }
}
