// loss.c: softmax cross-entropy over rows of logits.
//
//   p = softmax(x) = exp(x - max x) / sum exp(x - max x)
//   loss = -log p[t] = (max x + log sum exp(x - max x)) - x[t]    (in double)
//   dlogits = scale * (p - onehot(t))
#ifndef RNN_TEMPLATE_PASS

#include "internal.h"

rnn_status rnn_softmax_xent(float *dlogits, double *loss_sum, const float *logits,
                            const int32_t *target, size_t N, size_t V, float scale) {
    size_t nv;
    if (!loss_sum || !rnn_mul_ok(N, V, &nv)) return RNN_ERR_ARGUMENT;
    if (N == 0) {
        *loss_sum = 0.0;
        return RNN_OK;
    }
    if (!logits || !target || V == 0 || V > (size_t)INT32_MAX) return RNN_ERR_ARGUMENT;
    // Check every target before writing anything (dlogits may alias logits).
    for (size_t r = 0; r < N; r++)
        if (target[r] >= 0 && (size_t)target[r] >= V) return RNN_ERR_ARGUMENT;
    rnn_kernels_active()->softmax_xent(dlogits, loss_sum, logits, target, N, V, scale);
    return RNN_OK;
}

#define RNN_TEMPLATE_PASS
#define RNN_TEMPLATE "loss.c"
#include "simd_instantiate.h"

#else // RNN_TEMPLATE_PASS: the kernels, once per level

// dlogits: (N, V) output or NULL, may alias logits; loss_sum: output;
// logits: (N, V); target: (N), each < V (checked by the caller), < 0 = no target.
VATTR void VNAME(rnnk_softmax_xent)(float *dlogits, double *loss_sum, const float *logits,
                                    const int32_t *target, size_t N, size_t V, float scale) {
    double total = 0.0;
    for (size_t r = 0; r < N; r++) {
        const float *x = logits + r * V;          // (V)
        float *d = dlogits ? dlogits + r * V : NULL; // (V) or none
        int32_t t = target[r];
        if (t < 0) {
            if (d) for (size_t j = 0; j < V; j += VL) v_storen(d + j, v_zero(), V - j);
            continue;
        }
        float xt = x[t]; // read before d (which may alias x) is written
        // max over the row: full vectors, then the scalar tail
        float mx = x[0];
        size_t j = 0;
        if (V >= VL) {
            vfloat vm = v_load(x);
            for (j = VL; j + VL <= V; j += VL) vm = v_max(vm, v_load(x + j));
            mx = v_hmax(vm);
        }
        for (; j < V; j++) mx = x[j] > mx ? x[j] : mx;
        // e = exp(x - max), summed in double; stored in d when there is one
        double sum = 0.0;
        const vfloat vmx = v_set1(mx);
        for (j = 0; j < V; j += VL) {
            size_t m = V - j;
            vfloat e = v_exp_le88(v_sub(v_loadn(x + j, m), vmx)); // padding lanes: exp(-max)
            if (m < VL) {
                float tmp[VL];
                v_storen(tmp, e, VL);
                for (size_t k = 0; k < m; k++) sum += (double)tmp[k];
            } else {
                sum += (double)v_hsum(e);
            }
            if (d) v_storen(d + j, e, m);
        }
        // -log p[t] = max + log(sum) - x[t]
        total += ((double)mx + log(sum)) - (double)xt;
        if (d) {
            // dlogits = scale * (e / sum - onehot)
            const vfloat k = v_set1((float)((double)scale / sum));
            for (j = 0; j < V; j += VL) v_storen(d + j, v_mul(v_loadn(d + j, V - j), k), V - j);
            d[t] -= scale;
        }
    }
    *loss_sum = total;
}

#endif // RNN_TEMPLATE_PASS
