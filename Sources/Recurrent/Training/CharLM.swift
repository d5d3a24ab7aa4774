import Foundation

// Character-level language models: a vocabulary of Unicode scalars, the text cut into
// contiguous streams trained with truncated BPTT (state carried from one update to the
// next, reset each epoch), evaluation in nats and bits per character, and sampling.

/// The characters a character model knows: the sorted set of Unicode scalars of its
/// training text. Stored in model files as metadata `vocab`, a JSON array of strings.
public struct Vocabulary: Equatable, Sendable {
    /// The characters in token order.
    public let symbols: [Unicode.Scalar]
    private let index: [Unicode.Scalar: Int32]

    /// The sorted set of Unicode scalars in `text`.
    public init(text: String) {
        self.init(symbols: Array(Set(text.unicodeScalars)).sorted { $0.value < $1.value })
    }

    /// A vocabulary with these symbols, in this order.
    public init(symbols: [Unicode.Scalar]) {
        self.symbols = symbols
        var index: [Unicode.Scalar: Int32] = [:]
        for (i, s) in symbols.enumerated() { index[s] = Int32(i) }
        self.index = index
    }

    /// Parses the `vocab` metadata (a JSON array of one-character strings).
    public init(json: String) throws {
        guard case .array(let items) = try JSONValue.parse(json) else {
            throw RecurrentError.invalidModel("metadata 'vocab' is not a JSON array")
        }
        var symbols: [Unicode.Scalar] = []
        for item in items {
            guard case .string(let s) = item, s.unicodeScalars.count == 1 else {
                throw RecurrentError.invalidModel("metadata 'vocab' holds an entry that is not one character")
            }
            symbols.append(s.unicodeScalars.first!)
        }
        guard Set(symbols).count == symbols.count, !symbols.isEmpty else {
            throw RecurrentError.invalidModel("metadata 'vocab' is empty or repeats a character")
        }
        self.init(symbols: symbols)
    }

    /// The `vocab` metadata value.
    public var json: String { JSONValue.array(symbols.map { .string(String($0)) }).serialized() }

    /// Number of characters.
    public var count: Int { symbols.count }

    /// The token of a character, or nil.
    public func token(_ s: Unicode.Scalar) -> Int32? { index[s] }

    /// Token ids of `text`. A character outside the vocabulary is an error naming it and
    /// its line, column and character position, unless `skipUnknown` (then it is skipped
    /// and counted).
    public func encode(_ text: String, skipUnknown: Bool = false) throws -> (tokens: [Int32], skipped: Int) {
        var tokens: [Int32] = []
        tokens.reserveCapacity(text.utf8.count)
        var skipped = 0, line = 1, column = 0, position = 0
        for s in text.unicodeScalars {
            position += 1
            column += 1
            if let t = index[s] {
                tokens.append(t)
            } else if skipUnknown {
                skipped += 1
            } else {
                let shown = s.properties.generalCategory == .control || s == " " ? "" : "'\(s)' "
                throw RecurrentError.shape("character \(shown)(U+\(String(format: "%04X", s.value))) at line \(line), column \(column) (character \(position)) is not in the model's vocabulary")
            }
            if s == "\n" { line += 1; column = 0 }
        }
        return (tokens, skipped)
    }
}

/// How a text is cut into updates.
public struct CharPlan: Equatable, Sendable {
    /// Contiguous streams the training text is cut into (the batch size).
    public var batchSize: Int
    /// Time steps of every stream per update.
    public var seqLen: Int
    /// Fraction of the text, at its end, held out for validation.
    public var valFraction: Double

    /// Creates a plan.
    public init(batchSize: Int, seqLen: Int, valFraction: Double = 0.05) {
        self.batchSize = batchSize
        self.seqLen = seqLen
        self.valFraction = valFraction
    }
}

/// Trains a character model on a text: `batchSize` contiguous streams, `seqLen` steps
/// of each per update, the state carried between updates and reset at each epoch.
public final class CharTraining {
    /// The trainer (model, optimizer).
    public let trainer: Trainer
    /// The plan.
    public let plan: CharPlan
    /// The vocabulary (the model's).
    public let vocabulary: Vocabulary
    let train: [Int32]
    let val: [Int32]
    /// The epoch in progress (0-based).
    public internal(set) var epoch = 0
    /// The update (chunk of `seqLen` steps) of the epoch to run next.
    public internal(set) var chunkIndex = 0
    var carry: Trainer.Carry?

    /// Splits `tokens` into training and validation parts and prepares the streams.
    public init(trainer: Trainer, tokens: [Int32], vocabulary: Vocabulary, plan: CharPlan) throws {
        self.trainer = trainer
        self.plan = plan
        self.vocabulary = vocabulary
        let nVal = Int((Double(tokens.count) * plan.valFraction).rounded(.down))
        train = Array(tokens[0..<(tokens.count - nVal)])
        val = Array(tokens[(tokens.count - nVal)...])
        guard streamLength >= 2 else {
            throw RecurrentError.shape("the text is too short: \(train.count) training characters for \(plan.batchSize) streams (need at least 2 per stream)")
        }
    }

    /// Characters per stream.
    public var streamLength: Int { train.count / plan.batchSize }
    /// Updates per epoch.
    public var chunksPerEpoch: Int { (streamLength - 1 + plan.seqLen - 1) / plan.seqLen }
    /// Characters of the held-out validation text.
    public var validationCount: Int { val.count }
    /// Characters of the training text.
    public var trainingCount: Int { train.count }

    /// Input tokens (T, B), targets and geometry of chunk k of streams over `tokens`.
    static func chunk(_ tokens: [Int32], streams B: Int, length L: Int, start: Int, steps T: Int)
        -> (geometry: BatchGeometry, input: [Int32], targets: StepTargets) {
        var input = [Int32](repeating: 0, count: T * B)
        var tv = [Float](repeating: 0, count: T * B)
        for t in 0..<T {
            for b in 0..<B {
                input[t * B + b] = tokens[b * L + start + t]
                tv[t * B + b] = Float(tokens[b * L + start + t + 1])
            }
        }
        return (BatchGeometry(rows: B, steps: T), input,
                StepTargets(values: tv, present: [Bool](repeating: true, count: T * B), width: 1))
    }

    /// Trains until `maxSteps` updates in total or the end of epoch `maxEpochs`. Give
    /// `progress:` its label: in the Swift 6 language mode a trailing closure is taken
    /// for `checkpoint`.
    public func run(maxSteps: Int?, maxEpochs: Int?, checkpointEvery: Int? = nil,
                    checkpoint: ((CharTraining) throws -> Void)? = nil,
                    progress: ((TrainingProgress) throws -> Void)? = nil) throws {
        let B = plan.batchSize, L = streamLength
        let started = Date()
        var processed = 0
        var total: Int? = maxEpochs.map { $0 * chunksPerEpoch }
        if let s = maxSteps { total = min(total ?? s, s) }
        func done() -> Bool {
            if let s = maxSteps, trainer.step >= s { return true }
            if let e = maxEpochs, epoch >= e { return true }
            return false
        }
        while !done() {
            let start = chunkIndex * plan.seqLen
            let T = min(plan.seqLen, L - 1 - start)
            let (g, input, targets) = Self.chunk(train, streams: B, length: L, start: start, steps: T)
            let (result, next) = try trainer.update(.tokens(input), geometry: g, targets: targets, carry: carry)
            carry = next
            chunkIndex += 1
            processed += T * B
            if chunkIndex >= chunksPerEpoch {
                chunkIndex = 0
                epoch += 1
                carry = nil
            }
            if let r = result {
                let elapsed = Date().timeIntervalSince(started)
                let fraction = chunkIndex == 0 ? 1.0 : Double(chunkIndex) / Double(chunksPerEpoch)
                try progress?(TrainingProgress(step: trainer.step, epoch: chunkIndex == 0 ? epoch - 1 : epoch,
                                               epochFraction: fraction, loss: r.loss, elapsed: elapsed,
                                               stepsPerSecond: Double(processed) / max(elapsed, 1e-9),
                                               totalSteps: total))
                if let every = checkpointEvery, every > 0, trainer.step % every == 0 { try checkpoint?(self) }
            }
        }
    }

    /// Mean loss in nats per character over the held-out text (streams of it with carried
    /// state), or nil when it is too short.
    public func validationLoss() throws -> Double? {
        guard val.count >= 2 else { return nil }
        return try Self.meanLoss(model: trainer.model, tokens: val, streams: min(plan.batchSize, max(1, (val.count - 1) / plan.seqLen)), seqLen: plan.seqLen)
    }

    /// Mean cross-entropy (nats per character) of predicting each character of `tokens`
    /// from the ones before it, over `streams` contiguous streams with carried state.
    public static func meanLoss(model: Model, tokens: [Int32], streams B: Int = 1, seqLen: Int = 100) throws -> Double {
        let B = max(1, min(B, tokens.count / 2))
        let L = tokens.count / B
        guard L >= 2 else { throw RecurrentError.shape("the text is too short to evaluate (\(tokens.count) characters)") }
        let trainer = Trainer(model: model, settings: TrainingSettings(loss: .ce, optimizer: OptimizerSettings(kind: .sgd, learningRate: 0)))
        var carry: Trainer.Carry? = nil
        var sum = 0.0, count = 0
        var start = 0
        while start < L - 1 {
            let T = min(seqLen, L - 1 - start)
            let (g, input, targets) = chunk(tokens, streams: B, length: L, start: start, steps: T)
            let r = try trainer.evaluate(.tokens(input), geometry: g, targets: targets, carry: carry)
            sum += r.loss
            count += r.count
            carry = r.carry
            start += T
        }
        return sum / Double(count)
    }
}

/// Draws text from a character model, one character at a time, feeding each sampled
/// character back in.
public struct CharSampler {
    /// The model.
    public let model: Model
    /// Its vocabulary.
    public let vocabulary: Vocabulary
    /// Softmax temperature; 0 is greedy (always the most likely character).
    public var temperature: Double
    /// Sample only among the k most likely characters (nil: all).
    public var topK: Int?
    var rng: SeededGenerator
    var state: StepState
    var logits: [Float]

    /// Creates a sampler with a zero state.
    public init(model: Model, vocabulary: Vocabulary, temperature: Double = 1, topK: Int? = nil, seed: UInt64 = 0) throws {
        guard model.config.outputWidth == vocabulary.count else {
            throw RecurrentError.invalidModel("the model has \(model.config.outputWidth) outputs but its vocabulary \(vocabulary.count) characters")
        }
        self.model = model
        self.vocabulary = vocabulary
        self.temperature = temperature
        self.topK = topK
        rng = SeededGenerator(seed: seed)
        state = model.makeState()
        logits = [Float](repeating: 0, count: vocabulary.count)
    }

    /// Feeds characters (a prime text) through the model.
    public mutating func feed(_ tokens: [Int32]) throws {
        for t in tokens { try feed(t) }
    }

    mutating func feed(_ token: Int32) throws {
        try logits.withUnsafeMutableBufferPointer { y in
            try model.step(tokens: [Int(token)], state: &state, into: y)
        }
    }

    /// Samples the next character from the current prediction and feeds it back in.
    public mutating func next() throws -> Unicode.Scalar {
        let V = logits.count
        var choice = 0
        if temperature <= 0 {
            for j in 1..<V where logits[j] > logits[choice] { choice = j }
        } else {
            var idx = Array(0..<V)
            if let k = topK, k < V {
                idx.sort { logits[$0] > logits[$1] }
                idx = Array(idx.prefix(max(k, 1)))
            }
            let m = idx.map { Double(logits[$0]) }.max()!
            let w = idx.map { exp((Double(logits[$0]) - m) / temperature) }
            let total = w.reduce(0, +)
            var u = rng.nextUnitDouble() * total
            choice = idx[idx.count - 1]
            for (i, wi) in w.enumerated() {
                if u < wi { choice = idx[i]; break }
                u -= wi
            }
        }
        try feed(Int32(choice))
        return vocabulary.symbols[choice]
    }
}
