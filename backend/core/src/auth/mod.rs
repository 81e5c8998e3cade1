//! Authentication: password hashing, access tokens (JWT), rotating refresh
//! tokens, login rate limits, switch keys, and the principals a verified
//! credential becomes (`identify`).

pub mod api_key;
pub mod identify;
pub mod jwt;
pub mod password;
pub mod principal;
pub mod rate_limit;
pub mod refresh;
pub mod secret_box;
pub mod session;
pub mod switch_key;
pub mod two_factor;
