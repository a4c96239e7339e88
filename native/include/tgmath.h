/* kit's <tgmath.h> (C11 7.25), used with the C library's headers (-lc).
   glibc's own needs GCC 8's __builtin_tgmath, or the _Float128 support
   it enables only for GCC 4.3 and later (kit claims GNU C 4.2.1); this
   one selects the function with _Generic.

   Each macro evaluates its arguments once: they appear a second time
   only in a _Generic controlling expression, which is not evaluated. */
#ifndef _TGMATH_H
#define _TGMATH_H 1

#include <math.h>
#include <complex.h>

/* A zero of the type an argument counts as: integer types count as
   double (7.25p3), so a sum of these zeros has the type the usual
   arithmetic conversions give the generic arguments together. */
#define __kit_tg(x) _Generic ((x), float: 0.0f, long double: 0.0L,	\
  float _Complex: (float _Complex) 0, double _Complex: (double _Complex) 0, \
  long double _Complex: (long double _Complex) 0, default: 0.0)
#define __kit_tg2(x, y) (__kit_tg (x) + __kit_tg (y))
#define __kit_tg3(x, y, z) (__kit_tg (x) + __kit_tg (y) + __kit_tg (z))

/* The function for type zero `t`: real only, real or complex, complex
   only (a real argument counts as complex). */
#define __kit_real(fn, t) _Generic ((t), float: fn##f, long double: fn##l, \
  default: fn)
#define __kit_both(fn, cfn, t) _Generic ((t), float: fn##f,		\
  long double: fn##l, float _Complex: cfn##f, double _Complex: cfn,	\
  long double _Complex: cfn##l, default: fn)
#define __kit_complex(cfn, t) _Generic ((t), float: cfn##f,		\
  float _Complex: cfn##f, long double: cfn##l,				\
  long double _Complex: cfn##l, default: cfn)

/* 7.25p4: real or complex. */
#define acos(x) __kit_both (acos, cacos, __kit_tg (x)) (x)
#define asin(x) __kit_both (asin, casin, __kit_tg (x)) (x)
#define atan(x) __kit_both (atan, catan, __kit_tg (x)) (x)
#define acosh(x) __kit_both (acosh, cacosh, __kit_tg (x)) (x)
#define asinh(x) __kit_both (asinh, casinh, __kit_tg (x)) (x)
#define atanh(x) __kit_both (atanh, catanh, __kit_tg (x)) (x)
#define cos(x) __kit_both (cos, ccos, __kit_tg (x)) (x)
#define sin(x) __kit_both (sin, csin, __kit_tg (x)) (x)
#define tan(x) __kit_both (tan, ctan, __kit_tg (x)) (x)
#define cosh(x) __kit_both (cosh, ccosh, __kit_tg (x)) (x)
#define sinh(x) __kit_both (sinh, csinh, __kit_tg (x)) (x)
#define tanh(x) __kit_both (tanh, ctanh, __kit_tg (x)) (x)
#define exp(x) __kit_both (exp, cexp, __kit_tg (x)) (x)
#define log(x) __kit_both (log, clog, __kit_tg (x)) (x)
#define pow(x, y) __kit_both (pow, cpow, __kit_tg2 (x, y)) (x, y)
#define sqrt(x) __kit_both (sqrt, csqrt, __kit_tg (x)) (x)
#define fabs(x) __kit_both (fabs, cabs, __kit_tg (x)) (x)

/* 7.25p5: real only. */
#define atan2(y, x) __kit_real (atan2, __kit_tg2 (y, x)) (y, x)
#define cbrt(x) __kit_real (cbrt, __kit_tg (x)) (x)
#define ceil(x) __kit_real (ceil, __kit_tg (x)) (x)
#define copysign(x, y) __kit_real (copysign, __kit_tg2 (x, y)) (x, y)
#define erf(x) __kit_real (erf, __kit_tg (x)) (x)
#define erfc(x) __kit_real (erfc, __kit_tg (x)) (x)
#define exp2(x) __kit_real (exp2, __kit_tg (x)) (x)
#define expm1(x) __kit_real (expm1, __kit_tg (x)) (x)
#define fdim(x, y) __kit_real (fdim, __kit_tg2 (x, y)) (x, y)
#define floor(x) __kit_real (floor, __kit_tg (x)) (x)
#define fma(x, y, z) __kit_real (fma, __kit_tg3 (x, y, z)) (x, y, z)
#define fmax(x, y) __kit_real (fmax, __kit_tg2 (x, y)) (x, y)
#define fmin(x, y) __kit_real (fmin, __kit_tg2 (x, y)) (x, y)
#define fmod(x, y) __kit_real (fmod, __kit_tg2 (x, y)) (x, y)
#define frexp(x, e) __kit_real (frexp, __kit_tg (x)) (x, e)
#define hypot(x, y) __kit_real (hypot, __kit_tg2 (x, y)) (x, y)
#define ilogb(x) __kit_real (ilogb, __kit_tg (x)) (x)
#define ldexp(x, e) __kit_real (ldexp, __kit_tg (x)) (x, e)
#define lgamma(x) __kit_real (lgamma, __kit_tg (x)) (x)
#define llrint(x) __kit_real (llrint, __kit_tg (x)) (x)
#define llround(x) __kit_real (llround, __kit_tg (x)) (x)
#define log10(x) __kit_real (log10, __kit_tg (x)) (x)
#define log1p(x) __kit_real (log1p, __kit_tg (x)) (x)
#define log2(x) __kit_real (log2, __kit_tg (x)) (x)
#define logb(x) __kit_real (logb, __kit_tg (x)) (x)
#define lrint(x) __kit_real (lrint, __kit_tg (x)) (x)
#define lround(x) __kit_real (lround, __kit_tg (x)) (x)
#define nearbyint(x) __kit_real (nearbyint, __kit_tg (x)) (x)
#define nextafter(x, y) __kit_real (nextafter, __kit_tg2 (x, y)) (x, y)
#define nexttoward(x, y) __kit_real (nexttoward, __kit_tg (x)) (x, y)
#define remainder(x, y) __kit_real (remainder, __kit_tg2 (x, y)) (x, y)
#define remquo(x, y, q) __kit_real (remquo, __kit_tg2 (x, y)) (x, y, q)
#define rint(x) __kit_real (rint, __kit_tg (x)) (x)
#define round(x) __kit_real (round, __kit_tg (x)) (x)
#define scalbn(x, n) __kit_real (scalbn, __kit_tg (x)) (x, n)
#define scalbln(x, n) __kit_real (scalbln, __kit_tg (x)) (x, n)
#define tgamma(x) __kit_real (tgamma, __kit_tg (x)) (x)
#define trunc(x) __kit_real (trunc, __kit_tg (x)) (x)

/* 7.25p6: complex only. */
#define carg(z) __kit_complex (carg, __kit_tg (z)) (z)
#define cimag(z) __kit_complex (cimag, __kit_tg (z)) (z)
#define conj(z) __kit_complex (conj, __kit_tg (z)) (z)
#define cproj(z) __kit_complex (cproj, __kit_tg (z)) (z)
#define creal(z) __kit_complex (creal, __kit_tg (z)) (z)

#endif
