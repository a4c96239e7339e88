/* kit's freestanding <stdnoreturn.h>. */
#ifndef __kit_stdnoreturn_h
#define __kit_stdnoreturn_h 1
#define noreturn _Noreturn
#endif
