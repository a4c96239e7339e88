/* <immintrin.h> for kit. gcc's opens every x86 extension; kit's
   processor is the x86-64 baseline (__SSE2__, no __SSE3__ or later), so
   this gives the intrinsics of MMX, SSE and SSE2 only. */
#ifndef __KIT_IMMINTRIN_H
#define __KIT_IMMINTRIN_H
#include <emmintrin.h>
#endif
