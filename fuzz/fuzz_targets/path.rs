#![no_main]
//! Path and URL analysis.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::path(data));
