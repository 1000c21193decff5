//! The progress the stages report, shown on stderr as a bar when it is a terminal (indicatif).

use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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
