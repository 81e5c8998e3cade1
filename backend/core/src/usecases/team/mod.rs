//! A seller's team: listing members and invitations, inviting (the link is
//! e-mailed, single use, valid [`INVITE_HOURS`] hours), accepting on the
//! seller's own portal, changing roles, deactivating and reactivating.
//!
//! Owners are guarded: only an owner may make, change or deactivate an
//! owner, and the seller's last active owner can be neither demoted nor
//! deactivated (the owners are locked while the rule is checked, so two
//! owners demoting each other at the same moment cannot both succeed).

pub mod accept_invitation;
pub mod invite_member;
pub mod list_team;
pub mod revoke_invitation;
pub mod set_active;
pub mod update_member;

use crate::auth::principal::StaffPrincipal;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use ringledger_db::entities::{staff_invitations, users};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::team::{InvitationView, MemberView};
use ringledger_shared::ids::UserId;
use ringledger_shared::status::StaffRole;

/// How long an invitation's link works, in hours.
pub const INVITE_HOURS: i64 = 72;

/// A member as the team page shows it.
pub fn member_view(u: &users::Model, me: &StaffPrincipal) -> MemberView {
    MemberView {
        id: u.id,
        email: u.email.clone(),
        role: u.role,
        active: u.deactivated_at.is_none(),
        is_you: u.id == me.user_id.as_uuid(),
        created_at: u.created_at,
        last_login_at: u.last_login_at,
        two_factor: u.totp_enabled_at.is_some(),
    }
}

/// An invitation as the team page shows it.
pub fn invitation_view(i: &staff_invitations::Model, now: DateTime<Utc>) -> InvitationView {
    InvitationView {
        id: i.id,
        email: i.email.clone(),
        role: i.role,
        created_at: i.created_at,
        expires_at: i.expires_at,
        expired: i.expires_at <= now,
    }
}

/// `403 permission_denied` unless `me` is an owner: only owners make,
/// change or deactivate owners.
pub(crate) fn require_owner(me: &StaffPrincipal) -> AppResult<()> {
    if me.role == Some(StaffRole::Owner) {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::PermissionDenied,
        "only an owner can make, change or deactivate an owner",
    ))
}

/// A member of `me`'s own seller (`404` for anyone else, another seller's
/// or another tenant's).
pub(crate) async fn member_of(
    tx: &TenantTx,
    me: &StaffPrincipal,
    id: uuid::Uuid,
) -> AppResult<users::Model> {
    tx.user(UserId(id))
        .await?
        .filter(|u| u.seller_id == me.seller_id.as_uuid())
        .ok_or_else(|| AppError::not_found("member"))
}

/// `409` when `target`, an active owner, is the last one of the seller
/// (the owners are locked first).
pub(crate) async fn keep_an_owner(tx: &TenantTx, target: &users::Model) -> AppResult<()> {
    if target.role != StaffRole::Owner || target.deactivated_at.is_some() {
        return Ok(());
    }
    let owners = tx
        .team()
        .lock_owners(ringledger_shared::ids::SellerId(target.seller_id))
        .await?;
    if owners.iter().any(|o| o.id != target.id) {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::Conflict,
        "this is the team's last owner: make someone else an owner first",
    ))
}
