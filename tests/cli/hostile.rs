//! Issue 16: hostile and broken inputs, one at a time next to a good posting: each is reported with
//! its reason, the good posting is analyzed, and nothing reaches the terminal raw.

use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{certfit, fixture};

/// Runs `analyze` on `inputs` with a good posting first; (exit code, stdout, stderr).
fn beside_a_good_one(inputs: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut cmd = certfit();
    // Colors on, as on a terminal: nothing but them may be an escape sequence.
    let color = if stdin.is_some() { "never" } else { "always" };
    cmd.args(["analyze", "--color", color])
        .arg(fixture("postings/aws-basic.txt"))
        .args(inputs);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn issue_16_escape_sequences_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("evil\u{1b}[2J\u{1b}]8;;x\u{7}.csv");
    std::fs::write(&name, "title,description\nA,\n").unwrap();
    let missing = dir.path().join("gone\u{1b}[31m.txt");
    let (code, stdout, _) = beside_a_good_one(
        &[&name.display().to_string(), &missing.display().to_string()],
        None,
    );
    assert_eq!(code, 1, "{stdout}");
    // Colors are certfit's own (SGR `m` sequences); nothing else is an escape.
    let foreign: Vec<&str> = stdout
        .split('\u{1b}')
        .skip(1)
        .filter(|seq| {
            !(seq.starts_with('[')
                && seq[1..]
                    .find('m')
                    .is_some_and(|m| seq[1..=m].bytes().all(|b| b.is_ascii_digit() || b == b';')))
        })
        .collect();
    assert!(foreign.is_empty(), "{foreign:?} in {stdout:?}");
    assert!(stdout.contains("gone?[31m.txt"), "{stdout}");
    assert!(stdout.contains("evil?[2J?]8;;x?.csv#1"), "{stdout}");
    assert!(!stdout.contains('\u{7}'), "{stdout:?}");
}

#[test]
fn issue_16_devices_separators_and_broken_quotes_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("jobs.csv");
    std::fs::write(
        &csv,
        "title,description,company\nA,\"Amazon SageMaker daily\",Acme\nB,\"a quote never closed\nC,Azure OpenAI,Beta\n",
    )
    .unwrap();
    let (code, stdout, _) =
        beside_a_good_one(&["/dev/null", &csv.display().to_string()], Some(b""));
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("/dev/null: not a file or folder (a device, pipe or socket)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("jobs.csv#2: invalid CSV row: a quote opened in this row is never closed"),
        "{stdout}"
    );
    let (code, stdout, _) = beside_a_good_one(&["-"], Some(b"---\n\n---\n"));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("stdin: nothing was pasted"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn issue_16_credentials_in_urls_are_never_shown_or_stored() {
    let server = MockServer::start().await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let url = server.uri().replace("http://", "http://alice:s3cret@") + "/gone";
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let json = dir.path().join("r.json");
    let (out, cache, json) = tokio::task::spawn_blocking(move || {
        let out = certfit()
            .args(["analyze", &url, "--retries", "0", "--cache-dir"])
            .arg(&cache)
            .arg("--json")
            .arg(&json)
            .output()
            .unwrap();
        (out, cache, json)
    })
    .await
    .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned()
        + &String::from_utf8_lossy(&out.stderr)
        + &std::fs::read_to_string(&json).unwrap();
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(shown.contains("http://***@127.0.0.1"), "{shown}");
    for f in std::fs::read_dir(&cache).into_iter().flatten() {
        let text = std::fs::read(f.unwrap().path()).unwrap();
        assert!(!String::from_utf8_lossy(&text).contains("s3cret"));
    }
}

#[test]
fn issue_16_a_report_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let posting = dir.path().join("p.txt");
    std::fs::write(&posting, "Requirements: Amazon SageMaker.").unwrap();
    let same = dir.path().join(".").join("p.txt");
    let out = certfit()
        .arg("analyze")
        .arg(&posting)
        .arg("--json")
        .arg(&same)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("which the report would replace"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&posting).unwrap(),
        "Requirements: Amazon SageMaker."
    );
}

/// An interrupted run (SIGTERM, as Ctrl-C's SIGINT) leaves no temporary report files behind.
#[cfg(unix)]
#[test]
fn issue_16_an_interrupted_run_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("many.jsonl");
    let line = "{\"title\":\"ML\",\"description\":\"Amazon SageMaker and AWS Glue, RAG on Amazon Bedrock. \"}\n";
    std::fs::write(&jsonl, line.repeat(200_000)).unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("certfit");
    let mut child = std::process::Command::new(bin)
        .arg("analyze")
        .arg(&jsonl)
        .arg("--keep-duplicates")
        .arg("--matches")
        .arg(reports.join("m.csv"))
        .arg("-q")
        .spawn()
        .unwrap();
    // Once the matches report is being written, end the run.
    while std::fs::read_dir(&reports).unwrap().next().is_none() {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::yield_now();
    }
    let _ = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let status = child.wait().unwrap();
    let left: Vec<String> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".certfit-"))
        .collect();
    assert!(left.is_empty(), "{left:?} left after {status:?}");
}

/// A page that redirects to a cloud's metadata service, or to a name that resolves to this
/// machine, is refused with the reason; the host the user named may be private.
#[tokio::test(flavor = "multi_thread")]
async fn issue_16_redirects_to_private_addresses_are_refused() {
    let server = MockServer::start().await;
    Mock::given(path("/metadata"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", "http://169.254.169.254/latest/meta-data/"),
        )
        .mount(&server)
        .await;
    let port = server.address().port();
    Mock::given(path("/local"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("http://localhost:{port}/ok").as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(path("/ok"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<html><body><main><p>Requirements: Amazon SageMaker and Amazon Bedrock, every day, for a long while, in a team that ships models to production on AWS with care and with tests; we value clear writing and kind reviews, and we hire people who like to learn and to teach what they learn to others in the team, and who like to read postings carefully.</p></main></body></html>".as_bytes(),
            "text/html",
        ))
        .mount(&server)
        .await;
    let base = server.uri();
    let out = tokio::task::spawn_blocking(move || {
        certfit()
            .args(["analyze", "--no-cache", "--retries", "0"])
            .arg(format!("{base}/metadata"))
            .arg(format!("{base}/local"))
            .arg(format!("{base}/ok"))
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("analyzed 1 posting"), "{stdout}");
    assert!(
        stdout.contains("/metadata: refused: 169.254.169.254 is a private"),
        "{stdout}"
    );
    assert!(
        stdout.contains("/local: refused: localhost (127.0.0.1)"),
        "{stdout}"
    );
    assert!(stdout.contains("--allow-private"), "{stdout}");
}

/// A report folder certfit may not write in is found before any posting is read (`/proc` refuses
/// new files even to root, who may write anywhere else).
#[cfg(target_os = "linux")]
#[test]
fn issue_16_an_unwritable_report_folder_is_found_before_reading() {
    let out = certfit()
        .arg("analyze")
        .arg(fixture("postings/aws-basic.txt"))
        .args(["--html", "/proc/certfit-report.html"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write /proc/certfit-report.html"),
        "{stderr}"
    );
    // Nothing was analyzed: the summary never printed.
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
