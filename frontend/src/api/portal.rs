//! The brand of the site the browser is on.

use super::{ApiError, get_json};
use ringledger_shared::api::PortalView;
use ringledger_shared::api::routes;

/// `GET /api/v1/portal`.
pub async fn get_portal() -> Result<PortalView, ApiError> {
    get_json(routes::GET_PORTAL.rel(), None).await
}
