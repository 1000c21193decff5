//! Issue 18: the market around a person: filters by place, role, level, company and time;
//! segments with their own advice; demand month by month. Fixtures in `tests/fixtures/market/`
//! were written for these tests (`make_jobspy.py` makes the JobSpy export).

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{certfit, fixture};

/// The JSON report of a run over the market fixtures with `args`.
fn report(inputs: &[&str], args: &[&str]) -> Value {
    let out = certfit()
        .args(["analyze"])
        .args(inputs.iter().map(|i| fixture(&format!("market/{i}"))))
        .args(["--json", "-", "-q"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn segments(report: &Value) -> Vec<(String, u64)> {
    report["segments"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["segment"].as_str().unwrap().to_string(),
                r["postings"].as_u64().unwrap(),
            )
        })
        .collect()
}

const ALL: &[&str] = &[
    "jobspy-six-months.csv",
    "jsonld-remote.html",
    "jsonld-address.html",
    "ashby-locations.json",
    "lever-workplace.json",
];

#[test]
fn issue_18_every_by_key_divides_the_postings() {
    for (by, expected) in [
        (
            "location",
            vec![("Denver, CO, US", 1), ("London, England, GB", 1)],
        ),
        (
            "country",
            vec![("US", 42), ("GB", 10), ("DE", 10), ("CA", 10)],
        ),
        (
            "remote",
            vec![("remote", 21), ("hybrid", 1), ("on-site", 1)],
        ),
        ("company", vec![("Woodgrove Bank", 1), ("Litware", 1)]),
        (
            "role",
            vec![
                ("ml-engineering", 26),
                ("ai-engineering", 20),
                ("research", 0),
            ],
        ),
        ("level", vec![("intern", 4), ("manager", 4), ("staff+", 11)]),
        (
            "month",
            vec![("2026-06", 6), ("2026-11", 10), ("undated", 3)],
        ),
        ("site", vec![("indeed", 24), ("ashby", 2), ("lever", 1)]),
    ] {
        let r = report(ALL, &["--by", by]);
        assert_eq!(r["segments"]["by"], by);
        let got = segments(&r);
        let total: u64 = got.iter().map(|(_, n)| n).sum();
        assert_eq!(total, 72, "{by}: every posting in one segment: {got:?}");
        for (label, n) in expected {
            let found = got.iter().find(|(l, _)| l == label).map_or(0, |(_, n)| *n);
            assert_eq!(found, n, "{by} {label}: {got:?}");
        }
        // Each segment has its own advice.
        for row in r["segments"]["rows"].as_array().unwrap() {
            assert!(row["recommendation"]["demand"].is_string(), "{row}");
        }
    }
}

#[test]
fn issue_18_segments_get_the_advice_of_their_own_postings() {
    let r = report(&["jobspy-six-months.csv"], &["--by", "role"]);
    let advice = |role: &str| {
        r["segments"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["segment"] == role)
            .map(|row| row["recommendation"]["code"].clone())
            .unwrap()
    };
    assert_eq!(advice("ml-engineering"), "MLA-C01");
    assert_eq!(advice("ai-engineering"), "AIP-C01");
    assert_eq!(advice("data-science"), "DP-100");
    // Months are in order when postings are divided by month, the undated last.
    let r = report(&["jobspy-six-months.csv"], &["--by", "month"]);
    let months: Vec<String> = segments(&r).into_iter().map(|(m, _)| m).collect();
    assert_eq!(
        months,
        [
            "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "undated"
        ]
    );
}

#[test]
fn issue_18_places_from_json_ld_addresses_and_telecommute() {
    let out = certfit()
        .args(["analyze"])
        .arg(fixture("market/jsonld-remote.html"))
        .arg(fixture("market/jsonld-address.html"))
        .arg(fixture("market/ashby-locations.json"))
        .arg(fixture("market/lever-workplace.json"))
        .args(["--matches", "-", "-q"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut rows = csv::Reader::from_reader(&out[..]);
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for row in rows.records() {
        let row = row.unwrap();
        seen.insert(
            row[col("title")].to_string(),
            [
                "city",
                "region",
                "country",
                "workplace",
                "role",
                "level",
                "posted",
                "site",
            ]
            .map(|c| row[col(c)].to_string()),
        );
    }
    let facets = |title: &str| {
        seen.get(title)
            .unwrap_or_else(|| panic!("{title}: {seen:?}"))
    };
    assert_eq!(
        facets("Senior Machine Learning Engineer"),
        &[
            "Denver",
            "CO",
            "US",
            "remote",
            "ml-engineering",
            "senior",
            "2026-10-14",
            ""
        ]
    );
    assert_eq!(
        facets("Data Scientist II"),
        &[
            "London",
            "England",
            "GB",
            "",
            "data-science",
            "mid",
            "2026-09-02",
            ""
        ]
    );
    assert_eq!(
        facets("AI Engineer"),
        &[
            "Berlin",
            "",
            "DE",
            "hybrid",
            "ai-engineering",
            "mid",
            "2026-11-03",
            "ashby"
        ]
    );
    assert_eq!(
        facets("Staff Data Engineer"),
        &[
            "Toronto",
            "ON",
            "CA",
            "remote",
            "data-engineering",
            "staff+",
            "2026-11-20",
            "ashby"
        ]
    );
    assert_eq!(
        facets("Machine Learning Engineer"),
        &[
            "Austin",
            "TX",
            "US",
            "on-site",
            "ml-engineering",
            "mid",
            "2025-12-01",
            "lever"
        ]
    );
}

#[test]
fn issue_18_filters_combine_and_are_counted_not_skipped() {
    let all = report(&["jobspy-six-months.csv"], &[]);
    assert_eq!(all["postings"]["analyzed"], 67);
    let r = report(
        &["jobspy-six-months.csv"],
        &[
            "--location",
            "US",
            "--since",
            "2026-09-01",
            "--title",
            "engineer",
        ],
    );
    let kept = r["postings"]["analyzed"].as_u64().unwrap();
    let filtered = &r["postings"]["filtered"];
    let by = &filtered["by_filter"];
    assert!(kept > 0 && kept < 67, "{kept}");
    assert_eq!(
        kept + filtered["total"].as_u64().unwrap(),
        67,
        "every posting is kept or counted: {filtered}"
    );
    assert!(by["location"].as_u64().unwrap() > 0, "{by}");
    assert!(by["since"].as_u64().unwrap() > 0, "{by}");
    assert!(by["title"].as_u64().unwrap() > 0, "{by}");
    // Nothing filtered is a skipped input.
    assert_eq!(r["postings"]["skipped"].as_array().unwrap().len(), 0);
    // Undated postings are kept by --since, and counted.
    assert_eq!(r["postings"]["undated"], 3);
    // The summary says what the filters left out.
    certfit()
        .arg("analyze")
        .arg(fixture("market/jobspy-six-months.csv"))
        .args(["--remote", "--role", "ml-engineering", "--level", "senior"])
        .args(["--color", "never"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("left out by the filters (")
                .and(predicate::str::contains("by --remote")),
        );
    // Every kept posting is what the filters asked for.
    let r = report(
        &["jobspy-six-months.csv"],
        &["--remote", "--role", "ml", "--by", "level"],
    );
    for row in r["segments"]["rows"].as_array().unwrap() {
        assert_ne!(row["segment"], "unknown");
    }
    let c = report(&["jobspy-six-months.csv"], &["--company", "^contoso"]);
    assert_eq!(c["postings"]["analyzed"], 16);
}

#[test]
fn issue_18_a_market_filtered_to_nothing_is_said_plainly() {
    certfit()
        .arg("analyze")
        .arg(fixture("market/jobspy-six-months.csv"))
        .args(["--location", "Tokyo", "--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "certfit analyzed 0 postings\n  67 postings left out by the filters (67 by --location)",
        ));
}

#[test]
fn issue_18_bad_filters_are_usage_errors() {
    for (args, message) in [
        (vec!["--role", "wizard"], "the families are ml-engineering"),
        (vec!["--level", "guru"], "the levels are intern, junior"),
        (vec!["--since", "last summer"], "neither a date"),
        (vec!["--title", "(unclosed"], "not a valid regex"),
        (vec!["--segments", "s.csv"], "--segments needs --by KEY"),
    ] {
        certfit()
            .arg("analyze")
            .arg(fixture("market/lever-workplace.json"))
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn issue_18_trends_over_six_months() {
    let r = report(&["jobspy-six-months.csv"], &[]);
    let months = r["trends"]["months"].as_array().unwrap();
    let names: Vec<&str> = months
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"
        ]
    );
    // Months under the floor are marked, not dropped.
    let sparse: Vec<bool> = months
        .iter()
        .map(|m| m["sparse"].as_bool().unwrap())
        .collect();
    assert_eq!(sparse, [true, false, false, false, false, true]);
    assert_eq!(r["trends"]["undated"], 3);
    // Generative-AI demand grows: Bedrock's share from July to October.
    let bedrock = |i: usize| months[i]["skills"]["aws.bedrock"].as_f64().unwrap();
    assert!(
        bedrock(4) > bedrock(1) * 1.5,
        "{} -> {}",
        bedrock(1),
        bedrock(4)
    );
    // The CSV is tidy: month, series, share.
    let dir = tempfile::tempdir().unwrap();
    let trends = dir.path().join("t.csv");
    let segs = dir.path().join("s.csv");
    certfit()
        .arg("analyze")
        .arg(fixture("market/jobspy-six-months.csv"))
        .args(["--by", "country", "--trends"])
        .arg(&trends)
        .arg("--segments")
        .arg(&segs)
        .arg("-q")
        .assert()
        .success();
    let text = std::fs::read_to_string(&trends).unwrap();
    assert!(text.starts_with("month,postings,sparse,series,kind,naming,share\n"));
    assert!(
        text.contains("2026-10,12,false,aws.bedrock,skill,4,0.3333"),
        "{text}"
    );
    let text = std::fs::read_to_string(&segs).unwrap();
    assert!(text.starts_with(
        "by,segment,postings,aws_share,azure_share,both_share,top_skills,certification,score,support,recommended,demand,named\n"
    ));
    assert!(
        text.lines()
            .any(|l| l.starts_with("country,US,") && l.contains(",true,")),
        "{text}"
    );
    // The terminal says how demand moved.
    certfit()
        .arg("analyze")
        .arg(fixture("market/jobspy-six-months.csv"))
        .args(["--color", "never"])
        .env("COLUMNS", "200")
        .assert()
        .stdout(
            predicate::str::contains("Demand over time (share of postings, 2026-07 to 2026-10")
                .and(predicate::str::contains("Amazon Bedrock 17% → 33%")),
        );
}

#[test]
fn issue_18_html_report_draws_segments_and_trends() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    certfit()
        .arg("analyze")
        .arg(fixture("market/jobspy-six-months.csv"))
        .args(["--by", "role", "--html"])
        .arg(&html)
        .arg("-q")
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<h2>By role</h2>"));
    assert_eq!(page.matches("<div class=\"seg\">").count(), 8);
    assert!(page.contains("<svg class=\"trend\""));
    assert!(page.contains("stroke-dasharray"), "sparse months dashed");
    assert!(page.contains("Amazon Bedrock: 17% in 2026-07, 33% in 2026-10"));
}

#[test]
fn issue_18_relative_dates_count_from_the_day_the_file_was_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scraped.csv");
    std::fs::write(
        &path,
        "title,location,date_posted,description\n\
         ML Engineer,\"Austin, TX\",3 days ago,Deploy models on Amazon SageMaker with Python.\n\
         Data Engineer,\"Austin, TX\",30+ days ago,Build pipelines with AWS Glue and Amazon Redshift.\n",
    )
    .unwrap();
    // Saved on 2026-03-02: three days before is February, thirty before is January.
    let saved = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_772_409_600 + 3600);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(saved)
        .unwrap();
    let out = certfit()
        .arg("analyze")
        .arg(&path)
        .args(["--by", "month", "--json", "-", "-q"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        segments(&r),
        [("2026-01".to_string(), 1), ("2026-02".to_string(), 1)]
    );
}
