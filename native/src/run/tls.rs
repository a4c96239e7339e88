//! Each thread's copies of thread-local objects (see cc/tls.rs): a
//! thread-local map from control block to a block allocated and
//! initialized on the thread's first access, freed when the thread ends.
//!
//! The main thread's copies are never freed: glibc destroys its
//! thread-locals in `exit()` before the program's atexit handlers and
//! destructors run, and those may still use their `__thread` objects (as
//! under gcc, whose TLS lives until the process ends). They move to a
//! process-wide map, where later accesses find them.

use std::alloc::Layout;
use std::cell::RefCell;
use std::collections::HashMap;

/// What the compiled unit emits for each thread-local object.
#[repr(C)]
pub struct Control {
    size: u64,
    align: u64,
    initial: *const u8,
}

struct Copies(HashMap<usize, (*mut u8, Layout)>);

impl Drop for Copies {
    fn drop(&mut self) {
        if is_main_thread() {
            let mut retired = RETIRED.lock().unwrap_or_else(|e| e.into_inner());
            let thread = thread_id();
            retired.extend(
                self.0
                    .drain()
                    .map(|(control, (block, _))| (thread, control, block as usize)),
            );
            return;
        }
        for &(block, layout) in self.0.values() {
            // SAFETY: allocated below with this layout.
            unsafe { std::alloc::dealloc(block, layout) };
        }
    }
}

/// The main thread's copies once its thread-locals are destroyed, by
/// control block (see the module's comment).
/// (thread, control block, copy).
static RETIRED: std::sync::Mutex<Vec<(i64, usize, usize)>> = std::sync::Mutex::new(Vec::new());

fn thread_id() -> i64 {
    // SAFETY: a plain system call.
    unsafe { libc::syscall(libc::SYS_gettid) }
}

fn is_main_thread() -> bool {
    // SAFETY: a plain system call.
    i64::from(unsafe { libc::getpid() }) == thread_id()
}

/// A new copy of the object `control` describes, with its initial bytes.
///
/// # Safety
/// As for `kit_tls_address`.
unsafe fn new_copy(control: *const Control) -> (*mut u8, Layout) {
    // SAFETY: the caller's contract.
    let control = unsafe { &*control };
    let layout =
        Layout::from_size_align(control.size.max(1) as usize, control.align.max(1) as usize)
            .expect("the compiler emits a valid size and alignment");
    // SAFETY: a non-zero size; the copy reads `size` initial bytes.
    let block = unsafe { std::alloc::alloc(layout) };
    if block.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    unsafe { std::ptr::copy_nonoverlapping(control.initial, block, control.size as usize) };
    (block, layout)
}

thread_local! {
    static COPIES: RefCell<Copies> = RefCell::new(Copies(HashMap::new()));
}

/// The calling thread's copy of the object `control` describes.
///
/// # Safety
/// `control` is a control block the compiler emitted, in a live image.
pub unsafe extern "C" fn kit_tls_address(control: *const Control) -> *mut u8 {
    let live = COPIES.try_with(|copies| {
        let mut copies = copies.borrow_mut();
        // SAFETY: the caller's contract.
        let entry = copies
            .0
            .entry(control as usize)
            .or_insert_with(|| unsafe { new_copy(control) });
        entry.0
    });
    if let Ok(block) = live {
        return block;
    }
    // After this thread's thread-locals are destroyed (an atexit handler
    // of the program): the retired copy, or a new one kept for good.
    let thread = thread_id();
    let mut retired = RETIRED.lock().unwrap_or_else(|e| e.into_inner());
    let found = retired
        .iter()
        .find(|&&(t, c, _)| t == thread && c == control as usize);
    if let Some(&(_, _, block)) = found {
        return block as *mut u8;
    }
    // SAFETY: the caller's contract.
    let (block, _) = unsafe { new_copy(control) };
    retired.push((thread, control as usize, block as usize));
    block
}
