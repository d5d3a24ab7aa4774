#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file or standard input with getline: any line length, a last line
/// without a newline, and "\r\n" endings all work.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let owned: Bool
    private var buffer: UnsafeMutablePointer<CChar>? = nil
    private var capacity = 0
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Whether the input is a regular file (not a pipe or terminal).
    let isRegularFile: Bool

    /// Opens `path`, or standard input for nil or "-".
    init(path: String?) throws {
        if let path, path != "-" {
            guard let f = fopen(path, "r") else {
                throw CommandError("\(path): cannot open (\(String(cString: strerror(errno))))")
            }
            var st = stat()
            if fstat(fileno(f), &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                fclose(f)
                throw CommandError("\(path): is a folder, not a file")
            }
            file = f
            owned = true
        } else {
            file = stdin
            owned = false
        }
        var st = stat()
        isRegularFile = fstat(fileno(file), &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    deinit {
        free(buffer)
        if owned { fclose(file) }
    }

    /// The next line without its line ending, or nil at the end of the input.
    func next() -> String? {
        let n = getline(&buffer, &capacity, file)
        if n < 0 { return nil }
        lineNumber += 1
        var len = n
        while len > 0 && (buffer![len - 1] == 10 || buffer![len - 1] == 13) { len -= 1 }
        return buffer!.withMemoryRebound(to: UInt8.self, capacity: len) {
            String(decoding: UnsafeBufferPointer(start: $0, count: len), as: UTF8.self)
        }
    }
}

/// Buffered output to a file descriptor. A reader that closes the pipe ends the
/// program quietly with status 0 (SIGPIPE is ignored; EPIPE is handled here).
final class OutputWriter {
    /// What a closed pipe on the other side means: the end of the program (a consumer of
    /// `rnn infer` that has seen enough), or only that nobody reads this output any more
    /// (training progress: the run goes on and saves its model).
    enum BrokenPipe { case exitQuietly, discardOutput }
    private let fd: Int32
    private let brokenPipe: BrokenPipe
    private var discarding = false
    private let owned: Bool
    private var bytes: [UInt8] = []
    let path: String

    /// Creates (truncates) `path`, or writes to standard output for nil or "-".
    init(path: String?, brokenPipe: BrokenPipe = .exitQuietly) throws {
        self.brokenPipe = brokenPipe
        if let path, path != "-" {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw CommandError("\(path): cannot create (\(String(cString: strerror(errno))))") }
            self.fd = fd
            owned = true
            self.path = path
        } else {
            fd = 1
            owned = false
            self.path = "standard output"
        }
        bytes.reserveCapacity(1 << 16)
    }

    deinit {
        try? flush()
        if owned { close(fd) }
    }

    func write(_ s: String) throws {
        if discarding { return }
        bytes.append(contentsOf: s.utf8)
        if bytes.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc_write(fd, $0.baseAddress! + off, bytes.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE {
                    if brokenPipe == .exitQuietly { exit(0) }
                    discarding = true
                    bytes.removeAll(keepingCapacity: true)
                    return
                }
                let msg = String(cString: strerror(errno))
                bytes.removeAll(keepingCapacity: true)
                throw CommandError("\(path): write failed (\(msg))")
            }
            off += n
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

@inline(__always) private func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}

/// Writes one line to standard error.
func printError(_ message: String) {
    var line = message
    line += "\n"
    _ = line.withCString { fputs($0, stderr) }
    fflush(stderr)
}

/// Joins floats with commas, each printed so that it reads back to the same value.
func formatRow(_ xs: UnsafeBufferPointer<Float>) -> String {
    var s = ""
    s.reserveCapacity(xs.count * 12)
    for (i, x) in xs.enumerated() {
        if i > 0 { s += "," }
        s += x.description
    }
    return s
}

/// Whether two paths name the same existing file (same device and inode).
func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat(), sb = stat()
    guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
}
