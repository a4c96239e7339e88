//! `memcpy`, `memmove` and `memset` of a small constant size, expanded
//! inline as gcc expands them: loads and stores instead of a call.
//! Portable C reads unaligned or type-punned values with `memcpy(&v, p,
//! sizeof v)` (zstd, lz4, xxhash and SQLite all do) and clears structs
//! with `memset(&s, 0, sizeof s)`; a call there costs more than the work
//! and makes every value live across it spill.
//!
//! This applies to the `__builtin_` forms always (gcc never calls the
//! program's function for a small constant size, even one the unit
//! defines), and to calls of the library's functions that the unit
//! declares with the standard prototype and does not define.

use lang_c::ast::Expression;
use lang_c::span::Node;

use super::super::decl::Result;
use super::super::types::{self, Type};
use super::{FnLower, Val, INLINE_COPY};
use cranelift_codegen::ir::{types as ir_types, InstBuilder};

impl FnLower<'_, '_> {
    /// `name(args)` expanded inline when it is such a copy or fill; None
    /// otherwise.
    pub(super) fn inline_small_memory(
        &mut self,
        name: &str,
        args: &[Node<Expression>],
    ) -> Result<Option<Val>> {
        let builtin = name.strip_prefix("__builtin_");
        let base = builtin.unwrap_or(name);
        if !matches!(base, "memcpy" | "memmove" | "memset") || args.len() != 3 {
            return Ok(None);
        }
        if builtin.is_none() && !self.is_library_function_of(base) {
            return Ok(None);
        }
        let Some(size) = self
            .constant_expr(&args[2])
            .ok()
            .and_then(|n| u64::try_from(n).ok())
            .filter(|&n| n <= INLINE_COPY)
        else {
            return Ok(None);
        };
        let void_p = Type::Pointer(std::rc::Rc::new(Type::Void));
        let dest = self.translate_expr(&args[0])?;
        let dest = self.convert(dest, &void_p, args[0].span.start)?;
        if base == "memset" {
            let known = self.constant_expr(&args[1]).ok().map(|c| c as u8);
            let fill = self.translate_expr(&args[1])?;
            let fill = self.convert(fill, &types::INT, args[1].span.start)?;
            let byte = self.b.ins().ireduce(ir_types::I8, fill);
            self.fill_inline(dest, byte, known, size);
        } else {
            let src = self.translate_expr(&args[1])?;
            let src = self.convert(src, &void_p, args[1].span.start)?;
            // Every load comes before the first store, so an overlapping
            // memmove copies what was there.
            self.copy_inline(dest, src, size);
        }
        Ok(Some(Val {
            value: dest,
            ty: void_p,
        }))
    }

    /// Whether the unit declares `name` with the library's prototype
    /// (`void *(void *, const void *, size_t)`, or `int` as the second
    /// parameter of `memset`) and does not define it.
    fn is_library_function_of(&self, name: &str) -> bool {
        self.library_prototype(name).is_some_and(|f| {
            matches!(f.ret, Type::Pointer(_))
                && match f.params.as_slice() {
                    [Type::Pointer(_), second, size]
                        if size.is_integer() && size.size() == Some(8) =>
                    {
                        if name == "memset" {
                            second.is_integer()
                        } else {
                            matches!(second, Type::Pointer(_))
                        }
                    }
                    _ => false,
                }
        })
    }
}
