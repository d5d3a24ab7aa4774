import CRecurrent

/// Training losses, with PyTorch's mean reduction over the targets present.
public enum LossKind: String, CaseIterable, Sendable {
    /// Mean squared error over every target number present (`nn.MSELoss()`).
    case mse
    /// Softmax cross-entropy over a class index, mean over the steps with a target
    /// (`nn.CrossEntropyLoss()`).
    case ce
}

/// Targets of one update, time-major in sorted row order: row r = t * B + i.
struct StepTargets {
    /// (T*B, width) values; class indices as floats for ce.
    var values: [Float]
    /// (T*B) whether the row has a target.
    var present: [Bool]
    var width: Int

    var count: Int { present.reduce(0) { $0 + ($1 ? 1 : 0) } }
}

enum Loss {
    /// Loss over the rows with targets (mean as PyTorch) and the gradient of the output,
    /// (T*B, O), written into dOutput. Returns nil when no row has a target.
    static func evaluate(_ kind: LossKind, output y: Buffer, width O: Int, targets: StepTargets,
                         dOutput: Buffer?) throws -> (loss: Double, count: Int)? {
        let rows = targets.present.count
        switch kind {
        case .mse:
            let n = targets.count * O
            if n == 0 { return nil }
            var sum = 0.0
            let scale = Float(2) / Float(n)
            dOutput?.zero()
            for r in 0..<rows where targets.present[r] {
                for j in 0..<O {
                    let d = y.p[r * O + j] - targets.values[r * targets.width + j]
                    sum += Double(d) * Double(d)
                    dOutput?.p[r * O + j] = scale * d
                }
            }
            return (sum / Double(n), n)
        case .ce:
            let n = targets.count
            if n == 0 { return nil }
            var ids = [Int32](repeating: -1, count: rows)
            for r in 0..<rows where targets.present[r] { ids[r] = Int32(targets.values[r * targets.width]) }
            var sum = 0.0
            try check(rnn_softmax_xent(dOutput?.p, &sum, y.p, ids, rows, O, 1 / Float(n)), "softmax_xent")
            return (sum / Double(n), n)
        }
    }
}
