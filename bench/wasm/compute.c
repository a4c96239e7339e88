/* A compute kernel for the wasm benchmarks: n-body simulation (the
 * Computer Language Benchmarks Game's algorithm) plus an integer hash
 * loop over linear memory, with no imports. `_start` runs it; `checksum`
 * returns a value to verify the result. */

typedef unsigned int u32;
typedef unsigned long long u64;

#define BODIES 5
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body { double x, y, z, vx, vy, vz, mass; };

static double sqrt_(double x) { return __builtin_sqrt(x); }

static const struct body initial[BODIES] = {
        {0, 0, 0, 0, 0, 0, SOLAR_MASS},
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
         -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
         2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
         -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
         -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
};

static struct body bodies[BODIES];

static void init(void) {
    for (int i = 0; i < BODIES; i++) {
        bodies[i].x = initial[i].x;
        bodies[i].y = initial[i].y;
        bodies[i].z = initial[i].z;
        bodies[i].vx = initial[i].vx;
        bodies[i].vy = initial[i].vy;
        bodies[i].vz = initial[i].vz;
        bodies[i].mass = initial[i].mass;
    }
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < BODIES; i++) {
        px += bodies[i].vx * bodies[i].mass;
        py += bodies[i].vy * bodies[i].mass;
        pz += bodies[i].vz * bodies[i].mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
}

static void advance(double dt) {
    for (int i = 0; i < BODIES; i++) {
        for (int j = i + 1; j < BODIES; j++) {
            double dx = bodies[i].x - bodies[j].x;
            double dy = bodies[i].y - bodies[j].y;
            double dz = bodies[i].z - bodies[j].z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt_(d2));
            bodies[i].vx -= dx * bodies[j].mass * mag;
            bodies[i].vy -= dy * bodies[j].mass * mag;
            bodies[i].vz -= dz * bodies[j].mass * mag;
            bodies[j].vx += dx * bodies[i].mass * mag;
            bodies[j].vy += dy * bodies[i].mass * mag;
            bodies[j].vz += dz * bodies[i].mass * mag;
        }
    }
    for (int i = 0; i < BODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

static double energy(void) {
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        e += 0.5 * bodies[i].mass *
             (bodies[i].vx * bodies[i].vx + bodies[i].vy * bodies[i].vy + bodies[i].vz * bodies[i].vz);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = bodies[i].x - bodies[j].x;
            double dy = bodies[i].y - bodies[j].y;
            double dz = bodies[i].z - bodies[j].z;
            e -= bodies[i].mass * bodies[j].mass / sqrt_(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

#define WORDS (1 << 20)
static u32 table[WORDS];

/* FNV-style mixing over a 4 MiB table, many passes: memory-bound work
 * that exercises bounds checks on every load and store. */
static u32 hash_passes(int passes) {
    u32 h = 2166136261u;
    for (u32 i = 0; i < WORDS; i++) table[i] = i * 2654435761u;
    for (int p = 0; p < passes; p++) {
        for (u32 i = 0; i < WORDS; i++) {
            h = (h ^ table[i]) * 16777619u;
            table[(i * 7919u) & (WORDS - 1)] ^= h;
        }
    }
    return h;
}

static double result_energy;
static u32 result_hash;

__attribute__((export_name("_start"))) void start(void) {
    init();
    for (int i = 0; i < 20000000; i++) advance(0.01);
    result_energy = energy();
    result_hash = hash_passes(100);
}

/* The results of the last _start, for checking: energy * 1e9 and the hash. */
__attribute__((export_name("checksum"))) u64 checksum(void) {
    start();
    return (u64)(long long)(result_energy * 1e9) ^ ((u64)result_hash << 32);
}
