//! The bot's tests, one binary: the shipped scenarios against the real
//! emulator on 127.0.0.1, forged callbacks, the command line (flags, output
//! redaction), and the README's lines.

mod auth;
mod cli;
mod fleet;
mod readme;
mod scenarios;
mod store;
mod support;
mod workers;
