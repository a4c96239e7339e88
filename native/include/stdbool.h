/* kit's freestanding <stdbool.h>. */
#ifndef __kit_stdbool_h
#define __kit_stdbool_h 1
#define bool _Bool
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif
