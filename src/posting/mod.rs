//! The ground floor: what every stage shares. A `Posting` and the `Format` it came in, its
//! `Section`s, the `Skip` of an input that could not be analyzed, a posting's fingerprint, and the
//! phrase regexes every stage reads text with. It imports no other stage.

pub mod place;
mod sections;
mod skip;

pub use place::{Place, Workplace};
pub use sections::{Section, SectionMap, is_section_heading};
pub use skip::{Skip, SkipReason};

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
    /// Remote, hybrid or on-site, when the source has a field or flag for it (schema.org
    /// `TELECOMMUTE`, JobSpy's `is_remote`, a board's workplace type); the location text may say
    /// it too (`reading::facets`).
    pub workplace: Option<Workplace>,
    /// The site the posting was listed on, when the source names it (JobSpy's `site`).
    pub site: Option<String>,
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
    /// An XML feed of postings (Personio's).
    Xml,
    /// A web archive (`.warc`, `.warc.gz`): Common Crawl's format, read as a stream of records.
    Warc,
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
            "xml" => Some(Format::Xml),
            "warc" => Some(Format::Warc),
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
        } else if head.starts_with("<?xml") && head.contains("<workzag-jobs") {
            Format::Xml
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

/// Text without control characters, for whatever reaches a terminal from outside data (file names,
/// URLs, CSV headers, a server's words): an escape sequence could clear the screen or hide a link.
#[must_use]
pub fn strip_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        std::borrow::Cow::Owned(
            text.chars()
                .map(|c| if c.is_control() { '?' } else { c })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A path as shown in reports and messages: without control characters.
#[must_use]
pub fn shown_path(path: &std::path::Path) -> String {
    strip_controls(&path.display().to_string()).into_owned()
}

/// Text with the credentials of every URL in it hidden: `https://user:secret@host/` becomes
/// `https://***@host/`. What is shown or stored (sources, reports, the cache) goes through here;
/// only the request itself uses the credentials.
#[must_use]
pub fn redact_urls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('@') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let host_at = at + 3;
        out.push_str(&rest[..host_at]);
        let authority_end = rest[host_at..]
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .map_or(rest.len(), |i| host_at + i);
        match rest[host_at..authority_end].rfind('@') {
            Some(i) => {
                out.push_str("***");
                out.push_str(&rest[host_at + i..authority_end]);
            }
            None => out.push_str(&rest[host_at..authority_end]),
        }
        rest = &rest[authority_end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A case-insensitive regex over English phrases, with ASCII word boundaries: on text with
/// non-ASCII letters a Unicode `\b` makes the regex engine fall back to a slower one, and the
/// phrases these regexes look for are ASCII anyway.
#[must_use]
pub fn phrase_regex(pattern: &str) -> regex::Regex {
    regex::RegexBuilder::new(&pattern.replace(r"\b", r"(?-u:\b)"))
        .case_insensitive(true)
        .build()
        .expect("a built-in phrase pattern is valid")
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn issue_16_credentials_in_urls_are_hidden() {
        assert_eq!(
            redact_urls("GET https://user:pa55@jobs.example/x?a=b@c"),
            "GET https://***@jobs.example/x?a=b@c"
        );
        assert_eq!(
            redact_urls("http://token@h:8/p http://h2/q"),
            "http://***@h:8/p http://h2/q"
        );
        assert_eq!(redact_urls("mail me@x.example"), "mail me@x.example");
        assert_eq!(redact_urls("https://h/p"), "https://h/p");
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
}
