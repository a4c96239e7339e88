/* kit's freestanding <stdalign.h>. */
#ifndef __kit_stdalign_h
#define __kit_stdalign_h 1
#define alignas _Alignas
#define alignof _Alignof
#define __alignas_is_defined 1
#define __alignof_is_defined 1
#endif
