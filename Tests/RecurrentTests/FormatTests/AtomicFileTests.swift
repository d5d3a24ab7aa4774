import Foundation
import XCTest
@testable import Recurrent

final class AtomicFileFormatTests: XCTestCase {
    private func contents(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    private func bytes(at path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func testCreatesNewFile() throws {
        let folder = try makeFormatTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/new.bin"
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(payload, to: path)
        XCTAssertEqual(try bytes(at: path), payload)
        XCTAssertEqual(try AtomicFile.read(path: path), payload)
        XCTAssertEqual(try contents(folder), ["new.bin"])
    }

    func testReplacesExistingFileAndLeavesNoTemporaryFiles() throws {
        let folder = try makeFormatTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/model.safetensors"
        try Data(repeating: 0xAB, count: 10_000).write(to: URL(fileURLWithPath: path))
        try AtomicFile.write([1, 2, 3], to: path)
        XCTAssertEqual(try bytes(at: path), [1, 2, 3], "old, longer contents fully replaced")
        try AtomicFile.write([], to: path)
        XCTAssertEqual(try bytes(at: path), [])
        for i in 0..<20 { try AtomicFile.write([UInt8(i)], to: path) }
        XCTAssertEqual(try bytes(at: path), [19])
        XCTAssertEqual(try contents(folder), ["model.safetensors"])
    }

    func testFailureRemovesTemporaryFileAndNamesPath() throws {
        let folder = try makeFormatTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The target is a non-empty folder: the rename fails after the temporary file is written.
        let path = folder + "/occupied"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.write([1, 2, 3], to: path)) { error in
            let e = error as? AtomicFileError
            XCTAssertEqual(e?.path, path)
            XCTAssertTrue(e?.message.contains("cannot rename") ?? false, "\(error)")
            XCTAssertTrue(e?.description.hasPrefix(path + ": ") ?? false, "\(error)")
        }
        XCTAssertEqual(try contents(folder), ["occupied"], "temporary file removed")
    }

    func testMissingFolderGivesStrerror() {
        let path = "/nonexistent-\(UUID().uuidString)/x.bin"
        XCTAssertThrowsError(try AtomicFile.write([1], to: path)) { error in
            let e = error as? AtomicFileError
            XCTAssertEqual(e?.path, path)
            XCTAssertTrue(e?.message.hasSuffix("No such file or directory") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try AtomicFile.read(path: path)) { error in
            XCTAssertEqual(error as? AtomicFileError,
                           AtomicFileError(path: path, message: "cannot open: No such file or directory"))
        }
    }

    func testRejectsFolderPaths() throws {
        let folder = try makeFormatTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertThrowsError(try AtomicFile.write([1], to: folder + "/"))
        XCTAssertThrowsError(try AtomicFile.write([1], to: ""))
        XCTAssertThrowsError(try AtomicFile.read(path: folder)) { error in
            XCTAssertEqual((error as? AtomicFileError)?.message, "is a folder, not a file")
        }
        XCTAssertEqual(try contents(folder), [])
    }

    func testSplitPath() {
        XCTAssertTrue(AtomicFile.splitPath("a/b/c") == ("a/b", "c"))
        XCTAssertTrue(AtomicFile.splitPath("c") == (".", "c"))
        XCTAssertTrue(AtomicFile.splitPath("/c") == ("/", "c"))
        XCTAssertTrue(AtomicFile.splitPath("./c") == (".", "c"))
    }
}
