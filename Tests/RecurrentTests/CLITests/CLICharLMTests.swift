// Character language models through the command line: train --task charlm, sample,
// eval on text, the --log CSV and `rnn plot`.
import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class CLICharLMTests: CLITestCase {
    private let english = String(repeating: """
    The quick brown fox jumps over the lazy dog. A small model learns letters,
    then words, then a little grammar; it never learns what a fox is.

    """, count: 12)

    private let korean = String(repeating: """
    안녕하세요. 오늘은 날씨가 좋습니다.
    한국어 문장을 조금씩 배웁니다, 천천히.

    """, count: 15)

    /// Trains a small model on `text`; returns (model path, log path, text path, train result).
    private func trainSmall(_ text: String, in dir: URL, name: String, extra: [String] = [],
                            file: StaticString = #filePath, line: UInt = #line) throws -> (model: String, log: String, data: String, result: CLIResult) {
        let data = try write(text, "\(name).txt", in: dir)
        let model = dir.appendingPathComponent("\(name).safetensors").path
        let log = dir.appendingPathComponent("\(name).log.csv").path
        let r = run(["train", "--task", "charlm", "--data", data, "--hidden", "16", "--seq-len", "8", "--batch-size", "2",
                     "--steps", "30", "--save", model, "--seed", "3", "--log", log] + extra, file: file, line: line)
        assertSucceeds(r, "train \(name)", file: file, line: line)
        return (model, log, data, r)
    }

    private func vocabulary(_ text: String) -> Set<Unicode.Scalar> { Set(text.unicodeScalars) }

    private func checkLanguage(_ text: String, name: String, unknown: Character) throws {
        let tmp = try tempDir()
        let t = try trainSmall(text, in: tmp, name: name)
        XCTAssertTrue(t.result.out.contains("vocabulary \(vocabulary(text).count)"), "\(name): \(t.result.out)")
        XCTAssertTrue(t.result.out.contains("saved"), t.result.out)
        // The model file records the vocabulary.
        let f = try STFile(path: t.model)
        XCTAssertEqual(f.metadata["task"], "charlm")
        let vocabJSON = try XCTUnwrap(f.metadata["vocab"])
        let vocab = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(vocabJSON.utf8)) as? [String])
        XCTAssertEqual(Set(vocab.map { $0.unicodeScalars.first! }), vocabulary(text), "\(name): vocab metadata")

        // sample: the same seed twice gives the same text; only known characters; the length.
        let a = run(["sample", "--model", t.model, "--length", "50", "--seed", "7"])
        let b = run(["sample", "--model", t.model, "--length", "50", "--seed", "7"])
        assertSucceeds(a, "\(name) sample")
        assertSucceeds(b)
        XCTAssertEqual(a.out, b.out, "\(name): same seed, same sample")
        XCTAssertTrue(a.out.hasSuffix("\n"))
        XCTAssertEqual(a.out.unicodeScalars.count, 51, "\(name): 50 characters and a newline: \(a.out.debugDescription)")
        XCTAssertTrue(a.out.unicodeScalars.dropLast().allSatisfy { vocabulary(text).contains($0) }, "\(name): only known characters")
        let other = run(["sample", "--model", t.model, "--length", "50", "--seed", "8"])
        assertSucceeds(other)
        XCTAssertNotEqual(other.out, a.out, "\(name): another seed, another sample")
        // Temperature 0: the most likely character each time, whatever the seed.
        let g1 = run(["sample", "--model", t.model, "--length", "40", "--temperature", "0", "--seed", "1"])
        let g2 = run(["sample", "--model", t.model, "--length", "40", "--temperature", "0", "--seed", "2"])
        assertSucceeds(g1, "\(name) temperature 0")
        XCTAssertEqual(g1.out, g2.out, "\(name): --temperature 0 is deterministic")
        // --top-k 1 is greedy as well.
        let k1 = run(["sample", "--model", t.model, "--length", "40", "--top-k", "1", "--seed", "5"])
        assertSucceeds(k1)
        XCTAssertEqual(k1.out, g1.out, "\(name): --top-k 1 equals --temperature 0")
        // --prime: printed first, known characters only.
        let prime = String(text.prefix(3))
        let p = run(["sample", "--model", t.model, "--prime", prime, "--length", "10", "--seed", "7"])
        assertSucceeds(p, "\(name) --prime")
        XCTAssertTrue(p.out.hasPrefix(prime), p.out)
        XCTAssertEqual(p.out.unicodeScalars.count, prime.unicodeScalars.count + 11)
        let badPrime = prime + String(unknown)
        let bp = run(["sample", "--model", t.model, "--prime", badPrime])
        assertFails(bp, status: 1, ["'\(unknown)'", "character \(badPrime.unicodeScalars.count)"], "\(name): unknown prime character")
        XCTAssertEqual(bp.out, "", "nothing sampled after a bad --prime")

        // eval on text with an unknown character.
        let otherText = String(text.prefix(40)) + String(unknown) + String(text.prefix(20))
        let od = try write(otherText, "\(name)-other.txt", in: tmp)
        let e = run(["eval", "--model", t.model, "--data", od])
        assertFails(e, status: 1, [od, "'\(unknown)'", "--skip-unknown"], "\(name): eval with an unknown character")
        let s = run(["eval", "--model", t.model, "--data", od, "--skip-unknown"])
        assertSucceeds(s, "\(name): eval --skip-unknown")
        XCTAssertTrue(s.out.contains("1 unknown characters skipped"), s.out)
        XCTAssertTrue(s.out.contains("bits/char"), s.out)
        let clean = run(["eval", "--model", t.model, "--data", t.data])
        assertSucceeds(clean)
        XCTAssertTrue(clean.out.contains("nats/char") && !clean.out.contains("skipped"), clean.out)
        XCTAssertTrue(clean.out.contains("over \(text.unicodeScalars.count - 1) characters"), clean.out)

        // Determinism of training itself.
        let again = tmp.appendingPathComponent("again.safetensors").path
        assertSucceeds(run(["train", "--task", "charlm", "--data", t.data, "--hidden", "16", "--seq-len", "8", "--batch-size", "2",
                            "--steps", "30", "--save", again, "--seed", "3"]))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: again)), try Data(contentsOf: URL(fileURLWithPath: t.model)),
                       "\(name): the same training run twice gives the same file")

        // The log.
        try checkLog(t.log, steps: 30)
    }

    private func checkLog(_ path: String, steps: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.first, "step,epoch,train_loss,val_loss,elapsed_s,chars_per_s", file: file, line: line)
        let body = rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertGreaterThanOrEqual(body.count, steps, file: file, line: line)
        XCTAssertTrue(body.allSatisfy { $0.count == 6 }, "six fields per row", file: file, line: line)
        XCTAssertEqual(body.prefix(steps).map { $0[0] }, (1...steps).map(String.init), "steps 1...\(steps)", file: file, line: line)
        for r in body {
            XCTAssertNotNil(Double(r[1]), "epoch \(r)", file: file, line: line)
            XCTAssertTrue(Double(r[2]).map { $0.isFinite && $0 > 0 } ?? false, "train_loss \(r)", file: file, line: line)
            XCTAssertTrue(r[3].isEmpty || Double(r[3]) != nil, "val_loss \(r)", file: file, line: line)
            XCTAssertNotNil(Double(r[4]), "elapsed \(r)", file: file, line: line)
            XCTAssertNotNil(Double(r[5]), "chars/s \(r)", file: file, line: line)
        }
        XCTAssertNotNil(body.last.flatMap { Double($0[3]) }, "a validation loss at the end", file: file, line: line)
    }

    func testCharLMEnglish() throws {
        try checkLanguage(english, name: "english", unknown: "Z")
    }

    func testCharLMKorean() throws {
        try checkLanguage(korean, name: "korean", unknown: "쀍")
        // A Korean prime.
        let tmp = try tempDir()
        let t = try trainSmall(korean, in: tmp, name: "ko2", extra: ["--embed", "6", "--cell", "gru"])
        let p = run(["sample", "--model", t.model, "--prime", "안녕", "--length", "5"])
        assertSucceeds(p)
        XCTAssertTrue(p.out.hasPrefix("안녕"), p.out)
    }

    func testCharLMResumeEqualsStraightRun() throws {
        let tmp = try tempDir()
        let data = try write(english, "e.txt", in: tmp)
        let common = ["train", "--task", "charlm", "--data", data, "--hidden", "12", "--seq-len", "6", "--batch-size", "3", "--seed", "4"]
        let s = tmp.appendingPathComponent("s.safetensors").path
        let h = tmp.appendingPathComponent("h.safetensors").path
        let r2 = tmp.appendingPathComponent("r.safetensors").path
        assertSucceeds(run(common + ["--steps", "12", "--save", s]))
        assertSucceeds(run(common + ["--steps", "5", "--save", h]))
        assertSucceeds(run(["train", "--task", "charlm", "--data", data, "--resume", h, "--steps", "12", "--save", r2]))
        XCTAssertEqual(try STFile(path: s).tensors.mapValues(\.bytes), try STFile(path: r2).tensors.mapValues(\.bytes),
                       "charlm resume gives the straight run's tensors")
        // Resuming with a model option is a usage error.
        assertFails(run(["train", "--task", "charlm", "--data", data, "--resume", h, "--steps", "12", "--save", r2, "--hidden", "4"]),
                    status: 2, ["--hidden"])
    }

    func testCharLMOptionErrors() throws {
        let tmp = try tempDir()
        let data = try write(english, "e.txt", in: tmp)
        let save = tmp.appendingPathComponent("m.safetensors").path
        let base = ["train", "--task", "charlm", "--data", data, "--save", save, "--steps", "1"]
        for (extra, fragments) in [(["--bptt", "4"], ["--bptt"]), (["--classes", "3"], ["--classes"]),
                                   (["--loss", "mse"], ["--loss"]), (["--val-fraction", "0.9"], ["--val-fraction"]),
                                   (["--seq-len", "0"], ["--seq-len"])] {
            assertFails(run(base + extra), status: 2, fragments, extra.joined(separator: " "))
        }
        // Text too short for the streams.
        let tiny = try write("ab", "tiny.txt", in: tmp)
        let r = run(["train", "--task", "charlm", "--data", tiny, "--save", save, "--steps", "1", "--batch-size", "4"])
        assertFails(r, status: 1, [tiny], "tiny text")
        // Not UTF-8.
        let bin = tmp.appendingPathComponent("bin.txt")
        try Data([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x41, 0x42]).write(to: bin)
        assertFails(run(["train", "--task", "charlm", "--data", bin.path, "--save", save, "--steps", "1"]), status: 1, [bin.path], "invalid UTF-8")
        // sample on a model that is not a character model.
        let seq = fixtures.appendingPathComponent("infer/gru_1layer/model.safetensors").path
        assertFails(run(["sample", "--model", seq]), status: 1, [seq, "vocab"], "sample on a sequence model")
        // sample option errors on a real character model.
        let t = try trainSmall(english, in: tmp, name: "small")
        assertFails(run(["sample", "--model", t.model, "--length", "-3"]), status: 2, ["--length"], "--length -3")
        assertFails(run(["sample", "--model", t.model, "--temperature", "hot"]), status: 2, ["--temperature", "hot"], "--temperature hot")
        assertFails(run(["sample", "--model", t.model, "--top-k", "0"]), status: 2, ["--top-k"], "--top-k 0")
        assertFails(run(["sample", "--model", t.model, "--prime", ""]), status: 2, ["--prime"], "empty --prime")
    }

    func testCharLMBundledCorpus() throws {
        let tmp = try tempDir()
        let save = tmp.appendingPathComponent("m.safetensors").path
        let r = run(["train", "--task", "charlm", "--steps", "3", "--hidden", "8", "--save", save])
        assertSucceeds(r, "bundled corpus")
        XCTAssertTrue(r.out.contains("Macbeth"), r.out)
        XCTAssertTrue(FileManager.default.fileExists(atPath: save))
        let s = run(["sample", "--model", save, "--length", "20", "--prime", "MACBETH"])
        assertSucceeds(s)
        XCTAssertTrue(s.out.hasPrefix("MACBETH"))
    }

    // MARK: plot

    func testPlotWritesAnSVGChart() throws {
        let tmp = try tempDir()
        let t = try trainSmall(english, in: tmp, name: "plot")
        let svg = tmp.appendingPathComponent("loss.svg").path
        let r = run(["plot", t.log, "--output", svg])
        assertSucceeds(r)
        let s = try String(contentsOfFile: svg, encoding: .utf8)
        XCTAssertTrue(s.contains("<svg"))
        XCTAssertTrue(s.contains("</svg>"))
        XCTAssertTrue(s.contains("<polyline"))
        XCTAssertTrue(s.contains(">training loss<"), "legend")
        XCTAssertTrue(s.contains(">validation loss<"), "legend")
        XCTAssertTrue(s.contains(">Loss: plot.log.csv<"), "title")
        // Tick labels: numbers in <text> elements; the step axis covers 1...30.
        let labels = textElements(s)
        XCTAssertTrue(labels.contains("step"), "x axis label")
        XCTAssertTrue(labels.contains("loss"), "y axis label")
        let numbers = labels.compactMap(Double.init)
        XCTAssertGreaterThanOrEqual(numbers.count, 6, "tick labels: \(labels)")
        XCTAssertTrue(numbers.contains(10) && numbers.contains(20) && numbers.contains(30), "step ticks: \(labels)")
        assertWellFormedXML(s)

        // --title (escaped), --log-y.
        let svg2 = tmp.appendingPathComponent("loss2.svg").path
        assertSucceeds(run(["plot", t.log, "--output", svg2, "--title", "Loss & <friends>", "--log-y"]))
        let s2 = try String(contentsOfFile: svg2, encoding: .utf8)
        XCTAssertTrue(s2.contains("Loss &amp; &lt;friends&gt;"), "escaped title")
        XCTAssertTrue(s2.contains("log scale"))
        XCTAssertTrue(textElements(s2).contains { $0.hasPrefix("1e") }, "log ticks")
        assertWellFormedXML(s2)
    }

    func testPlotErrors() throws {
        let tmp = try tempDir()
        let missing = tmp.appendingPathComponent("missing.csv").path
        assertFails(run(["plot", missing, "--output", tmp.appendingPathComponent("a.svg").path]), status: 1, [missing], "missing log")
        let wrong = try write("a,b\n1,2\n", "wrong.csv", in: tmp)
        assertFails(run(["plot", wrong, "--output", tmp.appendingPathComponent("a.svg").path]), status: 1, [wrong, "train_loss"], "wrong columns")
        let ragged = try write("step,epoch,train_loss,val_loss,elapsed_s,chars_per_s\n1,0.1,2.0,,0.1,5\n2,0.2\n", "ragged.csv", in: tmp)
        assertFails(run(["plot", ragged, "--output", tmp.appendingPathComponent("a.svg").path]), status: 1, [ragged, "line 3"], "ragged")
        let nan = try write("step,epoch,train_loss,val_loss,elapsed_s,chars_per_s\n1,0.1,nan,,0.1,5\n", "nan.csv", in: tmp)
        assertFails(run(["plot", nan, "--output", tmp.appendingPathComponent("a.svg").path]), status: 1, [nan], "nothing finite")
        let empty = try write("", "empty.csv", in: tmp)
        assertFails(run(["plot", empty, "--output", tmp.appendingPathComponent("a.svg").path]), status: 1, [empty], "empty")
        // One row: still a chart (a single point).
        let one = try write("step,epoch,train_loss,val_loss,elapsed_s,chars_per_s\n1,0.1,2.5,2.6,0.1,5\n", "one.csv", in: tmp)
        let out = tmp.appendingPathComponent("one.svg").path
        assertSucceeds(run(["plot", one, "--output", out]), "one row")
        let s = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        XCTAssertTrue(s.contains("<circle"), "a single point is drawn as a marker")
        assertWellFormedXML(s)
        // An uncreatable output.
        let bad = tmp.appendingPathComponent("no/such/dir/x.svg").path
        assertFails(run(["plot", one, "--output", bad]), status: 1, ["x.svg"], "uncreatable output")
    }

    /// Values a few ulps apart (a flat loss curve, or huge step numbers): the tick loop must
    /// still end. Run under a memory limit: the runaway loop appends ticks without end.
    func testPlotTinyRangeDoesNotHang() throws {
        let tmp = try tempDir()
        let header = "step,epoch,train_loss,val_loss,elapsed_s,chars_per_s\n"
        let cases = [
            ("flat-loss", header + "1,0.1,1.0,,0.1,5\n2,0.2,1.0000000000000002,,0.2,5\n"),
            ("huge-steps", header + "100000000000000000,0.1,1.0,,0.1,5\n100000000000000016,0.2,2.0,,0.2,5\n"),
        ]
        for (name, text) in cases {
            let log = try write(text, "\(name).csv", in: tmp)
            let svg = tmp.appendingPathComponent("\(name).svg").path
            let r = run(["plot", log, "--output", svg], timeout: 20, memoryLimitMB: 512)
            XCTAssertFalse(r.signaled, "\(name): rnn plot crashed or was killed (status \(r.status)): an endless tick loop?")
            XCTAssertEqual(r.status, 0, "\(name): \(r.errLines.first ?? "")")
            if r.status == 0 {
                let s = (try? String(contentsOfFile: svg, encoding: .utf8)) ?? ""
                XCTAssertTrue(s.contains("<polyline"), name)
            }
        }
    }

    /// With --val-fraction 0 there is no validation loss: the log should not repeat the last step.
    func testCharLMLogWithoutValidationHasNoDuplicateRows() throws {
        let tmp = try tempDir()
        let t = try trainSmall(english, in: tmp, name: "noval", extra: ["--val-fraction", "0"])
        let rows = try String(contentsOfFile: t.log, encoding: .utf8).split(separator: "\n").dropFirst()
        let steps = rows.map { $0.split(separator: ",", omittingEmptySubsequences: false)[0] }
        XCTAssertEqual(steps.count, Set(steps).count, "each step once in the log: \(rows.suffix(2))")
        XCTAssertEqual(steps.count, 30)
        XCTAssertFalse(t.result.out.contains("validation loss"))
    }

    private func textElements(_ svg: String) -> [String] {
        var out: [String] = []
        var rest = svg[...]
        while let open = rest.range(of: "<text") {
            guard let gt = rest[open.upperBound...].firstIndex(of: ">"),
                  let close = rest[gt...].range(of: "</text>") else { break }
            out.append(String(rest[rest.index(after: gt)..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }

    private func assertWellFormedXML(_ s: String, file: StaticString = #filePath, line: UInt = #line) {
        let parser = XMLParser(data: Data(s.utf8))
        XCTAssertTrue(parser.parse(), "the SVG is well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")", file: file, line: line)
    }
}
