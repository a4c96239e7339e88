//! Storage for C variable-length arrays and `alloca` (see cc/vla.rs): per
//! function invocation a frame of buffers, one per VLA declaration site,
//! each reused while big enough, plus one per `alloca` call; all released
//! when the function returns.
//!
//! A `longjmp` out of such a function skips its return. So each thread
//! keeps its open frames in order, deepest last, with the stack address
//! of their slots: a frame whose slot lies below a frame being opened or
//! closed on the same stack belongs to a call that is over, and is
//! released then. Frames on another stack (a signal's alternate stack, a
//! coroutine's) are left to their own returns.

use std::cell::RefCell;
use std::ffi::c_void;

/// One invocation's buffers, indexed by declaration site.
struct Frame {
    buffers: Vec<(*mut c_void, usize)>,
    /// `alloca`'s: every call gets fresh memory, kept until the return.
    allocas: Vec<*mut c_void>,
}

impl Frame {
    /// Releases every buffer of the frame.
    fn release(self) {
        let buffers = self.buffers.iter().map(|(buffer, _)| *buffer);
        for buffer in buffers.chain(self.allocas.iter().copied()) {
            // SAFETY: from malloc.
            unsafe { libc::free(buffer) };
        }
    }
}

/// The open frames of a thread (slot address, frame), deepest last.
#[derive(Default)]
struct OpenFrames {
    frames: Vec<(usize, *mut Frame)>,
    /// The thread's stack, `[low, high)`, once asked for.
    stack: Option<(usize, usize)>,
}

thread_local! {
    static OPEN: RefCell<OpenFrames> = RefCell::default();
}

impl OpenFrames {
    /// Releases the frames of calls that are over: those whose slots lie
    /// below `limit` on this thread's stack, when `limit` is on it.
    fn release_below(&mut self, limit: usize) {
        let (low, high) = *self.stack.get_or_insert_with(thread_stack);
        if !(low..=high).contains(&limit) {
            return;
        }
        while let Some(&(address, frame)) = self.frames.last() {
            if !(low..limit).contains(&address) {
                break;
            }
            self.frames.pop();
            // SAFETY: registered by frame_at from Box::into_raw, and its
            // call is over, so nothing uses it.
            (*unsafe { Box::from_raw(frame) }).release();
        }
    }
}

/// The calling thread's stack, `[low, high)` (empty if unknown).
fn thread_stack() -> (usize, usize) {
    // SAFETY: plain queries about the calling thread; `attr` is
    // initialized by pthread_getattr_np before use and destroyed after.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return (0, 0);
        }
        let (mut base, mut size) = (std::ptr::null_mut(), 0usize);
        let found = libc::pthread_attr_getstack(&attr, &mut base, &mut size) == 0;
        libc::pthread_attr_destroy(&mut attr);
        match found {
            true => (base as usize, base as usize + size),
            false => (0, 0),
        }
    }
}

/// The frame at `*slot`, created on first use (after releasing the
/// frames that calls left by `longjmp` kept open).
///
/// # Safety
/// `slot` is the calling function's frame slot, null or set here before.
unsafe fn frame_at<'a>(slot: *mut *mut c_void) -> &'a mut Frame {
    let address = slot as usize;
    // SAFETY: the compiled caller passes its own frame slot.
    let slot = unsafe { &mut *(slot as *mut *mut Frame) };
    if slot.is_null() {
        let frame = Box::into_raw(Box::new(Frame {
            buffers: Vec::new(),
            allocas: Vec::new(),
        }));
        OPEN.with(|open| {
            let mut open = open.borrow_mut();
            // A frame at this very slot is an earlier call's, over too.
            open.release_below(address + 1);
            open.frames.push((address, frame));
        });
        *slot = frame;
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
    let address = frame as usize;
    // SAFETY: as above.
    let slot = unsafe { &mut *(frame as *mut *mut Frame) };
    if slot.is_null() {
        return;
    }
    let own = *slot;
    OPEN.with(|open| {
        let mut open = open.borrow_mut();
        // Deeper frames still open were left by a longjmp. This one is
        // then last, unless a frame on another stack (a signal handler's)
        // opened after it.
        open.release_below(address);
        match open.frames.last() {
            Some(&(_, last)) if last == own => {
                open.frames.pop();
            }
            _ => open.frames.retain(|&(_, frame)| frame != own),
        }
    });
    // SAFETY: created by frame_at with Box::into_raw, and unregistered
    // just above.
    (*unsafe { Box::from_raw(own) }).release();
    *slot = std::ptr::null_mut();
}
