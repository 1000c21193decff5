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
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Ok(Sink::Direct(
                std::fs::OpenOptions::new().write(true).open(path)?,
            ));
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".certfit-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Sink::Atomic {
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// Puts the finished report in place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Sink::Atomic { tmp, path } => tmp.persist(path).map(drop).map_err(|e| e.error),
            Sink::Direct(mut f) => f.flush(),
            Sink::Stdout(mut out) => out.flush(),
        }
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
