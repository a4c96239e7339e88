/* Start-up benchmark: the smallest useful C script. */
#include <stdio.h>

int main(void) {
    printf("hello, world\n");
    return 0;
}
