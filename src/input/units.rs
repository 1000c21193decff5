//! The stream of units to extract: entries in order, with folders walked and JSONL and CSV files
//! read lazily, file by file, line by line and row by row, so that memory holds what the run is
//! working on, not the whole input.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Entry, csv as dialect, decode, walk_folder};
use crate::posting::{Format, Skip, SkipReason};

/// One piece of work. `C` is what the caller made of a CSV file's header (which column holds
/// what), shared by its rows.
pub enum Unit<C> {
    File {
        path: PathBuf,
        format: Format,
    },
    Pasted {
        number: usize,
        text: String,
    },
    /// A URL, to be paired with what was fetched for it.
    Url(String),
    JsonLine {
        source: String,
        line: String,
        /// The day its file was last written (days since 1970): what "3 days ago" counts from.
        saved: Option<i64>,
    },
    CsvRow {
        source: String,
        columns: Arc<C>,
        row: csv::StringRecord,
        /// The day its file was last written (days since 1970).
        saved: Option<i64>,
    },
    /// An HTML response of a WARC file: read for a `JobPosting` only.
    WarcPage {
        source: String,
        url: String,
        body: Vec<u8>,
    },
    /// A WARC record that holds no page: counted, not listed.
    WarcOther,
    Skipped(Skip),
}

/// How the caller reads a CSV file's columns from its header and a sample of rows, or why it
/// cannot.
pub type ColumnsOf<'a, C> = dyn Fn(&[String], &[csv::StringRecord]) -> Result<C, SkipReason> + 'a;

/// A CSV file being streamed: its name, reader, columns, rows read so far, and the header's width.
type CsvStream<C> = (
    String,
    csv::Reader<Box<dyn Read + Send>>,
    Arc<C>,
    usize,
    usize,
);

/// The units of `entries`, in order.
pub struct Units<'a, C> {
    entries: &'a [Entry],
    columns_of: &'a ColumnsOf<'a, C>,
    next_entry: usize,
    lines: Option<(String, std::io::Lines<BufReader<File>>, usize)>,
    rows: Option<CsvStream<C>>,
    /// The folder being walked, and whether it has given any entry.
    walking: Option<(PathBuf, Box<dyn Iterator<Item = Entry> + Send>, bool)>,
    /// The day the file being streamed was last written.
    saved: Option<i64>,
    /// The WARC file being streamed: its name and its records.
    warc: Option<(String, std::sync::mpsc::Receiver<super::warc::Item>)>,
}

impl<'a, C> Units<'a, C> {
    pub fn new(entries: &'a [Entry], columns_of: &'a ColumnsOf<'a, C>) -> Self {
        Units {
            entries,
            columns_of,
            next_entry: 0,
            lines: None,
            rows: None,
            walking: None,
            saved: None,
            warc: None,
        }
    }

    fn next_line(&mut self) -> Option<Unit<C>> {
        let (path, lines, count) = self.lines.as_mut()?;
        for line in lines.by_ref() {
            match line {
                Ok(l) if l.trim().is_empty() => {}
                Ok(l) => {
                    *count += 1;
                    return Some(Unit::JsonLine {
                        source: format!("{path}#{count}"),
                        line: l,
                        saved: self.saved,
                    });
                }
                Err(e) => {
                    let skip = Skip::new(
                        format!("{path}#{}", *count + 1),
                        SkipReason::UnreadableLine(e.to_string()),
                    );
                    *count += 1;
                    return Some(Unit::Skipped(skip));
                }
            }
        }
        self.lines = None;
        None
    }

    fn next_record(&mut self) -> Option<Unit<C>> {
        use super::warc::Item;
        let (path, records) = self.warc.as_ref()?;
        let unit = match records.recv() {
            Ok(Item::Page { number, url, body }) => Unit::WarcPage {
                source: format!("{path}#{number}"),
                url,
                body,
            },
            Ok(Item::Other) => Unit::WarcOther,
            Ok(Item::Broken { number, reason }) => Unit::Skipped(Skip::new(
                format!("{path}#{number}"),
                SkipReason::Invalid(reason),
            )),
            Err(_) => {
                self.warc = None;
                return None;
            }
        };
        Some(unit)
    }

    fn next_row(&mut self) -> Option<Unit<C>> {
        let saved = self.saved;
        let (path, reader, columns, count, width) = self.rows.as_mut()?;
        let mut record = csv::ByteRecord::new();
        let unit = match reader.read_byte_record(&mut record) {
            // A quote that is never closed makes the rest of the file one field of the last
            // record, which is then short of columns: say so rather than lose the rows quietly.
            Ok(true) if record.len() < *width && swallows_rows(&record, *width) => {
                *count += 1;
                Unit::Skipped(Skip::new(
                    format!("{path}#{count}"),
                    SkipReason::InvalidCsvRow(
                        "a quote opened in this row is never closed, so the rest of the file was read as one field: close it and run again".into(),
                    ),
                ))
            }
            Ok(true) => {
                *count += 1;
                // Fields that are not UTF-8 are decoded one by one, never dropped.
                let row =
                    csv::StringRecord::from_byte_record(record.clone()).unwrap_or_else(|_| {
                        record
                            .iter()
                            .map(|f| decode::decode(f, false).unwrap_or_default().into_owned())
                            .collect()
                    });
                Unit::CsvRow {
                    source: format!("{path}#{count}"),
                    columns: columns.clone(),
                    row,
                    saved,
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
                    SkipReason::InvalidCsvRow(e.to_string()),
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
                crate::posting::shown_path(&folder),
                SkipReason::EmptyFolder,
            ))
        })
    }

    /// Opens a JSONL or CSV file for streaming, or says why it cannot be read.
    fn open(&mut self, path: &Path, format: Format) -> Option<Unit<C>> {
        let shown = crate::posting::shown_path(path);
        self.saved = super::saved_on(path);
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                return Some(Unit::Skipped(Skip::new(
                    shown,
                    SkipReason::Unreadable(e.to_string()),
                )));
            }
        };
        if format == Format::JsonLines {
            self.lines = Some((shown, BufReader::with_capacity(1 << 16, file).lines(), 0));
            return None;
        }
        let mut file = BufReader::with_capacity(1 << 16, file);
        let head = match file.fill_buf() {
            Ok(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Err(e) => {
                return Some(Unit::Skipped(Skip::new(
                    shown,
                    SkipReason::Unreadable(e.to_string()),
                )));
            }
        };
        if head.trim().is_empty() {
            return Some(Unit::Skipped(Skip::new(shown, SkipReason::Empty)));
        }
        if head.contains('\0') {
            return Some(Unit::Skipped(Skip::new(
                shown,
                SkipReason::Binary(Some("CSV".into())),
            )));
        }
        if head.starts_with('\u{feff}') {
            file.consume(3);
        }
        let boxed: Box<dyn Read + Send> = Box::new(file);
        let mut reader = dialect::reader(boxed, dialect::sniff_backslash(&head));
        let headers = match dialect::headers(&mut reader) {
            Ok(h) => h,
            Err(e) => return Some(Unit::Skipped(Skip::new(shown, SkipReason::Invalid(e)))),
        };
        // The description column is guessed from a sample of rows when no header names it; a
        // separate short read keeps the stream intact.
        let sample = sample_rows(path, dialect::sniff_backslash(&head));
        match (self.columns_of)(&headers, &sample) {
            Ok(columns) => {
                self.rows = Some((shown, reader, Arc::new(columns), 0, headers.len()));
                None
            }
            Err(e) => Some(Unit::Skipped(Skip::new(shown, e))),
        }
    }
}

/// Whether a record short of columns ends in a field that holds whole rows of the file: lines
/// after its first with a separator for every column but one.
fn swallows_rows(record: &csv::ByteRecord, width: usize) -> bool {
    record.iter().next_back().is_some_and(|field| {
        field
            .split(|&b| b == b'\n')
            .skip(1)
            .any(|line| memchr::memchr_iter(b',', line).count() + 1 >= width)
    })
}

fn sample_rows(path: &Path, backslash: bool) -> Vec<csv::StringRecord> {
    let Ok(file) = File::open(path) else {
        return Vec::new();
    };
    let mut reader = dialect::reader(BufReader::new(file), backslash);
    reader.records().take(50).filter_map(Result::ok).collect()
}

impl<C> Iterator for Units<'_, C> {
    type Item = Unit<C>;

    fn next(&mut self) -> Option<Unit<C>> {
        loop {
            if let Some(unit) = self.next_line() {
                return Some(unit);
            }
            if let Some(unit) = self.next_row() {
                return Some(unit);
            }
            if let Some(unit) = self.next_record() {
                return Some(unit);
            }
            let walked;
            let entry = if let Some(entry) = self.next_walked() {
                walked = entry;
                &walked
            } else {
                let entry = self.entries.get(self.next_entry)?;
                self.next_entry += 1;
                entry
            };
            match entry {
                Entry::File {
                    path,
                    format: Format::Warc,
                } => match super::warc::stream(path) {
                    Ok(records) => self.warc = Some((crate::posting::shown_path(path), records)),
                    Err(e) => {
                        return Some(Unit::Skipped(Skip::new(
                            crate::posting::shown_path(path),
                            SkipReason::Unreadable(e.to_string()),
                        )));
                    }
                },
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
                    self.walking = Some((path.clone(), Box::new(walk_folder(path)), false));
                }
                Entry::Pasted { number, text } => {
                    return Some(Unit::Pasted {
                        number: *number,
                        text: text.clone(),
                    });
                }
                Entry::Url(url) => return Some(Unit::Url(url.clone())),
                Entry::Skipped(skip) => return Some(Unit::Skipped(skip.clone())),
                // Read where it is first named.
                Entry::Repeated(_) => {}
            }
        }
    }
}
