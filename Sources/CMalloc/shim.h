#ifndef EVENTTOP_CMALLOC_SHIM_H
#define EVENTTOP_CMALLOC_SHIM_H
// glibc's malloc tuning (mallopt), which Swift's Glibc module does not export.
#include <malloc.h>

/// Keeps allocations up to `bytes` in the heap instead of mapping them from the kernel each time,
/// and returns freed memory to the kernel only beyond `trim` bytes.
static inline void et_keep_large_blocks(int bytes, int trim) {
  mallopt(M_MMAP_THRESHOLD, bytes);
  mallopt(M_TRIM_THRESHOLD, trim);
}
#endif
