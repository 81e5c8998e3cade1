//! `POST /api/v1/customers`: the operator creates a customer by hand.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::customer_signup::{Origin, sign_up};
use ringledger_core::site::SellerSite;
use ringledger_core::state::AppState;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::api::customers::{CustomerSignupRequest, CustomerSignupResponse};

/// Same rules and answer as the portal sign-up, but the staff vouch for the
/// e-mail: the customer is verified and active at once (calls are
/// authorized without a verification step) and is e-mailed a welcome with
/// the sign-in link.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = CustomerSignupRequest, security(("bearer" = [])),
    responses((status = 201, body = CustomerSignupResponse), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers")]
pub async fn create_customer(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<CustomerSignupRequest>,
) -> ApiResult<HttpResponse> {
    let tx = state.repos().platform().await?;
    let tenant = tx
        .tenant(staff.tenant_id)
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    tx.commit().await?;
    let site = SellerSite {
        tenant_id: staff.tenant_id,
        seller_id: staff.seller_id,
        slug: tenant.slug,
        status: TenantStatus::Active,
    };
    let customer = sign_up(&state, &site, body.0, Origin::Staff).await?;
    Ok(HttpResponse::Created().json(CustomerSignupResponse { customer }))
}
