/* <emmintrin.h> for kit: the SSE2 intrinsics, written in C over GNU vectors
   (kit's vectors work lane by lane), with the results of the x86 instructions. */
#ifndef __KIT_EMMINTRIN_H
#define __KIT_EMMINTRIN_H

#include <xmmintrin.h>

typedef double __v2df __attribute__((__vector_size__(16)));
typedef long long __v2di __attribute__((__vector_size__(16)));
typedef unsigned long long __v2du __attribute__((__vector_size__(16)));
typedef int __v4si __attribute__((__vector_size__(16)));
typedef unsigned int __v4su __attribute__((__vector_size__(16)));
typedef short __v8hi __attribute__((__vector_size__(16)));
typedef unsigned short __v8hu __attribute__((__vector_size__(16)));
typedef char __v16qi __attribute__((__vector_size__(16)));
typedef signed char __v16qs __attribute__((__vector_size__(16)));
typedef unsigned char __v16qu __attribute__((__vector_size__(16)));

typedef long long __m128i __attribute__((__vector_size__(16), __may_alias__));
typedef double __m128d __attribute__((__vector_size__(16), __may_alias__));
typedef long long __m128i_u
  __attribute__((__vector_size__(16), __may_alias__, __aligned__(1)));
typedef double __m128d_u
  __attribute__((__vector_size__(16), __may_alias__, __aligned__(1)));

#define _MM_SHUFFLE2(__x, __y) (((__x) << 1) | (__y))

#define __KIT_SSE2 __attribute__((__always_inline__))

/* Conversions to integers. For NaN and out-of-range values x86 gives the
   "integer indefinite" value (the most negative integer) where C's
   conversion is undefined, hence the range checks. */
#define __KIT_SSE2_INDEF32 (-2147483647 - 1)
#define __KIT_SSE2_INDEF64 (-9223372036854775807LL - 1)

/* Rounds to an integral value in the current rounding mode (MXCSR): past
   2^52 a double is integral, below it adding and taking away 2^52 (on the
   value's own side of zero) leaves the integer the mode rounds to. */
static __inline__ double __KIT_SSE2 __kit_sse2_round(double __x)
{
  if (__x >= 0x1p52 || __x <= -0x1p52 || __x != __x)
    return __x;
  return __x >= 0 ? (__x + 0x1p52) - 0x1p52 : (__x - 0x1p52) + 0x1p52;
}

static __inline__ float __KIT_SSE2 __kit_sse2_roundf(float __x)
{
  if (__x >= 0x1p23f || __x <= -0x1p23f || __x != __x)
    return __x;
  return __x >= 0 ? (__x + 0x1p23f) - 0x1p23f : (__x - 0x1p23f) + 0x1p23f;
}

static __inline__ int __KIT_SSE2 __kit_sse2_cvtt32(double __x)
{
  return __x > -2147483649.0 && __x < 2147483648.0 ? (int)__x : __KIT_SSE2_INDEF32;
}

static __inline__ int __KIT_SSE2 __kit_sse2_cvt32(double __x)
{
  return __kit_sse2_cvtt32(__kit_sse2_round(__x));
}

static __inline__ long long __KIT_SSE2 __kit_sse2_cvtt64(double __x)
{
  return __x >= -0x1p63 && __x < 0x1p63 ? (long long)__x : __KIT_SSE2_INDEF64;
}

static __inline__ long long __KIT_SSE2 __kit_sse2_cvt64(double __x)
{
  return __kit_sse2_cvtt64(__kit_sse2_round(__x));
}

static __inline__ int __KIT_SSE2 __kit_sse2_cvttf32(float __x)
{
  return __x >= -0x1p31f && __x < 0x1p31f ? (int)__x : __KIT_SSE2_INDEF32;
}

/* A compare's mask in the low lane of a, its high lane kept. */
static __inline__ __m128d __KIT_SSE2 __kit_sse2_sd_mask(__m128d __a, int __c)
{
  __v2di __r = (__v2di)__a;
  __r[0] = -(long long)(__c != 0);
  return (__m128d)__r;
}

/* Set, load and store */

static __inline__ __m128d __KIT_SSE2 _mm_set_sd(double __f)
{
  return (__m128d){__f, 0.0};
}

static __inline__ __m128d __KIT_SSE2 _mm_set1_pd(double __f)
{
  return (__m128d){__f, __f};
}

static __inline__ __m128d __KIT_SSE2 _mm_set_pd1(double __f)
{
  return (__m128d){__f, __f};
}

static __inline__ __m128d __KIT_SSE2 _mm_set_pd(double __w, double __x)
{
  return (__m128d){__x, __w};
}

static __inline__ __m128d __KIT_SSE2 _mm_setr_pd(double __w, double __x)
{
  return (__m128d){__w, __x};
}

/* Zero rather than undefined, so that programs stay deterministic. */
static __inline__ __m128d __KIT_SSE2 _mm_undefined_pd(void)
{
  return (__m128d){0.0, 0.0};
}

static __inline__ __m128d __KIT_SSE2 _mm_setzero_pd(void)
{
  return (__m128d){0.0, 0.0};
}

static __inline__ __m128d __KIT_SSE2 _mm_move_sd(__m128d __a, __m128d __b)
{
  __a[0] = __b[0];
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_load_pd(double const *__p)
{
  return *(__m128d const *)__p;
}

static __inline__ __m128d __KIT_SSE2 _mm_loadu_pd(double const *__p)
{
  return *(__m128d_u const *)__p;
}

static __inline__ __m128d __KIT_SSE2 _mm_load1_pd(double const *__p)
{
  double __d = *__p;
  return (__m128d){__d, __d};
}

static __inline__ __m128d __KIT_SSE2 _mm_load_sd(double const *__p)
{
  return (__m128d){*__p, 0.0};
}

static __inline__ __m128d __KIT_SSE2 _mm_load_pd1(double const *__p)
{
  return _mm_load1_pd(__p);
}

static __inline__ __m128d __KIT_SSE2 _mm_loadr_pd(double const *__p)
{
  __m128d __v = *(__m128d const *)__p;
  return (__m128d){__v[1], __v[0]};
}

static __inline__ void __KIT_SSE2 _mm_store_pd(double *__p, __m128d __a)
{
  *(__m128d *)__p = __a;
}

static __inline__ void __KIT_SSE2 _mm_storeu_pd(double *__p, __m128d __a)
{
  *(__m128d_u *)__p = __a;
}

static __inline__ void __KIT_SSE2 _mm_store_sd(double *__p, __m128d __a)
{
  *__p = __a[0];
}

static __inline__ double __KIT_SSE2 _mm_cvtsd_f64(__m128d __a)
{
  return __a[0];
}

static __inline__ void __KIT_SSE2 _mm_storel_pd(double *__p, __m128d __a)
{
  *__p = __a[0];
}

static __inline__ void __KIT_SSE2 _mm_storeh_pd(double *__p, __m128d __a)
{
  *__p = __a[1];
}

static __inline__ void __KIT_SSE2 _mm_store1_pd(double *__p, __m128d __a)
{
  *(__m128d *)__p = (__m128d){__a[0], __a[0]};
}

static __inline__ void __KIT_SSE2 _mm_store_pd1(double *__p, __m128d __a)
{
  _mm_store1_pd(__p, __a);
}

static __inline__ void __KIT_SSE2 _mm_storer_pd(double *__p, __m128d __a)
{
  *(__m128d *)__p = (__m128d){__a[1], __a[0]};
}

static __inline__ int __KIT_SSE2 _mm_cvtsi128_si32(__m128i __a)
{
  return ((__v4si)__a)[0];
}

static __inline__ long long __KIT_SSE2 _mm_cvtsi128_si64(__m128i __a)
{
  return __a[0];
}

static __inline__ long long __KIT_SSE2 _mm_cvtsi128_si64x(__m128i __a)
{
  return __a[0];
}

/* Double arithmetic */

static __inline__ __m128d __KIT_SSE2 _mm_add_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2df)__a + (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_add_sd(__m128d __a, __m128d __b)
{
  __a[0] = __a[0] + __b[0];
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_sub_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2df)__a - (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_sub_sd(__m128d __a, __m128d __b)
{
  __a[0] = __a[0] - __b[0];
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_mul_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2df)__a * (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_mul_sd(__m128d __a, __m128d __b)
{
  __a[0] = __a[0] * __b[0];
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_div_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2df)__a / (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_div_sd(__m128d __a, __m128d __b)
{
  __a[0] = __a[0] / __b[0];
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_sqrt_pd(__m128d __a)
{
  return (__m128d)__builtin_ia32_sqrtpd((__v2df)__a);
}

/* The square root of b's low lane, a's high lane. */
static __inline__ __m128d __KIT_SSE2 _mm_sqrt_sd(__m128d __a, __m128d __b)
{
  __a[0] = __builtin_ia32_sqrtpd((__v2df)__b)[0];
  return __a;
}

/* minpd/maxpd give the second operand when either is NaN or both are
   zeros, which is what "a < b ? a : b" does. */
static __inline__ __m128d __KIT_SSE2 _mm_min_pd(__m128d __a, __m128d __b)
{
  __v2di __m = (__v2di)((__v2df)__a < (__v2df)__b);
  return (__m128d)((__m & (__v2di)__a) | (~__m & (__v2di)__b));
}

static __inline__ __m128d __KIT_SSE2 _mm_min_sd(__m128d __a, __m128d __b)
{
  __a[0] = __a[0] < __b[0] ? __a[0] : __b[0];
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_max_pd(__m128d __a, __m128d __b)
{
  __v2di __m = (__v2di)((__v2df)__a > (__v2df)__b);
  return (__m128d)((__m & (__v2di)__a) | (~__m & (__v2di)__b));
}

static __inline__ __m128d __KIT_SSE2 _mm_max_sd(__m128d __a, __m128d __b)
{
  __a[0] = __a[0] > __b[0] ? __a[0] : __b[0];
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_and_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2du)__a & (__v2du)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_andnot_pd(__m128d __a, __m128d __b)
{
  return (__m128d)(~(__v2du)__a & (__v2du)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_or_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2du)__a | (__v2du)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_xor_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2du)__a ^ (__v2du)__b);
}

/* Double compares: all-ones lanes where true. The "not" forms are true
   for unordered operands (NaN). */

static __inline__ __m128d __KIT_SSE2 _mm_cmpeq_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2df)__a == (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmplt_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2df)__a < (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmple_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2df)__a <= (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpgt_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2df)__a > (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpge_pd(__m128d __a, __m128d __b)
{
  return (__m128d)((__v2df)__a >= (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpneq_pd(__m128d __a, __m128d __b)
{
  return (__m128d)~((__v2df)__a == (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpnlt_pd(__m128d __a, __m128d __b)
{
  return (__m128d)~((__v2df)__a < (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpnle_pd(__m128d __a, __m128d __b)
{
  return (__m128d)~((__v2df)__a <= (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpngt_pd(__m128d __a, __m128d __b)
{
  return (__m128d)~((__v2df)__a > (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpnge_pd(__m128d __a, __m128d __b)
{
  return (__m128d)~((__v2df)__a >= (__v2df)__b);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpord_pd(__m128d __a, __m128d __b)
{
  return (__m128d)(((__v2df)__a == (__v2df)__a) & ((__v2df)__b == (__v2df)__b));
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpunord_pd(__m128d __a, __m128d __b)
{
  return (__m128d)~(((__v2df)__a == (__v2df)__a) & ((__v2df)__b == (__v2df)__b));
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpeq_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, __a[0] == __b[0]);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmplt_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, __a[0] < __b[0]);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmple_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, __a[0] <= __b[0]);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpgt_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, __a[0] > __b[0]);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpge_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, __a[0] >= __b[0]);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpneq_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, !(__a[0] == __b[0]));
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpnlt_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, !(__a[0] < __b[0]));
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpnle_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, !(__a[0] <= __b[0]));
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpngt_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, !(__a[0] > __b[0]));
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpnge_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, !(__a[0] >= __b[0]));
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpord_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, __a[0] == __a[0] && __b[0] == __b[0]);
}

static __inline__ __m128d __KIT_SSE2 _mm_cmpunord_sd(__m128d __a, __m128d __b)
{
  return __kit_sse2_sd_mask(__a, __a[0] != __a[0] || __b[0] != __b[0]);
}

/* comisd/ucomisd differ only in which NaNs raise the invalid exception.
   gcc 12 tests their flags as set, and unordered operands set ZF, PF and
   CF: so eq, lt and le hold for a NaN, and neq does not. */

static __inline__ int __KIT_SSE2 _mm_comieq_sd(__m128d __a, __m128d __b)
{
  return !(__a[0] < __b[0] || __a[0] > __b[0]);
}

static __inline__ int __KIT_SSE2 _mm_comilt_sd(__m128d __a, __m128d __b)
{
  return !(__a[0] >= __b[0]);
}

static __inline__ int __KIT_SSE2 _mm_comile_sd(__m128d __a, __m128d __b)
{
  return !(__a[0] > __b[0]);
}

static __inline__ int __KIT_SSE2 _mm_comigt_sd(__m128d __a, __m128d __b)
{
  return __a[0] > __b[0];
}

static __inline__ int __KIT_SSE2 _mm_comige_sd(__m128d __a, __m128d __b)
{
  return __a[0] >= __b[0];
}

static __inline__ int __KIT_SSE2 _mm_comineq_sd(__m128d __a, __m128d __b)
{
  return __a[0] < __b[0] || __a[0] > __b[0];
}

static __inline__ int __KIT_SSE2 _mm_ucomieq_sd(__m128d __a, __m128d __b)
{
  return !(__a[0] < __b[0] || __a[0] > __b[0]);
}

static __inline__ int __KIT_SSE2 _mm_ucomilt_sd(__m128d __a, __m128d __b)
{
  return !(__a[0] >= __b[0]);
}

static __inline__ int __KIT_SSE2 _mm_ucomile_sd(__m128d __a, __m128d __b)
{
  return !(__a[0] > __b[0]);
}

static __inline__ int __KIT_SSE2 _mm_ucomigt_sd(__m128d __a, __m128d __b)
{
  return __a[0] > __b[0];
}

static __inline__ int __KIT_SSE2 _mm_ucomige_sd(__m128d __a, __m128d __b)
{
  return __a[0] >= __b[0];
}

static __inline__ int __KIT_SSE2 _mm_ucomineq_sd(__m128d __a, __m128d __b)
{
  return __a[0] < __b[0] || __a[0] > __b[0];
}

/* Integer set, load and store */

static __inline__ __m128i __KIT_SSE2 _mm_set_epi64x(long long __q1, long long __q0)
{
  return (__m128i){__q0, __q1};
}

static __inline__ __m128i __KIT_SSE2 _mm_set_epi64(__m64 __q1, __m64 __q0)
{
  return (__m128i){(long long)__q0, (long long)__q1};
}

static __inline__ __m128i __KIT_SSE2 _mm_set_epi32(int __q3, int __q2, int __q1, int __q0)
{
  return (__m128i)(__v4si){__q0, __q1, __q2, __q3};
}

static __inline__ __m128i __KIT_SSE2
_mm_set_epi16(short __q7, short __q6, short __q5, short __q4,
              short __q3, short __q2, short __q1, short __q0)
{
  return (__m128i)(__v8hi){__q0, __q1, __q2, __q3, __q4, __q5, __q6, __q7};
}

static __inline__ __m128i __KIT_SSE2
_mm_set_epi8(char __q15, char __q14, char __q13, char __q12,
             char __q11, char __q10, char __q09, char __q08,
             char __q07, char __q06, char __q05, char __q04,
             char __q03, char __q02, char __q01, char __q00)
{
  return (__m128i)(__v16qi){__q00, __q01, __q02, __q03, __q04, __q05, __q06, __q07,
                            __q08, __q09, __q10, __q11, __q12, __q13, __q14, __q15};
}

static __inline__ __m128i __KIT_SSE2 _mm_set1_epi64x(long long __a)
{
  return (__m128i){__a, __a};
}

static __inline__ __m128i __KIT_SSE2 _mm_set1_epi64(__m64 __a)
{
  return (__m128i){(long long)__a, (long long)__a};
}

static __inline__ __m128i __KIT_SSE2 _mm_set1_epi32(int __a)
{
  return (__m128i)(__v4si){__a, __a, __a, __a};
}

static __inline__ __m128i __KIT_SSE2 _mm_set1_epi16(short __a)
{
  return (__m128i)(__v8hi){__a, __a, __a, __a, __a, __a, __a, __a};
}

static __inline__ __m128i __KIT_SSE2 _mm_set1_epi8(char __a)
{
  return (__m128i)((__v16qi){0} + __a);
}

static __inline__ __m128i __KIT_SSE2 _mm_setr_epi64(__m64 __q0, __m64 __q1)
{
  return (__m128i){(long long)__q0, (long long)__q1};
}

static __inline__ __m128i __KIT_SSE2 _mm_setr_epi32(int __q0, int __q1, int __q2, int __q3)
{
  return (__m128i)(__v4si){__q0, __q1, __q2, __q3};
}

static __inline__ __m128i __KIT_SSE2
_mm_setr_epi16(short __q0, short __q1, short __q2, short __q3,
               short __q4, short __q5, short __q6, short __q7)
{
  return (__m128i)(__v8hi){__q0, __q1, __q2, __q3, __q4, __q5, __q6, __q7};
}

static __inline__ __m128i __KIT_SSE2
_mm_setr_epi8(char __q00, char __q01, char __q02, char __q03,
              char __q04, char __q05, char __q06, char __q07,
              char __q08, char __q09, char __q10, char __q11,
              char __q12, char __q13, char __q14, char __q15)
{
  return (__m128i)(__v16qi){__q00, __q01, __q02, __q03, __q04, __q05, __q06, __q07,
                            __q08, __q09, __q10, __q11, __q12, __q13, __q14, __q15};
}

static __inline__ __m128i __KIT_SSE2 _mm_load_si128(__m128i const *__p)
{
  return *__p;
}

static __inline__ __m128i __KIT_SSE2 _mm_loadu_si128(__m128i_u const *__p)
{
  return *__p;
}

/* The partial loads and stores go through memcpy: their pointers need
   not be aligned and may point to anything. */
static __inline__ __m128i __KIT_SSE2 _mm_loadl_epi64(__m128i_u const *__p)
{
  long long __q;
  __builtin_memcpy(&__q, __p, 8);
  return (__m128i){__q, 0};
}

static __inline__ __m128i __KIT_SSE2 _mm_loadu_si64(void const *__p)
{
  long long __q;
  __builtin_memcpy(&__q, __p, 8);
  return (__m128i){__q, 0};
}

static __inline__ __m128i __KIT_SSE2 _mm_loadu_si32(void const *__p)
{
  int __d;
  __builtin_memcpy(&__d, __p, 4);
  return (__m128i)(__v4si){__d, 0, 0, 0};
}

static __inline__ __m128i __KIT_SSE2 _mm_loadu_si16(void const *__p)
{
  short __w;
  __builtin_memcpy(&__w, __p, 2);
  return (__m128i)(__v8hi){__w, 0, 0, 0, 0, 0, 0, 0};
}

static __inline__ void __KIT_SSE2 _mm_store_si128(__m128i *__p, __m128i __b)
{
  *__p = __b;
}

static __inline__ void __KIT_SSE2 _mm_storeu_si128(__m128i_u *__p, __m128i __b)
{
  *__p = __b;
}

static __inline__ void __KIT_SSE2 _mm_storel_epi64(__m128i_u *__p, __m128i __b)
{
  long long __q = __b[0];
  __builtin_memcpy(__p, &__q, 8);
}

static __inline__ void __KIT_SSE2 _mm_storeu_si64(void *__p, __m128i __b)
{
  long long __q = __b[0];
  __builtin_memcpy(__p, &__q, 8);
}

static __inline__ void __KIT_SSE2 _mm_storeu_si32(void *__p, __m128i __b)
{
  int __d = ((__v4si)__b)[0];
  __builtin_memcpy(__p, &__d, 4);
}

static __inline__ void __KIT_SSE2 _mm_storeu_si16(void *__p, __m128i __b)
{
  short __w = ((__v8hi)__b)[0];
  __builtin_memcpy(__p, &__w, 2);
}

static __inline__ __m64 __KIT_SSE2 _mm_movepi64_pi64(__m128i __b)
{
  return (__m64)__b[0];
}

static __inline__ __m128i __KIT_SSE2 _mm_movpi64_epi64(__m64 __a)
{
  return (__m128i){(long long)__a, 0};
}

static __inline__ __m128i __KIT_SSE2 _mm_move_epi64(__m128i __a)
{
  return (__m128i){__a[0], 0};
}

static __inline__ __m128i __KIT_SSE2 _mm_undefined_si128(void)
{
  return (__m128i){0, 0};
}

static __inline__ __m128i __KIT_SSE2 _mm_setzero_si128(void)
{
  return (__m128i){0, 0};
}

/* Conversions */

static __inline__ __m128d __KIT_SSE2 _mm_cvtepi32_pd(__m128i __a)
{
  __v4si __v = (__v4si)__a;
  return (__m128d){(double)__v[0], (double)__v[1]};
}

static __inline__ __m128 __KIT_SSE2 _mm_cvtepi32_ps(__m128i __a)
{
  return (__m128)__builtin_convertvector((__v4si)__a, __v4sf);
}

static __inline__ __m128i __KIT_SSE2 _mm_cvtpd_epi32(__m128d __a)
{
  return (__m128i)(__v4si){__kit_sse2_cvt32(__a[0]), __kit_sse2_cvt32(__a[1]), 0, 0};
}

static __inline__ __m64 __KIT_SSE2 _mm_cvtpd_pi32(__m128d __a)
{
  return (__m64)(__v2si){__kit_sse2_cvt32(__a[0]), __kit_sse2_cvt32(__a[1])};
}

static __inline__ __m128 __KIT_SSE2 _mm_cvtpd_ps(__m128d __a)
{
  return (__m128)(__v4sf){(float)__a[0], (float)__a[1], 0.0f, 0.0f};
}

static __inline__ __m128i __KIT_SSE2 _mm_cvttpd_epi32(__m128d __a)
{
  return (__m128i)(__v4si){__kit_sse2_cvtt32(__a[0]), __kit_sse2_cvtt32(__a[1]), 0, 0};
}

static __inline__ __m64 __KIT_SSE2 _mm_cvttpd_pi32(__m128d __a)
{
  return (__m64)(__v2si){__kit_sse2_cvtt32(__a[0]), __kit_sse2_cvtt32(__a[1])};
}

static __inline__ __m128d __KIT_SSE2 _mm_cvtpi32_pd(__m64 __a)
{
  __v2si __v = (__v2si)__a;
  return (__m128d){(double)__v[0], (double)__v[1]};
}

static __inline__ __m128i __KIT_SSE2 _mm_cvtps_epi32(__m128 __a)
{
  __v4sf __v = (__v4sf)__a;
  __v4si __r;
  for (int __i = 0; __i < 4; __i++)
    __r[__i] = __kit_sse2_cvttf32(__kit_sse2_roundf(__v[__i]));
  return (__m128i)__r;
}

static __inline__ __m128i __KIT_SSE2 _mm_cvttps_epi32(__m128 __a)
{
  __v4sf __v = (__v4sf)__a;
  __v4si __r;
  for (int __i = 0; __i < 4; __i++)
    __r[__i] = __kit_sse2_cvttf32(__v[__i]);
  return (__m128i)__r;
}

static __inline__ __m128d __KIT_SSE2 _mm_cvtps_pd(__m128 __a)
{
  __v4sf __v = (__v4sf)__a;
  return (__m128d){(double)__v[0], (double)__v[1]};
}

static __inline__ int __KIT_SSE2 _mm_cvtsd_si32(__m128d __a)
{
  return __kit_sse2_cvt32(__a[0]);
}

static __inline__ long long __KIT_SSE2 _mm_cvtsd_si64(__m128d __a)
{
  return __kit_sse2_cvt64(__a[0]);
}

static __inline__ long long __KIT_SSE2 _mm_cvtsd_si64x(__m128d __a)
{
  return __kit_sse2_cvt64(__a[0]);
}

static __inline__ int __KIT_SSE2 _mm_cvttsd_si32(__m128d __a)
{
  return __kit_sse2_cvtt32(__a[0]);
}

static __inline__ long long __KIT_SSE2 _mm_cvttsd_si64(__m128d __a)
{
  return __kit_sse2_cvtt64(__a[0]);
}

static __inline__ long long __KIT_SSE2 _mm_cvttsd_si64x(__m128d __a)
{
  return __kit_sse2_cvtt64(__a[0]);
}

static __inline__ __m128 __KIT_SSE2 _mm_cvtsd_ss(__m128 __a, __m128d __b)
{
  __v4sf __r = (__v4sf)__a;
  __r[0] = (float)__b[0];
  return (__m128)__r;
}

static __inline__ __m128d __KIT_SSE2 _mm_cvtsi32_sd(__m128d __a, int __b)
{
  __a[0] = (double)__b;
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_cvtsi64_sd(__m128d __a, long long __b)
{
  __a[0] = (double)__b;
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_cvtsi64x_sd(__m128d __a, long long __b)
{
  __a[0] = (double)__b;
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_cvtss_sd(__m128d __a, __m128 __b)
{
  __a[0] = (double)((__v4sf)__b)[0];
  return __a;
}

static __inline__ __m128i __KIT_SSE2 _mm_cvtsi32_si128(int __a)
{
  return (__m128i)(__v4si){__a, 0, 0, 0};
}

static __inline__ __m128i __KIT_SSE2 _mm_cvtsi64_si128(long long __a)
{
  return (__m128i){__a, 0};
}

static __inline__ __m128i __KIT_SSE2 _mm_cvtsi64x_si128(long long __a)
{
  return (__m128i){__a, 0};
}

/* Double shuffles and moves */

static __inline__ __m128d __KIT_SSE2 _mm_shuffle_pd(__m128d __a, __m128d __b, const int __mask)
{
  return (__m128d){__a[__mask & 1], __b[(__mask >> 1) & 1]};
}

static __inline__ __m128d __KIT_SSE2 _mm_unpackhi_pd(__m128d __a, __m128d __b)
{
  return (__m128d){__a[1], __b[1]};
}

static __inline__ __m128d __KIT_SSE2 _mm_unpacklo_pd(__m128d __a, __m128d __b)
{
  return (__m128d){__a[0], __b[0]};
}

static __inline__ __m128d __KIT_SSE2 _mm_loadh_pd(__m128d __a, double const *__b)
{
  __a[1] = *__b;
  return __a;
}

static __inline__ __m128d __KIT_SSE2 _mm_loadl_pd(__m128d __a, double const *__b)
{
  __a[0] = *__b;
  return __a;
}

static __inline__ int __KIT_SSE2 _mm_movemask_pd(__m128d __a)
{
  return __builtin_ia32_movmskpd((__v2df)__a);
}

/* Packs (saturating), unpacks */

static __inline__ signed char __KIT_SSE2 __kit_sse2_sat_i8(int __x)
{
  return (signed char)(__x < -128 ? -128 : __x > 127 ? 127 : __x);
}

static __inline__ unsigned char __KIT_SSE2 __kit_sse2_sat_u8(int __x)
{
  return (unsigned char)(__x < 0 ? 0 : __x > 255 ? 255 : __x);
}

static __inline__ short __KIT_SSE2 __kit_sse2_sat_i16(int __x)
{
  return (short)(__x < -32768 ? -32768 : __x > 32767 ? 32767 : __x);
}

static __inline__ __m128i __KIT_SSE2 _mm_packs_epi16(__m128i __a, __m128i __b)
{
  __v8hi __x = (__v8hi)__a, __y = (__v8hi)__b;
  __v16qs __r;
  for (int __i = 0; __i < 8; __i++) {
    __r[__i] = __kit_sse2_sat_i8(__x[__i]);
    __r[__i + 8] = __kit_sse2_sat_i8(__y[__i]);
  }
  return (__m128i)__r;
}

static __inline__ __m128i __KIT_SSE2 _mm_packs_epi32(__m128i __a, __m128i __b)
{
  __v4si __x = (__v4si)__a, __y = (__v4si)__b;
  __v8hi __r;
  for (int __i = 0; __i < 4; __i++) {
    __r[__i] = __kit_sse2_sat_i16(__x[__i]);
    __r[__i + 4] = __kit_sse2_sat_i16(__y[__i]);
  }
  return (__m128i)__r;
}

static __inline__ __m128i __KIT_SSE2 _mm_packus_epi16(__m128i __a, __m128i __b)
{
  __v8hi __x = (__v8hi)__a, __y = (__v8hi)__b;
  __v16qu __r;
  for (int __i = 0; __i < 8; __i++) {
    __r[__i] = __kit_sse2_sat_u8(__x[__i]);
    __r[__i + 8] = __kit_sse2_sat_u8(__y[__i]);
  }
  return (__m128i)__r;
}

static __inline__ __m128i __KIT_SSE2 _mm_unpackhi_epi8(__m128i __a, __m128i __b)
{
  return (__m128i)__builtin_shuffle((__v16qi)__a, (__v16qi)__b,
    (__v16qi){8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31});
}

static __inline__ __m128i __KIT_SSE2 _mm_unpackhi_epi16(__m128i __a, __m128i __b)
{
  return (__m128i)__builtin_shuffle((__v8hi)__a, (__v8hi)__b,
                                    (__v8hi){4, 12, 5, 13, 6, 14, 7, 15});
}

static __inline__ __m128i __KIT_SSE2 _mm_unpackhi_epi32(__m128i __a, __m128i __b)
{
  return (__m128i)__builtin_shuffle((__v4si)__a, (__v4si)__b, (__v4si){2, 6, 3, 7});
}

static __inline__ __m128i __KIT_SSE2 _mm_unpackhi_epi64(__m128i __a, __m128i __b)
{
  return (__m128i){__a[1], __b[1]};
}

static __inline__ __m128i __KIT_SSE2 _mm_unpacklo_epi8(__m128i __a, __m128i __b)
{
  return (__m128i)__builtin_shuffle((__v16qi)__a, (__v16qi)__b,
    (__v16qi){0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23});
}

static __inline__ __m128i __KIT_SSE2 _mm_unpacklo_epi16(__m128i __a, __m128i __b)
{
  return (__m128i)__builtin_shuffle((__v8hi)__a, (__v8hi)__b,
                                    (__v8hi){0, 8, 1, 9, 2, 10, 3, 11});
}

static __inline__ __m128i __KIT_SSE2 _mm_unpacklo_epi32(__m128i __a, __m128i __b)
{
  return (__m128i)__builtin_shuffle((__v4si)__a, (__v4si)__b, (__v4si){0, 4, 1, 5});
}

static __inline__ __m128i __KIT_SSE2 _mm_unpacklo_epi64(__m128i __a, __m128i __b)
{
  return (__m128i){__a[0], __b[0]};
}

/* Integer arithmetic: wrapping lanes are computed unsigned. */

static __inline__ __m128i __KIT_SSE2 _mm_add_epi8(__m128i __a, __m128i __b)
{
  return (__m128i)((__v16qu)__a + (__v16qu)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_add_epi16(__m128i __a, __m128i __b)
{
  return (__m128i)((__v8hu)__a + (__v8hu)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_add_epi32(__m128i __a, __m128i __b)
{
  return (__m128i)((__v4su)__a + (__v4su)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_add_epi64(__m128i __a, __m128i __b)
{
  return (__m128i)((__v2du)__a + (__v2du)__b);
}

/* Signed saturation: a lane overflowed when the wrapped sum's sign differs
   from both operands' (from the first's, for a difference of operands of
   unlike signs); it then saturates toward the first operand's sign. */
static __inline__ __m128i __KIT_SSE2 _mm_adds_epi8(__m128i __a, __m128i __b)
{
  __v16qs __x = (__v16qs)__a, __y = (__v16qs)__b;
  __v16qs __s = (__v16qs)((__v16qu)__x + (__v16qu)__y);
  __v16qs __o = ((__s ^ __x) & (__s ^ __y)) >> 7;
  return (__m128i)((__s & ~__o) | (((__x >> 7) ^ 127) & __o));
}

static __inline__ __m128i __KIT_SSE2 _mm_adds_epi16(__m128i __a, __m128i __b)
{
  __v8hi __x = (__v8hi)__a, __y = (__v8hi)__b;
  __v8hi __s = (__v8hi)((__v8hu)__x + (__v8hu)__y);
  __v8hi __o = ((__s ^ __x) & (__s ^ __y)) >> 15;
  return (__m128i)((__s & ~__o) | (((__x >> 15) ^ 32767) & __o));
}

static __inline__ __m128i __KIT_SSE2 _mm_adds_epu8(__m128i __a, __m128i __b)
{
  __v16qu __s = (__v16qu)__a + (__v16qu)__b;
  return (__m128i)(__s | (__v16qu)(__s < (__v16qu)__a));
}

static __inline__ __m128i __KIT_SSE2 _mm_adds_epu16(__m128i __a, __m128i __b)
{
  __v8hu __s = (__v8hu)__a + (__v8hu)__b;
  return (__m128i)(__s | (__v8hu)(__s < (__v8hu)__a));
}

static __inline__ __m128i __KIT_SSE2 _mm_sub_epi8(__m128i __a, __m128i __b)
{
  return (__m128i)((__v16qu)__a - (__v16qu)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_sub_epi16(__m128i __a, __m128i __b)
{
  return (__m128i)((__v8hu)__a - (__v8hu)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_sub_epi32(__m128i __a, __m128i __b)
{
  return (__m128i)((__v4su)__a - (__v4su)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_sub_epi64(__m128i __a, __m128i __b)
{
  return (__m128i)((__v2du)__a - (__v2du)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_subs_epi8(__m128i __a, __m128i __b)
{
  __v16qs __x = (__v16qs)__a, __y = (__v16qs)__b;
  __v16qs __s = (__v16qs)((__v16qu)__x - (__v16qu)__y);
  __v16qs __o = ((__x ^ __y) & (__s ^ __x)) >> 7;
  return (__m128i)((__s & ~__o) | (((__x >> 7) ^ 127) & __o));
}

static __inline__ __m128i __KIT_SSE2 _mm_subs_epi16(__m128i __a, __m128i __b)
{
  __v8hi __x = (__v8hi)__a, __y = (__v8hi)__b;
  __v8hi __s = (__v8hi)((__v8hu)__x - (__v8hu)__y);
  __v8hi __o = ((__x ^ __y) & (__s ^ __x)) >> 15;
  return (__m128i)((__s & ~__o) | (((__x >> 15) ^ 32767) & __o));
}

static __inline__ __m128i __KIT_SSE2 _mm_subs_epu8(__m128i __a, __m128i __b)
{
  __v16qu __x = (__v16qu)__a, __y = (__v16qu)__b;
  return (__m128i)((__x - __y) & (__v16qu)(__x > __y));
}

static __inline__ __m128i __KIT_SSE2 _mm_subs_epu16(__m128i __a, __m128i __b)
{
  __v8hu __x = (__v8hu)__a, __y = (__v8hu)__b;
  return (__m128i)((__x - __y) & (__v8hu)(__x > __y));
}

/* Only -32768 * -32768 twice overflows an int; it wraps to INT_MIN. */
static __inline__ __m128i __KIT_SSE2 _mm_madd_epi16(__m128i __a, __m128i __b)
{
  __v8hi __x = (__v8hi)__a, __y = (__v8hi)__b;
  __v4su __r;
  for (int __i = 0; __i < 4; __i++)
    __r[__i] = (unsigned)(__x[2 * __i] * __y[2 * __i])
               + (unsigned)(__x[2 * __i + 1] * __y[2 * __i + 1]);
  return (__m128i)__r;
}

static __inline__ __m128i __KIT_SSE2 _mm_mulhi_epi16(__m128i __a, __m128i __b)
{
  __v8hi __x = (__v8hi)__a, __y = (__v8hi)__b;
  __v8hi __r;
  for (int __i = 0; __i < 8; __i++)
    __r[__i] = (short)((__x[__i] * __y[__i]) >> 16);
  return (__m128i)__r;
}

static __inline__ __m128i __KIT_SSE2 _mm_mullo_epi16(__m128i __a, __m128i __b)
{
  return (__m128i)((__v8hi)__a * (__v8hi)__b);
}

static __inline__ __m64 __KIT_SSE2 _mm_mul_su32(__m64 __a, __m64 __b)
{
  return (__m64)((unsigned long long)(unsigned)((__v2si)__a)[0]
                 * (unsigned)((__v2si)__b)[0]);
}

static __inline__ __m128i __KIT_SSE2 _mm_mul_epu32(__m128i __a, __m128i __b)
{
  return (__m128i)(((__v2du)__a & 0xffffffffu) * ((__v2du)__b & 0xffffffffu));
}

/* Shifts. A count past the lane's width gives 0 (sign fill for the
   arithmetic shifts); the immediate forms take the int as unsigned, as
   gcc does, so a negative count is past the width too. A 16-bit lane's
   count is cast to the lane type: kit takes a shift's scalar operand as a
   lane value, which an int must fit. */

static __inline__ __m128i __KIT_SSE2 _mm_slli_epi16(__m128i __a, int __b)
{
  if ((unsigned)__b > 15)
    return (__m128i){0, 0};
  return (__m128i)((__v8hu)__a << (unsigned short)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_slli_epi32(__m128i __a, int __b)
{
  if ((unsigned)__b > 31)
    return (__m128i){0, 0};
  return (__m128i)((__v4su)__a << __b);
}

static __inline__ __m128i __KIT_SSE2 _mm_slli_epi64(__m128i __a, int __b)
{
  if ((unsigned)__b > 63)
    return (__m128i){0, 0};
  return (__m128i)((__v2du)__a << __b);
}

static __inline__ __m128i __KIT_SSE2 _mm_srai_epi16(__m128i __a, int __b)
{
  if ((unsigned)__b > 15)
    __b = 15;
  return (__m128i)((__v8hi)__a >> (short)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_srai_epi32(__m128i __a, int __b)
{
  if ((unsigned)__b > 31)
    __b = 31;
  return (__m128i)((__v4si)__a >> __b);
}

static __inline__ __m128i __KIT_SSE2 _mm_srli_epi16(__m128i __a, int __b)
{
  if ((unsigned)__b > 15)
    return (__m128i){0, 0};
  return (__m128i)((__v8hu)__a >> (unsigned short)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_srli_epi32(__m128i __a, int __b)
{
  if ((unsigned)__b > 31)
    return (__m128i){0, 0};
  return (__m128i)((__v4su)__a >> __b);
}

static __inline__ __m128i __KIT_SSE2 _mm_srli_epi64(__m128i __a, int __b)
{
  if ((unsigned)__b > 63)
    return (__m128i){0, 0};
  return (__m128i)((__v2du)__a >> __b);
}

/* Byte shifts: a two-vector shuffle with zeros, whose lanes are indices
   16 to 31 (an index below 0 wraps there too). */
static __inline__ __m128i __KIT_SSE2 _mm_bsrli_si128(__m128i __a, const int __n)
{
  if ((unsigned)__n > 15)
    return (__m128i){0, 0};
  __v16qi __m = (__v16qi){0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15} + (char)__n;
  return (__m128i)__builtin_shuffle((__v16qi)__a, (__v16qi){0}, __m & 31);
}

static __inline__ __m128i __KIT_SSE2 _mm_bslli_si128(__m128i __a, const int __n)
{
  if ((unsigned)__n > 15)
    return (__m128i){0, 0};
  __v16qi __m = (__v16qi){0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15} - (char)__n;
  return (__m128i)__builtin_shuffle((__v16qi)__a, (__v16qi){0}, __m & 31);
}

static __inline__ __m128i __KIT_SSE2 _mm_srli_si128(__m128i __a, const int __n)
{
  return _mm_bsrli_si128(__a, __n);
}

static __inline__ __m128i __KIT_SSE2 _mm_slli_si128(__m128i __a, const int __n)
{
  return _mm_bslli_si128(__a, __n);
}

/* The count of the vector forms is the low 64 bits of b, unsigned. */
static __inline__ int __KIT_SSE2 __kit_sse2_count(__m128i __b, int __width)
{
  unsigned long long __c = (unsigned long long)__b[0];
  return __c < (unsigned long long)__width ? (int)__c : __width;
}

static __inline__ __m128i __KIT_SSE2 _mm_sll_epi16(__m128i __a, __m128i __b)
{
  return _mm_slli_epi16(__a, __kit_sse2_count(__b, 16));
}

static __inline__ __m128i __KIT_SSE2 _mm_sll_epi32(__m128i __a, __m128i __b)
{
  return _mm_slli_epi32(__a, __kit_sse2_count(__b, 32));
}

static __inline__ __m128i __KIT_SSE2 _mm_sll_epi64(__m128i __a, __m128i __b)
{
  return _mm_slli_epi64(__a, __kit_sse2_count(__b, 64));
}

static __inline__ __m128i __KIT_SSE2 _mm_sra_epi16(__m128i __a, __m128i __b)
{
  return _mm_srai_epi16(__a, __kit_sse2_count(__b, 16));
}

static __inline__ __m128i __KIT_SSE2 _mm_sra_epi32(__m128i __a, __m128i __b)
{
  return _mm_srai_epi32(__a, __kit_sse2_count(__b, 32));
}

static __inline__ __m128i __KIT_SSE2 _mm_srl_epi16(__m128i __a, __m128i __b)
{
  return _mm_srli_epi16(__a, __kit_sse2_count(__b, 16));
}

static __inline__ __m128i __KIT_SSE2 _mm_srl_epi32(__m128i __a, __m128i __b)
{
  return _mm_srli_epi32(__a, __kit_sse2_count(__b, 32));
}

static __inline__ __m128i __KIT_SSE2 _mm_srl_epi64(__m128i __a, __m128i __b)
{
  return _mm_srli_epi64(__a, __kit_sse2_count(__b, 64));
}

/* Logic and integer compares */

static __inline__ __m128i __KIT_SSE2 _mm_and_si128(__m128i __a, __m128i __b)
{
  return (__m128i)((__v2du)__a & (__v2du)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_andnot_si128(__m128i __a, __m128i __b)
{
  return (__m128i)(~(__v2du)__a & (__v2du)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_or_si128(__m128i __a, __m128i __b)
{
  return (__m128i)((__v2du)__a | (__v2du)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_xor_si128(__m128i __a, __m128i __b)
{
  return (__m128i)((__v2du)__a ^ (__v2du)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_cmpeq_epi8(__m128i __a, __m128i __b)
{
  return (__m128i)((__v16qs)__a == (__v16qs)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_cmpeq_epi16(__m128i __a, __m128i __b)
{
  return (__m128i)((__v8hi)__a == (__v8hi)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_cmpeq_epi32(__m128i __a, __m128i __b)
{
  return (__m128i)((__v4si)__a == (__v4si)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_cmplt_epi8(__m128i __a, __m128i __b)
{
  return (__m128i)((__v16qs)__a < (__v16qs)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_cmplt_epi16(__m128i __a, __m128i __b)
{
  return (__m128i)((__v8hi)__a < (__v8hi)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_cmplt_epi32(__m128i __a, __m128i __b)
{
  return (__m128i)((__v4si)__a < (__v4si)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_cmpgt_epi8(__m128i __a, __m128i __b)
{
  return (__m128i)((__v16qs)__a > (__v16qs)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_cmpgt_epi16(__m128i __a, __m128i __b)
{
  return (__m128i)((__v8hi)__a > (__v8hi)__b);
}

static __inline__ __m128i __KIT_SSE2 _mm_cmpgt_epi32(__m128i __a, __m128i __b)
{
  return (__m128i)((__v4si)__a > (__v4si)__b);
}

/* Lane selection: pextrw/pinsrw use the selector's low 3 bits. */
static __inline__ int __KIT_SSE2 _mm_extract_epi16(__m128i const __a, int const __n)
{
  return ((__v8hu)__a)[__n & 7];
}

static __inline__ __m128i __KIT_SSE2 _mm_insert_epi16(__m128i const __a, int const __d, int const __n)
{
  __v8hi __r = (__v8hi)__a;
  __r[__n & 7] = (short)__d;
  return (__m128i)__r;
}

static __inline__ __m128i __KIT_SSE2 _mm_max_epi16(__m128i __a, __m128i __b)
{
  __v8hi __x = (__v8hi)__a, __y = (__v8hi)__b, __m = __x > __y;
  return (__m128i)((__x & __m) | (__y & ~__m));
}

static __inline__ __m128i __KIT_SSE2 _mm_max_epu8(__m128i __a, __m128i __b)
{
  __v16qu __x = (__v16qu)__a, __y = (__v16qu)__b, __m = (__v16qu)(__x > __y);
  return (__m128i)((__x & __m) | (__y & ~__m));
}

static __inline__ __m128i __KIT_SSE2 _mm_min_epi16(__m128i __a, __m128i __b)
{
  __v8hi __x = (__v8hi)__a, __y = (__v8hi)__b, __m = __x < __y;
  return (__m128i)((__x & __m) | (__y & ~__m));
}

static __inline__ __m128i __KIT_SSE2 _mm_min_epu8(__m128i __a, __m128i __b)
{
  __v16qu __x = (__v16qu)__a, __y = (__v16qu)__b, __m = (__v16qu)(__x < __y);
  return (__m128i)((__x & __m) | (__y & ~__m));
}

static __inline__ int __KIT_SSE2 _mm_movemask_epi8(__m128i __a)
{
  return __builtin_ia32_pmovmskb128((__v16qi)__a);
}

static __inline__ __m128i __KIT_SSE2 _mm_mulhi_epu16(__m128i __a, __m128i __b)
{
  __v8hu __x = (__v8hu)__a, __y = (__v8hu)__b;
  __v8hu __r;
  for (int __i = 0; __i < 8; __i++)
    __r[__i] = (unsigned short)(((unsigned)__x[__i] * __y[__i]) >> 16);
  return (__m128i)__r;
}

/* Shuffles: each 2-bit field of the mask picks a lane. */
static __inline__ __m128i __KIT_SSE2 _mm_shufflehi_epi16(__m128i __a, const int __mask)
{
  return (__m128i)__builtin_shuffle((__v8hi)__a,
    (__v8hi){0, 1, 2, 3, (short)(4 + (__mask & 3)), (short)(4 + ((__mask >> 2) & 3)),
             (short)(4 + ((__mask >> 4) & 3)), (short)(4 + ((__mask >> 6) & 3))});
}

static __inline__ __m128i __KIT_SSE2 _mm_shufflelo_epi16(__m128i __a, const int __mask)
{
  return (__m128i)__builtin_shuffle((__v8hi)__a,
    (__v8hi){(short)(__mask & 3), (short)((__mask >> 2) & 3), (short)((__mask >> 4) & 3),
             (short)((__mask >> 6) & 3), 4, 5, 6, 7});
}

static __inline__ __m128i __KIT_SSE2 _mm_shuffle_epi32(__m128i __a, const int __mask)
{
  return (__m128i)__builtin_shuffle((__v4si)__a,
    (__v4si){__mask & 3, (__mask >> 2) & 3, (__mask >> 4) & 3, (__mask >> 6) & 3});
}

/* Stores the bytes of a whose byte in the mask has its top bit set. */
static __inline__ void __KIT_SSE2 _mm_maskmoveu_si128(__m128i __a, __m128i __b, char *__c)
{
  __v16qi __v = (__v16qi)__a;
  __v16qu __m = (__v16qu)__b;
  for (int __i = 0; __i < 16; __i++)
    if (__m[__i] & 0x80)
      __c[__i] = __v[__i];
}

/* Rounded up: (a + b + 1) / 2 without widening. */
static __inline__ __m128i __KIT_SSE2 _mm_avg_epu8(__m128i __a, __m128i __b)
{
  __v16qu __x = (__v16qu)__a, __y = (__v16qu)__b;
  return (__m128i)((__x | __y) - ((__x ^ __y) >> 1));
}

static __inline__ __m128i __KIT_SSE2 _mm_avg_epu16(__m128i __a, __m128i __b)
{
  __v8hu __x = (__v8hu)__a, __y = (__v8hu)__b;
  return (__m128i)((__x | __y) - ((__x ^ __y) >> 1));
}

/* Sums of the absolute differences of each half's 8 bytes. */
static __inline__ __m128i __KIT_SSE2 _mm_sad_epu8(__m128i __a, __m128i __b)
{
  __v16qu __x = (__v16qu)__a, __y = (__v16qu)__b;
  __m128i __r = {0, 0};
  for (int __i = 0; __i < 16; __i++)
    __r[__i >> 3] += __x[__i] > __y[__i] ? __x[__i] - __y[__i] : __y[__i] - __x[__i];
  return __r;
}

/* Non-temporal stores are plain stores here. */
static __inline__ void __KIT_SSE2 _mm_stream_si32(int *__a, int __b)
{
  *__a = __b;
}

static __inline__ void __KIT_SSE2 _mm_stream_si64(long long int *__a, long long int __b)
{
  *__a = __b;
}

static __inline__ void __KIT_SSE2 _mm_stream_si128(__m128i *__a, __m128i __b)
{
  *__a = __b;
}

static __inline__ void __KIT_SSE2 _mm_stream_pd(double *__a, __m128d __b)
{
  *(__m128d *)__a = __b;
}

static __inline__ void __KIT_SSE2 _mm_clflush(void const *__a)
{
  __builtin_ia32_clflush(__a);
}

static __inline__ void __KIT_SSE2 _mm_lfence(void)
{
  __builtin_ia32_lfence();
}

static __inline__ void __KIT_SSE2 _mm_mfence(void)
{
  __builtin_ia32_mfence();
}

/* Casts reinterpret the bits. */

static __inline__ __m128 __KIT_SSE2 _mm_castpd_ps(__m128d __a)
{
  return (__m128)__a;
}

static __inline__ __m128i __KIT_SSE2 _mm_castpd_si128(__m128d __a)
{
  return (__m128i)__a;
}

static __inline__ __m128d __KIT_SSE2 _mm_castps_pd(__m128 __a)
{
  return (__m128d)__a;
}

static __inline__ __m128i __KIT_SSE2 _mm_castps_si128(__m128 __a)
{
  return (__m128i)__a;
}

static __inline__ __m128 __KIT_SSE2 _mm_castsi128_ps(__m128i __a)
{
  return (__m128)__a;
}

static __inline__ __m128d __KIT_SSE2 _mm_castsi128_pd(__m128i __a)
{
  return (__m128d)__a;
}

#endif
