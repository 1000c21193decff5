//! One row per board: the URL forms it understands and the request each becomes. Shapes of the
//! requests and answers are taken from the boards' public documentation and from open-source
//! clients' recorded responses (see the README's table of boards).

use super::{Board, BoardUrl, Next, Request};
use crate::posting::Format;

/// Every board certfit reads through a public request, most specific hosts first; the boards
/// embedded in company sites (any host) come last.
pub static BOARDS: &[Board] = &[
    Board {
        name: "Greenhouse",
        env: "CERTFIT_GREENHOUSE_API",
        api: Some("https://boards-api.greenhouse.io"),
        host: |h| h.ends_with("greenhouse.io") && h.contains("boards"),
        request: greenhouse,
        format: Format::Json,
        accept_json: false,
        follow: None,
        wall: None,
        company: Some((greenhouse_company, false)),
    },
    Board {
        name: "Lever",
        env: "CERTFIT_LEVER_API",
        api: Some("https://api.lever.co"),
        host: |h| h.ends_with("lever.co") && h.starts_with("jobs."),
        request: |u| match u.segments {
            [org, id, ..] => Some(Request::get(
                format!("{}/v0/postings/{org}/{id}?mode=json", u.api),
                false,
            )),
            [org] => Some(Request::get(
                format!("{}/v0/postings/{org}?mode=json", u.api),
                true,
            )),
            [] => None,
        },
        format: Format::Json,
        accept_json: false,
        follow: None,
        wall: None,
        company: Some((first_segment, false)),
    },
    Board {
        name: "Ashby",
        env: "CERTFIT_ASHBY_API",
        api: Some("https://api.ashbyhq.com"),
        host: |h| h == "jobs.ashbyhq.com",
        request: |u| {
            let (org, select) = match u.segments {
                [org, id, ..] => (org, Some((*id).to_string())),
                [org] => (org, None),
                [] => return None,
            };
            Some(Request::board(
                format!(
                    "{}/posting-api/job-board/{org}?includeCompensation=true",
                    u.api
                ),
                select,
            ))
        },
        format: Format::Json,
        accept_json: false,
        follow: None,
        wall: None,
        company: Some((first_segment, false)),
    },
    Board {
        name: "Workday",
        env: "CERTFIT_WORKDAY_API",
        api: None,
        host: |h| h.ends_with(".myworkdayjobs.com"),
        request: workday,
        format: Format::Json,
        accept_json: false,
        follow: Some(workday_paths),
        wall: None,
        company: Some((|u| super::company_of_slug(u.subdomain()), true)),
    },
    Board {
        name: "SmartRecruiters",
        env: "CERTFIT_SMARTRECRUITERS_API",
        api: Some("https://api.smartrecruiters.com"),
        host: |h| h == "jobs.smartrecruiters.com" || h == "careers.smartrecruiters.com",
        request: |u| match u.segments {
            [company, posting, ..] => {
                let id = posting.split('-').next().unwrap_or(posting);
                Some(Request::get(
                    format!("{}/v1/companies/{company}/postings/{id}", u.api),
                    false,
                ))
            }
            [company] => Some(Request {
                url: format!(
                    "{}/v1/companies/{company}/postings?limit={}",
                    u.api,
                    u.limit.clamp(1, 100)
                ),
                list: true,
                base: Some(format!("{}/v1/companies/{company}/postings/", u.api)),
                ..Request::default()
            }),
            [] => None,
        },
        format: Format::Json,
        accept_json: false,
        follow: Some(smartrecruiters_list),
        wall: None,
        company: Some((first_segment, false)),
    },
    Board {
        name: "Workable",
        env: "CERTFIT_WORKABLE_API",
        api: Some("https://apply.workable.com"),
        host: |h| h == "apply.workable.com",
        request: |u| match u.segments {
            [account, "j", code, ..] => Some(Request::get(
                format!("{}/api/v2/accounts/{account}/jobs/{code}", u.api),
                false,
            )),
            [account] => Some(Request::get(
                format!("{}/api/v1/widget/accounts/{account}?details=true", u.api),
                true,
            )),
            _ => None,
        },
        format: Format::Json,
        accept_json: false,
        follow: None,
        wall: None,
        company: Some((first_segment, false)),
    },
    Board {
        name: "Recruitee",
        env: "CERTFIT_RECRUITEE_API",
        api: None,
        host: |h| h.ends_with(".recruitee.com"),
        request: |u| match u.segments {
            ["o", slug, ..] => Some(Request::get(format!("{}/api/offers/{slug}", u.api), false)),
            [] => Some(Request::get(format!("{}/api/offers/", u.api), true)),
            _ => None,
        },
        format: Format::Json,
        accept_json: false,
        follow: None,
        wall: None,
        company: Some((|u| super::company_of_slug(u.subdomain()), false)),
    },
    Board {
        name: "BambooHR",
        env: "CERTFIT_BAMBOOHR_API",
        api: None,
        host: |h| h.ends_with(".bamboohr.com"),
        request: |u| {
            let id = match u.segments {
                ["careers", id, ..] if id.chars().all(|c| c.is_ascii_digit()) => (*id).to_string(),
                ["jobs", "view.php"] => u.query("id")?,
                ["careers" | "jobs"] | [] => {
                    return Some(Request {
                        url: format!("{}/careers/list", u.api),
                        list: true,
                        base: Some(format!("{}/careers/", u.api)),
                        ..Request::default()
                    });
                }
                _ => return None,
            };
            Some(Request::get(
                format!("{}/careers/{id}/detail", u.api),
                false,
            ))
        },
        format: Format::Json,
        accept_json: true,
        follow: Some(bamboohr_list),
        wall: None,
        company: Some((|u| super::company_of_slug(u.subdomain()), false)),
    },
    Board {
        name: "Personio",
        env: "CERTFIT_PERSONIO_API",
        api: None,
        host: |h| h.ends_with(".jobs.personio.de") || h.ends_with(".jobs.personio.com"),
        // The feed holds every position with its text; one is picked out by its id.
        request: |u| {
            let select = match u.segments {
                ["job", id, ..] => Some(format!("/job/{id}")),
                [] => None,
                _ => return None,
            };
            Some(Request::board(format!("{}/xml?language=en", u.api), select))
        },
        format: Format::Xml,
        accept_json: false,
        follow: None,
        wall: None,
        company: Some((|u| super::company_of_slug(u.subdomain()), false)),
    },
    Board {
        name: "Teamtailor",
        env: "CERTFIT_TEAMTAILOR_API",
        api: None,
        host: |h| h.ends_with(".teamtailor.com"),
        // A posting's page carries its JobPosting JSON-LD; a board's feed lists every posting
        // with its text.
        request: |u| match u.segments {
            ["jobs", posting, ..] => Some(Request::get(format!("{}/jobs/{posting}", u.api), false)),
            ["jobs"] | [] => Some(Request::get(format!("{}/jobs.json", u.api), true)),
            _ => None,
        },
        format: Format::Json,
        accept_json: false,
        follow: None,
        wall: None,
        company: Some((|u| super::company_of_slug(u.subdomain()), false)),
    },
    Board {
        name: "Rippling",
        env: "CERTFIT_RIPPLING_API",
        api: Some("https://api.rippling.com"),
        host: |h| h == "ats.rippling.com",
        request: |u| {
            let rest: &[&str] = match u.segments {
                [locale, rest @ ..] if is_locale(locale) => rest,
                all => all,
            };
            let board = format!("{}/platform/api/ats/v1/board", u.api);
            match rest {
                [slug, "jobs", id, ..] => {
                    Some(Request::get(format!("{board}/{slug}/jobs/{id}"), false))
                }
                [slug, ..] => Some(Request {
                    url: format!("{board}/{slug}/jobs"),
                    list: true,
                    base: Some(format!("{board}/{slug}/jobs/")),
                    ..Request::default()
                }),
                [] => None,
            }
        },
        format: Format::Json,
        accept_json: false,
        follow: Some(rippling_list),
        wall: None,
        company: Some((first_segment_after_locale, false)),
    },
    Board {
        name: "Gem",
        env: "CERTFIT_GEM_API",
        api: Some("https://api.gem.com"),
        host: |h| h == "jobs.gem.com",
        // The board's list holds every posting with its text; one is picked out by its id.
        request: |u| match u.segments {
            [board, id, ..] => Some(Request::board(
                format!("{}/job_board/v0/{board}/job_posts/", u.api),
                Some((*id).to_string()),
            )),
            [board] => Some(Request::board(
                format!("{}/job_board/v0/{board}/job_posts/", u.api),
                None,
            )),
            [] => None,
        },
        format: Format::Json,
        accept_json: false,
        follow: None,
        wall: None,
        company: Some((first_segment, false)),
    },
    Board {
        name: "Pinpoint",
        env: "CERTFIT_PINPOINT_API",
        api: None,
        host: |h| h.ends_with(".pinpointhq.com"),
        request: |u| {
            let select = match u.segments {
                [.., "postings", id] | [.., "postings", id, "applications", "new"] => {
                    Some((*id).to_string())
                }
                [] | ["en"] => None,
                _ => return None,
            };
            Some(Request::board(format!("{}/postings.json", u.api), select))
        },
        format: Format::Json,
        accept_json: false,
        follow: None,
        wall: None,
        company: Some((|u| super::company_of_slug(u.subdomain()), false)),
    },
    Board {
        name: "iCIMS",
        env: "CERTFIT_ICIMS_API",
        api: None,
        host: |h| h.ends_with(".icims.com"),
        // The page without its frame is served whole, with its JobPosting JSON-LD.
        request: |u| match u.segments {
            ["jobs", id, ..] if id.chars().all(|c| c.is_ascii_digit()) => Some(Request::get(
                format!("{}/jobs/{id}/job?in_iframe=1", u.api),
                false,
            )),
            _ => None,
        },
        format: Format::Html,
        accept_json: false,
        follow: None,
        wall: None,
        company: None,
    },
    Board {
        name: "Oracle",
        env: "CERTFIT_ORACLE_API",
        api: None,
        host: |h| h.ends_with(".oraclecloud.com"),
        request: |u| {
            let at = |name: &str| u.segments.iter().position(|s| *s == name);
            let site = u.segments.get(at("sites")? + 1)?;
            let id = at("job")
                .or_else(|| at("preview"))
                .and_then(|i| u.segments.get(i + 1))?;
            Some(Request::get(
                format!(
                    "{}/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails?expand=all&onlyData=true&finder=ById;Id=%22{id}%22,siteNumber={site}",
                    u.api
                ),
                false,
            ))
        },
        format: Format::Json,
        accept_json: false,
        follow: None,
        wall: None,
        company: None,
    },
    Board {
        name: "LinkedIn",
        env: "CERTFIT_LINKEDIN_API",
        api: Some("https://www.linkedin.com"),
        host: |h| h == "linkedin.com" || h.ends_with(".linkedin.com"),
        // The public guest page of a job, as JobSpy reads it.
        request: |u| {
            let id = match u.segments {
                ["jobs", "view", slug, ..] => slug.rsplit('-').next().map(str::to_string),
                ["jobs", ..] | ["comm", "jobs", ..] => u.query("currentJobId"),
                _ => None,
            }
            .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))?;
            Some(Request::get(format!("{}/jobs/view/{id}", u.api), false))
        },
        format: Format::Html,
        accept_json: false,
        follow: None,
        wall: Some(|final_url| {
            [
                "/signup",
                "/authwall",
                "/login",
                "/uas/login",
                "/checkpoint",
            ]
            .iter()
            .any(|w| final_url.contains(w))
            .then_some(
                "LinkedIn asked to sign in: open the posting, save the page, and pass the file",
            )
        }),
        company: None,
    },
    Board {
        name: "Greenhouse",
        env: "CERTFIT_GREENHOUSE_API",
        api: Some("https://boards-api.greenhouse.io"),
        // A company site that embeds its Greenhouse board: `?gh_jid=ID`. The board's token is in
        // the page's embed script.
        host: |_| true,
        request: |u| embedded(u, "gh_jid"),
        format: Format::Json,
        accept_json: false,
        follow: Some(greenhouse_embed),
        wall: None,
        company: None,
    },
    Board {
        name: "Ashby",
        env: "CERTFIT_ASHBY_API",
        api: Some("https://api.ashbyhq.com"),
        // A company site that embeds its Ashby board: `?ashby_jid=ID`.
        host: |_| true,
        request: |u| embedded(u, "ashby_jid"),
        format: Format::Json,
        accept_json: false,
        follow: Some(ashby_embed),
        wall: None,
        company: None,
    },
];

/// `boards.greenhouse.io/ORG/jobs/ID`, `boards.greenhouse.io/ORG`, and the embed form
/// `boards.greenhouse.io/embed/job_app?for=ORG&token=ID`.
fn greenhouse(u: &BoardUrl<'_>) -> Option<Request> {
    if u.segments.first() == Some(&"embed") {
        if let (Some(org), Some(id)) = (u.query("for"), u.query("token")) {
            return Some(Request::get(
                format!("{}/v1/boards/{org}/jobs/{id}", u.api),
                false,
            ));
        }
    }
    match u.segments {
        [org, "jobs", id, ..] => Some(Request::get(
            format!("{}/v1/boards/{org}/jobs/{id}", u.api),
            false,
        )),
        [org] => Some(Request::get(
            format!("{}/v1/boards/{org}/jobs?content=true", u.api),
            true,
        )),
        _ => None,
    }
}

fn greenhouse_company(u: &BoardUrl<'_>) -> Option<String> {
    match u.segments {
        ["embed", ..] => u.query("for").and_then(|o| super::company_of_slug(&o)),
        [org, ..] => super::company_of_slug(org),
        [] => None,
    }
}

fn first_segment(u: &BoardUrl<'_>) -> Option<String> {
    u.segments.first().and_then(|s| super::company_of_slug(s))
}

fn first_segment_after_locale(u: &BoardUrl<'_>) -> Option<String> {
    match u.segments {
        [locale, slug, ..] if is_locale(locale) => super::company_of_slug(slug),
        [slug, ..] => super::company_of_slug(slug),
        [] => None,
    }
}

/// `TENANT.wdN.myworkdayjobs.com/[LOCALE/]SITE/job/...` for a posting; `.../SITE` for a board,
/// whose search lists paths, each posting's description one more request.
fn workday(u: &BoardUrl<'_>) -> Option<Request> {
    let tenant = u.subdomain();
    let base = u.api;
    // An optional locale ("en-US") comes before the site.
    let rest: &[&str] = match u.segments {
        [locale, rest @ ..] if is_locale(locale) => rest,
        all => all,
    };
    match rest {
        [site, "job", path @ ..] if !path.is_empty() => Some(Request::get(
            format!("{base}/wday/cxs/{tenant}/{site}/job/{}", path.join("/")),
            false,
        )),
        [site, ..] => Some(Request {
            url: format!("{base}/wday/cxs/{tenant}/{site}/jobs"),
            body: Some(format!(
                r#"{{"appliedFacets":{{}},"limit":{},"offset":0,"searchText":""}}"#,
                u.limit.clamp(1, 20)
            )),
            list: true,
            select: None,
            base: Some(format!("{base}/wday/cxs/{tenant}/{site}")),
        }),
        [] => None,
    }
}

fn is_locale(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[2] == b'-'
        && b[..2].iter().all(u8::is_ascii_lowercase)
        && b[3..].iter().all(u8::is_ascii_uppercase)
}

fn json(body: &[u8]) -> Result<serde_json::Value, String> {
    serde_json::from_slice(body).map_err(|e| format!("the board's answer is not JSON: {e}"))
}

/// The strings at `field` of each item of the array at `list` (`""` for a bare array).
fn strings_of(value: &serde_json::Value, list: &str, field: &str) -> Vec<String> {
    let items = if list.is_empty() {
        value.as_array()
    } else {
        value.get(list).and_then(serde_json::Value::as_array)
    };
    items
        .map(|items| {
            items
                .iter()
                .filter_map(|j| match j.get(field)? {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Each listed posting requested at the request's base followed by its id or path, and shown as
/// the board's URL followed by it.
fn details(ids: Vec<String>, request: &Request) -> Result<Vec<Next>, String> {
    if ids.is_empty() {
        return Err("the board lists no jobs".into());
    }
    let base = request.base.clone().unwrap_or_default();
    Ok(ids
        .into_iter()
        .map(|id| Next {
            url: format!("{base}{id}"),
            shown: id,
            select: None,
        })
        .collect())
}

/// Workday's search lists paths, not descriptions.
fn workday_paths(body: &[u8], request: &Request) -> Result<Vec<Next>, String> {
    details(
        strings_of(&json(body)?, "jobPostings", "externalPath"),
        request,
    )
}

fn smartrecruiters_list(body: &[u8], request: &Request) -> Result<Vec<Next>, String> {
    details(strings_of(&json(body)?, "content", "id"), request)
}

fn bamboohr_list(body: &[u8], request: &Request) -> Result<Vec<Next>, String> {
    let ids = strings_of(&json(body)?, "result", "id");
    let mut next = details(ids, request)?;
    for n in &mut next {
        n.url.push_str("/detail");
    }
    Ok(next)
}

fn rippling_list(body: &[u8], request: &Request) -> Result<Vec<Next>, String> {
    let mut ids = strings_of(&json(body)?, "", "uuid");
    // One row per job and location: the same posting once.
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    details(ids, request)
}

/// The board token of a page that embeds Greenhouse: its embed script
/// (`boards.greenhouse.io/embed/job_board/js?for=TOKEN`), an application frame
/// (`embed/job_app?for=TOKEN`) or a link to the board.
fn greenhouse_embed(body: &[u8], request: &Request) -> Result<Vec<Next>, String> {
    let page = String::from_utf8_lossy(body);
    let token = [
        "embed/job_board/js?for=",
        "embed/job_board?for=",
        "embed/job_app?for=",
    ]
    .iter()
    .find_map(|marker| token_after(&page, marker))
    .or_else(|| {
        ["boards.greenhouse.io/", "job-boards.greenhouse.io/"]
            .iter()
            .find_map(|marker| token_after(&page, marker).filter(|t| t != "embed"))
    })
    .ok_or("the page embeds no Greenhouse board whose token could be read")?;
    let id = request.select.clone().unwrap_or_default();
    let base = request.base.clone().unwrap_or_default();
    Ok(vec![Next {
        url: format!("{base}/v1/boards/{token}/jobs/{id}"),
        shown: request.url.clone(),
        select: None,
    }])
}

/// The board of a page that embeds Ashby (`jobs.ashbyhq.com/ORG/embed`).
fn ashby_embed(body: &[u8], request: &Request) -> Result<Vec<Next>, String> {
    let page = String::from_utf8_lossy(body);
    let org = token_after(&page, "jobs.ashbyhq.com/").ok_or(
        "the page loads its Ashby board by script: open the posting on jobs.ashbyhq.com and pass that URL",
    )?;
    let base = request.base.clone().unwrap_or_default();
    Ok(vec![Next {
        url: format!("{base}/posting-api/job-board/{org}?includeCompensation=true"),
        shown: request.url.clone(),
        select: request.select.clone(),
    }])
}

/// A company page that embeds a board, named by the posting id in its query (`?gh_jid=ID`): the
/// page itself is requested, and `follow` reads the board out of it.
fn embedded(u: &BoardUrl<'_>, id_key: &str) -> Option<Request> {
    Some(Request {
        url: u.url.as_str().to_string(),
        select: Some(u.query(id_key)?),
        base: Some(u.api.to_string()),
        ..Request::default()
    })
}

/// The token (letters, digits, `-`, `_`, `.`) right after the first `marker` in `page`.
fn token_after(page: &str, marker: &str) -> Option<String> {
    let at = page.find(marker)? + marker.len();
    let token: String = page[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!token.is_empty()).then_some(token)
}
