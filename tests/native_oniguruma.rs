//! A real C library through the native lane: Oniguruma (the regex engine
//! of Ruby and PHP; the `onig_sys` crate's sources) compiled by kit with
//! the library's own test programs, which check 1,529 UTF-8 patterns and
//! 1,225 backward searches themselves; their output must be what the
//! same sources built by gcc print.

mod common;

use common::{dependency_dir, fixture, gcc_reference, runs_as_at_both_levels, scratch};

/// The library's files, as the crate's build.rs lists them.
const LIBRARY: &[&str] = &[
    "regexec",
    "regerror",
    "regparse",
    "regext",
    "regcomp",
    "reggnu",
    "regenc",
    "regsyntax",
    "regtrav",
    "regversion",
    "st",
    "onig_init",
    "unicode",
    "ascii",
    "utf8",
    "utf16_be",
    "utf16_le",
    "utf32_be",
    "utf32_le",
    "euc_jp",
    "sjis",
    "iso8859_1",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "iso8859_9",
    "iso8859_10",
    "iso8859_11",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "euc_tw",
    "euc_kr",
    "big5",
    "gb18030",
    "koi8_r",
    "cp1251",
    "euc_jp_prop",
    "sjis_prop",
    "unicode_unfold_key",
    "unicode_fold1_key",
    "unicode_fold2_key",
    "unicode_fold3_key",
];

#[test]
fn oniguruma_passes_its_own_tests_as_the_gcc_build_does() {
    let root = dependency_dir("onig_sys").join("oniguruma");
    let src = root.join("src");
    let sources: Vec<String> = LIBRARY
        .iter()
        .map(|name| src.join(format!("{name}.c")).display().to_string())
        .collect();
    let flags = [
        "-I".to_owned(),
        fixture("native/oniguruma").display().to_string(),
        "-I".to_owned(),
        src.display().to_string(),
    ];
    let dir = scratch("native_oniguruma");
    for (program, passed) in [("test_utf8", "SUCC: 1529,"), ("test_back", "SUCC: 1225,")] {
        let main = root.join(format!("test/{program}.c")).display().to_string();
        let mut built: Vec<&str> = flags.iter().map(String::as_str).collect();
        built.push(&main);
        built.extend(sources.iter().map(String::as_str));
        let reference = gcc_reference(
            &dir.join(program),
            &[&["-O0", "-w"][..], &built].concat(),
            &[],
        );
        assert!(
            reference.stdout.contains(passed) && reference.stdout.contains("FAIL: 0,"),
            "{}",
            reference.stdout
        );
        runs_as_at_both_levels(&[&["-lc"][..], &built].concat(), &reference);
    }
}
