import Foundation

/// How a new model's weights are drawn.
public enum InitScheme: String, CaseIterable, Sendable {
    /// PyTorch's default: every recurrent weight and bias uniform in ±1/sqrt(hidden);
    /// the head as `nn.Linear` (uniform ±1/sqrt(fan_in)); the embedding standard normal.
    case pytorch
    /// Orthogonal recurrent matrices (per gate block), the rest as `pytorch`.
    case orthogonal
}

/// A recurrent network: an optional embedding, a stack of recurrent layers and an
/// optional linear head, with all parameters in one flat buffer in PyTorch's layout.
///
/// A model is a reference type because its weights are large. Running it (``forward(_:)``,
/// ``step(_:state:)``) never changes it, so one model may serve several threads at once,
/// each with its own ``StepState``. Training changes its parameters in place.
///
/// ```swift
/// let model = try Model(contentsOf: "m.safetensors")
/// var state = model.makeState()
/// let y = try model.step([0.1, 0.2, 0.3], state: &state)
/// ```
public final class Model {
    /// The architecture.
    public let config: ModelConfig
    /// Where each named tensor sits in ``parameters``.
    public let layout: ParameterLayout
    /// Metadata carried with the model file (the `cell` key is managed by the library).
    public var metadata: [String: String]
    let storage: Buffer
    /// Recurrent weights packed for the time loop, [layer][direction]. Rebuilt by
    /// `weightsChanged()` whenever the parameters change (after each optimizer update).
    private(set) var packs: [[RecurrentPack]] = []
    /// Joined [W_ih | W_hh] per layer for stepping LSTM and RNN models, made on first use.
    private var stepPackCache: [StepPack]? = nil
    private let stepPackLock = NSLock()

    /// Creates a model with freshly initialised weights.
    ///
    /// - Parameters:
    ///   - config: the architecture.
    ///   - seed: seed of the weight initialisation (the same seed gives the same weights).
    ///   - scheme: ``InitScheme/pytorch`` (default) or ``InitScheme/orthogonal``.
    ///   - forgetBias: for LSTM, the value both forget-gate bias blocks start at (nil: random as PyTorch).
    public init(config: ModelConfig, seed: UInt64 = 0, scheme: InitScheme = .pytorch, forgetBias: Float? = nil) throws {
        try config.validate()
        self.config = config
        self.layout = ParameterLayout(config)
        self.metadata = [:]
        self.storage = Buffer(layout.count)
        var rng = SeededGenerator(seed: seed)
        initialise(&rng, scheme: scheme, forgetBias: forgetBias)
        try weightsChanged()
    }

    /// Creates a model from a configuration and its parameters in ``layout`` order.
    public init(config: ModelConfig, parameters: [Float], metadata: [String: String] = [:]) throws {
        try config.validate()
        let layout = ParameterLayout(config)
        guard parameters.count == layout.count else {
            throw RecurrentError.shape("expected \(layout.count) parameters for this architecture, got \(parameters.count)")
        }
        self.config = config
        self.layout = layout
        self.metadata = metadata
        self.storage = Buffer(parameters)
        try weightsChanged()
    }

    /// The joined step matrices (LSTM and RNN cells), packed on first use; thread-safe.
    func stepPacks() throws -> [StepPack] {
        stepPackLock.lock()
        defer { stepPackLock.unlock() }
        if let cached = stepPackCache { return cached }
        let packs = try (0..<config.layers).map { l in
            try StepPack(weights: directionWeights(layer: l, direction: 0), inSize: config.layerInputSize(l),
                         hidden: config.hiddenSize, gates: config.cell.gateCount * config.hiddenSize)
        }
        stepPackCache = packs
        return packs
    }

    /// Repacks the recurrent weights after the parameters changed.
    func weightsChanged() throws {
        stepPackLock.lock()
        stepPackCache = nil
        stepPackLock.unlock()
        let base = UnsafePointer(storage.p)
        packs = try layout.directions.enumerated().map { l, layer in
            try layer.map {
                try RecurrentPack(cell: config.cell, hidden: config.hiddenSize, inSize: config.layerInputSize(l),
                                  weightIH: base + $0.weightIH, weightHH: base + $0.weightHH)
            }
        }
    }

    /// A copy of all parameters, in ``layout`` order.
    public var parameters: [Float] { storage.array }

    /// Replaces all parameters (``layout`` order); throws when the count is not
    /// ``parameterCount``. Not for use while other threads run the model.
    public func setParameters(_ values: [Float]) throws {
        guard values.count == layout.count else {
            throw RecurrentError.shape("expected \(layout.count) parameters for this architecture, got \(values.count)")
        }
        values.withUnsafeBufferPointer { storage.p.update(from: $0.baseAddress!, count: values.count) }
        try weightsChanged()
    }

    /// Number of parameters.
    public var parameterCount: Int { layout.count }

    /// The values of the tensor named `name` (PyTorch name), or nil.
    public func tensor(_ name: String) -> [Float]? {
        guard let slot = layout.slot(named: name) else { return nil }
        return Array(UnsafeBufferPointer(start: storage.p + slot.offset, count: slot.count))
    }

    /// An independent copy of the model (weights copied).
    public func copy() -> Model {
        try! Model(config: config, parameters: parameters, metadata: metadata)
    }

    func directionWeights(layer: Int, direction: Int) -> DirectionWeights {
        DirectionWeights(UnsafePointer(storage.p), layout.directions[layer][direction], pack: packs[layer][direction])
    }

    private func initialise(_ rng: inout SeededGenerator, scheme: InitScheme, forgetBias: Float?) {
        let p = storage.p
        let H = config.hiddenSize
        func uniform(_ offset: Int, _ count: Int, _ bound: Float) {
            for i in 0..<count { p[offset + i] = (rng.nextUnitFloat() * 2 - 1) * bound }
        }
        let k = 1 / Float(H).squareRoot()
        for slot in layout.slots {
            if slot.name == "embed.weight" {
                for i in 0..<slot.count { p[slot.offset + i] = Float(rng.nextNormal()) }
            } else if slot.name.hasPrefix("head.") {
                uniform(slot.offset, slot.count, 1 / Float(config.directions * H).squareRoot())
            } else if scheme == .orthogonal && slot.name.hasPrefix("rnn.weight_hh") {
                for gate in 0..<config.cell.gateCount {
                    let q = orthogonalMatrix(H, &rng)
                    for i in 0..<(H * H) { p[slot.offset + gate * H * H + i] = q[i] }
                }
            } else {
                uniform(slot.offset, slot.count, k)
            }
        }
        if let fb = forgetBias, config.cell == .lstm, config.bias {
            // Gate order i, f, g, o: the forget block is [H, 2H). The two biases add, so
            // b_ih holds the value and b_hh starts at zero there (as char-rnn's single bias).
            for layer in layout.directions {
                for d in layer {
                    for j in H..<(2 * H) {
                        p[d.biasIH! + j] = fb
                        p[d.biasHH! + j] = 0
                    }
                }
            }
        }
    }
}

/// A random orthogonal n x n matrix (Gram-Schmidt on a Gaussian matrix), row-major.
func orthogonalMatrix(_ n: Int, _ rng: inout SeededGenerator) -> [Float] {
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<(n * n) { a[i] = rng.nextNormal() }
    for i in 0..<n {
        for j in 0..<i {
            var dot = 0.0
            for k in 0..<n { dot += a[i * n + k] * a[j * n + k] }
            for k in 0..<n { a[i * n + k] -= dot * a[j * n + k] }
        }
        var norm = 0.0
        for k in 0..<n { norm += a[i * n + k] * a[i * n + k] }
        norm = norm.squareRoot()
        if norm < 1e-12 { norm = 1 }
        for k in 0..<n { a[i * n + k] /= norm }
    }
    return a.map { Float($0) }
}
