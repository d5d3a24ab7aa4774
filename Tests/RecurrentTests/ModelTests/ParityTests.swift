import Foundation
import XCTest
@testable import Recurrent

/// The library against the PyTorch fixtures in Fixtures/infer (float64 references).
final class ModelParityTests: XCTestCase {
    struct Case {
        let name: String
        let model: Model
        let inputs: [[[Float]]]
        let expected: [[[Double]]]   // per sequence (every step), or per sequence one row with --last
        let last: Bool
    }

    func loadCases() throws -> [Case] {
        let root = try MT.fixtures().appendingPathComponent("infer")
        let listing = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("cases.json")))
        let entries = try XCTUnwrap(listing as? [[String: Any]])
        let dirs = try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path, isDirectory: &d) && d.boolValue }
            .sorted()
        // Every case listed is present and every present case is listed.
        XCTAssertEqual(Set(entries.compactMap { $0["name"] as? String }), Set(dirs))
        XCTAssertGreaterThanOrEqual(dirs.count, 28)
        var cases: [Case] = []
        for name in dirs {
            let dir = root.appendingPathComponent(name)
            let model = try Model(contentsOf: dir.appendingPathComponent("model.safetensors").path)
            let inputs = MT.parseCSV(try String(contentsOf: dir.appendingPathComponent("input.csv"), encoding: .utf8))
                .map { $0.map { $0.map { Float($0) } } }
            var expected = MT.parseCSV(try String(contentsOf: dir.appendingPathComponent("expected.csv"), encoding: .utf8))
            let argsURL = dir.appendingPathComponent("args.txt")
            let args = (try? String(contentsOf: argsURL, encoding: .utf8)) ?? ""
            let last = args.contains("--last")
            if last {
                // One line per sequence and no blank lines: a single "sequence" of rows.
                XCTAssertEqual(expected.count, 1, name)
                expected = expected[0].map { [$0] }
            }
            let entry = try XCTUnwrap(entries.first { $0["name"] as? String == name })
            XCTAssertEqual(inputs.map(\.count), entry["lengths"] as? [Int], "\(name): parsed lengths")
            XCTAssertEqual(model.config.cell.rawValue, entry["cell"] as? String, name)
            XCTAssertEqual(model.config.hiddenSize, entry["hidden_size"] as? Int, name)
            XCTAssertEqual(model.config.layers, entry["num_layers"] as? Int, name)
            XCTAssertEqual(model.config.bidirectional, entry["bidirectional"] as? Bool, name)
            XCTAssertEqual(model.config.bias, entry["bias"] as? Bool, name)
            XCTAssertEqual(model.config.outputWidth, entry["output_size"] as? Int, name)
            XCTAssertEqual(expected.count, inputs.count, "\(name): expected sequences")
            cases.append(Case(name: name, model: model, inputs: inputs, expected: expected, last: last))
        }
        return cases
    }

    /// All sequences of a file as one batch of different lengths: each gets exactly its own result.
    func testForwardBatchMatchesPyTorch() throws {
        let cases = try loadCases()
        var checked = 0
        for c in cases {
            let out = try c.model.forward(c.inputs)
            XCTAssertEqual(out.count, c.inputs.count, c.name)
            for (b, seq) in out.enumerated() {
                XCTAssertEqual(seq.count, c.inputs[b].count, "\(c.name) sequence \(b) length")
                let got: [[Float]] = c.last ? [seq.last!] : seq
                let want = c.expected[b]
                XCTAssertEqual(got.count, want.count, "\(c.name) sequence \(b) rows")
                for (t, (y, e)) in zip(got, want).enumerated() {
                    XCTAssertEqual(y.count, e.count, "\(c.name) width")
                    for (j, (u, v)) in zip(y, e).enumerated() where !(abs(Double(u) - v) <= 1e-5) {
                        XCTFail("\(c.name) seq \(b) step \(t) out \(j): got \(u), expected \(v)")
                    }
                    checked += y.count
                }
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    /// Each sequence alone gives the same result as in the batch (bitwise is not required
    /// across batch shapes, 1e-6 is).
    func testSingleSequenceEqualsBatchRow() throws {
        for c in try loadCases() where c.inputs.count > 1 {
            let batch = try c.model.forward(c.inputs)
            for (b, seq) in c.inputs.enumerated() {
                let alone = try c.model.forward([seq])[0]
                let d = MT.maxDiff([alone], [batch[b].map { $0.map(Double.init) }])
                XCTAssertLessThanOrEqual(d, 1e-6, "\(c.name) sequence \(b)")
            }
        }
    }

    /// Unidirectional models stepped one step at a time match the fixtures.
    func testSteppingMatchesPyTorch() throws {
        var stepped = 0
        for c in try loadCases() where !c.model.config.bidirectional {
            for (b, seq) in c.inputs.enumerated() {
                var state = c.model.makeState()
                var outs: [[Float]] = []
                for x in seq { outs.append(try c.model.step(x, state: &state)) }
                let got: [[Float]] = c.last ? [outs.last!] : outs
                for (t, (y, e)) in zip(got, c.expected[b]).enumerated() {
                    for (j, (u, v)) in zip(y, e).enumerated() where !(abs(Double(u) - v) <= 1e-5) {
                        XCTFail("\(c.name) stepped seq \(b) step \(t) out \(j): got \(u), expected \(v)")
                    }
                }
                stepped += 1
            }
        }
        XCTAssertGreaterThan(stepped, 40)
    }

    /// Bidirectional fixtures cannot be stepped: it throws `unsupported` rather than giving numbers.
    func testBidirectionalFixturesRefuseStepping() throws {
        let bidir = try loadCases().filter { $0.model.config.bidirectional }
        XCTAssertEqual(bidir.count, 5)
        for c in bidir {
            var state = c.model.makeState()
            XCTAssertThrowsError(try c.model.step(c.inputs[0][0], state: &state), c.name) { error in
                guard case RecurrentError.unsupported = error else { return XCTFail("\(c.name): \(error)") }
            }
        }
    }

    /// The double-precision test reference reproduces the PyTorch fixtures from the same
    /// weights (so the gradient checks built on it rest on PyTorch's equations).
    func testReferenceMatchesPyTorch() throws {
        for c in try loadCases() {
            let ref = RefNet(c.model.config)
            let p = c.model.parameters.map(Double.init)
            let out = ref.forward(p, .dense(MT.toDouble(c.inputs)))
            // The library (and so this reference) reads F64 weights as F32; the fixture used
            // the F64 values, so that case can only agree to float rounding.
            let tolerance = c.name == "lstm_f64" ? 1e-6 : 1e-9
            for (b, seq) in out.enumerated() {
                let got = c.last ? [seq.last!] : seq
                for (t, (y, e)) in zip(got, c.expected[b]).enumerated() {
                    for (j, (u, v)) in zip(y, e).enumerated() where !(abs(u - v) <= tolerance) {
                        XCTFail("reference \(c.name) seq \(b) step \(t) out \(j): got \(u), expected \(v)")
                    }
                }
            }
        }
    }

    /// A model saved by the library and read back runs the same (every fixture).
    func testSaveReloadKeepsOutputs() throws {
        let folder = try MT.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for c in try loadCases() {
            let path = folder + "/\(c.name).safetensors"
            try c.model.save(to: path)
            let again = try Model(contentsOf: path)
            XCTAssertEqual(again.config, c.model.config, c.name)
            XCTAssertTrue(MT.bitwiseEqual(again.parameters, c.model.parameters), c.name)
            for slot in c.model.layout.slots {
                XCTAssertEqual(again.tensor(slot.name), c.model.tensor(slot.name), "\(c.name) \(slot.name)")
            }
            let a = try again.forward(c.inputs), b = try c.model.forward(c.inputs)
            XCTAssertEqual(a, b, c.name)
        }
    }
}
