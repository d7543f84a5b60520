//! Kaltura answer bodies: exceptions, typed objects and lists, state derivation (see
//! `../exercise.rs`).
#![no_main]

#[path = "../exercise.rs"]
mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::response_input(data));
