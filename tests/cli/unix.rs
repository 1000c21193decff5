//! Issue 17: certfit behaves as ripgrep, fd and lychee users expect of a command-line tool: output
//! that fits the terminal, inputs counted once, titles, completions, a man page, `-v`.

use predicates::prelude::*;

use crate::common::{certfit, root};

/// The summary at a width, as the terminal would get it.
fn summary(width: usize, args: &[&str]) -> String {
    let out = certfit()
        .current_dir(root())
        .env("COLUMNS", width.to_string())
        .args(["analyze", "samples/", "--color", "never"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn issue_17_the_summary_wraps_to_the_width_at_word_boundaries() {
    // With no width at all (piped, no COLUMNS), lines are written whole.
    let piped = certfit()
        .current_dir(root())
        .env_remove("COLUMNS")
        .args(["analyze", "samples/", "--color", "never"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let piped = String::from_utf8(piped).unwrap();
    assert!(
        piped.lines().any(|l| l.chars().count() > 120),
        "the reasons line is long"
    );
    let why = piped
        .lines()
        .find(|l| l.starts_with("  ") && l.contains("postings ask for"))
        .expect("the reason of the recommendation")
        .to_string();
    for width in [60, 120] {
        let out = summary(width, &[]);
        for line in out.lines() {
            assert!(
                line.chars().count() <= width,
                "{width} columns: {line:?} is {} wide",
                line.chars().count()
            );
        }
        // The reason comes out whole, its words unbroken and in order, over several lines.
        let start = out
            .lines()
            .position(|l| l.starts_with(&why[..30]))
            .expect("the reason starts a line");
        let mut words = Vec::new();
        for line in out.lines().skip(start) {
            if words.len() >= why.split_whitespace().count() {
                break;
            }
            words.extend(line.split_whitespace().map(str::to_string));
        }
        let want: Vec<String> = why.split_whitespace().map(str::to_string).collect();
        assert_eq!(words, want, "{width} columns");
        // Exam codes are never split at their hyphen.
        assert!(!out.contains("MLA-\n") && !out.contains("AI-\n"), "{out}");
    }
}

#[test]
fn issue_17_ai_and_data_services_are_listed_apart_from_the_general_cloud() {
    let out = summary(1000, &[]);
    let services: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Most demanded AI and data services"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(services.iter().any(|l| l.contains("Amazon SageMaker AI")));
    assert!(services.iter().any(|l| l.contains("Azure OpenAI")));
    // Storage, functions and monitoring are named, on a line of their own, not ranked with them.
    for general in ["Amazon S3", "AWS Lambda", "Amazon CloudWatch"] {
        assert!(
            !services.iter().any(|l| l.contains(general)),
            "{general}: {services:?}"
        );
    }
    let other = out
        .lines()
        .skip_while(|l| !l.starts_with("Other cloud services named"))
        .nth(1)
        .unwrap();
    assert!(other.contains("Amazon S3 (3)"), "{other}");
}

#[test]
fn issue_17_an_input_named_twice_is_read_once_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let out = certfit()
        .current_dir(root())
        .env("COLUMNS", "200")
        .args([
            "analyze",
            "samples/",
            "./samples",
            "samples/aws-ml-engineer.html",
            "--json",
        ])
        .arg(&json)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("certfit analyzed 9 postings\n"), "{out}");
    assert!(
        out.contains("./samples: the same as samples/, read once"),
        "{out}"
    );
    assert!(
        out.contains("samples/aws-ml-engineer.html: in samples/, read once"),
        "{out}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["postings"]["analyzed"], 9);
    let repeated = report["postings"]["repeated_inputs"].as_array().unwrap();
    assert_eq!(repeated.len(), 2);
    assert_eq!(repeated[1]["within"], true);
}

#[test]
fn issue_17_duplicates_folded_are_counted_in_the_first_line() {
    let posting =
        "Machine Learning Engineer\nTrain and deploy models on Amazon SageMaker; Python.\n";
    let out = certfit()
        .args(["analyze", "-", "--color", "never"])
        .write_stdin(format!("{posting}---\n{posting}---\n{posting}"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let first = String::from_utf8(out).unwrap();
    let first = first.lines().next().unwrap();
    assert_eq!(
        first,
        "certfit analyzed 1 posting (2 duplicates counted once)"
    );
}

#[test]
fn issue_17_pasted_and_text_postings_take_their_first_line_as_title() {
    let out = certfit()
        .args(["analyze", "-", "--matches", "-", "-q"])
        .write_stdin(
            "# Senior ML Engineer, Forecasting\n\nWe train models on Amazon SageMaker.\n---\n\
             Azure AI Engineer\nBuild agents with Azure OpenAI and Azure AI Search.\n---\n\
             We want someone who knows Amazon Bedrock. Apply today.\n",
        )
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("stdin#1,\"Senior ML Engineer, Forecasting\","),
        "{out}"
    );
    assert!(out.contains("stdin#2,Azure AI Engineer,"), "{out}");
    // A first line that is a sentence is no title.
    assert!(out.contains("stdin#3,,"), "{out}");
    // The evidence of the summary names the posting by its title.
    certfit()
        .current_dir(root())
        .args([
            "analyze",
            "samples/aws-data-scientist.txt",
            "--color",
            "never",
        ])
        .assert()
        .stdout(predicate::str::contains(
            "(Data Scientist, Claims Analytics (samples/aws-data-scientist.txt))",
        ));
}

#[test]
fn issue_17_misspelt_skills_get_the_closest_names() {
    certfit()
        .current_dir(root())
        .args(["analyze", "samples/", "--have", "pyhton, sagemkaer"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "not in the taxonomy: pyhton (did you mean Python?), sagemkaer (did you mean Amazon SageMaker AI?)",
        ));
}

#[test]
fn issue_17_skips_past_ten_are_counted_and_verbose_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["analyze".to_string(), "samples/".to_string()];
    for i in 0..13 {
        let path = dir.path().join(format!("empty-{i:02}.txt"));
        std::fs::write(&path, "").unwrap();
        args.push(path.display().to_string());
    }
    let listed = |verbose: bool| {
        let mut cmd = certfit();
        cmd.current_dir(root()).args(&args);
        if verbose {
            cmd.arg("-v");
        }
        let out = cmd.assert().code(1).get_output().clone();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (out, _) = listed(false);
    assert!(out.contains(", skipped 13:"), "{out}");
    assert_eq!(out.matches(": empty file").count(), 10, "{out}");
    assert!(
        out.contains("and 3 more (-v lists every one, as the --json report does)"),
        "{out}"
    );
    let (out, err) = listed(true);
    assert_eq!(out.matches(": empty file").count(), 13, "{out}");
    // -v also shows how long each stage took.
    assert!(err.contains("postings/s"), "{err}");
}

#[test]
fn issue_17_completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "_certfit()"),
        ("zsh", "#compdef certfit"),
        ("fish", "complete -c certfit"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = certfit()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(out.contains("have") && out.contains("analyze"), "{shell}");
    }
    certfit()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
}

#[test]
fn issue_17_man_pages_come_from_the_command_line_definition() {
    let page = certfit()
        .arg("man")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains(".TH certfit 1"), "{page}");
    assert!(page.contains("certfit\\-analyze(1)"), "{page}");
    let page = certfit()
        .args(["man", "analyze"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains(".TH certfit-analyze 1"));
    assert!(page.contains("\\-\\-have") && page.contains("Exit codes"));
    certfit()
        .args(["man", "analyse"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no command \"analyse\""));
    let dir = tempfile::tempdir().unwrap();
    certfit()
        .args(["man", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    for page in [
        "certfit.1",
        "certfit-analyze.1",
        "certfit-fetch.1",
        "certfit-taxonomy-list.1",
    ] {
        assert!(dir.path().join(page).is_file(), "{page}");
    }
}

#[test]
fn issue_17_help_ends_with_examples() {
    certfit()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Examples:\n  certfit analyze samples/",
        ));
    certfit()
        .args(["analyze", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("Exit codes")));
}

#[test]
fn issue_17_taxonomy_lists_certifications() {
    let out = certfit()
        .args(["taxonomy", "list", "--certifications"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let header = out.lines().next().unwrap();
    assert_eq!(
        header,
        "code\tname\tvendor\tlevel\tstatus\tretires_on\tsuccessors\tdomains"
    );
    let row = |code: &str| -> Vec<String> {
        out.lines()
            .find(|l| l.starts_with(&format!("{code}\t")))
            .unwrap_or_else(|| panic!("{code} listed"))
            .split('\t')
            .map(str::to_string)
            .collect()
    };
    let mla = row("MLA-C01");
    assert_eq!(mla[3], "associate");
    assert_eq!(mla[4], "active");
    assert!(mla[7].contains('%'), "domains with weights: {mla:?}");
    // Read on the pinned date: AI-102 retired on 2026-06-30, for AI-103.
    let ai102 = row("AI-102");
    assert_eq!(ai102[4], "retired");
    assert_eq!(ai102[6], "AI-103");
    let azure = certfit()
        .args(["taxonomy", "list", "--certifications", "--vendor", "azure"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let azure = String::from_utf8(azure).unwrap();
    assert!(!azure.contains("MLA-C01") && azure.contains("AI-103"));
}

#[test]
fn issue_17_no_progress_bar_or_prompt_when_stderr_is_not_a_terminal() {
    // Tests run with pipes: whatever the size of the run, stderr stays clean.
    certfit()
        .current_dir(root())
        .args(["analyze", "samples/", "-"])
        .write_stdin("Azure AI Engineer\nBuild with Azure OpenAI.\n")
        .assert()
        .success()
        .stderr("");
}
