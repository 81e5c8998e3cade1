//! Creating an API key.

use super::view;
use crate::audit::{self, Changes, Event};
use crate::auth::api_key::mint;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::entities::api_keys;
use ringledger_db::repo::Repos;
use ringledger_shared::access::ApiKeyScope;
use ringledger_shared::api::team::{ApiKeyView, CreateApiKeyRequest};
use ringledger_shared::error::FieldError;
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

/// Creates a key of the caller's seller; the answer is the only time the
/// whole key is shown.
pub async fn create_api_key(
    repos: &Repos,
    staff: &StaffPrincipal,
    req: &CreateApiKeyRequest,
) -> Result<ApiKeyView, AppError> {
    let name = DisplayName::parse("name", &req.name)?;
    let scope = ApiKeyScope::parse(req.scope.trim()).ok_or_else(|| {
        FieldError::new(
            "scope",
            "must be one of read_only, billing, catalog, customers",
        )
    })?;
    let now = staff.origin.at;
    let expires_at = match req
        .expires_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(day) => {
            let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map_err(|_| FieldError::new("expires_on", "must be a date like 2027-01-31"))?;
            let end = day
                .succ_opt()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| d.and_utc())
                .filter(|end| *end > now)
                .ok_or_else(|| FieldError::new("expires_on", "must be today or later"))?;
            Some(end)
        }
    };
    let id = Uuid::now_v7();
    let minted = mint(staff.tenant_id, id);
    let last4: String = minted
        .key
        .chars()
        .skip(minted.key.chars().count() - 4)
        .collect();
    let tx = repos.tenant(staff.tenant_id).await?;
    let row = tx
        .team()
        .insert_api_key(api_keys::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id,
            seller_id: staff.seller_id.as_uuid(),
            name: name.as_str().to_owned(),
            scope,
            key_hash: minted.hash,
            last4,
            created_by: staff.user_id.as_uuid(),
            created_at: now,
            expires_at,
            revoked_at: None,
            last_used_at: None,
            last_used_ip: None,
        })
        .await?;
    let event = Event::new("api_key.created", "api_key", id).changes(
        Changes::none()
            .to("name", name.as_str())
            .to("scope", scope)
            .to("expires_at", expires_at),
    );
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    let mut out = view(&row);
    out.key = Some(minted.key);
    Ok(out)
}
