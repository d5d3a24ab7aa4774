// vmath.h: exp, sigmoid and tanh written once against simd.h's vocabulary.
// Included by simd_instantiate.h once per level, right after simd.h. The
// accuracy of these functions is measured and stated in activations.c.

// exp(x) for x already clamped to [-87, 88] (so 2^n stays a normal float).
// Cephes expf: n = round(x / ln 2), r = x - n ln 2 in two parts (Cody-Waite),
// exp(r) by a degree-5 minimax polynomial on [-ln2/2, ln2/2], times 2^n.
VINLINE vfloat RNN_V(exp_clamped)(vfloat x) {
    vfloat n = v_round(v_mul(x, v_set1(1.44269504088896341f)));
    vfloat r = v_fnma(n, v_set1(0.693359375f), x);
    r = v_fnma(n, v_set1(-2.12194440e-4f), r);
    vfloat p = v_set1(1.9875691500e-4f);
    p = v_fma(p, r, v_set1(1.3981999507e-3f));
    p = v_fma(p, r, v_set1(8.3334519073e-3f));
    p = v_fma(p, r, v_set1(4.1665795894e-2f));
    p = v_fma(p, r, v_set1(1.6666665459e-1f));
    p = v_fma(p, r, v_set1(5.0000001201e-1f));
    p = v_fma(p, v_mul(r, r), v_add(r, v_set1(1.0f)));
    return v_mul(p, v_pow2i(n));
}
#define v_exp_clamped RNN_V(exp_clamped)

// exp(x) for x <= 88: exactly 0 below -87 (true value < 1.7e-38), NaN in, NaN out.
VINLINE vfloat RNN_V(exp_le88)(vfloat x) {
    vfloat t = v_min(v_max(x, v_set1(-87.0f)), v_set1(88.0f));
    vfloat e = v_exp_clamped(t);
    e = v_select(v_lt(x, v_set1(-87.0f)), v_zero(), e);
    return v_select(v_isnan(x), x, e);
}
#define v_exp_le88 RNN_V(exp_le88)

// sigmoid(x) = 1 / (1 + exp(-x)), with -x clamped to [-87, 87]: exactly 1 for
// x >= 17 (exp(-x) < 2^-25), exactly 0 for x < -87 (true value < 1.7e-38, so the
// result never goes subnormal). NaN lanes are blended back at the end because
// the clamps would turn them into numbers.
VINLINE vfloat RNN_V(sigmoid)(vfloat x) {
    vfloat t = v_min(v_max(v_sub(v_zero(), x), v_set1(-87.0f)), v_set1(87.0f));
    vfloat s = v_div(v_set1(1.0f), v_add(v_set1(1.0f), v_exp_clamped(t)));
    s = v_select(v_lt(x, v_set1(-87.0f)), v_zero(), s);
    return v_select(v_isnan(x), x, s);
}
#define v_sigmoid RNN_V(sigmoid)

// tanh(x): |tanh| from |x|: for |x| < 0.625 the odd polynomial |x| + |x|^3 P(x^2)
// (Cephes tanhf); above, 1 - 2 / (exp(2|x|) + 1); then the sign of x is restored.
// 2|x| is clamped to 87, so the result is exactly +-1 for |x| >= 9.1 and never
// Inf or NaN for finite input; NaN lanes are blended back.
VINLINE vfloat RNN_V(tanh)(vfloat x) {
    vfloat ax = v_abs(x);
    vfloat z = v_mul(x, x);
    vfloat p = v_set1(-5.70498872745e-3f);
    p = v_fma(p, z, v_set1(2.06390887954e-2f));
    p = v_fma(p, z, v_set1(-5.37397155531e-2f));
    p = v_fma(p, z, v_set1(1.33314422036e-1f));
    p = v_fma(p, z, v_set1(-3.33332819422e-1f));
    vfloat small = v_fma(v_mul(p, z), ax, ax); // |tanh|, odd polynomial on |x|
    vfloat e = v_exp_clamped(v_min(v_add(ax, ax), v_set1(87.0f)));
    vfloat q = v_div(v_set1(1.0f), v_add(e, v_set1(1.0f)));
    vfloat big = v_fnma(v_set1(2.0f), q, v_set1(1.0f)); // |tanh| = 1 - 2/(exp(2|x|)+1)
    vfloat r = v_select(v_lt(ax, v_set1(0.625f)), small, big);
    r = v_xor(r, v_signbit(x)); // sign of x restored (tanh(-0) = -0)
    return v_select(v_isnan(x), x, r);
}
#define v_tanh RNN_V(tanh)
