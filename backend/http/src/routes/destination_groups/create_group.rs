//! `POST /api/v1/destination-groups`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Operator;
use actix_web::{HttpResponse, post, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_db::entities::destination_groups;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::{CreateGroupRequest, GroupView};
use ringledger_shared::validate::{self, DisplayName};
use uuid::Uuid;

/// Creates a destination group (e.g. "North America" = `1`).
#[utoipa::path(post, path = "/api/v1/destination-groups", tag = "catalog", request_body = CreateGroupRequest,
    security(("bearer" = [])), responses((status = 201, body = GroupView),
    (status = 400, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/destination-groups")]
pub async fn create_group(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    body: JsonBody<CreateGroupRequest>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let name = DisplayName::parse("name", &req.name)?;
    if req.prefixes.is_empty() {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "prefixes must list at least one prefix",
        )
        .with_field("prefixes")
        .into());
    }
    let mut prefixes = req
        .prefixes
        .iter()
        .map(|p| validate::prefix("prefixes", p))
        .collect::<Result<Vec<_>, _>>()?;
    prefixes.sort();
    prefixes.dedup();

    let tx = state.repos().tenant(staff.tenant_id).await?;
    if tx.group_by_name(name.as_str()).await?.is_some() {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "a destination group with this name exists",
        )
        .with_field("name")
        .into());
    }
    let group = tx
        .insert_group(
            destination_groups::Model {
                tenant_id: staff.tenant_id.as_uuid(),
                id: Uuid::now_v7(),
                name: name.as_str().to_owned(),
                created_at: state.clock().now(),
            },
            &prefixes,
        )
        .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(GroupView {
        id: group.id,
        name: group.name,
        prefixes,
    }))
}
