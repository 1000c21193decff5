//! Issue 19: web-scale input. WARC files (Common Crawl's format), plain and gzip-compressed,
//! built by the tests themselves.

use std::io::Write;

use serde_json::Value;

use crate::common::certfit;

/// One WARC record with the headers the format requires.
fn record(
    kind: &str,
    uri: &str,
    content_type: &str,
    block: &[u8],
    declared: Option<usize>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let id = format!(
        "<urn:uuid:{:08x}-0000-4000-8000-000000000000>",
        block.len() + uri.len()
    );
    write!(
        out,
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {id}\r\nWARC-Date: 2026-11-01T12:00:00Z\r\n"
    )
    .unwrap();
    if !uri.is_empty() {
        write!(out, "WARC-Target-URI: {uri}\r\n").unwrap();
    }
    write!(
        out,
        "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        declared.unwrap_or(block.len())
    )
    .unwrap();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(uri: &str, content_type: &str, body: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n{body}");
    record(
        "response",
        uri,
        "application/http; msgtype=response",
        http.as_bytes(),
        None,
    )
}

const POSTING: &str = r#"<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@type":"JobPosting","title":"Machine Learning Engineer",
 "hiringOrganization":{"@type":"Organization","name":"Graphic Design Institute"},
 "datePosted":"2026-10-20","jobLocation":{"@type":"Place","address":{"addressLocality":"Denver","addressRegion":"CO","addressCountry":"US"}},
 "description":"<p>Train and deploy models on Amazon SageMaker. Python and MLOps required.</p>"}
</script></head><body><h1>Machine Learning Engineer</h1></body></html>"#;

/// The records of a small crawl: a warcinfo, a request, a posting page, a page that is no
/// posting, an image, and a response cut short at the end.
fn crawl() -> Vec<Vec<u8>> {
    let truncated = {
        let mut r = response("https://example.org/jobs/cut", "text/html", POSTING);
        // The header says the whole block; the file ends halfway through it.
        let keep = r.len() / 2;
        r.truncate(keep);
        r
    };
    vec![
        record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
            None,
        ),
        record(
            "request",
            "https://example.org/jobs/1",
            "application/http; msgtype=request",
            b"GET /jobs/1 HTTP/1.1\r\nHost: example.org\r\n\r\n",
            None,
        ),
        response(
            "https://example.org/jobs/1",
            "text/html; charset=utf-8",
            POSTING,
        ),
        response(
            "https://example.org/about",
            "text/html",
            "<html><body><h1>About us</h1><p>We are a school that uses Amazon SageMaker.</p></body></html>",
        ),
        response("https://example.org/logo.png", "image/png", "\u{89}PNG"),
        truncated,
    ]
}

fn analyze(path: &std::path::Path) -> (Value, i32) {
    let out = certfit()
        .arg("analyze")
        .arg(path)
        .args(["--json", "-", "-q", "--by", "location"])
        .output()
        .unwrap();
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn issue_19_warc_files_are_read_record_by_record() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("crawl.warc");
    std::fs::write(&plain, crawl().concat()).unwrap();
    // Compressed as crawls are: one gzip member per record.
    let gz = dir.path().join("crawl.warc.gz");
    let mut members = Vec::new();
    for r in crawl() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&r).unwrap();
        members.extend(e.finish().unwrap());
    }
    std::fs::write(&gz, members).unwrap();
    for path in [&plain, &gz] {
        let (r, code) = analyze(path);
        assert_eq!(r["postings"]["analyzed"], 1, "{path:?}: {r}");
        // The warcinfo, the request, the page without a posting and the image.
        assert_eq!(r["postings"]["other_records"], 4, "{path:?}");
        let skipped = r["postings"]["skipped"].as_array().unwrap();
        assert_eq!(skipped.len(), 1, "the truncated record: {skipped:?}");
        assert!(
            skipped[0]["source"].as_str().unwrap().ends_with("#6"),
            "{skipped:?}"
        );
        assert!(
            skipped[0]["reason"].as_str().unwrap().contains("truncated"),
            "{skipped:?}"
        );
        assert_eq!(code, 1, "a partial run");
        assert_eq!(r["segments"]["rows"][0]["segment"], "Denver, CO, US");
        let skills: Vec<&str> = r["skills"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["skill_id"].as_str().unwrap())
            .collect();
        assert!(skills.contains(&"aws.sagemaker"), "{skills:?}");
    }
    // The posting's URL is the record's target URI.
    let out = certfit()
        .arg("analyze")
        .arg(&plain)
        .args(["--matches", "-", "-q"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(",https://example.org/jobs/1,"), "{text}");
}
