//! Variadic definitions: `va_start`, `va_arg`, `va_copy`, `va_end` with
//! gcc's `va_list` layout (psABI 3.5.7), so a `va_list` built here works
//! with libc's `vprintf` family and the other way round.
//!
//! Cranelift has no varargs. A variadic function is declared with its
//! fixed parameters plus every argument register they leave free (the
//! rest of rdi..r9 as I64, the rest of xmm0..xmm7 whole, as I8X16); the
//! prologue spills those into a 176-byte register save area. Stack arguments start
//! at the frame pointer + 16 (frame pointers are always kept), after the
//! fixed parameters that went to the stack.

use cranelift_codegen::ir::{
    self, condcodes::IntCC, types as ir_types, InstBuilder, MemFlagsData, StackSlotData,
    StackSlotKind, Value,
};
use lang_c::ast::*;
use lang_c::span::Node;

use super::super::abi::{self, PassMode};
use super::super::decl::{error, Result};
use super::super::types::Type;
use super::{FnLower, Val};

/// What `va_start` needs, set up in the prologue.
#[derive(Clone, Copy)]
pub struct VaFrame {
    save_area: Value,
    gp_offset: u32,
    fp_offset: u32,
    overflow: Value,
}

const GP_END: u32 = 48;
const FP_END: u32 = 176;

impl FnLower<'_, '_> {
    /// Spills the free argument registers (the extra block parameters
    /// `extra`, integer registers first) and records where they are.
    pub(super) fn set_up_varargs(&mut self, extra: &[Value], layout: abi::VarargLayout) {
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            FP_END,
            4,
        ));
        let save_area = self.b.ins().stack_addr(ir_types::I64, slot, 0);
        let (gp, rest) = extra.split_at(6 - layout.gp_used as usize);
        for (i, v) in gp.iter().enumerate() {
            let at = 8 * (layout.gp_used as usize + i);
            self.b
                .ins()
                .store(MemFlagsData::new(), *v, save_area, at as i32);
        }
        for (j, v) in rest.iter().enumerate() {
            let at = GP_END as usize + 16 * (layout.sse_used as usize + j);
            self.b
                .ins()
                .store(MemFlagsData::new(), *v, save_area, at as i32);
        }
        let fp = self.b.ins().get_frame_pointer(ir_types::I64);
        let overflow = self.b.ins().iadd_imm_u(fp, 16 + layout.stack_bytes as i64);
        self.va = Some(VaFrame {
            save_area,
            gp_offset: 8 * layout.gp_used,
            fp_offset: GP_END + 16 * layout.sse_used,
            overflow,
        });
    }

    /// `__builtin_va_start(ap, last)`.
    pub(super) fn va_start(&mut self, args: &[Node<Expression>], offset: usize) -> Result<Val> {
        let Some(frame) = self.va else {
            return error(offset, "'va_start' used in function with fixed arguments");
        };
        let ap = self.translate_expr(&args[0])?;
        let flags = MemFlagsData::new();
        let gp = self.b.ins().iconst(ir_types::I32, frame.gp_offset as i64);
        let fp = self.b.ins().iconst(ir_types::I32, frame.fp_offset as i64);
        self.b.ins().store(flags, gp, ap.value, 0);
        self.b.ins().store(flags, fp, ap.value, 4);
        self.b.ins().store(flags, frame.overflow, ap.value, 8);
        self.b.ins().store(flags, frame.save_area, ap.value, 16);
        Ok(self.int(0, Type::Void))
    }

    /// `__builtin_va_copy(dest, src)`.
    pub(super) fn va_copy(&mut self, args: &[Node<Expression>]) -> Result<Val> {
        let dest = self.translate_expr(&args[0])?;
        let src = self.translate_expr(&args[1])?;
        self.copy(dest.value, src.value, 24);
        Ok(self.int(0, Type::Void))
    }

    /// `va_arg(ap, T)`: from the register save area while registers of
    /// T's class remain, else from the overflow area.
    pub(super) fn translate_va_arg(&mut self, v: &VaArgExpression, offset: usize) -> Result<Val> {
        self.record_sizeof_operands_in(&v.type_name, false);
        let ty = self.type_name(&v.type_name.node)?;
        let ap = self.translate_expr(&v.va_list)?.value;
        let mode =
            abi::classify(&ty).ok_or_else(|| super::err(offset, "va_arg of an incomplete type"))?;
        let (ints, floats) = match &mode {
            PassMode::Direct(t) if t.is_float() => (0, 1),
            PassMode::Direct(t) if *t == ir_types::I128 => (2, 0),
            PassMode::Direct(_) => (1, 0),
            PassMode::Eightbytes(parts) => {
                let f = parts
                    .iter()
                    .filter(|t| abi::in_vector_register(**t))
                    .count() as u32;
                (parts.len() as u32 - f, f)
            }
            PassMode::Memory { .. } | PassMode::Ignore | PassMode::X87 | PassMode::X87Pair => {
                (0, 0)
            }
        };
        let size = ty.size().unwrap_or(0);
        let flags = MemFlagsData::new();
        let done = self.b.create_block();
        self.b.append_block_param(done, ir_types::I64);
        if ints + floats > 0 {
            let gp = self.b.ins().load(ir_types::I32, flags, ap, 0);
            let fp = self.b.ins().load(ir_types::I32, flags, ap, 4);
            let gp_ok = self.b.ins().icmp_imm_u(
                IntCC::UnsignedLessThanOrEqual,
                gp,
                (GP_END - 8 * ints) as i64,
            );
            let fp_ok = self.b.ins().icmp_imm_u(
                IntCC::UnsignedLessThanOrEqual,
                fp,
                (FP_END - 16 * floats) as i64,
            );
            let fits = self.b.ins().band(gp_ok, fp_ok);
            let in_regs = self.b.create_block();
            let on_stack = self.b.create_block();
            self.b.ins().brif(fits, in_regs, &[], on_stack, &[]);
            self.b.switch_to_block(in_regs);
            self.b.seal_block(in_regs);
            let area = self.b.ins().load(ir_types::I64, flags, ap, 16);
            let parts: Vec<ir::Type> = match &mode {
                PassMode::Eightbytes(parts) => parts.clone(),
                PassMode::Direct(t) if *t == ir_types::I128 => vec![ir_types::I64; 2],
                PassMode::Direct(t) => vec![*t],
                _ => Vec::new(),
            };
            // Gather the eightbytes into a temporary in order.
            let slot = self.raw_slot(16, 16);
            let tmp = self.b.ins().stack_addr(ir_types::I64, slot, 0);
            let (mut gp_cur, mut fp_cur) = (gp, fp);
            let mut filled = 0;
            for t in &parts {
                let sse = abi::in_vector_register(*t);
                let cur = if sse { fp_cur } else { gp_cur };
                let off = self.b.ins().uextend(ir_types::I64, cur);
                let addr = self.b.ins().iadd(area, off);
                // A 16-byte vector fills its register's whole slot.
                let words = if t.is_vector() { 2 } else { 1 };
                for w in 0..words {
                    let word = self.b.ins().load(ir_types::I64, flags, addr, 8 * w);
                    self.b.ins().store(flags, word, tmp, filled);
                    filled += 8;
                }
                if sse {
                    fp_cur = self.b.ins().iadd_imm_u(fp_cur, 16);
                } else {
                    gp_cur = self.b.ins().iadd_imm_u(gp_cur, 8);
                }
            }
            self.b.ins().store(flags, gp_cur, ap, 0);
            self.b.ins().store(flags, fp_cur, ap, 4);
            self.b.ins().jump(done, &[tmp.into()]);
            self.b.switch_to_block(on_stack);
            self.b.seal_block(on_stack);
        }
        // The overflow area: aligned to 16 for over-aligned types.
        let mut addr = self.b.ins().load(ir_types::I64, flags, ap, 8);
        if ty.align() > 8 {
            addr = self.b.ins().iadd_imm_u(addr, 15);
            addr = self.b.ins().band_imm_s(addr, -16);
        }
        let next = self.b.ins().iadd_imm_u(addr, size.div_ceil(8) as i64 * 8);
        self.b.ins().store(flags, next, ap, 8);
        self.b.ins().jump(done, &[addr.into()]);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
        let at = self.b.block_params(done)[0];
        let value = self.load(at, &ty);
        if ty.in_memory() {
            // Keep a private copy: the argument area may be reused.
            let slot = self.raw_slot(size.div_ceil(8) as u32 * 8, ty.align());
            let copy = self.b.ins().stack_addr(ir_types::I64, slot, 0);
            self.copy(copy, at, size);
            return Ok(Val { value: copy, ty });
        }
        Ok(Val { value, ty })
    }
}
