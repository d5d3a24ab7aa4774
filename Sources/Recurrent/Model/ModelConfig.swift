/// The recurrent cell a model is built from.
public enum CellKind: String, CaseIterable, Sendable {
    /// Long short-term memory, PyTorch gate order i, f, g, o.
    case lstm
    /// Gated recurrent unit as PyTorch computes it (reset applied after the hidden matrix multiply).
    case gru
    /// Gated recurrent unit with the reset gate applied before the hidden matrix multiply
    /// (Cho et al. 2014; Keras `reset_after=False`).
    case gruResetBefore = "gru_reset_before"
    /// Elman RNN with tanh.
    case rnnTanh = "rnn_tanh"
    /// Elman RNN with ReLU.
    case rnnRelu = "rnn_relu"

    /// Number of gate blocks of size `hidden` in the weight matrices (4, 3 or 1).
    public var gateCount: Int {
        switch self {
        case .lstm: return 4
        case .gru, .gruResetBefore: return 3
        case .rnnTanh, .rnnRelu: return 1
        }
    }

    /// Whether the cell carries a second state (the LSTM cell state).
    public var hasCellState: Bool { self == .lstm }
}

/// The architecture of a model: a stack of recurrent layers over an input, with an
/// optional embedding before and an optional linear head after.
///
/// Value type: copying a configuration copies the description, not any weights.
public struct ModelConfig: Equatable, Sendable {
    /// The cell of every layer.
    public var cell: CellKind
    /// Features per time step fed to the first layer (the embedding size when `embeddingVocabulary` is set).
    public var inputSize: Int
    /// Hidden units per direction of each layer.
    public var hiddenSize: Int
    /// Number of stacked layers.
    public var layers: Int
    /// Whether every layer runs in both directions (outputs concatenated [forward, backward]).
    public var bidirectional: Bool
    /// Whether the recurrent layers have bias vectors.
    public var bias: Bool
    /// Output size of the linear head, or nil for no head (the output is then the last layer's hidden state).
    public var outputSize: Int?
    /// Vocabulary size of a learned input embedding (`embed.weight`, V x inputSize), or nil.
    public var embeddingVocabulary: Int?

    /// Creates a configuration. Sizes must be positive.
    public init(cell: CellKind, inputSize: Int, hiddenSize: Int, layers: Int = 1,
                bidirectional: Bool = false, bias: Bool = true, outputSize: Int? = nil,
                embeddingVocabulary: Int? = nil) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.bidirectional = bidirectional
        self.bias = bias
        self.outputSize = outputSize
        self.embeddingVocabulary = embeddingVocabulary
    }

    /// 2 for bidirectional models, else 1.
    public var directions: Int { bidirectional ? 2 : 1 }

    /// Size of each output step: the head's output size, or directions x hidden.
    public var outputWidth: Int { outputSize ?? directions * hiddenSize }

    /// Input features of layer `layer` (the previous layer's directions x hidden above the first).
    public func layerInputSize(_ layer: Int) -> Int { layer == 0 ? inputSize : directions * hiddenSize }

    /// Throws when a size is not positive.
    public func validate() throws {
        func positive(_ v: Int, _ name: String) throws {
            if v <= 0 { throw RecurrentError.invalidModel("\(name) must be positive, got \(v)") }
        }
        try positive(inputSize, "input size")
        try positive(hiddenSize, "hidden size")
        try positive(layers, "layers")
        if let o = outputSize { try positive(o, "output size") }
        if let v = embeddingVocabulary { try positive(v, "embedding vocabulary") }
    }
}
