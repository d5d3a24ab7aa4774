// Model files: safetensors with the tensor names of a PyTorch module that has a
// submodule `rnn` (nn.LSTM / nn.GRU / nn.RNN, batch_first=True) and an optional
// `head` (nn.Linear), plus `embed` (nn.Embedding) for token models. A bare
// nn.LSTM state_dict (names without `rnn.`) loads too. Metadata key `cell` names the
// cell; everything else is inferred from names and shapes, and any size the metadata
// also states must agree.

/// Metadata keys the library writes and checks; all others are kept as they are.
enum ModelMetadataKey {
    static let cell = "cell"
    static let inputSize = "input_size"
    static let hiddenSize = "hidden_size"
    static let layers = "num_layers"
    static let bidirectional = "bidirectional"
    static let outputSize = "output_size"
    static let bias = "bias"
    static let all: Set<String> = [cell, inputSize, hiddenSize, layers, bidirectional, outputSize, bias]
}

extension Model {
    /// Loads a model file (safetensors; F32, F16, BF16 and F64 tensors are read as F32).
    ///
    /// Tensors the architecture does not use (optimizer state, for example) are ignored.
    /// Every problem is thrown as one line naming the file and the tensor or field.
    public convenience init(contentsOf path: String) throws {
        let file = try SafeTensorsFile.read(path: path)
        try self.init(file: file)
    }

    /// Builds a model from a parsed safetensors file; see ``init(contentsOf:)``.
    public convenience init(file: SafeTensorsFile) throws {
        let name = file.fileName
        func fail(_ message: String) -> Error { SafeTensorsError(file: name, message: message) }

        guard let cellName = file.metadata[ModelMetadataKey.cell] else {
            throw fail("metadata key 'cell' is missing (expected one of: \(CellKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let cell = CellKind(rawValue: cellName) else {
            throw fail("metadata 'cell' is '\(cellName)', expected one of: \(CellKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let prefix: String
        if file.entries["rnn.weight_ih_l0"] != nil {
            prefix = "rnn."
        } else if file.entries["weight_ih_l0"] != nil {
            prefix = ""
        } else {
            throw fail("missing tensor 'rnn.weight_ih_l0' (not a recurrent model file?)")
        }
        var layers = 0
        while file.entries["\(prefix)weight_ih_l\(layers)"] != nil { layers += 1 }
        let bidirectional = file.entries["\(prefix)weight_ih_l0_reverse"] != nil
        let bias = file.entries["\(prefix)bias_ih_l0"] != nil

        let wih0 = file.entries["\(prefix)weight_ih_l0"]!
        guard wih0.shape.count == 2, wih0.shape[0] > 0, wih0.shape[0] % cell.gateCount == 0 else {
            throw fail("tensor '\(prefix)weight_ih_l0' has shape \(wih0.shape), expected [\(cell.gateCount) x hidden, input] for cell \(cell.rawValue)")
        }
        let hidden = wih0.shape[0] / cell.gateCount
        let inputSize = wih0.shape[1]

        var outputSize: Int? = nil
        if let hw = file.entries["head.weight"] {
            guard hw.shape.count == 2 else { throw fail("tensor 'head.weight' has shape \(hw.shape), expected [output, \(bidirectional ? 2 : 1) x hidden]") }
            outputSize = hw.shape[0]
        }
        var vocab: Int? = nil
        if let e = file.entries["embed.weight"] {
            guard e.shape.count == 2, e.shape[1] == inputSize else {
                throw fail("tensor 'embed.weight' has shape \(e.shape), expected [vocabulary, \(inputSize)]")
            }
            vocab = e.shape[0]
        }
        let config = ModelConfig(cell: cell, inputSize: inputSize, hiddenSize: hidden, layers: layers,
                                 bidirectional: bidirectional, bias: bias, outputSize: outputSize,
                                 embeddingVocabulary: vocab)
        do { try config.validate() } catch { throw fail("\(error)") }

        // Sizes the metadata states must agree with the tensors.
        func agree(_ key: String, _ actual: String) throws {
            if let stated = file.metadata[key], stated != actual {
                throw fail("metadata '\(key)' is \(stated) but the tensors give \(actual)")
            }
        }
        try agree(ModelMetadataKey.inputSize, String(inputSize))
        try agree(ModelMetadataKey.hiddenSize, String(hidden))
        try agree(ModelMetadataKey.layers, String(layers))
        try agree(ModelMetadataKey.bidirectional, String(bidirectional))
        try agree(ModelMetadataKey.bias, String(bias))
        if let o = outputSize { try agree(ModelMetadataKey.outputSize, String(o)) }
        else if let stated = file.metadata[ModelMetadataKey.outputSize] {
            throw fail("metadata 'output_size' is \(stated) but the file has no 'head.weight'")
        }

        // Every tensor of the architecture, with its exact shape.
        let layout = ParameterLayout(config)
        var params = [Float](repeating: 0, count: layout.count)
        for slot in layout.slots {
            let stored = slot.name.hasPrefix("rnn.") ? prefix + slot.name.dropFirst(4) : slot.name
            guard let entry = file.entries[stored] else { throw fail("missing tensor '\(stored)'") }
            guard entry.shape == slot.shape else {
                throw fail("tensor '\(stored)' has shape \(entry.shape), expected \(slot.shape) for this architecture")
            }
            let values = try file.floats(stored)
            params.replaceSubrange(slot.offset..<(slot.offset + slot.count), with: values)
        }
        var metadata = file.metadata
        for k in ModelMetadataKey.all { metadata.removeValue(forKey: k) }
        try self.init(config: config, parameters: params, metadata: metadata)
    }

    /// The metadata written into model files: the architecture plus ``metadata``.
    public var fileMetadata: [String: String] {
        var m = metadata
        m[ModelMetadataKey.cell] = config.cell.rawValue
        m[ModelMetadataKey.inputSize] = String(config.inputSize)
        m[ModelMetadataKey.hiddenSize] = String(config.hiddenSize)
        m[ModelMetadataKey.layers] = String(config.layers)
        m[ModelMetadataKey.bidirectional] = String(config.bidirectional)
        m[ModelMetadataKey.bias] = String(config.bias)
        if let o = config.outputSize { m[ModelMetadataKey.outputSize] = String(o) }
        return m
    }

    /// The model's tensors with their PyTorch names, in `state_dict` order.
    public var namedTensors: [(name: String, shape: [Int], values: [Float])] {
        layout.slots.map { ($0.name, $0.shape, Array(UnsafeBufferPointer(start: storage.p + $0.offset, count: $0.count))) }
    }

    /// Writes the model as safetensors (F32) with PyTorch names, crash-safely (a temporary
    /// file renamed over `path`). `extraTensors` and `extraMetadata` are stored alongside
    /// (training keeps optimizer state there).
    public func save(to path: String,
                     extraTensors: [(name: String, shape: [Int], values: [Float])] = [],
                     extraMetadata: [String: String] = [:]) throws {
        var meta = fileMetadata
        for (k, v) in extraMetadata { meta[k] = v }
        try SafeTensorsFile.write(path: path, tensors: namedTensors + extraTensors, metadata: meta)
    }
}
