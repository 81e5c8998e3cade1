//! `POST /api/v1/webhooks/stripe/{tenant}/{seller}` (a seller's Stripe
//! account) and `POST /api/v1/webhooks/stripe` (the platform's): signed
//! events, each processed once. Answers 400 to a bad signature, 2xx to
//! anything else we accept (including duplicates and events we ignore).

use crate::error::ApiResult;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::services::payments::{platform, webhook};
use ringledger_core::state::AppState;
use ringledger_shared::ids::TenantId;
use uuid::Uuid;

fn signature(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get("Stripe-Signature")
        .and_then(|v| v.to_str().ok())
}

fn answer(outcome: webhook::Outcome) -> HttpResponse {
    let word = match outcome {
        webhook::Outcome::Processed => "processed",
        webhook::Outcome::Duplicate => "duplicate",
        webhook::Outcome::Ignored => "ignored",
    };
    HttpResponse::Ok().json(serde_json::json!({ "received": true, "outcome": word }))
}

/// Events of a seller's own Stripe account.
#[utoipa::path(post, path = "/api/v1/webhooks/stripe/{tenant}/{seller}", tag = "payments", request_body(content = String, content_type = "application/json"),
    params(("tenant" = Uuid, Path), ("seller" = Uuid, Path)),
    responses((status = 200), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/webhooks/stripe/{tenant}/{seller}")]
pub async fn seller_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let (tenant, seller) = path.into_inner();
    Ok(answer(
        webhook::handle(
            state.deps(),
            TenantId(tenant),
            seller,
            &body,
            signature(&req),
        )
        .await?,
    ))
}

/// Events of the platform's Stripe account (operators' plans).
#[utoipa::path(post, path = "/api/v1/webhooks/stripe", tag = "payments", request_body(content = String, content_type = "application/json"),
    responses((status = 200), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[post("/webhooks/stripe")]
pub async fn platform_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    Ok(answer(
        platform::handle_webhook(state.deps(), &body, signature(&req)).await?,
    ))
}
