//! Calling the entry: argv built from the program args, the crash guard
//! armed, the image's constructors run and its destructors registered
//! for exit(), the entry called, and C's stdio flushed after it returns.

pub mod cpu;
mod guard;
pub mod tls;
pub mod trampoline;
pub mod vla;

use std::ffi::CString;
use std::os::raw::c_char;

use crate::link::{at_exit, Image};

/// A constructor as glibc calls it: `(argc, argv, envp)`; a function
/// declared `(void)` ignores the arguments under the System V ABI.
type Constructor = extern "C" fn(i32, *const *const c_char, *const *const c_char);

extern "C" {
    static environ: *const *const c_char;
}

/// Calls the entry at `address` as `int (*)(int, char **, char **)`.
///
/// The image must outlive the process: the destructors and the handlers
/// the program registers with atexit() run inside it when kit exits.
pub fn call_entry(image: &Image, address: usize, argv0: &str, args: &[String]) -> i32 {
    let strings: Vec<CString> = std::iter::once(argv0)
        .chain(args.iter().map(String::as_str))
        .map(|s| CString::new(s.replace('\0', "")).unwrap_or_default())
        .collect();
    let mut argv: Vec<*const c_char> = strings.iter().map(|s| s.as_ptr()).collect();
    argv.push(std::ptr::null());
    let argc = strings.len() as i32;
    let stack_marker = 0u8;
    guard::install(image, &stack_marker as *const u8 as usize);
    register_destructors(image.destructors());
    for &constructor in image.constructors() {
        // SAFETY: an `.init_array` entry of the linked image.
        let constructor: Constructor = unsafe { std::mem::transmute(constructor) };
        // SAFETY: `environ` is the process environment, read once here.
        constructor(argc, argv.as_ptr(), unsafe { environ });
    }
    // SAFETY: `address` is the entry symbol of a linked, protected image,
    // compiled for the C ABI `int (int, char **)`. It also gets the
    // environment, as glibc's start code passes it: `main(argc, argv,
    // envp)` is a common extension, and an entry with fewer parameters
    // ignores it under the System V ABI.
    let entry: extern "C" fn(i32, *const *const c_char, *const *const c_char) -> i32 =
        unsafe { std::mem::transmute(address) };
    // SAFETY: `environ` is the process environment.
    let status = entry(argc, argv.as_ptr(), unsafe { environ });
    std::mem::forget(strings);
    // SAFETY: flushing every C stdio stream, as exit() would.
    unsafe { libc::fflush(std::ptr::null_mut()) };
    status
}

/// Registers the `.fini_array` entries to run at exit(), last first, as
/// glibc does: before main, so handlers the program registers later with
/// atexit() run before them.
fn register_destructors(destructors: &[usize]) {
    if destructors.is_empty() {
        return;
    }
    extern "C" fn run_all(list: *mut libc::c_void) {
        // SAFETY: `list` is the leaked boxed slice registered below.
        let list = unsafe { Box::from_raw(list as *mut Vec<usize>) };
        for &destructor in list.iter().rev() {
            // SAFETY: a `.fini_array` entry of the image, which is never unmapped.
            let destructor: extern "C" fn() = unsafe { std::mem::transmute(destructor) };
            destructor();
        }
    }
    let list = Box::into_raw(Box::new(destructors.to_vec()));
    // SAFETY: the list is leaked until `run_all` takes it back at exit.
    unsafe { at_exit(run_all, list as *mut libc::c_void) };
}
