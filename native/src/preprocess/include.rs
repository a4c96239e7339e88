//! Where `#include` looks, and kit's embedded freestanding headers.
//!
//! `"x.h"` first tries the including file's directory; then both forms walk
//! one chain: -I dirs, -isystem dirs, kit's embedded headers, and, only with
//! -lc/--sysroot, SYSROOT/usr/local/include, SYSROOT/usr/include/x86_64-
//! linux-gnu, SYSROOT/usr/include. `#include_next` resumes the chain after
//! the entry where the current file was found.

use std::path::{Path, PathBuf};

use super::PreprocessOptions;

/// Display prefix of the embedded headers in line markers and messages.
pub const BUILTIN_DIR: &str = "<kit>";

const BUILTIN: &[(&str, &str)] = &[
    ("cpuid.h", include_str!("../../include/cpuid.h")),
    ("emmintrin.h", include_str!("../../include/emmintrin.h")),
    ("float.h", include_str!("../../include/float.h")),
    ("immintrin.h", include_str!("../../include/immintrin.h")),
    ("iso646.h", include_str!("../../include/iso646.h")),
    ("limits.h", include_str!("../../include/limits.h")),
    ("mm_malloc.h", include_str!("../../include/mm_malloc.h")),
    ("mmintrin.h", include_str!("../../include/mmintrin.h")),
    ("stdalign.h", include_str!("../../include/stdalign.h")),
    ("stdatomic.h", include_str!("../../include/stdatomic.h")),
    ("stdarg.h", include_str!("../../include/stdarg.h")),
    ("stdbool.h", include_str!("../../include/stdbool.h")),
    ("stddef.h", include_str!("../../include/stddef.h")),
    ("stdint.h", include_str!("../../include/stdint.h")),
    ("stdnoreturn.h", include_str!("../../include/stdnoreturn.h")),
    ("x86intrin.h", include_str!("../../include/x86intrin.h")),
    ("xmmintrin.h", include_str!("../../include/xmmintrin.h")),
];

/// Wrappers of C library headers (`#include_next` and additions), seen
/// only with -lc/--sysroot: without a C library they would only point
/// the user at kit's file instead of theirs.
const HOSTED: &[(&str, &str)] = &[
    ("complex.h", include_str!("../../include/complex.h")),
    ("tgmath.h", include_str!("../../include/tgmath.h")),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchDir {
    Path(PathBuf),
    /// kit's embedded headers (the hosted wrappers too when `hosted`).
    Builtin {
        hosted: bool,
    },
}

/// The search chain for these options.
pub fn chain(options: &PreprocessOptions) -> Vec<SearchDir> {
    let mut dirs: Vec<SearchDir> = options
        .include_dirs
        .iter()
        .chain(&options.system_include_dirs)
        .cloned()
        .map(SearchDir::Path)
        .collect();
    dirs.push(SearchDir::Builtin {
        hosted: options.hosted_libc,
    });
    if options.hosted_libc {
        for sub in [
            "usr/local/include",
            "usr/include/x86_64-linux-gnu",
            "usr/include",
        ] {
            dirs.push(SearchDir::Path(options.sysroot.join(sub)));
        }
    }
    dirs
}

/// A header found: its display path, where it is, and chain index (None
/// when found next to the including file). The text is read only when the
/// header is entered: most repeated includes stop at their guard.
pub struct Found {
    pub display: String,
    pub path: PathBuf,
    /// Taken from the search's own `stat`, which is all a header costs
    /// before its guard is checked.
    pub identity: FileId,
    /// The text of an embedded header.
    pub builtin: Option<&'static str>,
    pub index: Option<usize>,
}

impl Found {
    pub fn read(&self) -> std::io::Result<String> {
        match self.builtin {
            Some(text) => Ok(text.to_owned()),
            None => crate::source::read(&self.path),
        }
    }
}

/// The identity of a file for `#pragma once` and include guards, so
/// that `a/../x.h`, `x.h` and a link to it are one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileId {
    /// Device and inode: one `stat`, where resolving the path would
    /// read every component's link (about six calls per glibc header).
    Inode(u64, u64),
    /// A file kit embeds, or one that cannot be examined.
    Path(PathBuf),
}

pub fn identity(path: &Path) -> FileId {
    match std::fs::metadata(path) {
        Ok(meta) => inode(&meta),
        Err(_) => FileId::Path(path.to_path_buf()),
    }
}

fn inode(meta: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId::Inode(meta.dev(), meta.ino())
}

/// Looks `name` up in `chain` from entry `start`; `local` is the including
/// file's directory for the quoted form.
pub fn find(name: &str, chain: &[SearchDir], start: usize, local: Option<&Path>) -> Option<Found> {
    let file = |path: PathBuf, index| {
        let meta = std::fs::metadata(&path).ok().filter(|m| m.is_file())?;
        Some(Found {
            display: path.display().to_string(),
            identity: inode(&meta),
            path,
            builtin: None,
            index,
        })
    };
    if let Some(found) = local.and_then(|dir| file(dir.join(name), None)) {
        return Some(found);
    }
    chain
        .iter()
        .enumerate()
        .skip(start)
        .find_map(|(index, dir)| match dir {
            SearchDir::Builtin { hosted } => BUILTIN
                .iter()
                .chain(if *hosted { HOSTED } else { &[] })
                .find(|(n, _)| *n == name)
                .map(|(_, text)| {
                    let display = format!("{BUILTIN_DIR}/{name}");
                    Found {
                        identity: FileId::Path(PathBuf::from(&display)),
                        path: PathBuf::from(&display),
                        display,
                        builtin: Some(text),
                        index: Some(index),
                    }
                }),
            SearchDir::Path(dir) => file(dir.join(name), Some(index)),
        })
}

/// Why kit has no such header, for headers other compilers ship
/// themselves (neither libc nor kit provides them).
pub fn unsupported(name: &str) -> Option<&'static str> {
    let base = name.rsplit('/').next().unwrap_or(name);
    if base.ends_with("intrin.h") || base == "mm3dnow.h" {
        Some("kit provides the intrinsics of MMX, SSE and SSE2 only (<mmintrin.h>, <xmmintrin.h>, <emmintrin.h>, <immintrin.h>), the x86-64 baseline; use those, or gcc for later extensions")
    } else if matches!(base, "omp.h" | "openacc.h" | "acc_prof.h") {
        Some("OpenMP and OpenACC are not supported by kit")
    } else {
        None
    }
}
