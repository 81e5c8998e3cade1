//! Which of the SPA's bundles a page belongs to.
//!
//! The SPA is built three times from one crate (issue 23), each bundle
//! holding only the pages its visitors use, so nobody downloads the code of
//! pages they never open:
//!
//! - [`Bundle::Portal`]: a seller's visitors (the portal home, sign-up,
//!   e-mail verification, sign-in and password reset);
//! - [`Bundle::Account`]: a signed-in customer's `/account`, plus the
//!   portal's pages;
//! - [`Bundle::Console`]: every page, staff consoles included.
//!
//! The server answers a path with the page of [`Bundle::for_path`]. A bundle
//! asked to show a path it does not route (a link from the portal to
//! `/account` or `/login`, say) loads the page again from the server, which
//! then sends the bundle that routes it. Both sides decide with this module,
//! so they cannot disagree and the reload cannot loop: the bundle the server
//! sends for a path always routes it ([`Bundle::routes`]).

/// One SPA bundle, from the smallest to the whole app (each routes the
/// pages of those before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bundle {
    /// A seller's visitors: a small download.
    Portal,
    /// A signed-in customer's account pages, and the portal's.
    Account,
    /// Every page, staff consoles included.
    Console,
}

impl Bundle {
    /// The smallest bundle that routes `path` (the URL path, no query).
    pub fn for_path(path: &str) -> Self {
        let trimmed = match path.strip_suffix('/') {
            Some(rest) if !rest.is_empty() => rest,
            _ => path,
        };
        if PORTAL_PATHS.contains(&trimmed) {
            Bundle::Portal
        } else if trimmed == "/account"
            || trimmed
                .strip_prefix("/account/invoices/")
                .is_some_and(|id| !id.is_empty() && !id.contains('/'))
        {
            Bundle::Account
        } else {
            Bundle::Console
        }
    }

    /// Whether this bundle routes `path`: the path belongs to it or to a
    /// smaller bundle.
    pub fn routes(self, path: &str) -> bool {
        Bundle::for_path(path) <= self
    }

    /// The page the server sends for this bundle, in `frontend/dist`.
    pub fn page(self) -> &'static str {
        match self {
            Bundle::Portal => "portal.html",
            Bundle::Account => "account.html",
            Bundle::Console => "index.html",
        }
    }
}

/// The portal bundle's paths (a trailing slash allowed).
const PORTAL_PATHS: [&str; 6] = [
    "/",
    "/signup",
    "/verify-email",
    "/reset-password",
    "/account/login",
    "/account/forgot-password",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_has_the_smallest_bundle_that_routes_it() {
        for (p, bundle) in [
            ("/", Bundle::Portal),
            ("/signup", Bundle::Portal),
            ("/signup/", Bundle::Portal),
            ("/verify-email", Bundle::Portal),
            ("/reset-password", Bundle::Portal),
            ("/account/login", Bundle::Portal),
            ("/account/forgot-password", Bundle::Portal),
            ("/account", Bundle::Account),
            ("/account/", Bundle::Account),
            (
                "/account/invoices/0190d6b2-0000-7000-8000-000000000001",
                Bundle::Account,
            ),
            ("/login", Bundle::Console),
            ("/console", Bundle::Console),
            ("/console/customers", Bundle::Console),
            ("/admin", Bundle::Console),
            ("/auth/handoff", Bundle::Console),
            ("/accept-invite", Bundle::Console),
            ("/forgot-password", Bundle::Console),
            ("/account/invoices/a/b", Bundle::Console),
            ("/account/invoices/", Bundle::Console),
            ("/accountx", Bundle::Console),
            ("/signupx", Bundle::Console),
            ("", Bundle::Console),
        ] {
            assert_eq!(Bundle::for_path(p), bundle, "{p}");
        }
    }

    #[test]
    fn bigger_bundles_route_the_pages_of_smaller_ones() {
        assert!(Bundle::Portal.routes("/signup"));
        assert!(!Bundle::Portal.routes("/account"));
        assert!(!Bundle::Portal.routes("/login"));
        assert!(Bundle::Account.routes("/signup"));
        assert!(Bundle::Account.routes("/account"));
        assert!(!Bundle::Account.routes("/console"));
        for p in ["/", "/account", "/console/calls", "/anything"] {
            assert!(Bundle::Console.routes(p), "{p}");
            // The server's choice always routes the path: no reload loop.
            assert!(Bundle::for_path(p).routes(p), "{p}");
        }
    }

    #[test]
    fn each_bundle_has_its_own_page() {
        assert_eq!(Bundle::Console.page(), "index.html");
        assert_eq!(Bundle::Portal.page(), "portal.html");
        assert_eq!(Bundle::Account.page(), "account.html");
    }
}
