//! Runtime limits: a wasmtime `ResourceLimiter` that enforces the policy's
//! totals across every instance in the store. Growth past a limit is
//! refused the way the wasm spec says (memory.grow and table.grow return
//! -1), never by trapping. Only growth is limited: the engine keeps its
//! full virtual reservation and guard pages, so bounds checks stay elided.

use wasmtime::ResourceLimiter;

use crate::check::{GLOBAL_BYTES, TABLE_ELEMENT_BYTES};

/// The store's limiter; one per run.
pub struct StoreLimits {
    memory_max: u64,
    instance_max: u64,
    memories_max: usize,
    memory_used: u64,
    footprint_used: u64,
}

impl StoreLimits {
    pub(crate) fn new(memory_max: u64, instance_max: u64, memories_max: u32) -> StoreLimits {
        StoreLimits {
            memory_max,
            instance_max,
            memories_max: memories_max as usize,
            memory_used: 0,
            footprint_used: 0,
        }
    }

    /// Charges `globals` defined globals of an instance about to be created
    /// against the instance footprint.
    pub fn charge_globals(&mut self, globals: u64) {
        self.footprint_used = self
            .footprint_used
            .saturating_add(globals.saturating_mul(GLOBAL_BYTES));
    }

    /// Total linear memory in use, in bytes.
    pub fn memory_used(&self) -> u64 {
        self.memory_used
    }
}

/// Whether moving a running total from `current` to `desired` stays within
/// `max`; on success the total is updated.
fn try_grow(total: &mut u64, current: u64, desired: u64, max: u64) -> bool {
    let next = total.saturating_sub(current).saturating_add(desired);
    if next > max {
        return false;
    }
    *total = next;
    true
}

impl ResourceLimiter for StoreLimits {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(try_grow(
            &mut self.memory_used,
            current as u64,
            desired as u64,
            self.memory_max,
        ))
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(try_grow(
            &mut self.footprint_used,
            (current as u64).saturating_mul(TABLE_ELEMENT_BYTES),
            (desired as u64).saturating_mul(TABLE_ELEMENT_BYTES),
            self.instance_max,
        ))
    }

    fn memories(&self) -> usize {
        self.memories_max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_total_spans_every_memory() {
        let mut limits = StoreLimits::new(100, 1000, 4);
        assert!(limits.memory_growing(0, 60, None).unwrap());
        assert!(limits.memory_growing(0, 40, None).unwrap());
        assert!(!limits.memory_growing(60, 61, None).unwrap());
        assert_eq!(limits.memory_used(), 100);
    }

    #[test]
    fn tables_and_globals_share_the_instance_budget() {
        let mut limits = StoreLimits::new(100, 100, 1);
        limits.charge_globals(2);
        assert!(limits.table_growing(0, 8, None).unwrap());
        assert!(!limits.table_growing(8, 9, None).unwrap());
    }
}
