// kernel_test.c: standalone tests of the C kernels (CKernels/) against
// double-precision references, at every ISA level this machine can run.
//
// Build and run with Tests/CKernelTests/run.sh (extra arguments are compiler
// flags, e.g. -fsanitize=address,undefined; CC and RUNNER select a cross
// compiler and an emulator). Prints one line per failure, a summary per level,
// and finally "N passed, M failed"; exits 1 when anything failed.
// RNN_TEST_NO_BENCH=1 skips the 1024^3 timing at the end (timings are printed,
// never checked).
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "CRecurrent.h"
#include "internal.h" // the pair runner of the batch-1 scans

// MARK: - Harness

static int g_passed, g_failed;
static const char *g_level = "?";

static void check(int ok, const char *fmt, ...) {
    if (ok) {
        g_passed++;
        return;
    }
    g_failed++;
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL [%s] ", g_level);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

static uint64_t g_rng = 0x9E3779B97F4A7C15ull;
static double urand(void) { // [0, 1)
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return (double)(g_rng >> 11) * (1.0 / 9007199254740992.0);
}
static float frand(float lo, float hi) { return (float)(lo + (hi - lo) * urand()); }
static void fill(float *p, size_t n, float lo, float hi) {
    for (size_t i = 0; i < n; i++) p[i] = frand(lo, hi);
}
static float *falloc(size_t n) {
    float *p = malloc((n ? n : 1) * sizeof(float));
    if (!p) {
        printf("out of memory\n");
        exit(2);
    }
    return p;
}
static float *fdup(const float *src, size_t n) {
    float *p = falloc(n);
    memcpy(p, src, n * sizeof(float));
    return p;
}

// Largest |got - ref| / (1 + |ref|) over n values; NaN when a value is NaN.
static double rel_err_d(const float *got, const double *ref, size_t n) {
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = fabs((double)got[i] - ref[i]) / (1.0 + fabs(ref[i]));
        if (!(e <= m)) m = e; // NaN propagates
    }
    return m;
}

static double sigd(double x) { return 1.0 / (1.0 + exp(-x)); }
static float nanf_(void) { return (float)NAN; }

static const size_t k_B[] = {1, 3};
static const size_t k_H[] = {1, 7, 16, 33};
#define TOL 1e-5

// MARK: - Activations

static void test_activations(void) {
    // Dense sweep: every 1e-4 over [-20, 20], every 1e-6 over [-1, 1], every
    // 1e-3 over [-100, 100] (the clamps), plus special and extreme values.
    size_t n1 = 400001, n2 = 2000001, n3 = 200001;
    float specials[] = {0.0f,     -0.0f,    1e-45f,   -1e-45f, 1e-40f,  -1e-40f, 1.17549435e-38f,
                        1e-30f,   -1e-30f,  0.625f,   -0.625f, 0.62499994f, -0.62499994f,
                        9.0f,     -9.0f,    17.0f,    -17.0f,  87.0f,   -87.0f,  88.0f,
                        -88.0f,   100.0f,   -100.0f,  1e10f,   -1e10f,  1e30f,   -1e30f,
                        3.4e38f,  -3.4e38f};
    size_t ns = sizeof specials / sizeof specials[0];
    size_t n = n1 + n2 + n3 + ns;
    float *x = falloc(n), *s = falloc(n), *t = falloc(n);
    for (size_t i = 0; i < n1; i++) x[i] = (float)(-20.0 + 1e-4 * (double)i);
    for (size_t i = 0; i < n2; i++) x[n1 + i] = (float)(-1.0 + 1e-6 * (double)i);
    for (size_t i = 0; i < n3; i++) x[n1 + n2 + i] = (float)(-100.0 + 1e-3 * (double)i);
    memcpy(x + n1 + n2 + n3, specials, sizeof specials);
    check(rnn_sigmoid_forward(s, x, n) == RNN_OK, "sigmoid status");
    check(rnn_tanh_forward(t, x, n) == RNN_OK, "tanh status");
    double es = 0.0, et = 0.0;
    float xs = 0.0f, xt = 0.0f;
    int finite = 1;
    for (size_t i = 0; i < n; i++) {
        double a = fabs((double)s[i] - sigd((double)x[i]));
        double b = fabs((double)t[i] - tanh((double)x[i]));
        if (!(a <= es)) es = a, xs = x[i];
        if (!(b <= et)) et = b, xt = x[i];
        if (!isfinite(s[i]) || !isfinite(t[i])) finite = 0;
    }
    printf("  [%s] activation max abs error: sigmoid %.3g (at %.9g), tanh %.3g (at %.9g)\n", g_level,
           es, (double)xs, et, (double)xt);
    check(es <= 2e-7, "sigmoid max abs error %.3g > 2e-7 at x=%.9g", es, (double)xs);
    check(et <= 2e-7, "tanh max abs error %.3g > 2e-7 at x=%.9g", et, (double)xt);
    check(finite, "activations produced Inf/NaN for finite input");
    // Exact saturation and special values.
    float in[] = {20.0f, -20.0f, 100.0f, -100.0f, 1e30f, -1e30f, (float)INFINITY, -(float)INFINITY,
                  3.4e38f, -3.4e38f, nanf_(), -0.0f, 0.0f};
    float so[13], to[13];
    rnn_sigmoid_forward(so, in, 13);
    rnn_tanh_forward(to, in, 13);
    check(so[0] == 1.0f && so[2] == 1.0f && so[4] == 1.0f && so[6] == 1.0f && so[8] == 1.0f,
          "sigmoid saturates to exactly 1 (%a %a %a %a %a)", so[0], so[2], so[4], so[6], so[8]);
    check(so[3] == 0.0f && so[5] == 0.0f && so[7] == 0.0f && so[9] == 0.0f,
          "sigmoid saturates to exactly 0 (%a %a %a %a)", so[3], so[5], so[7], so[9]);
    check(fabs(so[1]) < 3e-9, "sigmoid(-20) ~ 2e-9 (%g)", (double)so[1]);
    check(to[0] == 1.0f && to[2] == 1.0f && to[4] == 1.0f && to[6] == 1.0f && to[8] == 1.0f,
          "tanh saturates to exactly 1");
    check(to[1] == -1.0f && to[3] == -1.0f && to[5] == -1.0f && to[7] == -1.0f && to[9] == -1.0f,
          "tanh saturates to exactly -1");
    check(isnan(so[10]) && isnan(to[10]), "NaN in, NaN out (sigmoid %g, tanh %g)", (double)so[10],
          (double)to[10]);
    check(so[11] == 0.5f && so[12] == 0.5f && to[11] == 0.0f && to[12] == 0.0f && signbit(to[11]),
          "sigmoid(+-0) = 0.5, tanh(-0) = -0");
    // NaN in every lane position, and odd lengths (tails) agree with the long run.
    for (size_t len = 1; len <= 37; len++) {
        float a[37], b[37], c[37];
        for (size_t i = 0; i < len; i++) a[i] = frand(-6, 6);
        size_t pos = len / 2;
        a[pos] = nanf_();
        rnn_sigmoid_forward(b, a, len);
        rnn_tanh_forward(c, a, len);
        int ok = isnan(b[pos]) && isnan(c[pos]);
        for (size_t i = 0; i < len; i++) {
            if (i == pos) continue;
            ok = ok && fabs(b[i] - sigd(a[i])) <= 2e-7 && fabs(c[i] - tanh(a[i])) <= 2e-7;
        }
        // in place
        memcpy(b, a, sizeof a);
        rnn_tanh_forward(b, b, len);
        for (size_t i = 0; i < len; i++) ok = ok && (i == pos ? isnan(b[i]) : b[i] == c[i]);
        check(ok, "activations with n=%zu (tail, NaN lane, in place)", len);
    }
    free(x), free(s), free(t);
}

// MARK: - LSTM

// Double reference forward. a: (4H) pre-activations -> act (4H), c (H), h (H).
static void lstm_ref_fwd(size_t H, const double *a, const double *cp, double *act, double *c,
                         double *h) {
    for (size_t j = 0; j < H; j++) {
        double i = sigd(a[j]), f = sigd(a[H + j]), g = tanh(a[2 * H + j]), o = sigd(a[3 * H + j]);
        act[j] = i, act[H + j] = f, act[2 * H + j] = g, act[3 * H + j] = o;
        c[j] = f * cp[j] + i * g;
        h[j] = o * tanh(c[j]);
    }
}

// Double reference backward from activations.
static void lstm_ref_bwd(size_t H, const double *act, const double *cp, const double *c,
                         const double *dh, const double *dc, double *da, double *dcp) {
    for (size_t j = 0; j < H; j++) {
        double i = act[j], f = act[H + j], g = act[2 * H + j], o = act[3 * H + j];
        double tc = tanh(c[j]);
        double dct = (dc ? dc[j] : 0.0) + dh[j] * o * (1 - tc * tc);
        da[j] = dct * g * i * (1 - i);
        da[H + j] = dct * cp[j] * f * (1 - f);
        da[2 * H + j] = dct * i * (1 - g * g);
        da[3 * H + j] = dh[j] * tc * o * (1 - o);
        dcp[j] = dct * f;
    }
}

// Finite differences of the reference forward against the reference backward (double).
static void test_lstm_reference_fd(void) {
    enum { H = 5 };
    double a[4 * H], cp[H], wh[H], wc[H], act[4 * H], c[H], h[H], da[4 * H], dcp[H];
    for (int j = 0; j < 4 * H; j++) a[j] = 2 * urand() - 1;
    for (int j = 0; j < H; j++) cp[j] = 2 * urand() - 1, wh[j] = 2 * urand() - 1, wc[j] = 2 * urand() - 1;
    lstm_ref_fwd(H, a, cp, act, c, h);
    lstm_ref_bwd(H, act, cp, c, wh, wc, da, dcp);
    double worst = 0.0, eps = 1e-6;
    for (int k = 0; k < 5 * H; k++) {
        double *p = k < 4 * H ? &a[k] : &cp[k - 4 * H], keep = *p, L[2];
        for (int s = 0; s < 2; s++) {
            *p = keep + (s ? -eps : eps);
            lstm_ref_fwd(H, a, cp, act, c, h);
            L[s] = 0;
            for (int j = 0; j < H; j++) L[s] += wh[j] * h[j] + wc[j] * c[j];
        }
        *p = keep;
        double fd = (L[0] - L[1]) / (2 * eps), an = k < 4 * H ? da[k] : dcp[k - 4 * H];
        double e = fabs(fd - an);
        if (e > worst) worst = e;
    }
    check(worst < 1e-7, "LSTM reference backward vs finite differences: %.3g", worst);
}

static void test_lstm(void) {
    for (size_t bi = 0; bi < 2; bi++)
        for (size_t hi = 0; hi < 4; hi++) {
            size_t B = k_B[bi], H = k_H[hi], BH = B * H;
            float *a = falloc(4 * BH), *cp = falloc(BH), *h = falloc(BH), *c = falloc(BH);
            float *dh = falloc(BH), *dc = falloc(BH), *dg = falloc(4 * BH), *dcp = falloc(BH);
            fill(a, 4 * BH, -4, 4), fill(cp, BH, -2, 2), fill(dh, BH, -1, 1), fill(dc, BH, -1, 1);
            float *gates = fdup(a, 4 * BH);
            check(rnn_lstm_forward(h, c, gates, cp, B, H) == RNN_OK, "lstm_forward status");
            double *ad = malloc(4 * BH * sizeof(double)), *cpd = malloc(BH * sizeof(double));
            double *act = malloc(4 * BH * sizeof(double)), *cr = malloc(BH * sizeof(double));
            double *hr = malloc(BH * sizeof(double)), *dar = malloc(4 * BH * sizeof(double));
            double *dcpr = malloc(BH * sizeof(double)), *dhd = malloc(BH * sizeof(double));
            double *dcd = malloc(BH * sizeof(double)), *cfd = malloc(BH * sizeof(double));
            double *actf = malloc(4 * BH * sizeof(double));
            for (size_t i = 0; i < 4 * BH; i++) ad[i] = a[i], actf[i] = gates[i];
            for (size_t i = 0; i < BH; i++) cpd[i] = cp[i], dhd[i] = dh[i], dcd[i] = dc[i], cfd[i] = c[i];
            for (size_t b = 0; b < B; b++)
                lstm_ref_fwd(H, ad + b * 4 * H, cpd + b * H, act + b * 4 * H, cr + b * H, hr + b * H);
            double e1 = rel_err_d(gates, act, 4 * BH), e2 = rel_err_d(c, cr, BH), e3 = rel_err_d(h, hr, BH);
            check(e1 <= TOL && e2 <= TOL && e3 <= TOL, "lstm_forward B=%zu H=%zu: gates %.3g c %.3g h %.3g",
                  B, H, e1, e2, e3);
            // c aliasing c_prev gives the same result
            float *c2 = fdup(cp, BH), *g2 = fdup(a, 4 * BH), *h2 = falloc(BH);
            rnn_lstm_forward(h2, c2, g2, c2, B, H);
            check(memcmp(c2, c, BH * 4) == 0 && memcmp(h2, h, BH * 4) == 0, "lstm_forward c aliasing c_prev");
            // backward from the kernel's own saved values
            for (int withdc = 0; withdc < 2; withdc++) {
                check(rnn_lstm_backward(dg, dcp, dh, withdc ? dc : NULL, gates, cp, c, B, H) == RNN_OK,
                      "lstm_backward status");
                for (size_t b = 0; b < B; b++)
                    lstm_ref_bwd(H, actf + b * 4 * H, cpd + b * H, cfd + b * H, dhd + b * H,
                                 withdc ? dcd + b * H : NULL, dar + b * 4 * H, dcpr + b * H);
                double f1 = rel_err_d(dg, dar, 4 * BH), f2 = rel_err_d(dcp, dcpr, BH);
                check(f1 <= TOL && f2 <= TOL, "lstm_backward B=%zu H=%zu dc=%d: dgates %.3g dc_prev %.3g",
                      B, H, withdc, f1, f2);
            }
            // dc_prev aliasing dc
            float *dca = fdup(dc, BH);
            rnn_lstm_backward(dg, dca, dh, dca, gates, cp, c, B, H);
            check(memcmp(dca, dcp, BH * 4) == 0, "lstm_backward dc_prev aliasing dc");
            free(a), free(cp), free(h), free(c), free(dh), free(dc), free(dg), free(dcp), free(gates);
            free(ad), free(cpd), free(act), free(cr), free(hr), free(dar), free(dcpr), free(dhd);
            free(dcd), free(cfd), free(actf), free(c2), free(g2), free(h2), free(dca);
        }
}

// MARK: - GRU

// PyTorch form, double. xg, hg: (3H); saved (4H) = r, z, n, hn; h (H).
static void gru_ref_fwd(size_t H, const double *xg, const double *hg, const double *hp, double *sv,
                        double *h) {
    for (size_t j = 0; j < H; j++) {
        double r = sigd(xg[j] + hg[j]), z = sigd(xg[H + j] + hg[H + j]);
        double n = tanh(xg[2 * H + j] + r * hg[2 * H + j]);
        sv[j] = r, sv[H + j] = z, sv[2 * H + j] = n, sv[3 * H + j] = hg[2 * H + j];
        h[j] = (1 - z) * n + z * hp[j];
    }
}

static void gru_ref_bwd(size_t H, const double *sv, const double *hp, const double *dh, double *dxg,
                        double *dhg, double *dhp) {
    for (size_t j = 0; j < H; j++) {
        double r = sv[j], z = sv[H + j], n = sv[2 * H + j], hn = sv[3 * H + j];
        double dn = dh[j] * (1 - z) * (1 - n * n);
        double dz = dh[j] * (hp[j] - n) * z * (1 - z);
        double dr = dn * hn * r * (1 - r);
        dxg[j] = dhg[j] = dr;
        dxg[H + j] = dhg[H + j] = dz;
        dxg[2 * H + j] = dn;
        dhg[2 * H + j] = dn * r;
        dhp[j] = dh[j] * z;
    }
}

// Reset-before form, double: full cell with hg_n = W (r*h) (W: H x H) for the FD check.
static void grurb_ref_fwd(size_t H, const double *xg, const double *hg, const double *W,
                          const double *hp, double *sv, double *rh, double *hgn, double *h) {
    for (size_t j = 0; j < H; j++) {
        sv[j] = sigd(xg[j] + hg[j]);
        sv[H + j] = sigd(xg[H + j] + hg[H + j]);
        rh[j] = sv[j] * hp[j];
    }
    for (size_t i = 0; i < H; i++) {
        double s = 0;
        for (size_t j = 0; j < H; j++) s += W[i * H + j] * rh[j];
        hgn[i] = s;
    }
    for (size_t j = 0; j < H; j++) {
        double z = sv[H + j], n = tanh(xg[2 * H + j] + hgn[j]);
        sv[2 * H + j] = n, sv[3 * H + j] = hgn[j];
        h[j] = (1 - z) * n + z * hp[j];
    }
}

// Stage A: writes columns [H, 3H) of dxg/dhg and dhp = dh*z.
static void grurb_ref_bwd_state(size_t H, const double *sv, const double *hp, const double *dh,
                                double *dxg, double *dhg, double *dhp) {
    for (size_t j = 0; j < H; j++) {
        double z = sv[H + j], n = sv[2 * H + j];
        double dn = dh[j] * (1 - z) * (1 - n * n), dz = dh[j] * (hp[j] - n) * z * (1 - z);
        dxg[H + j] = dhg[H + j] = dz;
        dxg[2 * H + j] = dhg[2 * H + j] = dn;
        dhp[j] = dh[j] * z;
    }
}
// Stage B: writes columns [0, H), adds drh*r to dhp.
static void grurb_ref_bwd_gates(size_t H, const double *sv, const double *hp, const double *drh,
                                double *dxg, double *dhg, double *dhp) {
    for (size_t j = 0; j < H; j++) {
        double r = sv[j];
        dxg[j] = dhg[j] = drh[j] * hp[j] * r * (1 - r);
        dhp[j] += drh[j] * r;
    }
}

static void test_gru_reference_fd(void) {
    enum { H = 4 };
    double xg[3 * H], hg[3 * H], hp[H], w[H], sv[4 * H], h[H], dxg[3 * H], dhg[3 * H], dhp[H];
    double W[H * H], rh[H], hgn[H], drh[H];
    for (int j = 0; j < 3 * H; j++) xg[j] = 2 * urand() - 1, hg[j] = 2 * urand() - 1;
    for (int j = 0; j < H; j++) hp[j] = 2 * urand() - 1, w[j] = 2 * urand() - 1;
    for (int j = 0; j < H * H; j++) W[j] = urand() - 0.5;
    double eps = 1e-6;
    for (int form = 0; form < 2; form++) {
        if (form == 0) {
            gru_ref_fwd(H, xg, hg, hp, sv, h);
            gru_ref_bwd(H, sv, hp, w, dxg, dhg, dhp);
        } else {
            grurb_ref_fwd(H, xg, hg, W, hp, sv, rh, hgn, h);
            grurb_ref_bwd_state(H, sv, hp, w, dxg, dhg, dhp);
            for (int j = 0; j < H; j++) { // drh = dhg[:, 2H:3H] x W
                double s = 0;
                for (int i = 0; i < H; i++) s += dhg[2 * H + i] * W[i * H + j];
                drh[j] = s;
            }
            grurb_ref_bwd_gates(H, sv, hp, drh, dxg, dhg, dhp);
        }
        // inputs: xg (3H), hg (3H; reset-before: only [0, 2H) are inputs), h_prev (H)
        double worst = 0.0;
        for (int k = 0; k < 7 * H; k++) {
            if (form == 1 && k >= 5 * H && k < 6 * H) continue; // hg_n is computed there
            double *p = k < 3 * H ? &xg[k] : k < 6 * H ? &hg[k - 3 * H] : &hp[k - 6 * H];
            double keep = *p, L[2];
            for (int s = 0; s < 2; s++) {
                *p = keep + (s ? -eps : eps);
                if (form == 0) gru_ref_fwd(H, xg, hg, hp, sv, h);
                else grurb_ref_fwd(H, xg, hg, W, hp, sv, rh, hgn, h);
                L[s] = 0;
                for (int j = 0; j < H; j++) L[s] += w[j] * h[j];
            }
            *p = keep;
            double fd = (L[0] - L[1]) / (2 * eps);
            double an = k < 3 * H ? dxg[k] : k < 6 * H ? dhg[k - 3 * H] : dhp[k - 6 * H];
            if (fabs(fd - an) > worst) worst = fabs(fd - an);
        }
        check(worst < 1e-7, "GRU reference backward (form %d) vs finite differences: %.3g", form, worst);
    }
}

static double *dconv(const float *p, size_t n) {
    double *d = malloc((n ? n : 1) * sizeof(double));
    for (size_t i = 0; i < n; i++) d[i] = p[i];
    return d;
}

static void test_gru(void) {
    for (size_t bi = 0; bi < 2; bi++)
        for (size_t hi = 0; hi < 4; hi++) {
            size_t B = k_B[bi], H = k_H[hi], BH = B * H;
            float *xg = falloc(3 * BH), *hg = falloc(3 * BH), *hp = falloc(BH), *h = falloc(BH);
            float *sv = falloc(4 * BH), *dh = falloc(BH), *dxg = falloc(3 * BH), *dhg = falloc(3 * BH);
            float *dhp = falloc(BH), *rh = falloc(BH), *drh = falloc(BH);
            fill(xg, 3 * BH, -3, 3), fill(hg, 3 * BH, -3, 3), fill(hp, BH, -1, 1), fill(dh, BH, -1, 1);
            fill(drh, BH, -1, 1);
            double *xgd = dconv(xg, 3 * BH), *hgd = dconv(hg, 3 * BH), *hpd = dconv(hp, BH);
            double *dhd = dconv(dh, BH), *drhd = dconv(drh, BH);
            double *svr = malloc(4 * BH * 8), *hr = malloc(BH * 8), *dxr = malloc(3 * BH * 8);
            double *dhr = malloc(3 * BH * 8), *dhpr = malloc(BH * 8), *rhr = malloc(BH * 8);
            // PyTorch form
            check(rnn_gru_forward(h, sv, xg, hg, hp, B, H) == RNN_OK, "gru_forward status");
            for (size_t b = 0; b < B; b++)
                gru_ref_fwd(H, xgd + b * 3 * H, hgd + b * 3 * H, hpd + b * H, svr + b * 4 * H, hr + b * H);
            double e1 = rel_err_d(sv, svr, 4 * BH), e2 = rel_err_d(h, hr, BH);
            check(e1 <= TOL && e2 <= TOL, "gru_forward B=%zu H=%zu: saved %.3g h %.3g", B, H, e1, e2);
            float *ha = fdup(hp, BH);
            float *sv2 = falloc(4 * BH);
            rnn_gru_forward(ha, sv2, xg, hg, ha, B, H);
            check(memcmp(ha, h, BH * 4) == 0, "gru_forward h aliasing h_prev");
            check(rnn_gru_backward(dxg, dhg, dhp, dh, sv, hp, B, H) == RNN_OK, "gru_backward status");
            double *svf = dconv(sv, 4 * BH);
            for (size_t b = 0; b < B; b++)
                gru_ref_bwd(H, svf + b * 4 * H, hpd + b * H, dhd + b * H, dxr + b * 3 * H, dhr + b * 3 * H,
                            dhpr + b * H);
            e1 = rel_err_d(dxg, dxr, 3 * BH), e2 = rel_err_d(dhg, dhr, 3 * BH);
            double e3 = rel_err_d(dhp, dhpr, BH);
            check(e1 <= TOL && e2 <= TOL && e3 <= TOL, "gru_backward B=%zu H=%zu: dxg %.3g dhg %.3g dh_prev %.3g",
                  B, H, e1, e2, e3);
            free(svf);
            // Reset-before form: stage 1, then hg[:, 2H:3H] given, stage 2
            memset(sv, 0, 4 * BH * 4);
            check(rnn_gru_rb_forward_gates(rh, sv, xg, hg, hp, B, H) == RNN_OK, "gru_rb_forward_gates status");
            for (size_t b = 0; b < B; b++)
                for (size_t j = 0; j < H; j++) {
                    size_t x = b * 3 * H, s = b * 4 * H;
                    svr[s + j] = sigd(xgd[x + j] + hgd[x + j]);
                    svr[s + H + j] = sigd(xgd[x + H + j] + hgd[x + H + j]);
                    rhr[b * H + j] = svr[s + j] * hpd[b * H + j];
                }
            double g1 = 0, g2 = rel_err_d(rh, rhr, BH);
            for (size_t b = 0; b < B; b++) {
                double e = rel_err_d(sv + b * 4 * H, svr + b * 4 * H, 2 * H);
                if (!(e <= g1)) g1 = e;
            }
            check(g1 <= TOL && g2 <= TOL, "gru_rb_forward_gates B=%zu H=%zu: r,z %.3g rh %.3g", B, H, g1, g2);
            check(rnn_gru_rb_forward_state(h, sv, xg, hg, hp, B, H) == RNN_OK, "gru_rb_forward_state status");
            for (size_t b = 0; b < B; b++)
                for (size_t j = 0; j < H; j++) {
                    size_t x = b * 3 * H, s = b * 4 * H;
                    double z = sv[s + H + j]; // kernel's z (checked above)
                    double n = tanh(xgd[x + 2 * H + j] + hgd[x + 2 * H + j]);
                    svr[s + 2 * H + j] = n;
                    svr[s + 3 * H + j] = hgd[x + 2 * H + j];
                    hr[b * H + j] = (1 - z) * n + z * hpd[b * H + j];
                }
            g1 = 0;
            for (size_t b = 0; b < B; b++) {
                double e = rel_err_d(sv + b * 4 * H + 2 * H, svr + b * 4 * H + 2 * H, 2 * H);
                if (!(e <= g1)) g1 = e;
            }
            g2 = rel_err_d(h, hr, BH);
            check(g1 <= TOL && g2 <= TOL, "gru_rb_forward_state B=%zu H=%zu: n,hn %.3g h %.3g", B, H, g1, g2);
            memcpy(ha, hp, BH * 4);
            memcpy(sv2, sv, 4 * BH * 4);
            rnn_gru_rb_forward_state(ha, sv2, xg, hg, ha, B, H);
            check(memcmp(ha, h, BH * 4) == 0, "gru_rb_forward_state h aliasing h_prev");
            // backward stages
            for (size_t i = 0; i < 3 * BH; i++) dxg[i] = dhg[i] = nanf_();
            check(rnn_gru_rb_backward_state(dxg, dhg, dhp, dh, sv, hp, B, H) == RNN_OK, "gru_rb_backward_state");
            check(rnn_gru_rb_backward_gates(dxg, dhg, dhp, drh, sv, hp, B, H) == RNN_OK, "gru_rb_backward_gates");
            svf = dconv(sv, 4 * BH);
            for (size_t b = 0; b < B; b++) {
                grurb_ref_bwd_state(H, svf + b * 4 * H, hpd + b * H, dhd + b * H, dxr + b * 3 * H,
                                    dhr + b * 3 * H, dhpr + b * H);
                grurb_ref_bwd_gates(H, svf + b * 4 * H, hpd + b * H, drhd + b * H, dxr + b * 3 * H,
                                    dhr + b * 3 * H, dhpr + b * H);
            }
            e1 = rel_err_d(dxg, dxr, 3 * BH), e2 = rel_err_d(dhg, dhr, 3 * BH), e3 = rel_err_d(dhp, dhpr, BH);
            check(e1 <= TOL && e2 <= TOL && e3 <= TOL,
                  "gru_rb backward B=%zu H=%zu: dxg %.3g dhg %.3g dh_prev %.3g", B, H, e1, e2, e3);
            free(svf);
            free(xg), free(hg), free(hp), free(h), free(sv), free(dh), free(dxg), free(dhg), free(dhp);
            free(rh), free(drh), free(xgd), free(hgd), free(hpd), free(dhd), free(drhd), free(svr), free(hr);
            free(dxr), free(dhr), free(dhpr), free(rhr), free(ha), free(sv2);
        }
}

// MARK: - Vanilla RNN and helpers

static void test_rnn(void) {
    for (int relu = 0; relu < 2; relu++)
        for (size_t n = 1; n <= 70; n += (n < 20 ? 1 : 17)) {
            float *a = falloc(n), *h = falloc(n), *dh = falloc(n), *da = falloc(n);
            double *hr = malloc(n * 8), *dar = malloc(n * 8);
            fill(a, n, -3, 3), fill(dh, n, -1, 1);
            if (n > 2) a[1] = 0.0f;
            check(rnn_rnn_forward(h, a, n, relu) == RNN_OK, "rnn_forward status");
            for (size_t i = 0; i < n; i++) hr[i] = relu ? (a[i] > 0 ? a[i] : 0.0) : tanh(a[i]);
            double e1 = rel_err_d(h, hr, n);
            check(rnn_rnn_backward(da, dh, h, n, relu) == RNN_OK, "rnn_backward status");
            for (size_t i = 0; i < n; i++)
                dar[i] = relu ? (h[i] > 0 ? dh[i] : 0.0) : dh[i] * (1.0 - (double)h[i] * h[i]);
            double e2 = rel_err_d(da, dar, n);
            check(e1 <= TOL && e2 <= TOL, "rnn %s n=%zu: forward %.3g backward %.3g", relu ? "relu" : "tanh",
                  n, e1, e2);
            // in place: h aliasing a, da aliasing dh
            float *a2 = fdup(a, n), *d2 = fdup(dh, n);
            rnn_rnn_forward(a2, a2, n, relu);
            rnn_rnn_backward(d2, d2, h, n, relu);
            check(memcmp(a2, h, n * 4) == 0 && memcmp(d2, da, n * 4) == 0, "rnn in place n=%zu", n);
            free(a), free(h), free(dh), free(da), free(hr), free(dar), free(a2), free(d2);
        }
    float nanin = nanf_(), out;
    rnn_rnn_forward(&out, &nanin, 1, 1);
    check(isnan(out), "relu(NaN) = NaN");
    // add_bias_rows / sum_rows with a row stride
    for (size_t cols = 1; cols <= 75; cols += 37) {
        size_t rows = 5, ld = cols + 3;
        float *y = falloc(rows * ld), *bias = falloc(cols), *y0, *db = falloc(cols);
        fill(y, rows * ld, -1, 1), fill(bias, cols, -1, 1), fill(db, cols, -1, 1);
        y0 = fdup(y, rows * ld);
        float *db0 = fdup(db, cols);
        check(rnn_add_bias_rows(y, ld, bias, rows, cols) == RNN_OK, "add_bias_rows status");
        int ok = 1;
        for (size_t r = 0; r < rows; r++)
            for (size_t j = 0; j < ld; j++)
                ok = ok && y[r * ld + j] == (j < cols ? y0[r * ld + j] + bias[j] : y0[r * ld + j]);
        check(ok, "add_bias_rows cols=%zu (padding untouched)", cols);
        check(rnn_sum_rows(db, y0, ld, rows, cols) == RNN_OK, "sum_rows status");
        double worst = 0;
        for (size_t j = 0; j < cols; j++) {
            double s = db0[j];
            for (size_t r = 0; r < rows; r++) s += y0[r * ld + j];
            if (fabs(s - db[j]) > worst) worst = fabs(s - db[j]);
        }
        check(worst <= 1e-5, "sum_rows cols=%zu: %.3g", cols, worst);
        free(y), free(bias), free(y0), free(db), free(db0);
    }
}

// MARK: - Softmax cross-entropy

// Adam against the same float operations written out in C, element by element:
// bitwise, for tails of every length, with and without weight decay, on 1 and 2
// threads (the threaded path starts at 64K parameters).
static void test_adam(void) {
    static const size_t ns[] = {1, 7, 8, 9, 33, 100, 70001};
    int before = g_failed, keep = rnn_get_num_threads();
    for (size_t ni = 0; ni < sizeof ns / sizeof ns[0]; ni++)
        for (int decay = 0; decay < 2; decay++) {
            size_t n = ns[ni];
            rnn_adam_settings st = {.step_size = 1e-3f / (1.0f - 0.9f * 0.9f), .beta1 = 0.9f, .beta2 = 0.999f,
                                    .eps = 1e-8f, .weight_decay = decay ? 0.01f : 0.0f,
                                    .bias2_sqrt = sqrtf(1.0f - 0.999f * 0.999f)};
            float *p0 = falloc(n), *g = falloc(n), *m0 = falloc(n), *v0 = falloc(n);
            fill(p0, n, -1, 1), fill(g, n, -0.1f, 0.1f), fill(m0, n, -0.01f, 0.01f), fill(v0, n, 0, 1e-3f);
            float *rp = fdup(p0, n), *rm = fdup(m0, n), *rv = fdup(v0, n);
            for (size_t i = 0; i < n; i++) {
                volatile float d = g[i];
                if (decay) { volatile float t = st.weight_decay * rp[i]; d = d + t; }
                volatile float dm = d - rm[i], c1 = 1.0f - st.beta1;
                volatile float t1 = dm * c1;
                rm[i] = rm[i] + t1;
                volatile float c2 = 1.0f - st.beta2, a = rv[i] * st.beta2, b = c2 * d;
                volatile float bb = b * d;
                rv[i] = a + bb;
                volatile float sq = sqrtf(rv[i]), q = sq / st.bias2_sqrt;
                volatile float denom = q + st.eps, r = rm[i] / denom, u = st.step_size * r;
                rp[i] = rp[i] - u;
            }
            for (int nt = 1; nt <= 2; nt++) {
                rnn_set_num_threads(nt);
                float *p = fdup(p0, n), *m = fdup(m0, n), *v = fdup(v0, n);
                check(rnn_adam_update(p, g, m, v, n, &st) == RNN_OK, "adam status");
                check(memcmp(p, rp, n * 4) == 0 && memcmp(m, rm, n * 4) == 0 && memcmp(v, rv, n * 4) == 0,
                      "adam n=%zu decay=%d threads=%d: bitwise as the scalar operations", n, decay, nt);
                free(p), free(m), free(v);
            }
            free(p0), free(g), free(m0), free(v0), free(rp), free(rm), free(rv);
        }
    rnn_set_num_threads(keep);
    float f = 0;
    rnn_adam_settings st = {0};
    check(rnn_adam_update(&f, &f, &f, NULL, 1, &st) == RNN_ERR_ARGUMENT, "adam NULL v");
    check(rnn_adam_update(&f, &f, &f, &f, 1, NULL) == RNN_ERR_ARGUMENT, "adam NULL settings");
    check(rnn_adam_update(NULL, NULL, NULL, NULL, 0, &st) == RNN_OK, "adam n == 0");
    // sum_rows large enough to be threaded: the same bits on 1 and 2 threads.
    size_t rows = 300, cols = 1001, ld = 1003;
    float *y = falloc(rows * ld), *d1 = falloc(cols), *d2;
    fill(y, rows * ld, -1, 1), fill(d1, cols, -1, 1);
    d2 = fdup(d1, cols);
    rnn_set_num_threads(1);
    rnn_sum_rows(d1, y, ld, rows, cols);
    rnn_set_num_threads(2);
    rnn_sum_rows(d2, y, ld, rows, cols);
    rnn_set_num_threads(keep);
    check(memcmp(d1, d2, cols * 4) == 0, "sum_rows %zu x %zu: same bits on 1 and 2 threads", rows, cols);
    free(y), free(d1), free(d2);
    // Sum of squares: close to the plain double loop, the same bits on 1 and 2 threads.
    static const size_t sq_ns[] = {1, 5, 4097, 70001, 300001};
    for (size_t i = 0; i < sizeof sq_ns / sizeof sq_ns[0]; i++) {
        size_t n = sq_ns[i];
        float *x = falloc(n);
        fill(x, n, -2, 2);
        double ref = 0, s1 = -1, s2 = -2;
        for (size_t k = 0; k < n; k++) ref += (double)x[k] * (double)x[k];
        rnn_set_num_threads(1);
        check(rnn_sum_squares(x, n, &s1) == RNN_OK, "sum_squares status");
        rnn_set_num_threads(2);
        rnn_sum_squares(x, n, &s2);
        check(fabs(s1 - ref) <= 1e-12 * ref && s1 == s2, "sum_squares n=%zu: %.17g vs %.17g (2 threads %.17g)", n, s1, ref, s2);
        free(x);
    }
    rnn_set_num_threads(keep);
    double sq = -1;
    check(rnn_sum_squares(NULL, 0, &sq) == RNN_OK && sq == 0, "sum_squares n == 0");
    check(rnn_sum_squares(NULL, 3, &sq) == RNN_ERR_ARGUMENT, "sum_squares NULL x");
    // LSTM and GRU backward deltas large enough to be threaded over rows.
    size_t B = 40, H = 264;
    float *gates = falloc(B * 4 * H), *cp = falloc(B * H), *c = falloc(B * H), *dh = falloc(B * H),
          *dc = falloc(B * H), *sv = falloc(B * 4 * H), *hp = falloc(B * H);
    fill(gates, B * 4 * H, 0.01f, 0.99f), fill(cp, B * H, -1, 1), fill(c, B * H, -1, 1);
    fill(dh, B * H, -1, 1), fill(dc, B * H, -1, 1), fill(sv, B * 4 * H, 0.01f, 0.99f), fill(hp, B * H, -1, 1);
    float *out[2][3];
    for (int nt = 1; nt <= 2; nt++) {
        rnn_set_num_threads(nt);
        float *dg = falloc(B * 4 * H), *dcp = falloc(B * H), *dx = falloc(B * 3 * H), *dhh = falloc(B * 3 * H),
              *dhp = falloc(B * H);
        rnn_lstm_backward(dg, dcp, dh, dc, gates, cp, c, B, H);
        rnn_gru_backward(dx, dhh, dhp, dh, sv, hp, B, H);
        out[nt - 1][0] = dg, out[nt - 1][1] = dcp, out[nt - 1][2] = dx;
        free(dhh), free(dhp);
    }
    rnn_set_num_threads(keep);
    check(memcmp(out[0][0], out[1][0], B * 4 * H * 4) == 0 && memcmp(out[0][1], out[1][1], B * H * 4) == 0,
          "lstm_backward B=%zu H=%zu: same bits on 1 and 2 threads", B, H);
    check(memcmp(out[0][2], out[1][2], B * 3 * H * 4) == 0, "gru_backward B=%zu H=%zu: same bits on 1 and 2 threads", B, H);
    for (int t = 0; t < 2; t++)
        for (int k = 0; k < 3; k++) free(out[t][k]);
    free(gates), free(cp), free(c), free(dh), free(dc), free(sv), free(hp);
    if (g_failed == before) printf("  [%s] adam, sum_squares, threaded sum_rows and backward deltas passed\n", g_level);
}

static void test_softmax(void) {
    size_t Vs[] = {1, 2, 7, 16, 33, 1000};
    for (size_t vi = 0; vi < 6; vi++) {
        size_t N = 5, V = Vs[vi];
        float *x = falloc(N * V), *d = falloc(N * V);
        int32_t t[5];
        fill(x, N * V, -8, 8);
        x[0] = 60.0f; // large logits must not overflow
        for (size_t r = 0; r < N; r++) t[r] = (int32_t)(urand() * V);
        t[2] = -1;
        float scale = 0.25f;
        double loss = -1;
        check(rnn_softmax_xent(d, &loss, x, t, N, V, scale) == RNN_OK, "softmax_xent status");
        double lref = 0, worst = 0;
        for (size_t r = 0; r < N; r++) {
            const float *xr = x + r * V;
            double mx = xr[0], s = 0;
            for (size_t j = 0; j < V; j++) mx = xr[j] > mx ? xr[j] : mx;
            for (size_t j = 0; j < V; j++) s += exp(xr[j] - mx);
            if (t[r] >= 0) lref += mx + log(s) - xr[t[r]];
            for (size_t j = 0; j < V; j++) {
                double g = t[r] < 0 ? 0.0 : scale * (exp(xr[j] - mx) / s - (j == (size_t)t[r]));
                double e = fabs(g - d[r * V + j]);
                if (!(e <= worst)) worst = e;
            }
        }
        check(fabs(loss - lref) <= 1e-5 * (1 + fabs(lref)) && worst <= 1e-6,
              "softmax_xent V=%zu: loss %.9g vs %.9g, dlogits err %.3g", V, loss, lref, worst);
        // loss only, and dlogits aliasing logits
        double l2 = -1;
        check(rnn_softmax_xent(NULL, &l2, x, t, N, V, scale) == RNN_OK && l2 == loss, "softmax_xent loss only");
        float *xa = fdup(x, N * V);
        double l3 = -1;
        rnn_softmax_xent(xa, &l3, xa, t, N, V, scale);
        check(l3 == loss && memcmp(xa, d, N * V * 4) == 0, "softmax_xent in place V=%zu", V);
        t[0] = (int32_t)V;
        check(rnn_softmax_xent(d, &l2, x, t, N, V, scale) == RNN_ERR_ARGUMENT, "softmax_xent bad target");
        free(x), free(d), free(xa);
    }
}

// MARK: - Matrix multiply

// Checks C (M x N, ldc) against a double reference with a bound from sum |a||b|.
static int gemm_close(int ta, int tb, size_t M, size_t N, size_t K, float alpha, const float *A,
                      size_t lda, const float *B, size_t ldb, float beta, const float *C0,
                      const float *C, size_t ldc, double *worst_out) {
    double worst = 0;
    int ok = 1;
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < N; j++) {
            double s = 0, sa = 0;
            for (size_t k = 0; k < K; k++) {
                double a = ta ? A[k * lda + i] : A[i * lda + k];
                double b = tb ? B[j * ldb + k] : B[k * ldb + j];
                s += a * b, sa += fabs(a * b);
            }
            double ref = alpha * s, mag = fabs(alpha) * sa;
            if (beta != 0.0f) ref += (double)beta * C0[i * ldc + j], mag += fabs(beta * C0[i * ldc + j]);
            double e = fabs(C[i * ldc + j] - ref), bound = 1e-6 * (double)(K + 4) * mag + 1e-30;
            if (!(e <= bound)) ok = 0;
            if (mag > 0 && e / mag > worst) worst = e / mag;
        }
    if (worst_out) *worst_out = worst;
    return ok;
}

// One sgemm (or packed) case with padding checks: C's padding columns must stay untouched.
static void gemm_case(int ta, int tb, size_t M, size_t N, size_t K, float alpha, float beta,
                      size_t pad, int packed) {
    size_t rowsA = ta ? K : M, colsA = ta ? M : K, rowsB = tb ? N : K, colsB = tb ? K : N;
    size_t lda = colsA + pad, ldb = colsB + pad, ldc = N + pad;
    float *A = falloc(rowsA * lda), *B = falloc(rowsB * ldb), *C = falloc(M * ldc), *C0;
    fill(A, rowsA * lda, -1, 1), fill(B, rowsB * ldb, -1, 1), fill(C, M * ldc, -1, 1);
    if (beta == 0.0f)
        for (size_t i = 0; i < M * ldc; i++)
            if (i % ldc < N) C[i] = nanf_(); // beta == 0 must not read C
    C0 = fdup(C, M * ldc);
    rnn_status st;
    if (packed) {
        rnn_packed_b *p = NULL;
        st = rnn_pack_b(&p, tb, K, N, B, ldb);
        if (st == RNN_OK) {
            if (ta) { // the packed API takes A untransposed: transpose into a copy
                float *At = falloc(M * (K + pad));
                for (size_t i = 0; i < M; i++)
                    for (size_t k = 0; k < K; k++) At[i * (K + pad) + k] = A[k * lda + i];
                st = rnn_sgemm_packed(M, alpha, At, K + pad, p, beta, C, ldc);
                free(At);
            } else {
                st = rnn_sgemm_packed(M, alpha, A, lda, p, beta, C, ldc);
            }
        }
        rnn_packed_b_free(p);
    } else {
        st = rnn_sgemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    }
    double worst;
    int ok = st == RNN_OK && gemm_close(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C0, C, ldc, &worst);
    for (size_t i = 0; i < M; i++)
        for (size_t j = N; j < ldc; j++) ok = ok && memcmp(&C[i * ldc + j], &C0[i * ldc + j], 4) == 0;
    check(ok, "%s ta=%d tb=%d M=%zu N=%zu K=%zu alpha=%g beta=%g pad=%zu: status %d, rel err %.3g",
          packed ? "sgemm_packed" : "sgemm", ta, tb, M, N, K, (double)alpha, (double)beta, pad, st, worst);
    free(A), free(B), free(C), free(C0);
}

static void test_gemm(void) {
    static const size_t sz[] = {1, 2, 3, 5, 7, 13, 16, 17, 31, 37};
    const size_t nsz = sizeof sz / sizeof sz[0];
    int before = g_failed;
    for (int packed = 0; packed < 2; packed++)
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++)
                for (size_t a = 0; a < nsz; a++)
                    for (size_t b = 0; b < nsz; b++)
                        for (size_t c = 0; c < nsz; c += 2) {
                            size_t M = sz[a], N = sz[b], K = sz[(c + a + b) % nsz];
                            float alpha = (a + b) % 3 == 0 ? 1.0f : -0.75f;
                            float beta = c % 3 == 0 ? 0.0f : (c % 3 == 1 ? 1.0f : 0.5f);
                            gemm_case(ta, tb, M, N, K, alpha, beta, (a + c) % 2 ? 3 : 0, packed);
                        }
    // larger and blocking-boundary sizes: K > KC, M > MC, N > NC, M or N == 1 (gemv)
    static const size_t big[][3] = {{100, 100, 100}, {257, 33, 257}, {33, 257, 300}, {150, 40, 520},
                                    {3, 4100, 5},    {1, 257, 300},  {1, 1000, 37},  {257, 1, 300},
                                    {1000, 1, 37},   {1, 1, 1000},   {2, 2, 600},    {300, 2, 1}};
    for (int packed = 0; packed < 2; packed++)
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++)
                for (size_t i = 0; i < sizeof big / sizeof big[0]; i++)
                    gemm_case(ta, tb, big[i][0], big[i][1], big[i][2], i % 2 ? 1.0f : 1.5f,
                              i % 3 == 0 ? 0.0f : -0.5f, i % 2 ? 0 : 5, packed);
    // zero sizes: no access, C = beta * C when K == 0
    float c1[4] = {1, 2, 3, 4}, dummy = 0;
    check(rnn_sgemm(0, 0, 0, 5, 5, 1.0f, NULL, 5, NULL, 5, 0.0f, NULL, 5) == RNN_OK, "sgemm M=0");
    check(rnn_sgemm(0, 0, 2, 2, 0, 1.0f, &dummy, 0, &dummy, 2, 2.0f, c1, 2) == RNN_OK &&
              c1[0] == 2 && c1[3] == 8,
          "sgemm K=0 scales C");
    check(rnn_sgemm(0, 0, 2, 2, 0, 1.0f, &dummy, 0, &dummy, 2, 0.0f, c1, 2) == RNN_OK && c1[0] == 0,
          "sgemm K=0 beta=0 zeroes C");
    check(rnn_sgemm(0, 0, 2, 2, 2, 1.0f, NULL, 2, c1, 2, 0.0f, c1, 2) == RNN_ERR_ARGUMENT, "sgemm NULL A");
    check(rnn_sgemm(0, 0, 2, 3, 2, 1.0f, c1, 2, c1, 2, 0.0f, c1, 3) == RNN_ERR_ARGUMENT, "sgemm ldb < N");
    check(rnn_sgemm(1, 0, 3, 2, 2, 1.0f, c1, 2, c1, 2, 0.0f, c1, 2) == RNN_ERR_ARGUMENT, "sgemm lda < M (trans)");
    check(rnn_sgemm(2, 0, 2, 2, 2, 1.0f, c1, 2, c1, 2, 0.0f, c1, 2) == RNN_ERR_ARGUMENT, "sgemm bad trans");
    rnn_packed_b *p = (rnn_packed_b *)&dummy;
    check(rnn_pack_b(&p, 0, 2, 3, c1, 2) == RNN_ERR_ARGUMENT && p == NULL, "pack_b ldb < N");
    check(rnn_sgemm_packed(1, 1.0f, c1, 1, NULL, 0.0f, c1, 1) == RNN_ERR_ARGUMENT, "sgemm_packed NULL");
    if (g_failed == before) printf("  [%s] sgemm and sgemm_packed cases passed\n", g_level);
}

// MARK: - Fused steps

// One fused step against the separate calls it replaces (packed multiply of the whole
// W_hh, bias rows, cell kernel): bitwise equal, for 1 and 2 threads. gru: 0 LSTM, 1 GRU.
// from >= 0: the per-gate packs are made under level `from` (then repacked by the step).
static void step_case(int gru, size_t B, size_t H, int with_bias, int from) {
    const size_t G = gru ? 3 : 4, GH = G * H;
    float *W = falloc(GH * H), *hp = falloc(B * H), *in = falloc(B * GH), *bi = falloc(GH),
          *bh = falloc(GH), *c0 = falloc(B * H);
    fill(W, GH * H, -0.5f, 0.5f), fill(hp, B * H, -1, 1), fill(in, B * GH, -2, 2);
    fill(bi, GH, -1, 1), fill(bh, GH, -1, 1), fill(c0, B * H, -1, 1);
    const float *b_ih = with_bias ? bi : NULL, *b_hh = with_bias ? bh : NULL;
    // Reference: the separate calls.
    rnn_packed_b *whole = NULL;
    check(rnn_pack_b(&whole, 1, H, GH, W, H) == RNN_OK, "pack whole W_hh");
    float *rg = fdup(in, B * GH), *rh = falloc(B * H), *rc = fdup(c0, B * H), *rhg = falloc(B * GH),
          *rs = falloc(B * 4 * H);
    // GRU: the step leaves xg as it was and hg without the bias (the cell adds them).
    float *xg_after = fdup(in, B * GH), *hg_after = falloc(B * GH);
    if (!gru) {
        rnn_sgemm_packed(B, 1.0f, hp, H, whole, 1.0f, rg, GH);
        if (b_ih) rnn_add_bias_rows(rg, GH, b_ih, B, GH);
        if (b_hh) rnn_add_bias_rows(rg, GH, b_hh, B, GH);
        rnn_lstm_forward(rh, rc, rg, rc, B, H);
    } else {
        if (b_ih) rnn_add_bias_rows(rg, GH, b_ih, B, GH);
        rnn_sgemm_packed(B, 1.0f, hp, H, whole, 0.0f, rhg, GH);
        memcpy(hg_after, rhg, B * GH * sizeof(float));
        if (b_hh) rnn_add_bias_rows(rhg, GH, b_hh, B, GH);
        rnn_gru_forward(rh, rs, rg, rhg, hp, B, H);
    }
    rnn_isa active = rnn_isa_active();
    if (from >= 0) rnn_isa_set((rnn_isa)from);
    rnn_packed_b *pg[4] = {0};
    for (size_t g = 0; g < G; g++) check(rnn_pack_b(&pg[g], 1, H, H, W + g * H * H, H) == RNN_OK, "pack gate");
    rnn_isa_set(active);
    int keep = rnn_get_num_threads();
    for (int nt = 1; nt <= 2; nt++) {
        rnn_set_num_threads(nt);
        // h written with a row stride of H + 3 (as into a wider output), h_prev read at stride H.
        size_t ldh = H + 3;
        float *g = fdup(in, B * GH), *h = falloc(B * ldh), *c = fdup(c0, B * H), *hg = falloc(B * GH),
              *sv = falloc(B * 4 * H);
        rnn_status st = gru ? rnn_gru_step(h, ldh, sv, g, hg, hp, H, (const rnn_packed_b *const *)pg, b_ih, b_hh, B, H)
                            : rnn_lstm_step(h, ldh, c, g, hp, H, (const rnn_packed_b *const *)pg, b_ih, b_hh, B, H);
        int same = st == RNN_OK && memcmp(g, gru ? xg_after : rg, B * GH * sizeof(float)) == 0;
        for (size_t b = 0; b < B; b++) same = same && memcmp(h + b * ldh, rh + b * H, H * sizeof(float)) == 0;
        if (!gru) same = same && memcmp(c, rc, B * H * sizeof(float)) == 0;
        else same = same && memcmp(hg, hg_after, B * GH * sizeof(float)) == 0 && memcmp(sv, rs, B * 4 * H * sizeof(float)) == 0;
        check(same, "%s step B=%zu H=%zu bias=%d threads=%d packed under %s: bitwise as the separate calls",
              gru ? "gru" : "lstm", B, H, with_bias, nt, from >= 0 ? rnn_isa_name((rnn_isa)from) : "this level");
        free(g), free(h), free(c), free(hg), free(sv);
    }
    rnn_set_num_threads(keep);
    for (size_t g = 0; g < G; g++) rnn_packed_b_free(pg[g]);
    rnn_packed_b_free(whole);
    free(W), free(hp), free(in), free(bi), free(bh), free(c0), free(rg), free(rh), free(rc), free(rhg), free(rs);
    free(xg_after), free(hg_after);
}

// An LSTM stream step: the operand is [x, h_prev] (K = in + H) and the packs are
// [W_ih | W_hh] per gate; against the whole joined multiply + bias + cell.
static void step_joined_case(size_t B, size_t I, size_t H) {
    const size_t K = I + H, GH = 4 * H;
    float *W = falloc(GH * K), *xh = falloc(B * K), *bias = falloc(GH), *c0 = falloc(B * H);
    fill(W, GH * K, -0.5f, 0.5f), fill(xh, B * K, -1, 1), fill(bias, GH, -1, 1), fill(c0, B * H, -1, 1);
    rnn_packed_b *whole = NULL, *pg[4] = {0};
    rnn_pack_b(&whole, 1, K, GH, W, K);
    for (size_t g = 0; g < 4; g++) rnn_pack_b(&pg[g], 1, K, H, W + g * H * K, K);
    float *rg = falloc(B * GH), *rh = falloc(B * H), *rc = fdup(c0, B * H);
    rnn_sgemm_packed(B, 1.0f, xh, K, whole, 0.0f, rg, GH);
    rnn_add_bias_rows(rg, GH, bias, B, GH);
    rnn_lstm_forward(rh, rc, rg, rc, B, H);
    int keep = rnn_get_num_threads();
    for (int nt = 1; nt <= 2; nt++) {
        rnn_set_num_threads(nt);
        float *g = falloc(B * GH), *h = falloc(B * H), *c = fdup(c0, B * H);
        for (size_t i = 0; i < B * GH; i++) g[i] = nanf_(); // not read: a stream step's gates start empty
        rnn_status st = rnn_lstm_step(h, H, c, g, xh, K, (const rnn_packed_b *const *)pg, bias, NULL, B, H);
        // The per-gate packs split the joined multiply at panel boundaries only, and the
        // bias is added after it as in the reference: bitwise the same.
        int same = st == RNN_OK && memcmp(h, rh, B * H * sizeof(float)) == 0 &&
                   memcmp(c, rc, B * H * sizeof(float)) == 0 && memcmp(g, rg, B * GH * sizeof(float)) == 0;
        check(same, "lstm stream step B=%zu I=%zu H=%zu threads=%d: bitwise as the separate calls", B, I, H, nt);
        free(g), free(h), free(c);
    }
    rnn_set_num_threads(keep);
    // A GRU step needs the operand to be h_prev itself (K == H).
    check(rnn_gru_step(rh, H, rg, rg, rg, xh, K, (const rnn_packed_b *const *)pg, NULL, NULL, B, H) == RNN_ERR_ARGUMENT,
          "gru_step with K != H");
    for (size_t g = 0; g < 4; g++) rnn_packed_b_free(pg[g]);
    rnn_packed_b_free(whole);
    free(W), free(xh), free(bias), free(c0), free(rg), free(rh), free(rc);
}

static void test_steps(void) {
    int before = g_failed;
    static const size_t cases[][2] = {{1, 7}, {1, 256}, {3, 33}, {5, 64}, {64, 48}, {2, 300}};
    for (int gru = 0; gru <= 1; gru++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            for (int bias = 0; bias <= 1; bias++) step_case(gru, cases[i][0], cases[i][1], bias, -1);
    step_joined_case(1, 64, 256);
    step_joined_case(3, 5, 33);
    // Argument errors: h overlapping h_prev, a pack of the wrong shape, missing packs.
    size_t H = 8;
    float *W = falloc(4 * H * H), *x = falloc(4 * H * 2);
    fill(W, 4 * H * H, -1, 1), fill(x, 4 * H * 2, -1, 1);
    rnn_packed_b *pg[4] = {0}, *bad = NULL;
    for (int g = 0; g < 4; g++) rnn_pack_b(&pg[g], 1, H, H, W + g * H * H, H);
    rnn_pack_b(&bad, 1, H, H + 1, W, H);
    float *h = falloc(2 * H), *c = falloc(2 * H), *gates = falloc(2 * 4 * H);
    fill(h, 2 * H, -1, 1), fill(c, 2 * H, -1, 1);
    check(rnn_lstm_step(h, H, c, gates, h, H, (const rnn_packed_b *const *)pg, NULL, NULL, 2, H) == RNN_ERR_ARGUMENT,
          "lstm_step h overlapping h_prev");
    const rnn_packed_b *mixed[4] = {pg[0], bad, pg[2], pg[3]};
    check(rnn_lstm_step(x, H, c, gates, h, H, mixed, NULL, NULL, 2, H) == RNN_ERR_ARGUMENT, "lstm_step wrong shape");
    check(rnn_gru_step(x, H, c, gates, gates, h, H, NULL, NULL, NULL, 2, H) == RNN_ERR_ARGUMENT, "gru_step no packs");
    check(rnn_lstm_step(x, H, c, gates, h, H - 1, (const rnn_packed_b *const *)pg, NULL, NULL, 2, H) == RNN_ERR_ARGUMENT,
          "lstm_step ldp < H");
    check(rnn_lstm_step(x, H, c, gates, h, H, (const rnn_packed_b *const *)pg, NULL, NULL, 0, H) == RNN_OK,
          "lstm_step B=0 does nothing");
    for (int g = 0; g < 4; g++) rnn_packed_b_free(pg[g]);
    rnn_packed_b_free(bad);
    free(W), free(x), free(h), free(c), free(gates);
    if (g_failed == before) printf("  [%s] fused LSTM and GRU steps passed\n", g_level);
}

// A scan against the loop of single steps it replaces (with the copies around each
// step done the same way): bitwise, for ragged lengths (active rows shrinking over
// time), forward and reverse order, a span of steps (gate_base), the training tape
// (without it, a GRU on 2 threads keeps no gates: saved = NULL), and 1, 2 and 3 threads
// (batch 1 on 2: a pair; on 3, a slice across the products' two halves). ragged: the
// last step has no active row (else every step is active: at batch 1, each new h goes
// straight into its output row). gru: 0 LSTM, 1 GRU.
static void scan_case(int gru, size_t B, size_t H, size_t T, int reverse, int tape, int ragged) {
    const size_t G = gru ? 3 : 4, GH = G * H, BH = B * H;
    const size_t base = T > 2 ? 1 : 0, span = T - base; // steps [base, T): gates from step `base`
    float *W = falloc(GH * H), *x = falloc(span * B * GH), *bi = falloc(GH), *bh = falloc(GH),
          *h0 = falloc(BH), *c0 = falloc(BH);
    fill(W, GH * H, -0.5f, 0.5f), fill(x, span * B * GH, -2, 2), fill(bi, GH, -1, 1), fill(bh, GH, -1, 1);
    fill(h0, BH, -1, 1), fill(c0, BH, -1, 1);
    int32_t *active = malloc(T * sizeof(int32_t)), *order = malloc(T * sizeof(int32_t));
    for (size_t t = 0; t < T; t++) active[t] = (int32_t)(t < T / 2 ? B : (B + 1) / 2); // lengths: T, ceil(T/2)
    if (T > 3 && ragged) active[T - 1] = 0; // a step no row reaches: skipped by callers, harmless here
    size_t steps = 0;
    for (size_t i = 0; i < span; i++) order[steps++] = (int32_t)(reverse ? T - 1 - i : base + i);
    rnn_packed_b *pg[4] = {0};
    for (size_t g = 0; g < G; g++) rnn_pack_b(&pg[g], 1, H, H, W + g * H * H, H);
    const rnn_packed_b *const *whh = (const rnn_packed_b *const *)pg;
    // Reference: one rnn_*_step per step on one thread, then the same copies.
    int keep = rnn_get_num_threads();
    rnn_set_num_threads(1);
    float *rx = fdup(x, span * B * GH), *rh = fdup(h0, BH), *rc = fdup(c0, BH), *rn = falloc(BH),
          *rout = falloc(T * BH), *rhg = falloc(B * GH), *rsv = falloc(T * B * 4 * H), *rcn = falloc(T * BH);
    memset(rout, 0, T * BH * sizeof(float));
    for (size_t s = 0; s < steps; s++) {
        size_t t = (size_t)order[s], nb = (size_t)active[t], row = t * B;
        float *g = rx + (t - base) * B * GH;
        if (nb > 0) {
            if (gru) rnn_gru_step(rn, H, rsv + (tape ? row * 4 * H : 0), g, rhg, rh, H, whh, bi, bh, nb, H);
            else rnn_lstm_step(rn, H, rc, g, rh, H, whh, bi, bh, nb, H);
        }
        if (tape && !gru) memcpy(rcn + row * H, rc, nb * H * sizeof(float));
        memcpy(rn + nb * H, rh + nb * H, (B - nb) * H * sizeof(float));
        memcpy(rh, rn, BH * sizeof(float));
        memcpy(rout + row * H, rh, nb * H * sizeof(float));
    }
    for (int nt = 1; nt <= 3; nt++) {
        rnn_set_num_threads(nt);
        float *sx = fdup(x, span * B * GH), *sh = fdup(h0, BH), *sc = fdup(c0, BH), *spare = falloc(BH),
              *out = falloc(T * BH), *hg = falloc(B * GH), *sv = falloc(T * B * 4 * H), *cn = falloc(T * BH);
        memset(out, 0, T * BH * sizeof(float));
        memcpy(cn, rcn, T * BH * sizeof(float)), memcpy(sv, rsv, T * B * 4 * H * sizeof(float));
        if (tape) { // rows the scan must write: poison them
            for (size_t s = 0; s < steps; s++) {
                size_t t = (size_t)order[s], nb = (size_t)active[t];
                for (size_t i = 0; i < nb * H; i++) cn[t * BH + i] = nanf_();
            }
        }
        rnn_scan_args a = {.B = B, .H = H, .steps = steps, .order = order, .active = active, .gates = sx,
                           .gate_base = base, .hg = hg, .saved = tape || nt == 1 ? sv : NULL, .saved_per_step = tape, .h = sh,
                           .spare = spare, .c = gru ? NULL : sc, .out = out, .ldo = H,
                           .c_next_tape = tape && !gru ? cn : NULL, .whh = whh, .b_ih = bi, .b_hh = bh};
        rnn_status st = gru ? rnn_gru_scan(&a) : rnn_lstm_scan(&a);
        int same = st == RNN_OK && memcmp(sh, rh, BH * sizeof(float)) == 0 &&
                   memcmp(out, rout, T * BH * sizeof(float)) == 0 &&
                   memcmp(sx, rx, span * B * GH * sizeof(float)) == 0;
        if (!gru) same = same && memcmp(sc, rc, BH * sizeof(float)) == 0;
        if (tape) {
            if (!gru) same = same && memcmp(cn, rcn, T * BH * sizeof(float)) == 0;
            else same = same && memcmp(sv, rsv, T * B * 4 * H * sizeof(float)) == 0;
        }
        check(same, "%s scan B=%zu H=%zu T=%zu reverse=%d tape=%d ragged=%d threads=%d: bitwise as the steps",
              gru ? "gru" : "lstm", B, H, T, reverse, tape, ragged, nt);
        free(sx), free(sh), free(sc), free(spare), free(out), free(hg), free(sv), free(cn);
    }
    rnn_set_num_threads(keep);
    for (size_t g = 0; g < G; g++) rnn_packed_b_free(pg[g]);
    free(W), free(x), free(bi), free(bh), free(h0), free(c0), free(active), free(order);
    free(rx), free(rh), free(rc), free(rn), free(rout), free(rhg), free(rsv), free(rcn);
}

// A scan that projects its input (wih, x) against the same scan over gates projected
// first by rnn_sgemm_packed of the rows of times [min, max] of its order: bitwise, on
// 1, 2 and 3 threads. At batch 1 with H a multiple of the level's panel width, more steps
// than a projection block and I within one block of K, the AVX-512 level projects
// inside the steps (the first case also has a step with no active row, which only
// projects; H = 1024 on one thread has more tiles in its first block than one call
// takes); the other cases and levels project up front.
static void scan_projecting_case(int gru, size_t B, size_t H, size_t T, size_t I, int reverse) {
    const size_t G = gru ? 3 : 4, GH = G * H, BH = B * H, ldx = I + 3;
    const size_t base = 1, span = T - base; // steps [1, T)
    float *W = falloc(GH * H), *Wi = falloc(GH * I), *x = falloc(T * B * ldx), *bi = falloc(GH),
          *bh = falloc(GH), *h0 = falloc(BH), *c0 = falloc(BH);
    fill(W, GH * H, -0.3f, 0.3f), fill(Wi, GH * I, -0.3f, 0.3f), fill(x, T * B * ldx, -1, 1);
    fill(bi, GH, -1, 1), fill(bh, GH, -1, 1), fill(h0, BH, -1, 1), fill(c0, BH, -1, 1);
    int32_t *active = malloc(T * sizeof(int32_t)), *order = malloc(T * sizeof(int32_t));
    for (size_t t = 0; t < T; t++) active[t] = (int32_t)B;
    if (T > 12) active[T - 2] = 0;
    const size_t tmin = base, tmax = T - 1;
    for (size_t i = 0; i < span; i++) order[i] = (int32_t)(reverse ? T - 1 - i : base + i);
    rnn_packed_b *pg[4] = {0}, *pi = NULL;
    for (size_t g = 0; g < G; g++) rnn_pack_b(&pg[g], 1, H, H, W + g * H * H, H);
    rnn_pack_b(&pi, 1, I, GH, Wi, I);
    int keep = rnn_get_num_threads();
    for (int nt = 1; nt <= 3; nt++) {
        rnn_set_num_threads(nt);
        float *res[2][3]; // [projected first, scan projects][h, out, gates]
        for (int mode = 0; mode < 2; mode++) {
            float *gates = falloc(span * B * GH), *h = fdup(h0, BH), *c = fdup(c0, BH), *spare = falloc(BH),
                  *out = falloc(T * BH), *hg = falloc(B * GH);
            fill(gates, span * B * GH, -9, 9);
            memset(out, 0, T * BH * sizeof(float));
            rnn_scan_args a = {.B = B, .H = H, .steps = span, .order = order, .active = active, .gates = gates,
                               .gate_base = base, .hg = hg, .h = h, .spare = spare, .c = gru ? NULL : c, .out = out,
                               .ldo = H, .whh = (const rnn_packed_b *const *)pg, .b_ih = bi, .b_hh = bh};
            if (mode == 0) {
                float *xs = falloc((tmax - tmin + 1) * B * I);
                for (size_t r = 0; r < (tmax - tmin + 1) * B; r++) memcpy(xs + r * I, x + (tmin * B + r) * ldx, I * sizeof(float));
                rnn_sgemm_packed((tmax - tmin + 1) * B, 1.0f, xs, I, pi, 0.0f, gates + (tmin - base) * B * GH, GH);
                free(xs);
            } else {
                a.x = x, a.ldx = ldx, a.wih = pi;
            }
            rnn_status st = gru ? rnn_gru_scan(&a) : rnn_lstm_scan(&a);
            check(st == RNN_OK, "%s projecting scan mode %d: status %d", gru ? "gru" : "lstm", mode, (int)st);
            res[mode][0] = h, res[mode][1] = out, res[mode][2] = gates;
            free(c), free(spare), free(hg);
        }
        // LSTM gates hold the activations of every step run, GRU gates the projection.
        int same = memcmp(res[0][0], res[1][0], BH * sizeof(float)) == 0 &&
                   memcmp(res[0][1], res[1][1], T * BH * sizeof(float)) == 0;
        for (size_t s = 0; s < span; s++) {
            size_t t = (size_t)order[s];
            if (active[t] > 0) same = same && memcmp(res[0][2] + (t - base) * B * GH, res[1][2] + (t - base) * B * GH,
                                                     B * GH * sizeof(float)) == 0;
        }
        check(same, "%s projecting scan B=%zu H=%zu T=%zu I=%zu reverse=%d threads=%d: bitwise as projected first",
              gru ? "gru" : "lstm", B, H, T, I, reverse, nt);
        for (int m = 0; m < 2; m++) free(res[m][0]), free(res[m][1]), free(res[m][2]);
    }
    rnn_set_num_threads(keep);
    for (size_t g = 0; g < G; g++) rnn_packed_b_free(pg[g]);
    rnn_packed_b_free(pi);
    free(W), free(Wi), free(x), free(bi), free(bh), free(h0), free(c0), free(active), free(order);
}

static void test_scans(void) {
    int before = g_failed;
    // {B, H, T, ragged}. {37, 100, 5}: on 2 threads, large enough to split by rows
    // (ragged over the split); {1, 256, 9, 0}: batch 1 with every step active; batch 1
    // with 16 steps or more: on 2 threads, the halves read from their blocks (fewer: in
    // place); H = 40 and 20: halves of h of 32 and 8 rows, and of none and 20.
    static const size_t cases[][4] = {{1, 256, 7, 1}, {1, 256, 9, 0}, {1, 256, 20, 1}, {1, 40, 19, 0},
                                      {1, 20, 18, 1}, {3, 33, 6, 1}, {5, 64, 1, 1}, {64, 48, 4, 1},
                                      {2, 300, 5, 1}, {37, 100, 5, 1}};
    for (int gru = 0; gru <= 1; gru++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            for (int rev = 0; rev <= 1; rev++)
                for (int tape = 0; tape <= 1; tape++)
                    scan_case(gru, cases[i][0], cases[i][1], cases[i][2], rev, tape, (int)cases[i][3]);
    // {B, H, T, I}: fused at AVX-512 (H = 64, 1024); H not a multiple of 32, few steps,
    // I past one block of K and B > 1 project up front.
    static const size_t pcases[][4] = {{1, 64, 30, 40}, {1, 1024, 11, 16}, {1, 48, 20, 24}, {1, 64, 6, 8},
                                       {1, 64, 12, 600}, {3, 64, 12, 10}};
    for (int gru = 0; gru <= 1; gru++)
        for (size_t i = 0; i < sizeof pcases / sizeof pcases[0]; i++)
            for (int rev = 0; rev <= 1; rev++)
                scan_projecting_case(gru, pcases[i][0], pcases[i][1], pcases[i][2], pcases[i][3], rev);
    // Argument errors: no args, spare overlapping h, a time index before gate_base, no c.
    size_t H = 8, B = 2;
    float *W = falloc(4 * H * H), *buf = falloc(8 * B * 4 * H);
    fill(W, 4 * H * H, -1, 1), fill(buf, 8 * B * 4 * H, -1, 1);
    rnn_packed_b *pg[4] = {0};
    for (int g = 0; g < 4; g++) rnn_pack_b(&pg[g], 1, H, H, W + g * H * H, H);
    int32_t order[2] = {0, 1}, active[2] = {2, 2};
    rnn_scan_args a = {.B = B, .H = H, .steps = 2, .order = order, .active = active, .gates = buf,
                       .h = buf + 2 * B * 4 * H, .spare = buf + 3 * B * 4 * H, .c = buf + 4 * B * 4 * H,
                       .whh = (const rnn_packed_b *const *)pg};
    check(rnn_lstm_scan(NULL) == RNN_ERR_ARGUMENT, "lstm_scan without args");
    check(rnn_lstm_scan(&a) == RNN_OK, "lstm_scan minimal");
    rnn_scan_args bad = a;
    bad.spare = bad.h + 1;
    check(rnn_lstm_scan(&bad) == RNN_ERR_ARGUMENT, "lstm_scan spare overlapping h");
    bad = a;
    bad.gate_base = 1;
    check(rnn_lstm_scan(&bad) == RNN_ERR_ARGUMENT, "lstm_scan step before gate_base");
    bad = a;
    bad.c = NULL;
    check(rnn_lstm_scan(&bad) == RNN_ERR_ARGUMENT, "lstm_scan without c");
    check(rnn_gru_scan(&a) == RNN_ERR_ARGUMENT, "gru_scan without hg");
    rnn_packed_b *wih = NULL, *wih_bad = NULL;
    rnn_pack_b(&wih, 1, 3, 4 * H, W, 3);
    rnn_pack_b(&wih_bad, 1, 3, 3 * H, W, 3);
    bad = a;
    bad.wih = wih, bad.x = buf + 5 * B * 4 * H, bad.ldx = 3;
    check(rnn_lstm_scan(&bad) == RNN_OK, "lstm_scan projecting");
    bad.ldx = 2;
    check(rnn_lstm_scan(&bad) == RNN_ERR_ARGUMENT, "lstm_scan ldx < I");
    bad.ldx = 3, bad.x = NULL;
    check(rnn_lstm_scan(&bad) == RNN_ERR_ARGUMENT, "lstm_scan W_ih without x");
    bad.x = buf + 5 * B * 4 * H, bad.wih = wih_bad;
    check(rnn_lstm_scan(&bad) == RNN_ERR_ARGUMENT, "lstm_scan W_ih of the wrong width");
    rnn_packed_b_free(wih), rnn_packed_b_free(wih_bad);
    for (int g = 0; g < 4; g++) rnn_packed_b_free(pg[g]);
    free(W), free(buf);
    if (g_failed == before) printf("  [%s] LSTM and GRU scans passed\n", g_level);
}

// A backward scan against the per-step calls it replaces (delta kernel, then the
// dh_prev multiply): bitwise, for ragged lengths, both directions, 1 and 2 threads. A
// GRU's h before each step is gathered for the per-step call from the forward's output
// rows of the step before (strided) and h0, for the rows that start at the step.
static void backward_scan_case(int gru, size_t B, size_t H, size_t T, int reverse) {
    const size_t G = gru ? 3 : 4, GH = G * H, BH = B * H, TB = T * B, ldh = H + 3;
    float *W = falloc(GH * H), *dout = falloc(TB * H), *gates = falloc(TB * GH), *cp = falloc(TB * H),
          *cn = falloc(TB * H), *sv = falloc(TB * 4 * H), *hout = falloc(TB * ldh), *h0 = falloc(BH),
          *hp = falloc(BH), *dh0 = falloc(BH), *dc0 = falloc(BH);
    fill(W, GH * H, -0.5f, 0.5f), fill(dout, TB * H, -1, 1), fill(gates, TB * GH, 0.01f, 0.99f);
    fill(cp, TB * H, -2, 2), fill(cn, TB * H, -2, 2), fill(sv, TB * 4 * H, 0.01f, 0.99f);
    fill(hout, TB * ldh, -1, 1), fill(h0, BH, -1, 1), fill(dh0, BH, -1, 1), fill(dc0, BH, -1, 1);
    int32_t *active = malloc(T * sizeof(int32_t)), *order = malloc(T * sizeof(int32_t));
    for (size_t t = 0; t < T; t++) active[t] = (int32_t)(t < (T + 1) / 2 ? B : (B + 1) / 2);
    for (size_t i = 0; i < T; i++) order[i] = (int32_t)(reverse ? i : T - 1 - i); // backward order
    rnn_packed_b *whh = NULL;
    rnn_pack_b(&whh, 0, GH, H, W, H); // op(B) = W_hh (GH x H)
    int keep = rnn_get_num_threads();
    rnn_set_num_threads(1);
    float *rdg = falloc(TB * GH), *rdhg = falloc(TB * GH), *rdh = falloc(BH), *rdn = fdup(dh0, BH),
          *rdc = fdup(dc0, BH);
    memset(rdg, 0, TB * GH * sizeof(float)), memset(rdhg, 0, TB * GH * sizeof(float));
    for (size_t s = 0; s < T; s++) {
        size_t t = (size_t)order[s], nb = (size_t)active[t], row = t * B;
        for (size_t i = 0; i < nb * H; i++) rdh[i] = dout[row * H + i] + rdn[i];
        if (!gru) {
            rnn_lstm_backward(rdg + row * GH, rdc, rdh, rdc, gates + row * GH, cp + row * H, cn + row * H, nb, H);
            rnn_sgemm_packed(nb, 1.0f, rdg + row * GH, GH, whh, 0.0f, rdn, H);
        } else {
            const size_t prev_nb = s + 1 < T ? (size_t)active[order[s + 1]] : 0;
            for (size_t b = 0; b < nb; b++)
                memcpy(hp + b * H, b < prev_nb ? hout + ((size_t)order[s + 1] * B + b) * ldh : h0 + b * H,
                       H * sizeof(float));
            rnn_gru_backward(rdg + row * GH, rdhg + row * GH, rdn, rdh, sv + row * 4 * H, hp, nb, H);
            rnn_sgemm_packed(nb, 1.0f, rdhg + row * GH, GH, whh, 1.0f, rdn, H);
        }
    }
    for (int nt = 1; nt <= 2; nt++) {
        rnn_set_num_threads(nt);
        float *dg = falloc(TB * GH), *dhg = falloc(TB * GH), *dh = falloc(BH), *dn = fdup(dh0, BH), *dc = fdup(dc0, BH);
        memset(dg, 0, TB * GH * sizeof(float)), memset(dhg, 0, TB * GH * sizeof(float));
        rnn_backward_scan_args a = {.B = B, .H = H, .steps = T, .order = order, .active = active, .d_out = dout,
                                    .ldo = H, .dh = dh, .dh_next = dn, .dc_next = dc, .dg = dg, .dhg = dhg,
                                    .gates = gates, .c_prev_tape = cp, .c_next_tape = cn, .saved = sv,
                                    .h_out = hout, .ldh = ldh, .h0 = h0, .whh = whh};
        rnn_status st = gru ? rnn_gru_backward_scan(&a) : rnn_lstm_backward_scan(&a);
        int same = st == RNN_OK && memcmp(dg, rdg, TB * GH * sizeof(float)) == 0 &&
                   memcmp(dn, rdn, BH * sizeof(float)) == 0;
        if (!gru) same = same && memcmp(dc, rdc, BH * sizeof(float)) == 0;
        else same = same && memcmp(dhg, rdhg, TB * GH * sizeof(float)) == 0;
        check(same, "%s backward scan B=%zu H=%zu T=%zu reverse=%d threads=%d: bitwise as the steps",
              gru ? "gru" : "lstm", B, H, T, reverse, nt);
        free(dg), free(dhg), free(dh), free(dn), free(dc);
    }
    rnn_set_num_threads(keep);
    rnn_packed_b_free(whh);
    free(W), free(dout), free(gates), free(cp), free(cn), free(sv), free(hout), free(h0), free(hp), free(dh0), free(dc0);
    free(active), free(order), free(rdg), free(rdhg), free(rdh), free(rdn), free(rdc);
}

static void test_backward_scans(void) {
    int before = g_failed;
    static const size_t cases[][3] = {{1, 256, 5}, {3, 33, 6}, {64, 48, 3}, {2, 300, 4}, {37, 100, 5}};
    for (int gru = 0; gru <= 1; gru++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            for (int rev = 0; rev <= 1; rev++) backward_scan_case(gru, cases[i][0], cases[i][1], cases[i][2], rev);
    // Argument errors: no args, a pack of the wrong shape, a missing tape.
    size_t H = 8, B = 2;
    float *buf = falloc(16 * B * 4 * H);
    fill(buf, 16 * B * 4 * H, -1, 1);
    rnn_packed_b *whh = NULL, *bad = NULL;
    rnn_pack_b(&whh, 0, 4 * H, H, buf, H);
    rnn_pack_b(&bad, 0, 3 * H, H, buf, H);
    int32_t order[1] = {0}, active[1] = {2};
    rnn_backward_scan_args a = {.B = B, .H = H, .steps = 1, .order = order, .active = active, .d_out = buf,
                                .ldo = H, .dh = buf + 4 * B * 4 * H, .dh_next = buf + 5 * B * 4 * H,
                                .dc_next = buf + 6 * B * 4 * H, .dg = buf + 7 * B * 4 * H, .gates = buf,
                                .c_prev_tape = buf, .c_next_tape = buf, .whh = whh};
    check(rnn_lstm_backward_scan(NULL) == RNN_ERR_ARGUMENT, "lstm_backward_scan without args");
    check(rnn_lstm_backward_scan(&a) == RNN_OK, "lstm_backward_scan minimal");
    rnn_backward_scan_args e = a;
    e.whh = bad;
    check(rnn_lstm_backward_scan(&e) == RNN_ERR_ARGUMENT, "lstm_backward_scan wrong W_hh shape");
    e = a;
    e.c_next_tape = NULL;
    check(rnn_lstm_backward_scan(&e) == RNN_ERR_ARGUMENT, "lstm_backward_scan without c_next");
    check(rnn_gru_backward_scan(&a) == RNN_ERR_ARGUMENT, "gru_backward_scan without its tape");
    e = a; // a GRU's: bad is a 3H x H pack
    e.whh = bad, e.dhg = buf + 8 * B * 4 * H, e.saved = buf, e.h_out = buf + 9 * B * 4 * H, e.ldh = H;
    e.h0 = buf + 10 * B * 4 * H;
    check(rnn_gru_backward_scan(&e) == RNN_OK, "gru_backward_scan minimal");
    e.ldh = H - 1;
    check(rnn_gru_backward_scan(&e) == RNN_ERR_ARGUMENT, "gru_backward_scan ldh < H");
    e.ldh = H, e.h0 = NULL;
    check(rnn_gru_backward_scan(&e) == RNN_ERR_ARGUMENT, "gru_backward_scan without h0");
    rnn_packed_b_free(whh), rnn_packed_b_free(bad);
    free(buf);
    if (g_failed == before) printf("  [%s] LSTM and GRU backward scans passed\n", g_level);
}

// Steps whose per-gate packs were made under another level.
static void test_steps_cross_level(void) {
    rnn_isa keep = rnn_isa_active();
    for (int from = 0; from < 4; from++)
        for (int to = 0; to < 4; to++) {
            if (from == to || !rnn_isa_available((rnn_isa)from) || !rnn_isa_available((rnn_isa)to)) continue;
            rnn_isa_set((rnn_isa)to);
            step_case(0, 3, 33, 1, from);
            step_case(1, 1, 40, 1, from);
        }
    rnn_isa_set(keep);
}

// MARK: - Memory

// Zeroed arrays are zero even when a freed (dirty) block of the same size is reused;
// large ones are 2 MiB aligned; an impossible size gives NULL. Sizes: malloc, mapped in
// 64 KiB steps, mapped on huge pages.
static void test_memory(void) {
    int before = g_failed;
    static const size_t sizes[] = {1, 1000, (1u << 15) + 7, (1u << 18) + 3, (3u << 20) + 5};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        for (int round = 0; round < 3; round++) {
            float *p = rnn_alloc_floats(n);
            int zero = p != NULL;
            for (size_t k = 0; zero && k < n; k++) zero = p[k] == 0.0f;
            check(zero, "rnn_alloc_floats(%zu) round %d is zero", n, round);
            if (p && n * sizeof(float) >= (1u << 20))
                check(((uintptr_t)p & ((2u << 20) - 1)) == 0, "large block 2 MiB aligned");
            if (p) for (size_t k = 0; k < n; k++) p[k] = 1.5f; // dirty it for the next round
            rnn_free_floats(p, n);
            float *u = rnn_alloc_floats_uninit(n);
            check(u != NULL, "rnn_alloc_floats_uninit(%zu)", n);
            if (u) u[n - 1] = 2.0f;
            rnn_free_floats(u, n);
        }
    }
    check(rnn_alloc_floats(SIZE_MAX / 2) == NULL, "impossible size gives NULL");
    // Row gathers: a permutation with zero rows, strides wider than the rows, small
    // (one thread) and large (threaded) cases, argument errors.
    static const size_t shapes[][2] = {{5, 3}, {3000, 97}};
    for (size_t sh = 0; sh < 2; sh++) {
        const size_t rows = shapes[sh][0], width = shapes[sh][1], lds = width + 2, ldd = width + 1;
        float *src = falloc(rows * lds), *dst = falloc(rows * ldd);
        int64_t *from = malloc(rows * sizeof(int64_t));
        fill(src, rows * lds, -1, 1), fill(dst, rows * ldd, 5, 6);
        for (size_t r = 0; r < rows; r++) from[r] = r % 3 == 1 ? -1 : (int64_t)((r * 7 + 1) % rows);
        int ok = rnn_gather_rows(dst, ldd, src, lds, from, rows, width) == RNN_OK;
        for (size_t r = 0; r < rows && ok; r++)
            for (size_t k = 0; k < width && ok; k++)
                ok = dst[r * ldd + k] == (from[r] < 0 ? 0.0f : src[(size_t)from[r] * lds + k]);
        for (size_t r = 0; r < rows && ok; r++) ok = dst[r * ldd + width] >= 5.0f; // the stride gap is untouched
        check(ok, "gather_rows %zu x %zu: rows from their sources, zeros, gaps kept", rows, width);
        check(rnn_gather_rows(dst, width - 1, src, lds, from, rows, width) == RNN_ERR_ARGUMENT, "gather_rows ldd < width");
        check(rnn_gather_rows(dst, ldd, src, lds, NULL, rows, width) == RNN_ERR_ARGUMENT, "gather_rows without rows");
        check(rnn_gather_rows(NULL, ldd, NULL, lds, NULL, 0, width) == RNN_OK, "gather_rows of nothing");
        free(src), free(dst), free(from);
    }
    if (g_failed == before) printf("  memory: zeroed and reused blocks, row gathers passed\n");
}

// Packing under one level and multiplying under another still works.
static void test_packed_cross_level(void) {
    rnn_isa keep = rnn_isa_active();
    for (int from = 0; from < 4; from++)
        for (int to = 0; to < 4; to++) {
            if (from == to || !rnn_isa_available((rnn_isa)from) || !rnn_isa_available((rnn_isa)to)) continue;
            size_t M = 9, N = 37, K = 300;
            float *A = falloc(M * K), *B = falloc(N * K), *C = falloc(M * N), *C1 = falloc(M * N);
            fill(A, M * K, -1, 1), fill(B, N * K, -1, 1);
            rnn_isa_set((rnn_isa)from);
            rnn_packed_b *p = NULL;
            check(rnn_pack_b(&p, 1, K, N, B, K) == RNN_OK, "pack_b status");
            rnn_isa_set((rnn_isa)to);
            for (size_t rows = 1; rows <= M; rows += M - 1) {
                rnn_status st = rnn_sgemm_packed(rows, 1.0f, A, K, p, 0.0f, C, N);
                check(st == RNN_OK && gemm_close(0, 1, rows, N, K, 1.0f, A, K, B, K, 0.0f, C1, C, N, NULL),
                      "packed under %s, multiplied under %s (M=%zu)", rnn_isa_name((rnn_isa)from),
                      rnn_isa_name((rnn_isa)to), rows);
            }
            rnn_packed_b_free(p);
            free(A), free(B), free(C), free(C1);
        }
    rnn_isa_set(keep);
}

// A row of C is the same whatever panels its block was cut into (full MR-row panels,
// or the short ones that cover a block's last rows): the first M rows of a multiply
// of M + extra rows equal a multiply of M rows, bitwise, plain and packed.
static void test_panel_layouts(void) {
    static const size_t ms[] = {2, 4, 7, 13, 16, 26, 32, 64, 100, 150};
    const size_t N = 37, K = 300;
    float *A = falloc(160 * K), *B = falloc(K * N), *C1 = falloc(160 * N), *C2 = falloc(160 * N);
    fill(A, 160 * K, -1, 1), fill(B, K * N, -1, 1);
    rnn_packed_b *p = NULL;
    check(rnn_pack_b(&p, 0, K, N, B, N) == RNN_OK, "pack_b status");
    int same = 1;
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++)
        for (size_t extra = 1; extra <= 7; extra += 2) {
            size_t M = ms[i];
            rnn_sgemm(0, 0, M, N, K, 1.0f, A, K, B, N, 0.0f, C1, N);
            rnn_sgemm(0, 0, M + extra, N, K, 1.0f, A, K, B, N, 0.0f, C2, N);
            same = same && memcmp(C1, C2, M * N * sizeof(float)) == 0;
            rnn_sgemm_packed(M, 1.0f, A, K, p, 0.0f, C1, N);
            rnn_sgemm_packed(M + extra, 1.0f, A, K, p, 0.0f, C2, N);
            same = same && memcmp(C1, C2, M * N * sizeof(float)) == 0;
            check(same, "M=%zu rows bitwise as the first rows of M=%zu", M, M + extra);
        }
    // The copy in two blocks of rows (the batch-1 halves): every panel row where the
    // layout says, and the same copy on every call.
    const rnn_kernels *kt = rnn_kernels_active();
    const float *none = rnn_packed_b_halves(p, kt, 0), *P = rnn_packed_b_panels(p, kt),
                *S = rnn_packed_b_halves(p, kt, 1);
    const size_t nr = kt->nr, np = (N + nr - 1) / nr, ks = rnn_gemv_split(K, nr);
    int laid = !none && P && S && S == rnn_packed_b_halves(p, kt, 0) && ks > 0 && ks < K;
    for (size_t j = 0; laid && j < np; j++)
        for (size_t k = 0; k < K; k++) {
            const float *row = k < ks ? S + j * ks * nr + k * nr : S + np * ks * nr + j * (K - ks) * nr + (k - ks) * nr;
            laid = laid && memcmp(row, P + j * K * nr + k * nr, nr * sizeof(float)) == 0;
        }
    check(laid, "packed_b_halves: rows [0, %zu) and [%zu, %zu) of %zu panels in two blocks", ks, ks, K, np);
    rnn_packed_b_free(p);
    free(A), free(B), free(C1), free(C2);
}

// Same inputs and thread count: bitwise the same C (and the threaded result is right).
static void test_threads(void) {
    struct { size_t M, N, K; int ta, tb; } cases[] = {
        {300, 260, 270, 0, 1}, {260, 300, 270, 1, 0}, {1, 3000, 200, 0, 1}, {1, 3000, 200, 0, 0}, {64, 2048, 256, 0, 1}};
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
        size_t M = cases[ci].M, N = cases[ci].N, K = cases[ci].K;
        int ta = cases[ci].ta, tb = cases[ci].tb;
        size_t lda = ta ? M : K, ldb = tb ? K : N;
        float *A = falloc(M * K), *B = falloc(N * K), *C[4], *Cz = falloc(M * N);
        fill(A, M * K, -1, 1), fill(B, N * K, -1, 1);
        memset(Cz, 0, M * N * 4);
        int thr[4] = {1, 1, 2, 2};
        for (int r = 0; r < 4; r++) {
            C[r] = falloc(M * N);
            rnn_set_num_threads(thr[r]);
            check(rnn_get_num_threads() == thr[r], "get_num_threads");
            rnn_sgemm(ta, tb, M, N, K, 1.0f, A, lda, B, ldb, 0.0f, C[r], N);
        }
        check(memcmp(C[0], C[1], M * N * 4) == 0, "threads=1 twice bitwise equal (M=%zu N=%zu K=%zu)", M, N, K);
        check(memcmp(C[2], C[3], M * N * 4) == 0, "threads=2 twice bitwise equal (M=%zu N=%zu K=%zu)", M, N, K);
        check(gemm_close(ta, tb, M, N, K, 1.0f, A, lda, B, ldb, 0.0f, Cz, C[2], N, NULL),
              "threads=2 result correct (M=%zu N=%zu K=%zu)", M, N, K);
        // packed with threads
        rnn_packed_b *p = NULL;
        if (!ta && rnn_pack_b(&p, tb, K, N, B, ldb) == RNN_OK) {
            rnn_sgemm_packed(M, 1.0f, A, lda, p, 0.0f, C[0], N);
            rnn_sgemm_packed(M, 1.0f, A, lda, p, 0.0f, C[1], N);
            check(memcmp(C[0], C[1], M * N * 4) == 0 &&
                      gemm_close(ta, tb, M, N, K, 1.0f, A, lda, B, ldb, 0.0f, Cz, C[0], N, NULL),
                  "packed threads=2 repeatable and correct (M=%zu N=%zu K=%zu)", M, N, K);
            rnn_packed_b_free(p);
        }
        for (int r = 0; r < 4; r++) free(C[r]);
        free(A), free(B), free(Cz);
    }
    rnn_set_num_threads(0);
}

// The pair runner (rnn_parallel_pair): each chunk's phases in order, and after
// rnn_pair_wait(pair, c, p) the other chunk's phases before p are done; on two threads,
// on one, and nested in a parallel region (the pool busy: one thread runs both chunks,
// taking the other chunk's phases inside its waits). The chunks run unequal amounts of
// work so that each gets ahead of the other at times.
typedef struct {
    size_t nphases;
    _Atomic int *done[2]; // done[c][p]: phase p of chunk c finished
    atomic_int bad;
} pair_probe;

static void pair_probe_run(void *ctx, rnn_pair *pair, size_t p, size_t c) {
    pair_probe *pp = ctx;
    if (p > 0 && !atomic_load(&pp->done[c][p - 1])) atomic_store(&pp->bad, 1); // own order
    volatile unsigned sink = 0;
    for (unsigned i = 0; i < (unsigned)((p * 7 + c * 13) % 23) * 200; i++) sink += i;
    rnn_pair_wait(pair, c, p);
    for (size_t q = 0; q < p; q++)
        if (!atomic_load(&pp->done[1 - c][q])) atomic_store(&pp->bad, 1);
    if (atomic_exchange(&pp->done[c][p], 1)) atomic_store(&pp->bad, 1); // run once
}

static int pair_probe_check(int nt) {
    pair_probe pp = {.nphases = 300};
    for (int c = 0; c < 2; c++) pp.done[c] = calloc(pp.nphases, sizeof(_Atomic int));
    atomic_init(&pp.bad, 0);
    rnn_parallel_pair(pp.nphases, nt, pair_probe_run, &pp);
    int ok = !atomic_load(&pp.bad);
    for (int c = 0; c < 2; c++) {
        for (size_t q = 0; q < pp.nphases; q++) ok = ok && atomic_load(&pp.done[c][q]);
        free(pp.done[c]);
    }
    return ok;
}

static atomic_int g_nested_ok;
static void pair_nested_task(void *ctx) {
    (void)ctx;
    if (rnn_thread_home() == 0) atomic_store(&g_nested_ok, pair_probe_check(2)); // the pool is busy here
}

// rnn_keep_freed_memory: under glibc, a freed 24 MiB block stays in the heap for the
// next call (without the setting it is a mapping of its own, unmapped when freed:
// glibc maps blocks above its threshold, which starts at 128 KiB and only rises to the
// size of mapped blocks freed before, none this large here).
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define RNN_TEST_OWN_MALLOC 1 // a sanitizer's allocator stands in for glibc's
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RNN_TEST_OWN_MALLOC 1
#endif
static void test_keep_freed_memory(void) {
#if defined(RNN_TEST_OWN_MALLOC)
    (void)rnn_keep_freed_memory(); // glibc's settings do not reach the sanitizer's allocator
    printf("  keep_freed_memory: skipped under a sanitizer's allocator\n");
#elif defined(__GLIBC__)
    check(rnn_keep_freed_memory() == 1, "keep_freed_memory takes under glibc");
    const size_t bytes = (size_t)24 << 20;
    char *p = malloc(bytes);
    char *top = sbrk(0);
    check(p && p < top, "a 24 MiB block comes from the heap once freed memory is kept");
    free(p);
    check(sbrk(0) == top, "freeing it leaves the heap where it was (not trimmed)");
#else
    check(rnn_keep_freed_memory() == 0, "keep_freed_memory is a no-op without glibc");
#endif
}

static void test_pair(void) {
    int before = g_failed;
    check(pair_probe_check(2), "pair runner on 2 threads: phase order and waits");
    check(pair_probe_check(1), "pair runner on 1 thread: phase order and waits");
    atomic_store(&g_nested_ok, 0);
    rnn_parallel_run(pair_nested_task, NULL, 2);
    check(atomic_load(&g_nested_ok), "pair runner nested in a parallel region: phase order and waits");
    if (g_failed == before) printf("  pair runner passed\n");
}

// MARK: - Dispatch and argument checks

static void test_dispatch(void) {
    rnn_isa keep = rnn_isa_active();
    for (int i = 0; i < 4; i++) {
        rnn_isa p;
        check(rnn_isa_parse(rnn_isa_name((rnn_isa)i), &p) == RNN_OK && (int)p == i, "parse %s",
              rnn_isa_name((rnn_isa)i));
        if (!rnn_isa_available((rnn_isa)i)) {
            check(rnn_isa_set((rnn_isa)i) == RNN_ERR_ISA_UNAVAILABLE && rnn_isa_active() == keep,
                  "rnn_isa_set(%s) unavailable changes nothing", rnn_isa_name((rnn_isa)i));
        }
    }
    rnn_isa p = RNN_ISA_NEON;
    check(rnn_isa_parse("sse9", &p) == RNN_ERR_ISA_UNKNOWN, "parse unknown");
    check(rnn_isa_set((rnn_isa)7) != RNN_OK && rnn_isa_active() == keep, "rnn_isa_set(7) fails");
    check(rnn_isa_available(RNN_ISA_SCALAR) == 1 && rnn_isa_available(rnn_isa_best()) == 1, "best available");
    setenv("RECURRENT_ISA", "bogus", 1);
    check(rnn_isa_from_environment(&p) == RNN_ERR_ISA_UNKNOWN && p == rnn_isa_best(), "env unknown");
    setenv("RECURRENT_ISA", "scalar", 1);
    check(rnn_isa_from_environment(&p) == RNN_OK && p == RNN_ISA_SCALAR, "env scalar");
    for (int i = 0; i < 4; i++)
        if (!rnn_isa_available((rnn_isa)i)) {
            setenv("RECURRENT_ISA", rnn_isa_name((rnn_isa)i), 1);
            check(rnn_isa_from_environment(&p) == RNN_ERR_ISA_UNAVAILABLE && p == rnn_isa_best(),
                  "env unavailable %s", rnn_isa_name((rnn_isa)i));
        }
    unsetenv("RECURRENT_ISA");
    check(rnn_isa_from_environment(&p) == RNN_OK && p == rnn_isa_best(), "env unset");
    // argument checks: NULL -> RNN_ERR_ARGUMENT, n == 0 -> OK
    float f[8] = {0};
    check(rnn_sigmoid_forward(NULL, f, 3) == RNN_ERR_ARGUMENT, "sigmoid NULL");
    check(rnn_tanh_forward(f, NULL, 3) == RNN_ERR_ARGUMENT, "tanh NULL");
    check(rnn_sigmoid_forward(f, f, 0) == RNN_OK && rnn_tanh_forward(NULL, NULL, 0) == RNN_OK, "n == 0");
    check(rnn_lstm_forward(f, f, NULL, f, 1, 1) == RNN_ERR_ARGUMENT, "lstm_forward NULL");
    check(rnn_lstm_backward(f, f, f, NULL, f, NULL, f, 1, 1) == RNN_ERR_ARGUMENT, "lstm_backward NULL");
    check(rnn_lstm_forward(f, f, f, f, 0, 5) == RNN_OK, "lstm B == 0");
    check(rnn_lstm_forward(f, f, f, f, SIZE_MAX / 2, 3) == RNN_ERR_ARGUMENT, "lstm size overflow");
    check(rnn_gru_forward(f, f, f, NULL, f, 1, 1) == RNN_ERR_ARGUMENT, "gru_forward NULL");
    check(rnn_gru_backward(f, f, f, f, f, NULL, 1, 1) == RNN_ERR_ARGUMENT, "gru_backward NULL");
    check(rnn_gru_rb_forward_gates(NULL, f, f, f, f, 1, 1) == RNN_ERR_ARGUMENT, "gru_rb NULL");
    check(rnn_gru_rb_backward_gates(f, f, f, f, f, f, 1, 0) == RNN_OK, "gru_rb H == 0");
    check(rnn_rnn_forward(f, NULL, 2, 0) == RNN_ERR_ARGUMENT, "rnn_forward NULL");
    check(rnn_rnn_backward(f, f, f, 2, 2) == RNN_ERR_ARGUMENT, "rnn_backward bad relu flag");
    check(rnn_add_bias_rows(f, 1, f, 2, 2) == RNN_ERR_ARGUMENT, "add_bias_rows ldy < cols");
    check(rnn_sum_rows(NULL, f, 2, 2, 2) == RNN_ERR_ARGUMENT, "sum_rows NULL");
    double loss;
    int32_t t = 0;
    check(rnn_softmax_xent(f, NULL, f, &t, 1, 2, 1.0f) == RNN_ERR_ARGUMENT, "softmax NULL loss");
    check(rnn_softmax_xent(f, &loss, f, &t, 0, 2, 1.0f) == RNN_OK && loss == 0.0, "softmax N == 0");
}

// MARK: - Benchmark (printed, never checked)

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void bench(void) {
    size_t n = 1024;
    float *A = falloc(n * n), *B = falloc(n * n), *C = falloc(n * n);
    fill(A, n * n, -1, 1), fill(B, n * n, -1, 1);
    for (int th = 1; th <= 2; th++) {
        rnn_set_num_threads(th);
        rnn_sgemm(0, 0, n, n, n, 1.0f, A, n, B, n, 0.0f, C, n); // warm-up
        double best = 1e30;
        for (int r = 0; r < 3; r++) {
            double t0 = now_s();
            rnn_sgemm(0, 0, n, n, n, 1.0f, A, n, B, n, 0.0f, C, n);
            double t = now_s() - t0;
            if (t < best) best = t;
        }
        printf("  [%s] sgemm 1024^3, %d thread%s: %.1f GFLOP/s\n", rnn_isa_name(rnn_isa_active()), th,
               th > 1 ? "s" : "", 2.0 * n * n * n / best * 1e-9);
    }
    rnn_set_num_threads(0);
    free(A), free(B), free(C);
}

// Every level agrees with the scalar level (same algorithms; FMA contraction and
// lane order are the only differences).
static void test_cross_level_agreement(void) {
    rnn_isa keep = rnn_isa_active();
    size_t n = 100003;
    float *x = falloc(n), *ref_s = falloc(n), *ref_t = falloc(n), *s = falloc(n), *t = falloc(n);
    for (size_t i = 0; i < n; i++) x[i] = (float)(-30.0 + 60.0 * (double)i / (double)n);
    rnn_isa_set(RNN_ISA_SCALAR);
    rnn_sigmoid_forward(ref_s, x, n);
    rnn_tanh_forward(ref_t, x, n);
    for (int i = 1; i < 4; i++) {
        if (!rnn_isa_available((rnn_isa)i)) continue;
        rnn_isa_set((rnn_isa)i);
        rnn_sigmoid_forward(s, x, n);
        rnn_tanh_forward(t, x, n);
        double d = 0;
        for (size_t k = 0; k < n; k++) {
            double e = fabs((double)s[k] - ref_s[k]) + fabs((double)t[k] - ref_t[k]);
            if (!(e <= d)) d = e;
        }
        check(d <= 2.4e-7, "%s vs scalar activations differ by %.3g", rnn_isa_name((rnn_isa)i), d);
    }
    rnn_isa_set(keep);
    free(x), free(ref_s), free(ref_t), free(s), free(t);
}

int main(void) {
    rnn_isa best = rnn_isa_best();
    printf("best level: %s, active at start: %s, threads: %d\n", rnn_isa_name(best),
           rnn_isa_name(rnn_isa_active()), rnn_get_num_threads());
    test_lstm_reference_fd();
    test_gru_reference_fd();
    test_dispatch();
    test_memory();
    test_keep_freed_memory();
    test_pair();
    for (int i = RNN_ISA_SCALAR; i <= RNN_ISA_NEON; i++) {
        if (!rnn_isa_available((rnn_isa)i)) {
            printf("level %s: not available here, skipped\n", rnn_isa_name((rnn_isa)i));
            continue;
        }
        rnn_isa keep = rnn_isa_active();
        check(rnn_isa_set((rnn_isa)i) == RNN_OK && rnn_isa_active() == (rnn_isa)i, "rnn_isa_set");
        g_level = rnn_isa_name((rnn_isa)i);
        int before = g_failed;
        test_activations();
        test_lstm();
        test_gru();
        test_rnn();
        test_softmax();
        test_adam();
        test_gemm();
        test_panel_layouts();
        test_threads();
        test_steps();
        test_scans();
        test_backward_scans();
        printf("level %s: %s\n", g_level, g_failed == before ? "ok" : "FAILED");
        rnn_isa_set(keep);
    }
    g_level = "cross";
    test_packed_cross_level();
    test_steps_cross_level();
    test_cross_level_agreement();
    const char *nb = getenv("RNN_TEST_NO_BENCH");
    if (!nb || !*nb || *nb == '0') {
        rnn_isa_set(best);
        bench();
    }
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed ? 1 : 0;
}
