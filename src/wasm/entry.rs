//! The entry function: which export it is, and how it is called.
//!
//! Resolution order: `-e NAME`, else the `kit-entry` custom section, else
//! `_start` when exported, else `main`. An entry without parameters that
//! returns nothing or one i32 is a program: the i32 is the exit status. An
//! entry with parameters takes them from the program args (i32, i64, f32,
//! f64 literals) and its results are printed one per line, exit status 0.

use wasmtime::{Func, FuncType, Instance, Module, Store, Val, ValType};

use crate::failure::Failure;
use crate::wasm::load::Loaded;

/// Names the entry of `main`; `flag` is `-e`.
pub fn entry_name(flag: Option<&str>, main: &Loaded, module: &Module) -> Result<String, Failure> {
    if let Some(name) = flag {
        return Ok(name.to_owned());
    }
    if let Some(section) = &main.facts.entry {
        return section
            .clone()
            .map_err(|why| Failure::failed(format!("{}: {why}", main.display)));
    }
    let exports = exported_functions(module);
    Ok(["_start", "main"]
        .into_iter()
        .find(|name| exports.iter().any(|e| e == name))
        .unwrap_or("_start")
        .to_owned())
}

fn exported_functions(module: &Module) -> Vec<String> {
    module
        .exports()
        .filter(|e| e.ty().func().is_some())
        .map(|e| e.name().to_owned())
        .collect()
}

/// The entry function, or the documented `entry symbol not found` error.
pub fn find<T>(
    store: &mut Store<T>,
    instance: &Instance,
    module: &Module,
    display: &str,
    name: &str,
) -> Result<Func, Failure> {
    instance.get_func(&mut *store, name).ok_or_else(|| {
        let exports = exported_functions(module);
        let listing = if exports.is_empty() {
            "it exports no functions".to_owned()
        } else {
            format!("exported functions: {}", exports.join(", "))
        };
        Failure::failed(format!(
            "entry symbol not found: {name} in {display}; {listing} (choose one with -e NAME)"
        ))
    })
}

/// How the entry's outcome becomes kit's.
pub enum Outcome {
    /// The program's exit status.
    Status(i32),
    /// Values to print, one per line; exit status 0.
    Print(Vec<Val>),
}

/// Parses `args` as the entry's parameters. A WASI program's entry takes
/// none: its args reach it through `args_get` instead.
pub fn params(ty: &FuncType, name: &str, args: &[String], wasi: bool) -> Result<Vec<Val>, Failure> {
    let types: Vec<ValType> = ty.params().collect();
    if types.is_empty() && wasi {
        return Ok(Vec::new());
    }
    if types.len() != args.len() {
        return Err(Failure::failed(format!(
            "entry {name} takes {} parameter(s) ({}) but {} program argument(s) were given after --",
            types.len(),
            type_list(&types),
            args.len()
        )));
    }
    types
        .iter()
        .zip(args)
        .enumerate()
        .map(|(i, (ty, arg))| {
            parse_val(ty, arg).ok_or_else(|| {
                Failure::failed(format!(
                    "argument {} ({arg:?}) is not a valid {ty} for entry {name}",
                    i + 1
                ))
            })
        })
        .collect()
}

fn type_list(types: &[ValType]) -> String {
    types
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_val(ty: &ValType, arg: &str) -> Option<Val> {
    Some(match ty {
        ValType::I32 => Val::I32(parse_int(arg, i32::MIN.into(), u32::MAX.into())? as i32),
        ValType::I64 => Val::I64(parse_int(arg, i64::MIN.into(), u64::MAX.into())? as i64),
        ValType::F32 => Val::F32(arg.parse::<f32>().ok()?.to_bits()),
        ValType::F64 => Val::F64(arg.parse::<f64>().ok()?.to_bits()),
        _ => return None,
    })
}

/// Decimal (signed) or `0x` hex; unsigned values wrap to the type as in wasm.
fn parse_int(arg: &str, min: i128, max: i128) -> Option<i128> {
    let (negative, digits) = match arg.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, arg),
    };
    let magnitude = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i128::from_str_radix(hex, 16).ok()?,
        None if digits.chars().all(|c| c.is_ascii_digit()) => digits.parse().ok()?,
        None => return None,
    };
    let value = if negative { -magnitude } else { magnitude };
    (min..=max).contains(&value).then_some(value)
}

/// Calls the entry and classifies its results.
pub fn call<T>(
    store: &mut Store<T>,
    func: &Func,
    name: &str,
    args: &[String],
    wasi: bool,
) -> Result<wasmtime::Result<Outcome>, Failure> {
    let ty = func.ty(&*store);
    let params = params(&ty, name, args, wasi)?;
    let mut results: Vec<Val> = ty.results().map(|t| zero(&t)).collect();
    if let Err(e) = func.call(&mut *store, &params, &mut results) {
        return Ok(Err(e));
    }
    let is_program = params.is_empty() && matches!(results.as_slice(), [] | [Val::I32(_)]);
    Ok(Ok(match (is_program, results.as_slice()) {
        (true, [Val::I32(status)]) => Outcome::Status(*status),
        (true, _) => Outcome::Status(0),
        (false, _) => Outcome::Print(results),
    }))
}

fn zero(ty: &ValType) -> Val {
    Val::default_for_ty(ty).unwrap_or(Val::I32(0))
}

/// One result as printed: integers signed decimal, floats in Rust's
/// shortest round-trip form.
pub fn show(val: &Val) -> String {
    match val {
        Val::I32(v) => v.to_string(),
        Val::I64(v) => v.to_string(),
        Val::F32(bits) => f32::from_bits(*bits).to_string(),
        Val::F64(bits) => f64::from_bits(*bits).to_string(),
        Val::V128(v) => format!("{:#034x}", v.as_u128()),
        other => format!("<{:?}>", other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_literals() {
        let i32_ = |s| parse_int(s, i32::MIN.into(), u32::MAX.into());
        assert_eq!(i32_("42"), Some(42));
        assert_eq!(i32_("-7"), Some(-7));
        assert_eq!(i32_("0xff"), Some(255));
        assert_eq!(i32_("4294967295"), Some(4294967295));
        assert_eq!(i32_("4294967296"), None);
        assert_eq!(i32_("1e3"), None);
        assert_eq!(i32_(""), None);
    }
}
