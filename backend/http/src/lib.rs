//! Ringledger's HTTP edge: `routes/<resource>/<action>.rs` hold one
//! actix-web handler each (parse, authorize, call a use case of
//! `ringledger-core`, map the answer), `routes::openapi` the OpenAPI
//! document, `extract` the JSON and query extractors with the one error
//! envelope, and `startup` assembles the app.

pub mod extract;
pub mod routes;
pub mod startup;
