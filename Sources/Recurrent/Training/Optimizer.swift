import CRecurrent
import Foundation

/// Optimizers with PyTorch's update rules and default constants.
public enum OptimizerKind: String, CaseIterable, Sendable {
    /// `torch.optim.SGD` (momentum, dampening 0, no Nesterov).
    case sgd
    /// `torch.optim.Adam` (betas 0.9 / 0.999, eps 1e-8).
    case adam
    /// `torch.optim.Adagrad` (eps 1e-10, no learning-rate decay).
    case adagrad
    /// `torch.optim.RMSprop` (alpha 0.99, eps 1e-8, not centred).
    case rmsprop

    /// PyTorch's default learning rate for this optimizer.
    public var defaultLearningRate: Double {
        switch self {
        case .sgd: return 0.01
        case .adam: return 0.001
        case .adagrad: return 0.01
        case .rmsprop: return 0.01
        }
    }

    /// Names of the per-parameter state buffers this optimizer keeps.
    var stateNames: [String] {
        switch self {
        case .sgd: return ["momentum_buffer"]
        case .adam: return ["exp_avg", "exp_avg_sq"]
        case .adagrad: return ["sum"]
        case .rmsprop: return ["square_avg"]
        }
    }
}

/// Hyper-parameters of an optimizer.
public struct OptimizerSettings: Equatable, Sendable {
    /// Which rule.
    public var kind: OptimizerKind
    /// Learning rate.
    public var learningRate: Float
    /// SGD momentum (0: none).
    public var momentum: Float = 0
    /// L2 penalty added to the gradient (PyTorch `weight_decay`).
    public var weightDecay: Float = 0

    /// Creates settings.
    public init(kind: OptimizerKind, learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.kind = kind
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }
}

/// An optimizer's state over a flat parameter buffer: one flat loop per update.
final class Optimizer {
    let settings: OptimizerSettings
    /// Per-parameter state buffers, named as in PyTorch's optimizer state.
    let state: [Buffer]
    /// Updates done so far (Adam's and Adagrad's `step`).
    var step: Int = 0

    init(_ settings: OptimizerSettings, count: Int) {
        self.settings = settings
        state = settings.kind.stateNames.map { _ in Buffer(count) }
    }

    /// p -= update(g). Mirrors torch.optim's single-tensor implementations.
    func update(params p: UnsafeMutablePointer<Float>, grads g: UnsafePointer<Float>, count n: Int) {
        step += 1
        let lr = settings.learningRate, wd = settings.weightDecay
        switch settings.kind {
        case .sgd:
            let mu = settings.momentum
            let buf = state[0].p
            for i in 0..<n {
                var d = g[i]
                if wd != 0 { d += wd * p[i] }
                if mu != 0 {
                    buf[i] = step == 1 ? d : mu * buf[i] + d
                    d = buf[i]
                }
                p[i] -= lr * d
            }
        case .adam:
            let b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8
            let m = state[0].p, v = state[1].p
            let bc1 = 1 - Float(pow(Double(b1), Double(step)))
            let bc2 = 1 - Float(pow(Double(b2), Double(step)))
            // d = g + wd p; m += (d - m)(1 - b1); v = v b2 + (1 - b2) d d;
            // p -= lr / bc1 * (m / (sqrt(v) / sqrt(bc2) + eps)), vectorised and threaded in C.
            var s = rnn_adam_settings(step_size: lr / bc1, beta1: b1, beta2: b2, eps: eps,
                                      weight_decay: wd, bias2_sqrt: bc2.squareRoot())
            let status = rnn_adam_update(p, g, m, v, n, &s)
            precondition(status == RNN_OK, "adam_update: \(status)") // non-null buffers of n floats
        case .adagrad:
            let eps: Float = 1e-10
            let sum = state[0].p
            for i in 0..<n {
                var d = g[i]
                if wd != 0 { d += wd * p[i] }
                sum[i] += d * d
                p[i] -= lr * (d / (sum[i].squareRoot() + eps))
            }
        case .rmsprop:
            let alpha: Float = 0.99, eps: Float = 1e-8
            let sq = state[0].p
            for i in 0..<n {
                var d = g[i]
                if wd != 0 { d += wd * p[i] }
                sq[i] = sq[i] * alpha + (1 - alpha) * d * d
                p[i] -= lr * (d / (sq[i].squareRoot() + eps))
            }
        }
    }
}

/// Σ g[i]² in double, threaded (the same value for any thread count).
func sumOfSquares(_ g: UnsafePointer<Float>, _ n: Int) -> Double {
    var sum = 0.0
    let status = rnn_sum_squares(g, n, &sum)
    precondition(status == RNN_OK, "sum_squares: \(status)") // only allocation of 8 KiB can fail
    return sum
}

/// Gradient clipping as torch.nn.utils.
enum Clipping {
    /// clip_grad_value_: clamps every gradient into [-v, v].
    static func value(_ g: UnsafeMutablePointer<Float>, _ n: Int, _ v: Float) {
        for i in 0..<n { g[i] = min(max(g[i], -v), v) }
    }

    /// clip_grad_norm_: scales all gradients by max_norm / (total_norm + 1e-6) when that
    /// is below 1. Returns the total L2 norm before clipping.
    @discardableResult
    static func norm(_ g: UnsafeMutablePointer<Float>, _ n: Int, _ maxNorm: Float) -> Double {
        let total = sumOfSquares(g, n).squareRoot()
        let coef = Double(maxNorm) / (total + 1e-6)
        if coef < 1 {
            let c = Float(coef)
            for i in 0..<n { g[i] *= c }
        }
        return total
    }
}
