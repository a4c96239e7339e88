//! Storage for C variable-length arrays and `alloca` (see cc/vla.rs): per
//! function invocation a frame of buffers, one per VLA declaration site,
//! each reused while big enough, plus one per `alloca` call; all released
//! when the function returns.

use std::ffi::c_void;

/// One invocation's buffers, indexed by declaration site.
struct Frame {
    buffers: Vec<(*mut c_void, usize)>,
    /// `alloca`'s: every call gets fresh memory, kept until the return.
    allocas: Vec<*mut c_void>,
}

/// The frame at `*slot`, created on first use.
///
/// # Safety
/// `slot` is the calling function's frame slot, null or set here before.
unsafe fn frame_at<'a>(slot: *mut *mut c_void) -> &'a mut Frame {
    // SAFETY: the compiled caller passes its own frame slot.
    let slot = unsafe { &mut *(slot as *mut *mut Frame) };
    if slot.is_null() {
        *slot = Box::into_raw(Box::new(Frame {
            buffers: Vec::new(),
            allocas: Vec::new(),
        }));
    }
    // SAFETY: set just above or by an earlier call, freed only by kit_vla_free.
    unsafe { &mut **slot }
}

/// The buffer of `site` in the frame at `*frame` (created on first use),
/// at least `bytes` long and 16-byte aligned (malloc's alignment).
///
/// # Safety
/// `frame` points to the calling function's frame slot, null or set by
/// an earlier call of this function.
pub unsafe extern "C" fn kit_vla_alloc(
    frame: *mut *mut c_void,
    site: u32,
    bytes: usize,
) -> *mut c_void {
    // SAFETY: as this function's contract says.
    let frame = unsafe { frame_at(frame) };
    let site = site as usize;
    if frame.buffers.len() <= site {
        frame.buffers.resize(site + 1, (std::ptr::null_mut(), 0));
    }
    let (buffer, capacity) = &mut frame.buffers[site];
    if bytes > *capacity || buffer.is_null() {
        // SAFETY: the buffer came from malloc (or is null).
        unsafe { libc::free(*buffer) };
        // SAFETY: plain allocation; a failure leaves null, which faults
        // at the first access and is reported by the crash guard.
        *buffer = unsafe { libc::malloc(bytes.max(1)) };
        *capacity = bytes;
    }
    *buffer
}

/// `alloca(bytes)`: fresh memory, 16-byte aligned, until the calling
/// function returns.
///
/// # Safety
/// As for [`kit_vla_alloc`].
pub unsafe extern "C" fn kit_alloca(frame: *mut *mut c_void, bytes: usize) -> *mut c_void {
    // SAFETY: as this function's contract says.
    let frame = unsafe { frame_at(frame) };
    // SAFETY: plain allocation; null on failure faults at first use.
    let buffer = unsafe { libc::malloc(bytes.max(1)) };
    frame.allocas.push(buffer);
    buffer
}

/// Releases every buffer of the frame at `*frame`.
///
/// # Safety
/// As for [`kit_vla_alloc`].
pub unsafe extern "C" fn kit_vla_free(frame: *mut *mut c_void) {
    // SAFETY: as above.
    let slot = unsafe { &mut *(frame as *mut *mut Frame) };
    if slot.is_null() {
        return;
    }
    // SAFETY: created by kit_vla_alloc with Box::into_raw.
    let owned = unsafe { Box::from_raw(*slot) };
    let buffers = owned.buffers.iter().map(|(buffer, _)| *buffer);
    for buffer in buffers.chain(owned.allocas.iter().copied()) {
        // SAFETY: from malloc.
        unsafe { libc::free(buffer) };
    }
    *slot = std::ptr::null_mut();
}
