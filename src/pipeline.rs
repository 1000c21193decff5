//! The analysis run: inputs become a stream of work units (a file, a pasted posting, a fetched
//! URL, one line of a JSONL file, one row of a CSV file), extracted and matched in parallel a
//! batch at a time, then folded in input order into the aggregates and the matches report. Memory
//! holds one batch, not the whole input.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::aggregate::{Aggregator, Tables};
use crate::config::AnalyzeConfig;
use crate::extract;
use crate::fetch::{self, Fetched};
use crate::input::{self, Entry, Skip};
use crate::matcher::Found;
use crate::posting::{Format, Posting};
use crate::recommend::{self, reading::Model, reading::Reading};

/// Units extracted and matched together; bounds memory and keeps every core busy.
const BATCH: usize = 2048;

/// Evidence snippets kept per skill for the reports.
const EVIDENCE_PER_SKILL: usize = 3;

/// One piece of work.
pub enum Unit {
    File {
        path: PathBuf,
        format: Format,
    },
    Pasted {
        number: usize,
        text: String,
    },
    Fetched {
        url: String,
        docs: Result<Vec<Fetched>, Skip>,
    },
    JsonLine {
        source: String,
        line: String,
    },
    CsvRow {
        source: String,
        columns: Arc<extract::csv::Columns>,
        row: csv::StringRecord,
    },
    Skipped(Skip),
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

/// Runs the analysis; `each` sees every analyzed posting, in input order (for the matches report),
/// with what was found in it; the posting's text is no longer there by then.
///
/// While the thread pool extracts and matches one batch, this thread folds the previous batch into
/// the aggregates and reads the next one, so that the serial work hides behind the parallel work.
pub fn run(
    cfg: &AnalyzeConfig,
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
    let mut units = Units::new(cfg);
    let mut batch: Vec<Unit> = units.by_ref().take(BATCH).collect();
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
                    .map(|u| analyze_unit(cfg, model, u))
                    .collect();
            });
            folding = fold.batch(std::mem::take(&mut done), &mut each);
            batch = units.by_ref().take(BATCH).collect();
        });
        folding?;
        done = results;
    }
    fold.batch(done, &mut each)?;
    fold.skipped.extend(units.skipped);
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

/// Reads, extracts and matches one unit.
fn analyze_unit(cfg: &AnalyzeConfig, model: &Model, unit: Unit) -> Result<Vec<Analyzed>, Skip> {
    let postings = match unit {
        Unit::Skipped(skip) => return Err(skip),
        Unit::File { path, format } => {
            let source = path.display().to_string();
            let bytes =
                input::read_file(&path).map_err(|reason| Skip::new(source.as_str(), reason))?;
            let format = input::refine_format(format, &path, &bytes);
            let mut postings = extract::extract_with(&source, &bytes, format, &cfg.extract)
                .map_err(|e| Skip::new(source.as_str(), e.to_string()))?;
            extract::number_sources(&source, &mut postings);
            postings
        }
        Unit::Pasted { number, text } => {
            let source = format!("stdin#{number}");
            let mut postings =
                extract::extract_with(&source, text.as_bytes(), Format::sniff(&text), &cfg.extract)
                    .map_err(|e| Skip::new(source.as_str(), e.to_string()))?;
            if postings.len() > 1 {
                extract::number_sources(&source, &mut postings);
            }
            postings
        }
        Unit::Fetched { url, docs } => {
            postings_of_fetched(&url, docs?, &cfg.extract, cfg.fetch.limit)?
        }
        Unit::JsonLine { source, line } => {
            let mut postings =
                extract::json::extract(&source, &line, cfg.extract.text_field.as_deref())
                    .map_err(|e| Skip::new(source.as_str(), e.to_string()))?;
            extract::number_sources(&source, &mut postings);
            postings
        }
        Unit::CsvRow {
            source,
            columns,
            row,
        } => match columns.posting(&source, &row) {
            Some(p) => vec![p],
            // A row without a description is not an input of its own: nothing to report.
            None => Vec::new(),
        },
    };
    Ok(postings
        .into_iter()
        .map(|mut p| {
            let (found, platform) = cfg.matcher.find_with_platform(&p);
            let level = recommend::level::read(p.title.as_deref(), &p.text);
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

/// The postings of a fetched URL: pages through their JSON-LD or main text, board APIs through
/// their JSON; one posting picked out of a board's payload, or at most `limit` of a whole board.
pub fn postings_of_fetched(
    url: &str,
    docs: Vec<Fetched>,
    options: &extract::Options,
    limit: usize,
) -> Result<Vec<Posting>, Skip> {
    let mut postings = Vec::new();
    let mut list = false;
    for doc in docs {
        let options = extract::Options {
            charset: doc.charset.clone(),
            ..options.clone()
        };
        let mut found = extract::extract_with(&doc.url, &doc.body, doc.format, &options)
            .map_err(|e| Skip::new(url, e.to_string()))?;
        if let Some(id) = &doc.select {
            found.retain(|p| p.url.as_deref().is_some_and(|u| u.contains(id.as_str())));
            if found.is_empty() {
                return Err(Skip::new(
                    url,
                    "this posting is not on the company's board (closed?)",
                ));
            }
        }
        list |= doc.list;
        for p in &mut found {
            if p.url.is_none() {
                p.url = Some(doc.url.clone());
            }
        }
        postings.extend(found);
    }
    if list {
        postings.truncate(limit);
    }
    extract::number_sources(url, &mut postings);
    Ok(postings)
}

/// A CSV file being streamed: its name, reader, columns and rows read so far.
type CsvStream = (
    String,
    csv::Reader<Box<dyn Read + Send>>,
    Arc<extract::csv::Columns>,
    usize,
);

/// The stream of units: entries in order, with folders walked and JSONL and CSV files read lazily,
/// file by file, line by line and row by row. URLs are fetched together first, since they wait on
/// the network.
struct Units<'c> {
    cfg: &'c AnalyzeConfig,
    next_entry: usize,
    fetched: std::vec::IntoIter<Result<Vec<Fetched>, Skip>>,
    lines: Option<(String, std::io::Lines<BufReader<File>>, usize)>,
    rows: Option<CsvStream>,
    /// The folder being walked, and whether it has given any entry.
    walking: Option<(PathBuf, Box<dyn Iterator<Item = Entry> + Send>, bool)>,
    /// Files that could not be opened or read part-way, found while streaming.
    skipped: Vec<Skip>,
}

impl<'c> Units<'c> {
    fn new(cfg: &'c AnalyzeConfig) -> Self {
        let urls: Vec<String> = cfg
            .entries
            .iter()
            .filter_map(|e| match e {
                Entry::Url(u) => Some(u.clone()),
                _ => None,
            })
            .collect();
        let fetched = if urls.is_empty() {
            Vec::new()
        } else {
            fetch::fetch_all(&urls, &cfg.fetch)
        };
        Units {
            cfg,
            next_entry: 0,
            fetched: fetched.into_iter(),
            lines: None,
            rows: None,
            walking: None,
            skipped: Vec::new(),
        }
    }

    fn next_line(&mut self) -> Option<Unit> {
        let (path, lines, count) = self.lines.as_mut()?;
        for line in lines.by_ref() {
            match line {
                Ok(l) if l.trim().is_empty() => {}
                Ok(l) => {
                    *count += 1;
                    return Some(Unit::JsonLine {
                        source: format!("{path}#{count}"),
                        line: l,
                    });
                }
                Err(e) => {
                    let skip = Skip::new(
                        format!("{path}#{}", *count + 1),
                        format!("unreadable line: {e}"),
                    );
                    *count += 1;
                    return Some(Unit::Skipped(skip));
                }
            }
        }
        self.lines = None;
        None
    }

    fn next_row(&mut self) -> Option<Unit> {
        let (path, reader, columns, count) = self.rows.as_mut()?;
        let mut record = csv::ByteRecord::new();
        let unit = match reader.read_byte_record(&mut record) {
            Ok(true) => {
                *count += 1;
                // Fields that are not UTF-8 are decoded one by one, never dropped.
                let row =
                    csv::StringRecord::from_byte_record(record.clone()).unwrap_or_else(|_| {
                        record
                            .iter()
                            .map(|f| {
                                extract::text::decode(f, false)
                                    .unwrap_or_default()
                                    .into_owned()
                            })
                            .collect()
                    });
                Unit::CsvRow {
                    source: format!("{path}#{count}"),
                    columns: columns.clone(),
                    row,
                }
            }
            Ok(false) => {
                self.rows = None;
                return None;
            }
            Err(e) => {
                *count += 1;
                Unit::Skipped(Skip::new(
                    format!("{path}#{count}"),
                    format!("invalid CSV row: {e}"),
                ))
            }
        };
        Some(unit)
    }

    /// The next entry of the folder being walked; a folder with no files is a skip of its own.
    fn next_walked(&mut self) -> Option<Entry> {
        let (_, walk, any) = self.walking.as_mut()?;
        if let Some(entry) = walk.next() {
            *any = true;
            return Some(entry);
        }
        let (folder, _, any) = self.walking.take()?;
        (!any).then(|| {
            Entry::Skipped(Skip::new(
                folder.display().to_string(),
                "no files in this folder (hidden ones are not read)",
            ))
        })
    }

    /// Opens a JSONL or CSV file for streaming, or says why it cannot be read.
    fn open(&mut self, path: &PathBuf, format: Format) -> Option<Unit> {
        let shown = path.display().to_string();
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => return Some(Unit::Skipped(Skip::new(shown, format!("cannot read: {e}")))),
        };
        if format == Format::JsonLines {
            self.lines = Some((shown, BufReader::with_capacity(1 << 16, file).lines(), 0));
            return None;
        }
        let mut file = BufReader::with_capacity(1 << 16, file);
        let head = match file.fill_buf() {
            Ok(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Err(e) => return Some(Unit::Skipped(Skip::new(shown, format!("cannot read: {e}")))),
        };
        if head.trim().is_empty() {
            return Some(Unit::Skipped(Skip::new(shown, "empty file")));
        }
        if head.contains('\0') {
            return Some(Unit::Skipped(Skip::new(
                shown,
                "binary content, not text (is it really a CSV file?)",
            )));
        }
        if head.starts_with('\u{feff}') {
            file.consume(3);
        }
        let boxed: Box<dyn Read + Send> = Box::new(file);
        let mut reader = extract::csv::reader(boxed, extract::csv::sniff_backslash(&head));
        let headers = match extract::csv::headers(&mut reader) {
            Ok(h) => h,
            Err(e) => return Some(Unit::Skipped(Skip::new(shown, e.to_string()))),
        };
        // The description column is guessed from a sample of rows when no header names it; a
        // separate short read keeps the stream intact.
        let sample = sample_rows(path, extract::csv::sniff_backslash(&head));
        match extract::csv::Columns::detect(
            &headers,
            &sample,
            self.cfg.extract.text_column.as_deref(),
        ) {
            Ok(columns) => {
                self.rows = Some((shown, reader, Arc::new(columns), 0));
                None
            }
            Err(e) => Some(Unit::Skipped(Skip::new(shown, e.to_string()))),
        }
    }
}

fn sample_rows(path: &PathBuf, backslash: bool) -> Vec<csv::StringRecord> {
    let Ok(file) = File::open(path) else {
        return Vec::new();
    };
    let mut reader = extract::csv::reader(BufReader::new(file), backslash);
    reader.records().take(50).filter_map(Result::ok).collect()
}

impl Iterator for Units<'_> {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some(unit) = self.next_line() {
                return Some(unit);
            }
            if let Some(unit) = self.next_row() {
                return Some(unit);
            }
            let walked;
            let entry = if let Some(entry) = self.next_walked() {
                walked = entry;
                &walked
            } else {
                let entry = self.cfg.entries.get(self.next_entry)?;
                self.next_entry += 1;
                entry
            };
            match entry {
                Entry::File {
                    path,
                    format: format @ (Format::JsonLines | Format::Csv),
                } => {
                    if let Some(unit) = self.open(path, *format) {
                        return Some(unit);
                    }
                }
                Entry::File { path, format } => {
                    return Some(Unit::File {
                        path: path.clone(),
                        format: *format,
                    });
                }
                Entry::Folder(path) => {
                    self.walking = Some((path.clone(), Box::new(input::walk_folder(path)), false));
                }
                Entry::Pasted { number, text } => {
                    return Some(Unit::Pasted {
                        number: *number,
                        text: text.clone(),
                    });
                }
                Entry::Url(url) => {
                    let docs = self
                        .fetched
                        .next()
                        .unwrap_or_else(|| Err(Skip::new(url.as_str(), "not fetched")));
                    return Some(Unit::Fetched {
                        url: url.clone(),
                        docs,
                    });
                }
                Entry::Skipped(skip) => return Some(Unit::Skipped(skip.clone())),
            }
        }
    }
}
