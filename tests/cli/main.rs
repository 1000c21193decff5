//! The end-to-end tests, one test binary: the real binary on the project's fixtures and samples
//! and on HTTP servers on 127.0.0.1 standing in for job boards (never the real network), and the
//! matcher on tricky sentences. One module per area; helpers in `common`.

mod analyze;
mod architecture;
mod boards;
mod common;
mod fetch;
mod formats;
mod hostile;
mod large;
mod market;
mod matching;
mod reports;
mod unix;
