//! Ringledger's HTTP edge: `routes/<resource>/<action>.rs` hold one
//! actix-web handler each (parse, authorize, call a use case of
//! `ringledger-core`, map the answer), `routes::openapi` the OpenAPI
//! document, `extract` what handlers take from a request (JSON body,
//! principal, switch, site), `gate` the role matrix's one gate, `error` the one error envelope, `headers` the
//! security headers, `cookies` the refresh cookie, `query` the bounded
//! numeric query parameters, `spans` the access log's request spans (no
//! query strings), and `startup` assembles the app.

pub mod cookies;
pub mod error;
pub mod extract;
pub mod gate;
pub mod headers;
pub mod query;
pub mod routes;
pub mod spans;
pub mod startup;
