//! Creating a plan for one service kind, priced per minute from a rate
//! deck of the operator's catalog, by a flat monthly fee, or both.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::views::plan_view;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::plans;
use ringledger_db::repo::Repos;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::{CreatePlanRequest, PlanView};
use ringledger_shared::ids::DeckId;
use ringledger_shared::money::Currency;
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::validate::{self, DisplayName};
use uuid::Uuid;

/// Parses a service kind field.
pub fn service_kind(field: &str, raw: &str) -> Result<ServiceKind, AppError> {
    ServiceKind::parse(raw).ok_or_else(|| {
        AppError::new(
            ErrorCode::ValidationFailed,
            format!("{field} must be one of calling_card, pinless, sip, video (not “{raw}”)"),
        )
        .with_field(field.to_owned())
    })
}

/// Checks that a deck exists for this tenant and is priced in `currency`.
pub async fn check_deck(tx: &TenantTx, deck_id: Uuid, currency: Currency) -> Result<(), AppError> {
    // Plans and bundles price from the operator's catalog, never from a
    // reseller's own deck.
    let deck = tx
        .catalog()
        .deck(DeckId(deck_id))
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

/// Creates a plan. Every refusal names a field (a name already used is
/// `409 conflict` on `name`), so there is no error enum of its own.
pub async fn create_plan(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    req: &CreatePlanRequest,
) -> Result<PlanView, AppError> {
    let name = DisplayName::parse("name", &req.name)?;
    let kind = service_kind("service_kind", &req.service_kind)?;
    let tx = repos.tenant(staff.tenant_id).await?;
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
        .with_field("deck_id"));
    }
    if let Some(deck_id) = req.deck_id {
        check_deck(&tx, deck_id, currency).await?;
    }
    if tx.catalog().plan_by_name(name.as_str()).await?.is_some() {
        return Err(
            AppError::new(ErrorCode::Conflict, "a plan with this name exists").with_field("name"),
        );
    }
    let plan = tx
        .catalog()
        .insert_plan(plans::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7().into(),
            name: name.as_str().to_owned(),
            service_kind: kind,
            deck_id: req.deck_id.map(DeckId),
            monthly_fee: fee.map(DbDecimal),
            currency: currency.to_string(),
            active: true,
            created_at: clock.now(),
        })
        .await?;
    let view = plan_view(&plan);
    let event = Event::new("plan.created", "plan", plan.id).changes(Changes::created(&view));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(view)
}
