//! A staff login proves its e-mail address before its console may take
//! payments or create resellers: the operator's owner gets a single-use
//! link at sign-up (valid [`VERIFY_DAYS`] days; "send it again" makes a new
//! one). Reseller logins, made by their operator, count as verified.

use crate::auth::principal::StaffPrincipal;
use crate::auth::refresh;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use ringledger_db::entities::users;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::ids::UserId;
use uuid::Uuid;

/// How long a verification link works, in days.
pub const VERIFY_DAYS: i64 = 3;

/// `403 email_not_verified`: what the console may not do yet.
pub fn not_verified(email: &str, what: &str) -> AppError {
    AppError::new(
        ErrorCode::EmailNotVerified,
        format!(
            "confirm your e-mail address first: follow the link we sent to {email} \
             (or send it again from the dashboard); until then the console cannot {what}"
        ),
    )
}

/// Refuses `what` unless the staff member's e-mail is verified.
pub async fn require_verified(tx: &TenantTx, staff: &StaffPrincipal, what: &str) -> AppResult<()> {
    let user = tx
        .user(staff.user_id)
        .await?
        .ok_or_else(|| AppError::not_found("user"))?;
    match user.email_verified_at {
        Some(_) => Ok(()),
        None => Err(not_verified(&user.email, what)),
    }
}

/// Why a confirmation link is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFor {
    /// A new operator: the welcome, with its console and portal addresses.
    Welcome,
    /// Asked again from the console.
    Resend,
}

/// Stores a new link for `user` and queues the e-mail carrying it (in the
/// caller's transaction): `{portal}/verify-email?for=staff&token=…`.
pub async fn send_link(
    tx: &TenantTx,
    user: &users::Model,
    portal: &str,
    company: &str,
    now: DateTime<Utc>,
    why: LinkFor,
) -> AppResult<()> {
    let minted = refresh::mint();
    let secret = minted.token.split_once('.').map_or("", |(_, s)| s);
    let token = format!("{}.{secret}", user.id);
    let expires = now + chrono::Duration::days(VERIFY_DAYS);
    tx.set_user_email_check(UserId(user.id), Some((minted.hash, expires)), None)
        .await?;
    let link = format!("{portal}/verify-email?for=staff&token={token}");
    let confirm = format!(
        "Confirm your e-mail address to let the console take card payments and create resellers:\n\n{link}\n\n\
         The link is valid for {VERIFY_DAYS} days. If you did not sign up, ignore this message.\n"
    );
    let (subject, body) = match why {
        LinkFor::Welcome => (
            format!("Welcome to Ringledger, {company}"),
            format!(
                "Hello,\n\nwelcome to Ringledger. {company} has its own addresses:\n\n\
                 Your console (you and your team sign in here): {portal}/console\n\
                 Your customers' portal (they sign up, pay and see their calls here): {portal}/\n\
                 Your switches' API (authorize calls, post CDRs): {portal}/api/v1/\n\n\
                 First steps, each a page of the console: import a rate deck, make plans, \
                 create a switch key, then open your portal and sign up a first customer.\n\n{confirm}"
            ),
        ),
        LinkFor::Resend => (
            format!("Confirm your e-mail for {company} on Ringledger"),
            format!("Hello,\n\nthis is the console of {company}: {portal}/console\n\n{confirm}"),
        ),
    };
    crate::email::enqueue(
        tx,
        &format!("staff-verify:{}", minted.id),
        &user.email,
        &subject,
        &body,
        now,
    )
    .await?;
    Ok(())
}

/// `401`: the link does not (or no longer) work.
fn invalid() -> AppError {
    AppError::new(
        ErrorCode::InvalidToken,
        "this link is invalid or has expired; send a new one from the console",
    )
    .with_field("token")
}

/// Confirms the e-mail of the link's staff member of `seller`; answers the
/// address. The same link twice is harmless.
pub async fn verify(
    tx: &TenantTx,
    seller: Uuid,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let (id, secret) = refresh::parse(token).ok_or_else(invalid)?;
    let user = tx
        .user(UserId(id))
        .await?
        .filter(|u| u.seller_id == seller)
        .ok_or_else(invalid)?;
    if user.email_verified_at.is_some() {
        return Ok(user.email);
    }
    let live = user
        .email_token_expires_at
        .is_some_and(|expires| expires > now);
    let matches = user
        .email_token_hash
        .as_deref()
        .is_some_and(|hash| refresh::matches(secret, hash));
    if !(live && matches) {
        return Err(invalid());
    }
    tx.set_user_email_check(UserId(user.id), None, Some(now))
        .await?;
    Ok(user.email)
}
