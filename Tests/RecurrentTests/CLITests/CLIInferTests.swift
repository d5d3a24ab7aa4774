// `rnn infer` run as a program: parity with the PyTorch fixtures (file, pipe, --output),
// streaming, bad input lines, bad model files and the RECURRENT_ISA environment variable.
import Foundation
import XCTest

final class CLIInferTests: CLITestCase {
    private func caseDir(_ name: String) -> URL { fixtures.appendingPathComponent("infer").appendingPathComponent(name) }

    /// A small unidirectional model with a head: input 3, output 3.
    private var gruModel: String { caseDir("gru_1layer").appendingPathComponent("model.safetensors").path }

    // MARK: 1. Parity with the fixtures

    func testInferMatchesEveryFixtureFromFile() throws {
        let names = try caseNames("infer")
        XCTAssertGreaterThanOrEqual(names.count, 20)
        for name in names {
            let dir = caseDir(name)
            let expected = try String(contentsOf: dir.appendingPathComponent("expected.csv"), encoding: .utf8)
            let r = run(["infer", "--model", dir.appendingPathComponent("model.safetensors").path,
                         "--input", dir.appendingPathComponent("input.csv").path] + caseArgs(dir))
            assertSucceeds(r, name)
            assertRowsMatch(r.out, expected, name)
        }
    }

    func testInferMatchesEveryFixtureFromStandardInput() throws {
        for name in try caseNames("infer") {
            let dir = caseDir(name)
            let input = try String(contentsOf: dir.appendingPathComponent("input.csv"), encoding: .utf8)
            let expected = try String(contentsOf: dir.appendingPathComponent("expected.csv"), encoding: .utf8)
            let r = run(["infer", "--model", dir.appendingPathComponent("model.safetensors").path] + caseArgs(dir), stdin: input)
            assertSucceeds(r, "\(name) (stdin)")
            assertRowsMatch(r.out, expected, "\(name) (stdin)")
        }
    }

    func testInferMatchesEveryFixtureWithOutputFile() throws {
        let tmp = try tempDir()
        for name in try caseNames("infer") {
            let dir = caseDir(name)
            let expected = try String(contentsOf: dir.appendingPathComponent("expected.csv"), encoding: .utf8)
            let out = tmp.appendingPathComponent("\(name).csv").path
            let r = run(["infer", "--model", dir.appendingPathComponent("model.safetensors").path,
                         "--input", dir.appendingPathComponent("input.csv").path, "--output", out] + caseArgs(dir))
            assertSucceeds(r, "\(name) (--output)")
            XCTAssertEqual(r.out, "", "\(name): nothing on stdout with --output")
            let written = try String(contentsOfFile: out, encoding: .utf8)
            assertRowsMatch(written, expected, "\(name) (--output)")
        }
    }

    /// Windows line endings, comments inside a sequence, `--input -`, space separators.
    func testInferAcceptsCRLFCommentsAndSpaces() throws {
        let dir = caseDir("gru_1layer")
        let input = try String(contentsOf: dir.appendingPathComponent("input.csv"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("expected.csv"), encoding: .utf8)
        let crlf = input.replacingOccurrences(of: "\n", with: "\r\n")
        var r = run(["infer", "--model", gruModel, "--input", "-"], stdin: crlf)
        assertSucceeds(r, "CRLF")
        assertRowsMatch(r.out, expected, "CRLF")
        // Comment lines anywhere, space-only separators, tabs.
        var lines: [String] = []
        for l in input.components(separatedBy: "\n") {
            lines.append(l.replacingOccurrences(of: ", ", with: l.count % 2 == 0 ? " " : "\t"))
            if !l.isEmpty && !l.hasPrefix("#") { lines.append("   # a comment between steps") }
        }
        r = run(["infer", "--model", gruModel], stdin: lines.joined(separator: "\n"))
        assertSucceeds(r, "comments")
        assertRowsMatch(r.out, expected, "comments")
    }

    /// --last on every fixture: the last row of each expected sequence (bidirectional too).
    func testInferLastMatchesTheFinalStepOfEveryFixture() throws {
        for name in try caseNames("infer") where !caseArgs(caseDir(name)).contains("--last") {
            let dir = caseDir(name)
            let expected = try String(contentsOf: dir.appendingPathComponent("expected.csv"), encoding: .utf8)
            var finals: [String] = []
            var previous: String? = nil
            for l in expected.components(separatedBy: "\n") {
                if l.isEmpty { if let p = previous { finals.append(p) }; previous = nil } else { previous = l }
            }
            if let p = previous { finals.append(p) }
            let input = try String(contentsOf: dir.appendingPathComponent("input.csv"), encoding: .utf8)
            for viaStdin in [false, true] {
                let model = dir.appendingPathComponent("model.safetensors").path
                let r = viaStdin
                    ? run(["infer", "--model", model, "--last"], stdin: input)
                    : run(["infer", "--model", model, "--last", "--input", dir.appendingPathComponent("input.csv").path])
                assertSucceeds(r, "\(name) --last")
                assertRowsMatch(r.out, finals.map { $0 + "\n" }.joined(), "\(name) --last\(viaStdin ? " (stdin)" : "")")
            }
        }
    }

    /// Reading and writing the same file must not destroy the input.
    func testInferOutputOverTheInputFileDoesNotLoseIt() throws {
        let tmp = try tempDir()
        let text = "1,2,3\n4,5,6\n"
        let path = try write(text, "same.csv", in: tmp)
        let expected = run(["infer", "--model", gruModel], stdin: text)
        assertSucceeds(expected)
        let r = run(["infer", "--model", gruModel, "--input", path, "--output", path])
        let after = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if r.status == 0 {
            // Acceptable only if the output really is the model's output for that input.
            XCTAssertEqual(after, expected.out, "rnn infer --input F --output F: exit 0 but F now holds \(after.debugDescription) (input lost)")
        } else {
            XCTAssertFalse(r.signaled)
            XCTAssertEqual(r.errLines.count, 1, r.err)
            XCTAssertEqual(after, text, "a refused run must leave the input intact")
        }
    }

    // MARK: 2. Streaming

    func testInferStreamsOneLineAtATime() throws {
        let s = try CLIInteractive(binary: rnnBinary(), args: ["infer", "--model", gruModel])
        let inputs = ["0.5, -1, 2", "1 1 1", "-0.25,0.125,3", "", "2,2,2"]
        var got: [String] = []
        for line in inputs {
            XCTAssertTrue(s.send(line + "\n"), "write failed")
            // Each line's output must arrive before the next line is written.
            guard let out = s.readLine(timeout: 20) else {
                XCTFail("no output for input line '\(line)' before the next one was written (not flushed per line?)")
                _ = s.finish(timeout: 5)
                return
            }
            got.append(out)
        }
        s.closeInput()
        let rest = s.readRest()
        let end = s.finish()
        XCTAssertFalse(end.signaled)
        XCTAssertEqual(end.status, 0, end.err)
        XCTAssertEqual(end.err, "")
        XCTAssertEqual(got[3], "", "a blank input line gives a blank output line")
        XCTAssertEqual(rest, "\n", "end of input ends the sequence in progress with a blank line")
        // Same numbers as a batch run.
        let batch = run(["infer", "--model", gruModel], stdin: inputs.joined(separator: "\n") + "\n")
        assertSucceeds(batch)
        XCTAssertEqual(batch.out, got.map { $0 + "\n" }.joined() + rest)
    }

    /// A bidirectional model needs whole sequences: its output comes when the blank line
    /// ends the sequence, before any further input.
    func testInferBidirectionalStreamsPerSequence() throws {
        let dir = caseDir("gru_bidir")
        let model = dir.appendingPathComponent("model.safetensors").path
        let s = try CLIInteractive(binary: rnnBinary(), args: ["infer", "--model", model])
        let seq1 = ["0.1,0.2,0.3", "1,-1,0.5", "0,0,1"]
        for l in seq1 { s.send(l + "\n") }
        s.send("\n")
        var got: [String] = []
        for _ in 0..<4 {
            guard let l = s.readLine(timeout: 20) else { XCTFail("sequence output not flushed at the blank line"); break }
            got.append(l)
        }
        XCTAssertEqual(got.last, "", "blank line after the sequence")
        s.send("0.5,0.5,0.5\n")
        s.closeInput()
        let rest = s.readRest()
        let end = s.finish()
        XCTAssertEqual(end.status, 0, end.err)
        let batch = run(["infer", "--model", model], stdin: (seq1 + ["", "0.5,0.5,0.5"]).joined(separator: "\n") + "\n")
        assertSucceeds(batch)
        XCTAssertEqual(got.map { $0 + "\n" }.joined() + rest, batch.out)
    }

    func testInferReaderClosingEarlyEndsWithStatusZero() throws {
        let s = try CLIInteractive(binary: rnnBinary(), args: ["infer", "--model", gruModel])
        XCTAssertTrue(s.send("1,2,3\n"))
        XCTAssertNotNil(s.readLine(timeout: 20), "first output line")
        s.closeOutput()
        // Keep writing: the tool notices the closed pipe when it writes its next line.
        for i in 0..<2000 {
            if !s.send("\(i % 7),0.5,-1\n") { break }
            if i % 100 == 99 { usleep(10_000) }
        }
        let end = s.finish()
        XCTAssertFalse(end.signaled, "killed by signal \(end.status - 128) (SIGPIPE not handled?)")
        XCTAssertEqual(end.status, 0, "stderr: \(end.err)")
    }

    func testInferReaderClosingEarlyWithLargeFileInput() throws {
        // Not live (a regular file): output is buffered; the closed pipe shows up at a flush.
        let tmp = try tempDir()
        let big = (0..<50_000).map { "\($0 % 5),1,-1" }.joined(separator: "\n") + "\n"
        let path = try write(big, "big.csv", in: tmp)
        let p = Process()
        p.executableURL = rnnBinary()
        p.arguments = ["infer", "--model", gruModel, "--input", path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        try p.run()
        let fd = out.fileHandleForReading.fileDescriptor
        var buf = [UInt8](repeating: 0, count: 16)
        _ = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 16) }
        try out.fileHandleForReading.close()
        if waitOrKill(p, done, timeout: 60) { XCTFail("timed out") }
        XCTAssertNotEqual(p.terminationReason, .uncaughtSignal, "killed by signal \(p.terminationStatus)")
        XCTAssertEqual(p.terminationStatus, 0)
    }

    func testInferProcessesALastLineWithoutNewline() throws {
        let with = run(["infer", "--model", gruModel], stdin: "1,2,3\n4,5,6\n")
        let without = run(["infer", "--model", gruModel], stdin: "1,2,3\n4,5,6")
        assertSucceeds(with)
        assertSucceeds(without)
        XCTAssertEqual(with.outLines.count, 3)
        XCTAssertEqual(without.out, with.out)
        let last = run(["infer", "--model", gruModel, "--last"], stdin: "1,2,3\n4,5,6")
        assertSucceeds(last)
        XCTAssertEqual(last.outLines, [with.outLines[1]], "--last prints only the final step, no blank line")
        // Interactive: a partial last line processed when the input closes.
        let s = try CLIInteractive(binary: rnnBinary(), args: ["infer", "--model", gruModel])
        s.send("1,2,3\n")
        XCTAssertEqual(s.readLine(), with.outLines[0])
        s.send("4,5,6")
        s.closeInput()
        XCTAssertEqual(s.readRest(), with.outLines[1] + "\n\n")
        let end = s.finish()
        XCTAssertEqual(end.status, 0, end.err)
    }

    // MARK: 3. Bad input lines

    private struct BadLine {
        let line: String
        let fragments: [String]
    }

    private let badLines: [BadLine] = [
        BadLine(line: "1,2", fragments: ["line 3", "expected 3 numbers, found 2"]),
        BadLine(line: "1,2,3,4", fragments: ["line 3", "expected 3 numbers, found 4"]),
        BadLine(line: "1,abc,3", fragments: ["line 3", "abc"]),
        BadLine(line: "1,2,3x", fragments: ["line 3", "3x"]),
        BadLine(line: "nan,1,2", fragments: ["line 3", "nan"]),
        BadLine(line: "1,inf,2", fragments: ["line 3", "inf"]),
        BadLine(line: "1,2,-infinity", fragments: ["line 3", "infinity"]),
        BadLine(line: "1e39,1,2", fragments: ["line 3", "1e39"]),
        BadLine(line: "1,-4e38,2", fragments: ["line 3", "4e38"]),
    ]

    func testInferBadLinesFailAfterWritingEarlierOutput() throws {
        let good = run(["infer", "--model", gruModel], stdin: "1,2,3\n0.5 0.5 0.5\n")
        assertSucceeds(good)
        let firstTwo = Array(good.outLines.prefix(2))
        XCTAssertEqual(firstTwo.count, 2)
        let tmp = try tempDir()
        for bad in badLines {
            let text = "1,2,3\n0.5 0.5 0.5\n\(bad.line)\n4,5,6\n"
            // Standard input (live, flushed per line).
            var r = run(["infer", "--model", gruModel], stdin: text)
            assertFails(r, status: 1, ["standard input"] + bad.fragments, "stdin '\(bad.line)'")
            XCTAssertEqual(r.outLines, firstTwo, "stdin '\(bad.line)': the output of the lines before the bad one")
            // A regular file (buffered): the earlier output must still be written.
            let input = try write(text, "in.csv", in: tmp)
            r = run(["infer", "--model", gruModel, "--input", input])
            assertFails(r, status: 1, [input] + bad.fragments, "file '\(bad.line)'")
            XCTAssertEqual(r.outLines, firstTwo, "file '\(bad.line)': the output of the lines before the bad one")
            // --output FILE.
            let output = tmp.appendingPathComponent("out.csv").path
            r = run(["infer", "--model", gruModel, "--input", input, "--output", output])
            assertFails(r, status: 1, bad.fragments, "--output '\(bad.line)'")
            let written = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            XCTAssertEqual(written, firstTwo.map { $0 + "\n" }.joined(), "--output '\(bad.line)'")
        }
    }

    func testInferBadLineNumberCountsCommentsAndBlankLines() {
        let r = run(["infer", "--model", gruModel], stdin: "# comment\n1,2,3\n\n# another\n\n1,2\n")
        assertFails(r, status: 1, ["line 6", "expected 3 numbers, found 2"])
    }

    func testInferMissingAndUnreadableInputs() throws {
        let tmp = try tempDir()
        let missing = tmp.appendingPathComponent("nope.csv").path
        var r = run(["infer", "--model", gruModel, "--input", missing])
        assertFails(r, status: 1, [missing], "missing input")
        r = run(["infer", "--model", gruModel, "--input", tmp.path])
        assertFails(r, status: 1, [tmp.path], "folder as input")
        let out = tmp.appendingPathComponent("no/such/dir/out.csv").path
        r = run(["infer", "--model", gruModel, "--output", out], stdin: "1,2,3\n")
        assertFails(r, status: 1, [out], "uncreatable output")
    }

    /// A character model with an embedding reads token ids, not vectors: infer refuses it.
    func testInferRejectsAnEmbeddingCharacterModel() throws {
        let tmp = try tempDir()
        let text = try write(String(repeating: "abc abd abe.\n", count: 20), "t.txt", in: tmp)
        let m = tmp.appendingPathComponent("c.safetensors").path
        assertSucceeds(run(["train", "--task", "charlm", "--data", text, "--hidden", "4", "--seq-len", "4", "--embed", "3",
                            "--batch-size", "2", "--steps", "1", "--save", m]))
        let r = run(["infer", "--model", m], stdin: "1\n")
        assertFails(r, status: 1, [m, "rnn sample"])
    }

    // MARK: 3. Bad model files

    private func assertBadModel(_ path: String, _ fragments: [String] = [], _ what: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        let r = run(["infer", "--model", path], stdin: "1,2,3\n", file: file, line: line)
        assertFails(r, status: 1, [path] + fragments, "infer: \(what)", file: file, line: line)
        XCTAssertEqual(r.out, "", "infer: \(what): no output", file: file, line: line)
        let i = run(["inspect", path], file: file, line: line)
        assertFails(i, status: 1, [path] + fragments, "inspect: \(what)", file: file, line: line)
    }

    func testInferBadModelFiles() throws {
        let tmp = try tempDir()
        let model = try Data(contentsOf: URL(fileURLWithPath: gruModel))
        assertBadModel(tmp.appendingPathComponent("missing.safetensors").path, [], "missing file")
        let empty = tmp.appendingPathComponent("empty.safetensors").path
        try Data().write(to: URL(fileURLWithPath: empty))
        assertBadModel(empty, [], "empty file")
        let seven = tmp.appendingPathComponent("seven.safetensors").path
        try Data(model.prefix(7)).write(to: URL(fileURLWithPath: seven))
        assertBadModel(seven, [], "7 bytes")
        let half = tmp.appendingPathComponent("half.safetensors").path
        try Data(model.prefix(model.count / 2)).write(to: URL(fileURLWithPath: half))
        assertBadModel(half, [], "truncated file")
        let lessOne = tmp.appendingPathComponent("less1.safetensors").path
        try Data(model.prefix(model.count - 1)).write(to: URL(fileURLWithPath: lessOne))
        assertBadModel(lessOne, [], "one byte short")
        var g = SystemRandomNumberGenerator()
        let garbage = tmp.appendingPathComponent("garbage.safetensors").path
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &g) }).write(to: URL(fileURLWithPath: garbage))
        assertBadModel(garbage, [], "garbage")
        // A plausible length field followed by bytes that are not JSON.
        let notJSON = tmp.appendingPathComponent("notjson.safetensors").path
        try Data([16, 0, 0, 0, 0, 0, 0, 0] + Array("{not json at all".utf8)).write(to: URL(fileURLWithPath: notJSON))
        assertBadModel(notJSON, [], "header not JSON")
        assertBadModel(tmp.path, [], "a folder")
        assertBadModel(caseDir("gru_1layer").appendingPathComponent("input.csv").path, [], "a CSV file")
    }

    func testInferModelWithoutCellOrWithBadCellOrWrongShape() throws {
        let tmp = try tempDir()
        let good = try STFile(path: gruModel)
        XCTAssertEqual(good.metadata["cell"], "gru")
        // No metadata at all.
        var f = good
        f.metadata = [:]
        let noCell = tmp.appendingPathComponent("nocell.safetensors").path
        try f.write(to: noCell)
        assertBadModel(noCell, ["cell"], "no cell metadata")
        // cell = banana.
        f.metadata = ["cell": "banana"]
        let banana = tmp.appendingPathComponent("banana.safetensors").path
        try f.write(to: banana)
        assertBadModel(banana, ["banana"], "cell banana")
        // weight_hh with the wrong shape.
        f = good
        let hh = try XCTUnwrap(good.tensors["rnn.weight_hh_l0"])
        f.tensors["rnn.weight_hh_l0"] = STFile.f32([hh.shape[0], hh.shape[1] - 1], [Float](repeating: 0.1, count: hh.shape[0] * (hh.shape[1] - 1)))
        let shape = tmp.appendingPathComponent("shape.safetensors").path
        try f.write(to: shape)
        assertBadModel(shape, ["rnn.weight_hh_l0"], "wrong weight_hh shape")
        // weight_ih rows not a multiple of the gate count.
        f = good
        let ih = try XCTUnwrap(good.tensors["rnn.weight_ih_l0"])
        f.tensors["rnn.weight_ih_l0"] = STFile.f32([ih.shape[0] - 1, ih.shape[1]], [Float](repeating: 0.1, count: (ih.shape[0] - 1) * ih.shape[1]))
        let rows = tmp.appendingPathComponent("rows.safetensors").path
        try f.write(to: rows)
        assertBadModel(rows, ["rnn.weight_ih_l0"], "weight_ih rows")
        // Head with the wrong input width.
        f = good
        let hw = try XCTUnwrap(good.tensors["head.weight"])
        f.tensors["head.weight"] = STFile.f32([hw.shape[0], hw.shape[1] + 2], [Float](repeating: 0.1, count: hw.shape[0] * (hw.shape[1] + 2)))
        let head = tmp.appendingPathComponent("head.safetensors").path
        try f.write(to: head)
        assertBadModel(head, ["head.weight"], "head width")
        // A missing tensor.
        f = good
        f.tensors.removeValue(forKey: "rnn.bias_hh_l0")
        let missing = tmp.appendingPathComponent("missingtensor.safetensors").path
        try f.write(to: missing)
        assertBadModel(missing, ["bias"], "missing bias_hh")
        // Shape and byte count that disagree.
        f = good
        f.tensors["rnn.bias_ih_l0"]!.bytes.removeLast(4)
        let bytes = tmp.appendingPathComponent("bytes.safetensors").path
        try f.write(to: bytes)
        assertBadModel(bytes, ["rnn.bias_ih_l0"], "byte count vs shape")
        // No recurrent tensors at all.
        f = STFile(tensors: ["x": STFile.f32([2], [1, 2])], metadata: ["cell": "lstm"])
        let none = tmp.appendingPathComponent("none.safetensors").path
        try f.write(to: none)
        assertBadModel(none, ["weight_ih_l0"], "no recurrent tensors")
        // The hand-written good file still works (so the failures above are the edits).
        let copy = tmp.appendingPathComponent("copy.safetensors").path
        try good.write(to: copy)
        let r = run(["infer", "--model", copy], stdin: "1,2,3\n")
        assertSucceeds(r, "rewritten good model")
        XCTAssertEqual(r.out, run(["infer", "--model", gruModel], stdin: "1,2,3\n").out)
    }

    // MARK: 7. Environment

    func testInferUnknownISAIsAUsageError() {
        let r = run(["infer", "--model", gruModel], stdin: "1,2,3\n", env: ["RECURRENT_ISA": "bogus"])
        assertFails(r, status: 2, ["RECURRENT_ISA", "bogus"])
        XCTAssertEqual(r.out, "")
    }

    func testInferUnsupportedISAIsAUsageError() {
        let flags = cpuFlags
        guard !flags.isEmpty else { return }
        var unsupported: [String] = ["neon"]
        if !flags.contains("avx512f") { unsupported.append("avx512") }
        if !flags.contains("avx2") { unsupported.append("avx2") }
        for isa in unsupported {
            let r = run(["infer", "--model", gruModel], stdin: "1,2,3\n", env: ["RECURRENT_ISA": isa])
            assertFails(r, status: 2, ["RECURRENT_ISA", isa], "RECURRENT_ISA=\(isa)")
        }
    }

    func testInferFixturesUnderEachSupportedISA() throws {
        for isa in supportedISALevels {
            for name in try caseNames("infer") {
                let dir = caseDir(name)
                let expected = try String(contentsOf: dir.appendingPathComponent("expected.csv"), encoding: .utf8)
                let r = run(["infer", "--model", dir.appendingPathComponent("model.safetensors").path,
                             "--input", dir.appendingPathComponent("input.csv").path, "--threads", "1"] + caseArgs(dir),
                            env: ["RECURRENT_ISA": isa])
                assertSucceeds(r, "\(name) [\(isa)]")
                assertRowsMatch(r.out, expected, "\(name) [RECURRENT_ISA=\(isa)]")
            }
        }
    }
}
