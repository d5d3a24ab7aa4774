import Foundation
import Recurrent

// rnn eval: the loss of a model over a data file.

let evalSpec = CommandSpec(
    name: "eval",
    summary: """
    Evaluate a model on a data file: for sequence data the mean loss (and accuracy for ce);
    for a character model the loss in nats and bits per character, with carried state.
    """,
    usage: "rnn eval --model M.safetensors --data D.csv|TEXT.txt [--loss mse|ce] [--skip-unknown]",
    options: [
        .value("model", "PATH", "Model file. Required."),
        .value("data", "PATH", "Sequence data (CSV) or, for a character model, a text file. Required."),
        .value("loss", "mse|ce", "Sequence data: the loss (default: the one the model was trained with, else mse)."),
        .flag("skip-unknown", "Character model: skip (and count) characters outside the vocabulary."),
        .value("threads", "N", "Threads for the matrix multiply (default: all cores)."),
    ])

func runEval(_ o: Options) throws {
    try applyThreads(o)
    let path = try o.required("model")
    let dataPath = try o.required("data")
    let model = try loadModel(path)
    let out = try OutputWriter(path: nil)
    if model.metadata["vocab"] != nil {
        let vocab = try vocabulary(of: model, path: path)
        let text = try readText(dataPath)
        let enc: (tokens: [Int32], skipped: Int)
        do { enc = try vocab.encode(text, skipUnknown: o.flag("skip-unknown")) } catch {
            throw CommandError("\(dataPath): \(error) (use --skip-unknown to skip such characters)")
        }
        let nats: Double
        do { nats = try CharTraining.meanLoss(model: model, tokens: enc.tokens) } catch { throw CommandError("\(dataPath): \(error)") }
        try out.write(String(format: "loss %.4f nats/char, %.4f bits/char over %d characters", nats, nats / M_LN2, enc.tokens.count - 1))
        try out.write(enc.skipped > 0 ? " (\(enc.skipped) unknown characters skipped)\n" : "\n")
    } else {
        if o.flag("skip-unknown") { throw UsageError("rnn eval: --skip-unknown applies to character models only") }
        let loss: LossKind = try o.choice("loss", default: model.metadata["train.loss"].flatMap(LossKind.init(rawValue:)) ?? .mse)!
        let W = model.config.outputWidth
        let data = try loadSequences(dataPath, inputSize: model.config.inputSize,
                                     target: loss == .ce ? .classes(count: W) : .regression(width: W))
        let r: (loss: Double, accuracy: Double?, targets: Int)
        do { r = try SequenceTraining.evaluate(model: model, data: data, loss: loss) } catch { throw CommandError("\(dataPath): \(error)") }
        var line = "\(loss.rawValue) loss \(r.loss) over \(r.targets) \(loss == .ce ? "target steps" : "target values") in \(data.sequences.count) sequences"
        if let a = r.accuracy { line += String(format: ", accuracy %.2f%%", a * 100) }
        try out.write(line + "\n")
    }
    try out.flush()
}
