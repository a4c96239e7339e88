//! `kit run`'s command line, in GCC's spellings.
//!
//! clap handles the top level (`kit --help`, `kit --version`, unknown
//! subcommands); the arguments of `run` are GCC-style (`-O2`, `-lc`,
//! `-DNAME=1`, `-target T`, `-isystem DIR`, `-fmax-errors=N`), which clap
//! cannot spell, so this module walks them itself: one match arm per
//! option, values joined (`-Ifoo`) or separate (`-I foo`). The result is
//! plain data ([`RunArgs`]); nothing here touches the file system.

use std::path::PathBuf;

use crate::failure::Failure;
use native::warnings::WarningPolicy;
use native::{MacroFlag, OptLevel};

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// Print help (`kit run`, `kit run --help`).
    Help,
    Run(Box<RunArgs>),
}

/// The parsed arguments of `kit run`.
#[derive(Debug, Default)]
pub struct RunArgs {
    /// Inputs as given, in order (`-` is stdin).
    pub inputs: Vec<String>,
    /// `--script FILE` was used: the one input is a C script of any name.
    pub script: bool,
    /// Everything after `--` (or after the `--script` file).
    pub program_args: Vec<String>,
    /// `--metrics`/`--time`.
    pub metrics_tree: bool,
    /// `--bench-time`.
    pub bench_time: bool,
    /// `-O...` when given; the wasm lane keeps the engine default otherwise.
    pub opt_level: Option<OptLevel>,
    /// C-only flags seen, for the refusal when there is no C input.
    pub c_flags: Vec<String>,
    /// Native options (entry, -g and --no-jit included).
    pub native: native::Options,
    /// `--wasm-*` flags, in order, as (name, value).
    pub wasm_flags: Vec<(String, Option<String>)>,
}

/// Parses the arguments after `kit run`.
pub fn parse_run(args: &[String]) -> Result<Command, Failure> {
    if args.is_empty() {
        return Ok(Command::Help);
    }
    let mut run = RunArgs::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut next = || rest.next().cloned();
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--" => {
                run.program_args.extend(rest.by_ref().cloned());
                break;
            }
            "--script" => {
                let file = next().ok_or_else(|| missing("--script", "FILE"))?;
                if !run.inputs.is_empty() {
                    return Err(Failure::usage(
                        "--script FILE must be the only input; put other inputs in the script or drop --script",
                    ));
                }
                run.inputs.push(file);
                run.script = true;
                run.native.hosted_libc = true;
                run.program_args.extend(rest.by_ref().cloned());
                break;
            }
            "-" => run.inputs.push(arg.clone()),
            _ if arg.starts_with("--wasm-") => parse_wasm_flag(&mut run, arg, &mut next)?,
            _ if arg.starts_with('-') => parse_option(&mut run, arg, &mut next)?,
            _ => run.inputs.push(arg.clone()),
        }
    }
    if run.inputs.is_empty() {
        return Err(Failure::usage(
            "no input files; give a .c, .wat, .wasm, .o or .a file (see kit run --help)",
        ));
    }
    Ok(Command::Run(Box::new(run)))
}

fn missing(flag: &str, what: &str) -> Failure {
    Failure::usage(format!("{flag} needs {what}"))
}

/// `--wasm-NAME=VALUE`, `--wasm-NAME VALUE`, or a value-less `--wasm-wasi`.
fn parse_wasm_flag(
    run: &mut RunArgs,
    arg: &str,
    next: &mut dyn FnMut() -> Option<String>,
) -> Result<(), Failure> {
    let (name, joined) = match arg.split_once('=') {
        Some((name, value)) => (name, Some(value.to_owned())),
        None => (arg, None),
    };
    let takes_value = policy::flag_takes_value(name).ok_or_else(|| {
        Failure::usage(format!(
            "unknown option {name}; the --wasm-* flags are listed in kit run --help"
        ))
    })?;
    let value = match (takes_value, joined) {
        (true, None) => Some(next().ok_or_else(|| missing(name, "a value"))?),
        (_, value) => value,
    };
    run.wasm_flags.push((name.to_owned(), value));
    Ok(())
}

/// The value of `-XVALUE` or `-X VALUE` for a short option `flag`.
fn short_value(
    arg: &str,
    flag: &str,
    what: &str,
    next: &mut dyn FnMut() -> Option<String>,
) -> Result<String, Failure> {
    match &arg[flag.len()..] {
        "" => next().ok_or_else(|| missing(flag, what)),
        joined => Ok(joined.to_owned()),
    }
}

/// The value of `--long=VALUE` or `--long VALUE`.
fn long_value(
    arg: &str,
    flag: &str,
    what: &str,
    next: &mut dyn FnMut() -> Option<String>,
) -> Result<String, Failure> {
    match arg.strip_prefix(flag).and_then(|v| v.strip_prefix('=')) {
        Some(value) => Ok(value.to_owned()),
        None => next().ok_or_else(|| missing(flag, what)),
    }
}

/// What `-std=NAME` changes, as macros: `__STDC_VERSION__` (none for
/// C89/C90), and `__STRICT_ANSI__` for the ISO modes, which makes the C
/// library's headers declare only what that standard has, as with gcc.
/// kit compiles the same language in every mode (C11 with GNU
/// extensions, and what gcc 12 takes of C23 in every mode); gcc 12's
/// `c2x`/`gnu2x` set its draft value, 202000L; later names are refused.
/// Whether `-std=NAME` gives `inline` GNU C89's meaning, as gcc's C89
/// and C94 modes do (`__GNUC_GNU_INLINE__`; see the README's "Linkage").
fn gnu89_inline(name: &str) -> bool {
    matches!(
        name,
        "c89" | "c90" | "iso9899:1990" | "ansi" | "iso9899:199409" | "gnu89" | "gnu90"
    )
}

/// `-std=NAME` (`-ansi` is `-std=c89`): its macros, the meaning of
/// `inline`, and C90's tokens for the strict C90 modes, as in gcc (which
/// reads digraphs in gnu89 too).
fn apply_standard(run: &mut RunArgs, flag: &str, name: &str) -> Result<(), Failure> {
    let flags = standard_macros(name)?;
    let gnu89 = gnu89_inline(name);
    c_flag(run, flag, |o| {
        o.macros.extend(flags);
        o.macros.extend(inline_macros(gnu89));
        o.gnu89_inline = gnu89;
        o.token_rules = native::preprocess::TokenRules {
            no_digraphs: matches!(name, "c89" | "c90" | "iso9899:1990"),
            no_hex_float_exponents: matches!(
                name,
                "c89" | "c90" | "iso9899:1990" | "iso9899:199409"
            ),
        };
    });
    Ok(())
}

/// The macro that names the meaning of `inline`, as gcc defines one.
fn inline_macros(gnu89: bool) -> Vec<MacroFlag> {
    let (on, off) = match gnu89 {
        true => ("__GNUC_GNU_INLINE__", "__GNUC_STDC_INLINE__"),
        false => ("__GNUC_STDC_INLINE__", "__GNUC_GNU_INLINE__"),
    };
    vec![
        MacroFlag::Undefine(off.into()),
        MacroFlag::Define {
            name: on.into(),
            body: Some("1".into()),
        },
    ]
}

fn standard_macros(name: &str) -> Result<Vec<MacroFlag>, Failure> {
    let (version, strict) = match name {
        "c89" | "c90" | "iso9899:1990" | "ansi" => (None, true),
        "iso9899:199409" => (Some("199409L"), true),
        "gnu89" | "gnu90" => (None, false),
        "c99" | "c9x" | "iso9899:1999" | "iso9899:199x" => (Some("199901L"), true),
        "gnu99" | "gnu9x" => (Some("199901L"), false),
        "c11" | "c1x" | "iso9899:2011" => (Some("201112L"), true),
        "gnu11" | "gnu1x" => (Some("201112L"), false),
        "c17" | "c18" | "iso9899:2017" | "iso9899:2018" => (Some("201710L"), true),
        "gnu17" | "gnu18" => (Some("201710L"), false),
        // gcc 12's names for the draft of C23, and its value.
        "c2x" => (Some("202000L"), true),
        "gnu2x" => (Some("202000L"), false),
        _ => {
            return Err(Failure::usage(format!(
                "-std={name} is not supported: kit compiles C11 with GNU extensions and gcc 12's C2x additions; use c89, c99, c11, c17 or c2x, or their gnu forms"
            )))
        }
    };
    let mut flags = vec![MacroFlag::Undefine("__STDC_VERSION__".into())];
    if let Some(version) = version {
        flags.push(MacroFlag::Define {
            name: "__STDC_VERSION__".into(),
            body: Some(version.into()),
        });
    }
    if strict {
        flags.push(MacroFlag::Define {
            name: "__STRICT_ANSI__".into(),
            body: None,
        });
    }
    Ok(flags)
}

fn parse_option(
    run: &mut RunArgs,
    arg: &str,
    next: &mut dyn FnMut() -> Option<String>,
) -> Result<(), Failure> {
    if let Some(choice) = WarningPolicy::parse_flag(arg) {
        c_flag(run, arg, |n| n.warnings.choices.push(choice));
        return Ok(());
    }
    let native = &mut run.native;
    match arg {
        "--time" | "--metrics" => run.metrics_tree = true,
        "--bench-time" => run.bench_time = true,
        "--no-jit" => native.no_jit = true,
        "-g" | "-g1" | "-g2" | "-g3" | "-ggdb" => native.debug_info = true,
        "-g0" => native.debug_info = false,
        "-Werror" => c_flag(run, arg, |n| n.warnings.all_errors = true),
        "-w" => c_flag(run, arg, |n| n.warnings.silent = true),
        // gcc 14's errors that were warnings, warnings again (kit gives
        // implicit declarations and implicit int as warnings already).
        "-fpermissive" => c_flag(run, arg, |n| n.warnings.permissive = true),
        "-fPIC" | "-fpic" | "-fPIE" | "-fpie" | "-fno-pic" | "-fno-PIC" | "-fno-pie"
        | "-fno-PIE" => {
            // Accepted for build-system compatibility: JIT code is placed
            // within one arena, so the code model never matters.
            run.c_flags.push(arg.to_owned());
        }
        // What these ask for is what kit always does: no type-based alias
        // analysis, signed arithmetic that wraps, a tentative definition
        // defined in its unit (gcc's default since 10), a signed `char`
        // (the x86-64 psABI's).
        "-fno-strict-aliasing"
        | "-fwrapv"
        | "-fno-strict-overflow"
        | "-fno-common"
        | "-fsigned-char" => {
            run.c_flags.push(arg.to_owned());
        }
        // The C library's functions as plain functions (see NoBuiltin);
        // -ffreestanding also says there may be no C library.
        "-fno-builtin" => c_flag(run, arg, |n| n.no_builtin.all = true),
        _ if arg.starts_with("-fno-builtin-") => {
            let name = arg["-fno-builtin-".len()..].to_owned();
            c_flag(run, arg, |n| n.no_builtin.names.push(name));
        }
        "-ffreestanding" => c_flag(run, arg, |n| {
            n.no_builtin.all = true;
            n.macros.push(MacroFlag::Undefine("__STDC_HOSTED__".into()));
            n.macros.push(MacroFlag::Define {
                name: "__STDC_HOSTED__".into(),
                body: Some("0".into()),
            });
        }),
        // As gcc: _REENTRANT; the threads library is glibc itself.
        "-pthread" => c_flag(run, arg, |o| {
            o.macros.push(MacroFlag::Define {
                name: "_REENTRANT".into(),
                body: None,
            })
        }),
        "-ansi" => apply_standard(run, arg, "c89")?,
        _ if arg.starts_with("-O") => run.opt_level = Some(parse_opt_level(arg)?),
        _ if arg.starts_with("-mcmodel=") => {
            parse_mcmodel(arg)?;
            run.c_flags.push(arg.to_owned());
        }
        _ if arg.starts_with("-fmax-errors=") => {
            let value = &arg["-fmax-errors=".len()..];
            let n = value.parse().map_err(|_| {
                Failure::usage(format!("-fmax-errors: {value:?} is not a whole number"))
            })?;
            c_flag(run, "-fmax-errors", |o| o.max_errors = Some(n));
        }
        _ if arg == "-target" || arg.starts_with("--target") => {
            let triple = if arg == "-target" {
                next().ok_or_else(|| missing("-target", "a TRIPLE"))?
            } else {
                long_value(arg, "--target", "a TRIPLE", next)?
            };
            check_triple(&triple)?;
            c_flag(run, "-target", |o| o.target = Some(triple));
        }
        _ if arg.starts_with("--sysroot") => {
            let dir = long_value(arg, "--sysroot", "a DIR", next)?;
            set_sysroot(run, "--sysroot", dir);
        }
        _ if arg.starts_with("-isysroot") => {
            let dir = short_value(arg, "-isysroot", "a DIR", next)?;
            set_sysroot(run, "-isysroot", dir);
        }
        _ if arg.starts_with("-isystem") => {
            let dir = short_value(arg, "-isystem", "a DIR", next)?;
            c_flag(run, "-isystem", |o| o.system_include_dirs.push(dir.into()));
        }
        _ if arg.starts_with("-I") => {
            let dir = short_value(arg, "-I", "a DIR", next)?;
            c_flag(run, "-I", |o| o.include_dirs.push(dir.into()));
        }
        _ if arg.starts_with("-L") => {
            let dir = short_value(arg, "-L", "a DIR", next)?;
            c_flag(run, "-L", |o| o.library_dirs.push(PathBuf::from(dir)));
        }
        _ if arg.starts_with("-l") => {
            let name = short_value(arg, "-l", "a library NAME", next)?;
            if name == "c" {
                c_flag(run, "-lc", |o| o.hosted_libc = true);
            } else {
                c_flag(run, "-l", |o| o.libraries.push(name));
            }
        }
        _ if arg.starts_with("-D") => {
            let def = short_value(arg, "-D", "NAME[=BODY]", next)?;
            let (name, body) = match def.split_once('=') {
                Some((name, body)) => (name.to_owned(), Some(body.to_owned())),
                None => (def.clone(), None),
            };
            check_macro_name("-D", &name)?;
            c_flag(run, "-D", |o| {
                o.macros.push(MacroFlag::Define { name, body })
            });
        }
        _ if arg.starts_with("-std=") => apply_standard(run, "-std", &arg["-std=".len()..])?,
        // GNU C89's meaning of `inline` in any mode, as gcc's flag gives.
        "-fgnu89-inline" => c_flag(run, arg, |o| {
            o.macros.extend(inline_macros(true));
            o.gnu89_inline = true;
        }),
        _ if arg.starts_with("-U") => {
            let name = short_value(arg, "-U", "a NAME", next)?;
            check_macro_name("-U", &name)?;
            c_flag(run, "-U", |o| o.macros.push(MacroFlag::Undefine(name)));
        }
        _ if arg.starts_with("-e") => {
            let symbol = short_value(arg, "-e", "a SYMBOL", next)?;
            if symbol.is_empty() {
                return Err(missing("-e", "a SYMBOL"));
            }
            native.entry = Some(symbol);
        }
        _ => return Err(unsupported_option(arg)),
    }
    Ok(())
}

/// Why kit refuses a flag it does not take: gcc's families named, so
/// the user knows what to drop.
fn unsupported_option(arg: &str) -> Failure {
    let why = if arg.starts_with("-pedantic") || arg == "-Wpedantic" {
        "kit does not diagnose GNU extensions"
    } else if arg.starts_with("-W") && !arg.starts_with("-Wl,") {
        "kit gives gcc's default warnings and has no others to enable or disable (-w silences them, -Werror makes them errors; -Wno-NAME and -Wno-error=NAME take the names kit run --help lists)"
    } else if arg.starts_with("-m") {
        "kit compiles for the x86-64 baseline (SSE2) and takes no machine options"
    } else if arg.starts_with("-Wl,") || arg.starts_with("-Xlinker") || arg == "-static" {
        "kit links in memory and takes no linker options"
    } else if arg == "-fcommon" {
        "kit defines a tentative definition in its unit, gcc's default -fno-common"
    } else if arg.starts_with("-f") {
        "kit does not support this code-generation option"
    } else {
        return Failure::usage(format!("unknown option {arg}; see kit run --help"));
    };
    Failure::usage(format!("{arg} is not supported: {why}; drop it"))
}

/// Records a C-only flag and applies it to the native options.
fn c_flag(run: &mut RunArgs, flag: &str, apply: impl FnOnce(&mut native::Options)) {
    run.c_flags.push(flag.to_owned());
    apply(&mut run.native);
}

fn set_sysroot(run: &mut RunArgs, flag: &str, dir: String) {
    c_flag(run, flag, |o| {
        o.sysroot = Some(dir.into());
        o.hosted_libc = true;
    });
}

/// `-O`, `-O0`..`-O3`, `-Os`, `-Oz`, `-Og`, `-Ofast`. Cranelift has two
/// optimizing levels, so -O3/-Os/-Oz/-Ofast mean -O2 and -Og means -O1.
fn parse_opt_level(arg: &str) -> Result<OptLevel, Failure> {
    Ok(match &arg[2..] {
        "0" => OptLevel::O0,
        "" | "1" | "g" => OptLevel::O1,
        "2" | "3" | "s" | "z" | "fast" => OptLevel::O2,
        other => {
            return Err(Failure::usage(format!(
                "{arg}: unknown optimization level {other:?}; use -O0, -O1 or -O2"
            )))
        }
    })
}

fn parse_mcmodel(arg: &str) -> Result<(), Failure> {
    match &arg["-mcmodel=".len()..] {
        "small" | "medium" | "large" | "medlow" | "medany" => Ok(()),
        other => Err(Failure::usage(format!(
            "-mcmodel: {other:?} is not small, medium, large, medlow or medany"
        ))),
    }
}

/// A target triple: `arch-vendor-os[-env]` (or gcc's `arch-os-env`) of
/// letters, digits, `_` and `.`. Whether it can run is the lane's call.
fn check_triple(triple: &str) -> Result<(), Failure> {
    let parts: Vec<&str> = triple.split('-').collect();
    let well_formed = (2..=4).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        });
    if well_formed {
        Ok(())
    } else {
        Err(Failure::usage(format!(
            "-target: {triple:?} is not a target triple (e.g. x86_64-linux-gnu)"
        )))
    }
}

fn check_macro_name(flag: &str, name: &str) -> Result<(), Failure> {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(Failure::usage(format!(
            "{flag}: {name:?} is not a macro name"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<RunArgs, Failure> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        match parse_run(&args)? {
            Command::Run(run) => Ok(*run),
            Command::Help => panic!("help"),
        }
    }

    #[test]
    fn joined_and_separate_values() {
        let run = parse(&[
            "-Ia", "-I", "b", "-DX", "-D", "Y=2", "-UZ", "-isystem", "s", "-lm", "-l", "z", "-lc",
            "-L", "d", "x.c",
        ])
        .unwrap();
        assert_eq!(run.native.include_dirs, [PathBuf::from("a"), "b".into()]);
        assert_eq!(run.native.system_include_dirs, [PathBuf::from("s")]);
        assert_eq!(run.native.libraries, ["m", "z"]);
        assert!(run.native.hosted_libc);
        assert_eq!(
            run.native.macros,
            [
                MacroFlag::Define {
                    name: "X".into(),
                    body: None
                },
                MacroFlag::Define {
                    name: "Y".into(),
                    body: Some("2".into())
                },
                MacroFlag::Undefine("Z".into())
            ]
        );
        assert_eq!(run.inputs, ["x.c"]);
    }

    #[test]
    fn program_args_follow_double_dash_or_script() {
        let run = parse(&["x.wasm", "--", "-O2", "a"]).unwrap();
        assert_eq!(run.program_args, ["-O2", "a"]);
        assert_eq!(run.opt_level, None);
        let run = parse(&["-O2", "--script", "s", "-x", "--", "y"]).unwrap();
        assert!(run.script && run.native.hosted_libc);
        assert_eq!(run.program_args, ["-x", "--", "y"]);
    }

    #[test]
    fn wasm_flags_joined_and_separate() {
        let run = parse(&[
            "--wasm-memory-max=1M",
            "--wasm-wasi",
            "--wasm-cwd",
            "/",
            "x.wasm",
        ])
        .unwrap();
        assert_eq!(
            run.wasm_flags,
            [
                ("--wasm-memory-max".to_string(), Some("1M".to_string())),
                ("--wasm-wasi".into(), None),
                ("--wasm-cwd".into(), Some("/".into()))
            ]
        );
    }

    #[test]
    fn bad_command_lines_are_usage_errors() {
        for bad in [
            vec!["-O4", "x.c"],
            vec!["-mcmodel=huge", "x.c"],
            vec!["-target", "x86_64--linux", "x.c"],
            vec!["-target"],
            vec!["-fmax-errors=many", "x.c"],
            vec!["-D", "1X", "x.c"],
            vec!["--frobnicate", "x.c"],
            vec!["--wasm-frob=1", "x.wasm"],
            vec!["-I"],
            vec!["x.c", "--script", "y"],
            vec!["-O2"],
        ] {
            let err = parse(&bad).unwrap_err();
            assert_eq!(err.code, 2, "{bad:?}: {}", err.message);
        }
    }

    #[test]
    fn opt_levels() {
        assert_eq!(parse_opt_level("-O").unwrap(), OptLevel::O1);
        assert_eq!(parse_opt_level("-O3").unwrap(), OptLevel::O2);
        assert_eq!(parse_opt_level("-O0").unwrap(), OptLevel::O0);
    }
}
