//! The CSV reports: skill frequency (`--csv`), per-posting matches (`--matches`), segments
//! (`--segments`) and monthly trends (`--trends`), each tidy: one observation a row.

use std::io::{self, Write};

use std::path::Path;
use std::sync::{Arc, Mutex};

use super::safe_cell;
use crate::aggregate::SkillRow;
use crate::aggregate::parquet::{Kind, ParquetTable};
use crate::matcher::Found;
use crate::posting::Posting;
use crate::reading::facets::Facets;
use crate::sink::Sink;
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
pub const MATCHES_HEADER: [&str; 21] = [
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
    // The posting's facets (added in 0.3).
    "city",
    "region",
    "country",
    "workplace",
    "role",
    "level",
    "posted",
    "site",
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

/// The header of the segments report.
pub const SEGMENTS_HEADER: [&str; 13] = [
    "by",
    "segment",
    "postings",
    "aws_share",
    "azure_share",
    "both_share",
    "top_skills",
    "certification",
    "score",
    "support",
    "recommended",
    "demand",
    "named",
];

/// The segments report (`--segments`): one row per segment and certification that at least one
/// of the segment's postings points to (a segment with none has one row without a certification).
pub struct Segments;

impl super::Writer for Segments {
    fn write(&self, out: &mut dyn Write, r: &super::Report<'_>) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(SEGMENTS_HEADER).map_err(io_error)?;
        let by = r.market.by.map_or("", |b| b.as_str());
        for seg in r.market.segments {
            let t = &seg.tables;
            let n = f64::from(t.analyzed.max(1));
            let share = |k: u32| format!("{:.4}", f64::from(k) / n);
            let top: Vec<&str> = t
                .skills
                .iter()
                .filter(|s| s.category != "certification")
                .take(5)
                .map(|s| s.skill_id.as_str())
                .collect();
            let head = [
                by.to_string(),
                safe_cell(&seg.label).into_owned(),
                t.analyzed.to_string(),
                share(t.vendors.aws()),
                share(t.vendors.azure()),
                share(t.vendors.both),
                top.join(";"),
            ];
            let rec = &seg.outcome.recommendation;
            let certs: Vec<_> = seg
                .outcome
                .certifications
                .iter()
                .filter(|c| c.support > 0)
                .collect();
            if certs.is_empty() {
                let mut row = head.to_vec();
                row.extend([
                    String::new(),
                    String::new(),
                    "0".into(),
                    String::new(),
                    rec.demand.as_str().into(),
                    String::new(),
                ]);
                w.write_record(&row).map_err(io_error)?;
            }
            for c in certs {
                let mut row = head.to_vec();
                row.extend([
                    c.code.clone(),
                    format!("{:.1}", c.score),
                    c.support.to_string(),
                    (rec.code.as_deref() == Some(c.code.as_str())).to_string(),
                    rec.demand.as_str().into(),
                    c.named.to_string(),
                ]);
                w.write_record(&row).map_err(io_error)?;
            }
        }
        w.flush()
    }
}

/// The header of the trends report.
pub const TRENDS_HEADER: [&str; 7] = [
    "month", "postings", "sparse", "series", "kind", "naming", "share",
];

/// Skills followed month by month in the trends reports: the most named overall.
pub const TREND_SKILLS: usize = 10;

/// The trends report (`--trends`): per month, the share of dated postings naming AWS, Azure,
/// both, and each of the most named skills; months of fewer than
/// [`super::MIN_MONTH_POSTINGS`] postings marked `sparse`.
pub struct Trends;

impl super::Writer for Trends {
    fn write(&self, out: &mut dyn Write, report: &super::Report<'_>) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(TRENDS_HEADER).map_err(io_error)?;
        let followed = report.trend_skills(TREND_SKILLS);
        for m in report.market.months {
            let total = f64::from(m.postings.max(1));
            let month = crate::reading::facets::month_label(m.month);
            let sparse = (m.postings < super::MIN_MONTH_POSTINGS).to_string();
            let v = &m.vendors;
            let mut series: Vec<(String, &str, u32)> = vec![
                ("aws".into(), "cloud", v.aws()),
                ("azure".into(), "cloud", v.azure()),
                ("both".into(), "cloud", v.both),
            ];
            for &(skill, ref id) in &followed {
                series.push((id.clone(), "skill", m.naming(skill)));
            }
            for (name, kind, k) in series {
                w.write_record([
                    month.as_str(),
                    &m.postings.to_string(),
                    &sparse,
                    &name,
                    kind,
                    &k.to_string(),
                    &format!("{:.4}", f64::from(k) / total),
                ])
                .map_err(io_error)?;
            }
        }
        w.flush()
    }
}

/// Streams per-posting matches as postings are analyzed: CSV, or Parquet when the file's name
/// ends in `.parquet`.
pub struct MatchesWriter {
    out: MatchesOut,
}

enum MatchesOut {
    Csv(Box<csv::Writer<io::BufWriter<Sink>>>),
    Parquet {
        table: Box<ParquetTable<SharedSink>>,
        sink: Arc<Mutex<Sink>>,
    },
}

/// A sink the Parquet writer writes through while the report keeps it, to commit it when done.
struct SharedSink(Arc<Mutex<Sink>>);

impl Write for SharedSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .flush()
    }
}

/// The type of each column of the matches report in Parquet.
fn parquet_columns() -> Vec<(&'static str, Kind)> {
    MATCHES_HEADER
        .iter()
        .map(|name| {
            let kind = match *name {
                "mentions" => Kind::Count,
                "legacy" | "duplicate" => Kind::Flag,
                _ => Kind::Text,
            };
            (*name, kind)
        })
        .collect()
}

/// Whether a report path asks for Parquet.
#[must_use]
pub fn is_parquet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

impl MatchesWriter {
    /// Starts the matches report at `path` (`-` for stdout).
    pub fn create(path: &Path) -> io::Result<Self> {
        let sink = Sink::create(path)?;
        let out = if is_parquet(path) {
            let sink = Arc::new(Mutex::new(sink));
            let table = Box::new(
                ParquetTable::new(SharedSink(Arc::clone(&sink)), &parquet_columns())
                    .map_err(io::Error::other)?,
            );
            MatchesOut::Parquet { table, sink }
        } else {
            let mut writer = csv::Writer::from_writer(io::BufWriter::new(sink));
            writer.write_record(MATCHES_HEADER).map_err(io_error)?;
            MatchesOut::Csv(Box::new(writer))
        };
        Ok(MatchesWriter { out })
    }

    fn row(&mut self, cells: &[&str]) -> io::Result<()> {
        match &mut self.out {
            MatchesOut::Csv(w) => w.write_record(cells).map_err(io_error),
            MatchesOut::Parquet { table, .. } => table.push(cells).map_err(io::Error::other),
        }
    }

    /// Writes a posting's rows; `duplicate` marks a posting folded into an earlier identical one
    /// (listed here, but not counted in the aggregates).
    pub fn write(
        &mut self,
        taxonomy: &Taxonomy,
        posting: &Posting,
        found: &[Found],
        facets: &Facets,
        duplicate: bool,
    ) -> io::Result<()> {
        let title = posting.title.as_deref().unwrap_or_default();
        let place = &facets.place;
        let cell = |v: &Option<String>| safe_cell(v.as_deref().unwrap_or_default()).into_owned();
        let facet_cells = [
            cell(&place.city),
            cell(&place.region),
            cell(&place.country),
            place.workplace.map_or("", |w| w.as_str()).to_string(),
            facets.family.as_str().to_string(),
            facets.seniority.as_str().to_string(),
            facets
                .posted
                .and_then(|d| u64::try_from(d).ok())
                .map(crate::date::civil_date)
                .unwrap_or_default(),
            cell(&facets.site),
        ];
        for f in found {
            let skill = &taxonomy.skills[f.skill];
            self.row(&[
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
                &facet_cells[0],
                &facet_cells[1],
                &facet_cells[2],
                &facet_cells[3],
                &facet_cells[4],
                &facet_cells[5],
                &facet_cells[6],
                &facet_cells[7],
            ])?;
        }
        Ok(())
    }

    /// Writes what is left and puts the report in place.
    pub fn finish(self) -> io::Result<()> {
        let sink = match self.out {
            MatchesOut::Csv(w) => {
                let mut w = *w;
                w.flush()?;
                w.into_inner()
                    .map_err(csv::IntoInnerError::into_error)?
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)?
            }
            MatchesOut::Parquet { table, sink } => {
                table.finish().map_err(io::Error::other)?;
                Arc::try_unwrap(sink)
                    .map_err(|_| io::Error::other("the Parquet writer still holds the report"))?
                    .into_inner()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
            }
        };
        sink.commit()
    }
}
