//! The invariants the fuzz targets check. The same file is compiled into a
//! plain test of the main workspace (crates/graph-comms-cli/tests/fuzz_replay.rs)
//! that replays every file of `fuzz/corpus/` and `fuzz/artifacts/`, so CI
//! runs these checks without fuzzing.

pub mod checks;
