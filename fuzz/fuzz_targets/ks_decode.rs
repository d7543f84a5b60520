//! KS decoding and verification with a fixed secret (see `../exercise.rs`).
#![no_main]

#[path = "../exercise.rs"]
mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::ks_input(data));
