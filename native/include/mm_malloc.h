/* <mm_malloc.h> for kit: _mm_malloc and _mm_free, over posix_memalign
   and free. As gcc's, it includes <stdlib.h> (when there is a C library)
   and declares posix_memalign itself, which <stdlib.h> may not. */
#ifndef __KIT_MM_MALLOC_H
#define __KIT_MM_MALLOC_H

#if __has_include(<stdlib.h>)
#include <stdlib.h>
#endif
extern int posix_memalign(void **, __SIZE_TYPE__, __SIZE_TYPE__);
extern void free(void *);

static __inline__ void *_mm_malloc(__SIZE_TYPE__ __size, __SIZE_TYPE__ __align) {
  void *__p;
  /* posix_memalign wants a power of two no smaller than a pointer. */
  if (__align == 1 || __align == 2 || __align == 4)
    __align = sizeof(void *);
  if (posix_memalign(&__p, __align, __size) != 0)
    return (void *)0;
  return __p;
}

static __inline__ void _mm_free(void *__p) { free(__p); }

#endif
