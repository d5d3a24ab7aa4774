// `rnn train` and `rnn eval` on sequence data, run as a program: parity with the PyTorch
// training fixtures, malformed data, contradictions, determinism, resume, numeric failure.
import Foundation
import XCTest

final class CLITrainTests: CLITestCase {
    private func caseDir(_ name: String) -> URL { fixtures.appendingPathComponent("train").appendingPathComponent(name) }
    private var lstmData: String { caseDir("sgd_lstm").appendingPathComponent("data.csv").path }

    /// The rnn.* / head.* tensors of a model file (F32).
    private func modelTensors(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: STTensor] {
        let f = try STFile(path: path)
        return f.tensors.filter { $0.key.hasPrefix("rnn.") || $0.key.hasPrefix("head.") }
    }

    // MARK: 5. Parity with the training fixtures

    /// Every training fixture, at every ISA level this CPU runs (RECURRENT_ISA).
    func testTrainMatchesEveryFixture() throws {
        let tmp = try tempDir()
        let names = try caseNames("train")
        XCTAssertGreaterThanOrEqual(names.count, 15)
        for (isa, base) in supportedISALevels.flatMap({ isa in names.map { (isa, $0) } }) {
            let dir = caseDir(base)
            let name = "\(base) [RECURRENT_ISA=\(isa)]"
            let out = tmp.appendingPathComponent("\(base)-\(isa).safetensors").path
            let r = run(["train", "--init", dir.appendingPathComponent("init.safetensors").path,
                         "--data", dir.appendingPathComponent("data.csv").path] + caseArgs(dir) + ["--save", out],
                        env: ["RECURRENT_ISA": isa])
            assertSucceeds(r, name)
            XCTAssertTrue(r.out.contains("saved"), "\(name): reports the save")
            guard r.status == 0 else { continue }
            let got = try modelTensors(out)
            let want = try modelTensors(dir.appendingPathComponent("expected.safetensors").path)
            XCTAssertFalse(want.isEmpty, name)
            XCTAssertEqual(Set(got.keys), Set(want.keys), "\(name): tensor names")
            var worst = 0.0, worstName = ""
            for (tname, w) in want {
                guard let g = got[tname] else { continue }
                XCTAssertEqual(g.dtype, "F32", "\(name) \(tname)")
                XCTAssertEqual(g.shape, w.shape, "\(name) \(tname) shape")
                let gv = g.floats, wv = w.floats
                XCTAssertEqual(gv.count, wv.count)
                for (a, b) in zip(gv, wv) {
                    let d = Double(abs(a - b)) / max(1, Double(abs(b)))
                    if !(d <= worst) { worst = d; worstName = tname }
                }
            }
            XCTAssertLessThanOrEqual(worst, 1e-5, "\(name): worst relative difference in \(worstName)")
            // The weights really moved (the comparison is not trivially against the init).
            let initial = try modelTensors(dir.appendingPathComponent("init.safetensors").path)
            XCTAssertNotEqual(initial["rnn.weight_hh_l0"]?.bytes ?? initial["head.weight"]?.bytes, got["rnn.weight_hh_l0"]?.bytes ?? got["head.weight"]?.bytes, "\(name): weights changed")
        }
    }

    // MARK: Malformed data

    func testTrainRejectsMalformedDataBeforeTraining() throws {
        let tmp = try tempDir()
        let initMSE = caseDir("sgd_lstm").appendingPathComponent("init.safetensors").path
        let initCE = caseDir("sgd_rnn_tanh_ce").appendingPathComponent("init.safetensors").path
        let good = "# comment\n0.1, 0.2, 0.3, 1, 2\n0.1, 0.2, 0.3\n\n0.5 0.5 0.5 0 0\n"
        let goodCE = "# comment\n0.1, 0.2, 0.3, 1\n0.1, 0.2, 0.3\n\n0.5 0.5 0.5 3\n"
        struct Case { let text: String; let ce: Bool; let line: Int; let fragments: [String] }
        let cases: [Case] = [
            Case(text: good + "1,2,3,4\n", ce: false, line: 6, fragments: ["found 4"]),
            Case(text: good + "1,2\n", ce: false, line: 6, fragments: ["found 2"]),
            Case(text: good + "1,2,3,4,5,6\n", ce: false, line: 6, fragments: ["found 6"]),
            Case(text: good + "1,x,3,4,5\n", ce: false, line: 6, fragments: ["'x'"]),
            Case(text: good + "1,2,3,4,nan\n", ce: false, line: 6, fragments: ["nan"]),
            Case(text: good + "1,2,3,inf,4\n", ce: false, line: 6, fragments: ["inf"]),
            Case(text: good + "1,2,1e39,4,5\n", ce: false, line: 6, fragments: ["1e39"]),
            Case(text: goodCE + "1,2,3,4\n", ce: true, line: 6, fragments: ["4"]),
            Case(text: goodCE + "1,2,3,-1\n", ce: true, line: 6, fragments: ["-1"]),
            Case(text: goodCE + "1,2,3,1.5\n", ce: true, line: 6, fragments: ["1.5"]),
            Case(text: goodCE + "1,2,3,nan\n", ce: true, line: 6, fragments: ["nan"]),
            Case(text: "# only a comment\n\n\n", ce: false, line: 0, fragments: ["no sequences"]),
        ]
        for (i, c) in cases.enumerated() {
            let data = try write(c.text, "bad\(i).csv", in: tmp)
            let save = tmp.appendingPathComponent("out\(i).safetensors").path
            let what = "case \(i): \(c.text.split(separator: "\n").last ?? "")"
            // From --init and as a new model (the latter with --loss ce --classes 4).
            let runs: [[String]] = c.ce
                ? [["--init", initCE, "--loss", "ce"], ["--input-size", "3", "--loss", "ce", "--classes", "4", "--hidden", "4"]]
                : [["--init", initMSE], ["--input-size", "3", "--output-size", "2", "--hidden", "4"]]
            for extra in runs {
                let r = run(["train", "--data", data, "--save", save, "--steps", "2"] + extra)
                assertFails(r, status: 1, [data] + (c.line > 0 ? ["line \(c.line)"] : []) + c.fragments, "\(what) \(extra)")
                XCTAssertFalse(r.out.contains("step "), "\(what): training must not start")
                XCTAssertFalse(FileManager.default.fileExists(atPath: save), "\(what): nothing saved")
            }
            // eval reads data the same way.
            let model = c.ce ? initCE : initMSE
            let e = run(["eval", "--model", model, "--data", data] + (c.ce ? ["--loss", "ce"] : []))
            assertFails(e, status: 1, [data] + (c.line > 0 ? ["line \(c.line)"] : []) + c.fragments, "eval \(what)")
        }
        // A missing data file and a folder.
        let missing = tmp.appendingPathComponent("missing.csv").path
        let r = run(["train", "--init", initMSE, "--data", missing, "--save", tmp.appendingPathComponent("m").path])
        assertFails(r, status: 1, [missing], "missing data")
        let d = run(["train", "--init", initMSE, "--data", tmp.path, "--save", tmp.appendingPathComponent("m").path])
        assertFails(d, status: 1, [tmp.path], "folder as data")
        // Validation data is checked too.
        let badVal = try write(good + "1,2\n", "badval.csv", in: tmp)
        let v = run(["train", "--init", initMSE, "--data", lstmData, "--val", badVal, "--steps", "1",
                     "--save", tmp.appendingPathComponent("v").path])
        assertFails(v, status: 1, [badVal, "line 6"], "bad --val")
    }

    // MARK: Contradictions

    func testTrainInitContradictionsAreUsageErrors() throws {
        let tmp = try tempDir()
        let initPath = caseDir("sgd_lstm").appendingPathComponent("init.safetensors").path
        let save = tmp.appendingPathComponent("o.safetensors").path
        let base = ["train", "--init", initPath, "--data", lstmData, "--save", save, "--steps", "1"]
        let cases: [([String], [String])] = [
            (["--hidden", "99"], ["--hidden 99", "hidden size 5", initPath]),
            (["--cell", "gru"], ["--cell gru", "lstm"]),
            (["--layers", "3"], ["--layers 3", "1"]),
            (["--input-size", "4"], ["--input-size 4", "3"]),
            (["--output-size", "7"], ["--output-size 7", "2"]),
            (["--bidirectional"], ["--bidirectional"]),
            (["--init-scheme", "orthogonal"], ["--init-scheme"]),
            (["--resume", initPath], ["--resume", "--init"]),
        ]
        for (extra, fragments) in cases {
            let r = run(base + extra)
            assertFails(r, status: 2, fragments, extra.joined(separator: " "))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: save))
        // Agreeing values are fine.
        assertSucceeds(run(base + ["--hidden", "5", "--cell", "lstm", "--input-size", "3"]), "agreeing options")
    }

    // MARK: New models, determinism, resume

    private func newGRU(_ save: String, _ extra: [String] = []) -> CLIResult {
        run(["train", "--data", lstmData, "--input-size", "3", "--output-size", "2", "--cell", "gru", "--hidden", "8",
             "--save", save, "--seed", "1"] + extra)
    }

    func testTrainNewModelIsDeterministic() throws {
        let tmp = try tempDir()
        let a = tmp.appendingPathComponent("a.safetensors").path, b = tmp.appendingPathComponent("b.safetensors").path
        assertSucceeds(newGRU(a, ["--steps", "20"]), "first")
        assertSucceeds(newGRU(b, ["--steps", "20"]), "second")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)),
                       "two runs with the same seed give byte-identical files")
        // The file is a usable model with the requested architecture.
        let i = run(["inspect", a])
        assertSucceeds(i)
        XCTAssertTrue(i.out.contains("cell:           gru"), i.out)
        XCTAssertTrue(i.out.contains("hidden size:    8"))
        XCTAssertTrue(i.out.contains("head:           linear, 8 -> 2"))
        XCTAssertTrue(i.out.contains("train.step: 20"))
        let inf = run(["infer", "--model", a], stdin: "1,2,3\n")
        assertSucceeds(inf)
        XCTAssertEqual(inf.outLines.first?.split(separator: ",").count, 2)
        // Another seed gives another model.
        let c = tmp.appendingPathComponent("c.safetensors").path
        assertSucceeds(run(["train", "--data", lstmData, "--input-size", "3", "--output-size", "2", "--cell", "gru",
                            "--hidden", "8", "--save", c, "--seed", "2", "--steps", "20"]))
        XCTAssertNotEqual(try modelTensors(a)["rnn.weight_hh_l0"]?.bytes, try modelTensors(c)["rnn.weight_hh_l0"]?.bytes)
        // --threads does not change the result.
        let t = tmp.appendingPathComponent("t.safetensors").path
        assertSucceeds(newGRU(t, ["--steps", "20", "--threads", "1"]))
        XCTAssertEqual(try modelTensors(a).mapValues(\.bytes), try modelTensors(t).mapValues(\.bytes), "--threads 1")
    }

    func testTrainResumeEqualsStraightRun() throws {
        let tmp = try tempDir()
        let variants: [[String]] = [[], ["--bptt", "2"], ["--no-shuffle"], ["--bptt", "3", "--no-shuffle", "--batch-size", "3"],
                                    ["--batch-size", "3", "--dropout", "0.2", "--layers", "2"]]
        for (k, v) in variants.enumerated() {
            let straight = tmp.appendingPathComponent("s\(k).safetensors").path
            let half = tmp.appendingPathComponent("h\(k).safetensors").path
            let resumed = tmp.appendingPathComponent("r\(k).safetensors").path
            assertSucceeds(newGRU(straight, ["--steps", "6"] + v), "straight \(v)")
            assertSucceeds(newGRU(half, ["--steps", "3"] + v), "first half \(v)")
            let r = run(["train", "--resume", half, "--steps", "6", "--data", lstmData, "--save", resumed])
            assertSucceeds(r, "resume \(v)")
            XCTAssertTrue(r.out.contains("after 6 updates (3 in this run)"), "\(v): \(r.out)")
            let s = try modelTensors(straight), q = try modelTensors(resumed)
            XCTAssertFalse(s.isEmpty)
            XCTAssertEqual(s.mapValues(\.bytes), q.mapValues(\.bytes), "resume \(v): rnn.*/head.* tensors differ from the straight run")
            // The optimizer state and training position agree as well.
            let sf = try STFile(path: straight), rf = try STFile(path: resumed)
            XCTAssertEqual(sf.tensors.mapValues(\.bytes), rf.tensors.mapValues(\.bytes), "resume \(v): all tensors")
            XCTAssertEqual(sf.metadata["train.step"], "6")
            XCTAssertEqual(rf.metadata["train.step"], "6")
        }
    }

    func testTrainResumeContradictionsAreUsageErrors() throws {
        let tmp = try tempDir()
        let ck = tmp.appendingPathComponent("ck.safetensors").path
        assertSucceeds(newGRU(ck, ["--steps", "2", "--batch-size", "4"]))
        let base = ["train", "--resume", ck, "--data", lstmData, "--steps", "4", "--save", tmp.appendingPathComponent("o").path]
        for (extra, fragments) in [(["--batch-size", "8"], ["--batch-size 8", "4"]),
                                   (["--seed", "9"], ["--seed 9"]),
                                   (["--lr", "0.5"], ["--lr 0.5"]),
                                   (["--optimizer", "sgd"], ["--optimizer sgd", "adam"]),
                                   (["--hidden", "8"], ["--hidden"])] {
            assertFails(run(base + extra), status: 2, fragments, extra.joined(separator: " "))
        }
        // A checkpoint that is not a training checkpoint.
        let notCk = caseDir("sgd_lstm").appendingPathComponent("init.safetensors").path
        let r = run(["train", "--resume", notCk, "--data", lstmData, "--steps", "4", "--save", tmp.appendingPathComponent("o").path])
        XCTAssertEqual(r.status, 1, "resume from a plain model file: \(r.err)")
        XCTAssertEqual(r.errLines.count, 1)
        XCTAssertTrue(r.err.contains(notCk), r.err)
    }

    func testTrainCheckpointEveryGivesTheSameFinalFile() throws {
        let tmp = try tempDir()
        let a = tmp.appendingPathComponent("a.safetensors").path, b = tmp.appendingPathComponent("b.safetensors").path
        assertSucceeds(newGRU(a, ["--steps", "5"]))
        assertSucceeds(newGRU(b, ["--steps", "5", "--checkpoint-every", "2"]))
        XCTAssertEqual(try STFile(path: a).tensors.mapValues(\.bytes), try STFile(path: b).tensors.mapValues(\.bytes))
    }

    // MARK: Numeric failure

    func testTrainStopsWhenTheLossBecomesNaN() throws {
        let tmp = try tempDir()
        let save = tmp.appendingPathComponent("nan.safetensors").path
        let r = run(["train", "--data", lstmData, "--input-size", "3", "--output-size", "2", "--hidden", "8", "--cell", "rnn_relu",
                     "--optimizer", "sgd", "--lr", "1e30", "--steps", "20", "--save", save, "--seed", "1"])
        assertFails(r, status: 1, ["loss", "step"], "rnn_relu --lr 1e30")
        XCTAssertTrue(r.err.lowercased().contains("nan") || r.err.contains("inf"), r.err)
        XCTAssertFalse(r.out.contains("saved"), "no final save after a numeric failure")
    }

    func testTrainNumericFailureKeepsTheCheckpointLoadable() throws {
        let tmp = try tempDir()
        for cell in ["lstm", "gru", "rnn_relu"] {
            let save = tmp.appendingPathComponent("\(cell).safetensors").path
            let r = run(["train", "--data", lstmData, "--input-size", "3", "--output-size", "2", "--hidden", "8", "--cell", cell,
                         "--optimizer", "sgd", "--lr", "1e30", "--steps", "20", "--save", save, "--seed", "1",
                         "--checkpoint-every", "1"])
            assertFails(r, status: 1, ["became", "step"], "\(cell) --lr 1e30")
            XCTAssertTrue(r.err.contains("loss") || r.err.contains("gradient"), r.err)
            XCTAssertTrue(FileManager.default.fileExists(atPath: save), "\(cell): checkpoint exists")
            let i = run(["inspect", save])
            assertSucceeds(i, "\(cell): inspect the checkpoint")
            XCTAssertTrue(i.out.contains("cell:           \(cell)"))
            // The checkpoint holds the last good step and can be resumed (until it fails again).
            let f = try STFile(path: save)
            let step = Int(f.metadata["train.step"] ?? "") ?? -1
            XCTAssertGreaterThanOrEqual(step, 1, "\(cell): checkpoint step")
            XCTAssertTrue(r.err.contains("step \(step + 1)"), "\(cell): the failing step is the one after the checkpoint: \(r.err)")
            for t in f.tensors.values where t.dtype == "F32" {
                XCTAssertTrue(t.floats.allSatisfy(\.isFinite), "\(cell): the checkpoint holds only finite values")
            }
        }
    }

    // MARK: Progress output to a closed pipe

    /// `rnn train ... | head -1`: the reader goes away while training prints progress.
    /// Exit status 0 must mean the model was saved; otherwise the run must fail visibly.
    func testTrainWithClosedProgressPipeDoesNotReportSuccessWithoutSaving() throws {
        let tmp = try tempDir()
        let runs: [(String, [String])] = [
            ("sequence", ["train", "--data", lstmData, "--input-size", "3", "--output-size", "2", "--hidden", "4",
                          "--steps", "40", "--batch-size", "1"]),
            ("charlm", ["train", "--task", "charlm", "--data",
                        try write(String(repeating: "to be or not to be, that is the question.\n", count: 20), "t.txt", in: tmp),
                        "--hidden", "4", "--seq-len", "4", "--batch-size", "2", "--steps", "40"]),
        ]
        for (name, args) in runs {
            let save = tmp.appendingPathComponent("\(name).safetensors").path
            let s = try CLIInteractive(binary: rnnBinary(), args: args + ["--save", save])
            s.closeOutput()
            let end = s.finish()
            XCTAssertFalse(end.signaled, "\(name): killed by signal \(end.status - 128)")
            if end.status == 0 {
                XCTAssertTrue(FileManager.default.fileExists(atPath: save),
                              "\(name): rnn train exited 0 after its stdout reader closed, but \(save) was not written (training silently abandoned)")
            } else {
                XCTAssertEqual(end.err.split(separator: "\n").count, 1, "\(name): one line on stderr: \(end.err)")
            }
        }
    }

    /// Data without any target: one line naming the data file.
    func testTrainOnDataWithoutTargetsNamesTheFile() throws {
        let tmp = try tempDir()
        let data = try write("1,2,3\n4,5,6\n\n1,1,1\n", "inputs-only.csv", in: tmp)
        for extra in [["--steps", "3"], ["--epochs", "2"], ["--steps", "3", "--bptt", "1"]] {
            let r = run(["train", "--data", data, "--input-size", "3", "--hidden", "4", "--save",
                         tmp.appendingPathComponent("m.safetensors").path] + extra, timeout: 30)
            assertFails(r, status: 1, ["targets", data], "inputs only \(extra)")
        }
    }

    // MARK: eval

    /// The first `n` sequences of a fixture data file.
    private func firstSequences(_ path: String, _ n: Int) throws -> String {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        var out: [String] = [], count = 0, inSeq = false
        for l in lines {
            if l.hasPrefix("#") { continue }
            if l.trimmingCharacters(in: .whitespaces).isEmpty {
                if inSeq { count += 1; inSeq = false; out.append("") }
                if count == n { break }
                continue
            }
            inSeq = true
            out.append(l)
        }
        return out.joined(separator: "\n") + "\n"
    }

    func testEvalMatchesTheFixtureFirstUpdateLoss() throws {
        let tmp = try tempDir()
        let cases = try caseInfo("train")
        for name in ["sgd_lstm", "sgd_gru", "sgd_rnn_tanh_ce", "sgd_lstm_many_to_one"] {
            guard let c = cases[name], let ref = (c["ref_losses"] as? [Double])?.first else { continue }
            let dir = caseDir(name)
            // The first update sees the first batch (4 sequences, --no-shuffle, no bptt).
            let data = try write(try firstSequences(dir.appendingPathComponent("data.csv").path, 4), "\(name).csv", in: tmp)
            let ce = (c["loss"] as? String) == "ce"
            let r = run(["eval", "--model", dir.appendingPathComponent("init.safetensors").path, "--data", data] + (ce ? ["--loss", "ce"] : []))
            assertSucceeds(r, name)
            XCTAssertEqual(r.outLines.count, 1, "\(name): one line")
            let words = r.out.split(separator: " ")
            XCTAssertEqual(words.first.map(String.init), ce ? "ce" : "mse", r.out)
            let loss = words.count > 2 ? Double(words[2].trimmingCharacters(in: .punctuationCharacters)) : nil
            XCTAssertNotNil(loss, r.out)
            if let loss { XCTAssertEqual(loss, ref, accuracy: 1e-5 * max(1, abs(ref)), "\(name): eval loss vs the fixture's first-update loss") }
            XCTAssertTrue(r.out.contains("in 4 sequences"), r.out)
            XCTAssertEqual(r.out.contains("accuracy"), ce, "\(name): accuracy only for ce")
        }
    }

    func testEvalAfterTrainingUsesTheTrainedLoss() throws {
        let tmp = try tempDir()
        let dir = caseDir("sgd_rnn_tanh_ce")
        let out = tmp.appendingPathComponent("ce.safetensors").path
        assertSucceeds(run(["train", "--init", dir.appendingPathComponent("init.safetensors").path,
                            "--data", dir.appendingPathComponent("data.csv").path] + caseArgs(dir) + ["--save", out]))
        // The model remembers it was trained with ce: eval uses it without --loss.
        let r = run(["eval", "--model", out, "--data", dir.appendingPathComponent("data.csv").path])
        assertSucceeds(r)
        XCTAssertTrue(r.out.hasPrefix("ce loss "), r.out)
        let acc = r.out.range(of: #"accuracy [0-9.]+%"#, options: .regularExpression)
        XCTAssertNotNil(acc, "accuracy printed: \(r.out)")
        // A new mse model: eval prints the mse loss and no accuracy.
        let m = tmp.appendingPathComponent("mse.safetensors").path
        assertSucceeds(newGRU(m, ["--steps", "3"]))
        let e = run(["eval", "--model", m, "--data", lstmData])
        assertSucceeds(e)
        XCTAssertTrue(e.out.hasPrefix("mse loss "), e.out)
        XCTAssertFalse(e.out.contains("accuracy"))
        // --skip-unknown is for character models only.
        assertFails(run(["eval", "--model", m, "--data", lstmData, "--skip-unknown"]), status: 2, ["--skip-unknown"])
    }

    func testTrainLogAndValidation() throws {
        let tmp = try tempDir()
        let save = tmp.appendingPathComponent("m.safetensors").path
        let log = tmp.appendingPathComponent("log.csv").path
        let r = run(["train", "--data", lstmData, "--val", lstmData, "--input-size", "3", "--output-size", "2", "--hidden", "4",
                     "--batch-size", "4", "--epochs", "2", "--save", save, "--log", log])
        assertSucceeds(r)
        let rows = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.first, "step,epoch,train_loss,val_loss,elapsed_s,steps_per_s")
        // 10 sequences in batches of 4: 3 updates per epoch, 6 in all.
        let body = rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertGreaterThanOrEqual(body.count, 6)
        XCTAssertTrue(body.allSatisfy { $0.count == 6 }, "six fields per row")
        XCTAssertEqual(body.last?.first, "6")
        let vals = body.compactMap { Double($0[3]) }
        XCTAssertGreaterThanOrEqual(vals.count, 2, "validation loss at each epoch end")
        XCTAssertTrue(r.out.contains("val "), r.out)
        // plot reads it.
        let svg = tmp.appendingPathComponent("loss.svg").path
        assertSucceeds(run(["plot", log, "--output", svg]))
        let s = try String(contentsOfFile: svg, encoding: .utf8)
        XCTAssertTrue(s.contains("validation loss") && s.contains("training loss"))
    }
}
