//! Job boards whose pages are rendered by JavaScript but whose public JSON APIs hold the full
//! descriptions: one row of [`BOARDS`] per board (lychee's `quirks`), saying which hosts are its,
//! how a posting or board URL becomes its API request, where its API lives (and the
//! `CERTFIT_<BOARD>_API` variable that moves it, for tests), and, for a board whose list holds no
//! descriptions, how to read the list into the postings to request one by one.
//!
//! What the API answers is read by `extract::json`, which knows these payloads whether they were
//! fetched or saved to a file.

use reqwest::Url;

/// A job board with a public JSON API.
pub struct Board {
    pub name: &'static str,
    /// The variable that points its API elsewhere: `CERTFIT_GREENHOUSE_API`.
    pub env: &'static str,
    /// Where its API lives; `None` when every company's board serves its own (Workday).
    pub api: Option<&'static str>,
    /// Whether a (lower-cased) host is one of this board's.
    pub host: fn(&str) -> bool,
    /// The request for a URL of this board, or `None` when the URL names neither a posting nor a
    /// company's board (then the page itself is fetched).
    pub request: fn(&BoardUrl<'_>) -> Option<Request>,
    /// For a board whose list names postings without their descriptions: the paths of the postings
    /// in a list response, each requested at the request's `detail_base` followed by the path.
    pub list_paths: Option<ListPaths>,
}

/// Reads a list response into the paths of its postings.
pub type ListPaths = fn(&[u8]) -> Vec<String>;

/// A URL of a board, taken apart.
pub struct BoardUrl<'a> {
    pub url: &'a Url,
    /// Lower-cased.
    pub host: &'a str,
    /// The path's non-empty segments.
    pub segments: &'a [&'a str],
    /// The API's base URL, without a trailing slash: the board's own, or its variable's.
    pub api: &'a str,
    /// Postings taken from a whole board.
    pub limit: usize,
}

/// An API request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// GET this URL, or POST `body` to it (Workday's job search).
    pub url: String,
    pub body: Option<String>,
    /// A whole company board rather than one posting.
    pub list: bool,
    /// Keep only the posting with this id (Ashby serves a company's postings together).
    pub select: Option<String>,
    /// With `list_paths`: the prefix that turns each listed path into its API URL.
    pub detail_base: Option<String>,
}

impl Request {
    fn get(url: String, list: bool) -> Request {
        Request {
            url,
            body: None,
            list,
            select: None,
            detail_base: None,
        }
    }
}

/// Every board certfit reads through its API.
pub static BOARDS: &[Board] = &[
    Board {
        name: "Greenhouse",
        env: "CERTFIT_GREENHOUSE_API",
        api: Some("https://boards-api.greenhouse.io"),
        host: |h| h.ends_with("greenhouse.io") && h.contains("boards"),
        request: greenhouse,
        list_paths: None,
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
        list_paths: None,
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
            Some(Request {
                url: format!(
                    "{}/posting-api/job-board/{org}?includeCompensation=true",
                    u.api
                ),
                body: None,
                list: select.is_none(),
                select,
                detail_base: None,
            })
        },
        list_paths: None,
    },
    Board {
        name: "Workday",
        env: "CERTFIT_WORKDAY_API",
        api: None,
        host: |h| h.ends_with(".myworkdayjobs.com"),
        request: workday,
        list_paths: Some(workday_paths),
    },
];

/// `boards.greenhouse.io/ORG/jobs/ID`, `boards.greenhouse.io/ORG`, and the embed form
/// `boards.greenhouse.io/embed/job_app?for=ORG&token=ID`.
fn greenhouse(u: &BoardUrl<'_>) -> Option<Request> {
    if u.segments.first() == Some(&"embed") {
        let q = |k: &str| {
            u.url
                .query_pairs()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.to_string())
        };
        if let (Some(org), Some(id)) = (q("for"), q("token")) {
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

/// `TENANT.wdN.myworkdayjobs.com/[LOCALE/]SITE/job/...` for a posting; `.../SITE` for a board,
/// whose search lists paths, each posting's description one more request.
fn workday(u: &BoardUrl<'_>) -> Option<Request> {
    let tenant = u.host.split('.').next().unwrap_or_default();
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
            detail_base: Some(format!("{base}/wday/cxs/{tenant}/{site}")),
        }),
        [] => None,
    }
}

/// The paths of the postings a Workday search lists.
fn workday_paths(body: &[u8]) -> Vec<String> {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Vec::new();
    };
    v.get("jobPostings")
        .and_then(|p| p.as_array())
        .map(|jobs| {
            jobs.iter()
                .filter_map(|j| {
                    j.get("externalPath")
                        .and_then(|p| p.as_str())
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn is_locale(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[2] == b'-'
        && b[..2].iter().all(u8::is_ascii_lowercase)
        && b[3..].iter().all(u8::is_ascii_uppercase)
}

/// Where each board's API lives: its own, or what its variable says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// (board name, API base) for the boards moved elsewhere.
    moved: Vec<(&'static str, String)>,
}

impl Endpoints {
    /// The boards' own APIs, with each `CERTFIT_<BOARD>_API` taken from the environment when set.
    #[must_use]
    pub fn from_env() -> Self {
        let moved = BOARDS
            .iter()
            .filter_map(|b| {
                let v = std::env::var(b.env).ok()?;
                let v = v.trim();
                (!v.is_empty()).then(|| (b.name, v.trim_end_matches('/').to_string()))
            })
            .collect();
        Endpoints { moved }
    }

    /// A board's API moved to `base`.
    #[must_use]
    pub fn with(mut self, board: &'static str, base: &str) -> Self {
        self.moved.retain(|(b, _)| *b != board);
        self.moved
            .push((board, base.trim_end_matches('/').to_string()));
        self
    }

    fn moved(&self, board: &Board) -> Option<&str> {
        self.moved
            .iter()
            .find(|(b, _)| *b == board.name)
            .map(|(_, base)| base.as_str())
    }
}

/// What to request for a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An ordinary page.
    Page(String),
    /// A board's API.
    Api {
        board: &'static Board,
        request: Request,
    },
}

impl std::fmt::Debug for Board {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Board {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Board {}

/// The request for a posting URL: a board's API when the URL is a known board's, else the page.
#[must_use]
pub fn resolve(url: &str, endpoints: &Endpoints, limit: usize) -> Target {
    let page = || Target::Page(url.to_string());
    let Ok(parsed) = Url::parse(url) else {
        return page();
    };
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let Some(board) = BOARDS.iter().find(|b| (b.host)(&host)) else {
        return page();
    };
    let segments: Vec<&str> = parsed
        .path_segments()
        .map(|s| s.filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let own = format!("{}://{host}", parsed.scheme());
    let api = endpoints.moved(board).or(board.api).unwrap_or(own.as_str());
    let board_url = BoardUrl {
        url: &parsed,
        host: &host,
        segments: &segments,
        api,
        limit,
    };
    match (board.request)(&board_url) {
        Some(request) => Target::Api { board, request },
        None => page(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_url(url: &str) -> (String, bool) {
        match resolve(url, &Endpoints::default(), 10) {
            Target::Api { request, .. } => (request.url, request.list),
            Target::Page(p) => panic!("not a board: {p}"),
        }
    }

    #[test]
    fn boards_map_to_their_apis() {
        let cases = [
            (
                "https://boards.greenhouse.io/acme/jobs/123",
                "https://boards-api.greenhouse.io/v1/boards/acme/jobs/123",
                false,
            ),
            (
                "https://job-boards.greenhouse.io/acme/jobs/123?gh_src=x",
                "https://boards-api.greenhouse.io/v1/boards/acme/jobs/123",
                false,
            ),
            (
                "https://boards.greenhouse.io/acme",
                "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true",
                true,
            ),
            (
                "https://boards.greenhouse.io/embed/job_app?for=acme&token=99",
                "https://boards-api.greenhouse.io/v1/boards/acme/jobs/99",
                false,
            ),
            (
                "https://jobs.lever.co/acme/abc-def",
                "https://api.lever.co/v0/postings/acme/abc-def?mode=json",
                false,
            ),
            (
                "https://jobs.lever.co/acme",
                "https://api.lever.co/v0/postings/acme?mode=json",
                true,
            ),
            (
                "https://jobs.ashbyhq.com/acme/uuid-1",
                "https://api.ashbyhq.com/posting-api/job-board/acme?includeCompensation=true",
                false,
            ),
            (
                "https://gdit.wd5.myworkdayjobs.com/en-US/External_Career_Site/job/USA-DC/Data-Engineer_RQ1",
                "https://gdit.wd5.myworkdayjobs.com/wday/cxs/gdit/External_Career_Site/job/USA-DC/Data-Engineer_RQ1",
                false,
            ),
            (
                "https://gdit.wd5.myworkdayjobs.com/External_Career_Site",
                "https://gdit.wd5.myworkdayjobs.com/wday/cxs/gdit/External_Career_Site/jobs",
                true,
            ),
        ];
        for (url, want, list) in cases {
            assert_eq!(api_url(url), (want.to_string(), list), "{url}");
        }
        for page in [
            "https://example.com/jobs/1",
            "https://boards.greenhouse.io/acme/about/team",
            "https://jobs.lever.co/",
        ] {
            assert_eq!(
                resolve(page, &Endpoints::default(), 10),
                Target::Page(page.into())
            );
        }
    }

    #[test]
    fn a_moved_api_replaces_the_boards_own() {
        let moved = Endpoints::default()
            .with("Lever", "http://127.0.0.1:9/")
            .with("Workday", "http://127.0.0.1:8");
        let api = |url| match resolve(url, &moved, 10) {
            Target::Api { request, .. } => request.url,
            Target::Page(p) => panic!("not a board: {p}"),
        };
        assert_eq!(
            api("https://jobs.lever.co/acme/1"),
            "http://127.0.0.1:9/v0/postings/acme/1?mode=json"
        );
        assert_eq!(
            api("https://t.wd1.myworkdayjobs.com/Site/job/A/B_1"),
            "http://127.0.0.1:8/wday/cxs/t/Site/job/A/B_1"
        );
    }

    #[test]
    fn every_board_has_its_variable() {
        for b in BOARDS {
            assert_eq!(
                b.env,
                format!("CERTFIT_{}_API", b.name.to_ascii_uppercase()),
                "{}",
                b.name
            );
        }
    }
}
