#![no_main]
//! graph-comms-auth: the OpenID configuration document.

libfuzzer_sys::fuzz_target!(|data: &[u8]| graph_comms_fuzz_checks::openid_configuration(data));
