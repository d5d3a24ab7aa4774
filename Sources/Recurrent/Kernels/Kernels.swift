import Foundation
import CRecurrent

// Thin Swift wrappers around the C kernels: status codes become thrown errors.
// Pointers are passed straight through; callers hoist their pointer scopes out of loops.

@inline(__always)
func check(_ status: rnn_status, _ name: String) throws {
    if status != RNN_OK { throw RecurrentError.kernel(name, Int(status.rawValue)) }
}

/// C = alpha * op(A) * op(B) + beta * C, row-major (see CRecurrent.h).
@inline(__always)
func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
          _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
          _ b: UnsafePointer<Float>, _ ldb: Int,
          _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) throws {
    if m == 0 || n == 0 { return }
    try check(rnn_sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), "sgemm")
}

/// y[r, :] += bias for `rows` rows of `cols` columns (row stride ldy).
@inline(__always)
func addBiasRows(_ y: UnsafeMutablePointer<Float>, _ ldy: Int, _ bias: UnsafePointer<Float>, _ rows: Int, _ cols: Int) throws {
    if rows == 0 || cols == 0 { return }
    try check(rnn_add_bias_rows(y, ldy, bias, rows, cols), "add_bias_rows")
}

/// dbias += column sums of dy (rows x cols, row stride lddy).
@inline(__always)
func sumRows(_ dbias: UnsafeMutablePointer<Float>, _ dy: UnsafePointer<Float>, _ lddy: Int, _ rows: Int, _ cols: Int) throws {
    if rows == 0 || cols == 0 { return }
    try check(rnn_sum_rows(dbias, dy, lddy, rows, cols), "sum_rows")
}

/// The SIMD instruction-set level the kernels run at.
public enum InstructionSet: String, CaseIterable, Sendable {
    /// Portable C, no vector intrinsics.
    case scalar
    /// AVX2 with FMA (x86_64).
    case avx2
    /// AVX-512F (x86_64).
    case avx512
    /// Advanced SIMD (aarch64).
    case neon

    var cValue: rnn_isa {
        switch self {
        case .scalar: return RNN_ISA_SCALAR
        case .avx2: return RNN_ISA_AVX2
        case .avx512: return RNN_ISA_AVX512
        case .neon: return RNN_ISA_NEON
        }
    }

    init(_ c: rnn_isa) {
        switch c {
        case RNN_ISA_AVX2: self = .avx2
        case RNN_ISA_AVX512: self = .avx512
        case RNN_ISA_NEON: self = .neon
        default: self = .scalar
        }
    }

    /// Whether this CPU (and this build) can run the level.
    public var isAvailable: Bool { rnn_isa_available(cValue) != 0 }
}

/// Process-wide settings of the compute kernels.
public enum Kernels {
    /// The instruction-set level in use. Chosen on first use from `RECURRENT_ISA`
    /// when it names an available level, otherwise the best level of this CPU.
    public static var instructionSet: InstructionSet { InstructionSet(rnn_isa_active()) }

    /// Forces an instruction-set level; throws when this CPU lacks it.
    public static func setInstructionSet(_ isa: InstructionSet) throws {
        if rnn_isa_set(isa.cValue) != RNN_OK {
            throw RecurrentError.unsupported("instruction set '\(isa.rawValue)' is not available on this CPU")
        }
    }

    /// Checks `RECURRENT_ISA`: nil when it is unset or names an available level,
    /// otherwise a one-line message saying what is wrong with it.
    public static func environmentProblem() -> String? {
        var isa = RNN_ISA_SCALAR
        let status = rnn_isa_from_environment(&isa)
        if status == RNN_OK { return nil }
        let value = String(cString: getenv("RECURRENT_ISA"))
        if status == RNN_ERR_ISA_UNKNOWN {
            return "RECURRENT_ISA=\(value): unknown level (expected scalar, avx2, avx512 or neon)"
        }
        return "RECURRENT_ISA=\(value): this CPU does not support that level (best available: \(InstructionSet(rnn_isa_best()).rawValue))"
    }

    /// C = A x B for row-major A (m x k) and B (k x n) into C (m x n), with the package's
    /// SIMD matrix multiply (threaded for large sizes).
    public static func multiply(_ a: [Float], _ b: [Float], into c: inout [Float], m: Int, n: Int, k: Int) throws {
        guard a.count == m * k, b.count == k * n, c.count == m * n else {
            throw RecurrentError.shape("multiply: expected \(m * k), \(k * n) and \(m * n) values, got \(a.count), \(b.count) and \(c.count)")
        }
        try a.withUnsafeBufferPointer { ap in
            try b.withUnsafeBufferPointer { bp in
                try c.withUnsafeMutableBufferPointer { cp in
                    try gemm(false, false, m, n, k, 1, ap.baseAddress!, k, bp.baseAddress!, n, 0, cp.baseAddress!, n)
                }
            }
        }
    }

    /// Asks the C library's allocator to keep memory freed at the end of a pass for the
    /// next one instead of returning it to the system (and faulting it in again): for a
    /// program that runs many passes, such as a server or the `rnn` tool. Process-wide;
    /// false where the C library has no such setting.
    @discardableResult
    public static func keepFreedMemory() -> Bool { rnn_keep_freed_memory() == 1 }

    /// Threads the matrix multiply may use. Defaults to the number of online cores;
    /// setting 0 or less restores the default.
    public static var threads: Int {
        get { Int(rnn_get_num_threads()) }
        set { rnn_set_num_threads(Int32(clamping: newValue)) }
    }
}
