//! The integration tests of `graph-comms-auth`, as one test binary (`it`).
//!
//! Each module below was a `tests/*.rs` file, and so a binary, of its own;
//! one binary links once instead of once per file (rust-analyzer's layout).
//! Add a test file as `tests/it/NAME.rs` with a `mod NAME;` line here;
//! its insta snapshots go to `tests/it/snapshots/it__NAME__*.snap`.

mod common;

mod app_tokens;
mod key_set;
mod loopback;
mod state_machines;
mod validate;
mod verified_cache;
