// Reliability of the `rnn` tool under hostile conditions, run as a program:
//
// 1. `rnn train --checkpoint-every 1` killed with SIGKILL at random moments: the checkpoint
//    on disk is always complete and loadable, never goes backwards, leaves at most one
//    temporary file per killed process, and a chain of resumes from killed runs is bitwise
//    the uninterrupted run.
// 2. `rnn infer` over an endless stream (1,000,000 lines where a release binary is at hand):
//    the resident memory of the process stays flat.
// 3. `rnn infer` whose reader leaves mid-stream stops reading and exits quietly with status 0
//    (at full speed, unidirectional and bidirectional); a last line without a newline is
//    processed in every mode.
// 4. Training is bitwise reproducible with --threads 2, shuffling, dropout, 2 layers and
//    --bptt, for sequence data and for --task charlm.
//
// Random choices (kill delays, data) come from a seeded generator; the seed is in every
// failure message and can be set with RNN_RELIABILITY_SEED. RNN_STREAM_LINES sets the number
// of lines of the stream test, RNN_STREAM_BINARY the binary it runs.
import Foundation
import XCTest
import Recurrent
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif


/// State shared with a reader or writer thread (read only after the thread is done).
final class ReliabilityBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

final class CLIReliabilityTests: CLITestCase {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["RNN_RELIABILITY_SEED"].flatMap { UInt64($0) } ?? 20_261_123

    // MARK: - Helpers

    /// Sequence data: `count` sequences of 5-20 steps, 3 inputs and 2 targets per step
    /// (the running sum and the running mean of the first input).
    private func sequenceCSV(count: Int = 64, seed: UInt64) -> String {
        var rng = SeededGenerator(seed: seed)
        var s = "# x1, x2, x3, sum(x1), mean(x1)\n"
        for _ in 0..<count {
            var sum = 0.0
            let steps = Int.random(in: 5...20, using: &rng)
            for t in 0..<steps {
                let x = (0..<3).map { _ in Double.random(in: -1...1, using: &rng) }
                sum += x[0]
                s += String(format: "%.4f, %.4f, %.4f, %.4f, %.4f\n", x[0], x[1], x[2], sum, sum / Double(t + 1))
            }
            s += "\n"
        }
        return s
    }

    private static let dtypeSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
        "U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1,
    ]

    private struct Incomplete: Error, CustomStringConvertible { let description: String }

    /// Checks that `bytes` are a complete safetensors file, more strictly than the library's
    /// reader would need to: the header length fits, the header is a JSON object, every
    /// tensor has a known dtype, a shape and data offsets inside the file whose length is
    /// dtype size x elements, the tensors tile the data section exactly (no gap, no overlap,
    /// nothing missing at the end), and all metadata values are strings. Returns the metadata.
    private func checkCompleteSafetensors(_ bytes: [UInt8]) throws -> [String: String] {
        guard bytes.count >= 8 else { throw Incomplete(description: "\(bytes.count) bytes: shorter than the header length") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= UInt64(bytes.count - 8) else {
            throw Incomplete(description: "header length \(n) runs past the end of the \(bytes.count)-byte file")
        }
        let headerEnd = 8 + Int(n)
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) } catch {
            throw Incomplete(description: "header is not JSON: \(error)")
        }
        guard let header = json as? [String: Any] else { throw Incomplete(description: "header is not a JSON object") }
        let dataCount = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var ranges: [(lo: Int, hi: Int, name: String)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw Incomplete(description: "__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw Incomplete(description: "metadata '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let e = value as? [String: Any], let dtype = e["dtype"] as? String, let size = Self.dtypeSizes[dtype],
                  let shape = (e["shape"] as? [NSNumber])?.map(\.intValue), shape.allSatisfy({ $0 >= 0 }),
                  let offsets = (e["data_offsets"] as? [NSNumber])?.map(\.intValue), offsets.count == 2 else {
                throw Incomplete(description: "tensor '\(name)': malformed entry \(value)")
            }
            guard 0 <= offsets[0], offsets[0] <= offsets[1], offsets[1] <= dataCount else {
                throw Incomplete(description: "tensor '\(name)': data_offsets \(offsets) outside the \(dataCount)-byte data section")
            }
            let elements = shape.reduce(1, *)
            guard offsets[1] - offsets[0] == elements * size else {
                throw Incomplete(description: "tensor '\(name)': \(offsets[1] - offsets[0]) bytes for \(elements) x \(dtype)")
            }
            ranges.append((offsets[0], offsets[1], name))
        }
        ranges.sort { ($0.lo, $0.hi) < ($1.lo, $1.hi) }
        var at = 0
        for r in ranges {
            guard r.lo == at else { throw Incomplete(description: "tensor '\(r.name)' starts at \(r.lo), expected \(at) (gap or overlap)") }
            at = r.hi
        }
        guard at == dataCount else { throw Incomplete(description: "tensors end at byte \(at) of a \(dataCount)-byte data section") }
        guard !ranges.isEmpty else { throw Incomplete(description: "no tensors") }
        return metadata
    }

    /// Waits for `p` to end, killing it after `timeout`; false on a timeout.
    private func wait(_ p: Process, _ done: DispatchSemaphore, timeout: TimeInterval) -> Bool {
        !waitOrKill(p, done, timeout: timeout)
    }

    /// The process ID in a temporary name of AtomicFile (".<name>.tmp-<pid>-<hex>"), or nil
    /// when `file` is not one.
    private func temporaryPID(_ file: String, of name: String) -> Int32? {
        let prefix = ".\(name).tmp-"
        guard file.hasPrefix(prefix) else { return nil }
        let parts = file.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = Int32(parts[0]), !parts[1].isEmpty, UInt64(parts[1], radix: 16) != nil else { return nil }
        return pid
    }

    // MARK: - 1. Crash-safe checkpoints under SIGKILL

    func testCheckpointSurvivesSIGKILLAtRandomMoments() throws {
        let seed = Self.seed
        let tmp = try tempDir()
        let ckDir = tmp.appendingPathComponent("ck"), logDir = tmp.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: ckDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: logDir, withIntermediateDirectories: true)
        let data = try write(sequenceCSV(seed: seed), "data.csv", in: tmp)
        let name = "ck.safetensors"
        let ck = ckDir.appendingPathComponent(name).path
        let model = ["--input-size", "3", "--output-size", "2", "--hidden", "8", "--seed", "7", "--batch-size", "8"]
        let common = ["--data", data, "--steps", "100000", "--checkpoint-every", "1", "--save", ck, "--threads", "1"]

        var rng = SeededGenerator(seed: seed)
        let budget: TimeInterval = 20, maxKills = 30
        let start = Date()
        var kills = 0, progressed = 0, lastStep = 0, resumedRuns = 0
        var killed = Set<Int32>()
        var leftovers = 0
        while kills < maxKills && Date().timeIntervalSince(start) < budget {
            // The first run starts a model; every later one resumes the killed run's checkpoint.
            let resuming = FileManager.default.fileExists(atPath: ck)
            let args = resuming ? ["train", "--resume", ck] + common : ["train"] + model + common
            let delay = Int.random(in: 20...300, using: &rng)
            let what = "seed \(seed), kill \(kills + 1) after \(delay) ms (\(resuming ? "resumed" : "new") run)"

            let errPath = logDir.appendingPathComponent("err-\(kills).txt").path
            XCTAssertTrue(FileManager.default.createFile(atPath: errPath, contents: nil), errPath)
            let errHandle = try XCTUnwrap(FileHandle(forWritingAtPath: errPath))
            let p = Process()
            p.executableURL = rnnBinary()
            p.arguments = args
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "RECURRENT_ISA")
            p.environment = env
            p.standardInput = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            p.standardError = errHandle
            let done = DispatchSemaphore(value: 0)
            p.terminationHandler = { _ in done.signal() }
            try p.run()
            try? errHandle.close()
            usleep(UInt32(delay) * 1000)
            let pid = p.processIdentifier
            if done.wait(timeout: .now()) == .success {
                let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
                XCTFail("\(what): rnn \(args.joined(separator: " ")) ended by itself (status \(p.terminationStatus)) before the kill; stderr: \(err)")
                return
            }
            kill(pid, SIGKILL)
            XCTAssertTrue(wait(p, done, timeout: 30), "\(what): no exit after SIGKILL")
            XCTAssertEqual(p.terminationReason, .uncaughtSignal, "\(what): not ended by the signal")
            XCTAssertEqual(p.terminationStatus, SIGKILL, what)
            kills += 1
            killed.insert(pid)
            if resuming { resumedRuns += 1 }

            // The folder: the checkpoint, and at most one temporary file per killed process.
            var perPID: [Int32: [String]] = [:]
            for file in try FileManager.default.contentsOfDirectory(atPath: ckDir.path) where file != name {
                guard let owner = temporaryPID(file, of: name) else {
                    XCTFail("\(what): unexpected file '\(file)' next to the checkpoint")
                    continue
                }
                XCTAssertTrue(killed.contains(owner), "\(what): temporary file '\(file)' of a process that was not killed")
                perPID[owner, default: []].append(file)
            }
            for (owner, files) in perPID where files.count > 1 {
                XCTFail("\(what): process \(owner) left \(files.count) temporary files: \(files.sorted())")
            }
            leftovers = perPID.values.map(\.count).reduce(0, +)
            XCTAssertLessThanOrEqual(leftovers, kills, what)

            // The checkpoint, once it exists: complete, loadable, never going backwards.
            guard FileManager.default.fileExists(atPath: ck) else {
                XCTAssertEqual(lastStep, 0, "\(what): the checkpoint disappeared")
                continue
            }
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ck)))
            let metadata: [String: String]
            do { metadata = try checkCompleteSafetensors(bytes) } catch {
                XCTFail("\(what): the checkpoint is incomplete or torn: \(error)")
                return
            }
            guard let step = metadata["train.step"].flatMap({ Int($0) }), step >= 1 else {
                XCTFail("\(what): train.step \(metadata["train.step"].debugDescription) does not parse as a step count")
                return
            }
            for key in metadata.keys where key.hasPrefix("train.") {
                XCTAssertFalse(metadata[key]!.isEmpty, "\(what): empty metadata \(key)")
            }
            XCTAssertGreaterThanOrEqual(step, lastStep, "\(what): the checkpoint went back from step \(lastStep) to \(step)")
            if step > lastStep { progressed += 1 }
            lastStep = step
            let inspect = run(["inspect", ck])
            assertSucceeds(inspect, "\(what): rnn inspect")
            XCTAssertTrue(inspect.out.contains("train.step: \(step)"), "\(what): inspect: \(inspect.out)")
        }
        let elapsed = Date().timeIntervalSince(start)
        print("SIGKILL test (seed \(seed)): \(kills) kills (\(resumedRuns) of resumed runs) in \(String(format: "%.1f", elapsed)) s; "
              + "checkpoint advanced \(progressed) times to step \(lastStep); \(leftovers) temporary files left by killed processes")
        XCTAssertGreaterThanOrEqual(kills, 10, "seed \(seed): too few kills in \(budget) s to mean anything")
        XCTAssertGreaterThanOrEqual(progressed, 3, "seed \(seed): the runs were killed before making progress (step \(lastStep))")
        guard lastStep > 0 else { return }

        // Resuming the last killed run works, and the chain of killed and resumed runs is
        // bitwise the uninterrupted run (README: "bitwise the same weights as an
        // uninterrupted run with the same thread count").
        let target = lastStep + 5
        let resumed = tmp.appendingPathComponent("resumed.safetensors").path
        let r = run(["train", "--resume", ck, "--data", data, "--steps", "\(target)", "--save", resumed, "--threads", "1"])
        assertSucceeds(r, "seed \(seed): --resume from a killed run")
        XCTAssertTrue(r.out.contains("after \(target) updates (5 in this run)"), r.out)
        let straight = tmp.appendingPathComponent("straight.safetensors").path
        assertSucceeds(run(["train"] + model + ["--data", data, "--steps", "\(target)", "--save", straight, "--threads", "1"]),
                       "straight run of \(target) steps")
        let a = try STFile(path: straight), b = try STFile(path: resumed)
        XCTAssertFalse(a.tensors.isEmpty)
        XCTAssertEqual(a.tensors.mapValues(\.bytes), b.tensors.mapValues(\.bytes),
                       "seed \(seed): \(kills) killed and resumed runs + 5 steps differ from \(target) uninterrupted steps")
        XCTAssertEqual(a.metadata, b.metadata, "seed \(seed): metadata")
    }

    // MARK: - 2. Constant memory on an endless stream

    /// The binary and line count for the stream test: a release `rnn` (1,000,000 lines) when
    /// one exists that is newer than every source file, else the tested binary with fewer
    /// lines in a debug build (a debug `rnn` runs ~20-25k lines/s on 2 cores: 1,000,000
    /// lines would take ~40 s, most of the debug test budget).
    private func streamSetup() -> (binary: URL, lines: Int, note: String) {
        let env = ProcessInfo.processInfo.environment
        let tested = rnnBinary()
        var lines: Int
        #if DEBUG
        lines = 200_000
        #else
        lines = 1_000_000
        #endif
        var binary = tested
        var note = "tested binary \(tested.path)"
        if let given = env["RNN_STREAM_BINARY"] {
            binary = URL(fileURLWithPath: given)
            lines = 1_000_000
            note = "RNN_STREAM_BINARY \(given)"
        } else if tested.deletingLastPathComponent().lastPathComponent == "debug" || tested.path.contains("/debug/") {
            // A fresh release build next to this one (same scratch path) or in .build.
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            let buildDir = tested.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            let candidates = [buildDir.appendingPathComponent("release/rnn"), root.appendingPathComponent(".build/release/rnn")]
            let newestSource = newestModification(under: [root.appendingPathComponent("Sources"), root.appendingPathComponent("CKernels")])
            for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) {
                let built = (try? FileManager.default.attributesOfItem(atPath: c.path)[.modificationDate] as? Date) ?? nil
                if let built, let newestSource, built >= newestSource {
                    binary = c
                    lines = 1_000_000
                    note = "release binary \(c.path)"
                    break
                } else {
                    note += " (release binary \(c.path) is older than the sources: not used)"
                }
            }
        }
        if let n = env["RNN_STREAM_LINES"].flatMap({ Int($0) }), n >= 10_000 { lines = n / 1000 * 1000 }
        return (binary, lines, note)
    }

    private func newestModification(under folders: [URL]) -> Date? {
        var newest: Date?
        for folder in folders {
            guard let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.contentModificationDateKey]) else { continue }
            for case let url as URL in e {
                if let d = try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate,
                   newest.map({ d > $0 }) ?? true {
                    newest = d
                }
            }
        }
        return newest
    }

    /// VmRSS of a process in bytes (nil once it has exited).
    private static func residentBytes(_ pid: Int32) -> Int? {
        guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in s.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
            return kb.map { $0 * 1024 }
        }
        return nil
    }

    func testInferMemoryStaysFlatOnAnEndlessStream() throws {
        #if !os(Linux)
        throw XCTSkip("reads /proc/<pid>/status")
        #endif
        let (binary, lines, note) = streamSetup()
        let model = fixtures.appendingPathComponent("infer/lstm_1layer/model.safetensors").path  // input size 5
        // A block of 1000 different lines, written over and over: one endless sequence.
        var block = ""
        for i in 0..<1000 {
            block += "\(Double(i % 17) / 8 - 1), 0.5, \(Double(i % 5) / 4), -0.25, \(Double(i % 3) - 1)\n"
        }
        let blockBytes = Array(block.utf8)
        let firstLines = block.split(separator: "\n").prefix(3).map { $0 + "\n" }.joined()

        let p = Process()
        p.executableURL = binary
        p.arguments = ["infer", "--model", model]
        let (inPipe, outPipe, errPipe, done) = attachPipes(p)
        let oldSigpipe = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, oldSigpipe) }
        let start = Date()
        try p.run()
        let pid = p.processIdentifier
        let group = DispatchGroup()

        // Writer: `lines` lines, then end of input.
        let writeFailed = ReliabilityBox(false)
        let inFD = inPipe.fileHandleForWriting
        DispatchQueue.global().async(group: group) {
            for _ in 0..<(lines / 1000) {
                if !CLITestCase.writeAll(inFD.fileDescriptor, blockBytes) {
                    writeFailed.value = true
                    break
                }
            }
            try? inFD.close()
        }
        // Reader: counts lines, keeps the first few, samples VmRSS every tenth of the stream.
        let every = lines / 10
        let outLines = ReliabilityBox(0), head = ReliabilityBox([UInt8]()), samples = ReliabilityBox([(lines: Int, rss: Int)]())
        let outFD = outPipe.fileHandleForReading.fileDescriptor
        DispatchQueue.global().async(group: group) {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var count = 0, next = every
            while true {
                let n = buffer.withUnsafeMutableBytes { read(outFD, $0.baseAddress!, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                if head.value.count < 4096 { head.value += buffer[..<n] }
                buffer.withUnsafeBytes { raw in
                    var p = raw.baseAddress!
                    let end = p + n
                    while p < end, let hit = memchr(p, 10, end - p) {
                        count += 1
                        p = UnsafeRawPointer(hit) + 1
                    }
                }
                if count >= next && count < lines {
                    if let rss = Self.residentBytes(pid) { samples.value.append((count, rss)) }
                    while next <= count { next += every }
                }
            }
            outLines.value = count
        }
        let errBox = CLIDataBox()
        let errHandle = errPipe.fileHandleForReading
        DispatchQueue.global().async(group: group) { errBox.data = errHandle.readDataToEndOfFile() }

        let finished = wait(p, done, timeout: 300)
        group.wait()
        let seconds = Date().timeIntervalSince(start)
        XCTAssertTrue(finished, "rnn infer did not finish \(lines) lines in 300 s (killed)")
        XCTAssertNotEqual(p.terminationReason, .uncaughtSignal, "killed by signal \(p.terminationStatus)")
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(String(decoding: errBox.data, as: UTF8.self), "", "stderr")
        XCTAssertFalse(writeFailed.value, "rnn infer stopped reading its input early")
        XCTAssertEqual(outLines.value, lines + 1, "one line out per line in, and a blank line at the end")

        // The stream's first lines are what a short run gives.
        let short = run(["infer", "--model", model], stdin: firstLines)
        assertSucceeds(short)
        let gotHead = String(decoding: head.value, as: UTF8.self).components(separatedBy: "\n").prefix(3).joined(separator: "\n") + "\n"
        assertRowsMatch(gotHead, short.outLines.prefix(3).joined(separator: "\n") + "\n", "first lines of the stream")

        let mb = { (b: Int) in String(format: "%.1f MB", Double(b) / 1_048_576) }
        let list = samples.value.map { "\($0.lines): \(mb($0.rss))" }.joined(separator: ", ")
        print("stream test: \(lines) lines in \(String(format: "%.1f", seconds)) s (\(Int(Double(lines) / seconds)) lines/s) with \(note); VmRSS \(list)")
        XCTAssertGreaterThanOrEqual(samples.value.count, 5, "too few memory samples: \(list)")
        guard samples.value.count >= 2 else { return }
        // The first sample (after a tenth of the stream) is the warmed-up baseline.
        let base = samples.value[0].rss
        let growth = samples.value.last!.rss - base
        let peak = samples.value.map(\.rss).max()! - base
        XCTAssertLessThan(growth, 8 << 20, "VmRSS grew by \(mb(growth)) over the stream: \(list)")
        XCTAssertLessThan(peak, 8 << 20, "VmRSS peaked \(mb(peak)) above the baseline: \(list)")
    }

    // MARK: - 3. A reader that leaves; a last line without a newline

    private func inferModel(_ name: String) -> String {
        fixtures.appendingPathComponent("infer").appendingPathComponent(name).appendingPathComponent("model.safetensors").path
    }

    /// Feeds an endless stream at full speed, reads `keep` lines and closes the output pipe:
    /// `rnn infer` must exit with status 0, quietly, and stop reading (the writer sees the
    /// broken pipe) rather than drain the endless input.
    private func checkReaderLeaves(model: String, block: String, keep: Int, args: [String] = [],
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        let p = Process()
        p.executableURL = rnnBinary()
        p.arguments = ["infer", "--model", model] + args
        let (inPipe, outPipe, errPipe, done) = attachPipes(p)
        let oldSigpipe = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, oldSigpipe) }
        try p.run()
        let group = DispatchGroup()
        let blockBytes = Array(block.utf8)
        let brokenPipe = ReliabilityBox(false), written = ReliabilityBox(0)
        let inFD = inPipe.fileHandleForWriting
        let deadline = Date().addingTimeInterval(30)
        DispatchQueue.global().async(group: group) {
            while Date() < deadline {
                guard CLITestCase.writeAll(inFD.fileDescriptor, blockBytes) else {
                    brokenPipe.value = errno == EPIPE
                    break
                }
                written.value += 1
            }
            try? inFD.close()
        }
        let errBox = CLIDataBox()
        let errHandle = errPipe.fileHandleForReading
        DispatchQueue.global().async(group: group) { errBox.data = errHandle.readDataToEndOfFile() }
        // Read `keep` lines, then leave.
        let outFD = outPipe.fileHandleForReading.fileDescriptor
        var seen = 0
        var buffer = [UInt8](repeating: 0, count: 4096)
        while seen < keep {
            let n = buffer.withUnsafeMutableBytes { read(outFD, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            seen += buffer[..<n].filter { $0 == 10 }.count
        }
        XCTAssertGreaterThanOrEqual(seen, keep, "output ended after \(seen) lines", file: file, line: line)
        try outPipe.fileHandleForReading.close()
        let finished = wait(p, done, timeout: 30)
        group.wait()
        let what = "\(URL(fileURLWithPath: model).deletingLastPathComponent().lastPathComponent) \(args.joined(separator: " "))"
        XCTAssertTrue(finished, "\(what): still running 30 s after its reader left (killed)", file: file, line: line)
        XCTAssertNotEqual(p.terminationReason, .uncaughtSignal, "\(what): killed by signal \(p.terminationStatus)", file: file, line: line)
        XCTAssertEqual(p.terminationStatus, 0, "\(what): exit status", file: file, line: line)
        XCTAssertEqual(String(decoding: errBox.data, as: UTF8.self), "", "\(what): stderr", file: file, line: line)
        XCTAssertTrue(brokenPipe.value, "\(what): the writer never saw a broken pipe (rnn kept reading for 30 s?)", file: file, line: line)
    }

    func testInferReaderLeavingAFullSpeedStreamEndsQuietly() throws {
        var uni = ""
        for i in 0..<500 { uni += "\(i % 7), 0.5, -1\n" }
        try checkReaderLeaves(model: inferModel("gru_1layer"), block: uni, keep: 1000)
        // Sequences of 10 steps: the bidirectional model answers per sequence.
        var bi = ""
        for i in 0..<500 { bi += "\(i % 7), 0.5, -1\n" + (i % 10 == 9 ? "\n" : "") }
        try checkReaderLeaves(model: inferModel("gru_bidir"), block: bi, keep: 1000)
        try checkReaderLeaves(model: inferModel("gru_1layer"), block: bi, keep: 100, args: ["--last"])
    }

    func testInferProcessesAnUnterminatedLastLineInEveryMode() throws {
        let tmp = try tempDir()
        let gru = inferModel("gru_1layer"), bidir = inferModel("gru_bidir")
        let body = "1,2,3\n0.5 0.5 0.5\n\n-1,0,1\n4,5,6"
        for (model, args, label) in [(gru, [String](), "unidirectional"), (gru, ["--last"], "--last"),
                                     (bidir, [], "bidirectional"), (bidir, ["--last"], "bidirectional --last")] {
            let reference = run(["infer", "--model", model] + args, stdin: body + "\n")
            assertSucceeds(reference, label)
            XCTAssertEqual(reference.outLines.filter { !$0.isEmpty }.count, args.isEmpty ? 4 : 2, "\(label): \(reference.out)")
            // Standard input (a pipe) and a regular file, each ending in the middle of a line.
            let piped = run(["infer", "--model", model] + args, stdin: body)
            assertSucceeds(piped, "\(label), stdin")
            XCTAssertEqual(piped.out, reference.out, "\(label): stdin ending mid-line")
            let path = try write(body, "partial-\(args.count)-\(model.count).csv", in: tmp)
            let fromFile = run(["infer", "--model", model, "--input", path] + args)
            assertSucceeds(fromFile, "\(label), --input")
            XCTAssertEqual(fromFile.out, reference.out, "\(label): --input file ending mid-line")
            // A carriage return with no line feed, and a comment with no newline, at the end.
            let cr = run(["infer", "--model", model] + args, stdin: body + "\r")
            assertSucceeds(cr, "\(label), CR at the end")
            XCTAssertEqual(cr.out, reference.out, "\(label): input ending in a lone CR")
            let comment = run(["infer", "--model", model] + args, stdin: body + "\n# the end")
            assertSucceeds(comment, "\(label), trailing comment")
            XCTAssertEqual(comment.out, reference.out, "\(label): input ending in a comment without newline")
        }
        // A bad unterminated last line is reported with its number, after the earlier output.
        let bad = run(["infer", "--model", gru], stdin: "1,2,3\n0.5 0.5 0.5\n1,2")
        assertFails(bad, status: 1, ["line 3", "expected 3 numbers, found 2"], "bad unterminated last line")
        XCTAssertEqual(bad.outLines.count, 2, "the two good lines are answered first: \(bad.out)")
    }

    // MARK: - 4. Bitwise reproducibility with two threads

    func testSequenceTrainingIsBitwiseReproducibleWithTwoThreads() throws {
        let tmp = try tempDir()
        let data = try write(sequenceCSV(seed: 42), "data.csv", in: tmp)
        // Hidden 64 so that some matrix products are big enough to be split over the threads.
        let args = ["train", "--data", data, "--input-size", "3", "--output-size", "2", "--hidden", "64", "--layers", "2",
                    "--dropout", "0.2", "--bptt", "4", "--batch-size", "16", "--steps", "12", "--seed", "11", "--threads", "2"]
        let a = tmp.appendingPathComponent("a.safetensors").path, b = tmp.appendingPathComponent("b.safetensors").path
        assertSucceeds(run(args + ["--save", a]), "first run")
        assertSucceeds(run(args + ["--save", b]), "second run")
        let fa = try Data(contentsOf: URL(fileURLWithPath: a)), fb = try Data(contentsOf: URL(fileURLWithPath: b))
        XCTAssertEqual(fa, fb, "two runs with the same seed and --threads 2 give byte-identical files")
        // The options took effect (shuffled, dropout, truncated BPTT, 2 layers).
        let m = try STFile(path: a).metadata
        XCTAssertEqual(m["train.shuffle"], "true")
        XCTAssertEqual(m["train.bptt"], "4")
        XCTAssertEqual(m["num_layers"], "2")
        XCTAssertEqual(m["train.step"], "12")
        XCTAssertEqual(m["train.dropout"].flatMap { Float($0) }, 0.2)
    }

    func testCharLMTrainingIsBitwiseReproducibleWithTwoThreads() throws {
        let tmp = try tempDir()
        var rng = SeededGenerator(seed: Self.seed)
        let words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "and", "a", "model", "learns"]
        var text = ""
        for i in 0..<600 { text += words.randomElement(using: &rng)! + (i % 12 == 11 ? ".\n" : " ") }
        let data = try write(text, "text.txt", in: tmp)
        let args = ["train", "--task", "charlm", "--data", data, "--hidden", "64", "--layers", "2", "--dropout", "0.2",
                    "--seq-len", "8", "--batch-size", "16", "--steps", "8", "--seed", "5", "--threads", "2"]
        let a = tmp.appendingPathComponent("a.safetensors").path, b = tmp.appendingPathComponent("b.safetensors").path
        assertSucceeds(run(args + ["--save", a]), "first charlm run")
        assertSucceeds(run(args + ["--save", b]), "second charlm run")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)),
                       "two charlm runs with the same seed and --threads 2 give byte-identical files")
        let m = try STFile(path: a).metadata
        XCTAssertEqual(m["task"], "charlm")
        XCTAssertEqual(m["num_layers"], "2")
        XCTAssertEqual(m["train.step"], "8")
        XCTAssertEqual(m["train.dropout"].flatMap { Float($0) }, 0.2)
    }
}
