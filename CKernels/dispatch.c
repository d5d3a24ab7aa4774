// dispatch.c: ISA detection, RECURRENT_ISA, and the per-level kernel tables.
//
// The level is chosen once (pthread_once) on the first call of any kernel or of
// rnn_isa_active: RECURRENT_ISA when it names an available level, else the best
// level of this CPU. rnn_isa_set changes it later (tests, benchmarks). Library
// code never prints: rnn_isa_from_environment reports a bad RECURRENT_ISA to the
// caller instead.
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#if RNN_HAVE_X86
#include <cpuid.h>
#if defined(__APPLE__)
#include <sys/sysctl.h>
#endif
#endif

// MARK: - Tables

#define RNN_ROUND_DOWN(x, m) ((x) / (m) * (m))
// The levels without a fused projection kernel (see internal.h).
#define RNN_GEMV_PROJ_scalar NULL, 0
#define RNN_GEMV_PROJ_avx2 NULL, 0
#define RNN_GEMV_PROJ_avx512 rnnk_gemv_proj_avx512, RNN_PROJ_ROWS_avx512
#define RNN_GEMV_PROJ_neon NULL, 0
#define RNN_KERNEL_TABLE(S, ISA)                                                                   \
    {                                                                                              \
        ISA, rnnk_sigmoid##S, rnnk_tanh##S, rnnk_lstm_forward##S, rnnk_lstm_backward##S,           \
            rnnk_gru_forward##S, rnnk_gru_backward##S, rnnk_gru_rb_forward_gates##S,               \
            rnnk_gru_rb_forward_state##S, rnnk_gru_rb_backward_state##S,                           \
            rnnk_gru_rb_backward_gates##S, rnnk_rnn_forward##S, rnnk_rnn_backward##S,              \
            rnnk_add_bias_rows##S, rnnk_sum_rows##S, rnnk_adam##S, rnnk_softmax_xent##S, RNN_GEMM_MR##S,         \
            RNN_GEMM_MRS##S, RNN_GEMM_NV##S * RNN_VL##S, RNN_GEMM_KC##S, RNN_ROUND_DOWN(RNN_GEMM_MC_ROWS, RNN_GEMM_MR##S), \
            RNN_ROUND_DOWN(RNN_GEMM_NC_COLS, RNN_GEMM_NV##S * RNN_VL##S), rnnk_gemm_ukernel##S,    \
            rnnk_gemm_pack_a##S, rnnk_gemm_pack_b##S, rnnk_gemv_rows##S, rnnk_gemv_cols##S,        \
            rnnk_gemv_packed##S, RNN_GEMV_PROJ##S                                                  \
    }
#define RNN_VL_scalar 1
#define RNN_VL_avx2 8
#define RNN_VL_avx512 16
#define RNN_VL_neon 4

static const rnn_kernels k_scalar = RNN_KERNEL_TABLE(_scalar, RNN_ISA_SCALAR);
#if RNN_HAVE_X86
static const rnn_kernels k_avx2 = RNN_KERNEL_TABLE(_avx2, RNN_ISA_AVX2);
static const rnn_kernels k_avx512 = RNN_KERNEL_TABLE(_avx512, RNN_ISA_AVX512);
#endif
#if RNN_HAVE_NEON
static const rnn_kernels k_neon = RNN_KERNEL_TABLE(_neon, RNN_ISA_NEON);
#endif

const rnn_kernels *rnn_kernels_for(rnn_isa isa) {
    switch (isa) {
    case RNN_ISA_SCALAR: return &k_scalar;
#if RNN_HAVE_X86
    case RNN_ISA_AVX2: return &k_avx2;
    case RNN_ISA_AVX512: return &k_avx512;
#endif
#if RNN_HAVE_NEON
    case RNN_ISA_NEON: return &k_neon;
#endif
    default: return NULL;
    }
}

// MARK: - Detection

#if RNN_HAVE_X86
// XCR0 (which register states the OS saves), 0 when XGETBV is not enabled.
static uint64_t read_xcr0(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0; // OSXSAVE
    uint32_t lo, hi;
    __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static int detect_x86(int want_avx512) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int fma = (c >> 12) & 1, avx = (c >> 28) & 1;
    if (__get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
    uint64_t xcr0 = read_xcr0();
    int os_ymm = (xcr0 & 0x6) == 0x6;   // SSE + AVX state
    int os_zmm = (xcr0 & 0xE6) == 0xE6; // + opmask, ZMM_Hi256, Hi16_ZMM
#if defined(__APPLE__)
    // macOS enables AVX-512 state lazily: XCR0 lacks it until first use.
    if (want_avx512 && !os_zmm) {
        int v = 0;
        size_t len = sizeof v;
        if (sysctlbyname("hw.optional.avx512f", &v, &len, NULL, 0) == 0 && v) os_zmm = 1;
    }
#endif
    int have_avx2 = avx && avx2 && fma && os_ymm;
    return want_avx512 ? have_avx2 && avx512f && os_zmm : have_avx2;
}
#endif

static int g_available[4];
static pthread_once_t g_detect_once = PTHREAD_ONCE_INIT;

static void detect(void) {
    g_available[RNN_ISA_SCALAR] = 1;
#if RNN_HAVE_X86
    g_available[RNN_ISA_AVX2] = detect_x86(0);
    g_available[RNN_ISA_AVX512] = detect_x86(1);
#endif
#if RNN_HAVE_NEON
    g_available[RNN_ISA_NEON] = 1; // Advanced SIMD is mandatory on aarch64
#endif
}

static int valid_isa(int isa) { return isa >= RNN_ISA_SCALAR && isa <= RNN_ISA_NEON; }

int rnn_isa_available(rnn_isa isa) {
    if (!valid_isa((int)isa)) return 0;
    pthread_once(&g_detect_once, detect);
    return g_available[isa];
}

rnn_isa rnn_isa_best(void) {
    if (rnn_isa_available(RNN_ISA_AVX512)) return RNN_ISA_AVX512;
    if (rnn_isa_available(RNN_ISA_AVX2)) return RNN_ISA_AVX2;
    if (rnn_isa_available(RNN_ISA_NEON)) return RNN_ISA_NEON;
    return RNN_ISA_SCALAR;
}

// MARK: - Names and environment

static const char *const k_names[4] = {"scalar", "avx2", "avx512", "neon"};

const char *rnn_isa_name(rnn_isa isa) { return valid_isa((int)isa) ? k_names[isa] : "unknown"; }

rnn_status rnn_isa_parse(const char *name, rnn_isa *isa) {
    if (!name || !isa) return RNN_ERR_ARGUMENT;
    for (int i = 0; i < 4; i++) {
        const char *a = name, *b = k_names[i];
        while (*a && *b && (*a | 0x20) == *b) a++, b++; // ASCII case-insensitive
        if (!*a && !*b) {
            *isa = (rnn_isa)i;
            return RNN_OK;
        }
    }
    return RNN_ERR_ISA_UNKNOWN;
}

rnn_status rnn_isa_from_environment(rnn_isa *isa) {
    if (!isa) return RNN_ERR_ARGUMENT;
    rnn_isa best = rnn_isa_best();
    *isa = best;
    const char *env = getenv("RECURRENT_ISA");
    if (!env || !*env) return RNN_OK;
    rnn_isa want;
    if (rnn_isa_parse(env, &want) != RNN_OK) return RNN_ERR_ISA_UNKNOWN;
    if (!rnn_isa_available(want)) return RNN_ERR_ISA_UNAVAILABLE;
    *isa = want;
    return RNN_OK;
}

// MARK: - Active level

static _Atomic(const rnn_kernels *) g_active;
static pthread_once_t g_active_once = PTHREAD_ONCE_INIT;

static void choose_active(void) {
    rnn_isa isa;
    (void)rnn_isa_from_environment(&isa); // on error isa is the best level
    atomic_store(&g_active, rnn_kernels_for(isa));
}

const rnn_kernels *rnn_kernels_active(void) {
    const rnn_kernels *k = atomic_load_explicit(&g_active, memory_order_acquire);
    if (RNN_LIKELY(k != NULL)) return k;
    pthread_once(&g_active_once, choose_active);
    return atomic_load(&g_active);
}

rnn_isa rnn_isa_active(void) { return rnn_kernels_active()->isa; }

rnn_status rnn_isa_set(rnn_isa isa) {
    if (!valid_isa((int)isa)) return RNN_ERR_ISA_UNKNOWN;
    if (!rnn_isa_available(isa)) return RNN_ERR_ISA_UNAVAILABLE;
    pthread_once(&g_active_once, choose_active); // so a later first use does not override
    atomic_store(&g_active, rnn_kernels_for(isa));
    return RNN_OK;
}
