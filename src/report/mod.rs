//! Output: the terminal summary and the report files, one module per format; files go through
//! `crate::sink` (atomic replacement, devices, stdout).
//!
//! Every report file is a row of [`FILES`]: its flag, its help text, and its [`Writer`]. The
//! command line offers one flag per row and the analyze command writes every file asked for, so a
//! new format is a module with a `Writer` plus its row here.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod terminal;

use std::io::{self, Write};

use crate::aggregate::{Month, Tables};
use crate::input::Repeat;
use crate::posting::Skip;
use crate::reading::facets::{By, Filtered};
use crate::recommend::gap::Gap;
use crate::recommend::{CertScore, Outcome};
use crate::taxonomy::Taxonomy;

/// Writes one report file from the whole report.
pub trait Writer: Sync {
    fn write(&self, out: &mut dyn Write, report: &Report<'_>) -> io::Result<()>;
}

/// How a report file is made.
pub enum Output {
    /// Written once the run is done, from the whole report.
    Summary(&'static dyn Writer),
    /// One row per posting and skill, streamed while postings are analyzed
    /// ([`csv::MatchesWriter`]), so that it never holds the run in memory.
    Matches,
}

/// A report file: the flag that asks for it, and how it is made.
pub struct FileReport {
    /// The flag, without its dashes: `csv` for `--csv FILE`.
    pub flag: &'static str,
    /// The flag's help text.
    pub help: &'static str,
    pub output: Output,
}

/// Every report file, in the order `--help` lists them and the run writes them.
pub static FILES: &[FileReport] = &[
    FileReport {
        flag: "csv",
        help: "Write the skill-frequency report (CSV) to FILE (`-` for stdout)",
        output: Output::Summary(&csv::Skills),
    },
    FileReport {
        flag: "matches",
        help: "Write one row per posting and skill found (CSV) to FILE (`-` for stdout)",
        output: Output::Matches,
    },
    FileReport {
        flag: "json",
        help: "Write the whole report as JSON to FILE (`-` for stdout)",
        output: Output::Summary(&json::Json),
    },
    FileReport {
        flag: "segments",
        help: "Write the segments of --by (CSV: one row per segment and certification) to FILE",
        output: Output::Summary(&csv::Segments),
    },
    FileReport {
        flag: "trends",
        help: "Write demand month by month (CSV: the clouds and the most named skills) to FILE",
        output: Output::Summary(&csv::Trends),
    },
    FileReport {
        flag: "markdown",
        help: "Also write the report as Markdown to FILE (`-` for stdout)",
        output: Output::Summary(&markdown::Markdown),
    },
    FileReport {
        flag: "html",
        help: "Also write the report as a self-contained HTML page with charts to FILE (`-` for stdout)",
        output: Output::Summary(&html::Html),
    },
];

/// Months with fewer postings than this are marked in trends, not drawn as swings: at 10
/// postings one posting moves a share by ten points.
pub const MIN_MONTH_POSTINGS: u32 = 10;

/// One segment of the postings (`--by`): its label, its tables and the advice for it.
pub struct SegmentReport {
    pub label: String,
    pub tables: Tables,
    pub outcome: Outcome,
}

impl SegmentReport {
    /// The answer for the segment in a few words: "MLA-C01 (clear)"; with no demand, the exam
    /// the few postings that ask point to and how few they are: "none (DEA-C01 12/26)".
    #[must_use]
    pub fn answer(&self) -> String {
        let rec = &self.outcome.recommendation;
        let leading = self
            .outcome
            .certifications
            .iter()
            .find(|c| c.support > 0 && !c.retired);
        match (&rec.code, leading) {
            (Some(code), _) => format!("{code} ({})", rec.demand.as_str()),
            (None, Some(c)) => format!("none ({} {}/{})", c.code, c.support, self.tables.analyzed),
            (None, None) => "none".to_string(),
        }
    }
}

/// The market the postings make: what the filters left out, how the postings divide, and how
/// demand moved month by month.
#[derive(Default)]
pub struct Market<'a> {
    /// Postings left out by each filter.
    pub filtered: &'a [(Filtered, u32)],
    /// Postings analyzed without a date.
    pub undated: u32,
    /// WARC records that held no posting (requests, metadata, pages without a `JobPosting`).
    pub other_records: u64,
    /// The facet of the segments, when asked.
    pub by: Option<By>,
    /// Largest first.
    pub segments: &'a [SegmentReport],
    /// Oldest first.
    pub months: &'a [Month],
}

impl Market<'_> {
    /// Postings left out by the filters.
    #[must_use]
    pub fn filtered_total(&self) -> u32 {
        self.filtered.iter().map(|(_, n)| n).sum()
    }

    /// "12 left out by the filters (8 by --location, 4 by --since)", or nothing.
    #[must_use]
    pub fn filtered_note(&self) -> Option<String> {
        let total = self.filtered_total();
        if total == 0 {
            return None;
        }
        let parts: Vec<String> = self
            .filtered
            .iter()
            .map(|(f, n)| format!("{n} by {}", f.flag()))
            .collect();
        Some(format!(
            "{} left out by the filters ({})",
            count(total as usize, "posting"),
            parts.join(", ")
        ))
    }
}

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
    /// Inputs named more than once (or inside a folder also named), read once.
    pub repeated: &'a [Repeat],
    /// The filters, segments and months of the postings.
    pub market: Market<'a>,
    /// For each skill index: a few (source, snippet) pairs naming it.
    pub evidence: &'a [Vec<(String, String)>],
    pub gap: Option<&'a Gap>,
}

impl Report<'_> {
    /// ", 2 inputs named more than once (read once)" for the reports' first line, or nothing.
    #[must_use]
    pub fn repeated_note(&self) -> String {
        if self.repeated.is_empty() {
            return String::new();
        }
        format!(
            ", {} named more than once (read once)",
            count(self.repeated.len(), "input")
        )
    }

    /// The ranked certifications that at least one posting supports: the ones worth showing.
    #[must_use]
    pub fn supported_certifications(&self) -> Vec<&CertScore> {
        self.outcome
            .certifications
            .iter()
            .filter(|c| c.support > 0)
            .collect()
    }

    /// The skills followed in trends: the `n` most named overall (certifications aside), as
    /// (skill index, id).
    #[must_use]
    pub fn trend_skills(&self, n: usize) -> Vec<(usize, String)> {
        self.tables
            .skills
            .iter()
            .filter(|s| s.category != "certification")
            .take(n)
            .filter_map(|s| Some((self.taxonomy.skill_index(&s.skill_id)?, s.skill_id.clone())))
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
        let mut order: Vec<usize> = crate::recommend::evidence_for(self.tables, c)
            .iter()
            .map(|e| e.skill)
            .collect();
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
}
