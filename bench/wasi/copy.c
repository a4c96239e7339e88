/* Copies argv[1] to argv[2] in 64 KiB chunks: the WASI I/O benchmark. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) return 2;
    int in = open(argv[1], O_RDONLY), out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0) { perror("open"); return 1; }
    static char buf[64 * 1024];
    long total = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0) { perror("read"); return 1; }
        if (n == 0) break;
        if (write(out, buf, n) != n) { perror("write"); return 1; }
        total += n;
    }
    close(in);
    close(out);
    return total > 0 ? 0 : 1;
}
