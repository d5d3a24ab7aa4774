// simd.h: the small vector vocabulary the kernels are written against (ggml style).
//
// Included by simd_instantiate.h once per ISA level, with RNN_SIMD set to the
// level; each inclusion defines that level's ops (prefix scalar_, avx2_, avx512_,
// neon_) and points the generic names below at them. A template written with
// the generic names therefore compiles to one function per level, named by
// VNAME(x) = x_<level>, each carrying VATTR (the level's target attribute).
//
//   vfloat, vmask         vector of VL floats, lane mask
//   v_load(p)             VL floats from p (unaligned)
//   v_loadn(p, m)         min(m, VL) floats from p, other lanes 0 (never reads past p[m-1])
//   v_store(p, a)         v_storen(p, a, m): VL or min(m, VL) lanes
//   v_set1(x), v_zero()
//   v_add v_sub v_mul v_div v_min v_max   lane-wise; min/max NaN handling unspecified
//   v_sqrt(a)             lane-wise, correctly rounded
//   v_fma(a, b, c)        a * b + c (fused on the vector levels)
//   v_fnma(a, b, c)       c - a * b
//   v_abs(a), v_xor(a, b) (bitwise), v_signbit(a) (a with all but the sign bits cleared)
//   v_lt(a, b), v_isnan(a) -> vmask;  v_select(m, a, b) = m ? a : b
//   v_round(a)            nearest integer, ties to even
//   v_pow2i(n)            2^n for integer-valued n in [-126, 127]
//   v_hsum(a), v_hmax(a)  horizontal sum / max in a fixed order
//
// Every function is static inline always_inline, so -O0 builds (SwiftPM debug)
// still inline the vocabulary into the kernels.

#ifndef RNN_SIMD_H_ONCE
#define RNN_SIMD_H_ONCE

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

#if RNN_HAVE_X86
#include <immintrin.h>
#endif
#if RNN_HAVE_NEON
#include <arm_neon.h>
#endif

#define RNN_SIMD_SCALAR 0
#define RNN_SIMD_AVX2 1
#define RNN_SIMD_AVX512 2
#define RNN_SIMD_NEON 3

#define RNN_CAT_(a, b) a##b
#define RNN_CAT(a, b) RNN_CAT_(a, b)
#define RNN_V(op) RNN_CAT(RNN_VPFX, op)
#define VNAME(name) RNN_CAT(name, RNN_VSFX)

#define vfloat RNN_V(vfloat)
#define vmask RNN_V(vmask)
#define v_load RNN_V(load)
#define v_loadn RNN_V(loadn)
#define v_store RNN_V(store)
#define v_storen RNN_V(storen)
#define v_set1 RNN_V(set1)
#define v_zero RNN_V(zero)
#define v_add RNN_V(add)
#define v_sub RNN_V(sub)
#define v_mul RNN_V(mul)
#define v_div RNN_V(div)
#define v_sqrt RNN_V(sqrt)
#define v_min RNN_V(min)
#define v_max RNN_V(max)
#define v_fma RNN_V(fma)
#define v_fnma RNN_V(fnma)
#define v_abs RNN_V(abs)
#define v_xor RNN_V(xor)
#define v_signbit RNN_V(signbit)
#define v_lt RNN_V(lt)
#define v_isnan RNN_V(isnan)
#define v_select RNN_V(select)
#define v_round RNN_V(round)
#define v_pow2i RNN_V(pow2i)
#define v_hsum RNN_V(hsum)
#define v_hmax RNN_V(hmax)

#endif // RNN_SIMD_H_ONCE

#undef VL
#undef VATTR
#undef VINLINE
#undef RNN_VPFX
#undef RNN_VSFX
#undef RNN_GEMM_MR
#undef RNN_GEMM_MRS
#undef RNN_GEMM_NV

// MARK: - scalar (portable C, one lane)
#if RNN_SIMD == RNN_SIMD_SCALAR

#define VL 1
#define VATTR
#if defined(__GNUC__) || defined(__clang__)
#define VINLINE static inline __attribute__((always_inline))
#else
#define VINLINE static inline
#endif
#define RNN_VPFX scalar_
#define RNN_VSFX _scalar
#define RNN_GEMM_MR RNN_GEMM_MR_scalar
#define RNN_GEMM_MRS RNN_GEMM_MRS_scalar
#define RNN_GEMM_NV RNN_GEMM_NV_scalar

typedef float scalar_vfloat;
typedef int scalar_vmask;
VINLINE float scalar_load(const float *p) { return *p; }
VINLINE float scalar_loadn(const float *p, size_t m) { (void)m; return *p; }
VINLINE void scalar_store(float *p, float a) { *p = a; }
VINLINE void scalar_storen(float *p, float a, size_t m) { (void)m; *p = a; }
VINLINE float scalar_set1(float x) { return x; }
VINLINE float scalar_zero(void) { return 0.0f; }
VINLINE float scalar_add(float a, float b) { return a + b; }
VINLINE float scalar_sub(float a, float b) { return a - b; }
VINLINE float scalar_mul(float a, float b) { return a * b; }
VINLINE float scalar_div(float a, float b) { return a / b; }
VINLINE float scalar_sqrt(float a) { return sqrtf(a); }
VINLINE float scalar_min(float a, float b) { return a < b ? a : b; }
VINLINE float scalar_max(float a, float b) { return a > b ? a : b; }
VINLINE float scalar_fma(float a, float b, float c) { return a * b + c; }
VINLINE float scalar_fnma(float a, float b, float c) { return c - a * b; }
VINLINE float scalar_abs(float a) { return fabsf(a); }
VINLINE uint32_t scalar_bits_(float a) { uint32_t u; memcpy(&u, &a, 4); return u; }
VINLINE float scalar_float_(uint32_t u) { float a; memcpy(&a, &u, 4); return a; }
VINLINE float scalar_xor(float a, float b) { return scalar_float_(scalar_bits_(a) ^ scalar_bits_(b)); }
VINLINE float scalar_signbit(float a) { return scalar_float_(scalar_bits_(a) & 0x80000000u); }
VINLINE int scalar_lt(float a, float b) { return a < b; }
VINLINE int scalar_isnan(float a) { return a != a; }
VINLINE float scalar_select(int m, float a, float b) { return m ? a : b; }
VINLINE float scalar_round(float a) { return rintf(a); }
VINLINE float scalar_pow2i(float n) { return scalar_float_((uint32_t)((int32_t)n + 127) << 23); }
VINLINE float scalar_hsum(float a) { return a; }
VINLINE float scalar_hmax(float a) { return a; }

// MARK: - AVX2 + FMA (x86_64)
#elif RNN_SIMD == RNN_SIMD_AVX2

#define VL 8
#define VATTR __attribute__((target("avx2,fma")))
#define VINLINE static inline __attribute__((always_inline, target("avx2,fma")))
#define RNN_VPFX avx2_
#define RNN_VSFX _avx2
#define RNN_GEMM_MR RNN_GEMM_MR_avx2
#define RNN_GEMM_MRS RNN_GEMM_MRS_avx2
#define RNN_GEMM_NV RNN_GEMM_NV_avx2

typedef __m256 avx2_vfloat;
typedef __m256 avx2_vmask;
// Lane masks for partial loads: loadu(avx2_tail_ + 8 - m) has m leading lanes set.
static const int32_t avx2_tail_[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
VINLINE __m256 avx2_load(const float *p) { return _mm256_loadu_ps(p); }
VINLINE __m256 avx2_loadn(const float *p, size_t m) {
    if (m >= 8) return _mm256_loadu_ps(p);
    return _mm256_maskload_ps(p, _mm256_loadu_si256((const __m256i *)(avx2_tail_ + 8 - m)));
}
VINLINE void avx2_store(float *p, __m256 a) { _mm256_storeu_ps(p, a); }
VINLINE void avx2_storen(float *p, __m256 a, size_t m) {
    if (m >= 8) _mm256_storeu_ps(p, a);
    else _mm256_maskstore_ps(p, _mm256_loadu_si256((const __m256i *)(avx2_tail_ + 8 - m)), a);
}
VINLINE __m256 avx2_set1(float x) { return _mm256_set1_ps(x); }
VINLINE __m256 avx2_zero(void) { return _mm256_setzero_ps(); }
VINLINE __m256 avx2_add(__m256 a, __m256 b) { return _mm256_add_ps(a, b); }
VINLINE __m256 avx2_sub(__m256 a, __m256 b) { return _mm256_sub_ps(a, b); }
VINLINE __m256 avx2_mul(__m256 a, __m256 b) { return _mm256_mul_ps(a, b); }
VINLINE __m256 avx2_div(__m256 a, __m256 b) { return _mm256_div_ps(a, b); }
VINLINE __m256 avx2_sqrt(__m256 a) { return _mm256_sqrt_ps(a); }
VINLINE __m256 avx2_min(__m256 a, __m256 b) { return _mm256_min_ps(a, b); }
VINLINE __m256 avx2_max(__m256 a, __m256 b) { return _mm256_max_ps(a, b); }
VINLINE __m256 avx2_fma(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }
VINLINE __m256 avx2_fnma(__m256 a, __m256 b, __m256 c) { return _mm256_fnmadd_ps(a, b, c); }
VINLINE __m256 avx2_abs(__m256 a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a); }
VINLINE __m256 avx2_xor(__m256 a, __m256 b) { return _mm256_xor_ps(a, b); }
VINLINE __m256 avx2_signbit(__m256 a) { return _mm256_and_ps(_mm256_set1_ps(-0.0f), a); }
VINLINE __m256 avx2_lt(__m256 a, __m256 b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
VINLINE __m256 avx2_isnan(__m256 a) { return _mm256_cmp_ps(a, a, _CMP_UNORD_Q); }
VINLINE __m256 avx2_select(__m256 m, __m256 a, __m256 b) { return _mm256_blendv_ps(b, a, m); }
VINLINE __m256 avx2_round(__m256 a) {
    return _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}
VINLINE __m256 avx2_pow2i(__m256 n) {
    __m256i e = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
    return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
}
VINLINE float avx2_hsum(__m256 a) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
VINLINE float avx2_hmax(__m256 a) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// MARK: - AVX-512F (x86_64); mirrors AVX2 lane for lane with 16 lanes
#elif RNN_SIMD == RNN_SIMD_AVX512

#define VL 16
#define VATTR __attribute__((target("avx512f,avx2,fma")))
#define VINLINE static inline __attribute__((always_inline, target("avx512f,avx2,fma")))
#define RNN_VPFX avx512_
#define RNN_VSFX _avx512
#define RNN_GEMM_MR RNN_GEMM_MR_avx512
#define RNN_GEMM_MRS RNN_GEMM_MRS_avx512
#define RNN_GEMM_NV RNN_GEMM_NV_avx512

typedef __m512 avx512_vfloat;
typedef __mmask16 avx512_vmask;
VINLINE __mmask16 avx512_tail_(size_t m) { return m >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << m) - 1u); }
VINLINE __m512 avx512_load(const float *p) { return _mm512_loadu_ps(p); }
VINLINE __m512 avx512_loadn(const float *p, size_t m) { return _mm512_maskz_loadu_ps(avx512_tail_(m), p); }
VINLINE void avx512_store(float *p, __m512 a) { _mm512_storeu_ps(p, a); }
VINLINE void avx512_storen(float *p, __m512 a, size_t m) { _mm512_mask_storeu_ps(p, avx512_tail_(m), a); }
VINLINE __m512 avx512_set1(float x) { return _mm512_set1_ps(x); }
VINLINE __m512 avx512_zero(void) { return _mm512_setzero_ps(); }
VINLINE __m512 avx512_add(__m512 a, __m512 b) { return _mm512_add_ps(a, b); }
VINLINE __m512 avx512_sub(__m512 a, __m512 b) { return _mm512_sub_ps(a, b); }
VINLINE __m512 avx512_mul(__m512 a, __m512 b) { return _mm512_mul_ps(a, b); }
VINLINE __m512 avx512_div(__m512 a, __m512 b) { return _mm512_div_ps(a, b); }
VINLINE __m512 avx512_sqrt(__m512 a) { return _mm512_sqrt_ps(a); }
VINLINE __m512 avx512_min(__m512 a, __m512 b) { return _mm512_min_ps(a, b); }
VINLINE __m512 avx512_max(__m512 a, __m512 b) { return _mm512_max_ps(a, b); }
VINLINE __m512 avx512_fma(__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); }
VINLINE __m512 avx512_fnma(__m512 a, __m512 b, __m512 c) { return _mm512_fnmadd_ps(a, b, c); }
// Bitwise float ops need AVX512DQ; go through the integer domain (AVX512F only).
VINLINE __m512 avx512_abs(__m512 a) {
    return _mm512_castsi512_ps(_mm512_and_epi32(_mm512_castps_si512(a), _mm512_set1_epi32(0x7FFFFFFF)));
}
VINLINE __m512 avx512_xor(__m512 a, __m512 b) {
    return _mm512_castsi512_ps(_mm512_xor_epi32(_mm512_castps_si512(a), _mm512_castps_si512(b)));
}
VINLINE __m512 avx512_signbit(__m512 a) {
    return _mm512_castsi512_ps(
        _mm512_and_epi32(_mm512_castps_si512(a), _mm512_set1_epi32((int)0x80000000u)));
}
VINLINE __mmask16 avx512_lt(__m512 a, __m512 b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
VINLINE __mmask16 avx512_isnan(__m512 a) { return _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
VINLINE __m512 avx512_select(__mmask16 m, __m512 a, __m512 b) { return _mm512_mask_blend_ps(m, b, a); }
VINLINE __m512 avx512_round(__m512 a) {
    return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}
VINLINE __m512 avx512_pow2i(__m512 n) {
    __m512i e = _mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127));
    return _mm512_castsi512_ps(_mm512_slli_epi32(e, 23));
}
// Same pairing order as AVX2: halves, then the 128-bit reduction.
VINLINE float avx512_hsum(__m512 a) {
    __m256 lo = _mm512_castps512_ps256(a);
    __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1));
    __m256 h = _mm256_add_ps(lo, hi);
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
VINLINE float avx512_hmax(__m512 a) {
    __m256 lo = _mm512_castps512_ps256(a);
    __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1));
    __m256 h = _mm256_max_ps(lo, hi);
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// MARK: - NEON (aarch64 Advanced SIMD)
#elif RNN_SIMD == RNN_SIMD_NEON

#define VL 4
#define VATTR
#define VINLINE static inline __attribute__((always_inline))
#define RNN_VPFX neon_
#define RNN_VSFX _neon
#define RNN_GEMM_MR RNN_GEMM_MR_neon
#define RNN_GEMM_MRS RNN_GEMM_MRS_neon
#define RNN_GEMM_NV RNN_GEMM_NV_neon

typedef float32x4_t neon_vfloat;
typedef uint32x4_t neon_vmask;
VINLINE float32x4_t neon_load(const float *p) { return vld1q_f32(p); }
VINLINE float32x4_t neon_loadn(const float *p, size_t m) {
    if (m >= 4) return vld1q_f32(p);
    float t[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    memcpy(t, p, m * sizeof(float));
    return vld1q_f32(t);
}
VINLINE void neon_store(float *p, float32x4_t a) { vst1q_f32(p, a); }
VINLINE void neon_storen(float *p, float32x4_t a, size_t m) {
    if (m >= 4) { vst1q_f32(p, a); return; }
    float t[4];
    vst1q_f32(t, a);
    memcpy(p, t, m * sizeof(float));
}
VINLINE float32x4_t neon_set1(float x) { return vdupq_n_f32(x); }
VINLINE float32x4_t neon_zero(void) { return vdupq_n_f32(0.0f); }
VINLINE float32x4_t neon_add(float32x4_t a, float32x4_t b) { return vaddq_f32(a, b); }
VINLINE float32x4_t neon_sub(float32x4_t a, float32x4_t b) { return vsubq_f32(a, b); }
VINLINE float32x4_t neon_mul(float32x4_t a, float32x4_t b) { return vmulq_f32(a, b); }
VINLINE float32x4_t neon_div(float32x4_t a, float32x4_t b) { return vdivq_f32(a, b); }
VINLINE float32x4_t neon_sqrt(float32x4_t a) { return vsqrtq_f32(a); }
VINLINE float32x4_t neon_min(float32x4_t a, float32x4_t b) { return vminq_f32(a, b); }
VINLINE float32x4_t neon_max(float32x4_t a, float32x4_t b) { return vmaxq_f32(a, b); }
VINLINE float32x4_t neon_fma(float32x4_t a, float32x4_t b, float32x4_t c) { return vfmaq_f32(c, a, b); }
VINLINE float32x4_t neon_fnma(float32x4_t a, float32x4_t b, float32x4_t c) { return vfmsq_f32(c, a, b); }
VINLINE float32x4_t neon_abs(float32x4_t a) { return vabsq_f32(a); }
VINLINE float32x4_t neon_xor(float32x4_t a, float32x4_t b) {
    return vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(a), vreinterpretq_u32_f32(b)));
}
VINLINE float32x4_t neon_signbit(float32x4_t a) {
    return vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(a), vdupq_n_u32(0x80000000u)));
}
VINLINE uint32x4_t neon_lt(float32x4_t a, float32x4_t b) { return vcltq_f32(a, b); }
VINLINE uint32x4_t neon_isnan(float32x4_t a) { return vmvnq_u32(vceqq_f32(a, a)); }
VINLINE float32x4_t neon_select(uint32x4_t m, float32x4_t a, float32x4_t b) { return vbslq_f32(m, a, b); }
VINLINE float32x4_t neon_round(float32x4_t a) { return vrndnq_f32(a); }
VINLINE float32x4_t neon_pow2i(float32x4_t n) {
    int32x4_t e = vaddq_s32(vcvtnq_s32_f32(n), vdupq_n_s32(127));
    return vreinterpretq_f32_s32(vshlq_n_s32(e, 23));
}
// Pairing order (0+2, 1+3), then the two partial sums: as AVX2's 128-bit step.
VINLINE float neon_hsum(float32x4_t a) {
    float32x2_t s = vadd_f32(vget_low_f32(a), vget_high_f32(a));
    return vget_lane_f32(s, 0) + vget_lane_f32(s, 1);
}
VINLINE float neon_hmax(float32x4_t a) { return vmaxvq_f32(a); }

#else
#error "simd.h: RNN_SIMD must name a level"
#endif
