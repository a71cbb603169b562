#ifndef EVENTTOP_CSYSTEM_SHIM_H
#define EVENTTOP_CSYSTEM_SHIM_H
// glibc and Linux calls that Swift's Glibc module does not export: malloc tuning (mallopt) and
// CPU affinity (used by `eventtop bench` to run a replay on one core).
#include <malloc.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/// Keeps allocations up to `bytes` in the heap instead of mapping them from the kernel each time,
/// and returns freed memory to the kernel only beyond `trim` bytes.
static inline void et_keep_large_blocks(int bytes, int trim) {
  mallopt(M_MMAP_THRESHOLD, bytes);
  mallopt(M_TRIM_THRESHOLD, trim);
}

/// A CPU mask as the kernel takes it (room for 1024 CPUs).
typedef struct {
  unsigned long bits[1024 / (8 * sizeof(unsigned long))];
} et_cpu_mask;

/// The calling thread's CPU mask; 0 on success, -1 if the kernel refused.
static inline int et_get_cpus(et_cpu_mask *mask) {
  memset(mask, 0, sizeof *mask);
  return syscall(SYS_sched_getaffinity, 0, sizeof *mask, mask) < 0 ? -1 : 0;
}

/// Sets the calling thread's CPU mask (children spawned by it inherit it); 0 on success.
static inline int et_set_cpus(const et_cpu_mask *mask) {
  return syscall(SYS_sched_setaffinity, 0, sizeof *mask, mask) < 0 ? -1 : 0;
}

/// The number of CPUs in `mask`.
static inline int et_count_cpus(const et_cpu_mask *mask) {
  int count = 0;
  for (size_t i = 0; i < sizeof mask->bits / sizeof mask->bits[0]; i++) {
    count += __builtin_popcountl(mask->bits[i]);
  }
  return count;
}

/// `mask` with only its lowest CPU left.
static inline et_cpu_mask et_first_cpu(const et_cpu_mask *mask) {
  et_cpu_mask first;
  memset(&first, 0, sizeof first);
  for (size_t i = 0; i < sizeof mask->bits / sizeof mask->bits[0]; i++) {
    if (mask->bits[i]) {
      first.bits[i] = mask->bits[i] & (~mask->bits[i] + 1);
      break;
    }
  }
  return first;
}
#endif
