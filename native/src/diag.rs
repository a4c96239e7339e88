//! Diagnostics of the native lane: `path:line:col: error: text`, then the
//! source line and a caret, like gcc. Every stage reports into a `Vec` of
//! these; the driver prints them all, then stops.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// Where a diagnostic points, in the user's file (after mapping back
/// through `#line` and includes). `line` and `col` are 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// None for diagnostics about an input as a whole.
    pub location: Option<Location>,
    pub message: String,
    /// The text of the source line `location` points into, when known.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            source_line: None,
        }
    }

    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    pub fn with_source_line(mut self, line: impl Into<String>) -> Diagnostic {
        self.source_line = Some(line.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: text`, then the source line and a caret under `col`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", loc.path, loc.line, loc.col)?;
        }
        write!(f, "{}: {}", self.severity, self.message)?;
        if let (Some(loc), Some(line)) = (&self.location, &self.source_line) {
            // Keep tabs so the caret lines up under the same column in a terminal.
            let pad: String = line
                .chars()
                .take(loc.col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n {line}\n {pad}^")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_gcc_with_caret() {
        let d = Diagnostic::error(
            Some(Location {
                path: "a.c".into(),
                line: 3,
                col: 5,
            }),
            "expected ';'",
        )
        .with_source_line("\tx = 1");
        assert_eq!(
            d.to_string(),
            "a.c:3:5: error: expected ';'\n \tx = 1\n \t   ^"
        );
    }

    #[test]
    fn input_level_diagnostic_has_no_location() {
        let d = Diagnostic::error(None, "cannot read file");
        assert_eq!(d.to_string(), "error: cannot read file");
    }
}
