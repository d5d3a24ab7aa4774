import Recurrent

// rnn inspect: what a model file holds.

let inspectSpec = CommandSpec(
    name: "inspect",
    summary: "Show a model file's architecture, parameter count, tensors (names, shapes, dtypes) and metadata.",
    usage: "rnn inspect M.safetensors",
    options: [],
    positionals: 1...1)

func runInspect(_ o: Options) throws {
    let path = o.positionals[0]
    let file: SafeTensorsFile
    do { file = try SafeTensorsFile.read(path: path) } catch { throw CommandError("\(error)") }
    let model: Model
    do { model = try Model(file: file) } catch { throw CommandError("\(error)") }
    let c = model.config
    var out = "\(path)\n"
    out += "  cell:           \(c.cell.rawValue)\n"
    out += "  input size:     \(c.inputSize)\n"
    if let v = c.embeddingVocabulary { out += "  embedding:      \(v) tokens x \(c.inputSize)\n" }
    out += "  hidden size:    \(c.hiddenSize)\n"
    out += "  layers:         \(c.layers)\n"
    out += "  bidirectional:  \(c.bidirectional ? "yes" : "no")\n"
    out += "  bias:           \(c.bias ? "yes" : "no")\n"
    out += "  head:           \(c.outputSize.map { "linear, \(c.directions * c.hiddenSize) -> \($0)" } ?? "none (output is the last layer's hidden state)")\n"
    out += "  parameters:     \(model.parameterCount)\n"
    out += "tensors:\n"
    let used = Set(model.layout.slots.map(\.name))
    let width = file.names.map(\.count).max() ?? 0
    for name in file.names {
        let e = file.entries[name]!
        let shape = "[" + e.shape.map(String.init).joined(separator: ", ") + "]"
        let isModel = used.contains(name) || used.contains("rnn." + name)
        out += "  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(e.dtype.padding(toLength: 4, withPad: " ", startingAt: 0))  \(shape)\(isModel ? "" : "  (not used by the model)")\n"
    }
    out += "metadata:\n"
    for (k, v) in file.metadata.sorted(by: { $0.key < $1.key }) {
        let shown = v.count > 200 ? String(v.prefix(200)) + "... (\(v.count) characters)" : v
        out += "  \(k): \(shown)\n"
    }
    let w = try OutputWriter(path: nil)
    try w.write(out)
    try w.flush()
}
