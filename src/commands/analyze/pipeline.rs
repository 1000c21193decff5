//! The analysis run: the units of the inputs extracted and matched in parallel a batch at a time,
//! each posting read (`reading`), then folded in input order into the aggregates and the matches
//! report. Memory holds one batch, not the whole input.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::aggregate::{Aggregator, Folded};
use crate::commands::progress::ReadBar;
use crate::config::AnalyzeConfig;
use crate::extract::{self, csv::Columns, csv::Row};
use crate::fetch::Fetched;
use crate::input::{self, Entry, Unit, Units};
use crate::matcher::Found;
use crate::posting::{Format, Posting, Skip, SkipReason};
use crate::reading::facets::{By, Facets, Filtered};
use crate::reading::{self, Model, Reading};

/// Units extracted and matched together; bounds memory and keeps every core busy.
const BATCH: usize = 2048;

/// Evidence snippets kept per skill for the reports.
pub const EVIDENCE_PER_SKILL: usize = 3;

/// One piece of work: a unit of the input, its URL paired with what was fetched for it.
enum Job {
    Unit(Unit<Columns>),
    Fetched {
        url: String,
        docs: Result<Vec<Fetched>, Skip>,
    },
}

/// A posting (its text released), what was found in it, how it reads, the fingerprint of its text
/// (for duplicates), its facets, and the filter it failed, if one did.
pub struct Analyzed {
    pub posting: Posting,
    pub found: Vec<Found>,
    pub reading: Reading,
    pub fingerprint: u64,
    pub facets: Facets,
    pub filtered: Option<Filtered>,
}

/// What became of a job.
enum Done {
    Analyzed(Vec<Analyzed>),
    Skipped(Skip),
    /// A CSV row without a description, whose job URL `--fetch-missing` fetches once the rest is
    /// read: its fields, no text.
    Missing(Box<Posting>),
    /// A WARC record that is no posting page: counted.
    Other,
}

/// What a run produced.
#[derive(Default)]
pub struct Run {
    /// The tables of all postings, of each segment (`--by`) and of each month.
    pub tables: Folded,
    /// The label of each segment, by its key.
    pub segments: Vec<String>,
    pub skipped: Vec<Skip>,
    pub analyzed: u32,
    pub folded: u32,
    /// Postings left out by each filter.
    pub filtered: Vec<(Filtered, u32)>,
    /// Postings analyzed that carry no date.
    pub undated: u32,
    /// WARC records that hold no posting (requests, metadata, other pages).
    pub other_records: u64,
    /// The sums the tables were made from, kept when a partial is to be written.
    pub state: Option<crate::aggregate::State>,
    /// The fingerprints of the postings counted.
    pub fingerprints: HashSet<u64>,
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
    mut each: impl FnMut(&Posting, &[Found], &Facets, bool) -> std::io::Result<()>,
) -> anyhow::Result<Run> {
    let model = Model::new(&cfg.taxonomy, &cfg.today);
    let model = &model;
    let mut fold = Totals {
        aggregator: if cfg.by.is_some() {
            Aggregator::segmented(&cfg.taxonomy)
        } else {
            Aggregator::new(&cfg.taxonomy)
        },
        skipped: Vec::new(),
        analyzed: 0,
        folded: 0,
        seen: HashSet::new(),
        evidence: vec![Vec::new(); cfg.taxonomy.skills.len()],
        keep_duplicates: cfg.keep_duplicates,
        missing: Vec::new(),
        by: cfg.by,
        segments: SegmentLabels::default(),
        filtered: HashMap::new(),
        undated: 0,
        other_records: 0,
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
    let mut done: Vec<(Done, u64)> = Vec::new();
    let mut bar = crate::commands::progress::ReadBar::new(cfg.progress, entries);
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
            folding = fold.batch(std::mem::take(&mut done), &mut each, &mut bar);
            batch = jobs.by_ref().take(BATCH).collect();
        });
        folding?;
        done = results;
    }
    fold.batch(done, &mut each, &mut bar)?;
    bar.finish();
    if !fold.missing.is_empty() {
        let rows = std::mem::take(&mut fold.missing);
        let urls: Vec<String> = rows.iter().filter_map(|p| p.url.clone()).collect();
        let progress = crate::commands::progress::fetching(cfg.progress);
        // These URLs come from the data, not from the person: none of them may be private.
        let opts = crate::fetch::FetchOptions {
            trust_given: false,
            ..cfg.fetch.clone()
        };
        let fetched = crate::fetch::fetch_all(&urls, &opts, progress.as_ref());
        let results: Vec<(Done, u64)> = rows
            .into_par_iter()
            .zip(fetched)
            .map(|(row, docs)| (fill_row(cfg, model, row, docs), 0))
            .collect();
        fold.batch(results, &mut each, &mut bar)?;
        bar.finish();
    }
    let mut filtered: Vec<(Filtered, u32)> = fold.filtered.into_iter().collect();
    filtered.sort_unstable();
    let state = if cfg.partial.is_some() {
        Some(fold.aggregator.state()?)
    } else {
        None
    };
    Ok(Run {
        state,
        fingerprints: fold.seen,
        tables: fold.aggregator.finish_all()?,
        segments: fold.segments.into_labels(),
        skipped: fold.skipped,
        analyzed: fold.analyzed,
        folded: fold.folded,
        filtered,
        undated: fold.undated,
        other_records: fold.other_records,
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
    /// CSV rows whose descriptions are to be fetched.
    missing: Vec<Posting>,
    by: Option<By>,
    segments: SegmentLabels,
    filtered: HashMap<Filtered, u32>,
    undated: u32,
    /// WARC records that hold no posting.
    other_records: u64,
}

impl Totals<'_> {
    fn batch(
        &mut self,
        results: Vec<(Done, u64)>,
        each: &mut impl FnMut(&Posting, &[Found], &Facets, bool) -> std::io::Result<()>,
        bar: &mut ReadBar,
    ) -> anyhow::Result<()> {
        let (mut bytes, mut read_postings) = (0, 0);
        for (result, read) in results {
            bytes += read;
            if let Done::Analyzed(postings) = &result {
                read_postings += postings.len() as u64;
            }
            let postings = match result {
                Done::Analyzed(postings) => postings,
                Done::Skipped(skip) => {
                    self.skipped.push(skip);
                    continue;
                }
                Done::Missing(row) => {
                    self.missing.push(*row);
                    continue;
                }
                Done::Other => {
                    self.other_records += 1;
                    continue;
                }
            };
            for Analyzed {
                posting,
                found,
                reading,
                fingerprint,
                facets,
                filtered,
            } in postings
            {
                if let Some(filter) = filtered {
                    *self.filtered.entry(filter).or_insert(0) += 1;
                    continue;
                }
                if !self.keep_duplicates && !self.seen.insert(fingerprint) {
                    self.folded += 1;
                    each(&posting, &found, &facets, true)?;
                    continue;
                }
                self.analyzed += 1;
                let segment = match self.by {
                    Some(by) => self.segments.key(&facets.segment(by)),
                    None => 0,
                };
                let month = facets.month();
                self.undated += u32::from(month.is_none());
                self.aggregator.push_in(&found, &reading, segment, month)?;
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
                each(&posting, &found, &facets, false)?;
            }
        }
        bar.advance(bytes, read_postings);
        Ok(())
    }
}

/// The segments' labels and the keys the aggregator knows them by: segments differing only in
/// case are one ("Acme" and "ACME"), under the label first seen. A run and a merge of partial
/// runs number them alike.
#[derive(Default)]
pub struct SegmentLabels {
    keys: HashMap<String, u32>,
    labels: Vec<String>,
}

impl SegmentLabels {
    /// The key of a label, given the next key when it is new.
    pub fn key(&mut self, label: &str) -> u32 {
        let folded = label.to_lowercase();
        if let Some(&key) = self.keys.get(&folded) {
            return key;
        }
        let key = self.labels.len() as u32;
        self.keys.insert(folded, key);
        self.labels.push(label.to_string());
        key
    }

    /// The labels by key.
    #[must_use]
    pub fn into_labels(self) -> Vec<String> {
        self.labels
    }
}

/// Reads, extracts, matches and reads one job; with the bytes of local input it read.
fn analyze_job(cfg: &AnalyzeConfig, model: &Model, job: Job) -> (Done, u64) {
    let mut bytes = 0;
    let mut saved = None;
    let done = match extract_job(cfg, job, &mut bytes, &mut saved) {
        Ok(postings) => Done::Analyzed(analyze_postings(cfg, model, postings, saved)),
        Err(done) => done,
    };
    (done, bytes)
}

/// The postings of one job, or what became of it instead; `bytes` gets the size of the local
/// input it read (for the progress bar), `saved` the day its file was written.
fn extract_job(
    cfg: &AnalyzeConfig,
    job: Job,
    bytes: &mut u64,
    saved: &mut Option<i64>,
) -> Result<Vec<Posting>, Done> {
    let skip = |source: &str, reason: SkipReason| Done::Skipped(Skip::new(source, reason));
    Ok(match job {
        Job::Fetched { url, docs } => extract::fetched(
            &url,
            docs.map_err(Done::Skipped)?,
            &cfg.extract,
            cfg.fetch.limit,
        )
        .map_err(Done::Skipped)?,
        Job::Unit(Unit::Skipped(s)) => return Err(Done::Skipped(s)),
        Job::Unit(Unit::WarcOther) => return Err(Done::Other),
        Job::Unit(Unit::WarcPage { source, url, body }) => {
            *bytes = body.len() as u64;
            extract::crawled_page(&source, &url, &body).ok_or(Done::Other)?
        }
        Job::Unit(Unit::Url(url)) => return Err(skip(&url, SkipReason::NotFetched)),
        Job::Unit(Unit::File { path, format }) => {
            let source = crate::posting::shown_path(&path);
            let content = input::read_file(&path).map_err(|reason| skip(&source, reason))?;
            *bytes = content.len() as u64;
            *saved = input::saved_on(&path);
            let format = input::refine_format(format, &path, &content);
            let mut postings = extract::extract_with(&source, &content, format, &cfg.extract)
                .map_err(|e| skip(&source, e.into()))?;
            extract::number_sources(&source, &mut postings);
            postings
        }
        Job::Unit(Unit::Pasted { number, text }) => {
            *bytes = text.len() as u64;
            let source = format!("stdin#{number}");
            let mut postings =
                extract::extract_with(&source, text.as_bytes(), Format::sniff(&text), &cfg.extract)
                    .map_err(|e| skip(&source, e.into()))?;
            if postings.len() > 1 {
                extract::number_sources(&source, &mut postings);
            }
            postings
        }
        Job::Unit(Unit::JsonLine {
            source,
            line,
            saved: day,
        }) => {
            *bytes = line.len() as u64 + 1;
            *saved = day;
            let mut postings =
                extract::json::extract(&source, &line, cfg.extract.text_field.as_deref())
                    .map_err(|e| skip(&source, e.into()))?;
            extract::number_sources(&source, &mut postings);
            postings
        }
        Job::Unit(Unit::CsvRow {
            source,
            columns,
            row,
            saved: day,
        }) => {
            *saved = day;
            // The fields and their separators: near enough the row's bytes for a progress bar.
            *bytes = (row.as_slice().len() + row.len()) as u64;
            match columns.row(&source, &row) {
                Row::Posting(p) => vec![p],
                Row::NoDescription(p) => {
                    let url = p.url.as_deref().is_some_and(input::is_url);
                    return Err(if url && cfg.fetch_missing {
                        Done::Missing(Box::new(p))
                    } else {
                        skip(&source, SkipReason::NoDescription { url })
                    });
                }
                // A row with nothing in it is not an input of its own: nothing to report.
                Row::Blank => Vec::new(),
            }
        }
    })
}

/// Matches and reads postings, then lets their text go. A posting the filters leave out is
/// neither matched nor read: only its facets are.
fn analyze_postings(
    cfg: &AnalyzeConfig,
    model: &Model,
    postings: Vec<Posting>,
    saved: Option<i64>,
) -> Vec<Analyzed> {
    let reference = saved.unwrap_or(cfg.today_days);
    postings
        .into_iter()
        .map(|mut p| {
            let facets = Facets::read(&p, reference, cfg.needs);
            let filtered = cfg.filters.check(&p, &facets);
            let (found, reading, fingerprint) = if filtered.is_some() {
                (Vec::new(), Reading::default(), 0)
            } else {
                let (found, platform) = cfg.matcher.find_with_platform(&p);
                let level = reading::level::read(p.title.as_deref(), &p.text);
                let reading = model.read(&found, level, &platform);
                let fingerprint = if cfg.keep_duplicates {
                    0
                } else {
                    crate::posting::fingerprint(&p.text)
                };
                (found, reading, fingerprint)
            };
            // Nothing downstream reads the text once it is matched: release it here, on the thread
            // that made it, rather than hold it until the batch is folded.
            p.release_text();
            Analyzed {
                posting: p,
                found,
                reading,
                fingerprint,
                facets,
                filtered,
            }
        })
        .collect()
}

/// A CSV row completed with the posting fetched from its job URL: the row's fields where the page
/// has none, the row as its source.
fn fill_row(
    cfg: &AnalyzeConfig,
    model: &Model,
    row: Posting,
    docs: Result<Vec<Fetched>, Skip>,
) -> Done {
    let url = row.url.clone().unwrap_or_default();
    let fetched = docs.and_then(|docs| extract::fetched(&url, docs, &cfg.extract, cfg.fetch.limit));
    let mut postings = match fetched {
        Ok(postings) => postings,
        Err(skip) => return Done::Skipped(Skip::new(row.source, skip.reason)),
    };
    for p in &mut postings {
        p.title = p.title.take().or_else(|| row.title.clone());
        p.company = p.company.take().or_else(|| row.company.clone());
        p.location = p.location.take().or_else(|| row.location.clone());
        p.date_posted = p.date_posted.take().or_else(|| row.date_posted.clone());
        p.employment_type = p
            .employment_type
            .take()
            .or_else(|| row.employment_type.clone());
        p.workplace = p.workplace.or(row.workplace);
        p.site = row.site.clone().or_else(|| p.site.take());
    }
    extract::number_sources(&row.source, &mut postings);
    Done::Analyzed(analyze_postings(cfg, model, postings, None))
}
