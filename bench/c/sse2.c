/* SSE2 intrinsics (kit's own <emmintrin.h>): a byte count (cmpeq, movemask)
   and a mixing checksum of 32-bit lanes (add, xor, shifts) over a 1 MiB
   buffer, 100 rounds. Prints the count and the checksum. */
#include <emmintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t count_byte(const unsigned char *p, size_t n, unsigned char c) {
  __m128i needle = _mm_set1_epi8((char)c);
  size_t count = 0;
  for (size_t i = 0; i + 16 <= n; i += 16) {
    __m128i chunk = _mm_loadu_si128((const __m128i *)(p + i));
    count += __builtin_popcount(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, needle)));
  }
  return count;
}

static unsigned mix(const unsigned char *p, size_t n) {
  __m128i acc = _mm_setzero_si128();
  for (size_t i = 0; i + 16 <= n; i += 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(p + i));
    acc = _mm_add_epi32(acc, _mm_xor_si128(x, _mm_slli_epi32(acc, 3)));
    acc = _mm_xor_si128(acc, _mm_srli_epi32(acc, 7));
  }
  unsigned out[4];
  _mm_storeu_si128((__m128i *)out, acc);
  return out[0] ^ out[1] ^ out[2] ^ out[3];
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 100;
  size_t n = 1 << 20;
  unsigned char *buf = malloc(n);
  for (size_t i = 0; i < n; i++) buf[i] = (unsigned char)(i * 2654435761u >> 24);
  size_t hits = 0;
  unsigned h = 0;
  for (int r = 0; r < rounds; r++) {
    hits += count_byte(buf, n, (unsigned char)r);
    h = h * 31 + mix(buf, n) + (unsigned)r;
  }
  printf("%zu %08x\n", hits, h);
  return 0;
}
