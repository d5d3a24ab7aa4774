// gemm_kernels.c: the per-level pieces of the matrix multiply: the register-
// blocked micro-kernel, the packing routines and the matrix-vector kernels.
// The blocking, threading and public API are in matmul.c.
//
// Micro-kernel: an MR x NR tile of C, NR = NV vectors, accumulators kept in
// registers (AVX2 6x16, AVX-512 12x32, NEON 8x12, scalar 4x4). Per k it loads NV
// vectors of the packed B panel and broadcasts MR values of the packed A panel.
// Edge tiles run the same arithmetic and store only the m x n corner, so every
// element of C is computed by the same operations wherever its tile falls: the
// result does not depend on how the threads split M or N.
#ifndef RNN_TEMPLATE_PASS

#define RNN_TEMPLATE_PASS
#define RNN_TEMPLATE "gemm_kernels.c"
#include "simd_instantiate.h"

#else // RNN_TEMPLATE_PASS: the kernels, once per level

#define GEMM_MR RNN_GEMM_MR
#define GEMM_MRS RNN_GEMM_MRS
#define GEMM_NV RNN_GEMM_NV
#define GEMM_NR (RNN_GEMM_NV * VL)

// Full unrolling of the register-tile loops keeps the accumulators in registers
// (clang leaves a 12 x 2 tile rolled without it).
#ifndef RNN_UNROLL
#if defined(__clang__)
#define RNN_UNROLL _Pragma("clang loop unroll(full)")
#elif defined(__GNUC__)
#define RNN_UNROLL _Pragma("GCC unroll 32")
#else
#define RNN_UNROLL
#endif
#endif

// One tile of R rows (R = MR or MRS, a constant once inlined).
// a: (kc, R) packed panel of op(A); b: (kc, NR) packed panel of op(B);
// c: (m, n) corner of the tile, row stride ldc; m <= R, n <= NR.
// C = alpha * a * b + beta * C; beta == 0 never reads C.
VINLINE void VNAME(gemm_tile)(const int R, size_t kc, const float *restrict a,
                              const float *restrict b, float *restrict c, size_t ldc, float alpha,
                              float beta, size_t m, size_t n) {
    vfloat acc[GEMM_MR][GEMM_NV];
    RNN_UNROLL
    for (int i = 0; i < R; i++) {
        RNN_UNROLL
        for (int v = 0; v < GEMM_NV; v++) acc[i][v] = v_zero();
    }
    // Ask for the tile's lines of C now: when C is large (a whole sequence's gates) they
    // come from memory, and the requests overlap the k loop instead of stalling the
    // stores at its end (a 6400 x 2048 x 512 projection on 2 threads: 67.7 -> 63.5 ms).
    for (size_t i = 0; i < m; i++) {
        const float *ci = c + i * ldc;
        RNN_UNROLL
        for (int v = 0; v < GEMM_NV; v++) __builtin_prefetch(ci + v * VL, 1, 3);
        __builtin_prefetch(ci + GEMM_NR - 1, 1, 3);
    }
    for (size_t k = 0; k < kc; k++) {
        vfloat bv[GEMM_NV];
        RNN_UNROLL
        for (int v = 0; v < GEMM_NV; v++) bv[v] = v_load(b + v * VL);
        RNN_UNROLL
        for (int i = 0; i < R; i++) {
            vfloat ai = v_set1(a[i]);
            RNN_UNROLL
            for (int v = 0; v < GEMM_NV; v++) acc[i][v] = v_fma(ai, bv[v], acc[i][v]);
        }
        a += R;
        b += GEMM_NR;
    }
    const vfloat va = v_set1(alpha), vb = v_set1(beta);
    if (m == (size_t)R && n == GEMM_NR) {
        RNN_UNROLL
        for (int i = 0; i < R; i++) {
            float *ci = c + (size_t)i * ldc;
            RNN_UNROLL
            for (int v = 0; v < GEMM_NV; v++) {
                vfloat r;
                if (beta == 0.0f) r = v_mul(va, acc[i][v]);
                else if (beta == 1.0f) r = v_fma(va, acc[i][v], v_load(ci + v * VL));
                else r = v_fma(va, acc[i][v], v_mul(vb, v_load(ci + v * VL)));
                v_store(ci + v * VL, r);
            }
        }
    } else {
        for (size_t i = 0; i < m; i++) {
            float *ci = c + i * ldc;
            for (size_t v = 0; v < GEMM_NV && v * VL < n; v++) {
                size_t w = n - v * VL; // lanes to store (v_storen keeps min(w, VL))
                vfloat r;
                if (beta == 0.0f) r = v_mul(va, acc[i][v]);
                else if (beta == 1.0f) r = v_fma(va, acc[i][v], v_loadn(ci + v * VL, w));
                else r = v_fma(va, acc[i][v], v_mul(vb, v_loadn(ci + v * VL, w)));
                v_storen(ci + v * VL, r, w);
            }
        }
    }
}

// A tile from a panel of R = MR or MRS rows. Every element of C is the same chain
// of multiply-adds over k whatever the panel's height, so results do not depend on
// where the panels of a block fall.
VATTR void VNAME(rnnk_gemm_ukernel)(size_t kc, size_t R, const float *restrict a,
                                    const float *restrict b, float *restrict c, size_t ldc,
                                    float alpha, float beta, size_t m, size_t n) {
    if (R == GEMM_MR) VNAME(gemm_tile)(GEMM_MR, kc, a, b, c, ldc, alpha, beta, m, n);
    else VNAME(gemm_tile)(GEMM_MRS, kc, a, b, c, ldc, alpha, beta, m, n);
}

#if RNN_SIMD == RNN_SIMD_AVX2 || RNN_SIMD == RNN_SIMD_AVX512
// dst[k * ldd + j] = src[j * lds + k] for j, k < 8 (AVX2 instructions, also used by
// the AVX-512 level). dst: (8, 8) row stride ldd; src: (8, 8) row stride lds.
VINLINE void RNN_V(transpose8x8)(float *restrict dst, size_t ldd, const float *restrict src,
                                 size_t lds) {
    __m256 r0 = _mm256_loadu_ps(src), r1 = _mm256_loadu_ps(src + lds);
    __m256 r2 = _mm256_loadu_ps(src + 2 * lds), r3 = _mm256_loadu_ps(src + 3 * lds);
    __m256 r4 = _mm256_loadu_ps(src + 4 * lds), r5 = _mm256_loadu_ps(src + 5 * lds);
    __m256 r6 = _mm256_loadu_ps(src + 6 * lds), r7 = _mm256_loadu_ps(src + 7 * lds);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 u1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 u2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 u3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 u4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 u5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 u6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 u7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    _mm256_storeu_ps(dst, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(dst + ldd, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(dst + 2 * ldd, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(dst + 3 * ldd, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(dst + 4 * ldd, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(dst + 5 * ldd, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(dst + 6 * ldd, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(dst + 7 * ldd, _mm256_permute2f128_ps(u3, u7, 0x31));
}
#endif

// mr rows (mr <= R) of one panel of R rows, rows past mr zero. The block of op(A):
// element (i, k) is A[i*lda + k] (trans = 0, A stored M x K) or A[k*lda + i] (trans = 1).
VINLINE void VNAME(pack_a_panel)(const int R, float *restrict dst, int trans,
                                 const float *restrict A, size_t lda, size_t mr, size_t kc) {
    if (!trans) {
        const float *rows[GEMM_MR];
        for (int i = 0; i < R; i++) rows[i] = A + ((size_t)i < mr ? (size_t)i : 0) * lda;
        if (mr == (size_t)R) {
            size_t k0 = 0;
#if RNN_SIMD == RNN_SIMD_AVX2 || RNN_SIMD == RNN_SIMD_AVX512
            // Rows 0-7 of each 8 k by an 8 x 8 register transpose; the rest one by one.
            if (R >= 8) {
                for (; k0 + 8 <= kc; k0 += 8) {
                    RNN_V(transpose8x8)(dst + k0 * R, (size_t)R, A + k0, lda);
                    for (size_t k = k0; k < k0 + 8; k++) {
                        RNN_UNROLL
                        for (int i = 8; i < R; i++) dst[k * R + i] = rows[i][k];
                    }
                }
            }
#endif
            for (size_t k = k0; k < kc; k++) {
                RNN_UNROLL
                for (int i = 0; i < R; i++) dst[k * R + i] = rows[i][k];
            }
        } else {
            for (size_t k = 0; k < kc; k++)
                for (int i = 0; i < R; i++) dst[k * R + i] = (size_t)i < mr ? rows[i][k] : 0.0f;
        }
    } else if (mr == (size_t)R) {
        // Each k is R consecutive floats of A: whole (or masked) vectors.
        for (size_t k = 0; k < kc; k++) {
            const float *src = A + k * lda;
            RNN_UNROLL
            for (int i = 0; i < R; i += VL) v_storen(dst + k * R + i, v_loadn(src + i, (size_t)(R - i)), (size_t)(R - i));
        }
    } else {
        for (size_t k = 0; k < kc; k++) {
            const float *src = A + k * lda;
            for (int i = 0; i < R; i++) dst[k * R + i] = (size_t)i < mr ? src[i] : 0.0f;
        }
    }
}

// dst: the panels of rnn_gemm_panels(mc), each (kc, R), rows past mc zero.
VATTR void VNAME(rnnk_gemm_pack_a)(float *restrict dst, int trans, const float *restrict A,
                                   size_t lda, size_t mc, size_t kc) {
    size_t full, nshort;
    rnn_gemm_panels(mc, GEMM_MR, GEMM_MRS, &full, &nshort);
    size_t ir = 0;
    for (size_t p = 0; p < full + nshort; p++) {
        const int R = p < full ? GEMM_MR : GEMM_MRS;
        size_t mr = mc - ir < (size_t)R ? mc - ir : (size_t)R;
        const float *src = trans ? A + ir : A + ir * lda;
        if (p < full) VNAME(pack_a_panel)(GEMM_MR, dst, trans, src, lda, mr, kc);
        else VNAME(pack_a_panel)(GEMM_MRS, dst, trans, src, lda, mr, kc);
        dst += kc * (size_t)R;
        ir += (size_t)R;
    }
}


// dst: ceil(nc/NR) panels of (kc, NR), columns past nc zero. The block of op(B):
// element (k, j) is B[k*ldb + j] (trans = 0, B stored K x N) or B[j*ldb + k] (trans = 1).
VATTR void VNAME(rnnk_gemm_pack_b)(float *restrict dst, int trans, const float *restrict B,
                                   size_t ldb, size_t kc, size_t nc) {
    for (size_t jr = 0; jr < nc; jr += GEMM_NR) {
        size_t nr = nc - jr < GEMM_NR ? nc - jr : GEMM_NR;
        if (!trans) {
            for (size_t k = 0; k < kc; k++) {
                const float *src = B + k * ldb + jr;
                float *d = dst + k * GEMM_NR;
                if (nr == GEMM_NR) {
                    for (int v = 0; v < GEMM_NV; v++) v_store(d + v * VL, v_load(src + v * VL));
                } else {
                    for (size_t v = 0; v < GEMM_NV; v++)
                        v_store(d + v * VL, v * VL < nr ? v_loadn(src + v * VL, nr - v * VL) : v_zero());
                }
            }
        } else {
            size_t k0 = 0;
#if RNN_SIMD == RNN_SIMD_AVX2 || RNN_SIMD == RNN_SIMD_AVX512
            // Full panels: 8 x 8 register transposes (rows of B -> k rows of the panel).
            if (nr == GEMM_NR) {
                for (; k0 + 8 <= kc; k0 += 8)
                    for (size_t j0 = 0; j0 < GEMM_NR; j0 += 8)
                        RNN_V(transpose8x8)(dst + k0 * GEMM_NR + j0, GEMM_NR, B + (jr + j0) * ldb + k0, ldb);
            }
#endif
            // The rest: read rows of B (contiguous in k), write columns of the panel.
            for (size_t j = 0; j < GEMM_NR; j++) {
                if (j < nr) {
                    const float *src = B + (jr + j) * ldb;
                    for (size_t k = k0; k < kc; k++) dst[k * GEMM_NR + j] = src[k];
                } else {
                    for (size_t k = k0; k < kc; k++) dst[k * GEMM_NR + j] = 0.0f;
                }
            }
        }
        dst += kc * GEMM_NR;
    }
}

// y: (n) output; W: (n, k) row stride ldw; x: (k). y[j] = alpha*dot(W[j,:], x) + beta*y[j].
// Four rows at a time, two accumulators per row; missing rows of the last group
// repeat row 0 of the group (computed, not stored), so every row sees the same
// operations. beta == 0 never reads y.
VATTR void VNAME(rnnk_gemv_rows)(size_t n, size_t k, float alpha, const float *W, size_t ldw,
                                 const float *x, float beta, float *y) {
    for (size_t j = 0; j < n; j += 4) {
        size_t rows = n - j < 4 ? n - j : 4;
        const float *w[4];
        for (size_t r = 0; r < 4; r++) w[r] = W + (j + (r < rows ? r : 0)) * ldw;
        vfloat a0[4], a1[4];
        for (int r = 0; r < 4; r++) a0[r] = a1[r] = v_zero();
        size_t p = 0;
        for (; p + 2 * VL <= k; p += 2 * VL) {
            vfloat x0 = v_load(x + p), x1 = v_load(x + p + VL);
            for (int r = 0; r < 4; r++) {
                a0[r] = v_fma(v_load(w[r] + p), x0, a0[r]);
                a1[r] = v_fma(v_load(w[r] + p + VL), x1, a1[r]);
            }
        }
        for (; p < k; p += VL) {
            vfloat x0 = v_loadn(x + p, k - p);
            for (int r = 0; r < 4; r++) a0[r] = v_fma(v_loadn(w[r] + p, k - p), x0, a0[r]);
        }
        for (size_t r = 0; r < rows; r++) {
            float s = alpha * v_hsum(v_add(a0[r], a1[r]));
            y[j + r] = beta == 0.0f ? s : s + beta * y[j + r];
        }
    }
}

// y: (n) output; W: (k, n) row stride ldw; x: (k). y = alpha * x^T W + beta * y.
// Column blocks of 8 vectors kept in registers while streaming the k rows.
VATTR void VNAME(rnnk_gemv_cols)(size_t n, size_t k, float alpha, const float *W, size_t ldw,
                                 const float *x, float beta, float *y) {
    const vfloat va = v_set1(alpha), vb = v_set1(beta);
    size_t j = 0;
    for (; j + 8 * VL <= n; j += 8 * VL) {
        vfloat acc[8];
        for (int v = 0; v < 8; v++) acc[v] = v_zero();
        for (size_t p = 0; p < k; p++) {
            const float *wr = W + p * ldw + j;
            vfloat xp = v_set1(x[p]);
            for (int v = 0; v < 8; v++) acc[v] = v_fma(xp, v_load(wr + v * VL), acc[v]);
        }
        for (int v = 0; v < 8; v++) {
            float *yv = y + j + v * VL;
            v_store(yv, beta == 0.0f ? v_mul(va, acc[v]) : v_fma(va, acc[v], v_mul(vb, v_load(yv))));
        }
    }
    for (; j < n; j += VL) { // remaining columns, one vector at a time
        size_t m = n - j;
        vfloat acc = v_zero();
        for (size_t p = 0; p < k; p++) acc = v_fma(v_set1(x[p]), v_loadn(W + p * ldw + j, m), acc);
        vfloat r = beta == 0.0f ? v_mul(va, acc) : v_fma(va, acc, v_mul(vb, v_loadn(y + j, m)));
        v_storen(y + j, r, m);
    }
}

// The pieces of the packed matrix-vector product, shared by rnnk_gemv_packed and
// rnnk_gemv_proj so that both compute every element the same way: the rows of k in two
// halves split at rnn_gemv_split(k, NR), each half in four chains (row q into chain
// q % 4, the last rows of the half into chain 0) summed in a fixed order, then the two
// halves added. On two threads each half is the part of h_prev one thread computes,
// so a thread can start its products on its own half before the other's is ready
// (the batch-1 scans of step.c); addition being commutative, the order of the halves
// does not change the bits.

// Rows [q, q + 4) of the panel p (k, NR) times x into the chains. The panels stream
// from L2 (a step's share of W_hh is sized to fit there) with the hardware prefetcher
// alone: asking for the lines 2 KB ahead in software was about 6% faster on an Intel
// Xeon when it was added, the same on an AMD Zen 4 and 10-30% slower on a Zen 5 (a
// stream step of the README's LSTM, 8.7 us against 7.5 without).
VINLINE void VNAME(gemv_rows4)(vfloat acc[4][GEMM_NV], const float *p, const float *x, size_t q) {
    RNN_UNROLL
    for (int u = 0; u < 4; u++) {
        vfloat xq = v_set1(x[q + u]);
        const float *pr = p + (q + u) * GEMM_NR;
        RNN_UNROLL
        for (int v = 0; v < GEMM_NV; v++) acc[u][v] = v_fma(xq, v_load(pr + v * VL), acc[u][v]);
    }
}

VINLINE void VNAME(gemv_chains_zero)(vfloat acc[4][GEMM_NV]) {
    for (int u = 0; u < 4; u++)
        for (int v = 0; v < GEMM_NV; v++) acc[u][v] = v_zero();
}

// Rows [q, k) of the panel (the last of a half, fewer than 4) into chain 0.
VINLINE void VNAME(gemv_rows_last)(vfloat acc[4][GEMM_NV], const float *p, const float *x, size_t q, size_t k) {
    for (; q < k; q++) {
        vfloat xq = v_set1(x[q]);
        for (int v = 0; v < GEMM_NV; v++) acc[0][v] = v_fma(xq, v_load(p + q * GEMM_NR + v * VL), acc[0][v]);
    }
}

// The chains' sum for vector v.
VINLINE vfloat VNAME(gemv_chains_sum)(vfloat acc[4][GEMM_NV], int v) {
    return v_add(v_add(acc[0][v], acc[1][v]), v_add(acc[2][v], acc[3][v]));
}

// One half: rows [q0, q1) of the panel (q0 a multiple of 4) into fresh chains.
VINLINE void VNAME(gemv_half)(vfloat acc[4][GEMM_NV], const float *p, const float *x, size_t q0, size_t q1) {
    VNAME(gemv_chains_zero)(acc);
    size_t q = q0;
    for (; q + 4 <= q1; q += 4) VNAME(gemv_rows4)(acc, p, x, q);
    VNAME(gemv_rows_last)(acc, p, x, q, q1);
}

// y: (n) output; P: ceil(n/NR) panels of (k, NR), panel stride k*NR (rnn_pack_b's
// layout for this level); x: (k). y = alpha * x^T P + beta * y.
VATTR void VNAME(rnnk_gemv_packed)(size_t n, size_t k, float alpha, const float *P,
                                   const float *x, float beta, float *y) {
    const size_t ks = rnn_gemv_split(k, GEMM_NR);
    const vfloat va = v_set1(alpha), vb = v_set1(beta);
    for (size_t jr = 0; jr < n; jr += GEMM_NR) {
        const float *p = P + (jr / GEMM_NR) * k * GEMM_NR;
        vfloat acc[4][GEMM_NV], first[GEMM_NV];
        VNAME(gemv_half)(acc, p, x, 0, ks);
        for (int v = 0; v < GEMM_NV; v++) first[v] = VNAME(gemv_chains_sum)(acc, v);
        VNAME(gemv_half)(acc, p, x, ks, k);
        for (size_t v = 0; v < GEMM_NV && jr + v * VL < n; v++) {
            vfloat sum = v_add(first[v], VNAME(gemv_chains_sum)(acc, (int)v));
            float *yv = y + jr + v * VL;
            size_t w = n - jr - v * VL; // lanes to store (v_storen keeps min(w, VL))
            v_storen(yv, beta == 0.0f ? v_mul(va, sum) : v_fma(va, sum, v_mul(vb, v_loadn(yv, w))), w);
        }
    }
}

#if RNN_SIMD == RNN_SIMD_AVX512
#define PROJ_ROWS RNN_PROJ_ROWS_avx512
_Static_assert(PROJ_ROWS <= RNN_PROJ_MAX_ROWS && PROJ_ROWS * GEMM_NR <= RNN_PROJ_MAX_ROWS * 32,
               "rnn_proj_work holds a tile");

// Projection tiles: PROJ_ROWS rows x NR columns, one chain of multiply-adds per element.
typedef struct {
    vfloat acc[PROJ_ROWS][GEMM_NV];
    size_t tile, q; // the tile under way and its next k
} VNAME(proj_state);

// One k of the tile under way; the tile is stored when its last k is done.
VINLINE void VNAME(proj_step)(VNAME(proj_state) *st, const rnn_proj_work *pw) {
    const size_t q = st->q;
    float *const *out = pw->out;
    const size_t col = pw->tcol[st->tile];
    if (q == 0) // the tile's output lines, asked for now so that its stores do not wait
        for (int r = 0; r < PROJ_ROWS; r++)
            if (out[r])
                for (int v = 0; v < GEMM_NV; v++) __builtin_prefetch(out[r] + col + v * VL, 1, 3);
    vfloat b[GEMM_NV];
    RNN_UNROLL
    for (int v = 0; v < GEMM_NV; v++) b[v] = v_load(pw->W[st->tile] + q * GEMM_NR + v * VL);
    const float *xq = pw->X + q * PROJ_ROWS; // the rows' inputs at k = q, side by side
    RNN_UNROLL
    for (int r = 0; r < PROJ_ROWS; r++) {
        vfloat a = v_set1(xq[r]);
        RNN_UNROLL
        for (int v = 0; v < GEMM_NV; v++) st->acc[r][v] = v_fma(a, b[v], st->acc[r][v]);
    }
    if (++st->q < pw->kin) return;
    RNN_UNROLL
    for (int r = 0; r < PROJ_ROWS; r++) {
        RNN_UNROLL
        for (int v = 0; v < GEMM_NV; v++) {
            if (out[r]) v_store(out[r] + col + v * VL, st->acc[r][v]);
            st->acc[r][v] = v_zero();
        }
    }
    st->q = 0;
    st->tile++;
}

// One half of a step's matrix-vector products, rows [k0, k1) of each panel (a half of
// rnn_gemv_split(k, NR)), for each of nseg segments of n columns (row q of the panel of
// columns [jr, jr + NR) of segment s at P[s] + (jr / NR) * pstride + q * NR: the packed
// layout, pstride k * NR, or one half's block of rnn_packed_b_halves): with y NULL,
// part[s * n + j] = this half's sum; otherwise
// y[s][j] = part[s * n + j] + this half's sum + beta * y[s][j], beta 0 or 1. Two calls,
// one per half, give rnnk_gemv_packed's bits with alpha 1 in either order; so does one
// call over all the rows (k0 = 0, k1 = k) with part NULL. In their shadow, `steps` k-steps
// of the projection pw (NULL: none), continuing where the last call left it: the
// products stream their panels from L2 and leave the FMA units idle about half the
// time, while a tile's inputs are a few kilobytes in L1 and its panel of W_ih streams
// beside W_hh (a microbenchmark: a 512 KiB share of W_hh with 8 steps x 64 columns x
// 128 of projection, 5.2-6.4 us alone, 6.7-7.3 with the projection after it, 5.8-7.0
// interleaved; a whole B=1 LSTM pass 7% faster). Each tile's sums are one chain of
// multiply-adds over k, so they are bitwise what rnn_sgemm_packed writes when kin fits
// one block of K (the caller sees to that).
VATTR void VNAME(rnnk_gemv_proj)(size_t nseg, const float *const *P, size_t pstride, size_t n, size_t k,
                                 size_t k0, size_t k1, float *part, const float *x, float beta, float *const *y,
                                 rnn_proj_work *pw, size_t steps) {
    VNAME(proj_state) st;
    size_t left = 0; // k-steps of projection still to do in this call
    st.tile = st.q = 0;
    if (pw && pw->tile < pw->ntiles) {
        st.tile = pw->tile, st.q = pw->q;
        const size_t remaining = (pw->ntiles - pw->tile) * pw->kin - pw->q;
        left = steps < remaining ? steps : remaining;
    }
    RNN_UNROLL
    for (int r = 0; r < PROJ_ROWS; r++) {
        RNN_UNROLL
        for (int v = 0; v < GEMM_NV; v++)
            st.acc[r][v] = st.q > 0 ? v_load(pw->acc + (r * GEMM_NV + v) * VL) : v_zero();
    }
    // One k of projection after every `every` groups of four rows of the products,
    // spread so that the last comes near their end; what is left runs after them.
    const size_t groups = nseg * ((n + GEMM_NR - 1) / GEMM_NR) * ((k1 - k0) / 4);
    const size_t every = left == 0 ? SIZE_MAX : groups / left > 1 ? groups / left : 1;
    size_t countdown = every;
    // Both halves in this call (all the rows, no part; the packed layout): panel by
    // panel, added as rnnk_gemv_packed adds them.
    const int whole = !part && y && k0 == 0 && k1 == k;
    const size_t ks = whole ? rnn_gemv_split(k, GEMM_NR) : k1;
    for (size_t s = 0; s < nseg; s++) {
        for (size_t jr = 0; jr < n; jr += GEMM_NR) {
            const float *p = P[s] + (jr / GEMM_NR) * pstride;
            vfloat acc[4][GEMM_NV], first[GEMM_NV];
            for (int half = 0; half < (whole ? 2 : 1); half++) {
                const size_t q0 = half == 0 ? k0 : ks, q1 = half == 0 ? ks : k;
                if (half == 1)
                    for (int v = 0; v < GEMM_NV; v++) first[v] = VNAME(gemv_chains_sum)(acc, v);
                VNAME(gemv_chains_zero)(acc);
                size_t q = q0;
                for (; q + 4 <= q1; q += 4) {
                    VNAME(gemv_rows4)(acc, p, x, q);
                    if (--countdown == 0) {
                        countdown = every;
                        if (left > 0) VNAME(proj_step)(&st, pw), left--;
                    }
                }
                VNAME(gemv_rows_last)(acc, p, x, q, q1);
            }
            for (size_t v = 0; v < GEMM_NV && jr + v * VL < n; v++) {
                vfloat sum = VNAME(gemv_chains_sum)(acc, (int)v);
                const size_t w = n - jr - v * VL, at = s * n + jr + v * VL;
                if (!y) {
                    v_storen(part + at, sum, w);
                    continue;
                }
                if (whole) sum = v_add(first[v], sum);
                else if (part) sum = v_add(v_loadn(part + at, w), sum);
                float *yv = y[s] + jr + v * VL;
                v_storen(yv, beta == 0.0f ? sum : v_add(sum, v_loadn(yv, w)), w);
            }
        }
    }
    for (; left > 0; left--) VNAME(proj_step)(&st, pw);
    if (pw) {
        pw->tile = st.tile, pw->q = st.q;
        RNN_UNROLL
        for (int r = 0; r < PROJ_ROWS; r++) {
            RNN_UNROLL
            for (int v = 0; v < GEMM_NV; v++) v_store(pw->acc + (r * GEMM_NV + v) * VL, st.acc[r][v]);
        }
    }
}
#undef PROJ_ROWS
#endif // RNN_SIMD_AVX512

#undef GEMM_MR
#undef GEMM_MRS
#undef GEMM_NV
#undef GEMM_NR

#endif // RNN_TEMPLATE_PASS
