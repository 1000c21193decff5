//! HTTP: concurrent, polite, fault-tolerant fetching of posting URLs.
//!
//! A global bound on requests in flight and a smaller one per host, timeouts, retries with
//! exponential backoff and jitter (honouring `Retry-After`), a redirect limit, a body-size cap,
//! compressed responses, an on-disk cache, and job boards resolved to their JSON APIs. Every URL
//! ends analyzed or skipped with a reason a person can act on.

pub mod boards;
pub mod cache;
pub mod guard;
mod http;

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;

use crate::posting::{Format, Skip, SkipReason};
use crate::sink::Progress;

pub use boards::{BOARDS, Board, Endpoints, Request, Target};
pub use cache::Cache;
use guard::Trusted;
pub use http::FetchError;
use http::{Hosts, client, get};

/// How fetching behaves; built from flags.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// The whole request, connection to last byte.
    pub timeout: Duration,
    /// Retries after the first try, for timeouts, connection errors, 429 and 5xx.
    pub retries: u32,
    /// The first retry waits about this long; each further one twice as long.
    pub backoff: Duration,
    /// The longest wait for a retry, whatever `Retry-After` says.
    pub max_wait: Duration,
    /// Bodies larger than this are refused.
    pub max_bytes: u64,
    pub cache: CacheMode,
    pub endpoints: Endpoints,
    /// Postings taken from a whole board.
    pub limit: usize,
    pub user_agent: String,
    /// Follow pages, redirects and answers to private, loopback and link-local addresses.
    pub allow_private: bool,
    /// Trust the hosts of the URLs given to `fetch_all` to be private (the user named them);
    /// not for URLs read from data, such as a CSV's job URLs.
    pub trust_given: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            concurrency: 16,
            per_host: 2,
            timeout: Duration::from_secs(20),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(30),
            max_bytes: 5 * 1024 * 1024,
            cache: CacheMode::Off,
            endpoints: Endpoints::default(),
            limit: 50,
            user_agent: USER_AGENT.to_string(),
            allow_private: false,
            trust_given: true,
        }
    }
}

pub const USER_AGENT: &str = concat!(
    "certfit/",
    env!("CARGO_PKG_VERSION"),
    " (job-posting reader; fetches only the postings a person lists)"
);

#[derive(Debug, Clone)]
pub enum CacheMode {
    Off,
    /// Read what is cached, fetch and store the rest.
    Use(Cache),
    /// Fetch everything again, and store it.
    Refresh(Cache),
    /// Only what is cached; nothing goes to the network.
    Offline(Cache),
}

/// One fetched document.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL the user gave.
    pub url: String,
    pub body: Vec<u8>,
    pub format: Format,
    /// The charset the server declared, if any.
    pub charset: Option<String>,
    /// Keep only the posting whose URL contains this (one posting out of a board's payload).
    pub select: Option<String>,
    /// A whole board: keep at most `limit` postings.
    pub list: bool,
    /// The company the URL names (a board's slug), and whether it replaces what the document says.
    pub company: Option<(String, bool)>,
    pub from_cache: bool,
}

/// Fetches every URL, at most `concurrency` at once and `per_host` per host; results come back in
/// the order of `urls`. A board URL may give several documents (Workday lists, then details).
#[must_use]
pub fn fetch_all(
    urls: &[String],
    opts: &FetchOptions,
    progress: &dyn Progress,
) -> Vec<Result<Vec<Fetched>, Skip>> {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => return all_skipped(urls, &format!("cannot start the HTTP runtime: {err}")),
    };
    runtime.block_on(fetch_all_async(urls, opts, progress))
}

/// Every URL skipped for the same reason.
fn all_skipped(urls: &[String], reason: &str) -> Vec<Result<Vec<Fetched>, Skip>> {
    urls.iter()
        .map(|u| Err(Skip::new(u.as_str(), SkipReason::Fetch(reason.to_string()))))
        .collect()
}

async fn fetch_all_async(
    urls: &[String],
    opts: &FetchOptions,
    progress: &dyn Progress,
) -> Vec<Result<Vec<Fetched>, Skip>> {
    // The hosts the user named (the URLs given, the boards moved by a variable) may be private;
    // nothing a page, a redirect or a board's answer leads to may, unless --allow-private.
    let mut trusted = Trusted {
        all: opts.allow_private,
        ..Trusted::default()
    };
    if opts.trust_given {
        trusted.extend(urls.iter().map(String::as_str));
    }
    trusted.extend(opts.endpoints.bases());
    let trusted = Arc::new(trusted);
    let client = match client(opts, &trusted) {
        Ok(c) => c,
        Err(err) => return all_skipped(urls, &format!("cannot build the HTTP client: {err}")),
    };
    let hosts = Hosts::new(opts.per_host, trusted);
    progress.start(urls.len() as u64);
    let mut results: Vec<Option<Result<Vec<Fetched>, Skip>>> = vec![None; urls.len()];
    let mut stream = futures::stream::iter(urls.iter().enumerate())
        .map(|(i, url)| {
            let (client, hosts) = (&client, &hosts);
            async move { (i, fetch_one(client, hosts, url, opts).await) }
        })
        .buffer_unordered(opts.concurrency.max(1));
    while let Some((i, result)) = stream.next().await {
        progress.done(result.is_err());
        results[i] = Some(result);
    }
    progress.finish();
    results
        .into_iter()
        .zip(urls)
        .map(|(r, u)| r.unwrap_or_else(|| Err(Skip::new(u.as_str(), SkipReason::NotFetched))))
        .collect()
}

async fn fetch_one(
    client: &reqwest::Client,
    hosts: &Hosts,
    url: &str,
    opts: &FetchOptions,
) -> Result<Vec<Fetched>, Skip> {
    // A site known to refuse automated reading says so in its own words.
    let skip = |e: FetchError, board: Option<&Board>| {
        let reason = match (&e, boards::blocked_reason(url)) {
            (FetchError::Blocked(_) | FetchError::Challenge, Some(reason)) => reason,
            _ => match board {
                Some(b) if b.format == Format::Html => format!("{} page: {e}", b.name),
                Some(b) => format!("{} API: {e}", b.name),
                None => e.to_string(),
            },
        };
        Skip::new(url, SkipReason::Fetch(reason))
    };
    let (board, request, company) = match boards::resolve(url, &opts.endpoints, opts.limit) {
        Target::Page(page) => {
            let r = get(client, hosts, &page, None, false, opts)
                .await
                .map_err(|e| skip(e, None))?;
            let format = if r
                .content_type
                .as_deref()
                .is_some_and(|c| c.contains("json"))
            {
                Format::Json
            } else {
                Format::Html
            };
            return Ok(vec![Fetched {
                url: crate::posting::redact_urls(url).into_owned(),
                charset: r.charset(),
                body: r.body,
                format,
                select: None,
                list: false,
                company: None,
                from_cache: r.from_cache,
            }]);
        }
        Target::Board {
            board,
            request,
            company,
        } => (board, request, company),
    };
    let r = get(
        client,
        hosts,
        &request.url,
        request.body.as_deref(),
        board.accept_json,
        opts,
    )
    .await
    .map_err(|e| skip(e, Some(board)))?;
    if let Some(reason) = board.wall.and_then(|wall| wall(&r.final_url)) {
        return Err(Skip::new(url, SkipReason::Fetch(reason.to_string())));
    }
    let Some(follow) = board.follow.filter(|_| request.base.is_some()) else {
        return Ok(vec![Fetched {
            url: crate::posting::redact_urls(url).into_owned(),
            charset: r.charset(),
            format: r.format(board.format),
            body: r.body,
            select: request.select,
            list: request.list,
            company,
            from_cache: r.from_cache,
        }]);
    };
    // The first answer holds no posting: it leads to the requests that do.
    let next = follow(&r.body, &request).map_err(|reason| {
        Skip::new(
            url,
            SkipReason::Fetch(format!("{} API: {reason}", board.name)),
        )
    })?;
    let mut docs = Vec::new();
    for n in next.into_iter().take(opts.limit) {
        let d = get(client, hosts, &n.url, None, board.accept_json, opts)
            .await
            .map_err(|e| skip(e, Some(board)))?;
        let shown = if n.shown.starts_with("http") {
            n.shown
        } else if n.shown.starts_with('/') {
            format!("{url}{}", n.shown)
        } else {
            format!("{}/{}", url.trim_end_matches('/'), n.shown)
        };
        let shown = crate::posting::redact_urls(&shown).into_owned();
        docs.push(Fetched {
            url: shown,
            charset: d.charset(),
            format: d.format(board.format),
            body: d.body,
            select: n.select,
            list: false,
            company: company.clone(),
            from_cache: d.from_cache,
        });
    }
    Ok(docs)
}
