//! Bytes to `Posting`s: format readers and text cleaning, for files, pasted text and fetched
//! documents alike.
//!
//! Pure functions of their input: no file system, no network.

pub mod csv;
mod html;
pub mod json;
mod layouts;
mod office;
pub use office::reading_pdf;
mod payloads;
pub mod text;
mod xml;

use crate::fetch::Fetched;
use crate::input::decode::{self, DecodeError};
use crate::posting::{Format, Posting, Skip, SkipReason};

/// Why a document yielded no posting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("empty file")]
    Empty,
    #[error("binary content, not text (is it really a {0} file?)")]
    Binary(String),
    #[error("not a job posting: no JobPosting data and little text ({0} characters)")]
    TooLittleText(usize),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NoPostings(String),
}

impl From<ExtractError> for SkipReason {
    fn from(e: ExtractError) -> Self {
        match e {
            ExtractError::Empty => SkipReason::Empty,
            ExtractError::Binary(what) => SkipReason::Binary(Some(what)),
            ExtractError::TooLittleText(n) => SkipReason::TooLittleText(n),
            ExtractError::Invalid(e) => SkipReason::Invalid(e),
            ExtractError::NoPostings(e) => SkipReason::NoPostings(e),
        }
    }
}

/// How documents are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The JSON field that holds the description, instead of guessing it by name.
    pub text_field: Option<String>,
    /// The CSV column that holds the description, instead of guessing it.
    pub text_column: Option<String>,
    /// The charset a server declared for the bytes.
    pub charset: Option<String>,
}

/// Decodes and reads one document of a known format into its postings.
pub fn extract(source: &str, bytes: &[u8], format: Format) -> Result<Vec<Posting>, ExtractError> {
    extract_with(source, bytes, format, &ReadOptions::default())
}

/// `extract` with options.
pub fn extract_with(
    source: &str,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> Result<Vec<Posting>, ExtractError> {
    let what = match format {
        Format::Text => "text",
        Format::Markdown => "Markdown",
        Format::Html => "HTML",
        Format::Json => "JSON",
        Format::JsonLines => "JSON Lines",
        Format::Csv => "CSV",
        Format::Xml => "XML",
        Format::Warc => {
            return Err(ExtractError::Invalid(
                "a WARC file is read record by record: name it on the command line".into(),
            ));
        }
        // Binary formats carry their own encodings.
        Format::Pdf | Format::Docx => return binary_document(source, bytes, format),
    };
    let raw = decode::decode_with_hint(bytes, format == Format::Html, options.charset.as_deref())
        .map_err(|e| match e {
        DecodeError::Empty => ExtractError::Empty,
        DecodeError::Binary => ExtractError::Binary(what.to_string()),
    })?;
    match format {
        Format::Html => html::extract(source, &raw),
        Format::Json => json::extract(source, &raw, options.text_field.as_deref()),
        Format::JsonLines => json::extract_lines(source, &raw, options.text_field.as_deref()),
        Format::Csv => csv::extract(source, &raw, options.text_column.as_deref()),
        Format::Xml => xml::extract(source, &raw),
        Format::Text | Format::Markdown | Format::Pdf | Format::Docx | Format::Warc => {
            plain(source, &raw)
        }
    }
}

/// The postings of a page from a web crawl (a WARC response record): only what it marks up as a
/// `JobPosting`, each with the record's target URI as its URL. `None` when it is no posting page,
/// which is most of a crawl: such pages are counted, not reported one by one.
#[must_use]
pub fn crawled_page(source: &str, url: &str, body: &[u8]) -> Option<Vec<Posting>> {
    // Most crawled pages are not postings: a byte scan before any decoding or parsing.
    if !body
        .windows(10)
        .any(|w| w.eq_ignore_ascii_case(b"jobposting"))
    {
        return None;
    }
    let raw = decode::decode_with_hint(body, true, None).ok()?;
    let mut postings = html::structured(source, &raw);
    if postings.is_empty() {
        return None;
    }
    for p in &mut postings {
        if !url.is_empty() {
            p.url = Some(url.to_string());
        }
    }
    number_sources(source, &mut postings);
    Some(postings)
}

fn binary_document(
    source: &str,
    bytes: &[u8],
    format: Format,
) -> Result<Vec<Posting>, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let raw = if format == Format::Pdf {
        office::pdf_text(bytes)?
    } else {
        office::docx_text(bytes)?
    };
    plain(source, &raw)
}

fn plain(source: &str, raw: &str) -> Result<Vec<Posting>, ExtractError> {
    let clean = text::clean(raw);
    if clean.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    let mut posting = Posting::new(source.to_string(), clean);
    posting.title = text::first_line_title(&posting.text);
    Ok(vec![posting])
}

/// The postings of a fetched URL: pages through their JSON-LD or main text, board APIs through
/// their JSON; one posting picked out of a board's payload, or at most `limit` of a whole board.
pub fn fetched(
    url: &str,
    docs: Vec<Fetched>,
    options: &ReadOptions,
    limit: usize,
) -> Result<Vec<Posting>, Skip> {
    let mut postings = Vec::new();
    let mut list = false;
    for doc in docs {
        let options = ReadOptions {
            charset: doc.charset.clone(),
            ..options.clone()
        };
        let mut found = extract_with(&doc.url, &doc.body, doc.format, &options)
            .map_err(|e| Skip::new(url, e.into()))?;
        if let Some(id) = &doc.select {
            found.retain(|p| p.url.as_deref().is_some_and(|u| names_id(u, id)));
            if found.is_empty() {
                return Err(Skip::new(url, SkipReason::NotOnBoard));
            }
        }
        list |= doc.list;
        for p in &mut found {
            p.url = match p.url.take() {
                // A feed's path (Personio's), made whole with the board's scheme and host.
                Some(path) if path.starts_with('/') => Some(format!("{}{path}", origin(&doc.url))),
                Some(u) => Some(u),
                None => Some(doc.url.clone()),
            };
            if let Some((company, replaces)) = &doc.company {
                if *replaces || p.company.is_none() {
                    p.company = Some(company.clone());
                }
            }
        }
        postings.extend(found);
    }
    if list {
        postings.truncate(limit);
    }
    let shown = crate::posting::redact_urls(url);
    number_sources(&crate::posting::strip_controls(&shown), &mut postings);
    Ok(postings)
}

/// Whether `url` names `id` as a whole: not as part of a longer id.
fn names_id(url: &str, id: &str) -> bool {
    !id.is_empty()
        && url.match_indices(id).any(|(at, _)| {
            let before = url[..at].chars().next_back();
            let after = url[at + id.len()..].chars().next();
            // A part of a longer id has a letter or digit right before or after it.
            let joined_before =
                id.starts_with(char::is_alphanumeric) && before.is_some_and(char::is_alphanumeric);
            let joined_after = after.is_some_and(char::is_alphanumeric);
            !joined_before && !joined_after
        })
}

/// The scheme and host of a URL: `https://acme.jobs.personio.de`.
fn origin(url: &str) -> &str {
    let host_at = url.find("://").map_or(0, |i| i + 3);
    url[host_at..]
        .find('/')
        .map_or(url, |i| &url[..host_at + i])
}

/// A file name for a saved posting, from its source URL: `host-path.json`, safe on every system.
#[must_use]
pub fn file_name_for(source: &str) -> String {
    let trimmed = source
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let mut slug: String = trimmed
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    while slug.contains("--") {
        slug = slug.replace("--", "-");
    }
    let slug: String = slug.trim_matches('-').chars().take(100).collect();
    format!("{}.json", if slug.is_empty() { "posting" } else { &slug })
}

/// A posting as the JSON object `certfit fetch` saves, which the JSON reader reads back.
#[must_use]
pub fn to_saved_json(p: &Posting) -> serde_json::Value {
    serde_json::json!({
        "title": p.title,
        "company": p.company,
        "location": p.location,
        "url": p.url.as_deref().unwrap_or(&p.source),
        "date_posted": p.date_posted,
        "employment_type": p.employment_type,
        "workplace_type": p.workplace.map(crate::posting::Workplace::as_str),
        "site": p.site,
        "description": p.text,
    })
}

/// Numbers the sources of a document's postings: `PATH` for one, `PATH#1..` for several.
pub fn number_sources(source: &str, postings: &mut [Posting]) {
    if postings.len() > 1 {
        for (i, p) in postings.iter_mut().enumerate() {
            p.source = format!("{source}#{}", i + 1);
        }
    } else if let Some(p) = postings.first_mut() {
        p.source = source.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_binary_are_reported() {
        assert_eq!(extract("x", b"", Format::Text), Err(ExtractError::Empty));
        assert_eq!(
            extract("x", b"  \n\n ", Format::Text),
            Err(ExtractError::Empty)
        );
        assert!(matches!(
            extract("x", b"\x00\x01\x02PK\x03\x04", Format::Text),
            Err(ExtractError::Binary(_))
        ));
    }

    #[test]
    fn selected_ids_are_whole() {
        assert!(names_id("https://a.jobs.personio.de/job/1234", "/job/1234"));
        assert!(!names_id(
            "https://a.jobs.personio.de/job/12345",
            "/job/1234"
        ));
        assert!(names_id(
            "https://jobs.ashbyhq.com/acme/uuid-1?x=1",
            "uuid-1"
        ));
        assert!(!names_id("https://jobs.ashbyhq.com/acme/uuid-10", "uuid-1"));
        assert!(!names_id("https://x/y", ""));
        assert_eq!(origin("https://a.example:8/b/c"), "https://a.example:8");
        assert_eq!(origin("http://127.0.0.1:9"), "http://127.0.0.1:9");
    }

    #[test]
    fn sniffs_html() {
        assert_eq!(Format::sniff("  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff("We use <b>AWS</b>"), Format::Text);
    }
}
