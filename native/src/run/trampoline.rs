//! Trampolines for GNU nested functions whose address is taken (see
//! cc/nested.rs). A pointer to a nested function must carry its static
//! chain, which a plain call through the pointer cannot pass; gcc builds
//! a few instructions on the stack for it. kit's trampolines live in
//! pages of their own and keep W^X: each code page, written once and then
//! made read-and-execute, holds fixed stubs, and each stub reads its
//! chain and target from its slot in the read-write data page after it:
//!
//! ```text
//! mov r11, [rip + chain]       ; this slot's chain
//! mov fs:[CHAIN], r11          ; into this thread's kit_static_chain
//! jmp [rip + target]           ; the nested function's thunk
//! ```
//!
//! The thunk (compiled with the nested function) calls
//! [`kit_static_chain`] first and passes the value on as the chain. A
//! variadic nested function has no thunk: it reads the chain itself on
//! entry, and the trampoline jumps straight to it.
//! A trampoline is made once per (thunk, chain) pair and kept: the chain
//! is the address of a display in the enclosing function's frame, so the
//! pairs of a program are bounded by its nested functions times the
//! frames its stack can hold, and a pair met again reuses its trampoline.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Mutex;

thread_local! {
    static CHAIN: Cell<usize> = const { Cell::new(0) };
}

/// The static chain the last trampoline entered on this thread set.
pub extern "C" fn kit_static_chain() -> usize {
    CHAIN.with(Cell::get)
}

/// Sets this thread's static chain: a call of a variadic nested
/// function passes its chain here, as its arguments leave no register
/// for it.
pub extern "C" fn kit_set_static_chain(chain: usize) {
    CHAIN.with(|c| c.set(chain));
}

const PAGE: usize = 4096;
/// Bytes of code per stub, and of data per slot (chain, target).
const STUB: usize = 32;
const DATA: usize = 16;
const STUBS_PER_PAGE: usize = PAGE / STUB;

struct Pool {
    made: BTreeMap<(usize, usize), usize>,
    /// The code page being filled and how many of its stubs are taken.
    current: Option<(usize, usize)>,
}

static POOL: Mutex<Pool> = Mutex::new(Pool {
    made: BTreeMap::new(),
    current: None,
});

/// The address of a trampoline that enters `target` (a thunk) with
/// `chain` as the static chain; 0 if no memory could be mapped (a call
/// through it then faults, and the crash guard reports it).
pub extern "C" fn kit_trampoline(target: usize, chain: usize) -> usize {
    let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&stub) = pool.made.get(&(target, chain)) {
        return stub;
    }
    let (page, used) = match pool.current {
        Some((page, used)) if used < STUBS_PER_PAGE => (page, used),
        _ => match new_pages() {
            Some(page) => (page, 0),
            None => return 0,
        },
    };
    let data = (page + PAGE + used * DATA) as *mut usize;
    // SAFETY: the slot lies in the data page mapped with this code page,
    // and no stub reads it before the address is returned.
    unsafe {
        data.write(chain);
        data.add(1).write(target);
    }
    pool.current = Some((page, used + 1));
    let stub = page + used * STUB;
    pool.made.insert((target, chain), stub);
    stub
}

/// Maps a code page full of stubs (then made read-and-execute) and the
/// data page after it.
fn new_pages() -> Option<usize> {
    let offset = chain_offset()?;
    // SAFETY: a fresh anonymous mapping, ours alone.
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            2 * PAGE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED {
        return None;
    }
    let page = base as usize;
    for i in 0..STUBS_PER_PAGE {
        let stub = stub_code(page + i * STUB, page + PAGE + i * DATA, offset);
        // SAFETY: inside the code page just mapped read-write.
        unsafe { std::ptr::copy_nonoverlapping(stub.as_ptr(), (page + i * STUB) as *mut u8, STUB) };
    }
    // SAFETY: the code page of the mapping above.
    let sealed = unsafe { libc::mprotect(base, PAGE, libc::PROT_READ | libc::PROT_EXEC) };
    (sealed == 0).then_some(page)
}

/// The stub at `at` that reads its slot at `slot`; `offset` is where
/// the thread's `CHAIN` lies from the thread pointer.
fn stub_code(at: usize, slot: usize, offset: i32) -> [u8; STUB] {
    let relative = |field: usize, next: usize| (field.wrapping_sub(at + next) as i32).to_le_bytes();
    let mut code = [0xcc; STUB]; // int3 after the stub
    code[..3].copy_from_slice(&[0x4c, 0x8b, 0x1d]); // mov r11, [rip + rel32]
    code[3..7].copy_from_slice(&relative(slot, 7));
    code[7..12].copy_from_slice(&[0x64, 0x4c, 0x89, 0x1c, 0x25]); // mov fs:[disp32], r11
    code[12..16].copy_from_slice(&offset.to_le_bytes());
    code[16..18].copy_from_slice(&[0xff, 0x25]); // jmp [rip + rel32]
    code[18..22].copy_from_slice(&relative(slot + 8, 22));
    code
}

/// Where `CHAIN` lies from the thread pointer (`fs:0` holds the pointer
/// itself). kit's thread-locals are in the executable's static TLS
/// block, at the same offset in every thread.
fn chain_offset() -> Option<i32> {
    let address = CHAIN.with(|chain| chain as *const Cell<usize> as usize);
    let pointer: usize;
    // SAFETY: reads the thread control block's self pointer (x86-64 TLS ABI).
    unsafe { std::arch::asm!("mov {}, fs:0", out(reg) pointer, options(nostack, readonly)) };
    i32::try_from(address.wrapping_sub(pointer) as isize).ok()
}
