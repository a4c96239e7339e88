//! Gives each stack slot whose address is only ever the address of plain
//! loads and stores an alias region of its own, so that Cranelift's alias
//! analysis knows a store to one such slot leaves every other one alone.
//!
//! Without regions every store is a fence to that analysis: a value stored
//! to a temporary and reloaded after a store to another temporary went
//! through memory each time. Vector code is where that hurt: each
//! operation of an intrinsic chain copies its operands into its inlined
//! parameters' slots, and every reload waited for the store before it.
//!
//! The analysis requires that memory tagged with one region is never
//! reached by an access tagged otherwise (or untagged). A slot qualifies
//! only if every use of every `stack_addr` of it is the address operand of
//! a `load` or `store` (any offset and type: they all get its region). An
//! address used any other way (offset arithmetic, an argument, a stored
//! pointer, a block argument, an atomic, inline assembly's operand) keeps
//! the slot untagged. (`stack_load` and `stack_store` are built as a
//! `stack_addr` and a `load` or `store`.)

use std::collections::HashMap;

use cranelift_codegen::ir::{
    self, AliasRegionData, Function, InstructionData, MemFlags, Opcode, StackSlot, StackSlotKey,
    Type, Value,
};

/// The key of a slot whose every access must happen (a `volatile`
/// local): it is tagged, but nothing is forwarded from it or dropped.
pub fn volatile_key() -> StackSlotKey {
    StackSlotKey::new(1)
}

/// Tags the loads and stores of `func`'s private stack slots, forwards
/// their stores to their loads within a block, and drops the stores of
/// a slot nothing loads any more (run after inlining, so that the slots
/// of inlined callees count too).
pub fn optimize(func: &mut Function) {
    let (addresses, private) = private_slots(func);
    if !private.iter().any(|&p| p) {
        return;
    }
    tag(func, &addresses, &private);
    forward(func, &addresses, &private);
    drop_unread(func, &addresses, &private);
}

/// The private slot `address` is the base of, if any.
fn private_slot(
    addresses: &HashMap<Value, StackSlot>,
    private: &[bool],
    address: Value,
) -> Option<StackSlot> {
    addresses
        .get(&address)
        .copied()
        .filter(|slot| private[slot.as_u32() as usize])
}

/// Gives each private slot's loads and stores the slot's alias region.
fn tag(func: &mut Function, addresses: &HashMap<Value, StackSlot>, private: &[bool]) {
    let mut flags_of: HashMap<(MemFlags, StackSlot), MemFlags> = HashMap::new();
    let blocks: Vec<ir::Block> = func.layout.blocks().collect();
    for block in blocks {
        let insts: Vec<ir::Inst> = func.layout.block_insts(block).collect();
        for inst in insts {
            let address = match func.dfg.insts[inst] {
                InstructionData::Load { arg, .. } => arg,
                InstructionData::Store { args, .. } => args[1],
                _ => continue,
            };
            let address = func.dfg.resolve_aliases(address);
            let Some(slot) = private_slot(addresses, private, address) else {
                continue;
            };
            let Some(old) = func.dfg.insts[inst].memflags() else {
                continue;
            };
            let new = match flags_of.get(&(old, slot)) {
                Some(&new) => new,
                None => {
                    let region = func.dfg.alias_regions.insert(AliasRegionData {
                        user_id: slot.as_u32(),
                        description: "a private stack slot".into(),
                    });
                    let data = func.dfg.mem_flags[old].with_alias_region(Some(region));
                    // The set of flags holds at most 2^16: past that, the
                    // rest stay untagged (each slot is wholly one or the
                    // other, since its flags are made before its first
                    // access is changed).
                    let Ok(new) = func.dfg.mem_flags.insert(data) else {
                        return;
                    };
                    flags_of.insert((old, slot), new);
                    new
                }
            };
            if let Some(flags) = func.dfg.insts[inst].memflags_mut() {
                *flags = new;
            }
        }
    }
}

/// Within each block, a load of a private slot that reads what an earlier
/// store (or load) of the same bytes and type left there takes that
/// value. Only the slot's own stores write it, so nothing else can
/// intervene; a call still ends what is known, since after a setjmp
/// call control may arrive again with the slot's memory changed, and so
/// does a `sequence_point` (kit's mark of a volatile access).
fn forward(func: &mut Function, addresses: &HashMap<Value, StackSlot>, private: &[bool]) {
    let blocks: Vec<ir::Block> = func.layout.blocks().collect();
    for block in blocks {
        let mut known: HashMap<StackSlot, Vec<(i32, Type, Value)>> = HashMap::new();
        let insts: Vec<ir::Inst> = func.layout.block_insts(block).collect();
        for inst in insts {
            let data = func.dfg.insts[inst];
            let opcode = data.opcode();
            if opcode.is_call() || opcode == Opcode::SequencePoint {
                known.clear();
                continue;
            }
            let (address, offset, stored) = match data {
                InstructionData::Load { arg, offset, .. } => (arg, offset.into(), None),
                InstructionData::Store { args, offset, .. } => {
                    (args[1], offset.into(), Some(args[0]))
                }
                _ => continue,
            };
            let address = func.dfg.resolve_aliases(address);
            let Some(slot) = private_slot(addresses, private, address) else {
                continue;
            };
            if func.sized_stack_slots[slot].key == Some(volatile_key()) {
                continue;
            }
            let entries = known.entry(slot).or_default();
            match stored {
                Some(value) => {
                    let width = match opcode {
                        Opcode::Istore8 => 1,
                        Opcode::Istore16 => 2,
                        Opcode::Istore32 => 4,
                        _ => func.dfg.value_type(value).bytes() as i32,
                    };
                    entries.retain(|&(at, ty, _)| {
                        at + ty.bytes() as i32 <= offset || offset + width <= at
                    });
                    if opcode == Opcode::Store {
                        entries.push((offset, func.dfg.value_type(value), value));
                    }
                }
                None if opcode == Opcode::Load => {
                    let result = func.dfg.first_result(inst);
                    let ty = func.dfg.value_type(result);
                    let earlier = entries
                        .iter()
                        .find(|&&(at, t, _)| at == offset && t == ty)
                        .map(|&(_, _, value)| value);
                    match earlier {
                        Some(value) => {
                            func.dfg.clear_results(inst);
                            func.dfg.change_to_alias(result, value);
                            func.layout.remove_inst(inst);
                        }
                        None => entries.push((offset, ty, result)),
                    }
                }
                None => {}
            }
        }
    }
}

/// Removes the stores to private slots that no load reads any more
/// (volatile ones excepted).
fn drop_unread(func: &mut Function, addresses: &HashMap<Value, StackSlot>, private: &[bool]) {
    let mut read = vec![false; private.len()];
    let mut stores = Vec::new();
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            let (address, is_store) = match func.dfg.insts[inst] {
                InstructionData::Load { arg, .. } => (arg, false),
                InstructionData::Store { args, .. } => (args[1], true),
                _ => continue,
            };
            let address = func.dfg.resolve_aliases(address);
            let Some(slot) = private_slot(addresses, private, address) else {
                continue;
            };
            if is_store {
                stores.push((inst, slot));
            } else {
                read[slot.as_u32() as usize] = true;
            }
        }
    }
    for (inst, slot) in stores {
        let volatile = func.sized_stack_slots[slot].key == Some(volatile_key());
        if !read[slot.as_u32() as usize] && !volatile {
            func.layout.remove_inst(inst);
        }
    }
}

/// The slot of each `stack_addr` result, and which slots are private.
fn private_slots(func: &Function) -> (HashMap<Value, StackSlot>, Vec<bool>) {
    let mut private = vec![true; func.sized_stack_slots.len()];
    let mut addresses = HashMap::new();
    let insts = || {
        func.layout
            .blocks()
            .flat_map(|block| func.layout.block_insts(block))
    };
    for inst in insts() {
        if let InstructionData::StackAddr { stack_slot, .. } = func.dfg.insts[inst] {
            addresses.insert(func.dfg.first_result(inst), stack_slot);
        }
    }
    if addresses.is_empty() {
        return (addresses, private);
    }
    for inst in insts() {
        let allowed = match func.dfg.insts[inst] {
            InstructionData::Load { .. } => Some(0),
            InstructionData::Store { .. } => Some(1),
            _ => None,
        };
        for (index, value) in func.dfg.inst_values(inst).enumerate() {
            let value = func.dfg.resolve_aliases(value);
            if let Some(&slot) = addresses.get(&value) {
                if Some(index) != allowed {
                    private[slot.as_u32() as usize] = false;
                }
            }
        }
    }
    (addresses, private)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cranelift_codegen::ir::{
        types, AbiParam, InstBuilder, MemFlagsData, Signature, StackSlotData, StackSlotKind,
    };
    use cranelift_codegen::isa::CallConv;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    fn slot(b: &mut FunctionBuilder) -> StackSlot {
        b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 16, 4))
    }

    fn count(func: &Function, opcode: Opcode) -> usize {
        func.layout
            .blocks()
            .flat_map(|b| func.layout.block_insts(b))
            .filter(|&i| func.dfg.insts[i].opcode() == opcode)
            .count()
    }

    /// fn(x: i8x16, p: i64) -> i8x16 over five slots: `a` stored then
    /// reloaded past a store to `b` (forwarded), `b` never read (its store
    /// dropped), `c` whose address is passed to a call (left alone), `v`
    /// volatile (left alone, though never read), and `d` reloaded after
    /// the call (not forwarded: after a setjmp call, control may come
    /// back with the slot changed).
    #[test]
    fn private_slots_forward_and_drop_what_nothing_reads() {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I8X16));
        sig.params.push(AbiParam::new(types::I64));
        sig.returns.push(AbiParam::new(types::I8X16));
        sig.returns.push(AbiParam::new(types::I8X16));
        let mut func = Function::with_name_signature(ir::UserFuncName::default(), sig.clone());
        let mut context = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut context);
        let block = b.create_block();
        b.append_block_params_for_function_params(block);
        b.switch_to_block(block);
        let (x, p) = (b.block_params(block)[0], b.block_params(block)[1]);
        let slots = [0; 5].map(|_| slot(&mut b));
        let [a, bb, c, v, d] = slots;
        b.func.sized_stack_slots[v].key = Some(volatile_key());
        let flags = MemFlagsData::new();
        let [a_at, b_at, c_at, v_at, d_at] = slots.map(|s| b.ins().stack_addr(types::I64, s, 0));
        for at in [a_at, b_at, c_at, v_at, d_at] {
            b.ins().store(flags, x, at, 0);
        }
        let back = b.ins().load(types::I8X16, flags, a_at, 0);
        let callee_sig = b.import_signature({
            let mut s = Signature::new(CallConv::SystemV);
            s.params.push(AbiParam::new(types::I64));
            s
        });
        b.ins().call_indirect(callee_sig, p, &[c_at]);
        let after_call = b.ins().load(types::I8X16, flags, d_at, 0);
        b.ins().return_(&[back, after_call]);
        b.seal_all_blocks();
        let host = cranelift_native::builder().expect("the host is supported");
        let isa = host
            .finish(cranelift_codegen::settings::Flags::new(
                cranelift_codegen::settings::builder(),
            ))
            .expect("an ISA");
        b.finalize(isa.frontend_config());
        assert_eq!(count(&func, Opcode::Store), 5);
        optimize(&mut func);
        // a's load took the stored value; a and b are read by nothing
        // now, so their stores went; c's, v's and d's stayed, and d's
        // load.
        assert_eq!(count(&func, Opcode::Load), 1, "{}", func.display());
        assert_eq!(count(&func, Opcode::Store), 3, "{}", func.display());
        let ret = func.layout.block_insts(block).last().expect("a return");
        let returned = func.dfg.resolve_aliases(func.dfg.inst_args(ret)[0]);
        assert_eq!(returned, x);
        let flags = cranelift_codegen::settings::Flags::new(cranelift_codegen::settings::builder());
        let verified = cranelift_codegen::verify_function(&func, &flags);
        assert!(verified.is_ok(), "{verified:?}");
    }
}
