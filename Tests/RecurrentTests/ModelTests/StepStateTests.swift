import Foundation
import XCTest
@testable import Recurrent

/// The stepping API: value semantics of StepState, reset, batches of streams, errors.
final class ModelStepStateTests: XCTestCase {
    let config = ModelConfig(cell: .lstm, inputSize: 3, hiddenSize: 4, layers: 2, outputSize: 2)

    func steps(_ n: Int, seed: UInt64, width: Int = 3) -> [[Float]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in MT.floats(width, &rng) }
    }

    func run(_ model: Model, _ xs: [[Float]], _ state: inout StepState) throws -> [[Float]] {
        try xs.map { try model.step($0, state: &state) }
    }

    func testSteppingEqualsForwardForEveryCell() throws {
        for cell in CellKind.allCases {
            let model = try Model(config: ModelConfig(cell: cell, inputSize: 3, hiddenSize: 4, layers: 2, outputSize: 2), seed: 3)
            let xs = steps(9, seed: 1)
            var state = model.makeState()
            let stepped = try run(model, xs, &state)
            let whole = try model.forward([xs])[0]
            XCTAssertLessThanOrEqual(MT.maxDiff([stepped], [whole.map { $0.map(Double.init) }]), 1e-6, "\(cell)")
            // The state has per-layer hidden states (and cell states for LSTM only).
            XCTAssertEqual(state.hidden(layer: 1).count, 4)
            XCTAssertEqual(state.cell(layer: 0) != nil, cell == .lstm, "\(cell)")
        }
    }

    func testStateHiddenIsLastLayerOutputWithoutHead() throws {
        let model = try Model(config: ModelConfig(cell: .gru, inputSize: 3, hiddenSize: 4, layers: 2), seed: 9)
        var state = model.makeState()
        var y: [Float] = []
        for x in steps(5, seed: 2) { y = try model.step(x, state: &state) }
        XCTAssertEqual(state.hidden(layer: 1), y)
        XCTAssertNotEqual(state.hidden(layer: 0), [Float](repeating: 0, count: 4))
    }

    /// Copying a state and stepping the copy leaves the original exactly as it was.
    func testStateCopiesAreIndependent() throws {
        let model = try Model(config: config, seed: 5)
        let xs = steps(6, seed: 10)
        var a = model.makeState()
        _ = try run(model, Array(xs[0..<3]), &a)
        let savedH = (0..<2).map { a.hidden(layer: $0) }
        let savedC = (0..<2).map { a.cell(layer: $0)! }

        var b = a   // copy
        let yb = try run(model, Array(xs[3...]), &b)
        // The original did not move.
        XCTAssertEqual((0..<2).map { a.hidden(layer: $0) }, savedH)
        XCTAssertEqual((0..<2).map { a.cell(layer: $0)! }, savedC)
        XCTAssertNotEqual((0..<2).map { b.hidden(layer: $0) }, savedH)
        // Stepping the original over the same inputs gives bitwise the copy's outputs.
        var c = a
        let ya = try run(model, Array(xs[3...]), &a)
        XCTAssertEqual(ya, yb)
        XCTAssertEqual((0..<2).map { a.hidden(layer: $0) }, (0..<2).map { b.hidden(layer: $0) })
        // And a third copy taken before that is still at the saved point.
        XCTAssertEqual((0..<2).map { c.hidden(layer: $0) }, savedH)
        let yc = try run(model, Array(xs[3...]), &c)
        XCTAssertEqual(yc, yb)

        // reset() on a copy does not reset the original.
        var d = a
        d.reset()
        XCTAssertNotEqual(a.hidden(layer: 0), [Float](repeating: 0, count: 4))
        XCTAssertEqual(d.hidden(layer: 0), [Float](repeating: 0, count: 4))
    }

    func testResetGivesAFreshStart() throws {
        let model = try Model(config: config, seed: 6)
        let xs = steps(5, seed: 11)
        var fresh = model.makeState()
        let want = try run(model, xs, &fresh)
        var state = model.makeState()
        _ = try run(model, steps(7, seed: 12), &state)
        XCTAssertNotEqual(try run(model, xs, &state), want)
        state.reset()
        for l in 0..<2 {
            XCTAssertEqual(state.hidden(layer: l), [Float](repeating: 0, count: 4))
            XCTAssertEqual(state.cell(layer: l)!, [Float](repeating: 0, count: 4))
        }
        XCTAssertEqual(try run(model, xs, &state), want)
    }

    /// A state of 3 streams gives each stream what a state of its own gives; reset(stream:)
    /// restarts one stream only.
    func testBatchOfStreamsEqualsSeparateStreams() throws {
        for cell in CellKind.allCases {
            let model = try Model(config: ModelConfig(cell: cell, inputSize: 3, hiddenSize: 5, layers: 2, outputSize: 3), seed: 21)
            let streams = (0..<3).map { steps(8, seed: 30 + UInt64($0)) }
            var separate = (0..<3).map { _ in model.makeState() }
            var together = model.makeState(batch: 3)
            XCTAssertEqual(together.batch, 3)
            for t in 0..<8 {
                if t == 5 {
                    together.reset(stream: 1)
                    separate[1].reset()
                }
                let y = try model.step(streams.flatMap { $0[t] }, state: &together)
                XCTAssertEqual(y.count, 9)
                for s in 0..<3 {
                    let ys = try model.step(streams[s][t], state: &separate[s])
                    for j in 0..<3 {
                        XCTAssertEqual(y[s * 3 + j], ys[j], accuracy: 1e-6, "\(cell) stream \(s) step \(t)")
                    }
                }
            }
            for l in 0..<2 {
                let h = together.hidden(layer: l)
                for s in 0..<3 {
                    let hs = separate[s].hidden(layer: l)
                    for j in 0..<5 { XCTAssertEqual(h[s * 5 + j], hs[j], accuracy: 1e-6) }
                }
            }
        }
    }

    func testStepIntoBufferEqualsStep() throws {
        let model = try Model(config: config, seed: 8)
        var a = model.makeState(), b = model.makeState()
        var out = [Float](repeating: .nan, count: 2)
        for x in steps(4, seed: 40) {
            let y = try model.step(x, state: &a)
            try x.withUnsafeBufferPointer { xp in
                try out.withUnsafeMutableBufferPointer { try model.step(xp, state: &b, into: $0) }
            }
            XCTAssertEqual(out, y)
        }
        // An output buffer that is too small is an error, not a write past its end.
        var small = [Float](repeating: 0, count: 1)
        XCTAssertThrowsError(try [Float](repeating: 0, count: 3).withUnsafeBufferPointer { xp in
            try small.withUnsafeMutableBufferPointer { try model.step(xp, state: &b, into: $0) }
        }) { e in
            guard case RecurrentError.shape = e else { return XCTFail("\(e)") }
        }
    }

    func testBidirectionalStepThrows() throws {
        let model = try Model(config: ModelConfig(cell: .gru, inputSize: 3, hiddenSize: 4, bidirectional: true), seed: 1)
        var state = model.makeState()
        XCTAssertThrowsError(try model.step([0, 0, 0], state: &state)) { e in
            guard case RecurrentError.unsupported = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try model.step(tokens: [1], state: &state)) { e in
            guard case RecurrentError.unsupported = e else { return XCTFail("\(e)") }
        }
    }

    func testWrongSizesThrow() throws {
        let model = try Model(config: config, seed: 2)
        var state = model.makeState(batch: 2)
        for bad in [[Float](), [1, 2, 3], [Float](repeating: 0, count: 7)] {
            XCTAssertThrowsError(try model.step(bad, state: &state)) { e in
                guard case RecurrentError.shape = e else { return XCTFail("\(e)") }
            }
        }
        XCTAssertEqual(state.hidden(layer: 0), [Float](repeating: 0, count: 8), "a refused step must not move the state")
        XCTAssertNoThrow(try model.step([Float](repeating: 0.5, count: 6), state: &state))

        // Token steps: count must equal the batch, ids inside the vocabulary (inputSize for one-hot).
        var one = model.makeState()
        XCTAssertThrowsError(try model.step(tokens: [0, 1], state: &one))
        XCTAssertThrowsError(try model.step(tokens: [3], state: &one))
        XCTAssertThrowsError(try model.step(tokens: [-1], state: &one))
        XCTAssertNoThrow(try model.step(tokens: [2], state: &one))

        // Wrong feature size for forward.
        XCTAssertThrowsError(try model.forward([[[1, 2]]])) { e in
            guard case RecurrentError.shape = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try model.forward([[[1, 2, 3]], [[1, 2, 3], [4, 5]]]))
        // An embedding model refuses dense steps.
        let emb = try Model(config: ModelConfig(cell: .lstm, inputSize: 3, hiddenSize: 4, outputSize: 2, embeddingVocabulary: 5), seed: 1)
        var es = emb.makeState()
        XCTAssertThrowsError(try emb.step([0, 0, 0], state: &es)) { e in
            guard case RecurrentError.unsupported = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try emb.step(tokens: [5], state: &es))
    }

    /// Token steps equal the token forward (embedding rows and one-hot columns).
    func testTokenSteppingEqualsForward() throws {
        for cfg in [ModelConfig(cell: .gru, inputSize: 3, hiddenSize: 4, layers: 2, outputSize: 6, embeddingVocabulary: 6),
                    ModelConfig(cell: .lstm, inputSize: 6, hiddenSize: 4, layers: 1, outputSize: 6)] {
            let model = try Model(config: cfg, seed: 4)
            let toks = [0, 5, 2, 2, 1, 4, 3]
            var state = model.makeState()
            let stepped = try toks.map { try model.step(tokens: [$0], state: &state) }
            let whole = try model.forward(tokens: [toks])[0]
            XCTAssertLessThanOrEqual(MT.maxDiff([stepped], [whole.map { $0.map(Double.init) }]), 1e-6)
        }
    }

    func testEmptyAndZeroLengthSequences() throws {
        let model = try Model(config: config, seed: 2)
        XCTAssertEqual(try model.forward([[[Float]]]()), [])
        let out = try model.forward([[], [[1, 2, 3]]])
        XCTAssertEqual(out.count, 2)
        XCTAssertEqual(out[0].count, 0)
        XCTAssertEqual(out[1].count, 1)
        // Batch shapes may change the matrix-multiply blocking: equal to rounding, not bitwise.
        XCTAssertLessThanOrEqual(MT.maxDiff([out[1]], [try model.forward([[[1, 2, 3]]])[0].map { $0.map(Double.init) }]), 1e-6)
    }

    // MARK: A state made by another model

    static let childKey = "RECURRENT_MODEL_TESTS_CHILD"

    /// Stepping a model with a state made by a different model (other hidden size or layer
    /// count) must throw, not crash or write past the state's buffers. Run in a child process
    /// because the failure mode is a crash (index out of range) or silent heap corruption.
    func testStateFromAnotherModelIsRefused() throws {
        #if os(Linux)
        let exe = CommandLine.arguments[0]
        guard exe.hasSuffix(".xctest") else { throw XCTSkip("not running from the .xctest runner: \(exe)") }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: exe)
        child.arguments = ["RecurrentTests.ModelStepStateTests/testStateFromAnotherModelChild"]
        var env = ProcessInfo.processInfo.environment
        env[Self.childKey] = "1"
        child.environment = env
        let pipe = Pipe()
        child.standardOutput = pipe
        child.standardError = pipe
        try child.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        let crashed = child.terminationReason == .uncaughtSignal
        let lines = output.split(separator: "\n").filter { $0.contains("error") || $0.contains("Fatal") || $0.contains("CHILD") }
        XCTAssertTrue(child.terminationReason == .exit && child.terminationStatus == 0,
                      "stepping with another model's state \(crashed ? "crashed (signal \(child.terminationStatus))" : "failed (status \(child.terminationStatus))"): \(lines.prefix(4).joined(separator: " | "))")
        #else
        throw XCTSkip("child-process check runs on Linux only")
        #endif
    }

    /// The body of the check above; does nothing unless started as its child.
    func testStateFromAnotherModelChild() throws {
        guard ProcessInfo.processInfo.environment[Self.childKey] == "1" else { return }
        let small = try Model(config: ModelConfig(cell: .lstm, inputSize: 3, hiddenSize: 2, outputSize: 1), seed: 1)
        let wide = try Model(config: ModelConfig(cell: .lstm, inputSize: 3, hiddenSize: 64, outputSize: 1), seed: 1)
        let deep = try Model(config: ModelConfig(cell: .lstm, inputSize: 3, hiddenSize: 2, layers: 3, outputSize: 1), seed: 1)
        for (name, other) in [("wider", wide), ("deeper", deep)] {
            var state = small.makeState()
            print("CHILD stepping a \(name) model with a small model's state")
            XCTAssertThrowsError(try other.step([1, 2, 3], state: &state), "\(name) model accepted a state of another architecture")
        }
    }
}
