#![no_main]
//! graph-comms-auth: the JWK set document.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::jwks(data));
