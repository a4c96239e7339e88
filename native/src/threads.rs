//! The threads a compile runs on: how many are worth starting, how many
//! cores other units' compiles leave a unit, and the stack a unit that
//! nests deeply needs.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads worth running `jobs` independent jobs on: the calling thread
/// alone for one job, else one per core. The core count is asked only
/// when it matters, and once: std reads the cgroup's CPU quota for it
/// (several files under /proc and /sys), which cost a C program with no
/// work to parallelize a fifth of a millisecond, a tenth of its start.
pub(crate) fn worker_threads(jobs: usize) -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    if jobs <= 1 {
        return 1;
    }
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    cores.min(jobs)
}

/// Stack for compiling a unit that nests deeply: parsing, lowering and
/// freeing the syntax tree recurse on the nesting of the source. A
/// thread's 8 MiB overflowed on 2,000 nested parentheses or `if`s or a
/// sum of 20,000 terms, which generated C reaches and gcc compiles;
/// 256 MiB (reserved, not committed, until used) takes 50,000 of them.
pub(crate) const COMPILER_STACK: usize = 256 << 20;

/// The main thread's usual stack (Linux's default limit), which
/// `on_stack_for`'s bounds were measured against; worker threads get it
/// too (Rust gives them 2 MiB).
pub(crate) const ORDINARY_STACK: usize = 8 << 20;

/// Runs `compile` on a thread with `COMPILER_STACK` when it may recurse
/// deeper than `ORDINARY_STACK` surely takes (`deep`), else right here:
/// a thread (and its malloc arena) costs a small program a tenth of its
/// start-up.
pub(crate) fn on_stack_for<T: Send>(deep: bool, compile: impl FnOnce() -> T + Send) -> T {
    if !deep {
        return compile();
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(COMPILER_STACK)
            .spawn_scoped(scope, compile)
            .expect("spawn a compiler thread")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Whether parsing and lowering `text` may recurse deeper than 8 MiB
/// take, with a margin of three or more (release builds overflowed at
/// about 1,000 nested brackets, 2,000 nested `if`s, a 20,000-term sum and
/// a 5,000-long `else if` chain): more than 256 brackets deep, 4 KB of
/// code without a `;`, `{` or `}` (a long expression, or statements
/// nested without braces), or over 1,000 `else`s (a chain of them nests).
pub(crate) fn nests_deeply(text: &[u8]) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let (mut depth, mut run, mut elses) = (0usize, 0usize, 0usize);
    // Line markers are no code, nor are blanks.
    for line in text.split(|&b| b == b'\n').filter(|l| !l.starts_with(b"#")) {
        for (i, &b) in line.iter().enumerate() {
            match b {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                b'{' | b'}' | b';' => {
                    run = 0;
                    match b {
                        b'{' => depth += 1,
                        b'}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
                b'e' if line[i..].starts_with(b"else")
                    && !line.get(i + 4).is_some_and(|&c| word(c))
                    && !(i > 0 && word(line[i - 1])) =>
                {
                    elses += 1
                }
                _ => {}
            }
            if !b.is_ascii_whitespace() && !matches!(b, b'{' | b'}' | b';') {
                run += 1;
            }
            if depth > 256 || run > 4 << 10 || elses > 1000 {
                return true;
            }
        }
    }
    false
}

/// Whether `text` has brackets more than 256 deep (`nests_deeply`'s first
/// bound).
pub(crate) fn brackets_nest_deeply(text: &[u8]) -> bool {
    let mut depth = 0usize;
    text.iter().any(|&b| {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth > 256
    })
}

/// Units being compiled now, in this process: a large unit's parse takes
/// the cores the others leave (cc/pieces.rs).
static UNITS_COMPILING: AtomicUsize = AtomicUsize::new(0);

/// The cores that the units compiling now, other than the caller's,
/// leave to it (asked only when it matters, as `worker_threads` says).
pub(crate) fn spare_cores() -> usize {
    worker_threads(usize::MAX) / UNITS_COMPILING.load(Ordering::Relaxed).max(1)
}

/// One unit counted in `UNITS_COMPILING` while this lives.
pub(crate) struct Compiling;

impl Compiling {
    pub(crate) fn start() -> Compiling {
        UNITS_COMPILING.fetch_add(1, Ordering::Relaxed);
        Compiling
    }
}

impl Drop for Compiling {
    fn drop(&mut self) {
        UNITS_COMPILING.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::{brackets_nest_deeply, nests_deeply};

    #[test]
    fn deep_nesting_is_told_from_ordinary_code() {
        let ordinary =
            "# 1 \"hello.c\"\nint main(void) { if (a) b(); else c(); return (1 + (2)); }\n";
        assert!(!nests_deeply(ordinary.as_bytes()));
        let brackets = format!("int x = {}1{};", "(".repeat(257), ")".repeat(257));
        assert!(nests_deeply(brackets.as_bytes()));
        let shallower = format!("int x = {}1{};", "(".repeat(256), ")".repeat(256));
        assert!(!nests_deeply(shallower.as_bytes()));
        let expression = format!("int x = 1{};", " + 1".repeat(2100));
        assert!(nests_deeply(expression.as_bytes()));
        let chain = (0..1002)
            .map(|i| format!("if (x == {i}) y = 1;"))
            .collect::<Vec<_>>();
        assert!(nests_deeply(chain.join(" else ").as_bytes()));
        // `elsewhere` is no `else`; line markers and blanks are no code.
        let words = "int elsewhere; ".repeat(2000);
        assert!(!nests_deeply(words.as_bytes()));
        let markers = format!(
            "{}int x;",
            "# 12 \"a-long-header-name.h\" 3 4\n\n".repeat(500)
        );
        assert!(!nests_deeply(markers.as_bytes()));
        // Before preprocessing only brackets count: a long comment is no
        // long expression.
        assert!(brackets_nest_deeply(brackets.as_bytes()));
        assert!(!brackets_nest_deeply(shallower.as_bytes()));
        let comment = format!(
            "/* {} */\nint main(void) {{ return 0; }}",
            "word ".repeat(2000)
        );
        assert!(nests_deeply(comment.as_bytes()) && !brackets_nest_deeply(comment.as_bytes()));
    }
}
