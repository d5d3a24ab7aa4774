// simd_instantiate.h: compiles the template file RNN_TEMPLATE once per ISA level
// of this build (scalar everywhere; AVX2 and AVX-512 on x86_64; NEON on aarch64).
// Each pass includes simd.h (the level's vocabulary), vmath.h (exp, sigmoid,
// tanh on it) and then the template, whose functions are named with VNAME().
// Include it once per translation unit, after defining RNN_TEMPLATE.

#define RNN_SIMD 0
#include "simd.h"
#include "vmath.h"
#include RNN_TEMPLATE
#undef RNN_SIMD

#if RNN_HAVE_X86
#define RNN_SIMD 1
#include "simd.h"
#include "vmath.h"
#include RNN_TEMPLATE
#undef RNN_SIMD

#define RNN_SIMD 2
#include "simd.h"
#include "vmath.h"
#include RNN_TEMPLATE
#undef RNN_SIMD
#endif

#if RNN_HAVE_NEON
#define RNN_SIMD 3
#include "simd.h"
#include "vmath.h"
#include RNN_TEMPLATE
#undef RNN_SIMD
#endif
