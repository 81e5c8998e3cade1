//! Changing a member's role.

use super::{keep_an_owner, member_of, member_view, require_owner};
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::api::team::{MemberView, UpdateMemberRequest, parse_role};
use ringledger_shared::ids::UserId;
use ringledger_shared::status::StaffRole;
use uuid::Uuid;

/// Gives member `id` of the caller's seller the role `req.role`; it applies
/// to the member's next request. Owners are guarded (see the module).
pub async fn update_member(
    repos: &Repos,
    me: &StaffPrincipal,
    id: Uuid,
    req: &UpdateMemberRequest,
) -> Result<MemberView, AppError> {
    let role = parse_role("role", &req.role)?;
    let tx = repos.tenant(me.tenant_id).await?;
    let mut member = member_of(&tx, me, id).await?;
    if member.role == role {
        tx.commit().await?;
        return Ok(member_view(&member, me));
    }
    if member.role == StaffRole::Owner || role == StaffRole::Owner {
        require_owner(me)?;
    }
    keep_an_owner(&tx, &member).await?;
    tx.team().set_role(UserId(member.id), role).await?;
    let event = Event::new("member.role_changed", "user", member.id).changes(Changes::none().set(
        "role",
        member.role,
        role,
    ));
    audit::by_staff(&tx, me, event).await?;
    tx.commit().await?;
    member.role = role;
    Ok(member_view(&member, me))
}
