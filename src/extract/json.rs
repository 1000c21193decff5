//! JSON and JSONL: ATS API payloads (Greenhouse, Lever, Ashby, Workday), JSON-LD documents, and
//! arrays of posting objects from scrapers. The description is found by field name.

use serde_json::{Map, Value};

use super::{ExtractError, Posting, html, text};

/// Fields that hold a posting's description, best first (HTML keeps headings, so it comes first).
const TEXT_FIELDS: &[&str] = &[
    "descriptionHtml",
    "description_html",
    "jobDescription",
    "content",
    "description",
    "descriptionPlain",
    "description_plain",
    "descriptionText",
    "job_description",
    "body",
    "markdown",
    "text",
];

/// Reads a JSON document: one posting, a list of them, or an API payload holding them.
pub fn extract(
    source: &str,
    raw: &str,
    text_field: Option<&str>,
) -> Result<Vec<Posting>, ExtractError> {
    let value: Value = serde_json::from_str(raw.trim_start_matches('\u{feff}'))
        .map_err(|e| ExtractError::Invalid(format!("invalid JSON: {e}")))?;
    let postings = from_value(&value, source, text_field)?;
    if postings.is_empty() {
        return Err(ExtractError::NoPostings(
            "no posting with a description in this JSON".into(),
        ));
    }
    Ok(postings)
}

/// Reads JSON Lines: one posting object per line; a bad line is skipped, not fatal.
pub fn extract_lines(
    source: &str,
    raw: &str,
    text_field: Option<&str>,
) -> Result<Vec<Posting>, ExtractError> {
    let mut postings = Vec::new();
    let mut bad = 0usize;
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match serde_json::from_str::<Value>(line) {
            Ok(v) => postings.extend(from_value(&v, source, text_field).unwrap_or_default()),
            Err(_) => bad += 1,
        }
    }
    if postings.is_empty() {
        return Err(if bad > 0 {
            ExtractError::Invalid(format!("no line is a JSON posting ({bad} invalid lines)"))
        } else {
            ExtractError::NoPostings("no posting with a description in these JSON lines".into())
        });
    }
    Ok(postings)
}

fn from_value(
    value: &Value,
    source: &str,
    text_field: Option<&str>,
) -> Result<Vec<Posting>, ExtractError> {
    match value {
        Value::Array(items) => Ok(items
            .iter()
            .filter_map(Value::as_object)
            .filter_map(|o| posting(o, source, text_field))
            .collect()),
        Value::Object(map) => {
            // Workday's job detail: { jobPostingInfo: {...}, hiringOrganization: {...} }
            if let Some(Value::Object(info)) = map.get("jobPostingInfo") {
                let mut p = posting(info, source, text_field);
                if let Some(p) = p.as_mut() {
                    p.company = p
                        .company
                        .take()
                        .or_else(|| name_of(map.get("hiringOrganization")));
                }
                return Ok(p.into_iter().collect());
            }
            // USAJOBS: { SearchResult: { SearchResultItems: [ { MatchedObjectDescriptor: {...} } ] } }
            if let Some(items) = map
                .get("SearchResult")
                .and_then(|r| r.get("SearchResultItems"))
                .and_then(Value::as_array)
            {
                return Ok(items
                    .iter()
                    .filter_map(|i| i.get("MatchedObjectDescriptor")?.as_object())
                    .filter_map(|o| usajobs(o, source))
                    .collect());
            }
            // Workday's search results list titles and paths, not descriptions.
            if map.contains_key("jobPostings") && map.contains_key("facets") {
                return Err(ExtractError::NoPostings(
                    "Workday search results hold no descriptions: analyze the job URLs instead"
                        .into(),
                ));
            }
            // Board payloads: Greenhouse and Ashby ({ jobs: [...] }), and others ({ results: [...] }).
            for key in ["jobs", "postings", "results", "data", "items"] {
                if let Some(items @ Value::Array(_)) = map.get(key) {
                    return from_value(items, source, text_field);
                }
            }
            if map.contains_key("@graph") || is_json_ld_posting(map) {
                let raw = value.to_string();
                let doc = format!(r#"<script type="application/ld+json">{raw}</script>"#);
                return html::extract(source, &doc).or(Ok(Vec::new()));
            }
            Ok(posting(map, source, text_field).into_iter().collect())
        }
        _ => Ok(Vec::new()),
    }
}

/// A USAJOBS position: summary, duties and qualifications under `UserArea.Details`.
fn usajobs(o: &Map<String, Value>, source: &str) -> Option<Posting> {
    let details = o.get("UserArea").and_then(|u| u.get("Details"));
    let field = |v: Option<&Value>| v.map(html::html_or_text).unwrap_or_default().into_owned();
    let mut body = field(details.and_then(|d| d.get("JobSummary")));
    let duties = field(details.and_then(|d| d.get("MajorDuties")));
    if !duties.trim().is_empty() {
        body.push_str(&format!("\n\nDuties:\n{duties}"));
    }
    let quals = field(o.get("QualificationSummary"));
    if !quals.trim().is_empty() {
        body.push_str(&format!("\n\nQualifications:\n{quals}"));
    }
    let clean = text::clean(&body);
    if clean.is_empty() {
        return None;
    }
    let mut p = Posting::new(source.to_string(), clean);
    p.title = first_string(o, &["PositionTitle"]);
    p.company = first_string(o, &["OrganizationName", "DepartmentName"]);
    p.location = first_string(o, &["PositionLocationDisplay"]);
    p.url = first_string(o, &["PositionURI"]);
    p.date_posted = first_string(o, &["PublicationStartDate"]);
    Some(p)
}

fn is_json_ld_posting(map: &Map<String, Value>) -> bool {
    match map.get("@type") {
        Some(Value::String(t)) => t.ends_with("JobPosting"),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| t.ends_with("JobPosting"))),
        _ => false,
    }
}

/// One posting object, whatever the board: its description, title, company, place, date, URL.
fn posting(o: &Map<String, Value>, source: &str, text_field: Option<&str>) -> Option<Posting> {
    if is_json_ld_posting(o) {
        let raw = Value::Object(o.clone()).to_string();
        let doc = format!(r#"<script type="application/ld+json">{raw}</script>"#);
        return html::extract(source, &doc).ok()?.into_iter().next();
    }
    let lever = o.contains_key("hostedUrl") || o.contains_key("categories");
    let body = match text_field {
        Some(field) => o.get(field).map(html::html_or_text).unwrap_or_default(),
        None => TEXT_FIELDS
            .iter()
            // Lever's `text` is the title, not the description.
            .filter(|f| !(lever && **f == "text"))
            .filter_map(|f| o.get(*f))
            .map(html::html_or_text)
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default(),
    };
    let mut body = body;
    // Lever puts requirements and responsibilities in `lists`, and the closing text in `additional`.
    if let Some(Value::Array(lists)) = o.get("lists") {
        for list in lists {
            let heading = list.get("text").and_then(Value::as_str).unwrap_or_default();
            let content = list
                .get("content")
                .map(html::html_or_text)
                .unwrap_or_default();
            body.to_mut()
                .push_str(&format!("\n\n{heading}:\n{content}"));
        }
    }
    if let Some(extra) = o.get("additional").or_else(|| o.get("additionalPlain")) {
        let body = body.to_mut();
        body.push_str("\n\n");
        body.push_str(&html::html_or_text(extra));
    }
    let clean = text::clean(&body);
    if clean.is_empty() {
        return None;
    }
    let mut p = Posting::new(source.to_string(), clean);
    let title_keys: &[&str] = if lever {
        &["text", "title"]
    } else {
        &["title", "jobTitle", "name", "position"]
    };
    p.title = first_string(o, title_keys);
    p.company = first_string(
        o,
        &[
            "company_name",
            "company",
            "companyName",
            "employer",
            "organization",
        ],
    )
    .or_else(|| name_of(o.get("hiringOrganization")));
    p.location = first_string(
        o,
        &[
            "location",
            "locationsText",
            "location_name",
            "candidate_required_location",
        ],
    )
    .or_else(|| {
        o.get("location")
            .and_then(|l| first_string(l.as_object()?, &["name", "descriptor"]))
    })
    .or_else(|| {
        o.get("categories")
            .and_then(|c| first_string(c.as_object()?, &["location"]))
    });
    p.url = first_string(
        o,
        &[
            "absolute_url",
            "hostedUrl",
            "jobUrl",
            "job_url",
            "url",
            "externalUrl",
            "redirect_url",
        ],
    );
    p.date_posted = first_string(
        o,
        &[
            "datePosted",
            "date_posted",
            "first_published",
            "publishedAt",
            "published_at",
            "startDate",
            "created",
        ],
    )
    .or_else(|| {
        o.get("createdAt")
            .and_then(Value::as_i64)
            .map(crate::date::civil_date_of_millis)
    });
    p.employment_type = first_string(
        o,
        &[
            "employmentType",
            "employment_type",
            "job_type",
            "timeType",
            "commitment",
        ],
    )
    .or_else(|| {
        o.get("categories")
            .and_then(|c| first_string(c.as_object()?, &["commitment"]))
    });
    Some(p)
}

fn first_string(o: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match o.get(*k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(text::clean(s)),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

fn name_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(text::clean(s)),
        Value::Object(o) => first_string(o, &["name", "descriptor"]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greenhouse_board_with_escaped_html() {
        let raw = r#"{"jobs":[{"id":1,"title":"ML Engineer","company_name":"Acme","absolute_url":"https://job-boards.greenhouse.io/acme/jobs/1",
            "location":{"name":"Remote"},"content":"&lt;h2&gt;Requirements&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;Amazon SageMaker&lt;/li&gt;&lt;/ul&gt;"}],"meta":{"total":1}}"#;
        let p = extract("gh.json", raw, None).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].text, "## Requirements\n- Amazon SageMaker");
        assert_eq!(p[0].title.as_deref(), Some("ML Engineer"));
        assert_eq!(p[0].company.as_deref(), Some("Acme"));
        assert_eq!(p[0].location.as_deref(), Some("Remote"));
    }

    #[test]
    fn lever_posting_with_lists() {
        let raw = r#"[{"text":"Data Scientist","hostedUrl":"https://jobs.lever.co/x/1","categories":{"location":"London","commitment":"Permanent"},
            "description":"<p>Intro</p>","lists":[{"text":"What you need","content":"<li>Azure Machine Learning</li>"}],"additional":"<p>EEO</p>","createdAt":1782821535482}]"#;
        let p = extract("lever.json", raw, None).unwrap();
        assert_eq!(p[0].title.as_deref(), Some("Data Scientist"));
        assert!(
            p[0].text
                .contains("What you need:\n\n- Azure Machine Learning"),
            "{}",
            p[0].text
        );
        assert_eq!(p[0].location.as_deref(), Some("London"));
        assert_eq!(p[0].date_posted.as_deref(), Some("2026-06-30"));
    }

    #[test]
    fn workday_detail_and_search() {
        let raw = r#"{"jobPostingInfo":{"title":"Data Engineer","jobDescription":"<p>AWS Glue</p>","location":"DC"},"hiringOrganization":{"name":"GD"}}"#;
        let p = extract("wd.json", raw, None).unwrap();
        assert_eq!(
            (p[0].title.as_deref(), p[0].company.as_deref()),
            (Some("Data Engineer"), Some("GD"))
        );
        let search =
            r#"{"total":1,"jobPostings":[{"title":"X","externalPath":"/job/x"}],"facets":[]}"#;
        assert!(
            matches!(extract("s.json", search, None), Err(ExtractError::NoPostings(m)) if m.contains("Workday"))
        );
    }

    #[test]
    fn jsonl_skips_bad_lines_and_text_field_chooses() {
        let raw = "{\"title\":\"A\",\"summary\":\"Bedrock\",\"description\":\"x\"}\nnot json\n{\"title\":\"B\",\"summary\":\"SageMaker\"}\n";
        let p = extract_lines("a.jsonl", raw, Some("summary")).unwrap();
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Bedrock", "SageMaker"]);
        assert!(extract("x.json", "{not json", None).is_err());
    }
}
