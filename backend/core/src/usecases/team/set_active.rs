//! Deactivating a member (signed out everywhere at once, cannot sign in;
//! their history stays) and reactivating them.

use super::{keep_an_owner, member_of, member_view, require_owner};
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::team::MemberView;
use ringledger_shared::ids::UserId;
use ringledger_shared::status::{StaffRole, SubjectKind};
use uuid::Uuid;

/// Deactivates (`active == false`) or reactivates member `id` of the
/// caller's seller. Deactivating ends every session of the member at once;
/// one cannot deactivate oneself, and the last owner stays.
pub async fn set_active(
    repos: &Repos,
    clock: &dyn Clock,
    me: &StaffPrincipal,
    id: Uuid,
    active: bool,
) -> Result<MemberView, AppError> {
    if !active && id == me.user_id.as_uuid() {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "you cannot deactivate yourself; ask another owner or admin",
        ));
    }
    let tx = repos.tenant(me.tenant_id).await?;
    let mut member = member_of(&tx, me, id).await?;
    if member.role == StaffRole::Owner {
        require_owner(me)?;
    }
    if member.deactivated_at.is_none() == active {
        tx.commit().await?;
        return Ok(member_view(&member, me));
    }
    let now = clock.now();
    if active {
        tx.team().set_deactivated(UserId(id), None).await?;
        member.deactivated_at = None;
    } else {
        keep_an_owner(&tx, &member).await?;
        tx.team().set_deactivated(UserId(id), Some(now)).await?;
        tx.revoke_subject_sessions(SubjectKind::Staff, id, now)
            .await?;
        member.deactivated_at = Some(now);
    }
    let action = if active {
        "member.reactivated"
    } else {
        "member.deactivated"
    };
    let event = Event::new(action, "user", member.id)
        .changes(Changes::none().set("active", !active, active));
    audit::by_staff(&tx, me, event).await?;
    tx.commit().await?;
    Ok(member_view(&member, me))
}
