// Checkpoints are ordinary model files (they load into PyTorch as documented) with the
// training state alongside: optimizer buffers as tensors named `optimizer.<buffer>`
// (flat, in the parameter layout), the carried recurrent state as `train.carry_h` /
// `train.carry_c`, and counters, settings and the random state as `train.*` metadata.
// Resuming from one continues bitwise as the uninterrupted run would have.

/// Metadata keys of the training state.
enum CheckpointKey {
    static let step = "train.step"
    static let rng = "train.rng"
    static let loss = "train.loss"
    static let optimizer = "train.optimizer"
    static let lr = "train.lr"
    static let momentum = "train.momentum"
    static let weightDecay = "train.weight_decay"
    static let clip = "train.clip"
    static let clipValue = "train.clip_value"
    static let dropout = "train.dropout"
    static let seed = "train.seed"
    static let epoch = "train.epoch"
    static let batch = "train.batch"
    static let chunk = "train.chunk"
    static let batchSize = "train.batch_size"
    static let bptt = "train.bptt"
    static let shuffle = "train.shuffle"
    static let carryH = "train.carry_h"
    static let carryC = "train.carry_c"
}

typealias NamedTensor = (name: String, shape: [Int], values: [Float])

extension Trainer {
    /// Optimizer state and settings, to store in a checkpoint.
    func checkpointParts() -> (tensors: [NamedTensor], metadata: [String: String]) {
        let n = model.parameterCount
        let tensors = zip(settings.optimizer.kind.stateNames, optimizer.state).map { name, buf in
            (name: "optimizer." + name, shape: [n], values: buf.array)
        }
        var m: [String: String] = [:]
        m[CheckpointKey.step] = String(optimizer.step)
        let s = rng.state
        m[CheckpointKey.rng] = [s.0, s.1, s.2, s.3].map { String($0, radix: 16) }.joined(separator: ",")
        m[CheckpointKey.loss] = settings.loss.rawValue
        m[CheckpointKey.optimizer] = settings.optimizer.kind.rawValue
        m[CheckpointKey.lr] = String(settings.optimizer.learningRate)
        m[CheckpointKey.momentum] = String(settings.optimizer.momentum)
        m[CheckpointKey.weightDecay] = String(settings.optimizer.weightDecay)
        if let c = settings.clipNorm { m[CheckpointKey.clip] = String(c) }
        if let c = settings.clipValue { m[CheckpointKey.clipValue] = String(c) }
        m[CheckpointKey.dropout] = String(settings.dropout)
        m[CheckpointKey.seed] = String(settings.seed)
        return (tensors, m)
    }

    /// Training settings stored in a checkpoint's metadata.
    static func settings(from file: SafeTensorsFile) throws -> TrainingSettings {
        let m = file.metadata
        func fail(_ key: String) -> Error {
            SafeTensorsError(file: file.fileName, message: "checkpoint metadata '\(key)' is missing or invalid (is this a training checkpoint?)")
        }
        func float(_ key: String) throws -> Float {
            guard let s = m[key], let v = Float(s) else { throw fail(key) }
            return v
        }
        guard let loss = m[CheckpointKey.loss].flatMap(LossKind.init(rawValue:)) else { throw fail(CheckpointKey.loss) }
        guard let kind = m[CheckpointKey.optimizer].flatMap(OptimizerKind.init(rawValue:)) else { throw fail(CheckpointKey.optimizer) }
        guard let seed = m[CheckpointKey.seed].flatMap({ UInt64($0) }) else { throw fail(CheckpointKey.seed) }
        let opt = OptimizerSettings(kind: kind, learningRate: try float(CheckpointKey.lr),
                                    momentum: try float(CheckpointKey.momentum),
                                    weightDecay: try float(CheckpointKey.weightDecay))
        return TrainingSettings(loss: loss, optimizer: opt,
                                clipNorm: m[CheckpointKey.clip] == nil ? nil : try float(CheckpointKey.clip),
                                clipValue: m[CheckpointKey.clipValue] == nil ? nil : try float(CheckpointKey.clipValue),
                                dropout: try float(CheckpointKey.dropout), seed: seed)
    }

    /// Restores optimizer buffers, the step counter and the random state from a checkpoint.
    func restore(from file: SafeTensorsFile) throws {
        func fail(_ message: String) -> Error { SafeTensorsError(file: file.fileName, message: message) }
        for (name, buf) in zip(settings.optimizer.kind.stateNames, optimizer.state) {
            let values = try file.floats("optimizer." + name)
            guard values.count == buf.count else {
                throw fail("tensor 'optimizer.\(name)' has \(values.count) values, expected \(buf.count)")
            }
            values.withUnsafeBufferPointer { buf.p.update(from: $0.baseAddress!, count: values.count) }
        }
        guard let step = file.metadata[CheckpointKey.step].flatMap({ Int($0) }), step >= 0 else {
            throw fail("checkpoint metadata '\(CheckpointKey.step)' is missing or invalid")
        }
        optimizer.step = step
        let words = (file.metadata[CheckpointKey.rng] ?? "").split(separator: ",").compactMap { UInt64($0, radix: 16) }
        guard words.count == 4 else { throw fail("checkpoint metadata '\(CheckpointKey.rng)' is missing or invalid") }
        rng = SeededGenerator(state: (words[0], words[1], words[2], words[3]))
    }

    /// Carried state as tensors (absent when nil).
    func carryTensors(_ carry: Carry?, rows: Int) -> [NamedTensor] {
        guard let carry else { return [] }
        let cfg = model.config
        let shape = [cfg.layers * cfg.directions, rows, cfg.hiddenSize]
        var t: [NamedTensor] = [(CheckpointKey.carryH, shape, carry.h.array)]
        if let c = carry.c { t.append((CheckpointKey.carryC, shape, c.array)) }
        return t
    }

    /// Carried state from a checkpoint, or nil when it has none.
    func restoreCarry(from file: SafeTensorsFile, rows: Int) throws -> Carry? {
        guard file.entries[CheckpointKey.carryH] != nil else { return nil }
        let cfg = model.config
        let n = cfg.layers * cfg.directions * rows * cfg.hiddenSize
        let h = try file.floats(CheckpointKey.carryH)
        guard h.count == n else {
            throw SafeTensorsError(file: file.fileName, message: "tensor '\(CheckpointKey.carryH)' has \(h.count) values, expected \(n)")
        }
        var c: Buffer? = nil
        if cfg.cell.hasCellState {
            let cv = try file.floats(CheckpointKey.carryC)
            guard cv.count == n else {
                throw SafeTensorsError(file: file.fileName, message: "tensor '\(CheckpointKey.carryC)' has \(cv.count) values, expected \(n)")
            }
            c = Buffer(cv)
        }
        return Carry(h: Buffer(h), c: c)
    }
}

extension SequenceTraining {
    /// Saves the model with the whole training state (crash-safe).
    public func save(to path: String, extraMetadata: [String: String] = [:]) throws {
        var (tensors, meta) = trainer.checkpointParts()
        let pos = position
        meta[CheckpointKey.epoch] = String(pos.epoch)
        meta[CheckpointKey.batch] = String(pos.batch)
        meta[CheckpointKey.chunk] = String(pos.chunk)
        meta[CheckpointKey.batchSize] = String(plan.batchSize)
        meta[CheckpointKey.bptt] = String(plan.bptt)
        meta[CheckpointKey.shuffle] = String(plan.shuffle)
        // The carry has one row per sequence of the batch in progress.
        if let carry = pos.carry {
            tensors += trainer.carryTensors(carry, rows: carry.h.count / (trainer.model.config.layers * trainer.model.config.directions * trainer.model.config.hiddenSize))
        }
        for (k, v) in extraMetadata { meta[k] = v }
        try trainer.model.save(to: path, extraTensors: tensors, extraMetadata: meta)
    }

    /// The plan stored in a checkpoint.
    public static func plan(from file: SafeTensorsFile) throws -> SequencePlan {
        let m = file.metadata
        guard let b = m[CheckpointKey.batchSize].flatMap({ Int($0) }), b > 0,
              let k = m[CheckpointKey.bptt].flatMap({ Int($0) }), k >= 0,
              let sh = m[CheckpointKey.shuffle].flatMap({ Bool($0) }) else {
            throw SafeTensorsError(file: file.fileName, message: "checkpoint metadata 'train.batch_size', 'train.bptt' or 'train.shuffle' is missing or invalid (is this a checkpoint of a sequence run?)")
        }
        return SequencePlan(batchSize: b, bptt: k, shuffle: sh)
    }

    /// The training settings stored in a checkpoint.
    public static func settings(from file: SafeTensorsFile) throws -> TrainingSettings {
        try Trainer.settings(from: file)
    }

    /// Continues a run from a checkpoint written by ``save(to:extraMetadata:)``.
    public static func resume(from file: SafeTensorsFile, data: SequenceDataset) throws -> SequenceTraining {
        let model = try Model(file: file)
        let trainer = Trainer(model: model, settings: try Trainer.settings(from: file))
        try trainer.restore(from: file)
        let run = try SequenceTraining(trainer: trainer, data: data, plan: try plan(from: file))
        let m = file.metadata
        guard let e = m[CheckpointKey.epoch].flatMap({ Int($0) }), e >= 0,
              let b = m[CheckpointKey.batch].flatMap({ Int($0) }), b >= 0, b < max(run.batchesPerEpoch, 1),
              let c = m[CheckpointKey.chunk].flatMap({ Int($0) }), c >= 0 else {
            throw SafeTensorsError(file: file.fileName, message: "checkpoint position (train.epoch, train.batch, train.chunk) is missing or does not fit this data")
        }
        run.epoch = e
        run.batchIndex = b
        run.chunkIndex = c
        if c > 0 {
            let rows = min(run.plan.batchSize, data.sequences.count - b * run.plan.batchSize)
            run.carry = try trainer.restoreCarry(from: file, rows: rows)
            if run.carry == nil {
                throw SafeTensorsError(file: file.fileName, message: "checkpoint is inside a batch but has no 'train.carry_h'")
            }
        }
        return run
    }
}

extension CharTraining {
    /// FNV-1a hash of the token stream, so a resume can tell it has the same text.
    static func hash(_ tokens: [Int32]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for t in tokens {
            h ^= UInt64(UInt32(bitPattern: t))
            h = h &* 0x0000_0100_0000_01B3
        }
        return String(h, radix: 16)
    }

    /// Saves the model with the whole training state (crash-safe).
    public func save(to path: String) throws {
        var (tensors, meta) = trainer.checkpointParts()
        meta[CheckpointKey.epoch] = String(epoch)
        meta[CheckpointKey.chunk] = String(chunkIndex)
        meta[CheckpointKey.batchSize] = String(plan.batchSize)
        meta["train.seq_len"] = String(plan.seqLen)
        meta["train.val_fraction"] = String(plan.valFraction)
        meta["train.data_chars"] = String(train.count + val.count)
        meta["train.data_hash"] = Self.hash(train + val)
        tensors += trainer.carryTensors(carry, rows: plan.batchSize)
        try trainer.model.save(to: path, extraTensors: tensors, extraMetadata: meta)
    }

    /// The plan stored in a checkpoint.
    public static func plan(from file: SafeTensorsFile) throws -> CharPlan {
        let m = file.metadata
        guard let b = m[CheckpointKey.batchSize].flatMap({ Int($0) }), b > 0,
              let l = m["train.seq_len"].flatMap({ Int($0) }), l > 0,
              let v = m["train.val_fraction"].flatMap({ Double($0) }), v >= 0, v < 1 else {
            throw SafeTensorsError(file: file.fileName, message: "checkpoint metadata 'train.batch_size', 'train.seq_len' or 'train.val_fraction' is missing or invalid (is this a charlm checkpoint?)")
        }
        return CharPlan(batchSize: b, seqLen: l, valFraction: v)
    }

    /// Continues a run from a checkpoint written by ``save(to:)`` on the same text.
    public static func resume(from file: SafeTensorsFile, tokens: [Int32]) throws -> CharTraining {
        let model = try Model(file: file)
        guard let vjson = model.metadata["vocab"] else {
            throw SafeTensorsError(file: file.fileName, message: "metadata 'vocab' is missing (not a character model)")
        }
        let trainer = Trainer(model: model, settings: try Trainer.settings(from: file))
        try trainer.restore(from: file)
        let run = try CharTraining(trainer: trainer, tokens: tokens, vocabulary: try Vocabulary(json: vjson), plan: try plan(from: file))
        let m = file.metadata
        guard m["train.data_hash"] == hash(tokens) else {
            throw SafeTensorsError(file: file.fileName, message: "the checkpoint was trained on a different text (\(m["train.data_chars"] ?? "?") characters); resume needs the same --data")
        }
        guard let e = m[CheckpointKey.epoch].flatMap({ Int($0) }), e >= 0,
              let c = m[CheckpointKey.chunk].flatMap({ Int($0) }), c >= 0, c < run.chunksPerEpoch else {
            throw SafeTensorsError(file: file.fileName, message: "checkpoint position (train.epoch, train.chunk) is missing or invalid")
        }
        run.epoch = e
        run.chunkIndex = c
        run.carry = c > 0 ? try trainer.restoreCarry(from: file, rows: run.plan.batchSize) : nil
        return run
    }
}
