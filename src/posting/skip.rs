//! An input that was not analyzed, and why: made where the skip happens, shown the same way by
//! every report.

use std::fmt;

/// An input that was not analyzed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// A path, URL, `stdin`, or `PATH#N` for the Nth line or row of a file.
    pub source: String,
    pub reason: SkipReason,
}

impl Skip {
    /// A skip; credentials in a URL source are hidden (see `redact_urls`).
    pub fn new(source: impl Into<String>, reason: SkipReason) -> Self {
        let source: String = source.into();
        Skip {
            source: super::strip_controls(&super::redact_urls(&source)).into_owned(),
            reason,
        }
    }
}

/// Why an input was not analyzed, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A path that names nothing.
    NotFound,
    PermissionDenied,
    /// The system's words for a read that failed.
    Unreadable(String),
    /// A line of a JSONL file that could not be read.
    UnreadableLine(String),
    /// A row of a CSV file that is not CSV.
    InvalidCsvRow(String),
    /// A folder that cannot be walked (a loop of links): walkdir's words.
    Walk(String),
    /// A device, pipe or socket named as an input.
    NotAFile,
    /// A folder with nothing to read.
    EmptyFolder,
    /// A file over the size limit, in MB.
    TooLarge {
        limit: u64,
        size: u64,
    },
    /// A file extension certfit does not read.
    UnsupportedType(String),
    /// A URL scheme other than http and https.
    UnsupportedScheme(String),
    /// An argument of `certfit fetch` that is not a URL.
    NotUrl,
    /// Stdin held only white space.
    NothingPasted,
    /// Nothing came back for a URL.
    NotFetched,
    /// A posting URL whose company board no longer lists it.
    NotOnBoard,
    /// The URL could not be fetched: an HTTP status, a time-out, a size limit.
    Fetch(String),
    /// A CSV row that names a posting but holds no description; whether it has a URL to fetch
    /// the description from.
    NoDescription {
        url: bool,
    },
    /// A file or page without text.
    Empty,
    /// Bytes that are not text; the format the file claimed, if any.
    Binary(Option<String>),
    /// A page with no posting data and too little text to be one.
    TooLittleText(usize),
    /// A document its format's reader refused (invalid JSON, CSV without a header).
    Invalid(String),
    /// A readable document that holds no posting.
    NoPostings(String),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Reasons quote outside words (a server's, a CSV header): never a control character.
        let mut words = String::new();
        self.words(&mut words)?;
        f.write_str(&super::strip_controls(&super::redact_urls(&words)))
    }
}

impl SkipReason {
    fn words(&self, f: &mut String) -> fmt::Result {
        use std::fmt::Write;
        match self {
            SkipReason::NotFound => f.write_str("no such file or folder"),
            SkipReason::PermissionDenied => f.write_str("permission denied"),
            SkipReason::Unreadable(e) => write!(f, "cannot read: {e}"),
            SkipReason::UnreadableLine(e) => write!(f, "unreadable line: {e}"),
            SkipReason::InvalidCsvRow(e) => write!(f, "invalid CSV row: {e}"),
            SkipReason::NotAFile => f.write_str(
                "not a file or folder (a device, pipe or socket): pass its content on stdin, `certfit analyze - < FILE`",
            ),
            SkipReason::EmptyFolder => {
                f.write_str("no files in this folder (hidden ones are not read)")
            }
            SkipReason::TooLarge { limit, size } => {
                write!(f, "larger than {limit} MB ({size} MB)")
            }
            SkipReason::UnsupportedType(ext) => write!(
                f,
                "unsupported file type .{ext} (certfit reads .txt, .md, .html, .json, .jsonl, .csv, .xml, .pdf, .docx, .warc, .warc.gz)"
            ),
            SkipReason::UnsupportedScheme(scheme) => {
                write!(
                    f,
                    "unsupported URL scheme `{scheme}:` (only http and https)"
                )
            }
            SkipReason::NotUrl => f.write_str("not an http(s) URL"),
            SkipReason::NothingPasted => f.write_str("nothing was pasted"),
            SkipReason::NotFetched => f.write_str("not fetched"),
            SkipReason::NotOnBoard => {
                f.write_str("this posting is not on the company's board (closed?)")
            }
            SkipReason::Walk(e)
            | SkipReason::Fetch(e)
            | SkipReason::Invalid(e)
            | SkipReason::NoPostings(e) => f.write_str(e),
            SkipReason::NoDescription { url: true } => f.write_str(
                "no description in this row (JobSpy writes LinkedIn rows without one); --fetch-missing fetches it from its job URL",
            ),
            SkipReason::NoDescription { url: false } => {
                f.write_str("no description in this row, and no job URL to fetch it from")
            }
            SkipReason::Empty => f.write_str("empty file"),
            SkipReason::Binary(None) => f.write_str("binary content, not text"),
            SkipReason::Binary(Some(what)) => {
                write!(f, "binary content, not text (is it really a {what} file?)")
            }
            SkipReason::TooLittleText(n) => write!(
                f,
                "not a job posting: no JobPosting data and little text ({n} characters)"
            ),
        }
    }
}
