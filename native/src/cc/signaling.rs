//! C's relational operators on floating values are signaling comparisons
//! (Annex F, F.9.3; IEEE 754's compareSignaling): `<`, `<=`, `>` and `>=`
//! raise FE_INVALID when an operand is a NaN, where `==`, `!=` and the
//! `isless` family are quiet. gcc compiles them with `comisd`; Cranelift
//! has only quiet comparisons (`ucomisd`), so an unordered comparison
//! also calls `__kit_raise_invalid`, in a cold block: a helper that keeps
//! every register (Cranelift's PreserveAll convention), so the hot path
//! pays one more comparison and branch and no spill. (long double uses
//! the x87's signaling `fcomip`; see x87.rs.)

use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{InstBuilder, Value};

use super::super::decl::Result;
use super::FnLower;

/// `__kit_raise_invalid`'s machine code: 0/0 in xmm0, whose value is
/// saved and restored, sets FE_INVALID (and traps if the program unmasked
/// it, as `comisd` would).
#[rustfmt::skip]
pub const RAISE_INVALID: &[u8] = &[
    0x48, 0x83, 0xec, 0x18,       // sub rsp, 24
    0xf3, 0x0f, 0x7f, 0x04, 0x24, // movdqu [rsp], xmm0
    0x66, 0x0f, 0x57, 0xc0,       // xorpd xmm0, xmm0
    0xf2, 0x0f, 0x5e, 0xc0,       // divsd xmm0, xmm0
    0xf3, 0x0f, 0x6f, 0x04, 0x24, // movdqu xmm0, [rsp]
    0x48, 0x83, 0xc4, 0x18,       // add rsp, 24
    0xc3,                         // ret
];

impl FnLower<'_, '_> {
    /// `x cc y` on two floats or doubles, signaling when `signaling` and
    /// the operands are unordered (see above).
    pub(super) fn float_comparison(
        &mut self,
        cc: FloatCC,
        x: Value,
        y: Value,
        signaling: bool,
    ) -> Result<Value> {
        let holds = self.b.ins().fcmp(cc, x, y);
        if !signaling {
            return Ok(holds);
        }
        let unordered = self.b.ins().fcmp(FloatCC::Unordered, x, y);
        let raise = self.b.create_block();
        let done = self.b.create_block();
        self.b.ins().brif(unordered, raise, &[], done, &[]);
        self.b.set_cold_block(raise);
        self.b.switch_to_block(raise);
        self.b.seal_block(raise);
        let helper = self.unit.raise_invalid_helper()?;
        let helper = self.func_ref(helper);
        self.b.ins().call(helper, &[]);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
        Ok(holds)
    }
}
