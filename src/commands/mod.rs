//! The commands: each joins the stages into one job (`analyze`, `fetch`, `merge` of partial runs (`partial`), `taxonomy`, and `shell` for completions and the man page) and owns the
//! I/O the stages leave to it: reading stdin, printing messages, writing reports. Nothing imports
//! a command but `lib.rs`.

pub mod analyze;
pub mod fetch;
pub mod merge;
mod partial;
mod progress;
pub mod shell;
pub mod taxonomy;

use std::process::ExitCode;

/// How a run ended; documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every input was analyzed.
    Success = 0,
    /// Some inputs were skipped, each reported with its reason.
    Partial = 1,
    /// Nothing could be analyzed, or a usage or taxonomy error.
    Failure = 2,
}

impl Exit {
    /// How a run that produced `done` results and skipped `skipped` inputs ended.
    #[must_use]
    pub fn of(done: usize, skipped: usize) -> Exit {
        if done == 0 {
            Exit::Failure
        } else if skipped == 0 {
            Exit::Success
        } else {
            Exit::Partial
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}
