/* kit's <complex.h>: the C library's, plus C11's CMPLX, CMPLXF and
   CMPLXL, which glibc defines only for GCC 4.7 and later (kit claims GNU
   C 4.2.1). */
#include_next <complex.h>
#if !defined CMPLX && defined __USE_ISOC11
# define CMPLX(x, y) __builtin_complex ((double) (x), (double) (y))
# define CMPLXF(x, y) __builtin_complex ((float) (x), (float) (y))
# define CMPLXL(x, y) __builtin_complex ((long double) (x), (long double) (y))
#endif
