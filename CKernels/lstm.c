// lstm.c: fused LSTM cell forward and backward (PyTorch gate order i, f, g, o).
//
//   i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g), o = sigmoid(a_o)
//   c' = f * c + i * g,  h' = o * tanh(c')
#ifndef RNN_TEMPLATE_PASS

#include "internal.h"

rnn_status rnn_lstm_forward(float *h, float *c, float *gates, const float *c_prev,
                            size_t B, size_t H) {
    size_t bh, bh4;
    if (!rnn_mul_ok(B, H, &bh) || !rnn_mul_ok(bh, 4, &bh4)) return RNN_ERR_ARGUMENT;
    if (bh == 0) return RNN_OK;
    if (!h || !c || !gates || !c_prev) return RNN_ERR_ARGUMENT;
    rnn_kernels_active()->lstm_forward(h, H, c, gates, c_prev, NULL, NULL, B, H, H);
    return RNN_OK;
}

typedef struct {
    const rnn_kernels *kt;
    float *dgates, *dc_prev;
    const float *dh, *dc, *gates, *c_prev, *c;
    size_t H;
} lstm_backward_job;

static void lstm_backward_rows(void *ctx, size_t b0, size_t b1) {
    const lstm_backward_job *j = ctx;
    const size_t H = j->H;
    j->kt->lstm_backward(j->dgates + b0 * 4 * H, j->dc_prev + b0 * H, j->dh + b0 * H,
                         j->dc ? j->dc + b0 * H : NULL, j->gates + b0 * 4 * H, j->c_prev + b0 * H,
                         j->c + b0 * H, b1 - b0, H);
}

rnn_status rnn_lstm_backward(float *dgates, float *dc_prev, const float *dh, const float *dc,
                             const float *gates, const float *c_prev, const float *c,
                             size_t B, size_t H) {
    size_t bh, bh4;
    if (!rnn_mul_ok(B, H, &bh) || !rnn_mul_ok(bh, 4, &bh4)) return RNN_ERR_ARGUMENT;
    if (bh == 0) return RNN_OK;
    if (!dgates || !dc_prev || !dh || !gates || !c_prev || !c) return RNN_ERR_ARGUMENT;
    // Rows are independent: threaded over them from 64K gate values (a batch step of
    // training), which the other threads would otherwise wait through.
    lstm_backward_job j = {.kt = rnn_kernels_active(), .dgates = dgates, .dc_prev = dc_prev, .dh = dh,
                           .dc = dc, .gates = gates, .c_prev = c_prev, .c = c, .H = H};
    rnn_parallel_for(B, 1, bh4 >= ((size_t)1 << 16) ? 0 : SIZE_MAX, lstm_backward_rows, &j);
    return RNN_OK;
}

#define RNN_TEMPLATE_PASS
#define RNN_TEMPLATE "lstm.c"
#include "simd_instantiate.h"

#else // RNN_TEMPLATE_PASS: the kernels, once per level

// Lanes [j, j + m) of gate block `off` (0, H, 2H or 3H) of one row: g[off + j] +
// b_ih[off + j] + b_hh[off + j], in that order (a NULL bias is skipped).
VINLINE vfloat VNAME(lstm_preact)(const float *g, const float *b_ih, const float *b_hh,
                                  size_t off, size_t j, size_t m) {
    vfloat a = v_loadn(g + off + j, m);
    if (b_ih) a = v_add(a, v_loadn(b_ih + off + j, m));
    if (b_hh) a = v_add(a, v_loadn(b_hh + off + j, m));
    return a;
}

// Units [0, n) of a layer of H (the pointers start at the first unit, so a thread
// can run a slice): h (B rows, stride ldh) and c (stride H) outputs; gates (stride
// 4H, blocks a_i, a_f, a_g, a_o H apart) pre-activations in, activations out;
// c_prev (stride H). b_ih, b_hh (4H, blocks H apart, offset like gates) are added to
// the pre-activations first, as separate bias passes would, or NULL. c may alias
// c_prev (each lane is read before it is written).
VATTR void VNAME(rnnk_lstm_forward)(float *h, size_t ldh, float *c, float *gates,
                                    const float *c_prev, const float *b_ih, const float *b_hh,
                                    size_t B, size_t n, size_t H) {
    for (size_t b = 0; b < B; b++) {
        float *restrict g = gates + b * 4 * H;
        const float *cp = c_prev + b * H;
        float *cb = c + b * H;
        float *restrict hb = h + b * ldh;
        size_t j = 0;
        // Two vectors per iteration, as one block of straight-line code: each lane's
        // chain (sigmoid, c', tanh(c')) is long and serial, and a second independent
        // chain beside it fills the pipeline (about twice the lanes per cycle).
        for (; j + 2 * VL <= n; j += 2 * VL) {
            vfloat i0 = v_sigmoid(VNAME(lstm_preact)(g, b_ih, b_hh, 0, j, VL));
            vfloat i1 = v_sigmoid(VNAME(lstm_preact)(g, b_ih, b_hh, 0, j + VL, VL));
            vfloat f0 = v_sigmoid(VNAME(lstm_preact)(g, b_ih, b_hh, H, j, VL));
            vfloat f1 = v_sigmoid(VNAME(lstm_preact)(g, b_ih, b_hh, H, j + VL, VL));
            vfloat g0 = v_tanh(VNAME(lstm_preact)(g, b_ih, b_hh, 2 * H, j, VL));
            vfloat g1 = v_tanh(VNAME(lstm_preact)(g, b_ih, b_hh, 2 * H, j + VL, VL));
            vfloat o0 = v_sigmoid(VNAME(lstm_preact)(g, b_ih, b_hh, 3 * H, j, VL));
            vfloat o1 = v_sigmoid(VNAME(lstm_preact)(g, b_ih, b_hh, 3 * H, j + VL, VL));
            vfloat c0 = v_fma(f0, v_load(cp + j), v_mul(i0, g0));
            vfloat c1 = v_fma(f1, v_load(cp + j + VL), v_mul(i1, g1));
            vfloat h0 = v_mul(o0, v_tanh(c0)), h1 = v_mul(o1, v_tanh(c1));
            v_store(g + j, i0), v_store(g + j + VL, i1);
            v_store(g + H + j, f0), v_store(g + H + j + VL, f1);
            v_store(g + 2 * H + j, g0), v_store(g + 2 * H + j + VL, g1);
            v_store(g + 3 * H + j, o0), v_store(g + 3 * H + j + VL, o1);
            v_store(cb + j, c0), v_store(cb + j + VL, c1);
            v_store(hb + j, h0), v_store(hb + j + VL, h1);
        }
        for (; j < n; j += VL) {
            size_t m = n - j;
            vfloat i = v_sigmoid(VNAME(lstm_preact)(g, b_ih, b_hh, 0, j, m));         // i = sigmoid(a_i)
            vfloat f = v_sigmoid(VNAME(lstm_preact)(g, b_ih, b_hh, H, j, m));         // f = sigmoid(a_f)
            vfloat gg = v_tanh(VNAME(lstm_preact)(g, b_ih, b_hh, 2 * H, j, m));       // g = tanh(a_g)
            vfloat o = v_sigmoid(VNAME(lstm_preact)(g, b_ih, b_hh, 3 * H, j, m));     // o = sigmoid(a_o)
            vfloat cn = v_fma(f, v_loadn(cp + j, m), v_mul(i, gg)); // c' = f*c + i*g
            vfloat hn = v_mul(o, v_tanh(cn));                       // h' = o*tanh(c')
            v_storen(g + j, i, m);
            v_storen(g + H + j, f, m);
            v_storen(g + 2 * H + j, gg, m);
            v_storen(g + 3 * H + j, o, m);
            v_storen(cb + j, cn, m);
            v_storen(hb + j, hn, m);
        }
    }
}

// dgates: (B, 4H) output; dc_prev: (B, H) output (may alias dc); dh: (B, H);
// dc: (B, H) or NULL; gates: (B, 4H) activations; c_prev, c: (B, H).
VATTR void VNAME(rnnk_lstm_backward)(float *dgates, float *dc_prev, const float *dh,
                                     const float *dc, const float *gates, const float *c_prev,
                                     const float *c, size_t B, size_t H) {
    const vfloat one = v_set1(1.0f);
    for (size_t b = 0; b < B; b++) {
        float *restrict dg = dgates + b * 4 * H;       // (4H)
        float *dcp = dc_prev + b * H;                  // (H)
        const float *restrict dhb = dh + b * H;        // (H)
        const float *dcb = dc ? dc + b * H : NULL;     // (H) or none
        const float *restrict g = gates + b * 4 * H;   // (4H): i, f, g, o
        const float *restrict cpb = c_prev + b * H;    // (H)
        const float *restrict cb = c + b * H;          // (H)
        for (size_t j = 0; j < H; j += VL) {
            size_t m = H - j;
            vfloat i = v_loadn(g + j, m), f = v_loadn(g + H + j, m);
            vfloat gg = v_loadn(g + 2 * H + j, m), o = v_loadn(g + 3 * H + j, m);
            vfloat d_h = v_loadn(dhb + j, m);
            vfloat d_c = dcb ? v_loadn(dcb + j, m) : v_zero();
            vfloat tc = v_tanh(v_loadn(cb + j, m));
            // h' = o * tanh(c'):  dc_total = dc + dh * o * (1 - tanh(c')^2),  do = dh * tanh(c')
            vfloat dct = v_fma(v_mul(d_h, o), v_fnma(tc, tc, one), d_c);
            vfloat d_o = v_mul(d_h, tc);
            // c' = f * c + i * g:  di = dct * g, df = dct * c, dg = dct * i, dc_prev = dct * f
            vfloat d_i = v_mul(dct, gg);
            vfloat d_f = v_mul(dct, v_loadn(cpb + j, m));
            vfloat d_g = v_mul(dct, i);
            // i, f, o = sigmoid(a): da = d * s * (1 - s);  g = tanh(a_g): da_g = dg * (1 - g^2)
            v_storen(dg + j, v_mul(d_i, v_mul(i, v_sub(one, i))), m);
            v_storen(dg + H + j, v_mul(d_f, v_mul(f, v_sub(one, f))), m);
            v_storen(dg + 2 * H + j, v_mul(d_g, v_fnma(gg, gg, one)), m);
            v_storen(dg + 3 * H + j, v_mul(d_o, v_mul(o, v_sub(one, o))), m);
            v_storen(dcp + j, v_mul(dct, f), m);
        }
    }
}

#endif // RNN_TEMPLATE_PASS
