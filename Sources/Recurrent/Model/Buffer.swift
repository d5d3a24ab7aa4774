import CRecurrent

/// A fixed-size block of floats owned by a reference, zero-initialised (unless made
/// with `uninitialized:`).
///
/// The model, its state and the training tape keep their large arrays in these so
/// that hot loops work on raw pointers without nested `withUnsafe...` scopes.
/// Reads from several threads at once are safe; writes need exclusive access.
/// Storage comes from `rnn_alloc_floats`: large blocks are mapped directly on huge
/// pages, already zero, so a fresh tape costs a few page faults instead of thousands.
final class Buffer {
    let count: Int
    let p: UnsafeMutablePointer<Float>

    init(_ count: Int) {
        self.count = count
        guard let q = rnn_alloc_floats(max(count, 1)) else {
            fatalError("out of memory allocating \(count) floats")
        }
        p = q
    }

    /// A block whose contents are unspecified, for arrays written in full before they
    /// are read (it skips clearing a reused block).
    init(uninitialized count: Int) {
        self.count = count
        guard let q = rnn_alloc_floats_uninit(max(count, 1)) else {
            fatalError("out of memory allocating \(count) floats")
        }
        p = q
    }

    convenience init(_ values: [Float]) {
        self.init(values.count)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { p.update(from: base, count: values.count) }
        }
    }

    deinit { rnn_free_floats(p, max(count, 1)) }

    func zero() { p.update(repeating: 0, count: count) }

    var array: [Float] { Array(UnsafeBufferPointer(start: p, count: count)) }

    func copy() -> Buffer {
        let b = Buffer(count)
        b.p.update(from: p, count: count)
        return b
    }
}
