//! x86-64 relocations (System V psABI 4.4), one flat switch. S is the
//! symbol's address, A the addend, P the place being patched, G the
//! symbol's GOT slot. A PC-relative reference to a symbol out of 32-bit
//! range (a host function) goes through a jump stub in the image instead.

use object::{elf, Relocation, RelocationFlags};

/// Hands out stubs and GOT slots from areas the image reserved.
pub struct Relocator {
    next_stub: usize,
    next_got: usize,
    got: std::collections::HashMap<usize, usize>,
    stubs: std::collections::HashMap<(u8, usize), usize>,
}

impl Relocator {
    pub fn new(stub_area: usize, got_area: usize) -> Relocator {
        Relocator {
            next_stub: stub_area,
            next_got: got_area.div_ceil(8) * 8,
            got: Default::default(),
            stubs: Default::default(),
        }
    }

    /// A stub that sets AL to `count` (the vector registers a variadic
    /// call uses; 255 means "just jump") and jumps to `target`.
    pub fn vacall_stub(&mut self, count: u8, target: usize) -> Result<usize, String> {
        if let Some(&stub) = self.stubs.get(&(count, target)) {
            return Ok(stub);
        }
        let stub = self.next_stub;
        let mut code = Vec::with_capacity(24);
        if count != 255 {
            code.push(0xb8); // mov eax, imm32
            code.extend_from_slice(&u32::from(count).to_le_bytes());
        }
        code.extend_from_slice(&[0x49, 0xbb]); // movabs r11, imm64
        code.extend_from_slice(&(target as u64).to_le_bytes());
        code.extend_from_slice(&[0x41, 0xff, 0xe3]); // jmp r11
                                                     // SAFETY: the stub area was reserved writable in the image's code group.
        unsafe { std::ptr::copy_nonoverlapping(code.as_ptr(), stub as *mut u8, code.len()) };
        self.next_stub += super::STUB_SIZE;
        self.stubs.insert((count, target), stub);
        Ok(stub)
    }

    fn got_slot(&mut self, target: usize) -> usize {
        if let Some(&slot) = self.got.get(&target) {
            return slot;
        }
        let slot = self.next_got;
        // SAFETY: the GOT area was reserved in the image's writable group.
        unsafe { (slot as *mut u64).write_unaligned(target as u64) };
        self.next_got += 8;
        self.got.insert(target, slot);
        slot
    }

    /// Applies one relocation at `place` for a symbol at `s`.
    pub fn apply(&mut self, relocation: &Relocation, place: usize, s: usize) -> Result<(), String> {
        let RelocationFlags::Elf { r_type } = relocation.flags() else {
            return Err("not an ELF relocation".into());
        };
        let a = relocation.addend();
        let p = place as i64;
        match r_type {
            elf::R_X86_64_NONE => Ok(()),
            elf::R_X86_64_64 => write64(place, (s as i64).wrapping_add(a)),
            elf::R_X86_64_PC64 => write64(place, (s as i64).wrapping_add(a).wrapping_sub(p)),
            elf::R_X86_64_PC32 | elf::R_X86_64_PLT32 => {
                let value = (s as i64).wrapping_add(a).wrapping_sub(p);
                if i32::try_from(value).is_ok() {
                    return write32(place, value, r_type);
                }
                let stub = self.vacall_stub(255, s)? as i64;
                write32(place, stub.wrapping_add(a).wrapping_sub(p), r_type)
            }
            elf::R_X86_64_32 => {
                let value = (s as i64).wrapping_add(a);
                u32::try_from(value).map_err(|_| range_error(r_type, value))?;
                write32(place, value as u32 as i32 as i64, r_type)
            }
            elf::R_X86_64_32S => write32(place, (s as i64).wrapping_add(a), r_type),
            elf::R_X86_64_GOTPCREL | elf::R_X86_64_GOTPCRELX | elf::R_X86_64_REX_GOTPCRELX => {
                let g = self.got_slot(s) as i64;
                write32(place, g.wrapping_add(a).wrapping_sub(p), r_type)
            }
            elf::R_X86_64_TPOFF32
            | elf::R_X86_64_GOTTPOFF
            | elf::R_X86_64_TLSGD
            | elf::R_X86_64_TLSLD
            | elf::R_X86_64_DTPOFF32 => Err("thread-local storage is not supported yet".into()),
            other => Err(format!("relocation type {other} is not supported")),
        }
    }
}

fn range_error(r_type: u32, value: i64) -> String {
    format!("relocation type {r_type} cannot hold {value:#x}")
}

fn write64(place: usize, value: i64) -> Result<(), String> {
    // SAFETY: `place` is inside a section the image placed and still writable.
    unsafe { (place as *mut i64).write_unaligned(value) };
    Ok(())
}

fn write32(place: usize, value: i64, r_type: u32) -> Result<(), String> {
    let value = i32::try_from(value).map_err(|_| range_error(r_type, value))?;
    // SAFETY: as in write64.
    unsafe { (place as *mut i32).write_unaligned(value) };
    Ok(())
}
