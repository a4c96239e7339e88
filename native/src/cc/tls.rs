//! Thread-local objects (`_Thread_local`, `__thread`), emulated the way
//! gcc's emutls does it: the unit defines, for each such object, a control
//! block `__kit_tls.NAME` = { size, align, address of the initial bytes }
//! and every access asks kit's runtime (`run/tls.rs`) for the calling
//! thread's copy: `__kit_tls_address(&control)`. The image then needs no
//! TLS relocations, and each thread's copies are freed when it exits.

use cranelift_codegen::ir::{self, types as ir_types, InstBuilder};
use cranelift_module::{DataDescription, DataId, Linkage, Module};

use super::decl::{Error, Result};
use super::unit::Unit;

/// The control block's symbol for the object `symbol`.
pub fn control_symbol(symbol: &str) -> String {
    format!("__kit_tls.{symbol}")
}

/// Defines the control block `control` of a thread-local object whose
/// initial bytes (and relocations) are `template`.
pub fn define(
    unit: &mut Unit,
    control: DataId,
    symbol: &str,
    template: &DataDescription,
    (size, align): (u64, u64),
    offset: usize,
) -> Result<()> {
    let failed = |e: cranelift_module::ModuleError| Error {
        offset,
        message: e.to_string(),
    };
    let initial = unit
        .module
        .declare_data(
            &format!("__kit_tls_init.{symbol}"),
            Linkage::Local,
            false,
            false,
        )
        .map_err(failed)?;
    unit.module.define_data(initial, template).map_err(failed)?;
    let mut fields = [0u8; 24];
    fields[..8].copy_from_slice(&size.to_le_bytes());
    fields[8..16].copy_from_slice(&align.to_le_bytes());
    let mut desc = DataDescription::new();
    desc.set_align(8);
    desc.define(Box::new(fields));
    let initial = unit.module.declare_data_in_data(initial, &mut desc);
    desc.write_data_addr(16, initial, 0);
    unit.module.define_data(control, &desc).map_err(failed)
}

/// The calling thread's copy of the object whose control block is at
/// `control`.
pub fn address(
    unit: &mut Unit,
    builder: &mut cranelift_frontend::FunctionBuilder,
    control: ir::Value,
) -> Result<ir::Value> {
    let lookup =
        unit.runtime_function("__kit_tls_address", &[ir_types::I64], Some(ir_types::I64))?;
    let lookup = unit.module_declare_in(lookup, builder.func);
    let call = builder.ins().call(lookup, &[control]);
    Ok(builder.inst_results(call)[0])
}
