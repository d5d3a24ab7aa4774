import Foundation
import Recurrent

// rnn data: synthetic long-dependency tasks in the training CSV format.

let dataSpec = CommandSpec(
    name: "data",
    summary: """
    Write a synthetic task in the training CSV format. adding: two inputs per step, a
    value in [0, 1] and a marker that is 1 at two random steps (one in each half); the
    target at the last step is the sum of the two marked values (a trivial predictor
    scores MSE about 0.167). copy: the copy-memory task: 8 symbols to remember (one-hot of
    10), a delay, a delimiter, then the symbols as class targets (--classes 9). sine: noisy
    sine waves; the target at each step is the next clean value.
    """,
    usage: "rnn data adding|copy|sine --length T --count N [--seed S] --output FILE.csv",
    options: [
        .value("length", "T", "Steps per sequence (copy: the delay between the symbols and the recall)."),
        .value("count", "N", "Number of sequences."),
        .value("seed", "S", "Random seed (default 0)."),
        .value("output", "PATH", "CSV file to write (default: standard output)."),
    ],
    positionals: 1...1)

enum SyntheticTask: String, CaseIterable { case adding, copy, sine }

/// The synthetic sequences of a task, as CSV text (a comment line, then sequences
/// separated by blank lines).
func syntheticData(_ task: SyntheticTask, length T: Int, count N: Int, seed: UInt64) -> String {
    var rng = SeededGenerator(seed: seed)
    var s = ""
    func f(_ x: Double) -> String { String(format: "%.6f", x) }
    switch task {
    case .adding:
        s += "# adding problem: value, marker; target (sum of the two marked values) at the last step; T=\(T)\n"
        for _ in 0..<N {
            let half = T / 2
            let a = Int(rng.next() % UInt64(max(half, 1)))
            let b = half + Int(rng.next() % UInt64(max(T - half, 1)))
            var values: [Double] = []
            for _ in 0..<T { values.append(rng.nextUnitDouble()) }
            let target = values[a] + values[b]
            for t in 0..<T {
                s += f(values[t]) + ", " + (t == a || t == b ? "1" : "0")
                if t == T - 1 { s += ", " + f(target) }
                s += "\n"
            }
            s += "\n"
        }
    case .copy:
        let k = 8
        s += "# copy memory: one-hot of 10 (0 blank, 1-8 symbols, 9 delimiter); recall the \(k) symbols after a delay of \(T); class targets 1-8 at the last \(k) steps\n"
        for _ in 0..<N {
            let symbols = (0..<k).map { _ in 1 + Int(rng.next() % 8) }
            var inputs: [Int] = symbols
            inputs += [Int](repeating: 0, count: max(T - 1, 0))
            inputs.append(9)
            inputs += [Int](repeating: 0, count: k)
            let recallStart = inputs.count - k
            for (t, x) in inputs.enumerated() {
                s += (0..<10).map { $0 == x ? "1" : "0" }.joined(separator: ", ")
                if t >= recallStart { s += ", \(symbols[t - recallStart])" }
                s += "\n"
            }
            s += "\n"
        }
    case .sine:
        s += "# noisy sine: input x_t = sin(w t + p) + noise; target: the next clean value\n"
        for _ in 0..<N {
            let w = 0.05 + 0.25 * rng.nextUnitDouble()
            let p = 2 * Double.pi * rng.nextUnitDouble()
            for t in 0..<T {
                let clean = sin(w * Double(t) + p)
                let noisy = clean + 0.1 * rng.nextNormal()
                s += f(noisy) + ", " + f(sin(w * Double(t + 1) + p)) + "\n"
            }
            s += "\n"
        }
    }
    return s
}

func runData(_ o: Options) throws {
    guard let task = SyntheticTask(rawValue: o.positionals[0]) else {
        throw UsageError("rnn data: '\(o.positionals[0])' is not one of adding, copy, sine")
    }
    let T = try o.int("length", min: 2)
    let N = try o.int("count", min: 1)
    guard let T, let N else { throw UsageError("rnn data: --length and --count are required") }
    let text = syntheticData(task, length: T, count: N, seed: UInt64(try o.int("seed", default: 0, min: 0)!))
    if let path = o.string("output"), path != "-" {
        do { try AtomicFile.write(Array(text.utf8), to: path) } catch { throw CommandError("\(error)") }
    } else {
        let out = try OutputWriter(path: nil)
        try out.write(text)
        try out.flush()
    }
}
