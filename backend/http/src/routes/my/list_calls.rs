//! `GET /api/v1/my/calls`: the customer's calls, a page at a time.

use crate::error::ApiResult;
use crate::extract::Customer;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::calls::{self as use_case, CallFilter};
use ringledger_shared::api::Page;
use ringledger_shared::api::my_calls::MyCallView;
use serde::Deserialize;
use uuid::Uuid;

/// Which of the customer's calls.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CallSearch {
    /// Only this service's calls.
    pub service_id: Option<Uuid>,
    /// Part of the number called.
    #[serde(default)]
    pub number: String,
    /// From this day or instant (`YYYY-MM-DD` or RFC 3339), inclusive.
    pub from: Option<String>,
    /// Until this day (inclusive) or instant (exclusive).
    pub to: Option<String>,
    /// Rows to skip.
    #[serde(default, deserialize_with = "crate::query::offset")]
    #[param(maximum = 10_000_000)]
    pub offset: u64,
    /// Rows per page, 1–500 (default 100).
    #[serde(default, deserialize_with = "crate::query::limit")]
    pub limit: Option<u64>,
}

impl CallSearch {
    /// The filters as the use cases take them (checked there).
    pub(crate) fn filter(&self) -> CallFilter<'_> {
        CallFilter {
            service_id: self.service_id,
            number: &self.number,
            from: self.from.as_deref(),
            to: self.to.as_deref(),
            offset: self.offset,
        }
    }
}

/// The customer's rated calls, newest first (numbers masked per the
/// seller's setting).
#[utoipa::path(get, path = "/api/v1/my/calls", tag = "customer", params(CallSearch), security(("bearer" = [])),
    responses((status = 200, body = Page<MyCallView>), (status = 400, body = ringledger_shared::error::ErrorBody),
        (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/my/calls")]
pub async fn list_calls(
    Customer(me): Customer,
    state: web::Data<AppState>,
    q: web::Query<CallSearch>,
) -> ApiResult<web::Json<Page<MyCallView>>> {
    let page = use_case::list_calls(state.repos(), &me, &q.filter(), q.limit).await?;
    Ok(web::Json(page))
}
