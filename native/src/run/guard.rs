//! The crash guard: while JIT code runs, SIGSEGV, SIGBUS, SIGFPE, SIGILL,
//! SIGABRT and SIGTRAP are caught on an alternate signal stack (so endless
//! recursion is caught too). The handler prints
//! `kit: program received signal N; backtrace:` and one frame per line,
//! walking the frame-pointer chain (kit's code keeps frame pointers), then
//! exits with 128+N. Symbolization uses the image's sorted symbol table,
//! built before the entry call; the handler itself only reads memory,
//! formats into a stack buffer and calls write(2) and _exit(2).

use std::fmt::Write as _;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

use crate::link::Image;

static IMAGE: AtomicPtr<Image> = AtomicPtr::new(std::ptr::null_mut());
static STACK_TOP: AtomicUsize = AtomicUsize::new(0);

const SIGNALS: [i32; 6] = [
    libc::SIGSEGV,
    libc::SIGBUS,
    libc::SIGFPE,
    libc::SIGILL,
    libc::SIGABRT,
    libc::SIGTRAP,
];
const ALT_STACK: usize = 256 * 1024;
const MAX_FRAMES: usize = 64;

/// Installs the handlers for `image`; frames at or above `stack_top` (kit's
/// own) are not walked.
pub fn install(image: &Image, stack_top: usize) {
    IMAGE.store(image as *const Image as *mut Image, Ordering::SeqCst);
    STACK_TOP.store(stack_top, Ordering::SeqCst);
    // SAFETY: plain libc calls with valid, owned arguments; the alternate
    // stack is leaked on purpose (it must outlive any signal).
    unsafe {
        let stack = libc::mmap(
            std::ptr::null_mut(),
            ALT_STACK,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if stack != libc::MAP_FAILED {
            let ss = libc::stack_t {
                ss_sp: stack,
                ss_flags: 0,
                ss_size: ALT_STACK,
            };
            libc::sigaltstack(&ss, std::ptr::null_mut());
        }
        for signal in SIGNALS {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_RESETHAND;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// A fixed buffer for formatting without allocating.
struct Buffer {
    bytes: [u8; 512],
    len: usize,
}

impl std::fmt::Write for Buffer {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let n = s.len().min(self.bytes.len() - self.len);
        self.bytes[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

impl Buffer {
    fn new() -> Buffer {
        Buffer {
            bytes: [0; 512],
            len: 0,
        }
    }

    fn flush(&mut self) {
        // SAFETY: writing our own buffer to stderr.
        unsafe { libc::write(2, self.bytes.as_ptr().cast(), self.len) };
        self.len = 0;
    }
}

extern "C" fn handler(signal: i32, _info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    let mut out = Buffer::new();
    let _ = writeln!(out, "kit: program received signal {signal}; backtrace:");
    out.flush();
    // SAFETY: the kernel passes a valid ucontext to an SA_SIGINFO handler.
    let (pc, mut fp) = unsafe {
        let uc = &*(context as *const libc::ucontext_t);
        (
            uc.uc_mcontext.gregs[libc::REG_RIP as usize] as usize,
            uc.uc_mcontext.gregs[libc::REG_RBP as usize] as usize,
        )
    };
    frame(&mut out, 0, pc);
    let top = STACK_TOP.load(Ordering::SeqCst);
    let mut n = 1;
    while n < MAX_FRAMES && fp != 0 && fp % 8 == 0 && fp < top {
        // SAFETY: fp is 8-aligned and below the recorded stack top, inside
        // the thread's stack: a saved frame pointer and return address.
        let (next, ret) = unsafe { (*(fp as *const usize), *((fp + 8) as *const usize)) };
        if ret == 0 {
            break;
        }
        frame(&mut out, n, ret);
        if next <= fp {
            break;
        }
        fp = next;
        n += 1;
    }
    // SAFETY: ending the process from the handler, as documented.
    unsafe { libc::_exit(128 + signal) };
}

fn frame(out: &mut Buffer, n: usize, address: usize) {
    let _ = write!(out, "  #{n} {address:#018x} in ");
    let image = IMAGE.load(Ordering::SeqCst);
    // SAFETY: the image outlives the entry call that installed the guard.
    let symbol = unsafe { image.as_ref() }.and_then(|image| image.function_at(address));
    match symbol {
        Some((name, offset)) => {
            let _ = write!(out, "{name} (+{offset:#x})");
        }
        None => host_symbol(out, address),
    }
    let _ = writeln!(out);
    out.flush();
}

fn host_symbol(out: &mut Buffer, address: usize) {
    // SAFETY: dladdr fills `info` for addresses in loaded objects.
    unsafe {
        let mut info: libc::Dl_info = std::mem::zeroed();
        if libc::dladdr(address as *const libc::c_void, &mut info) != 0 && !info.dli_sname.is_null()
        {
            let name = std::ffi::CStr::from_ptr(info.dli_sname).to_string_lossy();
            let _ = write!(out, "{name} (+{:#x})", address - info.dli_saddr as usize);
            return;
        }
    }
    let _ = write!(out, "??");
}
