//! Which warnings are given, and which stop the run: gcc's `-w`,
//! `-Werror`, `-Werror=NAME`, `-Wno-error=NAME`, `-WNAME`, `-Wno-NAME`
//! and `-fpermissive`, applied to diagnostics tagged with their option.

use crate::diag::{Diagnostic, Severity};

/// The warning options kit's diagnostics carry, in gcc's names. kit gives
/// gcc's default warnings only; each of these is on unless turned off.
pub const OPTIONS: &[&str] = &[
    "attributes",
    "cpp",
    "discarded-qualifiers",
    "div-by-zero",
    "implicit-function-declaration",
    "implicit-int",
    "incompatible-pointer-types",
    "int-conversion",
    "return-mismatch",
];

/// gcc 14's errors that were gcc 12's warnings: errors unless
/// `-fpermissive`, `-Wno-error=NAME` or `-Wno-NAME` says otherwise.
const PERMERRORS: &[&str] = &[
    "incompatible-pointer-types",
    "int-conversion",
    "return-mismatch",
];

/// What one `-W` flag says about one option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// `-WNAME`.
    Enable,
    /// `-Wno-NAME`.
    Disable,
    /// `-Werror=NAME` (which also enables it, as in gcc).
    Error,
    /// `-Wno-error=NAME`.
    NoError,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WarningPolicy {
    /// `-w`: no warning is given (so none is promoted).
    pub silent: bool,
    /// `-Werror`.
    pub all_errors: bool,
    /// `-fpermissive`: gcc 14's errors are warnings again.
    pub permissive: bool,
    /// The per-option flags in command-line order; the last one about an
    /// option wins, as in gcc.
    pub choices: Vec<(&'static str, Choice)>,
}

impl WarningPolicy {
    /// Reads `-WNAME`, `-Wno-NAME`, `-Werror=NAME` or `-Wno-error=NAME`
    /// for an option kit gives; None for any other flag.
    pub fn parse_flag(arg: &str) -> Option<(&'static str, Choice)> {
        let (name, choice) = if let Some(name) = arg.strip_prefix("-Wno-error=") {
            (name, Choice::NoError)
        } else if let Some(name) = arg.strip_prefix("-Werror=") {
            (name, Choice::Error)
        } else if let Some(name) = arg.strip_prefix("-Wno-") {
            (name, Choice::Disable)
        } else {
            (arg.strip_prefix("-W")?, Choice::Enable)
        };
        let option = OPTIONS.iter().find(|o| **o == name)?;
        Some((option, choice))
    }

    /// The last choice about `option` among `kinds`.
    fn last(&self, option: &str, kinds: &[Choice]) -> Option<Choice> {
        self.choices
            .iter()
            .rev()
            .find(|(o, c)| *o == option && kinds.contains(c))
            .map(|(_, c)| *c)
    }

    /// On unless turned off since last turned on (`-Werror=NAME` turns
    /// it on).
    fn enabled(&self, option: &str) -> bool {
        let kinds = [Choice::Enable, Choice::Disable, Choice::Error];
        self.last(option, &kinds) != Some(Choice::Disable)
    }

    fn is_error(&self, option: Option<&str>) -> bool {
        let Some(option) = option else {
            return self.all_errors;
        };
        match self.last(option, &[Choice::Error, Choice::NoError]) {
            Some(choice) => choice == Choice::Error,
            None => self.all_errors || PERMERRORS.contains(&option) && !self.permissive,
        }
    }

    /// Whether one of gcc 14's errors (`int-conversion`) is only a
    /// warning, or nothing, under these flags.
    pub fn permits(&self, permerror: &str) -> bool {
        !self.enabled(permerror) || !self.is_error(Some(permerror))
    }

    /// Applies the flags to one input's diagnostics: warnings turned off
    /// are dropped, those made errors become errors.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| {
            d.severity != Severity::Warning
                || !self.silent && d.option.is_none_or(|o| self.enabled(o))
        });
        for d in diagnostics {
            if d.severity == Severity::Warning && self.is_error(d.option) {
                d.severity = Severity::WarningAsError;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(flags: &[&str]) -> WarningPolicy {
        WarningPolicy {
            choices: flags
                .iter()
                .map(|f| WarningPolicy::parse_flag(f).expect("a flag kit takes"))
                .collect(),
            ..WarningPolicy::default()
        }
    }

    #[test]
    fn the_last_flag_about_an_option_wins() {
        assert!(!policy(&["-Wno-cpp"]).enabled("cpp"));
        assert!(policy(&["-Wno-cpp", "-Wcpp"]).enabled("cpp"));
        assert!(policy(&["-Wno-cpp", "-Werror=cpp"]).enabled("cpp"));
        assert!(!policy(&["-Werror=cpp", "-Wno-cpp"]).enabled("cpp"));
        assert!(policy(&["-Werror=cpp"]).is_error(Some("cpp")));
        assert!(!policy(&["-Werror=cpp", "-Wno-error=cpp"]).is_error(Some("cpp")));
    }

    #[test]
    fn a_named_choice_overrides_werror_in_any_order() {
        let mut p = policy(&["-Wno-error=cpp"]);
        p.all_errors = true;
        assert!(!p.is_error(Some("cpp")));
        assert!(p.is_error(Some("div-by-zero")));
        assert!(p.is_error(None));
    }

    #[test]
    fn gcc_14_errors_need_a_flag_to_be_warnings() {
        assert!(!policy(&[]).permits("int-conversion"));
        assert!(policy(&["-Wno-error=int-conversion"]).permits("int-conversion"));
        assert!(policy(&["-Wno-int-conversion"]).permits("int-conversion"));
        let permissive = WarningPolicy {
            permissive: true,
            ..WarningPolicy::default()
        };
        assert!(permissive.permits("return-mismatch"));
    }

    #[test]
    fn only_kits_options_are_taken() {
        assert_eq!(WarningPolicy::parse_flag("-Wall"), None);
        assert_eq!(WarningPolicy::parse_flag("-Wno-unused"), None);
        assert_eq!(
            WarningPolicy::parse_flag("-Wno-error=implicit-int"),
            Some(("implicit-int", Choice::NoError))
        );
    }
}
