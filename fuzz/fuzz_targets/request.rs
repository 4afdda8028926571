#![no_main]
//! Request building from arbitrary call ids and tokens.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::request(data));
