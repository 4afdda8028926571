#![no_main]
//! Feeding the DTMF collector a script of tones, timeouts and restarts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::collector(data));
