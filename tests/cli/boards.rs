//! Issue 15: the URLs people paste, from every board certfit reads through a public request, read
//! against local servers that answer as each board does (answers written for these tests, shaped
//! like the boards' real ones). Never the internet.

use std::collections::HashMap;

use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::certfit;

const SAGEMAKER: &str =
    "<h2>Requirements</h2><ul><li>Train and deploy models on Amazon SageMaker</li></ul>";

fn json(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes(), "application/json")
}

fn html(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes(), "text/html; charset=utf-8")
}

fn escaped(html: &str) -> String {
    serde_json::to_string(html).unwrap()
}

/// A page with a posting's JSON-LD.
fn json_ld_page(title: &str, company: &str) -> String {
    format!(
        r#"<html><head><script type="application/ld+json">{{"@context":"https://schema.org","@type":"JobPosting",
        "title":"{title}","hiringOrganization":{{"@type":"Organization","name":"{company}"}},
        "description":{}}}</script></head><body>Loading</body></html>"#,
        escaped(SAGEMAKER)
    )
}

async fn mount(server: &MockServer, route: &str, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(answer)
        .mount(server)
        .await;
}

/// Mounts every board's answers for the URLs of `board_urls` on `server`.
async fn boards(server: &MockServer) {
    let s = escaped(SAGEMAKER);
    mount(
        server,
        "/v1/companies/Equinox/postings/744",
        json(&format!(
            r#"{{"id":"744","name":"ML Engineer","company":{{"name":"Equinox"}},
            "location":{{"fullLocation":"Houston, TX, United States"}},"postingUrl":"https://jobs.smartrecruiters.com/Equinox/744-ml",
            "jobAd":{{"sections":{{"jobDescription":{{"title":"Job Description","text":"<p>Ship models.</p>"}},
            "qualifications":{{"title":"Qualifications","text":{s}}}}}}}}}"#
        )),
    )
    .await;
    mount(
        server,
        "/api/v2/accounts/blueground/jobs/B02DA69C8F",
        json(&format!(
            r#"{{"shortcode":"B02DA69C8F","title":"Senior ML Engineer","location":{{"display":"Athens, Greece"}},
            "description":"<p>Intro</p>","requirements":{s},"benefits":""}}"#
        )),
    )
    .await;
    mount(
        server,
        "/api/offers/data-scientist",
        json(&format!(
            r#"{{"offer":{{"title":"Data Scientist","company_name":"bunq","location":"Sofia, Bulgaria",
            "careers_url":"https://bunq.recruitee.com/o/data-scientist","description":"<p>Intro</p>","requirements":{s}}}}}"#
        )),
    )
    .await;
    mount(server, "/api/offers/gone", ResponseTemplate::new(404)).await;
    Mock::given(method("GET"))
        .and(path("/careers/35/detail"))
        .and(header("accept", "application/json"))
        .respond_with(json(&format!(
            r#"{{"meta":{{"totalCount":1}},"result":{{"jobOpening":{{"jobOpeningName":"AI Engineer",
            "jobOpeningShareUrl":"https://ashtead.bamboohr.com/careers/35","atsLocation":{{"country":"United Kingdom"}},
            "description":{s}}}}}}}"#
        )))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xml"))
        .and(query_param("language", "en"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(
                format!(
                    "<?xml version=\"1.0\"?><workzag-jobs>\
                     <position><id>1234</id><office>Berlin</office><name>MLOps Engineer</name>\
                     <jobDescriptions><jobDescription><name>Profile</name><value><![CDATA[{SAGEMAKER}]]></value></jobDescription></jobDescriptions></position>\
                     <position><id>12345</id><name>Office Manager</name>\
                     <jobDescriptions><jobDescription><name>Tasks</name><value>Run the office</value></jobDescription></jobDescriptions></position>\
                     </workzag-jobs>"
                )
                .into_bytes(),
                "application/xml",
            ),
        )
        .mount(server)
        .await;
    mount(
        server,
        "/jobs/1-ai-engineer",
        html(&json_ld_page("AI Engineer", "Acme AB")),
    )
    .await;
    mount(
        server,
        "/platform/api/ats/v1/board/atlas/jobs/787eb126",
        json(&format!(
            r#"{{"uuid":"787eb126","name":"MLOps Engineer","companyName":"Atlas","workLocations":["Remote (US)"],
            "description":{{"company":"<p>We store data.</p>","role":{s}}}}}"#
        )),
    )
    .await;
    mount(
        server,
        "/job_board/v0/example/job_posts/",
        json(&format!(
            r#"[{{"id":"am9i","title":"Cloud Engineer","absolute_url":"https://jobs.gem.com/example/am9i","content":{s},
            "location":{{"name":"San Francisco"}}}},
            {{"id":"am9iZ","title":"Recruiter","absolute_url":"https://jobs.gem.com/example/am9iZ","content":"<p>Hire people</p>"}}]"#
        )),
    )
    .await;
    mount(
        server,
        "/postings.json",
        json(&format!(
            r#"{{"data":[{{"id":"1","title":"Test Engineer","url":"https://impulse.pinpointhq.com/en/postings/0c5f-uuid",
            "location":{{"city":"Redondo Beach","province":"California"}},"description":"<p>Intro</p>",
            "skills_knowledge_expertise_header":"Minimum Qualifications","skills_knowledge_expertise":{s}}}]}}"#
        )),
    )
    .await;
    mount(
        server,
        "/jobs/5417/job",
        html(&json_ld_page("Data Analyst", "Acme Health")),
    )
    .await;
    mount(
        server,
        "/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails",
        json(&format!(
            r#"{{"items":[{{"Title":"Data Scientist","PrimaryLocation":"Austin, TX","ExternalDescriptionStr":"<p>Intro</p>",
            "ExternalQualificationsStr":{s}}}],"count":1}}"#
        )),
    )
    .await;
    mount(
        server,
        "/jobs/view/3912345678",
        html(&format!(
            r#"<html><body><h1 class="top-card-layout__title">Applied Scientist</h1>
            <a class="topcard__org-name-link">Acme Corp</a><span class="topcard__flavor--bullet">Austin, TX</span>
            <div class="show-more-less-html__markup">{SAGEMAKER}</div>
            <section class="similar-jobs">Azure OpenAI Engineer at Other Co</section></body></html>"#
        )),
    )
    .await;
    mount(
        server,
        "/jobs/view/1111111111",
        ResponseTemplate::new(302).insert_header("location", "/authwall?trk=x"),
    )
    .await;
    mount(server, "/authwall", html("<p>Sign in to LinkedIn</p>")).await;
    mount(
        server,
        "/careers",
        html(
            r#"<div id="grnhse_app"></div><script src="https://boards.greenhouse.io/embed/job_board/js?for=acme"></script>"#,
        ),
    )
    .await;
    mount(
        server,
        "/v1/boards/acme/jobs/4012345",
        json(&format!(
            r#"{{"id":4012345,"title":"Platform Engineer","absolute_url":"https://boards.greenhouse.io/acme/jobs/4012345","content":{s}}}"#
        )),
    )
    .await;
    mount(
        server,
        "/challenge",
        ResponseTemplate::new(403)
            .insert_header("cf-mitigated", "challenge")
            .set_body_string("<title>Just a moment...</title>"),
    )
    .await;
}

/// Every board's variable pointing at `server`.
fn pointed_at(cmd: &mut assert_cmd::Command, server: &str) {
    for board in [
        "GREENHOUSE",
        "SMARTRECRUITERS",
        "WORKABLE",
        "RECRUITEE",
        "BAMBOOHR",
        "PERSONIO",
        "TEAMTAILOR",
        "RIPPLING",
        "GEM",
        "PINPOINT",
        "ICIMS",
        "ORACLE",
        "LINKEDIN",
    ] {
        cmd.env(format!("CERTFIT_{board}_API"), server);
    }
}

/// Each posting's (title, company) by source, its URLs, and the run's exit code and stderr.
struct Outcome {
    code: i32,
    postings: HashMap<String, (String, String)>,
    urls: Vec<String>,
    stderr: String,
}

fn analyze(server: &str, urls: &[String]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let matches = dir.path().join("m.csv");
    let mut cmd = certfit();
    pointed_at(&mut cmd, server);
    let out = cmd
        .args([
            "analyze",
            "-q",
            "--no-cache",
            "--retries",
            "0",
            "--keep-duplicates",
        ])
        .args(urls)
        .arg("--matches")
        .arg(&matches)
        .output()
        .unwrap();
    let mut postings = HashMap::new();
    let mut urls = Vec::new();
    let mut r = csv::Reader::from_path(&matches).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        postings.insert(
            rec[0].to_string(),
            (rec[1].to_string(), rec[10].to_string()),
        );
        urls.push(rec[11].to_string());
    }
    Outcome {
        code: out.status.code().unwrap_or(-1),
        postings,
        urls,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn issue_15_every_board_through_its_public_request() {
    let server = MockServer::start().await;
    boards(&server).await;
    let uri = server.uri();
    let cases: Vec<(String, &str, &str)> = vec![
        (
            "https://jobs.smartrecruiters.com/Equinox/744-ml-engineer".into(),
            "ML Engineer",
            "Equinox",
        ),
        (
            "https://apply.workable.com/blueground/j/B02DA69C8F/".into(),
            "Senior ML Engineer",
            "Blueground",
        ),
        (
            "https://bunq.recruitee.com/o/data-scientist".into(),
            "Data Scientist",
            "bunq",
        ),
        (
            "https://ashtead.bamboohr.com/careers/35".into(),
            "AI Engineer",
            "Ashtead",
        ),
        (
            "https://acme.jobs.personio.de/job/1234".into(),
            "MLOps Engineer",
            "Acme",
        ),
        (
            "https://acme.teamtailor.com/jobs/1-ai-engineer".into(),
            "AI Engineer",
            "Acme AB",
        ),
        (
            "https://ats.rippling.com/atlas/jobs/787eb126".into(),
            "MLOps Engineer",
            "Atlas",
        ),
        (
            "https://jobs.gem.com/example/am9i".into(),
            "Cloud Engineer",
            "Example",
        ),
        (
            "https://impulse.pinpointhq.com/en/postings/0c5f-uuid".into(),
            "Test Engineer",
            "Impulse",
        ),
        (
            "https://careers-acme.icims.com/jobs/5417/data-analyst/job".into(),
            "Data Analyst",
            "Acme Health",
        ),
        (
            "https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/12345"
                .into(),
            "Data Scientist",
            "",
        ),
        (
            "https://www.linkedin.com/jobs/collections/recommended/?currentJobId=3912345678".into(),
            "Applied Scientist",
            "Acme Corp",
        ),
        (
            format!("{uri}/careers?gh_jid=4012345"),
            "Platform Engineer",
            "",
        ),
    ];
    let mut urls: Vec<String> = cases.iter().map(|c| c.0.clone()).collect();
    urls.extend([
        "https://bunq.recruitee.com/o/gone".to_string(),
        "https://www.linkedin.com/jobs/view/1111111111".to_string(),
        format!("{uri}/challenge"),
    ]);
    let run = tokio::task::spawn_blocking(move || analyze(&uri, &urls))
        .await
        .unwrap();
    for (url, title, company) in &cases {
        let (got_title, got_company) = run
            .postings
            .get(url)
            .unwrap_or_else(|| panic!("{url} not analyzed: {}\n{:?}", run.stderr, run.postings));
        assert_eq!(got_title, title, "{url}");
        assert_eq!(got_company, company, "{url}");
    }
    // Three URLs fail, each with its reason; the rest of the run goes on.
    assert_eq!(run.code, 1, "{}", run.stderr);
    for reason in [
        "recruitee.com/o/gone: Recruitee API: HTTP 404",
        "1111111111: LinkedIn asked to sign in: open the posting, save the page, and pass the file",
        "/challenge: a bot check answered instead of the page",
    ] {
        assert!(run.stderr.contains(reason), "{reason}\n{}", run.stderr);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn issue_15_whole_boards_bring_their_postings() {
    let server = MockServer::start().await;
    boards(&server).await;
    // SmartRecruiters' list names postings whose descriptions are one request each.
    mount(
        &server,
        "/v1/companies/Equinox/postings",
        json(r#"{"offset":0,"limit":10,"totalFound":2,"content":[{"id":"744"},{"id":"745"}]}"#),
    )
    .await;
    mount(
        &server,
        "/v1/companies/Equinox/postings/745",
        json(
            r#"{"id":"745","name":"Data Engineer","jobAd":{"sections":{"jobDescription":{"title":"Job","text":"<p>AWS Glue and Amazon Redshift</p>"}}}}"#,
        ),
    )
    .await;
    let uri = server.uri();
    let urls = vec![
        "https://jobs.smartrecruiters.com/Equinox".to_string(),
        "https://jobs.gem.com/example".to_string(),
    ];
    let run = tokio::task::spawn_blocking(move || analyze(&uri, &urls))
        .await
        .unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let titles: Vec<&str> = {
        let mut t: Vec<&str> = run.postings.values().map(|(t, _)| t.as_str()).collect();
        t.sort_unstable();
        t
    };
    assert_eq!(titles, ["Cloud Engineer", "Data Engineer", "ML Engineer"]);
    // A listed posting's URL is the board's URL followed by its id.
    assert!(
        run.urls
            .iter()
            .any(|u| u == "https://jobs.smartrecruiters.com/Equinox/745"),
        "{:?}",
        run.urls
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn issue_15_ten_links_from_six_boards_on_six_hosts() {
    // Six servers, one per board (six hosts): all ten postings are analyzed. How long that takes
    // is measured by hand, not asserted (see the issue's note).
    let mut servers = Vec::new();
    for _ in 0..6 {
        let server = MockServer::start().await;
        boards(&server).await;
        servers.push(server);
    }
    let envs: Vec<(String, String)> = [
        "SMARTRECRUITERS",
        "RECRUITEE",
        "GEM",
        "LINKEDIN",
        "PINPOINT",
        "RIPPLING",
    ]
    .iter()
    .zip(&servers)
    .map(|(board, s)| (format!("CERTFIT_{board}_API"), s.uri()))
    .collect();
    let urls: Vec<String> = [
        "https://jobs.smartrecruiters.com/Equinox/744-ml-engineer",
        "https://jobs.smartrecruiters.com/Equinox/744",
        "https://bunq.recruitee.com/o/data-scientist",
        "https://jobs.gem.com/example/am9i",
        "https://www.linkedin.com/jobs/view/3912345678",
        "https://www.linkedin.com/jobs/view/applied-scientist-at-acme-3912345678",
        "https://impulse.pinpointhq.com/en/postings/0c5f-uuid",
        "https://impulse.pinpointhq.com/postings/0c5f-uuid",
        "https://ats.rippling.com/atlas/jobs/787eb126",
        "https://ats.rippling.com/en-US/atlas/jobs/787eb126",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    let expected: Vec<(String, &str)> = urls
        .iter()
        .map(|u| {
            let title = match u.split('/').nth(2).unwrap_or_default() {
                "jobs.smartrecruiters.com" => "ML Engineer",
                "bunq.recruitee.com" => "Data Scientist",
                "jobs.gem.com" => "Cloud Engineer",
                "www.linkedin.com" => "Applied Scientist",
                "impulse.pinpointhq.com" => "Test Engineer",
                _ => "MLOps Engineer",
            };
            (u.clone(), title)
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let matches = dir.path().join("m.csv");
    let m = matches.clone();
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = certfit();
        for (k, v) in &envs {
            cmd.env(k, v);
        }
        cmd.args(["analyze", "--no-cache", "--keep-duplicates", "--matches"])
            .arg(&m)
            .args(&urls)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("analyzed 10 postings"), "{stdout}");
    let mut titles = HashMap::new();
    for rec in csv::Reader::from_path(&matches).unwrap().records() {
        let rec = rec.unwrap();
        titles.insert(rec[0].to_string(), rec[1].to_string());
    }
    for (url, title) in expected {
        assert_eq!(titles.get(&url).map(String::as_str), Some(title), "{url}");
    }
}

#[test]
fn readme_names_every_board_and_its_variable() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    for board in certfit::fetch::BOARDS {
        assert!(readme.contains(board.env), "README lacks {}", board.env);
        assert!(
            readme.contains(&format!("| {} ", board.name)),
            "README's table of boards lacks {}",
            board.name
        );
    }
}
