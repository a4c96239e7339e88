//! Input classification: each input's lane, from its suffix.

use std::path::{Path, PathBuf};

use crate::failure::Failure;

/// One classified input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// `.wat` or `.wasm`; `display` is the path as given.
    Wasm { path: PathBuf, display: String },
    /// Anything the native lane links: C source, stdin, objects, archives.
    Native(native::Input),
}

/// Which lane a run takes.
#[derive(Debug)]
pub enum Lane {
    Wasm(Vec<(PathBuf, String)>),
    Native(Vec<native::Input>),
}

/// Classifies every input; `script` makes the one input C source whatever its name.
pub fn classify(inputs: &[String], script: bool) -> Result<Vec<Input>, Failure> {
    let mut stdin_seen = false;
    inputs
        .iter()
        .map(|given| {
            if given == "-" {
                if std::mem::replace(&mut stdin_seen, true) {
                    return Err(Failure::usage("- (stdin) can be an input only once"));
                }
                return Ok(Input::Native(native::Input::Source {
                    path: PathBuf::from("-"),
                    display: "<stdin>".into(),
                    text: None,
                }));
            }
            classify_path(given, script)
        })
        .collect()
}

fn classify_path(given: &str, script: bool) -> Result<Input, Failure> {
    let path = PathBuf::from(given);
    let source = || {
        Input::Native(native::Input::Source {
            path: path.clone(),
            display: given.to_owned(),
            text: None,
        })
    };
    if script {
        return Ok(source());
    }
    let suffix = Path::new(given).extension().and_then(|e| e.to_str());
    Ok(match suffix {
        Some("c" | "cc" | "cpp") => source(),
        Some("wat" | "wasm") => Input::Wasm {
            path: path.clone(),
            display: given.to_owned(),
        },
        Some("o" | "obj") => Input::Native(native::Input::Object(path)),
        Some("a") => Input::Native(native::Input::Archive(path)),
        _ => {
            return Err(Failure::usage(format!(
                "{given}: unknown input type; kit runs .c .cc .cpp .wat .wasm .o .obj .a files and - (C from stdin)"
            )))
        }
    })
}

/// Splits classified inputs into one lane; mixing lanes is a usage error.
pub fn lane(inputs: Vec<Input>) -> Result<Lane, Failure> {
    let (wasm, native): (Vec<_>, Vec<_>) = inputs
        .into_iter()
        .partition(|i| matches!(i, Input::Wasm { .. }));
    match (wasm.is_empty(), native.is_empty()) {
        (false, false) => Err(Failure::usage(
            "sandboxed wasm run does not support mixed native inputs; run the wasm and native inputs separately",
        )),
        (false, true) => Ok(Lane::Wasm(
            wasm.into_iter()
                .filter_map(|i| match i {
                    Input::Wasm { path, display } => Some((path, display)),
                    Input::Native(_) => None,
                })
                .collect(),
        )),
        _ => Ok(Lane::Native(
            native
                .into_iter()
                .filter_map(|i| match i {
                    Input::Native(n) => Some(n),
                    Input::Wasm { .. } => None,
                })
                .collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn suffixes_pick_the_lane() {
        let inputs = classify(&names(&["a.c", "b.o", "c.a", "-"]), false).unwrap();
        assert!(matches!(lane(inputs).unwrap(), Lane::Native(v) if v.len() == 4));
        let inputs = classify(&names(&["a.wat", "b.wasm"]), false).unwrap();
        assert!(matches!(lane(inputs).unwrap(), Lane::Wasm(v) if v.len() == 2));
    }

    #[test]
    fn unknown_suffix_mixed_lanes_and_double_stdin_are_usage_errors() {
        assert_eq!(classify(&names(&["x.txt"]), false).unwrap_err().code, 2);
        assert_eq!(classify(&names(&["-", "-"]), false).unwrap_err().code, 2);
        let mixed = classify(&names(&["a.c", "b.wasm"]), false).unwrap();
        assert_eq!(lane(mixed).unwrap_err().code, 2);
    }

    #[test]
    fn a_script_is_c_whatever_its_name() {
        let inputs = classify(&names(&["tool"]), true).unwrap();
        assert!(matches!(
            &inputs[0],
            Input::Native(native::Input::Source { .. })
        ));
    }
}
