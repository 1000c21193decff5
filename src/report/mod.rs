//! Output: the terminal summary and the report files, one module per format.
//!
//! Files are written atomically (a temporary file in the same folder, then a rename), so an
//! interrupted run never leaves a half-written report.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod terminal;

use std::io::{self, Write};
use std::path::Path;

use crate::aggregate::Tables;
use crate::input::Skip;
use crate::recommend::gap::Gap;
use crate::recommend::{CertScore, Outcome};
use crate::taxonomy::Taxonomy;

/// Everything a report shows.
pub struct Report<'a> {
    pub taxonomy: &'a Taxonomy,
    pub tables: &'a Tables,
    pub outcome: &'a Outcome,
    pub skipped: &'a [Skip],
    /// Postings found inside the inputs (some files hold several).
    pub analyzed: u32,
    /// Postings not counted because the same text was already analyzed.
    pub folded: u32,
    /// For each skill index: a few (source, snippet) pairs naming it.
    pub evidence: &'a [Vec<(String, String)>],
    pub gap: Option<&'a Gap>,
}

impl Report<'_> {
    /// The ranked certifications that at least one posting supports: the ones worth showing.
    #[must_use]
    pub fn supported_certifications(&self) -> Vec<&CertScore> {
        self.outcome
            .certifications
            .iter()
            .filter(|c| c.support > 0)
            .collect()
    }

    /// The evidence behind the recommendation: snippets for the signals that weigh most in its
    /// votes, then for its related skills.
    #[must_use]
    pub fn recommendation_evidence(&self, skills: usize) -> Vec<(&str, &str, &str)> {
        let Some(c) = self.outcome.recommendation.cert else {
            return Vec::new();
        };
        let cert = &self.taxonomy.certifications[c];
        let mut signals: Vec<&crate::aggregate::EvidenceRow> = self
            .tables
            .evidence
            .iter()
            .filter(|e| e.cert == c)
            .collect();
        signals.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.skill.cmp(&b.skill)));
        let mut order: Vec<usize> = signals.iter().map(|e| e.skill).collect();
        // Then the exam's related skills the postings name; never infrastructure its domains
        // merely list.
        let related = |id: &str| {
            cert.signals
                .iter()
                .chain(&cert.related)
                .any(|l| crate::taxonomy::covers(l, id))
        };
        for row in self.tables.skills.iter().filter(|r| related(&r.skill_id)) {
            if let Some(i) = self.taxonomy.skill_index(&row.skill_id) {
                if !order.contains(&i) {
                    order.push(i);
                }
            }
        }
        let mut out = Vec::new();
        for i in order.into_iter().take(skills) {
            if let Some((source, snippet)) = self.evidence.get(i).and_then(|e| e.first()) {
                out.push((
                    self.taxonomy.skills[i].name.as_str(),
                    source.as_str(),
                    snippet.as_str(),
                ));
            }
        }
        out
    }
}

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

/// A CSV cell that a spreadsheet will not run as a formula: text starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return gets a leading `'`.
#[must_use]
pub fn safe_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// "1 posting", "3 postings".
#[must_use]
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("Amazon Bedrock"), "Amazon Bedrock");
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
