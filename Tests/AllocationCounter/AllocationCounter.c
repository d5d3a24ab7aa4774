// Interposed malloc family for the allocation tests (see include/AllocationCounter.h),
// on Linux. Each function finds the C library's own with dlsym(RTLD_NEXT) on first use; an
// allocation made while that lookup runs is served from a static block, which free
// ignores.
#define _GNU_SOURCE
#include "AllocationCounter.h"

#if defined(__linux__)

#include <dlfcn.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void (*next_free)(void *);
static int (*next_posix_memalign)(void **, size_t, size_t);
static void *(*next_aligned_alloc)(size_t, size_t);
static void *(*next_memalign)(size_t, size_t);
static void *(*next_valloc)(size_t);

static atomic_int counting;
static atomic_long counted;
static atomic_int seen; // set by every interposed allocation: proof that ours are the ones called

static _Alignas(64) unsigned char early[16384];
static atomic_size_t early_used;
static _Thread_local int resolving;

static void *early_alloc(size_t n) {
    size_t size = (n + 63) & ~(size_t)63;
    size_t at = atomic_fetch_add(&early_used, size);
    if (at + size > sizeof early) return NULL;
    return early + at;
}

static int is_early(const void *p) {
    return (const unsigned char *)p >= early && (const unsigned char *)p < early + sizeof early;
}

static void resolve(void) {
    resolving = 1;
    next_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    next_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    next_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    next_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    next_posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
    next_aligned_alloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "aligned_alloc");
    next_memalign = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "memalign");
    next_valloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "valloc");
    resolving = 0;
}

static inline void note(void) {
    atomic_store_explicit(&seen, 1, memory_order_relaxed);
    if (atomic_load_explicit(&counting, memory_order_relaxed))
        atomic_fetch_add_explicit(&counted, 1, memory_order_relaxed);
}

void *malloc(size_t n) {
    if (resolving) return early_alloc(n);
    if (!next_malloc) resolve();
    note();
    return next_malloc(n);
}

void *calloc(size_t count, size_t n) {
    if (resolving) return early_alloc(count * n); // static storage is zeroed
    if (!next_calloc) resolve();
    note();
    return next_calloc(count, n);
}

void *realloc(void *p, size_t n) {
    if (resolving) return early_alloc(n);
    if (!next_realloc) resolve();
    note();
    if (p && is_early(p)) {
        void *q = next_malloc(n);
        size_t room = (size_t)(early + sizeof early - (unsigned char *)p);
        if (q) memcpy(q, p, n < room ? n : room);
        return q;
    }
    return next_realloc(p, n);
}

void free(void *p) {
    if (!p || is_early(p)) return;
    if (!next_free) resolve();
    next_free(p);
}

int posix_memalign(void **out, size_t align, size_t n) {
    if (!next_posix_memalign) resolve();
    note();
    return next_posix_memalign(out, align, n);
}

void *aligned_alloc(size_t align, size_t n) {
    if (!next_aligned_alloc) resolve();
    note();
    return next_aligned_alloc(align, n);
}

void *memalign(size_t align, size_t n) {
    if (!next_memalign) resolve();
    note();
    return next_memalign(align, n);
}

void *valloc(size_t n) {
    if (!next_valloc) resolve();
    note();
    return next_valloc(n);
}

void alloc_counter_start(void) {
    atomic_store(&counted, 0);
    atomic_store(&counting, 1);
}

long alloc_counter_stop(void) {
    atomic_store(&counting, 0);
    return atomic_load(&seen) ? atomic_load(&counted) : -1;
}

#else
// Elsewhere (Darwin's two-level namespace) a definition here would not replace the
// system's malloc for the libraries: nothing is counted and the tests skip.
void alloc_counter_start(void) {}
long alloc_counter_stop(void) { return -1; }
#endif
