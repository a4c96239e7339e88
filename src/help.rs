//! The text of `kit run --help`: every option, its default, the exit codes
//! and examples. Kept as one literal so it reads like a man page.

pub const RUN_HELP: &str = "\
kit run - run WebAssembly in a sandbox, or C in-process with a JIT

USAGE:
    kit run [options] inputs... [-- prog-arg...]
    kit run [options] --script FILE [prog-arg...]

INPUTS (classified by suffix):
    .c .cc .cpp    C source (compiled with kit's C compiler)
    -              C source from stdin (at most once; argv[0] is <stdin>)
    .wat .wasm     WebAssembly module (run in the sandbox)
    .o .obj        ELF relocatable object (linked into the native image)
    .a             static archive (members pulled in to resolve symbols)
  Wasm and native inputs cannot be mixed in one run.

GENERAL OPTIONS:
    -e SYMBOL           entry symbol (native default: main; wasm default: the
                        kit-entry custom section, else _start, else main)
    -O0 -O1 -O2         optimization level (native default -O0; wasm default:
                        the engine's optimizing level; -O3/-Os/-Oz/-Ofast mean
                        -O2, -O/-Og mean -O1)
    -g                  debug info for JIT code (wasm: wasmtime emits native
                        DWARF for debuggers; C: accepted with a warning until
                        DWARF for C lands)
    --no-jit            interpret instead of compiling to machine code (not
                        in this build: refused with a message)
    --time, --metrics   print scoped timings to stderr at exit
    --bench-time        print parseable timings to stderr at exit
    --                  end of kit options; the rest is the program's argv[1..]
    --script FILE       FILE is the only source; every later token is argv;
                        implies -lc (for #!/usr/bin/env -S kit run --script)
    -h, --help          this text

C OPTIONS (need a C, .o or .a input):
    -I DIR, -isystem DIR        add a header search directory
    -D NAME[=BODY], -U NAME     define or undefine a macro (joined forms too)
    -lc, -l c                   use the system libc headers (sysroot /)
    --sysroot DIR, --sysroot=DIR, -isysroot DIR   libc headers root; implies -lc
    -lNAME, -l NAME             load libNAME.so so its symbols resolve
                                (-lm -lpthread -ldl -lrt are part of glibc)
    -L DIR                      where -lNAME looks first
    -target TRIPLE              target triple; only the host can run
    -std=NAME                   c89 c99 c11 c17 c2x (ISO: __STRICT_ANSI__) or
                                gnu89 gnu99 gnu11 gnu17 gnu2x: sets
                                __STDC_VERSION__; the language is C11 with GNU
                                extensions and gcc 12's C2x additions in all
    -Werror                     treat warnings as errors
    -w                          report no warnings (-Werror then has none)
    -Werror=NAME -Wno-error=NAME -WNAME -Wno-NAME
                                one warning made an error, kept a warning
                                under -Werror, on, or off (the last flag
                                naming it wins); NAME is one of gcc's that
                                kit gives: attributes cpp discarded-qualifiers
                                div-by-zero implicit-function-declaration
                                implicit-int incompatible-pointer-types
                                int-conversion return-mismatch
    -fmax-errors=N              stop after N errors (0: no limit)
    -fPIC -fpic -fPIE -fpie, -mcmodel=small|medium|large|medlow|medany
                                accepted for build compatibility; the JIT
                                places all code in one arena, so no effect
    -fno-strict-aliasing -fwrapv -fno-strict-overflow -fno-common -fsigned-char
                                what kit always does: no type-based alias
                                analysis, wrapping signed arithmetic, each
                                tentative definition defined in its unit,
                                a signed char (the psABI's)
    -fpermissive                gcc 14's errors that gcc 12 warned of (pointer/
                                integer conversions, incompatible pointers,
                                mismatched returns) are warnings again;
                                -Wno-error=NAME: one of them, -Wno-NAME:
                                silently
    -fno-builtin, -fno-builtin-NAME
                                the C library's functions (or NAME) are
                                plain functions: calls by their own names
                                are never expanded inline, an implicit
                                declaration is int f(); __builtin_NAME
                                stays the builtin
    -ffreestanding              -fno-builtin, and __STDC_HOSTED__ is 0
    -fgnu89-inline              GNU C89's inline (as -std=gnu89 gives):
                                extern inline is the unit's only
    -pthread                    defines _REENTRANT (threads are in glibc)
    -ansi                       same as -std=c89

WASM SANDBOX OPTIONS (need a wasm input; everything is denied by default):
    --wasm-memory-max=SIZE      total linear memory of all memories (default 1G)
    --wasm-instance-max=SIZE    tables and globals outside linear memory,
                                8 bytes per table element, 16 per global
                                (default 64M)
    --wasm-memories-max=N       linear memories in all modules (default 1)
    --wasm-imports=deny|wasi|test
                                host imports granted (default deny):
                                deny: none; a module with imports is refused,
                                listing every import; test: only
                                env.host_add(i32, i32) -> i32; wasi: WASI
                                Preview 1 (wasi_snapshot_preview1)
    --wasm-wasi                 same as --wasm-imports=wasi
    --wasm-fuel=N               trap after N units of fuel (about one per
                                wasm instruction)
    --wasm-timeout=DURATION     trap after DURATION of wall time (500ms, 2s)
    --wasm-stack-max=SIZE       wasm stack limit (default 512K)
  WASI resources (need --wasm-wasi; defaults grant nothing):
    --wasm-env=none|allowlist|inherit   guest environment (default none)
    --wasm-env-pass=NAME        pass host variable NAME (implies allowlist)
    --wasm-env-set=NAME=VALUE   set a variable (implies allowlist)
    --wasm-fs=none              no file system (the default)
    --wasm-map-dir=HOST=GUEST[:ro|rw]   mount a host directory (default ro)
    --wasm-map-file=HOST=GUEST[:ro|rw]  mount a single host file (default ro)
    --wasm-cwd=GUEST            directory relative guest paths resolve against
    --wasm-stdio=null|inherit   null: empty stdin, output discarded (default)
    --wasm-clock=none|monotonic|realtime   clocks granted (default none)
    --wasm-random=none|host|seed:HEX      random_get source (default none);
                                a seed gives the same bytes on every run
  SIZE is bytes with an optional K, M, G or T suffix (powers of 1024).

EXIT STATUS:
    the entry's return value (native int, wasm i32 result, WASI proc_exit)
    0      kit run with no arguments (prints this help)
    1      compile, link, lookup, validation error or sandbox refusal
    2      bad command line
    128+N  a native program died of signal N (a backtrace is printed)
    134    a wasm trap, including fuel and timeout (a backtrace is printed)

EXAMPLES:
    kit run hello.c
    kit run -O2 -lc prog.c -- input.txt
    kit run --wasm-imports=test add.wat
    kit run --wasm-wasi --wasm-stdio=inherit --wasm-map-dir=data=/data \\
        --wasm-map-dir=out=/out:rw app.wasm -- /data/in.txt /out/result.txt
    kit run --wasm-fuel=1000000 --wasm-timeout=2s untrusted.wasm
";
