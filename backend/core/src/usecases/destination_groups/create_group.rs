//! Creating a destination group (e.g. "North America" = `1`).

use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use ringledger_db::entities::destination_groups;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::{CreateGroupRequest, GroupView};
use ringledger_shared::validate::{self, DisplayName};
use uuid::Uuid;

/// Creates a group of the request's prefixes (sorted, without repeats).
/// Every refusal names a field (a name already used is `409 conflict` on
/// `name`), so there is no error enum of its own.
pub async fn create_group(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    req: &CreateGroupRequest,
) -> Result<GroupView, AppError> {
    let name = DisplayName::parse("name", &req.name)?;
    if req.prefixes.is_empty() {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "prefixes must list at least one prefix",
        )
        .with_field("prefixes"));
    }
    let mut prefixes = req
        .prefixes
        .iter()
        .map(|p| validate::prefix("prefixes", p))
        .collect::<Result<Vec<_>, _>>()?;
    prefixes.sort();
    prefixes.dedup();

    let tx = repos.tenant(staff.tenant_id).await?;
    if tx.catalog().group_by_name(name.as_str()).await?.is_some() {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "a destination group with this name exists",
        )
        .with_field("name"));
    }
    let group = tx
        .catalog()
        .insert_group(
            destination_groups::Model {
                tenant_id: staff.tenant_id.as_uuid(),
                id: Uuid::now_v7(),
                name: name.as_str().to_owned(),
                created_at: clock.now(),
            },
            &prefixes,
        )
        .await?;
    tx.commit().await?;
    Ok(GroupView {
        id: group.id,
        name: group.name,
        prefixes,
    })
}
