// memory.c: float arrays for the library's large buffers (zeroed, or not cleared
// for arrays that are written in full before they are read).
//
// Activations, gates and gradients of a batch are tens of megabytes and are
// allocated per call. From malloc, a block that size is a fresh mapping whose
// every 4 KiB page faults on first touch (and is zeroed by the kernel): 22,000
// faults, about a fifth of the time, of a 64 x 100 x 512 LSTM forward pass. Large
// arrays here are mapped directly, aligned to 2 MiB and marked for transparent
// huge pages where the system has them, so one fault covers 512 pages. Fresh
// anonymous mappings read as zero, so nothing is written to clear them. Arrays
// from 64 KiB to 1 MiB are mapped too, in 64 KiB steps without huge pages: malloc
// gives blocks that size back to the system when they are freed, and a batch-1 LSTM
// pass of 100 steps faulted its 400 KiB of gates in again on every call (75 faults,
// 4-5% of its time). Smaller arrays come from posix_memalign (64-byte aligned, as
// the mappings are).
//
// Freed mappings are kept in a small cache (at most RNN_CACHE_BYTES, newest
// first) and handed out again for an allocation of the same mapped size (a
// training loop allocates the same tape every update): cleared with memset, or
// not at all for rnn_alloc_floats_uninit, and without page faults either way.
#include <pthread.h>
#include <stdint.h>
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#define RNN_MAP_MIN ((size_t)64 << 10) // bytes: below this, posix_memalign
#define RNN_HUGE_MIN ((size_t)1 << 20) // bytes: from this, 2 MiB aligned on huge pages
#define RNN_HUGE ((size_t)2 << 20)     // huge page size (x86_64, aarch64 with 4 KiB pages)
#define RNN_CACHE_SLOTS 64
#define RNN_CACHE_BYTES ((size_t)512 << 20)

static struct {
    pthread_mutex_t lock;
    void *ptr[RNN_CACHE_SLOTS]; // [0, n): oldest first
    size_t bytes[RNN_CACHE_SLOTS];
    size_t n, total;
} g_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

// In a child after fork() the lock may have been held by a thread that is gone.
static void cache_atfork_child(void) {
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    g_cache.lock = m;
}
static pthread_once_t g_cache_once = PTHREAD_ONCE_INIT;
static void cache_register_atfork(void) { (void)pthread_atfork(NULL, NULL, cache_atfork_child); }

// Removes slot i (under the lock).
static void cache_remove(size_t i) {
    g_cache.total -= g_cache.bytes[i];
    for (size_t j = i + 1; j < g_cache.n; j++) {
        g_cache.ptr[j - 1] = g_cache.ptr[j];
        g_cache.bytes[j - 1] = g_cache.bytes[j];
    }
    g_cache.n--;
}

// A cached mapping of exactly `bytes`, newest first, or NULL.
static void *cache_take(size_t bytes) {
    void *p = NULL;
    pthread_once(&g_cache_once, cache_register_atfork);
    pthread_mutex_lock(&g_cache.lock);
    for (size_t i = g_cache.n; i-- > 0;) {
        if (g_cache.bytes[i] == bytes) {
            p = g_cache.ptr[i];
            cache_remove(i);
            break;
        }
    }
    pthread_mutex_unlock(&g_cache.lock);
    return p;
}

// Keeps a mapping for reuse, unmapping the oldest ones beyond the cache's limits.
static void cache_put(void *p, size_t bytes) {
    void *drop[RNN_CACHE_SLOTS + 1];
    size_t dropped[RNN_CACHE_SLOTS + 1], nd = 0;
    pthread_once(&g_cache_once, cache_register_atfork);
    pthread_mutex_lock(&g_cache.lock);
    if (bytes > RNN_CACHE_BYTES) {
        drop[nd] = p;
        dropped[nd++] = bytes;
    } else {
        while (g_cache.n > 0 && (g_cache.n == RNN_CACHE_SLOTS || g_cache.total + bytes > RNN_CACHE_BYTES)) {
            drop[nd] = g_cache.ptr[0];
            dropped[nd++] = g_cache.bytes[0];
            cache_remove(0);
        }
        g_cache.ptr[g_cache.n] = p;
        g_cache.bytes[g_cache.n++] = bytes;
        g_cache.total += bytes;
    }
    pthread_mutex_unlock(&g_cache.lock);
    for (size_t i = 0; i < nd; i++) munmap(drop[i], dropped[i]);
}

// Bytes of `count` floats rounded up for a mapping, or 0 on overflow.
static size_t mapped_bytes(size_t count) {
    if (count > (SIZE_MAX - RNN_HUGE) / sizeof(float)) return 0;
    size_t bytes = count * sizeof(float);
    if (bytes < RNN_HUGE_MIN) return (bytes + RNN_MAP_MIN - 1) & ~(RNN_MAP_MIN - 1);
    return (bytes + RNN_HUGE - 1) & ~(RNN_HUGE - 1);
}

static float *alloc_floats(size_t count, int zero) {
    if (count == 0) count = 1;
    if (count > SIZE_MAX / sizeof(float)) return NULL;
    if (count * sizeof(float) < RNN_MAP_MIN) { // 64-byte aligned: whole cache lines for the kernels
        void *p = NULL;
        if (posix_memalign(&p, 64, count * sizeof(float)) != 0) return NULL;
        if (zero) memset(p, 0, count * sizeof(float));
        return p;
    }
    size_t bytes = mapped_bytes(count);
    if (bytes == 0) return NULL;
    void *reused = cache_take(bytes);
    if (reused) {
        if (zero) memset(reused, 0, count * sizeof(float)); // the rest of the mapping is never read
        return reused;
    }
    if (bytes < RNN_HUGE_MIN) {
        void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? NULL : p;
    }
    // Map one huge page more than needed, then unmap the unaligned head and the tail.
    uint8_t *raw = mmap(NULL, bytes + RNN_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return NULL;
    uintptr_t start = ((uintptr_t)raw + RNN_HUGE - 1) & ~(uintptr_t)(RNN_HUGE - 1);
    size_t head = start - (uintptr_t)raw, tail = RNN_HUGE - head;
    if (head) munmap(raw, head);
    if (tail) munmap((uint8_t *)start + bytes, tail);
#ifdef MADV_HUGEPAGE
    (void)madvise((void *)start, bytes, MADV_HUGEPAGE); // a hint: fine if refused
#endif
    return (float *)start;
}

float *rnn_alloc_floats(size_t count) { return alloc_floats(count, 1); }

float *rnn_alloc_floats_uninit(size_t count) { return alloc_floats(count, 0); }

void rnn_free_floats(float *p, size_t count) {
    if (!p) return;
    if (count == 0) count = 1;
    if (count * sizeof(float) < RNN_MAP_MIN) {
        free(p);
        return;
    }
    cache_put(p, mapped_bytes(count));
}

// MARK: - Row gathers

typedef struct {
    float *dst;
    size_t ldd;
    const float *src;
    size_t lds;
    const int64_t *from;
    size_t width;
} gather_job;

static void gather_range(void *ctx, size_t r0, size_t r1) {
    const gather_job *j = ctx;
    const size_t bytes = j->width * sizeof(float);
    for (size_t r = r0; r < r1; r++) {
        float *d = j->dst + r * j->ldd;
        if (j->from[r] < 0) memset(d, 0, bytes);
        else memcpy(d, j->src + (size_t)j->from[r] * j->lds, bytes);
    }
}

rnn_status rnn_gather_rows(float *dst, size_t ldd, const float *src, size_t lds,
                           const int64_t *from, size_t rows, size_t width) {
    if (rows == 0 || width == 0) return RNN_OK;
    if (!dst || !src || !from || ldd < width || lds < width) return RNN_ERR_ARGUMENT;
    gather_job j = {.dst = dst, .ldd = ldd, .src = src, .lds = lds, .from = from, .width = width};
    // Memory-bound: two threads move rows (and fault in fresh pages) about twice as fast.
    rnn_parallel_for(rows, 1, rows * width >= ((size_t)1 << 18) ? 0 : SIZE_MAX, gather_range, &j);
    return RNN_OK;
}

// MARK: - The C library's heap

int rnn_keep_freed_memory(void) {
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    // Trim only above 256 MiB of free top; blocks up to 32 MiB come from the heap (kept
    // and reused) rather than from mappings of their own, unmapped when freed.
    return mallopt(M_TRIM_THRESHOLD, 256 << 20) == 1 && mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
#else
    return 0;
#endif
}
