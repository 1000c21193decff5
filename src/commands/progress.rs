//! The progress the stages report, shown on stderr as a bar when it is a terminal (indicatif).

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::{self, Entry};
use crate::sink::Progress;

/// A bar for fetching URLs: how many are done, and only a count of the failed ones, since the
/// report lists every skipped URL with its reason once, at the end.
pub struct FetchBar {
    bar: Mutex<Option<(ProgressBar, usize)>>,
}

impl FetchBar {
    pub fn new() -> Self {
        FetchBar {
            bar: Mutex::new(None),
        }
    }

    fn with(&self, f: impl FnOnce(&mut Option<(ProgressBar, usize)>)) {
        let mut bar = self
            .bar
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut bar);
    }
}

impl Progress for FetchBar {
    fn start(&self, len: u64) {
        if len < 2 {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} fetching {pos}/{len} {wide_bar} {elapsed} {msg}",
        ) {
            bar.set_style(style);
        }
        self.with(|b| *b = Some((bar, 0)));
    }

    fn done(&self, failed: bool) {
        self.with(|b| {
            if let Some((bar, count)) = b {
                bar.inc(1);
                if failed {
                    *count += 1;
                    bar.set_message(format!("· {count} failed"));
                }
            }
        });
    }

    fn finish(&self) {
        self.with(|b| {
            if let Some((bar, _)) = b.take() {
                bar.finish_and_clear();
            }
        });
    }
}

/// The progress to show: a bar when asked for, else none.
#[must_use]
pub fn fetching(show: bool) -> Box<dyn Progress> {
    if show {
        Box::new(FetchBar::new())
    } else {
        Box::new(crate::sink::Silent)
    }
}

/// A bar for reading local input, shown only once a run has taken a while (a small folder ends
/// before it would draw): the bytes read of the inputs' total and the postings found. The total
/// is summed by a thread of its own, so that a large folder starts at once; until it is known the
/// bar is a counter.
pub struct ReadBar {
    show: bool,
    started: Instant,
    bar: Option<ProgressBar>,
    /// The inputs' size in bytes, `u64::MAX` until known.
    total: Arc<AtomicU64>,
    sized: bool,
    bytes: u64,
    postings: u64,
}

/// How long a run goes before its bar is drawn.
const READ_BAR_DELAY: Duration = Duration::from_millis(400);

impl ReadBar {
    /// A bar for reading `entries`; nothing is shown unless `show`.
    #[must_use]
    pub fn new(show: bool, entries: &[Entry]) -> Self {
        let total = Arc::new(AtomicU64::new(u64::MAX));
        if show {
            let entries = entries.to_vec();
            let total = Arc::clone(&total);
            // Detached: a folder still being sized when the run ends only leaves the bar a counter.
            std::thread::spawn(move || {
                total.store(input_bytes(&entries), Ordering::Relaxed);
            });
        }
        ReadBar {
            show,
            started: Instant::now(),
            bar: None,
            total,
            sized: false,
            bytes: 0,
            postings: 0,
        }
    }

    /// `bytes` more of the input read, holding `postings` postings.
    pub fn advance(&mut self, bytes: u64, postings: u64) {
        if !self.show {
            return;
        }
        self.bytes += bytes;
        self.postings += postings;
        if self.bar.is_none() && self.started.elapsed() >= READ_BAR_DELAY {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} reading {bytes} {elapsed} {msg}")
            {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
        }
        let Some(bar) = &self.bar else { return };
        let total = self.total.load(Ordering::Relaxed);
        if !self.sized && total != u64::MAX {
            self.sized = true;
            bar.set_length(total.max(self.bytes));
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} reading {bytes}/{total_bytes} {wide_bar} {elapsed} {msg}",
            ) {
                bar.set_style(style);
            }
        }
        if self.sized && self.bytes > bar.length().unwrap_or(0) {
            bar.set_length(self.bytes);
        }
        bar.set_position(self.bytes);
        bar.set_message(format!("· {} postings", self.postings));
    }

    /// Reading is over: the bar goes.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// The bytes of the local inputs: files, the files of folders (as the run walks them), pasted
/// text. URLs are fetched before and have a bar of their own.
fn input_bytes(entries: &[Entry]) -> u64 {
    let size = |entry: &Entry| match entry {
        Entry::File { path, .. } => std::fs::metadata(path).map_or(0, |m| m.len()),
        Entry::Pasted { text, .. } => text.len() as u64,
        _ => 0,
    };
    entries
        .iter()
        .map(|entry| match entry {
            Entry::Folder(path) => input::walk_folder(path).map(|e| size(&e)).sum(),
            other => size(other),
        })
        .sum()
}
