//! Any text through the built-in taxonomy's matcher and the per-posting reading: findings or
//! none, never a panic; the time grows with the text (matching is linear in its mentions).
#![no_main]

use std::sync::LazyLock;

use certfit::matcher::Matcher;
use certfit::posting::Posting;
use certfit::reading::{Model, level};
use certfit::taxonomy::Taxonomy;
use libfuzzer_sys::fuzz_target;

static TAXONOMY: LazyLock<Taxonomy> =
    LazyLock::new(|| Taxonomy::embedded().expect("the built-in taxonomy is valid"));
static MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(&TAXONOMY));
static MODEL: LazyLock<Model> = LazyLock::new(|| Model::new(&TAXONOMY, "2026-12-01"));

fuzz_target!(|data: &[u8]| {
    let text = certfit::extract::text::clean(&String::from_utf8_lossy(data));
    let posting = Posting::new("fuzz".into(), text);
    let (found, platform) = MATCHER.find_with_platform(&posting);
    let reading = MODEL.read(&found, level::read(None, &posting.text), &platform);
    let _ = reading;
});
