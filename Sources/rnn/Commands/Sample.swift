import Foundation
import Recurrent

// rnn sample: generate text from a character model.

let sampleSpec = CommandSpec(
    name: "sample",
    summary: "Generate text from a character model, writing each character as it is drawn.",
    usage: "rnn sample --model M.safetensors [--prime TEXT] [--length N] [--temperature T] [--top-k K] [--seed S]",
    options: [
        .value("model", "PATH", "Character model (trained with --task charlm). Required."),
        .value("prime", "TEXT", "Text to start from (printed first); default: a line break."),
        .value("length", "N", "Characters to generate (default 500)."),
        .value("temperature", "T", "Softmax temperature (default 1; 0 = always the most likely character)."),
        .value("top-k", "K", "Draw only among the K most likely characters."),
        .value("seed", "S", "Random seed (default 0); the same seed gives the same text."),
        .value("threads", "N", "Threads for the matrix multiply (default: all cores)."),
    ])

func runSample(_ o: Options) throws {
    try applyThreads(o)
    let path = try o.required("model")
    let model = try loadModel(path)
    let vocab = try vocabulary(of: model, path: path)
    let length = try o.int("length", default: 500, min: 0)!
    let temperature = try o.double("temperature", default: 1, min: 0)!
    let topK = try o.int("top-k", min: 1)
    let seed = UInt64(try o.int("seed", default: 0, min: 0)!)
    var sampler: CharSampler
    do { sampler = try CharSampler(model: model, vocabulary: vocab, temperature: temperature, topK: topK, seed: seed) } catch {
        throw CommandError("\(path): \(error)")
    }
    let out = try OutputWriter(path: nil)
    if let prime = o.string("prime") {
        let tokens: [Int32]
        do { tokens = try vocab.encode(prime).tokens } catch { throw CommandError("--prime: \(error)") }
        guard !tokens.isEmpty else { throw UsageError("rnn sample: --prime is empty") }
        try sampler.feed(tokens)
        try out.write(prime)
    } else {
        let start = vocab.token("\n") ?? 0
        try sampler.feed([start])
    }
    try out.flush()
    var buffer = ""
    for _ in 0..<length {
        buffer.unicodeScalars.append(try sampler.next())
        try out.write(buffer)
        try out.flush()
        buffer.removeAll(keepingCapacity: true)
    }
    try out.write("\n")
    try out.flush()
}
