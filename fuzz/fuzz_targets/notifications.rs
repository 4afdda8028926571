#![no_main]
//! Notification decoding with tone extraction.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::notifications(data));
