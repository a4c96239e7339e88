//! Stack slots whose address is only ever the address of plain loads and
//! stores ("private" slots): each gets an alias region of its own, so
//! that Cranelift's alias analysis knows a store to one such slot leaves
//! every other one alone; their stores are forwarded to their loads within
//! a block; stores nothing reads any more are dropped; and a slot that
//! holds one value whole (a vector local) becomes an SSA value.
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

use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::ir::{
    self, AliasRegionData, Function, InstructionData, MemFlags, Opcode, StackSlot, StackSlotKey,
    Type, Value,
};

/// The key of a slot whose every access must happen (a `volatile`
/// local): it is tagged, but nothing is forwarded from it or dropped.
pub fn volatile_key() -> StackSlotKey {
    StackSlotKey::new(1)
}

/// Whether `slot` holds a volatile local, whose every access stays.
fn is_volatile(func: &Function, slot: StackSlot) -> bool {
    func.sized_stack_slots[slot].key == Some(volatile_key())
}

/// Tags the loads and stores of `func`'s private stack slots, forwards
/// their stores to their loads within a block, drops the stores of a
/// slot nothing loads any more, and turns slots holding one value whole
/// into SSA values (run after inlining, so that the slots of inlined
/// callees count too).
pub fn optimize(func: &mut Function) {
    let slots = PrivateSlots::of(func);
    if !slots.private.iter().any(|&p| p) {
        return;
    }
    tag(func, &slots);
    forward(func, &slots);
    drop_unread(func, &slots);
    promote_whole_values(func, &slots);
}

/// The slot of each `stack_addr` result, and which slots are private.
struct PrivateSlots {
    addresses: HashMap<Value, StackSlot>,
    private: Vec<bool>,
}

/// A load or store of a private slot: the slot, the offset, and the
/// value stored (None for a load).
struct Access {
    slot: StackSlot,
    offset: i32,
    stored: Option<Value>,
}

impl PrivateSlots {
    /// The slots of `func`, and which are private.
    fn of(func: &Function) -> PrivateSlots {
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
            return PrivateSlots { addresses, private };
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
        PrivateSlots { addresses, private }
    }

    /// The private slot `inst` loads or stores, if any.
    fn access(&self, func: &Function, inst: ir::Inst) -> Option<Access> {
        let (address, offset, stored) = match func.dfg.insts[inst] {
            InstructionData::Load { arg, offset, .. } => (arg, offset, None),
            InstructionData::Store { args, offset, .. } => (args[1], offset, Some(args[0])),
            _ => return None,
        };
        let slot = *self.addresses.get(&func.dfg.resolve_aliases(address))?;
        self.private[slot.as_u32() as usize].then(|| Access {
            slot,
            offset: offset.into(),
            stored,
        })
    }
}

/// Gives each private slot's loads and stores the slot's alias region.
fn tag(func: &mut Function, slots: &PrivateSlots) {
    let mut accesses: Vec<(ir::Inst, StackSlot, MemFlags)> = Vec::new();
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            let access = slots.access(func, inst);
            if let (Some(access), Some(flags)) = (access, func.dfg.insts[inst].memflags()) {
                accesses.push((inst, access.slot, flags));
            }
        }
    }
    // Every tagged variant of the flags is made before any access
    // changes: the set holds at most 2^16 of them, and a slot must be
    // tagged wholly or not at all, so past that nothing is tagged.
    let mut tagged: HashMap<(MemFlags, StackSlot), MemFlags> = HashMap::new();
    for &(_, slot, old) in &accesses {
        if tagged.contains_key(&(old, slot)) {
            continue;
        }
        let region = func.dfg.alias_regions.insert(AliasRegionData {
            user_id: slot.as_u32(),
            description: "a private stack slot".into(),
        });
        let data = func.dfg.mem_flags[old].with_alias_region(Some(region));
        let Ok(new) = func.dfg.mem_flags.insert(data) else {
            return;
        };
        tagged.insert((old, slot), new);
    }
    for (inst, slot, old) in accesses {
        if let Some(flags) = func.dfg.insts[inst].memflags_mut() {
            *flags = tagged[&(old, slot)];
        }
    }
}

/// Within each block, a load of a private slot that reads what an earlier
/// store (or load) of the same bytes and type left there takes that
/// value. Only the slot's own stores write it, so nothing else can
/// intervene; a call still ends what is known, since after a setjmp
/// call control may arrive again with the slot's memory changed, and so
/// does a `sequence_point` (kit's mark of a volatile access).
fn forward(func: &mut Function, slots: &PrivateSlots) {
    let blocks: Vec<ir::Block> = func.layout.blocks().collect();
    for block in blocks {
        let mut known: HashMap<StackSlot, Vec<(i32, Type, Value)>> = HashMap::new();
        let insts: Vec<ir::Inst> = func.layout.block_insts(block).collect();
        for inst in insts {
            let opcode = func.dfg.insts[inst].opcode();
            if opcode.is_call() || opcode == Opcode::SequencePoint {
                known.clear();
                continue;
            }
            let Some(Access {
                slot,
                offset,
                stored,
            }) = slots.access(func, inst)
            else {
                continue;
            };
            if is_volatile(func, slot) {
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
fn drop_unread(func: &mut Function, slots: &PrivateSlots) {
    let mut read = vec![false; slots.private.len()];
    let mut stores = Vec::new();
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            let Some(access) = slots.access(func, inst) else {
                continue;
            };
            match access.stored {
                Some(_) => stores.push((inst, access.slot)),
                None => read[access.slot.as_u32() as usize] = true,
            }
        }
    }
    for (inst, slot) in stores {
        let volatile = is_volatile(func, slot);
        if !read[slot.as_u32() as usize] && !volatile {
            func.layout.remove_inst(inst);
        }
    }
}

/// Private slots that hold one value whole (every access a plain `load`
/// or `store` of one type at offset 0, of the slot's size: a vector
/// local, say) become SSA values, with block parameters where paths
/// join (Cytron et al.'s construction over Cranelift's dominator tree):
/// what a loop carries stays in a register instead of going through the
/// slot at every iteration. Slots of a function that calls anything are
/// left alone, as `forward` leaves calls alone.
fn promote_whole_values(func: &mut Function, slots: &PrivateSlots) {
    let insts = || {
        func.layout
            .blocks()
            .flat_map(|block| func.layout.block_insts(block))
    };
    if insts().any(|inst| func.dfg.insts[inst].opcode().is_call()) {
        return;
    }
    // The type each candidate slot holds, or None once disqualified.
    let mut held: HashMap<StackSlot, Option<Type>> = HashMap::new();
    for inst in insts() {
        let Some(Access {
            slot,
            offset,
            stored,
        }) = slots.access(func, inst)
        else {
            continue;
        };
        let ty = func
            .dfg
            .value_type(stored.unwrap_or_else(|| func.dfg.first_result(inst)));
        let opcode = func.dfg.insts[inst].opcode();
        let plain = matches!(opcode, Opcode::Load | Opcode::Store)
            && offset == 0
            && func.sized_stack_slots[slot].size == ty.bytes()
            && !is_volatile(func, slot)
            && (ty.is_vector() || ty.is_int() && ty.bits() <= 64 || ty.is_float());
        let entry = held.entry(slot).or_insert(Some(ty));
        if !plain || *entry != Some(ty) {
            *entry = None;
        }
    }
    let mut whole: Vec<(StackSlot, Type)> = held
        .into_iter()
        .filter_map(|(slot, ty)| Some((slot, ty?)))
        .collect();
    if whole.is_empty() {
        return;
    }
    whole.sort_by_key(|&(slot, _)| slot);
    let cfg = cranelift_codegen::flowgraph::ControlFlowGraph::with_function(func);
    let domtree = cranelift_codegen::dominator_tree::DominatorTree::with_function(func, &cfg);
    let frontiers = dominance_frontiers(func, &cfg, &domtree);
    for (slot, ty) in whole {
        promote_slot(func, slots, &domtree, &frontiers, slot, ty);
    }
}

/// Each reachable block's dominance frontier.
fn dominance_frontiers(
    func: &Function,
    cfg: &cranelift_codegen::flowgraph::ControlFlowGraph,
    domtree: &cranelift_codegen::dominator_tree::DominatorTree,
) -> HashMap<ir::Block, Vec<ir::Block>> {
    let mut frontiers: HashMap<ir::Block, Vec<ir::Block>> = HashMap::new();
    for block in func.layout.blocks() {
        let preds: Vec<ir::Block> = cfg.pred_iter(block).map(|p| p.block).collect();
        if preds.len() < 2 || !domtree.is_reachable(block) {
            continue;
        }
        let idom = domtree.idom(block);
        for pred in preds {
            let mut runner = Some(pred);
            while let Some(r) = runner.filter(|&r| Some(r) != idom && domtree.is_reachable(r)) {
                let frontier = frontiers.entry(r).or_default();
                if !frontier.contains(&block) {
                    frontier.push(block);
                }
                runner = domtree.idom(r);
            }
        }
    }
    frontiers
}

/// Replaces `slot`'s loads and stores by SSA values of type `ty`.
fn promote_slot(
    func: &mut Function,
    slots: &PrivateSlots,
    domtree: &cranelift_codegen::dominator_tree::DominatorTree,
    frontiers: &HashMap<ir::Block, Vec<ir::Block>>,
    slot: StackSlot,
    ty: Type,
) {
    // The slot's access at `inst`: the value stored, or None for a load.
    let of_slot = |func: &Function, inst| {
        slots
            .access(func, inst)
            .filter(|access| access.slot == slot)
            .map(|access| access.stored)
    };
    // Blocks that store to the slot, and the joins that need a parameter.
    let mut defining: Vec<ir::Block> = Vec::new();
    for block in func.layout.blocks() {
        let stores = func
            .layout
            .block_insts(block)
            .any(|inst| matches!(of_slot(func, inst), Some(Some(_))));
        if stores && domtree.is_reachable(block) {
            defining.push(block);
        }
    }
    let mut params: HashMap<ir::Block, Value> = HashMap::new();
    let mut work = defining.clone();
    while let Some(block) = work.pop() {
        for &join in frontiers.get(&block).map_or(&[][..], Vec::as_slice) {
            if let std::collections::hash_map::Entry::Vacant(e) = params.entry(join) {
                e.insert(func.dfg.append_block_param(join, ty));
                work.push(join);
            }
        }
    }
    // What a read before any store gets (C leaves it indeterminate).
    let Some(entry) = func.layout.entry_block() else {
        return;
    };
    let first = func.layout.first_inst(entry).expect("an entry with code");
    let mut pos = FuncCursor::new(func).at_inst(first);
    let undefined = {
        use cranelift_codegen::ir::InstBuilder;
        let ins = pos.ins();
        if ty.is_vector() {
            let zero = ins.iconst(ir::types::I8, 0);
            let bytes = pos.ins().splat(ir::types::I8X16, zero);
            if ty == ir::types::I8X16 {
                bytes
            } else {
                let flags = ir::MemFlagsData::new().with_endianness(ir::Endianness::Little);
                pos.ins().bitcast(ty, flags, bytes)
            }
        } else if ty == ir::types::F32 {
            ins.f32const(0.0)
        } else if ty == ir::types::F64 {
            ins.f64const(0.0)
        } else {
            ins.iconst(ty, 0)
        }
    };
    // Rename down the dominator tree, children after their parent.
    let mut children: HashMap<ir::Block, Vec<ir::Block>> = HashMap::new();
    for block in func.layout.blocks() {
        if let Some(idom) = domtree.idom(block) {
            children.entry(idom).or_default().push(block);
        }
    }
    let mut stack = vec![(entry, undefined)];
    while let Some((block, incoming)) = stack.pop() {
        let mut current = params.get(&block).copied().unwrap_or(incoming);
        let insts: Vec<ir::Inst> = func.layout.block_insts(block).collect();
        for inst in insts {
            match of_slot(func, inst) {
                Some(Some(stored)) => {
                    current = stored;
                    func.layout.remove_inst(inst);
                }
                Some(None) => {
                    let result = func.dfg.first_result(inst);
                    func.dfg.clear_results(inst);
                    func.dfg.change_to_alias(result, current);
                    func.layout.remove_inst(inst);
                }
                None => {
                    if func.dfg.insts[inst].opcode().is_branch() {
                        pass_to_joins(func, inst, &params, current);
                    }
                }
            }
        }
        for &child in children.get(&block).map_or(&[][..], Vec::as_slice) {
            stack.push((child, current));
        }
    }
    // A block no path reaches may still jump to a join: it passes the
    // undefined value (Cranelift removes it later).
    let unreachable: Vec<ir::Block> = func
        .layout
        .blocks()
        .filter(|&block| !domtree.is_reachable(block))
        .collect();
    for block in unreachable {
        if let Some(last) = func.layout.last_inst(block) {
            if func.dfg.insts[last].opcode().is_branch() {
                pass_to_joins(func, last, &params, undefined);
            }
        }
    }
}

/// Gives `value` to every destination of `branch` that has a parameter
/// for the slot being promoted (appended last, as the parameter was).
fn pass_to_joins(
    func: &mut Function,
    branch: ir::Inst,
    params: &HashMap<ir::Block, Value>,
    value: Value,
) {
    let dfg = &mut func.dfg;
    let calls =
        dfg.insts[branch].branch_destination_mut(&mut dfg.jump_tables, &mut dfg.exception_tables);
    for call in calls {
        let target = call.block(&dfg.value_lists);
        if params.contains_key(&target) {
            call.append_argument(value, &mut dfg.value_lists);
        }
    }
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

    /// Seals every block and finishes the function for the host.
    fn finish(mut b: FunctionBuilder) {
        b.seal_all_blocks();
        let flags = cranelift_codegen::settings::Flags::new(cranelift_codegen::settings::builder());
        let host = cranelift_native::builder().expect("the host is supported");
        b.finalize(host.finish(flags).expect("an ISA").frontend_config());
    }

    fn verify(func: &Function) {
        let flags = cranelift_codegen::settings::Flags::new(cranelift_codegen::settings::builder());
        let verified = cranelift_codegen::verify_function(func, &flags);
        assert!(verified.is_ok(), "{verified:?}\n{}", func.display());
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
        b.func.sized_stack_slots[slots[3]].key = Some(volatile_key());
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
        finish(b);
        assert_eq!(count(&func, Opcode::Store), 5);
        optimize(&mut func);
        // a's load took the stored value; a and b are read by nothing
        // now, so their stores went; c's, v's and d's stayed, and d's
        // load.
        assert_eq!(count(&func, Opcode::Load), 1, "{}", func.display());
        assert_eq!(count(&func, Opcode::Store), 3, "{}", func.display());
        let ret = func.layout.last_inst(block).expect("a return");
        let returned = func.dfg.resolve_aliases(func.dfg.inst_args(ret)[0]);
        assert_eq!(returned, x);
        verify(&func);
    }

    /// fn(x: i8x16, n: i64) -> i8x16 { s = x; loop { s = s + s } while
    /// (--n); return s; } with `s` in a slot: the loop carries it in a
    /// block parameter, and no load or store of it is left.
    #[test]
    fn a_value_a_loop_carries_in_a_slot_becomes_a_block_parameter() {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I8X16));
        sig.params.push(AbiParam::new(types::I64));
        sig.returns.push(AbiParam::new(types::I8X16));
        let mut func = Function::with_name_signature(ir::UserFuncName::default(), sig);
        let mut context = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut context);
        let (entry, body, exit) = (b.create_block(), b.create_block(), b.create_block());
        b.append_block_params_for_function_params(entry);
        let counter = b.append_block_param(body, types::I64);
        b.switch_to_block(entry);
        let (x, n) = (b.block_params(entry)[0], b.block_params(entry)[1]);
        let s = slot(&mut b);
        let at = b.ins().stack_addr(types::I64, s, 0);
        let flags = MemFlagsData::new();
        b.ins().store(flags, x, at, 0);
        b.ins().jump(body, &[n.into()]);
        b.switch_to_block(body);
        let v = b.ins().load(types::I8X16, flags, at, 0);
        let doubled = b.ins().iadd(v, v);
        b.ins().store(flags, doubled, at, 0);
        let left = b.ins().iadd_imm_s(counter, -1);
        b.ins().brif(left, body, &[left.into()], exit, &[]);
        b.switch_to_block(exit);
        let result = b.ins().load(types::I8X16, flags, at, 0);
        b.ins().return_(&[result]);
        finish(b);

        optimize(&mut func);
        assert_eq!(count(&func, Opcode::Load), 0, "{}", func.display());
        assert_eq!(count(&func, Opcode::Store), 0, "{}", func.display());
        assert_eq!(func.dfg.num_block_params(body), 2, "{}", func.display());
        verify(&func);
    }
}
