// memory.c: zeroed float arrays for the library's large buffers.
//
// Activations, gates and gradients of a batch are tens of megabytes and are
// allocated per call. From malloc, a block that size is a fresh mapping whose
// every 4 KiB page faults on first touch (and is zeroed by the kernel), which
// cost a 64 x 100 x 512 LSTM forward pass about a tenth of its time. Large
// arrays here are mapped directly, aligned to 2 MiB and marked for transparent
// huge pages where the system has them, so one fault covers 512 pages. Fresh
// anonymous mappings read as zero, so nothing is written to clear them.
// Small arrays come from calloc.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#define RNN_MAP_MIN ((size_t)1 << 20)  // bytes: below this, calloc
#define RNN_HUGE ((size_t)2 << 20)     // huge page size (x86_64, aarch64 with 4 KiB pages)

// Bytes of `count` floats rounded up for a mapping, or 0 on overflow.
static size_t mapped_bytes(size_t count) {
    if (count > (SIZE_MAX - RNN_HUGE) / sizeof(float)) return 0;
    size_t bytes = count * sizeof(float);
    return (bytes + RNN_HUGE - 1) & ~(RNN_HUGE - 1);
}

float *rnn_alloc_floats(size_t count) {
    if (count == 0) count = 1;
    if (count > SIZE_MAX / sizeof(float)) return NULL;
    if (count * sizeof(float) < RNN_MAP_MIN) return calloc(count, sizeof(float));
    size_t bytes = mapped_bytes(count);
    if (bytes == 0) return NULL;
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

void rnn_free_floats(float *p, size_t count) {
    if (!p) return;
    if (count == 0) count = 1;
    if (count * sizeof(float) < RNN_MAP_MIN) {
        free(p);
        return;
    }
    munmap(p, mapped_bytes(count));
}
