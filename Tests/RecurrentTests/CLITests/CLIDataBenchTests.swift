// `rnn data` (synthetic tasks), `rnn bench` (tiny shapes only) and `rnn train --grad-flow`
// with `rnn plot` of the gradient-flow file.
import Foundation
import XCTest

final class CLIDataBenchTests: CLITestCase {
    /// Sequences of a CSV text: lists of rows of numbers.
    private func sequences(_ text: String) -> [[[Double]]] {
        var out: [[[Double]]] = [], cur: [[Double]] = []
        for l in text.components(separatedBy: "\n") {
            if l.hasPrefix("#") { continue }
            if l.trimmingCharacters(in: .whitespaces).isEmpty {
                if !cur.isEmpty { out.append(cur); cur = [] }
                continue
            }
            cur.append(l.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) })
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    func testDataAddingTask() throws {
        let r = run(["data", "adding", "--length", "8", "--count", "5", "--seed", "3"])
        assertSucceeds(r)
        XCTAssertTrue(r.out.hasPrefix("#"))
        let seqs = sequences(r.out)
        XCTAssertEqual(seqs.count, 5)
        for s in seqs {
            XCTAssertEqual(s.count, 8)
            XCTAssertTrue(s.dropLast().allSatisfy { $0.count == 2 })
            XCTAssertEqual(s.last?.count, 3, "the target at the last step")
            let marked = s.filter { $0[1] == 1 }
            XCTAssertEqual(marked.count, 2, "two markers")
            XCTAssertTrue(s[..<4].contains { $0[1] == 1 } && s[4...].contains { $0[1] == 1 }, "one marker in each half")
            XCTAssertEqual(s.last![2], marked.map { $0[0] }.reduce(0, +), accuracy: 2e-6, "target = sum of the marked values")
            XCTAssertTrue(s.allSatisfy { (0...1).contains($0[0]) })
        }
        // Same seed, same data; --output writes the same text.
        let tmp = try tempDir()
        let path = tmp.appendingPathComponent("a.csv").path
        assertSucceeds(run(["data", "adding", "--length", "8", "--count", "5", "--seed", "3", "--output", path]))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), r.out)
        XCTAssertNotEqual(run(["data", "adding", "--length", "8", "--count", "5", "--seed", "4"]).out, r.out)
        // It trains.
        let m = tmp.appendingPathComponent("m.safetensors").path
        assertSucceeds(run(["train", "--data", path, "--input-size", "2", "--hidden", "4", "--steps", "2", "--save", m]))
    }

    func testDataCopyTaskTrainsWithNineClasses() throws {
        let tmp = try tempDir()
        let path = tmp.appendingPathComponent("copy.csv").path
        assertSucceeds(run(["data", "copy", "--length", "3", "--count", "4", "--output", path]))
        let seqs = sequences(try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertEqual(seqs.count, 4)
        for s in seqs {
            XCTAssertEqual(s.count, 8 + 3 + 8, "8 symbols, delay 3 (incl. the delimiter), 8 recall steps")
            XCTAssertTrue(s.allSatisfy { $0.count == 10 || $0.count == 11 })
            let recalled = s.suffix(8).map { Int($0[10]) }
            let shown = s.prefix(8).map { row in row.prefix(10).firstIndex(of: 1)! }
            XCTAssertEqual(recalled, shown, "the targets repeat the symbols")
        }
        let m = tmp.appendingPathComponent("m.safetensors").path
        let r = run(["train", "--data", path, "--input-size", "10", "--classes", "9", "--hidden", "4", "--steps", "2", "--save", m])
        assertSucceeds(r)
        let e = run(["eval", "--model", m, "--data", path])
        assertSucceeds(e)
        XCTAssertTrue(e.out.hasPrefix("ce loss") && e.out.contains("accuracy"), e.out)
    }

    func testDataSineAndErrors() throws {
        let r = run(["data", "sine", "--length", "6", "--count", "2", "--output", "-"])
        assertSucceeds(r)
        let seqs = sequences(r.out)
        XCTAssertEqual(seqs.count, 2)
        for s in seqs {
            XCTAssertEqual(s.count, 6)
            // The target at t is the clean value the noisy input at t + 1 is built on (|noise| small).
            XCTAssertTrue(s.allSatisfy { $0.count == 2 && abs($0[1]) <= 1 })
        }
        assertFails(run(["data", "spiral", "--length", "3", "--count", "1"]), status: 2, ["spiral"])
        assertFails(run(["data", "adding", "--count", "1"]), status: 2, ["--length"])
        assertFails(run(["data", "adding", "--length", "1", "--count", "1"]), status: 2, ["--length"])
        assertFails(run(["data", "adding", "--length", "3", "--count", "0"]), status: 2, ["--count"])
        assertFails(run(["data", "--length", "3", "--count", "1"]), status: 2, ["data"])
        let tmp = try tempDir()
        let bad = tmp.appendingPathComponent("no/dir/x.csv").path
        assertFails(run(["data", "adding", "--length", "3", "--count", "1", "--output", bad]), status: 1, ["x.csv"])
    }

    func testBenchTinyShapes() throws {
        for mode in ["infer", "train", "stream"] {
            for cell in ["lstm", "gru", "rnn_tanh"] {
                let r = run(["bench", "--mode", mode, "--cell", cell, "--batch", "2", "--seq", "3", "--input", "2", "--hidden", "4",
                             "--repeat", "2", "--warmup", "0", "--json", "--threads", "1"])
                assertSucceeds(r, "bench \(mode) \(cell)")
                XCTAssertEqual(r.outLines.count, 1, "one JSON line")
                let obj = try? JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
                XCTAssertNotNil(obj, "JSON: \(r.out)")
                XCTAssertEqual(obj?["mode"] as? String, mode)
                XCTAssertEqual(obj?["cell"] as? String, cell)
                XCTAssertEqual((obj?["threads"] as? NSNumber)?.intValue, 1)
                XCTAssertTrue(((obj?["median_s"] as? NSNumber)?.doubleValue ?? -1) >= 0)
                // Every timed run, in order: their median is median_s, their minimum min_s.
                let times = ((obj?["times_s"] as? [Any]) ?? []).compactMap { ($0 as? NSNumber)?.doubleValue }
                XCTAssertEqual(times.count, 2, "times_s: \(r.out)")
                let median = (obj?["median_s"] as? NSNumber)?.doubleValue ?? -1
                XCTAssertEqual(median, times.reduce(0, +) / Double(max(times.count, 1)), accuracy: 1e-12)
                XCTAssertEqual((obj?["min_s"] as? NSNumber)?.doubleValue ?? -1, times.min() ?? -2, accuracy: 1e-12)
                if mode == "stream" { XCTAssertNotNil(obj?["us_per_step"]) }
            }
        }
        let text = run(["bench", "--seq", "2", "--input", "2", "--hidden", "3", "--repeat", "1", "--warmup", "0"])
        assertSucceeds(text)
        XCTAssertTrue(text.out.contains("median"), text.out)
        let isa = run(["bench", "--seq", "2", "--input", "2", "--hidden", "3", "--repeat", "1", "--warmup", "0", "--json"],
                      env: ["RECURRENT_ISA": "scalar"])
        assertSucceeds(isa)
        XCTAssertTrue(isa.out.contains("\"isa\":\"scalar\""), isa.out)
        assertFails(run(["bench", "--mode", "fly"]), status: 2, ["--mode", "fly"])
        assertFails(run(["bench", "--repeat", "0"]), status: 2, ["--repeat"])
    }

    /// Training memory is the tape: it grows linearly with batch x time x hidden, measured
    /// as the peak RSS `rnn bench` reports. Sizes where the tape is tens of megabytes and
    /// each of its buffers over a megabyte, so the rounding of each to its 2 MiB pages
    /// moves an increment by 10% at most (GRU, T 800 to 1600: 2.21 times the one before,
    /// 1.79 from 1600 to 3200); a tape that grew with the square of T (or B, or H) would
    /// double the later increments again.
    func testBenchTrainingMemoryGrowsLinearly() throws {
        func peak(_ cell: String, batch: Int, seq: Int, hidden: Int) throws -> Double {
            let r = run(["bench", "--mode", "train", "--cell", cell, "--batch", "\(batch)", "--seq", "\(seq)",
                         "--input", "8", "--hidden", "\(hidden)", "--repeat", "1", "--warmup", "0", "--json"])
            assertSucceeds(r, "bench train \(cell) B=\(batch) T=\(seq) H=\(hidden)")
            let obj = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
            return try XCTUnwrap((obj?["peak_rss_mb"] as? NSNumber)?.doubleValue, r.out)
        }
        for cell in ["lstm", "gru"] {
            let t400 = try peak(cell, batch: 32, seq: 400, hidden: 32)
            let t800 = try peak(cell, batch: 32, seq: 800, hidden: 32)
            let t1600 = try peak(cell, batch: 32, seq: 1600, hidden: 32)
            let b64 = try peak(cell, batch: 64, seq: 400, hidden: 32)
            let perSteps = t800 - t400 // 400 more steps of 32 rows
            XCTAssertGreaterThan(perSteps, 10, "\(cell): the tape of 12800 rows of 32 units is megabytes")
            XCTAssertEqual((t1600 - t800) / perSteps, 2, accuracy: 0.5, "\(cell): T 400, 800, 1600: \(t400), \(t800), \(t1600) MiB")
            XCTAssertEqual(abs(b64 - t800) / perSteps, 0, accuracy: 0.15,
                           "\(cell): 64 x 400 and 32 x 800 are the same rows: \(b64), \(t800) MiB")
            if cell == "lstm" { // the weights are a few hundred kilobytes even at H = 128
                let h64 = try peak(cell, batch: 32, seq: 400, hidden: 64)
                let h128 = try peak(cell, batch: 32, seq: 400, hidden: 128)
                XCTAssertEqual((h128 - h64) / (h64 - t400), 2, accuracy: 0.5,
                               "\(cell): H 32, 64, 128: \(t400), \(h64), \(h128) MiB")
            }
        }
    }

    func testGradientFlowFileAndPlot() throws {
        let tmp = try tempDir()
        let data = fixtures.appendingPathComponent("train/sgd_lstm/data.csv").path
        let gf = tmp.appendingPathComponent("gf.csv").path
        let m = tmp.appendingPathComponent("m.safetensors").path
        let r = run(["train", "--data", data, "--input-size", "3", "--output-size", "2", "--hidden", "4", "--steps", "4",
                     "--grad-flow", gf, "--grad-flow-every", "2", "--save", m])
        assertSucceeds(r)
        let rows = try String(contentsOfFile: gf, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.first, "t,step_0,step_2,step_4", "columns: before training and every 2 updates")
        let body = rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertFalse(body.isEmpty)
        XCTAssertEqual(body.map { $0[0] }, (0..<body.count).map(String.init), "t = 0, 1, ...")
        for row in body {
            XCTAssertEqual(row.count, 4)
            for v in row.dropFirst() where !v.isEmpty {
                XCTAssertTrue(Double(v).map { $0.isFinite && $0 >= 0 } ?? false, "norm \(v)")
            }
        }
        // The gradient flow does not change training.
        let m2 = tmp.appendingPathComponent("m2.safetensors").path
        assertSucceeds(run(["train", "--data", data, "--input-size", "3", "--output-size", "2", "--hidden", "4", "--steps", "4", "--save", m2]))
        XCTAssertEqual(try STFile(path: m).tensors.mapValues(\.bytes), try STFile(path: m2).tensors.mapValues(\.bytes),
                       "--grad-flow leaves the trained weights unchanged")
        // plot draws it: one series per recorded step, log scale.
        let svg = tmp.appendingPathComponent("gf.svg").path
        assertSucceeds(run(["plot", gf, "--output", svg]))
        let s = try String(contentsOfFile: svg, encoding: .utf8)
        XCTAssertEqual(s.components(separatedBy: "<polyline").count - 1, 3, "three series")
        for c in ["step_0", "step_2", "step_4"] { XCTAssertTrue(s.contains(">\(c)<"), "legend \(c)") }
        XCTAssertTrue(s.contains("log scale"))
        XCTAssertTrue(s.contains("Gradient flow"))
        // --grad-flow is for sequence training.
        assertFails(run(["train", "--data", data, "--input-size", "3", "--output-size", "2", "--grad-flow-every", "0", "--grad-flow", gf, "--save", m]),
                    status: 2, ["--grad-flow-every"])
    }
}
