/* kit's freestanding <limits.h> for x86_64 (LP64, signed char). With -lc,
   glibc's <limits.h> is reached through #include_next for the POSIX limits. */
#ifndef __kit_limits_h
#define __kit_limits_h 1
#define CHAR_BIT 8
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#define MB_LEN_MAX 16
#define SHRT_MIN (-32768)
#define SHRT_MAX 32767
#define USHRT_MAX 65535
#define INT_MIN (-INT_MAX - 1)
#define INT_MAX 2147483647
#define UINT_MAX 4294967295U
#define LONG_MIN (-LONG_MAX - 1L)
#define LONG_MAX 9223372036854775807L
#define ULONG_MAX 18446744073709551615UL
#define LLONG_MIN (-LLONG_MAX - 1LL)
#define LLONG_MAX 9223372036854775807LL
#define ULLONG_MAX 18446744073709551615ULL
#endif
#if defined(__kit_hosted) && !defined(_LIBC_LIMITS_H_) && __has_include_next(<limits.h>)
/* glibc's <limits.h> includes the compiler's one unless this is defined. */
#define _GCC_LIMITS_H_ 1
#include_next <limits.h>
#endif
