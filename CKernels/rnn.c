// rnn.c: vanilla RNN activation forward/backward, and the bias helpers.
//
//   h' = act(a), act = tanh or relu, a = W_ih x + b_ih + W_hh h + b_hh
#ifndef RNN_TEMPLATE_PASS

#include "internal.h"

rnn_status rnn_rnn_forward(float *h, const float *a, size_t n, int relu) {
    if (n == 0) return RNN_OK;
    if (!h || !a || (relu != 0 && relu != 1)) return RNN_ERR_ARGUMENT;
    rnn_kernels_active()->rnn_forward(h, a, n, relu);
    return RNN_OK;
}

rnn_status rnn_rnn_backward(float *da, const float *dh, const float *h, size_t n, int relu) {
    if (n == 0) return RNN_OK;
    if (!da || !dh || !h || (relu != 0 && relu != 1)) return RNN_ERR_ARGUMENT;
    rnn_kernels_active()->rnn_backward(da, dh, h, n, relu);
    return RNN_OK;
}

rnn_status rnn_add_bias_rows(float *y, size_t ldy, const float *bias, size_t rows, size_t cols) {
    if (rows == 0 || cols == 0) return RNN_OK;
    if (!y || !bias || ldy < cols) return RNN_ERR_ARGUMENT;
    rnn_kernels_active()->add_bias_rows(y, ldy, bias, rows, cols);
    return RNN_OK;
}

typedef struct {
    const rnn_kernels *kt;
    float *dbias;
    const float *dy;
    size_t lddy, rows;
} sum_rows_job;

static void sum_rows_range(void *ctx, size_t lo, size_t hi) {
    sum_rows_job *j = ctx;
    j->kt->sum_rows(j->dbias + lo, j->dy + lo, j->lddy, j->rows, hi - lo);
}

rnn_status rnn_sum_rows(float *dbias, const float *dy, size_t lddy, size_t rows, size_t cols) {
    if (rows == 0 || cols == 0) return RNN_OK;
    if (!dbias || !dy || lddy < cols) return RNN_ERR_ARGUMENT;
    // Threaded over column ranges (each column's rows are summed in order either way);
    // worth it from about a megabyte of dy.
    sum_rows_job j = {.kt = rnn_kernels_active(), .dbias = dbias, .dy = dy, .lddy = lddy, .rows = rows};
    size_t cells;
    int large = !rnn_mul_ok(rows, cols, &cells) || cells >= ((size_t)1 << 18);
    rnn_parallel_for(cols, 64, large ? 0 : SIZE_MAX, sum_rows_range, &j);
    return RNN_OK;
}

#define RNN_TEMPLATE_PASS
#define RNN_TEMPLATE "rnn.c"
#include "simd_instantiate.h"

#else // RNN_TEMPLATE_PASS: the kernels, once per level

// h: (n) output, may alias a; a: (n). relu keeps NaN (a < 0 is false) and -0.
VATTR void VNAME(rnnk_rnn_forward)(float *h, const float *a, size_t n, int relu) {
    if (relu) {
        for (size_t i = 0; i < n; i += VL) {
            vfloat x = v_loadn(a + i, n - i);
            v_storen(h + i, v_select(v_lt(x, v_zero()), v_zero(), x), n - i); // h = max(a, 0)
        }
    } else {
        for (size_t i = 0; i < n; i += VL) v_storen(h + i, v_tanh(v_loadn(a + i, n - i)), n - i);
    }
}

// da: (n) output, may alias dh; dh: (n); h: (n) forward output.
VATTR void VNAME(rnnk_rnn_backward)(float *da, const float *dh, const float *h, size_t n,
                                    int relu) {
    const vfloat one = v_set1(1.0f);
    for (size_t i = 0; i < n; i += VL) {
        size_t m = n - i;
        vfloat d = v_loadn(dh + i, m), hv = v_loadn(h + i, m);
        vfloat r = relu ? v_select(v_lt(v_zero(), hv), d, v_zero()) // h = relu(a): da = dh * (h > 0)
                        : v_mul(d, v_fnma(hv, hv, one));            // h = tanh(a): da = dh * (1 - h^2)
        v_storen(da + i, r, m);
    }
}

// y: (rows, cols) row stride ldy, updated in place; bias: (cols).
VATTR void VNAME(rnnk_add_bias_rows)(float *y, size_t ldy, const float *bias, size_t rows,
                                     size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        float *restrict yr = y + r * ldy;
        for (size_t j = 0; j < cols; j += VL)
            v_storen(yr + j, v_add(v_loadn(yr + j, cols - j), v_loadn(bias + j, cols - j)), cols - j);
    }
}

// dbias: (cols) accumulated; dy: (rows, cols) row stride lddy. Per column the
// rows are summed in order, then added to dbias.
VATTR void VNAME(rnnk_sum_rows)(float *dbias, const float *dy, size_t lddy, size_t rows,
                                size_t cols) {
    size_t j = 0;
    for (; j + 4 * VL <= cols; j += 4 * VL) {
        vfloat s0 = v_zero(), s1 = v_zero(), s2 = v_zero(), s3 = v_zero();
        for (size_t r = 0; r < rows; r++) {
            const float *d = dy + r * lddy + j;
            s0 = v_add(s0, v_load(d));
            s1 = v_add(s1, v_load(d + VL));
            s2 = v_add(s2, v_load(d + 2 * VL));
            s3 = v_add(s3, v_load(d + 3 * VL));
        }
        v_store(dbias + j, v_add(v_load(dbias + j), s0));
        v_store(dbias + j + VL, v_add(v_load(dbias + j + VL), s1));
        v_store(dbias + j + 2 * VL, v_add(v_load(dbias + j + 2 * VL), s2));
        v_store(dbias + j + 3 * VL, v_add(v_load(dbias + j + 3 * VL), s3));
    }
    for (; j < cols; j += VL) {
        size_t m = cols - j;
        vfloat s = v_zero();
        for (size_t r = 0; r < rows; r++) s = v_add(s, v_loadn(dy + r * lddy + j, m));
        v_storen(dbias + j, v_add(v_loadn(dbias + j, m), s), m);
    }
}

#endif // RNN_TEMPLATE_PASS
