//! One request: the client (timeouts, redirect limit, compression), a bound per host, the cache,
//! retries with exponential backoff and jitter (honouring `Retry-After`), the body-size cap, and
//! the words a person reads when a URL cannot be fetched.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::{StatusCode, header};
use tokio::sync::Semaphore;

use super::guard::{PrivateAddress, Resolver, Trusted};
use super::{CacheMode, FetchOptions, cache};
use crate::posting::Format;

pub(super) fn client(
    opts: &FetchOptions,
    trusted: &Arc<Trusted>,
) -> reqwest::Result<reqwest::Client> {
    let guard = trusted.clone();
    let redirects = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(FetchError::Redirects)
        } else if let Some(refused) = guard.refuses(attempt.url()) {
            attempt.error(refused)
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .user_agent(opts.user_agent.clone())
        .timeout(opts.timeout)
        .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
        .redirect(redirects)
        .dns_resolver(Arc::new(Resolver {
            trusted: trusted.clone(),
        }))
        .gzip(true)
        .brotli(true)
        .deflate(true)
        .build()
}

const MAX_REDIRECTS: usize = 10;

/// One semaphore per host, made on first use.
pub(super) struct Hosts {
    per_host: usize,
    map: std::sync::Mutex<HashMap<String, Arc<Semaphore>>>,
    /// Which hosts may be private.
    trusted: Arc<Trusted>,
}

impl Hosts {
    pub(super) fn new(per_host: usize, trusted: Arc<Trusted>) -> Self {
        Hosts {
            per_host: per_host.max(1),
            map: std::sync::Mutex::new(HashMap::new()),
            trusted,
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

/// "1 try", "3 tries".
fn tries_text(tries: u32) -> String {
    if tries == 1 {
        "1 try".into()
    } else {
        format!("{tries} tries")
    }
}

/// Why a URL could not be fetched, in words a person can act on.
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
    #[error(
        "refused: {0} is a private, loopback or link-local address (pass --allow-private if you meant it)"
    )]
    Private(String),
    #[error(
        "a bot check answered instead of the page: save the page from your browser and pass the file"
    )]
    Challenge,
    #[error("{0}")]
    Other(String),
}

pub(super) struct Response {
    pub(super) body: Vec<u8>,
    pub(super) content_type: Option<String>,
    /// Where the redirects ended.
    pub(super) final_url: String,
    pub(super) from_cache: bool,
}

impl Response {
    /// The format its content type names (a page, JSON), else `expected`.
    pub(super) fn format(&self, expected: Format) -> Format {
        match self.content_type.as_deref().map(str::to_ascii_lowercase) {
            Some(ct) if ct.contains("html") => Format::Html,
            Some(ct) if ct.contains("json") => Format::Json,
            _ => expected,
        }
    }

    pub(super) fn charset(&self) -> Option<String> {
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
pub(super) async fn get(
    client: &reqwest::Client,
    hosts: &Hosts,
    url: &str,
    body: Option<&str>,
    accept_json: bool,
    opts: &FetchOptions,
) -> Result<Response, FetchError> {
    if let Some(refused) = reqwest::Url::parse(url)
        .ok()
        .and_then(|u| hosts.trusted.refuses(&u))
    {
        return Err(FetchError::Private(refused.0));
    }
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
                    final_url: hit.final_url,
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
                    final_url: hit.final_url,
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
            send(client, url, body, accept_json, opts).await
        };
        let wait = match outcome {
            Ok(resp) => {
                if let Some(c) = cache {
                    let entry = cache::CachedPage {
                        final_url: resp.final_url.clone(),
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
    accept_json: bool,
    opts: &FetchOptions,
) -> Result<Response, Attempt> {
    let request = match body {
        Some(b) => client
            .post(url)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(b.to_string()),
        None if accept_json => client.get(url).header(header::ACCEPT, "application/json"),
        None => client.get(url),
    };
    let mut resp = request.send().await.map_err(|e| classify(&e))?;
    let status = resp.status();
    // Cloudflare marks every challenge page so, whatever its status.
    if resp
        .headers()
        .get("cf-mitigated")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"challenge"))
    {
        return Err(Attempt::Final(FetchError::Challenge));
    }
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
    if looks_like_challenge(&bytes) {
        return Err(Attempt::Final(FetchError::Challenge));
    }
    Ok(Response {
        body: bytes,
        content_type,
        final_url,
        from_cache: false,
    })
}

fn classify(e: &reqwest::Error) -> Attempt {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(refused) = s.downcast_ref::<PrivateAddress>() {
            return Attempt::Final(FetchError::Private(refused.0.clone()));
        }
        source = s.source();
    }
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

/// A bot check's page rather than the one asked for: small, and made of a challenge's words.
fn looks_like_challenge(body: &[u8]) -> bool {
    if body.len() > 64 * 1024 {
        return false;
    }
    let head = String::from_utf8_lossy(&body[..body.len().min(16 * 1024)]).to_ascii_lowercase();
    [
        "<title>just a moment...</title>",
        "/cdn-cgi/challenge-platform/",
        "cf_chl_opt",
        "challenges.cloudflare.com/turnstile",
        "<title>security check - indeed.com</title>",
        "help us keep glassdoor safe",
        "checking your browser before accessing",
    ]
    .iter()
    .any(|marker| head.contains(marker))
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
