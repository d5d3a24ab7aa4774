// optim.c: optimizer updates over all parameters at once (torch.optim's arithmetic),
// vectorised and threaded over the parameters. The update is memory-bound (seven
// float streams per parameter), and in a training step it is work the other
// threads would otherwise wait through.
#ifndef RNN_TEMPLATE_PASS

#include <stdlib.h>

#include "internal.h"

typedef struct {
    const rnn_kernels *kt;
    float *p, *m, *v;
    const float *g;
    rnn_adam_settings s;
} adam_job;

static void adam_range(void *ctx, size_t lo, size_t hi) {
    adam_job *j = ctx;
    j->kt->adam(j->p + lo, j->g + lo, j->m + lo, j->v + lo, hi - lo, &j->s);
}

rnn_status rnn_adam_update(float *p, const float *g, float *m, float *v, size_t n,
                           const rnn_adam_settings *s) {
    if (n == 0) return RNN_OK;
    if (!p || !g || !m || !v || !s) return RNN_ERR_ARGUMENT;
    adam_job j = {.kt = rnn_kernels_active(), .p = p, .m = m, .v = v, .g = g, .s = *s};
    // Ranges of whole cache lines; below ~64K parameters one thread is faster.
    rnn_parallel_for(n, 64, (size_t)1 << 16, adam_range, &j);
    return RNN_OK;
}

// Sum of squares in blocks fixed by n alone (so any thread count adds the same
// numbers in the same order): each block in double with four running sums, then the
// blocks in order.
#define RNN_SQ_MAX_BLOCKS 1024

typedef struct {
    const float *x;
    size_t n, block;
    double partial[RNN_SQ_MAX_BLOCKS];
} sumsq_job;

static void sumsq_range(void *ctx, size_t lo, size_t hi) {
    sumsq_job *j = ctx;
    for (size_t b0 = lo; b0 < hi; b0 += j->block) {
        size_t b1 = b0 + j->block < hi ? b0 + j->block : hi;
        double s[4] = {0, 0, 0, 0};
        size_t i = b0;
        for (; i + 4 <= b1; i += 4)
            for (int k = 0; k < 4; k++) s[k] += (double)j->x[i + k] * (double)j->x[i + k];
        for (; i < b1; i++) s[0] += (double)j->x[i] * (double)j->x[i];
        j->partial[b0 / j->block] = (s[0] + s[1]) + (s[2] + s[3]);
    }
}

rnn_status rnn_sum_squares(const float *x, size_t n, double *out) {
    if (!out || (n > 0 && !x)) return RNN_ERR_ARGUMENT;
    *out = 0.0;
    if (n == 0) return RNN_OK;
    sumsq_job *j = malloc(sizeof *j);
    if (!j) return RNN_ERR_NO_MEMORY;
    j->x = x, j->n = n;
    j->block = (n + RNN_SQ_MAX_BLOCKS - 1) / RNN_SQ_MAX_BLOCKS;
    if (j->block < 4096) j->block = 4096;
    rnn_parallel_for(n, j->block, (size_t)1 << 16, sumsq_range, j);
    double s = 0.0;
    for (size_t b = 0; b * j->block < n; b++) s += j->partial[b];
    free(j);
    *out = s;
    return RNN_OK;
}

#define RNN_TEMPLATE_PASS
#define RNN_TEMPLATE "optim.c"
#include "simd_instantiate.h"

#else // RNN_TEMPLATE_PASS: the kernels, once per level

// Adam over n parameters, the operations in torch.optim.Adam's order (single-tensor,
// amsgrad off), each rounded to float: d = g + wd * p; m += (d - m) * (1 - beta1);
// v = v * beta2 + ((1 - beta2) * d) * d; p -= step_size * (m / (sqrt(v) / bias2_sqrt + eps)).
VATTR void VNAME(rnnk_adam)(float *restrict p, const float *restrict g, float *restrict m,
                            float *restrict v, size_t n, const rnn_adam_settings *s) {
    const vfloat wd = v_set1(s->weight_decay), c1 = v_set1(1.0f - s->beta1), b2 = v_set1(s->beta2),
                 c2 = v_set1(1.0f - s->beta2), bc2 = v_set1(s->bias2_sqrt), eps = v_set1(s->eps),
                 step = v_set1(s->step_size);
    const int decay = s->weight_decay != 0.0f;
    for (size_t i = 0; i < n; i += VL) {
        size_t k = n - i;
        vfloat pv = v_loadn(p + i, k), d = v_loadn(g + i, k);
        if (decay) d = v_add(d, v_mul(wd, pv));
        vfloat mv = v_loadn(m + i, k), vv = v_loadn(v + i, k);
        mv = v_add(mv, v_mul(v_sub(d, mv), c1));
        vv = v_add(v_mul(vv, b2), v_mul(v_mul(c2, d), d));
        vfloat denom = v_add(v_div(v_sqrt(vv), bc2), eps);
        v_storen(m + i, mv, k);
        v_storen(v + i, vv, k);
        v_storen(p + i, v_sub(pv, v_mul(step, v_div(mv, denom))), k);
    }
}

#endif // RNN_TEMPLATE_PASS
