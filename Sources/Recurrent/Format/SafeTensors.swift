// The safetensors model-file format (https://github.com/huggingface/safetensors):
//
//     [8 bytes: N, unsigned little-endian] [N bytes: UTF-8 JSON header] [data section]
//
// The header maps each tensor name to {"dtype": "F32", "shape": [...], "data_offsets":
// [begin, end]} (offsets relative to the start of the data section) and may hold a
// "__metadata__" object of string values. Everything in the header is validated before any
// tensor data is touched; reads are explicit little-endian byte loads, so odd offsets are safe.

/// An error reading, validating or writing a safetensors file. It names the file and, where
/// there is one, the tensor or header field at fault.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable {
    /// The file the error is about (the path, or the name given to `init(bytes:fileName:)`).
    public let file: String
    /// What is wrong, e.g. "tensor 'rnn.weight_ih_l0': unknown dtype 'F17'".
    public let message: String

    /// Creates an error about `file`.
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    /// "file: message".
    public var description: String { "\(file): \(message)" }
}

/// One tensor's header entry in a safetensors file.
public struct TensorEntry: Equatable {
    /// The tensor's name, e.g. "rnn.weight_ih_l0".
    public let name: String
    /// The safetensors dtype name, e.g. "F32", "BF16", "I64".
    public let dtype: String
    /// The shape; `[]` is a scalar (one element).
    public let shape: [Int]
    /// Where the tensor's bytes lie within the data section (not the whole file).
    public let byteRange: Range<Int>

    /// The number of elements: the product of `shape` (1 for a scalar). Entries read from a
    /// file have been checked not to overflow.
    public var elementCount: Int {
        var count = 1
        for d in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            if overflow { return Int.max }
            count = p
        }
        return count
    }
}

/// A parsed, validated safetensors file held in memory, with readers that convert tensors to
/// `Float`, and a writer for F32 tensors.
public struct SafeTensorsFile {
    /// The file's name (its path when read with `read(path:)`); errors use it.
    public let fileName: String
    /// The "__metadata__" strings (empty if the header has none).
    public let metadata: [String: String]
    /// The tensors by name.
    public let entries: [String: TensorEntry]
    /// The tensor names, sorted by data offset (then by name).
    public var names: [String] { sortedNames }

    private let sortedNames: [String]
    /// The whole file.
    private let bytes: [UInt8]
    /// Offset of the data section within `bytes`.
    private let dataStart: Int

    /// The dtypes of the safetensors format and their sizes in bytes.
    public static let dtypeByteSizes: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
        "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
        "I32": 4, "U32": 4, "F32": 4,
        "F64": 8, "I64": 8, "U64": 8,
    ]

    /// The largest header accepted, in bytes (100 MB), so that a corrupt length field cannot
    /// make the reader parse or allocate without bound.
    public static let maxHeaderBytes = 100_000_000

    /// The dtypes `floats(_:)` converts.
    private static let floatingDtypes: Set<String> = ["F32", "F16", "BF16", "F64"]

    // MARK: Reading

    /// Reads and validates the safetensors file at `path`.
    ///
    /// - Throws: `SafeTensorsError` whose `file` is `path`, for I/O errors and for every
    ///   validation failure listed at `init(bytes:fileName:)`.
    public static func read(path: String) throws -> SafeTensorsFile {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path: path)
        } catch let error as AtomicFileError {
            throw SafeTensorsError(file: path, message: error.message)
        }
        return try SafeTensorsFile(bytes: bytes, fileName: path)
    }

    /// Parses and validates a safetensors file held in `bytes`.
    ///
    /// Checks, before touching any tensor data: the file holds the 8-byte length; the header
    /// length is non-zero, at most `maxHeaderBytes` and within the file; the header is UTF-8
    /// JSON holding an object; each entry is an object with a known string `dtype`, a `shape`
    /// of non-negative integers and `data_offsets` of two non-negative integers
    /// begin <= end; the byte length equals dtype size x element count (overflow-checked);
    /// every range lies in the data section; no two tensors overlap; no tensor name repeats;
    /// "__metadata__" (if present) is an object of strings. Gaps in the data section are
    /// accepted.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - fileName: the name errors give as `SafeTensorsError.file`.
    /// - Throws: `SafeTensorsError` naming the file and the tensor or field at fault.
    public init(bytes: [UInt8], fileName: String) throws {
        func fail(_ message: String) -> SafeTensorsError { SafeTensorsError(file: fileName, message: message) }

        guard bytes.count >= 8 else {
            throw fail("file is too short (\(bytes.count) bytes) to hold the 8-byte header length")
        }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << UInt64(8 * i) }
        guard length > 0 else { throw fail("header length is 0") }
        guard length <= UInt64(SafeTensorsFile.maxHeaderBytes) else {
            throw fail("header length \(length) exceeds the limit of \(SafeTensorsFile.maxHeaderBytes) bytes")
        }
        guard length <= UInt64(bytes.count - 8) else {
            throw fail("header length \(length) is larger than the rest of the file (\(bytes.count - 8) bytes)")
        }
        let headerLength = Int(length)
        let dataStart = 8 + headerLength
        let dataCount = bytes.count - dataStart

        let header: JSONValue = try bytes.withUnsafeBufferPointer { all in
            let headerBytes = UnsafeBufferPointer(rebasing: all[8..<dataStart])
            if let bad = JSONParser.firstInvalidUTF8Offset(in: headerBytes) {
                throw fail("header is not valid UTF-8 (byte \(bad) of the header)")
            }
            var parser = JSONParser(headerBytes, rejectDuplicateKeys: false, maxDepth: JSONValue.defaultMaxDepth)
            do {
                return try parser.parseDocument()
            } catch let error as JSONError {
                throw fail("header is not valid JSON: \(error.message) at byte \(error.offset) of the header")
            }
        }
        guard let members = header.objectValue else { throw fail("header is not a JSON object") }
        if let duplicate = header.duplicateKeys.first {
            throw fail(duplicate == "__metadata__" ? "duplicate '__metadata__'" : "duplicate tensor name '\(duplicate)'")
        }

        var metadata: [String: String] = [:]
        var entries: [String: TensorEntry] = [:]
        entries.reserveCapacity(members.count)
        for (name, value) in members {
            if name == "__metadata__" {
                guard let fields = value.objectValue else { throw fail("'__metadata__' is not an object") }
                if let duplicate = value.duplicateKeys.first {
                    throw fail("'__metadata__': duplicate key '\(duplicate)'")
                }
                for (key, field) in fields {
                    guard let text = field.stringValue else {
                        throw fail("'__metadata__': value of '\(key)' is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            entries[name] = try SafeTensorsFile.parseEntry(name: name, value: value, dataCount: dataCount, fail: fail)
        }

        // Overlaps: sort the non-empty ranges by start; each must begin at or after the
        // furthest end seen so far.
        let ordered = entries.values.sorted {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound, $0.name)
                < ($1.byteRange.lowerBound, $1.byteRange.upperBound, $1.name)
        }
        var furthest: TensorEntry?
        for entry in ordered where !entry.byteRange.isEmpty {
            if let previous = furthest, entry.byteRange.lowerBound < previous.byteRange.upperBound {
                throw fail("tensors '\(previous.name)' and '\(entry.name)' overlap "
                    + "(data_offsets \(SafeTensorsFile.describe(previous.byteRange)) and "
                    + "\(SafeTensorsFile.describe(entry.byteRange)))")
            }
            if furthest == nil || entry.byteRange.upperBound > furthest!.byteRange.upperBound { furthest = entry }
        }

        self.fileName = fileName
        self.metadata = metadata
        self.entries = entries
        self.sortedNames = ordered.map(\.name)
        self.bytes = bytes
        self.dataStart = dataStart
    }

    private static func describe(_ range: Range<Int>) -> String { "[\(range.lowerBound), \(range.upperBound)]" }

    private static func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// Validates one tensor entry of the header.
    private static func parseEntry(name: String, value: JSONValue, dataCount: Int,
                                   fail: (String) -> SafeTensorsError) throws -> TensorEntry {
        let what = "tensor '\(name)'"
        guard value.objectValue != nil else { throw fail("\(what): entry is not an object") }
        if let duplicate = value.duplicateKeys.first { throw fail("\(what): duplicate field '\(duplicate)'") }

        guard let dtypeValue = value["dtype"] else { throw fail("\(what): missing 'dtype'") }
        guard let dtype = dtypeValue.stringValue else { throw fail("\(what): 'dtype' is not a string") }
        guard let elementSize = dtypeByteSizes[dtype] else { throw fail("\(what): unknown dtype '\(dtype)'") }

        guard let shapeValue = value["shape"] else { throw fail("\(what): missing 'shape'") }
        guard let dims = shapeValue.arrayValue else { throw fail("\(what): 'shape' is not an array") }
        var shape: [Int] = []
        shape.reserveCapacity(dims.count)
        for (i, dim) in dims.enumerated() {
            guard let d = dim.intValue, d >= 0 else {
                throw fail("\(what): shape[\(i)] is \(dim.serialized()), not a non-negative integer")
            }
            shape.append(d)
        }

        guard let offsetsValue = value["data_offsets"] else { throw fail("\(what): missing 'data_offsets'") }
        guard let offsets = offsetsValue.arrayValue, offsets.count == 2,
              let begin = offsets[0].intValue, let end = offsets[1].intValue, begin >= 0, end >= 0 else {
            throw fail("\(what): 'data_offsets' is \(offsetsValue.serialized()), not two non-negative integers [begin, end]")
        }
        guard begin <= end else { throw fail("\(what): data_offsets [\(begin), \(end)] has begin > end") }

        var needed = elementSize
        for d in shape {
            let (p, overflow) = needed.multipliedReportingOverflow(by: d)
            guard !overflow else {
                throw fail("\(what): shape \(describe(shape)) is too large (the byte count overflows)")
            }
            needed = p
        }
        guard end - begin == needed else {
            throw fail("\(what): data_offsets [\(begin), \(end)] span \(end - begin) bytes, but dtype \(dtype) "
                + "with shape \(describe(shape)) needs \(needed) bytes")
        }
        guard end <= dataCount else {
            throw fail("\(what): data_offsets [\(begin), \(end)] lie outside the data section (\(dataCount) bytes)")
        }
        return TensorEntry(name: name, dtype: dtype, shape: shape, byteRange: begin..<end)
    }

    private func entry(_ name: String) throws -> TensorEntry {
        guard let entry = entries[name] else {
            throw SafeTensorsError(file: fileName, message: "missing tensor '\(name)'")
        }
        return entry
    }

    /// The raw little-endian bytes of tensor `name`, whatever its dtype.
    ///
    /// - Throws: `SafeTensorsError` "missing tensor 'x'".
    public func rawBytes(_ name: String) throws -> [UInt8] {
        let entry = try entry(name)
        return Array(bytes[(dataStart + entry.byteRange.lowerBound)..<(dataStart + entry.byteRange.upperBound)])
    }

    /// The elements of tensor `name` as `Float`s, in row-major order.
    ///
    /// F32 is copied in bulk; F16 and BF16 convert exactly (subnormals, infinities and NaNs
    /// included); F64 rounds to the nearest `Float`.
    ///
    /// - Throws: `SafeTensorsError` "missing tensor 'x'", or "tensor 'x': dtype I64 is not a
    ///   floating-point type" for the other dtypes.
    public func floats(_ name: String) throws -> [Float] {
        let entry = try entry(name)
        guard SafeTensorsFile.floatingDtypes.contains(entry.dtype) else {
            throw SafeTensorsError(file: fileName,
                                   message: "tensor '\(name)': dtype \(entry.dtype) is not a floating-point type")
        }
        let count = entry.elementCount
        let start = dataStart + entry.byteRange.lowerBound
        let dtype = entry.dtype
        return bytes.withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: count) { out, initialized in
                switch dtype {
                case "F32":
                    if count > 0 {
                        UnsafeMutableRawBufferPointer(out).copyMemory(
                            from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 4 * count)]))
                    }
                    #if _endian(big)
                    for i in 0..<count { out[i] = Float(bitPattern: UInt32(littleEndian: out[i].bitPattern)) }
                    #endif
                case "F16":
                    for i in 0..<count {
                        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self))
                        out[i] = SafeTensorsFile.floatFromHalf(bits)
                    }
                case "BF16":
                    for i in 0..<count {
                        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self))
                        out[i] = Float(bitPattern: UInt32(bits) << 16)
                    }
                default:  // F64
                    for i in 0..<count {
                        let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8 * i, as: UInt64.self))
                        out[i] = Float(Double(bitPattern: bits))
                    }
                }
                initialized = count
            }
        }
    }

    /// Converts IEEE 754 binary16 bits to `Float`, exactly (every half value is a float).
    static func floatFromHalf(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x03FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa x 2^-24, exact in Float.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return Float(bitPattern: sign | magnitude.bitPattern)
        case 0x1F:
            // Infinity or NaN (payload kept).
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    // MARK: Writing

    /// Writes F32 tensors to a safetensors file at `path`, crash-safely (see
    /// `AtomicFile.write`): the bytes are those of `encode(tensors:metadata:)`.
    ///
    /// - Throws: `SafeTensorsError` naming `path`: invalid tensors (see `encode`) or I/O errors.
    public static func write(path: String, tensors: [(name: String, shape: [Int], values: [Float])],
                             metadata: [String: String]) throws {
        let bytes = try encode(tensors: tensors, metadata: metadata, fileName: path)
        do {
            try AtomicFile.write(bytes, to: path)
        } catch let error as AtomicFileError {
            throw SafeTensorsError(file: path, message: error.message)
        }
    }

    /// The bytes of a safetensors file holding `tensors` as little-endian F32, in the given
    /// order and packed without gaps, with `metadata` (keys sorted) as "__metadata__" when it
    /// is not empty. The header JSON is padded with spaces to a multiple of 8 bytes, so the
    /// data section starts 8-byte aligned.
    ///
    /// - Throws: `SafeTensorsError` (file "<memory>") for a duplicate or reserved
    ///   ("__metadata__") tensor name, a negative dimension, or a value count that does not
    ///   match the shape.
    public static func encode(tensors: [(name: String, shape: [Int], values: [Float])],
                              metadata: [String: String]) throws -> [UInt8] {
        try encode(tensors: tensors, metadata: metadata, fileName: "<memory>")
    }

    private static func encode(tensors: [(name: String, shape: [Int], values: [Float])],
                               metadata: [String: String], fileName: String) throws -> [UInt8] {
        func fail(_ message: String) -> SafeTensorsError { SafeTensorsError(file: fileName, message: message) }

        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(tensors.count + 1)
        if !metadata.isEmpty {
            let fields = metadata.keys.sorted().map { (key: $0, value: JSONValue.string(metadata[$0]!)) }
            members.append((key: "__metadata__", value: .object(fields)))
        }
        var seen = Set<String>()
        var offset = 0
        for tensor in tensors {
            let what = "tensor '\(tensor.name)'"
            guard tensor.name != "__metadata__" else { throw fail("'__metadata__' is reserved and cannot name a tensor") }
            guard seen.insert(tensor.name).inserted else { throw fail("duplicate tensor name '\(tensor.name)'") }
            var count = 1
            for d in tensor.shape {
                guard d >= 0 else { throw fail("\(what): shape \(describe(tensor.shape)) has a negative dimension") }
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail("\(what): shape \(describe(tensor.shape)) is too large") }
                count = p
            }
            guard count == tensor.values.count else {
                throw fail("\(what): shape \(describe(tensor.shape)) has \(count) elements, "
                    + "but \(tensor.values.count) values were given")
            }
            let end = offset + 4 * count
            members.append((key: tensor.name, value: .object([
                (key: "dtype", value: .string("F32")),
                (key: "shape", value: .array(tensor.shape.map { .number(Double($0)) })),
                (key: "data_offsets", value: .array([.number(Double(offset)), .number(Double(end))])),
            ])))
            offset = end
        }

        var header: [UInt8] = []
        JSONValue.serialize(.object(members), into: &header, asciiOnly: false)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        guard header.count <= maxHeaderBytes else {
            throw fail("header would be \(header.count) bytes, over the limit of \(maxHeaderBytes)")
        }

        let total = 8 + header.count + offset
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let out = UnsafeMutableRawBufferPointer(buffer)
            var length = UInt64(header.count).littleEndian
            withUnsafeBytes(of: &length) { UnsafeMutableRawBufferPointer(rebasing: out[0..<8]).copyMemory(from: $0) }
            header.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[8..<(8 + header.count)]).copyMemory(from: $0) }
            var position = 8 + header.count
            for tensor in tensors {
                let n = 4 * tensor.values.count
                #if _endian(big)
                for (i, v) in tensor.values.enumerated() {
                    var bits = v.bitPattern.littleEndian
                    withUnsafeBytes(of: &bits) {
                        UnsafeMutableRawBufferPointer(rebasing: out[(position + 4 * i)..<(position + 4 * i + 4)]).copyMemory(from: $0)
                    }
                }
                #else
                tensor.values.withUnsafeBytes {
                    UnsafeMutableRawBufferPointer(rebasing: out[position..<(position + n)]).copyMemory(from: $0)
                }
                #endif
                position += n
            }
            initialized = total
        }
    }
}
