//! The integration tests of `graph-comms-emulator`, as one test binary
//! (`it`). Add a test file as `tests/it/NAME.rs` with a `mod NAME;` line
//! here; its insta snapshots go to `tests/it/snapshots/it__NAME__*.snap`.

mod bot;
mod bounds;
mod control;
mod e2e;
mod graph_side;
mod jwks_only;
mod props;
mod scenario;
