#![no_main]
//! graph-comms-auth: the token endpoint's answer to an app token request.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::token_response(data));
