#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wasmbind_fuzz::c_header(data));
