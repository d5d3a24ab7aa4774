import Foundation
import XCTest
@testable import Recurrent

/// The library's analytic gradients (Trainer.gradient, float) against central finite
/// differences of the double-precision reference loss, for every parameter.
final class ModelGradientCheckTests: XCTestCase {
    /// One gradient-check problem: a model, a batch and its targets.
    struct Problem {
        let model: Model
        let loss: LossKind
        let input: RefInput
        let stackInput: StackInput
        let geometry: BatchGeometry
        let targets: StepTargets
        let refTargets: [[RefTarget?]]
        let floatInputs: [[[Float]]]?
        let tokens: [[Int]]?
        /// h0 and c0 of every layer and direction, flat (L*D, sequences, H) in the
        /// caller's sequence order; nil for zeros.
        var initial: (h: [Double], c: [Double])? = nil

        /// `initial` as the model takes it: (L*D, B, H) buffers in sorted row order.
        func initialBuffers() -> (h: Buffer, c: Buffer?)? {
            guard let initial else { return nil }
            let g = geometry, H = model.config.hiddenSize, K = initial.h.count / (g.rows * H)
            func sorted(_ flat: [Double]) -> Buffer {
                let buf = Buffer(flat.count)
                for k in 0..<K {
                    for (i, src) in g.order.enumerated() {
                        for j in 0..<H { buf.p[(k * g.rows + i) * H + j] = Float(flat[(k * g.rows + src) * H + j]) }
                    }
                }
                return buf
            }
            return (sorted(initial.h), model.config.cell.hasCellState ? sorted(initial.c) : nil)
        }

        /// The same problem from random initial states (floats, so both sides start alike).
        func withInitialStates(seed: UInt64) -> Problem {
            var rng = SeededGenerator(seed: seed &+ 3000)
            let cfg = model.config
            let n = cfg.layers * cfg.directions * geometry.rows * cfg.hiddenSize
            var p = self
            p.initial = (MT.floats(n, &rng).map(Double.init), MT.floats(n, &rng).map(Double.init))
            return p
        }
    }

    /// Targets at roughly two of three steps (the last step always has one).
    static func targetPattern(_ lengths: [Int], _ rng: inout SeededGenerator) -> [[Bool]] {
        lengths.map { n in (0..<n).map { t in t == n - 1 || rng.nextUnitFloat() < 0.65 } }
    }

    /// A dense problem built with SequenceTraining.prepare, as training does.
    static func denseProblem(_ config: ModelConfig, loss: LossKind, lengths: [Int], seed: UInt64,
                             inputScale: Float = 1) throws -> Problem {
        let model = try Model(config: config, seed: seed)
        var rng = SeededGenerator(seed: seed &+ 1000)
        let xs = MT.sequences(lengths, width: config.inputSize, &rng, scale: inputScale)
        let present = targetPattern(lengths, &rng)
        let O = config.outputWidth
        let W = loss == .mse ? O : 1
        var seqs: [LabeledSequence] = []
        var refTargets: [[RefTarget?]] = []
        for (b, steps) in xs.enumerated() {
            var ts: [[Float]?] = []
            var rts: [RefTarget?] = []
            for t in 0..<steps.count {
                guard present[b][t] else { ts.append(nil); rts.append(nil); continue }
                if loss == .mse {
                    let v = MT.floats(O, &rng)
                    ts.append(v); rts.append(.values(v.map(Double.init)))
                } else {
                    let k = Int(rng.next() % UInt64(O))
                    ts.append([Float(k)]); rts.append(.index(k))
                }
            }
            seqs.append(MT.labeled(steps, ts, width: W))
            refTargets.append(rts)
        }
        let pb = SequenceTraining.prepare(seqs, inputSize: config.inputSize, targetWidth: W)
        return Problem(model: model, loss: loss, input: .dense(MT.toDouble(xs)), stackInput: .dense(pb.x),
                       geometry: pb.geometry, targets: pb.targets, refTargets: refTargets,
                       floatInputs: xs, tokens: nil)
    }

    /// A token problem (embedding rows or one-hot columns), laid out time-major in sorted
    /// order as CharTraining and forward(tokens:) do, with -1 on padded rows.
    static func tokenProblem(_ config: ModelConfig, loss: LossKind, lengths: [Int], seed: UInt64) throws -> Problem {
        let model = try Model(config: config, seed: seed)
        var rng = SeededGenerator(seed: seed &+ 2000)
        let vocab = config.embeddingVocabulary ?? config.inputSize
        let toks = lengths.map { n in (0..<n).map { _ in Int(rng.next() % UInt64(vocab)) } }
        let present = targetPattern(lengths, &rng)
        let O = config.outputWidth
        let W = loss == .mse ? O : 1
        let g = BatchGeometry(lengths: lengths)
        var ids = [Int32](repeating: -1, count: g.steps * g.rows)
        var tv = [Float](repeating: 0, count: g.steps * g.rows * W)
        var pr = [Bool](repeating: false, count: g.steps * g.rows)
        var refTargets = lengths.map { [RefTarget?](repeating: nil, count: $0) }
        for b in 0..<lengths.count {
            for t in 0..<lengths[b] where present[b][t] {
                if loss == .mse {
                    refTargets[b][t] = .values(MT.floats(O, &rng).map(Double.init))
                } else {
                    refTargets[b][t] = .index(Int(rng.next() % UInt64(O)))
                }
            }
        }
        for (i, src) in g.order.enumerated() {
            for t in 0..<lengths[src] {
                let r = t * g.rows + i
                ids[r] = Int32(toks[src][t])
                switch refTargets[src][t] {
                case .values(let v)?: pr[r] = true; for j in 0..<W { tv[r * W + j] = Float(v[j]) }
                case .index(let k)?: pr[r] = true; tv[r * W] = Float(k)
                case nil: break
                }
            }
        }
        return Problem(model: model, loss: loss, input: .tokens(toks), stackInput: .tokens(ids), geometry: g,
                       targets: StepTargets(values: tv, present: pr, width: W), refTargets: refTargets,
                       floatInputs: nil, tokens: toks)
    }

    /// Checks the reference forward against the model, then every parameter's gradient.
    func check(_ p: Problem, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let cfg = p.model.config
        let ref = RefNet(cfg)
        let params = p.model.parameters.map(Double.init)
        let stats = RefNet.Stats()
        let refOut = ref.forward(params, p.input, stats: stats, initial: p.initial)
        if cfg.cell == .rnnRelu {
            XCTAssertGreaterThan(stats.minReluPreactivation, 1e-3, "\(label): a ReLU pre-activation sits on the kink; pick another seed", file: file, line: line)
        }
        // 1. The reference agrees with the float model's own forward (from zero states;
        //    from others, the loss below compares the two forwards).
        if p.initial == nil {
            let modelOut: [[[Float]]]
            if let xs = p.floatInputs { modelOut = try p.model.forward(xs) } else { modelOut = try p.model.forward(tokens: p.tokens!) }
            XCTAssertLessThanOrEqual(MT.maxDiff(modelOut, refOut, file: file, line: line), 1e-5, "\(label): forward vs reference", file: file, line: line)
        }

        // 2. The analytic gradient and the loss.
        let trainer = Trainer(model: p.model, settings: TrainingSettings(loss: p.loss, optimizer: OptimizerSettings(kind: .sgd, learningRate: 0)))
        let states = p.initialBuffers()
        let (lossValue, grads) = try trainer.gradient(p.stackInput, geometry: p.geometry, targets: p.targets,
                                                      h0: states?.h, c0: states?.c)
        let refLoss = RefNet.loss(p.loss, outputs: refOut, targets: p.refTargets)
        XCTAssertEqual(lossValue, refLoss, accuracy: 1e-5 * max(1, abs(refLoss)), "\(label): loss", file: file, line: line)
        XCTAssertEqual(grads.count, params.count, file: file, line: line)
        // The model is unchanged by computing a gradient.
        XCTAssertEqual(p.model.parameters.map(Double.init), params, "\(label): gradient changed the parameters", file: file, line: line)

        // 3. Central differences of the reference loss for every parameter.
        let eps = 1e-6
        var worst = (excess: -Double.infinity, index: 0, analytic: 0.0, numeric: 0.0)
        var normA = 0.0, normDiff = 0.0
        var q = params
        for i in 0..<params.count {
            q[i] = params[i] + eps
            let up = RefNet.loss(p.loss, outputs: ref.forward(q, p.input, initial: p.initial), targets: p.refTargets)
            q[i] = params[i] - eps
            let down = RefNet.loss(p.loss, outputs: ref.forward(q, p.input, initial: p.initial), targets: p.refTargets)
            q[i] = params[i]
            let numeric = (up - down) / (2 * eps)
            let analytic = Double(grads[i])
            let diff = abs(analytic - numeric)
            let excess = diff - (1e-3 * max(1, abs(numeric)) + 1e-4)
            if excess > worst.excess { worst = (excess, i, analytic, numeric) }
            normA += numeric * numeric
            normDiff += diff * diff
        }
        let slot = p.model.layout.slots.last { $0.offset <= worst.index }!
        XCTAssertLessThanOrEqual(worst.excess, 0,
            "\(label): gradient of \(slot.name)[\(worst.index - slot.offset)] is \(worst.analytic), finite difference \(worst.numeric)",
            file: file, line: line)
        // Relative error of the whole vector: much tighter than the per-element bound.
        XCTAssertGreaterThan(normA.squareRoot(), 1e-3, "\(label): gradient is (nearly) zero; the check would prove nothing", file: file, line: line)
        XCTAssertLessThanOrEqual((normDiff / normA).squareRoot(), 1e-4, "\(label): relative gradient error", file: file, line: line)
        // Every tensor gets some gradient (nothing silently dropped).
        for s in p.model.layout.slots {
            let g = grads[s.offset..<(s.offset + s.count)]
            XCTAssertTrue(g.contains { $0 != 0 }, "\(label): no gradient at all for \(s.name)", file: file, line: line)
        }
    }

    /// A seed whose ReLU pre-activations all stay at least 2e-3 from zero (no kink inside
    /// the finite difference) and are mostly positive (live units, so the check means something).
    func reluSafeSeed(_ make: (UInt64) throws -> Problem) throws -> Problem {
        for seed in UInt64(1)...200 {
            let p = try make(seed)
            let stats = RefNet.Stats()
            _ = RefNet(p.model.config).forward(p.model.parameters.map(Double.init), p.input, stats: stats, initial: p.initial)
            let cfg = p.model.config
            if stats.minReluPreactivation > 2e-3 && stats.reluPositive * 2 >= stats.reluTotal
                && stats.liveRecurrence.count == cfg.layers * cfg.directions { return p }
        }
        XCTFail("no kink-free ReLU seed found")
        throw RecurrentError.numeric("no kink-free ReLU seed")
    }

    func problem(_ cell: CellKind, _ make: (UInt64) throws -> Problem) throws -> Problem {
        cell == .rnnRelu ? try reluSafeSeed(make) : try make(7)
    }

    let lengths = [4, 2, 5]

    func testOneLayerWithHeadMSE() throws {
        for cell in CellKind.allCases {
            let cfg = ModelConfig(cell: cell, inputSize: 3, hiddenSize: 3, layers: 1, outputSize: 2)
            try check(try problem(cell) { try Self.denseProblem(cfg, loss: .mse, lengths: self.lengths, seed: $0) }, "\(cell) 1 layer head mse")
        }
    }

    func testTwoLayersNoHeadMSE() throws {
        for cell in CellKind.allCases {
            let cfg = ModelConfig(cell: cell, inputSize: 2, hiddenSize: 3, layers: 2)
            try check(try problem(cell) { try Self.denseProblem(cfg, loss: .mse, lengths: [3, 5, 1], seed: $0) }, "\(cell) 2 layers mse")
        }
    }

    func testBidirectionalTwoLayersHeadCE() throws {
        for cell in CellKind.allCases {
            let cfg = ModelConfig(cell: cell, inputSize: 2, hiddenSize: 2, layers: 2, bidirectional: true, outputSize: 3)
            try check(try problem(cell) { try Self.denseProblem(cfg, loss: .ce, lengths: [2, 5, 3], seed: $0) }, "\(cell) bidir 2 layers ce")
        }
    }

    func testOneLayerHeadCEAndNoBias() throws {
        for cell in CellKind.allCases {
            let cfg = ModelConfig(cell: cell, inputSize: 3, hiddenSize: 3, layers: 1, bias: false, outputSize: 4)
            try check(try problem(cell) { try Self.denseProblem(cfg, loss: .ce, lengths: [5, 3, 3, 1], seed: $0) }, "\(cell) no bias ce")
        }
    }

    func testBidirectionalNoHeadMSE() throws {
        for cell in [CellKind.lstm, .gruResetBefore, .rnnRelu] {
            let cfg = ModelConfig(cell: cell, inputSize: 2, hiddenSize: 2, layers: 1, bidirectional: true)
            try check(try problem(cell) { try Self.denseProblem(cfg, loss: .mse, lengths: [1, 4, 3], seed: $0) }, "\(cell) bidir mse")
        }
    }

    /// From nonzero initial states (a carried state's), on ragged rows in both directions:
    /// backward reads h before a row's first step from h0 and c before it from the slot
    /// the forward seeded with c0 (going backward, rows start at different steps).
    func testInitialStatesBidirectionalRagged() throws {
        for cell in CellKind.allCases {
            let cfg = ModelConfig(cell: cell, inputSize: 2, hiddenSize: 2, layers: 2, bidirectional: true, outputSize: 3)
            try check(try problem(cell) { seed in
                try Self.denseProblem(cfg, loss: .ce, lengths: [2, 5, 3], seed: seed).withInitialStates(seed: seed)
            }, "\(cell) bidir 2 layers ce from initial states")
        }
    }

    /// The backward that measures gradient flow (one kernel call per step for the top
    /// layer's forward direction) gives the bits of the one scan it replaces.
    func testGradientFlowBackwardGivesTheSameGradient() throws {
        for cell in [CellKind.lstm, .gru] {
            let cfg = ModelConfig(cell: cell, inputSize: 2, hiddenSize: 5, layers: 2, bidirectional: true, outputSize: 3)
            let p = try Self.denseProblem(cfg, loss: .mse, lengths: [2, 6, 3, 6], seed: 4).withInitialStates(seed: 4)
            let states = p.initialBuffers()
            let pass = try p.model.runStack(p.stackInput, geometry: p.geometry, h0: states?.h, c0: states?.c, recording: true)
            let dOutput = Buffer(pass.output.count)
            var rng = SeededGenerator(seed: 9)
            for i in 0..<dOutput.count { dOutput.p[i] = rng.nextUnitFloat() - 0.5 }
            let scanned = Buffer(p.model.parameterCount), stepped = Buffer(p.model.parameterCount)
            try p.model.backwardStack(pass, dOutput: dOutput, grads: scanned)
            var norms = [Double](repeating: 0, count: p.geometry.steps)
            try norms.withUnsafeMutableBufferPointer { n in
                try p.model.backwardStack(pass, dOutput: dOutput, grads: stepped, gradFlow: n.baseAddress!)
            }
            XCTAssertEqual(scanned.array, stepped.array, "\(cell)")
            XCTAssertTrue(norms.allSatisfy { $0 > 0 }, "\(cell): \(norms)")
        }
    }

    /// Learned embedding (`embed.weight`) through the `.tokens` input.
    func testEmbeddingTokens() throws {
        for cell in CellKind.allCases {
            let cfg = ModelConfig(cell: cell, inputSize: 3, hiddenSize: 3, layers: 1, outputSize: 5, embeddingVocabulary: 5)
            try check(try problem(cell) { try Self.tokenProblem(cfg, loss: .ce, lengths: [6, 3, 4], seed: $0) }, "\(cell) embedding ce")
        }
        let deep = ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 2, layers: 2, bidirectional: true, outputSize: 2, embeddingVocabulary: 4)
        try check(try Self.tokenProblem(deep, loss: .mse, lengths: [3, 5], seed: 3), "gru embedding bidir 2 layers mse")
    }

    /// One-hot tokens (columns of W_ih, no embedding).
    func testOneHotTokens() throws {
        for cell in CellKind.allCases {
            let cfg = ModelConfig(cell: cell, inputSize: 4, hiddenSize: 3, layers: 2, outputSize: 4)
            try check(try problem(cell) { try Self.tokenProblem(cfg, loss: .ce, lengths: [5, 2, 4], seed: $0) }, "\(cell) one-hot ce")
        }
    }

    /// Tokens give the same outputs as the equivalent dense inputs (one-hot vectors or embedding rows).
    func testTokenForwardEqualsDense() throws {
        let cfg = ModelConfig(cell: .lstm, inputSize: 4, hiddenSize: 3, layers: 1, outputSize: 2)
        let model = try Model(config: cfg, seed: 11)
        let toks = [[0, 3, 1, 2], [2, 2], [1]]
        let dense = toks.map { $0.map { t -> [Float] in var v = [Float](repeating: 0, count: 4); v[t] = 1; return v } }
        XCTAssertLessThanOrEqual(MT.maxDiff(try model.forward(tokens: toks), MT.toDouble(try model.forward(dense))), 1e-6)
        XCTAssertThrowsError(try model.forward(tokens: [[0, 4]])) { e in
            guard case RecurrentError.shape = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try model.forward(tokens: [[-1]]))

        let ecfg = ModelConfig(cell: .gru, inputSize: 3, hiddenSize: 3, outputSize: 2, embeddingVocabulary: 6)
        let emodel = try Model(config: ecfg, seed: 12)
        let table = try XCTUnwrap(emodel.tensor("embed.weight"))
        let etoks = [[5, 0, 3], [1, 1, 4, 2]]
        let edense = etoks.map { $0.map { Array(table[($0 * 3)..<($0 * 3 + 3)]) } }
        // A dense forward on an embedding model is refused; compare through an equal model without one.
        XCTAssertThrowsError(try emodel.forward(edense))
        var plain = ecfg
        plain.embeddingVocabulary = nil
        let rest = Array(emodel.parameters[(6 * 3)...])
        let pmodel = try Model(config: plain, parameters: rest)
        XCTAssertLessThanOrEqual(MT.maxDiff(try emodel.forward(tokens: etoks), MT.toDouble(try pmodel.forward(edense))), 1e-6)
    }

    /// A chunk with no targets gives loss 0 and an all-zero gradient (no update).
    func testNoTargetsGivesZeroGradient() throws {
        let cfg = ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 3, outputSize: 2)
        var p = try Self.denseProblem(cfg, loss: .mse, lengths: [3, 2], seed: 5)
        let none = StepTargets(values: p.targets.values, present: p.targets.present.map { _ in false }, width: p.targets.width)
        p = Problem(model: p.model, loss: .mse, input: p.input, stackInput: p.stackInput, geometry: p.geometry,
                    targets: none, refTargets: p.refTargets, floatInputs: p.floatInputs, tokens: nil)
        let trainer = Trainer(model: p.model, settings: TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .sgd, learningRate: 1)))
        let (loss, grads) = try trainer.gradient(p.stackInput, geometry: p.geometry, targets: p.targets)
        XCTAssertEqual(loss, 0)
        XCTAssertTrue(grads.allSatisfy { $0 == 0 })
    }
}
