//! End-to-end tests: the real binary on the project's own fixtures and samples.

use std::path::Path;

use predicates::prelude::*;

use crate::common::{certfit, fixture, root};

/// Compares `actual` with a golden file, showing a line diff; `CERTFIT_BLESS=1` rewrites it.
fn assert_golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("CERTFIT_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with CERTFIT_BLESS=1",
            path.display()
        )
    });
    if expected != actual {
        let mut diff = String::new();
        let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
        for i in 0..e.len().max(a.len()) {
            match (e.get(i), a.get(i)) {
                (Some(x), Some(y)) if x == y => {}
                (x, y) => {
                    diff.push_str(&format!(
                        "line {}:\n  - {}\n  + {}\n",
                        i + 1,
                        x.unwrap_or(&""),
                        y.unwrap_or(&"")
                    ));
                }
            }
        }
        panic!(
            "{} differs from the output (CERTFIT_BLESS=1 updates it):\n{diff}",
            path.display()
        );
    }
}

/// The JSON report of one input, which must analyze cleanly.
fn json_report(input: &str) -> serde_json::Value {
    let out = certfit()
        .args(["analyze", input, "--json", "-", "-q"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// The skill ids of a JSON report.
fn skill_ids(report: &serde_json::Value) -> Vec<&str> {
    report["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["skill_id"].as_str().unwrap())
        .collect()
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let mut rows = vec![r.headers().unwrap().iter().map(str::to_string).collect()];
    for rec in r.records() {
        rows.push(rec.unwrap().iter().map(str::to_string).collect());
    }
    rows
}

#[test]
fn samples_give_the_golden_skill_report() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("skills.csv");
    let json = dir.path().join("report.json");
    certfit()
        .current_dir(root())
        .args(["analyze", "samples/", "--csv"])
        .arg(&csv)
        .arg("--json")
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("Recommendation:"));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("skill_id,skill,vendor,category,postings,share,mentions,certifications\n")
    );
    assert_golden("samples-skills.csv", &text);
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let analyzed = report["postings"]["analyzed"].as_u64().unwrap();
    assert!(analyzed >= 8, "{analyzed}");
    assert_eq!(report["postings"]["skipped"].as_array().unwrap().len(), 0);
    let code = report["recommendation"]["code"].as_str().unwrap();
    let ranked: Vec<&str> = report["certifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(ranked[0], code);
    for retired in ["MLS-C01", "AI-102", "AI-900"] {
        assert_ne!(code, retired, "a retired exam is never recommended");
    }
}

#[test]
fn rows_are_sorted_by_postings_then_kind_then_id() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("skills.csv");
    certfit()
        .current_dir(root())
        .args(["analyze", "samples/", "-q", "--csv"])
        .arg(&csv)
        .assert()
        .success();
    let rows = read_csv(&csv);
    // Ties go to AI services, then data services, then the general cloud (#17).
    let keys: Vec<(i64, u32, String)> = rows[1..]
        .iter()
        .map(|r| {
            (
                -r[4].parse::<i64>().unwrap(),
                certfit::taxonomy::category_rank(&r[3]),
                r[0].clone(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    for r in &rows[1..] {
        let share: f64 = r[5].parse().unwrap();
        assert!((0.0..=1.0).contains(&share));
    }
}

#[test]
fn stdin_postings_are_numbered() {
    let dir = tempfile::tempdir().unwrap();
    let matches = dir.path().join("matches.csv");
    certfit()
        .args(["analyze", "-", "--matches"])
        .arg(&matches)
        .pipe_stdin(fixture("stdin/two-postings.txt"))
        .unwrap()
        .assert()
        .success()
        .stdout(predicate::str::contains("analyzed 2 postings"));
    let rows = read_csv(&matches);
    assert_eq!(
        &rows[0][..6],
        [
            "source", "title", "skill_id", "skill", "mentions", "evidence"
        ]
    );
    let found: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[2].clone()))
        .collect();
    assert!(
        found.contains(&("stdin#1".into(), "aws.bedrock".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("stdin#2".into(), "azure.openai".into())),
        "{found:?}"
    );
    assert!(
        !found.contains(&("stdin#1".into(), "azure.openai".into())),
        "{found:?}"
    );
}

#[test]
fn stdin_without_arguments_is_read_when_piped() {
    certfit()
        .arg("analyze")
        .write_stdin("We need Amazon Bedrock and RAG experience.")
        .assert()
        .success()
        .stdout(predicate::str::contains("analyzed 1 posting"));
}

#[test]
fn a_missing_path_is_reported_and_the_rest_analyzed() {
    certfit()
        .args([
            "analyze",
            &fixture("postings/aws-basic.txt"),
            "no/such/posting.txt",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("analyzed 1 posting"))
        .stdout(predicate::str::contains(
            "no/such/posting.txt: no such file or folder",
        ));
}

#[test]
fn a_dead_url_is_reported_and_the_rest_analyzed() {
    // Port 9 (discard) on the loopback address: nothing listens, the connection is refused at once.
    certfit()
        .args([
            "analyze",
            &fixture("postings/aws-basic.txt"),
            "http://127.0.0.1:9/job/1",
            "--retries",
            "0",
            "--no-cache",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("analyzed 1 posting"))
        .stdout(predicate::str::contains(
            "http://127.0.0.1:9/job/1: cannot connect after 1 try",
        ));
}

#[test]
fn nothing_analyzable_exits_2() {
    certfit()
        .args(["analyze", "no/such/dir", &fixture("postings/empty.txt")])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("empty file"));
}

#[test]
fn a_folder_reports_unsupported_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    certfit()
        .args(["analyze", &fixture("postings"), "-q", "--json"])
        .arg(&json)
        .assert()
        .code(1);
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let skipped = report["postings"]["skipped"].as_array().unwrap();
    let reasons: Vec<String> = skipped
        .iter()
        .map(|s| format!("{}: {}", s["source"], s["reason"]))
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("empty.txt") && r.contains("empty file")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("notes.rtf") && r.contains("unsupported file type .rtf")),
        "{reasons:?}"
    );
    assert!(report["postings"]["analyzed"].as_u64().unwrap() >= 5);
}

#[test]
fn an_empty_folder_is_reported_and_the_rest_analyzed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), "Amazon SageMaker").unwrap();
    let sample = fixture("postings/aws-basic.txt");
    certfit()
        .arg("analyze")
        .arg(dir.path())
        .arg(&sample)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "no files in this folder (hidden ones are not read)",
        ))
        .stdout(predicate::str::contains("analyzed 1 posting, skipped 1"));
}

#[test]
fn json_to_stdout_keeps_the_summary_on_stderr() {
    let out = certfit()
        .args(["analyze", &fixture("postings/aws-basic.txt"), "--json", "-"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Recommendation"))
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["postings"]["analyzed"], 1);
    let ids = skill_ids(&report);
    assert!(
        ids.contains(&"aws.sagemaker") && ids.contains(&"aws.bedrock"),
        "{ids:?}"
    );
    assert!(
        !ids.iter().any(|i| i.starts_with("azure.")),
        "negated Azure counted: {ids:?}"
    );
}

#[test]
fn collisions_match_no_cloud_service() {
    let report = json_report(&fixture("postings/negatives.txt"));
    let ids = skill_ids(&report);
    let cloud: Vec<&&str> = ids
        .iter()
        .filter(|i| i.starts_with("aws.") || i.starts_with("azure."))
        .collect();
    assert!(cloud.is_empty(), "false positives: {cloud:?}");
    assert_eq!(report["recommendation"]["demand"], "none");
    assert!(report["recommendation"]["code"].is_null());
}

#[test]
fn page_furniture_is_ignored() {
    let report = json_report(&fixture("postings/no-jsonld.html"));
    let ids = skill_ids(&report);
    assert!(ids.contains(&"aws.bedrock"), "{ids:?}");
    for absent in ["aws.lambda", "aws.sagemaker", "azure.openai"] {
        assert!(
            !ids.contains(&absent),
            "{absent} came from page furniture: {ids:?}"
        );
    }
}

#[test]
fn taxonomy_check_passes_on_the_builtin_and_lists_problems_in_a_bad_file() {
    certfit()
        .args(["taxonomy", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok ("));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[skill]]\nid = \"aws.widget\"\nname = \"W\"\nvendor = \"aws\"\ncategory = \"gizmo\"\naliases = [\"SageMaker\"]\n",
    )
    .unwrap();
    certfit()
        .args(["taxonomy", "check"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "aws.widget: unknown category `gizmo`",
        ))
        .stderr(predicate::str::contains(
            "alias \"SageMaker\" is also claimed by",
        ));
}

#[test]
fn taxonomy_list_prints_skills() {
    certfit()
        .args(["taxonomy", "list", "--vendor", "azure"])
        .assert()
        .success()
        .stdout(predicate::str::contains("azure.ai-search\tAzure AI Search"))
        .stdout(predicate::str::contains("aws.").not());
}

#[test]
fn a_user_taxonomy_adds_skills() {
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra.toml");
    std::fs::write(
        &extra,
        "[[skill]]\nid = \"concept.quantum-ml\"\nname = \"Quantum ML\"\nvendor = \"general\"\ncategory = \"concept\"\naliases = [\"quantum machine learning\"]\n",
    )
    .unwrap();
    certfit()
        .args(["analyze", "-", "--taxonomy"])
        .arg(&extra)
        .args(["--json", "-", "-q"])
        .write_stdin("Research in quantum machine learning on AWS SageMaker.")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"concept.quantum-ml\""));
}

#[test]
fn readme_usage_matches_help() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for (marker, args) in [
        ("analyze", vec!["analyze", "--help"]),
        ("taxonomy", vec!["taxonomy", "--help"]),
    ] {
        let help = certfit()
            .args(&args)
            .env("COLUMNS", "100")
            .output()
            .unwrap()
            .stdout;
        let help = String::from_utf8(help)
            .unwrap()
            .replace("certfit.exe", "certfit");
        let start = format!("<!-- usage:{marker} -->\n```text\n");
        let at = readme
            .find(&start)
            .unwrap_or_else(|| panic!("README lacks {start:?}"))
            + start.len();
        let end = readme[at..].find("```").unwrap() + at;
        let norm = |s: &str| {
            s.lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
                .trim_end()
                .to_string()
        };
        assert_eq!(
            norm(&readme[at..end]),
            norm(&help),
            "README usage for `{marker}` differs from --help"
        );
    }
}

#[test]
fn a_report_can_go_to_stdout_and_the_summary_then_goes_to_stderr() {
    let out = certfit()
        .arg("analyze")
        .arg(root().join("samples"))
        .args(["--csv", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .starts_with("skill_id,skill,vendor,category,postings,share,mentions,certifications\n"),
        "{stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Recommendation"), "{stderr}");
    // No file named `-` is left behind.
    assert!(!Path::new("-").exists());

    certfit()
        .arg("analyze")
        .arg(root().join("samples"))
        .args(["--csv", "-", "--json", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only one report can go to stdout"));
}

#[test]
fn retired_exams_named_in_postings_point_to_their_successors() {
    let out = certfit()
        .arg("analyze")
        .arg(root().join("samples"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = stdout
        .lines()
        .find(|l| l.contains("(MLS-C01)") && l.contains("/9"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.ends_with("retired, now MLA-C01 and AIP-C01"), "{line}");
    assert!(
        stdout.contains("name the exam itself (or one it replaced)"),
        "{stdout}"
    );
}

/// Runs `analyze` on a folder of the named postings of `tests/fixtures/markets`, with `extra`
/// arguments, and returns its JSON report.
fn market_report(postings: &[&str], extra: &[&str]) -> serde_json::Value {
    let folder = root().join("tests/fixtures/markets");
    let dir = tempfile::tempdir().unwrap();
    for p in postings {
        let file = format!("{p}.md");
        std::fs::copy(folder.join(&file), dir.path().join(&file)).unwrap();
    }
    let out = dir.path().join("report.json");
    certfit()
        .arg("analyze")
        .arg(dir.path())
        .args(extra)
        .arg("--json")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap()
}

/// Issue 13: each market of `tests/fixtures/markets/markets.tsv` gets an answer its row accepts,
/// with the demand strength and the per-vendor answers in the JSON report.
#[test]
fn markets_get_the_advice_an_adviser_would_give() {
    let folder = root().join("tests/fixtures/markets");
    let table = std::fs::read_to_string(folder.join("markets.tsv")).unwrap();
    let mut markets = 0;
    for line in table.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, postings, accept, reject) = (cols[0], cols[1], cols[2], cols[3]);
        let postings: Vec<&str> = postings.split(',').collect();
        let report = market_report(&postings, &[]);
        let rec = &report["recommendation"];
        let demand = rec["demand"].as_str().unwrap();
        let got = if demand == "none" {
            assert!(rec["code"].is_null(), "{name}: demand none with a code");
            "none"
        } else {
            rec["code"].as_str().unwrap()
        };
        assert!(
            accept.split(',').any(|a| a == got),
            "{name}: got {got} ({demand}), want one of {accept}: {}",
            rec["why"]
        );
        assert!(!reject.split(',').any(|r| r == got), "{name}: {got}");
        assert!(rec["by_vendor"].get("aws").is_some() && rec["by_vendor"].get("azure").is_some());
        markets += 1;
    }
    assert!(markets >= 10, "{markets}");
}

/// Issue 13: the gap analysis studies for the recommended exam, and a misspelt skill gets a
/// "did you mean".
#[test]
fn issue_13_the_gap_agrees_with_the_recommendation() {
    let report = market_report(
        &["azure-ai-eng", "azure-ai-eng-2", "genai-chat"],
        &["--have", "pyhton, Azure OpenAI"],
    );
    let code = report["recommendation"]["code"].as_str().unwrap();
    assert_eq!(code, "AI-103");
    assert_eq!(report["gap"]["best"]["code"], code);
    assert_eq!(report["gap"]["unknown"][0], "pyhton");
    assert_eq!(report["gap"]["suggestions"][0]["skill"], "Python");
}

/// The README's worked example of the scoring gives the figures the README states.
#[test]
fn readme_worked_example_reproduces() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let example = readme
        .split("**Worked example**")
        .nth(1)
        .and_then(|rest| rest.split("```text\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("README has a worked example");
    let out = certfit()
        .args(["analyze", "-", "--json", "-", "-q"])
        .write_stdin(example)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let rec = &report["recommendation"];
    assert_eq!(rec["code"], "MLA-C01");
    assert_eq!(rec["demand"], "close");
    let score = |code: &str| {
        report["certifications"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code)
            .map(|c| c["score"].as_f64().unwrap())
            .unwrap()
    };
    for (code, shown) in [
        ("MLA-C01", "**46.9**"),
        ("AI-103", "AI-103 33.3"),
        ("AIP-C01", "AIP-C01 17.8"),
        ("DEA-C01", "DEA-C01 1.9"),
    ] {
        let figure = shown.trim_start_matches(code).trim().trim_matches('*');
        assert_eq!(format!("{:.1}", score(code)), figure, "{code}");
        assert!(readme.contains(shown), "README lacks {shown}");
    }
    assert_eq!(rec["by_vendor"]["aws"], "MLA-C01");
    assert_eq!(rec["by_vendor"]["azure"], "AI-103");
}
