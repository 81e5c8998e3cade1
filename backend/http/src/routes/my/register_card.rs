//! `POST /api/v1/my/cards/register`: "I have a card" — a stock card from a
//! batch joins the account; its balance is credited.

use super::{account_unavailable, my_account};
use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::customer_view::{Secrets, load};
use ringledger_core::services::ledger::{self, Details};
use ringledger_core::state::AppState;
use ringledger_db::entities::account_services;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::{RegisterCardRequest, ServiceView};
use ringledger_shared::ledger::{Book, JournalKind};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::{AccountStatus, CardStatus, ServiceStatus};
use uuid::Uuid;

fn unknown_card() -> AppError {
    AppError::new(ErrorCode::ValidationFailed, "no unused card has this PIN").with_field("pin")
}

/// Registers a prepaid card to the account (rate-limited per client IP).
#[utoipa::path(post, path = "/api/v1/my/cards/register", tag = "customer", request_body = RegisterCardRequest, security(("bearer" = [])),
    responses((status = 201, body = ServiceView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 429, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/cards/register")]
pub async fn register_card(
    req: HttpRequest,
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<RegisterCardRequest>,
) -> ApiResult<HttpResponse> {
    if !ringledger_core::auth::rate_limit::check_signup(&state, req.peer_addr().map(|a| a.ip()))
        .await?
    {
        return Err(
            AppError::new(ErrorCode::RateLimited, "too many attempts; try again later").into(),
        );
    }
    let pin: String = body
        .0
        .pin
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if pin.is_empty() || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "the PIN is the digits printed on the card",
        )
        .with_field("pin")
        .into());
    }
    let now = state.clock().now();
    let tx = state.repos().tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, &me).await?;
    if account.status != AccountStatus::Active {
        return Err(account_unavailable().into());
    }
    let card = tx
        .card_by_pin(&pin)
        .await?
        .filter(|c| {
            c.status == CardStatus::Stock
                && c.account_id.is_none()
                && c.seller_id == me.seller_id.as_uuid()
        })
        .ok_or_else(unknown_card)?;
    if card.expires_on.is_some_and(|d| d < now.date_naive()) {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "this card has expired")
                .with_field("pin")
                .into(),
        );
    }
    let service = tx
        .insert_service(account_services::Model {
            tenant_id: me.tenant_id.as_uuid(),
            id: Uuid::now_v7(),
            account_id: account.id,
            kind: ServiceKind::CallingCard,
            plan_id: None,
            bundle_subscription_id: None,
            status: ServiceStatus::Active,
            created_at: now,
            ended_at: None,
        })
        .await?;
    // Compare-and-set: of two accounts redeeming one PIN at once, one wins;
    // the other's transaction (its new service too) is rolled back.
    if !tx.redeem_card(card.id, account.id, service.id).await? {
        return Err(unknown_card().into());
    }
    let credit = card.initial_balance.0;
    if !credit.is_zero() {
        let journal = ledger::transfer(
            JournalKind::CardRedemption,
            &account,
            Book::CardStock,
            credit,
            format!("card:{}", card.id),
            now,
        )
        .memo(format!("card {} redeemed", card.serial))
        .actor(customer.email.clone())
        .cause("card", card.id);
        ledger::post(&tx, journal).await?;
    }
    let view = load(&state, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    let s = view
        .services
        .into_iter()
        .find(|s| s.id == service.id)
        .ok_or_else(|| AppError::not_found("service"))?;
    Ok(HttpResponse::Created().json(s))
}
