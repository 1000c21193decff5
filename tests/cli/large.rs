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

/// Copies the samples and two market fixtures into three shard folders.
fn shards(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let root = crate::common::root();
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.push(root.join("tests/fixtures/market/jobspy-six-months.csv"));
    files.push(root.join("tests/fixtures/market/jsonld-remote.html"));
    let folders: Vec<std::path::PathBuf> = (1..=3).map(|i| dir.join(format!("s{i}"))).collect();
    for f in &folders {
        std::fs::create_dir(f).unwrap();
    }
    for (i, file) in files.iter().enumerate() {
        std::fs::copy(file, folders[i % 3].join(file.file_name().unwrap())).unwrap();
    }
    folders
}

const REPORTS: [(&str, &str); 6] = [
    ("--json", "json"),
    ("--csv", "csv"),
    ("--markdown", "md"),
    ("--html", "html"),
    ("--segments", "seg"),
    ("--trends", "tr"),
];

#[test]
fn issue_19_merged_shards_give_the_reports_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let folders = shards(d);
    let report_args = |prefix: &str| -> Vec<String> {
        REPORTS
            .iter()
            .flat_map(|(flag, ext)| {
                [
                    (*flag).to_string(),
                    d.join(format!("{prefix}.{ext}")).display().to_string(),
                ]
            })
            .collect()
    };
    let whole = certfit()
        .arg("analyze")
        .args(&folders)
        .args(["--by", "role", "--color", "never"])
        .args(report_args("one"))
        .output()
        .unwrap();
    assert_eq!(whole.status.code(), Some(0));
    for (i, folder) in folders.iter().enumerate() {
        certfit()
            .arg("analyze")
            .arg(folder)
            .args(["--by", "role", "-q", "--partial"])
            .arg(d.join(format!("p{i}.json")))
            .assert()
            .success();
    }
    let merged = certfit()
        .arg("merge")
        .args((0..3).map(|i| d.join(format!("p{i}.json"))))
        .args(["--color", "never"])
        .args(report_args("merged"))
        .output()
        .unwrap();
    assert_eq!(
        merged.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    for (_, ext) in REPORTS {
        let one = std::fs::read_to_string(d.join(format!("one.{ext}"))).unwrap();
        let many = std::fs::read_to_string(d.join(format!("merged.{ext}"))).unwrap();
        assert!(one == many, "the .{ext} reports differ");
    }
    // The terminal summary too.
    assert_eq!(
        String::from_utf8_lossy(&whole.stdout),
        String::from_utf8_lossy(&merged.stdout)
    );
}

#[test]
fn issue_19_partials_of_another_taxonomy_or_facet_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let folders = shards(d);
    let extra = d.join("extra.toml");
    std::fs::write(
        &extra,
        "[[skill]]\nid = \"aws.made-up\"\nname = \"Amazon Made Up\"\nvendor = \"aws\"\ncategory = \"ai-service\"\naliases = [\"Amazon Made Up\"]\n",
    )
    .unwrap();
    let partial = |i: usize, args: &[&str]| {
        let path = d.join(format!("p{i}.json"));
        certfit()
            .arg("analyze")
            .arg(&folders[i])
            .args(args)
            .args(["-q", "--partial"])
            .arg(&path)
            .assert()
            .success();
        path
    };
    let plain = partial(0, &[]);
    let other_taxonomy = partial(1, &["--taxonomy", extra.to_str().unwrap()]);
    let by_role = partial(2, &["--by", "role"]);
    certfit()
        .arg("merge")
        .arg(&plain)
        .arg(&other_taxonomy)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("was made with another taxonomy"));
    certfit()
        .arg("merge")
        .arg(&plain)
        .arg(&by_role)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "run every shard with the same --by",
        ));
    // The merge can use the shards' taxonomy when it is named.
    certfit()
        .arg("merge")
        .arg(&other_taxonomy)
        .args(["--taxonomy", extra.to_str().unwrap(), "-q"])
        .assert()
        .success();
    let junk = d.join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}").unwrap();
    certfit()
        .arg("merge")
        .arg(&junk)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a certfit partial"));
    certfit()
        .arg("merge")
        .arg(&plain)
        .args(["--matches", "-"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("ask each shard"));
}

#[test]
fn issue_19_postings_counted_by_two_shards_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = crate::common::root().join("samples/aws-ml-engineer.html");
    for i in 0..2 {
        certfit()
            .arg("analyze")
            .arg(&sample)
            .args(["-q", "--partial"])
            .arg(d.join(format!("p{i}.json")))
            .assert()
            .success();
    }
    certfit()
        .arg("merge")
        .arg(d.join("p0.json"))
        .arg(d.join("p1.json"))
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "certfit: 1 posting counted by more than one shard",
        ));
}

#[test]
fn issue_19_matches_as_parquet() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let parquet = dir.path().join("matches.parquet");
    let csv_path = dir.path().join("matches.csv");
    certfit()
        .current_dir(crate::common::root())
        .args(["analyze", "samples/", "-q", "--matches"])
        .arg(&parquet)
        .assert()
        .success();
    certfit()
        .current_dir(crate::common::root())
        .args(["analyze", "samples/", "-q", "--matches"])
        .arg(&csv_path)
        .assert()
        .success();
    let bytes = std::fs::read(&parquet).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let df = ParquetReader::new(std::fs::File::open(&parquet).unwrap())
        .finish()
        .unwrap();
    let rows = csv::Reader::from_path(&csv_path).unwrap().records().count();
    assert_eq!(df.height(), rows);
    assert_eq!(df.width(), 21);
    assert_eq!(df.column("mentions").unwrap().dtype(), &DataType::UInt32);
    assert_eq!(df.column("duplicate").unwrap().dtype(), &DataType::Boolean);
    let ids = df.column("skill_id").unwrap().str().unwrap();
    assert!((0..ids.len()).any(|i| ids.get(i) == Some("aws.sagemaker")));
}

#[test]
fn issue_19_a_warc_file_cut_inside_a_record_header_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.warc");
    let mut bytes = response("https://example.org/jobs/1", "text/html", POSTING);
    let next = response("https://example.org/jobs/2", "text/html", POSTING);
    // The second record ends after 40 bytes of its header.
    bytes.extend_from_slice(&next[..40]);
    std::fs::write(&path, bytes).unwrap();
    let (r, code) = analyze(&path);
    assert_eq!(r["postings"]["analyzed"], 1);
    let skipped = r["postings"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0]["source"].as_str().unwrap().ends_with("#2"));
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("40 bytes into its header"),
        "{skipped:?}"
    );
    assert_eq!(code, 1);
    // A whole file ends cleanly.
    let whole = dir.path().join("whole.warc");
    std::fs::write(&whole, crawl()[..5].concat()).unwrap();
    let (r, code) = analyze(&whole);
    assert_eq!(r["postings"]["skipped"].as_array().unwrap().len(), 0);
    assert_eq!(code, 0);
}
