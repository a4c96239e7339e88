//! `memcpy` and `memmove` of a small constant size, expanded inline as gcc
//! expands them: loads and stores instead of a call. Portable C reads
//! unaligned or type-punned values with `memcpy(&v, p, sizeof v)` (zstd,
//! lz4, xxhash and SQLite all do), and a call there costs more than the
//! copy and makes every value live across it spill.
//!
//! This applies to `__builtin_memcpy` and `__builtin_memmove` always (gcc
//! never calls the program's function for a small constant size, even one
//! the unit defines), and to a call of the library's `memcpy` or `memmove`
//! that the unit declares with the standard prototype and does not define.

use lang_c::ast::Expression;
use lang_c::span::Node;

use super::super::decl::Result;
use super::super::types::Type;
use super::{FnLower, Val, INLINE_COPY};

impl FnLower<'_, '_> {
    /// `name(args)` expanded inline when it is such a copy; None otherwise.
    pub(super) fn inline_memcopy(
        &mut self,
        name: &str,
        args: &[Node<Expression>],
    ) -> Result<Option<Val>> {
        let builtin = name.strip_prefix("__builtin_");
        let base = builtin.unwrap_or(name);
        if !matches!(base, "memcpy" | "memmove") || args.len() != 3 {
            return Ok(None);
        }
        if builtin.is_none() && !self.is_library_copy(base) {
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
        let src = self.translate_expr(&args[1])?;
        let src = self.convert(src, &void_p, args[1].span.start)?;
        // Every load comes before the first store, so an overlapping
        // memmove copies what was there.
        self.copy_inline(dest, src, size);
        Ok(Some(Val {
            value: dest,
            ty: void_p,
        }))
    }

    /// Whether the unit declares `name` as the library's copy (`void
    /// *(void *, const void *, size_t)`) and does not define it.
    fn is_library_copy(&self, name: &str) -> bool {
        let Some(global) = self.unit.globals.get(name) else {
            return false;
        };
        let Type::Function(f) = &global.ty else {
            return false;
        };
        !global.defined
            && !f.variadic
            && !f.unprototyped
            && matches!(f.ret, Type::Pointer(_))
            && matches!(
                f.params.as_slice(),
                [Type::Pointer(_), Type::Pointer(_), size] if size.is_integer() && size.size() == Some(8)
            )
    }
}
