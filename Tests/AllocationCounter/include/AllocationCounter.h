// Counts heap allocations in the test process, to check that the stepping API
// allocates nothing per step. Test-only: this target defines malloc and its relatives,
// which the test executable exports in place of the C library's, and forwards every
// call to the next definition (glibc's).
#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H

/// Starts counting the allocations of every thread from zero.
void alloc_counter_start(void);

/// Stops counting and returns the number of allocation calls (malloc, calloc, realloc,
/// posix_memalign, aligned_alloc, memalign, valloc) since alloc_counter_start, or -1
/// when nothing can be counted (not Linux, or the interposed functions never called).
long alloc_counter_stop(void);

#endif
