//! Fetching against a local HTTP server standing in for job boards: never the internet.

use std::path::PathBuf;
use std::time::Duration;

use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::certfit;

const POSTING: &str = r#"<html><head><title>ML Engineer</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"ML Engineer",
"hiringOrganization":{"@type":"Organization","name":"Acme"},
"description":"<h2>Requirements</h2><ul><li>Amazon SageMaker and Amazon Bedrock</li><li>RAG pipelines</li></ul>"}</script>
</head><body><p>Loading...</p></body></html>"#;

struct Run {
    code: i32,
    stdout: String,
    matches: Vec<(String, String)>,
}

/// Runs `certfit analyze` with the board APIs pointed at `server`, a fresh cache unless given.
fn analyze(server: &MockServer, args: &[&str], cache: Option<&PathBuf>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let matches = dir.path().join("m.csv");
    let cache_dir = cache.cloned().unwrap_or_else(|| dir.path().join("cache"));
    let out = certfit()
        .env("NO_COLOR", "1")
        .env("CERTFIT_GREENHOUSE_API", server.uri())
        .env("CERTFIT_LEVER_API", server.uri())
        .env("CERTFIT_ASHBY_API", server.uri())
        .env("CERTFIT_WORKDAY_API", server.uri())
        .args(["analyze", "--keep-duplicates"])
        .args(args)
        .arg("--matches")
        .arg(&matches)
        .arg("--cache-dir")
        .arg(&cache_dir)
        .output()
        .unwrap();
    let mut rows = Vec::new();
    if let Ok(mut r) = csv::Reader::from_path(&matches) {
        for rec in r.records() {
            let rec = rec.unwrap();
            rows.push((rec[0].to_string(), rec[2].to_string()));
        }
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        matches: rows,
    }
}

fn page(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/html; charset=utf-8")
        .set_body_string(body)
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_slow_urls_are_all_analyzed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(page(POSTING).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let urls: Vec<String> = (0..10)
        .map(|i| format!("{}/jobs/{i}", server.uri()))
        .collect();
    let run = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = urls.iter().map(String::as_str).collect();
        analyze(&server, &args, None)
    })
    .await
    .unwrap();
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("analyzed 10 postings"),
        "{}",
        run.stdout
    );
    assert!(
        run.matches
            .iter()
            .any(|(s, id)| s.ends_with("/jobs/7") && id == "aws.bedrock")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_and_rate_limits_are_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/flaky"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/flaky"))
        .respond_with(page(POSTING))
        .mount(&server)
        .await;
    Mock::given(path("/limited"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/limited"))
        .respond_with(page(POSTING))
        .mount(&server)
        .await;
    let (a, b) = (
        format!("{}/flaky", server.uri()),
        format!("{}/limited", server.uri()),
    );
    let run = tokio::task::spawn_blocking(move || analyze(&server, &[&a, &b], None))
        .await
        .unwrap();
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("analyzed 2 postings"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_failure_is_reported_with_its_reason() {
    let server = MockServer::start().await;
    Mock::given(path("/ok"))
        .respond_with(page(POSTING))
        .mount(&server)
        .await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(path("/login"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    Mock::given(path("/wall"))
        .respond_with(page(
            "<html><body><form>Sign in to see this job</form><p>Sign in</p></body></html>",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/down"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(path("/hang"))
        .respond_with(page(POSTING).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    Mock::given(path("/loop"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/loop"))
        .mount(&server)
        .await;
    let huge = format!(
        "<html><body>{}</body></html>",
        "Amazon SageMaker ".repeat(80_000)
    );
    Mock::given(path("/huge"))
        .respond_with(page(&huge))
        .mount(&server)
        .await;
    let base = server.uri();
    let urls: Vec<String> = [
        "ok", "gone", "login", "wall", "down", "hang", "loop", "huge",
    ]
    .iter()
    .map(|p| format!("{base}/{p}"))
    .collect();
    let run = tokio::task::spawn_blocking(move || {
        let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
        args.extend([
            "--timeout",
            "0.5",
            "--retries",
            "1",
            "--max-bytes",
            "1",
            "ftp://example.com/x",
        ]);
        analyze(&server, &args, None)
    })
    .await
    .unwrap();
    assert_eq!(run.code, 1, "{}", run.stdout);
    for expected in [
        "analyzed 1 posting",
        "/gone: HTTP 404",
        "/login: blocked (HTTP 403): save the page from your browser and analyze the file",
        "/wall: not a job posting: no JobPosting data and little text",
        "/down: HTTP 503 after 2 tries",
        "/hang: timed out after 2 tries",
        "/loop: more than 10 redirects",
        "/huge: larger than 1 MB",
        "ftp://example.com/x: unsupported URL scheme `ftp:` (only http and https)",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing {expected:?} in:\n{}",
            run.stdout
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn latin1_and_gzip_pages_are_decoded() {
    use std::io::Write;
    let server = MockServer::start().await;
    let latin1: Vec<u8> = POSTING
        .replace("RAG pipelines", "Caf\u{e9} RAG pipelines")
        .chars()
        .map(|c| c as u8)
        .collect();
    Mock::given(path("/latin1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html; charset=ISO-8859-1")
                .set_body_bytes(latin1),
        )
        .mount(&server)
        .await;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(POSTING.as_bytes()).unwrap();
    Mock::given(path("/gzip"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(gz.finish().unwrap()),
        )
        .mount(&server)
        .await;
    let (a, b) = (
        format!("{}/latin1", server.uri()),
        format!("{}/gzip", server.uri()),
    );
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let json_arg = json.display().to_string();
    let run =
        tokio::task::spawn_blocking(move || analyze(&server, &[&a, &b, "--json", &json_arg], None))
            .await
            .unwrap();
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.matches
            .iter()
            .any(|(s, id)| s.ends_with("/gzip") && id == "aws.sagemaker"),
        "{:?}",
        run.matches
    );
    let m = std::fs::read_to_string(dir.path().join("r.json")).unwrap();
    assert!(m.contains("\"analyzed\": 2"), "{m}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cache_makes_a_second_run_free_and_offline_possible() {
    let server = MockServer::start().await;
    Mock::given(path("/job"))
        .respond_with(page(POSTING))
        .expect(1)
        .mount(&server)
        .await;
    let url = format!("{}/job", server.uri());
    let cache = tempfile::tempdir().unwrap().keep();
    let server = std::sync::Arc::new(server);
    let s = server.clone();
    let runs = tokio::task::spawn_blocking(move || {
        let first = analyze(&s, &[&url], Some(&cache));
        let second = analyze(&s, &[&url], Some(&cache));
        let offline = analyze(&s, &[&url, "--offline"], Some(&cache));
        let missing = analyze(&s, &[&format!("{url}/other"), "--offline"], Some(&cache));
        (first, second, offline, missing)
    })
    .await
    .unwrap();
    for run in [&runs.0, &runs.1, &runs.2] {
        assert_eq!(run.code, 0, "{}", run.stdout);
    }
    assert!(
        runs.3
            .stdout
            .contains("not in the cache, and --offline forbids fetching"),
        "{}",
        runs.3.stdout
    );
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn job_boards_are_read_through_their_apis() {
    let server = MockServer::start().await;
    let gh_job = r#"{"id":123,"title":"GenAI Engineer","company_name":"Acme","absolute_url":"https://boards.greenhouse.io/acme/jobs/123",
        "content":"&lt;h2&gt;Requirements&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;Amazon Bedrock Knowledge Bases&lt;/li&gt;&lt;/ul&gt;"}"#;
    Mock::given(path("/v1/boards/acme/jobs/123"))
        .respond_with(ResponseTemplate::new(200).set_body_string(gh_job))
        .mount(&server)
        .await;
    Mock::given(path("/v1/boards/acme/jobs"))
        .and(query_param("content", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(
            r#"{{"jobs":[{gh_job},{gh_job},{gh_job}],"meta":{{"total":3}}}}"#
        )))
        .mount(&server)
        .await;
    Mock::given(path("/v0/postings/beta/abc"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"text":"Data Scientist","hostedUrl":"https://jobs.lever.co/beta/abc","categories":{"location":"Remote"},
               "description":"<p>Models on Azure Machine Learning</p>","lists":[{"text":"Requirements","content":"<li>Azure OpenAI</li>"}]}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(path("/posting-api/job-board/gamma"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"jobs":[{"id":"u1","title":"Other","jobUrl":"https://jobs.ashbyhq.com/gamma/u1","descriptionHtml":"<p>Azure AI Search</p>"},
                        {"id":"u2","title":"ML Platform","jobUrl":"https://jobs.ashbyhq.com/gamma/u2","descriptionHtml":"<p>SageMaker Pipelines</p>"}]}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/wday/cxs/delta/Careers/job/Remote/Engineer_R1"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"jobPostingInfo":{"title":"Engineer","jobDescription":"<p>AWS Glue and Amazon Athena</p>","externalUrl":"https://delta.wd5.myworkdayjobs.com/Careers/job/Remote/Engineer_R1"},"hiringOrganization":{"name":"Delta"}}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/wday/cxs/delta/Careers/jobs"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"total":1,"jobPostings":[{"title":"Engineer","externalPath":"/job/Remote/Engineer_R1"}],"facets":[]}"#,
        ))
        .mount(&server)
        .await;
    let run = tokio::task::spawn_blocking(move || {
        analyze(
            &server,
            &[
                "https://boards.greenhouse.io/acme/jobs/123",
                "https://boards.greenhouse.io/acme",
                "https://jobs.lever.co/beta/abc",
                "https://jobs.ashbyhq.com/gamma/u2",
                "https://delta.wd5.myworkdayjobs.com/en-US/Careers/job/Remote/Engineer_R1",
                "https://delta.wd5.myworkdayjobs.com/Careers",
                "--limit",
                "2",
            ],
            None,
        )
    })
    .await
    .unwrap();
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("analyzed 7 postings"), "{}", run.stdout);
    let has = |src: &str, id: &str| run.matches.iter().any(|(s, i)| s == src && i == id);
    assert!(
        has("https://boards.greenhouse.io/acme/jobs/123", "aws.bedrock"),
        "{:?}",
        run.matches
    );
    assert!(
        has("https://boards.greenhouse.io/acme#2", "aws.bedrock"),
        "{:?}",
        run.matches
    );
    assert!(
        !run.matches
            .iter()
            .any(|(s, _)| s == "https://boards.greenhouse.io/acme#3"),
        "--limit 2"
    );
    assert!(
        has("https://jobs.lever.co/beta/abc", "azure.openai"),
        "{:?}",
        run.matches
    );
    assert!(
        has("https://jobs.ashbyhq.com/gamma/u2", "aws.sagemaker"),
        "{:?}",
        run.matches
    );
    assert!(
        !has("https://jobs.ashbyhq.com/gamma/u2", "azure.ai-search"),
        "only the posting asked for"
    );
    assert!(
        has(
            "https://delta.wd5.myworkdayjobs.com/en-US/Careers/job/Remote/Engineer_R1",
            "aws.glue"
        ),
        "{:?}",
        run.matches
    );
    assert!(
        run.matches.iter().any(|(s, i)| s
            .starts_with("https://delta.wd5.myworkdayjobs.com/Careers")
            && i == "aws.athena"),
        "{:?}",
        run.matches
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_saves_postings_that_analyze_reads() {
    let server = MockServer::start().await;
    Mock::given(path("/job"))
        .respond_with(page(POSTING))
        .mount(&server)
        .await;
    let url = format!("{}/job", server.uri());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("saved");
    let out2 = out.clone();
    let status = tokio::task::spawn_blocking(move || {
        certfit()
            .args(["fetch", &url, "--no-cache", "--out"])
            .arg(&out2)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(files.len(), 1);
    certfit()
        .args(["analyze", "--json", "-", "-q"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("\"aws.bedrock\""));
}

/// Issue 15: JobSpy rows with a job URL but no description are reported, and `--fetch-missing`
/// fetches them, keeping the row's title and company where the page has none.
#[tokio::test(flavor = "multi_thread")]
async fn issue_15_csv_rows_without_descriptions_are_fetched_when_asked() {
    let server = MockServer::start().await;
    Mock::given(path("/jobs/view/42"))
        .respond_with(page(
            "<html><body><main><h2>Requirements</h2><p>Build retrieval on Amazon Bedrock \
             Knowledge Bases and Amazon Bedrock Agents for our support team; evaluate prompts, \
             guard answers with Bedrock Guardrails and ship them with AWS Lambda. \
             You will own the whole generative AI stack end to end, from data to deployment, \
             and work with product teams on what to build next.</p></main></body></html>",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/jobs/view/404"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("jobs.csv");
    std::fs::write(
        &csv,
        format!(
            "site,job_url,title,company,description\n\
             indeed,https://x.example/1,Data Scientist,Gamma,\"Azure Machine Learning and MLflow\"\n\
             linkedin,{0}/jobs/view/42,GenAI Engineer,Delta,\n\
             linkedin,{0}/jobs/view/404,Gone Engineer,Epsilon,\n",
            server.uri()
        ),
    )
    .unwrap();
    let path = csv.display().to_string();
    let without = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            certfit()
                .args(["analyze", &path, "--json", "-", "-q", "--no-cache"])
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    };
    let report: serde_json::Value = serde_json::from_slice(&without.stdout).unwrap();
    assert_eq!(without.status.code(), Some(1));
    assert_eq!(report["postings"]["analyzed"], 1);
    assert_eq!(
        report["postings"]["skipped"].as_array().unwrap().len(),
        2,
        "{report}"
    );

    let with = tokio::task::spawn_blocking(move || {
        certfit()
            .args([
                "analyze",
                &path,
                "--fetch-missing",
                "--no-cache",
                "--retries",
                "0",
            ])
            // The rows' URLs are on this machine: not followed unless allowed.
            .arg("--allow-private")
            .args(["--matches", "-", "-q"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&with.stdout);
    let stderr = String::from_utf8_lossy(&with.stderr);
    assert_eq!(with.status.code(), Some(1), "{stdout}{stderr}");
    // The fetched row is analyzed under its own source, with the row's title and company.
    let bedrock = stdout
        .lines()
        .find(|l| l.contains("aws.bedrock.knowledge-bases") || l.contains("aws.bedrock,"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(bedrock.contains("jobs.csv#2"), "{bedrock}");
    assert!(bedrock.contains("GenAI Engineer"), "{bedrock}");
    assert!(bedrock.contains("Delta"), "{bedrock}");
    // The row whose page is gone is skipped with the fetch's reason, under the row's source.
    assert!(stderr.contains("jobs.csv#3: HTTP 404"), "{stderr}");
}
