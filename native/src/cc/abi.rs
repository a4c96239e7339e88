//! System V x86-64 parameter passing (psABI 3.2.3), decided before
//! lowering, like rustc_codegen_cranelift's pass_mode.rs: every parameter
//! and return value gets a [`PassMode`], and [`signature`] turns a C
//! prototype into the Cranelift signature those modes imply.
//!
//! Structs and unions of at most 16 bytes are split into eightbytes, each
//! classified INTEGER (passed as I64 in a general register) or SSE (F64 in
//! a vector register, two floats packed together); larger or unaligned
//! ones are MEMORY: arguments are copied onto the stack
//! (`StructArgument`), results are written through a hidden pointer in
//! rdi (`StructReturn`), which Cranelift returns in rax as the psABI asks.
//! An aggregate whose eightbytes do not all fit in the remaining registers
//! goes on the stack whole.
//!
//! `long double` (class X87) is passed in memory like such an aggregate
//! and returned in the x87 register st(0), which Cranelift cannot name:
//! [`PassMode::X87`] results travel through x87.rs's Push and Pop
//! helpers. Memory arguments aligned to 16 (a long double, a struct
//! holding one or an `__int128`) start at a 16-byte boundary of the
//! argument area; Cranelift places `StructArgument`s back to back, so
//! such an argument carries 8 bytes of leading padding when needed.

use cranelift_codegen::ir::{self, types as ir_types, AbiParam, ArgumentPurpose, Signature};
use cranelift_codegen::isa::CallConv;

use super::types::{FunctionType, Type};

#[derive(Clone, Debug, PartialEq)]
pub enum PassMode {
    /// `void` result, or an empty struct.
    Ignore,
    /// A scalar in one value.
    Direct(ir::Type),
    /// An aggregate in one or two eightbytes (I64 or F64 each).
    Eightbytes(Vec<ir::Type>),
    /// An aggregate (or a long double argument) in memory: `size` bytes
    /// (whole eightbytes) after `pad` bytes that align it on the stack.
    Memory { size: u32, pad: u32 },
    /// A long double result, in st(0).
    X87,
    /// A `_Complex long double` result: real part in st(0), imaginary
    /// in st(1).
    X87Pair,
}

/// Whether a part travels in a vector register (SSE class).
pub fn in_vector_register(t: ir::Type) -> bool {
    t.is_float() || t.is_vector()
}

/// The mode of one C type, ignoring register pressure.
pub fn classify(ty: &Type) -> Option<PassMode> {
    match ty {
        Type::Void => Some(PassMode::Ignore),
        // Passed as its plain type (C drops a parameter's qualifiers).
        Type::Atomic(plain) => classify(plain),
        Type::Struct(_) => {
            let size = ty.size()?;
            if size == 0 {
                return Some(PassMode::Ignore);
            }
            let memory = PassMode::Memory {
                size: size.div_ceil(8) as u32 * 8,
                pad: 0,
            };
            if size > 16 {
                return Some(memory);
            }
            let mut classes = vec![Class::None; size.div_ceil(8) as usize];
            if !classify_into(ty, 0, &mut classes) {
                return Some(memory);
            }
            // SSE then SSEUP: a 16-byte vector fills one register.
            if whole_vector(ty) {
                return Some(PassMode::Eightbytes(vec![ir_types::I8X16]));
            }
            Some(PassMode::Eightbytes(
                classes
                    .iter()
                    .map(|c| match c {
                        Class::Sse => ir_types::F64,
                        _ => ir_types::I64,
                    })
                    .collect(),
            ))
        }
        Type::LongDouble => Some(PassMode::X87),
        // Class SSE: a vector of at most 8 bytes in the low half of a
        // vector register, one of 16 (SSE and SSEUP) filling one; larger
        // ones, without AVX, in memory (as gcc passes them).
        Type::Vector(..) => {
            let size = ty.size()?;
            Some(match size {
                0..=8 => PassMode::Eightbytes(vec![ir_types::F64]),
                16 => PassMode::Eightbytes(vec![ir_types::I8X16]),
                _ => PassMode::Memory {
                    size: size as u32,
                    pad: 0,
                },
            })
        }
        // Class SSE, like a struct of its two parts: `complex float` in
        // one vector register, `complex double` in two.
        Type::Complex(part) if **part == Type::Float => {
            Some(PassMode::Eightbytes(vec![ir_types::F64]))
        }
        Type::Complex(part) if **part == Type::Double => {
            Some(PassMode::Eightbytes(vec![ir_types::F64, ir_types::F64]))
        }
        // GNU complex integers: class INTEGER, like a struct of two
        // integers, held in one integer value.
        Type::Complex(part) if part.is_integer() => ty.ir().map(PassMode::Direct),
        // COMPLEX_X87: in memory as an argument, in st(0) and st(1) as a
        // result.
        Type::Complex(_) => Some(PassMode::X87Pair),
        other => other.decay().ir().map(PassMode::Direct),
    }
}

/// A struct or union that is one long double (classes X87 and X87UP):
/// returned in st(0) like the scalar (psABI 3.2.3).
fn single_long_double(ty: &Type) -> bool {
    match ty {
        Type::Struct(record) => {
            let record = record.get();
            record.size == 16
                && !record.fields.is_empty()
                && record.fields.iter().all(|f| {
                    f.offset == 0 && (f.ty == Type::LongDouble || single_long_double(&f.ty))
                })
        }
        _ => false,
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    None,
    Integer,
    Sse,
}

/// Whether `ty` is a 16-byte vector, or a record that is one (its
/// eightbytes classed SSE and SSEUP: one vector register).
fn whole_vector(ty: &Type) -> bool {
    match ty {
        Type::Vector(..) => ty.size() == Some(16),
        Type::Struct(record) => {
            let record = record.get();
            record.size == 16
                && !record.fields.is_empty()
                && record
                    .fields
                    .iter()
                    .all(|f| f.offset == 0 && f.bits.is_none() && whole_vector(&f.ty))
        }
        _ => false,
    }
}

/// The psABI's merge of a field's class into its eightbyte's: INTEGER
/// wins over SSE.
fn merge(slot: &mut Class, class: Class) {
    *slot = match (*slot, class) {
        (Class::Integer, _) | (_, Class::Integer) => Class::Integer,
        _ => Class::Sse,
    };
}

/// Merges the classes of `ty` at byte `at` into `classes`; false when a
/// field is unaligned (which makes the whole aggregate MEMORY).
fn classify_into(ty: &Type, at: u64, classes: &mut [Class]) -> bool {
    match ty {
        Type::Struct(record) => record
            .get()
            .fields
            .iter()
            .all(|f| classify_into(&f.ty, at + f.offset, classes)),
        Type::Array(elem, Some(n)) => {
            let size = elem.size().unwrap_or(0);
            (0..*n).all(|i| classify_into(elem, at + i * size, classes))
        }
        Type::Array(_, None) => true,
        Type::Complex(part) => {
            let size = part.size().unwrap_or(0);
            classify_into(part, at, classes) && classify_into(part, at + size, classes)
        }
        // Class SSE (and SSEUP) for every eightbyte a vector covers.
        Type::Vector(..) => {
            let size = ty.size().unwrap_or(0);
            if size > 16 || !at.is_multiple_of(ty.align()) {
                return false;
            }
            let Some(slots) = classes.get_mut((at / 8) as usize..(at + size).div_ceil(8) as usize)
            else {
                return false;
            };
            slots.iter_mut().for_each(|slot| merge(slot, Class::Sse));
            true
        }
        scalar => {
            let size = scalar.size().unwrap_or(0);
            if size == 0 {
                return true;
            }
            // X87 and X87UP: an argument holding one goes in memory.
            if *scalar == Type::LongDouble || !at.is_multiple_of(scalar.align()) {
                return false;
            }
            let Some(slot) = classes.get_mut((at / 8) as usize) else {
                return false;
            };
            let class = if scalar.is_float() {
                Class::Sse
            } else {
                Class::Integer
            };
            merge(slot, class);
            true
        }
    }
}

/// A prototype's modes and Cranelift signature.
pub struct FnAbi {
    pub sig: Signature,
    pub ret: PassMode,
    pub params: Vec<PassMode>,
    /// Where the fixed parameters leave off (for variadic definitions).
    pub layout: VarargLayout,
}

/// Registers and stack bytes the fixed parameters use.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct VarargLayout {
    pub gp_used: u32,
    pub sse_used: u32,
    pub stack_bytes: u32,
}

/// The signature of a call or definition with these parameter types
/// (for variadic calls, the promoted argument types).
/// Cranelift numbers a block's parameters, a function's among them, in
/// 16 bits.
const MAX_PARAMETERS: usize = u16::MAX as usize;

/// Refuses a signature with more machine parameters than Cranelift
/// takes (C requires 127; gcc has no limit).
pub fn check_parameter_count(sig: &ir::Signature, offset: usize) -> super::decl::Result<()> {
    let count = sig.params.len();
    if count > MAX_PARAMETERS {
        let message = format!("kit takes at most {MAX_PARAMETERS} parameters in a function or call (Cranelift's limit); this one has {count}");
        return super::decl::error(offset, message);
    }
    Ok(())
}

pub fn signature(ret: &Type, params: &[Type]) -> Option<FnAbi> {
    let mut sig = Signature::new(CallConv::SystemV);
    let ret_mode = if single_long_double(ret) {
        PassMode::X87
    } else {
        classify(ret)?
    };
    let (mut gp, mut sse) = (6usize, 8usize);
    match &ret_mode {
        PassMode::Memory { .. } => {
            sig.params.push(AbiParam::special(
                ir_types::I64,
                ArgumentPurpose::StructReturn,
            ));
            gp -= 1;
        }
        PassMode::Direct(t) => sig.returns.push(AbiParam::new(*t)),
        PassMode::Eightbytes(parts) => sig.returns.extend(parts.iter().map(|t| AbiParam::new(*t))),
        PassMode::Ignore | PassMode::X87 | PassMode::X87Pair => {}
    }
    let mut modes = Vec::new();
    let mut stack_bytes = 0u32;
    for p in params {
        let mut mode = classify(p)?;
        if let PassMode::Eightbytes(parts) = &mode {
            let ints = parts.iter().filter(|t| !in_vector_register(**t)).count();
            let floats = parts.len() - ints;
            if ints > gp || floats > sse {
                mode = PassMode::Memory {
                    size: p.size()?.div_ceil(8) as u32 * 8,
                    pad: 0,
                };
            } else {
                gp -= ints;
                sse -= floats;
            }
        }
        if mode == PassMode::X87 {
            mode = PassMode::Memory { size: 16, pad: 0 };
        }
        if mode == PassMode::X87Pair {
            mode = PassMode::Memory { size: 32, pad: 0 };
        }
        match &mut mode {
            // Two general registers, else 16 aligned bytes of stack.
            PassMode::Direct(t) if *t == ir_types::I128 => {
                if gp >= 2 {
                    gp -= 2;
                } else {
                    stack_bytes = stack_bytes.next_multiple_of(16) + 16;
                }
                sig.params.push(AbiParam::new(*t));
            }
            PassMode::Direct(t) => {
                let free = if t.is_float() { &mut sse } else { &mut gp };
                if *free == 0 {
                    stack_bytes += 8;
                } else {
                    *free -= 1;
                }
                let mut param = AbiParam::new(*t);
                // gcc and clang extend narrow integers to 32 bits.
                if t.bits() < 32 && !t.is_float() {
                    param = if p.is_signed() {
                        param.sext()
                    } else {
                        param.uext()
                    };
                }
                sig.params.push(param);
            }
            PassMode::Eightbytes(parts) => {
                sig.params.extend(parts.iter().map(|t| AbiParam::new(*t)))
            }
            PassMode::Memory { size, pad } => {
                if p.align() >= 16 && !stack_bytes.is_multiple_of(16) {
                    *pad = 8;
                }
                stack_bytes += *pad + *size;
                sig.params.push(AbiParam::special(
                    ir_types::I64,
                    ArgumentPurpose::StructArgument(*pad + *size),
                ));
            }
            PassMode::Ignore | PassMode::X87 | PassMode::X87Pair => {}
        }
        modes.push(mode);
    }
    Some(FnAbi {
        sig,
        ret: ret_mode,
        params: modes,
        layout: VarargLayout {
            gp_used: 6 - gp as u32,
            sse_used: 8 - sse as u32,
            stack_bytes,
        },
    })
}

/// The ABI of a prototype. A variadic one (as defined here) also takes
/// every argument register its fixed parameters leave free, which the
/// prologue spills for `va_arg` (see va.rs).
pub fn function(f: &FunctionType) -> Option<FnAbi> {
    let mut abi = signature(&f.ret, &f.params)?;
    if f.variadic {
        for _ in abi.layout.gp_used..6 {
            abi.sig.params.push(AbiParam::new(ir_types::I64));
        }
        // Whole registers: a vector argument fills one.
        for _ in abi.layout.sse_used..8 {
            abi.sig.params.push(AbiParam::new(ir_types::I8X16));
        }
    }
    Some(abi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn record(members: Vec<Type>) -> Type {
        let members = members.into_iter().map(|t| (None, t, None, None)).collect();
        Type::Struct(Rc::new(
            super::super::types::layout(None, members, false, Default::default()).unwrap(),
        ))
    }

    #[test]
    fn small_structs_split_into_eightbytes() {
        let int = super::super::types::INT;
        assert_eq!(
            classify(&record(vec![int.clone(), int.clone()])),
            Some(PassMode::Eightbytes(vec![ir_types::I64]))
        );
        assert_eq!(
            classify(&record(vec![Type::Double, int.clone()])),
            Some(PassMode::Eightbytes(vec![ir_types::F64, ir_types::I64]))
        );
        assert_eq!(
            classify(&record(vec![Type::Float, Type::Float, Type::Double])),
            Some(PassMode::Eightbytes(vec![ir_types::F64, ir_types::F64]))
        );
        assert_eq!(
            classify(&record(vec![Type::Double, Type::Double, Type::Double])),
            Some(PassMode::Memory { size: 24, pad: 0 })
        );
    }
}
