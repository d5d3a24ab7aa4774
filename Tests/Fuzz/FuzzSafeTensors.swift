// libFuzzer entry point for the safetensors reader and the JSON parser.
//
// Built by run.sh together with Sources/Recurrent/Format/{JSON,SafeTensors,AtomicFile}.swift
// as ONE module (so no `import Recurrent`). Any crash, sanitizer report or failed
// precondition below is a bug: parsing must either throw or produce a file whose tensors can
// be read and re-encoded losslessly.

/// Called by libFuzzer once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzJSON(bytes)
    fuzzSafeTensors(bytes)
    return 0
}

/// JSON: whatever parses must serialize to text that parses back to an equal value.
private func fuzzJSON(_ bytes: [UInt8]) {
    guard let value = try? JSONValue.parse(bytes) else { return }
    for asciiOnly in [false, true] {
        let text = value.serialized(asciiOnly: asciiOnly)
        guard let again = try? JSONValue.parse(text) else {
            preconditionFailure("serialized JSON does not parse: \(text)")
        }
        precondition(again == value, "JSON round trip changed the value: \(text)")
    }
}

/// Safetensors: a file that validates must have readable tensors of the declared sizes, and
/// re-encoding its floating-point tensors must round-trip bit for bit.
private func fuzzSafeTensors(_ bytes: [UInt8]) {
    guard let file = try? SafeTensorsFile(bytes: bytes, fileName: "fuzz") else { return }
    precondition(Set(file.names) == Set(file.entries.keys), "names and entries disagree")
    var tensors: [(name: String, shape: [Int], values: [Float])] = []
    for name in file.names {
        guard let entry = file.entries[name] else { preconditionFailure("missing entry \(name)") }
        guard let raw = try? file.rawBytes(name) else { preconditionFailure("rawBytes failed for \(name)") }
        precondition(raw.count == entry.byteRange.count, "raw byte count mismatch")
        let size = SafeTensorsFile.dtypeByteSizes[entry.dtype] ?? 0
        precondition(raw.count == size * entry.elementCount, "byte count != dtype size x elements")
        do {
            let values = try file.floats(name)
            precondition(["F32", "F16", "BF16", "F64"].contains(entry.dtype), "floats() accepted \(entry.dtype)")
            precondition(values.count == entry.elementCount, "element count mismatch for \(name)")
            tensors.append((name: name, shape: entry.shape, values: values))
        } catch {
            precondition(!["F32", "F16", "BF16", "F64"].contains(entry.dtype), "floats() failed: \(error)")
        }
    }
    let encoded: [UInt8]
    do {
        encoded = try SafeTensorsFile.encode(tensors: tensors, metadata: file.metadata)
    } catch {
        preconditionFailure("re-encoding a valid file failed: \(error)")
    }
    guard let again = try? SafeTensorsFile(bytes: encoded, fileName: "re-encoded") else {
        preconditionFailure("re-encoded file does not parse")
    }
    precondition(again.metadata == file.metadata, "metadata changed")
    precondition(again.names == tensors.map(\.name), "tensor order changed")
    for tensor in tensors {
        guard let values = try? again.floats(tensor.name) else { preconditionFailure("re-read failed") }
        precondition(values.map(\.bitPattern) == tensor.values.map(\.bitPattern), "values changed")
        precondition(again.entries[tensor.name]?.shape == tensor.shape, "shape changed")
    }
}
