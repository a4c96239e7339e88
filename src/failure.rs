//! How a run ends when it does not reach (or finish) the entry: a message
//! and the documented exit code.

use std::fmt;

/// Exit codes of DESIGN.md "Exit codes and messages".
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_TRAP: i32 = 134;

#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    /// Printed after `kit run: ` unless `bare` is set.
    pub message: String,
    /// The message is complete output (e.g. C diagnostics): print it as is.
    pub bare: bool,
}

impl Failure {
    /// A bad command line: exit 2.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: EXIT_USAGE,
            message: message.into(),
            bare: false,
        }
    }

    /// A compile, link, lookup, validation or policy refusal: exit 1.
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            code: EXIT_FAILED,
            message: message.into(),
            bare: false,
        }
    }

    /// A wasm trap: exit 134.
    pub fn trap(message: impl Into<String>) -> Failure {
        Failure {
            code: EXIT_TRAP,
            message: message.into(),
            bare: false,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bare {
            f.write_str(&self.message)
        } else {
            write!(f, "kit run: {}", self.message)
        }
    }
}
