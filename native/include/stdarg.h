/* kit's freestanding <stdarg.h>: va_list is the System V x86-64 layout,
   compatible with libc's v*printf. */
#ifndef __kit_gnuc_va_list
#define __kit_gnuc_va_list 1
typedef __builtin_va_list __gnuc_va_list;
#endif
#ifndef __need___va_list
#ifndef __kit_stdarg_h
#define __kit_stdarg_h 1
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(dest, src) __builtin_va_copy(dest, src)
#define __va_copy(dest, src) __builtin_va_copy(dest, src)
#endif
#endif
#undef __need___va_list
