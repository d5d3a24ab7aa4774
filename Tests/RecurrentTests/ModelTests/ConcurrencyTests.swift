import Foundation
import XCTest
@testable import Recurrent

/// One model shared by several threads, each with its own state, gives exactly the
/// serial results.
final class ModelConcurrencyTests: XCTestCase {
    /// Thread-safe slots for per-thread results.
    final class Results<T>: @unchecked Sendable {
        private var items: [T?]
        private let lock = NSLock()
        init(_ n: Int) { items = [T?](repeating: nil, count: n) }
        func set(_ i: Int, _ v: T) { lock.lock(); items[i] = v; lock.unlock() }
        var all: [T?] { lock.lock(); defer { lock.unlock() }; return items }
    }

    func streams(_ n: Int, steps: Int, width: Int) -> [[[Float]]] {
        (0..<n).map { s in
            var rng = SeededGenerator(seed: 100 + UInt64(s))
            return (0..<steps).map { _ in MT.floats(width, &rng) }
        }
    }

    func stepAll(_ model: Model, _ xs: [[Float]]) throws -> [[Float]] {
        var state = model.makeState()
        return try xs.map { try model.step($0, state: &state) }
    }

    func checkSteppedConcurrently(_ model: Model, steps: Int, label: String) throws {
        let inputs = streams(4, steps: steps, width: model.config.inputSize)
        let serial = try inputs.map { try stepAll(model, $0) }
        // Different streams give different outputs (so a mix-up of states would show).
        XCTAssertNotEqual(serial[0].last, serial[1].last)
        let before = model.parameters
        for round in 0..<3 {
            let results = Results<[[Float]]>(4)
            let errors = Results<String>(4)
            DispatchQueue.concurrentPerform(iterations: 4) { i in
                do { results.set(i, try stepAll(model, inputs[i])) } catch { errors.set(i, "\(error)") }
            }
            XCTAssertEqual(errors.all.compactMap { $0 }, [], label)
            for i in 0..<4 {
                let got = try XCTUnwrap(results.all[i], "\(label) round \(round) thread \(i)")
                XCTAssertEqual(got.count, steps)
                let same = zip(got, serial[i]).allSatisfy { MT.bitwiseEqual($0, $1) }
                XCTAssertTrue(same, "\(label) round \(round): thread \(i) differs from its serial run")
            }
        }
        XCTAssertTrue(MT.bitwiseEqual(model.parameters, before), "running a model changed it")
    }

    func testLoadedFixtureSteppedFromFourThreads() throws {
        let path = try MT.fixtures().appendingPathComponent("infer/lstm_2layer/model.safetensors").path
        let model = try Model(contentsOf: path)
        try checkSteppedConcurrently(model, steps: 50, label: "lstm_2layer")
    }

    /// Large enough that each recurrent matrix-vector product uses the kernels' thread pool,
    /// so concurrent callers also contend for it.
    func testLargeLoadedModelSteppedFromFourThreads() throws {
        let folder = try MT.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (cell, hidden) in [(CellKind.lstm, 192), (.gru, 224)] {
            let built = try Model(config: ModelConfig(cell: cell, inputSize: 8, hiddenSize: hidden, layers: 2, outputSize: 4), seed: 1)
            try built.save(to: folder + "/m.safetensors")
            let model = try Model(contentsOf: folder + "/m.safetensors")
            try checkSteppedConcurrently(model, steps: 12, label: "\(cell) H=\(hidden)")
        }
    }

    /// Whole-batch forward from several threads at once.
    func testForwardFromFourThreads() throws {
        let model = try Model(config: ModelConfig(cell: .gru, inputSize: 3, hiddenSize: 16, layers: 2, bidirectional: true, outputSize: 2), seed: 3)
        let batches = (0..<4).map { i -> [[[Float]]] in
            var rng = SeededGenerator(seed: 7 + UInt64(i))
            return MT.sequences([5 + i, 3, 9 - i], width: 3, &rng)
        }
        let serial = try batches.map { try model.forward($0) }
        let results = Results<[[[Float]]]>(4)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            if let y = try? model.forward(batches[i]) { results.set(i, y) }
        }
        for i in 0..<4 {
            let got = try XCTUnwrap(results.all[i], "thread \(i) threw")
            XCTAssertEqual(got, serial[i], "thread \(i)")
        }
    }
}
