//! The fetcher works for its user only: a page, a redirect or a board's answer cannot send it to a
//! private, loopback or link-local address (a cloud's metadata service at 169.254.169.254, a
//! router, a service on the user's machine) unless the user named that host themselves or passed
//! `--allow-private`. Host names are checked where they resolve (a DNS resolver of our own), and
//! addresses written in URLs before each request and each redirect.

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Which hosts may be private: the ones the user named, or all with `--allow-private`.
#[derive(Debug, Clone, Default)]
pub struct Trusted {
    pub all: bool,
    /// Lower-cased host names and addresses.
    pub hosts: HashSet<String>,
}

impl Trusted {
    /// Trusts the hosts of these URLs.
    pub fn extend<'a>(&mut self, urls: impl IntoIterator<Item = &'a str>) {
        for url in urls {
            if let Some(host) = host_of(url) {
                self.hosts.insert(host);
            }
        }
    }

    fn trusts(&self, host: &str) -> bool {
        self.all
            || self
                .hosts
                .contains(&host.trim_matches(['[', ']']).to_ascii_lowercase())
    }

    /// Why a request to `url` is refused, if it is: its host is a private address written out.
    #[must_use]
    pub fn refuses(&self, url: &reqwest::Url) -> Option<PrivateAddress> {
        let host = url.host_str()?;
        let ip: IpAddr = host.trim_matches(['[', ']']).parse().ok()?;
        (is_private(ip) && !self.trusts(host)).then(|| PrivateAddress(host.to_string()))
    }
}

/// The lower-cased host of a URL.
fn host_of(url: &str) -> Option<String> {
    reqwest::Url::parse(url)
        .ok()?
        .host_str()
        .map(|h| h.trim_matches(['[', ']']).to_ascii_lowercase())
}

/// A request refused because it leads to a private address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "refused: {0} is a private, loopback or link-local address (pass --allow-private if you meant it)"
)]
pub struct PrivateAddress(pub String);

/// Whether an address is not on the public internet.
#[must_use]
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                // Shared address space (carrier-grade NAT), 100.64.0.0/10.
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // Unique local fc00::/7 and link-local fe80::/10.
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Resolves host names with the system's resolver, keeping only public addresses for hosts not
/// trusted.
pub struct Resolver {
    pub trusted: Arc<Trusted>,
}

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let trusted = self.trusted.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if trusted.trusts(&host) {
                return Ok(Box::new(addrs.into_iter()) as Addrs);
            }
            let public: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| !is_private(a.ip()))
                .collect();
            if public.is_empty() && !addrs.is_empty() {
                let shown = format!("{host} ({})", addrs[0].ip());
                return Err(Box::new(PrivateAddress(shown)) as Box<_>);
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_told_apart() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:169.254.169.254",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1", "100.128.0.1"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn only_hosts_the_user_named_may_be_private() {
        let mut trusted = Trusted::default();
        trusted.extend(["http://127.0.0.1:8080/jobs/1"]);
        let url = |u: &str| reqwest::Url::parse(u).unwrap();
        assert!(trusted.refuses(&url("http://127.0.0.1:9/x")).is_none());
        let refused = trusted
            .refuses(&url("http://169.254.169.254/latest/meta-data/"))
            .unwrap();
        assert!(refused.to_string().contains("--allow-private"), "{refused}");
        assert!(trusted.refuses(&url("https://example.com/")).is_none());
        let all = Trusted {
            all: true,
            ..Trusted::default()
        };
        assert!(all.refuses(&url("http://10.0.0.1/")).is_none());
    }
}
