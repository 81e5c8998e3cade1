//! Authentication: password hashing, access tokens (JWT), rotating refresh
//! tokens, login rate limits and the `Principal` extractors.

pub mod jwt;
pub mod password;
pub mod principal;
pub mod rate_limit;
pub mod refresh;
pub mod secret_box;
pub mod session;
pub mod switch_key;
