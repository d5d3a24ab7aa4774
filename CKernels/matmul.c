// matmul.c: C = alpha * op(A) * op(B) + beta * C (row-major), BLIS style.
//
// Loops, outermost first (per thread, on its own slice of M or N):
//   jc: NC columns of C        pack op(B)[pc:pc+KC, jc:jc+NC] -> panels (KC, NR)  (~L3)
//   pc: KC of the shared dim
//   ic: MC rows of C           pack op(A)[ic:ic+MC, pc:pc+KC] -> panels (KC, MR)  (~L2)
//   jr: NR columns             the B panel (KC x NR) stays in L1
//   ir: MR rows                micro-kernel: MR x NR tile in registers
// The last rows of a block may go in shorter panels of MRS rows (rnn_gemm_panels):
// 32 rows at MR = 6 compute 32 rows, not 36.
// The first KC block applies beta, later ones add (beta = 1). Threads split M or
// N, never K, and the micro-kernel computes every element the same way wherever
// its tile lies, so results are bitwise reproducible.
// M == 1 and N == 1 take matrix-vector paths (no packing).
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

// Below this many flops (2 M N K) a multiply stays on the calling thread.
#define RNN_GEMM_PARALLEL_FLOPS (1u << 21)
// Matrix-vector: below this many multiply-adds (N K), one thread.
#define RNN_GEMV_PARALLEL_MACS (1u << 17)

// MARK: - Argument checks

// Row stride of a stored (rows x cols) matrix must be >= cols.
static int ld_ok(size_t ld, size_t cols) { return ld >= cols; }

static rnn_status check_gemm(int trans_a, int trans_b, size_t M, size_t N, size_t K,
                             const float *A, size_t lda, const float *B, size_t ldb,
                             const float *C, size_t ldc) {
    if ((trans_a != 0 && trans_a != 1) || (trans_b != 0 && trans_b != 1)) return RNN_ERR_ARGUMENT;
    size_t t;
    if (!rnn_mul_ok(M, N, &t) || !rnn_mul_ok(M, K, &t) || !rnn_mul_ok(K, N, &t)) return RNN_ERR_ARGUMENT;
    if (!ld_ok(lda, trans_a ? M : K) || !ld_ok(ldb, trans_b ? K : N) || !ld_ok(ldc, N))
        return RNN_ERR_ARGUMENT;
    if (M == 0 || N == 0) return RNN_OK;
    if (!C || (K > 0 && (!A || !B))) return RNN_ERR_ARGUMENT;
    return RNN_OK;
}

// C = beta * C (beta == 0 writes zeros without reading). C: (M, N) row stride ldc.
static void scale_c(size_t M, size_t N, float beta, float *C, size_t ldc) {
    for (size_t i = 0; i < M; i++) {
        float *c = C + i * ldc;
        if (beta == 0.0f) memset(c, 0, N * sizeof(float));
        else if (beta != 1.0f) for (size_t j = 0; j < N; j++) c[j] *= beta;
    }
}

// MARK: - Reference

rnn_status rnn_sgemm_naive(int trans_a, int trans_b, size_t M, size_t N, size_t K,
                           float alpha, const float *A, size_t lda, const float *B, size_t ldb,
                           float beta, float *C, size_t ldc) {
    rnn_status st = check_gemm(trans_a, trans_b, M, N, K, A, lda, B, ldb, C, ldc);
    if (st != RNN_OK || M == 0 || N == 0) return st;
    for (size_t i = 0; i < M; i++) {
        for (size_t j = 0; j < N; j++) {
            double s = 0.0;
            for (size_t k = 0; k < K; k++) {
                double a = trans_a ? A[k * lda + i] : A[i * lda + k];
                double b = trans_b ? B[j * ldb + k] : B[k * ldb + j];
                s += a * b;
            }
            double r = (double)alpha * s;
            if (beta != 0.0f) r += (double)beta * (double)C[i * ldc + j];
            C[i * ldc + j] = (float)r;
        }
    }
    return RNN_OK;
}

// MARK: - Packed B

struct rnn_packed_b {
    rnn_isa isa;  // level whose layout this is
    size_t K, N;  // op(B) is K x N
    size_t nr;    // panel width of that level
    float *data;  // ceil(N/NR) panels of (K, NR), panel stride K*NR; NULL when K*N == 0
    size_t count; // floats in data (rnn_alloc_floats: weights repacked after every
                  // optimizer update reuse freed mappings instead of faulting in new pages)
    _Atomic(float *) halves; // rnn_packed_b_halves' copy (count floats), or NULL
};

// op(B) (K x N, row-major) unpacked from its panels into a new malloc'd array, or NULL.
static float *unpack_b(const rnn_packed_b *p) {
    const size_t K = p->K, N = p->N;
    size_t bytes;
    if (!rnn_mul_ok(K * N, sizeof(float), &bytes)) return NULL;
    float *B = malloc(bytes ? bytes : sizeof(float));
    if (!B) return NULL;
    for (size_t k = 0; k < K; k++)
        for (size_t j = 0; j < N; j++)
            B[k * N + j] = p->data[(j / p->nr) * K * p->nr + k * p->nr + j % p->nr];
    return B;
}

// MARK: - Blocked multiply

typedef struct {
    const rnn_kernels *kt;
    int trans_a, trans_b;
    size_t M, N, K;
    float alpha, beta;
    const float *A;
    size_t lda;
    const float *B; // op(B) as stored, or NULL when Bp is used
    size_t ldb;
    const float *Bp; // packed panels of (K, NR) over all N, or NULL
    float *C;
    size_t ldc;
    int split_n;        // chunks are column slices (else row slices)
    size_t nchunks;     // work units of a parallel region, fixed before it starts
    rnn_claims claims;  // which chunks are taken (each thread starts with its own)
} gemm_job;

// C (mc rows, row stride ldc; nr <= NR columns) = alpha * (packed A block) x (one B
// panel) + beta * C: the micro-kernel over the block's row panels (rnn_gemm_panels).
static inline void run_panels(const rnn_kernels *kt, size_t mc, size_t kc, const float *abuf,
                              const float *b, float *C, size_t ldc, float alpha, float beta,
                              size_t nr) {
    size_t full, nshort;
    rnn_gemm_panels(mc, kt->mr, kt->mrs, &full, &nshort);
    const float *a = abuf;
    size_t ir = 0;
    for (size_t p = 0; p < full + nshort; p++) {
        size_t R = p < full ? kt->mr : kt->mrs;
        size_t mr = mc - ir < R ? mc - ir : R;
        kt->gemm_ukernel(kc, R, a, b, C + ir * ldc, ldc, alpha, beta, mr, nr);
        a += kc * R;
        ir += R;
    }
}

// Rows [i0, i1) and columns [j0, j1) of C; j0 is a multiple of NR when Bp is used.
static void gemm_blocked(const gemm_job *g, size_t i0, size_t i1, size_t j0, size_t j1) {
    const rnn_kernels *kt = g->kt;
    const size_t NR = kt->nr, KC = kt->kc, MC = kt->mc, NC = kt->nc;
    const size_t K = g->K;
    float *abuf = rnn_scratch(0, MC * KC);
    float *bbuf = g->Bp ? NULL : rnn_scratch(1, KC * NC);
    if (!abuf || (!g->Bp && !bbuf)) {
        // Out of memory for the packing buffers: fall back to the reference loop.
        const float *A = g->trans_a ? g->A + i0 : g->A + i0 * g->lda;
        if (g->Bp) {
            for (size_t i = i0; i < i1; i++)
                for (size_t j = j0; j < j1; j++) {
                    const float *p = g->Bp + (j / NR) * K * NR + j % NR;
                    double s = 0.0;
                    for (size_t k = 0; k < K; k++) {
                        size_t ai = i - i0;
                        double a = g->trans_a ? A[k * g->lda + ai] : A[ai * g->lda + k];
                        s += a * p[k * NR];
                    }
                    float *c = g->C + i * g->ldc + j;
                    *c = (float)(g->alpha * s + (g->beta != 0.0f ? (double)g->beta * *c : 0.0));
                }
        } else {
            const float *B = g->trans_b ? g->B + j0 * g->ldb : g->B + j0;
            rnn_sgemm_naive(g->trans_a, g->trans_b, i1 - i0, j1 - j0, K, g->alpha, A, g->lda, B,
                            g->ldb, g->beta, g->C + i0 * g->ldc + j0, g->ldc);
        }
        return;
    }
    for (size_t jc = j0; jc < j1; jc += NC) {
        size_t nc = j1 - jc < NC ? j1 - jc : NC;
        for (size_t pc = 0; pc < K; pc += KC) {
            size_t kc = K - pc < KC ? K - pc : KC;
            const float *bp; // panels of (kc, NR) at stride bps
            size_t bps;
            if (g->Bp) {
                bp = g->Bp + (jc / NR) * K * NR + pc * NR;
                bps = K * NR;
            } else {
                const float *B = g->trans_b ? g->B + jc * g->ldb + pc : g->B + pc * g->ldb + jc;
                kt->gemm_pack_b(bbuf, g->trans_b, B, g->ldb, kc, nc);
                bp = bbuf;
                bps = kc * NR;
            }
            float beta = pc == 0 ? g->beta : 1.0f;
            for (size_t ic = i0; ic < i1; ic += MC) {
                size_t mc = i1 - ic < MC ? i1 - ic : MC;
                const float *A = g->trans_a ? g->A + pc * g->lda + ic : g->A + ic * g->lda + pc;
                kt->gemm_pack_a(abuf, g->trans_a, A, g->lda, mc, kc);
                for (size_t jr = 0; jr < nc; jr += NR) {
                    const float *b = bp + (jr / NR) * bps;
                    size_t nr = nc - jr < NR ? nc - jr : NR;
                    run_panels(kt, mc, kc, abuf, b, g->C + ic * g->ldc + jc + jr, g->ldc, g->alpha, beta, nr);
                }
            }
        }
    }
}

int rnn_gemm_segments(const rnn_kernels *kt, size_t whole_m, size_t M, size_t n, size_t K,
                      const float *A, size_t lda, size_t nseg, const float *const *panels,
                      size_t panel_stride, float beta, float *const *C, size_t ldc) {
    const size_t NR = kt->nr, KC = kt->kc, MC = kt->mc;
    if (M == 0 || n == 0) return 1;
    if (whole_m == 1) { // matrix-vector: no packing
        for (size_t s = 0; s < nseg; s++) kt->gemv_packed(n, K, 1.0f, panels[s], A, beta, C[s]);
        return 1;
    }
    float *abuf = rnn_scratch(0, MC * KC);
    if (!abuf) return 0;
    for (size_t pc = 0; pc < K; pc += KC) {
        size_t kc = K - pc < KC ? K - pc : KC;
        float b0 = pc == 0 ? beta : 1.0f;
        for (size_t ic = 0; ic < M; ic += MC) {
            size_t mc = M - ic < MC ? M - ic : MC;
            kt->gemm_pack_a(abuf, 0, A + ic * lda + pc, lda, mc, kc);
            for (size_t s = 0; s < nseg; s++) {
                for (size_t jr = 0; jr < n; jr += NR) {
                    const float *b = panels[s] + (jr / NR) * panel_stride + pc * NR;
                    size_t nr = n - jr < NR ? n - jr : NR;
                    run_panels(kt, mc, kc, abuf, b, C[s] + ic * ldc + jr, ldc, 1.0f, b0, nr);
                }
            }
        }
    }
    return 1;
}

rnn_packed_b *rnn_packed_b_relayout(const rnn_packed_b *p) {
    float *B = unpack_b(p);
    if (!B) return NULL;
    rnn_packed_b *out = NULL;
    (void)rnn_pack_b(&out, 0, p->K, p->N, B, p->N);
    free(B);
    return out;
}

const float *rnn_packed_b_panels(const rnn_packed_b *p, const rnn_kernels *kt) {
    return p && p->isa == kt->isa && p->nr == kt->nr ? p->data : NULL;
}

// A batch-1 step on two threads multiplies each thread's share of the panels by one
// half of h_prev and then by the other (step.c): read in place, a half is every other
// stretch of ks * nr floats, and in one block it is one run of memory, which the
// cores stream faster (on an AMD Zen 5, 256 KiB of products in 1.8 us in place of
// 2.35). p is not changed (a pack never is once made): the copy is kept beside it.
const float *rnn_packed_b_halves(const rnn_packed_b *cp, const rnn_kernels *kt, int make) {
    rnn_packed_b *p = (rnn_packed_b *)cp;
    if (!rnn_packed_b_panels(p, kt) || !p->data) return NULL;
    float *h = atomic_load_explicit(&p->halves, memory_order_acquire);
    if (h || !make) return h;
    const size_t K = p->K, nr = p->nr, np = p->count / (K * nr), ks = rnn_gemv_split(K, nr);
    h = rnn_alloc_floats_uninit(p->count);
    if (!h) return NULL;
    for (size_t j = 0; j < np; j++) {
        const float *panel = p->data + j * K * nr;
        memcpy(h + j * ks * nr, panel, ks * nr * sizeof(float));
        memcpy(h + np * ks * nr + j * (K - ks) * nr, panel + ks * nr, (K - ks) * nr * sizeof(float));
    }
    float *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&p->halves, &none, h, memory_order_acq_rel, memory_order_acquire)) {
        rnn_free_floats(h, p->count); // another thread made it first
        return none;
    }
    return h;
}

void rnn_packed_b_shape(const rnn_packed_b *p, size_t *K, size_t *N) {
    *K = p->K;
    *N = p->N;
}

// Runs chunk c of nchunks: a slice of N (in whole NR panels) or of M (whole MR panels).
static void gemm_chunk(const gemm_job *g, size_t c) {
    size_t lo, hi;
    if (g->split_n) {
        rnn_slice(g->N, g->kt->nr, c, g->nchunks, &lo, &hi);
        if (lo < hi) gemm_blocked(g, 0, g->M, lo, hi);
    } else {
        rnn_slice(g->M, g->kt->mr, c, g->nchunks, &lo, &hi);
        if (lo < hi) gemm_blocked(g, lo, hi, 0, g->N);
    }
}

// Region body: claim chunks until none is left.
static void gemm_claimed(void *ctx, size_t c) { gemm_chunk(ctx, c); }

static void gemm_task(void *ctx) {
    gemm_job *g = ctx;
    rnn_claims_run(&g->claims, gemm_claimed, g);
}

// Threads for `work`: 1 below the threshold, else at most the thread count and `units`.
static int threads_for(double work, double threshold, size_t units) {
    int nt = rnn_get_num_threads();
    if (nt <= 1 || work < threshold) return 1;
    if ((size_t)nt > units) nt = (int)(units ? units : 1);
    return nt;
}

// Panels [lo, hi) of op(B) packed over all of K, for prepack_b.
typedef struct {
    const gemm_job *g;
    float *dst;
} prepack_job;

static void prepack_range(void *ctx, size_t lo, size_t hi) {
    const prepack_job *j = ctx;
    const gemm_job *g = j->g;
    const size_t NR = g->kt->nr, n0 = lo * NR, n1 = hi * NR < g->N ? hi * NR : g->N;
    const float *B = g->trans_b ? g->B + n0 * g->ldb : g->B + n0;
    g->kt->gemm_pack_b(j->dst + lo * g->K * NR, g->trans_b, B, g->ldb, g->K, n1 - n0);
}

// Largest op(B) (in floats) that prepack_b copies whole.
#define RNN_PREPACK_MAX_FLOATS ((size_t)16 << 20)

// A multiply split over M with an unpacked B: instead of every chunk packing its own
// copy of op(B) block by block, the threads pack all of it once, together, into the
// layout rnn_pack_b makes (the same panels, so the same bits), and the chunks share it.
// Returns the packed panels (to free with rnn_free_floats, *count floats) or NULL.
static float *prepack_b(const gemm_job *g, size_t *count) {
    const size_t NR = g->kt->nr, panels = (g->N + NR - 1) / NR;
    size_t floats;
    if (!rnn_mul_ok(panels * NR, g->K, &floats) || floats > RNN_PREPACK_MAX_FLOATS) return NULL;
    float *dst = rnn_alloc_floats_uninit(floats);
    if (!dst) return NULL;
    prepack_job j = {.g = g, .dst = dst};
    rnn_parallel_for(panels, 1, 0, prepack_range, &j);
    *count = floats;
    return dst;
}

// Chunks are claimed dynamically, so a thread that starts late (or runs slowly
// because of other load) only takes what is left; more chunks balance better.
// But each chunk packs its own copy of the shared operand's panels (op(A) when
// splitting N, op(B) when splitting M, unless B is prepacked), which costs about
// 16 flops-worth per element per chunk: chunks <= dim / 512 keeps that near 3%.
static void run_blocked(gemm_job *g) {
    const rnn_kernels *kt = g->kt;
    // Split N, each chunk packs its own copy of op(A)'s panels; split M, an unpacked B
    // is packed once for all chunks (prepack_b: the weight gradients of a training
    // step, 2048 x 512 x 3200 on 2 threads, about 7% faster than a copy per chunk),
    // or, when too large for that, once per chunk. op(B) copies are the cheap ones
    // (rows of 16-32 floats move as vectors; op(A) panels gather MR rows), so an
    // unpacked B is split only when N is well beyond M.
    g->split_n = g->Bp ? g->N >= g->M : g->N >= 2 * g->M;
    size_t dim = g->split_n ? g->N : g->M, unit = g->split_n ? kt->nr : kt->mr;
    size_t units = (dim + unit - 1) / unit;
    double flops = 2.0 * (double)g->M * (double)g->N * (double)g->K;
    int nt = threads_for(flops, RNN_GEMM_PARALLEL_FLOPS, units);
    float *packed = NULL;
    size_t packed_count = 0;
    if (nt > 1 && !g->split_n && !g->Bp && (packed = prepack_b(g, &packed_count)) != NULL) g->Bp = packed;
    size_t chunks = (size_t)nt;
    if (nt > 1) {
        size_t want = (!g->split_n && g->Bp) ? 4 * (size_t)nt : dim / 512; // no copies with Bp
        if (want > 4 * (size_t)nt) want = 4 * (size_t)nt;
        if (want > chunks) chunks = want;
        if (chunks > units) chunks = units;
    }
    if (chunks > RNN_MAX_CHUNKS) chunks = RNN_MAX_CHUNKS;
    g->nchunks = chunks;
    rnn_claims_init(&g->claims, chunks, nt);
    if (nt <= 1) gemm_chunk(g, 0);
    else rnn_parallel_run(gemm_task, g, nt);
    rnn_free_floats(packed, packed_count);
}

// MARK: - Matrix-vector

typedef struct {
    const rnn_kernels *kt;
    int kind; // 0: rows (y[j] = W[j,:] . x), 1: cols (y = x^T W), 2: packed panels
    size_t n, k;
    float alpha, beta;
    const float *W;
    size_t ldw;
    const float *x;
    float *y;
    size_t unit, nchunks; // chunks of whole units of y
    rnn_claims claims;
} gemv_job;

static void gemv_chunk(const gemv_job *g, size_t c) {
    size_t lo, hi;
    rnn_slice(g->n, g->unit, c, g->nchunks, &lo, &hi);
    if (lo >= hi) return;
    size_t n = hi - lo;
    if (g->kind == 0)
        g->kt->gemv_rows(n, g->k, g->alpha, g->W + lo * g->ldw, g->ldw, g->x, g->beta, g->y + lo);
    else if (g->kind == 1)
        g->kt->gemv_cols(n, g->k, g->alpha, g->W + lo, g->ldw, g->x, g->beta, g->y + lo);
    else
        g->kt->gemv_packed(n, g->k, g->alpha, g->W + (lo / g->kt->nr) * g->k * g->kt->nr, g->x,
                           g->beta, g->y + lo);
}

static void gemv_claimed(void *ctx, size_t c) { gemv_chunk(ctx, c); }

static void gemv_task(void *ctx) {
    gemv_job *g = ctx;
    rnn_claims_run(&g->claims, gemv_claimed, g);
}

// y: (n) with stride incy; x: (k) with stride incx. Gathers strided vectors into
// scratch, runs the kernel (threaded over n when large), scatters y back.
static rnn_status run_gemv(const rnn_kernels *kt, int kind, size_t n, size_t k, float alpha,
                           const float *W, size_t ldw, const float *x, size_t incx, float beta,
                           float *y, size_t incy) {
    const float *xc = x;
    if (incx != 1) {
        float *t = rnn_scratch(2, k);
        if (!t) return RNN_ERR_NO_MEMORY;
        for (size_t p = 0; p < k; p++) t[p] = x[p * incx];
        xc = t;
    }
    float *yc = y;
    if (incy != 1) {
        yc = rnn_scratch(3, n);
        if (!yc) return RNN_ERR_NO_MEMORY;
        if (beta != 0.0f)
            for (size_t j = 0; j < n; j++) yc[j] = y[j * incy];
    }
    gemv_job g = {.kt = kt, .kind = kind, .n = n, .k = k, .alpha = alpha, .beta = beta, .W = W,
                  .ldw = ldw, .x = xc, .y = yc, .unit = kind == 2 ? kt->nr : 64};
    size_t units = (n + g.unit - 1) / g.unit;
    int nt = threads_for((double)n * (double)k, RNN_GEMV_PARALLEL_MACS, units);
    // Memory-bound and cheap to split: a few chunks per thread balance late starters.
    g.nchunks = nt <= 1 ? 1 : (units < (size_t)nt * 4 ? units : (size_t)nt * 4);
    rnn_claims_init(&g.claims, g.nchunks, nt);
    if (nt <= 1) gemv_chunk(&g, 0);
    else rnn_parallel_run(gemv_task, &g, nt);
    if (incy != 1)
        for (size_t j = 0; j < n; j++) y[j * incy] = yc[j];
    return RNN_OK;
}

// MARK: - Public entry points

rnn_status rnn_sgemm(int trans_a, int trans_b, size_t M, size_t N, size_t K, float alpha,
                     const float *A, size_t lda, const float *B, size_t ldb, float beta, float *C,
                     size_t ldc) {
    rnn_status st = check_gemm(trans_a, trans_b, M, N, K, A, lda, B, ldb, C, ldc);
    if (st != RNN_OK || M == 0 || N == 0) return st;
    if (K == 0 || alpha == 0.0f) {
        scale_c(M, N, beta, C, ldc);
        return RNN_OK;
    }
    const rnn_kernels *kt = rnn_kernels_active();
    if (M == 1) {
        // C row (N) = op(A) row (K) x op(B). op(A) row: A[k] or A[k*lda].
        size_t incx = trans_a ? lda : 1;
        if (trans_b) return run_gemv(kt, 0, N, K, alpha, B, ldb, A, incx, beta, C, 1);
        return run_gemv(kt, 1, N, K, alpha, B, ldb, A, incx, beta, C, 1);
    }
    if (N == 1) {
        // C column (M, stride ldc) = op(A) (M x K) x op(B) column (K): B[k*ldb] or B[k].
        size_t incx = trans_b ? 1 : ldb;
        if (!trans_a) return run_gemv(kt, 0, M, K, alpha, A, lda, B, incx, beta, C, ldc);
        return run_gemv(kt, 1, M, K, alpha, A, lda, B, incx, beta, C, ldc);
    }
    gemm_job g = {.kt = kt, .trans_a = trans_a, .trans_b = trans_b, .M = M, .N = N, .K = K,
                  .alpha = alpha, .beta = beta, .A = A, .lda = lda, .B = B, .ldb = ldb, .C = C, .ldc = ldc};
    run_blocked(&g);
    return RNN_OK;
}

rnn_status rnn_pack_b(rnn_packed_b **out, int trans_b, size_t K, size_t N, const float *B,
                      size_t ldb) {
    if (!out) return RNN_ERR_ARGUMENT;
    *out = NULL;
    if ((trans_b != 0 && trans_b != 1) || !ld_ok(ldb, trans_b ? K : N)) return RNN_ERR_ARGUMENT;
    size_t kn;
    if (!rnn_mul_ok(K, N, &kn)) return RNN_ERR_ARGUMENT;
    if (kn > 0 && !B) return RNN_ERR_ARGUMENT;
    const rnn_kernels *kt = rnn_kernels_active();
    size_t panels = (N + kt->nr - 1) / kt->nr, floats, bytes;
    if (!rnn_mul_ok(panels * kt->nr, K, &floats) || !rnn_mul_ok(floats, sizeof(float), &bytes))
        return RNN_ERR_ARGUMENT; // (bytes: the size must be representable)
    rnn_packed_b *p = calloc(1, sizeof *p);
    if (!p) return RNN_ERR_NO_MEMORY;
    p->isa = kt->isa;
    p->K = K;
    p->N = N;
    p->nr = kt->nr;
    atomic_init(&p->halves, NULL);
    if (kn > 0) {
        p->data = rnn_alloc_floats_uninit(floats);
        p->count = floats;
        if (!p->data) {
            free(p);
            return RNN_ERR_NO_MEMORY;
        }
        kt->gemm_pack_b(p->data, trans_b, B, ldb, K, N); // one block over all of K
    }
    *out = p;
    return RNN_OK;
}

void rnn_packed_b_free(rnn_packed_b *p) {
    if (!p) return;
    rnn_free_floats(atomic_load_explicit(&p->halves, memory_order_acquire), p->count);
    rnn_free_floats(p->data, p->count);
    free(p);
}

rnn_status rnn_sgemm_packed(size_t M, float alpha, const float *A, size_t lda,
                            const rnn_packed_b *Bp, float beta, float *C, size_t ldc) {
    if (!Bp) return RNN_ERR_ARGUMENT;
    const size_t K = Bp->K, N = Bp->N;
    rnn_status st = check_gemm(0, 0, M, N, K, A, lda, Bp->data, N, C, ldc);
    if (st != RNN_OK || M == 0 || N == 0) return st;
    if (K == 0 || alpha == 0.0f) {
        scale_c(M, N, beta, C, ldc);
        return RNN_OK;
    }
    const rnn_kernels *kt = rnn_kernels_active();
    if (kt->isa != Bp->isa || kt->nr != Bp->nr) {
        // Packed for another level: unpack into op(B) (K x N) and multiply with this one.
        float *B = unpack_b(Bp);
        if (!B) return RNN_ERR_NO_MEMORY;
        st = rnn_sgemm(0, 0, M, N, K, alpha, A, lda, B, N, beta, C, ldc);
        free(B);
        return st;
    }
    if (M == 1) return run_gemv(kt, 2, N, K, alpha, Bp->data, 0, A, 1, beta, C, 1);
    gemm_job g = {.kt = kt, .M = M, .N = N, .K = K, .alpha = alpha, .beta = beta, .A = A,
                  .lda = lda, .Bp = Bp->data, .C = C, .ldc = ldc};
    run_blocked(&g);
    return RNN_OK;
}
