//! C library math functions that gcc expands inline on x86-64, expanded
//! the same way: `sqrt` and `sqrtf` are the processor's square root (the
//! instruction glibc's own uses), and a negative argument sets errno to
//! EDOM as glibc does; `fabs`, `fabsf`, `copysign` and `copysignf` are
//! bit operations. A call is what makes a loop slow here: every floating
//! register is caller-saved, so the values live across it are spilled.
//! The EDOM store is a call too, in a cold block, of a helper that keeps
//! every register (see `set_edom_code`).
//!
//! This applies to `__builtin_sqrt` and to a call of the library's `sqrt`
//! declared with its standard prototype, not to a function of that name
//! the unit defines (gcc, without -fno-builtin, expands a call of a
//! `sqrt` defined in another file, too).

use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{types as ir_types, InstBuilder, Value};
use lang_c::ast::Expression;
use lang_c::span::Node;

use super::super::decl::Result;
use super::super::types::{FunctionType, Type};
use super::{FnLower, Val};

/// The functions expanded here, with their argument and result type.
fn expanded(name: &str) -> Option<(&'static str, Type, usize)> {
    Some(match name {
        "sqrt" => ("sqrt", Type::Double, 1),
        "sqrtf" => ("sqrtf", Type::Float, 1),
        "fabs" => ("fabs", Type::Double, 1),
        "fabsf" => ("fabsf", Type::Float, 1),
        "copysign" => ("copysign", Type::Double, 2),
        "copysignf" => ("copysignf", Type::Float, 2),
        _ => return None,
    })
}

impl FnLower<'_, '_> {
    /// `name(args)` expanded inline if it is one of the functions above,
    /// called as the C library's; None otherwise.
    pub(super) fn inline_libm(
        &mut self,
        name: &str,
        args: &[Node<Expression>],
    ) -> Result<Option<Val>> {
        let builtin = name.strip_prefix("__builtin_");
        let Some((base, ty, arity)) = expanded(builtin.unwrap_or(name)) else {
            return Ok(None);
        };
        if args.len() != arity || !self.is_library_function(base, &ty, arity, builtin.is_some()) {
            return Ok(None);
        }
        let mut values = Vec::new();
        for arg in args {
            let v = self.translate_expr(arg)?;
            values.push(self.convert(v, &ty, arg.span.start)?);
        }
        let value = match base {
            "sqrt" | "sqrtf" => self.checked_sqrt(values[0])?,
            "fabs" | "fabsf" => self.b.ins().fabs(values[0]),
            _ => self.b.ins().fcopysign(values[0], values[1]),
        };
        Ok(Some(Val { value, ty }))
    }

    /// Whether a call of `name` calls the C library's function: the unit
    /// declares it with the standard prototype (`arity` arguments of type
    /// `ty`, the same result) and does not define it. A `__builtin_` form
    /// is the library's even where nothing declares it.
    fn is_library_function(&self, name: &str, ty: &Type, arity: usize, builtin: bool) -> bool {
        // `__builtin_sqrt` is the builtin whatever `sqrt` is.
        if !self.unit.globals.contains_key(name) || (builtin && self.unit.no_builtin.covers(name)) {
            return builtin;
        }
        self.library_prototype(name).is_some_and(|f| {
            f.ret == *ty && f.params.len() == arity && f.params.iter().all(|p| p == ty)
        })
    }

    /// The prototype `name` has when the unit declares it as a function
    /// with a (non-variadic) prototype and does not define it, so that a
    /// call of it calls the C library's function of that name.
    /// None under `-fno-builtin`: the call is then the function's own.
    pub(super) fn library_prototype(&self, name: &str) -> Option<&FunctionType> {
        if self.unit.no_builtin.covers(name) {
            return None;
        }
        let global = self.unit.globals.get(name).filter(|g| !g.defined)?;
        match &global.ty {
            Type::Function(f) if !f.variadic && !f.unprototyped => Some(f),
            _ => None,
        }
    }

    /// The square root of `x`, as the library's `sqrt` computes it (the
    /// processor's instruction), and errno set to EDOM for a negative `x`
    /// as the library does, in a cold block through a helper that keeps
    /// every register.
    fn checked_sqrt(&mut self, x: Value) -> Result<Value> {
        let root = self.b.ins().sqrt(x);
        let zero = match self.b.func.dfg.value_type(x) {
            ir_types::F32 => self.b.ins().f32const(0.0),
            _ => self.b.ins().f64const(0.0),
        };
        let negative = self.b.ins().fcmp(FloatCC::LessThan, x, zero);
        let helper = self.unit.set_edom_helper()?;
        self.call_keeping_helper_if(negative, helper);
        Ok(root)
    }
}

/// The machine code of `__kit_set_edom` (`errno = EDOM` keeping every
/// register: called with Cranelift's PreserveAll convention, it lets the
/// caller keep its values in registers across the call), and the offset
/// of its call's 32-bit displacement to `__errno_location`. It saves what
/// a System V call may change (rax, rcx, rdx, rsi, rdi, r8 to r11, xmm0
/// to xmm15), calls, stores EDOM, and restores them.
pub fn set_edom_code() -> (Vec<u8>, u32) {
    const SAVED: [u8; 9] = [0, 1, 2, 6, 7, 8, 9, 10, 11];
    const EDOM: u8 = 33;
    let mut code = Vec::new();
    for r in SAVED {
        if r >= 8 {
            code.push(0x41); // REX.B
        }
        code.push(0x50 + (r & 7)); // push r
    }
    code.extend([0x48, 0x81, 0xec, 0x00, 0x01, 0x00, 0x00]); // sub rsp, 256
    let movdqu = |code: &mut Vec<u8>, opcode: u8, xmm: u8| {
        // movdqu [rsp + 16 * xmm], xmm (opcode 0x7f) or back (0x6f)
        code.push(0xf3);
        if xmm >= 8 {
            code.push(0x44); // REX.R
        }
        code.extend([0x0f, opcode, 0x84 | (xmm & 7) << 3, 0x24]);
        code.extend(u32::from(xmm * 16).to_le_bytes());
    };
    for xmm in 0..16 {
        movdqu(&mut code, 0x7f, xmm);
    }
    code.push(0xe8); // call rel32
    let call_at = code.len() as u32;
    code.extend([0, 0, 0, 0]);
    code.extend([0xc7, 0x00, EDOM, 0, 0, 0]); // mov dword [rax], EDOM
    for xmm in 0..16 {
        movdqu(&mut code, 0x6f, xmm);
    }
    code.extend([0x48, 0x81, 0xc4, 0x00, 0x01, 0x00, 0x00]); // add rsp, 256
    for r in SAVED.into_iter().rev() {
        if r >= 8 {
            code.push(0x41);
        }
        code.push(0x58 + (r & 7)); // pop r
    }
    code.push(0xc3); // ret
    (code, call_at)
}
