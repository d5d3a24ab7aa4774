import Foundation

/// What a training target is.
public enum TargetKind: Equatable, Sendable {
    /// Regression targets of `width` numbers per step (mean squared error).
    case regression(width: Int)
    /// A class index in 0 ..< count per step (cross-entropy).
    case classes(count: Int)

    /// Numbers stored per step for this kind.
    var width: Int {
        switch self {
        case .regression(let w): return w
        case .classes: return 1
        }
    }
}

/// One training sequence: its inputs at every step and targets at some steps.
public struct LabeledSequence: Equatable, Sendable {
    /// (steps, inputSize) row-major.
    public var inputs: [Float]
    /// (steps, targetWidth) row-major; entries of steps without a target are 0.
    public var targets: [Float]
    /// Whether step t has a target.
    public var hasTarget: [Bool]
    /// Number of time steps.
    public var count: Int { hasTarget.count }

    /// Creates a sequence; `targets` has one row of the target width per step.
    public init(inputs: [Float], targets: [Float], hasTarget: [Bool]) {
        self.inputs = inputs
        self.targets = targets
        self.hasTarget = hasTarget
    }
}

/// Sequences read from the training CSV format: one time step per line, the first
/// `inputSize` numbers are the inputs and any further numbers that step's targets
/// (`mse`: the output size of numbers; `ce`: one integer class index). A line with only
/// the inputs has no target. A blank line ends a sequence; lines starting with `#` are comments.
public struct SequenceDataset: Sendable {
    /// Features per step.
    public let inputSize: Int
    /// The targets' kind.
    public let target: TargetKind
    /// The sequences in file order.
    public var sequences: [LabeledSequence]

    /// Creates a dataset from sequences.
    public init(inputSize: Int, target: TargetKind, sequences: [LabeledSequence]) {
        self.inputSize = inputSize
        self.target = target
        self.sequences = sequences
    }

    /// Reads and validates a whole CSV file. Every problem is one line naming the file,
    /// the line number and what is wrong; nothing is returned unless the whole file is good.
    public init(contentsOf path: String, inputSize: Int, target: TargetKind) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                throw RecurrentError.invalidModel("\(path): is a folder, not a data file")
            }
            throw RecurrentError.invalidModel("\(path): cannot read the file (missing or unreadable)")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), fileName: path, inputSize: inputSize, target: target)
    }

    /// Parses CSV text; see ``init(contentsOf:inputSize:target:)``.
    public init(text: String, fileName: String, inputSize: Int, target: TargetKind) throws {
        self.inputSize = inputSize
        self.target = target
        var sequences: [LabeledSequence] = []
        var current = LabeledSequence(inputs: [], targets: [], hasTarget: [])
        let tw = target.width
        var lineNumber = 0
        func fail(_ m: String) -> RecurrentError { .shape("\(fileName): line \(lineNumber): \(m)") }
        func finish() {
            if current.count > 0 { sequences.append(current) }
            current = LabeledSequence(inputs: [], targets: [], hasTarget: [])
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.hasPrefix("#") { continue }
            if trimmed.allSatisfy({ $0 == " " || $0 == "\t" }) { finish(); continue }
            let values: [Double]
            do { values = try parseNumberLine(trimmed) } catch { throw fail("\(error)") }
            let n = values.count
            guard n == inputSize || n == inputSize + tw else {
                throw fail("expected \(inputSize) inputs, or \(inputSize) inputs and \(tw) target\(tw == 1 ? "" : "s"), found \(n) numbers")
            }
            current.inputs += values[0..<inputSize].map { Float($0) }
            if n == inputSize {
                current.hasTarget.append(false)
                current.targets += [Float](repeating: 0, count: tw)
            } else {
                if case .classes(let count) = target {
                    let v = values[inputSize]
                    guard v == v.rounded(), v >= 0, v < Double(count) else {
                        throw fail("class index \(values[inputSize]) is not a whole number in 0..<\(count)")
                    }
                }
                current.hasTarget.append(true)
                current.targets += values[inputSize...].map { Float($0) }
            }
        }
        finish()
        guard !sequences.isEmpty else {
            throw RecurrentError.shape("\(fileName): no sequences (the file has no data lines)")
        }
        self.sequences = sequences
    }

    /// Total time steps over all sequences.
    public var totalSteps: Int { sequences.reduce(0) { $0 + $1.count } }
}

/// Splits one data line into numbers separated by commas and/or white space, each a
/// finite value that fits a 32-bit float. The error names the token (callers add the
/// file and line).
public func parseNumberLine(_ line: Substring) throws -> [Double] {
    var out: [Double] = []
    for token in line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
        let field = out.count + 1
        guard let v = Double(token) else { throw RecurrentError.shape("'\(token)' is not a number") }
        guard v.isFinite else { throw RecurrentError.shape("value \(field) is not finite (\(token))") }
        guard Float(v).isFinite else { throw RecurrentError.shape("value \(field) is outside the 32-bit float range (\(token))") }
        out.append(v)
    }
    return out
}
