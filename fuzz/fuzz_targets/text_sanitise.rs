//! The text sanitiser on arbitrary text: never a control, bidi or format character out, printable
//! text unchanged, idempotent, and the typed decode agrees (see `../exercise.rs`).
#![no_main]

#[path = "../exercise.rs"]
mod exercise;

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::text_input(data));
