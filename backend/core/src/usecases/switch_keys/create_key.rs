//! Minting a switch key.

use super::key_view;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::auth::switch_key::mint;
use crate::clock::Clock;
use crate::error::AppError;
use ringledger_db::entities::switch_keys;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::{CreateSwitchKeyRequest, SwitchKeyView};
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

/// Creates a key; the answer is the only time the whole key is shown.
pub async fn create_key(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    req: &CreateSwitchKeyRequest,
) -> Result<SwitchKeyView, AppError> {
    let name = DisplayName::parse("name", &req.name)?;
    let id = Uuid::now_v7();
    let minted = mint(staff.tenant_id, id);
    let last4: String = minted
        .key
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tx = repos.tenant(staff.tenant_id).await?;
    let row = tx
        .sellers()
        .insert_switch_key(switch_keys::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id,
            name: name.as_str().to_owned(),
            key_hash: minted.hash,
            last4,
            created_at: clock.now(),
            revoked_at: None,
        })
        .await?;
    let event = Event::new("switch_key.created", "switch_key", id).changes(
        Changes::none()
            .to("name", name.as_str())
            .to("last4", &row.last4),
    );
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    let mut view = key_view(&row);
    view.key = Some(minted.key);
    Ok(view)
}
