//! Diagnostics of the native lane: `path:line:col: error: text`, then the
//! source line and a caret, like gcc. Every stage reports into a `Vec` of
//! these; the driver prints them all, then stops.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    /// A warning that `-Werror` or `-Werror=NAME` makes an error.
    WarningAsError,
    Note,
}

impl Severity {
    /// Whether the diagnostic stops the run.
    pub fn is_error(self) -> bool {
        matches!(self, Severity::Error | Severity::WarningAsError)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error | Severity::WarningAsError => "error",
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
    /// The gcc warning option the diagnostic belongs to (`div-by-zero`
    /// for `-Wdiv-by-zero`), which `-Wno-NAME` and `-Wno-error=NAME`
    /// name; None for warnings gcc gives unconditionally.
    pub option: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            source_line: None,
            option: None,
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

    pub fn with_option(mut self, option: &'static str) -> Diagnostic {
        self.option = Some(option);
        self
    }

    /// gcc's note of the option after the message: ` [-Wcpp]`, or
    /// ` [-Werror=cpp]` (` [-Werror]` without one) once `-Werror` made
    /// the warning an error.
    fn option_note(&self) -> Option<String> {
        match (self.severity, self.option) {
            (Severity::WarningAsError, Some(option)) => Some(format!(" [-Werror={option}]")),
            (Severity::WarningAsError, None) => Some(" [-Werror]".into()),
            (_, Some(option)) => Some(format!(" [-W{option}]")),
            (_, None) => None,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: text`, then the source line and a caret under `col`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", loc.path, loc.line, loc.col)?;
        }
        write!(f, "{}: {}", self.severity, self.message)?;
        if let Some(note) = self.option_note() {
            f.write_str(&note)?;
        }
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
    fn warning_options_are_noted_as_gcc_notes_them() {
        let warning = Diagnostic::warning(None, "#warning hi").with_option("cpp");
        assert_eq!(warning.to_string(), "warning: #warning hi [-Wcpp]");
        let promoted = Diagnostic {
            severity: Severity::WarningAsError,
            ..warning
        };
        assert_eq!(promoted.to_string(), "error: #warning hi [-Werror=cpp]");
        let unnamed = Diagnostic {
            severity: Severity::WarningAsError,
            ..Diagnostic::warning(None, "\"A\" redefined")
        };
        assert_eq!(unnamed.to_string(), "error: \"A\" redefined [-Werror]");
    }

    #[test]
    fn input_level_diagnostic_has_no_location() {
        let d = Diagnostic::error(None, "cannot read file");
        assert_eq!(d.to_string(), "error: cannot read file");
    }
}
