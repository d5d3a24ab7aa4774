import Foundation
import XCTest
@testable import Recurrent

// A plain double-precision reference of the forward pass and the losses, written from
// the PyTorch equations and used only by the tests. It runs every sequence on its own
// (so padding and per-sequence reversal are trivially right) and reads its parameters
// from a flat [Double] in the library's ParameterLayout, so a finite difference on
// element i is a finite difference on the library's parameter i.

/// The first layer's input of the reference.
enum RefInput {
    /// Dense steps: [sequence][step][feature].
    case dense([[[Double]]])
    /// Token ids: embedding rows when the model has one, else one-hot vectors.
    case tokens([[Int]])
}

/// A target of one step for the reference loss.
enum RefTarget {
    case values([Double])
    case index(Int)
}

struct RefNet {
    let config: ModelConfig
    let layout: ParameterLayout

    init(_ config: ModelConfig) {
        self.config = config
        self.layout = ParameterLayout(config)
    }

    /// Smallest |pre-activation| of any ReLU seen by the last `forward` (ReLU models only).
    final class Stats {
        var minReluPreactivation = Double.infinity
        var reluPositive = 0
        var reluTotal = 0
        /// Per (layer, direction): whether some step had both a positive unit in h_prev and an
        /// active (positive) unit after it (else, for ReLU, W_hh gets no gradient at all).
        var liveRecurrence = Set<Int>()
    }

    @inline(__always) static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// y = W[rowStart ..< rowStart+rows, :] x (+ b[rowStart ...]) for a row-major (R, cols) W at `w`.
    @inline(__always)
    func matvec(_ p: [Double], _ w: Int, cols: Int, rowStart: Int, rows: Int, _ x: [Double], bias: Int?) -> [Double] {
        var y = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            var s = 0.0
            let o = w + (rowStart + r) * cols
            for k in 0..<cols { s += p[o + k] * x[k] }
            if let b = bias { s += p[b + rowStart + r] }
            y[r] = s
        }
        return y
    }

    /// One cell step. Returns (h', c').
    func cellStep(_ p: [Double], _ s: DirectionSlots, inSize: Int, x: [Double], h: [Double], c: [Double],
                  stats: Stats?) -> ([Double], [Double]) {
        let H = config.hiddenSize
        let G = config.cell.gateCount
        let gi = matvec(p, s.weightIH, cols: inSize, rowStart: 0, rows: G * H, x, bias: s.biasIH)
        switch config.cell {
        case .lstm:
            let gh = matvec(p, s.weightHH, cols: H, rowStart: 0, rows: 4 * H, h, bias: s.biasHH)
            var h2 = [Double](repeating: 0, count: H), c2 = [Double](repeating: 0, count: H)
            for j in 0..<H {
                let i = Self.sigmoid(gi[j] + gh[j])
                let f = Self.sigmoid(gi[H + j] + gh[H + j])
                let g = tanh(gi[2 * H + j] + gh[2 * H + j])
                let o = Self.sigmoid(gi[3 * H + j] + gh[3 * H + j])
                c2[j] = f * c[j] + i * g
                h2[j] = o * tanh(c2[j])
            }
            return (h2, c2)
        case .gru:
            let gh = matvec(p, s.weightHH, cols: H, rowStart: 0, rows: 3 * H, h, bias: s.biasHH)
            var h2 = [Double](repeating: 0, count: H)
            for j in 0..<H {
                let r = Self.sigmoid(gi[j] + gh[j])
                let z = Self.sigmoid(gi[H + j] + gh[H + j])
                let n = tanh(gi[2 * H + j] + r * gh[2 * H + j])
                h2[j] = (1 - z) * n + z * h[j]
            }
            return (h2, c)
        case .gruResetBefore:
            let ghrz = matvec(p, s.weightHH, cols: H, rowStart: 0, rows: 2 * H, h, bias: s.biasHH)
            var r = [Double](repeating: 0, count: H), z = [Double](repeating: 0, count: H)
            var rh = [Double](repeating: 0, count: H)
            for j in 0..<H {
                r[j] = Self.sigmoid(gi[j] + ghrz[j])
                z[j] = Self.sigmoid(gi[H + j] + ghrz[H + j])
                rh[j] = r[j] * h[j]
            }
            let ghn = matvec(p, s.weightHH, cols: H, rowStart: 2 * H, rows: H, rh, bias: s.biasHH)
            var h2 = [Double](repeating: 0, count: H)
            for j in 0..<H {
                let n = tanh(gi[2 * H + j] + ghn[j])
                h2[j] = (1 - z[j]) * n + z[j] * h[j]
            }
            return (h2, c)
        case .rnnTanh, .rnnRelu:
            let gh = matvec(p, s.weightHH, cols: H, rowStart: 0, rows: H, h, bias: s.biasHH)
            var h2 = [Double](repeating: 0, count: H)
            for j in 0..<H {
                let a = gi[j] + gh[j]
                if config.cell == .rnnTanh {
                    h2[j] = tanh(a)
                } else {
                    if let stats {
                        stats.minReluPreactivation = min(stats.minReluPreactivation, abs(a))
                        stats.reluTotal += 1
                        if a > 0 { stats.reluPositive += 1 }
                    }
                    h2[j] = max(a, 0)
                }
            }
            return (h2, c)
        }
    }

    /// Outputs of every step of every sequence (head output, or last layer [fwd, bwd]).
    /// `initial`: h0 and c0 of every layer and direction, flat (L*D, sequences, H), or
    /// nil for zeros.
    func forward(_ p: [Double], _ input: RefInput, stats: Stats? = nil,
                 initial: (h: [Double], c: [Double])? = nil) -> [[[Double]]] {
        let H = config.hiddenSize, D = config.directions
        var firstInputs: [[[Double]]]
        switch input {
        case .dense(let x):
            firstInputs = x
        case .tokens(let toks):
            firstInputs = toks.map { seq in
                seq.map { tok -> [Double] in
                    let E = config.inputSize
                    if let e = layout.embedding {
                        return Array(p[(e + tok * E)..<(e + tok * E + E)])
                    }
                    var v = [Double](repeating: 0, count: E)
                    v[tok] = 1
                    return v
                }
            }
        }
        let N = firstInputs.count
        return firstInputs.enumerated().map { b, seq -> [[Double]] in
            let T = seq.count
            var xs = seq
            for l in 0..<config.layers {
                let inSize = config.layerInputSize(l)
                var outs = [[Double]](repeating: [Double](repeating: 0, count: D * H), count: T)
                for d in 0..<D {
                    let slots = layout.directions[l][d]
                    var h = [Double](repeating: 0, count: H), c = [Double](repeating: 0, count: H)
                    if let initial {
                        let k = ((l * D + d) * N + b) * H
                        h = Array(initial.h[k..<(k + H)])
                        c = Array(initial.c[k..<(k + H)])
                    }
                    let times: [Int] = d == 0 ? Array(0..<T) : Array((0..<T).reversed())
                    for t in times {
                        let prevLive = h.contains { $0 > 0 }
                        (h, c) = cellStep(p, slots, inSize: inSize, x: xs[t], h: h, c: c, stats: stats)
                        if let stats, prevLive, h.contains(where: { $0 > 0 }) { stats.liveRecurrence.insert(l * D + d) }
                        for j in 0..<H { outs[t][d * H + j] = h[j] }
                    }
                }
                xs = outs
            }
            if let hw = layout.headWeight, let hb = layout.headBias, let O = config.outputSize {
                return xs.map { matvec(p, hw, cols: D * H, rowStart: 0, rows: O, $0, bias: hb) }
            }
            return xs
        }
    }

    /// PyTorch mean losses over the targets present. mse: mean over every target number;
    /// ce: mean over steps with a target of -log softmax(y)[target].
    static func loss(_ kind: LossKind, outputs: [[[Double]]], targets: [[RefTarget?]]) -> Double {
        var sum = 0.0, n = 0
        for (b, seq) in outputs.enumerated() {
            for (t, y) in seq.enumerated() {
                guard let target = targets[b][t] else { continue }
                switch (kind, target) {
                case (.mse, .values(let v)):
                    for j in 0..<y.count {
                        sum += (y[j] - v[j]) * (y[j] - v[j])
                        n += 1
                    }
                case (.ce, .index(let k)):
                    let m = y.max()!
                    let lse = m + log(y.reduce(0) { $0 + exp($1 - m) })
                    sum += lse - y[k]
                    n += 1
                default:
                    fatalError("target kind does not fit the loss")
                }
            }
        }
        return sum / Double(n)
    }
}

// MARK: - Shared test helpers (prefixed so they cannot clash with other test folders)

enum MT {
    /// Deterministic pseudo-random floats for test inputs.
    static func floats(_ n: Int, _ rng: inout SeededGenerator, scale: Float = 1) -> [Float] {
        (0..<n).map { _ in (rng.nextUnitFloat() * 2 - 1) * scale }
    }

    /// Sequences of steps of `width` random floats, with the given lengths.
    static func sequences(_ lengths: [Int], width: Int, _ rng: inout SeededGenerator, scale: Float = 1) -> [[[Float]]] {
        lengths.map { n in (0..<n).map { _ in floats(width, &rng, scale: scale) } }
    }

    static func toDouble(_ x: [[[Float]]]) -> [[[Double]]] { x.map { $0.map { $0.map(Double.init) } } }

    /// max |a - b| over nested outputs; fails when the shapes differ.
    static func maxDiff(_ a: [[[Float]]], _ b: [[[Double]]], file: StaticString = #filePath, line: UInt = #line) -> Double {
        XCTAssertEqual(a.count, b.count, "sequence count", file: file, line: line)
        var m = 0.0
        for (sa, sb) in zip(a, b) {
            XCTAssertEqual(sa.count, sb.count, "steps", file: file, line: line)
            for (ya, yb) in zip(sa, sb) {
                XCTAssertEqual(ya.count, yb.count, "width", file: file, line: line)
                for (u, v) in zip(ya, yb) { m = max(m, abs(Double(u) - v)) }
            }
        }
        return m
    }

    /// A fresh temporary folder.
    static func tempFolder() throws -> String {
        let path = NSTemporaryDirectory() + "/recurrent-model-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The bundled fixtures folder.
    static func fixtures() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil), "Fixtures resource missing")
    }

    /// Parses the fixture CSV formats: `#` lines are comments, a blank line ends a
    /// sequence, values separated by commas (and spaces). Returns [sequence][step][value].
    static func parseCSV(_ text: String) -> [[[Double]]] {
        var seqs: [[[Double]]] = []
        var cur: [[Double]] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            if line.isEmpty {
                if !cur.isEmpty { seqs.append(cur); cur = [] }
                continue
            }
            cur.append(line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces))! })
        }
        if !cur.isEmpty { seqs.append(cur) }
        return seqs
    }

    /// A training sequence from steps and per-step optional targets.
    static func labeled(_ steps: [[Float]], _ targets: [[Float]?], width: Int) -> LabeledSequence {
        LabeledSequence(inputs: steps.flatMap { $0 },
                        targets: targets.flatMap { $0 ?? [Float](repeating: 0, count: width) },
                        hasTarget: targets.map { $0 != nil })
    }

    /// Bitwise equality of two float arrays.
    static func bitwiseEqual(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
}
