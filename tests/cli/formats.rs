//! Every form postings come in, read end to end: files written here, in a temporary folder.

use std::path::Path;

use serde_json::Value;

use crate::common::certfit;

fn analyze(paths: &[&Path], extra: &[&str]) -> (i32, Value) {
    let out = certfit()
        .env("CERTFIT_TODAY", "2026-11-23")
        .arg("analyze")
        .args(paths)
        .args(["--json", "-", "-q"])
        .args(extra)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), report)
}

fn skill_ids(report: &Value) -> Vec<String> {
    report["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["skill_id"].as_str().unwrap().to_string())
        .collect()
}

fn postings(report: &Value, id: &str) -> u64 {
    report["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill_id"] == id)
        .map_or(0, |s| s["postings"].as_u64().unwrap())
}

#[test]
fn jobspy_csv_in_both_dialects() {
    let dir = tempfile::tempdir().unwrap();
    let pandas = dir.path().join("pandas.csv");
    std::fs::write(
        &pandas,
        "id,site,job_url,title,company,location,description\n\
         1,indeed,https://x.example/1,ML Engineer,Acme,\"Austin, TX\",\"**Requirements**\n\n\\- Amazon SageMaker \"\"Pipelines\"\"\n\\- AWS Glue\"\n\
         2,linkedin,https://x.example/2,Analyst,Beta,Remote,\n\
         3,indeed,https://x.example/3,Data Scientist,Gamma,Remote,\"Azure Machine Learning, MLflow\"\n",
    )
    .unwrap();
    let quoted = dir.path().join("quoted.csv");
    std::fs::write(
        &quoted,
        "\"id\",\"title\",\"company\",\"description\"\n\"1\",\"GenAI Engineer\",\"Delta\",\"We use \\\"Amazon Bedrock\\\" daily,\nwith RAG\"\n",
    )
    .unwrap();
    let (code, r) = analyze(&[&pandas, &quoted], &[]);
    // The LinkedIn row has no description: skipped with the reason, so the run is partial.
    assert_eq!(code, 1);
    assert_eq!(r["postings"]["analyzed"], 3);
    let skipped = r["postings"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("pandas.csv#2")
    );
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("--fetch-missing"),
        "{skipped:?}"
    );
    for id in [
        "aws.sagemaker",
        "aws.glue",
        "azure.machine-learning",
        "aws.bedrock",
    ] {
        assert_eq!(postings(&r, id), 1, "{id}: {:?}", skill_ids(&r));
    }
}

#[test]
fn json_jsonl_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("jobs.jsonl");
    let same = "Requirements: Amazon Bedrock and Azure OpenAI.";
    std::fs::write(
        &jsonl,
        format!(
            "{{\"title\":\"A\",\"location\":\"NYC\",\"description\":\"{same}\"}}\n\n{{\"title\":\"A\",\"location\":\"Boston\",\"description\":\"{same}\"}}\nnot json\n{{\"title\":\"B\",\"descriptionHtml\":\"<p>SageMaker</p>\"}}\n"
        ),
    )
    .unwrap();
    let ld = dir.path().join("ld.json");
    std::fs::write(&ld, r#"{"@context":"https://schema.org","@type":"JobPosting","title":"C","description":"&lt;p&gt;Azure AI Search&lt;/p&gt;"}"#).unwrap();
    let (code, r) = analyze(&[&jsonl, &ld], &[]);
    assert_eq!(code, 1, "the bad line is reported");
    assert_eq!(r["postings"]["analyzed"], 3);
    assert_eq!(r["postings"]["duplicates_folded"], 1);
    let skipped = r["postings"]["skipped"].as_array().unwrap();
    assert!(
        skipped
            .iter()
            .any(|s| s["source"].as_str().unwrap().ends_with("jobs.jsonl#3")),
        "{skipped:?}"
    );
    assert_eq!(postings(&r, "aws.bedrock"), 1);
    assert_eq!(postings(&r, "azure.ai-search"), 1);
    let (_, kept) = analyze(&[&jsonl], &["--keep-duplicates"]);
    assert_eq!(kept["postings"]["analyzed"], 3);
}

#[test]
fn encodings_and_awkward_files() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(
        &latin1,
        b"Caf\xe9 team. Requirements: Amazon SageMaker and Amazon Comprehend.\n",
    )
    .unwrap();
    let utf16 = dir.path().join("utf16.txt");
    let mut bytes = vec![0xff, 0xfe];
    for u in "Experience with Azure OpenAI.".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(&utf16, bytes).unwrap();
    let binary = dir.path().join("photo.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, b"").unwrap();
    let (code, r) = analyze(&[&latin1, &utf16, &binary, &empty], &[]);
    assert_eq!(code, 1);
    assert_eq!(r["postings"]["analyzed"], 2);
    let reasons: Vec<String> = r["postings"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap().to_string())
        .collect();
    assert!(
        reasons.iter().any(|r| r.starts_with("binary content")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r == "empty file"), "{reasons:?}");
    assert_eq!(postings(&r, "aws.comprehend"), 1);
    assert_eq!(postings(&r, "azure.openai"), 1);
}

#[test]
fn docx_postings() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("posting.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(br#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Requirements</w:t></w:r></w:p><w:p><w:r><w:t>Amazon Bedrock &amp; Amazon SageMaker</w:t></w:r></w:p></w:body></w:document>"#).unwrap();
    zip.finish().unwrap();
    let (code, r) = analyze(&[&path], &[]);
    assert_eq!(code, 0);
    assert_eq!(postings(&r, "aws.bedrock"), 1);
}
