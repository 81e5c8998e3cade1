//! Outgoing e-mail: an idempotent queue (`outbound_emails`, one row per
//! idempotency key, written in the same transaction as what caused it) and a
//! sender that delivers pending messages over SMTP (lettre) or, with the
//! embedded default, writes each one to `{data_dir}/mail/<id>.eml`.

pub mod direct;
pub mod mailer;
pub mod outbox;

pub use mailer::Mailer;
pub use outbox::{after_commit, enqueue, flush, kick};
pub use ringledger_db::repo::{MAX_ATTEMPTS, backoff};
