import Foundation
import Recurrent

// rnn train --task charlm: a character-level language model on a text file (or the
// bundled corpus), trained on contiguous streams with truncated BPTT.

let charlmOptions: [OptionSpec] = [
    .value("seq-len", "T", "charlm: time steps per update (default 100)."),
    .value("embed", "E", "charlm: learned embedding of size E instead of one-hot input."),
    .value("val-fraction", "F", "charlm: fraction at the end of the text held out (default 0.05)."),
    .value("sample", "N", "charlm: print N sampled characters after training (default 300 on the bundled corpus, else 0)."),
]
let charlmOnlyOptions = ["seq-len", "embed", "val-fraction", "sample"]

/// Reads a UTF-8 text file, one clear line on failure.
func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandError("\(path): cannot read the file (missing or unreadable)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw CommandError("\(path): the file is not valid UTF-8 text")
    }
    return text
}

/// The vocabulary stored in a character model, or an error naming the file.
func vocabulary(of model: Model, path: String) throws -> Vocabulary {
    guard let json = model.metadata["vocab"] else {
        throw CommandError("\(path): not a character model (metadata 'vocab' is missing)")
    }
    do { return try Vocabulary(json: json) } catch { throw CommandError("\(path): \(error)") }
}

func runCharTrain(_ o: Options) throws {
    for opt in ["bptt", "val", "no-shuffle", "input-size", "output-size", "classes", "bidirectional"] where o.has(opt) {
        throw UsageError("rnn train: --\(opt) does not apply to --task charlm")
    }
    if let l = o.string("loss"), l != "ce" { throw UsageError("rnn train: --task charlm trains with --loss ce") }
    let bundled = o.string("data") == nil
    let savePath = o.string("save") ?? "charlm.safetensors"
    let text = try o.string("data").map(readText) ?? bundledCorpus
    var steps = try o.int("steps", min: 1)
    var epochs = try o.int("epochs", min: 1)
    if steps == nil && epochs == nil {
        // The bundled default run: 600 updates (about 20 epochs of Macbeth) of a 2-layer
        // LSTM with 256 units, about two minutes on two cores; otherwise one epoch.
        if bundled { steps = 600 } else { epochs = 1 }
    }
    let every = try o.int("checkpoint-every", min: 1)
    let sampleLength = try o.int("sample", default: bundled ? 300 : 0, min: 0)!
    let run: CharTraining

    if let resumePath = o.string("resume") {
        if o.has("init") { throw UsageError("rnn train: --resume and --init cannot be combined") }
        for opt in modelOptions.map(\.name) + ["embed", "seq-len", "batch-size", "val-fraction"] where o.has(opt) {
            throw UsageError("rnn train: --\(opt) cannot be combined with --resume (the checkpoint fixes it)")
        }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile.read(path: resumePath) } catch { throw CommandError("\(error)") }
        let model: Model
        do { model = try Model(file: file) } catch { throw CommandError("\(error)") }
        let vocab = try vocabulary(of: model, path: resumePath)
        let tokens: [Int32]
        do { tokens = try vocab.encode(text).tokens } catch { throw CommandError("\(o.string("data") ?? "bundled corpus"): \(error)") }
        do { run = try CharTraining.resume(from: file, tokens: tokens) } catch { throw CommandError("\(error)") }
    } else {
        let vocab: Vocabulary
        let model: Model
        if let initPath = o.string("init") {
            model = try makeModel(o, inputSize: nil, outputSize: nil)
            vocab = try vocabulary(of: model, path: initPath)
            if o.has("embed") { throw UsageError("rnn train: --embed applies to new models only, not with --init") }
        } else {
            vocab = Vocabulary(text: text)
            let embed = try o.int("embed", min: 1)
            model = try makeModel(o, inputSize: embed ?? vocab.count, outputSize: vocab.count,
                                  embedding: embed == nil ? nil : vocab.count, defaultHidden: 256, defaultLayers: 2)
            model.metadata["vocab"] = vocab.json
            model.metadata["task"] = "charlm"
        }
        guard model.config.outputWidth == vocab.count, !model.config.bidirectional else {
            throw CommandError("\(o.string("init")!): not a usable character model (outputs \(model.config.outputWidth), vocabulary \(vocab.count))")
        }
        let tokens: [Int32]
        do { tokens = try vocab.encode(text).tokens } catch { throw CommandError("\(o.string("data") ?? "bundled corpus"): \(error)") }
        let plan = CharPlan(batchSize: try o.int("batch-size", default: 32, min: 1)!,
                            seqLen: try o.int("seq-len", default: 100, min: 1)!,
                            valFraction: try o.double("val-fraction", default: 0.05, min: 0, max: 0.5)!)
        var settings = try trainingSettings(o, loss: .ce)
        if !o.has("lr") && settings.optimizer.kind == .adam { settings.optimizer.learningRate = 0.002 }
        let trainer = Trainer(model: model, settings: settings)
        do { run = try CharTraining(trainer: trainer, tokens: tokens, vocabulary: vocab, plan: plan) } catch {
            throw CommandError("\(o.string("data") ?? "bundled corpus"): \(error)")
        }
    }

    let c = run.trainer.model.config
    let printer = try ProgressPrinter(unit: "chars", every: max(1, (steps ?? (epochs ?? 1) * run.chunksPerEpoch) / 20))
    try printer.message("training a \(c.layers)-layer \(c.cell.rawValue) (hidden \(c.hiddenSize), \(run.trainer.model.parameterCount) parameters) on \(bundled ? bundledCorpusName : o.string("data")!): \(run.trainingCount) characters, \(run.validationCount) held out, vocabulary \(run.vocabulary.count)")
    let log = try o.string("log").map { try TrainingLog(path: $0, throughputColumn: "chars_per_s") }
    let ln2 = M_LN2
    let lastVal = try driveTraining(printer: printer, log: log, currentEpoch: { run.epoch },
                                    validate: { try run.validationLoss() },
                                    extra: { v in v.map { String(format: " (%.3f bpc)", $0 / ln2) } ?? "" },
                                    run: { progress in try withoutActuallyEscaping(progress) {
                                        try run.run(maxSteps: steps, maxEpochs: epochs, checkpointEvery: every,
                                                    checkpoint: { r in try r.save(to: savePath) }, progress: $0)
                                    } })
    do { try run.save(to: savePath) } catch { throw CommandError("\(error)") }
    try printer.message("saved \(savePath) after \(run.trainer.step) updates" + (lastVal.map { String(format: "; validation loss %.4f nats/char, %.3f bits/char", $0, $0 / ln2) } ?? ""))
    if sampleLength > 0 {
        try printer.message("sample (temperature 0.8):")
        var sampler = try CharSampler(model: run.trainer.model, vocabulary: run.vocabulary, temperature: 0.8, seed: 1)
        let prime = "\n"
        try sampler.feed(try run.vocabulary.encode(prime, skipUnknown: true).tokens)
        var s = ""
        for _ in 0..<sampleLength { s.unicodeScalars.append(try sampler.next()) }
        try printer.message(s)
    }
}
