// gru.c: fused GRU cell kernels, both forms.
//
// PyTorch form (reset after the hidden matrix multiply):
//   r = sigmoid(x_r + h_r), z = sigmoid(x_z + h_z), n = tanh(x_n + r * h_n)
//   h' = (1 - z) * n + z * h            (computed as n + z * (h - n))
// Reset-before form (Cho et al. 2014), two stages around the W_hn multiply:
//   stage 1: r = sigmoid(x_r + hg_r), z = sigmoid(x_z + hg_z), rh = r * h
//   stage 2: n = tanh(x_n + hg_n) with hg_n = W_hn (r * h) + b_hn, h' = (1 - z) * n + z * h
// saved (B, 4H) holds (r, z, n, h_n) in both forms.
#ifndef RNN_TEMPLATE_PASS

#include "internal.h"

// Shared checks: B*H and B*4H must not overflow; sizes 0 do nothing.
#define RNN_GRU_CHECK(...)                                                                         \
    do {                                                                                           \
        size_t bh_, bh4_;                                                                          \
        if (!rnn_mul_ok(B, H, &bh_) || !rnn_mul_ok(bh_, 4, &bh4_)) return RNN_ERR_ARGUMENT;        \
        if (bh_ == 0) return RNN_OK;                                                               \
        const void *ptrs_[] = {__VA_ARGS__};                                                       \
        for (size_t p_ = 0; p_ < sizeof ptrs_ / sizeof ptrs_[0]; p_++)                             \
            if (!ptrs_[p_]) return RNN_ERR_ARGUMENT;                                               \
    } while (0)

rnn_status rnn_gru_forward(float *h, float *saved, const float *xg, const float *hg,
                           const float *h_prev, size_t B, size_t H) {
    RNN_GRU_CHECK(h, saved, xg, hg, h_prev);
    rnn_kernels_active()->gru_forward(h, H, saved, xg, hg, h_prev, H, NULL, NULL, B, H, H);
    return RNN_OK;
}

typedef struct {
    const rnn_kernels *kt;
    float *dxg, *dhg, *dh_prev;
    const float *dh, *saved, *h_prev;
    size_t H;
} gru_backward_job;

static void gru_backward_rows(void *ctx, size_t b0, size_t b1) {
    const gru_backward_job *j = ctx;
    const size_t H = j->H;
    j->kt->gru_backward(j->dxg + b0 * 3 * H, j->dhg + b0 * 3 * H, j->dh_prev + b0 * H, j->dh + b0 * H,
                        j->saved + b0 * 4 * H, j->h_prev + b0 * H, b1 - b0, H);
}

rnn_status rnn_gru_backward(float *dxg, float *dhg, float *dh_prev, const float *dh,
                            const float *saved, const float *h_prev, size_t B, size_t H) {
    RNN_GRU_CHECK(dxg, dhg, dh_prev, dh, saved, h_prev);
    // Rows are independent: threaded over them from 64K values, as the LSTM's.
    gru_backward_job j = {.kt = rnn_kernels_active(), .dxg = dxg, .dhg = dhg, .dh_prev = dh_prev,
                          .dh = dh, .saved = saved, .h_prev = h_prev, .H = H};
    rnn_parallel_for(B, 1, B * H >= ((size_t)1 << 14) ? 0 : SIZE_MAX, gru_backward_rows, &j);
    return RNN_OK;
}

rnn_status rnn_gru_rb_forward_gates(float *rh, float *saved, const float *xg, const float *hg,
                                    const float *h_prev, size_t B, size_t H) {
    RNN_GRU_CHECK(rh, saved, xg, hg, h_prev);
    rnn_kernels_active()->gru_rb_forward_gates(rh, saved, xg, hg, h_prev, B, H);
    return RNN_OK;
}

rnn_status rnn_gru_rb_forward_state(float *h, float *saved, const float *xg, const float *hg,
                                    const float *h_prev, size_t B, size_t H) {
    RNN_GRU_CHECK(h, saved, xg, hg, h_prev);
    rnn_kernels_active()->gru_rb_forward_state(h, saved, xg, hg, h_prev, B, H);
    return RNN_OK;
}

rnn_status rnn_gru_rb_backward_state(float *dxg, float *dhg, float *dh_prev, const float *dh,
                                     const float *saved, const float *h_prev, size_t B, size_t H) {
    RNN_GRU_CHECK(dxg, dhg, dh_prev, dh, saved, h_prev);
    rnn_kernels_active()->gru_rb_backward_state(dxg, dhg, dh_prev, dh, saved, h_prev, B, H);
    return RNN_OK;
}

rnn_status rnn_gru_rb_backward_gates(float *dxg, float *dhg, float *dh_prev, const float *drh,
                                     const float *saved, const float *h_prev, size_t B, size_t H) {
    RNN_GRU_CHECK(dxg, dhg, dh_prev, drh, saved, h_prev);
    rnn_kernels_active()->gru_rb_backward_gates(dxg, dhg, dh_prev, drh, saved, h_prev, B, H);
    return RNN_OK;
}

#define RNN_TEMPLATE_PASS
#define RNN_TEMPLATE "gru.c"
#include "simd_instantiate.h"

#else // RNN_TEMPLATE_PASS: the kernels, once per level

// Lanes [j, j + m) of block `off` of one row: v[off + j] + bias[off + j] (bias may be NULL).
VINLINE vfloat VNAME(gru_biased)(const float *v, const float *bias, size_t off, size_t j, size_t m) {
    vfloat a = v_loadn(v + off + j, m);
    return bias ? v_add(a, v_loadn(bias + off + j, m)) : a;
}

// Units [0, n) of a layer of H (the pointers start at the first unit, so a thread
// can run a slice): h (B rows, stride ldh) output, may alias h_prev (stride ldp);
// saved (stride 4H) output (r, z, n, h_n), or NULL when nothing will go backward
// through the step; xg, hg (stride 3H) in order r, z, n;
// gate blocks are H apart. b_ih is added to xg and b_hh to hg as they are read
// (3H each, offset like them), or NULL.
VATTR void VNAME(rnnk_gru_forward)(float *h, size_t ldh, float *saved, const float *xg,
                                   const float *hg, const float *h_prev, size_t ldp,
                                   const float *b_ih, const float *b_hh, size_t B, size_t n,
                                   size_t H) {
    for (size_t b = 0; b < B; b++) {
        float *restrict s = saved ? saved + b * 4 * H : NULL; // (4H)
        const float *restrict x = xg + b * 3 * H;   // (3H)
        const float *restrict hh = hg + b * 3 * H;  // (3H)
        const float *hp = h_prev + b * ldp;         // (n)
        float *ho = h + b * ldh;                    // (n)
        size_t j = 0;
        // Two vectors per iteration, as one block of straight-line code: the chain
        // sigmoid -> tanh -> h' of one vector is long and serial, a second one beside
        // it fills the pipeline. h_prev is read before h is written (they may alias).
        for (; j + 2 * VL <= n; j += 2 * VL) {
            vfloat hv0 = v_load(hp + j), hv1 = v_load(hp + j + VL);
            vfloat r0 = v_sigmoid(v_add(VNAME(gru_biased)(x, b_ih, 0, j, VL), VNAME(gru_biased)(hh, b_hh, 0, j, VL)));
            vfloat r1 = v_sigmoid(v_add(VNAME(gru_biased)(x, b_ih, 0, j + VL, VL), VNAME(gru_biased)(hh, b_hh, 0, j + VL, VL)));
            vfloat z0 = v_sigmoid(v_add(VNAME(gru_biased)(x, b_ih, H, j, VL), VNAME(gru_biased)(hh, b_hh, H, j, VL)));
            vfloat z1 = v_sigmoid(v_add(VNAME(gru_biased)(x, b_ih, H, j + VL, VL), VNAME(gru_biased)(hh, b_hh, H, j + VL, VL)));
            vfloat hn0 = VNAME(gru_biased)(hh, b_hh, 2 * H, j, VL), hn1 = VNAME(gru_biased)(hh, b_hh, 2 * H, j + VL, VL);
            vfloat n0 = v_tanh(v_fma(r0, hn0, VNAME(gru_biased)(x, b_ih, 2 * H, j, VL)));
            vfloat n1 = v_tanh(v_fma(r1, hn1, VNAME(gru_biased)(x, b_ih, 2 * H, j + VL, VL)));
            if (s) {
                v_store(s + j, r0), v_store(s + j + VL, r1);
                v_store(s + H + j, z0), v_store(s + H + j + VL, z1);
                v_store(s + 2 * H + j, n0), v_store(s + 2 * H + j + VL, n1);
                v_store(s + 3 * H + j, hn0), v_store(s + 3 * H + j + VL, hn1);
            }
            v_store(ho + j, v_fma(z0, v_sub(hv0, n0), n0));
            v_store(ho + j + VL, v_fma(z1, v_sub(hv1, n1), n1));
        }
        for (; j < n; j += VL) {
            size_t m = n - j;
            vfloat r = v_sigmoid(v_add(VNAME(gru_biased)(x, b_ih, 0, j, m), VNAME(gru_biased)(hh, b_hh, 0, j, m)));
            vfloat z = v_sigmoid(v_add(VNAME(gru_biased)(x, b_ih, H, j, m), VNAME(gru_biased)(hh, b_hh, H, j, m)));
            vfloat hn = VNAME(gru_biased)(hh, b_hh, 2 * H, j, m);
            vfloat n = v_tanh(v_fma(r, hn, VNAME(gru_biased)(x, b_ih, 2 * H, j, m))); // n = tanh(x_n + r*h_n)
            vfloat hv = v_loadn(hp + j, m);
            if (s) {
                v_storen(s + j, r, m);
                v_storen(s + H + j, z, m);
                v_storen(s + 2 * H + j, n, m);
                v_storen(s + 3 * H + j, hn, m);
            }
            v_storen(ho + j, v_fma(z, v_sub(hv, n), n), m); // h' = n + z * (h - n)
        }
    }
}

// dxg, dhg: (B, 3H) outputs; dh_prev: (B, H) output = dh * z; dh: (B, H);
// saved: (B, 4H) (r, z, n, h_n); h_prev: (B, H).
VATTR void VNAME(rnnk_gru_backward)(float *dxg, float *dhg, float *dh_prev, const float *dh,
                                    const float *saved, const float *h_prev, size_t B, size_t H) {
    const vfloat one = v_set1(1.0f);
    for (size_t b = 0; b < B; b++) {
        float *restrict dx = dxg + b * 3 * H;         // (3H)
        float *restrict dhh = dhg + b * 3 * H;        // (3H)
        float *restrict dhp = dh_prev + b * H;        // (H)
        const float *restrict d = dh + b * H;         // (H)
        const float *restrict s = saved + b * 4 * H;  // (4H)
        const float *restrict hp = h_prev + b * H;    // (H)
        for (size_t j = 0; j < H; j += VL) {
            size_t m = H - j;
            vfloat r = v_loadn(s + j, m), z = v_loadn(s + H + j, m);
            vfloat n = v_loadn(s + 2 * H + j, m), hn = v_loadn(s + 3 * H + j, m);
            vfloat dv = v_loadn(d + j, m);
            // h' = (1 - z) * n + z * h:  dn = dh * (1 - z), dz = dh * (h - n), dh_prev = dh * z
            vfloat dn = v_mul(dv, v_sub(one, z));
            vfloat dz = v_mul(dv, v_sub(v_loadn(hp + j, m), n));
            // n = tanh(n_pre): dn_pre = dn * (1 - n^2)
            vfloat dn_pre = v_mul(dn, v_fnma(n, n, one));
            // z = sigmoid(z_pre): dz_pre = dz * z * (1 - z)
            vfloat dz_pre = v_mul(dz, v_mul(z, v_sub(one, z)));
            // n_pre = x_n + r * h_n: dx_n = dn_pre, dh_n = dn_pre * r, dr = dn_pre * h_n
            // r = sigmoid(r_pre): dr_pre = dr * r * (1 - r)
            vfloat dr_pre = v_mul(v_mul(dn_pre, hn), v_mul(r, v_sub(one, r)));
            v_storen(dx + j, dr_pre, m);
            v_storen(dx + H + j, dz_pre, m);
            v_storen(dx + 2 * H + j, dn_pre, m);
            v_storen(dhh + j, dr_pre, m);
            v_storen(dhh + H + j, dz_pre, m);
            v_storen(dhh + 2 * H + j, v_mul(dn_pre, r), m);
            v_storen(dhp + j, v_mul(dv, z), m);
        }
    }
}

// Stage 1. rh: (B, H) output r * h_prev; saved: (B, 4H), writes columns [0, 2H);
// xg, hg: (B, 3H) (hg columns [0, 2H) filled); h_prev: (B, H).
VATTR void VNAME(rnnk_gru_rb_forward_gates)(float *rh, float *saved, const float *xg,
                                            const float *hg, const float *h_prev, size_t B,
                                            size_t H) {
    for (size_t b = 0; b < B; b++) {
        float *restrict o = rh + b * H;             // (H)
        float *restrict s = saved ? saved + b * 4 * H : NULL; // (4H)
        const float *restrict x = xg + b * 3 * H;   // (3H)
        const float *restrict hh = hg + b * 3 * H;  // (3H)
        const float *restrict hp = h_prev + b * H;  // (H)
        for (size_t j = 0; j < H; j += VL) {
            size_t m = H - j;
            vfloat r = v_sigmoid(v_add(v_loadn(x + j, m), v_loadn(hh + j, m)));         // r
            vfloat z = v_sigmoid(v_add(v_loadn(x + H + j, m), v_loadn(hh + H + j, m))); // z
            v_storen(s + j, r, m);
            v_storen(s + H + j, z, m);
            v_storen(o + j, v_mul(r, v_loadn(hp + j, m)), m); // rh = r * h
        }
    }
}

// Stage 2. h: (B, H) output, may alias h_prev; saved: (B, 4H), reads z, writes
// columns [2H, 4H); xg, hg: (B, 3H) (hg columns [2H, 3H) filled); h_prev: (B, H).
VATTR void VNAME(rnnk_gru_rb_forward_state)(float *h, float *saved, const float *xg,
                                            const float *hg, const float *h_prev, size_t B,
                                            size_t H) {
    for (size_t b = 0; b < B; b++) {
        float *ho = h + b * H;                      // (H)
        float *restrict s = saved ? saved + b * 4 * H : NULL; // (4H)
        const float *restrict x = xg + b * 3 * H;   // (3H)
        const float *restrict hh = hg + b * 3 * H;  // (3H)
        const float *hp = h_prev + b * H;           // (H)
        for (size_t j = 0; j < H; j += VL) {
            size_t m = H - j;
            vfloat z = v_loadn(s + H + j, m);
            vfloat hn = v_loadn(hh + 2 * H + j, m);
            vfloat n = v_tanh(v_add(v_loadn(x + 2 * H + j, m), hn)); // n = tanh(x_n + hg_n)
            vfloat hv = v_loadn(hp + j, m);
            v_storen(s + 2 * H + j, n, m);
            v_storen(s + 3 * H + j, hn, m);
            v_storen(ho + j, v_fma(z, v_sub(hv, n), n), m); // h' = n + z * (h - n)
        }
    }
}

// Backward stage A. dxg, dhg: (B, 3H), write columns [H, 3H); dh_prev: (B, H)
// output = dh * z; dh: (B, H); saved: (B, 4H); h_prev: (B, H).
VATTR void VNAME(rnnk_gru_rb_backward_state)(float *dxg, float *dhg, float *dh_prev,
                                             const float *dh, const float *saved,
                                             const float *h_prev, size_t B, size_t H) {
    const vfloat one = v_set1(1.0f);
    for (size_t b = 0; b < B; b++) {
        float *restrict dx = dxg + b * 3 * H;         // (3H)
        float *restrict dhh = dhg + b * 3 * H;        // (3H)
        float *restrict dhp = dh_prev + b * H;        // (H)
        const float *restrict d = dh + b * H;         // (H)
        const float *restrict s = saved + b * 4 * H;  // (4H)
        const float *restrict hp = h_prev + b * H;    // (H)
        for (size_t j = 0; j < H; j += VL) {
            size_t m = H - j;
            vfloat z = v_loadn(s + H + j, m), n = v_loadn(s + 2 * H + j, m);
            vfloat dv = v_loadn(d + j, m);
            // h' = (1 - z) * n + z * h:  dn = dh * (1 - z), dz = dh * (h - n), dh_prev = dh * z
            vfloat dn = v_mul(dv, v_sub(one, z));
            vfloat dz = v_mul(dv, v_sub(v_loadn(hp + j, m), n));
            // n = tanh(x_n + hg_n): dn_pre = dn * (1 - n^2)
            vfloat dn_pre = v_mul(dn, v_fnma(n, n, one));
            // z = sigmoid(z_pre): dz_pre = dz * z * (1 - z)
            vfloat dz_pre = v_mul(dz, v_mul(z, v_sub(one, z)));
            v_storen(dx + H + j, dz_pre, m);
            v_storen(dx + 2 * H + j, dn_pre, m);
            v_storen(dhh + H + j, dz_pre, m);
            v_storen(dhh + 2 * H + j, dn_pre, m);
            v_storen(dhp + j, v_mul(dv, z), m);
        }
    }
}

// Backward stage B. dxg, dhg: (B, 3H), write columns [0, H); dh_prev: (B, H),
// adds drh * r; drh: (B, H) gradient of r * h_prev; saved: (B, 4H); h_prev: (B, H).
VATTR void VNAME(rnnk_gru_rb_backward_gates)(float *dxg, float *dhg, float *dh_prev,
                                             const float *drh, const float *saved,
                                             const float *h_prev, size_t B, size_t H) {
    const vfloat one = v_set1(1.0f);
    for (size_t b = 0; b < B; b++) {
        float *restrict dx = dxg + b * 3 * H;         // (3H)
        float *restrict dhh = dhg + b * 3 * H;        // (3H)
        float *restrict dhp = dh_prev + b * H;        // (H)
        const float *restrict d = drh + b * H;        // (H)
        const float *restrict s = saved + b * 4 * H;  // (4H)
        const float *restrict hp = h_prev + b * H;    // (H)
        for (size_t j = 0; j < H; j += VL) {
            size_t m = H - j;
            vfloat r = v_loadn(s + j, m);
            vfloat dv = v_loadn(d + j, m);
            // rh = r * h: dr = drh * h, dh += drh * r;  r = sigmoid(r_pre): dr_pre = dr * r * (1 - r)
            vfloat dr_pre = v_mul(v_mul(dv, v_loadn(hp + j, m)), v_mul(r, v_sub(one, r)));
            v_storen(dx + j, dr_pre, m);
            v_storen(dhh + j, dr_pre, m);
            v_storen(dhp + j, v_fma(dv, r, v_loadn(dhp + j, m)), m);
        }
    }
}

#endif // RNN_TEMPLATE_PASS
