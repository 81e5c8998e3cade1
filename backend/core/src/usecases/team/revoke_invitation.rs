//! Withdrawing an invitation.

use super::require_owner;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::status::StaffRole;
use uuid::Uuid;

/// Withdraws an open invitation of the caller's seller: its link stops
/// working. Withdrawing it again is harmless; another seller's is `404`.
pub async fn revoke_invitation(
    repos: &Repos,
    clock: &dyn Clock,
    me: &StaffPrincipal,
    id: Uuid,
) -> Result<(), AppError> {
    let tx = repos.tenant(me.tenant_id).await?;
    let found = tx
        .team()
        .invitation(me.seller_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("invitation"))?;
    if found.role == StaffRole::Owner {
        require_owner(me)?;
    }
    if tx.team().withdraw_invitation(id, clock.now()).await? {
        let event = Event::new("member.invitation_withdrawn", "invitation", id)
            .changes(Changes::none().to("email", &found.email));
        audit::by_staff(&tx, me, event).await?;
    }
    tx.commit().await?;
    Ok(())
}
