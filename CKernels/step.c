// step.c: one fused time step of an LSTM or GRU layer, threaded over the hidden units.
//
// A step is the recurrent multiply, the biases and the cell. Run as separate
// calls, the multiply is threaded and the cell is not, and the gate
// pre-activations travel through memory between the two. Here each thread takes
// a slice of hidden units [u0, u1) and does everything for it: the multiply for
// the columns of every gate block that belong to those units (W_hh is packed per
// gate, so each slice starts at a panel boundary), then the cell on the same rows
// and columns while they are still in cache; the cell adds the biases as it reads
// the sums, so no pass over the gates adds them. Slices are claimed as in the
// matrix multiply (each thread starts with its own, so its part of W_hh stays in
// its cache from step to step). Every element is computed by the same operations
// as rnn_sgemm_packed followed by rnn_add_bias_rows and the cell kernel, so
// results do not depend on the thread count.
//
// h_prev is read whole by every slice, so the new h must go to another buffer.
// For an LSTM the multiply's left operand may also be [x, h_prev] with packs of
// [W_ih | W_hh] per gate (K = in + H): a step of a stream is then one call.
#include <stdatomic.h>

#include "internal.h"

#define RNN_STEP_MAX_GATES 4
// Below this many multiply-adds a step stays on the calling thread
// (matrix-vector and matrix-matrix as in matmul.c).
#define RNN_STEP_PARALLEL_MACS_GEMV (1u << 17)
#define RNN_STEP_PARALLEL_MACS_GEMM (1u << 20)

typedef struct {
    const rnn_kernels *kt;
    int gru;
    size_t B, H, K; // K: width of the multiply's left operand (H, or in + H for an LSTM)
    const float *h_prev;
    size_t ldp;
    const float *panels[RNN_STEP_MAX_GATES]; // per gate, (K x H) packed
    size_t panel_stride;
    const float *bias_a, *bias_b; // LSTM: b_ih, b_hh added to gates; GRU: b_ih to xg, b_hh to hg
    float *gates;                 // LSTM (B, 4H); GRU x_g (B, 3H)
    float *hg;                    // GRU (B, 3H)
    float *saved;                 // GRU (B, 4H)
    float *c;                     // LSTM (B, H)
    float *h;
    size_t ldh;
    size_t nchunks;
    rnn_claims claims;
    atomic_int failed;
} step_job;

// Units [u0, u1) of one step.
static void step_slice(step_job *j, size_t u0, size_t u1) {
    const rnn_kernels *kt = j->kt;
    const size_t B = j->B, H = j->H, n = u1 - u0, G = j->gru ? 3 : 4;
    const float *panels[RNN_STEP_MAX_GATES];
    float *C[RNN_STEP_MAX_GATES];
    float *dst = j->gru ? j->hg : j->gates;
    for (size_t g = 0; g < G; g++) {
        panels[g] = j->panels[g] + (u0 / kt->nr) * j->panel_stride;
        C[g] = dst + g * H + u0;
    }
    // LSTM: gates += h_prev W_hh^T (beta = 1); GRU: hg = h_prev W_hh^T.
    if (!rnn_gemm_segments(kt, B, n, j->K, j->h_prev, j->ldp, G, panels, j->panel_stride,
                           j->gru ? 0.0f : 1.0f, C, G * H)) {
        atomic_store(&j->failed, 1);
        return;
    }
    // The cell adds the biases as it reads its inputs.
    const float *ba = j->bias_a ? j->bias_a + u0 : NULL, *bb = j->bias_b ? j->bias_b + u0 : NULL;
    if (!j->gru)
        kt->lstm_forward(j->h + u0, j->ldh, j->c + u0, j->gates + u0, j->c + u0, ba, bb, B, n, H);
    else
        kt->gru_forward(j->h + u0, j->ldh, j->saved + u0, j->gates + u0, j->hg + u0,
                        j->h_prev + u0, j->ldp, ba, bb, B, n, H);
}

static void step_chunk(void *ctx, size_t c) {
    step_job *j = ctx;
    size_t u0, u1;
    rnn_slice(j->H, j->kt->nr, c, j->nchunks, &u0, &u1); // whole panels of every gate
    if (u0 < u1) step_slice(j, u0, u1);
}

static void step_task(void *ctx) {
    step_job *j = ctx;
    rnn_claims_run(&j->claims, step_chunk, j);
}

static rnn_status run_slices(step_job *j);

// Checks the packed weights (G of them, each K x H in the active layout) and runs the step.
static rnn_status run_step(step_job *j, const rnn_packed_b *const *whh) {
    const size_t B = j->B, H = j->H, G = j->gru ? 3 : 4;
    size_t bh, bgh;
    if (!rnn_mul_ok(B, H, &bh) || !rnn_mul_ok(bh, 4, &bgh)) return RNN_ERR_ARGUMENT;
    if (bh == 0) return RNN_OK;
    if (!whh || !whh[0] || j->ldh < H) return RNN_ERR_ARGUMENT;
    size_t N;
    rnn_packed_b_shape(whh[0], &j->K, &N);
    // GRU: the operand is h_prev itself (the cell reads it); LSTM: h_prev or [x, h_prev].
    if (j->K < H || (j->gru && j->K != H) || j->ldp < j->K) return RNN_ERR_ARGUMENT;
    const rnn_kernels *kt = rnn_kernels_active();
    j->kt = kt;
    // h must not overlap h_prev: every slice reads all of h_prev.
    const float *hp_end = j->h_prev + (B - 1) * j->ldp + j->K, *h_end = j->h + (B - 1) * j->ldh + H;
    if (j->h < hp_end && j->h_prev < h_end) return RNN_ERR_ARGUMENT;
    rnn_packed_b *relaid[RNN_STEP_MAX_GATES] = {0}; // packed under another level: repacked here
    rnn_status st = RNN_OK;
    for (size_t g = 0; g < G && st == RNN_OK; g++) {
        size_t K;
        if (!whh[g]) {
            st = RNN_ERR_ARGUMENT;
            break;
        }
        rnn_packed_b_shape(whh[g], &K, &N);
        if (K != j->K || N != H) {
            st = RNN_ERR_ARGUMENT;
            break;
        }
        j->panels[g] = rnn_packed_b_panels(whh[g], kt);
        if (!j->panels[g]) {
            relaid[g] = rnn_packed_b_relayout(whh[g]);
            j->panels[g] = relaid[g] ? rnn_packed_b_panels(relaid[g], kt) : NULL;
            if (!j->panels[g]) st = RNN_ERR_NO_MEMORY;
        }
    }
    if (st == RNN_OK) st = run_slices(j);
    for (size_t g = 0; g < G; g++) rnn_packed_b_free(relaid[g]);
    return st;
}

// Runs the slices of a checked step, threaded when the step is large enough.
static rnn_status run_slices(step_job *j) {
    const rnn_kernels *kt = j->kt;
    const size_t B = j->B, H = j->H, G = j->gru ? 3 : 4;
    j->panel_stride = j->K * kt->nr;
    double macs = (double)B * (double)(G * H) * (double)j->K;
    size_t units = (H + kt->nr - 1) / kt->nr;
    int nt = rnn_get_num_threads();
    if (macs < (B == 1 ? RNN_STEP_PARALLEL_MACS_GEMV : RNN_STEP_PARALLEL_MACS_GEMM)) nt = 1;
    if ((size_t)nt > units) nt = (int)units;
    if (nt > RNN_MAX_CHUNKS) nt = RNN_MAX_CHUNKS;
    j->nchunks = (size_t)nt;
    atomic_init(&j->failed, 0);
    rnn_claims_init(&j->claims, j->nchunks, nt);
    if (nt <= 1) {
        rnn_fp_mode fp = rnn_fp_flush_begin(); // as the threaded path computes
        step_chunk(j, 0);
        rnn_fp_flush_end(fp);
    } else {
        rnn_parallel_run(step_task, j, nt);
    }
    return atomic_load(&j->failed) ? RNN_ERR_NO_MEMORY : RNN_OK;
}

rnn_status rnn_lstm_step(float *h, size_t ldh, float *c, float *gates, const float *h_prev,
                         size_t ldp, const rnn_packed_b *const *whh, const float *b_ih,
                         const float *b_hh, size_t B, size_t H) {
    if (B > 0 && H > 0 && (!h || !c || !gates || !h_prev)) return RNN_ERR_ARGUMENT;
    step_job j = {.gru = 0, .B = B, .H = H, .h_prev = h_prev, .ldp = ldp, .bias_a = b_ih,
                  .bias_b = b_hh, .gates = gates, .c = c, .h = h, .ldh = ldh};
    return run_step(&j, whh);
}

rnn_status rnn_gru_step(float *h, size_t ldh, float *saved, float *xg, float *hg,
                        const float *h_prev, size_t ldp, const rnn_packed_b *const *whh,
                        const float *b_ih, const float *b_hh, size_t B, size_t H) {
    if (B > 0 && H > 0 && (!h || !saved || !xg || !hg || !h_prev)) return RNN_ERR_ARGUMENT;
    step_job j = {.gru = 1, .B = B, .H = H, .h_prev = h_prev, .ldp = ldp, .bias_a = b_ih,
                  .bias_b = b_hh, .gates = xg, .hg = hg, .saved = saved, .h = h, .ldh = ldh};
    return run_step(&j, whh);
}
