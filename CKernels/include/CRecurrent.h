// CRecurrent: the C core of the Recurrent package. Not public Swift API.
//
// Fused gate kernels (forward and backward), vectorised activations and the
// matrix multiply, each in AVX-512, AVX2+FMA, NEON and scalar versions. The
// level is chosen once at run time (CPU features, or RECURRENT_ISA) and every
// public entry point below goes through that choice.
//
// Size letters used in shape comments:
//   B = batch rows processed by this call, H = hidden size,
//   M, N, K = matrix-multiply sizes (C is M x N, the shared dimension is K).
// All matrices are row-major and contiguous unless a leading dimension is given.
// Argument order follows llm.c: outputs, then buffers saved for backward, then
// inputs, then weights, then sizes. Kernels never print or exit: they return a
// status code. In-place use is allowed only where a comment says so.
#ifndef CRECURRENT_H
#define CRECURRENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Status and dispatch

typedef enum {
    RNN_OK = 0,
    RNN_ERR_ARGUMENT = 1,        // a null pointer, a bad size or a bad leading dimension
    RNN_ERR_ISA_UNKNOWN = 2,     // RECURRENT_ISA names no level this library knows
    RNN_ERR_ISA_UNAVAILABLE = 3, // the level exists but this CPU (or build) lacks it
    RNN_ERR_NO_MEMORY = 4,
} rnn_status;

typedef enum {
    RNN_ISA_SCALAR = 0,
    RNN_ISA_AVX2 = 1,   // AVX2 + FMA (x86_64)
    RNN_ISA_AVX512 = 2, // AVX-512F (x86_64)
    RNN_ISA_NEON = 3,   // Advanced SIMD (aarch64)
} rnn_isa;

/// Short lowercase name of a level: "scalar", "avx2", "avx512", "neon".
const char *rnn_isa_name(rnn_isa isa);
/// 1 when this CPU and this build can run `isa`, else 0.
int rnn_isa_available(rnn_isa isa);
/// The best level this CPU supports.
rnn_isa rnn_isa_best(void);
/// The level in use. The first call of any kernel (or of this function) chooses it:
/// RECURRENT_ISA when set and valid, otherwise the best level.
rnn_isa rnn_isa_active(void);
/// Forces a level. RNN_ERR_ISA_UNAVAILABLE when the CPU lacks it (nothing changes).
rnn_status rnn_isa_set(rnn_isa isa);
/// Parses a level name ("scalar", "avx2", "avx512", "neon") into *isa.
rnn_status rnn_isa_parse(const char *name, rnn_isa *isa);
/// Reads RECURRENT_ISA. Unset or empty: RNN_OK and the best level. A known,
/// available name: RNN_OK and that level. Otherwise the error, and *isa is the best level.
/// Callers that want to report a bad RECURRENT_ISA call this once at start-up.
rnn_status rnn_isa_from_environment(rnn_isa *isa);

// MARK: - Threads

/// Number of threads the matrix multiply may use (default: online cores).
/// n <= 0 restores the default. Worker threads are persistent and are
/// created on first use; they flush denormals to zero.
void rnn_set_num_threads(int n);
int rnn_get_num_threads(void);

// MARK: - Activations
// Maximum absolute errors against a double-precision reference are stated in
// activations.c and checked by the tests (bound: 2e-7). Saturation is exact
// for large |x| (no Inf or NaN for finite input up to +-1e30); NaN in, NaN out.
// out may alias in.

rnn_status rnn_sigmoid_forward(float *out, const float *in, size_t n);
rnn_status rnn_tanh_forward(float *out, const float *in, size_t n);

// MARK: - LSTM (PyTorch gate order i, f, g, o)
//   i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g), o = sigmoid(a_o)
//   c' = f * c + i * g,  h' = o * tanh(c')

/// gates: (B, 4H); on entry the pre-activation sums a (input projection +
/// recurrent projection + both biases), on exit the activations (i, f, g, o),
/// which backward needs. h and c: (B, H) outputs; c_prev: (B, H).
/// c may alias c_prev.
rnn_status rnn_lstm_forward(float *h, float *c, float *gates, const float *c_prev,
                            size_t B, size_t H);

/// dgates: (B, 4H) output, the gradient of the pre-activations a.
/// dc_prev: (B, H) output, the gradient flowing into c_prev (= dc_total * f).
/// dh: (B, H) gradient of h'; dc: (B, H) gradient of c' from the future, or NULL for zero.
/// gates: (B, 4H) activations saved by forward; c_prev, c: (B, H) saved states.
/// dc_prev may alias dc. The gradient of h_prev is dgates x W_hh (a matrix multiply, not here).
rnn_status rnn_lstm_backward(float *dgates, float *dc_prev,
                             const float *dh, const float *dc,
                             const float *gates, const float *c_prev, const float *c,
                             size_t B, size_t H);

// MARK: - GRU, PyTorch form (reset applied after the hidden matrix multiply)
//   r = sigmoid(x_r + h_r), z = sigmoid(x_z + h_z), n = tanh(x_n + r * h_n)
//   h' = (1 - z) * n + z * h
// where x = W_ih x + b_ih and h_* = W_hh h + b_hh, each (B, 3H) in order r, z, n.

/// h: (B, H) output (may alias h_prev). saved: (B, 4H) output, (r, z, n, h_n) for backward.
/// xg, hg: (B, 3H); h_prev: (B, H).
rnn_status rnn_gru_forward(float *h, float *saved,
                           const float *xg, const float *hg, const float *h_prev,
                           size_t B, size_t H);

/// dxg: (B, 3H) gradient of xg; dhg: (B, 3H) gradient of hg; dh_prev: (B, H),
/// written as dh * z (the direct path; add dhg x W_hh with a matrix multiply).
/// dh: (B, H); saved: (B, 4H) from forward; h_prev: (B, H).
rnn_status rnn_gru_backward(float *dxg, float *dhg, float *dh_prev,
                            const float *dh, const float *saved, const float *h_prev,
                            size_t B, size_t H);

// MARK: - GRU, reset before the matrix multiply (Cho et al. 2014; Keras reset_after=False)
//   r = sigmoid(x_r + W_hr h + b_hr), z = sigmoid(x_z + W_hz h + b_hz)
//   n = tanh(x_n + W_hn (r * h) + b_hn),  h' = (1 - z) * n + z * h
// Two stages around the second matrix multiply. hg is (B, 3H): the caller fills
// columns [0, 2H) with W_h{r,z} h + b_h{r,z} before stage 1, and columns [2H, 3H)
// with W_hn (r * h) + b_hn between stage 1 and stage 2.

/// Stage 1. rh: (B, H) output r * h_prev. saved: (B, 4H); writes r and z (columns [0, 2H)).
rnn_status rnn_gru_rb_forward_gates(float *rh, float *saved,
                                    const float *xg, const float *hg, const float *h_prev,
                                    size_t B, size_t H);
/// Stage 2. h: (B, H) output (may alias h_prev). saved: writes n (columns [2H, 3H)) and
/// h_n = hg[:, 2H:3H] (columns [3H, 4H)).
rnn_status rnn_gru_rb_forward_state(float *h, float *saved,
                                    const float *xg, const float *hg, const float *h_prev,
                                    size_t B, size_t H);
/// Backward stage A (before the matrix multiply d(rh) = dhg[:, 2H:3H] x W_hn).
/// Writes dxg[:, 2H:3H] = dhg[:, 2H:3H] = dn_pre, dxg[:, H:2H] = dhg[:, H:2H] = dz_pre,
/// and dh_prev = dh * z.
rnn_status rnn_gru_rb_backward_state(float *dxg, float *dhg, float *dh_prev,
                                     const float *dh, const float *saved, const float *h_prev,
                                     size_t B, size_t H);
/// Backward stage B. drh: (B, H) gradient of r * h_prev. Writes
/// dxg[:, 0:H] = dhg[:, 0:H] = dr_pre = drh * h_prev * r * (1 - r), and adds drh * r to dh_prev.
/// (Then add dhg[:, 0:2H] x W_h{r,z} to dh_prev with a matrix multiply.)
rnn_status rnn_gru_rb_backward_gates(float *dxg, float *dhg, float *dh_prev,
                                     const float *drh, const float *saved, const float *h_prev,
                                     size_t B, size_t H);

// MARK: - Vanilla RNN:  h' = act(a),  act = tanh or relu, a = W_ih x + b_ih + W_hh h + b_hh

/// h: (n) output; a: (n) pre-activation sums. h may alias a. relu: 0 = tanh, 1 = relu.
rnn_status rnn_rnn_forward(float *h, const float *a, size_t n, int relu);
/// da: (n) output gradient of a; dh: (n); h: (n) the forward output. da may alias dh.
/// For relu the derivative at 0 is 0 (as PyTorch: h > 0).
rnn_status rnn_rnn_backward(float *da, const float *dh, const float *h, size_t n, int relu);

// MARK: - Memory

/// A zeroed array of `count` floats (at least one), or NULL when out of memory. Large
/// arrays are mapped directly (2 MiB aligned, transparent huge pages where available),
/// small ones come from posix_memalign; either way 64-byte aligned. Free with
/// rnn_free_floats and the same count.
float *rnn_alloc_floats(size_t count);
/// As rnn_alloc_floats, but the contents are unspecified (a reused block keeps old
/// values): for arrays that are written in full before they are read.
float *rnn_alloc_floats_uninit(size_t count);
/// Frees an array from rnn_alloc_floats or rnn_alloc_floats_uninit; `count` must be the count it was allocated with.
void rnn_free_floats(float *p, size_t count);
/// For a program that runs passes over and over (the rnn tool calls it at start): asks
/// the C library's malloc to keep the memory that is freed at the end of a call for the
/// next one, instead of handing the top of the heap back to the system after every call
/// and faulting it in again (glibc trims a free top above 128 KiB: a batch-1 forward
/// pass through the Swift API frees about 150 KiB of arrays). Process-wide; 1 when the
/// setting took, 0 where there is no such setting (C libraries other than glibc).
int rnn_keep_freed_memory(void);

// MARK: - Small helpers

/// y[r, :] += bias for each of `rows` rows of `cols` (row stride ldy).
rnn_status rnn_add_bias_rows(float *y, size_t ldy, const float *bias, size_t rows, size_t cols);
/// dbias[:] += sum over rows of dy[r, :] (row stride lddy).
rnn_status rnn_sum_rows(float *dbias, const float *dy, size_t lddy, size_t rows, size_t cols);
/// Softmax cross-entropy for N rows of V logits (row stride V). target[r] < 0 means no target
/// (the row adds no loss and gets zero gradient). Returns the summed loss over rows with a
/// target in *loss_sum (double), and writes dlogits = scale * (softmax - onehot) (rows without
/// a target get zeros). dlogits may be NULL (loss only) and may alias logits.
rnn_status rnn_softmax_xent(float *dlogits, double *loss_sum,
                            const float *logits, const int32_t *target,
                            size_t N, size_t V, float scale);

// MARK: - Matrix multiply
// C = alpha * op(A) * op(B) + beta * C, row-major, op(X) = X or X^T.
// op(A) is M x K, op(B) is K x N, C is M x N. lda, ldb, ldc are row strides of the
// matrices as stored. beta == 0 never reads C (so C may hold NaN or garbage).
// Deterministic: the same inputs and thread count give bitwise the same C (threads
// split M or N, never K). M == 1 takes a matrix-vector path.
rnn_status rnn_sgemm(int trans_a, int trans_b, size_t M, size_t N, size_t K,
                     float alpha, const float *A, size_t lda,
                     const float *B, size_t ldb,
                     float beta, float *C, size_t ldc);

/// Reference triple loop (double accumulation), for tests and benchmarks.
rnn_status rnn_sgemm_naive(int trans_a, int trans_b, size_t M, size_t N, size_t K,
                           float alpha, const float *A, size_t lda,
                           const float *B, size_t ldb,
                           float beta, float *C, size_t ldc);

// MARK: - Packed weights
// op(B) packed once into the panel layout of the level active at packing time,
// for weights that are multiplied many times. If the active level changes later,
// rnn_sgemm_packed still gives correct results (through a slower path).

typedef struct rnn_packed_b rnn_packed_b;

/// Packs op(B) (K x N; B stored K x N when trans_b == 0, N x K when trans_b == 1,
/// row stride ldb) into a new object in *out (NULL on error). Free it with rnn_packed_b_free.
rnn_status rnn_pack_b(rnn_packed_b **out, int trans_b, size_t K, size_t N, const float *B, size_t ldb);
/// Frees a packed matrix (NULL is allowed).
void rnn_packed_b_free(rnn_packed_b *p);
/// C = alpha * A * op(B) + beta * C with op(B) packed: A (M x K, row stride lda, not
/// transposed), C (M x N, row stride ldc). beta == 0 never reads C. Deterministic as
/// rnn_sgemm; M == 1 takes a matrix-vector path over the packed panels.
rnn_status rnn_sgemm_packed(size_t M, float alpha, const float *A, size_t lda,
                            const rnn_packed_b *Bp, float beta, float *C, size_t ldc);

// MARK: - Optimizer updates

/// Adam's settings for one update: step_size = lr / (1 - beta1^t) and
/// bias2_sqrt = sqrt(1 - beta2^t) at update t (counted from 1).
typedef struct {
    float step_size, beta1, beta2, eps, weight_decay, bias2_sqrt;
} rnn_adam_settings;

/// One Adam update (torch.optim.Adam, amsgrad off) of n parameters in place:
///   d = g + weight_decay * p;  m += (d - m) * (1 - beta1);  v = v * beta2 + (1 - beta2) * d * d
///   p -= step_size * m / (sqrt(v) / bias2_sqrt + eps)
/// m and v are the moment buffers (zero before the first update). Threaded over the
/// parameters; the result does not depend on the thread count.
rnn_status rnn_adam_update(float *p, const float *g, float *m, float *v, size_t n,
                           const rnn_adam_settings *s);

/// *out = sum of x[i]^2 in double (a gradient's squared L2 norm). Threaded; blocks of
/// the sum are fixed by n, so the result does not depend on the thread count.
rnn_status rnn_sum_squares(const float *x, size_t n, double *out);

// MARK: - Fused steps
// One time step of a layer: the recurrent multiply, the biases and the cell in one
// call, threaded over slices of the hidden units (each thread multiplies and runs the
// cell for its own units). whh holds one packed matrix per gate (rnn_pack_b of
// W_hh[gate]^T: K = N = H), in PyTorch's gate order. h_prev (B rows of H, row stride
// ldp) is read whole and must not overlap h (row stride ldh). Bias pointers may be
// NULL. Results are bitwise the same for every thread count.

/// LSTM: gates (B, 4H) holds x W_ih^T on entry and the gate activations on return
/// (i, f, g, o); the pre-activations are (gates + h_prev W_hh^T) + b_ih + b_hh, then
/// c (B, H) and h are updated.
/// The left operand may instead be [x, h_prev] (B rows of K = in + H, row stride ldp)
/// with whh[g] = rnn_pack_b of [W_ih | W_hh][g]^T (K x H): a whole stream step, whose
/// gates hold nothing on entry (the pre-activations are [x, h_prev] W^T + b_ih + b_hh).
rnn_status rnn_lstm_step(float *h, size_t ldh, float *c, float *gates, const float *h_prev,
                         size_t ldp, const rnn_packed_b *const *whh, const float *b_ih,
                         const float *b_hh, size_t B, size_t H);
/// GRU (reset after, as PyTorch): xg (B, 3H) holds x W_ih^T (read only); hg (B, 3H)
/// receives h_prev W_hh^T; the cell reads xg + b_ih and hg + b_hh; saved (B, 4H)
/// receives r, z, n, h_n (with b_hh) as rnn_gru_forward; h gets the new state.
rnn_status rnn_gru_step(float *h, size_t ldh, float *saved, float *xg, float *hg,
                        const float *h_prev, size_t ldp, const rnn_packed_b *const *whh,
                        const float *b_ih, const float *b_hh, size_t B, size_t H);

// MARK: - Row gathers

/// dst row r (width floats, row stride ldd) = src row from[r] (row stride lds), or zeros
/// where from[r] < 0. Threaded over rows when large. Rows of dst must not overlap src.
rnn_status rnn_gather_rows(float *dst, size_t ldd, const float *src, size_t lds,
                           const int64_t *from, size_t rows, size_t width);

// MARK: - Scans
// A run of fused steps over a sequence in one call: the same arithmetic as one
// rnn_lstm_step / rnn_gru_step per step (bitwise), in one parallel region. A batch with
// enough rows for every thread to get a register panel of them is split by rows, each
// thread running its rows through the whole sequence without waiting for the others;
// smaller batches split each step over the hidden units, with one wait per step. The
// copies around each step are done by the thread that computed the rows or units.

/// Buffers and order of a scan. Step s runs time index t = order[s] with the first
/// active[t] rows (rows sorted by length, longest first); the other rows keep their state.
typedef struct {
    size_t B, H;                 // rows (batch) and hidden units
    size_t steps;                // entries of order
    const int32_t *order;        // time indices, in run order (forward or reverse)
    const int32_t *active;       // active[t]: rows active at time t (indexed by t)
    float *gates;                // LSTM (.., B, 4H) / GRU xg (.., B, 3H): x W_ih^T of time t at
    size_t gate_base;            //   gates + (t - gate_base) * B * G * H (overwritten by an LSTM)
    float *hg;                   // GRU: (B, 3H) scratch
    float *saved;                // GRU: (B, 4H), or (T, B, 4H) per step when saved_per_step;
                                 //   or NULL (inference: the gates are not kept)
    int saved_per_step;
    float *h;                    // (B, H): initial state on entry, final state on return
    float *spare;                // (B, H): the other state buffer (must not overlap h)
    float *c;                    // LSTM (B, H): cell state, updated in place
    float *out;                  // h of time t, row b at out + (t * B + b) * ldo; or NULL
    size_t ldo;
    float *c_next_tape;          // LSTM (T, B, H) c after each step, or NULL (training tape;
                                 //   h after each step is in out, and the state before a
                                 //   step is the one after the step before: no copies)
    const rnn_packed_b *const *whh; // per gate, rnn_pack_b of W_hh[gate]^T (H x H)
    const float *b_ih, *b_hh;    // (G H) each, or NULL
    // Optional: the scan computes the input projection itself. With wih (rnn_pack_b of
    // W_ih^T, I x GH), the gates of each time t in order are x W_ih^T of the rows
    // x + (t * B + b) * ldx, written where they are read (above) and bitwise as
    // rnn_sgemm_packed writes the rows of all the times from the smallest t in order to
    // the largest. At batch 1 the projection of later steps is done inside the steps'
    // matrix-vector products, whose FMA units otherwise wait on the cache.
    const float *x;
    size_t ldx;
    const rnn_packed_b *wih;
} rnn_scan_args;

/// RNN_ERR_ARGUMENT for a missing buffer (LSTM: c; GRU: hg), spare overlapping h, a time
/// index before gate_base or a pack of the wrong shape; RNN_ERR_NO_MEMORY when a packing
/// buffer cannot be had. steps == 0 or B * H == 0 does nothing.
rnn_status rnn_lstm_scan(const rnn_scan_args *args);
rnn_status rnn_gru_scan(const rnn_scan_args *args);

/// The time loop of backpropagation through a layer (the steps of a forward scan in
/// reverse): per step, over its active rows, dh = d_out + dh_next and the cell's delta
/// kernel, then dh_next = dgates x W_hh (GRU: dh * z + dhg x W_hh). Bitwise the same as
/// rnn_lstm_backward / rnn_gru_backward and rnn_sgemm_packed per step. Threaded as the
/// forward scans: by rows when the batch is large enough, else over hidden units.
/// A GRU's h before step order[s] is, for the rows active at order[s + 1] (the step
/// the forward ran just before it), their h_out row of that step; for the other rows,
/// and at the last s, their h0 row. (An LSTM's h before a step is needed only for the
/// weight gradient, outside this loop.)
typedef struct {
    size_t B, H;                 // rows and hidden units
    size_t steps;                // entries of order
    const int32_t *order;        // time indices in backward order (the forward's reversed)
    const int32_t *active;       // active[t]: rows active at time t
    const float *d_out;          // gradient of the layer output, row (t, b) at (t * B + b) * ldo
    size_t ldo;
    float *dh;                   // (B, H) scratch
    float *dh_next;              // (B, H): gradient of the state after the first step run
                                 //   (zero, or carried); on return, of the state before the last
    float *dc_next;              // LSTM (B, H): the same for the cell state
    float *dg;                   // (T, B, GH) out: gradients of the input-side pre-activations
    float *dhg;                  // GRU (T, B, 3H) out: of the recurrent-side ones
    const float *gates;          // LSTM (T, B, 4H) gate activations from the forward tape
    const float *c_prev_tape;    // LSTM (T, B, H) c before each step
    const float *c_next_tape;    // LSTM (T, B, H) c after each step
    const float *saved;          // GRU (T, B, 4H)
    const float *h_out;          // GRU: the forward's output, h after time t of row b at
    size_t ldh;                  //   h_out + (t * B + b) * ldh
    const float *h0;             // GRU (B, H): h before the first step of every row
    const rnn_packed_b *whh;     // rnn_pack_b of W_hh (GH x H) as op(B): K = GH, N = H
} rnn_backward_scan_args;

/// RNN_ERR_ARGUMENT for a missing buffer or tape, or W_hh of the wrong shape;
/// RNN_ERR_NO_MEMORY when a packing buffer cannot be had.
rnn_status rnn_lstm_backward_scan(const rnn_backward_scan_args *args);
rnn_status rnn_gru_backward_scan(const rnn_backward_scan_args *args);

#ifdef __cplusplus
}
#endif

#endif // CRECURRENT_H
