import AllocationCounter
import XCTest
@testable import Recurrent

/// The stepping API's promise: `step(_:state:into:)` and `step(tokens:state:into:)`
/// allocate nothing per step, for every cell, batch, size and thread count. Counted by
/// the AllocationCounter target, which stands in for malloc and its relatives in this
/// test process (C kernels, Swift runtime and Foundation alike).
final class StepAllocationTests: XCTestCase {
    private var savedThreads = 0

    override func setUpWithError() throws {
        savedThreads = Kernels.threads
        #if !os(Linux)
        throw XCTSkip("allocations are counted on Linux only (an interposed malloc)")
        #endif
    }

    override func tearDown() { Kernels.threads = savedThreads }

    /// The counter must see an allocation made through the Swift runtime's shared
    /// library, or the zero counts below would prove nothing.
    func testCounterSeesAllocations() {
        alloc_counter_start()
        let a = [Float](repeating: 1, count: 4096 + Int.random(in: 0..<2))
        let b = NSMutableArray(array: [1, 2, 3])
        let n = alloc_counter_stop()
        XCTAssertEqual(a.count > 0 && b.count == 3, true)
        XCTAssertGreaterThanOrEqual(n, 2, "the interposed malloc is not the one the process calls")
    }

    /// Counts the allocations of `steps` calls of `body` after `warm` uncounted ones.
    private func allocations(warm: Int = 3, steps: Int = 40, _ body: () throws -> Void) rethrows -> Int {
        for _ in 0..<warm { try body() }
        alloc_counter_start()
        for _ in 0..<steps { try body() }
        return alloc_counter_stop()
    }

    func testPointerStepAllocatesNothing() throws {
        for threads in [1, 2] {
            Kernels.threads = threads
            for cell in CellKind.allCases {
                for (input, hidden) in [(5, 16), (64, 256)] {
                    for batch in [1, 3] {
                        let model = try Model(config: ModelConfig(cell: cell, inputSize: input, hiddenSize: hidden,
                                                                  layers: 2, outputSize: 3), seed: 7)
                        var state = model.makeState(batch: batch)
                        var rng = SeededGenerator(seed: 1)
                        let x = MT.floats(batch * input, &rng)
                        var y = [Float](repeating: 0, count: batch * 3)
                        let n = try x.withUnsafeBufferPointer { xp in
                            try y.withUnsafeMutableBufferPointer { yp in
                                try allocations { try model.step(xp, state: &state, into: yp) }
                            }
                        }
                        let what = "\(cell) I=\(input) H=\(hidden) batch \(batch), \(threads) threads"
                        XCTAssertEqual(n, 0, "\(n) allocations in 40 steps: \(what)")
                        XCTAssertTrue(y.allSatisfy(\.isFinite) && y.contains { $0 != 0 }, what)
                    }
                }
            }
        }
    }

    func testTokenStepAllocatesNothing() throws {
        for threads in [1, 2] {
            Kernels.threads = threads
            for cell in CellKind.allCases {
                // One-hot inputs (no embedding) and embedding rows.
                for embedding in [nil, 40] as [Int?] {
                    let config = ModelConfig(cell: cell, inputSize: embedding == nil ? 40 : 24, hiddenSize: 128,
                                             layers: 2, outputSize: 40, embeddingVocabulary: embedding)
                    let model = try Model(config: config, seed: 5)
                    var state = model.makeState(batch: 2)
                    let tokens = [3, 17]
                    var y = [Float](repeating: 0, count: 2 * 40)
                    let n = try y.withUnsafeMutableBufferPointer { yp in
                        try allocations { try model.step(tokens: tokens, state: &state, into: yp) }
                    }
                    let what = "\(cell) embedding \(embedding.map(String.init) ?? "none"), \(threads) threads"
                    XCTAssertEqual(n, 0, "\(n) allocations in 40 steps: \(what)")
                    XCTAssertTrue(y.allSatisfy(\.isFinite) && y.contains { $0 != 0 }, what)
                }
            }
        }
    }

    /// The array version allocates its result and nothing else.
    func testArrayStepAllocatesOnlyItsResult() throws {
        Kernels.threads = 2
        for cell in CellKind.allCases {
            let model = try Model(config: ModelConfig(cell: cell, inputSize: 8, hiddenSize: 64, layers: 2, outputSize: 3), seed: 2)
            var state = model.makeState()
            let x = [Float](repeating: 0.25, count: 8)
            var sink: Float = 0
            let n = try allocations { sink += try model.step(x, state: &state)[0] }
            XCTAssertLessThanOrEqual(n, 40, "\(n) allocations in 40 steps: \(cell)")
            XCTAssertTrue(sink.isFinite)
        }
    }
}
