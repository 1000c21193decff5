//! JSON and JSONL: ATS API payloads (Greenhouse, Lever, Ashby, Workday), JSON-LD documents, and
//! arrays of posting objects from scrapers. The description is found by field name.

use serde_json::{Map, Value};

use super::{ExtractError, Posting, html, payloads, text};

/// Fields that hold a posting's description, best first (HTML keeps headings, so it comes first).
const TEXT_FIELDS: &[&str] = &[
    "descriptionHtml",
    "description_html",
    "jobDescription",
    "content_html",
    "ExternalDescriptionStr",
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
            // Recruitee's and BambooHR's single postings: the posting inside.
            if let Some(inner) = payloads::inner(map) {
                return Ok(posting(inner, source, text_field).into_iter().collect());
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
            // Board payloads: Greenhouse and Ashby ({ jobs: [...] }), Recruitee ({ offers }),
            // SmartRecruiters ({ content }), Oracle and Teamtailor ({ items }), and others.
            for key in [
                "jobs", "postings", "results", "data", "items", "offers", "content",
            ] {
                if let Some(items @ Value::Array(_)) = map.get(key) {
                    let mut postings = from_value(items, source, text_field)?;
                    // Workable's board names its company once, for every job.
                    if let Some(company) = map.get("name").and_then(Value::as_str) {
                        for p in postings.iter_mut().filter(|p| p.company.is_none()) {
                            p.company = Some(text::clean(company));
                        }
                    }
                    return Ok(postings);
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
    let sections = payloads::sections(o);
    let body = match (text_field, &sections) {
        (Some(field), _) => o.get(field).map(html::html_or_text).unwrap_or_default(),
        (None, Some(sections)) => {
            let mut body = String::new();
            for (heading, value) in sections {
                let text = html::html_or_text(value);
                if text.trim().is_empty() {
                    continue;
                }
                if !heading.is_empty() {
                    body.push_str(&format!("{heading}\n"));
                }
                body.push_str(text.trim());
                body.push_str("\n\n");
            }
            std::borrow::Cow::Owned(body)
        }
        (None, None) => TEXT_FIELDS
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
    // Further parts in fields of their own (requirements, qualifications, responsibilities).
    if text_field.is_none() {
        for (heading, value) in payloads::parts(o) {
            let part = html::html_or_text(value);
            body.to_mut()
                .push_str(&format!("\n\n{heading}\n{}", part.trim()));
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
        &[
            "title",
            "jobTitle",
            "name",
            "position",
            "jobOpeningName",
            "Title",
        ]
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
    .or_else(|| name_of(o.get("hiringOrganization")))
    .or_else(|| name_of(o.get("company")))
    .or_else(|| {
        o.get("_jobposting")
            .and_then(|j| name_of(j.get("hiringOrganization")))
    });
    p.location = first_string(
        o,
        &[
            "location",
            "locationsText",
            "location_name",
            "candidate_required_location",
        ],
    )
    .or_else(|| payloads::location(o))
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
            "postingUrl",
            "careers_url",
            "jobOpeningShareUrl",
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
            "releasedDate",
            "published",
            "first_published_at",
            "date_published",
            "createdOn",
            "ExternalPostedStartDate",
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
    // Lever's and Ashby's workplace types, schema.org's TELECOMMUTE, Ashby's and JobSpy's flags.
    p.workplace = first_string(o, &["workplaceType", "jobLocationType", "workplace_type"])
        .and_then(|w| crate::posting::Workplace::parse(&w))
        .or_else(|| {
            ["isRemote", "is_remote", "remote"]
                .iter()
                .find_map(|k| o.get(*k)?.as_bool())
                .filter(|&remote| remote)
                .map(|_| crate::posting::Workplace::Remote)
        });
    p.site = first_string(o, &["site"]).map(|s| s.to_ascii_lowercase());
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

    /// The parts of one posting: (title, company, location, text).
    fn one(raw: &str) -> (Option<String>, Option<String>, Option<String>, String) {
        let mut p = extract("x.json", raw, None).unwrap_or_else(|e| panic!("{e}: {raw}"));
        assert_eq!(p.len(), 1, "{p:?}");
        let p = p.remove(0);
        (p.title, p.company, p.location, p.text)
    }

    #[test]
    fn smartrecruiters_sections_all_count() {
        let (title, company, location, text) = one(
            r#"{"id":"744","name":"ML Engineer","company":{"name":"Equinox","identifier":"Equinox"},
            "location":{"city":"Houston","region":"TX","country":"us","fullLocation":"Houston, TX, United States"},
            "releasedDate":"2026-07-10T23:49:03.072Z","postingUrl":"https://jobs.smartrecruiters.com/Equinox/744-ml",
            "jobAd":{"sections":{"companyDescription":{"title":"Company Description","text":"<p>We run gyms.</p>"},
            "jobDescription":{"title":"Job Description","text":"<p>Ship models.</p>"},
            "qualifications":{"title":"Qualifications","text":"<ul><li>Amazon SageMaker</li></ul>"},
            "additionalInformation":{"title":"Additional Information","text":"<p>Benefits.</p>"}}}}"#,
        );
        assert_eq!(title.as_deref(), Some("ML Engineer"));
        assert_eq!(company.as_deref(), Some("Equinox"));
        assert_eq!(location.as_deref(), Some("Houston, TX, United States"));
        assert!(
            text.contains("Qualifications\n- Amazon SageMaker"),
            "{text}"
        );
        assert!(text.starts_with("Job Description\nShip models."), "{text}");
        assert!(text.contains("Company Description\nWe run gyms."), "{text}");
    }

    #[test]
    fn recruitee_offer_keeps_its_requirements() {
        let offer = r#"{"id":1,"title":"Data Scientist","slug":"ds","company_name":"bunq","city":"Sofia","country":"Bulgaria",
            "location":"Sofia, Bulgaria","published_at":"2026-07-13 13:42:26 UTC","careers_url":"https://careers.bunq.com/o/ds",
            "description":"<p>Join us.</p>","requirements":"<ul><li>Azure Machine Learning</li></ul>"}"#;
        let (title, company, location, text) = one(&format!(r#"{{"offer":{offer}}}"#));
        assert_eq!(title.as_deref(), Some("Data Scientist"));
        assert_eq!(company.as_deref(), Some("bunq"));
        assert_eq!(location.as_deref(), Some("Sofia, Bulgaria"));
        assert!(
            text.contains("Requirements\n- Azure Machine Learning"),
            "{text}"
        );
        let list = extract(
            "l.json",
            &format!(r#"{{"offers":[{offer},{offer}]}}"#),
            None,
        )
        .unwrap();
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn workable_job_and_widget_board() {
        let (title, _, location, text) = one(
            r#"{"id":5957327,"shortcode":"B02DA69C8F","title":"Senior ML Engineer","remote":true,
            "location":{"countryCode":"GR","country":"Greece","city":"Athens","display":"Athens, Greece"},
            "published":"2026-07-14T00:00:00.000Z","description":"<p>Build agents.</p>",
            "requirements":"<p>Amazon Bedrock</p>","benefits":""}"#,
        );
        assert_eq!(title.as_deref(), Some("Senior ML Engineer"));
        assert_eq!(location.as_deref(), Some("Athens, Greece"));
        assert!(text.contains("Requirements\nAmazon Bedrock"), "{text}");
        let board = extract(
            "w.json",
            r#"{"name":"Blueground","jobs":[{"shortcode":"A1","title":"Data Engineer","url":"https://apply.workable.com/j/A1","description":"<p>AWS Glue</p>"}]}"#,
            None,
        )
        .unwrap();
        assert_eq!(board[0].company.as_deref(), Some("Blueground"));
    }

    #[test]
    fn bamboohr_detail() {
        let (title, _, location, text) = one(
            r#"{"meta":{"totalCount":1},"result":{"jobOpening":{"jobOpeningShareUrl":"https://acme.bamboohr.com/careers/35",
            "jobOpeningName":"AI Engineer","jobOpeningStatus":"Open","location":{"city":null,"state":null},
            "atsLocation":{"country":"United Kingdom","city":null},"description":"<p>Azure OpenAI and Azure AI Search</p>",
            "datePosted":"2025-01-15","locationType":"0"},"formFields":{}}}"#,
        );
        assert_eq!(title.as_deref(), Some("AI Engineer"));
        assert_eq!(location.as_deref(), Some("United Kingdom"));
        assert_eq!(text, "Azure OpenAI and Azure AI Search");
    }

    #[test]
    fn rippling_role_before_company() {
        let (title, company, location, text) = one(
            r#"{"uuid":"787eb126","name":"MLOps Engineer","companyName":"Atlas","workLocations":["Remote (US)"],
            "createdOn":"2025-11-20T03:31:54Z","description":{"company":"<p>We store data.</p>","role":"<p>SageMaker Pipelines</p>"}}"#,
        );
        assert_eq!(
            (title.as_deref(), company.as_deref(), location.as_deref()),
            (Some("MLOps Engineer"), Some("Atlas"), Some("Remote (US)"))
        );
        assert!(text.starts_with("SageMaker Pipelines"), "{text}");
        assert!(text.contains("About the company\nWe store data."), "{text}");
    }

    #[test]
    fn gem_pinpoint_oracle_and_teamtailor_boards() {
        let gem = extract(
            "g.json",
            r#"[{"id":"am9i","title":"Cloud Engineer","absolute_url":"https://jobs.gem.com/ex/am9i","content":"<p>Amazon EKS</p>",
            "content_plain":"Amazon EKS","location":{"name":"San Francisco, United States"},"first_published_at":"2026-10-07T22:50:01.732Z"}]"#,
            None,
        )
        .unwrap();
        assert_eq!(gem[0].url.as_deref(), Some("https://jobs.gem.com/ex/am9i"));
        assert_eq!(
            gem[0].location.as_deref(),
            Some("San Francisco, United States")
        );
        let pinpoint = extract(
            "p.json",
            r#"{"data":[{"id":"290785","title":"Test Engineer","url":"https://x.pinpointhq.com/en/postings/uuid-1",
            "location":{"city":"Redondo Beach","province":"California","name":"Redondo Beach "},
            "description":"<div><!--block-->Test rockets.</div>","key_responsibilities_header":"Responsibilities",
            "key_responsibilities":"<ul><li>Automate tests</li></ul>","skills_knowledge_expertise_header":"Minimum Qualifications",
            "skills_knowledge_expertise":"<ul><li>Python and AWS Lambda</li></ul>","benefits_header":null,"benefits":""}]}"#,
            None,
        )
        .unwrap();
        assert!(
            pinpoint[0]
                .text
                .contains("Minimum Qualifications\n- Python and AWS Lambda"),
            "{}",
            pinpoint[0].text
        );
        assert_eq!(
            pinpoint[0].location.as_deref(),
            Some("Redondo Beach, California")
        );
        let oracle = extract(
            "o.json",
            r#"{"items":[{"Id":"12345","Title":"Data Scientist","PrimaryLocation":"Austin, TX, United States",
            "ExternalPostedStartDate":"2026-05-01T00:00:00+00:00","ExternalDescriptionStr":"<p>Intro.</p>",
            "ExternalResponsibilitiesStr":"<p>Forecast demand.</p>","ExternalQualificationsStr":"<p>Azure Machine Learning</p>"}],"count":1}"#,
            None,
        )
        .unwrap();
        assert_eq!(oracle[0].title.as_deref(), Some("Data Scientist"));
        assert!(
            oracle[0]
                .text
                .contains("Qualifications\nAzure Machine Learning"),
            "{}",
            oracle[0].text
        );
        let teamtailor = extract(
            "t.json",
            r#"{"version":"https://jsonfeed.org/version/1.1","title":"Acme jobs","items":[{"id":"u1","title":"AI Engineer",
            "url":"https://acme.teamtailor.com/jobs/1-ai","date_published":"2026-09-20T09:00:00+02:00","content_html":"<p>Azure OpenAI</p>",
            "_jobposting":{"hiringOrganization":{"name":"Acme AB"}}}]}"#,
            None,
        )
        .unwrap();
        assert_eq!(teamtailor[0].company.as_deref(), Some("Acme AB"));
        assert_eq!(teamtailor[0].text, "Azure OpenAI");
    }
}
