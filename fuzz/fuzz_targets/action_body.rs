#![no_main]
//! The request-body check of every call action (check_action_body).

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::action_body(data));
