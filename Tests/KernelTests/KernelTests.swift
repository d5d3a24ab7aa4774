// KernelTests: the C kernels (CRecurrent) against double-precision references
// written here, at every ISA level this machine can run.
//
// SwiftPM builds the C target at -O0 in debug, so sizes are kept small; the
// standalone C test (Tests/CKernelTests) runs the larger sweeps.
import CRecurrent
import Foundation
import XCTest

// MARK: - Helpers

/// A manually managed float buffer (stable pointer for the C calls).
final class FBuf {
    let p: UnsafeMutablePointer<Float>
    let count: Int
    init(_ count: Int, _ value: Float = 0) {
        self.count = count
        p = .allocate(capacity: max(count, 1))
        p.initialize(repeating: value, count: max(count, 1))
    }
    convenience init(_ values: [Float]) {
        self.init(values.count)
        for (i, v) in values.enumerated() { p[i] = v }
    }
    deinit { p.deallocate() }
    subscript(i: Int) -> Float {
        get { p[i] }
        set { p[i] = newValue }
    }
    var array: [Float] { Array(UnsafeBufferPointer(start: p, count: count)) }
    var doubles: [Double] { array.map(Double.init) }
    func copy() -> FBuf { FBuf(array) }
}

/// Deterministic xorshift generator.
struct Rng {
    var s: UInt64 = 0x2545_F491_4F6C_DD1D
    mutating func next() -> Double {
        s ^= s << 13
        s ^= s >> 7
        s ^= s << 17
        return Double(s >> 11) / 9_007_199_254_740_992.0
    }
    mutating func float(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * Float(next()) }
    mutating func buf(_ n: Int, _ lo: Float, _ hi: Float) -> FBuf {
        let b = FBuf(n)
        for i in 0..<n { b[i] = float(lo, hi) }
        return b
    }
}

func sigmoidD(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

/// Largest |got - ref| / (1 + |ref|); infinity when a value is NaN.
func relErr(_ got: FBuf, _ ref: [Double], offset: Int = 0) -> Double {
    var m = 0.0
    for i in 0..<ref.count {
        let e = abs(Double(got[offset + i]) - ref[i]) / (1 + abs(ref[i]))
        if !(e <= m) { m = e.isNaN ? .infinity : e }
    }
    return m
}

let allLevels: [rnn_isa] = [RNN_ISA_SCALAR, RNN_ISA_AVX2, RNN_ISA_AVX512, RNN_ISA_NEON]
let tolerance = 1e-5

/// Runs body once per available level (rnn_isa_set), restoring the active level afterwards.
func forEachLevel(_ body: (String) throws -> Void) rethrows {
    let keep = rnn_isa_active()
    defer { _ = rnn_isa_set(keep) }
    for isa in allLevels where rnn_isa_available(isa) != 0 {
        XCTAssertEqual(rnn_isa_set(isa), RNN_OK)
        XCTAssertEqual(rnn_isa_active(), isa)
        try body(String(cString: rnn_isa_name(isa)))
    }
}

final class KernelTests: XCTestCase {
    // MARK: - Dispatch

    func testDispatch() {
        let keep = rnn_isa_active()
        XCTAssertEqual(rnn_isa_available(RNN_ISA_SCALAR), 1)
        XCTAssertEqual(rnn_isa_available(rnn_isa_best()), 1)
        for isa in allLevels {
            var parsed = RNN_ISA_SCALAR
            XCTAssertEqual(rnn_isa_parse(rnn_isa_name(isa), &parsed), RNN_OK)
            XCTAssertEqual(parsed, isa)
            if rnn_isa_available(isa) == 0 {
                XCTAssertEqual(rnn_isa_set(isa), RNN_ERR_ISA_UNAVAILABLE, "set \(isa)")
                XCTAssertEqual(rnn_isa_active(), keep, "an unavailable level changes nothing")
            }
        }
        var parsed = RNN_ISA_SCALAR
        XCTAssertEqual(rnn_isa_parse("mmx", &parsed), RNN_ERR_ISA_UNKNOWN)
        XCTAssertEqual(rnn_isa_parse(nil, &parsed), RNN_ERR_ARGUMENT)
        setenv("RECURRENT_ISA", "nonsense", 1)
        XCTAssertEqual(rnn_isa_from_environment(&parsed), RNN_ERR_ISA_UNKNOWN)
        XCTAssertEqual(parsed, rnn_isa_best())
        setenv("RECURRENT_ISA", "scalar", 1)
        XCTAssertEqual(rnn_isa_from_environment(&parsed), RNN_OK)
        XCTAssertEqual(parsed, RNN_ISA_SCALAR)
        for isa in allLevels where rnn_isa_available(isa) == 0 {
            setenv("RECURRENT_ISA", rnn_isa_name(isa), 1)
            XCTAssertEqual(rnn_isa_from_environment(&parsed), RNN_ERR_ISA_UNAVAILABLE)
            XCTAssertEqual(parsed, rnn_isa_best())
        }
        unsetenv("RECURRENT_ISA")
        XCTAssertEqual(rnn_isa_from_environment(&parsed), RNN_OK)
        XCTAssertEqual(rnn_isa_active(), keep)
    }

    func testArgumentChecks() {
        let f = FBuf(16)
        XCTAssertEqual(rnn_sigmoid_forward(nil, f.p, 3), RNN_ERR_ARGUMENT)
        XCTAssertEqual(rnn_tanh_forward(f.p, nil, 3), RNN_ERR_ARGUMENT)
        XCTAssertEqual(rnn_tanh_forward(nil, nil, 0), RNN_OK)
        XCTAssertEqual(rnn_lstm_forward(f.p, f.p, nil, f.p, 1, 1), RNN_ERR_ARGUMENT)
        XCTAssertEqual(rnn_gru_forward(f.p, f.p, f.p, nil, f.p, 1, 1), RNN_ERR_ARGUMENT)
        XCTAssertEqual(rnn_rnn_forward(f.p, f.p, 2, 5), RNN_ERR_ARGUMENT)
        XCTAssertEqual(rnn_add_bias_rows(f.p, 1, f.p, 2, 2), RNN_ERR_ARGUMENT)
        XCTAssertEqual(rnn_sgemm(0, 0, 2, 3, 2, 1, f.p, 2, f.p, 2, 0, f.p, 3), RNN_ERR_ARGUMENT) // ldb < N
        XCTAssertEqual(rnn_sgemm(0, 0, 2, 2, 2, 1, nil, 2, f.p, 2, 0, f.p, 2), RNN_ERR_ARGUMENT)
        XCTAssertEqual(rnn_sgemm(0, 0, 0, 2, 2, 1, nil, 2, nil, 2, 0, nil, 2), RNN_OK)
        var packed: OpaquePointer? = nil
        XCTAssertEqual(rnn_pack_b(&packed, 0, 2, 3, f.p, 2), RNN_ERR_ARGUMENT)
        XCTAssertNil(packed)
        XCTAssertEqual(rnn_sgemm_packed(1, 1, f.p, 1, nil, 0, f.p, 1), RNN_ERR_ARGUMENT)
        var loss = 0.0
        var target: Int32 = 5
        XCTAssertEqual(rnn_softmax_xent(f.p, &loss, f.p, &target, 1, 4, 1), RNN_ERR_ARGUMENT)
    }

    // MARK: - Activations

    func testActivations() {
        // Every 1e-4 over [-20, 20] (400001 points) plus special values.
        let specials: [Float] = [0, -0.0, 1e-45, -1e-45, 1e-40, -1e-40, 1e-30, 0.625, -0.625,
                                 9, -9, 17, -17, 87, -87, 88, -88, 1e10, -1e10, 1e30, -1e30,
                                 3.4e38, -3.4e38]
        let n1 = 400_001
        let x = FBuf(n1 + specials.count)
        for i in 0..<n1 { x[i] = Float(-20.0 + 1e-4 * Double(i)) }
        for (i, v) in specials.enumerated() { x[n1 + i] = v }
        let s = FBuf(x.count), t = FBuf(x.count)
        forEachLevel { level in
            XCTAssertEqual(rnn_sigmoid_forward(s.p, x.p, x.count), RNN_OK)
            XCTAssertEqual(rnn_tanh_forward(t.p, x.p, x.count), RNN_OK)
            var es = 0.0, et = 0.0
            for i in 0..<x.count {
                let xd = Double(x[i])
                XCTAssertTrue(s[i].isFinite && t[i].isFinite, "\(level): finite at \(x[i])")
                es = max(es, abs(Double(s[i]) - sigmoidD(xd)))
                et = max(et, abs(Double(t[i]) - tanh(xd)))
            }
            XCTAssertLessThanOrEqual(es, 2e-7, "\(level): sigmoid max abs error")
            XCTAssertLessThanOrEqual(et, 2e-7, "\(level): tanh max abs error")

            let special = FBuf([20, -20, 1e30, -1e30, .infinity, -.infinity, .nan, -0.0])
            let so = FBuf(special.count), to = FBuf(special.count)
            rnn_sigmoid_forward(so.p, special.p, special.count)
            rnn_tanh_forward(to.p, special.p, special.count)
            XCTAssertEqual(so.array[0], 1, "\(level): sigmoid(20) is exactly 1")
            XCTAssertEqual(so.array[2], 1)
            XCTAssertEqual(so.array[3], 0, "\(level): sigmoid(-1e30) is exactly 0")
            XCTAssertEqual(so.array[4], 1)
            XCTAssertEqual(so.array[5], 0)
            XCTAssertEqual(to.array[0], 1, "\(level): tanh(20) is exactly 1")
            XCTAssertEqual(to.array[1], -1)
            XCTAssertEqual(to.array[2], 1)
            XCTAssertEqual(to.array[3], -1)
            XCTAssertEqual(to.array[4], 1)
            XCTAssertEqual(to.array[5], -1)
            XCTAssertTrue(so[6].isNaN && to[6].isNaN, "\(level): NaN in, NaN out")
            XCTAssertEqual(so[7], 0.5)
            XCTAssertTrue(to[7] == 0 && to[7].sign == .minus, "\(level): tanh(-0) = -0")
            // Tails: every length up to 19 with a NaN lane, in place.
            var rng = Rng()
            for n in 1...19 {
                let a = rng.buf(n, -5, 5)
                a[n / 2] = .nan
                let b = a.copy()
                rnn_tanh_forward(b.p, b.p, n)
                for i in 0..<n {
                    if i == n / 2 { XCTAssertTrue(b[i].isNaN) } else {
                        XCTAssertEqual(Double(b[i]), tanh(Double(a[i])), accuracy: 2e-7)
                    }
                }
            }
        }
    }

    // MARK: - LSTM

    static func lstmForward(_ H: Int, _ a: [Double], _ cp: [Double]) -> (act: [Double], c: [Double], h: [Double]) {
        var act = [Double](repeating: 0, count: 4 * H), c = [Double](repeating: 0, count: H), h = c
        for j in 0..<H {
            let i = sigmoidD(a[j]), f = sigmoidD(a[H + j]), g = tanh(a[2 * H + j]), o = sigmoidD(a[3 * H + j])
            act[j] = i; act[H + j] = f; act[2 * H + j] = g; act[3 * H + j] = o
            c[j] = f * cp[j] + i * g
            h[j] = o * tanh(c[j])
        }
        return (act, c, h)
    }

    static func lstmBackward(_ H: Int, act: [Double], cp: [Double], c: [Double], dh: [Double],
                             dc: [Double]?) -> (da: [Double], dcp: [Double]) {
        var da = [Double](repeating: 0, count: 4 * H), dcp = [Double](repeating: 0, count: H)
        for j in 0..<H {
            let i = act[j], f = act[H + j], g = act[2 * H + j], o = act[3 * H + j]
            let tc = tanh(c[j])
            let dct = (dc?[j] ?? 0) + dh[j] * o * (1 - tc * tc) // h' = o tanh(c')
            da[j] = dct * g * i * (1 - i)                       // c' = f c + i g, i = sigmoid(a_i)
            da[H + j] = dct * cp[j] * f * (1 - f)
            da[2 * H + j] = dct * i * (1 - g * g)
            da[3 * H + j] = dh[j] * tc * o * (1 - o)
            dcp[j] = dct * f
        }
        return (da, dcp)
    }

    func testLSTMReferenceFiniteDifferences() {
        var rng = Rng()
        let H = 4
        var a = (0..<(4 * H)).map { _ in rng.next() * 2 - 1 }
        var cp = (0..<H).map { _ in rng.next() * 2 - 1 }
        let wh = (0..<H).map { _ in rng.next() * 2 - 1 }, wc = (0..<H).map { _ in rng.next() * 2 - 1 }
        func loss() -> Double {
            let r = Self.lstmForward(H, a, cp)
            return (0..<H).reduce(0) { $0 + wh[$1] * r.h[$1] + wc[$1] * r.c[$1] }
        }
        let f = Self.lstmForward(H, a, cp)
        let g = Self.lstmBackward(H, act: f.act, cp: cp, c: f.c, dh: wh, dc: wc)
        let fd = Self.centralDifferences(5 * H, eps: 1e-6, loss: loss) { k, d in
            if k < 4 * H { a[k] += d } else { cp[k - 4 * H] += d }
        }
        for k in 0..<(5 * H) {
            let analytic = k < 4 * H ? g.da[k] : g.dcp[k - 4 * H]
            XCTAssertEqual(fd[k], analytic, accuracy: 1e-7, "input \(k)")
        }
    }

    /// Central differences (loss(+eps) - loss(-eps)) / 2 eps for each of `count` inputs;
    /// `perturb(k, d)` adds d to input k (and is undone before the next input).
    static func centralDifferences(_ count: Int, eps: Double, loss: () -> Double,
                                   perturb: (Int, Double) -> Void) -> [Double] {
        (0..<count).map { k in
            perturb(k, eps); let lp = loss()
            perturb(k, -2 * eps); let lm = loss()
            perturb(k, eps)
            return (lp - lm) / (2 * eps)
        }
    }

    func testLSTM() {
        forEachLevel { level in
            var rng = Rng()
            for B in [1, 3] {
                for H in [1, 7, 16, 33] {
                    let BH = B * H
                    let a = rng.buf(4 * BH, -4, 4), cp = rng.buf(BH, -2, 2)
                    let dh = rng.buf(BH, -1, 1), dc = rng.buf(BH, -1, 1)
                    let gates = a.copy(), h = FBuf(BH), c = FBuf(BH)
                    XCTAssertEqual(rnn_lstm_forward(h.p, c.p, gates.p, cp.p, B, H), RNN_OK)
                    let dg = FBuf(4 * BH), dcp = FBuf(BH)
                    XCTAssertEqual(rnn_lstm_backward(dg.p, dcp.p, dh.p, dc.p, gates.p, cp.p, c.p, B, H), RNN_OK)
                    let ad = a.doubles, cpd = cp.doubles, gd = gates.doubles, cd = c.doubles
                    let dhd = dh.doubles, dcd = dc.doubles
                    for b in 0..<B {
                        let r = Self.lstmForward(H, Array(ad[(b * 4 * H)..<((b + 1) * 4 * H)]),
                                                 Array(cpd[(b * H)..<((b + 1) * H)]))
                        let ctx = "\(level) B=\(B) H=\(H) row \(b)"
                        XCTAssertLessThanOrEqual(relErr(gates, r.act, offset: b * 4 * H), tolerance, "\(ctx) gates")
                        XCTAssertLessThanOrEqual(relErr(c, r.c, offset: b * H), tolerance, "\(ctx) c")
                        XCTAssertLessThanOrEqual(relErr(h, r.h, offset: b * H), tolerance, "\(ctx) h")
                        // backward from the kernel's saved values
                        let g = Self.lstmBackward(H, act: Array(gd[(b * 4 * H)..<((b + 1) * 4 * H)]),
                                                  cp: Array(cpd[(b * H)..<((b + 1) * H)]),
                                                  c: Array(cd[(b * H)..<((b + 1) * H)]),
                                                  dh: Array(dhd[(b * H)..<((b + 1) * H)]),
                                                  dc: Array(dcd[(b * H)..<((b + 1) * H)]))
                        XCTAssertLessThanOrEqual(relErr(dg, g.da, offset: b * 4 * H), tolerance, "\(ctx) dgates")
                        XCTAssertLessThanOrEqual(relErr(dcp, g.dcp, offset: b * H), tolerance, "\(ctx) dc_prev")
                    }
                    // dc == NULL is a zero future gradient
                    let dz = FBuf(BH, 0), dg0 = FBuf(4 * BH), dg1 = FBuf(4 * BH), t0 = FBuf(BH), t1 = FBuf(BH)
                    rnn_lstm_backward(dg0.p, t0.p, dh.p, nil, gates.p, cp.p, c.p, B, H)
                    rnn_lstm_backward(dg1.p, t1.p, dh.p, dz.p, gates.p, cp.p, c.p, B, H)
                    XCTAssertEqual(dg0.array, dg1.array, "\(level) dc NULL")
                    XCTAssertEqual(t0.array, t1.array)
                }
            }
        }
    }

    // MARK: - GRU

    static func gruForward(_ H: Int, _ x: [Double], _ hg: [Double], _ hp: [Double]) -> (saved: [Double], h: [Double]) {
        var s = [Double](repeating: 0, count: 4 * H), h = [Double](repeating: 0, count: H)
        for j in 0..<H {
            let r = sigmoidD(x[j] + hg[j]), z = sigmoidD(x[H + j] + hg[H + j])
            let n = tanh(x[2 * H + j] + r * hg[2 * H + j])
            s[j] = r; s[H + j] = z; s[2 * H + j] = n; s[3 * H + j] = hg[2 * H + j]
            h[j] = (1 - z) * n + z * hp[j]
        }
        return (s, h)
    }

    static func gruBackward(_ H: Int, _ s: [Double], _ hp: [Double], _ dh: [Double]) -> (dx: [Double], dhg: [Double], dhp: [Double]) {
        var dx = [Double](repeating: 0, count: 3 * H), dhg = dx, dhp = [Double](repeating: 0, count: H)
        for j in 0..<H {
            let r = s[j], z = s[H + j], n = s[2 * H + j], hn = s[3 * H + j]
            let dn = dh[j] * (1 - z) * (1 - n * n)      // h' = (1-z) n + z h, n = tanh(.)
            let dz = dh[j] * (hp[j] - n) * z * (1 - z)  // z = sigmoid(.)
            let dr = dn * hn * r * (1 - r)              // n_pre = x_n + r h_n, r = sigmoid(.)
            dx[j] = dr; dx[H + j] = dz; dx[2 * H + j] = dn
            dhg[j] = dr; dhg[H + j] = dz; dhg[2 * H + j] = dn * r
            dhp[j] = dh[j] * z
        }
        return (dx, dhg, dhp)
    }

    func testGRUReferenceFiniteDifferences() {
        var rng = Rng()
        let H = 3
        var x = (0..<(3 * H)).map { _ in rng.next() * 2 - 1 }
        var hg = (0..<(3 * H)).map { _ in rng.next() * 2 - 1 }
        var hp = (0..<H).map { _ in rng.next() * 2 - 1 }
        let w = (0..<H).map { _ in rng.next() * 2 - 1 }
        func loss() -> Double {
            let h = Self.gruForward(H, x, hg, hp).h
            return (0..<H).reduce(0) { $0 + w[$1] * h[$1] }
        }
        let f = Self.gruForward(H, x, hg, hp)
        let g = Self.gruBackward(H, f.saved, hp, w)
        let fd = Self.centralDifferences(7 * H, eps: 1e-6, loss: loss) { k, d in
            if k < 3 * H { x[k] += d } else if k < 6 * H { hg[k - 3 * H] += d } else { hp[k - 6 * H] += d }
        }
        for k in 0..<(7 * H) {
            let analytic = k < 3 * H ? g.dx[k] : k < 6 * H ? g.dhg[k - 3 * H] : g.dhp[k - 6 * H]
            XCTAssertEqual(fd[k], analytic, accuracy: 1e-7, "input \(k)")
        }
    }

    func testGRU() {
        forEachLevel { level in
            var rng = Rng()
            for B in [1, 3] {
                for H in [1, 7, 16, 33] {
                    let BH = B * H
                    let xg = rng.buf(3 * BH, -3, 3), hg = rng.buf(3 * BH, -3, 3), hp = rng.buf(BH, -1, 1)
                    let dh = rng.buf(BH, -1, 1)
                    let h = FBuf(BH), saved = FBuf(4 * BH)
                    XCTAssertEqual(rnn_gru_forward(h.p, saved.p, xg.p, hg.p, hp.p, B, H), RNN_OK)
                    let dx = FBuf(3 * BH), dhg = FBuf(3 * BH), dhp = FBuf(BH)
                    XCTAssertEqual(rnn_gru_backward(dx.p, dhg.p, dhp.p, dh.p, saved.p, hp.p, B, H), RNN_OK)
                    let xd = xg.doubles, hgd = hg.doubles, hpd = hp.doubles, sd = saved.doubles, dhd = dh.doubles
                    for b in 0..<B {
                        let r = Self.gruForward(H, Array(xd[(b * 3 * H)..<((b + 1) * 3 * H)]),
                                                Array(hgd[(b * 3 * H)..<((b + 1) * 3 * H)]),
                                                Array(hpd[(b * H)..<((b + 1) * H)]))
                        let ctx = "\(level) B=\(B) H=\(H) row \(b)"
                        XCTAssertLessThanOrEqual(relErr(saved, r.saved, offset: b * 4 * H), tolerance, "\(ctx) saved")
                        XCTAssertLessThanOrEqual(relErr(h, r.h, offset: b * H), tolerance, "\(ctx) h")
                        let g = Self.gruBackward(H, Array(sd[(b * 4 * H)..<((b + 1) * 4 * H)]),
                                                 Array(hpd[(b * H)..<((b + 1) * H)]),
                                                 Array(dhd[(b * H)..<((b + 1) * H)]))
                        XCTAssertLessThanOrEqual(relErr(dx, g.dx, offset: b * 3 * H), tolerance, "\(ctx) dxg")
                        XCTAssertLessThanOrEqual(relErr(dhg, g.dhg, offset: b * 3 * H), tolerance, "\(ctx) dhg")
                        XCTAssertLessThanOrEqual(relErr(dhp, g.dhp, offset: b * H), tolerance, "\(ctx) dh_prev")
                    }
                }
            }
        }
    }

    /// Reset-before GRU: both forward stages and both backward stages, with the
    /// W_hn multiply done here, against a double reference of the whole cell
    /// (checked itself by finite differences).
    func testGRUResetBefore() {
        // Double reference of the full cell: hg_n = W (r * h).
        func cell(_ H: Int, _ x: [Double], _ hgrz: [Double], _ W: [Double], _ hp: [Double]) -> [Double] {
            var h = [Double](repeating: 0, count: H), rh = h
            for j in 0..<H { rh[j] = sigmoidD(x[j] + hgrz[j]) * hp[j] }
            for i in 0..<H {
                var hn = 0.0
                for j in 0..<H { hn += W[i * H + j] * rh[j] }
                let z = sigmoidD(x[H + i] + hgrz[H + i]), n = tanh(x[2 * H + i] + hn)
                h[i] = (1 - z) * n + z * hp[i]
            }
            return h
        }
        forEachLevel { level in
            var rng = Rng()
            for B in [1, 3] {
                for H in [1, 7, 16, 33] {
                    let BH = B * H
                    let xg = rng.buf(3 * BH, -2, 2), hg = rng.buf(3 * BH, -2, 2), hp = rng.buf(BH, -1, 1)
                    let W = rng.buf(H * H, -0.5, 0.5), dh = rng.buf(BH, -1, 1)
                    let rh = FBuf(BH), saved = FBuf(4 * BH), h = FBuf(BH)
                    XCTAssertEqual(rnn_gru_rb_forward_gates(rh.p, saved.p, xg.p, hg.p, hp.p, B, H), RNN_OK)
                    // hg[:, 2H:3H] = rh W^T (W: H x H)
                    for b in 0..<B {
                        for i in 0..<H {
                            var s = 0.0
                            for j in 0..<H { s += Double(W[i * H + j]) * Double(rh[b * H + j]) }
                            hg[b * 3 * H + 2 * H + i] = Float(s)
                        }
                    }
                    XCTAssertEqual(rnn_gru_rb_forward_state(h.p, saved.p, xg.p, hg.p, hp.p, B, H), RNN_OK)
                    // backward: stage A, drh = dhg[:, 2H:3H] x W, stage B
                    let dx = FBuf(3 * BH, .nan), dhg = FBuf(3 * BH, .nan), dhp = FBuf(BH), drh = FBuf(BH)
                    XCTAssertEqual(rnn_gru_rb_backward_state(dx.p, dhg.p, dhp.p, dh.p, saved.p, hp.p, B, H), RNN_OK)
                    for b in 0..<B {
                        for j in 0..<H {
                            var s = 0.0
                            for i in 0..<H { s += Double(dhg[b * 3 * H + 2 * H + i]) * Double(W[i * H + j]) }
                            drh[b * H + j] = Float(s)
                        }
                    }
                    XCTAssertEqual(rnn_gru_rb_backward_gates(dx.p, dhg.p, dhp.p, drh.p, saved.p, hp.p, B, H), RNN_OK)
                    XCTAssertEqual(dx.array, dhg.array, "\(level): reset-before dxg == dhg")
                    // Reference: the full cell in double, gradients by central differences.
                    let Wd = W.doubles
                    for b in 0..<B {
                        let x = Array(xg.doubles[(b * 3 * H)..<((b + 1) * 3 * H)])
                        var hgrz = Array(hg.doubles[(b * 3 * H)..<(b * 3 * H + 2 * H)])
                        var hpv = Array(hp.doubles[(b * H)..<((b + 1) * H)])
                        var xv = x
                        let w = Array(dh.doubles[(b * H)..<((b + 1) * H)])
                        let ref = cell(H, xv, hgrz, Wd, hpv)
                        let ctx = "\(level) B=\(B) H=\(H) row \(b)"
                        XCTAssertLessThanOrEqual(relErr(h, ref, offset: b * H), tolerance, "\(ctx) h")
                        func loss() -> Double {
                            let o = cell(H, xv, hgrz, Wd, hpv)
                            return (0..<H).reduce(0) { $0 + w[$1] * o[$1] }
                        }
                        var worst = 0.0
                        // x_r, x_z, x_n, then h_prev.
                        let fd = Self.centralDifferences(4 * H, eps: 1e-5, loss: loss) { k, d in
                            if k < 3 * H { xv[k] += d } else { hpv[k - 3 * H] += d }
                        }
                        for k in 0..<(4 * H) {
                            let got = k < 3 * H ? Double(dx[b * 3 * H + k]) : Double(dhp[b * H + k - 3 * H])
                            worst = max(worst, abs(got - fd[k]) / (1 + abs(fd[k])))
                        }
                        // hg_r, hg_z match dx_r, dx_z.
                        let fdh = Self.centralDifferences(2 * H, eps: 1e-5, loss: loss) { k, d in hgrz[k] += d }
                        for k in 0..<(2 * H) {
                            worst = max(worst, abs(Double(dhg[b * 3 * H + k]) - fdh[k]))
                        }
                        XCTAssertLessThanOrEqual(worst, 1e-4, "\(ctx) reset-before gradients vs finite differences")
                    }
                }
            }
        }
    }

    // MARK: - Vanilla RNN and helpers

    func testRNN() {
        forEachLevel { level in
            var rng = Rng()
            for relu in [Int32(0), 1] {
                for n in [1, 7, 16, 33, 99] {
                    let a = rng.buf(n, -3, 3), dh = rng.buf(n, -1, 1), h = FBuf(n), da = FBuf(n)
                    if n > 3 { a[2] = 0 }
                    XCTAssertEqual(rnn_rnn_forward(h.p, a.p, n, relu), RNN_OK)
                    XCTAssertEqual(rnn_rnn_backward(da.p, dh.p, h.p, n, relu), RNN_OK)
                    let href = a.doubles.map { relu == 1 ? max($0, 0) : tanh($0) }
                    let daref = (0..<n).map { i -> Double in
                        relu == 1 ? (h[i] > 0 ? Double(dh[i]) : 0) : Double(dh[i]) * (1 - Double(h[i]) * Double(h[i]))
                    }
                    XCTAssertLessThanOrEqual(relErr(h, href), tolerance, "\(level) relu=\(relu) n=\(n) forward")
                    XCTAssertLessThanOrEqual(relErr(da, daref), tolerance, "\(level) relu=\(relu) n=\(n) backward")
                }
            }
        }
    }

    func testBiasHelpers() {
        forEachLevel { level in
            var rng = Rng()
            for cols in [1, 9, 40] {
                let rows = 3, ld = cols + 2
                let y = rng.buf(rows * ld, -1, 1), bias = rng.buf(cols, -1, 1), db = rng.buf(cols, -1, 1)
                let y0 = y.copy(), db0 = db.copy()
                XCTAssertEqual(rnn_add_bias_rows(y.p, ld, bias.p, rows, cols), RNN_OK)
                XCTAssertEqual(rnn_sum_rows(db.p, y0.p, ld, rows, cols), RNN_OK)
                for r in 0..<rows {
                    for j in 0..<ld {
                        XCTAssertEqual(y[r * ld + j], j < cols ? y0[r * ld + j] + bias[j] : y0[r * ld + j], "\(level)")
                    }
                }
                for j in 0..<cols {
                    let s = (0..<rows).reduce(Double(db0[j])) { $0 + Double(y0[$1 * ld + j]) }
                    XCTAssertEqual(Double(db[j]), s, accuracy: 1e-5, "\(level) sum_rows")
                }
            }
        }
    }

    // MARK: - Softmax cross-entropy

    func testSoftmaxCrossEntropy() {
        forEachLevel { level in
            var rng = Rng()
            for V in [1, 5, 17, 300] {
                let N = 4
                let x = rng.buf(N * V, -10, 10)
                x[0] = 80 // must not overflow
                var target: [Int32] = (0..<N).map { _ in Int32(rng.next() * Double(V)) }
                target[1] = -1
                let d = FBuf(N * V, .nan)
                var loss = 0.0
                let scale: Float = 0.5
                XCTAssertEqual(rnn_softmax_xent(d.p, &loss, x.p, target, N, V, scale), RNN_OK)
                var lref = 0.0
                for r in 0..<N {
                    let row = (0..<V).map { Double(x[r * V + $0]) }
                    let m = row.max()!
                    let s = row.reduce(0) { $0 + exp($1 - m) }
                    if target[r] >= 0 { lref += m + log(s) - row[Int(target[r])] }
                    for j in 0..<V {
                        let g = target[r] < 0 ? 0 : Double(scale) * (exp(row[j] - m) / s - (j == Int(target[r]) ? 1 : 0))
                        XCTAssertEqual(Double(d[r * V + j]), g, accuracy: 1e-6, "\(level) V=\(V) dlogits")
                    }
                }
                XCTAssertEqual(loss, lref, accuracy: 1e-5 * (1 + abs(lref)), "\(level) V=\(V) loss")
                var loss2 = 0.0
                XCTAssertEqual(rnn_softmax_xent(nil, &loss2, x.p, target, N, V, scale), RNN_OK)
                XCTAssertEqual(loss2, loss)
            }
        }
    }

    // MARK: - Matrix multiply

    /// Runs one multiply (plain or packed) and checks it against a double loop.
    func gemmCase(_ ta: Int32, _ tb: Int32, _ M: Int, _ N: Int, _ K: Int, alpha: Float, beta: Float,
                  pad: Int, packed: Bool, rng: inout Rng, level: String) {
        let rowsA = ta == 1 ? K : M, colsA = ta == 1 ? M : K
        let rowsB = tb == 1 ? N : K, colsB = tb == 1 ? K : N
        let lda = colsA + pad, ldb = colsB + pad, ldc = N + pad
        let A = rng.buf(rowsA * lda, -1, 1), B = rng.buf(rowsB * ldb, -1, 1), C = rng.buf(M * ldc, -1, 1)
        if beta == 0 { for i in 0..<(M * ldc) where i % ldc < N { C[i] = .nan } } // beta == 0 must not read C
        let C0 = C.copy()
        var status: rnn_status
        if packed {
            var p: OpaquePointer? = nil
            status = rnn_pack_b(&p, tb, K, N, B.p, ldb)
            defer { rnn_packed_b_free(p) }
            let At = FBuf(M * (K + pad)) // the packed API takes A untransposed
            for i in 0..<M { for k in 0..<K { At[i * (K + pad) + k] = ta == 1 ? A[k * lda + i] : A[i * lda + k] } }
            if status == RNN_OK { status = rnn_sgemm_packed(M, alpha, At.p, K + pad, p, beta, C.p, ldc) }
        } else {
            status = rnn_sgemm(ta, tb, M, N, K, alpha, A.p, lda, B.p, ldb, beta, C.p, ldc)
        }
        let ctx = "\(level) \(packed ? "packed" : "sgemm") ta=\(ta) tb=\(tb) M=\(M) N=\(N) K=\(K) alpha=\(alpha) beta=\(beta) pad=\(pad)"
        XCTAssertEqual(status, RNN_OK, ctx)
        var bad = 0
        for i in 0..<M {
            for j in 0..<ldc {
                if j >= N { if C[i * ldc + j] != C0[i * ldc + j] { bad += 1 }; continue }
                var s = 0.0, mag = 0.0
                for k in 0..<K {
                    let a = Double(ta == 1 ? A[k * lda + i] : A[i * lda + k])
                    let b = Double(tb == 1 ? B[j * ldb + k] : B[k * ldb + j])
                    s += a * b; mag += abs(a * b)
                }
                var ref = Double(alpha) * s
                mag *= Double(abs(alpha))
                if beta != 0 { ref += Double(beta) * Double(C0[i * ldc + j]); mag += abs(Double(beta * C0[i * ldc + j])) }
                if !(abs(Double(C[i * ldc + j]) - ref) <= 1e-6 * Double(K + 4) * mag + 1e-30) { bad += 1 }
            }
        }
        XCTAssertEqual(bad, 0, "\(ctx): elements out of tolerance or padding written")
    }

    func testSgemm() {
        forEachLevel { level in
            var rng = Rng()
            let sizes = [1, 2, 3, 7, 16, 17, 37]
            for packed in [false, true] {
                for ta in [Int32(0), 1] {
                    for tb in [Int32(0), 1] {
                        for (a, M) in sizes.enumerated() {
                            for (b, N) in sizes.enumerated() {
                                let K = sizes[(a + 2 * b) % sizes.count]
                                let beta: Float = [0, 1, 0.5][(a + b) % 3]
                                gemmCase(ta, tb, M, N, K, alpha: (a + b) % 2 == 0 ? 1 : -0.75, beta: beta,
                                         pad: (a * b) % 2 == 0 ? 0 : 3, packed: packed, rng: &rng, level: level)
                            }
                        }
                        // blocking boundaries (K > KC) and the matrix-vector paths
                        for (M, N, K) in [(20, 19, 300), (1, 70, 300), (70, 1, 260), (1, 1, 50), (2, 40, 1)] {
                            gemmCase(ta, tb, M, N, K, alpha: 1.5, beta: M % 2 == 0 ? 0 : -0.5, pad: 1,
                                     packed: packed, rng: &rng, level: level)
                        }
                    }
                }
            }
            // K == 0: C = beta * C
            let c = FBuf([1, 2, 3, 4]), dummy = FBuf(1)
            XCTAssertEqual(rnn_sgemm(0, 0, 2, 2, 0, 1, dummy.p, 0, dummy.p, 2, 2, c.p, 2), RNN_OK)
            XCTAssertEqual(c.array, [2, 4, 6, 8])
        }
    }

    func testPackedAcrossLevels() {
        let keep = rnn_isa_active()
        defer { _ = rnn_isa_set(keep) }
        var rng = Rng()
        let M = 5, N = 21, K = 40
        let A = rng.buf(M * K, -1, 1), B = rng.buf(N * K, -1, 1)
        let ref = FBuf(M * N)
        rnn_sgemm_naive(0, 1, M, N, K, 1, A.p, K, B.p, K, 0, ref.p, N)
        for from in allLevels where rnn_isa_available(from) != 0 {
            for to in allLevels where rnn_isa_available(to) != 0 {
                rnn_isa_set(from)
                var p: OpaquePointer? = nil
                XCTAssertEqual(rnn_pack_b(&p, 1, K, N, B.p, K), RNN_OK)
                rnn_isa_set(to)
                for rows in [1, M] {
                    let C = FBuf(M * N, .nan)
                    XCTAssertEqual(rnn_sgemm_packed(rows, 1, A.p, K, p, 0, C.p, N), RNN_OK)
                    for i in 0..<(rows * N) {
                        XCTAssertEqual(C[i], ref[i], accuracy: 1e-4, "packed under \(from), run under \(to)")
                    }
                }
                rnn_packed_b_free(p)
            }
        }
    }

    func testThreadsDeterministic() {
        defer { rnn_set_num_threads(0) }
        forEachLevel { level in
            var rng = Rng()
            // Large enough to be split across threads even at -O0; M == 1 takes the threaded gemv.
            for (M, N, K) in [(96, 150, 100), (1, 2000, 80)] {
                let A = rng.buf(M * K, -1, 1), B = rng.buf(N * K, -1, 1)
                var results: [[Float]] = []
                for threads in [1, 1, 2, 2, 2] {
                    rnn_set_num_threads(Int32(threads))
                    XCTAssertEqual(rnn_get_num_threads(), Int32(threads))
                    let C = FBuf(M * N, .nan)
                    XCTAssertEqual(rnn_sgemm(0, 1, M, N, K, 1, A.p, K, B.p, K, 0, C.p, N), RNN_OK)
                    results.append(C.array)
                }
                XCTAssertEqual(results[0], results[1], "\(level) M=\(M): threads=1 bitwise repeatable")
                XCTAssertEqual(results[2], results[3], "\(level) M=\(M): threads=2 bitwise repeatable")
                XCTAssertEqual(results[3], results[4], "\(level) M=\(M): threads=2 bitwise repeatable")
                let ref = FBuf(M * N)
                rnn_sgemm_naive(0, 1, M, N, K, 1, A.p, K, B.p, K, 0, ref.p, N)
                for i in 0..<(M * N) where !(abs(results[2][i] - ref[i]) <= 1e-4) {
                    XCTFail("\(level) M=\(M): threads=2 wrong at \(i): \(results[2][i]) vs \(ref[i])")
                    break
                }
            }
        }
    }
}
