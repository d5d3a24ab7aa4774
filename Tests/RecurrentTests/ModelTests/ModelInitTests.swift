import Foundation
import XCTest
@testable import Recurrent

/// Model construction: layout, initialisation schemes, validation; epoch-limited runs.
final class ModelInitTests: XCTestCase {
    func testLayoutNamesShapesAndOrder() {
        let cfg = ModelConfig(cell: .gru, inputSize: 3, hiddenSize: 4, layers: 2, bidirectional: true, outputSize: 5, embeddingVocabulary: 7)
        let layout = ParameterLayout(cfg)
        let names = layout.slots.map(\.name)
        XCTAssertEqual(names, ["embed.weight",
                               "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                               "rnn.weight_ih_l0_reverse", "rnn.weight_hh_l0_reverse", "rnn.bias_ih_l0_reverse", "rnn.bias_hh_l0_reverse",
                               "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
                               "rnn.weight_ih_l1_reverse", "rnn.weight_hh_l1_reverse", "rnn.bias_ih_l1_reverse", "rnn.bias_hh_l1_reverse",
                               "head.weight", "head.bias"])
        XCTAssertEqual(layout.slot(named: "embed.weight")?.shape, [7, 3])
        XCTAssertEqual(layout.slot(named: "rnn.weight_ih_l0")?.shape, [12, 3])
        XCTAssertEqual(layout.slot(named: "rnn.weight_ih_l1_reverse")?.shape, [12, 8])
        XCTAssertEqual(layout.slot(named: "rnn.weight_hh_l1")?.shape, [12, 4])
        XCTAssertEqual(layout.slot(named: "head.weight")?.shape, [5, 8])
        // Contiguous, in order, covering the whole buffer.
        var offset = 0
        for s in layout.slots {
            XCTAssertEqual(s.offset, offset, s.name)
            offset += s.count
        }
        XCTAssertEqual(layout.count, offset)
        XCTAssertEqual(layout.count, 7 * 3 + 2 * (12 * 3 + 12 * 4 + 24) + 2 * (12 * 8 + 12 * 4 + 24) + 5 * 8 + 5)
        let nobias = ParameterLayout(ModelConfig(cell: .rnnTanh, inputSize: 2, hiddenSize: 3, bias: false))
        XCTAssertEqual(nobias.slots.map(\.name), ["rnn.weight_ih_l0", "rnn.weight_hh_l0"])
    }

    func testPyTorchInitRangesAndTensorAccess() throws {
        let cfg = ModelConfig(cell: .lstm, inputSize: 5, hiddenSize: 16, layers: 1, outputSize: 3, embeddingVocabulary: 10)
        let model = try Model(config: cfg, seed: 1)
        let k = 1 / Float(16).squareRoot()
        for s in model.layout.slots where s.name.hasPrefix("rnn.") {
            let v = try XCTUnwrap(model.tensor(s.name))
            XCTAssertEqual(v.count, s.count)
            XCTAssertTrue(v.allSatisfy { abs($0) <= k }, s.name)
            XCTAssertGreaterThan(v.map { abs($0) }.max()!, 0.8 * k, "\(s.name) should fill its range")
        }
        let head = try XCTUnwrap(model.tensor("head.weight"))
        XCTAssertTrue(head.allSatisfy { abs($0) <= 1 / Float(16).squareRoot() })
        let emb = try XCTUnwrap(model.tensor("embed.weight"))
        let mean = emb.reduce(0, +) / Float(emb.count)
        let sd = (emb.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(emb.count)).squareRoot()
        XCTAssertEqual(sd, 1, accuracy: 0.3, "embedding is standard normal")
        XCTAssertNil(model.tensor("rnn.weight_ih_l1"))
        // tensor(_:) is the slice of parameters.
        let s = try XCTUnwrap(model.layout.slot(named: "rnn.bias_hh_l0"))
        XCTAssertEqual(model.tensor(s.name), Array(model.parameters[s.offset..<(s.offset + s.count)]))
        // Different seeds, different weights.
        XCTAssertNotEqual(try Model(config: cfg, seed: 2).parameters, model.parameters)
    }

    func testOrthogonalInitAndForgetBias() throws {
        let H = 6
        let model = try Model(config: ModelConfig(cell: .lstm, inputSize: 3, hiddenSize: H, layers: 2), seed: 4,
                              scheme: .orthogonal, forgetBias: 1)
        for l in 0..<2 {
            let w = try XCTUnwrap(model.tensor("rnn.weight_hh_l\(l)"))
            for g in 0..<4 {
                // Each H x H gate block Q has Q Q^T = I.
                for i in 0..<H {
                    for j in 0..<H {
                        var dot: Float = 0
                        for k in 0..<H { dot += w[g * H * H + i * H + k] * w[g * H * H + j * H + k] }
                        XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-5, "layer \(l) gate \(g) (\(i), \(j))")
                    }
                }
            }
            let bih = try XCTUnwrap(model.tensor("rnn.bias_ih_l\(l)"))
            let bhh = try XCTUnwrap(model.tensor("rnn.bias_hh_l\(l)"))
            XCTAssertEqual(Array(bih[H..<(2 * H)]), [Float](repeating: 1, count: H))
            XCTAssertEqual(Array(bhh[H..<(2 * H)]), [Float](repeating: 0, count: H))
            XCTAssertFalse(bih[0..<H].allSatisfy { $0 == 1 }, "only the forget block is set")
        }
    }

    func testInvalidConfigurationsAndParameterCounts() throws {
        for bad in [ModelConfig(cell: .gru, inputSize: 0, hiddenSize: 3),
                    ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 0),
                    ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 3, layers: 0),
                    ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 3, outputSize: 0),
                    ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 3, embeddingVocabulary: -1)] {
            XCTAssertThrowsError(try Model(config: bad)) { e in
                guard case RecurrentError.invalidModel = e else { return XCTFail("\(e)") }
            }
        }
        let cfg = ModelConfig(cell: .rnnRelu, inputSize: 2, hiddenSize: 3, outputSize: 1)
        let n = ParameterLayout(cfg).count
        XCTAssertThrowsError(try Model(config: cfg, parameters: [Float](repeating: 0, count: n + 1))) { e in
            guard case RecurrentError.shape = e else { return XCTFail("\(e)") }
        }
        let m = try Model(config: cfg, parameters: (0..<n).map { Float($0) })
        XCTAssertEqual(m.parameters, (0..<n).map { Float($0) })
        // copy() is independent.
        let c = m.copy()
        try c.setParameters([Float](repeating: 0, count: n))
        XCTAssertThrowsError(try c.setParameters([Float](repeating: 0, count: n + 1)))
        XCTAssertEqual(m.parameters, (0..<n).map { Float($0) })
        // SequenceBatch validates its shape.
        XCTAssertThrowsError(try SequenceBatch(lengths: [2, 1], featureSize: 2, values: [Float](repeating: 0, count: 7)))
        XCTAssertThrowsError(try SequenceBatch(lengths: [-1], featureSize: 2, values: []))
    }

    /// maxEpochs stops at the end of that epoch; maxSteps and maxEpochs together stop at the first.
    func testEpochLimitedRuns() throws {
        let data = ModelTrainingTests.regressionData(count: 7, seed: 3)
        let settings = TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.05))
        let plan = SequencePlan(batchSize: 3, bptt: 4, shuffle: false)
        let run = try SequenceTraining(trainer: Trainer(model: try Model(config: ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 3, outputSize: 1), seed: 1), settings: settings),
                                       data: data, plan: plan)
        let perEpoch = run.updatesPerEpoch
        XCTAssertGreaterThan(perEpoch, 3)
        var epochs: [Int] = []
        try run.run(maxSteps: nil, maxEpochs: 2, progress: { p in
            epochs.append(p.epoch)
            XCTAssertEqual(p.totalSteps, 2 * perEpoch)
            XCTAssertGreaterThan(p.epochFraction, 0)
            XCTAssertLessThanOrEqual(p.epochFraction, 1)
        })
        XCTAssertEqual(run.trainer.step, 2 * perEpoch)
        XCTAssertEqual(epochs, [Int](repeating: 0, count: perEpoch) + [Int](repeating: 1, count: perEpoch))
        XCTAssertEqual(run.currentEpoch, 2)
        // Continuing with a higher epoch limit runs exactly one more epoch.
        try run.run(maxSteps: nil, maxEpochs: 3)
        XCTAssertEqual(run.trainer.step, 3 * perEpoch)
        // maxSteps first.
        let short = try SequenceTraining(trainer: Trainer(model: try Model(config: ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 3, outputSize: 1), seed: 1), settings: settings),
                                         data: data, plan: plan)
        try short.run(maxSteps: 2, maxEpochs: 5)
        XCTAssertEqual(short.trainer.step, 2)
        // Data without any target is refused.
        var none = data
        for i in none.sequences.indices { none.sequences[i].hasTarget = none.sequences[i].hasTarget.map { _ in false } }
        let empty = try SequenceTraining(trainer: Trainer(model: try Model(config: ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 3, outputSize: 1)), settings: settings),
                                         data: none, plan: plan)
        XCTAssertThrowsError(try empty.run(maxSteps: 5, maxEpochs: nil))
    }

    /// With shuffling and truncated BPTT the number of updates of an epoch depends on how the
    /// sequences fall into batches (a batch's chunk count is its longest sequence's). The
    /// announced total (TrainingProgress.totalSteps, from updatesPerEpoch) should still be the
    /// number of updates the epoch-limited run really makes.
    func testAnnouncedTotalStepsMatchShuffledRun() throws {
        let data = ModelTrainingTests.regressionData(count: 7, seed: 3)
        let settings = TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.05))
        let run = try SequenceTraining(trainer: Trainer(model: try Model(config: ModelConfig(cell: .gru, inputSize: 2, hiddenSize: 3, outputSize: 1), seed: 1), settings: settings),
                                       data: data, plan: SequencePlan(batchSize: 3, bptt: 4, shuffle: true))
        var announced: Int?
        try run.run(maxSteps: nil, maxEpochs: 2, progress: { p in announced = p.totalSteps })
        XCTAssertEqual(announced, run.trainer.step, "progress announced \(announced ?? -1) updates for 2 epochs; the run made \(run.trainer.step) (updatesPerEpoch = \(run.updatesPerEpoch), counted in file order)")
    }
}
