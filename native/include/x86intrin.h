/* <x86intrin.h> for kit: <immintrin.h> (MMX, SSE and SSE2) and the
   time-stamp counter and byte swaps of gcc's <ia32intrin.h>. */
#ifndef __KIT_X86INTRIN_H
#define __KIT_X86INTRIN_H
#include <immintrin.h>

static __inline__ unsigned long long __attribute__((__always_inline__)) __rdtsc(void) {
  return __builtin_ia32_rdtsc();
}

static __inline__ int __attribute__((__always_inline__)) _bswap(int __x) {
  return (int)__builtin_bswap32((unsigned)__x);
}

static __inline__ long long __attribute__((__always_inline__)) _bswap64(long long __x) {
  return (long long)__builtin_bswap64((unsigned long long)__x);
}

#endif
