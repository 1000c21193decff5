//! The CSV reports: skill frequency (`--csv`) and per-posting matches (`--matches`).

use std::io::{self, Write};

use super::safe_cell;
use crate::aggregate::SkillRow;
use crate::matcher::Found;
use crate::posting::Posting;
use crate::taxonomy::Taxonomy;

/// The header of the skill-frequency report; relied upon by users' scripts.
pub const SKILLS_HEADER: [&str; 8] = [
    "skill_id",
    "skill",
    "vendor",
    "category",
    "postings",
    "share",
    "mentions",
    "certifications",
];

/// The header of the matches report; the first six columns are relied upon.
pub const MATCHES_HEADER: [&str; 13] = [
    "source",
    "title",
    "skill_id",
    "skill",
    "mentions",
    "evidence",
    "vendor",
    "category",
    "section",
    "legacy",
    "company",
    "url",
    "duplicate",
];

/// The skill-frequency report (`--csv`).
pub struct Skills;

impl super::Writer for Skills {
    fn write(&self, out: &mut dyn Write, report: &super::Report<'_>) -> io::Result<()> {
        write_skills(out, &report.tables.skills)
    }
}

/// A CSV error as the I/O error it is, when it is one: a closed pipe (`--matches - | head`) must
/// stay a closed pipe, which ends the run quietly.
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes the skill-frequency report.
pub fn write_skills(out: &mut dyn Write, rows: &[SkillRow]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SKILLS_HEADER).map_err(io_error)?;
    for r in rows {
        w.write_record([
            r.skill_id.as_str(),
            &safe_cell(&r.skill),
            &r.vendor,
            &r.category,
            &r.postings.to_string(),
            &format!("{:.4}", r.share),
            &r.mentions.to_string(),
            &r.certifications.join(";"),
        ])
        .map_err(io_error)?;
    }
    w.flush()
}

/// Streams per-posting matches as postings are analyzed.
pub struct MatchesWriter<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> MatchesWriter<W> {
    pub fn new(out: W) -> io::Result<Self> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(MATCHES_HEADER).map_err(io_error)?;
        Ok(MatchesWriter { writer })
    }

    /// Writes a posting's rows; `duplicate` marks a posting folded into an earlier identical one
    /// (listed here, but not counted in the aggregates).
    pub fn write(
        &mut self,
        taxonomy: &Taxonomy,
        posting: &Posting,
        found: &[Found],
        duplicate: bool,
    ) -> io::Result<()> {
        let title = posting.title.as_deref().unwrap_or_default();
        for f in found {
            let skill = &taxonomy.skills[f.skill];
            self.writer
                .write_record([
                    &*safe_cell(&posting.source),
                    &safe_cell(title),
                    &skill.id,
                    &safe_cell(&skill.name),
                    &f.mentions.to_string(),
                    &safe_cell(&f.evidence),
                    &skill.vendor,
                    &skill.category,
                    f.section.as_str(),
                    if f.legacy { "true" } else { "false" },
                    &safe_cell(posting.company.as_deref().unwrap_or_default()),
                    &safe_cell(posting.url.as_deref().unwrap_or_default()),
                    if duplicate { "true" } else { "false" },
                ])
                .map_err(io_error)?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.writer.flush()?;
        self.writer
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)
    }
}
