// A small, strict JSON (RFC 8259) parser and serializer.
//
// Used for the safetensors header and other model-file metadata. The parser works on raw
// bytes, validates UTF-8, rejects everything RFC 8259 does not allow (leading zeros, control
// characters in strings, lone surrogates, trailing garbage) and limits nesting depth so that
// hostile input cannot overflow the stack.

/// An error found while parsing JSON: where (a byte offset into the input) and what.
public struct JSONError: Error, CustomStringConvertible, Equatable {
    /// Byte offset into the input at which the problem was detected.
    public let offset: Int
    /// What went wrong, e.g. "expected ',' or '}'".
    public let message: String

    /// Creates an error at `offset` with `message`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// A readable description, e.g. "JSON: expected ',' or '}' at byte 57".
    public var description: String { "JSON: \(message) at byte \(offset)" }
}

/// A JSON value. Objects keep their members in source order (and keep duplicate keys, see
/// `duplicateKeys`), so that parsing and serializing preserves the document's key order.
public enum JSONValue: Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number. JSON numbers are stored as `Double`.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in source order (duplicates, if any, are kept).
    case object([(key: String, value: JSONValue)])

    /// The default maximum nesting depth of arrays and objects accepted by `parse`.
    public static let defaultMaxDepth = 128

    /// Structural equality. Objects compare member by member in order (same keys in the same
    /// order with equal values); numbers compare with `Double` `==` (so NaN is never equal).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.key != y.key || x.value != y.value { return false }
            return true
        default: return false
        }
    }

    // MARK: Accessors

    /// For an object, the value of the first member named `key`; otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// For an array, the element at `index` if it is in range; otherwise `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case let .array(elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// The Boolean, if this is `true` or `false`.
    public var boolValue: Bool? {
        if case let .bool(b) = self { return b }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case let .array(a) = self { return a }
        return nil
    }

    /// The members in order, if this is an object.
    public var objectValue: [(key: String, value: JSONValue)]? {
        if case let .object(o) = self { return o }
        return nil
    }

    /// The number, if this is a number.
    public var doubleValue: Double? {
        if case let .number(x) = self { return x }
        return nil
    }

    /// The number as an `Int`, if this is a number whose value is exactly an integer with
    /// magnitude below 2^53 (so that the value is known to be the one written in the source;
    /// larger literals may have been rounded when parsed). `1`, `-3`, `1e2` and `2.0` qualify;
    /// `1.5`, `1e300` and `9007199254740993` do not.
    public var intValue: Int? {
        guard case let .number(x) = self, x.isFinite, x.rounded(.towardZero) == x,
              x.magnitude < 9_007_199_254_740_992 else { return nil }
        return Int(x)
    }

    /// For an object, the keys that occur more than once (each listed once, in order of
    /// their second occurrence); empty for objects without duplicates and for non-objects.
    public var duplicateKeys: [String] {
        guard case let .object(members) = self else { return [] }
        var seen = Set<String>()
        var reported = Set<String>()
        var result: [String] = []
        for member in members where !seen.insert(member.key).inserted {
            if reported.insert(member.key).inserted { result.append(member.key) }
        }
        return result
    }

    // MARK: Parsing

    /// Parses one JSON document (RFC 8259) from UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - bytes: the document; must be valid UTF-8 without a byte-order mark.
    ///   - rejectDuplicateKeys: when `true`, an object with a repeated key is an error
    ///     ("duplicate key 'x'"); when `false` duplicates are kept in the object.
    ///   - maxDepth: the maximum nesting depth of arrays and objects.
    /// - Throws: `JSONError` with the byte offset of the first problem.
    public static func parse(_ bytes: [UInt8], rejectDuplicateKeys: Bool = false,
                             maxDepth: Int = JSONValue.defaultMaxDepth) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer, rejectDuplicateKeys: rejectDuplicateKeys, maxDepth: maxDepth)
            return try parser.parseDocument()
        }
    }

    /// Parses one JSON document from a string. See `parse(_:rejectDuplicateKeys:maxDepth:)`.
    public static func parse(_ string: String, rejectDuplicateKeys: Bool = false,
                             maxDepth: Int = JSONValue.defaultMaxDepth) throws -> JSONValue {
        try parse(Array(string.utf8), rejectDuplicateKeys: rejectDuplicateKeys, maxDepth: maxDepth)
    }

    // MARK: Serialization

    /// Compact JSON text for this value: no whitespace, object members in stored order,
    /// strings escaped (quote, backslash and all control characters; with `asciiOnly`, every
    /// non-ASCII character too, as `\uXXXX` or a surrogate pair). Numbers that are exactly
    /// integral with magnitude below 2^53 print without a fraction ("3", not "3.0"); other
    /// finite numbers print with enough digits to round-trip; NaN and infinities, which JSON
    /// cannot represent, print as `null`.
    public func serialized(asciiOnly: Bool = false) -> String {
        var out: [UInt8] = []
        JSONValue.serialize(self, into: &out, asciiOnly: asciiOnly)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact UTF-8 serialization of `value` to `out`.
    static func serialize(_ value: JSONValue, into out: inout [UInt8], asciiOnly: Bool) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .number(x): out.append(contentsOf: formatNumber(x).utf8)
        case let .string(s): serializeString(s, into: &out, asciiOnly: asciiOnly)
        case let .array(elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                serialize(element, into: &out, asciiOnly: asciiOnly)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                serializeString(member.key, into: &out, asciiOnly: asciiOnly)
                out.append(UInt8(ascii: ":"))
                serialize(member.value, into: &out, asciiOnly: asciiOnly)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// JSON text for a number (see `serialized`).
    static func formatNumber(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == 0 { return x.sign == .minus ? "-0" : "0" }
        if x.rounded(.towardZero) == x, x.magnitude < 9_007_199_254_740_992 {
            return String(Int64(x))
        }
        // Swift's description is the shortest text that round-trips, and its forms
        // ("0.1", "1e-05", "1.5e+300") are all valid JSON numbers.
        return x.description
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func appendUnicodeEscape(_ unit: UInt16, into out: inout [UInt8]) {
        out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"),
                                hexDigits[Int(unit >> 12) & 15], hexDigits[Int(unit >> 8) & 15],
                                hexDigits[Int(unit >> 4) & 15], hexDigits[Int(unit) & 15]])
    }

    static func serializeString(_ s: String, into out: inout [UInt8], asciiOnly: Bool) {
        out.append(UInt8(ascii: "\""))
        if asciiOnly {
            for scalar in s.unicodeScalars {
                let v = scalar.value
                if v >= 0x80 {
                    if v >= 0x10000 {
                        let u = v - 0x10000
                        appendUnicodeEscape(UInt16(0xD800 + (u >> 10)), into: &out)
                        appendUnicodeEscape(UInt16(0xDC00 + (u & 0x3FF)), into: &out)
                    } else {
                        appendUnicodeEscape(UInt16(v), into: &out)
                    }
                } else {
                    appendEscapedASCII(UInt8(v), into: &out)
                }
            }
        } else {
            for byte in s.utf8 {
                if byte >= 0x80 { out.append(byte) } else { appendEscapedASCII(byte, into: &out) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscapedASCII(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x00..<0x20, 0x7F: appendUnicodeEscape(UInt16(byte), into: &out)
        default: out.append(byte)
        }
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact serialization (`serialized()`).
    public var description: String { serialized() }
}

// MARK: - Parser

/// Recursive-descent parser over a byte buffer. Valid only inside `withUnsafeBufferPointer`.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    private let rejectDuplicateKeys: Bool
    private let maxDepth: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, rejectDuplicateKeys: Bool, maxDepth: Int) {
        self.bytes = bytes
        self.rejectDuplicateKeys = rejectDuplicateKeys
        self.maxDepth = maxDepth
    }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONError {
        JSONError(offset: offset ?? pos, message: message)
    }

    private var atEnd: Bool { pos >= bytes.count }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    mutating func parseDocument() throws -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if !atEnd { throw fail("unexpected trailing characters after the JSON value") }
        return value
    }

    private mutating func parseValue() throws -> JSONValue {
        guard !atEnd else { throw fail("unexpected end of input, expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail("expected a value")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let start = pos
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { lit -> Bool in
            guard bytes.count - pos >= count else { return false }
            for i in 0..<count where bytes[pos + i] != lit[i] { return false }
            return true
        }
        guard matches else { throw fail("invalid literal, expected '\(literal)'", at: start) }
        pos += count
    }

    private mutating func enter() throws {
        depth += 1
        if depth > maxDepth { throw fail("nesting deeper than \(maxDepth) levels") }
    }

    private mutating func parseArray() throws -> JSONValue {
        try enter()
        pos += 1  // '['
        var elements: [JSONValue] = []
        skipWhitespace()
        if !atEnd, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard !atEnd else { throw fail("unexpected end of input, expected ',' or ']'") }
            let c = bytes[pos]
            pos += 1
            if c == UInt8(ascii: "]") { break }
            if c != UInt8(ascii: ",") { throw fail("expected ',' or ']'", at: pos - 1) }
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func parseObject() throws -> JSONValue {
        try enter()
        pos += 1  // '{'
        var members: [(key: String, value: JSONValue)] = []
        var keys = Set<String>()
        skipWhitespace()
        if !atEnd, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard !atEnd else { throw fail("unexpected end of input, expected a string key") }
            guard bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyStart = pos
            let key = try parseString()
            if rejectDuplicateKeys, !keys.insert(key).inserted {
                throw fail("duplicate key '\(key)'", at: keyStart)
            }
            skipWhitespace()
            guard !atEnd else { throw fail("unexpected end of input, expected ':'") }
            guard bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            pos += 1
            skipWhitespace()
            let value = try parseValue()
            members.append((key: key, value: value))
            skipWhitespace()
            guard !atEnd else { throw fail("unexpected end of input, expected ',' or '}'") }
            let c = bytes[pos]
            pos += 1
            if c == UInt8(ascii: "}") { break }
            if c != UInt8(ascii: ",") { throw fail("expected ',' or '}'", at: pos - 1) }
        }
        depth -= 1
        return .object(members)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private mutating func parseNumber() throws -> Double {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard !atEnd, isDigit(bytes[pos]) else { throw fail("invalid number: expected a digit") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if !atEnd, isDigit(bytes[pos]) { throw fail("invalid number: leading zeros are not allowed", at: start) }
        } else {
            while !atEnd, isDigit(bytes[pos]) { pos += 1 }
        }
        if !atEnd, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard !atEnd, isDigit(bytes[pos]) else { throw fail("invalid number: expected a digit after '.'") }
            while !atEnd, isDigit(bytes[pos]) { pos += 1 }
        }
        if !atEnd, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if !atEnd, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard !atEnd, isDigit(bytes[pos]) else { throw fail("invalid number: expected a digit in the exponent") }
            while !atEnd, isDigit(bytes[pos]) { pos += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        guard let value = Double(text) else { throw fail("invalid number", at: start) }
        guard value.isFinite else { throw fail("number out of range", at: start) }
        return value
    }

    private func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Reads the 4 hex digits after "\u" (pos is at the backslash).
    private mutating func parseUnicodeEscapeUnit() throws -> UInt32 {
        let start = pos
        guard bytes.count - pos >= 6 else { throw fail("invalid \\u escape: expected 4 hex digits", at: start) }
        var v: UInt32 = 0
        for i in 2..<6 {
            guard let h = hexValue(bytes[pos + i]) else {
                throw fail("invalid \\u escape: expected 4 hex digits", at: start)
            }
            v = v << 4 | h
        }
        pos += 6
        return v
    }

    private static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80: out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// The offset of the first byte in `bytes` that is not part of well-formed UTF-8, or
    /// `nil` if all of `bytes` is valid UTF-8.
    static func firstInvalidUTF8Offset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let parser = JSONParser(bytes, rejectDuplicateKeys: false, maxDepth: 0)
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 {
                i += 1
            } else if let n = parser.utf8SequenceLength(at: i) {
                i += n
            } else {
                return i
            }
        }
        return nil
    }

    /// Length of the valid UTF-8 sequence starting at `i` (whose first byte is >= 0x80), or
    /// nil if the bytes there are not well-formed UTF-8 (overlongs, surrogates and values
    /// above U+10FFFF are rejected, per RFC 3629).
    private func utf8SequenceLength(at i: Int) -> Int? {
        let b0 = bytes[i]
        let n: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: n = 2
        case 0xE0: n = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 3
        case 0xED: n = 3; hi = 0x9F
        case 0xF0: n = 4; lo = 0x90
        case 0xF1...0xF3: n = 4
        case 0xF4: n = 4; hi = 0x8F
        default: return nil
        }
        guard bytes.count - i >= n else { return nil }
        let b1 = bytes[i + 1]
        guard b1 >= lo, b1 <= hi else { return nil }
        for k in 2..<max(n, 2) where bytes[i + k] & 0xC0 != 0x80 { return nil }
        return n
    }

    private mutating func parseString() throws -> String {
        let start = pos
        pos += 1  // opening quote
        // Fast path: no escapes.
        var scan = pos
        while scan < bytes.count {
            let c = bytes[scan]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[pos..<scan]), as: UTF8.self)
                pos = scan + 1
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            if c >= 0x80 {
                guard let n = utf8SequenceLength(at: scan) else { throw fail("invalid UTF-8 in string", at: scan) }
                scan += n
            } else {
                scan += 1
            }
        }
        // Slow path: copy what was scanned, then handle escapes.
        var out = Array(UnsafeBufferPointer(rebasing: bytes[pos..<scan]))
        pos = scan
        while true {
            guard !atEnd else { throw fail("unterminated string", at: start) }
            let c = bytes[pos]
            switch c {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard bytes.count - pos >= 2 else { throw fail("unterminated string", at: start) }
                let e = bytes[pos + 1]
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e); pos += 2
                case UInt8(ascii: "b"): out.append(0x08); pos += 2
                case UInt8(ascii: "f"): out.append(0x0C); pos += 2
                case UInt8(ascii: "n"): out.append(0x0A); pos += 2
                case UInt8(ascii: "r"): out.append(0x0D); pos += 2
                case UInt8(ascii: "t"): out.append(0x09); pos += 2
                case UInt8(ascii: "u"):
                    let escapeStart = pos
                    let unit = try parseUnicodeEscapeUnit()
                    if unit >= 0xDC00, unit <= 0xDFFF {
                        throw fail("lone low surrogate in \\u escape", at: escapeStart)
                    }
                    if unit >= 0xD800, unit <= 0xDBFF {
                        guard bytes.count - pos >= 2, bytes[pos] == UInt8(ascii: "\\"),
                              bytes[pos + 1] == UInt8(ascii: "u") else {
                            throw fail("lone high surrogate in \\u escape", at: escapeStart)
                        }
                        let low = try parseUnicodeEscapeUnit()
                        guard low >= 0xDC00, low <= 0xDFFF else {
                            throw fail("lone high surrogate in \\u escape", at: escapeStart)
                        }
                        JSONParser.appendUTF8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), to: &out)
                    } else {
                        JSONParser.appendUTF8(unit, to: &out)
                    }
                default:
                    throw fail("invalid escape sequence", at: pos)
                }
            default:
                if c < 0x20 { throw fail("control character in string", at: pos) }
                if c >= 0x80 {
                    guard let n = utf8SequenceLength(at: pos) else { throw fail("invalid UTF-8 in string", at: pos) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pos..<pos + n]))
                    pos += n
                } else {
                    out.append(c)
                    pos += 1
                }
            }
        }
    }
}
