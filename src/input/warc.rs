//! WARC files (`.warc`, `.warc.gz`: the Common Crawl format) read as a stream of records with the
//! `warc` crate, on a thread of their own that hands records over through a bounded channel: the
//! crate's streaming reader borrows its input, and a crawl file holds tens of thousands of
//! records, of which the run keeps a few in memory at a time.
//!
//! Each HTTP response record whose payload is HTML becomes a page to read for a `JobPosting`;
//! every other record (requests, metadata, images, redirects, pages too large) is counted.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use warc::{RecordType, WarcHeader, WarcReader};

/// A response payload larger than this is not a posting page: it is counted and skipped unread.
const MAX_PAYLOAD: u64 = 16 * 1024 * 1024;

/// What a WARC file's stream yields.
#[derive(Debug)]
pub enum Item {
    /// An HTML response: the record's number in the file, its target URI, the payload.
    Page {
        number: usize,
        url: String,
        body: Vec<u8>,
    },
    /// A record that holds no page to read.
    Other,
    /// The file cannot be read on from here: a truncated or damaged record, with its number.
    Broken { number: usize, reason: String },
}

/// Starts reading a WARC file (gzip-compressed when its name ends in `.gz`, member by member as
/// crawls write it); its items arrive on the returned channel.
pub fn stream(path: &Path) -> std::io::Result<Receiver<Item>> {
    let file = File::open(path)?;
    let gzip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let (tx, rx) = sync_channel(64);
    std::thread::spawn(move || {
        let input: Box<dyn Read + Send> = if gzip {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
        } else {
            Box::new(file)
        };
        read_records(BufReader::with_capacity(1 << 16, input), &tx);
    });
    Ok(rx)
}

/// A reader that counts the bytes its user consumed, through a handle kept outside it: the
/// `warc` crate's reader ends quietly at a record whose header the file cuts short, and the
/// count tells that case apart from a clean end.
struct Counted<R> {
    inner: R,
    consumed: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: std::io::BufRead> std::io::BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.consumed
            .fetch_add(amt as u64, std::sync::atomic::Ordering::Relaxed);
        self.inner.consume(amt);
    }
}

fn read_records<R: std::io::BufRead>(input: R, tx: &SyncSender<Item>) {
    use std::sync::atomic::Ordering;
    let consumed = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut reader = WarcReader::new(Counted {
        inner: input,
        consumed: std::sync::Arc::clone(&consumed),
    });
    let mut records = reader.stream_records();
    let mut number = 0;
    // Where the last record's block ended: a clean file ends 4 bytes (its CRLF CRLF) later.
    let mut block_end: Option<u64> = None;
    loop {
        let Some(record) = records.next_item() else {
            let end = consumed.load(Ordering::Relaxed);
            let clean = block_end.map_or(0, |b| b + 4);
            if end > clean {
                let _ = tx.send(Item::Broken {
                    number: number + 1,
                    reason: format!(
                        "a truncated WARC record: the file ends {} bytes into its header; the records before it were read",
                        end - clean
                    ),
                });
            }
            return;
        };
        number += 1;
        let item = match record {
            Err(e) => Item::Broken {
                number,
                reason: broken(&e.to_string()),
            },
            Ok(mut record) => {
                let declared = record.content_length();
                let is_response = *record.warc_type() == RecordType::Response
                    && record
                        .header(WarcHeader::ContentType)
                        .is_some_and(|t| t.to_ascii_lowercase().contains("msgtype=response"));
                if !is_response || declared > MAX_PAYLOAD {
                    // Read through here, not by the next record, so that a record cut short is
                    // reported as itself.
                    match std::io::copy(&mut record, &mut std::io::sink()) {
                        Ok(n) if n == declared => Item::Other,
                        Ok(n) => truncated(number, n, declared),
                        Err(e) => Item::Broken {
                            number,
                            reason: broken(&e.to_string()),
                        },
                    }
                } else {
                    let url = record
                        .header(WarcHeader::TargetURI)
                        .map(|u| u.trim_matches(['<', '>']).to_string())
                        .unwrap_or_default();
                    // Buffered with the declared length, which is at most MAX_PAYLOAD here.
                    match record.into_buffered() {
                        Ok(buffered) if (buffered.body().len() as u64) < declared => {
                            truncated(number, buffered.body().len() as u64, declared)
                        }
                        Ok(buffered) => match html_payload(buffered.body()) {
                            Some(body) => Item::Page { number, url, body },
                            None => Item::Other,
                        },
                        Err(e) => Item::Broken {
                            number,
                            reason: broken(&e.to_string()),
                        },
                    }
                }
            }
        };
        block_end = Some(consumed.load(Ordering::Relaxed));
        let stop = matches!(item, Item::Broken { .. });
        // The run stopped reading: stop with it.
        if tx.send(item).is_err() || stop {
            return;
        }
    }
}

fn truncated(number: usize, read: u64, declared: u64) -> Item {
    Item::Broken {
        number,
        reason: format!(
            "a truncated WARC record: the file ends {read} bytes into its {declared}; the records before it were read"
        ),
    }
}

fn broken(error: &str) -> String {
    format!("a damaged or truncated WARC record ({error}); the records before it were read")
}

/// The payload of an HTTP response that is a successful HTML page: its headers read, a chunked
/// transfer encoding undone, a gzip or deflate content encoding inflated (with a limit).
fn html_payload(http: &[u8]) -> Option<Vec<u8>> {
    let end = memchr::memmem::find(http, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&http[..end]).to_ascii_lowercase();
    let body = &http[end + 4..];
    let mut lines = head.lines();
    let status = lines.next()?;
    if !status.starts_with("http/") || status.split_whitespace().nth(1) != Some("200") {
        return None;
    }
    let header = |name: &str| {
        head.lines()
            .skip(1)
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
    };
    if header("content-type").is_some_and(|t| !t.contains("html")) {
        return None;
    }
    let body = if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        dechunk(body)?
    } else {
        body.to_vec()
    };
    match header("content-encoding") {
        Some(e) if e.contains("gzip") => inflate(flate2::read::MultiGzDecoder::new(&body[..])),
        Some(e) if e.contains("deflate") => inflate(flate2::read::ZlibDecoder::new(&body[..])),
        _ => Some(body),
    }
}

fn inflate(mut decoder: impl Read) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    decoder
        .by_ref()
        .take(MAX_PAYLOAD + 1)
        .read_to_end(&mut out)
        .ok()?;
    (out.len() as u64 <= MAX_PAYLOAD).then_some(out)
}

/// A chunked body's data.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = memchr::memmem::find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_19_payloads_of_html_responses_only() {
        let page =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html>hi</html>";
        assert_eq!(html_payload(page).as_deref(), Some(&b"<html>hi</html>"[..]));
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert_eq!(html_payload(image), None);
        let moved = b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n";
        assert_eq!(html_payload(moved), None);
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<html\r\n2\r\n/>\r\n0\r\n\r\n";
        assert_eq!(html_payload(chunked).as_deref(), Some(&b"<html/>"[..]));
    }
}
