//! What the user named: files, folders, URLs and stdin, resolved into entries (`resolve`), then
//! into a stream of units to extract (`units`): a file, a pasted posting, a URL, one line of a
//! JSONL file, one row of a CSV file.
//!
//! Folders are walked recursively in sorted order, hidden entries skipped (`walk`). A path that
//! cannot be read becomes a skipped entry with its reason; it never stops the run. Bytes become
//! text in `decode`; CSV dialects are told apart in `csv`.

pub mod csv;
pub mod decode;
mod units;
mod walk;
pub mod warc;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::posting::{Format, redact_urls, strip_controls};
pub use crate::posting::{Skip, SkipReason};
pub use units::{Unit, Units};
use walk::path_entry;
pub use walk::{MAX_FILE_BYTES, read_file, refine_format, saved_on, walk_folder};

/// One thing to analyze, or the reason it cannot be.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A file to read, with the format its name says.
    File { path: PathBuf, format: Format },
    /// A folder, walked for files only when the run reaches it (see [`walk_folder`]), so that the
    /// run starts at once and a folder of a million postings is never listed in memory whole.
    Folder(PathBuf),
    /// Pasted posting text from stdin, numbered from 1.
    Pasted { number: usize, text: String },
    /// An http(s) URL.
    Url(String),
    /// Something that cannot be analyzed.
    Skipped(Skip),
    /// An input named again, or inside a folder also named: read once, where it comes first.
    Repeated(Repeat),
}

/// An input read once though named more than once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    /// As typed (terminal-safe).
    pub input: String,
    /// The input that already reads it: the same path or URL, or a folder holding it.
    pub read_as: String,
    /// Whether `read_as` is a folder holding it.
    pub within: bool,
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

/// Whether an argument is an http(s) URL rather than a path.
#[must_use]
pub fn is_url(arg: &str) -> bool {
    let lower = arg.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !lower.contains(char::is_whitespace)
}

/// Resolves the inputs into entries, in the order given. `stdin` is read when `-` is named.
pub fn resolve(inputs: &[String], stdin: &mut dyn Read) -> Vec<Entry> {
    // Each entry with the argument it came from (none for what stdin held).
    let mut entries: Vec<(Entry, Option<&str>)> = Vec::new();
    let mut stdin_read = false;
    for arg in inputs {
        if arg == "-" {
            if stdin_read {
                continue;
            }
            stdin_read = true;
            entries.extend(read_stdin(stdin).into_iter().map(|e| (e, None)));
        } else if is_url(arg) {
            entries.push((Entry::Url(arg.trim().to_string()), Some(arg)));
        } else if let Some(scheme) = other_scheme(arg) {
            let skip = Skip::new(
                arg.as_str(),
                SkipReason::UnsupportedScheme(scheme.to_string()),
            );
            entries.push((Entry::Skipped(skip), Some(arg)));
        } else {
            entries.push((path_entry(Path::new(arg)), Some(arg)));
        }
    }
    fold_repeats(&mut entries);
    entries.into_iter().map(|(e, _)| e).collect()
}

/// Reads each file and URL once, however often it is named: a path named twice (however spelled)
/// or inside a folder also named, and a URL named twice, become [`Entry::Repeated`].
fn fold_repeats(entries: &mut [(Entry, Option<&str>)]) {
    enum Key {
        Path { real: PathBuf, folder: bool },
        Url(String),
    }
    let keys: Vec<Option<Key>> = entries
        .iter()
        .map(|(e, _)| match e {
            Entry::File { path, .. } => std::fs::canonicalize(path).ok().map(|real| Key::Path {
                real,
                folder: false,
            }),
            Entry::Folder(path) => std::fs::canonicalize(path)
                .ok()
                .map(|real| Key::Path { real, folder: true }),
            Entry::Url(url) => Some(Key::Url(url.clone())),
            _ => None,
        })
        .collect();
    // Where each path and URL is first named, and the folders named: a glob of 100,000 files is
    // checked in one pass, each path against its own ancestors.
    let mut first: HashMap<&std::ffi::OsStr, usize> = HashMap::new();
    let mut first_url: HashMap<&str, usize> = HashMap::new();
    let mut folders: HashMap<&Path, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        match key {
            Some(Key::Path { real, folder }) => {
                first.entry(real.as_os_str()).or_insert(i);
                if *folder {
                    folders.entry(real.as_path()).or_insert(i);
                }
            }
            Some(Key::Url(url)) => {
                first_url.entry(url.as_str()).or_insert(i);
            }
            None => {}
        }
    }
    let mut repeats = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let read_as = match key {
            Some(Key::Path { real, .. }) => real
                .ancestors()
                .skip(1)
                .find_map(|a| folders.get(a).map(|&j| (j, true)))
                .or_else(|| {
                    let j = *first.get(real.as_os_str())?;
                    (j < i).then_some((j, false))
                }),
            Some(Key::Url(url)) => first_url
                .get(url.as_str())
                .filter(|&&j| j < i)
                .map(|&j| (j, false)),
            None => None,
        };
        if let Some((j, within)) = read_as {
            repeats.push((i, j, within));
        }
    }
    let shown = |(entry, arg): &(Entry, Option<&str>)| match (arg, entry) {
        (Some(arg), _) => redact_urls(&strip_controls(arg)).into_owned(),
        (None, Entry::Url(url)) => redact_urls(url).into_owned(),
        (None, _) => "stdin".to_string(),
    };
    for (i, j, within) in repeats {
        let repeat = Repeat {
            input: shown(&entries[i]),
            read_as: shown(&entries[j]),
            within,
        };
        entries[i].0 = Entry::Repeated(repeat);
    }
}

fn other_scheme(arg: &str) -> Option<&str> {
    let (scheme, rest) = arg.split_once("://")?;
    (!scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+')
        && !rest.is_empty())
    .then_some(scheme)
}

/// The URLs of `--urls FILE` (`-` for stdin), one per line; blank lines and `#` comments skipped.
pub fn url_list(path: Option<&Path>) -> anyhow::Result<Vec<String>> {
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("cannot read URLs from stdin")?
    } else {
        std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the URL list {}", path.display()))?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// Stdin: a list of URLs if every non-empty line is one, else postings separated by `---`.
fn read_stdin(stdin: &mut dyn Read) -> Vec<Entry> {
    let mut bytes = Vec::new();
    // As for files, a limit: `certfit analyze - < /dev/zero` must end, and soon.
    if let Err(err) = stdin.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        return vec![Entry::Skipped(Skip::new(
            "stdin",
            SkipReason::Unreadable(err.to_string()),
        ))];
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return vec![Entry::Skipped(Skip::new(
            "stdin",
            SkipReason::TooLarge {
                limit: MAX_FILE_BYTES / 1024 / 1024,
                size: bytes.len() as u64 / 1024 / 1024,
            },
        ))];
    }
    let text = match decode::decode(&bytes, false) {
        Ok(text) => text,
        Err(_) if bytes.iter().all(u8::is_ascii_whitespace) => {
            return vec![Entry::Skipped(Skip::new(
                "stdin",
                SkipReason::NothingPasted,
            ))];
        }
        Err(_) => {
            return vec![Entry::Skipped(Skip::new("stdin", SkipReason::Binary(None)))];
        }
    };
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !lines.is_empty() && lines.iter().all(|l| is_url(l)) {
        return lines
            .into_iter()
            .map(|l| Entry::Url(l.to_string()))
            .collect();
    }
    let parts = split_pasted(&text);
    if parts.is_empty() {
        // Only separators (`---`) and blank lines.
        return vec![Entry::Skipped(Skip::new(
            "stdin",
            SkipReason::NothingPasted,
        ))];
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, text)| Entry::Pasted {
            number: i + 1,
            text,
        })
        .collect()
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
    fn issue_16_stdin_of_separators_or_too_much_says_why() {
        let mut dashes = "---\n\n---\n".as_bytes();
        let entries = resolve(&["-".into()], &mut dashes);
        assert!(
            matches!(&entries[..], [Entry::Skipped(s)] if s.reason == SkipReason::NothingPasted),
            "{entries:?}"
        );
        let mut endless = std::io::repeat(b'a');
        let entries = resolve(&["-".into()], &mut endless);
        assert!(
            matches!(&entries[..], [Entry::Skipped(s)] if matches!(s.reason, SkipReason::TooLarge { limit: 50, .. })),
            "{entries:?}"
        );
    }

    #[test]
    fn stdin_of_urls_is_a_url_list() {
        let mut input = "https://a.example/1\n\n  http://b.example/2  \n".as_bytes();
        let entries = resolve(&["-".into()], &mut input);
        assert_eq!(
            entries,
            vec![
                Entry::Url("https://a.example/1".into()),
                Entry::Url("http://b.example/2".into())
            ]
        );
    }

    #[test]
    fn stdin_text_splits_into_postings() {
        let mut input = "AWS SageMaker\n---\nAzure OpenAI\n".as_bytes();
        let entries = resolve(&["-".into()], &mut input);
        assert_eq!(entries.len(), 2);
        assert!(matches!(&entries[1], Entry::Pasted { number: 2, text } if text.contains("Azure")));
    }

    #[test]
    fn missing_paths_and_other_schemes_are_skipped() {
        let entries = resolve(
            &["no/such/file.txt".into(), "ftp://x.example/a".into()],
            &mut std::io::empty(),
        );
        assert!(matches!(&entries[0], Entry::Skipped(s) if s.reason == SkipReason::NotFound));
        assert!(
            matches!(&entries[1], Entry::Skipped(s) if s.reason.to_string().contains("only http and https"))
        );
    }

    #[test]
    fn folders_are_walked_sorted_without_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b.md",
            "a.txt",
            ".hidden.txt",
            "c.rtf",
            "sub/d.html",
            ".git/x.txt",
        ] {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let entries = resolve(&[dir.path().display().to_string()], &mut std::io::empty());
        assert_eq!(entries, [Entry::Folder(dir.path().to_path_buf())]);
        let names: Vec<String> = walk_folder(dir.path())
            .map(|e| match e {
                Entry::File { path, .. } => {
                    path.file_name().unwrap().to_string_lossy().into_owned()
                }
                Entry::Skipped(s) => format!(
                    "skip:{}",
                    Path::new(&s.source).file_name().unwrap().to_string_lossy()
                ),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(names, ["a.txt", "b.md", "skip:c.rtf", "d.html"]);
    }
}
