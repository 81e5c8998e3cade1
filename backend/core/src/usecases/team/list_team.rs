//! The team page: members and open invitations.

use super::{invitation_view, member_view};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::api::team::TeamView;

/// The members of the caller's seller and its open invitations.
pub async fn list_team(
    repos: &Repos,
    clock: &dyn Clock,
    me: &StaffPrincipal,
) -> Result<TeamView, AppError> {
    let tx = repos.tenant_read(me.tenant_id).await?;
    let members = tx.team().members(me.seller_id).await?;
    let invitations = tx.team().open_invitations(me.seller_id).await?;
    let required = tx
        .seller(me.seller_id)
        .await?
        .is_some_and(|s| s.require_two_factor);
    tx.commit().await?;
    let now = clock.now();
    Ok(TeamView {
        members: members.iter().map(|u| member_view(u, me)).collect(),
        invitations: invitations
            .iter()
            .map(|i| invitation_view(i, now))
            .collect(),
        two_factor_required: required,
    })
}
