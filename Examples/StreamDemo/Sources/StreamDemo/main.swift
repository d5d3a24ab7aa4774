// StreamDemo: read one time step per line from standard input, step a model over the
// stream and print each output as soon as it is computed.
//
//   swift run StreamDemo example-lstm.safetensors < steps.txt
import Foundation
import Recurrent

/// Writes a line to standard output at once (no buffering), so a consumer sees it live.
func emit(_ line: String) { FileHandle.standardOutput.write((line + "\n").data(using: .utf8)!) }

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "example-lstm.safetensors"
do {
    let model = try Model(contentsOf: path)           // safetensors with PyTorch names
    var state = model.makeState()                      // zero state, buffers preallocated
    let width = model.config.inputSize
    var steps = 0
    while let line = readLine() {
        if line.trimmingCharacters(in: .whitespaces).isEmpty {  // blank line: new sequence
            state.reset()
            emit("")
            continue
        }
        let x = line.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Float($0) }
        guard x.count == width else {
            FileHandle.standardError.write("line \(steps + 1): expected \(width) numbers, found \(x.count)\n".data(using: .utf8)!)
            exit(1)
        }
        let y = try model.step(x, state: &state)       // one time step, state carried
        steps += 1
        emit(y.map { String(format: "%.5f", $0) }.joined(separator: ","))
    }
    FileHandle.standardError.write("\(steps) steps through a \(model.config.cell.rawValue) with hidden size \(model.config.hiddenSize)\n".data(using: .utf8)!)
} catch {
    FileHandle.standardError.write("StreamDemo: \(error)\n".data(using: .utf8)!)
    exit(1)
}
