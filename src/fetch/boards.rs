//! Job boards whose pages are rendered by JavaScript (or hide behind a sign-in) but whose public,
//! unauthenticated requests hold the full descriptions: one row of [`BOARDS`] per board (lychee's
//! `quirks`), saying which hosts are its, how a posting or board URL becomes its request, where
//! that request goes (and the `CERTFIT_<BOARD>_API` variable that moves it, for tests), how the
//! answer is read, and, for a first answer that holds no posting (a list of paths, a company page
//! that embeds a board), which requests it leads to.
//!
//! What a board answers is read by `extract` (`extract::json`, `extract::xml`, `extract::html`),
//! which knows these payloads whether they were fetched or saved to a file.

mod rows;

use reqwest::Url;

use crate::posting::Format;

pub use rows::BOARDS;

/// A job board read through a public request.
pub struct Board {
    pub name: &'static str,
    /// The variable that moves its requests elsewhere (scheme and host): `CERTFIT_GREENHOUSE_API`.
    pub env: &'static str,
    /// Where its requests go; `None` when every company's board answers on its own host
    /// (Workday, Recruitee, BambooHR).
    pub api: Option<&'static str>,
    /// Whether a (lower-cased) host is one of this board's.
    pub host: fn(&str) -> bool,
    /// The request for a URL of this board, or `None` when the URL names neither a posting nor a
    /// company's board (then the page itself is fetched as any page is).
    pub request: fn(&BoardUrl<'_>) -> Option<Request>,
    /// How its answers are read.
    pub format: Format,
    /// Whether its requests ask for JSON (`Accept: application/json`), without which it answers
    /// with a page.
    pub accept_json: bool,
    /// For a first answer that holds no posting: the requests it leads to, or why there are none.
    pub follow: Option<Follow>,
    /// What to say when the final URL is a sign-in wall rather than the posting.
    pub wall: Option<fn(&str) -> Option<&'static str>>,
    /// The company a URL names (the board's slug), for postings whose answer does not; with
    /// `true`, it replaces what the answer says (Workday's legal entities, "IL00 Mellanox ...").
    pub company: Option<(CompanyOf, bool)>,
}

/// Reads the company out of a board URL.
pub type CompanyOf = fn(&BoardUrl<'_>) -> Option<String>;

/// Reads a first answer into the requests it leads to.
pub type Follow = fn(&[u8], &Request) -> Result<Vec<Next>, String>;

/// A request a first answer leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Next {
    pub url: String,
    /// The URL a person would open for it, shown as the posting's source: absolute, or a path or
    /// id that follows the URL the person gave.
    pub shown: String,
    /// Keep only the posting whose URL contains this.
    pub select: Option<String>,
}

/// A URL of a board, taken apart.
pub struct BoardUrl<'a> {
    pub url: &'a Url,
    /// Lower-cased.
    pub host: &'a str,
    /// The path's non-empty segments.
    pub segments: &'a [&'a str],
    /// Where requests go, without a trailing slash: the board's, its variable's, or the URL's own
    /// scheme and host.
    pub api: &'a str,
    /// Postings taken from a whole board.
    pub limit: usize,
}

impl BoardUrl<'_> {
    /// The value of a query parameter.
    #[must_use]
    pub fn query(&self, key: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }

    /// The first label of the host: the company on `acme.recruitee.com`.
    #[must_use]
    pub fn subdomain(&self) -> &str {
        self.host.split('.').next().unwrap_or_default()
    }
}

/// A request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// GET this URL, or POST `body` to it (Workday's job search).
    pub url: String,
    pub body: Option<String>,
    /// A whole company board rather than one posting.
    pub list: bool,
    /// Keep only the posting whose URL contains this (boards that answer a company's postings
    /// together).
    pub select: Option<String>,
    /// What `follow` builds its requests from.
    pub base: Option<String>,
}

impl Request {
    /// A GET of one posting (`list` false) or of a board.
    #[must_use]
    pub fn get(url: String, list: bool) -> Request {
        Request {
            url,
            list,
            ..Request::default()
        }
    }

    /// A board's answer for all its postings, of which one is kept when `select` is given.
    #[must_use]
    pub fn board(url: String, select: Option<String>) -> Request {
        Request {
            url,
            list: select.is_none(),
            select,
            ..Request::default()
        }
    }
}

/// Where each board's requests go: its own, or what its variable says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// (board name, base) for the boards moved elsewhere.
    moved: Vec<(&'static str, String)>,
}

impl Endpoints {
    /// The boards' own, with each `CERTFIT_<BOARD>_API` taken from the environment when set.
    #[must_use]
    pub fn from_env() -> Self {
        let mut moved: Vec<(&'static str, String)> = Vec::new();
        for b in BOARDS {
            if moved.iter().any(|(name, _)| *name == b.name) {
                continue;
            }
            if let Ok(v) = std::env::var(b.env) {
                let v = v.trim();
                if !v.is_empty() {
                    moved.push((b.name, v.trim_end_matches('/').to_string()));
                }
            }
        }
        Endpoints { moved }
    }

    /// A board's requests moved to `base`.
    #[must_use]
    pub fn with(mut self, board: &'static str, base: &str) -> Self {
        self.moved.retain(|(b, _)| *b != board);
        self.moved
            .push((board, base.trim_end_matches('/').to_string()));
        self
    }

    /// The bases boards were moved to: hosts the user named.
    pub fn bases(&self) -> impl Iterator<Item = &str> {
        self.moved.iter().map(|(_, base)| base.as_str())
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
    /// A board's request.
    Board {
        board: &'static Board,
        request: Request,
        /// The company the URL names, and whether it replaces what the answer says.
        company: Option<(String, bool)>,
    },
}

impl std::fmt::Debug for Board {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Board {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Board {}

/// The request for a posting URL: a board's when the URL is a known board's, else the page.
#[must_use]
pub fn resolve(url: &str, endpoints: &Endpoints, limit: usize) -> Target {
    let page = || Target::Page(url.to_string());
    let Ok(parsed) = Url::parse(url) else {
        return page();
    };
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let segments: Vec<&str> = parsed
        .path_segments()
        .map(|s| s.filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let own = match parsed.port() {
        Some(port) => format!("{}://{host}:{port}", parsed.scheme()),
        None => format!("{}://{host}", parsed.scheme()),
    };
    for board in BOARDS.iter().filter(|b| (b.host)(&host)) {
        let api = endpoints.moved(board).or(board.api).unwrap_or(own.as_str());
        let board_url = BoardUrl {
            url: &parsed,
            host: &host,
            segments: &segments,
            api,
            limit,
        };
        if let Some(request) = (board.request)(&board_url) {
            let company = board
                .company
                .and_then(|(company, replaces)| company(&board_url).map(|c| (c, replaces)));
            return Target::Board {
                board,
                request,
                company,
            };
        }
    }
    page()
}

/// Sites that refuse automated reading, and what to do instead.
pub static BLOCKERS: &[(&str, &str)] = &[
    ("indeed.com", "Indeed"),
    ("glassdoor.com", "Glassdoor"),
    ("glassdoor.co.uk", "Glassdoor"),
    ("glassdoor.ca", "Glassdoor"),
    ("ziprecruiter.com", "ZipRecruiter"),
];

/// What to say when a site known to block automated reading blocked it.
#[must_use]
pub fn blocked_reason(url: &str) -> Option<String> {
    let host = Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    BLOCKERS
        .iter()
        .find(|(suffix, _)| host == *suffix || host.ends_with(&format!(".{suffix}")))
        .map(|(_, name)| {
            format!(
                "{name} blocks automated reading: save the page from your browser and pass the file, or export the search with JobSpy"
            )
        })
}

/// A company slug as people write it: "flock-safety" becomes "Flock Safety"; a slug with capitals
/// stays as it is.
#[must_use]
pub fn company_of_slug(slug: &str) -> Option<String> {
    let slug = slug.trim();
    if slug.is_empty() {
        return None;
    }
    if slug.chars().any(char::is_uppercase) {
        return Some(slug.replace(['-', '_'], " "));
    }
    Some(
        slug.split(['-', '_'])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[cfg(test)]
mod tests;
