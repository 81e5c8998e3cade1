//! `GET /api/v1/books/check`: the proof, for the whole tenant.

use crate::error::ApiResult;
use crate::extract::Operator;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::books::check_books as use_case;
use ringledger_shared::api::books::BooksCheckReport;

/// Checks the tenant's books: every journal sums to zero, every stored
/// balance equals its postings, every rated call is posted once per chain
/// level at that level's price, every invoice equals its postings; and
/// each seller's trial balance. The operator's staff only (403 otherwise).
#[utoipa::path(get, path = "/api/v1/books/check", tag = "books", security(("bearer" = [])),
    responses((status = 200, body = BooksCheckReport), (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[get("/books/check")]
pub async fn check_books(
    Operator(staff): Operator,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<BooksCheckReport>> {
    let report = use_case::check_books(state.repos(), &staff).await?;
    Ok(web::Json(report))
}
