/* kit's freestanding <iso646.h>. */
#ifndef __kit_iso646_h
#define __kit_iso646_h 1
#define and &&
#define and_eq &=
#define bitand &
#define bitor |
#define compl ~
#define not !
#define not_eq !=
#define or ||
#define or_eq |=
#define xor ^
#define xor_eq ^=
#endif
