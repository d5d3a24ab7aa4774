import XCTest
@testable import Recurrent

final class JSONFormatTests: XCTestCase {
    // MARK: Helpers

    private func parseError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONError? {
        parseError(Array(text.utf8), file: file, line: line)
    }

    private func parseError(_ bytes: [UInt8], rejectDuplicateKeys: Bool = false,
                            file: StaticString = #filePath, line: UInt = #line) -> JSONError? {
        do {
            let value = try JSONValue.parse(bytes, rejectDuplicateKeys: rejectDuplicateKeys)
            XCTFail("expected a parse error, got \(value)", file: file, line: line)
            return nil
        } catch let error as JSONError {
            return error
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
            return nil
        }
    }

    private func assertError(_ text: String, contains fragment: String, at offset: Int? = nil,
                             file: StaticString = #filePath, line: UInt = #line) {
        guard let error = parseError(text, file: file, line: line) else { return }
        XCTAssertTrue(error.message.contains(fragment), "\(text): '\(error)' lacks '\(fragment)'", file: file, line: line)
        if let offset { XCTAssertEqual(error.offset, offset, "\(text): \(error)", file: file, line: line) }
    }

    // MARK: Parsing values

    func testParsesAllValueKinds() throws {
        let value = try JSONValue.parse(#" { "n" : null , "t":true,"f":false, "x":-1.5e2, "s":"hi", "a":[1,[2],{}], "o":{"k":"v"} } "#)
        XCTAssertEqual(value, .object([
            (key: "n", value: .null), (key: "t", value: .bool(true)), (key: "f", value: .bool(false)),
            (key: "x", value: .number(-150)), (key: "s", value: .string("hi")),
            (key: "a", value: .array([.number(1), .array([.number(2)]), .object([])])),
            (key: "o", value: .object([(key: "k", value: .string("v"))])),
        ]))
        XCTAssertEqual(try JSONValue.parse("true"), .bool(true))
        XCTAssertEqual(try JSONValue.parse(" \"x\"\r\n\t"), .string("x"))
        XCTAssertEqual(try JSONValue.parse("0"), .number(0))
        XCTAssertEqual(try JSONValue.parse("-0.25E-1"), .number(-0.025))
        XCTAssertEqual(try JSONValue.parse("[]"), .array([]))
    }

    func testObjectKeepsSourceOrderAndEqualityIsOrdered() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":2,"c":3}"#)
        XCTAssertEqual(value.objectValue?.map(\.key), ["b", "a", "c"])
        XCTAssertNotEqual(value, try JSONValue.parse(#"{"a":2,"b":1,"c":3}"#))
        XCTAssertEqual(value, try JSONValue.parse(#"{ "b" : 1 , "a" : 2 , "c" : 3 }"#))
        XCTAssertNotEqual(JSONValue.number(1), .string("1"))
        XCTAssertNotEqual(JSONValue.number(.nan), .number(.nan))
        XCTAssertNotEqual(JSONValue.array([.null]), .array([.null, .null]))
    }

    func testStringEscapes() throws {
        XCTAssertEqual(try JSONValue.parse(#""a\"b\\c\/d\b\f\n\r\t""#), .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        XCTAssertEqual(try JSONValue.parse(#""\u0041\u00e9\u20AC\u0000""#), .string("A\u{E9}\u{20AC}\u{0}"))
        XCTAssertEqual(try JSONValue.parse(#""\ud83d\ude00 x""#), .string("\u{1F600} x"))
        XCTAssertEqual(try JSONValue.parse(#""\uDBFF\uDFFF""#), .string("\u{10FFFF}"))
        XCTAssertEqual(try JSONValue.parse("\"h\u{E9}llo \u{1F600}\""), .string("h\u{E9}llo \u{1F600}"))
    }

    func testAccessors() throws {
        let value = try JSONValue.parse(#"{"i":100,"e":1e2,"f":1.5,"big":9007199254740992,"neg":-3,"s":"x","a":[true],"k":1,"k":2}"#)
        XCTAssertEqual(value["i"]?.intValue, 100)
        XCTAssertEqual(value["e"]?.intValue, 100)
        XCTAssertNil(value["f"]?.intValue)
        XCTAssertEqual(value["f"]?.doubleValue, 1.5)
        XCTAssertNil(value["big"]?.intValue, "2^53 may be a rounded literal")
        XCTAssertEqual(try JSONValue.parse("9007199254740991").intValue, 9_007_199_254_740_991)
        XCTAssertEqual(value["neg"]?.intValue, -3)
        XCTAssertEqual(value["s"]?.stringValue, "x")
        XCTAssertNil(value["s"]?.intValue)
        XCTAssertNil(value["i"]?.stringValue)
        XCTAssertEqual(value["a"]?.arrayValue, [.bool(true)])
        XCTAssertEqual(value["a"]?[0]?.boolValue, true)
        XCTAssertNil(value["a"]?[1])
        XCTAssertNil(value["missing"])
        XCTAssertEqual(value["k"]?.intValue, 1, "subscript returns the first member with the key")
        XCTAssertEqual(value.duplicateKeys, ["k"])
        XCTAssertEqual(try JSONValue.parse(#"{"a":1,"b":2}"#).duplicateKeys, [])
        XCTAssertTrue(JSONValue.null.isNull)
        XCTAssertNil(JSONValue.array([])["x"])
    }

    func testDuplicateKeysRejectedOnRequest() throws {
        let text = Array(#"{"a":1,"b":{"c":1,"c":2}}"#.utf8)
        XCTAssertEqual(try JSONValue.parse(text)["b"]?.duplicateKeys, ["c"])
        let error = parseError(text, rejectDuplicateKeys: true)
        XCTAssertEqual(error?.message, "duplicate key 'c'")
        XCTAssertEqual(error?.offset, 18)
    }

    // MARK: Parser errors

    func testErrorDescriptionFormat() {
        let error = parseError(#"{"a":1 "b":2}"#)
        XCTAssertEqual(error, JSONError(offset: 7, message: "expected ',' or '}'"))
        XCTAssertEqual(error?.description, "JSON: expected ',' or '}' at byte 7")
    }

    func testStructuralErrors() {
        assertError("", contains: "unexpected end of input", at: 0)
        assertError("   ", contains: "unexpected end of input", at: 3)
        assertError("[1,2", contains: "expected ',' or ']'", at: 4)
        assertError("[1 2]", contains: "expected ',' or ']'", at: 3)
        assertError("[1,]", contains: "expected a value", at: 3)
        assertError("[,1]", contains: "expected a value", at: 1)
        assertError(#"{"a" 1}"#, contains: "expected ':'", at: 5)
        assertError(#"{"a":1,}"#, contains: "expected a string key", at: 7)
        assertError("{a:1}", contains: "expected a string key", at: 1)
        assertError(#"{"a":1"#, contains: "expected ',' or '}'", at: 6)
        assertError(#"{"a":}"#, contains: "expected a value", at: 5)
        assertError("tru", contains: "invalid literal", at: 0)
        assertError("nulL", contains: "invalid literal", at: 0)
        assertError("True", contains: "expected a value", at: 0)
        assertError("'a'", contains: "expected a value", at: 0)
        assertError("\u{FEFF}1", contains: "expected a value", at: 0)
    }

    func testTrailingGarbageRejected() {
        assertError("1 2", contains: "trailing", at: 2)
        assertError("{} x", contains: "trailing", at: 3)
        assertError("[]]", contains: "trailing", at: 2)
        assertError("nullx", contains: "trailing", at: 4)
        assertError("\"a\"\0", contains: "trailing", at: 3)
    }

    func testNumberErrors() {
        assertError("01", contains: "leading zeros", at: 0)
        assertError("-01", contains: "leading zeros", at: 0)
        assertError("[00]", contains: "leading zeros", at: 1)
        assertError("-", contains: "expected a digit", at: 1)
        assertError("-a", contains: "expected a digit", at: 1)
        assertError("1.", contains: "after '.'", at: 2)
        assertError("1.e5", contains: "after '.'", at: 2)
        assertError("1e", contains: "exponent", at: 2)
        assertError("1e+", contains: "exponent", at: 3)
        assertError("+1", contains: "expected a value", at: 0)
        assertError(".5", contains: "expected a value", at: 0)
        assertError("1e400", contains: "out of range", at: 0)
        assertError("-1e400", contains: "out of range", at: 0)
        assertError("NaN", contains: "expected a value", at: 0)
        assertError("Infinity", contains: "expected a value", at: 0)
        assertError("0x10", contains: "trailing", at: 1)
    }

    func testStringErrors() {
        assertError("\"abc", contains: "unterminated string", at: 0)
        assertError("\"abc\\", contains: "unterminated string", at: 0)
        assertError("\"a\nb\"", contains: "control character", at: 2)
        assertError("\"a\tb\"", contains: "control character", at: 2)
        assertError("\"\\n\u{1}\"", contains: "control character", at: 3)
        assertError(#""\x""#, contains: "invalid escape", at: 1)
        assertError(#""\U0041""#, contains: "invalid escape", at: 1)
        assertError(#""\u12G4""#, contains: "invalid \\u escape", at: 1)
        assertError(#""\u12""#, contains: "invalid \\u escape", at: 1)
        assertError(#""\ud83d""#, contains: "lone high surrogate", at: 1)
        assertError(#""\ud83dx""#, contains: "lone high surrogate", at: 1)
        assertError(#""\ud83d\u0041""#, contains: "lone high surrogate", at: 1)
        assertError(#""\ud83d\ud83d""#, contains: "lone high surrogate", at: 1)
        assertError(#""a\ude00""#, contains: "lone low surrogate", at: 2)
    }

    func testInvalidUTF8Rejected() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22],                    // never valid
            [0x22, 0xC0, 0x80, 0x22],              // overlong NUL
            [0x22, 0xE0, 0x80, 0xAF, 0x22],        // overlong '/'
            [0x22, 0xED, 0xA0, 0x80, 0x22],        // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xE2, 0x82, 0x22],              // truncated sequence
            [0x22, 0x5C, 0x6E, 0x80, 0x22],        // stray continuation after an escape
            [0x22, 0xF0, 0x9F, 0x98],              // truncated at end of input
        ]
        for bytes in cases {
            let error = parseError(bytes)
            XCTAssertEqual(error?.message, "invalid UTF-8 in string", "\(bytes)")
        }
        // Non-ASCII outside a string is not a value.
        XCTAssertEqual(parseError([0xC3, 0xA9])?.message, "expected a value")
    }

    func testNestingDepthLimit() throws {
        let ok = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        XCTAssertNoThrow(try JSONValue.parse(ok))
        let tooDeep = String(repeating: "[", count: 129) + String(repeating: "]", count: 129)
        assertError(tooDeep, contains: "nesting deeper than 128", at: 128)
        // Hostile depth: must fail cleanly, not overflow the stack.
        let hostile = String(repeating: "{\"a\":[", count: 200_000)
        assertError(hostile, contains: "nesting deeper than 128")
        XCTAssertThrowsError(try JSONValue.parse("[[[1]]]", maxDepth: 2))
        XCTAssertNoThrow(try JSONValue.parse("[[[1]]]", maxDepth: 3))
    }

    // MARK: Serialization

    func testSerializeCompactInStoredOrder() throws {
        let text = #"{"z":[1,2.5,-3,true,false,null],"a":{"nested":"v"},"":""}"#
        let value = try JSONValue.parse(text)
        XCTAssertEqual(value.serialized(), text)
        XCTAssertEqual(value.description, text)
        XCTAssertEqual(try JSONValue.parse(value.serialized()), value)
    }

    func testSerializeNumbers() throws {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "-0"), (3, "3"), (-42, "-42"), (1e15, "1000000000000000"),
            (9_007_199_254_740_991, "9007199254740991"), (0.1, "0.1"), (1.5, "1.5"), (-2.25, "-2.25"),
            (.nan, "null"), (.infinity, "null"), (-.infinity, "null"),
        ]
        for (x, expected) in cases {
            XCTAssertEqual(JSONValue.number(x).serialized(), expected, "\(x)")
        }
        // Large, tiny and awkward values round-trip exactly through text.
        var rng = SystemRandomNumberGenerator()
        var values: [Double] = [9_007_199_254_740_992, 1e300, -1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                .leastNormalMagnitude, 1.0 / 3.0, 123456.789e10]
        for _ in 0..<2000 {
            let x = Double(bitPattern: rng.next())
            if x.isFinite { values.append(x) }
        }
        for x in values {
            let text = JSONValue.number(x).serialized()
            let back = try JSONValue.parse(text)
            XCTAssertEqual(back.doubleValue?.bitPattern, x.bitPattern, "\(x) -> \(text)")
        }
        XCTAssertEqual(JSONValue.array([.number(.nan), .number(1)]).serialized(), "[null,1]")
    }

    func testSerializeStringEscapes() throws {
        let s = "q\"b\\s/\u{0}\u{1}\u{08}\u{0C}\n\r\t\u{1F}\u{7F} \u{E9}\u{20AC}\u{1F600}"
        let text = JSONValue.string(s).serialized()
        XCTAssertEqual(text, "\"q\\\"b\\\\s/\\u0000\\u0001\\b\\f\\n\\r\\t\\u001f\\u007f \u{E9}\u{20AC}\u{1F600}\"")
        XCTAssertEqual(try JSONValue.parse(text), .string(s))
        let ascii = JSONValue.string(s).serialized(asciiOnly: true)
        XCTAssertTrue(ascii.utf8.allSatisfy { $0 < 0x80 })
        XCTAssertTrue(ascii.hasSuffix(" \\u00e9\\u20ac\\ud83d\\ude00\""), ascii)
        XCTAssertEqual(try JSONValue.parse(ascii), .string(s))
        // Keys are escaped too.
        let object = JSONValue.object([(key: "a\"\n\u{10FFFF}", value: .null)])
        XCTAssertEqual(object.serialized(), "{\"a\\\"\\n\u{10FFFF}\":null}")
        XCTAssertEqual(object.serialized(asciiOnly: true), "{\"a\\\"\\n\\udbff\\udfff\":null}")
        XCTAssertEqual(try JSONValue.parse(object.serialized(asciiOnly: true)), object)
    }

    func testRoundTripGeneratedDocuments() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let value = randomValue(&rng, depth: 0)
            let text = value.serialized()
            XCTAssertEqual(try JSONValue.parse(text), value, text)
            XCTAssertEqual(try JSONValue.parse(value.serialized(asciiOnly: true)), value, text)
        }
    }

    private func randomValue(_ rng: inout SeededGenerator, depth: Int) -> JSONValue {
        switch rng.next() % (depth > 4 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2:
            let x = Double(bitPattern: rng.next())
            return .number(x.isFinite ? x : Double(Int64(bitPattern: rng.next()) % 1_000_000))
        case 3: return .string(randomString(&rng))
        case 4: return .array((0..<Int(rng.next() % 5)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            return .object((0..<Int(rng.next() % 5)).map { _ in
                (key: randomString(&rng), value: randomValue(&rng, depth: depth + 1))
            })
        }
    }

    private func randomString(_ rng: inout SeededGenerator) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1F}", "\n", "\u{7F}",
                                      "\u{E9}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{10FFFF}"]
        var s = String.UnicodeScalarView()
        for _ in 0..<Int(rng.next() % 8) { s.append(pool[Int(rng.next() % UInt64(pool.count))]) }
        return String(s)
    }
}

