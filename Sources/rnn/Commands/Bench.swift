import Foundation
import Recurrent

// rnn bench: time inference, training and streaming on random data.

let benchSpec = CommandSpec(
    name: "bench",
    summary: """
    Benchmark a model shape on random data. infer: one forward pass over B sequences of
    T steps; train: one forward + backward + Adam update; stream: T single steps at batch 1
    through the stepping API. Reports the median and minimum over --repeat runs (after
    warm-up runs), matrix-multiply GFLOP/s and peak resident memory.
    """,
    usage: "rnn bench --cell lstm|gru|rnn_tanh|rnn_relu --mode infer|train|stream --batch B --seq T --input I --hidden H --layers L [--threads N] [--repeat R] [--json]",
    options: [
        .value("cell", "KIND", "lstm, gru, gru_reset_before, rnn_tanh or rnn_relu (default lstm)."),
        .value("mode", "MODE", "infer, train, stream, or matmul (one --size^3 matrix multiply) (default infer)."),
        .value("size", "N", "matmul: the matrices are N x N (default 1024)."),
        .value("batch", "B", "Sequences per batch (default 1; stream always 1)."),
        .value("seq", "T", "Time steps (default 100)."),
        .value("input", "I", "Input size (default 128)."),
        .value("hidden", "H", "Hidden size (default 256)."),
        .value("layers", "L", "Stacked layers (default 1)."),
        .value("threads", "N", "Threads for the matrix multiply (default: all cores)."),
        .value("repeat", "R", "Timed runs (default 10)."),
        .value("warmup", "W", "Untimed runs first (default 2)."),
        .flag("json", "Print one JSON object on one line."),
    ])

enum BenchMode: String, CaseIterable { case infer, train, stream, matmul }

/// Peak resident set size of this process in MiB.
func peakRSSMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024          // kilobytes on Linux
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / (1024 * 1024) // bytes on Darwin
    #endif
}

func runBench(_ o: Options) throws {
    try applyThreads(o)
    let cell: CellKind = try o.choice("cell", default: .lstm)!
    let mode: BenchMode = try o.choice("mode", default: .infer)!
    let B = mode == .stream ? 1 : try o.int("batch", default: 1, min: 1)!
    let T = try o.int("seq", default: 100, min: 1)!
    let I = try o.int("input", default: 128, min: 1)!
    let H = try o.int("hidden", default: 256, min: 1)!
    let L = try o.int("layers", default: 1, min: 1)!
    let repeats = try o.int("repeat", default: 10, min: 1)!
    let warmup = try o.int("warmup", default: 2, min: 0)!

    if mode == .matmul { return try benchMatmul(o, repeats: repeats, warmup: warmup) }
    let model = try Model(config: ModelConfig(cell: cell, inputSize: I, hiddenSize: H, layers: L), seed: 1)
    var rng = SeededGenerator(seed: 2)
    let x = (0..<(B * T * I)).map { _ in rng.nextUnitFloat() * 2 - 1 }
    let batch = try SequenceBatch(lengths: [Int](repeating: T, count: B), featureSize: I, values: x)

    var run: () throws -> Void
    switch mode {
    case .infer:
        run = { _ = try model.forward(batch) }
    case .stream:
        var state = model.makeState()
        var y = [Float](repeating: 0, count: H)
        run = {
            state.reset()
            try x.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { yp in
                    for t in 0..<T {
                        try model.step(UnsafeBufferPointer(rebasing: xp[(t * I)..<((t + 1) * I)]), state: &state, into: yp)
                    }
                }
            }
        }
    case .matmul:
        return
    case .train:
        let targets = (0..<(B * T * H)).map { _ in rng.nextUnitFloat() * 2 - 1 }
        let seqs = (0..<B).map { b in
            LabeledSequence(inputs: Array(x[(b * T * I)..<((b + 1) * T * I)]),
                            targets: Array(targets[(b * T * H)..<((b + 1) * T * H)]),
                            hasTarget: [Bool](repeating: true, count: T))
        }
        let data = SequenceDataset(inputSize: I, target: .regression(width: H), sequences: seqs)
        let trainer = Trainer(model: model, settings: TrainingSettings(loss: .mse, optimizer: OptimizerSettings(kind: .adam, learningRate: 1e-4)))
        let training = try SequenceTraining(trainer: trainer, data: data, plan: SequencePlan(batchSize: B, shuffle: false))
        run = { try training.run(maxSteps: trainer.step + 1, maxEpochs: nil) }
    }

    let (median, fastest, times) = try timeRuns(repeats: repeats, warmup: warmup, run)
    let G = Double(cell.gateCount)
    var flops = 0.0
    for l in 0..<L { flops += 2 * Double(B * T) * G * Double(H) * Double((l == 0 ? I : H) + H) }
    if mode == .train { flops *= 3 }
    var fields: [(String, JSONValue)] = [
        ("cell", .string(cell.rawValue)), ("mode", .string(mode.rawValue)),
        ("batch", .number(Double(B))), ("seq", .number(Double(T))), ("input", .number(Double(I))),
        ("hidden", .number(Double(H))), ("layers", .number(Double(L))),
        ("threads", .number(Double(Kernels.threads))), ("isa", .string(Kernels.instructionSet.rawValue)),
        ("median_s", .number(median)), ("min_s", .number(fastest)),
        ("gflops", .number(flops / median / 1e9)), ("peak_rss_mb", .number((peakRSSMiB() * 10).rounded() / 10)),
        ("repeat", .number(Double(repeats))), ("times_s", .array(times.map { .number($0) })),
    ]
    if mode == .stream { fields.append(("us_per_step", .number(median / Double(T) * 1e6))) }
    let out = try OutputWriter(path: nil)
    if o.flag("json") {
        try out.write(JSONValue.object(fields.map { (key: $0.0, value: $0.1) }).serialized() + "\n")
    } else {
        var s = "\(cell.rawValue) \(mode.rawValue)  B=\(B) T=\(T) I=\(I) H=\(H) L=\(L)  threads \(Kernels.threads)  isa \(Kernels.instructionSet.rawValue)\n"
        s += String(format: "  median %.3f ms  min %.3f ms  %.1f GFLOP/s  peak RSS %.1f MiB", median * 1e3, fastest * 1e3, flops / median / 1e9, peakRSSMiB())
        if mode == .stream { s += String(format: "  %.2f us/step", median / Double(T) * 1e6) }
        try out.write(s + "\n")
    }
    try out.flush()
}

/// Runs `run` `warmup` times untimed, then `repeats` times timed; the median and the
/// fastest of the timed runs, and every timed run in order, in seconds.
func timeRuns(repeats: Int, warmup: Int, _ run: () throws -> Void) throws -> (median: Double, min: Double, times: [Double]) {
    for _ in 0..<warmup { try run() }
    var times: [Double] = []
    for _ in 0..<repeats {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try run()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    let sorted = times.sorted()
    let mid = sorted.count / 2
    return (sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, sorted[0], times)
}

/// Times one N x N x N matrix multiply.
func benchMatmul(_ o: Options, repeats: Int, warmup: Int) throws {
    let n = try o.int("size", default: 1024, min: 1)!
    var rng = SeededGenerator(seed: 3)
    let a = (0..<(n * n)).map { _ in rng.nextUnitFloat() }
    let b = (0..<(n * n)).map { _ in rng.nextUnitFloat() }
    var c = [Float](repeating: 0, count: n * n)
    let (median, fastest, times) = try timeRuns(repeats: repeats, warmup: warmup) {
        try Kernels.multiply(a, b, into: &c, m: n, n: n, k: n)
    }
    let gflops = 2 * pow(Double(n), 3) / median / 1e9
    let out = try OutputWriter(path: nil)
    if o.flag("json") {
        let fields: [(key: String, value: JSONValue)] = [
            ("mode", .string("matmul")), ("size", .number(Double(n))), ("threads", .number(Double(Kernels.threads))),
            ("isa", .string(Kernels.instructionSet.rawValue)), ("median_s", .number(median)), ("min_s", .number(fastest)),
            ("gflops", .number(gflops)), ("peak_rss_mb", .number((peakRSSMiB() * 10).rounded() / 10)), ("repeat", .number(Double(repeats))),
            ("times_s", .array(times.map { .number($0) })),
        ]
        try out.write(JSONValue.object(fields).serialized() + "\n")
    } else {
        try out.write(String(format: "matmul %d x %d x %d  threads %d  isa %@  median %.3f ms  min %.3f ms  %.1f GFLOP/s\n",
                             n, n, n, Kernels.threads, Kernels.instructionSet.rawValue, median * 1e3, fastest * 1e3, gflops))
    }
    try out.flush()
}
