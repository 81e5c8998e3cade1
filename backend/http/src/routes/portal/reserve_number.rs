//! `POST /api/v1/portal/numbers/{id}/reserve`: holds a free number for a
//! visitor signing up (public, rate-limited per client address).

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::portal::numbers as use_case;
use ringledger_shared::api::numbers::NumberReservation;
use uuid::Uuid;

/// Holds the number for 15 minutes for whoever presents the secret in the
/// answer (in the sign-up's `services[].numbers[].reservation`). A number
/// no longer free answers 404.
#[utoipa::path(post, path = "/api/v1/portal/numbers/{id}/reserve", tag = "portal", params(("id" = Uuid, Path)),
    responses((status = 201, body = NumberReservation), (status = 404, body = ringledger_shared::error::ErrorBody),
    (status = 429, body = ringledger_shared::error::ErrorBody)))]
#[post("/portal/numbers/{id}/reserve")]
pub async fn reserve_number(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let ip = crate::extract::client_ip(&req);
    let held = use_case::reserve_number(state.repos(), state.clock(), &site, *id, ip).await?;
    Ok(HttpResponse::Created().json(held))
}
