import XCTest
@testable import Recurrent

/// Inference projects a block of steps at a time, just before running them
/// (Model.runStack's gateBlockFloats). Any block size must give the same bits as one
/// block of all the steps: every cell, one and two directions, sequences that end
/// early, and initial states.
final class BlockedForwardTests: XCTestCase {
    func pass(_ model: Model, _ x: Buffer, _ g: BatchGeometry, _ h0: Buffer, _ c0: Buffer,
              block: Int) throws -> (out: [Float], h: [Float], c: [Float]) {
        let p = try model.runStack(.dense(x), geometry: g, h0: h0, c0: c0, recording: false, gateBlockFloats: block)
        let out = (p.head ?? p.layerOutputs[model.config.layers - 1]).array
        let h = p.tapes.flatMap { $0.flatMap { $0.h.array } }
        let c = p.tapes.flatMap { $0.flatMap { $0.c?.array ?? [] } }
        return (out, h, c)
    }

    func testBlockSizesGiveTheSameBits() throws {
        let T = 7, I = 5, H = 6
        for cell in CellKind.allCases {
            for bidirectional in [false, true] {
                let cfg = ModelConfig(cell: cell, inputSize: I, hiddenSize: H, layers: 2,
                                      bidirectional: bidirectional, outputSize: 3)
                let model = try Model(config: cfg, seed: 11)
                for lengths in [[T, T, T], [T, 4, 1]] {
                    let g = BatchGeometry(lengths: lengths)
                    let B = g.rows, D = cfg.directions
                    var rng = SeededGenerator(seed: 5)
                    let x = Buffer(MT.floats(T * B * I, &rng))
                    for r in 0..<(T * B) where g.active[r / B] <= r % B {
                        (x.p + r * I).update(repeating: 0, count: I) // padded rows
                    }
                    let h0 = Buffer(MT.floats(2 * D * B * H, &rng)), c0 = Buffer(MT.floats(2 * D * B * H, &rng))
                    let whole = try pass(model, x, g, h0, c0, block: 1 << 30)
                    let gh = cell.gateCount * H
                    for steps in [1, 2, 3] {
                        let blocked = try pass(model, x, g, h0, c0, block: steps * B * gh)
                        let what = "\(cell) bidirectional=\(bidirectional) lengths=\(lengths) \(steps) steps a block"
                        XCTAssertEqual(blocked.out, whole.out, what)
                        XCTAssertEqual(blocked.h, whole.h, "final h: " + what)
                        XCTAssertEqual(blocked.c, whole.c, "final c: " + what)
                    }
                }
            }
        }
    }
}
