//! `GET /api/v1/books/journals`: search the staff's seller's journal.

use super::PeriodQuery;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::books::list_journals as use_case;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::Page;
use ringledger_shared::api::books::JournalView;
use ringledger_shared::ledger::JournalKind;
use serde::Deserialize;

/// Journal search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct JournalSearch {
    /// First day, `YYYY-MM-DD` (default: the first of this month).
    pub from: Option<String>,
    /// Last day, inclusive (default: today).
    pub to: Option<String>,
    /// Only this kind (`usage`, `invoice`, `payment`, `refund`,
    /// `card_redemption`, `adjustment`, `credit_note`, `payment_failed`, `opening`).
    pub kind: Option<String>,
    /// Memo or actor containing this text.
    pub q: Option<String>,
}

/// The seller's journals in the period, newest first (at most 500).
#[utoipa::path(get, path = "/api/v1/books/journals", tag = "books", params(JournalSearch), security(("bearer" = [])),
    responses((status = 200, body = Page<JournalView>), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/books/journals")]
pub async fn list_journals(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<JournalSearch>,
) -> ApiResult<web::Json<Page<JournalView>>> {
    let period = PeriodQuery {
        from: q.from.clone(),
        to: q.to.clone(),
    }
    .parse(state.clock().now().date_naive())?;
    let kind = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Some(JournalKind::parse(k).ok_or_else(|| {
            AppError::new(ErrorCode::ValidationFailed, "unknown journal kind").with_field("kind")
        })?),
        None => None,
    };
    let items = use_case::list_journals(
        state.repos(),
        &staff,
        period.start,
        period.end,
        kind,
        q.q.as_deref().map(str::trim),
    )
    .await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
