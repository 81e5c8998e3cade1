//! Accepting an invitation: the invitee chooses a password on the seller's
//! own portal and becomes a member (the link proved the e-mail address).

use crate::audit::{self, Actor, Changes, Event};
use crate::auth::principal::Origin;
use crate::auth::{password, refresh};
use crate::clock::Clock;
use crate::error::AppError;
use crate::site::Site;
use ringledger_db::entities::users;
use ringledger_db::repo::{Repos, is_unique_violation};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::team::{AcceptInvitationRequest, AcceptedView};
use uuid::Uuid;

/// `401 invalid_token`: the link is unknown, spent, withdrawn or expired.
fn invalid() -> AppError {
    AppError::new(
        ErrorCode::InvalidToken,
        "this invitation link is invalid, used or expired; ask for a new one",
    )
    .with_field("token")
}

/// Redeems the invitation of `req.token` on `site` (it must be the inviting
/// seller's portal): the member is created with the invitation's role. The
/// link works once, even for two requests at the same moment.
pub async fn accept_invitation(
    repos: &Repos,
    clock: &dyn Clock,
    site: &Site,
    origin: Origin,
    req: &AcceptInvitationRequest,
) -> Result<AcceptedView, AppError> {
    let Site::Seller(site) = site else {
        return Err(invalid());
    };
    let (id, secret) = refresh::parse(&req.token).ok_or_else(invalid)?;
    let chosen = req.password()?;
    let hash = password::hash(chosen.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let now = clock.now();
    let tx = repos.tenant(site.tenant_id).await?;
    let invite = tx
        .team()
        .invitation(site.seller_id, id)
        .await?
        .filter(|i| refresh::matches(secret, &i.token_hash) && i.expires_at > now)
        .ok_or_else(invalid)?;
    if !tx.team().spend_invitation(invite.id, now).await? {
        return Err(invalid());
    }
    if tx.user_by_email(&invite.email).await?.is_some() {
        return Err(taken());
    }
    let user = users::Model {
        tenant_id: site.tenant_id.as_uuid(),
        id: Uuid::now_v7(),
        seller_id: invite.seller_id,
        email: invite.email.clone(),
        password_hash: hash,
        role: invite.role,
        created_at: now,
        last_login_at: None,
        email_verified_at: Some(now),
        email_token_hash: None,
        email_token_expires_at: None,
        deactivated_at: None,
        totp_secret: None,
        totp_pending: None,
        totp_enabled_at: None,
        totp_last_step: None,
        recovery_codes: None,
    };
    let joined = match tx.insert_user(user).await {
        Ok(u) => u,
        Err(e) if is_unique_violation(&e) => return Err(taken()),
        Err(e) => return Err(e.into()),
    };
    let event = Event::new("member.joined", "user", joined.id)
        .seller(invite.seller_id)
        .changes(
            Changes::none()
                .to("email", &invite.email)
                .to("role", invite.role),
        );
    let actor = Actor::Anonymous(invite.email.clone());
    audit::record(&tx, &actor, origin, event, now).await?;
    tx.commit().await?;
    Ok(AcceptedView {
        email: invite.email,
        role: invite.role,
    })
}

/// `409 email_taken`.
fn taken() -> AppError {
    AppError::new(
        ErrorCode::EmailTaken,
        "this e-mail already signs in here: sign in instead",
    )
}
