import CRecurrent

/// A batch of sequences, batch-first and padded to the longest: `values` holds
/// (batch, steps, features) row-major; steps past a sequence's length are zero.
public struct SequenceBatch: Equatable, Sendable {
    /// Length of each sequence.
    public var lengths: [Int]
    /// Features per time step.
    public var featureSize: Int
    /// Padded (batch, steps, featureSize) values.
    public var values: [Float]

    /// Number of sequences.
    public var count: Int { lengths.count }
    /// Length of the longest sequence.
    public var steps: Int { lengths.max() ?? 0 }

    /// Creates a batch from padded values.
    public init(lengths: [Int], featureSize: Int, values: [Float]) throws {
        let steps = lengths.max() ?? 0
        guard lengths.allSatisfy({ $0 >= 0 }), featureSize > 0,
              values.count == lengths.count * steps * featureSize else {
            throw RecurrentError.shape("sequence batch: expected \(lengths.count) x \(steps) x \(featureSize) values, got \(values.count)")
        }
        self.lengths = lengths
        self.featureSize = featureSize
        self.values = values
    }

    /// Creates a batch from sequences of steps of features (every step `featureSize` long).
    public init(_ sequences: [[[Float]]], featureSize: Int) throws {
        let steps = sequences.map(\.count).max() ?? 0
        var values = [Float](repeating: 0, count: sequences.count * steps * featureSize)
        for (b, seq) in sequences.enumerated() {
            for (t, x) in seq.enumerated() {
                guard x.count == featureSize else {
                    throw RecurrentError.shape("sequence \(b), step \(t): expected \(featureSize) features, got \(x.count)")
                }
                let o = (b * steps + t) * featureSize
                for i in 0..<featureSize { values[o + i] = x[i] }
            }
        }
        try self.init(lengths: sequences.map(\.count), featureSize: featureSize, values: values)
    }

    /// Sequence `i` as an array of steps.
    public func sequence(_ i: Int) -> [[Float]] {
        let steps = self.steps
        return (0..<lengths[i]).map { t in
            let o = (i * steps + t) * featureSize
            return Array(values[o..<(o + featureSize)])
        }
    }
}

extension Model {
    /// Runs the model over a batch of sequences of different lengths and returns the
    /// output at every step (the head's output, or the last layer's hidden state,
    /// [forward, backward] for bidirectional models). Every sequence starts from a
    /// zero state and gets exactly the result it would get alone.
    ///
    /// Cost: one input-projection matrix multiply per layer and direction, then one
    /// recurrent multiply and one fused gate kernel per step.
    public func forward(_ batch: SequenceBatch) throws -> SequenceBatch {
        guard config.embeddingVocabulary == nil else {
            throw RecurrentError.unsupported("this model has an embedding: give it token ids (forward(tokens:))")
        }
        guard batch.featureSize == config.inputSize else {
            throw RecurrentError.shape("expected \(config.inputSize) input features per step, got \(batch.featureSize)")
        }
        let g = BatchGeometry(lengths: batch.lengths)
        let x = Buffer(uninitialized: g.steps * g.rows * config.inputSize) // timeMajor writes every row
        batch.values.withUnsafeBufferPointer { v in
            timeMajor(from: v.baseAddress!, into: x.p, geometry: g, width: config.inputSize)
        }
        let pass = try runStack(.dense(x), geometry: g, recording: false)
        return batchFirst(pass.output, geometry: g, width: config.outputWidth)
    }

    /// Runs the model over sequences given as arrays of steps; see ``forward(_:)-(SequenceBatch)``.
    public func forward(_ sequences: [[[Float]]]) throws -> [[[Float]]] {
        let out = try forward(SequenceBatch(sequences, featureSize: config.inputSize))
        return (0..<out.count).map { out.sequence($0) }
    }

    /// Runs the model over sequences of token ids: rows of the embedding when the model
    /// has one, else one-hot vectors of size `inputSize` (a column of W_ih, no multiply).
    public func forward(tokens: [[Int]]) throws -> [[[Float]]] {
        let vocab = config.embeddingVocabulary ?? config.inputSize
        let g = BatchGeometry(lengths: tokens.map(\.count))
        var ids = [Int32](repeating: -1, count: g.steps * g.rows)
        for (i, src) in g.order.enumerated() {
            for (t, tok) in tokens[src].enumerated() {
                guard tok >= 0 && tok < vocab else {
                    throw RecurrentError.shape("sequence \(src), step \(t): token \(tok) outside the vocabulary of \(vocab)")
                }
                ids[t * g.rows + i] = Int32(tok)
            }
        }
        let pass = try runStack(.tokens(ids), geometry: g, recording: false)
        let out = batchFirst(pass.output, geometry: g, width: config.outputWidth)
        return (0..<out.count).map { out.sequence($0) }
    }
}

/// Copies padded batch-first rows (caller order) into time-major rows (sorted order).
/// Every row of dst is written (the steps past a sequence's end with zeros), so dst
/// need not be cleared first.
func timeMajor(from src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>,
               geometry g: BatchGeometry, width: Int) {
    var from = [Int64](repeating: -1, count: g.steps * g.rows)
    for (i, b) in g.order.enumerated() {
        for t in 0..<g.lengths[i] { from[t * g.rows + i] = Int64(b * g.steps + t) }
    }
    gatherRows(dst, src, from, width: width)
}

/// dst row r = src row from[r], or zeros where from[r] < 0 (rows of `width`, threaded).
private func gatherRows(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>,
                        _ from: [Int64], width: Int) {
    let status = from.withUnsafeBufferPointer {
        rnn_gather_rows(dst, width, src, width, $0.baseAddress, from.count, width)
    }
    precondition(status == RNN_OK, "rnn_gather_rows: \(status)") // sizes are ours, not the caller's
}

/// Copies time-major rows (sorted order) back into a padded batch-first batch (caller
/// order), zeros past each sequence's end.
func batchFirst(_ y: Buffer, geometry g: BatchGeometry, width: Int) -> SequenceBatch {
    var from = [Int64](repeating: -1, count: g.rows * g.steps)
    for (i, b) in g.order.enumerated() {
        for t in 0..<g.lengths[i] { from[b * g.steps + t] = Int64(t * g.rows + i) }
    }
    let values = [Float](unsafeUninitializedCapacity: g.rows * g.steps * width) { v, initialized in
        if let base = v.baseAddress { gatherRows(base, UnsafePointer(y.p), from, width: width) }
        initialized = g.rows * g.steps * width
    }
    var lengths = [Int](repeating: 0, count: g.rows)
    for (i, b) in g.order.enumerated() { lengths[b] = g.lengths[i] }
    return try! SequenceBatch(lengths: lengths, featureSize: width, values: values)
}
