//! The analysis run: the units of the inputs extracted and matched in parallel a batch at a time,
//! each posting read (`reading`), then folded in input order into the aggregates and the matches
//! report. Memory holds one batch, not the whole input.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::aggregate::{Aggregator, Tables};
use crate::config::AnalyzeConfig;
use crate::extract::{self, csv::Columns};
use crate::fetch::Fetched;
use crate::input::{self, Entry, Unit, Units};
use crate::matcher::Found;
use crate::posting::{Format, Posting, Skip, SkipReason};
use crate::reading::{self, Model, Reading};

/// Units extracted and matched together; bounds memory and keeps every core busy.
const BATCH: usize = 2048;

/// Evidence snippets kept per skill for the reports.
const EVIDENCE_PER_SKILL: usize = 3;

/// One piece of work: a unit of the input, its URL paired with what was fetched for it.
enum Job {
    Unit(Unit<Columns>),
    Fetched {
        url: String,
        docs: Result<Vec<Fetched>, Skip>,
    },
}

/// A posting (its text released), what was found in it, how it reads, and the fingerprint of its
/// text (for duplicates).
pub type Analyzed = (Posting, Vec<Found>, Reading, u64);

/// What a run produced.
pub struct Run {
    pub tables: Tables,
    pub skipped: Vec<Skip>,
    pub analyzed: u32,
    pub folded: u32,
    /// For each skill: the first few (posting title and source, snippet) pairs that name it.
    pub evidence: Vec<Vec<(String, String)>>,
}

/// Runs the analysis of `entries`, whose URLs were fetched into `fetched` (in order); `each` sees
/// every analyzed posting, in input order (for the matches report), with what was found in it;
/// the posting's text is no longer there by then.
///
/// While the thread pool extracts and matches one batch, this thread folds the previous batch into
/// the aggregates and reads the next one, so that the serial work hides behind the parallel work.
pub fn run(
    cfg: &AnalyzeConfig,
    entries: &[Entry],
    fetched: Vec<Result<Vec<Fetched>, Skip>>,
    mut each: impl FnMut(&Posting, &[Found], bool) -> std::io::Result<()>,
) -> anyhow::Result<Run> {
    let model = Model::new(&cfg.taxonomy, &cfg.today);
    let model = &model;
    let mut fold = Totals {
        aggregator: Aggregator::new(&cfg.taxonomy),
        skipped: Vec::new(),
        analyzed: 0,
        folded: 0,
        seen: HashSet::new(),
        evidence: vec![Vec::new(); cfg.taxonomy.skills.len()],
        keep_duplicates: cfg.keep_duplicates,
    };
    let text_column = cfg.extract.text_column.as_deref();
    let columns_of = |headers: &[String], sample: &[csv::StringRecord]| {
        Columns::detect(headers, sample, text_column).map_err(SkipReason::from)
    };
    let mut fetched = fetched.into_iter();
    let mut jobs = Units::new(entries, &columns_of).map(|unit| match unit {
        Unit::Url(url) => {
            let docs = fetched
                .next()
                .unwrap_or_else(|| Err(Skip::new(url.as_str(), SkipReason::NotFetched)));
            Job::Fetched { url, docs }
        }
        unit => Job::Unit(unit),
    });
    let mut batch: Vec<Job> = jobs.by_ref().take(BATCH).collect();
    let mut done: Vec<Result<Vec<Analyzed>, Skip>> = Vec::new();
    while !batch.is_empty() {
        let mut results = Vec::new();
        let mut folding = Ok(());
        rayon::in_place_scope(|scope| {
            let work = std::mem::take(&mut batch);
            let results = &mut results;
            scope.spawn(move |_| {
                *results = work
                    .into_par_iter()
                    .map(|job| analyze_job(cfg, model, job))
                    .collect();
            });
            folding = fold.batch(std::mem::take(&mut done), &mut each);
            batch = jobs.by_ref().take(BATCH).collect();
        });
        folding?;
        done = results;
    }
    fold.batch(done, &mut each)?;
    Ok(Run {
        tables: fold.aggregator.finish()?,
        skipped: fold.skipped,
        analyzed: fold.analyzed,
        folded: fold.folded,
        evidence: fold.evidence,
    })
}

/// The running totals a batch of results is folded into, in input order.
struct Totals<'t> {
    aggregator: Aggregator<'t>,
    skipped: Vec<Skip>,
    analyzed: u32,
    folded: u32,
    seen: HashSet<u64>,
    evidence: Vec<Vec<(String, String)>>,
    keep_duplicates: bool,
}

impl Totals<'_> {
    fn batch(
        &mut self,
        results: Vec<Result<Vec<Analyzed>, Skip>>,
        each: &mut impl FnMut(&Posting, &[Found], bool) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        for result in results {
            let postings = match result {
                Ok(postings) => postings,
                Err(skip) => {
                    self.skipped.push(skip);
                    continue;
                }
            };
            for (posting, found, reading, fingerprint) in postings {
                if !self.keep_duplicates && !self.seen.insert(fingerprint) {
                    self.folded += 1;
                    each(&posting, &found, true)?;
                    continue;
                }
                self.analyzed += 1;
                self.aggregator.push(&found, &reading)?;
                for f in found.iter().filter(|f| !f.implied) {
                    let kept = &mut self.evidence[f.skill];
                    if kept.len() < EVIDENCE_PER_SKILL {
                        let label = match &posting.title {
                            Some(title) => format!("{title} ({})", posting.source),
                            None => posting.source.clone(),
                        };
                        kept.push((label, f.evidence.clone()));
                    }
                }
                each(&posting, &found, false)?;
            }
        }
        Ok(())
    }
}

/// Reads, extracts, matches and reads one job.
fn analyze_job(cfg: &AnalyzeConfig, model: &Model, job: Job) -> Result<Vec<Analyzed>, Skip> {
    let postings = match job {
        Job::Fetched { url, docs } => extract::fetched(&url, docs?, &cfg.extract, cfg.fetch.limit)?,
        Job::Unit(Unit::Skipped(skip)) => return Err(skip),
        Job::Unit(Unit::Url(url)) => return Err(Skip::new(url, SkipReason::NotFetched)),
        Job::Unit(Unit::File { path, format }) => {
            let source = path.display().to_string();
            let bytes =
                input::read_file(&path).map_err(|reason| Skip::new(source.as_str(), reason))?;
            let format = input::refine_format(format, &path, &bytes);
            let mut postings = extract::extract_with(&source, &bytes, format, &cfg.extract)
                .map_err(|e| Skip::new(source.as_str(), e.into()))?;
            extract::number_sources(&source, &mut postings);
            postings
        }
        Job::Unit(Unit::Pasted { number, text }) => {
            let source = format!("stdin#{number}");
            let mut postings =
                extract::extract_with(&source, text.as_bytes(), Format::sniff(&text), &cfg.extract)
                    .map_err(|e| Skip::new(source.as_str(), e.into()))?;
            if postings.len() > 1 {
                extract::number_sources(&source, &mut postings);
            }
            postings
        }
        Job::Unit(Unit::JsonLine { source, line }) => {
            let mut postings =
                extract::json::extract(&source, &line, cfg.extract.text_field.as_deref())
                    .map_err(|e| Skip::new(source.as_str(), e.into()))?;
            extract::number_sources(&source, &mut postings);
            postings
        }
        Job::Unit(Unit::CsvRow {
            source,
            columns,
            row,
        }) => match columns.posting(&source, &row) {
            Some(p) => vec![p],
            // A row without a description is not an input of its own: nothing to report.
            None => Vec::new(),
        },
    };
    Ok(postings
        .into_iter()
        .map(|mut p| {
            let (found, platform) = cfg.matcher.find_with_platform(&p);
            let level = reading::level::read(p.title.as_deref(), &p.text);
            let reading = model.read(&found, level, &platform);
            let fingerprint = if cfg.keep_duplicates {
                0
            } else {
                crate::posting::fingerprint(&p.text)
            };
            // Nothing downstream reads the text once it is matched: release it here, on the thread
            // that made it, rather than hold it until the batch is folded.
            p.release_text();
            (p, found, reading, fingerprint)
        })
        .collect())
}
