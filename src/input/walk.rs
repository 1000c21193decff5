//! The file system: a path named on the command line, the files of a folder, a file's bytes.

use std::io::Read;
use std::path::Path;

use walkdir::WalkDir;

use super::Entry;
use crate::posting::{Format, Skip, SkipReason};

/// Files larger than this are skipped: no posting is that long, and reading it would cost memory.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// A path named on the command line: a file, a folder (walked later), or why it cannot be read.
pub(super) fn path_entry(path: &Path) -> Entry {
    let shown = crate::posting::shown_path(path);
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => file_entry(path),
        Ok(meta) if meta.is_dir() => Entry::Folder(path.to_path_buf()),
        Ok(_) => Entry::Skipped(Skip::new(shown, SkipReason::NotAFile)),
        Err(err) => {
            let reason = match err.kind() {
                std::io::ErrorKind::NotFound => SkipReason::NotFound,
                std::io::ErrorKind::PermissionDenied => SkipReason::PermissionDenied,
                _ => SkipReason::Unreadable(err.to_string()),
            };
            Entry::Skipped(Skip::new(shown, reason))
        }
    }
}

/// The files of a folder, recursively, sorted by name, hidden entries skipped: each a file to
/// read, or a skip with its reason (an unsupported type, an unreadable subfolder).
pub fn walk_folder(path: &Path) -> impl Iterator<Item = Entry> + Send + use<> {
    let shown = crate::posting::shown_path(path);
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
                let source = err.path().map_or(shown.clone(), crate::posting::shown_path);
                let reason = err.io_error().map_or_else(
                    || SkipReason::Walk(err.to_string()),
                    |io| SkipReason::Unreadable(io.to_string()),
                );
                Some(Entry::Skipped(Skip::new(source, reason)))
            }
        })
}

fn file_entry(path: &Path) -> Entry {
    let shown = crate::posting::shown_path(path);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    let warc_gz = ext.eq_ignore_ascii_case("gz")
        && path
            .file_stem()
            .is_some_and(|s| s.to_string_lossy().to_ascii_lowercase().ends_with(".warc"));
    let format = if ext.is_empty() {
        Some(Format::Text)
    } else if warc_gz {
        Some(Format::Warc)
    } else {
        Format::from_extension(&ext)
    };
    match format {
        Some(format) => Entry::File {
            path: path.to_path_buf(),
            format,
        },
        None => Entry::Skipped(Skip::new(shown, SkipReason::UnsupportedType(ext))),
    }
}

/// The day a file was last written, in days since 1970 (UTC): what a relative posting date in
/// it ("3 days ago") counts from.
#[must_use]
pub fn saved_on(path: &Path) -> Option<i64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    i64::try_from(secs / 86_400).ok()
}

/// Reads a file's bytes, refusing very large ones.
pub fn read_file(path: &Path) -> Result<Vec<u8>, SkipReason> {
    let cannot = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
    // One open for the size check and the read: a folder of postings is many small files.
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge {
            limit: MAX_FILE_BYTES / 1024 / 1024,
            size: len / 1024 / 1024,
        });
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
