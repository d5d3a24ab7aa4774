import Foundation

/// A line chart written as a standalone SVG document: axes with tick labels, one
/// polyline per series, a legend and a title. Linear or log-scale y axis.
struct LineChart {
    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
        var color: String
        var markers: Bool = false
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var logY = false
    var width = 800.0
    var height = 480.0

    /// "Nice" tick positions (1, 2, 5 x 10^k steps) covering lo...hi; at most about
    /// `count` + 2 of them, whatever the range (a range of a few ulps included).
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 6) -> [Double] {
        guard hi > lo, (hi - lo) > abs(lo) * 1e-12 else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        let first = ceil(lo / step)
        let n = min(Int(floor(hi / step) - first) + 1, 4 * count)
        return (0..<max(n, 0)).map { i in
            let t = (first + Double(i)) * step
            return abs(t) < step * 1e-9 ? 0 : t
        }
    }

    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e5 || a < 1e-3 { return String(format: "%.0e", v) }
        if v == v.rounded() { return String(Int(v)) }
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    func render() throws -> String {
        let pts = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
        guard !pts.isEmpty else { throw CommandError("nothing to plot: no finite values\(logY ? " above zero" : "")") }
        let left = 80.0, right = 30.0, top = 50.0, bottom = 60.0
        let pw = width - left - right, ph = height - top - bottom
        var x0 = pts.map(\.x).min()!, x1 = pts.map(\.x).max()!
        // A flat or nearly flat range (down to a few ulps) gets room around it.
        if x1 - x0 <= max(abs(x0), abs(x1)) * 1e-9 { let w = max(abs(x0) * 1e-6, 1); x0 -= w; x1 += w }
        let fy: (Double) -> Double = logY ? { log10($0) } : { $0 }
        var y0 = pts.map { fy($0.y) }.min()!, y1 = pts.map { fy($0.y) }.max()!
        if y1 - y0 <= max(abs(y0), abs(y1)) * 1e-9 { let w = max(abs(y0) * 1e-3, 0.5); y0 -= w; y1 += w }
        let pad = (y1 - y0) * 0.05
        y0 -= pad; y1 += pad
        if logY { y0 = floor(y0); y1 = ceil(y1) }
        func sx(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func sy(_ y: Double) -> Double { top + ph - (fy(y) - y0) / (y1 - y0) * ph }

        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(width / 2)" y="28" text-anchor="middle" font-size="16" font-weight="bold">\(Self.escape(title))</text>

        """
        // Grid and ticks.
        for t in Self.ticks(x0, x1) {
            let x = sx(t)
            s += "<line x1=\"\(x)\" y1=\"\(top)\" x2=\"\(x)\" y2=\"\(top + ph)\" stroke=\"#e5e5e5\"/>\n"
            s += "<text x=\"\(x)\" y=\"\(top + ph + 18)\" text-anchor=\"middle\">\(Self.label(t))</text>\n"
        }
        // Log axis: a tick every k decades, at most about ten labels.
        let decadeStep = max(1.0, ceil((y1 - y0) / 10))
        let yTicks = logY ? Array(stride(from: y0, through: y1, by: decadeStep)) : Self.ticks(y0, y1)
        for t in yTicks {
            let y = top + ph - (t - y0) / (y1 - y0) * ph
            let text = logY ? "1e\(Int(t))" : Self.label(t)
            s += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + pw)\" y2=\"\(y)\" stroke=\"#e5e5e5\"/>\n"
            s += "<text x=\"\(left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(text)</text>\n"
        }
        s += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(pw)\" height=\"\(ph)\" fill=\"none\" stroke=\"#333\"/>\n"
        s += "<text x=\"\(left + pw / 2)\" y=\"\(height - 15)\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        s += "<text transform=\"translate(20 \(top + ph / 2)) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(yLabel + (logY ? " (log scale)" : "")))</text>\n"
        // Series.
        for ser in series {
            let p = ser.points.filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
            if p.isEmpty { continue }
            let coords = p.map { String(format: "%.2f,%.2f", sx($0.x), sy($0.y)) }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"\(ser.color)\" stroke-width=\"1.8\" points=\"\(coords)\"/>\n"
            if ser.markers || p.count == 1 {
                for q in p { s += String(format: "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"%@\"/>\n", sx(q.x), sy(q.y), ser.color) }
            }
        }
        // Legend, on a white panel so the lines under it do not hide it.
        let shown = series.filter { !$0.points.isEmpty }.count
        s += "<rect x=\"\(left + pw - 158)\" y=\"\(top + 2)\" width=\"152\" height=\"\(Double(shown) * 18 + 6)\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>\n"
        var ly = top + 14
        for ser in series where !ser.points.isEmpty {
            s += "<line x1=\"\(left + pw - 150)\" y1=\"\(ly - 4)\" x2=\"\(left + pw - 125)\" y2=\"\(ly - 4)\" stroke=\"\(ser.color)\" stroke-width=\"3\"/>\n"
            s += "<text x=\"\(left + pw - 118)\" y=\"\(ly)\">\(Self.escape(ser.name))</text>\n"
            ly += 18
        }
        s += "</svg>\n"
        return s
    }
}
