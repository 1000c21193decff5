//! Any bytes read as JsonLines: extraction returns postings or an error, never panics or hangs.
#![no_main]

use certfit::extract;
use certfit::posting::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = extract::extract("fuzz", data, Format::JsonLines);
});
