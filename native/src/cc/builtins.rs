//! `__builtin_*` calls: the ones with a Cranelift instruction (bswap, clz,
//! ctz, popcount, overflow arithmetic, trap) are lowered inline; constants
//! (inf, nan, huge_val) fold; the libc ones (`__builtin_memcpy`, ...) call
//! the libc function of the same name when the unit declares it. Anything
//! else is a diagnostic naming the builtin.

use cranelift_codegen::ir::{self, types as ir_types, InstBuilder, MemFlagsData};
use lang_c::ast::*;
use lang_c::span::Node;

use super::super::constant::{self, Const};
use super::super::decl::{error, Result};
use super::super::types::{self, FunctionType, IntKind, Type};
use super::{FnLower, Val};

/// The `__builtin_*` names `translate_builtin` lowers itself (after the
/// prefix; kit's own `__builtin_kit_*` spellings left out).
const LOWERED: &[&str] = &[
    "expect",
    "expect_with_probability",
    "choose_expr",
    "cpu_init",
    "cpu_supports",
    "cpu_is",
    "prefetch",
    "va_start",
    "va_end",
    "va_copy",
    "assume_aligned",
    "complex",
    "signbit",
    "signbitf",
    "signbitl",
    "unreachable",
    "trap",
    "bswap16",
    "bswap32",
    "bswap64",
    "bswap128",
    "__clear_cache",
    "alloca_with_align",
    "clz",
    "clzl",
    "clzll",
    "ctz",
    "ctzl",
    "ctzll",
    "clrsb",
    "clrsbl",
    "clrsbll",
    "popcount",
    "popcountl",
    "popcountll",
    "parity",
    "parityl",
    "parityll",
    "ffs",
    "ffsl",
    "ffsll",
    "huge_val",
    "inf",
    "huge_valf",
    "inff",
    "huge_vall",
    "infl",
    "nanl",
    "nan",
    "nanf",
    "nans",
    "nansf",
    "nansl",
    "constant_p",
    "conj",
    "conjf",
    "conjl",
    "creal",
    "crealf",
    "creall",
    "cimag",
    "cimagf",
    "cimagl",
    "setjmp",
    "longjmp",
    "shuffle",
    "classify_type",
    "object_size",
    "dynamic_object_size",
    "add_overflow",
    "sub_overflow",
    "mul_overflow",
    "add_overflow_p",
    "sub_overflow_p",
    "mul_overflow_p",
    "frame_address",
    "return_address",
];

/// The builtins the parser or its shims take as syntax (a type as an
/// argument).
const SYNTAX: &[&str] = &["offsetof", "types_compatible_p", "convertvector"];

/// Builtins gcc makes keywords, which its `__has_builtin` does not count.
const KEYWORDS: &[&str] = &["__builtin_complex"];

/// Every builtin kit compiles but the C library's (`__builtin_memcpy`
/// and the like, `libc_builtin`'s), for `__has_builtin` and its test.
pub fn builtin_names() -> impl Iterator<Item = String> {
    let prefixed = LOWERED
        .iter()
        .chain(SYNTAX)
        .chain(super::float_class::NAMES)
        .map(|base| format!("__builtin_{base}"));
    let ia32 = super::ia32::names().map(|base| format!("__builtin_ia32_{base}"));
    prefixed
        .chain(ia32)
        .chain(["__builtin_alloca".to_owned()])
        .chain(super::atomic::names())
}

/// What `__has_builtin(name)` answers, as gcc: whether a call of `name`
/// is compiled as a builtin, the C library's counted with or without
/// `__builtin_` (`memcpy`, `alloca`).
pub fn has_builtin(name: &str) -> bool {
    if KEYWORDS.contains(&name) {
        return false;
    }
    let base = name.strip_prefix("__builtin_").unwrap_or(name);
    libc_builtin(base).is_some()
        || libgcc_builtin(base).is_some()
        || super::vla::is_alloca(name)
        || builtin_names().any(|known| known == name)
}

/// The size of glibc's `jmp_buf` on x86-64.
pub(super) const JMP_BUF_SIZE: u32 = 200;

const ULONG: Type = Type::Int {
    size: 8,
    signed: false,
    kind: IntKind::Standard,
};

impl FnLower<'_, '_> {
    /// Lowers `name(args)` if `name` is a builtin; None when it is not one.
    pub(super) fn translate_builtin(
        &mut self,
        name: &str,
        args: &[Node<Expression>],
        offset: usize,
    ) -> Result<Option<Val>> {
        let Some(base) = name.strip_prefix("__builtin_") else {
            return Ok(None);
        };
        let arity = |n: usize| check_arity(name, args, n, offset);
        let val = match base {
            "expect" | "expect_with_probability" => {
                arity(if base == "expect" { 2 } else { 3 })?;
                let v = self.translate_expr(&args[0])?;
                self.evaluate_all(&args[1..])?;
                v
            }
            // Computed goto, as the preprocessor's parser shims spell it.
            "kit_label_address" => {
                arity(1)?;
                let Expression::Identifier(label) = &args[0].node else {
                    return error(offset, "expected a label name after '&&'");
                };
                self.label_address(&label.node.name, offset)
            }
            "kit_goto" => {
                arity(1)?;
                let target = self.translate_expr(&args[0])?;
                if !matches!(target.ty.decay(), Type::Pointer(_)) {
                    return error(args[0].span.start, "computed goto must be pointer type");
                }
                let target = self.convert(target, &ULONG, offset)?;
                self.computed_goto(target);
                self.int(0, Type::Void)
            }
            // The chosen operand only, by a constant condition.
            "choose_expr" => {
                arity(3)?;
                let condition = self.constant_expr(&args[0])?;
                self.translate_expr(&args[if condition != 0 { 1 } else { 2 }])?
            }
            // Run-time processor checks (run/cpu.rs); gcc checks the
            // names when it compiles.
            "cpu_init" => {
                arity(0)?;
                self.int(0, Type::Void)
            }
            "cpu_supports" | "cpu_is" => {
                arity(1)?;
                let known = if base == "cpu_is" {
                    crate::run::cpu::VENDORS
                } else {
                    crate::run::cpu::FEATURES
                };
                let name = match &args[0].node {
                    Expression::StringLiteral(s) => super::super::init::string_literal(&s.node)
                        .map(|(mut b, _)| {
                            b.pop();
                            String::from_utf8_lossy(&b).into_owned()
                        }),
                    _ => None,
                };
                let name = name.unwrap_or_default();
                if !known.contains(&name.as_str()) {
                    return error(offset, format!("parameter to builtin not valid: {name}"));
                }
                let pointer = self.translate_expr(&args[0])?.value;
                let runtime = if base == "cpu_is" {
                    "__kit_cpu_is"
                } else {
                    "__kit_cpu_supports"
                };
                let answer = self.call_runtime(runtime, &[pointer], Some(ir_types::I32))?;
                Val {
                    value: answer.expect("a result"),
                    ty: types::INT,
                }
            }
            // A hint with no effect on the program's meaning.
            // x86's instruction cache is coherent with its stores: gcc
            // emits nothing for it either.
            "prefetch" | "__clear_cache" => {
                self.evaluate_all(args)?;
                self.int(0, Type::Void)
            }
            "alloca_with_align" => {
                arity(2)?;
                self.alloca_with_align(&args[0], &args[1], offset)?
            }
            "va_start" => {
                arity(2)?;
                self.va_start(args, offset)?
            }
            "va_end" => {
                arity(1)?;
                self.translate_expr(&args[0])?;
                self.int(0, Type::Void)
            }
            "va_copy" => {
                arity(2)?;
                self.va_copy(args)?
            }
            "assume_aligned" => {
                if !(2..=3).contains(&args.len()) {
                    return error(
                        offset,
                        format!("wrong number of arguments to function '{name}'"),
                    );
                }
                let pointer = self.translate_expr(&args[0])?;
                self.evaluate_all(&args[1..])?;
                pointer
            }
            // C11's CMPLX: both parts of one floating type.
            "complex" => {
                arity(2)?;
                let re = self.translate_expr(&args[0])?;
                let im = self.translate_expr(&args[1])?;
                if !re.ty.is_float() || re.ty != im.ty {
                    return error(
                        offset,
                        "'__builtin_complex' operands must be of one real floating type",
                    );
                }
                let part = re.ty.clone();
                Val {
                    value: self.complex_pack(re.value, im.value, &part),
                    ty: Type::Complex(std::rc::Rc::new(part)),
                }
            }
            // Whether the sign bit is set (also of zeros and NaNs): the
            // argument's own type for the generic one, as in gcc.
            "signbit" | "signbitf" | "signbitl" => {
                arity(1)?;
                let v = self.translate_expr(&args[0])?;
                let ty = match base {
                    "signbitf" => Type::Float,
                    "signbitl" => Type::LongDouble,
                    _ if v.ty.is_float() => v.ty.clone(),
                    _ => Type::Double,
                };
                let x = self.convert(v, &ty, offset)?;
                let negative = self.sign_of(x, &ty);
                Val {
                    value: self.b.ins().uextend(ir_types::I32, negative),
                    ty: types::INT,
                }
            }
            "unreachable" | "trap" => {
                self.b.ins().trap(ir::TrapCode::unwrap_user(1));
                self.continue_in_new_block();
                self.int(0, Type::Void)
            }
            "bswap16" | "bswap32" | "bswap64" | "bswap128" => {
                arity(1)?;
                let unsigned = |size| types::Type::Int {
                    size,
                    signed: false,
                    kind: IntKind::Standard,
                };
                let ty = match base {
                    "bswap16" => unsigned(2),
                    "bswap32" => types::UINT,
                    "bswap64" => ULONG,
                    _ => unsigned(16),
                };
                let v = self.translate_expr(&args[0])?;
                let v = self.convert(v, &ty, offset)?;
                let value = self.b.ins().bswap(v);
                Val { value, ty }
            }
            "clz" | "clzl" | "clzll" | "ctz" | "ctzl" | "ctzll" | "clrsb" | "clrsbl"
            | "clrsbll" | "popcount" | "popcountl" | "popcountll" | "parity" | "parityl"
            | "parityll" | "ffs" | "ffsl" | "ffsll" => {
                arity(1)?;
                let wide = base.ends_with('l');
                let stem = base.trim_end_matches('l');
                // clrsb counts copies of the sign bit: its operand is signed.
                let ty = match (wide, stem == "clrsb") {
                    (true, true) => types::LONG,
                    (true, false) => ULONG,
                    (false, true) => types::INT,
                    (false, false) => types::UINT,
                };
                let v = self.translate_expr(&args[0])?;
                let v = self.convert(v, &ty, offset)?;
                let r = match stem {
                    "clz" => self.b.ins().clz(v),
                    "clrsb" => {
                        // The bits after the sign bit that equal it: the
                        // leading zeros of x ^ (x >> (width - 1)), less one.
                        let sign = self.b.ins().sshr_imm_u(v, if wide { 63 } else { 31 });
                        let flipped = self.b.ins().bxor(v, sign);
                        let zeros = self.b.ins().clz(flipped);
                        self.b.ins().iadd_imm_s(zeros, -1)
                    }
                    "ctz" => self.b.ins().ctz(v),
                    "popcount" => self.b.ins().popcnt(v),
                    "parity" => {
                        let p = self.b.ins().popcnt(v);
                        self.b.ins().band_imm_u(p, 1)
                    }
                    _ => {
                        // ffs: 0 for 0, else ctz + 1.
                        let t = self.b.ins().ctz(v);
                        let t1 = self.b.ins().iadd_imm_u(t, 1);
                        let zero = self
                            .b
                            .ins()
                            .iconst(if wide { ir_types::I64 } else { ir_types::I32 }, 0);
                        let is_zero = self.b.ins().icmp_imm_u(ir::condcodes::IntCC::Equal, v, 0);
                        self.b.ins().select(is_zero, zero, t1)
                    }
                };
                let r = if wide {
                    self.b.ins().ireduce(ir_types::I32, r)
                } else {
                    r
                };
                Val {
                    value: r,
                    ty: types::INT,
                }
            }
            "huge_val" | "inf" | "huge_valf" | "inff" | "huge_vall" | "infl" | "nan" | "nanf"
            | "nanl" | "nans" | "nansf" | "nansl" => {
                let Some(value) = constant::special_value(name, args) else {
                    let takes_payload = base.starts_with("nan");
                    if args.len() != usize::from(takes_payload) {
                        return error(
                            offset,
                            format!("wrong number of arguments to function '{name}'"),
                        );
                    }
                    if base.starts_with("nans") {
                        return error(
                            offset,
                            format!("'{name}' needs a string literal holding a number (the signaling NaN's payload)"),
                        );
                    }
                    // A payload gcc does not fold: the C library's `nan`
                    // reads it at run time, as in gcc.
                    self.declare_library_builtin(base, offset)?;
                    return Ok(None);
                };
                match value {
                    Const::Single(f) => Val {
                        value: self.b.ins().f32const(f),
                        ty: Type::Float,
                    },
                    Const::LongDouble(bits) => Val {
                        value: self.long_double_const(bits),
                        ty: Type::LongDouble,
                    },
                    other => Val {
                        value: self.b.ins().f64const(other.as_f64()),
                        ty: Type::Double,
                    },
                }
            }
            "constant_p" => {
                arity(1)?;
                let constant = constant::is_constant_p(&mut self.unit.scopes, &args[0]);
                self.int(constant as i64, types::INT)
            }
            // GNU's `__real__`/`__imag__`, as the parser shims spell them.
            "kit_real" | "kit_imag" => {
                arity(1)?;
                self.part_of(&args[0], base == "kit_imag", offset)?
            }
            // <complex.h>'s functions as gcc's builtins, inline.
            "conj" | "conjf" | "conjl" | "creal" | "crealf" | "creall" | "cimag" | "cimagf"
            | "cimagl" => {
                arity(1)?;
                let stem = if base.starts_with("conj") { 4 } else { 5 };
                let part = match &base[stem..] {
                    "f" => Type::Float,
                    "l" => Type::LongDouble,
                    _ => Type::Double,
                };
                let complex = Type::Complex(std::rc::Rc::new(part.clone()));
                let v = self.translate_expr(&args[0])?;
                let value = self.convert(v, &complex, offset)?;
                let z = Val { value, ty: complex };
                if base.starts_with("conj") {
                    self.complex_unary(&UnaryOperator::Complement, z)?
                } else {
                    let (re, im) = self.complex_parts(z.value, &part);
                    let value = if base.starts_with("creal") { re } else { im };
                    Val { value, ty: part }
                }
            }
            // gcc's five-word buffer holds the address of a C library
            // jmp_buf in the caller's frame, which `_setjmp` fills (the
            // caller keeps its locals in memory, promote.rs); longjmp
            // comes back with 1, the only value gcc allows.
            "setjmp" => {
                arity(1)?;
                let buf = self.translate_expr(&args[0])?.value;
                let slot = self.raw_slot(JMP_BUF_SIZE, 16);
                let real = self.slot_address(slot);
                self.b.ins().store(MemFlagsData::new(), real, buf, 0);
                let value = self.call_runtime("_setjmp", &[real], Some(ir_types::I32))?;
                Val {
                    value: value.expect("a result"),
                    ty: types::INT,
                }
            }
            "longjmp" => {
                arity(2)?;
                let buf = self.translate_expr(&args[0])?.value;
                self.translate_expr(&args[1])?;
                let real = self
                    .b
                    .ins()
                    .load(ir_types::I64, MemFlagsData::new(), buf, 0);
                let one = self.b.ins().iconst(ir_types::I32, 1);
                self.call_runtime("longjmp", &[real, one], None)?;
                self.b.ins().trap(ir::TrapCode::unwrap_user(1));
                self.continue_in_new_block();
                self.int(0, Type::Void)
            }
            "kit_convertvector" => {
                arity(2)?;
                self.vector_convert(args, offset)?
            }
            "shuffle" => {
                if args.len() != 2 && args.len() != 3 {
                    return error(offset, format!("wrong number of arguments to '{name}'"));
                }
                self.vector_shuffle(args, offset)?
            }
            "object_size" | "dynamic_object_size" => {
                arity(2)?;
                self.object_size(base, args, offset)?
            }
            "classify_type" => {
                arity(1)?;
                let ty = self.type_of(&args[0])?;
                self.int(ty.type_class(), types::INT)
            }
            "add_overflow" | "sub_overflow" | "mul_overflow" | "add_overflow_p"
            | "sub_overflow_p" | "mul_overflow_p" => {
                arity(3)?;
                self.overflow_arith(base, args, offset)?
            }
            // Frames are chained through their saved frame pointers (kit
            // keeps them), the return address just above each.
            "frame_address" | "return_address" => {
                arity(1)?;
                let level = self.constant_expr(&args[0])?;
                let mut frame = self.b.ins().get_frame_pointer(ir_types::I64);
                for _ in 0..level {
                    frame = self
                        .b
                        .ins()
                        .load(ir_types::I64, MemFlagsData::new(), frame, 0);
                }
                let value = if base == "return_address" {
                    self.b
                        .ins()
                        .load(ir_types::I64, MemFlagsData::new(), frame, 8)
                } else {
                    frame
                };
                Val {
                    value,
                    ty: Type::Pointer(std::rc::Rc::new(Type::Void)),
                }
            }
            _ if base.starts_with("ia32_") => self.ia32_builtin(base, args, offset)?,
            _ => {
                if let Some(val) = self.float_class_builtin(base, args, offset)? {
                    return Ok(Some(val));
                }
                self.declare_library_builtin(base, offset)?;
                return Ok(None);
            }
        };
        Ok(Some(val))
    }

    /// The libc functions gcc also knows as builtins (`__builtin_memcpy`
    /// calls `memcpy`), declared here when the program did not include
    /// their header.
    fn declare_library_builtin(&mut self, base: &str, offset: usize) -> Result<()> {
        if let Some((routine, fty)) = libgcc_builtin(base) {
            if !self.unit.globals.contains_key(routine) {
                self.unit.declare_external_function(routine, fty);
            }
            return Ok(());
        }
        if !self.unit.globals.contains_key(base) {
            let Some(fty) = libc_builtin(base) else {
                return error(offset, format!("'__builtin_{base}' is not supported"));
            };
            self.unit.declare_external_function(base, fty);
            self.unit.builtin_only.insert(base.to_owned());
        }
        Ok(())
    }

    /// A call to an undeclared function (C89's implicit declaration, which
    /// gcc before 14 takes with a warning): declared `int name()`, or with
    /// its prototype when gcc knows it as a builtin (`abort`, `strlen`,
    /// `sqrt`), as gcc does.
    pub(super) fn declare_implicitly(
        &mut self,
        name: &str,
        offset: usize,
    ) -> std::rc::Rc<FunctionType> {
        self.unit.warn(
            offset,
            Some("implicit-function-declaration"),
            format!("implicit declaration of function '{name}'"),
        );
        let known = libc_builtin(name).filter(|_| !self.unit.no_builtin.covers(name));
        let fty = known.unwrap_or(FunctionType {
            ret: types::INT,
            params: Vec::new(),
            variadic: false,
            unprototyped: true,
        });
        self.unit.declare_external_function(name, fty)
    }

    /// `__builtin_{add,sub,mul}_overflow(a, b, &r)`: stores the wrapped
    /// result in `*r` and returns whether the exact result, of the
    /// operands' values (not converted first, as in gcc), does not fit
    /// `*r`'s type. The `_p` forms (`(a, b, (T)0)`) only answer whether
    /// it fits the third operand's type (evaluated, its value unused, as
    /// gcc does). Operands
    /// of up to 64 bits are computed exactly in 128 bits; with a 128-bit
    /// operand or result, in 256 (`overflow_128`).
    fn overflow_arith(
        &mut self,
        base: &str,
        args: &[Node<Expression>],
        offset: usize,
    ) -> Result<Val> {
        let a = self.translate_expr(&args[0])?;
        let b = self.translate_expr(&args[1])?;
        // gcc's words, at the third argument.
        let third = args[2].span.start;
        let (result, ty) = if base.ends_with("_p") {
            let ty = self.translate_expr(&args[2])?.ty.decay();
            if !ty.is_integer() {
                return error(third, format!("argument 3 in call to function '__builtin_{base}' does not have integral type"));
            }
            (None, ty)
        } else {
            let r = self.translate_expr(&args[2])?;
            match r.ty.decay() {
                Type::Pointer(ty) if ty.is_integer() => (Some(r.value), (*ty).clone()),
                _ => return error(third, format!("argument 3 in call to function '__builtin_{base}' does not have pointer to integral type")),
            }
        };
        let base = base.trim_end_matches("_p");
        let wide = |t: &Type| t.size().unwrap_or(0) > 8;
        if wide(&ty) || wide(&a.ty) || wide(&b.ty) {
            return self.overflow_128(base, a, b, result, &ty, offset);
        }
        let i128 = |signed| Type::Int {
            size: 16,
            signed,
            kind: IntKind::Standard,
        };
        let (a_signed, b_signed) = (a.ty.decay().is_signed(), b.ty.decay().is_signed());
        let av = self.convert(a, &i128(a_signed), offset)?;
        let bv = self.convert(b, &i128(b_signed), offset)?;
        let ins = self.b.ins();
        let exact = match base {
            "add_overflow" => ins.iadd(av, bv),
            "sub_overflow" => ins.isub(av, bv),
            _ => ins.imul(av, bv),
        };
        // It fits when narrowing and widening it back gives it again.
        let narrow = Val {
            value: exact,
            ty: i128(true),
        };
        let value = self.convert(narrow, &ty, offset)?;
        let back = Val {
            value,
            ty: ty.clone(),
        };
        let back = self.convert(back, &i128(true), offset)?;
        let flag = self
            .b
            .ins()
            .icmp(ir::condcodes::IntCC::NotEqual, back, exact);
        if let Some(result) = result {
            self.store(result, value, &ty);
        }
        Ok(Val {
            value: flag,
            ty: Type::Bool,
        })
    }

    /// The overflow builtins with a 128-bit operand or result: the exact
    /// result in 256 bits (two's complement, as (high, low) halves), from
    /// the operands extended by their own signedness; it fits when
    /// narrowing it to the result's type and extending that back gives
    /// it again. 256 bits hold every sum and difference, and every
    /// product but some of two unsigned operands, whose value then wraps
    /// to one below -2^128, which fits no result type either.
    fn overflow_128(
        &mut self,
        base: &str,
        a: Val,
        b: Val,
        result: Option<ir::Value>,
        ty: &Type,
        offset: usize,
    ) -> Result<Val> {
        use ir::condcodes::IntCC;
        let x = self.wide_operand(a, offset)?;
        let y = self.wide_operand(b, offset)?;
        let (high, low) = match base {
            "add_overflow" => {
                let low = self.b.ins().iadd(x.1, y.1);
                let carry = self.b.ins().icmp(IntCC::UnsignedLessThan, low, x.1);
                let carry = self.b.ins().uextend(ir_types::I128, carry);
                let high = self.b.ins().iadd(x.0, y.0);
                (self.b.ins().iadd(high, carry), low)
            }
            "sub_overflow" => {
                let low = self.b.ins().isub(x.1, y.1);
                let borrow = self.b.ins().icmp(IntCC::UnsignedLessThan, x.1, y.1);
                let borrow = self.b.ins().uextend(ir_types::I128, borrow);
                let high = self.b.ins().isub(x.0, y.0);
                (self.b.ins().isub(high, borrow), low)
            }
            _ => self.multiply_256(x, y),
        };
        let value = Val {
            value: low,
            ty: Type::Int {
                size: 16,
                signed: false,
                kind: IntKind::Standard,
            },
        };
        let value = self.convert(value, ty, offset)?;
        let back = self.wide_operand(
            Val {
                value,
                ty: ty.clone(),
            },
            offset,
        )?;
        let ins = self.b.ins();
        let low_differs = ins.icmp(IntCC::NotEqual, back.1, low);
        let high_differs = self.b.ins().icmp(IntCC::NotEqual, back.0, high);
        let flag = self.b.ins().bor(low_differs, high_differs);
        if let Some(result) = result {
            self.store(result, value, ty);
        }
        Ok(Val {
            value: flag,
            ty: Type::Bool,
        })
    }

    /// An integer as 256 bits, (high, low), extended by its signedness.
    fn wide_operand(&mut self, v: Val, offset: usize) -> Result<(ir::Value, ir::Value)> {
        let signed = v.ty.decay().is_signed();
        let as_128 = Type::Int {
            size: 16,
            signed,
            kind: IntKind::Standard,
        };
        let low = self.convert(v, &as_128, offset)?;
        let high = if signed {
            self.b.ins().sshr_imm_u(low, 127)
        } else {
            let zero = self.b.ins().iconst(ir_types::I64, 0);
            self.b.ins().uextend(ir_types::I128, zero)
        };
        Ok((high, low))
    }

    /// The product of two 256-bit numbers, modulo 2^256: the low halves'
    /// full product from four 64-bit partial products, plus the cross
    /// terms shifted up 128 bits.
    fn multiply_256(
        &mut self,
        (x_high, x_low): (ir::Value, ir::Value),
        (y_high, y_low): (ir::Value, ir::Value),
    ) -> (ir::Value, ir::Value) {
        use ir::condcodes::IntCC;
        let (x0, x1) = self.b.ins().isplit(x_low);
        let (y0, y1) = self.b.ins().isplit(y_low);
        let mut product = |p: ir::Value, q: ir::Value| {
            let p = self.b.ins().uextend(ir_types::I128, p);
            let q = self.b.ins().uextend(ir_types::I128, q);
            self.b.ins().imul(p, q)
        };
        let (p00, p01, p10, p11) = (
            product(x0, y0),
            product(x0, y1),
            product(x1, y0),
            product(x1, y1),
        );
        // The middle terms (up to 2^129) and where they land.
        let middle = self.b.ins().iadd(p01, p10);
        let middle_carry = self.b.ins().icmp(IntCC::UnsignedLessThan, middle, p01);
        let middle_carry = self.b.ins().uextend(ir_types::I128, middle_carry);
        let middle_carry = self.b.ins().ishl_imm_u(middle_carry, 64);
        let middle_low = self.b.ins().ishl_imm_u(middle, 64);
        let low = self.b.ins().iadd(p00, middle_low);
        let low_carry = self.b.ins().icmp(IntCC::UnsignedLessThan, low, p00);
        let low_carry = self.b.ins().uextend(ir_types::I128, low_carry);
        let middle_high = self.b.ins().ushr_imm_u(middle, 64);
        let mut high = self.b.ins().iadd(p11, middle_high);
        high = self.b.ins().iadd(high, middle_carry);
        high = self.b.ins().iadd(high, low_carry);
        let cross = self.b.ins().imul(x_high, y_low);
        high = self.b.ins().iadd(high, cross);
        let cross = self.b.ins().imul(x_low, y_high);
        high = self.b.ins().iadd(high, cross);
        (high, low)
    }
}

/// That builtin `name` has `n` arguments, in gcc's words if not.
pub(super) fn check_arity(
    name: &str,
    args: &[Node<Expression>],
    n: usize,
    offset: usize,
) -> Result<()> {
    if args.len() == n {
        Ok(())
    } else {
        error(
            offset,
            format!("wrong number of arguments to function '{name}'"),
        )
    }
}

/// The result and parameters of a <math.h> or <complex.h> function gcc
/// knows as a builtin: its double form (`sin`, `cexp`), or its float or
/// long double form (`sinf`, `cexpl`), which takes and gives that type
/// where the double form has double.
fn math_builtin(name: &str) -> Option<(Type, Vec<Type>)> {
    let forms = [(name, Type::Double)].into_iter().chain(
        [('f', Type::Float), ('l', Type::LongDouble)]
            .into_iter()
            .filter_map(|(suffix, real)| Some((name.strip_suffix(suffix)?, real))),
    );
    forms
        .into_iter()
        .find_map(|(base, real)| math_form(base, real))
}

/// `math_builtin`'s prototype of the function `base` with real type `real`.
fn math_form(base: &str, real: Type) -> Option<(Type, Vec<Type>)> {
    let pointer = |t: Type| Type::Pointer(std::rc::Rc::new(t));
    let complex = Type::Complex(std::rc::Rc::new(real.clone()));
    let long_long = Type::Int {
        size: 8,
        signed: true,
        kind: IntKind::LongLong,
    };
    let r = real.clone();
    Some(match base {
        "acos" | "asin" | "atan" | "acosh" | "asinh" | "atanh" | "cos" | "sin" | "tan" | "cosh"
        | "sinh" | "tanh" | "exp" | "exp2" | "expm1" | "log" | "log10" | "log1p" | "log2"
        | "logb" | "cbrt" | "sqrt" | "fabs" | "ceil" | "floor" | "trunc" | "round" | "rint"
        | "nearbyint" | "erf" | "erfc" | "lgamma" | "tgamma" => (r, vec![real]),
        "pow" | "fmod" | "atan2" | "copysign" | "fmin" | "fmax" | "hypot" | "remainder"
        | "fdim" | "nextafter" => (r, vec![real.clone(), real]),
        "fma" => (r, vec![real.clone(), real.clone(), real]),
        "ldexp" | "scalbn" => (r, vec![real, types::INT]),
        "scalbln" => (r, vec![real, types::LONG]),
        "frexp" => (r, vec![real, pointer(types::INT)]),
        "modf" => (r, vec![real.clone(), pointer(real)]),
        "remquo" => (r, vec![real.clone(), real, pointer(types::INT)]),
        "ilogb" => (types::INT, vec![real]),
        "lrint" | "lround" => (types::LONG, vec![real]),
        "llrint" | "llround" => (long_long, vec![real]),
        "nan" => (r, vec![pointer(types::CHAR)]),
        "cabs" | "carg" | "creal" | "cimag" => (r, vec![complex]),
        "conj" | "cproj" | "cexp" | "clog" | "csqrt" | "csin" | "ccos" | "ctan" | "casin"
        | "cacos" | "catan" | "csinh" | "ccosh" | "ctanh" | "casinh" | "cacosh" | "catanh" => {
            (complex.clone(), vec![complex])
        }
        "cpow" => (complex.clone(), vec![complex.clone(), complex]),
        _ => return None,
    })
}

/// A gcc builtin (named without `__builtin_`) that calls a libgcc
/// routine, not the function its name ends in (`__builtin_powi` calls
/// `__powidf2`, which kit's process has from libgcc_s): the routine and
/// its prototype.
pub(super) fn libgcc_builtin(base: &str) -> Option<(&'static str, FunctionType)> {
    let (routine, real) = match base {
        "powi" => ("__powidf2", Type::Double),
        "powif" => ("__powisf2", Type::Float),
        "powil" => ("__powixf2", Type::LongDouble),
        _ => return None,
    };
    let fty = FunctionType {
        ret: real.clone(),
        params: vec![real, types::INT],
        variadic: false,
        unprototyped: false,
    };
    Some((routine, fty))
}

/// The prototype of a libc function gcc also provides as `__builtin_*`.
pub(in crate::cc) fn libc_builtin(name: &str) -> Option<types::FunctionType> {
    let pointer = |t: Type| Type::Pointer(std::rc::Rc::new(t));
    let (void_p, char_p) = (pointer(Type::Void), pointer(types::CHAR));
    let int = types::INT;
    let (ret, params, variadic) = match name {
        "strlen" => (ULONG, vec![char_p], false),
        "memcpy" | "memmove" | "mempcpy" => {
            (void_p.clone(), vec![void_p.clone(), void_p, ULONG], false)
        }
        "bzero" => (Type::Void, vec![void_p, ULONG], false),
        "bcmp" => (int, vec![void_p.clone(), void_p, ULONG], false),
        "stpcpy" => (char_p.clone(), vec![char_p.clone(), char_p], false),
        "stpncpy" => (char_p.clone(), vec![char_p.clone(), char_p, ULONG], false),
        "strcasecmp" => (int, vec![char_p.clone(), char_p], false),
        "strncasecmp" => (int, vec![char_p.clone(), char_p, ULONG], false),
        "index" | "rindex" => (char_p.clone(), vec![char_p, int], false),
        "memset" => (void_p.clone(), vec![void_p, int, ULONG], false),
        "memcmp" => (int, vec![void_p.clone(), void_p, ULONG], false),
        "strcmp" => (int, vec![char_p.clone(), char_p], false),
        "strncmp" => (int, vec![char_p.clone(), char_p, ULONG], false),
        "strcpy" | "strcat" => (char_p.clone(), vec![char_p.clone(), char_p], false),
        "strncpy" | "strncat" => (char_p.clone(), vec![char_p.clone(), char_p, ULONG], false),
        "strchr" | "strrchr" => (char_p.clone(), vec![char_p, int], false),
        "strdup" => (char_p.clone(), vec![char_p], false),
        "strndup" => (char_p.clone(), vec![char_p, ULONG], false),
        "strstr" | "strpbrk" => (char_p.clone(), vec![char_p.clone(), char_p], false),
        "strspn" | "strcspn" => (ULONG, vec![char_p.clone(), char_p], false),
        "strnlen" => (ULONG, vec![char_p, ULONG], false),
        "memchr" => (void_p.clone(), vec![void_p, int, ULONG], false),
        "realloc" => (void_p.clone(), vec![void_p, ULONG], false),
        "malloc" => (void_p, vec![ULONG], false),
        "calloc" => (void_p, vec![ULONG, ULONG], false),
        "free" => (Type::Void, vec![void_p], false),
        "abort" => (Type::Void, vec![], false),
        "exit" | "_exit" => (Type::Void, vec![int], false),
        "abs" => (int.clone(), vec![int], false),
        "labs" => (types::LONG, vec![types::LONG], false),
        "llabs" => {
            let long_long = Type::Int {
                size: 8,
                signed: true,
                kind: IntKind::LongLong,
            };
            (long_long.clone(), vec![long_long], false)
        }
        "puts" => (int, vec![char_p], false),
        "putchar" => (int.clone(), vec![int], false),
        "printf" => (int, vec![char_p], true),
        "sprintf" => (int, vec![char_p.clone(), char_p], true),
        "snprintf" => (int, vec![char_p.clone(), ULONG, char_p], true),
        _ => {
            let (ret, params) = math_builtin(name)?;
            (ret, params, false)
        }
    };
    Some(types::FunctionType {
        ret,
        params,
        variadic,
        unprototyped: false,
    })
}
