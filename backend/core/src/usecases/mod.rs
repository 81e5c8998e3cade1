//! The use cases the HTTP edge calls, one file per action, mirroring
//! `ringledger-http`'s `routes/<resource>/<action>.rs`: each opens and
//! commits its own transaction and answers its own error enum
//! (`use_case_error!`), which the edge maps to the wire.

pub mod customers;
