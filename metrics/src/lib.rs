//! Scoped timings and counters for `--metrics`/`--time` and `--bench-time`.
//!
//! Recording is an append of a small `Copy` event to a buffer reserved up
//! front, so timing a stage does no I/O and (below the reserve) no allocation.
//! All formatting happens once, in [`Metrics::report`], after the run ends.
//! A disabled recorder drops events without reading the clock.
//!
//! Scopes are RAII guards borrowed from a shared `&Metrics`, so stages can
//! nest scopes without threading `&mut` through every call; the buffer sits
//! behind an (uncontended) mutex so a lane may run on its own thread.

use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Events reserved up front; a run records far fewer.
const RESERVED_EVENTS: usize = 512;

#[derive(Clone, Copy, Debug)]
enum Event {
    Begin(&'static str, Instant),
    End(Instant),
    Counter(&'static str, u64),
}

/// How the recorded events are printed at the end of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `--metrics`/`--time`: a `kit metrics:` header, then one indented line per scope.
    Tree,
    /// `--bench-time`: `kit-run <scope> -- <ms> msec` lines.
    Bench,
}

/// One finished scope or counter, in the order it finished.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Scope {
        name: &'static str,
        depth: usize,
        elapsed: Duration,
    },
    Counter {
        name: &'static str,
        depth: usize,
        value: u64,
    },
}

/// The recorder for one run.
pub struct Metrics {
    enabled: bool,
    events: Mutex<Vec<Event>>,
}

impl Metrics {
    /// A recorder that keeps events.
    pub fn enabled() -> Metrics {
        Metrics {
            enabled: true,
            events: Mutex::new(Vec::with_capacity(RESERVED_EVENTS)),
        }
    }

    /// A recorder that drops every event (the default when no flag asks).
    pub fn disabled() -> Metrics {
        Metrics {
            enabled: false,
            events: Mutex::new(Vec::new()),
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Starts a scope that ends when the returned guard drops.
    pub fn scope(&self, name: &'static str) -> Scope<'_> {
        self.push(|| Event::Begin(name, Instant::now()));
        Scope { metrics: self }
    }

    /// A fresh recorder for a worker thread, enabled like this one; its
    /// events come back with [`Metrics::absorb`].
    pub fn for_worker(&self) -> Metrics {
        if self.enabled {
            Metrics::enabled()
        } else {
            Metrics::disabled()
        }
    }

    /// Appends a worker's events inside the scopes open here, so the
    /// report stays one tree (a worker's stages then read as sequential).
    pub fn absorb(&self, worker: Metrics) {
        if self.enabled {
            let events = worker
                .events
                .into_inner()
                .unwrap_or_else(|e| e.into_inner());
            self.events().extend(events);
        }
    }

    /// Records a counter inside the innermost open scope.
    pub fn counter(&self, name: &'static str, value: u64) {
        self.push(|| Event::Counter(name, value));
    }

    fn push(&self, event: impl FnOnce() -> Event) {
        if self.enabled {
            self.events().push(event());
        }
    }

    /// The event buffer. A panic while it was held cannot leave it
    /// inconsistent (pushes are atomic), so a poisoned lock is still usable.
    fn events(&self) -> MutexGuard<'_, Vec<Event>> {
        self.events.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Finished scopes and counters, inner before outer, with their depth.
    /// Scopes still open (a run cut short) are left out.
    pub fn entries(&self) -> Vec<Entry> {
        let events = self.events();
        let mut open: Vec<(&'static str, Instant)> = Vec::new();
        let mut out = Vec::new();
        for event in events.iter() {
            match *event {
                Event::Begin(name, at) => open.push((name, at)),
                Event::End(at) => {
                    if let Some((name, start)) = open.pop() {
                        out.push(Entry::Scope {
                            name,
                            depth: open.len(),
                            elapsed: at.duration_since(start),
                        });
                    }
                }
                Event::Counter(name, value) => out.push(Entry::Counter {
                    name,
                    depth: open.len(),
                    value,
                }),
            }
        }
        out
    }

    /// The report text in `format`; empty when the recorder is disabled.
    pub fn report(&self, format: Format) -> String {
        if !self.enabled {
            return String::new();
        }
        let entries = self.entries();
        match format {
            Format::Tree => tree_report(&entries),
            Format::Bench => bench_report(&entries),
        }
    }
}

/// Closes its scope on drop.
pub struct Scope<'a> {
    metrics: &'a Metrics,
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        self.metrics.push(|| Event::End(Instant::now()));
    }
}

fn millis(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64() * 1000.0
}

fn tree_report(entries: &[Entry]) -> String {
    let mut out = String::from("kit metrics:\n");
    for entry in entries {
        match entry {
            Entry::Scope {
                name,
                depth,
                elapsed,
            } => {
                let _ = writeln!(
                    out,
                    "{:indent$}{name} {:.3} ms",
                    "",
                    millis(*elapsed),
                    indent = depth * 2
                );
            }
            Entry::Counter { name, depth, value } => {
                let _ = writeln!(out, "{:indent$}{name}={value}", "", indent = depth * 2);
            }
        }
    }
    out
}

/// Summary lines first (what benchmark scripts grep for), then every scope.
fn bench_report(entries: &[Entry]) -> String {
    let elapsed_of = |wanted: &str| {
        entries.iter().find_map(|e| match e {
            Entry::Scope { name, elapsed, .. } if *name == wanted => Some(*elapsed),
            _ => None,
        })
    };
    let mut out = String::new();
    for (label, scope) in [
        ("compile_and_jit", "run.compile_and_jit"),
        ("execution", "run.entry_call"),
        ("total", "run.total"),
    ] {
        if let Some(elapsed) = elapsed_of(scope) {
            let _ = writeln!(out, "kit-run {label} -- {:.3} msec", millis(elapsed));
        }
    }
    for entry in entries {
        if let Entry::Scope { name, elapsed, .. } = entry {
            let _ = writeln!(out, "kit-run {name} -- {:.3} msec", millis(*elapsed));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: &[Entry]) -> Vec<(&'static str, usize)> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Scope { name, depth, .. } => (*name, *depth),
                Entry::Counter { name, depth, .. } => (*name, *depth),
            })
            .collect()
    }

    #[test]
    fn inner_scopes_finish_before_outer() {
        let m = Metrics::enabled();
        {
            let _total = m.scope("run.total");
            {
                let _c = m.scope("run.compile_and_jit");
                let _p = m.scope("cc.parse");
                m.counter("cc.functions", 3);
            }
            let _e = m.scope("run.entry_call");
        }
        assert_eq!(
            names(&m.entries()),
            vec![
                ("cc.functions", 3),
                ("cc.parse", 2),
                ("run.compile_and_jit", 1),
                ("run.entry_call", 1),
                ("run.total", 0),
            ]
        );
    }

    #[test]
    fn tree_format_indents_two_spaces_per_depth() {
        let m = Metrics::enabled();
        {
            let _t = m.scope("run.total");
            let _i = m.scope("wasm.compile");
            m.counter("wasm.functions", 7);
        }
        let report = m.report(Format::Tree);
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines[0], "kit metrics:");
        assert_eq!(lines[1], "    wasm.functions=7");
        assert!(lines[2].starts_with("  wasm.compile ") && lines[2].ends_with(" ms"));
        assert!(lines[3].starts_with("run.total ") && lines[3].ends_with(" ms"));
        let ms = lines[3]
            .trim_start_matches("run.total ")
            .trim_end_matches(" ms");
        assert_eq!(ms.split('.').nth(1).map(str::len), Some(3));
    }

    #[test]
    fn bench_format_leads_with_summary_lines() {
        let m = Metrics::enabled();
        {
            let _t = m.scope("run.total");
            drop(m.scope("run.compile_and_jit"));
            drop(m.scope("run.entry_call"));
        }
        let report = m.report(Format::Bench);
        let lines: Vec<&str> = report.lines().collect();
        assert!(lines[0].starts_with("kit-run compile_and_jit -- "));
        assert!(lines[1].starts_with("kit-run execution -- "));
        assert!(lines[2].starts_with("kit-run total -- "));
        assert!(lines[3].starts_with("kit-run run.compile_and_jit -- "));
        assert!(lines.iter().all(|l| l.ends_with(" msec")));
    }

    #[test]
    fn disabled_recorder_keeps_nothing() {
        let m = Metrics::disabled();
        drop(m.scope("run.total"));
        assert!(m.entries().is_empty());
        assert_eq!(m.report(Format::Tree), "");
    }

    #[test]
    fn recording_within_the_reserve_does_not_reallocate() {
        let m = Metrics::enabled();
        let before = m.events().as_ptr();
        for _ in 0..RESERVED_EVENTS / 2 {
            drop(m.scope("loop"));
        }
        assert_eq!(before, m.events().as_ptr());
    }
}
