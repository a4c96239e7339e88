/* kit's freestanding <stdbool.h>: gcc 12's macros (C2x's true and false
   are _Bool, and unsigned in #if). */
#ifndef __kit_stdbool_h
#define __kit_stdbool_h 1
#define bool _Bool
#if defined __STDC_VERSION__ && __STDC_VERSION__ > 201710L
#define true ((_Bool)+1u)
#define false ((_Bool)+0u)
#else
#define true 1
#define false 0
#endif
#define __bool_true_false_are_defined 1
#endif
