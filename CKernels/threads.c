// threads.c: the persistent thread pool used by the matrix multiply, and the
// per-thread scratch buffers.
//
// Workers are created on first use of a parallel region (and added when the
// thread count grows), then live for the life of the process. A region is
// published as one atomic word (generation << 16 | nt); workers spin on it for a
// short while, then sleep on a condition variable. The caller runs task 0 itself
// and spins until the others report done. One region at a time: a caller that
// finds the pool busy (another thread's region, or a nested call) runs its task
// alone. Workers flush denormals to zero (MXCSR FTZ/DAZ, FPCR.FZ).
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#if RNN_HAVE_X86
#include <immintrin.h>
#endif

#define RNN_MAX_THREADS 256
#define RNN_SPIN_ITERS 20000 // worker spin before sleeping (~0.1-0.5 ms)

static void cpu_relax(void) {
#if RNN_HAVE_X86
    _mm_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static void flush_denormals(void) {
#if RNN_HAVE_X86
    _mm_setcsr(_mm_getcsr() | 0x8040); // FTZ (bit 15) | DAZ (bit 6)
#elif defined(__aarch64__)
    uint64_t fpcr;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
    fpcr |= (uint64_t)1 << 24; // FZ
    __asm__ __volatile__("msr fpcr, %0" : : "r"(fpcr));
#endif
}

// MARK: - Thread count

static atomic_int g_num_threads; // 0 = default (online cores)

static int default_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > RNN_MAX_THREADS) n = RNN_MAX_THREADS;
    return (int)n;
}

void rnn_set_num_threads(int n) {
    if (n > RNN_MAX_THREADS) n = RNN_MAX_THREADS;
    atomic_store(&g_num_threads, n > 0 ? n : 0);
}

int rnn_get_num_threads(void) {
    int n = atomic_load(&g_num_threads);
    return n > 0 ? n : default_threads();
}

// MARK: - Pool

static struct {
    pthread_mutex_t busy;   // held by the caller of a parallel region
    pthread_mutex_t lock;   // protects sleeping
    pthread_cond_t wake;
    atomic_uint_fast64_t state; // generation << 16 | nt of the current region
    atomic_int sleepers;
    atomic_int pending;     // workers of the current region not yet done
    rnn_task_fn fn;         // current region; written before state, read after it
    void *ctx;
    int nworkers;           // started workers (slots 1..nworkers); under busy
} g_pool = {.busy = PTHREAD_MUTEX_INITIALIZER, .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

typedef struct {
    int slot;
    uint_fast64_t seen; // the state when the worker was created (no region running)
} worker_start;

static void *worker_main(void *arg) {
    const worker_start start = *(const worker_start *)arg;
    free(arg);
    const int slot = start.slot;
    uint_fast64_t seen = start.seen;
    flush_denormals();
    for (;;) {
        uint_fast64_t s = atomic_load_explicit(&g_pool.state, memory_order_acquire);
        for (int i = 0; s == seen && i < RNN_SPIN_ITERS; i++) {
            cpu_relax();
            s = atomic_load_explicit(&g_pool.state, memory_order_acquire);
        }
        if (s == seen) {
            pthread_mutex_lock(&g_pool.lock);
            atomic_fetch_add(&g_pool.sleepers, 1);
            while ((s = atomic_load(&g_pool.state)) == seen) pthread_cond_wait(&g_pool.wake, &g_pool.lock);
            atomic_fetch_sub(&g_pool.sleepers, 1);
            pthread_mutex_unlock(&g_pool.lock);
        }
        seen = s;
        int nt = (int)(s & 0xFFFF);
        if (slot < nt) {
            g_pool.fn(g_pool.ctx, slot, nt);
            atomic_fetch_sub_explicit(&g_pool.pending, 1, memory_order_release);
        }
    }
    return NULL;
}

// Starts workers up to slot nt-1; returns the number of usable threads. Under busy.
static int ensure_workers(int nt) {
    while (g_pool.nworkers < nt - 1) {
        worker_start *start = malloc(sizeof *start);
        if (!start) break;
        start->slot = g_pool.nworkers + 1;
        start->seen = atomic_load(&g_pool.state);
        pthread_t th;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int err = pthread_create(&th, &attr, worker_main, start);
        pthread_attr_destroy(&attr);
        if (err != 0) {
            free(start);
            break;
        }
        g_pool.nworkers++;
    }
    return g_pool.nworkers + 1 < nt ? g_pool.nworkers + 1 : nt;
}

void rnn_parallel_run(rnn_task_fn fn, void *ctx, int nt) {
    if (nt > RNN_MAX_THREADS) nt = RNN_MAX_THREADS;
    if (nt <= 1 || pthread_mutex_trylock(&g_pool.busy) != 0) {
        fn(ctx, 0, 1);
        return;
    }
    nt = ensure_workers(nt);
    if (nt <= 1) {
        pthread_mutex_unlock(&g_pool.busy);
        fn(ctx, 0, 1);
        return;
    }
    g_pool.fn = fn;
    g_pool.ctx = ctx;
    atomic_store(&g_pool.pending, nt - 1);
    uint_fast64_t gen = (atomic_load(&g_pool.state) >> 16) + 1;
    atomic_store(&g_pool.state, (gen << 16) | (uint_fast64_t)nt); // seq_cst: pairs with sleepers
    if (atomic_load(&g_pool.sleepers) > 0) {
        pthread_mutex_lock(&g_pool.lock);
        pthread_cond_broadcast(&g_pool.wake);
        pthread_mutex_unlock(&g_pool.lock);
    }
    fn(ctx, 0, nt);
    for (unsigned i = 0; atomic_load_explicit(&g_pool.pending, memory_order_acquire) != 0; i++) {
        if (i < 100000) cpu_relax();
        else sched_yield();
    }
    pthread_mutex_unlock(&g_pool.busy);
}

// MARK: - Scratch buffers

typedef struct {
    float *buf[4];
    size_t cap[4];
} scratch_set;

static _Thread_local scratch_set t_scratch;
static pthread_key_t g_scratch_key;
static pthread_once_t g_scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p) {
    scratch_set *s = p;
    for (int i = 0; i < 4; i++) {
        free(s->buf[i]);
        s->buf[i] = NULL;
        s->cap[i] = 0;
    }
}

static void scratch_key_init(void) { (void)pthread_key_create(&g_scratch_key, scratch_free); }

float *rnn_scratch(int slot, size_t floats) {
    scratch_set *s = &t_scratch;
    if (floats == 0) floats = 1;
    if (s->cap[slot] >= floats) return s->buf[slot];
    if (floats > SIZE_MAX / sizeof(float) - 64) return NULL;
    pthread_once(&g_scratch_once, scratch_key_init);
    void *p = NULL;
    if (posix_memalign(&p, 64, floats * sizeof(float)) != 0) return NULL;
    free(s->buf[slot]);
    s->buf[slot] = p;
    s->cap[slot] = floats;
    (void)pthread_setspecific(g_scratch_key, s); // frees the buffers at thread exit
    return p;
}
