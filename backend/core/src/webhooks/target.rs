//! Where a webhook may be sent: an `https://` address on the public
//! internet. A seller (or a reseller's staff) chooses the URL, so the
//! sender must not become a way into the operator's own network: private,
//! loopback, link-local (cloud metadata) and other special addresses are
//! refused when the URL is registered *and* every time it is resolved
//! (the HTTP client's resolver drops them, so a name that later resolves
//! inside cannot be used). `RINGLEDGER_WEBHOOKS_ALLOW_PRIVATE=true` lifts
//! both rules for development and tests (plain `http://`, local receivers).

use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use url::Url;

/// How long an endpoint has to answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Why a URL cannot be an endpoint (the message names the rule).
pub type Refusal = &'static str;

/// Checks a URL a seller typed: absolute, `https` (or `http` when private
/// targets are allowed), no credentials, a public address if it is one.
pub fn parse(raw: &str, allow_private: bool) -> Result<Url, Refusal> {
    let raw = raw.trim();
    if raw.len() > 2048 {
        return Err("must be at most 2048 characters");
    }
    let url = Url::parse(raw)
        .map_err(|_| "must be an absolute URL like https://crm.example.com/hooks")?;
    // Stored as written out (percent-encoded, punycode): it must still fit.
    if url.as_str().len() > 2048 {
        return Err("must be at most 2048 characters once encoded");
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        _ => return Err("must start with https://"),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password");
    }
    if url.fragment().is_some() {
        return Err("must not have a #fragment");
    }
    let Some(host) = url.host() else {
        return Err("must name a host");
    };
    if !allow_private {
        match host {
            url::Host::Ipv4(ip) if !is_public(IpAddr::V4(ip)) => {
                return Err("must be a public address (not private, loopback or link-local)");
            }
            url::Host::Ipv6(ip) if !is_public(IpAddr::V6(ip)) => {
                return Err("must be a public address (not private, loopback or link-local)");
            }
            url::Host::Domain(d) if is_local_name(d) => {
                return Err("must be a public host name");
            }
            _ => {}
        }
    }
    Ok(url)
}

/// Names that never leave the machine or the site.
fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || [
            ".localhost",
            ".local",
            ".internal",
            ".localdomain",
            ".home.arpa",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
        || !name.contains('.')
}

/// Ranges that are not the public internet (RFC 6890 and friends).
const BLOCKED: &[&str] = &[
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "::/128",
    "::1/128",
    // NAT64 and 6to4 embed an IPv4 address (possibly a private one).
    "64:ff9b::/96",
    "64:ff9b:1::/48",
    "2002::/16",
    "100::/64",
    "2001:db8::/32",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
];

/// Whether `ip` is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    let ip = match ip {
        // An IPv4 address mapped or embedded in IPv6 is judged as IPv4.
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    !BLOCKED
        .iter()
        .filter_map(|net| net.parse::<IpNet>().ok())
        .any(|net| net.contains(&ip))
}

/// The HTTP client's resolver: the system's, without the addresses
/// [`is_public`] refuses (a name resolving only inside fails to connect).
#[derive(Debug, Clone, Copy)]
pub struct PublicResolver;

impl reqwest::dns::Resolve for PublicResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// The HTTP client of the sender: no redirects followed, a time limit,
/// and (unless private targets are allowed) a resolver that refuses
/// addresses off the public internet.
pub fn client(allow_private: bool) -> anyhow::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .connect_timeout(std::time::Duration::from_secs(5))
        .user_agent(concat!("Ringledger-Webhooks/", env!("CARGO_PKG_VERSION")));
    if !allow_private {
        builder = builder.dns_resolver(std::sync::Arc::new(PublicResolver));
    }
    Ok(builder.build()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_public_https_url() {
        assert!(parse("https://crm.example.com/hooks?x=1", false).is_ok());
        assert!(parse("https://93.184.216.34/h", false).is_ok());
        // Fits as typed, not once percent-encoded.
        let spaces = format!("https://crm.example.com/{}", "é".repeat(1000));
        assert!(parse(&spaces, false).is_err());
        for bad in [
            "http://crm.example.com/hooks",
            "ftp://crm.example.com/",
            "crm.example.com/hooks",
            "https://user:pw@crm.example.com/",
            "https://127.0.0.1/",
            "https://10.1.2.3/",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[fd00::1]/",
            "https://localhost:8080/",
            "https://db.internal/",
            "https://intranet/",
            "https://0.0.0.0/",
        ] {
            assert!(parse(bad, false).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn development_may_post_to_local_receivers() {
        assert!(parse("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(parse("http://localhost:9000/hook", true).is_ok());
        assert!(parse("ftp://localhost/", true).is_err());
    }

    #[test]
    fn judges_addresses() {
        let public = |s: &str| is_public(s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0])));
        assert!(public("8.8.8.8"));
        assert!(public("2606:4700::1111"));
        assert!(!public("192.168.1.1"));
        assert!(!public("100.64.0.1"));
        assert!(!public("::ffff:10.0.0.1"));
        assert!(!public("fe80::1"));
        assert!(!public("64:ff9b::a00:1"), "NAT64 of 10.0.0.1");
        assert!(!public("2002:a00:1::1"), "6to4 of 10.0.0.1");
    }
}
