//! Each thread's copies of thread-local objects (see cc/tls.rs): a
//! thread-local map from control block to a block allocated and
//! initialized on the thread's first access, freed when the thread ends.

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
        for &(block, layout) in self.0.values() {
            // SAFETY: allocated below with this layout.
            unsafe { std::alloc::dealloc(block, layout) };
        }
    }
}

thread_local! {
    static COPIES: RefCell<Copies> = RefCell::new(Copies(HashMap::new()));
}

/// The calling thread's copy of the object `control` describes.
///
/// # Safety
/// `control` is a control block the compiler emitted, in a live image.
pub unsafe extern "C" fn kit_tls_address(control: *const Control) -> *mut u8 {
    COPIES.with(|copies| {
        let mut copies = copies.borrow_mut();
        let entry = copies.0.entry(control as usize).or_insert_with(|| {
            // SAFETY: the caller's contract.
            let control = unsafe { &*control };
            let layout = Layout::from_size_align(
                control.size.max(1) as usize,
                control.align.max(1) as usize,
            )
            .expect("the compiler emits a valid size and alignment");
            // SAFETY: a non-zero size; the copy reads `size` initial bytes.
            let block = unsafe { std::alloc::alloc(layout) };
            if block.is_null() {
                std::alloc::handle_alloc_error(layout);
            }
            unsafe { std::ptr::copy_nonoverlapping(control.initial, block, control.size as usize) };
            (block, layout)
        });
        entry.0
    })
}
