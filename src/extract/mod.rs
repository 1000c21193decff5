//! Bytes to `Posting`s: decoding, format readers, text cleaning and section detection.
//!
//! Pure functions of their input: no file system, no network.

pub mod csv;
mod html;
pub mod json;
mod office;
pub mod sections;
pub mod text;

pub use sections::{Section, SectionMap};

/// One job posting, whatever form it came in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Posting {
    /// Where it came from: a path, a URL, `stdin#N`, or `PATH#N` for the Nth posting of a file.
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub company: Option<String>,
    pub location: Option<String>,
    pub date_posted: Option<String>,
    pub employment_type: Option<String>,
    /// The description as clean text: entities decoded, escapes removed, one block per line.
    pub text: String,
    /// Where each section of `text` starts: found when first asked for, since a posting that
    /// names no skill never needs it.
    sections: std::sync::OnceLock<SectionMap>,
}

impl Posting {
    /// A posting from clean text.
    #[must_use]
    pub fn new(source: String, text: String) -> Self {
        Posting {
            source,
            text,
            ..Posting::default()
        }
    }

    /// Where each section of the text starts.
    pub fn sections(&self) -> &SectionMap {
        self.sections.get_or_init(|| SectionMap::detect(&self.text))
    }

    /// Drops the text (and its sections) once nothing needs them, keeping what describes the
    /// posting.
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.sections = std::sync::OnceLock::new();
    }
}

/// The formats certfit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
    JsonLines,
    Csv,
    Pdf,
    Docx,
}

impl Format {
    /// The format a file name's extension says, if it is one certfit reads.
    #[must_use]
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "csv" => Some(Format::Csv),
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// A guess from the content, for stdin and files without an extension.
    #[must_use]
    pub fn sniff(text: &str) -> Format {
        let head: String = text
            .trim_start()
            .chars()
            .take(512)
            .collect::<String>()
            .to_ascii_lowercase();
        if head.starts_with('{') || head.starts_with('[') {
            Format::Json
        } else if head.starts_with("<!doctype html")
            || head.starts_with("<html")
            || (head.starts_with('<')
                && (head.contains("<body") || head.contains("<div") || head.contains("<p>")))
        {
            Format::Html
        } else {
            Format::Text
        }
    }
}

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

/// How documents are read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The JSON field that holds the description, instead of guessing it by name.
    pub text_field: Option<String>,
    /// The CSV column that holds the description, instead of guessing it.
    pub text_column: Option<String>,
    /// The charset a server declared for the bytes.
    pub charset: Option<String>,
}

/// Decodes and reads one document of a known format into its postings.
pub fn extract(source: &str, bytes: &[u8], format: Format) -> Result<Vec<Posting>, ExtractError> {
    extract_with(source, bytes, format, &Options::default())
}

/// `extract` with options.
pub fn extract_with(
    source: &str,
    bytes: &[u8],
    format: Format,
    options: &Options,
) -> Result<Vec<Posting>, ExtractError> {
    let what = match format {
        Format::Text => "text",
        Format::Markdown => "Markdown",
        Format::Html => "HTML",
        Format::Json => "JSON",
        Format::JsonLines => "JSON Lines",
        Format::Csv => "CSV",
        // Binary formats carry their own encodings.
        Format::Pdf | Format::Docx => return binary_document(source, bytes, format),
    };
    let raw = text::decode_with_hint(bytes, format == Format::Html, options.charset.as_deref())
        .map_err(|e| match e {
            text::DecodeError::Empty => ExtractError::Empty,
            text::DecodeError::Binary => ExtractError::Binary(what.to_string()),
        })?;
    match format {
        Format::Html => html::extract(source, &raw),
        Format::Json => json::extract(source, &raw, options.text_field.as_deref()),
        Format::JsonLines => json::extract_lines(source, &raw, options.text_field.as_deref()),
        Format::Csv => csv::extract(source, &raw, options.text_column.as_deref()),
        Format::Text | Format::Markdown | Format::Pdf | Format::Docx => plain(source, &raw),
    }
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
    Ok(vec![Posting::new(source.to_string(), clean)])
}

/// Reads pasted text: one posting, or several separated by a line holding only `---`.
/// Each part may be plain text, Markdown or HTML.
#[must_use]
pub fn split_pasted(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim() == "---" {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    parts.push(current);
    parts.retain(|p| !p.trim().is_empty());
    parts
}

/// A fingerprint of a posting's text that ignores case, punctuation and spacing, so the same
/// posting listed under several locations or boards is recognised.
#[must_use]
pub fn fingerprint(text: &str) -> u64 {
    // The letters and digits, lower-cased, hashed a small block at a time (the block stays in the
    // fastest cache). ASCII, nearly all of a posting, goes 32 bytes at a time through a table
    // without a branch per byte; how blocks are cut depends only on what is kept, so equal texts
    // hash equally.
    const BLOCK: usize = 512;
    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
    let mut block = [0u8; BLOCK + 64];
    let mut len = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if len >= BLOCK {
            hasher.update(&block[..len]);
            len = 0;
        }
        if let Some(chunk) = bytes.get(i..i + 32).filter(|c| c.is_ascii()) {
            // `kept` never passes the byte's index, so masking it to 0..32 changes nothing but
            // spares a bounds check per byte.
            let out = &mut block[len..len + 32];
            let mut kept = 0;
            for &b in chunk {
                let folded = ALNUM_LOWER[usize::from(b)];
                out[kept & 31] = folded;
                kept += usize::from(folded != 0);
            }
            len += kept;
            i += 32;
            continue;
        }
        let b = bytes[i];
        if b.is_ascii() {
            let folded = ALNUM_LOWER[usize::from(b)];
            block[len] = folded;
            len += usize::from(folded != 0);
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c.is_alphanumeric() {
            // At most three characters of four bytes: the spare bytes hold them.
            for l in c.to_lowercase() {
                len += l.encode_utf8(&mut block[len..]).len();
            }
        }
    }
    hasher.update(&block[..len]);
    hasher.digest()
}

/// ASCII letters and digits lower-cased; everything else 0 (dropped).
static ALNUM_LOWER: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

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
    fn pasted_text_splits_on_dashes() {
        let parts = split_pasted("one\nSageMaker\n---\ntwo\n  ---  \n\n---\nthree");
        assert_eq!(parts, vec!["one\nSageMaker\n", "two\n", "three\n"]);
    }

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
    fn long_fingerprints_do_not_depend_on_where_blocks_are_cut() {
        // Long enough for several blocks, with non-ASCII letters; spacing and punctuation shift
        // where each block ends, and must not change the fingerprint.
        let words: Vec<String> = (0..400).map(|i| format!("Wörd{i} Ärger")).collect();
        let tight = words.join(" ");
        let loose = words.join(" ,  ;; - ").to_uppercase();
        assert_eq!(fingerprint(&tight), fingerprint(&loose));
        assert_ne!(
            fingerprint(&tight),
            fingerprint(&tight.replace("Wörd399", "Wörd398"))
        );
    }

    #[test]
    fn fingerprints_ignore_case_spacing_and_punctuation() {
        assert_eq!(
            fingerprint("Amazon SageMaker, AWS Glue."),
            fingerprint("amazon   sagemaker\n- aws glue")
        );
        assert_ne!(
            fingerprint("Amazon SageMaker"),
            fingerprint("Amazon Bedrock")
        );
    }

    #[test]
    fn sniffs_html() {
        assert_eq!(Format::sniff("  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff("We use <b>AWS</b>"), Format::Text);
    }
}
