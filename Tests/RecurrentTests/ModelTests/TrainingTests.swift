import Foundation
import XCTest
@testable import Recurrent

/// Training through the library API: learning, resumable checkpoints, determinism,
/// numeric failures, optimizer rules and clipping.
final class ModelTrainingTests: XCTestCase {
    /// A small regression task with memory: y_t = 0.8 x0_{t-1} - 0.5 x1_t (targets at most steps).
    static func regressionData(count: Int, seed: UInt64, minLength: Int = 4, maxLength: Int = 11,
                               targetScale: Float = 1) -> SequenceDataset {
        var rng = SeededGenerator(seed: seed)
        let seqs = (0..<count).map { _ -> LabeledSequence in
            let n = minLength + Int(rng.next() % UInt64(maxLength - minLength + 1))
            let xs = (0..<n).map { _ in MT.floats(2, &rng) }
            let ts: [[Float]?] = (0..<n).map { t in
                if t > 0 && rng.nextUnitFloat() < 0.2 { return nil }
                let prev = t > 0 ? xs[t - 1][0] : 0
                return [(0.8 * prev - 0.5 * xs[t][1]) * targetScale]
            }
            return MT.labeled(xs, ts, width: 1)
        }
        return SequenceDataset(inputSize: 2, target: .regression(width: 1), sequences: seqs)
    }

    func testLossFallsOverFiftyAdamSteps() throws {
        let data = Self.regressionData(count: 16, seed: 1)
        let model = try Model(config: ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 8, outputSize: 1), seed: 2)
        let settings = TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .adam, learningRate: 0.02), seed: 3)
        let run = try SequenceTraining(trainer: Trainer(model: model, settings: settings), data: data,
                                       plan: SequencePlan(batchSize: 4, bptt: 0, shuffle: true))
        let before = try SequenceTraining.evaluate(model: model, data: data, loss: .mse).loss
        var losses: [Double] = []
        var steps: [Int] = []
        try run.run(maxSteps: 50, maxEpochs: nil, progress: { p in
            losses.append(p.loss)
            steps.append(p.step)
            XCTAssertEqual(p.totalSteps, 50)
        })
        let after = try SequenceTraining.evaluate(model: model, data: data, loss: .mse).loss
        XCTAssertEqual(run.trainer.step, 50)
        XCTAssertEqual(steps, Array(1...50))
        XCTAssertTrue(losses.allSatisfy(\.isFinite))
        XCTAssertLessThan(after, 0.3 * before, "mse before \(before), after \(after)")
        let firstFive = losses.prefix(5).reduce(0, +) / 5, lastFive = losses.suffix(5).reduce(0, +) / 5
        XCTAssertLessThan(lastFive, 0.5 * firstFive)
        // Epochs: 16 sequences in batches of 4 (full BPTT) is 4 updates per epoch.
        XCTAssertEqual(run.updatesPerEpoch, 4)
        XCTAssertEqual(run.currentEpoch, 12)   // 50 = 12 epochs + 2 updates
    }

    /// Classification with ce: accuracy rises.
    func testClassificationLearns() throws {
        // Class of each step: which of the 3 inputs is largest.
        var rng = SeededGenerator(seed: 8)
        let seqs = (0..<12).map { _ -> LabeledSequence in
            let xs = (0..<6).map { _ in MT.floats(3, &rng) }
            return MT.labeled(xs, xs.map { x in [Float(x.indices.max { x[$0] < x[$1] }!)] }, width: 1)
        }
        let data = SequenceDataset(inputSize: 3, target: .classes(count: 3), sequences: seqs)
        let model = try Model(config: ModelConfig(cell: .lstm, inputSize: 3, hiddenSize: 8, outputSize: 3), seed: 1)
        let before = try SequenceTraining.evaluate(model: model, data: data, loss: .ce)
        let run = try SequenceTraining(trainer: Trainer(model: model, settings: TrainingSettings(loss: .ce, optimizer: OptimizerSettings(kind: .adam, learningRate: 0.05))),
                                       data: data, plan: SequencePlan(batchSize: 6))
        try run.run(maxSteps: 60, maxEpochs: nil)
        let after = try SequenceTraining.evaluate(model: model, data: data, loss: .ce)
        XCTAssertLessThan(after.loss, 0.5 * before.loss)
        XCTAssertGreaterThan(after.accuracy!, 0.85)
        XCTAssertEqual(after.targets, 72)
    }

    // MARK: Checkpoints and determinism

    static let resumeConfig = ModelConfig(cell: .lstm, inputSize: 2, hiddenSize: 5, layers: 2, outputSize: 1)
    static let resumeSettings = TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01),
                                                 clipNorm: 1, dropout: 0.3, seed: 42)
    static let resumePlan = SequencePlan(batchSize: 3, bptt: 3, shuffle: true)

    func freshRun(modelSeed: UInt64 = 5, settings: TrainingSettings = resumeSettings) throws -> SequenceTraining {
        let model = try Model(config: Self.resumeConfig, seed: modelSeed)
        return try SequenceTraining(trainer: Trainer(model: model, settings: settings),
                                    data: Self.regressionData(count: 8, seed: 4), plan: Self.resumePlan)
    }

    /// Saving every few updates and resuming from any of those checkpoints ends bitwise where
    /// the uninterrupted run ends: parameters, optimizer state, dropout RNG, shuffle, carried
    /// BPTT state and position all restored.
    func testCheckpointResumeIsBitwiseIdentical() throws {
        try checkResume(config: Self.resumeConfig, settings: Self.resumeSettings, plan: Self.resumePlan,
                        data: Self.regressionData(count: 8, seed: 4), total: 23, every: 2, minInsideBatch: 3)
    }

    /// Many-to-one data (a target only at each sequence's last step) with short BPTT chunks:
    /// most chunks have no target and make no update but still carry the state.
    func testCheckpointResumeWithTargetlessChunks() throws {
        var data = Self.regressionData(count: 7, seed: 12, minLength: 3, maxLength: 9)
        for i in data.sequences.indices {
            let n = data.sequences[i].count
            data.sequences[i].hasTarget = (0..<n).map { $0 == n - 1 }
        }
        let cfg = ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 4, layers: 2, outputSize: 1)
        let settings = TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .rmsprop, learningRate: 0.01),
                                        clipValue: 0.5, dropout: 0.3, seed: 7)
        try checkResume(config: cfg, settings: settings, plan: SequencePlan(batchSize: 2, bptt: 2, shuffle: true),
                        data: data, total: 11, every: 1, minInsideBatch: 1)
    }

    /// Runs `total` updates with a checkpoint every `every`, then resumes from each checkpoint
    /// and checks that the end state is bitwise the uninterrupted run's.
    func checkResume(config: ModelConfig, settings: TrainingSettings, plan: SequencePlan, data: SequenceDataset,
                     total: Int, every: Int, minInsideBatch: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = try MT.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let initial = try Model(config: config, seed: 5)
        let full = try SequenceTraining(trainer: Trainer(model: initial.copy(), settings: settings), data: data, plan: plan)
        var saved: [(step: Int, path: String)] = []
        try full.run(maxSteps: total, maxEpochs: nil, checkpointEvery: every, checkpoint: { run in
            let path = folder + "/ckpt-\(run.trainer.step).safetensors"
            try run.save(to: path)
            saved.append((run.trainer.step, path))
        })
        XCTAssertEqual(full.trainer.step, total, file: file, line: line)
        XCTAssertEqual(saved.map(\.step), Array(stride(from: every, to: total, by: every)) + (total % every == 0 ? [total] : []), file: file, line: line)
        let want = full.trainer.model.parameters
        XCTAssertFalse(MT.bitwiseEqual(want, initial.parameters), file: file, line: line)
        XCTAssertGreaterThan(full.currentEpoch, 1, "the run should cross epochs (reshuffles)", file: file, line: line)

        var insideBatch = 0
        for (step, path) in saved where step < total {
            let ckpt = try SafeTensorsFile.read(path: path)
            XCTAssertEqual(ckpt.metadata["train.step"], String(step), file: file, line: line)
            if let c = ckpt.metadata["train.chunk"].flatMap(Int.init), c > 0 {
                insideBatch += 1
                XCTAssertNotNil(ckpt.entries["train.carry_h"], "checkpoint at step \(step) inside a batch has no carry", file: file, line: line)
            }
            let resumed = try SequenceTraining.resume(from: ckpt, data: data)
            XCTAssertEqual(resumed.trainer.step, step, file: file, line: line)
            XCTAssertEqual(resumed.plan, plan, file: file, line: line)
            XCTAssertEqual(resumed.trainer.settings, settings, file: file, line: line)
            try resumed.run(maxSteps: total, maxEpochs: nil)
            XCTAssertEqual(resumed.trainer.step, total, file: file, line: line)
            let got = resumed.trainer.model.parameters
            if !MT.bitwiseEqual(got, want) {
                let d = zip(got, want).map { abs($0 - $1) }.max()!
                XCTFail("resumed from step \(step): parameters differ from the uninterrupted run (max |diff| \(d))", file: file, line: line)
            }
            XCTAssertEqual(resumed.currentEpoch, full.currentEpoch, file: file, line: line)
            XCTAssertEqual(resumed.trainer.rng, full.trainer.rng, "dropout RNG after resuming from step \(step)", file: file, line: line)
            for (a, b) in zip(resumed.trainer.optimizer.state, full.trainer.optimizer.state) {
                XCTAssertTrue(MT.bitwiseEqual(a.array, b.array), "optimizer state after resuming from step \(step)", file: file, line: line)
            }
        }
        XCTAssertGreaterThanOrEqual(insideBatch, minInsideBatch, "some checkpoints should fall inside a batch (carried BPTT state)", file: file, line: line)

        // The comparison is sensitive: the same resume with a different dropout RNG state ends elsewhere.
        if let (_, path) = saved.first {
            let resumed = try SequenceTraining.resume(from: try SafeTensorsFile.read(path: path), data: data)
            resumed.trainer.rng = SeededGenerator(seed: 12345)
            try resumed.run(maxSteps: total, maxEpochs: nil)
            XCTAssertFalse(MT.bitwiseEqual(resumed.trainer.model.parameters, want), "dropout RNG seems unused", file: file, line: line)
        }
    }

    /// Resuming twice in a row (a checkpoint of a resumed run) still matches.
    func testResumeOfAResumedRun() throws {
        let folder = try MT.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let full = try freshRun()
        try full.run(maxSteps: 15, maxEpochs: nil)
        let a = try freshRun()
        try a.run(maxSteps: 4, maxEpochs: nil)
        try a.save(to: folder + "/a.safetensors")
        let b = try SequenceTraining.resume(from: try SafeTensorsFile.read(path: folder + "/a.safetensors"), data: Self.regressionData(count: 8, seed: 4))
        try b.run(maxSteps: 9, maxEpochs: nil)
        try b.save(to: folder + "/b.safetensors")
        let c = try SequenceTraining.resume(from: try SafeTensorsFile.read(path: folder + "/b.safetensors"), data: Self.regressionData(count: 8, seed: 4))
        try c.run(maxSteps: 15, maxEpochs: nil)
        XCTAssertTrue(MT.bitwiseEqual(c.trainer.model.parameters, full.trainer.model.parameters))
        // The checkpoint is an ordinary model file too.
        let m = try Model(contentsOf: folder + "/b.safetensors")
        XCTAssertEqual(m.config, Self.resumeConfig)
    }

    func testSameSeedGivesBitwiseSameParameters() throws {
        let a = try freshRun(), b = try freshRun()
        try a.run(maxSteps: 12, maxEpochs: nil)
        try b.run(maxSteps: 12, maxEpochs: nil)
        XCTAssertTrue(MT.bitwiseEqual(a.trainer.model.parameters, b.trainer.model.parameters))
        // A different training seed (dropout masks, shuffle) or model seed gives different weights.
        var other = Self.resumeSettings
        other.seed = 43
        let c = try freshRun(settings: other)
        try c.run(maxSteps: 12, maxEpochs: nil)
        XCTAssertFalse(MT.bitwiseEqual(a.trainer.model.parameters, c.trainer.model.parameters))
        let d = try freshRun(modelSeed: 6)
        try d.run(maxSteps: 12, maxEpochs: nil)
        XCTAssertFalse(MT.bitwiseEqual(a.trainer.model.parameters, d.trainer.model.parameters))
        // Same model seed, same initial weights; both initialisation schemes are deterministic.
        for scheme in InitScheme.allCases {
            let x = try Model(config: Self.resumeConfig, seed: 9, scheme: scheme)
            let y = try Model(config: Self.resumeConfig, seed: 9, scheme: scheme)
            XCTAssertTrue(MT.bitwiseEqual(x.parameters, y.parameters), "\(scheme)")
        }
    }

    /// Dropout is active in training (a different seed changes the result even without
    /// shuffling) and absent from inference.
    func testDropoutOnlyInTraining() throws {
        var s1 = Self.resumeSettings, s2 = Self.resumeSettings
        s2.seed = 99
        let plan = SequencePlan(batchSize: 8, bptt: 0, shuffle: false)
        let data = Self.regressionData(count: 8, seed: 4)
        let m1 = try Model(config: Self.resumeConfig, seed: 5), m2 = try Model(config: Self.resumeConfig, seed: 5)
        try SequenceTraining(trainer: Trainer(model: m1, settings: s1), data: data, plan: plan).run(maxSteps: 1, maxEpochs: nil)
        try SequenceTraining(trainer: Trainer(model: m2, settings: s2), data: data, plan: plan).run(maxSteps: 1, maxEpochs: nil)
        XCTAssertFalse(MT.bitwiseEqual(m1.parameters, m2.parameters), "dropout masks should depend on the seed")
        s1.dropout = 0; s2.dropout = 0
        let m3 = try Model(config: Self.resumeConfig, seed: 5), m4 = try Model(config: Self.resumeConfig, seed: 5)
        try SequenceTraining(trainer: Trainer(model: m3, settings: s1), data: data, plan: plan).run(maxSteps: 1, maxEpochs: nil)
        try SequenceTraining(trainer: Trainer(model: m4, settings: s2), data: data, plan: plan).run(maxSteps: 1, maxEpochs: nil)
        XCTAssertTrue(MT.bitwiseEqual(m3.parameters, m4.parameters), "without dropout or shuffle the seed must not matter")
        // Inference of a model is repeatable (no dropout there).
        let xs = data.sequences.map { s in (0..<s.count).map { Array(s.inputs[($0 * 2)..<($0 * 2 + 2)]) } }
        XCTAssertEqual(try m1.forward(xs), try m1.forward(xs))
    }

    // MARK: Numeric failures

    func expectNumeric(_ settings: TrainingSettings, data: SequenceDataset, cell: CellKind, label: String) throws {
        let model = try Model(config: ModelConfig(cell: cell, inputSize: 2, hiddenSize: 4, outputSize: 1), seed: 1)
        let run = try SequenceTraining(trainer: Trainer(model: model, settings: settings), data: data,
                                       plan: SequencePlan(batchSize: 4))
        var thrown: Error?
        do { try run.run(maxSteps: 30, maxEpochs: nil) } catch { thrown = error }
        guard let error = thrown else { return XCTFail("\(label): 30 steps without an error; params finite: \(model.parameters.allSatisfy(\.isFinite))") }
        guard case RecurrentError.numeric(let message) = error else { return XCTFail("\(label): \(error)") }
        XCTAssertFalse(message.isEmpty)
        XCTAssertLessThan(run.trainer.step, 30)
        // The failing update was not applied: no NaN reached the weights.
        XCTAssertFalse(model.parameters.contains { $0.isNaN }, "\(label): NaN parameters after the failure")
    }

    func testDivergingRunThrowsNumeric() throws {
        let data = Self.regressionData(count: 8, seed: 2)
        for cell in [CellKind.rnnRelu, .lstm] {
            try expectNumeric(TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .sgd, learningRate: 1e30)),
                              data: data, cell: cell, label: "\(cell) lr 1e30")
        }
        let huge = Self.regressionData(count: 8, seed: 2, targetScale: 1e38)
        try expectNumeric(TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1)),
                          data: huge, cell: .gru, label: "huge targets")
    }

    // MARK: Optimizer rules

    /// Three updates of four parameters against PyTorch's formulas written out in double.
    func testOptimizerRulesMatchPyTorchFormulas() {
        let p0: [Double] = [0.5, -1.25, 2.0, 0.0]
        let grads: [[Double]] = [[0.1, -0.3, 0.02, 1.5], [-0.2, -0.1, 0.0, 0.7], [0.05, 0.4, -0.03, -2.0]]
        func run(_ s: OptimizerSettings) -> [[Float]] {
            let opt = Optimizer(s, count: 4)
            var p = p0.map { Float($0) }
            var out: [[Float]] = []
            for g in grads {
                let gf = g.map { Float($0) }
                p.withUnsafeMutableBufferPointer { pp in
                    gf.withUnsafeBufferPointer { opt.update(params: pp.baseAddress!, grads: $0.baseAddress!, count: 4) }
                }
                out.append(p)
            }
            XCTAssertEqual(opt.step, 3)
            return out
        }
        func compare(_ got: [[Float]], _ want: [[Double]], _ label: String) {
            for (k, (g, w)) in zip(got, want).enumerated() {
                for i in 0..<4 {
                    XCTAssertEqual(Double(g[i]), w[i], accuracy: 2e-6 * max(1, abs(w[i])), "\(label) step \(k + 1) param \(i)")
                }
            }
        }
        // SGD with momentum (dampening 0) and weight decay: buf = g (first), then mu*buf + g.
        for (mu, wd) in [(0.0, 0.0), (0.9, 0.0), (0.9, 0.01), (0.0, 0.1)] {
            let lr = 0.1
            var p = p0, buf = [Double](repeating: 0, count: 4)
            var want: [[Double]] = []
            for (k, g) in grads.enumerated() {
                for i in 0..<4 {
                    var d = g[i] + wd * p[i]
                    if mu != 0 { buf[i] = k == 0 ? d : mu * buf[i] + d; d = buf[i] }
                    p[i] -= lr * d
                }
                want.append(p)
            }
            compare(run(OptimizerSettings(kind: .sgd, learningRate: Float(lr), momentum: Float(mu), weightDecay: Float(wd))), want, "sgd mu \(mu) wd \(wd)")
        }
        // Adam (betas 0.9, 0.999, eps 1e-8, L2 weight decay added to the gradient).
        for wd in [0.0, 0.05] {
            let lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8
            var p = p0, m = [Double](repeating: 0, count: 4), v = m
            var want: [[Double]] = []
            for (k, g) in grads.enumerated() {
                let t = Double(k + 1)
                for i in 0..<4 {
                    let d = g[i] + wd * p[i]
                    m[i] = b1 * m[i] + (1 - b1) * d
                    v[i] = b2 * v[i] + (1 - b2) * d * d
                    let denom = (v[i] / (1 - pow(b2, t))).squareRoot() + eps
                    p[i] -= lr / (1 - pow(b1, t)) * m[i] / denom
                }
                want.append(p)
            }
            compare(run(OptimizerSettings(kind: .adam, learningRate: Float(lr), weightDecay: Float(wd))), want, "adam wd \(wd)")
        }
        // Adagrad (eps 1e-10, initial accumulator 0, no lr decay).
        for wd in [0.0, 0.05] {
            let lr = 0.1, eps = 1e-10
            var p = p0, sum = [Double](repeating: 0, count: 4)
            var want: [[Double]] = []
            for g in grads {
                for i in 0..<4 {
                    let d = g[i] + wd * p[i]
                    sum[i] += d * d
                    p[i] -= lr * d / (sum[i].squareRoot() + eps)
                }
                want.append(p)
            }
            compare(run(OptimizerSettings(kind: .adagrad, learningRate: Float(lr), weightDecay: Float(wd))), want, "adagrad wd \(wd)")
        }
        // RMSprop (alpha 0.99, eps 1e-8, not centred, no momentum).
        for wd in [0.0, 0.05] {
            let lr = 0.01, alpha = 0.99, eps = 1e-8
            var p = p0, sq = [Double](repeating: 0, count: 4)
            var want: [[Double]] = []
            for g in grads {
                for i in 0..<4 {
                    let d = g[i] + wd * p[i]
                    sq[i] = alpha * sq[i] + (1 - alpha) * d * d
                    p[i] -= lr * d / (sq[i].squareRoot() + eps)
                }
                want.append(p)
            }
            compare(run(OptimizerSettings(kind: .rmsprop, learningRate: Float(lr), weightDecay: Float(wd))), want, "rmsprop wd \(wd)")
        }
    }

    func testDefaultLearningRatesArePyTorchs() {
        XCTAssertEqual(OptimizerKind.sgd.defaultLearningRate, 0.01)
        XCTAssertEqual(OptimizerKind.adam.defaultLearningRate, 0.001)
        XCTAssertEqual(OptimizerKind.adagrad.defaultLearningRate, 0.01)
        XCTAssertEqual(OptimizerKind.rmsprop.defaultLearningRate, 0.01)
    }

    // MARK: Clipping

    func testClippingValueThenNorm() {
        let g0: [Float] = [3, -4, 0.5, -0.25, 10]
        // clip_grad_value_(1): [1, -1, 0.5, -0.25, 1]
        var g = g0
        g.withUnsafeMutableBufferPointer { Clipping.value($0.baseAddress!, 5, 1) }
        XCTAssertEqual(g, [1, -1, 0.5, -0.25, 1])
        // clip_grad_norm_(0.5): norm sqrt(3.3125), coefficient 0.5 / (norm + 1e-6).
        let norm = (1 + 1 + 0.25 + 0.0625 + 1.0).squareRoot()
        let total = g.withUnsafeMutableBufferPointer { Clipping.norm($0.baseAddress!, 5, 0.5) }
        XCTAssertEqual(total, norm, accuracy: 1e-9)
        let coef = 0.5 / (norm + 1e-6)
        for (a, b) in zip(g, [1, -1, 0.5, -0.25, 1].map { $0 * coef }) { XCTAssertEqual(Double(a), b, accuracy: 1e-7) }
        // Below the threshold nothing changes.
        var h: [Float] = [0.1, -0.2]
        let t = h.withUnsafeMutableBufferPointer { Clipping.norm($0.baseAddress!, 2, 1) }
        XCTAssertEqual(h, [0.1, -0.2])
        XCTAssertEqual(t, (0.01 + 0.04).squareRoot(), accuracy: 1e-7)
    }

    /// A trainer update with both clips applies exactly p - lr * clipNorm(clipValue(grad)).
    func testTrainerUpdateAppliesClippedGradient() throws {
        let cfg = ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 3, layers: 2, outputSize: 2)
        let p = try ModelGradientCheckTests.denseProblem(cfg, loss: .mse, lengths: [4, 3, 5], seed: 17, inputScale: 2)
        let start = p.model.parameters
        let raw = try Trainer(model: p.model, settings: TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .sgd, learningRate: 1)))
            .gradient(p.stackInput, geometry: p.geometry, targets: p.targets).grads
        let maxAbs = raw.map { abs($0) }.max()!
        let clipValue = maxAbs * 0.3
        var clipped = raw.map { min(max($0, -clipValue), clipValue) }
        XCTAssertGreaterThan(zip(raw, clipped).filter { $0 != $1 }.count, 0, "value clipping should act")
        let norm = clipped.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let clipNorm = Float(norm * 0.5)
        let coef = Double(clipNorm) / (norm + 1e-6)
        clipped = clipped.map { Float(Double($0) * coef) }

        let lr: Float = 0.5
        let trainer = Trainer(model: p.model, settings: TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .sgd, learningRate: lr),
                                                                         clipNorm: clipNorm, clipValue: clipValue))
        let (result, _) = try trainer.update(p.stackInput, geometry: p.geometry, targets: p.targets, carry: nil)
        let r = try XCTUnwrap(result)
        XCTAssertEqual(r.gradientNorm, norm, accuracy: 1e-5 * norm, "norm reported is that of the value-clipped gradient")
        let after = p.model.parameters
        for i in 0..<start.count {
            XCTAssertEqual(after[i], start[i] - lr * clipped[i], accuracy: 1e-6, "parameter \(i)")
        }
        // Without clipping the reported norm is the raw gradient's.
        let q = try ModelGradientCheckTests.denseProblem(cfg, loss: .mse, lengths: [4, 3, 5], seed: 17, inputScale: 2)
        let plain = Trainer(model: q.model, settings: TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .sgd, learningRate: lr)))
        let r2 = try XCTUnwrap(try plain.update(q.stackInput, geometry: q.geometry, targets: q.targets, carry: nil).result)
        let rawNorm = raw.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        XCTAssertEqual(r2.gradientNorm, rawNorm, accuracy: 1e-6 * rawNorm)
        for (i, (a, s)) in zip(q.model.parameters, start).enumerated() {
            XCTAssertEqual(a, s - lr * raw[i], accuracy: 1e-6)
        }
    }
}
