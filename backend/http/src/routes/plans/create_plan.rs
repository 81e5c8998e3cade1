//! `POST /api/v1/plans`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Operator;
use actix_web::{HttpResponse, post, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::views::plan_view;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::plans;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::{CreatePlanRequest, PlanView};
use ringledger_shared::money::Currency;
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::validate::{self, DisplayName};
use uuid::Uuid;

/// Parses a service kind field.
pub(crate) fn service_kind(field: &str, raw: &str) -> Result<ServiceKind, AppError> {
    ServiceKind::parse(raw).ok_or_else(|| {
        AppError::new(
            ErrorCode::ValidationFailed,
            format!("{field} must be one of calling_card, pinless, sip, video (not `{raw}`)"),
        )
        .with_field(field.to_owned())
    })
}

/// Checks that a deck exists for this tenant and is priced in `currency`.
pub(crate) async fn check_deck(
    tx: &TenantTx,
    deck_id: Uuid,
    currency: Currency,
) -> Result<(), AppError> {
    // Plans and bundles price from the operator's catalog, never from a
    // reseller's own deck.
    let deck = tx
        .deck(deck_id)
        .await?
        .filter(|d| d.seller_id.is_none())
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "deck_id names no rate deck of yours",
            )
            .with_field("deck_id")
        })?;
    if deck.currency != currency.as_str() {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            format!(
                "the deck is priced in {}, the plan in {currency}",
                deck.currency
            ),
        )
        .with_field("deck_id"));
    }
    Ok(())
}

/// Creates a plan for one service kind.
#[utoipa::path(post, path = "/api/v1/plans", tag = "catalog", request_body = CreatePlanRequest,
    security(("bearer" = [])), responses((status = 201, body = PlanView),
    (status = 400, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/plans")]
pub async fn create_plan(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    body: JsonBody<CreatePlanRequest>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let name = DisplayName::parse("name", &req.name)?;
    let kind = service_kind("service_kind", &req.service_kind)?;
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let currency = tx.currency().await?;
    let fee = match req.monthly_fee.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(validate::price("monthly_fee", raw, currency)?),
    };
    if req.deck_id.is_none() && fee.is_none() {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "a plan needs a rate deck (per minute), a monthly fee (flat rate), or both",
        )
        .with_field("deck_id")
        .into());
    }
    if let Some(deck_id) = req.deck_id {
        check_deck(&tx, deck_id, currency).await?;
    }
    if tx.plan_by_name(name.as_str()).await?.is_some() {
        return Err(
            AppError::new(ErrorCode::Conflict, "a plan with this name exists")
                .with_field("name")
                .into(),
        );
    }
    let plan = tx
        .insert_plan(plans::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7(),
            name: name.as_str().to_owned(),
            service_kind: kind,
            deck_id: req.deck_id,
            monthly_fee: fee.map(DbDecimal),
            currency: currency.to_string(),
            active: true,
            created_at: state.clock().now(),
        })
        .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(plan_view(&plan)))
}
