//! The x87 helpers behind C `long double`, which kit (like gcc on x86-64)
//! gives the x87 80-bit extended format.
//!
//! Cranelift has no x87 type and emits no x87 instructions, so compiled
//! code never holds a long double in an FPU register. A value travels as a
//! Cranelift `I128` holding its bit pattern as it lies in memory: the low
//! 64 bits are the significand (with its explicit integer bit), bits 64..80
//! the sign and 15-bit exponent, and the upper 48 bits are padding. Every
//! helper that returns a long double returns the padding as zero, so values
//! are canonical; helpers that take one ignore it (`fld tbyte` reads 10
//! bytes).
//!
//! The arithmetic is done by the small leaf functions here, written as raw
//! x86-64 machine code (assembled with GNU as, Intel syntax; the assembly
//! is beside each instruction). The compiler places the ones it needs into
//! each object (cranelift-module `define_function_bytes`) and calls them
//! with the ordinary System V convention, an `I128` in two registers (low
//! half first) and returned in rax (low) : rdx (high). The code is position
//! independent, has no relocations and no frame: it spills to the red zone
//! below rsp. It runs under the default control word (round to nearest,
//! 64-bit precision), as gcc's code does, and leaves the x87 stack empty.
//!
//! The exceptions are `Push` and `Pop`, for the System V rule that a
//! function returns a long double in st(0): a compiled function calls
//! `Push` just before it returns, leaving its value in st(0), and a caller
//! calls `Pop` right after calling a function that returns one.

use cranelift_codegen::ir::{types, Type};

/// One helper; see [`Helper::code`] for what each computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Helper {
    /// a + b.
    Add,
    /// a - b.
    Sub,
    /// a * b.
    Mul,
    /// a / b.
    Div,
    /// Compares a with b: 1 if a < b, 2 if equal, 4 if a > b, 8 if
    /// unordered (a NaN); quietly, as `fucomip`.
    Compare,
    /// The same, signaling (`fcomip`: a NaN raises FE_INVALID), for C's
    /// relational operators.
    CompareSignaling,
    /// double to long double (exact).
    FromF64,
    /// float to long double (exact).
    FromF32,
    /// long long to long double (exact).
    FromI64,
    /// unsigned long long to long double (exact).
    FromU64,
    /// long double to double, rounded to nearest.
    ToF64,
    /// long double to float, rounded to nearest.
    ToF32,
    /// long double to long long, truncated toward zero (`fisttp`; out of
    /// range gives 0x8000000000000000).
    ToI64,
    /// long double to unsigned long long, truncated toward zero.
    ToU64,
    /// Loads the value into st(0), to return it from a function.
    Push,
    /// Pops st(0) and returns it, after calling a function that returns a
    /// long double.
    Pop,
}

const LD: Type = types::I128;

impl Helper {
    /// The local symbol name, e.g. "__kit_x87_add".
    pub fn name(self) -> &'static str {
        match self {
            Helper::Add => "__kit_x87_add",
            Helper::Sub => "__kit_x87_sub",
            Helper::Mul => "__kit_x87_mul",
            Helper::Div => "__kit_x87_div",
            Helper::Compare => "__kit_x87_compare",
            Helper::CompareSignaling => "__kit_x87_compare_signaling",
            Helper::FromF64 => "__kit_x87_from_f64",
            Helper::FromF32 => "__kit_x87_from_f32",
            Helper::FromI64 => "__kit_x87_from_i64",
            Helper::FromU64 => "__kit_x87_from_u64",
            Helper::ToF64 => "__kit_x87_to_f64",
            Helper::ToF32 => "__kit_x87_to_f32",
            Helper::ToI64 => "__kit_x87_to_i64",
            Helper::ToU64 => "__kit_x87_to_u64",
            Helper::Push => "__kit_x87_push",
            Helper::Pop => "__kit_x87_pop",
        }
    }

    /// The machine code (position independent, no relocations, a leaf:
    /// uses only the red zone below rsp).
    pub fn code(self) -> &'static [u8] {
        match self {
            Helper::Add => ADD,
            Helper::Sub => SUB,
            Helper::Mul => MUL,
            Helper::Div => DIV,
            Helper::Compare => &COMPARE,
            Helper::CompareSignaling => &COMPARE_SIGNALING,
            Helper::FromF64 => FROM_F64,
            Helper::FromF32 => FROM_F32,
            Helper::FromI64 => FROM_I64,
            Helper::FromU64 => FROM_U64,
            Helper::ToF64 => TO_F64,
            Helper::ToF32 => TO_F32,
            Helper::ToI64 => TO_I64,
            Helper::ToU64 => TO_U64,
            Helper::Push => PUSH,
            Helper::Pop => POP,
        }
    }

    /// Cranelift parameter types of its System V signature.
    pub fn params(self) -> &'static [Type] {
        match self {
            Helper::Add
            | Helper::Sub
            | Helper::Mul
            | Helper::Div
            | Helper::Compare
            | Helper::CompareSignaling => &[LD, LD],
            Helper::FromF64 => &[types::F64],
            Helper::FromF32 => &[types::F32],
            Helper::FromI64 | Helper::FromU64 => &[types::I64],
            Helper::ToF64 | Helper::ToF32 | Helper::ToI64 | Helper::ToU64 | Helper::Push => &[LD],
            Helper::Pop => &[],
        }
    }

    /// Cranelift result type of its System V signature.
    pub fn result(self) -> Option<Type> {
        match self {
            Helper::Add
            | Helper::Sub
            | Helper::Mul
            | Helper::Div
            | Helper::FromF64
            | Helper::FromF32
            | Helper::FromI64
            | Helper::FromU64
            | Helper::Pop => Some(LD),
            Helper::Compare | Helper::CompareSignaling => Some(types::I32),
            Helper::ToF64 => Some(types::F64),
            Helper::ToF32 => Some(types::F32),
            Helper::ToI64 | Helper::ToU64 => Some(types::I64),
            Helper::Push => None,
        }
    }
}

// The binary operations spill a (rdi:rsi) to [rsp-16] and b (rdx:rcx) to
// [rsp-32], load a then b (st0 = b, st1 = a), combine into st1 and pop, and
// return the 10 bytes stored at [rsp-16]. In Intel syntax GNU as encodes
// `fsubp st(1), st` as DE E9, st1 := st1 - st0 (as the Intel manual
// says); AT&T syntax swaps the names, calling that `fsubrp %st, %st(1)`.

#[rustfmt::skip]
const ADD: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf0, // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8, // mov [rsp-8], rsi
    0x48, 0x89, 0x54, 0x24, 0xe0, // mov [rsp-32], rdx
    0x48, 0x89, 0x4c, 0x24, 0xe8, // mov [rsp-24], rcx
    0xdb, 0x6c, 0x24, 0xf0,       // fld tbyte ptr [rsp-16]
    0xdb, 0x6c, 0x24, 0xe0,       // fld tbyte ptr [rsp-32]
    0xde, 0xc1,                   // faddp st(1), st
    0xdb, 0x7c, 0x24, 0xf0,       // fstp tbyte ptr [rsp-16]
    0x48, 0x8b, 0x44, 0x24, 0xf0, // mov rax, [rsp-16]
    0x0f, 0xb7, 0x54, 0x24, 0xf8, // movzx edx, word ptr [rsp-8]
    0xc3,                         // ret
];

#[rustfmt::skip]
const SUB: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf0, // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8, // mov [rsp-8], rsi
    0x48, 0x89, 0x54, 0x24, 0xe0, // mov [rsp-32], rdx
    0x48, 0x89, 0x4c, 0x24, 0xe8, // mov [rsp-24], rcx
    0xdb, 0x6c, 0x24, 0xf0,       // fld tbyte ptr [rsp-16]
    0xdb, 0x6c, 0x24, 0xe0,       // fld tbyte ptr [rsp-32]
    0xde, 0xe9,                   // fsubp st(1), st      ; st1 := a - b
    0xdb, 0x7c, 0x24, 0xf0,       // fstp tbyte ptr [rsp-16]
    0x48, 0x8b, 0x44, 0x24, 0xf0, // mov rax, [rsp-16]
    0x0f, 0xb7, 0x54, 0x24, 0xf8, // movzx edx, word ptr [rsp-8]
    0xc3,                         // ret
];

#[rustfmt::skip]
const MUL: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf0, // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8, // mov [rsp-8], rsi
    0x48, 0x89, 0x54, 0x24, 0xe0, // mov [rsp-32], rdx
    0x48, 0x89, 0x4c, 0x24, 0xe8, // mov [rsp-24], rcx
    0xdb, 0x6c, 0x24, 0xf0,       // fld tbyte ptr [rsp-16]
    0xdb, 0x6c, 0x24, 0xe0,       // fld tbyte ptr [rsp-32]
    0xde, 0xc9,                   // fmulp st(1), st
    0xdb, 0x7c, 0x24, 0xf0,       // fstp tbyte ptr [rsp-16]
    0x48, 0x8b, 0x44, 0x24, 0xf0, // mov rax, [rsp-16]
    0x0f, 0xb7, 0x54, 0x24, 0xf8, // movzx edx, word ptr [rsp-8]
    0xc3,                         // ret
];

#[rustfmt::skip]
const DIV: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf0, // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8, // mov [rsp-8], rsi
    0x48, 0x89, 0x54, 0x24, 0xe0, // mov [rsp-32], rdx
    0x48, 0x89, 0x4c, 0x24, 0xe8, // mov [rsp-24], rcx
    0xdb, 0x6c, 0x24, 0xf0,       // fld tbyte ptr [rsp-16]
    0xdb, 0x6c, 0x24, 0xe0,       // fld tbyte ptr [rsp-32]
    0xde, 0xf9,                   // fdivp st(1), st      ; st1 := a / b
    0xdb, 0x7c, 0x24, 0xf0,       // fstp tbyte ptr [rsp-16]
    0x48, 0x8b, 0x44, 0x24, 0xf0, // mov rax, [rsp-16]
    0x0f, 0xb7, 0x54, 0x24, 0xf8, // movzx edx, word ptr [rsp-8]
    0xc3,                         // ret
];

// Loads b then a, so fucomip compares st0 = a with st1 = b: unordered sets
// ZF, PF and CF; a < b sets CF; a == b sets ZF; a > b clears all three.
#[rustfmt::skip]
const COMPARE: [u8; 59] = [
    0x48, 0x89, 0x7c, 0x24, 0xf0, // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8, // mov [rsp-8], rsi
    0x48, 0x89, 0x54, 0x24, 0xe0, // mov [rsp-32], rdx
    0x48, 0x89, 0x4c, 0x24, 0xe8, // mov [rsp-24], rcx
    0xdb, 0x6c, 0x24, 0xe0,       // fld tbyte ptr [rsp-32]
    0xdb, 0x6c, 0x24, 0xf0,       // fld tbyte ptr [rsp-16]
    0xdf, 0xe9,                   // fucomip st, st(1)    ; pops a
    0xdd, 0xd8,                   // fstp st(0)           ; pops b
    0xb8, 0x08, 0x00, 0x00, 0x00, // mov eax, 8
    0x7a, 0x13,                   // jp done
    0xb8, 0x01, 0x00, 0x00, 0x00, // mov eax, 1
    0x72, 0x0c,                   // jb done
    0xb8, 0x02, 0x00, 0x00, 0x00, // mov eax, 2
    0x74, 0x05,                   // je done
    0xb8, 0x04, 0x00, 0x00, 0x00, // mov eax, 4
    0xc3,                         // done: ret
];

/// COMPARE with `fcomip st, st(1)` (DF F1) for `fucomip` (DF E9).
const COMPARE_SIGNALING: [u8; 59] = {
    let mut code = COMPARE;
    assert!(code[28] == 0xdf && code[29] == 0xe9);
    code[29] = 0xf1;
    code
};

#[rustfmt::skip]
const FROM_F64: &[u8] = &[
    0xf2, 0x0f, 0x11, 0x44, 0x24, 0xf8, // movsd [rsp-8], xmm0
    0xdd, 0x44, 0x24, 0xf8,             // fld qword ptr [rsp-8]
    0xdb, 0x7c, 0x24, 0xe8,             // fstp tbyte ptr [rsp-24]
    0x48, 0x8b, 0x44, 0x24, 0xe8,       // mov rax, [rsp-24]
    0x0f, 0xb7, 0x54, 0x24, 0xf0,       // movzx edx, word ptr [rsp-16]
    0xc3,                               // ret
];

#[rustfmt::skip]
const FROM_F32: &[u8] = &[
    0xf3, 0x0f, 0x11, 0x44, 0x24, 0xfc, // movss [rsp-4], xmm0
    0xd9, 0x44, 0x24, 0xfc,             // fld dword ptr [rsp-4]
    0xdb, 0x7c, 0x24, 0xe8,             // fstp tbyte ptr [rsp-24]
    0x48, 0x8b, 0x44, 0x24, 0xe8,       // mov rax, [rsp-24]
    0x0f, 0xb7, 0x54, 0x24, 0xf0,       // movzx edx, word ptr [rsp-16]
    0xc3,                               // ret
];

#[rustfmt::skip]
const FROM_I64: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf8, // mov [rsp-8], rdi
    0xdf, 0x6c, 0x24, 0xf8,       // fild qword ptr [rsp-8]
    0xdb, 0x7c, 0x24, 0xe8,       // fstp tbyte ptr [rsp-24]
    0x48, 0x8b, 0x44, 0x24, 0xe8, // mov rax, [rsp-24]
    0x0f, 0xb7, 0x54, 0x24, 0xf0, // movzx edx, word ptr [rsp-16]
    0xc3,                         // ret
];

// fild reads the bits as signed; when the top bit was set, adding 2^64
// (0x5f800000 as a float) gives the unsigned value, exactly.
#[rustfmt::skip]
const FROM_U64: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf8,                   // mov [rsp-8], rdi
    0xdf, 0x6c, 0x24, 0xf8,                         // fild qword ptr [rsp-8]
    0x48, 0x85, 0xff,                               // test rdi, rdi
    0x79, 0x0c,                                     // jns store
    0xc7, 0x44, 0x24, 0xf4, 0x00, 0x00, 0x80, 0x5f, // mov dword ptr [rsp-12], 0x5f800000
    0xd8, 0x44, 0x24, 0xf4,                         // fadd dword ptr [rsp-12]
    0xdb, 0x7c, 0x24, 0xe0,                         // store: fstp tbyte ptr [rsp-32]
    0x48, 0x8b, 0x44, 0x24, 0xe0,                   // mov rax, [rsp-32]
    0x0f, 0xb7, 0x54, 0x24, 0xe8,                   // movzx edx, word ptr [rsp-24]
    0xc3,                                           // ret
];

#[rustfmt::skip]
const TO_F64: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf0,       // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8,       // mov [rsp-8], rsi
    0xdb, 0x6c, 0x24, 0xf0,             // fld tbyte ptr [rsp-16]
    0xdd, 0x5c, 0x24, 0xe8,             // fstp qword ptr [rsp-24]
    0xf2, 0x0f, 0x10, 0x44, 0x24, 0xe8, // movsd xmm0, [rsp-24]
    0xc3,                               // ret
];

#[rustfmt::skip]
const TO_F32: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf0,       // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8,       // mov [rsp-8], rsi
    0xdb, 0x6c, 0x24, 0xf0,             // fld tbyte ptr [rsp-16]
    0xd9, 0x5c, 0x24, 0xec,             // fstp dword ptr [rsp-20]
    0xf3, 0x0f, 0x10, 0x44, 0x24, 0xec, // movss xmm0, [rsp-20]
    0xc3,                               // ret
];

#[rustfmt::skip]
const TO_I64: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf0, // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8, // mov [rsp-8], rsi
    0xdb, 0x6c, 0x24, 0xf0,       // fld tbyte ptr [rsp-16]
    0xdd, 0x4c, 0x24, 0xe8,       // fisttp qword ptr [rsp-24]
    0x48, 0x8b, 0x44, 0x24, 0xe8, // mov rax, [rsp-24]
    0xc3,                         // ret
];

// Below 2^63 (0x5f000000 as a float) fisttp does it; from 2^63 up,
// subtract 2^63 first and flip the top bit afterwards (as gcc's code: a
// value from 2^64 up, whose fisttp gives 2^63, so gives 0).
#[rustfmt::skip]
const TO_U64: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf0,                   // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8,                   // mov [rsp-8], rsi
    0xdb, 0x6c, 0x24, 0xf0,                         // fld tbyte ptr [rsp-16]
    0xc7, 0x44, 0x24, 0xec, 0x00, 0x00, 0x00, 0x5f, // mov dword ptr [rsp-20], 0x5f000000
    0xd9, 0x44, 0x24, 0xec,                         // fld dword ptr [rsp-20]
    0xdf, 0xe9,                                     // fucomip st, st(1)  ; 2^63 vs x, pops 2^63
    0x77, 0x15,                                     // ja small           ; 2^63 > x
    0x7a, 0x13,                                     // jp small           ; x is a NaN
    0xd8, 0x64, 0x24, 0xec,                         // fsub dword ptr [rsp-20]
    0xdd, 0x4c, 0x24, 0xe0,                         // fisttp qword ptr [rsp-32]
    0x48, 0x8b, 0x44, 0x24, 0xe0,                   // mov rax, [rsp-32]
    0x48, 0x0f, 0xba, 0xf8, 0x3f,                   // btc rax, 63
    0xc3,                                           // ret
    0xdd, 0x4c, 0x24, 0xe0,                         // small: fisttp qword ptr [rsp-32]
    0x48, 0x8b, 0x44, 0x24, 0xe0,                   // mov rax, [rsp-32]
    0xc3,                                           // ret
];

#[rustfmt::skip]
const PUSH: &[u8] = &[
    0x48, 0x89, 0x7c, 0x24, 0xf0, // mov [rsp-16], rdi
    0x48, 0x89, 0x74, 0x24, 0xf8, // mov [rsp-8], rsi
    0xdb, 0x6c, 0x24, 0xf0,       // fld tbyte ptr [rsp-16]
    0xc3,                         // ret
];

#[rustfmt::skip]
const POP: &[u8] = &[
    0xdb, 0x7c, 0x24, 0xf0,       // fstp tbyte ptr [rsp-16]
    0x48, 0x8b, 0x44, 0x24, 0xf0, // mov rax, [rsp-16]
    0x0f, 0xb7, 0x54, 0x24, 0xf8, // movzx edx, word ptr [rsp-8]
    0xc3,                         // ret
];

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;
    use std::sync::OnceLock;

    use rustc_apfloat::ieee::{Double, Single, X87DoubleExtended as Ext};
    use rustc_apfloat::{Float, FloatConvert};

    use super::*;

    const ALL: [Helper; 16] = [
        Helper::Add,
        Helper::Sub,
        Helper::Mul,
        Helper::Div,
        Helper::Compare,
        Helper::CompareSignaling,
        Helper::FromF64,
        Helper::FromF32,
        Helper::FromI64,
        Helper::FromU64,
        Helper::ToF64,
        Helper::ToF32,
        Helper::ToI64,
        Helper::ToU64,
        Helper::Push,
        Helper::Pop,
    ];

    /// Garbage for the padding bits of arguments, which must be ignored.
    const JUNK: u128 = 0xdead_beef_cafe << 80;

    /// The address of `helper`'s code, copied into executable memory. All
    /// helpers share one mapping, made once and kept for the whole run.
    fn address(helper: Helper) -> usize {
        static MAPPED: OnceLock<Vec<usize>> = OnceLock::new();
        let mapped = MAPPED.get_or_init(|| {
            let len: usize = ALL.iter().map(|h| h.code().len()).sum();
            // SAFETY: a fresh anonymous mapping of `len` bytes, written
            // before it is made executable.
            unsafe {
                let base = libc::mmap(
                    std::ptr::null_mut(),
                    len,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                );
                assert_ne!(base, libc::MAP_FAILED);
                let mut at = base.cast::<u8>();
                let mut addresses = Vec::new();
                for h in ALL {
                    std::ptr::copy_nonoverlapping(h.code().as_ptr(), at, h.code().len());
                    addresses.push(at as usize);
                    at = at.add(h.code().len());
                }
                assert_eq!(
                    libc::mprotect(base, len, libc::PROT_READ | libc::PROT_EXEC),
                    0
                );
                addresses
            }
        });
        mapped[ALL.iter().position(|&h| h == helper).unwrap()]
    }

    /// `helper`'s code as a function of type `F` (an `extern "C" fn`; Rust
    /// passes u128 like Cranelift's I128: two registers, low half first,
    /// returned in rax:rdx).
    fn function<F: Copy>(helper: Helper) -> F {
        assert_eq!(std::mem::size_of::<F>(), std::mem::size_of::<usize>());
        // SAFETY: the code implements the signature `F` the caller names.
        unsafe { std::mem::transmute_copy(&address(helper)) }
    }

    fn binary(helper: Helper, a: u128, b: u128) -> u128 {
        function::<extern "C" fn(u128, u128) -> u128>(helper)(a | JUNK, b | JUNK)
    }

    fn compare(a: u128, b: u128) -> i32 {
        compare_with(Helper::Compare, a, b)
    }

    fn compare_with(helper: Helper, a: u128, b: u128) -> i32 {
        function::<extern "C" fn(u128, u128) -> i32>(helper)(a | JUNK, b | JUNK)
    }

    fn from_f64(x: f64) -> u128 {
        function::<extern "C" fn(f64) -> u128>(Helper::FromF64)(x)
    }

    fn from_f32(x: f32) -> u128 {
        function::<extern "C" fn(f32) -> u128>(Helper::FromF32)(x)
    }

    fn from_i64(x: i64) -> u128 {
        function::<extern "C" fn(i64) -> u128>(Helper::FromI64)(x)
    }

    fn from_u64(x: u64) -> u128 {
        function::<extern "C" fn(u64) -> u128>(Helper::FromU64)(x)
    }

    fn to_f64(x: u128) -> f64 {
        function::<extern "C" fn(u128) -> f64>(Helper::ToF64)(x | JUNK)
    }

    fn to_f32(x: u128) -> f32 {
        function::<extern "C" fn(u128) -> f32>(Helper::ToF32)(x | JUNK)
    }

    fn to_i64(x: u128) -> i64 {
        function::<extern "C" fn(u128) -> i64>(Helper::ToI64)(x | JUNK)
    }

    fn to_u64(x: u128) -> u64 {
        function::<extern "C" fn(u128) -> u64>(Helper::ToU64)(x | JUNK)
    }

    fn push(x: u128) {
        function::<extern "C" fn(u128)>(Helper::Push)(x | JUNK)
    }

    fn pop() -> u128 {
        function::<extern "C" fn() -> u128>(Helper::Pop)()
    }

    fn ext(s: &str) -> Ext {
        s.parse::<Ext>().unwrap()
    }

    /// Values for the operations: signs, zeros, inexact fractions, huge,
    /// tiny and subnormal numbers, infinities and a NaN.
    fn values() -> Vec<Ext> {
        let mut values: Vec<Ext> = [
            "0",
            "-0",
            "0.1",
            "0.2",
            "1",
            "3",
            "-2.5",
            "123456789.123456789",
            "-7.25e-300",
            "1e4000",
            "-1e-4000",
            "1e-4940",
        ]
        .iter()
        .map(|s| ext(s))
        .collect();
        values.extend([Ext::INFINITY, -Ext::INFINITY, Ext::NAN]);
        values
    }

    /// `got` is the canonical long double `want` (any NaN for a NaN).
    fn assert_is(got: u128, want: Ext, what: &str) {
        assert_eq!(got >> 80, 0, "{what}: padding not zero in {got:#x}");
        if want.is_nan() {
            assert!(
                Ext::from_bits(got).is_nan(),
                "{what}: {got:#x} is not a NaN"
            );
        } else {
            assert_eq!(got, want.to_bits(), "{what}: got {got:#x}, want {want}");
        }
    }

    #[test]
    fn signatures_and_names() {
        let mut names = std::collections::HashSet::new();
        for h in ALL {
            assert!(h.name().starts_with("__kit_x87_"));
            assert!(names.insert(h.name()), "{h:?}: duplicate name");
            assert!(h.code().contains(&0xc3), "{h:?}: no ret");
        }
        assert_eq!(Helper::Add.params(), &[types::I128, types::I128]);
        assert_eq!(Helper::Compare.result(), Some(types::I32));
        assert_eq!(Helper::Push.result(), None);
        assert!(Helper::Pop.params().is_empty());
    }

    #[test]
    fn arithmetic() {
        let values = values();
        for &a in &values {
            for &b in &values {
                let (x, y) = (a.to_bits(), b.to_bits());
                assert_is(
                    binary(Helper::Add, x, y),
                    (a + b).value,
                    &format!("{a} + {b}"),
                );
                assert_is(
                    binary(Helper::Sub, x, y),
                    (a - b).value,
                    &format!("{a} - {b}"),
                );
                assert_is(
                    binary(Helper::Mul, x, y),
                    (a * b).value,
                    &format!("{a} * {b}"),
                );
                assert_is(
                    binary(Helper::Div, x, y),
                    (a / b).value,
                    &format!("{a} / {b}"),
                );
            }
        }
    }

    #[test]
    fn arithmetic_examples() {
        let (a, b) = (ext("0.1").to_bits(), ext("0.2").to_bits());
        assert_is(
            binary(Helper::Add, a, b),
            (ext("0.1") + ext("0.2")).value,
            "0.1 + 0.2",
        );
        // 0.1L + 0.2L rounds to the long double nearest 0.3.
        assert_is(binary(Helper::Add, a, b), ext("0.3"), "0.1 + 0.2");
        let (one, three) = (ext("1").to_bits(), ext("3").to_bits());
        assert_is(
            binary(Helper::Div, one, three),
            (ext("1") / ext("3")).value,
            "1 / 3",
        );
        assert_is(binary(Helper::Div, three, one), ext("3"), "3 / 1");
        assert_is(binary(Helper::Sub, one, three), ext("-2"), "1 - 3");
        assert_is(binary(Helper::Sub, three, one), ext("2"), "3 - 1");
        assert_is(
            binary(Helper::Mul, ext("-2.5").to_bits(), three),
            ext("-7.5"),
            "-2.5 * 3",
        );
        // A 64-bit significand: 2^63 + 1 is exact, unlike in a double.
        let big = from_u64((1 << 63) + 1);
        assert_is(
            binary(Helper::Sub, big, one),
            Ext::from_u128(1 << 63).value,
            "2^63+1 - 1",
        );
    }

    #[test]
    fn comparison() {
        let values = values();
        for &a in &values {
            for &b in &values {
                let want = match a.partial_cmp(&b) {
                    Some(Ordering::Less) => 1,
                    Some(Ordering::Equal) => 2,
                    Some(Ordering::Greater) => 4,
                    None => 8,
                };
                for helper in [Helper::Compare, Helper::CompareSignaling] {
                    let got = compare_with(helper, a.to_bits(), b.to_bits());
                    assert_eq!(got, want, "{a} <=> {b} ({helper:?})");
                }
            }
        }
        assert_eq!(compare(ext("1").to_bits(), ext("3").to_bits()), 1);
        assert_eq!(compare(ext("-0").to_bits(), ext("0").to_bits()), 2);
        assert_eq!(compare(Ext::INFINITY.to_bits(), ext("1e4000").to_bits()), 4);
        assert_eq!(compare(Ext::NAN.to_bits(), Ext::NAN.to_bits()), 8);
        assert_eq!(compare(ext("1").to_bits(), Ext::NAN.to_bits()), 8);
    }

    #[test]
    fn from_floats() {
        let doubles = [
            0.1,
            -0.0,
            -2.5,
            1.5e300,
            f64::MAX,
            f64::MIN_POSITIVE / 4.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for x in doubles {
            let d = Double::from_bits(u128::from(x.to_bits()));
            let want: Ext = d.convert(&mut false).value;
            assert_is(from_f64(x), want, &format!("(long double){x:e}"));
        }
        let floats = [
            0.1,
            -0.0,
            -2.5,
            3.0e38,
            f32::MIN_POSITIVE / 4.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
        ];
        for x in floats {
            let s = Single::from_bits(u128::from(x.to_bits()));
            let want: Ext = s.convert(&mut false).value;
            assert_is(from_f32(x), want, &format!("(long double){x:e}f"));
        }
    }

    #[test]
    fn from_integers() {
        for x in [0, 1, -1, -2, 123_456_789_012_345_678, i64::MIN, i64::MAX] {
            let want = Ext::from_i128(i128::from(x)).value;
            assert_is(from_i64(x), want, &format!("(long double){x}"));
        }
        for x in [
            0,
            1,
            12345,
            (1 << 63) - 1,
            1 << 63,
            (1 << 63) + 1,
            u64::MAX - 1,
            u64::MAX,
        ] {
            let want = Ext::from_u128(u128::from(x)).value;
            assert_is(from_u64(x), want, &format!("(long double){x}u"));
        }
        assert_is(from_u64(u64::MAX), ext("18446744073709551615"), "u64::MAX");
    }

    #[test]
    fn to_floats() {
        let mut values = values();
        values.extend(
            [
                "1.00000000000000000001e-310",
                "1e400",
                "-1e-400",
                "1e-40",
                "3.4028235e38",
                "0.30000000000000000001",
            ]
            .iter()
            .map(|s| ext(s)),
        );
        for x in values {
            let d: Double = x.convert(&mut false).value;
            let got = to_f64(x.to_bits());
            if d.is_nan() {
                assert!(got.is_nan(), "(double){x}");
            } else {
                assert_eq!(
                    u128::from(got.to_bits()),
                    d.to_bits(),
                    "(double){x}: {got:e}"
                );
            }
            let s: Single = x.convert(&mut false).value;
            let got = to_f32(x.to_bits());
            if s.is_nan() {
                assert!(got.is_nan(), "(float){x}");
            } else {
                assert_eq!(
                    u128::from(got.to_bits()),
                    s.to_bits(),
                    "(float){x}: {got:e}"
                );
            }
        }
        assert_eq!(to_f64(ext("0.1").to_bits()), 0.1);
        assert_eq!(to_f32(ext("0.1").to_bits()), 0.1f32);
    }

    #[test]
    fn to_integers() {
        let signed = [
            "0",
            "-0",
            "-2.5",
            "2.9",
            "-0.5",
            "123456789.75",
            "9.2e18",
            "-9223372036854775808",
            "9223372036854775807",
        ];
        for s in signed {
            let want = ext(s).to_i128(64).value as i64;
            assert_eq!(to_i64(ext(s).to_bits()), want, "(long long){s}");
        }
        assert_eq!(to_i64(ext("-2.5").to_bits()), -2);
        // Out of range: fisttp's "integer indefinite".
        assert_eq!(to_i64(ext("9223372036854775808").to_bits()), i64::MIN);
        assert_eq!(to_i64(Ext::NAN.to_bits()), i64::MIN);

        let unsigned = [
            "0",
            "1.5",
            "12345.75",
            "9223372036854775807",
            "9223372036854775807.5",
            "9223372036854775808",
            "9223372036854775809",
            "1.8e19",
            "18446744073709551614.5",
            "18446744073709551615",
        ];
        for s in unsigned {
            let want = ext(s).to_u128(64).value as u64;
            assert_eq!(to_u64(ext(s).to_bits()), want, "(unsigned long long){s}");
        }
        assert_eq!(to_u64(from_u64(u64::MAX)), u64::MAX);
        assert_eq!(to_u64(from_u64(1 << 63)), 1 << 63);
        // Out of range, gcc's code gives 2^63 below 2^63 (fisttp's
        // "integer indefinite") and 0 from 2^64 up.
        assert_eq!(to_u64(Ext::NAN.to_bits()), 1 << 63);
        assert_eq!(to_u64(ext("1e20").to_bits()), 0);
        assert_eq!(to_u64(ext("-1").to_bits()), u64::MAX);
    }

    #[test]
    fn push_then_pop() {
        // Push leaves the value in st(0) and Pop takes it back. Between two
        // calls Rust does not touch the x87 unit on x86-64 (floats live in
        // SSE registers), so calling them in sequence works in practice.
        for x in values() {
            push(x.to_bits());
            assert_is(pop(), x, &format!("push/pop {x}"));
        }
    }

    /// Nine additions in a row: a helper that left something on the
    /// 8-register x87 stack would make some of them overflow it (NaN).
    fn assert_stack_empty(after: &str) {
        let (one, two) = (ext("1").to_bits(), ext("2").to_bits());
        for _ in 0..9 {
            assert_is(binary(Helper::Add, one, two), ext("3"), after);
        }
    }

    #[test]
    fn stack_left_empty() {
        let (nan, one) = (Ext::NAN.to_bits(), ext("1").to_bits());
        let big = ext("1e19").to_bits();
        assert_stack_empty("add");
        for _ in 0..9 {
            assert_eq!(compare(nan, one), 8);
            assert_eq!(compare(one, nan), 8);
            assert_eq!(compare(one, one), 2);
        }
        assert_stack_empty("compare");
        for h in [Helper::Sub, Helper::Mul, Helper::Div] {
            for _ in 0..9 {
                binary(h, one, nan);
            }
            assert_stack_empty(&format!("{h:?}"));
        }
        for _ in 0..9 {
            from_f64(1.0);
            from_f32(1.0);
            from_i64(-1);
            from_u64(u64::MAX);
            from_u64(1);
            to_f64(one);
            to_f32(one);
            to_i64(one);
            to_u64(one);
            to_u64(big);
            push(one);
            pop();
        }
        assert_stack_empty("conversions");
    }
}
