//! `__builtin_cpu_supports` and `__builtin_cpu_is` (GCC), for programs
//! that choose code by the processor they run on: answered by Rust's
//! feature detection (CPUID) at run time. The names are checked when the
//! program is compiled (cc/builtins.rs), as gcc checks them.

use std::ffi::{c_char, CStr};

/// The features `__builtin_cpu_supports` knows, gcc's names.
pub const FEATURES: &[&str] = &[
    "cmov", "mmx", "popcnt", "sse", "sse2", "sse3", "ssse3", "sse4.1", "sse4.2", "avx", "avx2",
    "sse4a", "fma4", "fma", "bmi", "bmi2", "aes", "pclmul", "avx512f", "avx512vl", "avx512bw",
    "avx512dq", "avx512cd", "sha", "lzcnt", "movbe", "f16c", "rdrnd", "rdseed", "adx", "xsave",
];

/// The vendors `__builtin_cpu_is` knows (gcc also takes processor models,
/// which kit does not).
pub const VENDORS: &[&str] = &["intel", "amd"];

fn supports(feature: &str) -> bool {
    macro_rules! detect {
        ($($name:literal => $rust:tt),* $(,)?) => {
            match feature {
                $($name => std::arch::is_x86_feature_detected!($rust),)*
                _ => false,
            }
        };
    }
    detect! {
        "mmx" => "mmx", "popcnt" => "popcnt", "sse" => "sse", "sse2" => "sse2",
        "sse3" => "sse3", "ssse3" => "ssse3", "sse4.1" => "sse4.1", "sse4.2" => "sse4.2",
        "avx" => "avx", "avx2" => "avx2", "sse4a" => "sse4a", "fma" => "fma",
        "bmi" => "bmi1", "bmi2" => "bmi2", "aes" => "aes", "pclmul" => "pclmulqdq",
        "avx512f" => "avx512f", "avx512vl" => "avx512vl", "avx512bw" => "avx512bw",
        "avx512dq" => "avx512dq", "avx512cd" => "avx512cd", "sha" => "sha",
        "lzcnt" => "lzcnt", "movbe" => "movbe", "f16c" => "f16c", "rdrnd" => "rdrand",
        "rdseed" => "rdseed", "adx" => "adx", "xsave" => "xsave",
    }
}

/// Whether the processor has `feature` (a NUL-terminated gcc name).
///
/// # Safety
/// `feature` points to a NUL-terminated string.
pub unsafe extern "C" fn kit_cpu_supports(feature: *const c_char) -> i32 {
    // SAFETY: the caller's contract.
    let feature = unsafe { CStr::from_ptr(feature) }.to_str().unwrap_or("");
    // Every x86-64 processor has cmov; fma4 is AMD's, which Rust does not name.
    let answer = match feature {
        "cmov" => true,
        "fma4" => false,
        _ => supports(feature),
    };
    i32::from(answer)
}

/// Whether the processor is `vendor`'s ("intel", "amd").
///
/// # Safety
/// `vendor` points to a NUL-terminated string.
pub unsafe extern "C" fn kit_cpu_is(vendor: *const c_char) -> i32 {
    // SAFETY: the caller's contract.
    let vendor = unsafe { CStr::from_ptr(vendor) }.to_str().unwrap_or("");
    // CPUID leaf 0 (the vendor) exists on every x86-64 processor.
    let id = std::arch::x86_64::__cpuid(0);
    let mut name = [0u8; 12];
    name[..4].copy_from_slice(&id.ebx.to_le_bytes());
    name[4..8].copy_from_slice(&id.edx.to_le_bytes());
    name[8..].copy_from_slice(&id.ecx.to_le_bytes());
    let answer = match vendor {
        "intel" => &name == b"GenuineIntel",
        "amd" => &name == b"AuthenticAMD",
        _ => false,
    };
    i32::from(answer)
}
