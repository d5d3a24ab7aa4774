// Crash-safe file replacement and whole-file reads with POSIX calls.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An I/O error from `AtomicFile`: the path involved and what failed, with the system's
/// `strerror` text, e.g. "model.safetensors: cannot create temporary file: Permission denied".
public struct AtomicFileError: Error, CustomStringConvertible, Equatable {
    /// The path of the file (or folder) the operation was about.
    public let path: String
    /// What failed, including the `strerror` text where there is one.
    public let message: String

    /// Creates an error about `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// "path: message".
    public var description: String { "\(path): \(message)" }
}

/// Crash-safe whole-file writes: after a crash or power loss the target holds either its old
/// contents or the complete new contents, never a mix or a truncated file.
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes`, atomically.
    ///
    /// Writes to a uniquely named temporary file in the same folder
    /// (".<name>.tmp-<pid>-<random>"), flushes it to disk (`fsync`), renames it over `path`,
    /// then `fsync`s the folder so the rename itself is durable. On failure the temporary file
    /// is removed and the target is left untouched.
    ///
    /// - Throws: `AtomicFileError` naming the path and the failed operation with `strerror`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        guard !path.isEmpty else { throw AtomicFileError(path: path, message: "empty path") }
        guard !path.hasSuffix("/") else {
            throw AtomicFileError(path: path, message: "path names a folder, not a file")
        }
        let (folder, name) = splitPath(path)
        let random = UInt64.random(in: 0...UInt64.max)
        let prefix = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        let tempPath = prefix + ".\(name).tmp-\(getpid())-\(String(random, radix: 16))"
        removeStaleTemporaries(folder: folder, prefix: prefix, name: name)

        let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw AtomicFileError(path: path, message: "cannot create temporary file '\(tempPath)': \(errorText())")
        }
        var closed = false
        do {
            try writeAll(fd: fd, bytes: bytes, path: path)
            try retryingEINTR(path: path, what: "cannot flush to disk (fsync)") { fsync(fd) }
            closed = true
            if close(fd) != 0 { throw AtomicFileError(path: path, message: "cannot close: \(errorText())") }
            if rename(tempPath, path) != 0 {
                throw AtomicFileError(path: path, message: "cannot rename '\(tempPath)' over it: \(errorText())")
            }
        } catch {
            if !closed { _ = close(fd) }
            _ = unlink(tempPath)
            throw error
        }
        try syncFolder(folder, forFile: path)
    }

    /// Reads the whole file at `path`.
    ///
    /// - Throws: `AtomicFileError` naming the path with `strerror`.
    public static func read(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AtomicFileError(path: path, message: "cannot open: \(errorText())") }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw AtomicFileError(path: path, message: "cannot stat: \(errorText())") }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw AtomicFileError(path: path, message: "is a folder, not a file")
        }
        let expected = Int(info.st_size)
        var result = [UInt8]()
        if expected > 0 {
            var readError: AtomicFileError?
            result = [UInt8](unsafeUninitializedCapacity: expected) { buffer, count in
                var done = 0
                while done < expected {
                    let n = systemRead(fd, buffer.baseAddress! + done, min(expected - done, 1 << 30))
                    if n < 0 {
                        if errno == EINTR { continue }
                        readError = AtomicFileError(path: path, message: "cannot read: \(errorText())")
                        break
                    }
                    if n == 0 { break }  // the file shrank while being read
                    done += n
                }
                count = done
            }
            if let readError { throw readError }
        }
        // Files whose size stat does not report (or that grew): read on until end of file.
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(path: path, message: "cannot read: \(errorText())")
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }

    // MARK: Helpers

    /// Splits "a/b/c" into ("a/b", "c"); "c" into (".", "c"); "/c" into ("/", "c").
    static func splitPath(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let name = String(path[path.index(after: slash)...])
        var folder = String(path[..<slash])
        if folder.isEmpty { folder = "/" }
        return (folder, name)
    }

    private static func errorText(_ code: Int32 = errno) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    private static func retryingEINTR(path: String, what: String, _ call: () -> Int32) throws {
        while call() != 0 {
            if errno == EINTR { continue }
            throw AtomicFileError(path: path, message: "\(what): \(errorText())")
        }
    }

    /// Removes temporary files of earlier writes of the same target whose process is gone
    /// (killed while writing), so a crash-and-resume loop does not fill the disk.
    private static func removeStaleTemporaries(folder: String, prefix: String, name: String) {
        guard let dir = opendir(folder.isEmpty ? "." : folder) else { return }
        defer { closedir(dir) }
        let start = ".\(name).tmp-"
        while let entry = readdir(dir) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard entryName.hasPrefix(start) else { continue }
            let rest = entryName.dropFirst(start.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                _ = unlink(prefix + entryName)
            }
        }
    }

    private static func writeAll(fd: Int32, bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + done, min(raw.count - done, 1 << 30))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw AtomicFileError(path: path, message: "cannot write: \(errorText())")
                }
                if n == 0 { throw AtomicFileError(path: path, message: "cannot write: no progress") }
                done += n
            }
        }
    }

    private static func syncFolder(_ folder: String, forFile path: String) throws {
        #if os(Linux) || os(Android)
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
        #else
        let flags = O_RDONLY | O_CLOEXEC
        #endif
        let fd = open(folder, flags)
        guard fd >= 0 else {
            throw AtomicFileError(path: path, message: "cannot open folder '\(folder)' to flush it: \(errorText())")
        }
        defer { _ = close(fd) }
        while fsync(fd) != 0 {
            let code = errno
            if code == EINTR { continue }
            // Some file systems cannot fsync folders; the rename is still done.
            if code == EINVAL || code == ENOTSUP || code == EBADF { return }
            throw AtomicFileError(path: path, message: "cannot flush folder '\(folder)' (fsync): \(errorText(code))")
        }
    }
}

// `write`/`read` are shadowed by the static members above; call the C functions by module.
@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}

@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
