//! The integration tests of `graph-comms-validate`, as one test binary (`it`).
//!
//! Each module below was a `tests/*.rs` file, and so a binary, of its own;
//! one binary links once instead of once per file (rust-analyzer's layout).
//! Add a test file as `tests/it/NAME.rs` with a `mod NAME;` line here;
//! its insta snapshots go to `tests/it/snapshots/it__NAME__*.snap`.

mod actions;
mod alloc;
mod call_id_rule;
mod documentation;
mod hostile;
mod must_show;
mod properties;
mod table;
