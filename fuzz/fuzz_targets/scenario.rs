#![no_main]
//! Emulator scenario files.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::scenario(data));
