// A small command-line option parser: `--name value`, `--name=value`, flags, positionals.
// Every command declares its options once; the same table drives parsing and --help.

/// A usage error: bad or missing options. The tool prints it and exits with status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// A runtime failure (bad file, bad line, numeric trouble). Exit status 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

struct OptionSpec {
    let name: String          // without the leading dashes
    let value: String?        // placeholder shown in help (e.g. "N"); nil for a flag
    let help: String
    static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, value: nil, help: help) }
    static func value(_ name: String, _ placeholder: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, help: help)
    }
}

struct CommandSpec {
    let name: String
    let summary: String
    let usage: String
    let options: [OptionSpec]
    var positionals: ClosedRange<Int> = 0...0

    var help: String {
        var s = "\(summary)\n\nUsage: \(usage)\n\nOptions:\n"
        let width = (options.map { "--\($0.name)" + ($0.value.map { " " + $0 } ?? "") }.map(\.count).max() ?? 0) + 2
        for o in options + [.flag("help", "Show this help.")] {
            let left = "--\(o.name)" + (o.value.map { " " + $0 } ?? "")
            s += "  " + left.padding(toLength: width, withPad: " ", startingAt: 0) + o.help + "\n"
        }
        return s
    }
}

/// Parsed options of one command.
struct Options {
    let command: String
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    private(set) var wantsHelp = false

    init(_ args: [String], spec: CommandSpec) throws {
        command = spec.name
        let byName = Dictionary(spec.options.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "--help" || arg == "-h" { wantsHelp = true; continue }
            if arg == "--" { positionals += args[i...]; break }
            guard arg.hasPrefix("--"), arg.count > 2 else {
                if arg.hasPrefix("-") && arg.count > 1 && Double(arg) == nil {
                    throw UsageError("rnn \(spec.name): unknown option '\(arg)' (see 'rnn \(spec.name) --help')")
                }
                positionals.append(arg)
                continue
            }
            var name = String(arg.dropFirst(2))
            var inline: String? = nil
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let opt = byName[name] else {
                throw UsageError("rnn \(spec.name): unknown option '--\(name)' (see 'rnn \(spec.name) --help')")
            }
            if opt.value == nil {
                if inline != nil { throw UsageError("rnn \(spec.name): option '--\(name)' takes no value") }
                flags.insert(name)
            } else {
                if let v = inline {
                    values[name] = v
                } else {
                    guard i < args.count else { throw UsageError("rnn \(spec.name): option '--\(name)' needs a value (\(opt.value!))") }
                    values[name] = args[i]
                    i += 1
                }
            }
        }
        if !wantsHelp && !spec.positionals.contains(positionals.count) {
            if positionals.count > spec.positionals.upperBound {
                throw UsageError("rnn \(spec.name): unexpected argument '\(positionals[spec.positionals.upperBound])' (see 'rnn \(spec.name) --help')")
            }
            throw UsageError("rnn \(spec.name): missing argument (usage: \(spec.usage))")
        }
    }

    func has(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }
    func flag(_ name: String) -> Bool { flags.contains(name) }
    func string(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws -> String {
        guard let v = values[name] else { throw UsageError("rnn \(command): option '--\(name)' is required") }
        return v
    }

    func int(_ name: String, default d: Int? = nil, min: Int? = nil) throws -> Int? {
        guard let s = values[name] else { return d }
        guard let v = Int(s) else { throw UsageError("rnn \(command): --\(name): expected a whole number, got '\(s)'") }
        if let m = min, v < m { throw UsageError("rnn \(command): --\(name): must be at least \(m), got \(v)") }
        return v
    }

    func double(_ name: String, default d: Double? = nil, min: Double? = nil, max: Double? = nil) throws -> Double? {
        guard let s = values[name] else { return d }
        guard let v = Double(s), v.isFinite else { throw UsageError("rnn \(command): --\(name): expected a number, got '\(s)'") }
        if let m = min, v < m { throw UsageError("rnn \(command): --\(name): must be at least \(m), got \(s)") }
        if let m = max, v > m { throw UsageError("rnn \(command): --\(name): must be at most \(m), got \(s)") }
        return v
    }

    func choice<T: RawRepresentable>(_ name: String, default d: T? = nil) throws -> T? where T.RawValue == String, T: CaseIterable {
        guard let s = values[name] else { return d }
        guard let v = T(rawValue: s) else {
            throw UsageError("rnn \(command): --\(name): '\(s)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }
}
