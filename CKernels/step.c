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
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define RNN_STEP_MAX_GATES 4
// Below this many multiply-adds a step stays on the calling thread
// (matrix-vector and matrix-matrix as in matmul.c).
#define RNN_STEP_PARALLEL_MACS_GEMV (1u << 17)
#define RNN_STEP_PARALLEL_MACS_GEMM (1u << 20)

// What stays the same from step to step: the weights, biases and shapes.
typedef struct {
    const rnn_kernels *kt;
    int gru;
    size_t H, K; // K: width of the multiply's left operand (H, or in + H for an LSTM)
    const float *panels[RNN_STEP_MAX_GATES]; // per gate, (K x H) packed
    size_t panel_stride;
    const float *bias_a, *bias_b; // LSTM: b_ih, b_hh added to gates; GRU: b_ih to xg, b_hh to hg
} step_def;

// The buffers of one step.
typedef struct {
    size_t B;
    size_t step_rows; // rows of the whole step (> B when these are a block of its rows)
    const float *h_prev;
    size_t ldp;
    float *gates; // LSTM (B, 4H); GRU x_g (B, 3H)
    float *hg;    // GRU (B, 3H)
    float *saved; // GRU (B, 4H)
    float *c;     // LSTM (B, H)
    float *h;
    size_t ldh;
} step_io;

typedef struct {
    step_def d;
    step_io io;
    size_t nchunks;
    rnn_claims claims;
    atomic_int failed;
} step_job;

// The cell on units [u0, u1) of a step whose products are done; it adds the biases as it
// reads its inputs.
static void step_cell(const step_def *d, const step_io *io, size_t u0, size_t u1) {
    const size_t B = io->B, H = d->H, n = u1 - u0;
    const float *ba = d->bias_a ? d->bias_a + u0 : NULL, *bb = d->bias_b ? d->bias_b + u0 : NULL;
    if (!d->gru)
        d->kt->lstm_forward(io->h + u0, io->ldh, io->c + u0, io->gates + u0, io->c + u0, ba, bb, B, n, H);
    else
        d->kt->gru_forward(io->h + u0, io->ldh, io->saved ? io->saved + u0 : NULL, io->gates + u0, io->hg + u0,
                           io->h_prev + u0, io->ldp, ba, bb, B, n, H);
}

// The operands of units [u0, u1)'s products, per gate: its panels of W_hh and where
// its sums go (LSTM: gates; GRU: hg).
static void step_operands(const step_def *d, const step_io *io, size_t u0, const float **panels, float **C) {
    const size_t G = d->gru ? 3 : 4;
    float *dst = d->gru ? io->hg : io->gates;
    for (size_t g = 0; g < G; g++) {
        panels[g] = d->panels[g] + (u0 / d->kt->nr) * d->panel_stride;
        C[g] = dst + g * d->H + u0;
    }
}

// Units [u0, u1) of one step; 0 when out of memory.
static int step_slice(const step_def *d, const step_io *io, size_t u0, size_t u1) {
    const rnn_kernels *kt = d->kt;
    const size_t B = io->B, H = d->H, G = d->gru ? 3 : 4;
    const float *panels[RNN_STEP_MAX_GATES];
    float *C[RNN_STEP_MAX_GATES];
    step_operands(d, io, u0, panels, C);
    // LSTM: gates += h_prev W_hh^T (beta = 1), or gates = [x, h_prev] [W_ih | W_hh]^T
    // (K > H: a stream step, whose gates hold nothing on entry); GRU: hg = h_prev W_hh^T.
    const float beta = d->gru || d->K > H ? 0.0f : 1.0f;
    if (!rnn_gemm_segments(kt, io->step_rows, B, u1 - u0, d->K, io->h_prev, io->ldp, G, panels, d->panel_stride,
                           beta, C, G * H))
        return 0;
    step_cell(d, io, u0, u1);
    return 1;
}

static void step_chunk(void *ctx, size_t c) {
    step_job *j = ctx;
    size_t u0, u1;
    rnn_slice(j->d.H, j->d.kt->nr, c, j->nchunks, &u0, &u1); // whole panels of every gate
    if (u0 < u1 && !step_slice(&j->d, &j->io, u0, u1)) atomic_store(&j->failed, 1);
}

static void step_task(void *ctx) {
    step_job *j = ctx;
    rnn_claims_run(&j->claims, step_chunk, j);
}

// Checks the packed weights (G of them, each K x H) and points d->panels at them in
// the active layout; a pack made under another level is repacked into relaid[g]
// (freed by the caller). ldp: row stride of the left operand, B: its rows.
static rnn_status prepare_weights(step_def *d, const rnn_packed_b *const *whh, size_t ldp,
                                  rnn_packed_b **relaid) {
    const size_t H = d->H, G = d->gru ? 3 : 4;
    if (!whh || !whh[0]) return RNN_ERR_ARGUMENT;
    size_t N;
    rnn_packed_b_shape(whh[0], &d->K, &N);
    // GRU: the operand is h_prev itself (the cell reads it); LSTM: h_prev or [x, h_prev].
    if (d->K < H || (d->gru && d->K != H) || ldp < d->K) return RNN_ERR_ARGUMENT;
    const rnn_kernels *kt = rnn_kernels_active();
    d->kt = kt;
    d->panel_stride = d->K * kt->nr;
    for (size_t g = 0; g < G; g++) {
        size_t K;
        if (!whh[g]) return RNN_ERR_ARGUMENT;
        rnn_packed_b_shape(whh[g], &K, &N);
        if (K != d->K || N != H) return RNN_ERR_ARGUMENT;
        d->panels[g] = rnn_packed_b_panels(whh[g], kt);
        if (!d->panels[g]) {
            relaid[g] = rnn_packed_b_relayout(whh[g]);
            d->panels[g] = relaid[g] ? rnn_packed_b_panels(relaid[g], kt) : NULL;
            if (!d->panels[g]) return RNN_ERR_NO_MEMORY;
        }
    }
    return RNN_OK;
}

// Threads for steps of B rows: one below the size where threading pays. A scan
// (by_rows not NULL) is split by rows when every thread gets at least a register
// panel of them (MR): each thread streams all of W_hh from the last-level cache per
// step, which a multiply of MR or more rows hides, and never waits for another before
// the end (a 64 x 512 LSTM scan on 2 threads: 793 -> 726 us per step). Otherwise each
// step is split over the hidden units, at most one thread per panel of them (a
// thread's share of W_hh stays in its own cache), with a wait per step.
static int step_threads(const step_def *d, size_t B, int *by_rows) {
    const size_t G = d->gru ? 3 : 4;
    double macs = (double)B * (double)(G * d->H) * (double)d->K;
    size_t units = (d->H + d->kt->nr - 1) / d->kt->nr;
    int nt = rnn_get_num_threads();
    if (macs < (B == 1 ? RNN_STEP_PARALLEL_MACS_GEMV : RNN_STEP_PARALLEL_MACS_GEMM)) nt = 1;
    if (nt > RNN_MAX_CHUNKS) nt = RNN_MAX_CHUNKS;
    if (by_rows) *by_rows = nt > 1 && B >= (size_t)nt * d->kt->mr;
    if (by_rows && *by_rows) return nt;
    if ((size_t)nt > units) nt = (int)units;
    return nt < 1 ? 1 : nt;
}

// h must not overlap h_prev: every slice reads all of h_prev.
static int overlaps(const float *h, size_t ldh, const float *h_prev, size_t ldp, size_t B,
                    size_t H, size_t K) {
    const float *hp_end = h_prev + (B - 1) * ldp + K, *h_end = h + (B - 1) * ldh + H;
    return h < hp_end && h_prev < h_end;
}

// Checks the shapes and weights and runs one step, threaded when it is large enough.
static rnn_status run_step(step_job *j, const rnn_packed_b *const *whh) {
    const size_t B = j->io.B, H = j->d.H, G = j->d.gru ? 3 : 4;
    size_t bh, bgh;
    if (!rnn_mul_ok(B, H, &bh) || !rnn_mul_ok(bh, 4, &bgh)) return RNN_ERR_ARGUMENT;
    if (bh == 0) return RNN_OK;
    if (j->io.ldh < H) return RNN_ERR_ARGUMENT;
    rnn_packed_b *relaid[RNN_STEP_MAX_GATES] = {0}; // packed under another level: repacked here
    rnn_status st = prepare_weights(&j->d, whh, j->io.ldp, relaid);
    if (st == RNN_OK && overlaps(j->io.h, j->io.ldh, j->io.h_prev, j->io.ldp, B, H, j->d.K))
        st = RNN_ERR_ARGUMENT;
    if (st == RNN_OK) {
        int nt = step_threads(&j->d, B, NULL);
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
        if (atomic_load(&j->failed)) st = RNN_ERR_NO_MEMORY;
    }
    for (size_t g = 0; g < G; g++) rnn_packed_b_free(relaid[g]);
    return st;
}

rnn_status rnn_lstm_step(float *h, size_t ldh, float *c, float *gates, const float *h_prev,
                         size_t ldp, const rnn_packed_b *const *whh, const float *b_ih,
                         const float *b_hh, size_t B, size_t H) {
    if (B > 0 && H > 0 && (!h || !c || !gates || !h_prev)) return RNN_ERR_ARGUMENT;
    step_job j = {.d = {.gru = 0, .H = H, .bias_a = b_ih, .bias_b = b_hh},
                  .io = {.B = B, .step_rows = B, .h_prev = h_prev, .ldp = ldp, .gates = gates, .c = c, .h = h,
                         .ldh = ldh}};
    return run_step(&j, whh);
}

rnn_status rnn_gru_step(float *h, size_t ldh, float *saved, float *xg, float *hg,
                        const float *h_prev, size_t ldp, const rnn_packed_b *const *whh,
                        const float *b_ih, const float *b_hh, size_t B, size_t H) {
    if (B > 0 && H > 0 && (!h || !saved || !xg || !hg || !h_prev)) return RNN_ERR_ARGUMENT;
    step_job j = {.d = {.gru = 1, .H = H, .bias_a = b_ih, .bias_b = b_hh},
                  .io = {.B = B, .step_rows = B, .h_prev = h_prev, .ldp = ldp, .gates = xg, .hg = hg,
                         .saved = saved, .h = h, .ldh = ldh}};
    return run_step(&j, whh);
}

// MARK: - Scans
//
// A whole sequence of steps in one parallel region. Split by rows (see step_threads),
// each thread runs its block of rows through every step (scan_rows) and no thread
// waits for another before the end. Split over hidden units (rnn_parallel_phases, one
// phase per step), step s is cut into the same slices as a single step, and no slice
// of step s + 1 starts before every slice of step s is done: one wait per step instead
// of a region per step (opening it, waking the workers, waiting for them to leave).
// At batch 1 on two threads (AVX-512) the wait moves into the step: each thread
// multiplies by its own half of h_prev first and waits for the other's only before
// the second half (rnn_parallel_pair, scan_slice_b1).
// Either way the copies around a step (the tape, the output rows, the rows that are
// not active) are done by the thread that computed those rows or units. A block of
// rows multiplies as the whole step would (step_rows), so the split changes no bits.

// Step s of a scan runs time index t = order[s]: returns its active rows (at most B)
// and sets *row = t * B, the first row of that time in (T, B, .) buffers.
static size_t scan_step(const int32_t *order, const int32_t *active, size_t B, size_t s, size_t *row) {
    const size_t t = (size_t)order[s], nb = (size_t)active[t];
    *row = t * B;
    return nb < B ? nb : B;
}

typedef struct {
    step_def d;
    const rnn_scan_args *a;
    size_t nchunks;
    rnn_claims claims; // row mode: which row ranges are taken
    atomic_int failed;
    // Batch 1 on a level with kt->gemv_proj (halves): a step's products are summed in
    // two halves of h_prev (rnn_gemv_split). On two threads (pair) each thread's half
    // of h_prev is the half it computed itself, so it multiplies by that half first (a
    // call of its own) and only then waits for the other thread's step to end
    // (rnn_pair_wait), instead of both waiting at the end of every step: a thread that
    // falls behind in one step catches up in the next (B=1 LSTM pass 4-7% faster than
    // with a wait per step). Off a pair, both halves are one call.
    // The input projection (fused, a->wih): the steps run in blocks of kt->proj_rows,
    // and during the first half of each step of a block, each chunk projects its share
    // of its own columns of the next block's gates (all of the first block before its
    // first step), so its W_ih columns stay in its core's cache beside its share of W_hh.
    // At batch 1 with every step active, a step's new h is written straight into its
    // output row, where the next step reads it (direct): no state buffers to copy
    // between, and no line of them passing back and forth between the two cores.
    // On a pair each half reads its rows of the panels from rnn_packed_b_halves' copy
    // of W_hh (split), where they are one run of memory (B=1 LSTM pass 22% faster on an
    // AMD Zen 5), when there is one for every gate. Making the copy costs about two
    // steps' reading, so a scan of fewer than RNN_SPLIT_MIN_STEPS steps only uses one
    // made before (a model stepped one step at a time, or trained at batch 1 on short
    // sequences, whose weights change at every update, reads in place).
    int halves, pair, fused, direct;
    const float *split[RNN_STEP_MAX_GATES];
    const float *wih; // panels of W_ih^T (I x GH) in the active layout
    size_t I;
    float *part;          // pair: per chunk (part_stride floats apart), (G, H): its first half's sums
    float *xpk;           // per chunk (xpk_stride apart), (I, proj_rows): the next block's inputs
    size_t part_stride, xpk_stride;
    rnn_proj_work *work;  // per chunk: its share of the projection in the step under way
} scan_job;

#define RNN_SPLIT_MIN_STEPS 16

// The inputs of block blk's steps packed side by side for a chunk's projection tiles:
// xpk[q * PR + r] = x of step blk * PR + r (the block's first step for rows past the
// end of the sequence, whose gates are not stored). B == 1: a time's input is one row.
static void proj_pack(const scan_job *j, size_t blk, float *xpk) {
    const rnn_scan_args *a = j->a;
    const size_t PR = j->d.kt->proj_rows;
    for (size_t r = 0; r < PR; r++) {
        const size_t s = blk * PR + r < a->steps ? blk * PR + r : blk * PR;
        const float *x = a->x + (size_t)a->order[s] * a->ldx;
        for (size_t q = 0; q < j->I; q++) xpk[q * PR + r] = x[q];
    }
}

// Points pw at tiles [t0, t1) of slice [u0, u1)'s projection for the steps of block blk
// (inputs packed in xpk): tile i is panel i % np of the slice's columns of gate i / np
// (np panels per gate).
static void proj_setup(const scan_job *j, size_t blk, size_t u0, size_t u1, size_t t0, size_t t1,
                       const float *xpk, rnn_proj_work *pw) {
    const rnn_scan_args *a = j->a;
    const size_t H = a->H, G = j->d.gru ? 3 : 4, NR = j->d.kt->nr, PR = j->d.kt->proj_rows, np = (u1 - u0) / NR;
    for (size_t r = 0; r < PR; r++) {
        const size_t s = blk * PR + r;
        pw->out[r] = s < a->steps ? a->gates + ((size_t)a->order[s] - a->gate_base) * G * H : NULL;
    }
    pw->X = xpk;
    pw->kin = j->I;
    pw->ntiles = t1 - t0;
    pw->tile = pw->q = 0;
    for (size_t i = t0; i < t1; i++) {
        const size_t col = (i / np) * H + u0 + (i % np) * NR;
        pw->W[i - t0] = j->wih + (col / NR) * j->I * NR;
        pw->tcol[i - t0] = col;
    }
}

// The tiles of pw on their own (no step's products to hide them in).
static void proj_run(const rnn_kernels *kt, rnn_proj_work *pw) {
    kt->gemv_proj(0, NULL, 0, 0, 0, 0, 0, NULL, NULL, 0.0f, NULL, pw, SIZE_MAX);
}

// The copies after step s of units [u0, u1) (rows [nb, B) keep their state).
static void scan_copies_after(const rnn_scan_args *a, size_t row, size_t nb, const float *cur, float *next,
                              size_t u0, size_t u1) {
    const size_t B = a->B, H = a->H, bytes = (u1 - u0) * sizeof(float);
    if (a->c_next_tape)
        for (size_t b = 0; b < nb; b++) memcpy(a->c_next_tape + (row + b) * H + u0, a->c + b * H + u0, bytes);
    // Rows outside this step (finished, or not started in reverse) keep their state.
    for (size_t b = nb; b < B; b++) memcpy(next + b * H + u0, cur + b * H + u0, bytes);
    // Unless the step wrote h into its output rows itself (a direct batch-1 scan).
    if (a->out && next != a->out + row * a->ldo)
        for (size_t b = 0; b < nb; b++) memcpy(a->out + (row + b) * a->ldo + u0, next + b * H + u0, bytes);
}

// Slice c of step s (the s-th of a->order).
static void scan_slice(scan_job *j, size_t s, size_t c) {
    const rnn_scan_args *a = j->a;
    const size_t B = a->B, H = a->H, G = j->d.gru ? 3 : 4;
    size_t u0, u1;
    rnn_slice(H, j->d.kt->nr, c, j->nchunks, &u0, &u1);
    if (u0 >= u1) return;
    size_t row;
    const size_t nb = scan_step(a->order, a->active, B, s, &row), t = row / B;
    float *cur = s % 2 == 0 ? a->h : a->spare, *next = s % 2 == 0 ? a->spare : a->h;
    if (nb > 0) {
        step_io io = {.B = nb, .step_rows = nb, .h_prev = cur, .ldp = H,
                      .gates = a->gates + (t - a->gate_base) * B * G * H, .hg = a->hg,
                      .saved = a->saved ? a->saved + (a->saved_per_step ? row * 4 * H : 0) : NULL,
                      .c = a->c, .h = next, .ldh = H};
        if (!step_slice(&j->d, &io, u0, u1)) atomic_store(&j->failed, 1);
    }
    scan_copies_after(a, row, nb, cur, next, u0, u1);
}

static void scan_phase(void *ctx, size_t s, size_t c) { scan_slice(ctx, s, c); }

// Slice c of step s at batch 1 in two halves (j->halves). pair: the pair the scan runs
// on (two chunks), whose other chunk's step s - 1 must end before the second half.
static void scan_slice_b1(scan_job *j, rnn_pair *pair, size_t s, size_t c) {
    const rnn_scan_args *a = j->a;
    const rnn_kernels *kt = j->d.kt;
    const size_t H = a->H, G = j->d.gru ? 3 : 4;
    size_t u0, u1;
    rnn_slice(H, kt->nr, c, j->nchunks, &u0, &u1);
    size_t row;
    const size_t n = u1 - u0, nb = scan_step(a->order, a->active, 1, s, &row), t = row;
    float *cur = s % 2 == 0 ? a->h : a->spare, *next = s % 2 == 0 ? a->spare : a->h;
    if (j->direct) {
        cur = s == 0 ? a->h : a->out + (size_t)a->order[s - 1] * a->ldo;
        next = a->out + row * a->ldo;
    }
    if (n == 0) {
        if (pair) rnn_pair_wait(pair, c, s);
        return;
    }
    rnn_proj_work *pw = NULL;
    if (j->fused) {
        const size_t PR = kt->proj_rows, tiles = G * (n / kt->nr), blk = s / PR, i = s % PR;
        float *xpk = j->xpk + c * j->xpk_stride;
        pw = j->work + c;
        if (s == 0) { // the first block, before its first step
            proj_pack(j, 0, xpk);
            for (size_t t0 = 0; t0 < tiles; t0 += RNN_PROJ_MAX_TILES) {
                proj_setup(j, 0, u0, u1, t0, t0 + RNN_PROJ_MAX_TILES < tiles ? t0 + RNN_PROJ_MAX_TILES : tiles, xpk, pw);
                proj_run(kt, pw);
            }
        }
        if ((blk + 1) * PR < a->steps) { // step i of the block does its part of the next one
            if (i == 0) proj_pack(j, blk + 1, xpk);
            proj_setup(j, blk + 1, u0, u1, i * tiles / PR, (i + 1) * tiles / PR, xpk, pw);
        } else {
            pw = NULL;
        }
    }
    // On a pair, the half of h_prev this chunk computed itself (its own units) first,
    // then the other.
    const size_t ks = rnn_gemv_split(H, kt->nr);
    const int own_second = pair && u0 >= ks;
    const size_t a0 = own_second ? ks : 0, a1 = own_second ? H : ks, b0 = own_second ? 0 : ks,
                 b1 = own_second ? ks : H;
    if (nb > 0) {
        step_io io = {.B = 1, .step_rows = 1, .h_prev = cur, .ldp = H,
                      .gates = a->gates + (t - a->gate_base) * G * H, .hg = a->hg,
                      .saved = a->saved ? a->saved + (a->saved_per_step ? row * 4 * H : 0) : NULL,
                      .c = a->c, .h = next, .ldh = H};
        const float *panels[RNN_STEP_MAX_GATES];
        float *C[RNN_STEP_MAX_GATES];
        step_operands(&j->d, &io, u0, panels, C);
        const float beta = j->d.gru ? 0.0f : 1.0f; // LSTM: gates += h_prev W_hh^T; GRU: hg = h_prev W_hh^T
        if (pair) {
            // Rows [0, ks) of this chunk's panels, then rows [ks, H): in place, or from the
            // blocks of the split copy (the second's pointer is set back by ks rows, so
            // that row q of a panel is at q * NR past it in both).
            const float *half[2][RNN_STEP_MAX_GATES];
            size_t hstride[2] = {j->d.panel_stride, j->d.panel_stride};
            for (size_t g = 0; g < G; g++) half[0][g] = half[1][g] = panels[g];
            if (j->split[0]) {
                const size_t NR = kt->nr, np = (H + NR - 1) / NR, p0 = u0 / NR;
                hstride[0] = ks * NR, hstride[1] = (H - ks) * NR;
                for (size_t g = 0; g < G; g++) {
                    half[0][g] = j->split[g] + p0 * hstride[0];
                    half[1][g] = j->split[g] + np * hstride[0] + p0 * hstride[1] - ks * NR;
                }
            }
            float *part = j->part + c * j->part_stride;
            kt->gemv_proj(G, half[own_second], hstride[own_second], n, H, a0, a1, part, cur, beta, NULL, pw,
                          SIZE_MAX);
            rnn_pair_wait(pair, c, s);
            kt->gemv_proj(G, half[!own_second], hstride[!own_second], n, H, b0, b1, part, cur, beta, C, NULL, 0);
        } else { // both halves in one call, panel by panel
            kt->gemv_proj(G, panels, j->d.panel_stride, n, H, 0, H, NULL, cur, beta, C, pw, SIZE_MAX);
        }
        step_cell(&j->d, &io, u0, u1);
    } else {
        if (pw) proj_run(kt, pw);
        if (pair) rnn_pair_wait(pair, c, s); // next holds h of step s - 2 until the other is done with it
    }
    scan_copies_after(a, row, nb, cur, next, u0, u1);
}

static void scan_phase_b1(void *ctx, size_t s, size_t c) { scan_slice_b1(ctx, NULL, s, c); }

static void scan_pair_phase(void *ctx, rnn_pair *pair, size_t s, size_t c) { scan_slice_b1(ctx, pair, s, c); }

// Row mode: rows [r0, r1) of chunk c through every step, all hidden units at once.
static void scan_rows(void *ctx, size_t c) {
    scan_job *j = ctx;
    const rnn_scan_args *a = j->a;
    const size_t B = a->B, H = a->H, G = j->d.gru ? 3 : 4;
    size_t r0, r1;
    rnn_slice(B, 1, c, j->nchunks, &r0, &r1);
    if (r0 >= r1) return;
    const size_t bytes = H * sizeof(float);
    for (size_t s = 0; s < a->steps; s++) {
        size_t row;
        const size_t nb = scan_step(a->order, a->active, B, s, &row), t = row / B;
        const size_t e = nb < r1 ? (nb > r0 ? nb : r0) : r1; // rows [r0, e) are active
        float *cur = s % 2 == 0 ? a->h : a->spare, *next = s % 2 == 0 ? a->spare : a->h;
        if (e > r0) {
            float *saved = a->saved ? a->saved + (a->saved_per_step ? row * 4 * H : 0) + r0 * 4 * H : NULL;
            step_io io = {.B = e - r0, .step_rows = nb, .h_prev = cur + r0 * H, .ldp = H,
                          .gates = a->gates + (t - a->gate_base) * B * G * H + r0 * G * H,
                          .hg = a->hg ? a->hg + r0 * 3 * H : NULL, .saved = saved,
                          .c = a->c ? a->c + r0 * H : NULL, .h = next + r0 * H, .ldh = H};
            if (!step_slice(&j->d, &io, 0, H)) atomic_store(&j->failed, 1);
        }
        if (a->c_next_tape) memcpy(a->c_next_tape + (row + r0) * H, a->c + r0 * H, (e - r0) * bytes);
        if (e < r1) memcpy(next + e * H, cur + e * H, (r1 - e) * bytes);
        if (a->out)
            for (size_t b = r0; b < e; b++) memcpy(a->out + (row + b) * a->ldo, next + b * H, bytes);
    }
}

static void scan_rows_task(void *ctx) {
    scan_job *j = ctx;
    rnn_claims_run(&j->claims, scan_rows, j);
}

// The per-chunk buffers of a batch-1 scan in halves, in the calling thread's scratch
// slot 4 (a stepped GRU scans at every step), or NULL when out of memory.
static void *scan_b1_buffers(scan_job *j, size_t G, size_t H) {
    const size_t n = j->nchunks, part = j->pair ? (G * H * sizeof(float) + 63) & ~(size_t)63 : 0,
                 xpk = j->fused ? (j->d.kt->proj_rows * j->I * sizeof(float) + 63) & ~(size_t)63 : 0,
                 work = j->fused ? sizeof(rnn_proj_work) : 0;
    const size_t bytes = n * (work + part + xpk);
    void *p = rnn_scratch(4, (bytes + sizeof(float) - 1) / sizeof(float));
    if (!p) return NULL;
    j->work = j->fused ? p : NULL;
    j->part_stride = part / sizeof(float), j->xpk_stride = xpk / sizeof(float);
    j->part = (float *)((char *)p + n * work);
    j->xpk = j->fused ? (float *)((char *)p + n * (work + part)) : NULL;
    return p;
}

static rnn_status run_scan(scan_job *j, const rnn_scan_args *a) {
    const size_t B = a->B, H = a->H, G = j->d.gru ? 3 : 4;
    size_t bh, bgh;
    if (!rnn_mul_ok(B, H, &bh) || !rnn_mul_ok(bh, 4, &bgh)) return RNN_ERR_ARGUMENT;
    if (bh == 0 || a->steps == 0) return RNN_OK;
    if (!a->h || !a->spare || !a->gates || !a->order || !a->active || (a->out && a->ldo < H))
        return RNN_ERR_ARGUMENT;
    if (j->d.gru ? !a->hg : !a->c) return RNN_ERR_ARGUMENT;
    if (overlaps(a->spare, H, a->h, H, B, H, H)) return RNN_ERR_ARGUMENT;
    for (size_t s = 0; s < a->steps; s++)
        if (a->order[s] < 0 || (size_t)a->order[s] < a->gate_base || a->active[a->order[s]] < 0)
            return RNN_ERR_ARGUMENT;
    size_t I = 0, tmin = SIZE_MAX, tmax = 0;
    if (a->wih) {
        size_t N;
        rnn_packed_b_shape(a->wih, &I, &N);
        if (N != G * H || !a->x || a->ldx < I) return RNN_ERR_ARGUMENT;
        for (size_t s = 0; s < a->steps; s++) {
            const size_t t = (size_t)a->order[s];
            tmin = t < tmin ? t : tmin;
            tmax = t > tmax ? t : tmax;
        }
    }
    rnn_packed_b *relaid[RNN_STEP_MAX_GATES] = {0};
    rnn_status st = prepare_weights(&j->d, a->whh, H, relaid);
    if (st == RNN_OK && j->d.K != H) st = RNN_ERR_ARGUMENT; // h_prev is the operand
    int by_rows = 0, nt = 1;
    if (st == RNN_OK) {
        j->a = a;
        nt = step_threads(&j->d, B, &by_rows);
        j->nchunks = (size_t)nt;
        atomic_init(&j->failed, 0);
        const rnn_kernels *kt = j->d.kt;
        j->wih = a->wih ? rnn_packed_b_panels(a->wih, kt) : NULL;
        j->I = I;
        // Halves at batch 1 split over hidden units where the level has the kernel (on
        // two threads, a pair). The projection fused into the steps when, besides, the
        // gate blocks start on panel boundaries, one block of K holds the input (so each
        // sum is the micro-kernel's single chain) and there is more than one block of steps.
        j->halves = !by_rows && B == 1 && kt->gemv_proj;
        j->pair = j->halves && j->nchunks == 2;
        j->split[0] = NULL;
        for (size_t g = 0; j->pair && g < G; g++) { // (not for a copy made for this call)
            j->split[g] = relaid[g] ? NULL : rnn_packed_b_halves(a->whh[g], kt, a->steps >= RNN_SPLIT_MIN_STEPS);
            if (!j->split[g]) {
                j->split[0] = NULL;
                break;
            }
        }
        j->direct = j->halves && a->out != NULL;
        for (size_t s = 0; j->direct && s < a->steps; s++) {
            const float *o = a->out + (size_t)a->order[s] * a->ldo;
            j->direct = a->active[a->order[s]] >= 1 && !overlaps(o, H, a->h, H, 1, H, H) &&
                        !overlaps(o, H, a->spare, H, 1, H, H);
        }
        j->fused = j->halves && j->wih && H % kt->nr == 0 && I > 0 && I <= kt->kc && a->steps > kt->proj_rows &&
                   G * (H / kt->nr) < kt->proj_rows * (RNN_PROJ_MAX_TILES - 1);
        if (a->wih && !j->fused) // every row up front, as one multiply
            st = rnn_sgemm_packed((tmax - tmin + 1) * B, 1.0f, a->x + tmin * B * a->ldx, a->ldx, a->wih, 0.0f,
                                  a->gates + (tmin - a->gate_base) * B * G * H, G * H);
        if (st == RNN_OK && j->halves && !scan_b1_buffers(j, G, H))
            st = RNN_ERR_NO_MEMORY;
    }
    if (st == RNN_OK) {
        if (by_rows) {
            rnn_claims_init(&j->claims, j->nchunks, nt);
            rnn_parallel_run(scan_rows_task, j, nt);
        } else if (j->pair) {
            rnn_parallel_pair(a->steps, nt, scan_pair_phase, j);
        } else {
            rnn_parallel_phases(a->steps, j->nchunks, nt, j->halves ? scan_phase_b1 : scan_phase, j);
        }
        if (atomic_load(&j->failed)) st = RNN_ERR_NO_MEMORY;
        // The final state is the last output row (direct), or in the spare buffer
        // after an odd number of steps.
        if (j->direct) memcpy(a->h, a->out + (size_t)a->order[a->steps - 1] * a->ldo, bh * sizeof(float));
        else if (a->steps % 2 == 1) memcpy(a->h, a->spare, bh * sizeof(float));
    }
    for (size_t g = 0; g < G; g++) rnn_packed_b_free(relaid[g]);
    return st;
}

rnn_status rnn_lstm_scan(const rnn_scan_args *a) {
    if (!a) return RNN_ERR_ARGUMENT;
    scan_job j;
    j.d = (step_def){.gru = 0, .H = a->H, .bias_a = a->b_ih, .bias_b = a->b_hh};
    return run_scan(&j, a);
}

rnn_status rnn_gru_scan(const rnn_scan_args *a) {
    if (!a) return RNN_ERR_ARGUMENT;
    scan_job j;
    j.d = (step_def){.gru = 1, .H = a->H, .bias_a = a->b_ih, .bias_b = a->b_hh};
    return run_scan(&j, a);
}

// MARK: - Backward scans
//
// The time loop of backpropagation through an LSTM or GRU layer in one parallel
// region. Split by rows (a large batch), each thread takes its block of rows through
// every step: dh = dL/dh_t from above + from the step after, the cell's delta kernel,
// then dh_prev = dgates x W_hh for those rows. Otherwise two parts per step with a
// wait after each: (1) over rows, dh and the delta kernel; (2) over slices of the
// hidden units, dh_prev (every slice reads all of dgates of the step). The same
// operations as the per-step calls, so the same bits.

typedef struct {
    const rnn_kernels *kt;
    const rnn_backward_scan_args *a;
    int gru;
    size_t G;
    const float *panels; // W_hh as op(B) (GH x H), active layout
    size_t panel_stride;
    size_t nchunks;
    rnn_claims claims; // row mode: which row ranges are taken
    atomic_int failed;
} bscan_job;

// Rows [b0, b1) of step s, whose first row is `row`: dh = d_out + dh_next, then the
// cell's delta kernel.
static void bscan_deltas(bscan_job *j, size_t s, size_t row, size_t b0, size_t b1) {
    const rnn_backward_scan_args *a = j->a;
    const size_t H = a->H, GH = j->G * H;
    for (size_t b = b0; b < b1; b++) {
        const float *src = a->d_out + (row + b) * a->ldo, *acc = a->dh_next + b * H;
        float *dst = a->dh + b * H;
        for (size_t u = 0; u < H; u++) dst[u] = src[u] + acc[u];
    }
    if (!j->gru) {
        j->kt->lstm_backward(a->dg + (row + b0) * GH, a->dc_next + b0 * H, a->dh + b0 * H, a->dc_next + b0 * H,
                             a->gates + (row + b0) * GH, a->c_prev_tape + (row + b0) * H,
                             a->c_next_tape + (row + b0) * H, b1 - b0, H);
    } else {
        // h before the step: the output of the step the forward ran before it, or h0 for
        // the rows that start here. The kernel works row by row: one call per row.
        const int has_prev = s + 1 < a->steps;
        const size_t prev_nb = has_prev ? (size_t)a->active[a->order[s + 1]] : 0;
        const size_t prev_row = has_prev ? (size_t)a->order[s + 1] * a->B : 0;
        for (size_t b = b0; b < b1; b++)
            j->kt->gru_backward(a->dg + (row + b) * GH, a->dhg + (row + b) * GH, a->dh_next + b * H,
                                a->dh + b * H, a->saved + (row + b) * 4 * H,
                                b < prev_nb ? a->h_out + (prev_row + b) * a->ldh : a->h0 + b * H, 1, H);
    }
}

// dh_prev of rows [b0, b1) and units [u0, u1) of a step of nb active rows (LSTM: = dG
// W_hh; GRU: += dHG W_hh, onto the direct path the delta kernel wrote), multiplied as
// the whole step's product would be.
static void bscan_dh_prev(bscan_job *j, size_t row, size_t nb, size_t b0, size_t b1, size_t u0,
                          size_t u1) {
    const rnn_backward_scan_args *a = j->a;
    const size_t H = a->H, GH = j->G * H;
    const float *A = (j->gru ? a->dhg : a->dg) + (row + b0) * GH;
    const float *panels = j->panels + (u0 / j->kt->nr) * j->panel_stride;
    float *C = a->dh_next + b0 * H + u0;
    if (!rnn_gemm_segments(j->kt, nb, b1 - b0, u1 - u0, GH, A, GH, 1, &panels, j->panel_stride,
                           j->gru ? 1.0f : 0.0f, &C, H))
        atomic_store(&j->failed, 1);
}

// Part 0 of step s, chunk c: rows of the deltas.
static void bscan_rows(bscan_job *j, size_t s, size_t c) {
    const rnn_backward_scan_args *a = j->a;
    size_t row, b0, b1;
    const size_t nb = scan_step(a->order, a->active, a->B, s, &row);
    rnn_slice(nb, 1, c, j->nchunks, &b0, &b1);
    if (b0 < b1) bscan_deltas(j, s, row, b0, b1);
}

// Part 1 of step s, chunk c: dh_prev for a slice of the hidden units (every slice
// reads all of dgates of the step).
static void bscan_cols(bscan_job *j, size_t s, size_t c) {
    const rnn_backward_scan_args *a = j->a;
    size_t row, u0, u1;
    const size_t nb = scan_step(a->order, a->active, a->B, s, &row);
    rnn_slice(a->H, j->kt->nr, c, j->nchunks, &u0, &u1);
    if (u0 < u1 && nb > 0) bscan_dh_prev(j, row, nb, 0, nb, u0, u1);
}

// Phase 2s: the deltas of step s; phase 2s + 1: its dh_prev.
static void bscan_phase(void *ctx, size_t p, size_t c) {
    if (p % 2 == 0) bscan_rows(ctx, p / 2, c);
    else bscan_cols(ctx, p / 2, c);
}

// Row mode (see step_threads): rows [r0, r1) of chunk c through every step, the deltas
// and then dh_prev over all hidden units, with no wait between steps.
static void bscan_by_rows(void *ctx, size_t c) {
    bscan_job *j = ctx;
    const rnn_backward_scan_args *a = j->a;
    size_t r0, r1;
    rnn_slice(a->B, 1, c, j->nchunks, &r0, &r1);
    for (size_t s = 0; s < a->steps && r0 < r1; s++) {
        size_t row;
        const size_t nb = scan_step(a->order, a->active, a->B, s, &row);
        if (nb <= r0) continue;
        const size_t e = nb < r1 ? nb : r1;
        bscan_deltas(j, s, row, r0, e);
        bscan_dh_prev(j, row, nb, r0, e, 0, a->H);
    }
}

static void bscan_rows_task(void *ctx) {
    bscan_job *j = ctx;
    rnn_claims_run(&j->claims, bscan_by_rows, j);
}

static rnn_status run_backward_scan(bscan_job *j, const rnn_backward_scan_args *a) {
    const size_t B = a->B, H = a->H;
    size_t bh, bgh;
    if (!rnn_mul_ok(B, H, &bh) || !rnn_mul_ok(bh, 4, &bgh)) return RNN_ERR_ARGUMENT;
    if (bh == 0 || a->steps == 0) return RNN_OK;
    if (!a->order || !a->active || !a->d_out || a->ldo < H || !a->dh || !a->dh_next || !a->dg || !a->whh)
        return RNN_ERR_ARGUMENT;
    if (j->gru ? (!a->dhg || !a->saved || !a->h_out || a->ldh < H || !a->h0)
               : (!a->dc_next || !a->gates || !a->c_prev_tape || !a->c_next_tape))
        return RNN_ERR_ARGUMENT;
    for (size_t s = 0; s < a->steps; s++)
        if (a->order[s] < 0 || a->active[a->order[s]] < 0) return RNN_ERR_ARGUMENT;
    size_t K, N;
    rnn_packed_b_shape(a->whh, &K, &N);
    if (K != j->G * H || N != H) return RNN_ERR_ARGUMENT;
    const rnn_kernels *kt = rnn_kernels_active();
    j->kt = kt;
    j->a = a;
    rnn_packed_b *relaid = NULL;
    j->panels = rnn_packed_b_panels(a->whh, kt);
    if (!j->panels) {
        relaid = rnn_packed_b_relayout(a->whh);
        j->panels = relaid ? rnn_packed_b_panels(relaid, kt) : NULL;
        if (!j->panels) {
            rnn_packed_b_free(relaid);
            return RNN_ERR_NO_MEMORY;
        }
    }
    j->panel_stride = K * kt->nr;
    step_def d = {.kt = kt, .gru = j->gru, .H = H, .K = H};
    int by_rows;
    int nt = step_threads(&d, B, &by_rows);
    j->nchunks = (size_t)nt;
    atomic_init(&j->failed, 0);
    if (by_rows) {
        rnn_claims_init(&j->claims, j->nchunks, nt);
        rnn_parallel_run(bscan_rows_task, j, nt);
    } else {
        rnn_parallel_phases(2 * a->steps, j->nchunks, nt, bscan_phase, j);
    }
    rnn_packed_b_free(relaid);
    return atomic_load(&j->failed) ? RNN_ERR_NO_MEMORY : RNN_OK;
}

rnn_status rnn_lstm_backward_scan(const rnn_backward_scan_args *a) {
    if (!a) return RNN_ERR_ARGUMENT;
    bscan_job j;
    j.gru = 0;
    j.G = 4;
    return run_backward_scan(&j, a);
}

rnn_status rnn_gru_backward_scan(const rnn_backward_scan_args *a) {
    if (!a) return RNN_ERR_ARGUMENT;
    bscan_job j;
    j.gru = 1;
    j.G = 3;
    return run_backward_scan(&j, a);
}
