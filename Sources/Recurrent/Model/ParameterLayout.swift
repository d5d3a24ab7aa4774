/// One named tensor inside a model's flat parameter buffer.
public struct ParameterSlot: Equatable, Sendable {
    /// PyTorch `state_dict` name, for example `rnn.weight_ih_l0_reverse`.
    public let name: String
    /// Shape as PyTorch has it (row-major).
    public let shape: [Int]
    /// Offset of the first element in the flat buffer.
    public let offset: Int
    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
}

/// Offsets of the parameters of one direction of one recurrent layer.
struct DirectionSlots {
    var weightIH: Int   // (G*H, in)
    var weightHH: Int   // (G*H, H)
    var biasIH: Int?    // (G*H)
    var biasHH: Int?    // (G*H)
}

/// Where every parameter of a configuration lives in one flat buffer, in PyTorch's
/// `state_dict` order (embedding, then per layer and direction W_ih, W_hh, b_ih, b_hh,
/// then the head). Gradients and optimizer state share this layout, so optimizers are
/// one flat loop.
public struct ParameterLayout: Sendable {
    /// All slots in buffer order.
    public let slots: [ParameterSlot]
    /// Total number of parameters.
    public let count: Int
    let directions: [[DirectionSlots]]   // [layer][direction]
    let embedding: Int?                  // (V, inputSize)
    let headWeight: Int?                 // (O, D*H)
    let headBias: Int?                   // (O)

    /// The layout of `config`.
    public init(_ config: ModelConfig) {
        var slots: [ParameterSlot] = []
        var offset = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            let slot = ParameterSlot(name: name, shape: shape, offset: offset)
            slots.append(slot)
            offset += slot.count
            return slot.offset
        }
        let gh = config.cell.gateCount * config.hiddenSize
        embedding = config.embeddingVocabulary.map { add("embed.weight", [$0, config.inputSize]) }
        var dirs: [[DirectionSlots]] = []
        for layer in 0..<config.layers {
            var perLayer: [DirectionSlots] = []
            for d in 0..<config.directions {
                let suffix = "_l\(layer)" + (d == 1 ? "_reverse" : "")
                let wih = add("rnn.weight_ih" + suffix, [gh, config.layerInputSize(layer)])
                let whh = add("rnn.weight_hh" + suffix, [gh, config.hiddenSize])
                var bih: Int? = nil, bhh: Int? = nil
                if config.bias {
                    bih = add("rnn.bias_ih" + suffix, [gh])
                    bhh = add("rnn.bias_hh" + suffix, [gh])
                }
                perLayer.append(DirectionSlots(weightIH: wih, weightHH: whh, biasIH: bih, biasHH: bhh))
            }
            dirs.append(perLayer)
        }
        directions = dirs
        if let o = config.outputSize {
            headWeight = add("head.weight", [o, config.directions * config.hiddenSize])
            headBias = add("head.bias", [o])
        } else {
            headWeight = nil
            headBias = nil
        }
        self.slots = slots
        self.count = offset
    }

    /// The slot with PyTorch name `name`, if the layout has it.
    public func slot(named name: String) -> ParameterSlot? { slots.first { $0.name == name } }
}
