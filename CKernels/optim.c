// optim.c: optimizer updates over all parameters at once (torch.optim's arithmetic),
// vectorised and threaded over the parameters. The update is memory-bound (seven
// float streams per parameter), and in a training step it is work the other
// threads would otherwise wait through.
#ifndef RNN_TEMPLATE_PASS

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
