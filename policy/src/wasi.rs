//! The WASI part of the policy: which host resources a guest may reach.
//!
//! Every default grants nothing: no environment, no files, null stdio, no
//! clock, no random. The wasi-shim crate reads this value and nothing else.

use std::path::PathBuf;

/// What the guest's environment holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EnvMode {
    /// No variables at all.
    #[default]
    None,
    /// Only `--wasm-env-pass` names (taken from the host) and `--wasm-env-set` pairs.
    Allowlist,
    /// The whole host environment, then the `--wasm-env-set` pairs.
    Inherit,
}

/// One `--wasm-map-dir` or `--wasm-map-file`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    pub host: PathBuf,
    /// Absolute, normalized guest path (`/data`, `/`), without a trailing slash.
    pub guest: String,
    pub kind: MountKind,
    pub writable: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MountKind {
    Dir,
    File,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Stdio {
    /// Empty stdin; output is discarded (and kit says so once at exit).
    #[default]
    Null,
    /// The guest shares kit's stdin, stdout and stderr.
    Inherit,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// Every clock call and clock subscription fails with an errno.
    #[default]
    None,
    /// Only the monotonic clock.
    Monotonic,
    /// Monotonic and realtime.
    Realtime,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Random {
    /// random_get fails with an errno.
    #[default]
    None,
    /// The host's CSPRNG.
    Host,
    /// A deterministic stream: the same seed gives the same bytes on every run.
    Seed(Vec<u8>),
}

/// Host resources granted to a WASI guest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WasiPolicy {
    pub env_mode: EnvMode,
    /// `--wasm-env-pass` names, in flag order.
    pub env_pass: Vec<String>,
    /// `--wasm-env-set` pairs, in flag order; later sets win.
    pub env_set: Vec<(String, String)>,
    pub mounts: Vec<Mount>,
    /// `--wasm-cwd`: absolute guest path relative paths resolve against.
    pub cwd: Option<String>,
    pub stdio: Stdio,
    pub clock: Clock,
    pub random: Random,
}

impl WasiPolicy {
    /// The guest environment this policy grants, read from `host` (the
    /// process environment in practice), in a stable order.
    pub fn environment(
        &self,
        host: impl IntoIterator<Item = (String, String)>,
    ) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = match self.env_mode {
            EnvMode::None => return Vec::new(),
            EnvMode::Inherit => host.into_iter().collect(),
            EnvMode::Allowlist => {
                let host: Vec<(String, String)> = host.into_iter().collect();
                self.env_pass
                    .iter()
                    .filter_map(|name| host.iter().find(|(k, _)| k == name).cloned())
                    .collect()
            }
        };
        for (name, value) in &self.env_set {
            env.retain(|(k, _)| k != name);
            env.push((name.clone(), value.clone()));
        }
        env
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host() -> Vec<(String, String)> {
        vec![
            ("HOME".into(), "/root".into()),
            ("PATH".into(), "/bin".into()),
        ]
    }

    #[test]
    fn none_grants_nothing_even_with_sets() {
        let p = WasiPolicy {
            env_set: vec![("A".into(), "1".into())],
            ..WasiPolicy::default()
        };
        assert!(p.environment(host()).is_empty());
    }

    #[test]
    fn allowlist_takes_named_host_vars_then_sets() {
        let p = WasiPolicy {
            env_mode: EnvMode::Allowlist,
            env_pass: vec!["PATH".into(), "MISSING".into()],
            env_set: vec![("A".into(), "1".into()), ("PATH".into(), "/x".into())],
            ..WasiPolicy::default()
        };
        assert_eq!(
            p.environment(host()),
            vec![("A".into(), "1".into()), ("PATH".into(), "/x".into())]
        );
    }

    #[test]
    fn inherit_takes_everything() {
        let p = WasiPolicy {
            env_mode: EnvMode::Inherit,
            ..WasiPolicy::default()
        };
        assert_eq!(p.environment(host()), host());
    }
}
