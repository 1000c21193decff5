//! Throughput of the stages that run per posting: text cleaning, HTML extraction and matching, on
//! the bundled samples, repeated. Reports MB/s and postings/s for each (median of 7 runs).
//!
//!     cargo bench --bench matcher

use std::time::{Duration, Instant};

use certfit::extract;
use certfit::matcher::Matcher;
use certfit::posting::{Format, Posting};
use certfit::taxonomy::Taxonomy;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn report(label: &str, bytes: usize, items: usize, time: Duration) {
    let secs = time.as_secs_f64();
    println!(
        "{label:<28} {:>8.1} MB/s {:>10.0} postings/s",
        bytes as f64 / 1_048_576.0 / secs,
        items as f64 / secs
    );
}

fn main() {
    let started = Instant::now();
    let taxonomy = Taxonomy::embedded().expect("taxonomy");
    let loaded = started.elapsed();
    let matcher = Matcher::new(&taxonomy);
    println!(
        "load + validate taxonomy: {:.2} ms; compile matcher ({} patterns): {:.2} ms",
        loaded.as_secs_f64() * 1000.0,
        matcher.pattern_count(),
        started.elapsed().saturating_sub(loaded).as_secs_f64() * 1000.0
    );

    let started = Instant::now();
    matcher.build_fast();
    println!(
        "build the fast automaton (a DFA, on a thread of its own during a run): {:.2} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<(Vec<u8>, Format)> = Vec::new();
    for entry in std::fs::read_dir(dir).expect("samples") {
        let path = entry.expect("entry").path();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default();
        if let Some(format) = Format::from_extension(&ext) {
            files.push((std::fs::read(&path).expect("read"), format));
        }
    }
    let rounds = 200;
    let bytes: usize = files.iter().map(|(b, _)| b.len()).sum::<usize>() * rounds;
    let count = files.len() * rounds;

    let extract_runs: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..rounds {
                for (b, f) in &files {
                    std::hint::black_box(extract::extract("bench", b, *f).ok());
                }
            }
            t.elapsed()
        })
        .collect();
    report(
        "extract (HTML, text, Markdown)",
        bytes,
        count,
        median(extract_runs),
    );

    let postings: Vec<Posting> = files
        .iter()
        .filter_map(|(b, f)| extract::extract("bench", b, *f).ok())
        .flatten()
        .collect();
    let text_bytes: usize = postings.iter().map(|p| p.text.len()).sum::<usize>() * rounds;
    let match_runs: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..rounds {
                for p in &postings {
                    std::hint::black_box(matcher.find(p));
                }
            }
            t.elapsed()
        })
        .collect();
    report(
        "match (one core)",
        text_bytes,
        postings.len() * rounds,
        median(match_runs),
    );
}
