import Foundation
import Recurrent

// rnn plot: draw a --log CSV (loss against step) as an SVG chart.

let plotSpec = CommandSpec(
    name: "plot",
    summary: "Draw a training log (--log FILE.csv) as an SVG chart: training and validation loss against step.",
    usage: "rnn plot FILE.csv --output loss.svg [--title TEXT] [--log-y]",
    options: [
        .value("output", "PATH", "SVG file to write. Required."),
        .value("title", "TEXT", "Chart title (default: the CSV file name)."),
        .flag("log-y", "Logarithmic loss axis."),
    ],
    positionals: 1...1)

/// A CSV table with a header row; empty cells are nil.
struct CSVTable {
    let columns: [String]
    let rows: [[Double?]]

    init(path: String) throws {
        let text = try readText(path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard !lines.isEmpty else { throw CommandError("\(path): the file is empty") }
        let columns = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        self.columns = columns
        var rows: [[Double?]] = []
        for (i, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == columns.count else {
                throw CommandError("\(path): line \(i + 2): expected \(columns.count) fields, found \(cells.count)")
            }
            rows.append(try cells.enumerated().map { j, c in
                let t = c.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return nil }
                guard let v = Double(t) else { throw CommandError("\(path): line \(i + 2): field '\(columns[j])': '\(t)' is not a number") }
                return v
            })
        }
        self.rows = rows
    }

    func column(_ name: String) -> Int? { columns.firstIndex(of: name) }
}

func runPlot(_ o: Options) throws {
    let path = o.positionals[0]
    let output = try o.required("output")
    let table = try CSVTable(path: path)
    let name = (path as NSString).lastPathComponent
    var chart: LineChart
    if let t = table.column("t"), table.columns.count >= 2, table.column("train_loss") == nil {
        // A gradient-flow file: t, then one column of |dL/dh_t| per recorded training step.
        chart = LineChart(title: o.string("title") ?? "Gradient flow: \(name)", xLabel: "time step t (loss at the last step)",
                          yLabel: "‖dL/dh_t‖", series: [], logY: true)
        let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
        for (k, j) in table.columns.indices.filter({ $0 != t }).enumerated() {
            let pts = table.rows.compactMap { r -> (x: Double, y: Double)? in
                guard let x = r[t], let y = r[j] else { return nil }
                return (x, y)
            }
            chart.series.append(.init(name: table.columns[j], points: pts, color: palette[k % palette.count]))
        }
    } else {
        guard let s = table.column("step"), let tr = table.column("train_loss") else {
            throw CommandError("\(path): expected a training log with columns step and train_loss (from rnn train --log), or a gradient-flow file (from --grad-flow)")
        }
        let v = table.column("val_loss")
        func points(_ c: Int) -> [(x: Double, y: Double)] {
            table.rows.compactMap { r in
                guard let x = r[s], let y = r[c] else { return nil }
                return (x, y)
            }
        }
        var series = [LineChart.Series(name: "training loss", points: points(tr), color: "#1f77b4")]
        if let v { series.append(.init(name: "validation loss", points: points(v), color: "#ff7f0e", markers: true)) }
        chart = LineChart(title: o.string("title") ?? "Loss: \(name)", xLabel: "step", yLabel: "loss", series: series,
                          logY: o.flag("log-y"))
    }
    let svg: String
    do { svg = try chart.render() } catch { throw CommandError("\(path): \(error)") }
    do { try AtomicFile.write(Array(svg.utf8), to: output) } catch { throw CommandError("\(error)") }
}
