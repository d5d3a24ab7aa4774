/// A fixed-size, zero-initialised block of floats owned by a reference.
///
/// The model, its state and the training tape keep their large arrays in these so
/// that hot loops work on raw pointers without nested `withUnsafe...` scopes.
/// Reads from several threads at once are safe; writes need exclusive access.
final class Buffer {
    let count: Int
    let p: UnsafeMutablePointer<Float>

    init(_ count: Int) {
        self.count = count
        p = .allocate(capacity: max(count, 1))
        p.initialize(repeating: 0, count: max(count, 1))
    }

    convenience init(_ values: [Float]) {
        self.init(values.count)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { p.update(from: base, count: values.count) }
        }
    }

    deinit { p.deallocate() }

    func zero() { p.update(repeating: 0, count: count) }

    var array: [Float] { Array(UnsafeBufferPointer(start: p, count: count)) }

    func copy() -> Buffer {
        let b = Buffer(count)
        b.p.update(from: p, count: count)
        return b
    }
}
