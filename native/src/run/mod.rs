//! Calling the entry: argv built from the program args, the crash guard
//! armed around the call, and C's stdio flushed after it returns.

mod guard;

use std::ffi::CString;
use std::os::raw::c_char;

use crate::link::Image;

/// Calls the entry at `address` as `int (*)(int, char **)`.
pub fn call_entry(image: &Image, address: usize, argv0: &str, args: &[String]) -> i32 {
    let strings: Vec<CString> = std::iter::once(argv0)
        .chain(args.iter().map(String::as_str))
        .map(|s| CString::new(s.replace('\0', "")).unwrap_or_default())
        .collect();
    let mut argv: Vec<*const c_char> = strings.iter().map(|s| s.as_ptr()).collect();
    argv.push(std::ptr::null());
    let stack_marker = 0u8;
    guard::install(image, &stack_marker as *const u8 as usize);
    // SAFETY: `address` is the entry symbol of a linked, protected image,
    // compiled for the C ABI `int (int, char **)`.
    let entry: extern "C" fn(i32, *const *const c_char) -> i32 =
        unsafe { std::mem::transmute(address) };
    let status = entry(strings.len() as i32, argv.as_ptr());
    // SAFETY: flushing every C stdio stream, as exit() would.
    unsafe { libc::fflush(std::ptr::null_mut()) };
    status
}
