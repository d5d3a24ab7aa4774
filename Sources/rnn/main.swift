import Recurrent
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// rnn: train, evaluate, sample and run recurrent networks.
// Exit status: 0 success, 1 runtime error (bad file, bad line, numeric failure), 2 usage error.

let commands: [(spec: CommandSpec, run: (Options) throws -> Void)] = [
    (trainSpec, runTrain),
    (evalSpec, runEval),
    (sampleSpec, runSample),
    (inferSpec, runInfer),
    (inspectSpec, runInspect),
    (plotSpec, runPlot),
    (benchSpec, runBench),
    (dataSpec, runData),
]

func topHelp() -> String {
    var s = """
    rnn: recurrent neural networks (RNN, LSTM, GRU) from the command line.

    Usage: rnn <command> [options]     (rnn <command> --help for its options)

    Commands:

    """
    for c in commands {
        s += "  " + c.spec.name.padding(toLength: 10, withPad: " ", startingAt: 0) + c.spec.summary.split(separator: "\n").first.map(String.init)! + "\n"
    }
    s += """

    Environment: RECURRENT_ISA=scalar|avx2|avx512|neon forces the SIMD level of the kernels.
    Exit status: 0 success, 1 error in a file, a line or the run, 2 bad command-line usage.

    """
    return s
}

/// Applies --threads N when given.
func applyThreads(_ o: Options) throws {
    if let n = try o.int("threads", min: 1) { Kernels.threads = n }
}

/// Loads a model file, turning every failure into one line naming the file.
func loadModel(_ path: String) throws -> Model {
    do { return try Model(contentsOf: path) } catch { throw CommandError("\(error)") }
}

signal(SIGPIPE, SIG_IGN)
Kernels.keepFreedMemory() // every command runs pass after pass
var args = Array(CommandLine.arguments.dropFirst())
if args.isEmpty || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
    print(topHelp(), terminator: "")
    exit(args.isEmpty ? 2 : 0)
}
if let problem = Kernels.environmentProblem() {
    printError("rnn: \(problem)")
    exit(2)
}
let name = args.removeFirst()
guard let command = commands.first(where: { $0.spec.name == name }) else {
    printError("rnn: unknown command '\(name)' (commands: \(commands.map(\.spec.name).joined(separator: ", ")))")
    exit(2)
}
do {
    let options = try Options(args, spec: command.spec)
    if options.wantsHelp {
        print(command.spec.help, terminator: "")
        exit(0)
    }
    try command.run(options)
} catch let e as UsageError {
    printError(e.description)
    exit(2)
} catch {
    printError("rnn \(name): \(error)")
    exit(1)
}
