//! `POST /api/v1/switch-keys`.

use super::key_view;
use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Operator;
use actix_web::{HttpResponse, post, web};
use ringledger_core::auth::switch_key::mint;
use ringledger_core::state::AppState;
use ringledger_db::entities::switch_keys;
use ringledger_shared::api::customers::{CreateSwitchKeyRequest, SwitchKeyView};
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

/// Creates a key; the answer is the only time the whole key is shown.
#[utoipa::path(post, path = "/api/v1/switch-keys", tag = "switch", request_body = CreateSwitchKeyRequest, security(("bearer" = [])),
    responses((status = 201, body = SwitchKeyView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[post("/switch-keys")]
pub async fn create_key(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    body: JsonBody<CreateSwitchKeyRequest>,
) -> ApiResult<HttpResponse> {
    let name = DisplayName::parse("name", &body.0.name)?;
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
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let row = tx
        .insert_switch_key(switch_keys::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id,
            name: name.as_str().to_owned(),
            key_hash: minted.hash,
            last4,
            created_at: state.clock().now(),
            revoked_at: None,
        })
        .await?;
    tx.commit().await?;
    let mut view: SwitchKeyView = key_view(&row);
    view.key = Some(minted.key);
    Ok(HttpResponse::Created().json(view))
}
