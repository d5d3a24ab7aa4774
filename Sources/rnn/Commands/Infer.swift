import Recurrent

// rnn infer: run a model over sequences read one time step per line.

let inferSpec = CommandSpec(
    name: "infer",
    summary: """
    Run a model over sequences, one time step per line: input_size numbers separated by
    commas and/or spaces. A blank line ends a sequence (the state resets to zero); lines
    starting with '#' are ignored. Prints one line per step with the model output (the
    head's output, or the last layer's hidden state), and a blank line at each sequence end.
    Unidirectional models stream: each output line is flushed before the next line is read.
    """,
    usage: "rnn infer --model M.safetensors [--input PATH] [--output PATH] [--last] [--threads N]",
    options: [
        .value("model", "PATH", "Model file (safetensors). Required."),
        .value("input", "PATH", "Input file (default: standard input)."),
        .value("output", "PATH", "Output file (default: standard output)."),
        .flag("last", "Print only the output at each sequence's final step (many-to-one)."),
        .value("threads", "N", "Threads for the matrix multiply (default: all cores)."),
    ])

func runInfer(_ o: Options) throws {
    let modelPath = try o.required("model")
    try applyThreads(o)
    let model = try loadModel(modelPath)
    if model.config.embeddingVocabulary != nil {
        throw CommandError("\(modelPath): this model reads token ids (a character model): use 'rnn sample' or 'rnn eval'")
    }
    let reader = try LineReader(path: o.string("input"))
    if let i = o.string("input"), let out = o.string("output"), sameFile(i, out) {
        throw UsageError("rnn infer: --output \(out) is the input file: writing it would destroy the input")
    }
    let writer = try OutputWriter(path: o.string("output"))
    let inputName = o.string("input") ?? "standard input"
    let lastOnly = o.flag("last")
    let I = model.config.inputSize
    let O = model.config.outputWidth
    // Flush per line when a person or a pipe is on the other side.
    let live = !reader.isRegularFile

    var pending: [[Float]] = []      // bidirectional: the current sequence
    var state = model.makeState()
    var x = [Float](repeating: 0, count: I)
    var y = [Float](repeating: 0, count: O)
    var stepsInSequence = 0

    func emit(_ row: [Float]) throws {
        try row.withUnsafeBufferPointer { try writer.write(formatRow($0) + "\n") }
    }

    func endSequence() throws {
        if model.config.bidirectional {
            if !pending.isEmpty {
                let out = try model.forward([pending])[0]
                if lastOnly { try emit(out[out.count - 1]) } else { for row in out { try emit(row) } }
            }
            pending.removeAll(keepingCapacity: true)
        } else {
            if lastOnly && stepsInSequence > 0 { try emit(y) }
            state.reset()
        }
        stepsInSequence = 0
    }

    while let line = reader.next() {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix("#") { continue }
        if trimmed.isEmpty {
            try endSequence()
            if !lastOnly { try writer.write("\n") }
            if live { try writer.flush() }
            continue
        }
        let values: [Double]
        do { values = try parseNumberLine(trimmed) } catch {
            try writer.flush()
            throw CommandError("\(inputName): line \(reader.lineNumber): \(error)")
        }
        guard values.count == I else {
            try writer.flush()
            throw CommandError("\(inputName): line \(reader.lineNumber): expected \(I) numbers, found \(values.count)")
        }
        stepsInSequence += 1
        if model.config.bidirectional {
            pending.append(values.map { Float($0) })
            continue
        }
        for i in 0..<I { x[i] = Float(values[i]) }
        try x.withUnsafeBufferPointer { xp in
            try y.withUnsafeMutableBufferPointer { yp in try model.step(xp, state: &state, into: yp) }
        }
        if !lastOnly {
            try emit(y)
            if live { try writer.flush() }
        }
    }
    // End of input also ends the sequence in progress.
    let unfinished = stepsInSequence > 0
    try endSequence()
    if unfinished && !lastOnly { try writer.write("\n") }
    try writer.flush()
}
