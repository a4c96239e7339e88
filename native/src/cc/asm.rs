//! GNU inline assembly. Cranelift cannot take machine code inside a
//! function, so each `asm` statement becomes a helper function of the
//! object, called where the statement stands:
//!
//! - the operands go through a block of 16-byte slots in the caller's
//!   frame, one per operand: an input's value (or an `m` operand's
//!   address) before the call, an output's value after it;
//! - the helper saves the callee-saved registers, loads each register
//!   operand from its slot (the block's address in `%r15`, and on the
//!   stack, since the template may clobber `%r15`), runs the template
//!   with every `%N` replaced by the register, memory reference or
//!   immediate its constraint chose, stores the outputs and returns;
//! - the GNU assembler (`as`, of binutils) assembles it, and its code is
//!   defined as a local function of the object. kit has no assembler of
//!   its own; without `as` an `asm` statement is an error that says so.
//!
//! Supported constraints: the registers `a b c d S D` and `r q R g`
//! (kit picks one), `x` (an SSE register, for a `float`, a `double` or
//! a vector of up to 16 bytes), `t` and `u` (the x87 stack's top two, for
//! `float`, `double` and `long double`: inputs are pushed before the
//! template, outputs popped after it, and inputs the template leaves,
//! unless it pops them as its `st` clobbers say, popped too), memory
//! `m o V`, immediates `i n` (and
//! `g`, `ri`, `rn` with a constant), matching `0`-`9` and `[name]`,
//! modifiers `= + &`. Operand modifiers: `b h w k q` (register width),
//! `c P` (a bare constant), `l` (an `asm goto` label). A call is a
//! compiler barrier, so `volatile` and the `memory` clobber hold;
//! clobbered registers are saved or are the caller's to lose at a call
//! anyway. `asm goto`'s jumps to a label (`%l0`, `%l[name]`) leave the
//! helper through a tail that records which label, and the caller goes
//! there. The template may name symbols; `as` leaves relocations for
//! them, which the unit resolves (unit.rs `asm_reference`). Not
//! supported, each refused by name: other constraints (`f`, any x87
//! register), 32-bit absolute addresses, templates that place data.

use std::collections::HashMap;
use std::fmt::Write as _;

use cranelift_codegen::ir::{types as ir_types, InstBuilder, MemFlagsData, Value};
use lang_c::ast::*;
use lang_c::span::Node;

use super::super::decl::{error, Error, Result};
use super::super::types::Type;
use super::{asm_text, FnLower};

/// Bytes per operand slot (an SSE register's).
const SLOT: usize = 16;

/// The general registers kit may choose for an `r` operand, in order
/// (neither the stack nor the frame pointer, nor `%r15`, the block's).
const FREE: &[Reg] = &[
    Reg::Rax,
    Reg::Rcx,
    Reg::Rdx,
    Reg::Rsi,
    Reg::Rdi,
    Reg::R8,
    Reg::R9,
    Reg::R10,
    Reg::R11,
    Reg::Rbx,
    Reg::R12,
    Reg::R13,
    Reg::R14,
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reg {
    Rax,
    Rbx,
    Rcx,
    Rdx,
    Rsi,
    Rdi,
    R8,
    R9,
    R10,
    R11,
    R12,
    R13,
    R14,
}

impl Reg {
    /// The register's name at `size` bytes (AT&T, without `%`).
    fn name(self, size: u64) -> String {
        let legacy = |b: &str, w: &str, d: &str, q: &str| {
            match size {
                1 => b,
                2 => w,
                4 => d,
                _ => q,
            }
            .to_owned()
        };
        let numbered = |n: u8| match size {
            1 => format!("r{n}b"),
            2 => format!("r{n}w"),
            4 => format!("r{n}d"),
            _ => format!("r{n}"),
        };
        match self {
            Reg::Rax => legacy("al", "ax", "eax", "rax"),
            Reg::Rbx => legacy("bl", "bx", "ebx", "rbx"),
            Reg::Rcx => legacy("cl", "cx", "ecx", "rcx"),
            Reg::Rdx => legacy("dl", "dx", "edx", "rdx"),
            Reg::Rsi => legacy("sil", "si", "esi", "rsi"),
            Reg::Rdi => legacy("dil", "di", "edi", "rdi"),
            Reg::R8 => numbered(8),
            Reg::R9 => numbered(9),
            Reg::R10 => numbered(10),
            Reg::R11 => numbered(11),
            Reg::R12 => numbered(12),
            Reg::R13 => numbered(13),
            Reg::R14 => numbered(14),
        }
    }

    /// `%h`: the high byte register of a, b, c, d.
    fn high_byte(self) -> Option<&'static str> {
        match self {
            Reg::Rax => Some("ah"),
            Reg::Rbx => Some("bh"),
            Reg::Rcx => Some("ch"),
            Reg::Rdx => Some("dh"),
            _ => None,
        }
    }

    /// The register a clobber names (`"ecx"`, `"%r8"`), if kit may give.
    fn clobbered(name: &str) -> Option<Reg> {
        let name = name.trim_start_matches('%');
        FREE.iter()
            .copied()
            .find(|r| [1, 2, 4, 8].iter().any(|&size| r.name(size) == name))
    }
}

/// Where an operand lives while the template runs.
#[derive(Clone, Debug)]
enum Place {
    Register(Reg),
    /// An SSE register, `%xmmN` (a float or double operand).
    Xmm(u8),
    /// At the address this register holds.
    Memory(Reg),
    Immediate(i64),
    /// The x87 stack register `%st(N)` (`t` is 0, `u` is 1).
    X87(u8),
}

/// One operand: where it lives, its size, and its slot in the block.
struct Operand {
    place: Place,
    size: u64,
    /// A vector in an SSE register: its bytes are copied, not its value.
    vector: bool,
    name: Option<String>,
    /// Loaded before the template (an input, or an in-out output).
    loads: bool,
    /// Stored after it (an output in a register).
    stores: bool,
}

/// What a constraint asks for, its modifiers taken off.
#[derive(PartialEq)]
enum Wants {
    Fixed(Reg),
    AnyRegister,
    /// `x`: an SSE register.
    Sse,
    /// `t` or `u`: the top of the x87 stack or the register below it.
    X87(u8),
    Memory,
    Immediate,
    RegisterOrImmediate,
    Tied(usize),
}

/// The constraint's letters without `=`, `+`, `&`, `%` and the
/// alternatives after a `,`.
fn wants(constraint: &str, names: &[Option<String>]) -> std::result::Result<Wants, String> {
    let letters: String = constraint
        .split(',')
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '=' | '+' | '&' | '%' | '*' | '?' | '!'))
        .collect();
    if let Ok(n) = letters.parse::<usize>() {
        return Ok(Wants::Tied(n));
    }
    if let Some(name) = letters.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
        return names
            .iter()
            .position(|n| n.as_deref() == Some(name))
            .map(Wants::Tied)
            .ok_or_else(|| format!("undefined named operand '{name}'"));
    }
    let has = |set: &str| letters.chars().any(|c| set.contains(c));
    let fixed = letters.chars().find_map(|c| match c {
        'a' => Some(Reg::Rax),
        'b' => Some(Reg::Rbx),
        'c' => Some(Reg::Rcx),
        'd' => Some(Reg::Rdx),
        'S' => Some(Reg::Rsi),
        'D' => Some(Reg::Rdi),
        _ => None,
    });
    if let Some(reg) = fixed {
        return Ok(Wants::Fixed(reg));
    }
    if has("xv") {
        return Ok(Wants::Sse);
    }
    if letters == "t" || letters == "u" {
        return Ok(Wants::X87(u8::from(letters == "u")));
    }
    if has("rqRgl") && has("inIJKLMNe") || letters == "g" {
        return Ok(Wants::RegisterOrImmediate);
    }
    if has("rqRl") {
        return Ok(Wants::AnyRegister);
    }
    if has("moV") {
        return Ok(Wants::Memory);
    }
    if has("inIJKLMNe") {
        return Ok(Wants::Immediate);
    }
    Err(format!(
        "kit does not support the asm constraint '{constraint}'"
    ))
}

impl FnLower<'_, '_> {
    /// An `asm` statement with instructions: its helper, called with the
    /// operand block (see the module's comment).
    pub(super) fn translate_instructions(&mut self, a: &AsmStatement, offset: usize) -> Result<()> {
        let x = match a {
            // Basic asm: the text as it is, no operands.
            AsmStatement::GnuBasic(t) => {
                return self
                    .call_asm(
                        &asm_text(&t.node),
                        &[],
                        (0, &X87Stack::default()),
                        offset,
                        &[],
                    )
                    .map(|_| ())
            }
            AsmStatement::GnuExtended(x) => x,
        };
        let template = asm_text(&x.template.node);
        // `asm goto`'s labels, as the parser shims pass them.
        let labels: Vec<String> = x
            .clobbers
            .iter()
            .filter_map(|c| {
                asm_text(&c.node)
                    .strip_prefix("__kit_goto ")
                    .map(str::to_owned)
            })
            .flat_map(|list| list.split(',').map(str::to_owned).collect::<Vec<_>>())
            .collect();
        let all: Vec<&Node<GnuAsmOperand>> = x.outputs.iter().chain(&x.inputs).collect();
        let names: Vec<Option<String>> = all
            .iter()
            .map(|o| o.node.symbolic_name.as_ref().map(|n| n.node.name.clone()))
            .collect();
        let constraints: Vec<String> = all
            .iter()
            .map(|o| asm_text(&o.node.constraints.node))
            .collect();
        let mut wanted = Vec::new();
        for (i, (operand, constraint)) in all.iter().zip(&constraints).enumerate() {
            let at = operand.node.constraints.span.start;
            let output = i < x.outputs.len();
            if output && !constraint.contains(['=', '+']) {
                return error(at, "output operand constraint lacks '='");
            }
            if let (false, Some(c)) = (output, constraint.chars().find(|c| matches!(c, '=' | '+')))
            {
                return error(at, format!("input operand constraint contains '{c}'"));
            }
            wanted.push(wants(constraint, &names).or_else(|m| error(at, m))?);
        }
        let places = self.allocate(x, &wanted, &constraints)?;
        let mut operands: Vec<Operand> = Vec::new();
        let mut values: Vec<Option<Value>> = Vec::new();
        // Outputs: their lvalues, evaluated once.
        let mut lvalues = Vec::new();
        for (i, output) in x.outputs.iter().enumerate() {
            let at = output.node.constraints.span.start;
            let (address, ty) = self.translate_lvalue(&output.node.variable_name)?;
            let size = operand_size(&ty, &places[i], at)?;
            let in_out = constraints[i].contains('+');
            let memory = matches!(places[i], Place::Memory(_));
            values.push(if memory {
                Some(address)
            } else if in_out {
                Some(self.load(address, &ty))
            } else {
                None
            });
            operands.push(Operand {
                place: places[i].clone(),
                size,
                vector: ty.is_vector() && !memory,
                name: names[i].clone(),
                loads: in_out || memory,
                stores: !memory,
            });
            lvalues.push((address, ty));
        }
        for (j, input) in x.inputs.iter().enumerate() {
            let index = x.outputs.len() + j;
            let at = input.node.constraints.span.start;
            let e = &input.node.variable_name;
            let mut vector = false;
            let (value, size) = match (&wanted[index], &places[index]) {
                (_, Place::Immediate(_)) => (None, 8),
                (Wants::Tied(n), _) => {
                    // The output's slot carries the input in.
                    let v = self.translate_expr(e)?;
                    let ty = lvalues[*n].1.clone();
                    values[*n] = Some(self.convert(v, &ty, at)?);
                    operands[*n].loads = true;
                    (None, operands[*n].size)
                }
                (_, Place::Memory(_)) => (Some(self.operand_address(e, at)?), 8),
                (_, place @ (Place::Register(_) | Place::Xmm(_) | Place::X87(_))) => {
                    let v = self.translate_expr(e)?;
                    let ty = v.ty.decay();
                    let size = operand_size(&ty, place, at)?;
                    vector = ty.is_vector();
                    (Some(self.convert(v, &ty, at)?), size)
                }
            };
            operands.push(Operand {
                place: places[index].clone(),
                size,
                vector,
                name: names[index].clone(),
                loads: value.is_some(),
                stores: false,
            });
            values.push(value);
        }
        check_x87_groups(&operands).or_else(|m| error(offset, m))?;
        let clobbers: Vec<String> = x.clobbers.iter().map(|c| asm_text(&c.node)).collect();
        let stack = X87Stack::of_clobbers(&clobbers);
        let body = substitute(&template, &operands, &labels).or_else(|m| error(offset, m))?;
        let block = self.call_asm(&body, &operands, (labels.len(), &stack), offset, &values)?;
        // The outputs, from their slots.
        for (i, (address, ty)) in lvalues.into_iter().enumerate() {
            if !operands[i].stores {
                continue;
            }
            if operands[i].vector {
                let slot = self.b.ins().iadd_imm_s(block, (SLOT * i) as i64);
                self.copy(address, slot, operands[i].size);
                continue;
            }
            let ir_type = ty.ir().unwrap_or(ir_types::I64);
            let value = self
                .b
                .ins()
                .load(ir_type, MemFlagsData::new(), block, (SLOT * i) as i32);
            self.store(address, value, &ty);
        }
        self.asm_goto_dispatch(block, operands.len(), &labels, offset);
        Ok(())
    }

    /// After an `asm goto`'s helper: to label k when its slot `exit`
    /// holds k + 1, else on.
    fn asm_goto_dispatch(&mut self, block: Value, exit: usize, labels: &[String], offset: usize) {
        if labels.is_empty() {
            return;
        }
        let taken = self.b.ins().load(
            ir_types::I64,
            MemFlagsData::new(),
            block,
            (SLOT * exit) as i32,
        );
        for (k, label) in labels.iter().enumerate() {
            let vlas = self.vlas_in_scope();
            self.label_uses.push((label.clone(), offset, vlas));
            let target = self.label_block(label);
            let jump = self.b.create_block();
            let next = self.b.create_block();
            let here = self.b.ins().icmp_imm_s(
                cranelift_codegen::ir::condcodes::IntCC::Equal,
                taken,
                k as i64 + 1,
            );
            self.b.ins().brif(here, jump, &[], next, &[]);
            self.b.switch_to_block(jump);
            self.b.seal_block(jump);
            self.goto_with_cleanups(label, target);
            self.b.switch_to_block(next);
            self.b.seal_block(next);
        }
    }

    /// Where each operand lives (outputs first, then inputs): the fixed
    /// registers first, an output's and an input's may be the same one
    /// (as in gcc); then kit's choices, each register given once; an
    /// address for memory; a constant for an immediate.
    fn allocate(
        &mut self,
        x: &GnuExtendedAsmStatement,
        wanted: &[Wants],
        constraints: &[String],
    ) -> Result<Vec<Place>> {
        let outputs = x.outputs.len();
        let at = |i: usize| {
            let operand = if i < outputs {
                &x.outputs[i]
            } else {
                &x.inputs[i - outputs]
            };
            operand.node.constraints.span.start
        };
        let mut taken: Vec<Reg> = x
            .clobbers
            .iter()
            .filter_map(|c| Reg::clobbered(&asm_text(&c.node)))
            .collect();
        let (mut fixed_outputs, mut fixed_inputs) = (Vec::new(), Vec::new());
        for (i, w) in wanted.iter().enumerate() {
            if let Wants::Fixed(reg) = w {
                let side = if i < outputs {
                    &mut fixed_outputs
                } else {
                    &mut fixed_inputs
                };
                if side.contains(reg) {
                    return error(
                        at(i),
                        format!("register '{}' is used twice in 'asm'", reg.name(8)),
                    );
                }
                side.push(*reg);
            }
        }
        taken.extend(fixed_outputs.iter().chain(&fixed_inputs));
        let mut places = Vec::new();
        for (i, w) in wanted.iter().enumerate() {
            let output = i < outputs;
            let constant = match w {
                Wants::Immediate | Wants::RegisterOrImmediate if !output => self
                    .constant_expr(&x.inputs[i - outputs].node.variable_name)
                    .ok(),
                _ => None,
            };
            let place = match (w, constant) {
                (Wants::Immediate | Wants::RegisterOrImmediate, Some(c)) => Place::Immediate(c),
                (Wants::Immediate, None) if !output => {
                    return error(
                        at(i),
                        "impossible constraint in 'asm': the operand is not a constant",
                    )
                }
                (Wants::Immediate | Wants::Tied(_), _) if output => {
                    return error(
                        at(i),
                        format!("invalid asm output constraint '{}'", constraints[i]),
                    )
                }
                (Wants::Fixed(reg), _) => Place::Register(*reg),
                (Wants::Tied(n), _) => match places.get(*n) {
                    Some(Place::Register(reg)) if *n < outputs => Place::Register(*reg),
                    Some(Place::Xmm(x)) if *n < outputs => Place::Xmm(*x),
                    Some(Place::X87(k)) if *n < outputs => Place::X87(*k),
                    _ => {
                        return error(
                            at(i),
                            format!(
                                "matching constraint '{}' does not name an output in a register",
                                constraints[i]
                            ),
                        )
                    }
                },
                (Wants::X87(k), _) => Place::X87(*k),
                (Wants::Memory, _) => Place::Memory(pick(&mut taken).or_else(|m| error(at(i), m))?),
                (Wants::Sse, _) => {
                    let n = places.iter().filter(|p| matches!(p, Place::Xmm(_))).count();
                    if n >= 16 {
                        return error(at(i), "'asm' operand has impossible constraints");
                    }
                    Place::Xmm(n as u8)
                }
                _ => Place::Register(pick(&mut taken).or_else(|m| error(at(i), m))?),
            };
            places.push(place);
        }
        Ok(places)
    }

    /// The address of an `m` input: the lvalue's, or a temporary's.
    fn operand_address(&mut self, e: &Node<Expression>, at: usize) -> Result<Value> {
        if let Ok((address, _)) = self.translate_lvalue(e) {
            return Ok(address);
        }
        let v = self.translate_expr(e)?;
        let ty = v.ty.decay();
        let size = ty.size().unwrap_or(8).max(1);
        let slot = self.raw_slot(size as u32, ty.align());
        let address = self.slot_address(slot);
        let value = self.convert(v, &ty, at)?;
        self.store(address, value, &ty);
        Ok(address)
    }

    /// Emits the call of the helper running `body` with `operands`, each
    /// value of `values` (in operand order) in its slot; returns the
    /// block, where the outputs are after the call.
    fn call_asm(
        &mut self,
        body: &str,
        operands: &[Operand],
        (labels, stack): (usize, &X87Stack),
        offset: usize,
        values: &[Option<Value>],
    ) -> Result<Value> {
        let helper = self
            .unit
            .asm_helper(&helper_text(body, operands, labels, stack), offset)?;
        // One more slot for an `asm goto`'s exit.
        let slots = (operands.len() + usize::from(labels > 0)).max(1) as u32;
        let slot = self.raw_slot(SLOT as u32 * slots, SLOT as u64);
        let block = self.b.ins().stack_addr(ir_types::I64, slot, 0);
        for (i, value) in values.iter().enumerate() {
            if let (Some(address), true) = (*value, operands.get(i).is_some_and(|o| o.vector)) {
                let slot = self.b.ins().iadd_imm_s(block, (SLOT * i) as i64);
                self.copy(slot, address, operands[i].size);
                continue;
            }
            if let Some(value) = *value {
                let ty = self.b.func.dfg.value_type(value);
                let value = if ty.bits() < 64 && ty.is_int() {
                    self.b.ins().uextend(ir_types::I64, value)
                } else {
                    value
                };
                self.b
                    .ins()
                    .store(MemFlagsData::new(), value, block, (SLOT * i) as i32);
            }
        }
        let fref = self.func_ref(helper);
        self.b.ins().call(fref, &[block]);
        Ok(block)
    }
}

/// The first register kit may give that is not `taken`, now taken.
fn pick(taken: &mut Vec<Reg>) -> std::result::Result<Reg, String> {
    let reg = FREE
        .iter()
        .copied()
        .find(|r| !taken.contains(r))
        .ok_or("'asm' operand has impossible constraints")?;
    taken.push(reg);
    Ok(reg)
}

/// The helper's assembly: save, load, template, store, restore. With
/// `labels` (`asm goto`), the template's jumps to label k reach a tail
/// that writes k + 1 in the slot after the operands (0 when it falls
/// through).
/// The x87 stack around a template: which registers it pops (its
/// clobbers `st`, `st(1)`, ...), for the values left to pop after it.
#[derive(Default)]
struct X87Stack {
    popped: Vec<u8>,
}

impl X87Stack {
    fn of_clobbers(clobbers: &[String]) -> X87Stack {
        let popped = clobbers
            .iter()
            .filter_map(|c| match c.as_str() {
                "st" => Some(0),
                c => c.strip_prefix("st(")?.strip_suffix(')')?.parse().ok(),
            })
            .collect();
        X87Stack { popped }
    }
}

/// gcc's rules for x87 operands: outputs, and inputs, each a group from
/// the top of the stack (`t` before `u`).
fn check_x87_groups(operands: &[Operand]) -> std::result::Result<(), String> {
    let grouped = |positions: Vec<u8>| {
        positions
            .iter()
            .all(|&k| k == 0 || positions.contains(&(k - 1)))
    };
    let positions = |f: fn(&Operand) -> bool| {
        operands
            .iter()
            .filter(|o| f(o))
            .filter_map(|o| match o.place {
                Place::X87(k) => Some(k),
                _ => None,
            })
            .collect::<Vec<u8>>()
    };
    if !grouped(positions(|o| o.stores)) {
        return Err("output registers must be grouped at top of stack".into());
    }
    if !grouped(positions(|o| o.loads || !o.stores)) {
        return Err("explicitly used registers must be grouped at top of stack".into());
    }
    Ok(())
}

/// The x87 load or store instruction's size suffix for an operand.
fn x87_suffix(size: u64) -> char {
    match size {
        4 => 's',
        8 => 'l',
        _ => 't',
    }
}

/// Pushes the x87 inputs, the deepest first, so that each is at its
/// `%st(N)` when the template starts.
fn load_x87(text: &mut String, operands: &[Operand]) {
    for k in [1, 0] {
        let loaded = operands
            .iter()
            .enumerate()
            .find(|(_, o)| o.loads && matches!(o.place, Place::X87(p) if p == k));
        if let Some((i, operand)) = loaded {
            let _ = writeln!(
                text,
                "    fld{} {}(%r15)",
                x87_suffix(operand.size),
                SLOT * i
            );
        }
    }
}

/// Pops the x87 outputs into their slots, from the top (a long double's
/// padding zeroed, as kit keeps it), then whatever inputs the template
/// left on the stack.
fn store_x87(text: &mut String, operands: &[Operand], stack: &X87Stack) {
    let mut outputs = 0;
    for k in 0..2u8 {
        let stored = operands
            .iter()
            .enumerate()
            .find(|(_, o)| o.stores && matches!(o.place, Place::X87(p) if p == k));
        if let Some((i, operand)) = stored {
            let at = SLOT * i;
            let _ = writeln!(text, "    fstp{} {at}(%r15)", x87_suffix(operand.size));
            if operand.size == 16 {
                let _ = writeln!(
                    text,
                    "    movw $0, {}(%r15)\n    movl $0, {}(%r15)",
                    at + 10,
                    at + 12
                );
            }
            outputs += 1;
        }
    }
    let left = [0u8, 1]
        .iter()
        .filter(|&&k| k >= outputs && !stack.popped.contains(&k))
        .filter(|&&k| {
            operands
                .iter()
                .any(|o| o.loads && matches!(o.place, Place::X87(p) if p == k))
        })
        .count();
    for _ in 0..left {
        text.push_str("    fstp %st(0)\n");
    }
}

fn helper_text(body: &str, operands: &[Operand], labels: usize, stack: &X87Stack) -> String {
    let mut text = String::from(".text\n.globl kit_asm\nkit_asm:\n");
    for reg in ["rbx", "rbp", "r12", "r13", "r14", "r15"] {
        let _ = writeln!(text, "    push %{reg}");
    }
    // The block's address also on the stack: a template may clobber r15.
    text.push_str("    sub $8, %rsp\n    mov %rdi, (%rsp)\n    mov %rdi, %r15\n");
    for (i, operand) in operands.iter().enumerate() {
        match operand.place {
            Place::Register(reg) | Place::Memory(reg) if operand.loads => {
                let _ = writeln!(text, "    mov {}(%r15), %{}", SLOT * i, reg.name(8));
            }
            Place::Xmm(n) if operand.loads => {
                let _ = writeln!(text, "    movdqu {}(%r15), %xmm{n}", SLOT * i);
            }
            _ => {}
        }
    }
    load_x87(&mut text, operands);
    text.push_str(body);
    text.push_str("\n    mov (%rsp), %r15\n");
    if labels > 0 {
        let exit = SLOT * operands.len();
        let _ = writeln!(text, "    movq $0, {exit}(%r15)\n    jmp .Lkit_exit");
        for k in 0..labels {
            let _ = writeln!(
                text,
                ".Lkit_label{k}:\n    mov (%rsp), %r15\n    movq ${}, {exit}(%r15)\n    jmp .Lkit_exit",
                k + 1
            );
        }
        text.push_str(".Lkit_exit:\n");
    }
    for (i, operand) in operands.iter().enumerate() {
        match (&operand.place, operand.stores) {
            (Place::Register(reg), true) => {
                let _ = writeln!(text, "    mov %{}, {}(%r15)", reg.name(8), SLOT * i);
            }
            (Place::Xmm(n), true) => {
                let _ = writeln!(text, "    movdqu %xmm{n}, {}(%r15)", SLOT * i);
            }
            _ => {}
        }
    }
    store_x87(&mut text, operands, stack);
    text.push_str("    add $8, %rsp\n");
    for reg in ["r15", "r14", "r13", "r12", "rbp", "rbx"] {
        let _ = writeln!(text, "    pop %{reg}");
    }
    text.push_str("    ret\n");
    text
}

/// The template with its operands written in: `%N`, `%[name]` and their
/// modifiers, `%%` and `%=`.
fn substitute(
    template: &str,
    operands: &[Operand],
    labels: &[String],
) -> std::result::Result<String, String> {
    // `{att|intel}` dialect alternatives: the first.
    let template = dialect(template);
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let modifier = match chars.peek() {
            Some('%') => {
                chars.next();
                out.push('%');
                continue;
            }
            Some('=') => {
                chars.next();
                out.push('0');
                continue;
            }
            Some(&m) if m.is_ascii_alphabetic() => {
                chars.next();
                Some(m)
            }
            _ => None,
        };
        let index = if chars.peek() == Some(&'[') {
            chars.next();
            let name: String = chars.by_ref().take_while(|c| *c != ']').collect();
            if modifier == Some('l') {
                // `%l[label]`: an `asm goto` label by name.
                let k = labels
                    .iter()
                    .position(|l| {
                        l == &name || l.split("__kit_local").next() == Some(name.as_str())
                    })
                    .ok_or_else(|| format!("undefined named operand '{name}'"))?;
                out.push_str(&format!(".Lkit_label{k}"));
                continue;
            }
            operands
                .iter()
                .position(|o| o.name.as_deref() == Some(name.as_str()))
                .ok_or_else(|| format!("undefined named operand '{name}'"))?
        } else {
            let digits: String =
                std::iter::from_fn(|| chars.next_if(|c| c.is_ascii_digit())).collect();
            digits
                .parse::<usize>()
                .map_err(|_| "invalid 'asm': operand number missing after %-letter".to_owned())?
        };
        if modifier == Some('l') {
            // `%lN`: label N - (number of operands) of an `asm goto`.
            let k = index
                .checked_sub(operands.len())
                .filter(|k| *k < labels.len())
                .ok_or_else(|| "invalid 'asm': operand number out of range".to_owned())?;
            out.push_str(&format!(".Lkit_label{k}"));
            continue;
        }
        let operand = operands
            .get(index)
            .ok_or_else(|| "invalid 'asm': operand number out of range".to_owned())?;
        out.push_str(&operand_text(operand, modifier)?);
    }
    Ok(out)
}

/// `{att|intel}`: the AT&T spelling.
fn dialect(template: &str) -> String {
    let mut out = String::new();
    let mut depth_choice: Option<usize> = None;
    for c in template.chars() {
        match (c, depth_choice) {
            ('{', None) => depth_choice = Some(0),
            ('|', Some(0)) => depth_choice = Some(1),
            ('}', Some(_)) => depth_choice = None,
            (_, Some(1)) => {}
            _ => out.push(c),
        }
    }
    out
}

/// How operand `operand` reads in the template under `modifier`.
fn operand_text(operand: &Operand, modifier: Option<char>) -> std::result::Result<String, String> {
    match (&operand.place, modifier) {
        (Place::Immediate(v), Some('c' | 'P')) => Ok(v.to_string()),
        (Place::Immediate(v), None) => Ok(format!("${v}")),
        (Place::Register(reg), Some('h')) => reg
            .high_byte()
            .map(|r| format!("%{r}"))
            .ok_or_else(|| "invalid 'asm': %h of a register without a high byte".to_owned()),
        (Place::Register(reg), m) => {
            let size = match m {
                Some('b') => 1,
                Some('w') => 2,
                Some('k') => 4,
                Some('q') => 8,
                None => operand.size,
                Some(other) => {
                    return Err(format!(
                        "kit does not support the asm operand modifier '%{other}'"
                    ))
                }
            };
            Ok(format!("%{}", reg.name(size)))
        }
        (Place::Memory(reg), None) => Ok(format!("(%{})", reg.name(8))),
        (Place::Xmm(n), None) => Ok(format!("%xmm{n}")),
        (Place::X87(0), None) => Ok("%st".to_owned()),
        (Place::X87(k), None) => Ok(format!("%st({k})")),
        (_, Some(other)) => Err(format!(
            "kit does not support the asm operand modifier '%{other}' here"
        )),
    }
}

/// An operand's size in bytes where it lives: integers and pointers of
/// up to 8 in a general register, `float` and `double` in an SSE one,
/// anything in memory.
fn operand_size(ty: &Type, place: &Place, at: usize) -> Result<u64> {
    let ty = ty.decay();
    let fits = match place {
        Place::Register(_) => ty.is_integer() || ty.is_pointer() || ty == Type::Bool,
        Place::Xmm(_) => {
            matches!(ty, Type::Float | Type::Double)
                || (ty.is_vector() && ty.size().is_some_and(|size| size <= 16))
        }
        Place::X87(_) => matches!(ty, Type::Float | Type::Double | Type::LongDouble),
        Place::Memory(_) | Place::Immediate(_) => return Ok(8),
    };
    if !fits {
        let register = match place {
            Place::Xmm(_) => "an SSE",
            Place::X87(_) => "an x87",
            _ => "a general",
        };
        return error(
            at,
            format!(
                "kit does not support an asm operand of type '{}' in {register} register",
                ty.name()
            ),
        );
    }
    Ok(ty.size().unwrap_or(8))
}

/// A helper's code, and its references to symbols the template names
/// (`call abort`, `incl counter(%rip)`), which the unit resolves.
#[derive(Clone)]
pub struct Assembled {
    pub code: Vec<u8>,
    pub references: Vec<SymbolReference>,
}

/// A relocation of a helper's code against the symbol `symbol`.
#[derive(Clone)]
pub struct SymbolReference {
    pub offset: u32,
    pub kind: cranelift_codegen::binemit::Reloc,
    pub symbol: String,
    pub addend: i64,
}

/// The helpers already assembled, by text (the same statement in a
/// header is assembled once per process).
fn assembled() -> &'static std::sync::Mutex<HashMap<String, Assembled>> {
    static CACHE: std::sync::OnceLock<std::sync::Mutex<HashMap<String, Assembled>>> =
        std::sync::OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Assembles `text` with the GNU assembler: the code of its `.text` and
/// the symbols it refers to.
pub fn assemble(text: &str) -> std::result::Result<Assembled, String> {
    if let Some(done) = assembled().lock().ok().and_then(|c| c.get(text).cloned()) {
        return Ok(done);
    }
    use object::{Object, ObjectSection};
    let bytes = run_assembler(text).map_err(|(_, message)| message)?;
    let file = object::File::parse(&*bytes).map_err(|e| e.to_string())?;
    let text_section = file
        .section_by_name(".text")
        .ok_or_else(|| "the assembler made no code".to_owned())?;
    let data_sections = file.sections().any(|s| {
        use object::SectionKind as K;
        let placed = match s.kind() {
            K::Text => s.name().is_ok_and(|n| n != ".text"),
            K::Data | K::UninitializedData | K::ReadOnlyData | K::ReadOnlyString => true,
            K::ReadOnlyDataWithRel | K::Tls | K::UninitializedTls => true,
            _ => false,
        };
        placed && s.size() > 0
    });
    if data_sections {
        return Err("kit does not support inline assembly that places data".into());
    }
    let references = text_section
        .relocations()
        .map(|(offset, reloc)| symbol_reference(&file, offset, &reloc))
        .collect::<std::result::Result<Vec<_>, String>>()?;
    let done = Assembled {
        code: text_section.data().map_err(|e| e.to_string())?.to_vec(),
        references,
    };
    if let Ok(mut cache) = assembled().lock() {
        cache.insert(text.to_owned(), done.clone());
    }
    Ok(done)
}

/// A relocation `as` left in a helper's code: against a named symbol,
/// of a kind the in-memory image can apply.
fn symbol_reference(
    file: &object::File,
    offset: u64,
    reloc: &object::Relocation,
) -> std::result::Result<SymbolReference, String> {
    use cranelift_codegen::binemit::Reloc;
    use object::{elf, Object, ObjectSymbol, RelocationFlags, RelocationTarget};
    let symbol = match reloc.target() {
        RelocationTarget::Symbol(index) => file
            .symbol_by_index(index)
            .ok()
            .filter(|s| s.kind() != object::SymbolKind::Section)
            .and_then(|s| s.name().ok().map(str::to_owned)),
        _ => None,
    };
    let symbol = symbol.ok_or("kit does not support inline assembly that refers to a section")?;
    let kind = match reloc.flags() {
        RelocationFlags::Elf { r_type } => match r_type {
            elf::R_X86_64_PLT32 => Reloc::X86CallPLTRel4,
            elf::R_X86_64_PC32 => Reloc::X86PCRel4,
            elf::R_X86_64_64 => Reloc::Abs8,
            elf::R_X86_64_GOTPCREL | elf::R_X86_64_GOTPCRELX | elf::R_X86_64_REX_GOTPCRELX => {
                Reloc::X86GOTPCRel4
            }
            _ => {
                return Err(format!(
                    "kit cannot place the 32-bit absolute address of '{symbol}' in inline assembly: address it relative to %rip ({symbol}(%rip))"
                ))
            }
        },
        _ => return Err("the assembler made an unexpected relocation".into()),
    };
    Ok(SymbolReference {
        offset: offset as u32,
        kind,
        symbol,
        addend: reloc.addend(),
    })
}

/// The ELF object GNU `as` makes of `text`; else the line of `text` it
/// complained about first (if it said) and its complaint.
fn run_assembler(text: &str) -> std::result::Result<Vec<u8>, (Option<usize>, String)> {
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir();
    let source = dir.join(format!("kit-asm-{}-{n}.s", std::process::id()));
    let object_path = source.with_extension("o");
    std::fs::write(&source, text)
        .map_err(|e| (None, format!("cannot write {}: {e}", source.display())))?;
    let run = std::process::Command::new("as")
        .args(["--64", "-o"])
        .arg(&object_path)
        .arg(&source)
        .output();
    let _ = std::fs::remove_file(&source);
    let run = run.map_err(|e| {
        (None, format!("inline assembly needs the GNU assembler (`as`, of binutils), which could not be run: {e}"))
    })?;
    if !run.status.success() {
        let _ = std::fs::remove_file(&object_path);
        let message = String::from_utf8_lossy(&run.stderr);
        // `FILE.s:LINE: Error: MESSAGE`
        let first = message.lines().find_map(|l| {
            let (place, complaint) = l.split_once("Error: ")?;
            let line = place
                .trim_end_matches([':', ' '])
                .rsplit(':')
                .next()?
                .parse()
                .ok();
            Some((line, complaint.to_owned()))
        });
        let (line, first) = first.unwrap_or_else(|| (None, message.trim().to_owned()));
        return Err((line, format!("the assembler refused this asm: {first}")));
    }
    let bytes = std::fs::read(&object_path).map_err(|e| (None, e.to_string()));
    let _ = std::fs::remove_file(&object_path);
    bytes
}

/// The object of a unit's file-scope `asm` blocks (`(text, offset)`, in
/// order), assembled together as gcc assembles them with the unit's code;
/// an error at the block the assembler complained about.
pub fn assemble_file_scope(blocks: &[(String, usize)]) -> Result<Vec<u8>> {
    let mut text = String::new();
    let mut starts = Vec::new();
    for (block, offset) in blocks {
        starts.push((text.lines().count() + 1, *offset));
        text.push_str(block);
        text.push('\n');
    }
    run_assembler(&text).map_err(|(line, message)| {
        let offset = starts
            .iter()
            .rev()
            .find(|(first, _)| line.is_some_and(|l| l >= *first))
            .map_or(blocks[0].1, |(_, offset)| *offset);
        Error { offset, message }
    })
}
