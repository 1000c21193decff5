//! What the user named: files, folders, URLs and stdin, resolved into documents to read.
//!
//! Folders are walked recursively in sorted order, hidden entries skipped. A path that cannot be
//! read becomes a skipped entry with its reason; it never stops the run.

use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::posting::Format;
pub use crate::posting::Skip;

/// Files larger than this are skipped: no posting is that long, and reading it would cost memory.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

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
    let mut entries = Vec::new();
    let mut stdin_read = false;
    for arg in inputs {
        if arg == "-" {
            if stdin_read {
                continue;
            }
            stdin_read = true;
            entries.extend(read_stdin(stdin));
        } else if is_url(arg) {
            entries.push(Entry::Url(arg.trim().to_string()));
        } else if let Some(scheme) = other_scheme(arg) {
            entries.push(Entry::Skipped(Skip::new(
                arg.as_str(),
                format!("unsupported URL scheme `{scheme}:` (only http and https)"),
            )));
        } else {
            entries.push(path_entry(Path::new(arg)));
        }
    }
    entries
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

/// Stdin: a list of URLs if every non-empty line is one, else postings separated by `---`.
fn read_stdin(stdin: &mut dyn Read) -> Vec<Entry> {
    let mut bytes = Vec::new();
    if let Err(err) = stdin.read_to_end(&mut bytes) {
        return vec![Entry::Skipped(Skip::new(
            "stdin",
            format!("cannot read: {err}"),
        ))];
    }
    let text = match crate::extract::text::decode(&bytes, false) {
        Ok(text) => text,
        Err(_) if bytes.iter().all(u8::is_ascii_whitespace) => {
            return vec![Entry::Skipped(Skip::new("stdin", "nothing was pasted"))];
        }
        Err(_) => {
            return vec![Entry::Skipped(Skip::new(
                "stdin",
                "binary content, not text",
            ))];
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
    split_pasted(&text)
        .into_iter()
        .enumerate()
        .map(|(i, text)| Entry::Pasted {
            number: i + 1,
            text,
        })
        .collect()
}

/// A path named on the command line: a file, a folder (walked later), or why it cannot be read.
fn path_entry(path: &Path) -> Entry {
    let shown = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => file_entry(path),
        Ok(_) => Entry::Folder(path.to_path_buf()),
        Err(err) => {
            let reason = match err.kind() {
                std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => format!("cannot read: {err}"),
            };
            Entry::Skipped(Skip::new(shown, reason))
        }
    }
}

/// The files of a folder, recursively, sorted by name, hidden entries skipped: each a file to
/// read, or a skip with its reason (an unsupported type, an unreadable subfolder).
pub fn walk_folder(path: &Path) -> impl Iterator<Item = Entry> + Send + use<> {
    let shown = path.display().to_string();
    WalkDir::new(path)
        .follow_links(true)
        // By name: entries of one folder share everything before it, so comparing whole paths as
        // bytes orders them as their names, without parsing each path for its name (a folder of
        // 100,000 postings takes 1.7 million comparisons).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(move |item| match item {
            Ok(e) if e.file_type().is_file() => Some(file_entry(e.path())),
            Ok(_) => None,
            Err(err) => {
                let source = err
                    .path()
                    .map_or(shown.clone(), |p| p.display().to_string());
                let reason = err
                    .io_error()
                    .map_or_else(|| err.to_string(), |io| format!("cannot read: {io}"));
                Some(Entry::Skipped(Skip::new(source, reason)))
            }
        })
}

fn file_entry(path: &Path) -> Entry {
    let shown = path.display().to_string();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    let format = if ext.is_empty() {
        Some(Format::Text)
    } else {
        Format::from_extension(&ext)
    };
    match format {
        Some(format) => Entry::File {
            path: path.to_path_buf(),
            format,
        },
        None => Entry::Skipped(Skip::new(
            shown,
            format!(
                "unsupported file type .{ext} (certfit reads .txt, .md, .html, .json, .jsonl, .csv, .pdf, .docx)"
            ),
        )),
    }
}

/// Reads a file's bytes, refusing very large ones.
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    // One open for the size check and the read: a folder of postings is many small files.
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "larger than {} MB ({} MB)",
            MAX_FILE_BYTES / 1024 / 1024,
            len / 1024 / 1024
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0) + 1);
    file.read_to_end(&mut bytes).map_err(cannot)?;
    Ok(bytes)
}

/// How a file without an extension is read: HTML if it looks like a page.
#[must_use]
pub fn refine_format(format: Format, path: &Path, bytes: &[u8]) -> Format {
    if path.extension().is_none() {
        Format::sniff(&String::from_utf8_lossy(&bytes[..bytes.len().min(512)]))
    } else {
        format
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
        assert!(matches!(&entries[0], Entry::Skipped(s) if s.reason == "no such file or folder"));
        assert!(
            matches!(&entries[1], Entry::Skipped(s) if s.reason.contains("only http and https"))
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
