//! The integration tests of `graph-comms-http`, as one test binary (`it`).
//!
//! Each module below was a `tests/*.rs` file, and so a binary, of its own;
//! one binary links once instead of once per file (rust-analyzer's layout).
//! Add a test file as `tests/it/NAME.rs` with a `mod NAME;` line here;
//! its insta snapshots go to `tests/it/snapshots/it__NAME__*.snap`.

mod common;

mod actions;
mod callbacks;
mod hostile;
mod loopback;
mod properties;
mod requests;
mod responses;
mod sans_io;
