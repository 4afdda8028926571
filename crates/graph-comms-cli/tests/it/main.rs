//! The integration tests of `graph-comms-cli`, as one test binary (`it`).
//!
//! Each module below was a `tests/*.rs` file, and so a binary, of its own;
//! one binary links once instead of once per file (rust-analyzer's layout).
//! Add a test file as `tests/it/NAME.rs` with a `mod NAME;` line here;
//! its insta snapshots go to `tests/it/snapshots/it__NAME__*.snap`.

mod common;

mod check_actions;
mod cli;
mod decode_events;
mod emulate;
mod fuzz_replay;
mod new_user;
mod no_tone_leaks;
mod properties;
mod shell_lines;
mod terminal_safety;
