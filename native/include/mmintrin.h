/* <mmintrin.h> for kit: the MMX intrinsics of gcc 12's header, written in
   C over GNU vectors (kit's vectors work lane by lane, so no MMX register
   is ever used), with the results of the MMX instructions: wrapping and
   saturating arithmetic, shift counts past the lane width, packing. The
   _m_* names and the Microsoft _si64x ones are macros naming the _mm_*
   functions, as in clang's header. */
#ifndef __KIT_MMINTRIN_H
#define __KIT_MMINTRIN_H

typedef int __m64 __attribute__((__vector_size__(8), __may_alias__));
typedef int __m32 __attribute__((__vector_size__(4), __may_alias__));
typedef short __m16 __attribute__((__vector_size__(2), __may_alias__));
typedef int __m64_u __attribute__((__vector_size__(8), __may_alias__, __aligned__(1)));
typedef int __m32_u __attribute__((__vector_size__(4), __may_alias__, __aligned__(1)));
typedef short __m16_u __attribute__((__vector_size__(2), __may_alias__, __aligned__(1)));
typedef int __v2si __attribute__((__vector_size__(8)));
typedef short __v4hi __attribute__((__vector_size__(8)));
typedef char __v8qi __attribute__((__vector_size__(8)));
typedef long long __v1di __attribute__((__vector_size__(8)));
typedef float __v2sf __attribute__((__vector_size__(8)));

/* kit's own lane views: unsigned lanes wrap without overflow. */
typedef signed char __kit_v8qs __attribute__((__vector_size__(8)));
typedef unsigned char __kit_v8qu __attribute__((__vector_size__(8)));
typedef unsigned short __kit_v4hu __attribute__((__vector_size__(8)));
typedef unsigned int __kit_v2su __attribute__((__vector_size__(8)));
typedef unsigned long long __kit_v1du __attribute__((__vector_size__(8)));

#define __KIT_MMX __attribute__((__always_inline__))

/* x clamped to [lo, hi] (x is evaluated more than once). */
#define __KIT_MMX_CLAMP(x, lo, hi) ((x) < (lo) ? (lo) : (x) > (hi) ? (hi) : (x))

/* kit never puts a value in an MMX register, so there is no MMX state to
   leave: a no-op. */
static __inline__ void __KIT_MMX _mm_empty(void)
{
}

/* Conversions */

static __inline__ __m64 __KIT_MMX _mm_cvtsi32_si64(int __i)
{
  return (__m64)(__v2si){__i, 0};
}

static __inline__ __m64 __KIT_MMX _mm_cvtsi64_m64(long long __i)
{
  return (__m64)__i;
}

static __inline__ int __KIT_MMX _mm_cvtsi64_si32(__m64 __m)
{
  return ((__v2si)__m)[0];
}

static __inline__ long long __KIT_MMX _mm_cvtm64_si64(__m64 __m)
{
  return (long long)__m;
}

#define _mm_cvtsi64x_si64 _mm_cvtsi64_m64
#define _mm_set_pi64x _mm_cvtsi64_m64
#define _mm_cvtsi64_si64x _mm_cvtm64_si64

/* Packing with saturation: the lanes of __m1, then those of __m2. */

static __inline__ __m64 __KIT_MMX _mm_packs_pi16(__m64 __m1, __m64 __m2)
{
  __v4hi __a = (__v4hi)__m1, __b = (__v4hi)__m2;
  __kit_v8qs __r;
  int __i;
  for (__i = 0; __i < 4; __i++) {
    __r[__i] = __KIT_MMX_CLAMP(__a[__i], -128, 127);
    __r[__i + 4] = __KIT_MMX_CLAMP(__b[__i], -128, 127);
  }
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_packs_pi32(__m64 __m1, __m64 __m2)
{
  __v2si __a = (__v2si)__m1, __b = (__v2si)__m2;
  __v4hi __r;
  int __i;
  for (__i = 0; __i < 2; __i++) {
    __r[__i] = __KIT_MMX_CLAMP(__a[__i], -32768, 32767);
    __r[__i + 2] = __KIT_MMX_CLAMP(__b[__i], -32768, 32767);
  }
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_packs_pu16(__m64 __m1, __m64 __m2)
{
  __v4hi __a = (__v4hi)__m1, __b = (__v4hi)__m2;
  __kit_v8qu __r;
  int __i;
  for (__i = 0; __i < 4; __i++) {
    __r[__i] = __KIT_MMX_CLAMP(__a[__i], 0, 255);
    __r[__i + 4] = __KIT_MMX_CLAMP(__b[__i], 0, 255);
  }
  return (__m64)__r;
}

/* Interleaving the low or the high halves */

static __inline__ __m64 __KIT_MMX _mm_unpackhi_pi8(__m64 __m1, __m64 __m2)
{
  return (__m64)__builtin_shuffle((__v8qi)__m1, (__v8qi)__m2,
                                  (__v8qi){4, 12, 5, 13, 6, 14, 7, 15});
}

static __inline__ __m64 __KIT_MMX _mm_unpackhi_pi16(__m64 __m1, __m64 __m2)
{
  return (__m64)__builtin_shuffle((__v4hi)__m1, (__v4hi)__m2, (__v4hi){2, 6, 3, 7});
}

static __inline__ __m64 __KIT_MMX _mm_unpackhi_pi32(__m64 __m1, __m64 __m2)
{
  return (__m64)__builtin_shuffle((__v2si)__m1, (__v2si)__m2, (__v2si){1, 3});
}

static __inline__ __m64 __KIT_MMX _mm_unpacklo_pi8(__m64 __m1, __m64 __m2)
{
  return (__m64)__builtin_shuffle((__v8qi)__m1, (__v8qi)__m2,
                                  (__v8qi){0, 8, 1, 9, 2, 10, 3, 11});
}

static __inline__ __m64 __KIT_MMX _mm_unpacklo_pi16(__m64 __m1, __m64 __m2)
{
  return (__m64)__builtin_shuffle((__v4hi)__m1, (__v4hi)__m2, (__v4hi){0, 4, 1, 5});
}

static __inline__ __m64 __KIT_MMX _mm_unpacklo_pi32(__m64 __m1, __m64 __m2)
{
  return (__m64)__builtin_shuffle((__v2si)__m1, (__v2si)__m2, (__v2si){0, 2});
}

/* Wrapping addition and subtraction */

static __inline__ __m64 __KIT_MMX _mm_add_pi8(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v8qu)__m1 + (__kit_v8qu)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_add_pi16(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v4hu)__m1 + (__kit_v4hu)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_add_pi32(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v2su)__m1 + (__kit_v2su)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_add_si64(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v1du)__m1 + (__kit_v1du)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_sub_pi8(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v8qu)__m1 - (__kit_v8qu)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_sub_pi16(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v4hu)__m1 - (__kit_v4hu)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_sub_pi32(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v2su)__m1 - (__kit_v2su)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_sub_si64(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v1du)__m1 - (__kit_v1du)__m2);
}

/* Saturating addition and subtraction (the sums fit an int) */

static __inline__ __m64 __KIT_MMX _mm_adds_pi8(__m64 __m1, __m64 __m2)
{
  __kit_v8qs __a = (__kit_v8qs)__m1, __b = (__kit_v8qs)__m2, __r;
  int __i, __s;
  for (__i = 0; __i < 8; __i++) {
    __s = __a[__i] + __b[__i];
    __r[__i] = __KIT_MMX_CLAMP(__s, -128, 127);
  }
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_adds_pi16(__m64 __m1, __m64 __m2)
{
  __v4hi __a = (__v4hi)__m1, __b = (__v4hi)__m2, __r;
  int __i, __s;
  for (__i = 0; __i < 4; __i++) {
    __s = __a[__i] + __b[__i];
    __r[__i] = __KIT_MMX_CLAMP(__s, -32768, 32767);
  }
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_adds_pu8(__m64 __m1, __m64 __m2)
{
  __kit_v8qu __a = (__kit_v8qu)__m1, __b = (__kit_v8qu)__m2, __r;
  int __i, __s;
  for (__i = 0; __i < 8; __i++) {
    __s = __a[__i] + __b[__i];
    __r[__i] = __s > 255 ? 255 : __s;
  }
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_adds_pu16(__m64 __m1, __m64 __m2)
{
  __kit_v4hu __a = (__kit_v4hu)__m1, __b = (__kit_v4hu)__m2, __r;
  int __i, __s;
  for (__i = 0; __i < 4; __i++) {
    __s = __a[__i] + __b[__i];
    __r[__i] = __s > 65535 ? 65535 : __s;
  }
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_subs_pi8(__m64 __m1, __m64 __m2)
{
  __kit_v8qs __a = (__kit_v8qs)__m1, __b = (__kit_v8qs)__m2, __r;
  int __i, __s;
  for (__i = 0; __i < 8; __i++) {
    __s = __a[__i] - __b[__i];
    __r[__i] = __KIT_MMX_CLAMP(__s, -128, 127);
  }
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_subs_pi16(__m64 __m1, __m64 __m2)
{
  __v4hi __a = (__v4hi)__m1, __b = (__v4hi)__m2, __r;
  int __i, __s;
  for (__i = 0; __i < 4; __i++) {
    __s = __a[__i] - __b[__i];
    __r[__i] = __KIT_MMX_CLAMP(__s, -32768, 32767);
  }
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_subs_pu8(__m64 __m1, __m64 __m2)
{
  __kit_v8qu __a = (__kit_v8qu)__m1, __b = (__kit_v8qu)__m2, __r;
  int __i, __s;
  for (__i = 0; __i < 8; __i++) {
    __s = __a[__i] - __b[__i];
    __r[__i] = __s < 0 ? 0 : __s;
  }
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_subs_pu16(__m64 __m1, __m64 __m2)
{
  __kit_v4hu __a = (__kit_v4hu)__m1, __b = (__kit_v4hu)__m2, __r;
  int __i, __s;
  for (__i = 0; __i < 4; __i++) {
    __s = __a[__i] - __b[__i];
    __r[__i] = __s < 0 ? 0 : __s;
  }
  return (__m64)__r;
}

/* Multiplication */

/* Pairs of products summed: pmaddwd's one overflow, 2 * (-32768)^2,
   wraps to INT_MIN (hence the unsigned sum). */
static __inline__ __m64 __KIT_MMX _mm_madd_pi16(__m64 __m1, __m64 __m2)
{
  __v4hi __a = (__v4hi)__m1, __b = (__v4hi)__m2;
  __kit_v2su __r;
  __r[0] = (unsigned)(__a[0] * __b[0]) + (unsigned)(__a[1] * __b[1]);
  __r[1] = (unsigned)(__a[2] * __b[2]) + (unsigned)(__a[3] * __b[3]);
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_mulhi_pi16(__m64 __m1, __m64 __m2)
{
  __v4hi __a = (__v4hi)__m1, __b = (__v4hi)__m2, __r;
  int __i;
  for (__i = 0; __i < 4; __i++)
    __r[__i] = (short)((__a[__i] * __b[__i]) >> 16);
  return (__m64)__r;
}

static __inline__ __m64 __KIT_MMX _mm_mullo_pi16(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v4hu)__m1 * (__kit_v4hu)__m2);
}

/* Shifts. A count past the lane's last bit gives zeros (or, shifting
   right arithmetically, copies of the sign bit). The count of the
   _mm_s?l_* forms is the whole 64-bit value of __count, that of the
   _mm_s?li_* forms the int taken as unsigned, as the instructions see
   them. */

static __inline__ __m64 __KIT_MMX _mm_sll_pi16(__m64 __m, __m64 __count)
{
  unsigned long long __c = (unsigned long long)__count;
  if (__c > 15)
    return (__m64)0LL;
  return (__m64)((__kit_v4hu)__m << (unsigned short)__c);
}

static __inline__ __m64 __KIT_MMX _mm_slli_pi16(__m64 __m, int __count)
{
  if ((unsigned)__count > 15)
    return (__m64)0LL;
  return (__m64)((__kit_v4hu)__m << (unsigned short)__count);
}

static __inline__ __m64 __KIT_MMX _mm_sll_pi32(__m64 __m, __m64 __count)
{
  unsigned long long __c = (unsigned long long)__count;
  if (__c > 31)
    return (__m64)0LL;
  return (__m64)((__kit_v2su)__m << (unsigned)__c);
}

static __inline__ __m64 __KIT_MMX _mm_slli_pi32(__m64 __m, int __count)
{
  if ((unsigned)__count > 31)
    return (__m64)0LL;
  return (__m64)((__kit_v2su)__m << (unsigned)__count);
}

static __inline__ __m64 __KIT_MMX _mm_sll_si64(__m64 __m, __m64 __count)
{
  unsigned long long __c = (unsigned long long)__count;
  if (__c > 63)
    return (__m64)0LL;
  return (__m64)((unsigned long long)__m << (unsigned)__c);
}

static __inline__ __m64 __KIT_MMX _mm_slli_si64(__m64 __m, int __count)
{
  if ((unsigned)__count > 63)
    return (__m64)0LL;
  return (__m64)((unsigned long long)__m << (unsigned)__count);
}

static __inline__ __m64 __KIT_MMX _mm_sra_pi16(__m64 __m, __m64 __count)
{
  unsigned long long __c = (unsigned long long)__count;
  if (__c > 15)
    __c = 15;
  return (__m64)((__v4hi)__m >> (short)__c);
}

static __inline__ __m64 __KIT_MMX _mm_srai_pi16(__m64 __m, int __count)
{
  unsigned __c = (unsigned)__count > 15 ? 15 : (unsigned)__count;
  return (__m64)((__v4hi)__m >> (short)__c);
}

static __inline__ __m64 __KIT_MMX _mm_sra_pi32(__m64 __m, __m64 __count)
{
  unsigned long long __c = (unsigned long long)__count;
  if (__c > 31)
    __c = 31;
  return (__m64)((__v2si)__m >> (int)__c);
}

static __inline__ __m64 __KIT_MMX _mm_srai_pi32(__m64 __m, int __count)
{
  unsigned __c = (unsigned)__count > 31 ? 31 : (unsigned)__count;
  return (__m64)((__v2si)__m >> (int)__c);
}

static __inline__ __m64 __KIT_MMX _mm_srl_pi16(__m64 __m, __m64 __count)
{
  unsigned long long __c = (unsigned long long)__count;
  if (__c > 15)
    return (__m64)0LL;
  return (__m64)((__kit_v4hu)__m >> (unsigned short)__c);
}

static __inline__ __m64 __KIT_MMX _mm_srli_pi16(__m64 __m, int __count)
{
  if ((unsigned)__count > 15)
    return (__m64)0LL;
  return (__m64)((__kit_v4hu)__m >> (unsigned short)__count);
}

static __inline__ __m64 __KIT_MMX _mm_srl_pi32(__m64 __m, __m64 __count)
{
  unsigned long long __c = (unsigned long long)__count;
  if (__c > 31)
    return (__m64)0LL;
  return (__m64)((__kit_v2su)__m >> (unsigned)__c);
}

static __inline__ __m64 __KIT_MMX _mm_srli_pi32(__m64 __m, int __count)
{
  if ((unsigned)__count > 31)
    return (__m64)0LL;
  return (__m64)((__kit_v2su)__m >> (unsigned)__count);
}

static __inline__ __m64 __KIT_MMX _mm_srl_si64(__m64 __m, __m64 __count)
{
  unsigned long long __c = (unsigned long long)__count;
  if (__c > 63)
    return (__m64)0LL;
  return (__m64)((unsigned long long)__m >> (unsigned)__c);
}

static __inline__ __m64 __KIT_MMX _mm_srli_si64(__m64 __m, int __count)
{
  if ((unsigned)__count > 63)
    return (__m64)0LL;
  return (__m64)((unsigned long long)__m >> (unsigned)__count);
}

/* Bitwise operations */

static __inline__ __m64 __KIT_MMX _mm_and_si64(__m64 __m1, __m64 __m2)
{
  return (__m64)((long long)__m1 & (long long)__m2);
}

/* ~__m1 & __m2 */
static __inline__ __m64 __KIT_MMX _mm_andnot_si64(__m64 __m1, __m64 __m2)
{
  return (__m64)(~(long long)__m1 & (long long)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_or_si64(__m64 __m1, __m64 __m2)
{
  return (__m64)((long long)__m1 | (long long)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_xor_si64(__m64 __m1, __m64 __m2)
{
  return (__m64)((long long)__m1 ^ (long long)__m2);
}

/* Comparisons: all ones in a lane where it holds (signed lanes). */

static __inline__ __m64 __KIT_MMX _mm_cmpeq_pi8(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v8qs)__m1 == (__kit_v8qs)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_cmpgt_pi8(__m64 __m1, __m64 __m2)
{
  return (__m64)((__kit_v8qs)__m1 > (__kit_v8qs)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_cmpeq_pi16(__m64 __m1, __m64 __m2)
{
  return (__m64)((__v4hi)__m1 == (__v4hi)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_cmpgt_pi16(__m64 __m1, __m64 __m2)
{
  return (__m64)((__v4hi)__m1 > (__v4hi)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_cmpeq_pi32(__m64 __m1, __m64 __m2)
{
  return (__m64)((__v2si)__m1 == (__v2si)__m2);
}

static __inline__ __m64 __KIT_MMX _mm_cmpgt_pi32(__m64 __m1, __m64 __m2)
{
  return (__m64)((__v2si)__m1 > (__v2si)__m2);
}

/* Setting: the _set forms name the lanes from the highest down, the
   _setr forms from lane 0 up. */

static __inline__ __m64 __KIT_MMX _mm_setzero_si64(void)
{
  return (__m64)0LL;
}

static __inline__ __m64 __KIT_MMX _mm_set_pi32(int __i1, int __i0)
{
  return (__m64)(__v2si){__i0, __i1};
}

static __inline__ __m64 __KIT_MMX _mm_set_pi16(short __w3, short __w2, short __w1, short __w0)
{
  return (__m64)(__v4hi){__w0, __w1, __w2, __w3};
}

static __inline__ __m64 __KIT_MMX _mm_set_pi8(char __b7, char __b6, char __b5, char __b4,
                                              char __b3, char __b2, char __b1, char __b0)
{
  return (__m64)(__v8qi){__b0, __b1, __b2, __b3, __b4, __b5, __b6, __b7};
}

static __inline__ __m64 __KIT_MMX _mm_setr_pi32(int __i0, int __i1)
{
  return (__m64)(__v2si){__i0, __i1};
}

static __inline__ __m64 __KIT_MMX _mm_setr_pi16(short __w0, short __w1, short __w2, short __w3)
{
  return (__m64)(__v4hi){__w0, __w1, __w2, __w3};
}

static __inline__ __m64 __KIT_MMX _mm_setr_pi8(char __b0, char __b1, char __b2, char __b3,
                                               char __b4, char __b5, char __b6, char __b7)
{
  return (__m64)(__v8qi){__b0, __b1, __b2, __b3, __b4, __b5, __b6, __b7};
}

static __inline__ __m64 __KIT_MMX _mm_set1_pi32(int __i)
{
  return (__m64)(__v2si){__i, __i};
}

static __inline__ __m64 __KIT_MMX _mm_set1_pi16(short __w)
{
  return (__m64)(__v4hi){__w, __w, __w, __w};
}

static __inline__ __m64 __KIT_MMX _mm_set1_pi8(char __b)
{
  return (__m64)(__v8qi){__b, __b, __b, __b, __b, __b, __b, __b};
}

/* The _m_* names */

#define _m_empty _mm_empty
#define _m_from_int _mm_cvtsi32_si64
#define _m_from_int64 _mm_cvtsi64_m64
#define _m_to_int _mm_cvtsi64_si32
#define _m_to_int64 _mm_cvtm64_si64
#define _m_packsswb _mm_packs_pi16
#define _m_packssdw _mm_packs_pi32
#define _m_packuswb _mm_packs_pu16
#define _m_punpckhbw _mm_unpackhi_pi8
#define _m_punpckhwd _mm_unpackhi_pi16
#define _m_punpckhdq _mm_unpackhi_pi32
#define _m_punpcklbw _mm_unpacklo_pi8
#define _m_punpcklwd _mm_unpacklo_pi16
#define _m_punpckldq _mm_unpacklo_pi32
#define _m_paddb _mm_add_pi8
#define _m_paddw _mm_add_pi16
#define _m_paddd _mm_add_pi32
#define _m_paddsb _mm_adds_pi8
#define _m_paddsw _mm_adds_pi16
#define _m_paddusb _mm_adds_pu8
#define _m_paddusw _mm_adds_pu16
#define _m_psubb _mm_sub_pi8
#define _m_psubw _mm_sub_pi16
#define _m_psubd _mm_sub_pi32
#define _m_psubsb _mm_subs_pi8
#define _m_psubsw _mm_subs_pi16
#define _m_psubusb _mm_subs_pu8
#define _m_psubusw _mm_subs_pu16
#define _m_pmaddwd _mm_madd_pi16
#define _m_pmulhw _mm_mulhi_pi16
#define _m_pmullw _mm_mullo_pi16
#define _m_psllw _mm_sll_pi16
#define _m_psllwi _mm_slli_pi16
#define _m_pslld _mm_sll_pi32
#define _m_pslldi _mm_slli_pi32
#define _m_psllq _mm_sll_si64
#define _m_psllqi _mm_slli_si64
#define _m_psraw _mm_sra_pi16
#define _m_psrawi _mm_srai_pi16
#define _m_psrad _mm_sra_pi32
#define _m_psradi _mm_srai_pi32
#define _m_psrlw _mm_srl_pi16
#define _m_psrlwi _mm_srli_pi16
#define _m_psrld _mm_srl_pi32
#define _m_psrldi _mm_srli_pi32
#define _m_psrlq _mm_srl_si64
#define _m_psrlqi _mm_srli_si64
#define _m_pand _mm_and_si64
#define _m_pandn _mm_andnot_si64
#define _m_por _mm_or_si64
#define _m_pxor _mm_xor_si64
#define _m_pcmpeqb _mm_cmpeq_pi8
#define _m_pcmpgtb _mm_cmpgt_pi8
#define _m_pcmpeqw _mm_cmpeq_pi16
#define _m_pcmpgtw _mm_cmpgt_pi16
#define _m_pcmpeqd _mm_cmpeq_pi32
#define _m_pcmpgtd _mm_cmpgt_pi32

#endif
