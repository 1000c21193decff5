//! HTTP: concurrent, polite, fault-tolerant fetching of posting URLs.
//!
//! A global bound on requests in flight and a smaller one per host, timeouts, retries with
//! exponential backoff and jitter (honouring `Retry-After`), a redirect limit, a body-size cap,
//! compressed responses, an on-disk cache, and job boards resolved to their JSON APIs. Every URL
//! ends analyzed or skipped with a reason a person can act on.

pub mod ats;
pub mod cache;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures::StreamExt;
use reqwest::{StatusCode, header};
use tokio::sync::Semaphore;

use crate::posting::Format;
use crate::posting::Skip;

pub use ats::{Board, Endpoints, Target};
pub use cache::Cache;

/// How fetching behaves; built from flags.
#[derive(Debug, Clone)]
pub struct Options {
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
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            concurrency: 8,
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
            progress: false,
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
    pub from_cache: bool,
}

/// Fetches every URL, at most `concurrency` at once and `per_host` per host; results come back in
/// the order of `urls`. A board URL may give several documents (Workday lists, then details).
#[must_use]
pub fn fetch_all(urls: &[String], opts: &Options) -> Vec<Result<Vec<Fetched>, Skip>> {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => return all_skipped(urls, &format!("cannot start the HTTP runtime: {err}")),
    };
    runtime.block_on(fetch_all_async(urls, opts))
}

/// Every URL skipped for the same reason.
fn all_skipped(urls: &[String], reason: &str) -> Vec<Result<Vec<Fetched>, Skip>> {
    urls.iter()
        .map(|u| Err(Skip::new(u.as_str(), reason)))
        .collect()
}

async fn fetch_all_async(urls: &[String], opts: &Options) -> Vec<Result<Vec<Fetched>, Skip>> {
    let client = match client(opts) {
        Ok(c) => c,
        Err(err) => return all_skipped(urls, &format!("cannot build the HTTP client: {err}")),
    };
    let hosts = Hosts::new(opts.per_host);
    let bar = progress_bar(urls.len(), opts.progress);
    let mut results: Vec<Option<Result<Vec<Fetched>, Skip>>> = vec![None; urls.len()];
    let mut stream = futures::stream::iter(urls.iter().enumerate())
        .map(|(i, url)| {
            let (client, hosts) = (&client, &hosts);
            async move { (i, fetch_one(client, hosts, url, opts).await) }
        })
        .buffer_unordered(opts.concurrency.max(1));
    let mut failed = 0usize;
    while let Some((i, result)) = stream.next().await {
        if let Some(bar) = &bar {
            bar.inc(1);
            // Only a count while fetching: the report lists every skipped URL with its reason
            // once, at the end.
            if result.is_err() {
                failed += 1;
                bar.set_message(format!("· {failed} failed"));
            }
        }
        results[i] = Some(result);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    results
        .into_iter()
        .zip(urls)
        .map(|(r, u)| r.unwrap_or_else(|| Err(Skip::new(u.as_str(), "not fetched"))))
        .collect()
}

fn progress_bar(len: usize, show: bool) -> Option<indicatif::ProgressBar> {
    if !show || len < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} fetching {pos}/{len} {wide_bar} {elapsed} {msg}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

fn client(opts: &Options) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(opts.user_agent.clone())
        .timeout(opts.timeout)
        .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
        .gzip(true)
        .brotli(true)
        .deflate(true)
        .build()
}

const MAX_REDIRECTS: usize = 10;

/// One semaphore per host, made on first use.
struct Hosts {
    per_host: usize,
    map: std::sync::Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Hosts {
    fn new(per_host: usize) -> Self {
        Hosts {
            per_host: per_host.max(1),
            map: std::sync::Mutex::new(HashMap::new()),
        }
    }

    fn semaphore(&self, url: &str) -> Arc<Semaphore> {
        let host = reqwest::Url::parse(url)
            .ok()
            .and_then(|u| {
                u.host_str()
                    .map(|h| format!("{h}:{}", u.port_or_known_default().unwrap_or(0)))
            })
            .unwrap_or_default();
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(host)
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }
}

async fn fetch_one(
    client: &reqwest::Client,
    hosts: &Hosts,
    url: &str,
    opts: &Options,
) -> Result<Vec<Fetched>, Skip> {
    let skip = |reason: String| Skip::new(url, reason);
    match ats::resolve(url, &opts.endpoints, opts.limit) {
        Target::Page(page) => {
            let r = get(client, hosts, &page, None, opts)
                .await
                .map_err(|e| skip(e.to_string()))?;
            let format = if r
                .content_type
                .as_deref()
                .is_some_and(|c| c.contains("json"))
            {
                Format::Json
            } else {
                Format::Html
            };
            Ok(vec![Fetched {
                url: url.to_string(),
                charset: r.charset(),
                body: r.body,
                format,
                select: None,
                list: false,
                from_cache: r.from_cache,
            }])
        }
        Target::Api {
            board,
            url: api,
            body,
            list,
            select,
            detail_base,
        } => {
            let r = get(client, hosts, &api, body.as_deref(), opts)
                .await
                .map_err(|e| skip(format!("{} API: {e}", board.name())))?;
            let Some(detail_base) = detail_base else {
                return Ok(vec![Fetched {
                    url: url.to_string(),
                    charset: r.charset(),
                    body: r.body,
                    format: Format::Json,
                    select,
                    list,
                    from_cache: r.from_cache,
                }]);
            };
            // Workday's search lists paths; each posting's description is one more request.
            let paths = workday_paths(&r.body);
            if paths.is_empty() {
                return Err(skip("Workday API: the board lists no jobs".into()));
            }
            let mut docs = Vec::new();
            for path in paths.into_iter().take(opts.limit) {
                let detail = format!("{detail_base}{path}");
                match get(client, hosts, &detail, None, opts).await {
                    Ok(d) => docs.push(Fetched {
                        url: format!("{url}{path}"),
                        charset: d.charset(),
                        body: d.body,
                        format: Format::Json,
                        select: None,
                        list: false,
                        from_cache: d.from_cache,
                    }),
                    Err(e) => return Err(skip(format!("Workday API: {e}"))),
                }
            }
            Ok(docs)
        }
    }
}

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

/// Why a URL could not be fetched, in words a person can act on.
/// "1 try", "3 tries".
fn tries_text(tries: u32) -> String {
    if tries == 1 {
        "1 try".into()
    } else {
        format!("{tries} tries")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("HTTP {0}")]
    Status(u16),
    #[error("blocked (HTTP {0}): save the page from your browser and analyze the file")]
    Blocked(u16),
    #[error("HTTP {status} after {}", tries_text(*.tries))]
    GaveUp { status: u16, tries: u32 },
    #[error("timed out after {}", tries_text(*.0))]
    Timeout(u32),
    #[error("cannot connect after {}: {detail}", tries_text(*.tries))]
    Connect { tries: u32, detail: String },
    #[error("more than {MAX_REDIRECTS} redirects (a redirect loop?)")]
    Redirects,
    #[error("larger than {0} MB")]
    TooLarge(u64),
    #[error("not in the cache, and --offline forbids fetching")]
    NotCached,
    #[error("{0}")]
    Other(String),
}

struct Response {
    body: Vec<u8>,
    content_type: Option<String>,
    from_cache: bool,
}

impl Response {
    fn charset(&self) -> Option<String> {
        let ct = self.content_type.as_deref()?.to_ascii_lowercase();
        let at = ct.find("charset=")? + "charset=".len();
        Some(
            ct[at..]
                .trim_matches(['"', '\'', ' '])
                .split(';')
                .next()?
                .to_string(),
        )
    }
}

/// GETs (or POSTs `body` to) a URL through the cache, the host's limit and the retry policy.
async fn get(
    client: &reqwest::Client,
    hosts: &Hosts,
    url: &str,
    body: Option<&str>,
    opts: &Options,
) -> Result<Response, FetchError> {
    let request_key = match body {
        Some(b) => format!("POST {url} {b}"),
        None => format!("GET {url}"),
    };
    let cache = match &opts.cache {
        CacheMode::Off => None,
        CacheMode::Use(c) => {
            if let Some(hit) = c.get(&request_key) {
                return Ok(Response {
                    body: hit.body,
                    content_type: hit.content_type,
                    from_cache: true,
                });
            }
            Some(c)
        }
        CacheMode::Refresh(c) => Some(c),
        CacheMode::Offline(c) => {
            return c
                .get(&request_key)
                .map(|hit| Response {
                    body: hit.body,
                    content_type: hit.content_type,
                    from_cache: true,
                })
                .ok_or(FetchError::NotCached);
        }
    };
    let semaphore = hosts.semaphore(url);
    let tries = opts.retries + 1;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let outcome = {
            let _permit = semaphore
                .acquire()
                .await
                .map_err(|e| FetchError::Other(e.to_string()))?;
            send(client, url, body, opts).await
        };
        let wait = match outcome {
            Ok((resp, final_url)) => {
                if let Some(c) = cache {
                    let entry = cache::CachedPage {
                        final_url,
                        content_type: resp.content_type.clone(),
                        body: resp.body.clone(),
                    };
                    // A cache that cannot be written costs the next run a request, nothing more.
                    let _ = c.put(&request_key, &entry);
                }
                return Ok(resp);
            }
            Err(Attempt::Final(e)) => return Err(e),
            Err(Attempt::Retry { error, after }) => {
                if attempt >= tries {
                    return Err(match error {
                        FetchError::Status(status) => FetchError::GaveUp { status, tries },
                        FetchError::Timeout(_) => FetchError::Timeout(tries),
                        FetchError::Connect { detail, .. } => FetchError::Connect { tries, detail },
                        other => other,
                    });
                }
                after.unwrap_or_else(|| backoff(opts.backoff, attempt))
            }
        };
        tokio::time::sleep(wait.min(opts.max_wait)).await;
    }
}

enum Attempt {
    Final(FetchError),
    Retry {
        error: FetchError,
        after: Option<Duration>,
    },
}

async fn send(
    client: &reqwest::Client,
    url: &str,
    body: Option<&str>,
    opts: &Options,
) -> Result<(Response, String), Attempt> {
    let request = match body {
        Some(b) => client
            .post(url)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(b.to_string()),
        None => client.get(url),
    };
    let mut resp = request.send().await.map_err(|e| classify(&e))?;
    let status = resp.status();
    if !status.is_success() {
        let code = status.as_u16();
        return Err(
            if status == StatusCode::TOO_MANY_REQUESTS
                || status.is_server_error()
                || status == StatusCode::REQUEST_TIMEOUT
            {
                Attempt::Retry {
                    error: FetchError::Status(code),
                    after: retry_after(resp.headers()),
                }
            } else if matches!(code, 401 | 403 | 407 | 451) {
                Attempt::Final(FetchError::Blocked(code))
            } else {
                Attempt::Final(FetchError::Status(code))
            },
        );
    }
    let limit = opts.max_bytes;
    let too_large = || Attempt::Final(FetchError::TooLarge(limit.div_ceil(1024 * 1024)));
    if resp.content_length().is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let final_url = resp.url().to_string();
    let mut bytes = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| classify(&e))? {
        if bytes.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok((
        Response {
            body: bytes,
            content_type,
            from_cache: false,
        },
        final_url,
    ))
}

fn classify(e: &reqwest::Error) -> Attempt {
    if e.is_redirect() {
        Attempt::Final(FetchError::Redirects)
    } else if e.is_timeout() {
        Attempt::Retry {
            error: FetchError::Timeout(1),
            after: None,
        }
    } else if e.is_connect() || e.is_request() || e.is_body() {
        let detail =
            std::error::Error::source(e).map_or_else(|| e.to_string(), ToString::to_string);
        Attempt::Retry {
            error: FetchError::Connect { tries: 1, detail },
            after: None,
        }
    } else {
        Attempt::Final(FetchError::Other(e.to_string()))
    }
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or_default())
}

/// Exponential backoff with full jitter: a random wait between half and all of base·2^(n-1).
fn backoff(base: Duration, attempt: u32) -> Duration {
    let exp = base.saturating_mul(1 << attempt.saturating_sub(1).min(10));
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let jitter = f64::from(nanos % 1000) / 1000.0;
    exp.mul_f64(0.5 + jitter / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = header::HeaderMap::new();
        h.insert(header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            header::RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
    }

    #[test]
    fn backoff_doubles_within_jitter() {
        for attempt in 1..5 {
            let d = backoff(Duration::from_millis(100), attempt);
            let full = 100u64 << (attempt - 1);
            assert!(
                d.as_millis() as u64 >= full / 2 && d.as_millis() as u64 <= full,
                "{attempt}: {d:?}"
            );
        }
    }
}
