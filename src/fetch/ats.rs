//! Job boards whose pages are rendered by JavaScript but whose public JSON APIs hold the full
//! descriptions: a board URL is rewritten to its API request.

use reqwest::Url;

/// Where each board's API lives; tests point them at a local server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub greenhouse: String,
    pub lever: String,
    pub ashby: String,
    /// Replaces `https://TENANT.wdN.myworkdayjobs.com` when set.
    pub workday: Option<String>,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            greenhouse: "https://boards-api.greenhouse.io".into(),
            lever: "https://api.lever.co".into(),
            ashby: "https://api.ashbyhq.com".into(),
            workday: None,
        }
    }
}

impl Endpoints {
    /// The defaults, with `CERTFIT_GREENHOUSE_API`, `CERTFIT_LEVER_API`, `CERTFIT_ASHBY_API` and
    /// `CERTFIT_WORKDAY_API` taken from the environment when set.
    #[must_use]
    pub fn from_env() -> Self {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .map(|v| v.trim_end_matches('/').to_string())
        };
        let d = Endpoints::default();
        Endpoints {
            greenhouse: var("CERTFIT_GREENHOUSE_API").unwrap_or(d.greenhouse),
            lever: var("CERTFIT_LEVER_API").unwrap_or(d.lever),
            ashby: var("CERTFIT_ASHBY_API").unwrap_or(d.ashby),
            workday: var("CERTFIT_WORKDAY_API"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Board {
    Greenhouse,
    Lever,
    Ashby,
    Workday,
}

impl Board {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Board::Greenhouse => "Greenhouse",
            Board::Lever => "Lever",
            Board::Ashby => "Ashby",
            Board::Workday => "Workday",
        }
    }
}

/// What to request for a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An ordinary page.
    Page(String),
    /// A board's API.
    Api {
        board: Board,
        /// GET this URL, or POST `body` to it (Workday's job search).
        url: String,
        body: Option<String>,
        /// A whole company board rather than one posting.
        list: bool,
        /// Keep only the posting with this id (Ashby serves a company's postings together).
        select: Option<String>,
        /// For Workday's search: the prefix that turns each job's path into its API URL.
        detail_base: Option<String>,
    },
}

/// The request for a posting URL: a board's API when the URL is a known board, else the page.
#[must_use]
pub fn resolve(url: &str, endpoints: &Endpoints, limit: usize) -> Target {
    let Ok(parsed) = Url::parse(url) else {
        return Target::Page(url.to_string());
    };
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let segments: Vec<&str> = parsed
        .path_segments()
        .map(|s| s.filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let api = |board, url: String, list, select: Option<&str>| Target::Api {
        board,
        url,
        body: None,
        list,
        select: select.map(str::to_string),
        detail_base: None,
    };
    if host.ends_with("greenhouse.io") && host.contains("boards") {
        // boards.greenhouse.io/embed/job_app?for=ORG&token=ID
        if segments.first() == Some(&"embed") {
            let q = |k: &str| {
                parsed
                    .query_pairs()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.to_string())
            };
            if let (Some(org), Some(id)) = (q("for"), q("token")) {
                return api(
                    Board::Greenhouse,
                    format!("{}/v1/boards/{org}/jobs/{id}", endpoints.greenhouse),
                    false,
                    None,
                );
            }
        }
        return match segments.as_slice() {
            [org, "jobs", id, ..] => api(
                Board::Greenhouse,
                format!("{}/v1/boards/{org}/jobs/{id}", endpoints.greenhouse),
                false,
                None,
            ),
            [org] => api(
                Board::Greenhouse,
                format!("{}/v1/boards/{org}/jobs?content=true", endpoints.greenhouse),
                true,
                None,
            ),
            _ => Target::Page(url.to_string()),
        };
    }
    if host.ends_with("lever.co") && host.starts_with("jobs.") {
        return match segments.as_slice() {
            [org, id, ..] => api(
                Board::Lever,
                format!("{}/v0/postings/{org}/{id}?mode=json", endpoints.lever),
                false,
                None,
            ),
            [org] => api(
                Board::Lever,
                format!("{}/v0/postings/{org}?mode=json", endpoints.lever),
                true,
                None,
            ),
            [] => Target::Page(url.to_string()),
        };
    }
    if host == "jobs.ashbyhq.com" {
        return match segments.as_slice() {
            [org, id, ..] => api(
                Board::Ashby,
                format!(
                    "{}/posting-api/job-board/{org}?includeCompensation=true",
                    endpoints.ashby
                ),
                false,
                Some(id),
            ),
            [org] => api(
                Board::Ashby,
                format!(
                    "{}/posting-api/job-board/{org}?includeCompensation=true",
                    endpoints.ashby
                ),
                true,
                None,
            ),
            [] => Target::Page(url.to_string()),
        };
    }
    if host.ends_with(".myworkdayjobs.com") {
        let tenant = host.split('.').next().unwrap_or_default();
        let base = endpoints
            .workday
            .clone()
            .unwrap_or_else(|| format!("{}://{host}", parsed.scheme()));
        // An optional locale ("en-US") comes before the site.
        let rest: &[&str] = match segments.as_slice() {
            [locale, rest @ ..] if is_locale(locale) => rest,
            all => all,
        };
        return match rest {
            [site, "job", path @ ..] if !path.is_empty() => api(
                Board::Workday,
                format!("{base}/wday/cxs/{tenant}/{site}/job/{}", path.join("/")),
                false,
                None,
            ),
            [site, ..] => Target::Api {
                board: Board::Workday,
                url: format!("{base}/wday/cxs/{tenant}/{site}/jobs"),
                body: Some(format!(
                    r#"{{"appliedFacets":{{}},"limit":{},"offset":0,"searchText":""}}"#,
                    limit.clamp(1, 20)
                )),
                list: true,
                select: None,
                detail_base: Some(format!("{base}/wday/cxs/{tenant}/{site}")),
            },
            [] => Target::Page(url.to_string()),
        };
    }
    Target::Page(url.to_string())
}

fn is_locale(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[2] == b'-'
        && b[..2].iter().all(u8::is_ascii_lowercase)
        && b[3..].iter().all(u8::is_ascii_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_url(url: &str) -> (String, bool) {
        match resolve(url, &Endpoints::default(), 10) {
            Target::Api { url, list, .. } => (url, list),
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
        assert_eq!(
            resolve("https://example.com/jobs/1", &Endpoints::default(), 10),
            Target::Page("https://example.com/jobs/1".into())
        );
    }
}
