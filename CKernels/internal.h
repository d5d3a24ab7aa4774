// internal.h: declarations shared by the C kernel sources. Not installed, not Swift API.
//
// Every kernel exists once per ISA level compiled into this build, named
// rnnk_<kernel>_<level> (for example rnnk_lstm_forward_avx2). The vector levels
// are instantiated from one template per concept file (see simd_instantiate.h).
// dispatch.c gathers them into one rnn_kernels table per level; the public entry
// points validate their arguments and call through the active table.
#ifndef RNN_INTERNAL_H
#define RNN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>
#include <sched.h>

#include "CRecurrent.h"

// MARK: - Build configuration

#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#define RNN_HAVE_X86 1
#else
#define RNN_HAVE_X86 0
#endif

#if defined(__aarch64__)
#define RNN_HAVE_NEON 1
#else
#define RNN_HAVE_NEON 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define RNN_LIKELY(x) __builtin_expect(!!(x), 1)
#define RNN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define RNN_LIKELY(x) (x)
#define RNN_UNLIKELY(x) (x)
#endif

// Matrix-multiply register blocking per level: the micro-kernel computes an
// MR x NR tile of C; NR = NV vectors of VL floats. MRS is the height of the short
// panels that cover the last rows of a block (see rnn_gemm_panels): still enough
// independent accumulators to keep both FMA pipes busy.
#define RNN_GEMM_MR_scalar 4
#define RNN_GEMM_MRS_scalar 2
#define RNN_GEMM_NV_scalar 4 // 4 x 4, VL = 1
#define RNN_GEMM_MR_avx2 6
#define RNN_GEMM_MRS_avx2 4  // 4 x 16: 8 accumulators
#define RNN_GEMM_NV_avx2 2 // 6 x 16: 12 accumulators + 2 B vectors + 1 broadcast of 16 ymm
#define RNN_GEMM_MR_avx512 12
#define RNN_GEMM_MRS_avx512 8 // 8 x 32: 16 accumulators
#define RNN_GEMM_NV_avx512 2 // 12 x 32: 24 accumulators + 2 B vectors + 1 broadcast of 32 zmm
#define RNN_GEMM_MR_neon 8
#define RNN_GEMM_MRS_neon 4 // 4 x 12: 12 accumulators
#define RNN_GEMM_NV_neon 3 // 8 x 12: 24 accumulators + 3 B vectors + 2 A vectors of 32 q regs

// The row panels of a packed block of mc rows of op(A): `full` panels of MR rows,
// then `nshort` panels of MRS rows, the last one zero padded. Rows are covered by
// whichever costs fewest computed rows: one more full panel, short panels for the
// remainder, or short panels for the last full panel and the remainder. So a block
// of 32 rows at MR = 6 is 4 x 6 + 2 x 4 rather than 6 x 6 (36 rows computed).
static inline void rnn_gemm_panels(size_t mc, size_t MR, size_t MRS, size_t *full, size_t *nshort) {
    size_t f = mc / MR, rem = mc % MR;
    *full = f, *nshort = 0;
    if (rem == 0) return;
    size_t one_more = MR;                                     // rows computed for the remainder
    size_t shorts = (rem + MRS - 1) / MRS, short_rows = shorts * MRS;
    size_t merged = (MR + rem + MRS - 1) / MRS, merged_rows = merged * MRS - MR; // net of the full panel
    if (f > 0 && merged_rows < short_rows && merged_rows < one_more) {
        *full = f - 1, *nshort = merged;
    } else if (short_rows < one_more) {
        *nshort = shorts;
    } else {
        *full = f + 1;
    }
}

// Cache blocking (floats): KC rows of op(B) per packed block (per level: the B
// micro-panel, KC x NR, stays in L1 while the A panels stream past it), MC rows of
// op(A) per packed A block (~L2), NC columns per packed B block (~L3).
// AVX-512 takes K up to 512 in one block (a 64 KiB B micro-panel, streamed from L2
// on a 48 KiB L1): the 512-wide products of an LSTM then write their output once
// instead of writing it, reading it back and adding (GRU B=64, H=512: ~8% faster on
// a Xeon with 2 MiB L2 per core; LSTM and training 2-5%).
#define RNN_GEMM_KC_scalar 256
#define RNN_GEMM_KC_avx2 256
#define RNN_GEMM_KC_avx512 512
#define RNN_GEMM_KC_neon 256
#define RNN_GEMM_MC_ROWS 144 // rounded down to a multiple of MR per level
#define RNN_GEMM_NC_COLS 4096 // rounded down to a multiple of NR per level

// MARK: - Kernel signatures (arguments already validated; sizes > 0 not assumed)

typedef void (*rnnk_act_fn)(float *out, const float *in, size_t n);

typedef struct rnn_proj_work rnn_proj_work; // below, with rnn_gemv_split

typedef struct rnn_kernels {
    rnn_isa isa;
    // activations.c
    void (*sigmoid)(float *out, const float *in, size_t n);
    void (*tanh)(float *out, const float *in, size_t n);
    // lstm.c
    // Units [0, n) of H (pointers already offset to the first unit); h row stride ldh,
    // c and c_prev row stride H, gates row stride 4H with gate blocks H apart; b_ih, b_hh
    // (4H, blocks H apart, offset like gates) added to the gates first, or NULL.
    void (*lstm_forward)(float *h, size_t ldh, float *c, float *gates, const float *c_prev,
                         const float *b_ih, const float *b_hh, size_t B, size_t n, size_t H);
    void (*lstm_backward)(float *dgates, float *dc_prev, const float *dh, const float *dc,
                          const float *gates, const float *c_prev, const float *c, size_t B, size_t H);
    // gru.c
    // Units [0, n) of H (pointers offset to the first unit); h row stride ldh, h_prev ldp,
    // saved 4H, xg and hg 3H, gate blocks H apart; b_ih added to xg and b_hh to hg
    // (3H, offset like them), or NULL.
    void (*gru_forward)(float *h, size_t ldh, float *saved, const float *xg, const float *hg,
                        const float *h_prev, size_t ldp, const float *b_ih, const float *b_hh,
                        size_t B, size_t n, size_t H);
    void (*gru_backward)(float *dxg, float *dhg, float *dh_prev, const float *dh, const float *saved,
                         const float *h_prev, size_t B, size_t H);
    void (*gru_rb_forward_gates)(float *rh, float *saved, const float *xg, const float *hg,
                                 const float *h_prev, size_t B, size_t H);
    void (*gru_rb_forward_state)(float *h, float *saved, const float *xg, const float *hg,
                                 const float *h_prev, size_t B, size_t H);
    void (*gru_rb_backward_state)(float *dxg, float *dhg, float *dh_prev, const float *dh,
                                  const float *saved, const float *h_prev, size_t B, size_t H);
    void (*gru_rb_backward_gates)(float *dxg, float *dhg, float *dh_prev, const float *drh,
                                  const float *saved, const float *h_prev, size_t B, size_t H);
    // rnn.c
    void (*rnn_forward)(float *h, const float *a, size_t n, int relu);
    void (*rnn_backward)(float *da, const float *dh, const float *h, size_t n, int relu);
    void (*add_bias_rows)(float *y, size_t ldy, const float *bias, size_t rows, size_t cols);
    void (*sum_rows)(float *dbias, const float *dy, size_t lddy, size_t rows, size_t cols);
    // optim.c
    void (*adam)(float *p, const float *g, float *m, float *v, size_t n, const rnn_adam_settings *s);
    // loss.c (targets already checked to be < V)
    void (*softmax_xent)(float *dlogits, double *loss_sum, const float *logits, const int32_t *target,
                         size_t N, size_t V, float scale);
    // gemm_kernels.c
    size_t mr, mrs, nr, kc, mc, nc;
    // C (m x n of an R x NR tile, row stride ldc) = alpha * a_panel * b_panel + beta * C;
    // beta == 0 never reads C. R: the panel's height, MR or MRS; a: (kc, R) packed;
    // b: (kc, NR) packed.
    void (*gemm_ukernel)(size_t kc, size_t R, const float *a, const float *b, float *c, size_t ldc,
                         float alpha, float beta, size_t m, size_t n);
    // Packs the mc x kc block of op(A) into the panels of rnn_gemm_panels(mc), each
    // (kc, R) with R = MR or MRS, zero padded.
    void (*gemm_pack_a)(float *dst, int trans, const float *A, size_t lda, size_t mc, size_t kc);
    // Packs the kc x nc block of op(B) into ceil(nc/NR) panels of (kc, NR), zero padded.
    void (*gemm_pack_b)(float *dst, int trans, const float *B, size_t ldb, size_t kc, size_t nc);
    // y[j] = alpha * dot(W[j, :], x) + beta * y[j], j < n. W: (n, k) row stride ldw; x: (k).
    void (*gemv_rows)(size_t n, size_t k, float alpha, const float *W, size_t ldw, const float *x,
                      float beta, float *y);
    // y = alpha * x^T W + beta * y. W: (k, n) row stride ldw; x: (k); y: (n).
    void (*gemv_cols)(size_t n, size_t k, float alpha, const float *W, size_t ldw, const float *x,
                      float beta, float *y);
    // y = alpha * x^T P + beta * y where P (k, n) is packed as panels of (k, NR), panel stride k*NR.
    // The sum over k is taken in two halves split at rnn_gemv_split(k, NR), each in four
    // chains, and the halves added (see gemm_kernels.c).
    void (*gemv_packed)(size_t n, size_t k, float alpha, const float *P, const float *x,
                        float beta, float *y);
    // One half of a step's matrix-vector products, with part of an input projection done
    // in their shadow (see rnnk_gemv_proj in gemm_kernels.c), or NULL where the level has
    // none; proj_rows: the rows of its projection tiles.
    void (*gemv_proj)(size_t nseg, const float *const *P, size_t pstride, size_t n, size_t k, size_t k0,
                      size_t k1, float *part, const float *x, float beta, float *const *y, rnn_proj_work *pw,
                      size_t steps);
    size_t proj_rows;
} rnn_kernels;

/// Where the packed matrix-vector product splits its sum over k: the first row of the
/// second of two slices of k in whole panels of nr (rnn_slice(k, nr, 1, 2)), so that
/// on two threads each half is the rows of h one thread computes.
static inline size_t rnn_gemv_split(size_t k, size_t nr) {
    const size_t ks = (k + nr - 1) / nr / 2 * nr;
    return ks < k ? ks : k;
}

/// Tiles of an input projection run a few k at a time inside matrix-vector products
/// (rnnk_gemv_proj): tile i is out[r][tcol[i] + j] = sum over q < kin of X[q * rows + r]
/// * W[i][q * NR + j] for the level's rows and NR (an out[r] of NULL is not stored),
/// one chain of multiply-adds over q as in the micro-kernel. tile and q say how far it
/// has got; acc holds the sums of the tile under way between calls.
#define RNN_PROJ_MAX_ROWS 8
#define RNN_PROJ_MAX_TILES 64
struct rnn_proj_work {
    size_t ntiles, kin;
    const float *W[RNN_PROJ_MAX_TILES]; // per tile, its panel of W_ih^T (kin x NR)
    size_t tcol[RNN_PROJ_MAX_TILES];    // per tile, its first column in the gate rows
    const float *X;                     // the rows' inputs, packed as (kin, rows)
    float *out[RNN_PROJ_MAX_ROWS];      // gate rows, NULL past the end of the sequence
    size_t tile, q;
    _Alignas(64) float acc[RNN_PROJ_MAX_ROWS * 32];
};

#define RNN_DECLARE_KERNELS(S)                                                                     \
    void rnnk_sigmoid##S(float *out, const float *in, size_t n);                                   \
    void rnnk_tanh##S(float *out, const float *in, size_t n);                                      \
    void rnnk_lstm_forward##S(float *h, size_t ldh, float *c, float *gates, const float *c_prev,  \
                              const float *b_ih, const float *b_hh, size_t B, size_t n, size_t H); \
    void rnnk_lstm_backward##S(float *dgates, float *dc_prev, const float *dh, const float *dc,    \
                               const float *gates, const float *c_prev, const float *c, size_t B,  \
                               size_t H);                                                          \
    void rnnk_gru_forward##S(float *h, size_t ldh, float *saved, const float *xg, const float *hg, \
                             const float *h_prev, size_t ldp, const float *b_ih,                   \
                             const float *b_hh, size_t B, size_t n, size_t H);                     \
    void rnnk_gru_backward##S(float *dxg, float *dhg, float *dh_prev, const float *dh,             \
                              const float *saved, const float *h_prev, size_t B, size_t H);        \
    void rnnk_gru_rb_forward_gates##S(float *rh, float *saved, const float *xg, const float *hg,   \
                                      const float *h_prev, size_t B, size_t H);                    \
    void rnnk_gru_rb_forward_state##S(float *h, float *saved, const float *xg, const float *hg,    \
                                      const float *h_prev, size_t B, size_t H);                    \
    void rnnk_gru_rb_backward_state##S(float *dxg, float *dhg, float *dh_prev, const float *dh,    \
                                       const float *saved, const float *h_prev, size_t B,          \
                                       size_t H);                                                  \
    void rnnk_gru_rb_backward_gates##S(float *dxg, float *dhg, float *dh_prev, const float *drh,   \
                                       const float *saved, const float *h_prev, size_t B,          \
                                       size_t H);                                                  \
    void rnnk_rnn_forward##S(float *h, const float *a, size_t n, int relu);                        \
    void rnnk_rnn_backward##S(float *da, const float *dh, const float *h, size_t n, int relu);     \
    void rnnk_add_bias_rows##S(float *y, size_t ldy, const float *bias, size_t rows, size_t cols); \
    void rnnk_sum_rows##S(float *dbias, const float *dy, size_t lddy, size_t rows, size_t cols);   \
    void rnnk_adam##S(float *p, const float *g, float *m, float *v, size_t n,                      \
                      const rnn_adam_settings *s);                                                 \
    void rnnk_softmax_xent##S(float *dlogits, double *loss_sum, const float *logits,               \
                              const int32_t *target, size_t N, size_t V, float scale);             \
    void rnnk_gemm_ukernel##S(size_t kc, size_t R, const float *a, const float *b, float *c,       \
                              size_t ldc, float alpha, float beta, size_t m, size_t n);            \
    void rnnk_gemm_pack_a##S(float *dst, int trans, const float *A, size_t lda, size_t mc,         \
                             size_t kc);                                                           \
    void rnnk_gemm_pack_b##S(float *dst, int trans, const float *B, size_t ldb, size_t kc,         \
                             size_t nc);                                                           \
    void rnnk_gemv_rows##S(size_t n, size_t k, float alpha, const float *W, size_t ldw,            \
                           const float *x, float beta, float *y);                                  \
    void rnnk_gemv_cols##S(size_t n, size_t k, float alpha, const float *W, size_t ldw,            \
                           const float *x, float beta, float *y);                                  \
    void rnnk_gemv_packed##S(size_t n, size_t k, float alpha, const float *P, const float *x,      \
                             float beta, float *y);

RNN_DECLARE_KERNELS(_scalar)
#if RNN_HAVE_X86
RNN_DECLARE_KERNELS(_avx2)
RNN_DECLARE_KERNELS(_avx512)
// Rows of rnnk_gemv_proj's projection tiles: 8 x 32 takes 16 zmm accumulators beside
// the matrix-vector product's 8. The other levels have fewer registers and no such kernel.
#define RNN_PROJ_ROWS_avx512 8
void rnnk_gemv_proj_avx512(size_t nseg, const float *const *P, size_t pstride, size_t n, size_t k, size_t k0,
                           size_t k1, float *part, const float *x, float beta, float *const *y, rnn_proj_work *pw,
                           size_t steps);
#endif
#if RNN_HAVE_NEON
RNN_DECLARE_KERNELS(_neon)
#endif

// MARK: - dispatch.c

/// The table of the active level (chosen on first use).
const rnn_kernels *rnn_kernels_active(void);
/// The table of a compiled-in level, or NULL.
const rnn_kernels *rnn_kernels_for(rnn_isa isa);

// MARK: - matmul.c (for the fused steps)

/// On the calling thread only: for each segment s, C[s] (M x n, row stride ldc) =
/// A (M x K, row stride lda) x panels[s] + beta * C[s], where panels[s] are n columns
/// of a packed op(B) starting at a panel boundary (panel stride panel_stride). op(A)
/// is packed once per block for all segments. Every element is computed exactly as
/// by rnn_sgemm_packed with whole_m rows (M of them here, a block of a larger product
/// when whole_m > M): whole_m == 1 takes the matrix-vector kernel. Returns 0 when out
/// of memory for the packing buffer, else 1.
int rnn_gemm_segments(const rnn_kernels *kt, size_t whole_m, size_t M, size_t n, size_t K,
                      const float *A, size_t lda, size_t nseg, const float *const *panels,
                      size_t panel_stride, float beta, float *const *C, size_t ldc);
/// A copy of p packed in the active level's layout (p was packed under another), or NULL.
rnn_packed_b *rnn_packed_b_relayout(const rnn_packed_b *p);
/// The panels of a packed matrix if they are in kt's layout, else NULL.
const float *rnn_packed_b_panels(const rnn_packed_b *p, const rnn_kernels *kt);
/// The same panels in two blocks, for matrix-vector products run in two halves of K
/// (ks = rnn_gemv_split(K, nr), np panels): rows [0, ks) of panel j at j * ks * nr,
/// rows [ks, K) at np * ks * nr + j * (K - ks) * nr. Made at the first call with make
/// set and kept with p until rnn_packed_b_free (safe to call from several threads at
/// once); NULL when p is not in kt's layout, when out of memory, or when none has
/// been made and make is 0.
const float *rnn_packed_b_halves(const rnn_packed_b *p, const rnn_kernels *kt, int make);
/// op(B)'s shape: K x N.
void rnn_packed_b_shape(const rnn_packed_b *p, size_t *K, size_t *N);

// MARK: - threads.c

/// The body of a parallel region, run on the calling thread and on each worker
/// that joins in time. It claims its work dynamically (an atomic counter in ctx)
/// and returns when none is left; work units must not depend on which thread
/// runs them (that keeps results bitwise reproducible).
typedef void (*rnn_task_fn)(void *ctx);
/// Runs fn(ctx) on the calling thread and on up to nt - 1 pool workers; returns
/// when every call has returned. Workers are persistent (created on first use).
/// If the pool is busy (another thread's region, or a nested call) fn runs on the
/// calling thread alone. Denormals are flushed on every thread of the region.
void rnn_parallel_run(rnn_task_fn fn, void *ctx, int nt);

/// 0 on a calling thread, 1, 2, ... on the pool's workers (fixed for each worker).
int rnn_thread_home(void);

/// Work claiming with a home for each thread: chunk c of n belongs first to the thread
/// whose home is c * nt / n, which takes its own chunks before helping with others'.
/// A thread that starts late only loses its chunks to the others (nobody waits for it),
/// and in steady state each thread touches the same part of the shared operand every
/// call, so that part stays in its own cache (the recurrent weights, step after step).
#define RNN_MAX_CHUNKS 1024
typedef struct {
    size_t n;
    int nt;
    atomic_uchar taken[RNN_MAX_CHUNKS];
} rnn_claims;

static inline void rnn_claims_init(rnn_claims *c, size_t n, int nt) {
    c->n = n < RNN_MAX_CHUNKS ? n : RNN_MAX_CHUNKS;
    c->nt = nt > 0 ? nt : 1;
    for (size_t i = 0; i < c->n; i++) atomic_init(&c->taken[i], 0);
}

/// Runs run(ctx, chunk) for every chunk this thread claims.
static inline void rnn_claims_run(rnn_claims *c, void (*run)(void *, size_t), void *ctx) {
    size_t n = c->n;
    if (n == 0) return;
    size_t home = (size_t)rnn_thread_home() % (size_t)c->nt;
    size_t start = home * n / (size_t)c->nt;
    for (size_t i = 0; i < n; i++) {
        size_t k = (start + i) % n;
        if (atomic_load_explicit(&c->taken[k], memory_order_relaxed)) continue;
        if (!atomic_exchange(&c->taken[k], 1)) run(ctx, k);
    }
}

/// Slice t of nt of [0, n) in whole units of `unit` (the last may be short): fixed by
/// n, unit and nt only, so the chunks of a region do not depend on who runs them.
static inline void rnn_slice(size_t n, size_t unit, size_t t, size_t nt, size_t *lo, size_t *hi) {
    size_t units = (n + unit - 1) / unit;
    size_t a = units * t / nt, b = units * (t + 1) / nt;
    *lo = a * unit < n ? a * unit : n;
    *hi = b * unit < n ? b * unit : n;
}

/// body(ctx, lo, hi) over [0, n) in ranges of whole `unit`s (the last may be short),
/// on up to the thread count when n >= min_parallel, else on the calling thread (with
/// denormals flushed, as in a region). Each range is computed alike whichever thread
/// runs it, so results do not depend on the thread count. For loops over memory.
void rnn_parallel_for(size_t n, size_t unit, size_t min_parallel,
                      void (*body)(void *ctx, size_t lo, size_t hi), void *ctx);

/// run(ctx, phase, chunk) for every phase in [0, nphases) and chunk in [0, nchunks), on
/// up to nt threads, phase after phase: no chunk of phase p + 1 starts before every
/// chunk of phase p has finished. One parallel region for all the phases, with a wait
/// (a count of finished chunks) between them instead of a region per phase; each
/// thread takes its own chunks first (as rnn_claims), and a thread that joins late
/// starts at the first unfinished phase, so nobody waits for a thread that never joins.
/// nt <= 1: in order on the calling thread, with denormals flushed as in a region.
void rnn_parallel_phases(size_t nphases, size_t nchunks, int nt,
                         void (*run)(void *ctx, size_t phase, size_t chunk), void *ctx);

/// Two chunks of work run phase after phase, each chunk's phases in order, on up to two
/// threads, without a wait between phases for both: run(ctx, pair, phase, chunk) may
/// call rnn_pair_wait(pair, chunk, phase) at the point where it needs the other
/// chunk's phases before `phase` to be done (the batch-1 scans: a step's second half
/// of the products needs the other thread's previous step). Each thread takes its own
/// chunk first (home 0 chunk 0, a worker the other); a thread that would wait runs the
/// other chunk's next phase itself when no thread has taken it, so a worker that joins
/// late or never costs time, not a hang. nt <= 1: on the calling thread alone.
typedef struct rnn_pair rnn_pair;
void rnn_parallel_pair(size_t nphases, int nt, void (*run)(void *ctx, rnn_pair *pair, size_t phase, size_t chunk),
                       void *ctx);
/// Returns when the other chunk than `chunk` has finished its phases before `phase`.
void rnn_pair_wait(rnn_pair *pair, size_t chunk, size_t phase);

/// One turn of a wait loop: a pause hint for the first 100,000 turns, then a yield
/// (a thread waited for may have lost its core on a loaded machine).
static inline void rnn_spin_pause(unsigned *turns) {
    if (*turns < 100000) {
        (*turns)++;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        __asm__ __volatile__("yield");
#endif
    } else {
        sched_yield();
    }
}

/// Flush-to-zero (and denormals-are-zero on x86) on this thread until _end.
typedef uint64_t rnn_fp_mode;
rnn_fp_mode rnn_fp_flush_begin(void);
void rnn_fp_flush_end(rnn_fp_mode saved);

/// Per-thread scratch buffer `slot` of at least `floats` floats, 64-byte aligned, kept
/// and reused by this thread, grown on demand; NULL when out of memory. Slots: 0 and 1
/// the multiply's packed A and B blocks, 2 and 3 a strided vector's gather, 4 a scan's
/// per-chunk buffers (a stepped model scans at every step and allocates nothing).
#define RNN_SCRATCH_SLOTS 5
float *rnn_scratch(int slot, size_t floats);

// MARK: - Size helpers

/// *out = a * b; 0 on overflow.
static inline int rnn_mul_ok(size_t a, size_t b, size_t *out) {
    if (a != 0 && b > SIZE_MAX / a) return 0;
    *out = a * b;
    return 1;
}

#endif // RNN_INTERNAL_H
