// `rnn inspect`, help texts and command-line usage errors (exit status 2).
import Foundation
import XCTest

final class CLIInspectTests: CLITestCase {
    private func caseDir(_ name: String) -> URL { fixtures.appendingPathComponent("infer").appendingPathComponent(name) }

    /// Parameter count of a case from its description in cases.json.
    private func expectedParameters(_ c: [String: Any]) -> Int {
        let cell = c["cell"] as! String
        let gates = cell == "lstm" ? 4 : cell.hasPrefix("gru") ? 3 : 1
        let I = c["input_size"] as! Int, H = c["hidden_size"] as! Int, L = c["num_layers"] as! Int
        let D = (c["bidirectional"] as! Bool) ? 2 : 1
        let bias = c["bias"] as! Bool
        var n = 0
        for l in 0..<L {
            let inSize = l == 0 ? I : D * H
            n += D * (gates * H * (inSize + H) + (bias ? 2 * gates * H : 0))
        }
        if c["head"] as! Bool {
            let O = c["output_size"] as! Int
            n += O * D * H + O
        }
        return n
    }

    func testInspectEveryInferFixture() throws {
        let cases = try caseInfo("infer")
        XCTAssertFalse(cases.isEmpty)
        for (name, c) in cases.sorted(by: { $0.key < $1.key }) {
            let path = caseDir(name).appendingPathComponent("model.safetensors").path
            let r = run(["inspect", path])
            assertSucceeds(r, name)
            let out = r.out
            func field(_ label: String) -> String? {
                for l in r.outLines where l.trimmingCharacters(in: .whitespaces).hasPrefix(label + ":") {
                    return l.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
                }
                return nil
            }
            XCTAssertEqual(field("cell"), c["cell"] as? String, "\(name) cell")
            XCTAssertEqual(field("input size"), String(c["input_size"] as! Int), "\(name) input size")
            XCTAssertEqual(field("hidden size"), String(c["hidden_size"] as! Int), "\(name) hidden size")
            XCTAssertEqual(field("layers"), String(c["num_layers"] as! Int), "\(name) layers")
            XCTAssertEqual(field("bidirectional"), (c["bidirectional"] as! Bool) ? "yes" : "no", "\(name) bidirectional")
            XCTAssertEqual(field("bias"), (c["bias"] as! Bool) ? "yes" : "no", "\(name) bias")
            XCTAssertEqual(field("parameters"), String(expectedParameters(c)), "\(name) parameter count")
            if c["head"] as! Bool {
                XCTAssertTrue(field("head")?.hasSuffix("-> \(c["output_size"] as! Int)") ?? false, "\(name) head: \(field("head") ?? "-")")
            } else {
                XCTAssertTrue(field("head")?.hasPrefix("none") ?? false, "\(name) head: \(field("head") ?? "-")")
            }
            // Every tensor of the file with its dtype and shape, as this test's own parser reads them.
            let file = try STFile(path: path)
            XCTAssertFalse(file.tensors.isEmpty)
            let dtype = c["dtype"] as! String
            for (tname, t) in file.tensors {
                XCTAssertEqual(t.dtype, dtype, "\(name): fixture dtype of \(tname)")
                let shape = "[" + t.shape.map(String.init).joined(separator: ", ") + "]"
                let line = r.outLines.first { $0.split(separator: " ").first.map(String.init) == tname }
                XCTAssertNotNil(line, "\(name): tensor \(tname) not listed")
                if let line {
                    let words = line.split(separator: " ").map(String.init)
                    XCTAssertEqual(words.dropFirst().first, dtype, "\(name): dtype of \(tname) in '\(line)'")
                    XCTAssertTrue(line.contains(shape), "\(name): shape \(shape) of \(tname) in '\(line)'")
                    XCTAssertFalse(line.contains("not used"), "\(name): \(tname) is used by the model")
                }
            }
            XCTAssertTrue(out.contains("tensors:"), name)
            XCTAssertTrue(out.contains("metadata:"), name)
            XCTAssertTrue(r.outLines.contains { $0.trimmingCharacters(in: .whitespaces) == "cell: \(c["cell"] as! String)" },
                          "\(name): metadata 'cell' listed")
        }
    }

    func testInspectShowsExtraTensorsAndMetadata() throws {
        let tmp = try tempDir()
        var f = try STFile(path: caseDir("gru_1layer").appendingPathComponent("model.safetensors").path)
        f.tensors["optimizer.thing"] = STFile.f32([2, 2], [1, 2, 3, 4])
        f.metadata["note"] = "hello & <world>"
        f.metadata["long"] = String(repeating: "x", count: 500)
        let path = tmp.appendingPathComponent("extra.safetensors").path
        try f.write(to: path)
        let r = run(["inspect", path])
        assertSucceeds(r)
        let line = r.outLines.first { $0.contains("optimizer.thing") } ?? ""
        XCTAssertTrue(line.contains("F32") && line.contains("[2, 2]") && line.contains("not used"), line)
        XCTAssertTrue(r.out.contains("note: hello & <world>"))
        XCTAssertTrue(r.out.contains("(500 characters)"), "long metadata is shortened")
    }

    func testInspectUsageErrors() {
        var r = run(["inspect"])
        assertFails(r, status: 2, ["inspect"], "no file")
        r = run(["inspect", "a.safetensors", "b.safetensors"])
        assertFails(r, status: 2, ["b.safetensors"], "two files")
    }
}

final class CLIUsageTests: CLITestCase {
    /// Sources/rnn/Commands of this checkout (nil when the sources are not next to the tests).
    private var commandsFolder: URL? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/rnn/Commands")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Options declared (`.value("name"` / `.flag("name"`) in these source files.
    private func declaredOptions(_ files: [String]) throws -> [String] {
        guard let dir = commandsFolder else { return [] }
        let files = files.filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }
        var names: [String] = []
        let re = try NSRegularExpression(pattern: #"\.(?:value|flag)\(\s*"([a-z0-9-]+)""#)
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            let ns = text as NSString
            for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                names.append(ns.substring(with: m.range(at: 1)))
            }
        }
        return names
    }

    /// Options every command must at least offer (a floor if the sources cannot be read).
    private let knownOptions: [String: [String]] = [
        "train": ["task", "data", "save", "resume", "batch-size", "epochs", "steps", "checkpoint-every", "log", "threads",
                  "loss", "bptt", "no-shuffle", "val", "cell", "hidden", "layers", "bidirectional", "input-size",
                  "output-size", "classes", "init", "init-scheme", "forget-bias", "optimizer", "lr", "momentum",
                  "weight-decay", "clip", "clip-value", "dropout", "seed", "seq-len", "embed", "val-fraction", "sample"],
        "infer": ["model", "input", "output", "last", "threads"],
        "eval": ["model", "data", "loss", "skip-unknown", "threads"],
        "sample": ["model", "prime", "length", "temperature", "top-k", "seed", "threads"],
        "inspect": [],
        "plot": ["output", "title", "log-y"],
        "bench": ["cell", "mode", "batch", "seq", "input", "hidden", "layers", "threads", "repeat", "warmup", "json"],
        "data": ["length", "count", "seed", "output"],
    ]

    private let sourceFiles: [String: [String]] = [
        "train": ["Train.swift", "CharLM.swift"], "infer": ["Infer.swift"], "eval": ["Eval.swift"],
        "sample": ["Sample.swift"], "inspect": ["Inspect.swift"], "plot": ["Plot.swift"],
        "bench": ["Bench.swift"], "data": ["Data.swift"],
    ]

    func testTopLevelHelp() {
        for flag in ["--help", "-h", "help"] {
            let r = run([flag])
            assertSucceeds(r, flag)
            for c in knownOptions.keys { XCTAssertTrue(r.out.contains("  \(c) "), "\(flag): command \(c) listed") }
            XCTAssertTrue(r.out.contains("RECURRENT_ISA"))
        }
        let none = run([])
        XCTAssertEqual(none.status, 2, "no command is a usage error")
        XCTAssertFalse(none.signaled)
    }

    func testEveryCommandHelpMentionsEveryDeclaredOption() throws {
        if commandsFolder != nil {
            XCTAssertGreaterThanOrEqual(try declaredOptions(sourceFiles["train"]!).count, 30, "the source scan finds train's options")
        }
        for (command, floor) in knownOptions {
            let declared = try declaredOptions(sourceFiles[command]!)
            let all = Set(floor + declared)
            for flag in ["--help", "-h"] {
                let r = run([command, flag])
                assertSucceeds(r, "\(command) \(flag)")
                XCTAssertTrue(r.out.contains("Usage: rnn \(command)"), "\(command) \(flag): usage line")
                for o in all.sorted() {
                    XCTAssertTrue(r.out.contains("--\(o) ") || r.out.contains("--\(o)\n"), "rnn \(command) \(flag) does not mention --\(o)")
                }
            }
        }
        // --help wins over everything else on the line, even errors.
        let r = run(["infer", "--bogus", "--help"])
        XCTAssertTrue(r.status == 0 || r.status == 2, "status \(r.status)")
        let h = run(["train", "--steps", "abc", "--help"])
        assertSucceeds(h, "train --steps abc --help")
    }

    func testUnknownCommand() {
        let r = run(["frobnicate", "--model", "x"])
        assertFails(r, status: 2, ["frobnicate"])
        XCTAssertEqual(r.out, "")
    }

    func testUsageErrorsNameTheOption() throws {
        let model = fixtures.appendingPathComponent("infer/gru_1layer/model.safetensors").path
        let data = fixtures.appendingPathComponent("train/sgd_lstm/data.csv").path
        let tmp = try tempDir()
        let save = tmp.appendingPathComponent("o.safetensors").path
        let train = ["train", "--data", data, "--input-size", "3", "--output-size", "2", "--save", save]
        let cases: [([String], [String])] = [
            (["infer", "--model", model, "--modle", "x"], ["--modle"]),
            (["infer", "--model", model, "-x"], ["-x"]),
            (["infer", "--model"], ["--model"]),
            (["infer"], ["--model"]),
            (["infer", "--model", model, "--threads", "many"], ["--threads", "many"]),
            (["infer", "--model", model, "--threads", "0"], ["--threads"]),
            (["infer", "--model", model, "--last=yes"], ["--last"]),
            (["infer", "--model", model, "stray"], ["stray"]),
            (["eval", "--model", model], ["--data"]),
            (["plot", "log.csv"], ["--output"]),
            (train + ["--steps", "abc"], ["--steps", "abc"]),
            (train + ["--steps", "1.5"], ["--steps", "1.5"]),
            (train + ["--steps", "0"], ["--steps"]),
            (train + ["--lr", "fast"], ["--lr", "fast"]),
            (train + ["--lr", "nan"], ["--lr", "nan"]),
            (train + ["--lr", "-1"], ["--lr"]),
            (train + ["--dropout", "1.5"], ["--dropout"]),
            (train + ["--hidden", "x"], ["--hidden", "x"]),
            (train + ["--cell", "banana"], ["--cell", "banana"]),
            (train + ["--optimizer", "lion"], ["--optimizer", "lion"]),
            (train + ["--loss", "hinge"], ["--loss", "hinge"]),
            (train + ["--task", "poetry"], ["--task", "poetry"]),
            (train + ["--batch-size"], ["--batch-size"]),
            (train + ["--seq-len", "5"], ["--seq-len"]),
            (train + ["--momentum", "0.9"], ["--momentum"]),
            (train + ["--forget-bias", "1", "--cell", "gru"], ["--forget-bias"]),
            (["train", "--data", data, "--save", save], ["--input-size"]),
            (["train", "--data", data, "--input-size", "3"], ["--save"]),
        ]
        for (args, fragments) in cases {
            let r = run(args)
            assertFails(r, status: 2, fragments, args.joined(separator: " "))
            XCTAssertFalse(r.out.contains("step "), "\(args.joined(separator: " ")): no training on a usage error")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: save), "nothing saved on usage errors")
    }

    func testOptionValueForms() throws {
        let model = fixtures.appendingPathComponent("infer/gru_1layer/model.safetensors").path
        let a = run(["infer", "--model", model], stdin: "1,2,3\n")
        let b = run(["infer", "--model=\(model)", "--threads=1"], stdin: "1,2,3\n")
        assertSucceeds(a)
        assertSucceeds(b)
        XCTAssertEqual(a.out, b.out)
        // A negative number as an option value is a value, not an option.
        let tmp = try tempDir()
        let data = fixtures.appendingPathComponent("train/sgd_lstm/data.csv").path
        let r = run(["train", "--data", data, "--input-size", "3", "--output-size", "2", "--hidden", "4", "--steps", "1",
                     "--forget-bias", "-1", "--save", tmp.appendingPathComponent("m.safetensors").path])
        assertSucceeds(r, "--forget-bias -1")
    }
}
