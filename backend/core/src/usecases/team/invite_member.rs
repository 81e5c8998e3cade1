//! Inviting someone to the team, and sending an invitation again.

use super::{INVITE_HOURS, invitation_view, require_owner};
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::auth::refresh;
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use ringledger_db::entities::staff_invitations;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::team::{InvitationView, InviteRequest};
use ringledger_shared::status::StaffRole;
use uuid::Uuid;

/// Invites `req.email` with `req.role` (an earlier open invitation to the
/// same address is withdrawn) and e-mails the link. `409 email_taken` when
/// the address already signs in to this tenant.
pub async fn invite_member(
    deps: Deps<'_>,
    me: &StaffPrincipal,
    req: &InviteRequest,
) -> Result<InvitationView, AppError> {
    let invite = req.parse()?;
    if invite.role == StaffRole::Owner {
        require_owner(me)?;
    }
    let tx = deps.repos().tenant(me.tenant_id).await?;
    let email = invite.email.as_str().to_owned();
    if tx.user_by_email(&email).await?.is_some() {
        return Err(AppError::new(
            ErrorCode::EmailTaken,
            "someone with this e-mail already signs in here",
        )
        .with_field("email"));
    }
    let row = send(deps, &tx, me, &email, invite.role).await?;
    let event = Event::new("member.invited", "invitation", row.id)
        .changes(Changes::none().to("email", &email).to("role", invite.role));
    audit::by_staff(&tx, me, event).await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(invitation_view(&row, deps.clock().now()))
}

/// Sends an open invitation again: a new link (the old one stops working)
/// valid for another [`INVITE_HOURS`] hours.
pub async fn resend_invitation(
    deps: Deps<'_>,
    me: &StaffPrincipal,
    id: Uuid,
) -> Result<InvitationView, AppError> {
    let tx = deps.repos().tenant(me.tenant_id).await?;
    let old = tx
        .team()
        .invitation(me.seller_id, id)
        .await?
        .filter(|i| i.accepted_at.is_none() && i.revoked_at.is_none())
        .ok_or_else(|| AppError::not_found("invitation"))?;
    if old.role == StaffRole::Owner {
        require_owner(me)?;
    }
    let row = send(deps, &tx, me, &old.email, old.role).await?;
    let event = Event::new("member.invitation_resent", "invitation", row.id)
        .changes(Changes::none().to("email", &old.email).to("role", old.role));
    audit::by_staff(&tx, me, event).await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(invitation_view(&row, deps.clock().now()))
}

/// Withdraws the open invitations to `email`, stores a new one and queues
/// its e-mail: `{portal}/accept-invite?token=…` on the seller's own portal.
async fn send(
    deps: Deps<'_>,
    tx: &TenantTx,
    me: &StaffPrincipal,
    email: &str,
    role: StaffRole,
) -> AppResult<staff_invitations::Model> {
    let now = deps.clock().now();
    tx.team()
        .withdraw_invitations_to(me.seller_id, email, now)
        .await?;
    let minted = refresh::mint();
    let row = tx
        .team()
        .insert_invitation(staff_invitations::Model {
            tenant_id: me.tenant_id.as_uuid(),
            id: minted.id,
            seller_id: me.seller_id.as_uuid(),
            email: email.to_owned(),
            role,
            token_hash: minted.hash,
            invited_by: me.user_id.as_uuid(),
            created_at: now,
            expires_at: now + chrono::Duration::hours(INVITE_HOURS),
            accepted_at: None,
            revoked_at: None,
        })
        .await?;
    let seller = tx
        .seller(me.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    let portal = deps.urls().seller_portal_url(&tenant.slug, &seller);
    let inviter = crate::usecases::actor(tx, me).await?;
    let link = format!("{portal}/accept-invite?token={}", minted.token);
    let body = format!(
        "Hello,\n\n{inviter} invites you to the {} team on Ringledger, as {}.\n\n\
         Choose your password here:\n\n{link}\n\n\
         The link works once, for {INVITE_HOURS} hours. Then sign in at {portal}/console\n\n\
         If you did not expect this, ignore this message.\n",
        seller.name,
        role.label(),
    );
    crate::email::enqueue(
        tx,
        &format!("team-invite:{}", minted.id),
        email,
        &format!("You are invited to {} on Ringledger", seller.name),
        &body,
        now,
    )
    .await?;
    Ok(row)
}
