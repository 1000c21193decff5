//! Where output goes: files written atomically (a temporary file in the same folder, then a
//! rename), so an interrupted run never leaves a half-written report or cache entry; devices and
//! pipes written in place; `-` for standard output.

use std::io::{self, Write};
use std::path::Path;

/// Where a report goes: a regular file is replaced atomically when complete; a device, pipe or
/// FIFO (`/dev/stdout`, `>(sort)`) is written in place, since it cannot be replaced; `-` is
/// standard output.
pub enum Sink {
    Atomic {
        tmp: tempfile::NamedTempFile,
        path: std::path::PathBuf,
    },
    Direct(std::fs::File),
    Stdout(io::Stdout),
}

/// Whether a report path names standard output.
#[must_use]
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

impl Sink {
    pub fn create(path: &Path) -> io::Result<Sink> {
        if is_stdout(path) {
            return Ok(Sink::Stdout(io::stdout()));
        }
        let existing = std::fs::metadata(path).ok();
        if existing.as_ref().is_some_and(|m| !m.is_file()) {
            return Ok(Sink::Direct(
                std::fs::OpenOptions::new().write(true).open(path)?,
            ));
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".certfit-").suffix(".tmp");
        // A new report gets the usual mode (0666 less the umask), not a temporary file's 0600.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let tmp = builder.tempfile_in(dir)?;
        // A report replaced keeps its mode.
        if let Some(meta) = existing {
            tmp.as_file().set_permissions(meta.permissions())?;
        }
        unfinished().push(tmp.path().to_path_buf());
        Ok(Sink::Atomic {
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// Puts the finished report in place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Sink::Atomic { tmp, path } => {
                let tmp_path = tmp.path().to_path_buf();
                let done = tmp.persist(path).map(drop).map_err(|e| e.error);
                unfinished().retain(|p| *p != tmp_path);
                done
            }
            Sink::Direct(mut f) => f.flush(),
            Sink::Stdout(mut out) => out.flush(),
        }
    }
}

/// The temporary files of reports being written, removed if the run is interrupted.
fn unfinished() -> std::sync::MutexGuard<'static, Vec<std::path::PathBuf>> {
    static UNFINISHED: std::sync::Mutex<Vec<std::path::PathBuf>> =
        std::sync::Mutex::new(Vec::new());
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes the temporary files of reports not yet finished: what an interrupted run (Ctrl-C,
/// SIGTERM) calls before it exits, so that no `.certfit-*.tmp` is left beside the reports.
pub fn remove_unfinished() {
    for path in unfinished().drain(..) {
        let _ = std::fs::remove_file(path);
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Atomic { tmp, .. } => tmp.write(buf),
            Sink::Direct(f) => f.write(buf),
            Sink::Stdout(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Atomic { tmp, .. } => tmp.flush(),
            Sink::Direct(f) => f.flush(),
            Sink::Stdout(out) => out.flush(),
        }
    }
}

/// Writes a report: `write` fills a temporary file that replaces `path` only when done (a device
/// or pipe is written directly).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut sink = Sink::create(path)?;
    {
        let mut buffered = io::BufWriter::new(&mut sink);
        write(&mut buffered)?;
        buffered.flush()?;
    }
    sink.commit()
}

/// Progress of a long step (fetching URLs), reported by the stage doing it and shown by the
/// command that owns the terminal: stages print nothing themselves.
pub trait Progress: Sync {
    /// The step begins, with `len` items to do.
    fn start(&self, _len: u64) {}
    /// One item is done; `failed` when it could not be.
    fn done(&self, _failed: bool) {}
    /// The step is over.
    fn finish(&self) {}
}

/// Progress nobody sees.
pub struct Silent;

impl Progress for Silent {}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn issue_16_reports_get_the_usual_mode_and_keep_a_replaced_ones() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.csv");
        write_atomically(&new, |w: &mut dyn Write| w.write_all(b"x")).unwrap();
        let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        assert_ne!(mode, 0o600, "a temporary file's mode");
        assert_eq!(mode & 0o600, 0o600);
        let kept = dir.path().join("kept.csv");
        std::fs::write(&kept, "old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&kept, |w: &mut dyn Write| w.write_all(b"new")).unwrap();
        let mode = std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn unfinished_reports_are_known_until_committed() {
        let dir = tempfile::tempdir().unwrap();
        let sink = Sink::create(&dir.path().join("r.json")).unwrap();
        let Sink::Atomic { tmp, .. } = &sink else {
            panic!("a file is written atomically")
        };
        let tmp = tmp.path().to_path_buf();
        assert!(unfinished().contains(&tmp));
        sink.commit().unwrap();
        assert!(!unfinished().contains(&tmp));
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, |w: &mut dyn Write| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let failed = write_atomically(&path, |w: &mut dyn Write| {
            w.write_all(b"partial")?;
            Err(io::Error::other("interrupted"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
