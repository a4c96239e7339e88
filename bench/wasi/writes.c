/* 100,000 small unbuffered writes to stdout: per-call overhead of fd_write. */
#include <unistd.h>

int main(void) {
    for (int i = 0; i < 100000; i++)
        if (write(1, "a small line of output\n", 23) != 23) return 1;
    return 0;
}
