//! Variable-length arrays. Cranelift cannot grow a frame at run time, so
//! a VLA's storage comes from kit's runtime (`run/vla.rs`): each function
//! with VLAs has a frame pointer slot, each VLA declaration a site number,
//! and `__kit_vla_alloc(&frame, site, bytes)` returns that site's buffer,
//! reused while it is big enough. Re-entering a declaration (a loop) so
//! takes no more memory than its largest size, as a stack would; every
//! return goes through one exit block that calls `__kit_vla_free(&frame)`.
//! A longjmp out of the function leaves its frame to the runtime, which
//! releases it when a later call opens or closes one (run/vla.rs).

use cranelift_codegen::ir::{self, types as ir_types, InstBuilder};
use lang_c::ast::*;
use lang_c::span::Node;

use super::super::decl::{self, error, Result};
use super::super::types::{self, Type};
use super::{FnLower, Local, Place, Val};

/// What a function body may need VLA storage for.
#[derive(Default)]
struct LengthNames {
    /// The identifiers that array lengths of local declarations use
    /// outside `sizeof`/`_Alignof`.
    names: Vec<String>,
    /// Whether the body calls `alloca`.
    alloca: bool,
    /// Whether it takes `typeof` of an expression (which may have a
    /// parameter's type of run-time length).
    typeof_expression: bool,
}

impl<'a> lang_c::visit::Visit<'a> for LengthNames {
    fn visit_init_declarator(&mut self, d: &'a InitDeclarator, span: &'a lang_c::span::Span) {
        self.lengths_of(&d.declarator.node);
        lang_c::visit::visit_init_declarator(self, d, span);
    }

    /// `typeof(int[n]) a;` declares a VLA too.
    fn visit_type_of(&mut self, t: &'a TypeOf, span: &'a lang_c::span::Span) {
        match t {
            TypeOf::Type(name) => {
                if let Some(d) = &name.node.declarator {
                    self.lengths_of(&d.node);
                }
            }
            TypeOf::Expression(_) => self.typeof_expression = true,
        }
        lang_c::visit::visit_type_of(self, t, span);
    }

    fn visit_call_expression(&mut self, c: &'a CallExpression, span: &'a lang_c::span::Span) {
        if let Expression::Identifier(id) = &c.callee.node {
            let name = id.node.name.as_str();
            self.alloca |= is_alloca(name) || name == "__builtin_alloca_with_align";
        }
        lang_c::visit::visit_call_expression(self, c, span);
    }
}

impl LengthNames {
    /// Notes the identifiers the array lengths of `d` use.
    fn lengths_of(&mut self, d: &Declarator) {
        for length in decl::array_lengths(d) {
            let mut inside = LengthIdentifiers(Vec::new());
            lang_c::visit::Visit::visit_expression(&mut inside, &length.node, &length.span);
            self.names.extend(inside.0);
        }
    }
}

/// `alloca` as glibc's <alloca.h> spells it, or called directly.
pub(super) fn is_alloca(name: &str) -> bool {
    matches!(name, "__builtin_alloca" | "alloca")
}

struct LengthIdentifiers(Vec<String>);

impl<'a> lang_c::visit::Visit<'a> for LengthIdentifiers {
    fn visit_identifier(&mut self, id: &'a Identifier, _: &'a lang_c::span::Span) {
        self.0.push(id.name.clone());
    }
    fn visit_sizeofval(&mut self, _: &'a SizeOfVal, _: &'a lang_c::span::Span) {}
    fn visit_sizeofty(&mut self, _: &'a SizeOfTy, _: &'a lang_c::span::Span) {}
}

impl FnLower<'_, '_> {
    /// The size in bytes of `ty` when it holds a run-time length (an
    /// inner VLA dimension); None for a type of constant size.
    pub(super) fn runtime_size(&mut self, ty: &Type) -> Option<ir::Value> {
        match ty {
            Type::Vla(elem, id) => {
                let slot = self.vla_lengths[*id as usize];
                let count = self
                    .b
                    .ins()
                    .stack_load(ir_types::I64, ir_types::I64, slot, 0);
                let each = match self.runtime_size(elem) {
                    Some(each) => each,
                    None => self
                        .b
                        .ins()
                        .iconst(ir_types::I64, elem.size().unwrap_or(0) as i64),
                };
                Some(self.b.ins().imul(count, each))
            }
            Type::Array(elem, Some(n)) => {
                let each = self.runtime_size(elem)?;
                Some(self.b.ins().imul_imm_s(each, *n as i64))
            }
            _ => None,
        }
    }

    /// Sets up the frame slot and the exit block when `body` declares a
    /// VLA (an array whose outermost length is not a constant), or may
    /// (`typeof(row) copy;` when a parameter's type has a run-time
    /// length; `parameters` are their declarators).
    pub(super) fn prepare_vlas(
        &mut self,
        body: &Node<Statement>,
        parameters: &[Option<&Node<Declarator>>],
    ) -> Result<()> {
        let mut found = LengthNames::default();
        lang_c::visit::Visit::visit_statement(&mut found, &body.node, &body.span);
        // A length naming anything but an enumeration constant (outside
        // sizeof, which is constant for every type but a VLA) may vary.
        let has_vla = found
            .names
            .iter()
            .any(|name| self.unit.scopes.constant(name).is_none());
        let may_declare_vla = has_vla
            || found.alloca
            || (found.typeof_expression
                && parameters
                    .iter()
                    .flatten()
                    .any(|d| self.has_runtime_length(&d.node)));
        if !may_declare_vla {
            return Ok(());
        }
        let frame = self.slot(&types::ULONG, body.span.start)?;
        let null = self.b.ins().iconst(ir_types::I64, 0);
        self.b.ins().stack_store(ir_types::I64, null, frame, 0);
        self.vla_frame = Some(frame);
        let exit = self.b.create_block();
        let returns: Vec<ir::Type> = self
            .b
            .func
            .signature
            .returns
            .iter()
            .map(|r| r.value_type)
            .collect();
        for t in returns {
            self.b.append_block_param(exit, t);
        }
        self.vla_exit = Some(exit);
        Ok(())
    }

    /// `alloca(bytes)`: memory from kit's runtime, released with the
    /// function's VLA buffers when it returns (Cranelift cannot grow a
    /// frame).
    pub(super) fn alloca(&mut self, args: &[Node<Expression>], offset: usize) -> Result<Val> {
        let [bytes] = args else {
            return error(offset, "wrong number of arguments to function 'alloca'");
        };
        let Some(frame) = self.vla_frame else {
            return error(offset, "alloca outside a function body");
        };
        let bytes = self.length_value(bytes)?;
        let frame_addr = self.b.ins().stack_addr(ir_types::I64, frame, 0);
        let address =
            self.call_runtime("__kit_alloca", &[frame_addr, bytes], Some(ir_types::I64))?;
        Ok(Val {
            value: address.expect("a result"),
            ty: Type::Pointer(std::rc::Rc::new(Type::Void)),
        })
    }

    /// `__builtin_alloca_with_align(bytes, bits)`: `alloca`'s memory at
    /// a multiple of `bits / 8` bytes, a constant power of 2 (kit's
    /// runtime gives 16; more is had by asking for more and rounding up).
    pub(super) fn alloca_with_align(
        &mut self,
        bytes: &Node<Expression>,
        bits: &Node<Expression>,
        offset: usize,
    ) -> Result<Val> {
        let align = self
            .constant_expr(bits)
            .ok()
            .filter(|b| *b >= 8 && (*b as u64).is_power_of_two());
        let Some(align) = align.map(|b| b as u64 / 8) else {
            return error(
                bits.span.start,
                "second argument to function '__builtin_alloca_with_align' must be a constant integer power of 2 at least __CHAR_BIT__",
            );
        };
        let extra = align.saturating_sub(16);
        let Some(frame) = self.vla_frame else {
            return error(offset, "alloca outside a function body");
        };
        let bytes = self.length_value(bytes)?;
        let padded = self.b.ins().iadd_imm_u(bytes, extra as i64);
        let frame_addr = self.b.ins().stack_addr(ir_types::I64, frame, 0);
        let address = self
            .call_runtime("__kit_alloca", &[frame_addr, padded], Some(ir_types::I64))?
            .expect("a result");
        let rounded = self.b.ins().iadd_imm_u(address, extra as i64);
        let value = self.b.ins().band_imm_s(rounded, -(align.max(16) as i64));
        Ok(Val {
            value,
            ty: Type::Pointer(std::rc::Rc::new(Type::Void)),
        })
    }

    /// Whether a local array declarator has a length that is not a
    /// constant expression, at any dimension.
    pub(super) fn has_runtime_length(&mut self, d: &Declarator) -> bool {
        self.unit.scopes.open_runtime_lengths(d).is_some()
    }

    /// `T name[l0][l1]...` with a run-time length at some dimension: the
    /// storage comes from kit's runtime; inner run-time lengths become
    /// `Type::Vla` dimensions whose lengths live in slots.
    pub(super) fn declare_vla(
        &mut self,
        init: &InitDeclarator,
        base: Type,
        readonly: u64,
        declaration: usize,
    ) -> Result<()> {
        let at = init.declarator.span.start;
        if init.initializer.is_some() {
            return error(declaration, "variable-sized object may not be initialized");
        }
        let (open, lengths) = self
            .unit
            .scopes
            .open_runtime_lengths(&init.declarator.node)
            .expect("a declarator with a run-time length");
        let (name, ty) = self.unit.scopes.declarator(&open, base)?;
        let (Some(name), Type::Array(elem, outer)) = (name, &ty) else {
            return error(at, "variable-length array without a name");
        };
        let elem = self.with_runtime_lengths(elem, &lengths[1..])?;
        let count = match lengths[0] {
            Some(length) => self.length_value(length)?,
            None => self
                .b
                .ins()
                .iconst(ir_types::I64, outer.unwrap_or(0) as i64),
        };
        let bytes = self.scale(count, Some(&elem));
        let ty = self.vla_type(elem, count, at)?;
        self.allocate_vla(name, ty, bytes, readonly, at)
    }

    /// The array type of `count` elements of `elem`, its length held in
    /// a slot, so that `&a`, `typeof(a)` and `*&a` keep it.
    fn vla_type(&mut self, elem: Type, count: ir::Value, at: usize) -> Result<Type> {
        let slot = self.slot(&types::ULONG, at)?;
        self.b.ins().stack_store(ir_types::I64, count, slot, 0);
        self.vla_lengths.push(slot);
        Ok(Type::Vla(
            std::rc::Rc::new(elem),
            self.vla_lengths.len() as u32 - 1,
        ))
    }

    /// Binds `name` to a fresh run-time buffer of `bytes` holding an array
    /// of type `ty`.
    fn allocate_vla(
        &mut self,
        name: String,
        ty: Type,
        bytes: ir::Value,
        readonly: u64,
        at: usize,
    ) -> Result<()> {
        let Some(frame) = self.vla_frame else {
            return error(at, "variable-length array outside a function body");
        };
        let frame_addr = self.b.ins().stack_addr(ir_types::I64, frame, 0);
        let site = self
            .b
            .ins()
            .iconst(ir_types::I32, i64::from(self.vla_sites));
        self.vla_sites += 1;
        let pointer_value = self
            .call_runtime(
                "__kit_vla_alloc",
                &[frame_addr, site, bytes],
                Some(ir_types::I64),
            )?
            .expect("a result");
        let pointer = self.slot(&types::ULONG, at)?;
        let size = self.slot(&types::ULONG, at)?;
        self.b
            .ins()
            .stack_store(ir_types::I64, pointer_value, pointer, 0);
        self.b.ins().stack_store(ir_types::I64, bytes, size, 0);
        self.scopes.last_mut().expect("scope").insert(
            name,
            Local {
                place: Place::Vla {
                    pointer,
                    bytes: size,
                },
                ty,
                readonly,
                register: false,
            },
        );
        Ok(())
    }

    /// A type name in a function body (of a cast, `sizeof`, `_Alignof`),
    /// whose array lengths may be run-time values: `sizeof(int[n])`,
    /// `(int (*)[n])p`.
    pub(super) fn type_name(&mut self, t: &TypeName) -> Result<Type> {
        self.resolve_typeof_type_names(&t.specifiers)?;
        let Some(d) = &t.declarator else {
            return self.unit.scopes.type_name(t);
        };
        if !self.has_runtime_length(&d.node) {
            return self.unit.scopes.type_name(t);
        }
        let base = self.unit.scopes.qualifiers(&t.specifiers)?;
        Ok(self.runtime_type(&d.node, base)?.1)
    }

    /// Whether the type name `t` has a run-time length, in its declarator
    /// or in a `typeof` of a type name, which `type_name` evaluates.
    pub(super) fn has_runtime_length_in(&mut self, t: &TypeName) -> bool {
        let typeof_names = t.specifiers.iter().any(|s| {
            matches!(&s.node, SpecifierQualifier::TypeSpecifier(t)
                if matches!(&t.node, TypeSpecifier::TypeOf(of)
                    if matches!(&of.node, TypeOf::Type(name) if self.has_runtime_length_in(&name.node))))
        });
        typeof_names
            || t.declarator
                .as_ref()
                .is_some_and(|d| self.has_runtime_length(&d.node))
    }

    /// The type names in `typeof` among `specifiers`, their run-time
    /// lengths evaluated now (`(typeof(int (*)[n++]))p`), for the type
    /// builder to find (`Scopes::typeof_types`).
    pub(super) fn resolve_typeof_type_names(
        &mut self,
        specifiers: &[Node<SpecifierQualifier>],
    ) -> Result<()> {
        for specifier in specifiers {
            if let SpecifierQualifier::TypeSpecifier(t) = &specifier.node {
                self.resolve_typeof_type_name(&t.node)?;
            }
        }
        Ok(())
    }

    /// `typeof(int[n])`: the type, its lengths evaluated now, once, as a
    /// declarator's are.
    pub(super) fn resolve_typeof_type_name(&mut self, t: &TypeSpecifier) -> Result<()> {
        if let TypeSpecifier::TypeOf(of) = t {
            if let TypeOf::Type(name) = &of.node {
                let ty = self.type_name(&name.node)?;
                self.unit.scopes.typeof_types.insert(name.span.start, ty);
            }
        }
        Ok(())
    }

    /// An object whose type has a run-time size through a typedef
    /// (`vla_type a;`, `vla_type a[3];`): its storage, as for a VLA.
    /// Returns false for a type of constant size.
    pub(super) fn declare_sized_at_run_time(
        &mut self,
        name: &str,
        ty: &Type,
        readonly: u64,
        at: usize,
    ) -> Result<bool> {
        let Some(bytes) = self.runtime_size(ty) else {
            return Ok(false);
        };
        if !matches!(ty, Type::Vla(..) | Type::Array(..)) {
            return Ok(false);
        }
        self.allocate_vla(name.to_owned(), ty.clone(), bytes, readonly, at)?;
        Ok(true)
    }

    /// `ty` (the element type below one dimension) with its dimensions
    /// whose `lengths` are run-time expressions made `Type::Vla`, their
    /// lengths evaluated now into slots.
    fn with_runtime_lengths(
        &mut self,
        ty: &Type,
        lengths: &[Option<&Node<Expression>>],
    ) -> Result<Type> {
        let Some((first, rest)) = lengths.split_first() else {
            return Ok(ty.clone());
        };
        let Type::Array(elem, length) = ty else {
            return Ok(ty.clone());
        };
        let elem = std::rc::Rc::new(self.with_runtime_lengths(elem, rest)?);
        let Some(expression) = first else {
            return Ok(Type::Array(elem, *length));
        };
        let value = self.length_value(expression)?;
        let slot = self.slot(&types::ULONG, expression.span.start)?;
        self.b.ins().stack_store(ir_types::I64, value, slot, 0);
        self.vla_lengths.push(slot);
        Ok(Type::Vla(elem, self.vla_lengths.len() as u32 - 1))
    }

    /// The type a declarator with run-time lengths gives, the lengths
    /// evaluated now, once (6.7.8p3): an array (`int a[n]` in a typedef
    /// or a type name) or a pointer to one (`T (*p)[n]...`).
    pub(super) fn runtime_type(
        &mut self,
        d: &Declarator,
        base: Type,
    ) -> Result<(Option<String>, Type)> {
        let (open, lengths) = self
            .unit
            .scopes
            .open_runtime_lengths(d)
            .expect("a declarator with a run-time length");
        let (name, ty) = self.unit.scopes.declarator(&open, base)?;
        let depth = decl::pointer_to_array(d).unwrap_or(0);
        Ok((name, self.rebuild_pointed(&ty, depth, &lengths)?))
    }

    fn rebuild_pointed(
        &mut self,
        ty: &Type,
        depth: usize,
        lengths: &[Option<&Node<Expression>>],
    ) -> Result<Type> {
        match (depth, ty) {
            (0, _) => self.with_runtime_lengths(ty, lengths),
            (_, Type::Pointer(inner)) => Ok(Type::Pointer(std::rc::Rc::new(
                self.rebuild_pointed(inner, depth - 1, lengths)?,
            ))),
            _ => Ok(ty.clone()),
        }
    }

    /// An array length evaluated as a `size_t`.
    fn length_value(&mut self, length: &Node<Expression>) -> Result<ir::Value> {
        let count = self.translate_expr(length)?;
        if !count.ty.is_integer() {
            return error(length.span.start, "size of array has non-integer type");
        }
        self.convert(count, &types::ULONG, length.span.start)
    }

    /// A parameter declared with inner run-time lengths (`int m[][n]`,
    /// `int m[r][c]`) gets them now, at function entry: its pointer type
    /// points to `Type::Vla` rows.
    pub(super) fn give_parameter_lengths(&mut self, name: &str, d: &Declarator) -> Result<()> {
        // The outer length goes with the adjustment to a pointer, but it
        // is evaluated too (C11 6.9.1p10): `int a[n++]` increments n.
        if let Some(outer) = decl::outer_length(d) {
            if self.unit.scopes.constant_expr(outer).is_err() {
                self.translate_expr(outer)?;
            }
        }
        let outer_open = decl::without_outer_length(d);
        let d = outer_open.as_ref().unwrap_or(d);
        let Some((_, lengths)) = self.unit.scopes.open_runtime_lengths(d) else {
            return Ok(());
        };
        let Some(Type::Pointer(row)) = self.lookup(name).map(|l| l.ty.clone()) else {
            return Ok(());
        };
        // `int g[][n]` lost its outer dimension to the pointer; `int
        // (*g)[n]` has none to lose.
        let inner = if decl::pointer_to_array(d).is_some() {
            &lengths[..]
        } else {
            &lengths[1..]
        };
        let row = self.with_runtime_lengths(&row, inner)?;
        if let Some(local) = self.scopes.last_mut().and_then(|s| s.get_mut(name)) {
            local.ty = Type::Pointer(std::rc::Rc::new(row));
        }
        Ok(())
    }

    /// An unnamed parameter's run-time lengths (`int [n++]`, C2x) are
    /// evaluated at function entry too (6.9.1p10), for their effects.
    pub(super) fn evaluate_lengths(&mut self, d: &Declarator) -> Result<()> {
        for length in decl::array_lengths(d) {
            if self.unit.scopes.constant_expr(length).is_err() {
                self.translate_expr(length)?;
            }
        }
        Ok(())
    }

    /// Returns `values` after the `cleanup` attribute's calls of every
    /// open block (see cleanup.rs).
    pub(super) fn ret(&mut self, values: &[ir::Value]) {
        self.leave_blocks(0);
        self.return_now(values);
    }

    /// Returns `values`, through the VLA exit block when there is one.
    pub(super) fn return_now(&mut self, values: &[ir::Value]) {
        match self.vla_exit {
            Some(exit) => {
                let args: Vec<ir::BlockArg> =
                    values.iter().map(|v| ir::BlockArg::Value(*v)).collect();
                self.b.ins().jump(exit, &args);
            }
            None => {
                self.b.ins().return_(values);
            }
        }
    }

    /// The exit block: release the function's VLA buffers, then return.
    pub(super) fn fill_vla_exit(&mut self) -> Result<()> {
        let (Some(exit), Some(frame)) = (self.vla_exit, self.vla_frame) else {
            return Ok(());
        };
        self.b.switch_to_block(exit);
        let values = self.b.block_params(exit).to_vec();
        let frame_addr = self.b.ins().stack_addr(ir_types::I64, frame, 0);
        self.call_runtime("__kit_vla_free", &[frame_addr], None)?;
        self.b.ins().return_(&values);
        Ok(())
    }
}
