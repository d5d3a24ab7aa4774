// activations.c: sigmoid and tanh over arrays.
//
// Algorithms (vmath.h, shared by every level): sigmoid = 1 / (1 + exp(-x)) with
// a Cephes-style exp; tanh = odd polynomial for |x| < 0.625, 1 - 2/(exp(2|x|)+1)
// above. Arguments are clamped before exp, saturation is exact and NaN lanes are
// blended back after the clamps.
//
// Measured maximum absolute error against double precision (kernel_test.c:
// every 1e-4 over [-20, 20], every 1e-6 over [-1, 1], plus special values):
//   sigmoid: 8.86e-08 (worst near x = 8.654)
//   tanh:    7.96e-08 (worst near x = -0.6401, just above the polynomial range)
// identical at the scalar, AVX2 and AVX-512 levels (x86_64: a Xeon and a Zen 4 EPYC)
// and at the NEON level (aarch64 under qemu).
// Bound checked by the tests: 2e-7. Saturation is exact: sigmoid is 1 for
// x >= 17 and 0 for x < -87; tanh is +-1 for |x| >= 9.1.
#ifndef RNN_TEMPLATE_PASS

#include "internal.h"

rnn_status rnn_sigmoid_forward(float *out, const float *in, size_t n) {
    if (n == 0) return RNN_OK;
    if (!out || !in) return RNN_ERR_ARGUMENT;
    rnn_kernels_active()->sigmoid(out, in, n);
    return RNN_OK;
}

rnn_status rnn_tanh_forward(float *out, const float *in, size_t n) {
    if (n == 0) return RNN_OK;
    if (!out || !in) return RNN_ERR_ARGUMENT;
    rnn_kernels_active()->tanh(out, in, n);
    return RNN_OK;
}

#define RNN_TEMPLATE_PASS
#define RNN_TEMPLATE "activations.c"
#include "simd_instantiate.h"

#else // RNN_TEMPLATE_PASS: the kernels, once per level

// out: (n); in: (n). out may alias in.
VATTR void VNAME(rnnk_sigmoid)(float *out, const float *in, size_t n) {
    for (size_t i = 0; i < n; i += VL) v_storen(out + i, v_sigmoid(v_loadn(in + i, n - i)), n - i);
}

// out: (n); in: (n). out may alias in.
VATTR void VNAME(rnnk_tanh)(float *out, const float *in, size_t n) {
    for (size_t i = 0; i < n; i += VL) v_storen(out + i, v_tanh(v_loadn(in + i, n - i)), n - i);
}

#endif // RNN_TEMPLATE_PASS
