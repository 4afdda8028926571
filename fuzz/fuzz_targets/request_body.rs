#![no_main]
//! The subscribeToTone request-body check.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::request_body(data));
