import Foundation

/// Settings of a training run that do not depend on the data source.
public struct TrainingSettings: Equatable, Sendable {
    /// The loss.
    public var loss: LossKind
    /// The optimizer and its hyper-parameters.
    public var optimizer: OptimizerSettings
    /// Global L2-norm clipping threshold (`clip_grad_norm_`), or nil.
    public var clipNorm: Float?
    /// Elementwise gradient clamp (`clip_grad_value_`), or nil. Applied before norm clipping.
    public var clipValue: Float?
    /// Dropout probability between stacked layers (training only).
    public var dropout: Float
    /// Seed of dropout masks and shuffling.
    public var seed: UInt64

    /// Creates settings.
    public init(loss: LossKind, optimizer: OptimizerSettings, clipNorm: Float? = nil, clipValue: Float? = nil,
                dropout: Float = 0, seed: UInt64 = 0) {
        self.loss = loss
        self.optimizer = optimizer
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.dropout = dropout
        self.seed = seed
    }
}

/// Result of one optimizer update.
public struct UpdateResult: Sendable {
    /// Mean loss of the update's chunk (before the update).
    public let loss: Double
    /// Number of targets (mse: target numbers; ce: steps) the mean is over.
    public let targets: Int
    /// Global gradient L2 norm before clipping.
    public let gradientNorm: Double
}

/// Runs forward, loss, backpropagation through time, clipping and the optimizer on a
/// model, one chunk at a time. Data sources (sequence files, character streams) drive it.
///
/// Parameters and gradients share one flat layout, so clipping and the optimizer are
/// single loops over all parameters.
public final class Trainer {
    /// The model being trained (its parameters change in place).
    public let model: Model
    /// The run's settings.
    public let settings: TrainingSettings
    let optimizer: Optimizer
    let grads: Buffer
    /// Random state for dropout (saved in checkpoints).
    var rng: SeededGenerator

    /// Creates a trainer with fresh optimizer state.
    public init(model: Model, settings: TrainingSettings) {
        self.model = model
        self.settings = settings
        // Training state of an earlier run does not describe this one.
        for k in model.metadata.keys where k.hasPrefix("train.") { model.metadata.removeValue(forKey: k) }
        optimizer = Optimizer(settings.optimizer, count: model.parameterCount)
        grads = Buffer(model.parameterCount)
        rng = SeededGenerator(seed: settings.seed ^ 0x5EED_0F_D809_0D7)
    }

    /// Number of optimizer updates done.
    public var step: Int { optimizer.step }

    /// Carried recurrent state between chunks: (L*D, B, H) hidden and LSTM cell states.
    final class Carry {
        let h: Buffer
        let c: Buffer?
        init(h: Buffer, c: Buffer?) { self.h = h; self.c = c }
    }

    /// Final states of a pass in the carry layout.
    func carry(from pass: StackPass) -> Carry {
        let cfg = model.config
        let B = pass.geometry.rows, H = cfg.hiddenSize, D = cfg.directions
        let h = Buffer(cfg.layers * D * B * H)
        let c = cfg.cell.hasCellState ? Buffer(cfg.layers * D * B * H) : nil
        for l in 0..<cfg.layers {
            for d in 0..<D {
                let k = (l * D + d) * B * H
                let tape = pass.tapes[l][d]
                (h.p + k).update(from: tape.h.p, count: B * H)
                if let c, let tc = tape.c { (c.p + k).update(from: tc.p, count: B * H) }
            }
        }
        return Carry(h: h, c: c)
    }

    /// Forward only (no update): loss sum and count over the chunk, and the carry.
    func evaluate(_ input: StackInput, geometry: BatchGeometry, targets: StepTargets,
                  carry: Carry?) throws -> (loss: Double, count: Int, carry: Carry, pass: StackPass) {
        let pass = try model.runStack(input, geometry: geometry, h0: carry?.h, c0: carry?.c, recording: false)
        let r = try Loss.evaluate(settings.loss, output: pass.output, width: model.config.outputWidth,
                                  targets: targets, dOutput: nil)
        return ((r?.loss ?? 0) * Double(r?.count ?? 0), r?.count ?? 0, self.carry(from: pass), pass)
    }

    /// One chunk: forward (from `carry`, detached), loss over the present targets,
    /// backward, clipping and one optimizer update. A chunk without targets makes no
    /// update (result nil) but still returns the carried state.
    func update(_ input: StackInput, geometry: BatchGeometry, targets: StepTargets,
                carry: Carry?) throws -> (result: UpdateResult?, carry: Carry) {
        let cfg = model.config
        let pass: StackPass = try withUnsafeMutablePointer(to: &rng) { r in
            try model.runStack(input, geometry: geometry, h0: carry?.h, c0: carry?.c, recording: true,
                               dropout: settings.dropout, rng: r)
        }
        let next = self.carry(from: pass)
        let dOutput = Buffer(uninitialized: pass.output.count) // Loss.evaluate writes it all
        guard let loss = try Loss.evaluate(settings.loss, output: pass.output, width: cfg.outputWidth,
                                           targets: targets, dOutput: dOutput) else {
            return (nil, next)
        }
        guard loss.loss.isFinite else {
            throw RecurrentError.numeric("loss became \(loss.loss) at step \(step + 1): stopping (the last checkpoint on disk is intact; try a lower --lr or --clip)")
        }
        grads.zero()
        try model.backwardStack(pass, dOutput: dOutput, grads: grads)
        let n = model.parameterCount
        if let v = settings.clipValue { Clipping.value(grads.p, n, v) }
        var norm = 0.0
        if let m = settings.clipNorm {
            norm = Clipping.norm(grads.p, n, m)
        } else {
            norm = sumOfSquares(grads.p, n).squareRoot()
        }
        guard norm.isFinite else {
            throw RecurrentError.numeric("gradient norm became \(norm) at step \(step + 1): stopping (the last checkpoint on disk is intact)")
        }
        optimizer.update(params: model.storage.p, grads: grads.p, count: n)
        try model.weightsChanged()
        return (UpdateResult(loss: loss.loss, targets: loss.count, gradientNorm: norm), next)
    }

    /// ‖dL/dh_t‖ of the top layer for every step t of a batch, with the loss taken at the
    /// last step of each sequence only (so the decay of the gradient with distance shows).
    func gradientFlow(_ input: StackInput, geometry: BatchGeometry, targets: StepTargets) throws -> [Double] {
        var last = targets
        last.present = [Bool](repeating: false, count: targets.present.count)
        for (i, len) in geometry.lengths.enumerated() where len > 0 {
            let r = (len - 1) * geometry.rows + i
            last.present[r] = targets.present[r]
        }
        let pass = try model.runStack(input, geometry: geometry, recording: true)
        let dOutput = Buffer(uninitialized: pass.output.count) // Loss.evaluate writes it all
        guard try Loss.evaluate(settings.loss, output: pass.output, width: model.config.outputWidth,
                                targets: last, dOutput: dOutput) != nil else {
            throw RecurrentError.shape("gradient flow: the sequences of the first batch have no target at their last step")
        }
        let scratch = Buffer(model.parameterCount)
        var norms = [Double](repeating: 0, count: geometry.steps)
        try norms.withUnsafeMutableBufferPointer { n in
            try model.backwardStack(pass, dOutput: dOutput, grads: scratch, gradFlow: n.baseAddress!)
        }
        return norms
    }

    /// The exact gradient of the mean loss of one chunk (no update), for tests and tools,
    /// from initial states h0, c0 ((L*D, B, H), sorted row order) or zeros.
    func gradient(_ input: StackInput, geometry: BatchGeometry, targets: StepTargets,
                  h0: Buffer? = nil, c0: Buffer? = nil) throws -> (loss: Double, grads: [Float]) {
        let pass = try model.runStack(input, geometry: geometry, h0: h0, c0: c0, recording: true)
        let dOutput = Buffer(uninitialized: pass.output.count) // Loss.evaluate writes it all
        guard let loss = try Loss.evaluate(settings.loss, output: pass.output, width: model.config.outputWidth,
                                           targets: targets, dOutput: dOutput) else {
            return (0, [Float](repeating: 0, count: model.parameterCount))
        }
        grads.zero()
        try model.backwardStack(pass, dOutput: dOutput, grads: grads)
        return (loss.loss, grads.array)
    }
}
