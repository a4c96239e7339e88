//! tree-sitter, the incremental parser of editors (the `tree-sitter`
//! crate's runtime, lib/src/lib.c) with its C grammar (the
//! `tree-sitter-c` crate's src/parser.c: 3.7 MB of generated parse tables
//! in static initializers, one unit), driven by a main of ours that
//! parses files, queries the trees and reparses an edit. Built by kit at
//! -O0 and -O2, it must print what its gcc build prints.

mod common;

use common::{dependency_dir, fixture, gcc_reference, runs_as_at_both_levels, scratch};

#[test]
fn tree_sitter_parses_c_exactly_as_its_gcc_build() {
    let runtime = dependency_dir("tree-sitter").join("src");
    let grammar = dependency_dir("tree-sitter-c").join("src");
    let path = |p: std::path::PathBuf| p.display().to_string();
    let include = path(runtime.join("../include"));
    let (runtime_src, grammar_src) = (path(runtime.clone()), path(grammar.clone()));
    let main = path(fixture("native/tree_sitter_main.c"));
    let sources = [
        main,
        path(runtime.join("lib.c")),
        path(grammar.join("parser.c")),
    ];
    // Inputs: a C fixture, the grammar's own parser.c (its largest C
    // file), and Rust text, which the C grammar must recover from.
    let inputs = [
        path(fixture("c/structs.c")),
        path(grammar.join("parser.c")),
        path(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("native/src/lib.rs")),
    ];
    let flags = ["-w", "-I", &include, "-I", &runtime_src, "-I", &grammar_src];
    let mut program = flags.to_vec();
    program.extend(sources.iter().map(String::as_str));
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let exe = scratch("native_tree_sitter").join("reference");
    let reference = gcc_reference(&exe, &[&["-O0"][..], &program].concat(), &inputs);
    assert_eq!(reference.code, 0, "{}", reference.stderr);
    // Each input parsed, queried, edited and parsed again.
    assert_eq!(reference.stdout.matches(" captures\n").count(), 3);
    assert_eq!(reference.stdout.matches("changed ranges").count(), 3);
    let args = [&["-lc"][..], &program, &["--"], &inputs].concat();
    runs_as_at_both_levels(&args, &reference);
}
