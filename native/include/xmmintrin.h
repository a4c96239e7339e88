/* <xmmintrin.h> for kit: the SSE intrinsics of gcc 12's header, written
   in C over GNU vectors (kit's vectors work lane by lane), with the
   results of the SSE instructions: their choices on NaN and signed zeros
   (min, max, the comparisons), conversions in the current rounding mode
   that give the "integer indefinite" value (the most negative integer)
   for NaN and out-of-range values. What C cannot say, the MXCSR register,
   the fences, pause and the reciprocal approximations (whose bits are the
   processor's own), goes through kit's __builtin_ia32_* functions, which
   have gcc's names. The _m_* names and the other second names are
   aliases, as in clang's header.

   Not modelled: the exception flags of comparisons and conversions
   (the instructions raise "invalid" for a NaN or an out-of-range value
   where C's comparisons and kit's range checks may not); arithmetic
   raises the instructions' flags. */
#ifndef __KIT_XMMINTRIN_H
#define __KIT_XMMINTRIN_H

#include <mmintrin.h>
#include <mm_malloc.h>

typedef float __m128 __attribute__((__vector_size__(16), __may_alias__));
typedef float __m128_u __attribute__((__vector_size__(16), __may_alias__, __aligned__(1)));
typedef float __v4sf __attribute__((__vector_size__(16)));

/* kit's own lane view: the bits of each float. */
typedef int __kit_v4si __attribute__((__vector_size__(16)));

#define __KIT_SSE __attribute__((__always_inline__))

/* Constants for _mm_prefetch: _MM_HINT_ETn is _MM_HINT_Tn with bit 2
   set (a prefetch for writing). */
enum _mm_hint {
  _MM_HINT_ET0 = 7,
  _MM_HINT_ET1 = 6,
  _MM_HINT_T0 = 3,
  _MM_HINT_T1 = 2,
  _MM_HINT_T2 = 1,
  _MM_HINT_NTA = 0
};

#define _mm_prefetch(P, I) __builtin_prefetch((P), (((I) & 0x4) >> 2), ((I) & 0x3))

/* A selector for _mm_shuffle_ps and _mm_shuffle_pi16. */
#define _MM_SHUFFLE(fp3, fp2, fp1, fp0) (((fp3) << 6) | ((fp2) << 4) | ((fp1) << 2) | (fp0))

/* Bits in the MXCSR. */
#define _MM_EXCEPT_MASK 0x003f
#define _MM_EXCEPT_INVALID 0x0001
#define _MM_EXCEPT_DENORM 0x0002
#define _MM_EXCEPT_DIV_ZERO 0x0004
#define _MM_EXCEPT_OVERFLOW 0x0008
#define _MM_EXCEPT_UNDERFLOW 0x0010
#define _MM_EXCEPT_INEXACT 0x0020

#define _MM_MASK_MASK 0x1f80
#define _MM_MASK_INVALID 0x0080
#define _MM_MASK_DENORM 0x0100
#define _MM_MASK_DIV_ZERO 0x0200
#define _MM_MASK_OVERFLOW 0x0400
#define _MM_MASK_UNDERFLOW 0x0800
#define _MM_MASK_INEXACT 0x1000

#define _MM_ROUND_MASK 0x6000
#define _MM_ROUND_NEAREST 0x0000
#define _MM_ROUND_DOWN 0x2000
#define _MM_ROUND_UP 0x4000
#define _MM_ROUND_TOWARD_ZERO 0x6000

#define _MM_FLUSH_ZERO_MASK 0x8000
#define _MM_FLUSH_ZERO_ON 0x8000
#define _MM_FLUSH_ZERO_OFF 0x0000

/* Conversions to integers, as macros over a plain variable x (evaluated
   more than once). __KIT_SSE_RINT rounds x to an integral value in the
   current rounding mode: past 2^23 a float is integral, below it adding
   and taking away 2^23 (on x's own side of zero) leaves the integer the
   mode rounds to. The _CVTT macros truncate, giving the integer
   indefinite value where C's conversion would be undefined. */
#define __KIT_SSE_RINT(x)                                                  \
  (!((x) > -0x1p23f && (x) < 0x1p23f) ? (x)                                \
   : (x) >= 0 ? ((x) + 0x1p23f) - 0x1p23f : ((x) - 0x1p23f) + 0x1p23f)
#define __KIT_SSE_CVTT32(x)                                                \
  ((x) >= -0x1p31f && (x) < 0x1p31f ? (int)(x) : (-2147483647 - 1))
#define __KIT_SSE_CVTT64(x)                                                \
  ((x) >= -0x1p63f && (x) < 0x1p63f ? (long long)(x)                       \
   : (-9223372036854775807LL - 1))

/* Zero rather than undefined, so that programs stay deterministic. */
static __inline__ __m128 __KIT_SSE _mm_undefined_ps(void)
{
  return (__m128){0.0f, 0.0f, 0.0f, 0.0f};
}

static __inline__ __m128 __KIT_SSE _mm_setzero_ps(void)
{
  return (__m128){0.0f, 0.0f, 0.0f, 0.0f};
}

/* Arithmetic on the low lane; the other three are __a's. Written
   __x + __y on locals, so that of two NaNs the result is __a's, as the
   instruction gives it (__a[0] += __b[0] gives __b's under kit). */

static __inline__ __m128 __KIT_SSE _mm_add_ss(__m128 __a, __m128 __b)
{
  float __x = __a[0], __y = __b[0];
  __a[0] = __x + __y;
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_sub_ss(__m128 __a, __m128 __b)
{
  float __x = __a[0], __y = __b[0];
  __a[0] = __x - __y;
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_mul_ss(__m128 __a, __m128 __b)
{
  float __x = __a[0], __y = __b[0];
  __a[0] = __x * __y;
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_div_ss(__m128 __a, __m128 __b)
{
  float __x = __a[0], __y = __b[0];
  __a[0] = __x / __y;
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_sqrt_ss(__m128 __a)
{
  __a[0] = __builtin_ia32_sqrtps((__v4sf)__a)[0];
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_rcp_ss(__m128 __a)
{
  __a[0] = __builtin_ia32_rcpps((__v4sf)__a)[0];
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_rsqrt_ss(__m128 __a)
{
  __a[0] = __builtin_ia32_rsqrtps((__v4sf)__a)[0];
  return __a;
}

/* minss and maxss give __b unless __a is less (greater): __b when either
   is NaN, and for two zeros of either sign. */
static __inline__ __m128 __KIT_SSE _mm_min_ss(__m128 __a, __m128 __b)
{
  if (!(__a[0] < __b[0]))
    __a[0] = __b[0];
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_max_ss(__m128 __a, __m128 __b)
{
  if (!(__a[0] > __b[0]))
    __a[0] = __b[0];
  return __a;
}

/* Arithmetic on the four lanes */

static __inline__ __m128 __KIT_SSE _mm_add_ps(__m128 __a, __m128 __b)
{
  return __a + __b;
}

static __inline__ __m128 __KIT_SSE _mm_sub_ps(__m128 __a, __m128 __b)
{
  return __a - __b;
}

static __inline__ __m128 __KIT_SSE _mm_mul_ps(__m128 __a, __m128 __b)
{
  return __a * __b;
}

static __inline__ __m128 __KIT_SSE _mm_div_ps(__m128 __a, __m128 __b)
{
  return __a / __b;
}

static __inline__ __m128 __KIT_SSE _mm_sqrt_ps(__m128 __a)
{
  return (__m128)__builtin_ia32_sqrtps((__v4sf)__a);
}

static __inline__ __m128 __KIT_SSE _mm_rcp_ps(__m128 __a)
{
  return (__m128)__builtin_ia32_rcpps((__v4sf)__a);
}

static __inline__ __m128 __KIT_SSE _mm_rsqrt_ps(__m128 __a)
{
  return (__m128)__builtin_ia32_rsqrtps((__v4sf)__a);
}

/* Lane by lane as _mm_min_ss and _mm_max_ss. */
static __inline__ __m128 __KIT_SSE _mm_min_ps(__m128 __a, __m128 __b)
{
  return (__m128){__a[0] < __b[0] ? __a[0] : __b[0], __a[1] < __b[1] ? __a[1] : __b[1],
                  __a[2] < __b[2] ? __a[2] : __b[2], __a[3] < __b[3] ? __a[3] : __b[3]};
}

static __inline__ __m128 __KIT_SSE _mm_max_ps(__m128 __a, __m128 __b)
{
  return (__m128){__a[0] > __b[0] ? __a[0] : __b[0], __a[1] > __b[1] ? __a[1] : __b[1],
                  __a[2] > __b[2] ? __a[2] : __b[2], __a[3] > __b[3] ? __a[3] : __b[3]};
}

/* Bitwise operations */

static __inline__ __m128 __KIT_SSE _mm_and_ps(__m128 __a, __m128 __b)
{
  return (__m128)((__kit_v4si)__a & (__kit_v4si)__b);
}

/* ~__a & __b */
static __inline__ __m128 __KIT_SSE _mm_andnot_ps(__m128 __a, __m128 __b)
{
  return (__m128)(~(__kit_v4si)__a & (__kit_v4si)__b);
}

static __inline__ __m128 __KIT_SSE _mm_or_ps(__m128 __a, __m128 __b)
{
  return (__m128)((__kit_v4si)__a | (__kit_v4si)__b);
}

static __inline__ __m128 __KIT_SSE _mm_xor_ps(__m128 __a, __m128 __b)
{
  return (__m128)((__kit_v4si)__a ^ (__kit_v4si)__b);
}

/* Comparisons of the low lanes: all ones in lane 0 where it holds, the
   other three lanes __a's. The "not" forms hold for NaN. */

#define __KIT_SSE_CMP_SS(name, cond)                                       \
  static __inline__ __m128 __KIT_SSE name(__m128 __a, __m128 __b)           \
  {                                                                         \
    __kit_v4si __r = (__kit_v4si)__a;                                       \
    float __x = __a[0], __y = __b[0];                                       \
    __r[0] = -(int)(cond);                                                  \
    return (__m128)__r;                                                     \
  }

__KIT_SSE_CMP_SS(_mm_cmpeq_ss, __x == __y)
__KIT_SSE_CMP_SS(_mm_cmplt_ss, __x < __y)
__KIT_SSE_CMP_SS(_mm_cmple_ss, __x <= __y)
__KIT_SSE_CMP_SS(_mm_cmpgt_ss, __x > __y)
__KIT_SSE_CMP_SS(_mm_cmpge_ss, __x >= __y)
__KIT_SSE_CMP_SS(_mm_cmpneq_ss, !(__x == __y))
__KIT_SSE_CMP_SS(_mm_cmpnlt_ss, !(__x < __y))
__KIT_SSE_CMP_SS(_mm_cmpnle_ss, !(__x <= __y))
__KIT_SSE_CMP_SS(_mm_cmpngt_ss, !(__x > __y))
__KIT_SSE_CMP_SS(_mm_cmpnge_ss, !(__x >= __y))
__KIT_SSE_CMP_SS(_mm_cmpord_ss, __x == __x && __y == __y)
__KIT_SSE_CMP_SS(_mm_cmpunord_ss, __x != __x || __y != __y)

#undef __KIT_SSE_CMP_SS

/* Comparisons of the four lanes: all ones where it holds. */

static __inline__ __m128 __KIT_SSE _mm_cmpeq_ps(__m128 __a, __m128 __b)
{
  return (__m128)(__a == __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmplt_ps(__m128 __a, __m128 __b)
{
  return (__m128)(__a < __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmple_ps(__m128 __a, __m128 __b)
{
  return (__m128)(__a <= __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmpgt_ps(__m128 __a, __m128 __b)
{
  return (__m128)(__a > __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmpge_ps(__m128 __a, __m128 __b)
{
  return (__m128)(__a >= __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmpneq_ps(__m128 __a, __m128 __b)
{
  return (__m128)~(__a == __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmpnlt_ps(__m128 __a, __m128 __b)
{
  return (__m128)~(__a < __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmpnle_ps(__m128 __a, __m128 __b)
{
  return (__m128)~(__a <= __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmpngt_ps(__m128 __a, __m128 __b)
{
  return (__m128)~(__a > __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmpnge_ps(__m128 __a, __m128 __b)
{
  return (__m128)~(__a >= __b);
}

static __inline__ __m128 __KIT_SSE _mm_cmpord_ps(__m128 __a, __m128 __b)
{
  return (__m128)((__a == __a) & (__b == __b));
}

static __inline__ __m128 __KIT_SSE _mm_cmpunord_ps(__m128 __a, __m128 __b)
{
  return (__m128)((__a != __a) | (__b != __b));
}

/* Comparisons of the low lanes, 1 or 0. gcc 12's read the flags comiss
   and ucomiss set: an unordered pair (a NaN) counts as equal, less and
   less-or-equal, not as greater or not-equal. The two families differ
   only in the exceptions they raise for a quiet NaN, so the _mm_ucomi*
   names are aliases here. */

static __inline__ int __KIT_SSE _mm_comieq_ss(__m128 __a, __m128 __b)
{
  return !(__a[0] < __b[0] || __a[0] > __b[0]);
}

static __inline__ int __KIT_SSE _mm_comilt_ss(__m128 __a, __m128 __b)
{
  return !(__a[0] >= __b[0]);
}

static __inline__ int __KIT_SSE _mm_comile_ss(__m128 __a, __m128 __b)
{
  return !(__a[0] > __b[0]);
}

static __inline__ int __KIT_SSE _mm_comigt_ss(__m128 __a, __m128 __b)
{
  return __a[0] > __b[0];
}

static __inline__ int __KIT_SSE _mm_comige_ss(__m128 __a, __m128 __b)
{
  return __a[0] >= __b[0];
}

static __inline__ int __KIT_SSE _mm_comineq_ss(__m128 __a, __m128 __b)
{
  return __a[0] < __b[0] || __a[0] > __b[0];
}

#define _mm_ucomieq_ss _mm_comieq_ss
#define _mm_ucomilt_ss _mm_comilt_ss
#define _mm_ucomile_ss _mm_comile_ss
#define _mm_ucomigt_ss _mm_comigt_ss
#define _mm_ucomige_ss _mm_comige_ss
#define _mm_ucomineq_ss _mm_comineq_ss

/* Conversions */

static __inline__ int __KIT_SSE _mm_cvtss_si32(__m128 __a)
{
  float __x = __a[0];
  __x = __KIT_SSE_RINT(__x);
  return __KIT_SSE_CVTT32(__x);
}

static __inline__ long long __KIT_SSE _mm_cvtss_si64(__m128 __a)
{
  float __x = __a[0];
  __x = __KIT_SSE_RINT(__x);
  return __KIT_SSE_CVTT64(__x);
}

static __inline__ __m64 __KIT_SSE _mm_cvtps_pi32(__m128 __a)
{
  float __x = __a[0], __y = __a[1];
  __x = __KIT_SSE_RINT(__x);
  __y = __KIT_SSE_RINT(__y);
  return (__m64)(__v2si){__KIT_SSE_CVTT32(__x), __KIT_SSE_CVTT32(__y)};
}

static __inline__ int __KIT_SSE _mm_cvttss_si32(__m128 __a)
{
  float __x = __a[0];
  return __KIT_SSE_CVTT32(__x);
}

static __inline__ long long __KIT_SSE _mm_cvttss_si64(__m128 __a)
{
  float __x = __a[0];
  return __KIT_SSE_CVTT64(__x);
}

static __inline__ __m64 __KIT_SSE _mm_cvttps_pi32(__m128 __a)
{
  float __x = __a[0], __y = __a[1];
  return (__m64)(__v2si){__KIT_SSE_CVTT32(__x), __KIT_SSE_CVTT32(__y)};
}

/* From integers (rounded in the current mode) */

static __inline__ __m128 __KIT_SSE _mm_cvtsi32_ss(__m128 __a, int __b)
{
  __a[0] = (float)__b;
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_cvtsi64_ss(__m128 __a, long long __b)
{
  __a[0] = (float)__b;
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_cvtpi32_ps(__m128 __a, __m64 __b)
{
  __a[0] = (float)((__v2si)__b)[0];
  __a[1] = (float)((__v2si)__b)[1];
  return __a;
}

static __inline__ __m128 __KIT_SSE _mm_cvtpi16_ps(__m64 __a)
{
  __v4hi __w = (__v4hi)__a;
  return (__m128){(float)__w[0], (float)__w[1], (float)__w[2], (float)__w[3]};
}

static __inline__ __m128 __KIT_SSE _mm_cvtpu16_ps(__m64 __a)
{
  __kit_v4hu __w = (__kit_v4hu)__a;
  return (__m128){(float)__w[0], (float)__w[1], (float)__w[2], (float)__w[3]};
}

/* The low four bytes */
static __inline__ __m128 __KIT_SSE _mm_cvtpi8_ps(__m64 __a)
{
  __kit_v8qs __c = (__kit_v8qs)__a;
  return (__m128){(float)__c[0], (float)__c[1], (float)__c[2], (float)__c[3]};
}

static __inline__ __m128 __KIT_SSE _mm_cvtpu8_ps(__m64 __a)
{
  __kit_v8qu __c = (__kit_v8qu)__a;
  return (__m128){(float)__c[0], (float)__c[1], (float)__c[2], (float)__c[3]};
}

static __inline__ __m128 __KIT_SSE _mm_cvtpi32x2_ps(__m64 __a, __m64 __b)
{
  __v2si __x = (__v2si)__a, __y = (__v2si)__b;
  return (__m128){(float)__x[0], (float)__x[1], (float)__y[0], (float)__y[1]};
}

/* To 16-bit and 8-bit integers: each lane converted to 32 bits (the
   integer indefinite value when out of range), then saturated, as
   gcc's cvtps2pi and packssdw (and packsswb) do. */
static __inline__ __m64 __KIT_SSE _mm_cvtps_pi16(__m128 __a)
{
  __v4hi __r;
  int __i, __n;
  float __x;
  for (__i = 0; __i < 4; __i++) {
    __x = __a[__i];
    __x = __KIT_SSE_RINT(__x);
    __n = __KIT_SSE_CVTT32(__x);
    __r[__i] = __KIT_MMX_CLAMP(__n, -32768, 32767);
  }
  return (__m64)__r;
}

/* The high four bytes zero */
static __inline__ __m64 __KIT_SSE _mm_cvtps_pi8(__m128 __a)
{
  __kit_v8qs __r = {0, 0, 0, 0, 0, 0, 0, 0};
  int __i, __n;
  float __x;
  for (__i = 0; __i < 4; __i++) {
    __x = __a[__i];
    __x = __KIT_SSE_RINT(__x);
    __n = __KIT_SSE_CVTT32(__x);
    __r[__i] = __KIT_MMX_CLAMP(__n, -128, 127);
  }
  return (__m64)__r;
}

/* Shuffles and moves: lane moves keep each float's bits. */

/* Lanes 0 and 1 from __a, 2 and 3 from __b, as the selector's 2-bit
   fields (lowest first) choose. */
static __inline__ __m128 __KIT_SSE _mm_shuffle_ps(__m128 __a, __m128 __b, int const __mask)
{
  __kit_v4si __x = (__kit_v4si)__a, __y = (__kit_v4si)__b;
  return (__m128)(__kit_v4si){__x[__mask & 3], __x[(__mask >> 2) & 3],
                              __y[(__mask >> 4) & 3], __y[(__mask >> 6) & 3]};
}

static __inline__ __m128 __KIT_SSE _mm_unpackhi_ps(__m128 __a, __m128 __b)
{
  return (__m128)__builtin_shuffle((__kit_v4si)__a, (__kit_v4si)__b, (__kit_v4si){2, 6, 3, 7});
}

static __inline__ __m128 __KIT_SSE _mm_unpacklo_ps(__m128 __a, __m128 __b)
{
  return (__m128)__builtin_shuffle((__kit_v4si)__a, (__kit_v4si)__b, (__kit_v4si){0, 4, 1, 5});
}

/* __a's low half, then the two floats at __p (any alignment). */
static __inline__ __m128 __KIT_SSE _mm_loadh_pi(__m128 __a, __m64 const *__p)
{
  __v2si __h = (__v2si)*(const __m64_u *)__p;
  __kit_v4si __r = (__kit_v4si)__a;
  __r[2] = __h[0];
  __r[3] = __h[1];
  return (__m128)__r;
}

static __inline__ void __KIT_SSE _mm_storeh_pi(__m64 *__p, __m128 __a)
{
  __kit_v4si __x = (__kit_v4si)__a;
  *(__m64_u *)__p = (__m64)(__v2si){__x[2], __x[3]};
}

/* __b's high half, then __a's high half. */
static __inline__ __m128 __KIT_SSE _mm_movehl_ps(__m128 __a, __m128 __b)
{
  return (__m128)__builtin_shuffle((__kit_v4si)__a, (__kit_v4si)__b, (__kit_v4si){6, 7, 2, 3});
}

/* __a's low half, then __b's low half. */
static __inline__ __m128 __KIT_SSE _mm_movelh_ps(__m128 __a, __m128 __b)
{
  return (__m128)__builtin_shuffle((__kit_v4si)__a, (__kit_v4si)__b, (__kit_v4si){0, 1, 4, 5});
}

/* The two floats at __p (any alignment), then __a's high half. */
static __inline__ __m128 __KIT_SSE _mm_loadl_pi(__m128 __a, __m64 const *__p)
{
  __v2si __l = (__v2si)*(const __m64_u *)__p;
  __kit_v4si __r = (__kit_v4si)__a;
  __r[0] = __l[0];
  __r[1] = __l[1];
  return (__m128)__r;
}

static __inline__ void __KIT_SSE _mm_storel_pi(__m64 *__p, __m128 __a)
{
  __kit_v4si __x = (__kit_v4si)__a;
  *(__m64_u *)__p = (__m64)(__v2si){__x[0], __x[1]};
}

/* The four sign bits, lane 0 in bit 0. */
static __inline__ int __KIT_SSE _mm_movemask_ps(__m128 __a)
{
  return __builtin_ia32_movmskps((__v4sf)__a);
}

/* The MXCSR register */

static __inline__ unsigned int __KIT_SSE _mm_getcsr(void)
{
  return __builtin_ia32_stmxcsr();
}

static __inline__ void __KIT_SSE _mm_setcsr(unsigned int __i)
{
  __builtin_ia32_ldmxcsr(__i);
}

static __inline__ unsigned int __KIT_SSE _MM_GET_EXCEPTION_STATE(void)
{
  return __builtin_ia32_stmxcsr() & _MM_EXCEPT_MASK;
}

static __inline__ unsigned int __KIT_SSE _MM_GET_EXCEPTION_MASK(void)
{
  return __builtin_ia32_stmxcsr() & _MM_MASK_MASK;
}

static __inline__ unsigned int __KIT_SSE _MM_GET_ROUNDING_MODE(void)
{
  return __builtin_ia32_stmxcsr() & _MM_ROUND_MASK;
}

static __inline__ unsigned int __KIT_SSE _MM_GET_FLUSH_ZERO_MODE(void)
{
  return __builtin_ia32_stmxcsr() & _MM_FLUSH_ZERO_MASK;
}

static __inline__ void __KIT_SSE _MM_SET_EXCEPTION_STATE(unsigned int __mask)
{
  __builtin_ia32_ldmxcsr((__builtin_ia32_stmxcsr() & ~_MM_EXCEPT_MASK) | __mask);
}

static __inline__ void __KIT_SSE _MM_SET_EXCEPTION_MASK(unsigned int __mask)
{
  __builtin_ia32_ldmxcsr((__builtin_ia32_stmxcsr() & ~_MM_MASK_MASK) | __mask);
}

static __inline__ void __KIT_SSE _MM_SET_ROUNDING_MODE(unsigned int __mode)
{
  __builtin_ia32_ldmxcsr((__builtin_ia32_stmxcsr() & ~_MM_ROUND_MASK) | __mode);
}

static __inline__ void __KIT_SSE _MM_SET_FLUSH_ZERO_MODE(unsigned int __mode)
{
  __builtin_ia32_ldmxcsr((__builtin_ia32_stmxcsr() & ~_MM_FLUSH_ZERO_MASK) | __mode);
}

/* Set, load and store: the _set forms name the lanes from the highest
   down, the _setr forms from lane 0 up. */

static __inline__ __m128 __KIT_SSE _mm_set_ss(float __f)
{
  return (__m128){__f, 0.0f, 0.0f, 0.0f};
}

static __inline__ __m128 __KIT_SSE _mm_set1_ps(float __f)
{
  return (__m128){__f, __f, __f, __f};
}

static __inline__ __m128 __KIT_SSE _mm_load_ss(float const *__p)
{
  return (__m128){*__p, 0.0f, 0.0f, 0.0f};
}

static __inline__ __m128 __KIT_SSE _mm_load1_ps(float const *__p)
{
  float __f = *__p;
  return (__m128){__f, __f, __f, __f};
}

/* __p 16-byte aligned */
static __inline__ __m128 __KIT_SSE _mm_load_ps(float const *__p)
{
  return *(const __m128 *)__p;
}

static __inline__ __m128 __KIT_SSE _mm_loadu_ps(float const *__p)
{
  return *(const __m128_u *)__p;
}

/* Reversed: lane 0 is __p[3]. */
static __inline__ __m128 __KIT_SSE _mm_loadr_ps(float const *__p)
{
  __kit_v4si __x = (__kit_v4si)*(const __m128 *)__p;
  return (__m128)__builtin_shuffle(__x, (__kit_v4si){3, 2, 1, 0});
}

static __inline__ __m128 __KIT_SSE _mm_set_ps(float __z, float __y, float __x, float __w)
{
  return (__m128){__w, __x, __y, __z};
}

static __inline__ __m128 __KIT_SSE _mm_setr_ps(float __z, float __y, float __x, float __w)
{
  return (__m128){__z, __y, __x, __w};
}

static __inline__ void __KIT_SSE _mm_store_ss(float *__p, __m128 __a)
{
  *__p = __a[0];
}

static __inline__ float __KIT_SSE _mm_cvtss_f32(__m128 __a)
{
  return __a[0];
}

/* __p 16-byte aligned */
static __inline__ void __KIT_SSE _mm_store_ps(float *__p, __m128 __a)
{
  *(__m128 *)__p = __a;
}

static __inline__ void __KIT_SSE _mm_storeu_ps(float *__p, __m128 __a)
{
  *(__m128_u *)__p = __a;
}

/* Lane 0 four times (any alignment, as gcc's). */
static __inline__ void __KIT_SSE _mm_store1_ps(float *__p, __m128 __a)
{
  __kit_v4si __x = (__kit_v4si)__a;
  *(__m128_u *)__p = (__m128)__builtin_shuffle(__x, (__kit_v4si){0, 0, 0, 0});
}

/* Reversed: __p[0] is lane 3 (__p 16-byte aligned). */
static __inline__ void __KIT_SSE _mm_storer_ps(float *__p, __m128 __a)
{
  __kit_v4si __x = (__kit_v4si)__a;
  *(__m128 *)__p = (__m128)__builtin_shuffle(__x, (__kit_v4si){3, 2, 1, 0});
}

/* __b's lane 0, __a's other three. */
static __inline__ __m128 __KIT_SSE _mm_move_ss(__m128 __a, __m128 __b)
{
  return (__m128)__builtin_shuffle((__kit_v4si)__a, (__kit_v4si)__b, (__kit_v4si){4, 1, 2, 3});
}

/* The SSE additions on __m64 (the selectors are taken modulo 4) */

static __inline__ int __KIT_SSE _mm_extract_pi16(__m64 const __a, int const __n)
{
  return (unsigned short)((__v4hi)__a)[__n & 3];
}

static __inline__ __m64 __KIT_SSE _mm_insert_pi16(__m64 const __a, int const __d, int const __n)
{
  __v4hi __r = (__v4hi)__a;
  __r[__n & 3] = (short)__d;
  return (__m64)__r;
}

static __inline__ __m64 __KIT_SSE _mm_max_pi16(__m64 __a, __m64 __b)
{
  __v4hi __x = (__v4hi)__a, __y = (__v4hi)__b;
  int __i;
  for (__i = 0; __i < 4; __i++)
    if (__y[__i] > __x[__i])
      __x[__i] = __y[__i];
  return (__m64)__x;
}

static __inline__ __m64 __KIT_SSE _mm_max_pu8(__m64 __a, __m64 __b)
{
  __kit_v8qu __x = (__kit_v8qu)__a, __y = (__kit_v8qu)__b;
  int __i;
  for (__i = 0; __i < 8; __i++)
    if (__y[__i] > __x[__i])
      __x[__i] = __y[__i];
  return (__m64)__x;
}

static __inline__ __m64 __KIT_SSE _mm_min_pi16(__m64 __a, __m64 __b)
{
  __v4hi __x = (__v4hi)__a, __y = (__v4hi)__b;
  int __i;
  for (__i = 0; __i < 4; __i++)
    if (__y[__i] < __x[__i])
      __x[__i] = __y[__i];
  return (__m64)__x;
}

static __inline__ __m64 __KIT_SSE _mm_min_pu8(__m64 __a, __m64 __b)
{
  __kit_v8qu __x = (__kit_v8qu)__a, __y = (__kit_v8qu)__b;
  int __i;
  for (__i = 0; __i < 8; __i++)
    if (__y[__i] < __x[__i])
      __x[__i] = __y[__i];
  return (__m64)__x;
}

/* The eight sign bits, byte 0 in bit 0. */
static __inline__ int __KIT_SSE _mm_movemask_pi8(__m64 __a)
{
  __kit_v8qu __c = (__kit_v8qu)__a;
  int __i, __r = 0;
  for (__i = 0; __i < 8; __i++)
    __r |= (__c[__i] >> 7) << __i;
  return __r;
}

static __inline__ __m64 __KIT_SSE _mm_mulhi_pu16(__m64 __a, __m64 __b)
{
  __kit_v4hu __x = (__kit_v4hu)__a, __y = (__kit_v4hu)__b, __r;
  int __i;
  for (__i = 0; __i < 4; __i++)
    __r[__i] = (unsigned short)(((unsigned)__x[__i] * __y[__i]) >> 16);
  return (__m64)__r;
}

static __inline__ __m64 __KIT_SSE _mm_shuffle_pi16(__m64 __a, int const __n)
{
  __v4hi __x = (__v4hi)__a;
  return (__m64)(__v4hi){__x[__n & 3], __x[(__n >> 2) & 3], __x[(__n >> 4) & 3],
                         __x[(__n >> 6) & 3]};
}

/* Stores the bytes of __a whose byte in __n has its high bit set. */
static __inline__ void __KIT_SSE _mm_maskmove_si64(__m64 __a, __m64 __n, char *__p)
{
  __kit_v8qs __x = (__kit_v8qs)__a, __m = (__kit_v8qs)__n;
  int __i;
  for (__i = 0; __i < 8; __i++)
    if (__m[__i] < 0)
      __p[__i] = __x[__i];
}

/* Rounded up: (a + b + 1) / 2 */
static __inline__ __m64 __KIT_SSE _mm_avg_pu8(__m64 __a, __m64 __b)
{
  __kit_v8qu __x = (__kit_v8qu)__a, __y = (__kit_v8qu)__b, __r;
  int __i;
  for (__i = 0; __i < 8; __i++)
    __r[__i] = (unsigned char)((__x[__i] + __y[__i] + 1) >> 1);
  return (__m64)__r;
}

static __inline__ __m64 __KIT_SSE _mm_avg_pu16(__m64 __a, __m64 __b)
{
  __kit_v4hu __x = (__kit_v4hu)__a, __y = (__kit_v4hu)__b, __r;
  int __i;
  for (__i = 0; __i < 4; __i++)
    __r[__i] = (unsigned short)((__x[__i] + __y[__i] + 1) >> 1);
  return (__m64)__r;
}

/* The sum of the eight absolute differences, in the low 16 bits. */
static __inline__ __m64 __KIT_SSE _mm_sad_pu8(__m64 __a, __m64 __b)
{
  __kit_v8qu __x = (__kit_v8qu)__a, __y = (__kit_v8qu)__b;
  int __i, __d;
  unsigned long long __s = 0;
  for (__i = 0; __i < 8; __i++) {
    __d = __x[__i] - __y[__i];
    __s += __d < 0 ? -__d : __d;
  }
  return (__m64)__s;
}

/* Non-temporal stores: the cache hint has no effect on what is stored. */

static __inline__ void __KIT_SSE _mm_stream_pi(__m64 *__p, __m64 __a)
{
  *__p = __a;
}

/* __p 16-byte aligned */
static __inline__ void __KIT_SSE _mm_stream_ps(float *__p, __m128 __a)
{
  *(__m128 *)__p = __a;
}

static __inline__ void __KIT_SSE _mm_sfence(void)
{
  __builtin_ia32_sfence();
}

static __inline__ void __KIT_SSE _mm_pause(void)
{
  __builtin_ia32_pause();
}

/* Transposes the 4x4 matrix whose rows are the four arguments (lvalues
   of type __m128). */
#define _MM_TRANSPOSE4_PS(row0, row1, row2, row3)                          \
  do {                                                                      \
    __m128 __r0 = (row0), __r1 = (row1), __r2 = (row2), __r3 = (row3);      \
    __m128 __t0 = _mm_unpacklo_ps(__r0, __r1);                              \
    __m128 __t1 = _mm_unpacklo_ps(__r2, __r3);                              \
    __m128 __t2 = _mm_unpackhi_ps(__r0, __r1);                              \
    __m128 __t3 = _mm_unpackhi_ps(__r2, __r3);                              \
    (row0) = _mm_movelh_ps(__t0, __t1);                                     \
    (row1) = _mm_movehl_ps(__t1, __t0);                                     \
    (row2) = _mm_movelh_ps(__t2, __t3);                                     \
    (row3) = _mm_movehl_ps(__t3, __t2);                                     \
  } while (0)

/* Second names */

#define _mm_cvt_ss2si _mm_cvtss_si32
#define _mm_cvtss_si64x _mm_cvtss_si64
#define _mm_cvt_ps2pi _mm_cvtps_pi32
#define _mm_cvtt_ss2si _mm_cvttss_si32
#define _mm_cvttss_si64x _mm_cvttss_si64
#define _mm_cvtt_ps2pi _mm_cvttps_pi32
#define _mm_cvt_si2ss _mm_cvtsi32_ss
#define _mm_cvtsi64x_ss _mm_cvtsi64_ss
#define _mm_cvt_pi2ps _mm_cvtpi32_ps
#define _mm_set_ps1 _mm_set1_ps
#define _mm_load_ps1 _mm_load1_ps
#define _mm_store_ps1 _mm_store1_ps
#define _m_pextrw _mm_extract_pi16
#define _m_pinsrw _mm_insert_pi16
#define _m_pmaxsw _mm_max_pi16
#define _m_pmaxub _mm_max_pu8
#define _m_pminsw _mm_min_pi16
#define _m_pminub _mm_min_pu8
#define _m_pmovmskb _mm_movemask_pi8
#define _m_pmulhuw _mm_mulhi_pu16
#define _m_pshufw _mm_shuffle_pi16
#define _m_maskmovq _mm_maskmove_si64
#define _m_pavgb _mm_avg_pu8
#define _m_pavgw _mm_avg_pu16
#define _m_psadbw _mm_sad_pu8

/* gcc's header ends with the SSE2 intrinsics, for programs written
   before <emmintrin.h>; after everything above, which that header uses. */
#include <emmintrin.h>

#endif
