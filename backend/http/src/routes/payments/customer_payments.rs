//! `GET/POST /api/v1/customers/{id}/payments`: a customer's payments, and
//! payments received by hand (transfer, cash) — the way to get paid when
//! card payments are not configured.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, get, post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::payments::{settle, views::payment_view};
use ringledger_core::state::AppState;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::payments;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::Page;
use ringledger_shared::api::payments::{ManualPaymentRequest, PaymentView};
use ringledger_shared::money::Currency;
use ringledger_shared::status::{InvoiceStatus, PaymentStatus};
use ringledger_shared::status::{PaymentMethod, PaymentPurpose};
use ringledger_shared::validate::{self, DisplayName};
use rust_decimal::Decimal;
use uuid::Uuid;

/// The customer's payments and attempts, newest first (at most 200).
#[utoipa::path(get, path = "/api/v1/customers/{id}/payments", tag = "payments", params(("id" = Uuid, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Page<PaymentView>), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/customers/{id}/payments")]
pub async fn list_customer_payments(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<PaymentView>>> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let (customer, account) = crate::routes::customers::staff_customer(&tx, &staff, *id).await?;
    let rows = tx.payments_of_account(account.id, 200).await?;
    let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
    let refunds = tx.refunds_of(&ids).await?;
    tx.commit().await?;
    let items: Vec<PaymentView> = rows
        .iter()
        .map(|p| payment_view(p, &refunds, Some(customer.id)))
        .collect();
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}

/// Records a payment received by hand; it credits the balance and, if
/// given, pays the invoice.
#[utoipa::path(post, path = "/api/v1/customers/{id}/payments", tag = "payments", request_body = ManualPaymentRequest,
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 201, body = PaymentView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/payments")]
pub async fn record_payment(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<ManualPaymentRequest>,
) -> ApiResult<HttpResponse> {
    let reference = DisplayName::parse("reference", &body.0.reference)?;
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (customer, account) = crate::routes::customers::staff_customer(&tx, &staff, *id).await?;
    let currency = Currency::parse(&account.currency).unwrap_or(Currency::USD);
    let amount = validate::positive_amount("amount", &body.0.amount, currency)?;
    if let Some(inv) = body.0.invoice_id {
        let invoice = tx
            .invoice(inv)
            .await?
            .filter(|i| i.account_id == account.id)
            .ok_or_else(|| {
                AppError::from(ringledger_shared::error::FieldError::new(
                    "invoice_id",
                    "is not an invoice of this customer",
                ))
            })?;
        if invoice.status == InvoiceStatus::Void {
            return Err(AppError::new(ErrorCode::Conflict, "the invoice is void")
                .with_field("invoice_id")
                .into());
        }
    }
    let actor = tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_else(|| "staff".into());
    let now = state.clock().now();
    let p = tx
        .insert_payment(payments::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7(),
            account_id: account.id,
            invoice_id: body.0.invoice_id,
            purpose: if body.0.invoice_id.is_some() {
                PaymentPurpose::Invoice
            } else {
                PaymentPurpose::TopUp
            },
            method: PaymentMethod::Manual,
            status: PaymentStatus::Pending,
            amount: DbDecimal(amount),
            refunded: DbDecimal(Decimal::ZERO),
            currency: account.currency.clone(),
            checkout_session_id: None,
            payment_intent_id: None,
            reference: reference.as_str().to_owned(),
            failure: None,
            attempts: 0,
            next_attempt_at: None,
            created_by: actor.chars().take(100).collect(),
            created_at: now,
            settled_at: None,
        })
        .await?;
    settle::succeed(&tx, &state, p.id, None, None, None, false).await?;
    let p = tx
        .payment(p.id)
        .await?
        .ok_or_else(|| AppError::not_found("payment"))?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(payment_view(&p, &[], Some(customer.id))))
}
