import Foundation
import Recurrent

// rnn train: train a new model, continue from a model file (--init) or resume a
// checkpoint (--resume), on sequence data (CSV) or, with --task charlm, on text.

let modelOptions: [OptionSpec] = [
    .value("cell", "KIND", "New model: lstm, gru, gru_reset_before, rnn_tanh or rnn_relu (default lstm)."),
    .value("hidden", "H", "New model: hidden units per layer and direction (default 32; charlm 256)."),
    .value("layers", "L", "New model: stacked layers (default 1; charlm 2)."),
    .flag("bidirectional", "New model: run every layer in both directions."),
    .value("input-size", "I", "New model: input numbers per time step (sequence data)."),
    .value("output-size", "O", "New model: outputs per step of the linear head (mse)."),
    .value("classes", "C", "New model: classes of the head (ce; implies --loss ce)."),
    .value("init", "M.safetensors", "Start from this model file; its architecture is used."),
    .value("init-scheme", "S", "New model: pytorch (uniform +-1/sqrt(H), default) or orthogonal."),
    .value("forget-bias", "B", "New LSTM: initial forget-gate bias (e.g. 1)."),
]

let optimizerOptions: [OptionSpec] = [
    .value("optimizer", "NAME", "sgd, adam, adagrad or rmsprop (default adam)."),
    .value("lr", "X", "Learning rate (default: PyTorch's for the optimizer)."),
    .value("momentum", "M", "SGD momentum (default 0)."),
    .value("weight-decay", "W", "L2 penalty added to the gradient, as PyTorch (default 0)."),
    .value("clip", "N", "Clip the global gradient L2 norm to N (clip_grad_norm_)."),
    .value("clip-value", "V", "Clamp every gradient into [-V, V] (clip_grad_value_)."),
    .value("dropout", "P", "Dropout between stacked layers while training (default 0)."),
    .value("seed", "S", "Seed of initialisation, shuffling and dropout (default 0)."),
]

let runOptions: [OptionSpec] = [
    .value("data", "PATH", "Training data: CSV sequences (or text with --task charlm)."),
    .value("save", "OUT.safetensors", "Where to write the trained model and its training state. Required."),
    .value("resume", "CKPT", "Continue a run from a checkpoint written by --save."),
    .value("batch-size", "B", "Sequences per batch (default 16; charlm: streams, default 32)."),
    .value("epochs", "E", "Passes over the data (default 1 unless --steps is given)."),
    .value("steps", "N", "Stop after N optimizer updates in total (more epochs if needed)."),
    .value("checkpoint-every", "N", "Also save to --save every N updates."),
    .value("log", "FILE.csv", "Write step, epoch, train_loss, val_loss, elapsed_s, throughput rows."),
    .value("threads", "N", "Threads for the matrix multiply (default: all cores)."),
]

let trainSpec = CommandSpec(
    name: "train",
    summary: """
    Train a model by backpropagation through time. Sequence data (CSV): one time step per
    line, input numbers first, then that step's targets if it has any; a blank line ends a
    sequence. With --task charlm, a character-level language model on a text file.
    """,
    usage: "rnn train --data D.csv --save OUT.safetensors [model options] [training options]",
    options: [
        .value("task", "TASK", "sequence (CSV data, default) or charlm (character language model)."),
    ] + runOptions + [
        .value("loss", "mse|ce", "Loss: mse (default) or ce (softmax cross-entropy over a class index)."),
        .value("bptt", "K", "Truncated BPTT: update every K time steps, carrying the state (default 0: full)."),
        .flag("no-shuffle", "Keep the file's order of sequences."),
        .value("val", "V.csv", "Validation data, evaluated at the end of every epoch."),
        .value("grad-flow", "FILE.csv", "Record |dL/dh_t| for every step t of the first batch (loss at the last step) during training."),
        .value("grad-flow-every", "N", "With --grad-flow: record before training and every N updates (default: 4 times per run)."),
    ] + modelOptions + optimizerOptions + charlmOptions)

/// Builds optimizer and training settings from the options.
func trainingSettings(_ o: Options, loss: LossKind) throws -> TrainingSettings {
    let kind: OptimizerKind = try o.choice("optimizer", default: .adam)!
    let lr = try o.double("lr", default: kind.defaultLearningRate, min: 0)!
    let opt = OptimizerSettings(kind: kind, learningRate: Float(lr),
                                momentum: Float(try o.double("momentum", default: 0, min: 0)!),
                                weightDecay: Float(try o.double("weight-decay", default: 0, min: 0)!))
    if opt.momentum != 0 && kind != .sgd { throw UsageError("rnn train: --momentum applies to --optimizer sgd only") }
    let clip = try o.double("clip", min: 0).map { Float($0) }
    let clipValue = try o.double("clip-value", min: 0).map { Float($0) }
    let dropout = Float(try o.double("dropout", default: 0, min: 0, max: 0.99)!)
    let seed = UInt64(try o.int("seed", default: 0, min: 0)!)
    return TrainingSettings(loss: loss, optimizer: opt, clipNorm: clip, clipValue: clipValue, dropout: dropout, seed: seed)
}

/// Checks that options given on the command line agree with values fixed by a file.
func checkAgrees(_ o: Options, _ option: String, _ given: String?, _ actual: String, _ what: String, _ file: String) throws {
    if o.has(option), let given, given != actual {
        throw UsageError("rnn train: --\(option) \(given) contradicts \(file) (\(what) \(actual))")
    }
}

/// The model for a run: loaded from --init (checked against any model options) or new.
func makeModel(_ o: Options, inputSize: Int?, outputSize: Int?, embedding: Int? = nil,
               defaultHidden: Int = 32, defaultLayers: Int = 1) throws -> Model {
    if let initPath = o.string("init") {
        let model = try loadModel(initPath)
        let c = model.config
        try checkAgrees(o, "cell", o.string("cell"), c.cell.rawValue, "cell", initPath)
        try checkAgrees(o, "hidden", o.string("hidden"), String(c.hiddenSize), "hidden size", initPath)
        try checkAgrees(o, "layers", o.string("layers"), String(c.layers), "layers", initPath)
        if o.flag("bidirectional") && !c.bidirectional {
            throw UsageError("rnn train: --bidirectional contradicts \(initPath) (a unidirectional model)")
        }
        try checkAgrees(o, "input-size", o.string("input-size"), String(c.inputSize), "input size", initPath)
        try checkAgrees(o, "output-size", o.string("output-size"), String(c.outputWidth), "output size", initPath)
        try checkAgrees(o, "classes", o.string("classes"), String(c.outputWidth), "outputs", initPath)
        for opt in ["init-scheme", "forget-bias"] where o.has(opt) {
            throw UsageError("rnn train: --\(opt) applies to new models only, not with --init")
        }
        return model
    }
    let cell: CellKind = try o.choice("cell", default: .lstm)!
    let givenInput = try o.int("input-size", min: 1)
    guard let input = inputSize ?? givenInput else {
        throw UsageError("rnn train: a new model needs --input-size (or --init M.safetensors)")
    }
    let config = ModelConfig(cell: cell, inputSize: input,
                             hiddenSize: try o.int("hidden", default: defaultHidden, min: 1)!,
                             layers: try o.int("layers", default: defaultLayers, min: 1)!,
                             bidirectional: o.flag("bidirectional"),
                             outputSize: outputSize,
                             embeddingVocabulary: embedding)
    let scheme: InitScheme = try o.choice("init-scheme", default: .pytorch)!
    let fb = try o.double("forget-bias").map { Float($0) }
    if fb != nil && cell != .lstm { throw UsageError("rnn train: --forget-bias applies to --cell lstm only") }
    return try Model(config: config, seed: UInt64(try o.int("seed", default: 0, min: 0)!), scheme: scheme, forgetBias: fb)
}

/// Prints training progress: one live line on a terminal, plain lines otherwise.
final class ProgressPrinter {
    let live = isatty(1) != 0
    let unit: String
    let every: Int
    private var lastDraw = 0.0
    private let out: OutputWriter

    init(unit: String, every: Int) throws {
        self.unit = unit
        self.every = max(every, 1)
        out = try OutputWriter(path: nil, brokenPipe: .discardOutput)
    }

    static func clock(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "?" }
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }

    func line(_ p: TrainingProgress, val: Double?, extra: String = "") -> String {
        var s = "step \(p.step)"
        if let total = p.totalSteps { s += "/\(total)" }
        s += String(format: "  epoch %d (%3.0f%%)  loss %.4f", p.epoch + 1, p.epochFraction * 100, p.loss)
        if let v = val { s += String(format: "  val %.4f", v) }
        s += extra
        s += String(format: "  %.0f %@/s", p.stepsPerSecond, unit)
        if let total = p.totalSteps, p.step > 0 {
            let eta = p.elapsed / Double(p.step) * Double(total - p.step)
            s += "  elapsed \(Self.clock(p.elapsed))  ETA \(Self.clock(eta))"
        }
        return s
    }

    func report(_ p: TrainingProgress, val: Double?, extra: String = "", force: Bool = false) throws {
        if live {
            if force || p.elapsed - lastDraw > 0.1 || p.step == p.totalSteps {
                lastDraw = p.elapsed
                try out.write("\r\u{1B}[K" + line(p, val: val, extra: extra))
                try out.flush()
            }
        } else if force || p.step % every == 0 || p.step == p.totalSteps {
            try out.write(line(p, val: val, extra: extra) + "\n")
            try out.flush()
        }
    }

    func message(_ s: String) throws {
        try out.write((live ? "\r\u{1B}[K" : "") + s + "\n")
        try out.flush()
    }

    func finish() throws {
        if live { try out.write("\n") }
        try out.flush()
    }
}

/// Writes the --log CSV: step, epoch, train_loss, val_loss, elapsed_s, <throughput column>.
final class TrainingLog {
    let writer: OutputWriter
    init(path: String, throughputColumn: String) throws {
        writer = try OutputWriter(path: path)
        try writer.write("step,epoch,train_loss,val_loss,elapsed_s,\(throughputColumn)\n")
        try writer.flush()
    }
    func row(_ p: TrainingProgress, val: Double?) throws {
        let epoch = Double(p.epoch) + p.epochFraction
        try writer.write("\(p.step),\(String(format: "%.4f", epoch)),\(p.loss),\(val.map { "\($0)" } ?? ""),\(String(format: "%.3f", p.elapsed)),\(String(format: "%.1f", p.stepsPerSecond))\n")
        try writer.flush()
    }
}

/// Drives a training run for the command line: progress after every update, validation at
/// the end of every epoch and after the last update, one --log row per update. Returns the
/// last validation loss.
///
/// - currentEpoch: the epoch the next update belongs to (it moves on when one finishes).
/// - run: starts the run, calling its argument after every update.
func driveTraining(printer: ProgressPrinter, log: TrainingLog?,
                   currentEpoch: @escaping () -> Int, validate: @escaping () throws -> Double?,
                   extra: @escaping (Double?) -> String = { _ in "" },
                   afterUpdate: @escaping (TrainingProgress) throws -> Void = { _ in },
                   run: ((TrainingProgress) throws -> Void) throws -> Void) throws -> Double? {
    var lastVal: Double? = nil
    var lastEpoch = currentEpoch()
    var validatedAt = -1
    var last: TrainingProgress? = nil
    do {
        try run { p in
            var v: Double? = nil
            if currentEpoch() != lastEpoch || p.step == p.totalSteps {
                lastEpoch = currentEpoch()
                v = try validate()
                if v != nil { lastVal = v }
                validatedAt = p.step
            }
            last = p
            try printer.report(p, val: lastVal, extra: extra(lastVal), force: v != nil)
            try log?.row(p, val: v)
            try afterUpdate(p)
        }
    } catch let e as RecurrentError {
        try? printer.finish()
        throw CommandError(e.description)
    }
    // A run that ended without a validation at its last update (an announced total that
    // was not reached) still reports one.
    if let p = last, validatedAt != p.step, let v = try validate() {
        lastVal = v
        try log?.row(p, val: v)
        try printer.report(p, val: v, extra: extra(v), force: true)
    }
    try printer.finish()
    return lastVal
}

func runTrain(_ o: Options) throws {
    try applyThreads(o)
    let task = o.string("task") ?? "sequence"
    switch task {
    case "sequence": try runSequenceTrain(o)
    case "charlm": try runCharTrain(o)
    default: throw UsageError("rnn train: --task: '\(task)' is not one of sequence, charlm")
    }
}

func runSequenceTrain(_ o: Options) throws {
    for opt in charlmOnlyOptions where o.has(opt) {
        throw UsageError("rnn train: --\(opt) applies to --task charlm only")
    }
    let savePath = try o.required("save")
    let dataPath = try o.required("data")
    let steps = try o.int("steps", min: 1)
    let epochs = try o.int("epochs", min: 1) ?? (steps == nil ? 1 : nil)
    let every = try o.int("checkpoint-every", min: 1)
    let run: SequenceTraining
    let target: TargetKind

    if let resumePath = o.string("resume") {
        if o.has("init") { throw UsageError("rnn train: --resume and --init cannot be combined") }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile.read(path: resumePath) } catch { throw CommandError("\(error)") }
        let settings: TrainingSettings, plan: SequencePlan, model: Model
        do {
            settings = try SequenceTraining.settings(from: file)
            plan = try SequenceTraining.plan(from: file)
            model = try Model(file: file)
        } catch { throw CommandError("\(error)") }
        // Options given again must agree with the checkpoint.
        let s = settings
        try checkAgrees(o, "loss", o.string("loss"), s.loss.rawValue, "loss", resumePath)
        try checkAgrees(o, "optimizer", o.string("optimizer"), s.optimizer.kind.rawValue, "optimizer", resumePath)
        if o.has("lr"), let v = try o.double("lr"), Float(v) != s.optimizer.learningRate {
            throw UsageError("rnn train: --lr \(o.string("lr")!) contradicts \(resumePath) (learning rate \(s.optimizer.learningRate))")
        }
        try checkAgrees(o, "batch-size", o.string("batch-size"), String(plan.batchSize), "batch size", resumePath)
        try checkAgrees(o, "bptt", o.string("bptt"), String(plan.bptt), "bptt", resumePath)
        try checkAgrees(o, "seed", o.string("seed"), String(s.seed), "seed", resumePath)
        for opt in modelOptions.map(\.name) where o.has(opt) {
            throw UsageError("rnn train: --\(opt) cannot be combined with --resume (the checkpoint fixes the model)")
        }
        target = s.loss == .ce ? .classes(count: model.config.outputWidth) : .regression(width: model.config.outputWidth)
        let data = try loadSequences(dataPath, inputSize: model.config.inputSize, target: target)
        do { run = try SequenceTraining.resume(from: file, data: data) } catch { throw CommandError("\(error)") }
    } else {
        var loss: LossKind = try o.choice("loss", default: o.has("classes") ? .ce : .mse)!
        if o.has("classes") && loss != .ce { throw UsageError("rnn train: --classes goes with --loss ce") }
        var outputSize = try o.int("classes", min: 2) ?? o.int("output-size", min: 1)
        if o.has("init") { outputSize = nil }
        let model = try makeModel(o, inputSize: nil, outputSize: outputSize ?? (o.has("init") ? nil : 1))
        if o.has("init") && !o.has("loss") && model.metadata["train.loss"] == "ce" { loss = .ce }
        target = loss == .ce ? .classes(count: model.config.outputWidth) : .regression(width: model.config.outputWidth)
        let data = try loadSequences(dataPath, inputSize: model.config.inputSize, target: target)
        let plan = SequencePlan(batchSize: try o.int("batch-size", default: 16, min: 1)!,
                                bptt: try o.int("bptt", default: 0, min: 0)!,
                                shuffle: !o.flag("no-shuffle"))
        if plan.bptt > 0 && model.config.bidirectional {
            throw UsageError("rnn train: --bptt cannot be used with a bidirectional model (the backward direction needs the whole sequence)")
        }
        let trainer = Trainer(model: model, settings: try trainingSettings(o, loss: loss))
        run = try SequenceTraining(trainer: trainer, data: data, plan: plan)
    }
    if !run.data.sequences.contains(where: { $0.hasTarget.contains(true) }) {
        throw CommandError("\(dataPath): the data has no targets (every line holds only inputs): nothing to train on")
    }

    let val = try o.string("val").map { try loadSequences($0, inputSize: run.trainer.model.config.inputSize, target: target) }
    let loss = run.trainer.settings.loss
    let printer = try ProgressPrinter(unit: "steps", every: max(1, (steps ?? (epochs ?? 1) * max(run.updatesPerEpoch, 1)) / 20))
    let log = try o.string("log").map { try TrainingLog(path: $0, throughputColumn: "steps_per_s") }
    // Gradient flow: |dL/dh_t| of a fixed batch at chosen updates, one column each.
    let gradFlowPath = o.string("grad-flow")
    let gradFlowEvery = try o.int("grad-flow-every", min: 1) ?? max(1, (steps ?? (epochs ?? 1) * max(run.updatesPerEpoch, 1)) / 4)
    var gradFlow: [(step: Int, norms: [Double])] = []
    func recordGradFlow() throws {
        guard gradFlowPath != nil, gradFlow.last?.step != run.trainer.step else { return }
        do { gradFlow.append((run.trainer.step, try run.gradientFlow())) } catch { throw CommandError("--grad-flow: \(error)") }
    }
    try recordGradFlow()

    let startStep = run.trainer.step
    func validate() throws -> Double? {
        guard let val else { return nil }
        do { return try SequenceTraining.evaluate(model: run.trainer.model, data: val, loss: loss).loss } catch {
            throw CommandError("\(o.string("val")!): \(error)")
        }
    }
    _ = try driveTraining(printer: printer, log: log, currentEpoch: { run.currentEpoch }, validate: validate,
                          afterUpdate: { p in if p.step % gradFlowEvery == 0 { try recordGradFlow() } },
                          run: { progress in try withoutActuallyEscaping(progress) {
                              try run.run(maxSteps: steps, maxEpochs: epochs, checkpointEvery: every,
                                          checkpoint: { r in try r.save(to: savePath) }, progress: $0)
                          } })
    do { try run.save(to: savePath) } catch { throw CommandError("\(error)") }
    if let gradFlowPath {
        try recordGradFlow()
        var csv = "t," + gradFlow.map { "step_\($0.step)" }.joined(separator: ",") + "\n"
        let T = gradFlow.map(\.norms.count).max() ?? 0
        for t in 0..<T {
            csv += "\(t)," + gradFlow.map { t < $0.norms.count ? "\($0.norms[t])" : "" }.joined(separator: ",") + "\n"
        }
        do { try AtomicFile.write(Array(csv.utf8), to: gradFlowPath) } catch { throw CommandError("\(error)") }
    }
    let done = run.trainer.step - startStep
    try printer.message("saved \(savePath) after \(run.trainer.step) updates (\(done) in this run)")
}

/// Reads sequence data, turning errors into one line naming the file and line.
func loadSequences(_ path: String, inputSize: Int, target: TargetKind) throws -> SequenceDataset {
    do { return try SequenceDataset(contentsOf: path, inputSize: inputSize, target: target) } catch {
        throw CommandError("\(error)")
    }
}
