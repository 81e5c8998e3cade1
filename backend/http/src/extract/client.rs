//! [`ClientIp`]: the address rate limits count, behind load balancers too.
//!
//! Without trusted proxies the peer is the client. When the peer is one of
//! `RINGLEDGER_TRUSTED_PROXIES`, the client is the right-most address of
//! `X-Forwarded-For` that is not a trusted proxy: each proxy appends the
//! address it received from, so everything to the left of the first
//! untrusted hop may be forged by the client and is ignored. Without this,
//! every client behind the documented ingress shares one counter (and one
//! client can lock out all the others).

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use ipnet::IpNet;
use std::convert::Infallible;
use std::future::{Ready, ready};
use std::net::{IpAddr, SocketAddr};

/// The proxies whose `X-Forwarded-For` is believed (app data).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// The client's address (`None` only without a peer, e.g. in unit tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequest for ClientIp {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(ClientIp(client_ip(req))))
    }
}

/// The client's address of `req` (see the module's documentation).
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let Some(trusted) = req.app_data::<web::Data<TrustedProxies>>() else {
        return Some(peer);
    };
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    Some(pick(peer, &forwarded, trusted))
}

/// The right-most untrusted hop of `peer` preceded by the `X-Forwarded-For`
/// values (in header order).
fn pick(peer: IpAddr, forwarded: &[&str], trusted: &TrustedProxies) -> IpAddr {
    let mut client = peer;
    if !trusted.trusts(peer) {
        return client;
    }
    let hops = forwarded.iter().flat_map(|v| v.split(',')).rev();
    for hop in hops {
        let Some(ip) = parse_hop(hop.trim()) else {
            // Garbage: the proxy that appended it is the last hop we know.
            return client;
        };
        client = ip;
        if !trusted.trusts(ip) {
            return client;
        }
    }
    client
}

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `::1`,
/// `[::1]:80`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            hop.strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .and_then(|h| h.parse().ok())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn trusted(nets: &[&str]) -> TrustedProxies {
        TrustedProxies(nets.iter().filter_map(|n| n.parse().ok()).collect())
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let t = trusted(&["10.0.0.0/8"]);
        assert_eq!(pick(ip("203.0.113.9"), &["1.1.1.1"], &t), ip("203.0.113.9"));
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        let t = trusted(&["10.0.0.0/8", "192.168.0.0/16"]);
        // The client forged "6.6.6.6"; the ingress appended the real address.
        assert_eq!(
            pick(ip("10.1.2.3"), &["6.6.6.6, 198.51.100.7"], &t),
            ip("198.51.100.7")
        );
        // Two proxies, two header lines, ports and brackets.
        assert_eq!(
            pick(
                ip("10.1.2.3"),
                &["198.51.100.7:5000", "[2001:db8::1]:443, 192.168.1.1"],
                &t
            ),
            ip("2001:db8::1")
        );
        // Only proxies: the left-most of them.
        assert_eq!(pick(ip("10.1.2.3"), &["10.9.9.9"], &t), ip("10.9.9.9"));
        // No header: the proxy itself.
        assert_eq!(pick(ip("10.1.2.3"), &[], &t), ip("10.1.2.3"));
        // Garbage stops the walk at the proxy that wrote it.
        assert_eq!(
            pick(ip("10.1.2.3"), &["198.51.100.7, bogus"], &t),
            ip("10.1.2.3")
        );
    }
}
