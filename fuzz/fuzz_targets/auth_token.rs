#![no_main]
//! graph-comms-auth: the Authorization header, and a token's JOSE header and claims behind a valid signature.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::token(data));
