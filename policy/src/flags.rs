//! The `--wasm-*` flags, turned into one [`Policy`] value.
//!
//! The driver hands over every `--wasm-*` flag it saw, in order, as
//! (name, value) pairs; this module is the only code that reads them. Any
//! malformed value or contradiction is a [`FlagError`] naming the flag
//! (the driver exits 2). Later flags override earlier ones, as in gcc,
//! except the list flags (env pass/set, mounts), which accumulate.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::size::parse_size;
use crate::wasi::{Clock, EnvMode, Mount, MountKind, Random, Stdio, WasiPolicy};
use crate::{Imports, Policy};

/// Every `--wasm-*` flag and whether it takes a value.
const FLAGS: &[(&str, bool)] = &[
    ("--wasm-memory-max", true),
    ("--wasm-instance-max", true),
    ("--wasm-memories-max", true),
    ("--wasm-imports", true),
    ("--wasm-wasi", false),
    ("--wasm-env", true),
    ("--wasm-env-pass", true),
    ("--wasm-env-set", true),
    ("--wasm-fs", true),
    ("--wasm-map-dir", true),
    ("--wasm-map-file", true),
    ("--wasm-cwd", true),
    ("--wasm-stdio", true),
    ("--wasm-clock", true),
    ("--wasm-random", true),
    ("--wasm-fuel", true),
    ("--wasm-timeout", true),
    ("--wasm-stack-max", true),
];

/// Flags that grant WASI resources and so mean nothing without WASI imports.
const WASI_RESOURCE_FLAGS: &[&str] = &[
    "--wasm-env",
    "--wasm-env-pass",
    "--wasm-env-set",
    "--wasm-fs",
    "--wasm-map-dir",
    "--wasm-map-file",
    "--wasm-cwd",
    "--wasm-stdio",
    "--wasm-clock",
    "--wasm-random",
];

/// Whether `name` is a `--wasm-*` flag, and if so whether it takes a value.
pub fn flag_takes_value(name: &str) -> Option<bool> {
    FLAGS
        .iter()
        .find(|(flag, _)| *flag == name)
        .map(|(_, takes)| *takes)
}

/// A bad `--wasm-*` flag: which one and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagError {
    pub flag: String,
    pub message: String,
}

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.flag, self.message)
    }
}

impl std::error::Error for FlagError {}

fn error(flag: &str, message: impl Into<String>) -> FlagError {
    FlagError {
        flag: flag.to_owned(),
        message: message.into(),
    }
}

/// Builds the policy from the flags, in command-line order.
pub fn policy_from_flags(flags: &[(String, Option<String>)]) -> Result<Policy, FlagError> {
    let mut policy = Policy::default();
    let mut env_mode: Option<EnvMode> = None;
    let mut fs_none = false;
    for (name, value) in flags {
        let takes_value =
            flag_takes_value(name).ok_or_else(|| error(name, "unknown wasm sandbox flag"))?;
        let value = match (takes_value, value) {
            (true, Some(value)) => value.as_str(),
            (true, None) => return Err(error(name, "needs a value (e.g. FLAG=VALUE)")),
            (false, Some(_)) => return Err(error(name, "takes no value")),
            (false, None) => "",
        };
        apply(&mut policy, &mut env_mode, &mut fs_none, name, value)?;
    }
    finish(&mut policy, env_mode, fs_none, flags)?;
    Ok(policy)
}

fn apply(
    policy: &mut Policy,
    env_mode: &mut Option<EnvMode>,
    fs_none: &mut bool,
    name: &str,
    value: &str,
) -> Result<(), FlagError> {
    let wasi = &mut policy.wasi;
    match name {
        "--wasm-memory-max" => policy.memory_max = parse_size(value).map_err(|m| error(name, m))?,
        "--wasm-instance-max" => {
            policy.instance_max = parse_size(value).map_err(|m| error(name, m))?
        }
        "--wasm-memories-max" => {
            policy.memories_max = value.parse().map_err(|_| {
                error(
                    name,
                    format!("{value:?} is not a count (a whole number, e.g. 2)"),
                )
            })?
        }
        "--wasm-imports" => policy.imports = parse_imports(name, value)?,
        "--wasm-wasi" => policy.imports = Imports::Wasi,
        "--wasm-env" => *env_mode = Some(parse_env_mode(name, value)?),
        "--wasm-env-pass" => wasi.env_pass.push(parse_env_name(name, value)?.to_owned()),
        "--wasm-env-set" => {
            let (key, val) = value
                .split_once('=')
                .ok_or_else(|| error(name, format!("{value:?} is not NAME=VALUE")))?;
            wasi.env_set
                .push((parse_env_name(name, key)?.to_owned(), val.to_owned()));
        }
        "--wasm-fs" if value == "none" => *fs_none = true,
        "--wasm-fs" => return Err(error(name, format!("{value:?} is not none"))),
        "--wasm-map-dir" => wasi.mounts.push(parse_mount(name, value, MountKind::Dir)?),
        "--wasm-map-file" => wasi.mounts.push(parse_mount(name, value, MountKind::File)?),
        "--wasm-cwd" => wasi.cwd = Some(parse_guest_path(name, value)?),
        "--wasm-stdio" => wasi.stdio = parse_stdio(name, value)?,
        "--wasm-clock" => wasi.clock = parse_clock(name, value)?,
        "--wasm-random" => wasi.random = parse_random(name, value)?,
        "--wasm-fuel" => policy.fuel = Some(parse_positive(name, value)?),
        "--wasm-timeout" => policy.timeout = Some(parse_duration(name, value)?),
        "--wasm-stack-max" => {
            policy.stack_max = Some(parse_size(value).map_err(|m| error(name, m))?)
        }
        _ => return Err(error(name, "unknown wasm sandbox flag")),
    }
    Ok(())
}

/// Cross-flag rules, checked once all flags are in.
fn finish(
    policy: &mut Policy,
    env_mode: Option<EnvMode>,
    fs_none: bool,
    flags: &[(String, Option<String>)],
) -> Result<(), FlagError> {
    let wasi = &mut policy.wasi;
    let lists_env = !wasi.env_pass.is_empty() || !wasi.env_set.is_empty();
    wasi.env_mode = match env_mode {
        Some(EnvMode::None) if lists_env => {
            return Err(error(
                "--wasm-env",
                "none contradicts --wasm-env-pass/--wasm-env-set; drop one of them",
            ))
        }
        Some(mode) => mode,
        None if lists_env => EnvMode::Allowlist,
        None => EnvMode::None,
    };
    if fs_none && !wasi.mounts.is_empty() {
        return Err(error(
            "--wasm-fs",
            "none contradicts --wasm-map-dir/--wasm-map-file; drop one of them",
        ));
    }
    check_mounts(wasi)?;
    if policy.imports != Imports::Wasi {
        if let Some((name, _)) = flags
            .iter()
            .find(|(name, _)| WASI_RESOURCE_FLAGS.contains(&name.as_str()))
        {
            return Err(error(
                name,
                "grants a WASI resource, but WASI imports are not enabled; add --wasm-wasi",
            ));
        }
    }
    Ok(())
}

fn check_mounts(wasi: &WasiPolicy) -> Result<(), FlagError> {
    for (i, mount) in wasi.mounts.iter().enumerate() {
        if let Some(other) = wasi.mounts[..i].iter().find(|m| m.guest == mount.guest) {
            return Err(error(
                flag_of(mount),
                format!(
                    "guest path {} is mounted twice ({} and {}); give each mount its own guest path",
                    mount.guest,
                    other.host.display(),
                    mount.host.display()
                ),
            ));
        }
    }
    if let Some(cwd) = &wasi.cwd {
        let inside = wasi
            .mounts
            .iter()
            .any(|m| m.kind == MountKind::Dir && is_within(cwd, &m.guest));
        if !inside {
            return Err(error(
                "--wasm-cwd",
                format!("{cwd} is not inside any --wasm-map-dir mount"),
            ));
        }
    }
    Ok(())
}

fn flag_of(mount: &Mount) -> &'static str {
    match mount.kind {
        MountKind::Dir => "--wasm-map-dir",
        MountKind::File => "--wasm-map-file",
    }
}

/// Whether guest path `path` is `root` or below it.
pub fn is_within(path: &str, root: &str) -> bool {
    root == "/"
        || path == root
        || path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn parse_imports(name: &str, value: &str) -> Result<Imports, FlagError> {
    match value {
        "deny" => Ok(Imports::Deny),
        "wasi" => Ok(Imports::Wasi),
        "test" => Ok(Imports::Test),
        _ => Err(error(name, format!("{value:?} is not deny, wasi or test"))),
    }
}

fn parse_env_mode(name: &str, value: &str) -> Result<EnvMode, FlagError> {
    match value {
        "none" => Ok(EnvMode::None),
        "allowlist" => Ok(EnvMode::Allowlist),
        "inherit" => Ok(EnvMode::Inherit),
        _ => Err(error(
            name,
            format!("{value:?} is not none, allowlist or inherit"),
        )),
    }
}

fn parse_env_name<'a>(name: &str, value: &'a str) -> Result<&'a str, FlagError> {
    if value.is_empty() || value.contains('=') || value.contains('\0') {
        return Err(error(
            name,
            format!("{value:?} is not an environment variable name"),
        ));
    }
    Ok(value)
}

fn parse_stdio(name: &str, value: &str) -> Result<Stdio, FlagError> {
    match value {
        "null" => Ok(Stdio::Null),
        "inherit" => Ok(Stdio::Inherit),
        _ => Err(error(name, format!("{value:?} is not null or inherit"))),
    }
}

fn parse_clock(name: &str, value: &str) -> Result<Clock, FlagError> {
    match value {
        "none" => Ok(Clock::None),
        "monotonic" => Ok(Clock::Monotonic),
        "realtime" => Ok(Clock::Realtime),
        _ => Err(error(
            name,
            format!("{value:?} is not none, monotonic or realtime"),
        )),
    }
}

fn parse_random(name: &str, value: &str) -> Result<Random, FlagError> {
    match value {
        "none" => Ok(Random::None),
        "host" => Ok(Random::Host),
        _ => {
            let hex = value
                .strip_prefix("seed:")
                .ok_or_else(|| error(name, format!("{value:?} is not none, host or seed:HEX")))?;
            parse_hex(hex).map(Random::Seed).ok_or_else(|| {
                error(
                    name,
                    format!("{hex:?} is not an even number of hex digits (e.g. seed:00ff)"),
                )
            })
        }
    }
}

fn parse_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.is_empty() || !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

fn parse_positive(name: &str, value: &str) -> Result<u64, FlagError> {
    match value.parse::<u64>() {
        Ok(0) => Err(error(name, "must be at least 1")),
        Ok(n) => Ok(n),
        Err(_) => Err(error(name, format!("{value:?} is not a whole number"))),
    }
}

/// `500ms`, `2s`, `1.5s`, `3m`, `1h`, `250us`.
fn parse_duration(name: &str, value: &str) -> Result<Duration, FlagError> {
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let scale = match unit {
        "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => {
            return Err(error(
                name,
                format!(
                    "{value:?} is not a DURATION (a number with us, ms, s, m or h, e.g. 500ms)"
                ),
            ))
        }
    };
    let seconds = number
        .parse::<f64>()
        .ok()
        .map(|n| n * scale)
        .filter(|s| s.is_finite())
        .ok_or_else(|| {
            error(
                name,
                format!("{value:?} is not a DURATION (e.g. 500ms, 2s)"),
            )
        })?;
    match Duration::try_from_secs_f64(seconds) {
        Ok(d) if !d.is_zero() => Ok(d),
        Ok(_) => Err(error(name, "must be longer than zero")),
        Err(_) => Err(error(name, format!("{value:?} is too long"))),
    }
}

/// `HOST=GUEST[:ro|rw]`.
fn parse_mount(name: &str, value: &str, kind: MountKind) -> Result<Mount, FlagError> {
    let (spec, writable) = if let Some(spec) = value.strip_suffix(":rw") {
        (spec, true)
    } else if let Some(spec) = value.strip_suffix(":ro") {
        (spec, false)
    } else {
        (value, false)
    };
    let (host, guest) = spec
        .split_once('=')
        .filter(|(host, guest)| !host.is_empty() && !guest.is_empty())
        .ok_or_else(|| error(name, format!("{value:?} is not HOST=GUEST[:ro|rw]")))?;
    let guest = parse_guest_path(name, guest)?;
    if kind == MountKind::File && guest == "/" {
        return Err(error(name, "a file cannot be mounted at /"));
    }
    Ok(Mount {
        host: PathBuf::from(host),
        guest,
        kind,
        writable,
    })
}

/// An absolute guest path without `.`/`..`, normalized: no repeated or trailing slashes.
fn parse_guest_path(name: &str, value: &str) -> Result<String, FlagError> {
    if !value.starts_with('/') {
        return Err(error(
            name,
            format!("guest path {value:?} must be absolute (start with /)"),
        ));
    }
    let parts: Vec<&str> = value.split('/').filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| *p == "." || *p == "..") {
        return Err(error(
            name,
            format!("guest path {value:?} must not contain . or .."),
        ));
    }
    Ok(format!("/{}", parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(list: &[&str]) -> Vec<(String, Option<String>)> {
        list.iter()
            .map(|f| match f.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (f.to_string(), None),
            })
            .collect()
    }

    fn policy(list: &[&str]) -> Result<Policy, FlagError> {
        policy_from_flags(&flags(list))
    }

    #[test]
    fn defaults_grant_nothing() {
        let p = policy(&[]).unwrap();
        assert_eq!(p.imports, Imports::Deny);
        assert_eq!(p.memory_max, 1 << 30);
        assert_eq!(p.instance_max, 64 << 20);
        assert_eq!(p.wasi, WasiPolicy::default());
        assert_eq!((p.fuel, p.timeout, p.stack_max), (None, None, None));
    }

    #[test]
    fn limits_parse() {
        let p = policy(&[
            "--wasm-memory-max=2G",
            "--wasm-instance-max=1M",
            "--wasm-memories-max=3",
            "--wasm-fuel=1000",
            "--wasm-timeout=500ms",
            "--wasm-stack-max=2M",
        ])
        .unwrap();
        assert_eq!(p.memory_max, 2 << 30);
        assert_eq!(p.instance_max, 1 << 20);
        assert_eq!(p.memories_max, 3);
        assert_eq!(p.fuel, Some(1000));
        assert_eq!(p.timeout, Some(Duration::from_millis(500)));
        assert_eq!(p.stack_max, Some(2 << 20));
    }

    #[test]
    fn env_pass_implies_allowlist_and_none_contradicts() {
        let p = policy(&["--wasm-wasi", "--wasm-env-pass=HOME"]).unwrap();
        assert_eq!(p.wasi.env_mode, EnvMode::Allowlist);
        let e = policy(&["--wasm-wasi", "--wasm-env=none", "--wasm-env-set=A=1"]).unwrap_err();
        assert_eq!(e.flag, "--wasm-env");
    }

    #[test]
    fn mounts_parse_and_normalize() {
        let p = policy(&[
            "--wasm-wasi",
            "--wasm-map-dir=/tmp/a=/data//x/:rw",
            "--wasm-map-file=/etc/hosts=/hosts",
            "--wasm-cwd=/data/x/sub",
        ])
        .unwrap();
        assert_eq!(p.wasi.mounts[0].guest, "/data/x");
        assert!(p.wasi.mounts[0].writable);
        assert_eq!(p.wasi.mounts[1].kind, MountKind::File);
        assert!(!p.wasi.mounts[1].writable);
        assert_eq!(p.wasi.cwd.as_deref(), Some("/data/x/sub"));
    }

    #[test]
    fn mount_errors_name_the_flag() {
        for (bad, flag) in [
            (vec!["--wasm-wasi", "--wasm-map-dir=/a"], "--wasm-map-dir"),
            (
                vec!["--wasm-wasi", "--wasm-map-dir=/a=rel"],
                "--wasm-map-dir",
            ),
            (
                vec!["--wasm-wasi", "--wasm-map-dir=/a=/x/../y"],
                "--wasm-map-dir",
            ),
            (
                vec![
                    "--wasm-wasi",
                    "--wasm-map-dir=/a=/x",
                    "--wasm-map-dir=/b=/x/",
                ],
                "--wasm-map-dir",
            ),
            (vec!["--wasm-wasi", "--wasm-cwd=/nowhere"], "--wasm-cwd"),
            (
                vec!["--wasm-wasi", "--wasm-fs=none", "--wasm-map-dir=/a=/x"],
                "--wasm-fs",
            ),
        ] {
            assert_eq!(policy(&bad).unwrap_err().flag, flag, "{bad:?}");
        }
    }

    #[test]
    fn wasi_resources_need_wasi_imports() {
        let e = policy(&["--wasm-stdio=inherit"]).unwrap_err();
        assert_eq!(e.flag, "--wasm-stdio");
        assert!(e.message.contains("--wasm-wasi"));
    }

    #[test]
    fn random_seed_is_hex() {
        let p = policy(&["--wasm-wasi", "--wasm-random=seed:00ff10"]).unwrap();
        assert_eq!(p.wasi.random, Random::Seed(vec![0, 0xff, 0x10]));
        for bad in ["seed:", "seed:abc", "seed:zz", "sometimes"] {
            assert!(policy(&["--wasm-wasi", &format!("--wasm-random={bad}")]).is_err());
        }
    }

    #[test]
    fn durations() {
        let d = |v: &str| parse_duration("--wasm-timeout", v);
        assert_eq!(d("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(d("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(d("250us"), Ok(Duration::from_micros(250)));
        assert_eq!(d("1m"), Ok(Duration::from_secs(60)));
        for bad in ["", "5", "0s", "s", "1.2.3s", "5 days"] {
            assert!(d(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn values_are_required_and_checked() {
        assert!(policy_from_flags(&[("--wasm-memory-max".into(), None)]).is_err());
        assert!(policy_from_flags(&[("--wasm-wasi".into(), Some("x".into()))]).is_err());
        assert!(policy(&["--wasm-imports=all"]).is_err());
        assert!(policy(&["--wasm-fuel=0"]).is_err());
        assert!(policy(&["--wasm-memory-max=0"]).is_err());
    }
}
