// matmul_bench.c: GFLOP/s of rnn_sgemm (plain and prepacked B) against the naive
// triple loop, for square sizes and RNN-shaped products, on 1 and 2 threads.
// Build and run with Benchmarks/matmul_bench.sh. Arguments: [isa] (e.g. scalar).
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "CRecurrent.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static float *make(size_t n) {
    float *p = malloc(n * sizeof(float));
    if (!p) exit(2);
    for (size_t i = 0; i < n; i++) p[i] = (float)((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
    return p;
}

typedef enum { PLAIN, PACKED, NAIVE } mode;

// Best of several runs (at least ~0.2 s in total), in GFLOP/s.
static double measure(mode md, int ta, int tb, size_t M, size_t N, size_t K) {
    size_t lda = ta ? M : K, ldb = tb ? K : N;
    float *A = make(M * K), *B = make(K * N), *C = make(M * N);
    rnn_packed_b *p = NULL;
    if (md == PACKED && rnn_pack_b(&p, tb, K, N, B, ldb) != RNN_OK) return -1;
    double best = 1e30, total = 0;
    for (int r = 0; r < 50 && (r < 3 || total < 0.2); r++) {
        double t0 = now_s();
        if (md == PLAIN) rnn_sgemm(ta, tb, M, N, K, 1.0f, A, lda, B, ldb, 0.0f, C, N);
        else if (md == PACKED) rnn_sgemm_packed(M, 1.0f, A, lda, p, 0.0f, C, N);
        else rnn_sgemm_naive(ta, tb, M, N, K, 1.0f, A, lda, B, ldb, 0.0f, C, N);
        double t = now_s() - t0;
        total += t;
        if (t < best) best = t;
        if (md == NAIVE && total > 1.0) break;
    }
    rnn_packed_b_free(p);
    free(A), free(B), free(C);
    return 2.0 * (double)M * (double)N * (double)K / best * 1e-9;
}

int main(int argc, char **argv) {
    if (argc > 1) {
        rnn_isa isa;
        if (rnn_isa_parse(argv[1], &isa) != RNN_OK || rnn_isa_set(isa) != RNN_OK) {
            fprintf(stderr, "matmul_bench: level %s is unknown or unavailable\n", argv[1]);
            return 1;
        }
    }
    printf("level %s (best %s), GFLOP/s, best of repeated runs\n", rnn_isa_name(rnn_isa_active()),
           rnn_isa_name(rnn_isa_best()));
    printf("%-28s %9s %9s %9s %9s %9s\n", "M x N x K (ta,tb)", "naive", "1 thr", "2 thr", "packed1", "packed2");
    struct { size_t M, N, K; int ta, tb; const char *what; } cases[] = {
        {64, 64, 64, 0, 0, ""},       {128, 128, 128, 0, 0, ""},   {256, 256, 256, 0, 0, ""},
        {512, 512, 512, 0, 0, ""},    {1024, 1024, 1024, 0, 0, ""}, {1024, 1024, 1024, 0, 1, ""},
        {1024, 1024, 1024, 1, 0, ""}, {2048, 2048, 2048, 0, 0, ""},
        {32, 4096, 1024, 0, 1, "batch 32 x W^T"}, {1, 4096, 1024, 0, 1, "gemv W x"},
        {1, 4096, 1024, 0, 0, "gemv x^T W"},     {1, 1024, 256, 0, 1, "small gemv"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t M = cases[i].M, N = cases[i].N, K = cases[i].K;
        int ta = cases[i].ta, tb = cases[i].tb;
        char name[64];
        snprintf(name, sizeof name, "%zux%zux%zu (%d,%d)", M, N, K, ta, tb);
        double nv = M * N * K <= (size_t)512 * 512 * 512 || M == 1 ? measure(NAIVE, ta, tb, M, N, K) : 0;
        rnn_set_num_threads(1);
        double g1 = measure(PLAIN, ta, tb, M, N, K);
        double p1 = ta ? 0 : measure(PACKED, ta, tb, M, N, K);
        rnn_set_num_threads(2);
        double g2 = measure(PLAIN, ta, tb, M, N, K);
        double p2 = ta ? 0 : measure(PACKED, ta, tb, M, N, K);
        printf("%-28s %9.2f %9.1f %9.1f %9.1f %9.1f  %s\n", name, nv, g1, g2, p1, p2, cases[i].what);
        fflush(stdout);
    }
    return 0;
}
