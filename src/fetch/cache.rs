//! An on-disk cache of fetched responses, so a second run over the same URLs is instant and can
//! run offline. One body file and one metadata line per request, keyed by a hash of the request.

use std::path::{Path, PathBuf};

/// What the cache holds for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedPage {
    pub final_url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        Cache { dir }
    }

    /// The default folder: the user's cache directory, `certfit/http` inside it.
    #[must_use]
    pub fn default_dir() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join("certfit").join("http"))
    }

    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cached response for a request (method, URL, body), if any.
    #[must_use]
    pub fn get(&self, request: &str) -> Option<CachedPage> {
        let key = key(request);
        let meta = std::fs::read_to_string(self.dir.join(format!("{key}.meta"))).ok()?;
        let mut lines = meta.lines();
        // The request is stored (credentials hidden): a hash collision must not serve another
        // page.
        if lines.next()? != stored(request) {
            return None;
        }
        let final_url = lines.next()?.to_string();
        let content_type = lines.next().filter(|l| !l.is_empty()).map(str::to_string);
        let check = lines.next();
        let body = std::fs::read(self.dir.join(format!("{key}.body"))).ok()?;
        // A damaged entry (a body cut short or changed) is no entry: the page is fetched again.
        if check.is_some_and(|c| c != checksum(&body)) {
            return None;
        }
        Some(CachedPage {
            final_url,
            content_type,
            body,
        })
    }

    /// Stores a response; a failure to write only costs the next run a request.
    pub fn put(&self, request: &str, entry: &CachedPage) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let key = key(request);
        let body = self.dir.join(format!("{key}.body"));
        let meta = self.dir.join(format!("{key}.meta"));
        crate::sink::write_atomically(&body, |w| w.write_all(&entry.body))?;
        let text = format!(
            "{}\n{}\n{}\n{}\n",
            stored(request),
            crate::posting::redact_urls(&entry.final_url),
            entry.content_type.as_deref().unwrap_or_default(),
            checksum(&entry.body)
        );
        crate::sink::write_atomically(&meta, |w| w.write_all(text.as_bytes()))
    }
}

/// The request as stored: one line, credentials hidden.
fn stored(request: &str) -> String {
    crate::posting::redact_urls(&request.replace('\n', " ")).into_owned()
}

/// The body's length and hash, to tell a damaged entry.
fn checksum(body: &[u8]) -> String {
    format!("{} {:016x}", body.len(), xxhash_rust::xxh3::xxh3_64(body))
}

/// FNV-1a, 64 bits: stable across builds and platforms, unlike std's hasher.
fn key(request: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in request.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"));
        assert_eq!(cache.get("GET https://a.example/1"), None);
        let e = CachedPage {
            final_url: "https://a.example/1?x".into(),
            content_type: Some("text/html".into()),
            body: b"<p>hi</p>".to_vec(),
        };
        cache.put("GET https://a.example/1", &e).unwrap();
        assert_eq!(cache.get("GET https://a.example/1"), Some(e));
        assert_eq!(cache.get("GET https://a.example/2"), None);
    }

    #[test]
    fn issue_16_damaged_entries_are_refetched_and_credentials_never_stored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let request = "GET https://user:secret@a.example/1";
        let e = CachedPage {
            final_url: "https://user:secret@a.example/1".into(),
            content_type: None,
            body: b"<p>a posting</p>".to_vec(),
        };
        cache.put(request, &e).unwrap();
        for f in std::fs::read_dir(dir.path()).unwrap() {
            let text = std::fs::read(f.unwrap().path()).unwrap();
            assert!(!String::from_utf8_lossy(&text).contains("secret"));
        }
        assert!(cache.get(request).is_some());
        let body = dir.path().join(format!("{}.body", key(request)));
        std::fs::write(&body, b"").unwrap();
        assert_eq!(cache.get(request), None);
    }
}
