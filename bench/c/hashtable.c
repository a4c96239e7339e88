/* A hash-table workload: open addressing with linear probing, 1M inserts
   and 4M lookups of pseudo-random keys. Prints hits and a checksum. */
#include <stdio.h>
#include <stdlib.h>

#define SLOTS (1 << 21)

static unsigned long keys[SLOTS];
static unsigned long values[SLOTS];

static unsigned long next_key(unsigned long *state) {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state | 1;
}

static void insert(unsigned long key, unsigned long value) {
    unsigned long i = (key * 0x9E3779B97F4A7C15UL) >> 43;
    while (keys[i] != 0 && keys[i] != key) i = (i + 1) & (SLOTS - 1);
    keys[i] = key;
    values[i] = value;
}

static long lookup(unsigned long key) {
    unsigned long i = (key * 0x9E3779B97F4A7C15UL) >> 43;
    while (keys[i] != 0) {
        if (keys[i] == key) return (long)values[i];
        i = (i + 1) & (SLOTS - 1);
    }
    return -1;
}

int main(int argc, char **argv) {
    int inserts = argc > 1 ? atoi(argv[1]) : 1000000;
    unsigned long state = 88172645463325252UL;
    for (int i = 0; i < inserts; i++) insert(next_key(&state), (unsigned long)i);
    unsigned long probe = 88172645463325252UL, checksum = 0;
    long hits = 0;
    for (int i = 0; i < 4 * inserts; i++) {
        long v = lookup(i % 2 == 0 ? next_key(&probe) : (unsigned long)i * 2 + 2);
        if (v >= 0) { hits++; checksum += (unsigned long)v; }
    }
    printf("hits=%ld checksum=%lu\n", hits, checksum);
    return 0;
}
