//! `POST /api/v1/payments/{id}/refunds`: give back all or part of a payment
//! (through Stripe for card payments, with an idempotency key).

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::payments::stripe_api::Metadata;
use ringledger_core::services::payments::{
    failure_error, gateway, settle, to_minor, views::payment_view,
};
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::payments::{PaymentView, RefundRequest};
use ringledger_shared::error::FieldError;
use ringledger_shared::money::Currency;
use ringledger_shared::status::PaymentMethod;
use ringledger_shared::status::{PaymentStatus, RefundStatus};
use ringledger_shared::validate::{self, DisplayName};
use rust_decimal::Decimal;
use uuid::Uuid;

/// Refunds a payment, fully or partly.
#[utoipa::path(post, path = "/api/v1/payments/{id}/refunds", tag = "payments", request_body = RefundRequest,
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 201, body = PaymentView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/payments/{id}/refunds")]
pub async fn refund_payment(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<RefundRequest>,
) -> ApiResult<HttpResponse> {
    let reason = DisplayName::parse("reason", &body.0.reason)?;
    // 1. Reserve the amount: a pending refund row, under the account lock.
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let p = tx
        .payment(*id)
        .await?
        .ok_or_else(|| AppError::not_found("payment"))?;
    let account = tx
        .account_for_update(p.account_id)
        .await?
        .filter(|a| a.seller_id == staff.seller_id.as_uuid())
        .ok_or_else(|| AppError::not_found("payment"))?;
    let p = tx
        .payment(p.id)
        .await?
        .ok_or_else(|| AppError::not_found("payment"))?;
    if p.status != PaymentStatus::Succeeded {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!(
                "only a succeeded payment can be refunded (this one is {})",
                p.status
            ),
        )
        .into());
    }
    let reserved: Decimal = tx
        .refunds_of(&[p.id])
        .await?
        .iter()
        .filter(|r| r.status != RefundStatus::Failed)
        .map(|r| r.amount.0)
        .sum();
    let left = p.amount.0 - reserved;
    let currency = Currency::parse(&p.currency).unwrap_or(Currency::USD);
    let amount = match body
        .0
        .amount
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(raw) => validate::positive_amount("amount", raw, currency)?,
        None => left,
    };
    if amount > left || left <= Decimal::ZERO {
        return Err(AppError::from(FieldError::new(
            "amount",
            format!("at most {left} {} is left to refund", p.currency),
        ))
        .into());
    }
    let actor = tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_else(|| "staff".into());
    let refund = tx
        .insert_refund(settle::new_refund(
            &tx,
            &state,
            p.id,
            amount,
            reason.as_str(),
            &actor,
        ))
        .await?;
    let g = if p.method == PaymentMethod::Card {
        Some(gateway::require(&state, &tx, account.seller_id).await?)
    } else {
        None
    };
    tx.commit().await?;

    // 2. Stripe (card payments), outside any transaction.
    let mut provider_ref = None;
    if let Some(g) = g {
        let intent = p.payment_intent_id.clone().unwrap_or_default();
        let minor = to_minor(amount, &p.currency).unwrap_or(0);
        let mut meta = Metadata::new();
        meta.insert("refund_id".into(), refund.id.to_string());
        match g
            .api
            .refund(&intent, minor, &meta, &format!("refund:{}", refund.id))
            .await
        {
            Ok(r) => provider_ref = Some(r.id),
            Err(e) => {
                let tx = state.repos().tenant(staff.tenant_id).await?;
                if let Some(mut r) = tx.refund(refund.id).await? {
                    r.status = RefundStatus::Failed;
                    tx.update_refund(r).await?;
                }
                tx.commit().await?;
                return Err(failure_error(e).into());
            }
        }
    }

    // 3. Apply it: ledger, payment, invoice.
    let tx = state.repos().tenant(staff.tenant_id).await?;
    settle::refund_done(&tx, &state, refund.id, provider_ref.as_deref()).await?;
    let p = tx
        .payment(p.id)
        .await?
        .ok_or_else(|| AppError::not_found("payment"))?;
    let refunds = tx.refunds_of(&[p.id]).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(payment_view(&p, &refunds, None)))
}
