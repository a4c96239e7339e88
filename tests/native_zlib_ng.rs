//! kit's SSE2 intrinsics in a real library: zlib-ng (the `libz-sys` crate's
//! bundled sources) in zlib-compatible mode, built with its x86 run-time
//! dispatch and only the SSE2 variants (slide_hash, compare256 and
//! longest_match, chunkmemset and inflate_fast, Chorba crc32) besides the
//! generic C code, and driven by the zlib fixture (deflate at every level
//! and strategy, inflate, checksums, a gzip file round trip); compared with
//! the same sources and defines built by gcc -O2.
//!
//! The SSE2 functions are not called directly: zlib-ng's function table is
//! filled at run time (functable.c) after x86_features.c has queried the
//! CPU through kit's <cpuid.h> (and xgetbv inline asm), and every deflate,
//! inflate and crc32 call goes through that table. On x86-64 SSE2 is the
//! baseline, so zlib-ng installs the SSE2 variants without checking a CPU
//! flag. The SSSE3/SSE4/AVX/PCLMUL sources are left out: kit provides
//! only MMX/SSE/SSE2.

mod common;

use std::path::Path;

use common::{dependency_dir, fixture, gcc_reference, runs_as_at_both_levels, scratch};

/// What zlib-ng's CMake defines for gcc on x86-64 Linux with only the SSE2
/// variants enabled (WITH_OPTIM selects the arch functions).
const DEFINES: &[&str] = &[
    "-DZLIB_COMPAT",
    "-DWITH_GZFILEOP",
    "-DWITH_OPTIM",
    "-DX86_FEATURES",
    "-DX86_SSE2",
    "-DHAVE_CPUID_GNU",
    "-DHAVE_BUILTIN_CTZ",
    "-DHAVE_BUILTIN_CTZLL",
    "-DHAVE_ATTRIBUTE_ALIGNED",
    "-DHAVE_VISIBILITY_HIDDEN",
    "-DHAVE_UNISTD_H",
    "-D_LARGEFILE64_SOURCE=1",
    "-DHAVE_POSIX_MEMALIGN",
    "-DHAVE_ALIGNED_ALLOC",
];

/// CMake's source list for x86-64 with SSE2 (whose functions replace the
/// generic chunkset, compare256 and slide_hash) and Chorba crc32.
const SOURCES: &[&str] = &[
    "adler32",
    "compress",
    "cpu_features",
    "crc32",
    "crc32_braid_comb",
    "deflate",
    "deflate_fast",
    "deflate_huff",
    "deflate_medium",
    "deflate_quick",
    "deflate_rle",
    "deflate_slow",
    "deflate_stored",
    "functable",
    "gzlib",
    "gzread",
    "gzwrite",
    "infback",
    "inflate",
    "inftrees",
    "insert_string",
    "insert_string_roll",
    "trees",
    "uncompr",
    "zutil",
    "arch/generic/adler32_c",
    "arch/generic/adler32_fold_c",
    "arch/generic/crc32_braid_c",
    "arch/generic/crc32_fold_c",
    "arch/generic/crc32_chorba_c",
    "arch/x86/x86_features",
    "arch/x86/chunkset_sse2",
    "arch/x86/chorba_sse2",
    "arch/x86/compare256_sse2",
    "arch/x86/slide_hash_sse2",
];

/// The headers CMake would generate, into `include`: the templates with
/// the (empty) symbol prefix substituted, as libz-sys's own build does.
fn generate_headers(lib: &Path, include: &Path) {
    std::fs::create_dir_all(include).expect("create include dir");
    for (template, header) in [
        ("zconf.h.in", "zconf.h"),
        ("zlib.h.in", "zlib.h"),
        ("gzread_mangle.h.in", "gzread_mangle.h"),
        ("zlib_name_mangling.h.empty", "zlib_name_mangling.h"),
    ] {
        let text = std::fs::read_to_string(lib.join(template)).expect("zlib-ng header template");
        std::fs::write(
            include.join(header),
            text.replace("@ZLIB_SYMBOL_PREFIX@", ""),
        )
        .expect("write generated header");
    }
}

#[test]
fn zlib_ng_sse2_deflates_inflates_and_gzips_exactly_as_gcc_built_zlib_ng() {
    let lib = dependency_dir("libz-sys").join("src/zlib-ng");
    let sources: Vec<String> = SOURCES
        .iter()
        .map(|name| lib.join(format!("{name}.c")).display().to_string())
        .collect();
    let main = fixture("native/zlib_main.c").display().to_string();
    let dir = scratch("native_zlib_ng");
    let generated = dir.join("include");
    generate_headers(&lib, &generated);
    let generated = generated.display().to_string();
    let include = lib.display().to_string();
    let mut program = DEFINES.to_vec();
    program.extend(["-I", &generated, "-I", &include, &main]);
    program.extend(sources.iter().map(String::as_str));
    let exe = dir.join("reference");
    let gz = dir.join("test.gz").display().to_string();
    let reference = gcc_reference(&exe, &[&["-O2"][..], &program].concat(), &[&gz]);
    assert!(
        reference.stdout.contains("zlib-ng") && reference.stdout.contains("gz line 0"),
        "{}",
        reference.stdout
    );
    let args = [&["-lc"][..], &program, &["--", &gz]].concat();
    runs_as_at_both_levels(&args, &reference);
}
