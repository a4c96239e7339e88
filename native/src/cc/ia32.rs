//! The `__builtin_ia32_*` functions behind kit's <xmmintrin.h> and
//! <emmintrin.h> (native/include/), with gcc's names and signatures. The
//! headers are C over GNU vectors; these are what C cannot say: fences,
//! `pause`, a cache-line flush, the MXCSR register, the time-stamp
//! counter, the reciprocal approximations, whose bits are the processor's
//! own (Intel's and AMD's differ), and square roots that leave errno
//! alone (C's `sqrt` may set it). Each is a small leaf of raw machine
//! code (the assembly, Intel syntax, beside it), defined in the object on
//! first use and called with the System V convention; a vector travels by
//! address and is replaced in place. The sign masks (`pmovmskb`,
//! `movmskps`, `movmskpd`) are Cranelift's `vhigh_bits`, inline.

use cranelift_codegen::ir::{types as ir_types, InstBuilder, Type as IrType};
use lang_c::ast::Expression;
use lang_c::span::Node;

use super::super::decl::{error, Result};
use super::super::types::{self, Type};
use super::builtins::check_arity;
use super::{FnLower, Val};

/// One builtin: its name after `__builtin_ia32_`, what it takes and
/// gives, and its code.
struct Builtin {
    name: &'static str,
    shape: Shape,
    code: &'static [u8],
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// `void f(void)`.
    Nothing,
    /// `void f(const void *)`.
    Pointer,
    /// `unsigned f(void)`.
    ReadsWord,
    /// `void f(unsigned)`.
    WritesWord,
    /// `unsigned long long f(void)`.
    ReadsQuad,
    /// `__v4sf f(__v4sf)`: the code rewrites the 16 bytes at rdi.
    FourFloats,
    /// `__v2df f(__v2df)`, in the same way.
    TwoDoubles,
}

const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "pause",
        shape: Shape::Nothing,
        code: &[0xf3, 0x90, 0xc3], // pause; ret
    },
    Builtin {
        name: "lfence",
        shape: Shape::Nothing,
        code: &[0x0f, 0xae, 0xe8, 0xc3], // lfence; ret
    },
    Builtin {
        name: "sfence",
        shape: Shape::Nothing,
        code: &[0x0f, 0xae, 0xf8, 0xc3], // sfence; ret
    },
    Builtin {
        name: "mfence",
        shape: Shape::Nothing,
        code: &[0x0f, 0xae, 0xf0, 0xc3], // mfence; ret
    },
    Builtin {
        name: "clflush",
        shape: Shape::Pointer,
        code: &[0x0f, 0xae, 0x3f, 0xc3], // clflush [rdi]; ret
    },
    Builtin {
        name: "stmxcsr",
        shape: Shape::ReadsWord,
        code: &[
            0x0f, 0xae, 0x5c, 0x24, 0xfc, // stmxcsr [rsp-4]
            0x8b, 0x44, 0x24, 0xfc, // mov eax, [rsp-4]
            0xc3, // ret
        ],
    },
    Builtin {
        name: "ldmxcsr",
        shape: Shape::WritesWord,
        code: &[
            0x89, 0x7c, 0x24, 0xfc, // mov [rsp-4], edi
            0x0f, 0xae, 0x54, 0x24, 0xfc, // ldmxcsr [rsp-4]
            0xc3, // ret
        ],
    },
    Builtin {
        name: "rdtsc",
        shape: Shape::ReadsQuad,
        code: &[
            0x0f, 0x31, // rdtsc
            0x48, 0xc1, 0xe2, 0x20, // shl rdx, 32
            0x48, 0x09, 0xd0, // or rax, rdx
            0xc3, // ret
        ],
    },
    Builtin {
        name: "rcpps",
        shape: Shape::FourFloats,
        code: &[
            0x0f, 0x53, 0x07, // rcpps xmm0, [rdi]
            0x0f, 0x11, 0x07, // movups [rdi], xmm0
            0xc3, // ret
        ],
    },
    Builtin {
        name: "sqrtps",
        shape: Shape::FourFloats,
        code: &[
            0x0f, 0x51, 0x07, // sqrtps xmm0, [rdi]
            0x0f, 0x11, 0x07, // movups [rdi], xmm0
            0xc3, // ret
        ],
    },
    Builtin {
        name: "sqrtpd",
        shape: Shape::TwoDoubles,
        code: &[
            0x66, 0x0f, 0x51, 0x07, // sqrtpd xmm0, [rdi]
            0x0f, 0x11, 0x07, // movups [rdi], xmm0
            0xc3, // ret
        ],
    },
    Builtin {
        name: "rsqrtps",
        shape: Shape::FourFloats,
        code: &[
            0x0f, 0x52, 0x07, // rsqrtps xmm0, [rdi]
            0x0f, 0x11, 0x07, // movups [rdi], xmm0
            0xc3, // ret
        ],
    },
];

/// The sign-mask builtins (`pmovmskb`, `movmskps`, `movmskpd`), which
/// Cranelift has an instruction for: each with the SIMD type whose lanes'
/// sign bits it gathers into an `int`.
const SIGN_MASKS: &[(&str, IrType)] = &[
    ("pmovmskb128", ir_types::I8X16),
    ("movmskps", ir_types::I32X4),
    ("movmskpd", ir_types::I64X2),
];

/// The builtins' names after `__builtin_ia32_`.
pub(super) fn names() -> impl Iterator<Item = &'static str> {
    BUILTINS
        .iter()
        .map(|b| b.name)
        .chain(SIGN_MASKS.iter().map(|(name, _)| *name))
}

impl Shape {
    fn params(self) -> &'static [IrType] {
        match self {
            Shape::Nothing | Shape::ReadsWord | Shape::ReadsQuad => &[],
            Shape::Pointer | Shape::FourFloats | Shape::TwoDoubles => &[ir_types::I64],
            Shape::WritesWord => &[ir_types::I32],
        }
    }

    /// The result's C type, if any (a vector comes back in place).
    fn result(self) -> Option<Type> {
        match self {
            Shape::ReadsWord => Some(unsigned(4)),
            Shape::ReadsQuad => Some(unsigned(8)),
            _ => None,
        }
    }
}

impl FnLower<'_, '_> {
    /// Lowers `__builtin_ia32_{base}(args)`; an error if kit has no such
    /// builtin.
    pub(super) fn ia32_builtin(
        &mut self,
        base: &str,
        args: &[Node<Expression>],
        offset: usize,
    ) -> Result<Val> {
        let name = format!("__builtin_{base}");
        let short = base.strip_prefix("ia32_").unwrap_or(base);
        if let Some((_, simd)) = SIGN_MASKS.iter().find(|(n, _)| *n == short) {
            check_arity(&name, args, 1, offset)?;
            return self.sign_mask(&name, &args[0], *simd);
        }
        let Some(builtin) = BUILTINS.iter().find(|x| x.name == short) else {
            return error(offset, format!("'{name}' is not supported"));
        };
        let arity = usize::from(builtin.shape.params().len() == 1);
        check_arity(&name, args, arity, offset)?;
        let symbol = format!("__kit_ia32_{}", builtin.name);
        let shape = builtin.shape;
        let result_ty = shape.result();
        let ir_result = result_ty.as_ref().and_then(Type::ir);
        let id = self
            .unit
            .machine_helper(&symbol, shape.params(), ir_result, builtin.code)?;
        let helper = self.func_ref(id);
        let (arg, vector) = match shape {
            Shape::Nothing | Shape::ReadsWord | Shape::ReadsQuad => (None, None),
            Shape::Pointer => {
                let pointer = self.translate_expr(&args[0])?;
                if !pointer.ty.decay().is_pointer() {
                    return incompatible(&name, &args[0]);
                }
                (Some(pointer.value), None)
            }
            Shape::WritesWord => {
                let word = self.translate_expr(&args[0])?;
                (Some(self.convert(word, &unsigned(4), offset)?), None)
            }
            Shape::FourFloats | Shape::TwoDoubles => {
                let vector = self.translate_expr(&args[0])?;
                let ty = vector.ty.decay();
                let lanes = match shape {
                    Shape::FourFloats => (Type::Float, 4),
                    _ => (Type::Double, 2),
                };
                if !matches!(&ty, Type::Vector(lane, n) if (**lane).clone() == lanes.0 && *n == lanes.1)
                {
                    return incompatible(&name, &args[0]);
                }
                let copy = self.slot(&ty, offset)?;
                let copy = self.slot_address(copy);
                self.copy(copy, vector.value, 16);
                (Some(copy), Some(Val { value: copy, ty }))
            }
        };
        let call = self.b.ins().call(helper, arg.as_slice());
        Ok(match (vector, result_ty) {
            (Some(vector), _) => vector,
            (None, Some(ty)) => Val {
                value: self.b.inst_results(call)[0],
                ty,
            },
            (None, None) => self.int(0, Type::Void),
        })
    }

    /// The sign bits of the lanes of the 16-byte vector `arg`, read as
    /// `simd`, gathered into an `int` (bit i from lane i).
    fn sign_mask(&mut self, name: &str, arg: &Node<Expression>, simd: IrType) -> Result<Val> {
        let vector = self.translate_expr(arg)?;
        let ty = vector.ty.decay();
        if !ty.is_vector() || ty.size() != Some(16) {
            return incompatible(name, arg);
        }
        let lanes = self.load_simd(simd, vector.value);
        let value = self.b.ins().vhigh_bits(ir_types::I32, lanes);
        Ok(Val {
            value,
            ty: types::INT,
        })
    }
}

/// C's unsigned integer type of `size` bytes.
fn unsigned(size: u8) -> Type {
    Type::Int {
        size,
        signed: false,
        kind: types::IntKind::Standard,
    }
}

/// gcc's error for an argument of the wrong type, at the argument.
fn incompatible<T>(name: &str, arg: &Node<Expression>) -> Result<T> {
    error(
        arg.span.start,
        format!("incompatible type for argument 1 of '{name}'"),
    )
}
