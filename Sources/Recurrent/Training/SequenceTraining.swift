import Foundation

/// How a sequence file is cut into updates.
public struct SequencePlan: Equatable, Sendable {
    /// Sequences per batch (consecutive in the epoch's order; the last batch may be smaller).
    public var batchSize: Int
    /// Truncated BPTT chunk length; 0 for full BPTT (one update per batch).
    public var bptt: Int
    /// Shuffle the order of sequences each epoch (seeded); false keeps file order.
    public var shuffle: Bool

    /// Creates a plan.
    public init(batchSize: Int, bptt: Int = 0, shuffle: Bool = true) {
        self.batchSize = batchSize
        self.bptt = bptt
        self.shuffle = shuffle
    }
}

/// Progress of a training run, reported after each update.
public struct TrainingProgress: Sendable {
    /// Updates done.
    public var step: Int
    /// Epoch of the update (0-based) and the fraction of it done.
    public var epoch: Int
    /// Fraction of the current epoch done, 0...1.
    public var epochFraction: Double
    /// Mean loss of the update.
    public var loss: Double
    /// Seconds since the run (or resume) started.
    public var elapsed: Double
    /// Time steps (or characters) processed per second since the start.
    public var stepsPerSecond: Double
    /// Updates the run will do in total, when known.
    public var totalSteps: Int?
}

/// Trains a model on a ``SequenceDataset`` with batches of whole sequences, full or
/// truncated BPTT, and resumable checkpoints.
public final class SequenceTraining {
    /// The trainer (model, optimizer).
    public let trainer: Trainer
    /// The data.
    public let data: SequenceDataset
    /// How the data is cut into updates.
    public let plan: SequencePlan
    /// The epoch in progress (0-based).
    public internal(set) var epoch = 0
    /// The batch of the epoch to run next (or in progress).
    public internal(set) var batchIndex = 0
    /// The BPTT chunk of that batch to run next.
    public internal(set) var chunkIndex = 0
    var carry: Trainer.Carry?

    /// Starts a new run.
    public init(trainer: Trainer, data: SequenceDataset, plan: SequencePlan) throws {
        guard data.inputSize == trainer.model.config.inputSize else {
            throw RecurrentError.shape("the data has \(data.inputSize) inputs per step but the model takes \(trainer.model.config.inputSize)")
        }
        self.trainer = trainer
        self.data = data
        self.plan = plan
    }

    /// Batches per epoch.
    public var batchesPerEpoch: Int { (data.sequences.count + plan.batchSize - 1) / plan.batchSize }

    /// The epoch's order of sequences: file order, or a permutation seeded by (seed, epoch),
    /// so a resumed run shuffles exactly as the uninterrupted one.
    func order(epoch: Int) -> [Int] {
        var idx = Array(data.sequences.indices)
        guard plan.shuffle else { return idx }
        var g = SeededGenerator(seed: trainer.settings.seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
        for i in stride(from: idx.count - 1, to: 0, by: -1) {
            let j = Int(g.next() % UInt64(i + 1))
            idx.swapAt(i, j)
        }
        return idx
    }

    /// Input, targets and geometry of one batch (time-major, sorted longest first).
    struct PreparedBatch {
        let geometry: BatchGeometry
        let x: Buffer           // (T, B, I)
        let targets: StepTargets
    }

    static func prepare(_ seqs: [LabeledSequence], inputSize I: Int, targetWidth W: Int) -> PreparedBatch {
        let g = BatchGeometry(lengths: seqs.map(\.count))
        let x = Buffer(g.steps * g.rows * I)
        var tv = [Float](repeating: 0, count: g.steps * g.rows * W)
        var present = [Bool](repeating: false, count: g.steps * g.rows)
        for (i, src) in g.order.enumerated() {
            let s = seqs[src]
            s.inputs.withUnsafeBufferPointer { inp in
                for t in 0..<s.count {
                    (x.p + (t * g.rows + i) * I).update(from: inp.baseAddress! + t * I, count: I)
                }
            }
            for t in 0..<s.count where s.hasTarget[t] {
                let r = t * g.rows + i
                present[r] = true
                for j in 0..<W { tv[r * W + j] = s.targets[t * W + j] }
            }
        }
        return PreparedBatch(geometry: g, x: x, targets: StepTargets(values: tv, present: present, width: W))
    }

    /// Chunk `k` of a prepared batch: steps [k*K, k*K + K) with each row's length clamped.
    static func chunk(_ b: PreparedBatch, index k: Int, bptt: Int, inputSize I: Int)
        -> (geometry: BatchGeometry, x: Buffer, targets: StepTargets) {
        let g = b.geometry
        let K = bptt > 0 ? bptt : max(g.steps, 1)
        let start = k * K
        let end = min(start + K, g.steps)
        let lengths = g.lengths.map { max(0, min($0, end) - start) }
        let cg = BatchGeometry(lengths: lengths)   // already sorted: order is the identity
        let rows = (end - start) * g.rows
        let x = Buffer(rows * I)
        x.p.update(from: b.x.p + start * g.rows * I, count: rows * I)
        let W = b.targets.width
        let tv = Array(b.targets.values[(start * g.rows * W)..<(end * g.rows * W)])
        let pr = Array(b.targets.present[(start * g.rows)..<(end * g.rows)])
        return (cg, x, StepTargets(values: tv, present: pr, width: W))
    }

    func chunks(of b: PreparedBatch) -> Int {
        plan.bptt > 0 ? (b.geometry.steps + plan.bptt - 1) / plan.bptt : 1
    }

    /// Updates epoch `epoch` makes: chunks with at least one target, in that epoch's order.
    public func updates(inEpoch epoch: Int) -> Int {
        let order = self.order(epoch: epoch)
        var n = 0
        var lo = 0
        while lo < order.count {
            let batch = order[lo..<min(lo + plan.batchSize, order.count)].map { data.sequences[$0] }
            lo += plan.batchSize
            let steps = batch.map(\.count).max() ?? 0
            let K = plan.bptt > 0 ? plan.bptt : max(steps, 1)
            var chunkHasTarget = [Bool](repeating: false, count: (steps + K - 1) / K)
            for s in batch {
                for (t, has) in s.hasTarget.enumerated() where has { chunkHasTarget[t / K] = true }
            }
            n += chunkHasTarget.filter { $0 }.count
        }
        return n
    }

    /// Updates of the first epoch (every epoch when the order is fixed).
    public var updatesPerEpoch: Int { updates(inEpoch: 0) }

    /// Trains until `maxSteps` total updates or the end of epoch `maxEpochs` (whichever
    /// comes first; nil means no limit of that kind), calling `progress` after each update
    /// and `checkpoint` every `checkpointEvery` updates. Give `progress:` its label: in the
    /// Swift 6 language mode a trailing closure is taken for `checkpoint`.
    public func run(maxSteps: Int?, maxEpochs: Int?, checkpointEvery: Int? = nil,
                    checkpoint: ((SequenceTraining) throws -> Void)? = nil,
                    progress: ((TrainingProgress) throws -> Void)? = nil) throws {
        let I = data.inputSize, W = data.target.width
        let started = Date()
        var processed = 0
        let perEpoch = max(updatesPerEpoch, 1)
        var total: Int? = nil
        if let e = maxEpochs {
            // Shuffled epochs with --bptt can differ in their number of updates.
            total = plan.shuffle && plan.bptt > 0 && e <= 1000 ? (0..<e).reduce(0) { $0 + updates(inEpoch: $1) } : e * perEpoch
        }
        if let s = maxSteps { total = min(total ?? s, s) }
        if perEpoch == 0 || data.sequences.allSatisfy({ !$0.hasTarget.contains(true) }) {
            throw RecurrentError.shape("the data has no targets: nothing to train on")
        }
        func done() -> Bool {
            if let s = maxSteps, trainer.step >= s { return true }
            if let e = maxEpochs, epoch >= e { return true }
            return false
        }
        while !done() {
            let order = self.order(epoch: epoch)
            let lo = batchIndex * plan.batchSize
            let seqs = order[lo..<min(lo + plan.batchSize, order.count)].map { data.sequences[$0] }
            let pb = Self.prepare(seqs, inputSize: I, targetWidth: W)
            let nChunks = chunks(of: pb)
            currentChunks = nChunks
            while chunkIndex < nChunks && !done() {
                let (cg, x, targets) = Self.chunk(pb, index: chunkIndex, bptt: plan.bptt, inputSize: I)
                let (result, next) = try trainer.update(.dense(x), geometry: cg, targets: targets,
                                                        carry: chunkIndex == 0 ? nil : carry)
                carry = next
                chunkIndex += 1
                processed += cg.active.reduce(0, +)
                if let r = result {
                    let elapsed = Date().timeIntervalSince(started)
                    let fraction = (Double(batchIndex) + Double(chunkIndex) / Double(nChunks)) / Double(batchesPerEpoch)
                    try progress?(TrainingProgress(step: trainer.step, epoch: epoch, epochFraction: fraction,
                                                   loss: r.loss, elapsed: elapsed,
                                                   stepsPerSecond: Double(processed) / max(elapsed, 1e-9),
                                                   totalSteps: total))
                    if let every = checkpointEvery, every > 0, trainer.step % every == 0 {
                        try checkpoint?(self)
                    }
                }
            }
            if chunkIndex >= nChunks { advance() }
        }
    }

    /// The epoch the next update belongs to (so a finished epoch shows as soon as its
    /// last update is done).
    public var currentEpoch: Int { position.epoch }

    /// Chunks of the batch in progress (so the position can be stated between chunks).
    private var currentChunks = Int.max

    /// The next chunk to run, normalised across batch and epoch ends, and whether the
    /// carried state belongs to it. This is what checkpoints store.
    var position: (epoch: Int, batch: Int, chunk: Int, carry: Trainer.Carry?) {
        guard chunkIndex >= currentChunks else { return (epoch, batchIndex, chunkIndex, carry) }
        return batchIndex + 1 >= batchesPerEpoch ? (epoch + 1, 0, 0, nil) : (epoch, batchIndex + 1, 0, nil)
    }

    /// Moves to the next batch (and epoch) once every chunk of the batch has run.
    private func advance() {
        (epoch, batchIndex, chunkIndex, carry) = position
        currentChunks = Int.max
    }

    /// ‖dL/dh_t‖ for every step t of the first batch in file order (loss at each
    /// sequence's last step only), with the model as it is now.
    public func gradientFlow() throws -> [Double] {
        let seqs = Array(data.sequences.prefix(plan.batchSize))
        let pb = Self.prepare(seqs, inputSize: data.inputSize, targetWidth: data.target.width)
        return try trainer.gradientFlow(.dense(pb.x), geometry: pb.geometry, targets: pb.targets)
    }

    /// Mean loss over a dataset (whole sequences, zero initial state), and for `ce` the
    /// fraction of target steps whose arg-max is the target.
    public static func evaluate(model: Model, data: SequenceDataset, loss: LossKind,
                                batchSize: Int = 64) throws -> (loss: Double, accuracy: Double?, targets: Int) {
        guard data.inputSize == model.config.inputSize else {
            throw RecurrentError.shape("the data has \(data.inputSize) inputs per step but the model takes \(model.config.inputSize)")
        }
        var sum = 0.0, count = 0, correct = 0, steps = 0
        let O = model.config.outputWidth
        var lo = 0
        while lo < data.sequences.count {
            let seqs = Array(data.sequences[lo..<min(lo + batchSize, data.sequences.count)])
            lo += batchSize
            let pb = prepare(seqs, inputSize: data.inputSize, targetWidth: data.target.width)
            let pass = try model.runStack(.dense(pb.x), geometry: pb.geometry, recording: false)
            if let r = try Loss.evaluate(loss, output: pass.output, width: O, targets: pb.targets, dOutput: nil) {
                sum += r.loss * Double(r.count)
                count += r.count
            }
            if loss == .ce {
                for r in 0..<pb.targets.present.count where pb.targets.present[r] {
                    let row = pass.output.p + r * O
                    var best = 0
                    for j in 1..<O where row[j] > row[best] { best = j }
                    if best == Int(pb.targets.values[r]) { correct += 1 }
                    steps += 1
                }
            }
        }
        guard count > 0 else { throw RecurrentError.shape("the data has no targets to evaluate") }
        return (sum / Double(count), loss == .ce ? Double(correct) / Double(steps) : nil, count)
    }
}
