// Support for the command-line tests: locating the built `rnn` binary, running it with
// Foundation's Process (with a timeout), temporary folders, fixtures, and a small
// independent safetensors reader/writer so the tests do not trust the library under test.
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one run of `rnn` produced.
struct CLIResult {
    /// Exit status, or 128 + signal number when the process was killed by a signal.
    var status: Int32
    var out: String
    var err: String
    /// Whether the process ended by a signal (a crash, or the timeout).
    var signaled: Bool
    var timedOut: Bool

    /// The non-empty lines of standard error.
    var errLines: [String] { err.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    /// Standard output split into lines (without the empty piece after a final newline).
    var outLines: [String] {
        var lines = out.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Data filled in by a reader thread (read only after the group is waited on).
final class CLIDataBox: @unchecked Sendable { var data = Data() }

/// Base class of the CLI tests (it has no tests itself).
class CLITestCase: XCTestCase {
    /// Seconds before a run is killed (a hang fails the test instead of hanging CI).
    static let timeout: TimeInterval = 60

    private var tempFolders: [URL] = []

    override func tearDown() {
        for f in tempFolders { try? FileManager.default.removeItem(at: f) }
        tempFolders.removeAll()
        super.tearDown()
    }

    // MARK: Locations

    /// The `rnn` executable built next to the test bundle.
    func rnnBinary(file: StaticString = #filePath, line: UInt = #line) -> URL {
        if let url = Self.cachedBinary { return url }
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["RNN_BINARY"] { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("rnn"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("rnn"))
        let testBundle = Bundle(for: CLITestCase.self).bundleURL
        candidates.append(testBundle.deletingLastPathComponent().appendingPathComponent("rnn"))
        candidates.append(testBundle.appendingPathComponent("rnn"))
        if let arg0 = CommandLine.arguments.first {
            let dir = URL(fileURLWithPath: arg0).deletingLastPathComponent()
            candidates.append(dir.appendingPathComponent("rnn"))
            candidates.append(dir.deletingLastPathComponent().appendingPathComponent("rnn"))
        }
        for c in candidates {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: c.path, isDirectory: &isDir), !isDir.boolValue,
               FileManager.default.isExecutableFile(atPath: c.path) {
                Self.cachedBinary = c
                return c
            }
        }
        XCTFail("the rnn executable was not found; looked at: \(candidates.map(\.path).joined(separator: ", ")) (set RNN_BINARY to override)",
                file: file, line: line)
        return candidates[0]
    }
    private static var cachedBinary: URL?

    /// The Fixtures folder copied into the test bundle.
    var fixtures: URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("Fixtures resource is missing from the test bundle")
        }
        return url
    }

    /// A fresh temporary folder, removed after the test.
    func tempDir() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("rnn-cli-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        tempFolders.append(url)
        return url
    }

    /// Writes `text` to `name` in `dir` and returns its path.
    @discardableResult
    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    // MARK: Running

    /// Gives `p` pipes on all three streams and the test environment (RECURRENT_ISA removed
    /// unless given in `env`); the semaphore is signalled when the process exits.
    func attachPipes(_ p: Process, env: [String: String] = [:]) -> (stdin: Pipe, stdout: Pipe, stderr: Pipe, done: DispatchSemaphore) {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "RECURRENT_ISA")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        return (inPipe, outPipe, errPipe, done)
    }

    /// Runs `rnn args`, feeding `stdin` (nil: an empty, closed standard input), with `env`
    /// added to the environment (RECURRENT_ISA is removed unless given). Kills it after the timeout.
    /// `timeout` overrides the default limit; `memoryLimitMB` runs the binary under
    /// `ulimit -v` (through /bin/sh) so a runaway allocation fails fast instead of eating the machine.
    func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:], cwd: URL? = nil,
             timeout: TimeInterval? = nil, memoryLimitMB: Int? = nil,
             file: StaticString = #filePath, line: UInt = #line) -> CLIResult {
        let p = Process()
        let binary = rnnBinary(file: file, line: line)
        if let mb = memoryLimitMB {
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "ulimit -v \(mb * 1024) 2>/dev/null; exec \"$0\" \"$@\"", binary.path] + args
        } else {
            p.executableURL = binary
            p.arguments = args
        }
        let limit = timeout ?? Self.timeout
        if let cwd { p.currentDirectoryURL = cwd }
        let (inPipe, outPipe, errPipe, done) = attachPipes(p, env: env)
        do { try p.run() } catch {
            XCTFail("cannot start rnn: \(error)", file: file, line: line)
            return CLIResult(status: -1, out: "", err: "", signaled: false, timedOut: false)
        }
        let group = DispatchGroup()
        let outBox = CLIDataBox(), errBox = CLIDataBox()
        let outHandle = outPipe.fileHandleForReading, errHandle = errPipe.fileHandleForReading
        DispatchQueue.global().async(group: group) { outBox.data = outHandle.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errBox.data = errHandle.readDataToEndOfFile() }
        // The parent must not die of SIGPIPE when the child exits before reading all input.
        let oldHandler = signal(SIGPIPE, SIG_IGN)
        let inFD = inPipe.fileHandleForWriting.fileDescriptor
        if let stdin { _ = CLITestCase.writeAll(inFD, Array(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        let timedOut = waitOrKill(p, done, timeout: limit)
        group.wait()
        signal(SIGPIPE, oldHandler)
        let signaled = p.terminationReason == .uncaughtSignal
        let status = signaled ? 128 + p.terminationStatus : p.terminationStatus
        if timedOut { XCTFail("rnn \(args.joined(separator: " ")) did not finish in \(limit) s (killed)", file: file, line: line) }
        return CLIResult(status: status, out: String(decoding: outBox.data, as: UTF8.self),
                         err: String(decoding: errBox.data, as: UTF8.self), signaled: signaled, timedOut: timedOut)
    }

    /// Writes all bytes, stopping quietly at a broken pipe. Returns false if not all were written.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { cliPosixWrite(fd, $0.baseAddress! + off, bytes.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            off += n
        }
        return true
    }

    // MARK: Assertions

    /// Exit status `status`, not a signal, exactly one line on standard error containing all `fragments`.
    func assertFails(_ r: CLIResult, status: Int32, _ fragments: [String], _ what: String = "",
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(r.signaled, "\(what): killed by a signal (status \(r.status)); stderr: \(r.err)", file: file, line: line)
        XCTAssertEqual(r.status, status, "\(what): exit status; stderr: \(r.err)", file: file, line: line)
        XCTAssertEqual(r.errLines.count, 1, "\(what): expected one line on stderr, got: \(r.err.debugDescription)", file: file, line: line)
        XCTAssertTrue(r.err.hasSuffix("\n"), "\(what): stderr should end with a newline: \(r.err.debugDescription)", file: file, line: line)
        for f in fragments {
            XCTAssertTrue(r.err.contains(f), "\(what): stderr \(r.err.debugDescription) lacks '\(f)'", file: file, line: line)
        }
    }

    /// Exit status 0 and nothing on stderr.
    func assertSucceeds(_ r: CLIResult, _ what: String = "", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(r.signaled, "\(what): killed by a signal (status \(r.status)); stderr: \(r.err)", file: file, line: line)
        XCTAssertEqual(r.status, 0, "\(what): exit status; stderr: \(r.err)", file: file, line: line)
        XCTAssertEqual(r.err, "", "\(what): unexpected stderr", file: file, line: line)
    }

    // MARK: Numbers

    /// Parses CSV-ish output: each line either blank (nil) or comma-separated numbers.
    func parseRows(_ text: String) -> [[Double]?] {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { l in
            let t = l.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            return t.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
        }
    }

    /// Compares output rows with expected rows: same blank-line structure, same widths,
    /// every value within `tol` * max(1, |expected|).
    func assertRowsMatch(_ actual: String, _ expected: String, tol: Double = 1e-5, _ what: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        let a = parseRows(actual), e = parseRows(expected)
        guard a.count == e.count else {
            XCTFail("\(what): \(a.count) output lines, expected \(e.count)", file: file, line: line)
            return
        }
        var worst = 0.0
        for (i, (ra, re)) in zip(a, e).enumerated() {
            switch (ra, re) {
            case (nil, nil): continue
            case let (ra?, re?):
                guard ra.count == re.count else {
                    XCTFail("\(what): line \(i + 1) has \(ra.count) values, expected \(re.count)", file: file, line: line)
                    return
                }
                for (x, y) in zip(ra, re) {
                    let d = abs(x - y) / max(1, abs(y))
                    if !(d <= tol) {
                        XCTFail("\(what): line \(i + 1): \(x) vs expected \(y)", file: file, line: line)
                        return
                    }
                    worst = max(worst, d)
                }
            default:
                XCTFail("\(what): line \(i + 1): blank-line structure differs (got \(ra == nil ? "blank" : "values"))", file: file, line: line)
                return
            }
        }
    }

    // MARK: Fixture cases

    /// Names listed in `<kind>/cases.json`.
    func caseNames(_ kind: String) throws -> [String] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(kind).appendingPathComponent("cases.json"))
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return list.compactMap { $0["name"] as? String }
    }

    func caseInfo(_ kind: String) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(kind).appendingPathComponent("cases.json"))
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        var out: [String: [String: Any]] = [:]
        for c in list { if let n = c["name"] as? String { out[n] = c } }
        return out
    }

    /// Extra arguments of a case (`args.txt`), split on white space.
    func caseArgs(_ dir: URL) -> [String] {
        guard let s = try? String(contentsOf: dir.appendingPathComponent("args.txt"), encoding: .utf8) else { return [] }
        return s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
    }

    /// The CPU flags of /proc/cpuinfo (empty where that file does not exist).
    var cpuFlags: Set<String> {
        guard let s = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        for line in s.split(separator: "\n") where line.hasPrefix("flags") {
            return Set(line.split(separator: ":").last!.split(separator: " ").map(String.init))
        }
        return []
    }

    /// The RECURRENT_ISA levels this CPU runs: scalar, and AVX2 / AVX-512 where present.
    var supportedISALevels: [String] {
        var levels = ["scalar"]
        let flags = cpuFlags
        if flags.contains("avx2") && flags.contains("fma") { levels.append("avx2") }
        if flags.contains("avx512f") { levels.append("avx512") }
        return levels
    }
}

func cliPosixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}

// MARK: - A minimal safetensors reader and writer (independent of the library)

struct STTensor {
    var dtype: String
    var shape: [Int]
    var bytes: [UInt8]

    /// The values of an F32 tensor (little-endian).
    var floats: [Float] {
        precondition(dtype == "F32", "only F32 is decoded here")
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
    }
}

struct STFile {
    var tensors: [String: STTensor] = [:]
    var metadata: [String: String] = [:]

    enum Failure: Error { case bad(String) }

    init(tensors: [String: STTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    init(path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count >= 8 else { throw Failure.bad("\(path): too short") }
        var n = 0
        for i in 0..<8 { n |= Int(bytes[i]) << (8 * i) }
        guard 8 + n <= bytes.count else { throw Failure.bad("\(path): header length") }
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any] ?? [:]
        let data = Array(bytes[(8 + n)...])
        for (k, v) in header {
            if k == "__metadata__" {
                for (mk, mv) in v as? [String: Any] ?? [:] { metadata[mk] = mv as? String }
                continue
            }
            guard let e = v as? [String: Any], let dtype = e["dtype"] as? String,
                  let shape = (e["shape"] as? [NSNumber])?.map(\.intValue),
                  let off = (e["data_offsets"] as? [NSNumber])?.map(\.intValue), off.count == 2,
                  off[0] <= off[1], off[1] <= data.count else { throw Failure.bad("\(path): entry \(k)") }
            tensors[k] = STTensor(dtype: dtype, shape: shape, bytes: Array(data[off[0]..<off[1]]))
        }
    }

    /// Serializes: 8-byte little-endian header length, JSON header, data.
    func bytes() -> [UInt8] {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var data: [UInt8] = []
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            header[name] = ["dtype": t.dtype, "shape": t.shape, "data_offsets": [data.count, data.count + t.bytes.count]] as [String: Any]
            data += t.bytes
        }
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out: [UInt8] = []
        var n = UInt64(json.count)
        for _ in 0..<8 { out.append(UInt8(n & 0xff)); n >>= 8 }
        return out + [UInt8](json) + data
    }

    func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
    }

    static func f32(_ shape: [Int], _ values: [Float]) -> STTensor {
        var b: [UInt8] = []
        for v in values { let u = v.bitPattern; b += [UInt8(u & 0xff), UInt8(u >> 8 & 0xff), UInt8(u >> 16 & 0xff), UInt8(u >> 24)] }
        return STTensor(dtype: "F32", shape: shape, bytes: b)
    }
}

// MARK: - An interactive run: write a line, read a line

/// `rnn` started with pipes on all three streams, driven step by step.
final class CLIInteractive {
    let process = Process()
    private let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
    private var pending: [UInt8] = []
    private let errBox = CLIDataBox()
    private let errDone = DispatchGroup()
    private let exited = DispatchSemaphore(value: 0)
    private var oldSigpipe: (@convention(c) (Int32) -> Void)?
    private var ignoringSigpipe = false
    private(set) var outputClosed = false
    private(set) var inputClosed = false

    init(binary: URL, args: [String], env: [String: String] = [:]) throws {
        process.executableURL = binary
        process.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "RECURRENT_ISA")
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = errPipe
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        oldSigpipe = signal(SIGPIPE, SIG_IGN)
        ignoringSigpipe = true
        let h = errPipe.fileHandleForReading
        let box = errBox
        DispatchQueue.global().async(group: errDone) { box.data = h.readDataToEndOfFile() }
    }

    /// Writes text to the child's standard input; false at a broken pipe.
    @discardableResult
    func send(_ s: String) -> Bool {
        CLITestCase.writeAll(inPipe.fileHandleForWriting.fileDescriptor, Array(s.utf8))
    }

    /// The next line of standard output (without "\n"), or nil at the end or after `timeout`.
    func readLine(timeout: TimeInterval = 20) -> String? {
        let fd = outPipe.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let i = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<i], as: UTF8.self)
                pending.removeSubrange(...i)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return nil }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, Int32(min(left * 1000, 1000)) + 1)
            if r < 0 && errno == EINTR { continue }
            if r <= 0 { continue }
            var buf = [UInt8](repeating: 0, count: 4096)
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 4096) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            pending += buf[..<n]
        }
    }

    /// Everything left on standard output until the end.
    func readRest(timeout: TimeInterval = 30) -> String {
        var lines: [String] = []
        while let l = readLine(timeout: timeout) { lines.append(l + "\n") }
        let tail = String(decoding: pending, as: UTF8.self)
        pending.removeAll()
        return lines.joined() + tail
    }

    func closeInput() {
        if !inputClosed { try? inPipe.fileHandleForWriting.close(); inputClosed = true }
    }

    func closeOutput() {
        if !outputClosed { try? outPipe.fileHandleForReading.close(); outputClosed = true }
    }

    /// Waits for the exit (killing the child after `timeout`): status (128 + signal when
    /// signaled), whether it was a signal, whether it timed out, and standard error.
    func finish(timeout: TimeInterval = 60) -> (status: Int32, signaled: Bool, timedOut: Bool, err: String) {
        closeInput()
        let timedOut = waitOrKill(process, exited, timeout: timeout)
        errDone.wait()
        closeOutput()
        if ignoringSigpipe { signal(SIGPIPE, oldSigpipe); ignoringSigpipe = false }
        let signaled = process.terminationReason == .uncaughtSignal
        return (signaled ? 128 + process.terminationStatus : process.terminationStatus, signaled, timedOut,
                String(decoding: errBox.data, as: UTF8.self))
    }
}

/// Waits up to `timeout` for `done` (signalled when `p` exits); past it, kills `p` with
/// SIGKILL and waits for the exit. Returns whether it had to kill.
func waitOrKill(_ p: Process, _ done: DispatchSemaphore, timeout: TimeInterval) -> Bool {
    guard done.wait(timeout: .now() + timeout) == .timedOut else { return false }
    kill(p.processIdentifier, SIGKILL)
    done.wait()
    return true
}
