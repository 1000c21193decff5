//! Report files: safe against what postings contain, complete, and written whole.

use predicates::prelude::*;

use crate::common::{certfit, root};

#[test]
fn hostile_titles_and_companies_are_neutralized() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("hostile.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            r#"{"title":"<script>alert(1)</script>","company":"=HYPERLINK(\"http://evil.example\",\"x\")","description":"Requirements: Amazon SageMaker and AWS Glue. <script>alert(2)</script>"}"#,
            "\n"
        ),
    )
    .unwrap();
    let html = dir.path().join("r.html");
    let matches = dir.path().join("m.csv");
    let md = dir.path().join("r.md");
    certfit()
        .arg("analyze")
        .arg(&jsonl)
        .arg("--html")
        .arg(&html)
        .arg("--matches")
        .arg(&matches)
        .arg("--markdown")
        .arg(&md)
        .arg("-q")
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        !page.contains("<script"),
        "unescaped script in the HTML report"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the title is shown escaped"
    );
    for external in ["http://", "https://", "src="] {
        assert!(
            !page.contains(external),
            "the page loads something external: {external}"
        );
    }
    let csv = std::fs::read_to_string(&matches).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(
        !csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"),
        "{csv}"
    );
    let markdown = std::fs::read_to_string(&md).unwrap();
    assert!(!markdown.contains("<script>"), "{markdown}");
}

#[test]
fn html_report_has_charts_evidence_and_skips() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    certfit()
        .current_dir(root())
        .args(["analyze", "samples/", "no/such/file.txt", "--html"])
        .arg(&html)
        .arg("-q")
        .assert()
        .code(1);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("class=\"split\""), "the cloud split");
    assert!(
        page.matches("<div class=\"chart\">").count() >= 3,
        "charts for certifications, services and concepts"
    );
    // Every part of the split is named, however thin; chart labels are whole (codes, with the
    // full name on hover), never cut.
    for part in ["AWS only: ", "both: ", "Azure only: ", "neither: "] {
        assert!(page.contains(part), "{part}");
    }
    assert!(
        page.contains("title=\"AWS Certified Machine Learning Engineer - Associate\">MLA-C01<")
    );
    for label in page.split("<span class=\"l\"").skip(1) {
        let text = label.split('>').nth(1).unwrap().split('<').next().unwrap();
        assert!(!text.ends_with("..."), "a label cut: {text}");
    }
    // The evidence comes before the charts; the exams' lifecycle notes after the answer.
    let evidence = page.find("The evidence behind it").unwrap();
    assert!(evidence < page.find("<h2>AWS or Azure").unwrap());
    if let Some(notes) = page.find("class=\"notes\"") {
        assert!(notes > evidence);
    }
    assert!(page.contains("Recommendation:"));
    assert!(page.contains("The evidence behind it"));
    assert!(page.contains("no/such/file.txt") && page.contains("no such file or folder"));
}

#[test]
fn an_unwritable_report_fails_without_leaving_a_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir").join("skills.csv");
    // Found before any posting is read: nothing analyzed, nothing printed but the reason.
    certfit()
        .current_dir(root())
        .args(["analyze", "samples/", "--csv"])
        .arg(&missing)
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicates::str::contains("cannot write")
                .and(predicates::str::contains("there is no folder")),
        );
    assert!(!missing.exists());
    certfit()
        .args(["analyze", "samples/", "--html"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("it is a folder"));
}

#[test]
fn gap_analysis_with_and_without_overlap() {
    let run = |have: &str| {
        let out = certfit()
            .current_dir(root())
            .args(["analyze", "samples/", "--json", "-", "-q", "--have", have])
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let none = run("cobol");
    let gap = &none["gap"];
    assert_eq!(gap["unknown"][0], "cobol");
    let missing_all = gap["missing"].as_array().unwrap().len();
    assert!(missing_all > 5);
    assert!(gap["best"]["code"].is_string());
    assert!(!gap["best"]["study"].as_array().unwrap().is_empty());

    let some = run("sagemaker, bedrock, azure openai, rag");
    let have: Vec<&str> = some["gap"]["have"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(have.iter().any(|h| h.contains("SageMaker")), "{have:?}");
    let missing: Vec<&str> = some["gap"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["skill_id"].as_str().unwrap())
        .collect();
    assert!(
        !missing.contains(&"aws.sagemaker") && !missing.contains(&"aws.bedrock"),
        "{missing:?}"
    );
    assert!(missing.len() < missing_all);
    let priorities: Vec<f64> = some["gap"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["priority"].as_f64().unwrap())
        .collect();
    assert!(
        priorities.windows(2).all(|w| w[0] >= w[1]),
        "ordered by priority"
    );
}

/// Regression: a report path that is a device (here /dev/stdout) is written in place, never
/// replaced by renaming a temporary file over it.
#[cfg(target_os = "linux")]
#[test]
fn reports_to_a_device_are_written_in_place() {
    let out = certfit()
        .current_dir(root())
        .args(["analyze", "samples/", "-q", "--csv", "/dev/stdout"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("skill_id,skill,vendor,category,postings,share,mentions,certifications\n"),
        "{text}"
    );
    let meta = std::fs::symlink_metadata("/dev/stdout").unwrap();
    assert!(
        !meta.is_file(),
        "/dev/stdout was replaced by a regular file"
    );
}

#[test]
fn json_report_follows_its_published_schema() {
    let root = root();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("docs/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    // With gap analysis and a skipped input, and without either: every optional part filled or null.
    for extra in [
        vec![
            "--have".to_string(),
            "sagemaker, python, cobol".to_string(),
            broken.display().to_string(),
        ],
        vec![],
    ] {
        let out = certfit()
            .arg("analyze")
            .arg(root.join("samples"))
            .args(&extra)
            .args(["--json", "-", "-q"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(report["gap"].is_null(), extra.is_empty());
    }
}

/// Issue 17: a closed pipe (`certfit analyze ... --matches - | head -2`) ends the run quietly with
/// exit 0, as ripgrep does; it used to print "Broken pipe" and exit 2.
#[test]
fn issue_17_a_closed_pipe_is_no_error() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("many.jsonl");
    let line = "{\"title\":\"ML\",\"description\":\"Amazon SageMaker and AWS Glue, RAG on Amazon Bedrock.\"}\n";
    std::fs::write(&jsonl, line.repeat(50_000)).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("certfit"))
        .arg("analyze")
        .arg(&jsonl)
        .args(["--keep-duplicates", "--matches", "-", "-q"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("source,title"), "{first}");
    // The reader is gone: the rest of certfit's writes meet a closed pipe.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}
