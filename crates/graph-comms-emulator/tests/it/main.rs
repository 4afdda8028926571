//! The emulator's integration tests: one binary.

mod bot;
mod e2e;
mod graph_side;
mod jwks_only;
mod props;
