#![no_main]
//! Inbound callback parsing (method, content type, limits, body).

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::callback(data));
