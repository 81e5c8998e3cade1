//! `GET /metrics`: Prometheus text exposition.

use crate::error::ApiResult;
use actix_web::{HttpRequest, HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use secrecy::ExposeSecret;

/// Request rates and latencies per route, rated CDRs, authorizations,
/// bill-run progress and outbox depth. With `RINGLEDGER_METRICS_TOKEN` set,
/// a scraper sends it as a Bearer token; a site served over https must set
/// one (without it, `/metrics` answers 401 there: the numbers say how much
/// traffic and money moves).
#[utoipa::path(get, path = "/metrics", tag = "health", responses(
    (status = 200, description = "Prometheus text format", content_type = "text/plain"),
    (status = 401, body = ringledger_shared::error::ErrorBody)))]
#[get("/metrics")]
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let token = state
        .settings()
        .metrics_token
        .as_ref()
        .filter(|t| !t.expose_secret().is_empty());
    if token.is_none() && state.settings().public_scheme.eq_ignore_ascii_case("https") {
        return Err(AppError::new(
            ErrorCode::InvalidToken,
            "metrics are private on a public site: set RINGLEDGER_METRICS_TOKEN and send it",
        )
        .into());
    }
    if let Some(token) = token {
        let given = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let ok = given.is_some_and(|g| {
            use subtle::ConstantTimeEq;
            g.as_bytes().ct_eq(token.expose_secret().as_bytes()).into()
        });
        if !ok {
            return Err(AppError::new(
                ErrorCode::InvalidToken,
                "the metrics token is missing or wrong",
            )
            .into());
        }
    }
    let tx = state.repos().platform_read().await?;
    let gauges = tx.metric_gauges().await?;
    tx.commit().await?;
    let text = state
        .metrics()
        .render(&gauges)
        .map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}
