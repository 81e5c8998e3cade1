//! Password resets for staff, customers and platform admins: a single-use
//! link valid [`RESET_MINUTES`] minutes, e-mailed on request (the answer is
//! the same whether or not the address exists, and requests are
//! rate-limited), redeemed with a new password; every session of that login
//! then ends.

use crate::auth::refresh;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use ringledger_db::entities::password_resets;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::i18n::{t, tf};
use ringledger_shared::locale::Locale;
use uuid::Uuid;

/// How long a reset link works, in minutes.
pub const RESET_MINUTES: i64 = 60;

/// Whose password a link resets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A seller's staff member.
    Staff,
    /// An end customer.
    Customer,
    /// A platform administrator.
    Admin,
}

impl Subject {
    fn as_str(self) -> &'static str {
        match self {
            Subject::Staff => "staff",
            Subject::Customer => "customer",
            Subject::Admin => "admin",
        }
    }
}

/// `429`: too many reset requests.
pub fn too_many() -> AppError {
    AppError::new(
        ErrorCode::RateLimited,
        "too many password-reset requests; wait an hour and try again",
    )
}

/// `401 invalid_token` naming `token`.
pub fn invalid() -> AppError {
    AppError::new(
        ErrorCode::InvalidToken,
        "this reset link is invalid, used or expired; ask for a new one",
    )
    .with_field("token")
}

/// Stores a new link for the login (older unused ones stop working) and
/// answers its token.
pub async fn mint(
    repos: &Repos,
    tenant: Option<Uuid>,
    subject: Subject,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<String> {
    repos.spend_resets_of(id, now).await?;
    let minted = refresh::mint();
    repos
        .insert_reset(password_resets::Model {
            id: minted.id,
            tenant_id: tenant,
            subject_kind: subject.as_str().to_owned(),
            subject_id: id,
            token_hash: minted.hash,
            created_at: now,
            expires_at: now + chrono::Duration::minutes(RESET_MINUTES),
            used_at: None,
        })
        .await?;
    Ok(minted.token)
}

/// The unused, unexpired link of `token` for `subject` (not yet spent).
pub async fn find(
    repos: &Repos,
    token: &str,
    subject: Subject,
    now: DateTime<Utc>,
) -> AppResult<password_resets::Model> {
    let (id, secret) = refresh::parse(token).ok_or_else(invalid)?;
    repos
        .reset(id)
        .await?
        .filter(|r| {
            r.subject_kind == subject.as_str()
                && r.used_at.is_none()
                && r.expires_at > now
                && refresh::matches(secret, &r.token_hash)
        })
        .ok_or_else(invalid)
}

/// Spends the link (once, even for concurrent requests).
pub async fn spend(
    repos: &Repos,
    link: &password_resets::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if repos.spend_reset(link.id, now).await? {
        Ok(())
    } else {
        Err(invalid())
    }
}

/// The e-mail text of a reset link, in `locale`; `whose` names the login
/// (already in `locale`, e.g. `Acme account`).
pub fn body(locale: Locale, whose: &str, link: &str) -> String {
    let paragraphs = [
        t(locale, "email-hello"),
        tf(locale, "email-reset-intro", &[("whose", whose.into())]),
        t(locale, "email-reset-choose"),
        link.to_owned(),
        tf(
            locale,
            "email-reset-validity",
            &[("minutes", RESET_MINUTES.into())],
        ),
    ];
    format!("{}\n", paragraphs.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_body_reads_as_it_always_has() {
        assert_eq!(
            body(Locale::En, "Acme account", "https://x/r"),
            "Hello,\n\nsomeone (we hope you) asked to reset the password of your Acme account login.\n\n\
             Choose a new password here:\n\nhttps://x/r\n\n\
             The link works once, for 60 minutes; every device signed in with the old \
             password is then signed out. If you did not ask, ignore this message: your password \
             stays as it is.\n"
        );
        assert!(body(Locale::Fr, "compte Acme", "https://x/r").starts_with("Bonjour,\n\nQuelqu"));
    }
}
