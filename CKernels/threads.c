// threads.c: the persistent thread pool used by the matrix multiply, and the
// per-thread scratch buffers.
//
// Workers are created on first use of a parallel region (and added when the
// thread count grows), then live for the life of the process. A region is
// published in one atomic gate word (see below); workers spin on it for a
// short while, then sleep on a condition variable. Work inside a region is
// claimed dynamically, so a worker that is slow to wake (or descheduled by other
// load) costs nothing: the caller does the rest. One region at a time: a caller
// that finds the pool busy (another thread's region, or a nested call) runs the
// region alone. Workers flush denormals to zero (MXCSR FTZ/DAZ, FPCR.FZ), and so
// does the caller for the duration of a region, so every thread computes alike.
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

static atomic_int g_default_threads; // online cores, read once (sysconf reads /sys)

static int default_threads(void) {
    int d = atomic_load_explicit(&g_default_threads, memory_order_relaxed);
    if (d > 0) return d;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > RNN_MAX_THREADS) n = RNN_MAX_THREADS;
    atomic_store_explicit(&g_default_threads, (int)n, memory_order_relaxed);
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
//
// The gate word: generation (bits 32-63) | OPEN (bit 31) | workers inside (bits 0-30).
// The caller opens a region by storing a new generation with OPEN set, runs the
// body itself, clears OPEN, and waits until no worker is inside. A worker joins
// only while OPEN is set and fewer than nt-1 workers are in (one CAS), so a
// worker that wakes late never delays the caller: the bodies claim their work
// dynamically, and the caller's body leaves nothing unclaimed.

#define GATE_OPEN ((uint64_t)1 << 31)
#define GATE_COUNT ((uint64_t)GATE_OPEN - 1)
#define GATE_GEN(g) ((g) >> 32)

static struct {
    pthread_mutex_t busy; // held by the caller of a parallel region
    pthread_mutex_t lock; // for sleeping workers
    pthread_cond_t wake;
    _Atomic uint64_t gate;
    atomic_int sleepers;
    atomic_int limit;     // workers allowed in the current region (nt - 1)
    rnn_task_fn fn;       // current region; written before the gate opens
    void *ctx;
    int nworkers;         // started workers; under busy
} g_pool = {.busy = PTHREAD_MUTEX_INITIALIZER,
            .lock = PTHREAD_MUTEX_INITIALIZER,
            .wake = PTHREAD_COND_INITIALIZER};

static _Thread_local int t_home;
static atomic_int g_homes;

int rnn_thread_home(void) { return t_home; }

static void *worker_main(void *arg) {
    t_home = atomic_fetch_add(&g_homes, 1) + 1;
    uint64_t seen = GATE_GEN(*(const uint64_t *)arg); // generation at creation (no region open)
    free(arg);
    flush_denormals();
    for (;;) {
        uint64_t g = atomic_load_explicit(&g_pool.gate, memory_order_acquire);
        for (int i = 0; GATE_GEN(g) == seen && i < RNN_SPIN_ITERS; i++) {
            cpu_relax();
            g = atomic_load_explicit(&g_pool.gate, memory_order_acquire);
        }
        if (GATE_GEN(g) == seen) {
            pthread_mutex_lock(&g_pool.lock);
            atomic_fetch_add(&g_pool.sleepers, 1);
            while (GATE_GEN(g = atomic_load(&g_pool.gate)) == seen)
                pthread_cond_wait(&g_pool.wake, &g_pool.lock);
            atomic_fetch_sub(&g_pool.sleepers, 1);
            pthread_mutex_unlock(&g_pool.lock);
        }
        seen = GATE_GEN(g);
        // Join if the region is still open and has room.
        int joined = 0;
        while (GATE_GEN(g) == seen && (g & GATE_OPEN) &&
               (g & GATE_COUNT) < (uint64_t)atomic_load(&g_pool.limit)) {
            if (atomic_compare_exchange_weak(&g_pool.gate, &g, g + 1)) {
                joined = 1;
                break;
            }
        }
        if (joined) {
            g_pool.fn(g_pool.ctx);
            atomic_fetch_sub_explicit(&g_pool.gate, 1, memory_order_release);
        }
    }
    return NULL;
}

// In a child after fork() the workers are gone: forget them (they are started
// again on demand) and clear the gate, so no region waits for a lost worker.
static void pool_atfork_child(void) {
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    g_pool.busy = m;
    g_pool.lock = m;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    g_pool.wake = c;
    g_pool.nworkers = 0;
    atomic_store(&g_pool.sleepers, 0);
    atomic_store(&g_pool.gate, GATE_GEN(atomic_load(&g_pool.gate)) << 32);
}

static pthread_once_t g_atfork_once = PTHREAD_ONCE_INIT;
static void pool_register_atfork(void) { (void)pthread_atfork(NULL, NULL, pool_atfork_child); }

// Starts workers until nt - 1 exist; returns the number of threads usable. Under busy.
static int ensure_workers(int nt) {
    if (g_pool.nworkers < nt - 1) pthread_once(&g_atfork_once, pool_register_atfork);
    while (g_pool.nworkers < nt - 1) {
        uint64_t *start = malloc(sizeof *start);
        if (!start) break;
        *start = atomic_load(&g_pool.gate);
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

rnn_fp_mode rnn_fp_flush_begin(void) {
    rnn_fp_mode m = 0;
#if RNN_HAVE_X86
    m = _mm_getcsr();
    _mm_setcsr((unsigned)m | 0x8040);
#elif defined(__aarch64__)
    uint64_t fpcr;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
    m = fpcr;
    __asm__ __volatile__("msr fpcr, %0" : : "r"(fpcr | ((uint64_t)1 << 24)));
#endif
    return m;
}

void rnn_fp_flush_end(rnn_fp_mode m) {
#if RNN_HAVE_X86
    _mm_setcsr((unsigned)m);
#elif defined(__aarch64__)
    __asm__ __volatile__("msr fpcr, %0" : : "r"((uint64_t)m));
#else
    (void)m;
#endif
}

void rnn_parallel_run(rnn_task_fn fn, void *ctx, int nt) {
    rnn_fp_mode fp = rnn_fp_flush_begin(); // the caller computes like the workers
    if (nt > RNN_MAX_THREADS) nt = RNN_MAX_THREADS;
    if (nt <= 1 || pthread_mutex_trylock(&g_pool.busy) != 0) {
        fn(ctx);
        rnn_fp_flush_end(fp);
        return;
    }
    nt = ensure_workers(nt);
    if (nt > 1) {
        g_pool.fn = fn;
        g_pool.ctx = ctx;
        atomic_store(&g_pool.limit, nt - 1);
        uint64_t gen = GATE_GEN(atomic_load(&g_pool.gate)) + 1;
        atomic_store(&g_pool.gate, (gen << 32) | GATE_OPEN); // seq_cst: pairs with sleepers
        if (atomic_load(&g_pool.sleepers) > 0) {
            pthread_mutex_lock(&g_pool.lock);
            pthread_cond_broadcast(&g_pool.wake);
            pthread_mutex_unlock(&g_pool.lock);
        }
    }
    fn(ctx);
    if (nt > 1) {
        atomic_fetch_and(&g_pool.gate, ~GATE_OPEN);
        for (unsigned spin = 0; atomic_load_explicit(&g_pool.gate, memory_order_acquire) & GATE_COUNT;)
            rnn_spin_pause(&spin);
    }
    pthread_mutex_unlock(&g_pool.busy);
    rnn_fp_flush_end(fp);
}

// MARK: - Parallel loops

typedef struct {
    size_t n, unit, nchunks;
    void (*body)(void *ctx, size_t lo, size_t hi);
    void *ctx;
    rnn_claims claims;
} for_job;

static void for_chunk(void *ctx, size_t c) {
    for_job *j = ctx;
    size_t lo, hi;
    rnn_slice(j->n, j->unit, c, j->nchunks, &lo, &hi);
    if (lo < hi) j->body(j->ctx, lo, hi);
}

static void for_task(void *ctx) {
    for_job *j = ctx;
    rnn_claims_run(&j->claims, for_chunk, j);
}

void rnn_parallel_for(size_t n, size_t unit, size_t min_parallel,
                      void (*body)(void *ctx, size_t lo, size_t hi), void *ctx) {
    if (n == 0) return;
    if (unit == 0) unit = 1;
    size_t units = (n + unit - 1) / unit;
    int nt = n >= min_parallel ? rnn_get_num_threads() : 1;
    if ((size_t)nt > units) nt = (int)units;
    if (nt <= 1) {
        rnn_fp_mode fp = rnn_fp_flush_begin();
        body(ctx, 0, n);
        rnn_fp_flush_end(fp);
        return;
    }
    // A few chunks per thread, so a thread that starts late costs little.
    size_t chunks = (size_t)nt * 4 < units ? (size_t)nt * 4 : units;
    if (chunks > RNN_MAX_CHUNKS) chunks = RNN_MAX_CHUNKS;
    for_job j = {.n = n, .unit = unit, .nchunks = chunks, .body = body, .ctx = ctx};
    rnn_claims_init(&j.claims, chunks, nt);
    rnn_parallel_run(for_task, &j, nt);
}

// MARK: - Phased regions

typedef struct {
    size_t nphases, nchunks, nt;
    void (*run)(void *ctx, size_t phase, size_t chunk);
    void *ctx;
    _Atomic size_t claimed[RNN_MAX_CHUNKS]; // chunk c has been taken for phases < claimed[c]
    _Atomic size_t finished;                // chunks finished over all phases
} phases_job;

static void phases_task(void *ctx) {
    phases_job *j = ctx;
    const size_t n = j->nchunks, start = ((size_t)rnn_thread_home() % j->nt) * n / j->nt;
    for (size_t p = atomic_load_explicit(&j->finished, memory_order_acquire) / n; p < j->nphases; p++) {
        for (size_t i = 0; i < n; i++) {
            size_t c = (start + i) % n, want = p;
            if (atomic_load_explicit(&j->claimed[c], memory_order_relaxed) != p) continue;
            if (!atomic_compare_exchange_strong(&j->claimed[c], &want, p + 1)) continue;
            j->run(j->ctx, p, c);
            atomic_fetch_add_explicit(&j->finished, 1, memory_order_release);
        }
        // Phase p + 1 may read anything phase p wrote.
        for (unsigned spin = 0; atomic_load_explicit(&j->finished, memory_order_acquire) < (p + 1) * n;)
            rnn_spin_pause(&spin);
    }
}

void rnn_parallel_phases(size_t nphases, size_t nchunks, int nt,
                         void (*run)(void *ctx, size_t phase, size_t chunk), void *ctx) {
    if (nphases == 0 || nchunks == 0) return;
    if (nchunks > RNN_MAX_CHUNKS) nchunks = RNN_MAX_CHUNKS;
    if (nt <= 1) {
        rnn_fp_mode fp = rnn_fp_flush_begin();
        for (size_t p = 0; p < nphases; p++)
            for (size_t c = 0; c < nchunks; c++) run(ctx, p, c);
        rnn_fp_flush_end(fp);
        return;
    }
    phases_job j; // 8 KiB of claims, on the stack
    j.nphases = nphases;
    j.nchunks = nchunks;
    j.nt = (size_t)nt;
    j.run = run;
    j.ctx = ctx;
    for (size_t c = 0; c < nchunks; c++) atomic_init(&j.claimed[c], 0);
    atomic_init(&j.finished, 0);
    rnn_parallel_run(phases_task, &j, nt);
}

// MARK: - Pairs

// Per chunk: done, the phases finished (its next phase is `done`); claimed, the phases
// handed out (claimed == done: none is running or held). Each on its own cache line:
// the other thread polls done while it waits, and claimed is only read when helping.
typedef struct {
    _Alignas(64) _Atomic size_t done;
    _Alignas(64) _Atomic size_t claimed;
} pair_chunk;

struct rnn_pair {
    size_t nphases;
    void (*run)(void *ctx, rnn_pair *pair, size_t phase, size_t chunk);
    void *ctx;
    atomic_int eager[2]; // eager[c]: chunk c has been helped, so its waiters help at once
    pair_chunk ch[2];
};

// The owner of a chunk claims its phases this many at a time: a claim is a locked
// instruction, which waits for the thread's stores to reach the cache (the new h, whose
// lines the other core holds), so not one per phase.
#define RNN_PAIR_BATCH 16
// Turns of a wait before a waiting thread takes the other chunk's next phase: its
// owner is normally a step away, and should not lose phases (and its cached weights)
// to a helper that finds a batch just used up.
#define RNN_PAIR_PATIENCE 2000

// Runs up to `batch` of chunk c's next phases if none is held; 1 if this thread ran any.
static int pair_take(rnn_pair *p, size_t c, size_t batch) {
    pair_chunk *ch = &p->ch[c];
    size_t d = atomic_load_explicit(&ch->done, memory_order_acquire);
    if (d >= p->nphases || atomic_load_explicit(&ch->claimed, memory_order_relaxed) != d) return 0;
    const size_t e = p->nphases - d < batch ? p->nphases : d + batch;
    if (!atomic_compare_exchange_strong(&ch->claimed, &d, e)) return 0;
    for (; d < e; d++) {
        p->run(p->ctx, p, d, c);
        atomic_store_explicit(&ch->done, d + 1, memory_order_release);
    }
    return 1;
}

void rnn_pair_wait(rnn_pair *p, size_t chunk, size_t phase) {
    const size_t o = 1 - chunk;
    for (unsigned spin = 0; atomic_load_explicit(&p->ch[o].done, memory_order_acquire) < phase;) {
        if ((atomic_load_explicit(&p->eager[o], memory_order_relaxed) || spin >= RNN_PAIR_PATIENCE) &&
            pair_take(p, o, 1)) {
            atomic_store_explicit(&p->eager[o], 1, memory_order_relaxed); // its owner is away: help at once from now on
            spin = 0;
            continue;
        }
        rnn_spin_pause(&spin);
    }
}

static void pair_task(void *ctx) {
    rnn_pair *p = ctx;
    size_t c = (size_t)rnn_thread_home() % 2;
    // A worker whose home chunk is the caller's takes the other (also when the caller has
    // been running that one in its waits: the worker takes it over from there).
    if (atomic_load_explicit(&p->ch[c].claimed, memory_order_relaxed) > 0 &&
        atomic_load_explicit(&p->ch[1 - c].claimed, memory_order_relaxed) == 0)
        c = 1 - c;
    for (unsigned spin = 0; atomic_load_explicit(&p->ch[c].done, memory_order_acquire) < p->nphases;) {
        if (pair_take(p, c, RNN_PAIR_BATCH)) spin = 0;
        else rnn_spin_pause(&spin); // a helper holds our next phase
    }
    rnn_pair_wait(p, c, p->nphases); // the other chunk to its end
}

void rnn_parallel_pair(size_t nphases, int nt, void (*run)(void *ctx, rnn_pair *pair, size_t phase, size_t chunk),
                       void *ctx) {
    if (nphases == 0) return;
    rnn_pair p; // four cache lines of counters, on the stack
    p.nphases = nphases;
    p.run = run;
    p.ctx = ctx;
    for (int c = 0; c < 2; c++) {
        atomic_init(&p.eager[c], nt < 2); // alone: the other chunk is this thread's from the start
        atomic_init(&p.ch[c].done, 0);
        atomic_init(&p.ch[c].claimed, 0);
    }
    rnn_parallel_run(pair_task, &p, nt < 2 ? 1 : 2);
}

// MARK: - Scratch buffers

typedef struct {
    float *buf[RNN_SCRATCH_SLOTS];
    size_t cap[RNN_SCRATCH_SLOTS];
} scratch_set;

static _Thread_local scratch_set t_scratch;
static pthread_key_t g_scratch_key;
static pthread_once_t g_scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p) {
    scratch_set *s = p;
    for (int i = 0; i < RNN_SCRATCH_SLOTS; i++) {
        free(s->buf[i]);
        s->buf[i] = NULL;
        s->cap[i] = 0;
    }
}

static int g_scratch_key_ok;
static void scratch_key_init(void) { g_scratch_key_ok = pthread_key_create(&g_scratch_key, scratch_free) == 0; }

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
    if (g_scratch_key_ok) (void)pthread_setspecific(g_scratch_key, s); // freed at thread exit
    return p;
}
