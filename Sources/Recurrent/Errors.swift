/// An error thrown by the Recurrent library. Its description is one line that names
/// the place and the problem; library code never prints or exits.
public enum RecurrentError: Error, CustomStringConvertible, Equatable {
    /// Inputs whose sizes do not fit the model or each other.
    case shape(String)
    /// A model file or model description that cannot be used.
    case invalidModel(String)
    /// A request the model cannot serve (for example stepping a bidirectional model).
    case unsupported(String)
    /// A C kernel returned a status other than success.
    case kernel(String, Int)
    /// A numeric failure, such as a loss that became NaN.
    case numeric(String)

    /// One line describing the error.
    public var description: String {
        switch self {
        case .shape(let m): return m
        case .invalidModel(let m): return m
        case .unsupported(let m): return m
        case .kernel(let name, let code): return "kernel \(name) failed with status \(code)"
        case .numeric(let m): return m
        }
    }
}
