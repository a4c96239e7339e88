//! The sandbox policy against hostile modules: every refusal and trap has
//! the documented message and exit code, and kit stays healthy.

mod common;

use common::{fixture, kit};

fn wasm(name: &str) -> String {
    fixture(&format!("wasm/{name}")).display().to_string()
}

#[test]
fn host_imports_are_denied_by_default() {
    kit(&["run", &wasm("host_add.wat")])
        .expect_code(1)
        .expect_stdout("")
        .expect_stderr_contains("kit run: sandbox refused 1 thing(s):")
        .expect_stderr_contains("import env.host_add (func (i32, i32) -> i32): refused under --wasm-imports=deny; grant it with --wasm-imports=test");
}

#[test]
fn test_imports_grant_host_add() {
    kit(&["run", "--wasm-imports=test", &wasm("host_add.wat")]).expect_code(42);
}

#[test]
fn every_refused_import_is_listed_at_once() {
    let run = kit(&["run", &wasm("many_imports.wat")]);
    run.expect_code(1)
        .expect_stderr_contains("sandbox refused 5 thing(s)")
        .expect_stderr_contains("env.host_add (func (i32, i32) -> i32): refused under --wasm-imports=deny; grant it with --wasm-imports=test")
        .expect_stderr_contains("wasi_snapshot_preview1.fd_write (func (i32, i32, i32, i32) -> i32): refused under --wasm-imports=deny; grant it with --wasm-imports=wasi")
        .expect_stderr_contains("env.secret (func (i64)): refused under --wasm-imports=deny; no kit flag grants this import")
        .expect_stderr_contains("env.memory (memory, 1 pages minimum)")
        .expect_stderr_contains("env.counter (global i32)");
}

#[test]
fn test_policy_still_refuses_everything_else() {
    kit(&["run", "--wasm-imports=test", &wasm("many_imports.wat")])
        .expect_code(1)
        .expect_stderr_contains("sandbox refused 4 thing(s)")
        .expect_stderr_contains("refused under --wasm-imports=test");
}

#[test]
fn declaring_2_gib_is_refused_naming_both_sizes() {
    kit(&["run", &wasm("memory_2g.wat")])
        .expect_code(1)
        .expect_stderr_contains("memory_2g.wat: declares 2 GiB of linear memory at minimum, over the limit of 1 GiB; raise it with --wasm-memory-max");
}

#[test]
fn raising_the_memory_limit_admits_the_module() {
    kit(&["run", "--wasm-memory-max=3G", &wasm("memory_2g.wat")]).expect_code(0);
}

#[test]
fn the_memory_limit_is_a_total_over_all_modules() {
    kit(&[
        "run",
        "--wasm-memories-max=2",
        &wasm("big_half.wat"),
        &wasm("big_half_b.wat"),
    ])
    .expect_code(1)
    .expect_stderr_contains(
        "declares 1.17 GiB of linear memory at minimum, over the limit of 1 GiB",
    );
}

#[test]
fn growth_stops_at_the_limit_with_minus_one() {
    // 1 page initially; a 1 MiB limit leaves room for 15 more 64 KiB pages.
    kit(&["run", "--wasm-memory-max=1M", &wasm("grow_loop.wat")]).expect_code(15);
}

#[test]
fn growth_under_the_default_limit_reaches_1_gib() {
    // 16384 pages make 1 GiB; one is the initial page. Exit status is mod 256.
    kit(&["run", &wasm("grow_loop.wat")]).expect_code(16383 % 256);
}

#[test]
fn huge_tables_are_refused_before_instantiation() {
    kit(&["run", &wasm("huge_table.wat")])
        .expect_code(1)
        .expect_stderr_contains("huge_table.wat: declares 762.94 MiB of tables and globals at minimum, over the instance limit of 64 MiB; raise it with --wasm-instance-max");
}

#[test]
fn table_growth_stops_at_the_instance_limit() {
    // 64 KiB of instance footprint holds 8192 elements: eight growths of 1000.
    kit(&["run", "--wasm-instance-max=64K", &wasm("table_grow.wat")]).expect_code(8);
}

#[test]
fn endless_loop_hits_the_timeout() {
    kit(&["run", "--wasm-timeout=200ms", &wasm("loop_forever.wat")])
        .expect_code(134)
        .expect_stderr_contains("loop_forever.wat: time limit exceeded (--wasm-timeout=200ms)")
        .expect_no_panic();
}

#[test]
fn endless_loop_runs_out_of_fuel() {
    kit(&["run", "--wasm-fuel=100000", &wasm("loop_forever.wat")])
        .expect_code(134)
        .expect_stderr_contains("loop_forever.wat: all fuel consumed (--wasm-fuel=100000)")
        .expect_no_panic();
}

#[test]
fn enough_fuel_lets_a_program_finish() {
    kit(&["run", "--wasm-fuel=100", &wasm("exit_status.wat")]).expect_code(7);
}

#[test]
fn endless_recursion_exhausts_the_stack() {
    kit(&["run", &wasm("recurse.wat")])
        .expect_code(134)
        .expect_stderr_contains(
            "call stack exhausted (stack limit 512 KiB; raise it with --wasm-stack-max)",
        )
        .expect_no_panic();
}

#[test]
fn a_larger_stack_limit_allows_deeper_recursion() {
    let deep = ["run", "-e", "down", &wasm("recurse.wat"), "--", "200000"];
    kit(&deep)
        .expect_code(134)
        .expect_stderr_contains("call stack exhausted");
    let mut raised = vec!["run", "--wasm-stack-max=64M"];
    raised.extend_from_slice(&deep[1..]);
    kit(&raised).expect_code(0).expect_stdout("200000\n");
}

#[test]
fn five_memories_exceed_the_default_count() {
    kit(&["run", &wasm("five_memories.wat")])
        .expect_code(1)
        .expect_stderr_contains("five_memories.wat: defines 5 linear memories, over the limit of 1; raise it with --wasm-memories-max");
    kit(&["run", "--wasm-memories-max=5", &wasm("five_memories.wat")]).expect_code(5);
}

#[test]
fn all_limit_refusals_are_reported_together() {
    kit(&[
        "run",
        "--wasm-memory-max=64K",
        "--wasm-instance-max=1K",
        &wasm("five_memories.wat"),
    ])
    .expect_code(1)
    .expect_stderr_contains("sandbox refused 2 thing(s)")
    .expect_stderr_contains("defines 5 linear memories")
    .expect_stderr_contains("declares 320 KiB of linear memory");
}
