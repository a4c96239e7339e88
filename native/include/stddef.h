/* kit's freestanding <stddef.h> for x86_64. Honours glibc's __need_*
   requests, which ask for single definitions. */
#if !defined(__need_size_t) && !defined(__need_ptrdiff_t) && !defined(__need_wchar_t) \
    && !defined(__need_NULL) && !defined(__need_wint_t)
#define __kit_stddef_all 1
#endif

#if (defined(__kit_stddef_all) || defined(__need_size_t)) && !defined(__kit_size_t)
#define __kit_size_t 1
typedef __SIZE_TYPE__ size_t;
#endif
#if (defined(__kit_stddef_all) || defined(__need_ptrdiff_t)) && !defined(__kit_ptrdiff_t)
#define __kit_ptrdiff_t 1
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#endif
#if (defined(__kit_stddef_all) || defined(__need_wchar_t)) && !defined(__kit_wchar_t)
#define __kit_wchar_t 1
typedef __WCHAR_TYPE__ wchar_t;
#endif
#if defined(__need_wint_t) && !defined(__kit_wint_t)
#define __kit_wint_t 1
typedef __WINT_TYPE__ wint_t;
#endif
#if defined(__kit_stddef_all) || defined(__need_NULL)
#undef NULL
#define NULL ((void *)0)
#endif

#if defined(__kit_stddef_all) && !defined(__kit_stddef_rest)
#define __kit_stddef_rest 1
/* 16 as in gcc and glibc's malloc, though kit's long double (a double)
   alone would give 8. */
typedef struct {
    long long __ll;
    long double __ld __attribute__((__aligned__(16)));
} max_align_t;
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif

#undef __kit_stddef_all
#undef __need_size_t
#undef __need_ptrdiff_t
#undef __need_wchar_t
#undef __need_NULL
#undef __need_wint_t
