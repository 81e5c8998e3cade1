//! `POST /api/v1/my/services`: add another service to the account.

use super::{account_unavailable, my_account};
use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{HttpResponse, post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::customer_signup::{check_service, provision};
use ringledger_core::services::customer_view::{Secrets, load};
use ringledger_core::state::AppState;
use ringledger_shared::api::customers::{ServiceRequest, ServiceView};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::{AccountStatus, SubscriptionStatus};
use std::collections::HashSet;

/// Adds a service (with its new credentials, shown once).
#[utoipa::path(post, path = "/api/v1/my/services", tag = "customer", request_body = ServiceRequest, security(("bearer" = [])),
    responses((status = 201, body = ServiceView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/services")]
pub async fn add_service(
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<ServiceRequest>,
) -> ApiResult<HttpResponse> {
    let tx = state.repos().tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, &me).await?;
    if account.status != AccountStatus::Active {
        return Err(account_unavailable().into());
    }
    // Kinds covered by the account's active bundles need no plan.
    let mut bundle_kinds: Vec<ServiceKind> = Vec::new();
    let mut subscription = None;
    let subs = tx.subscriptions_of(&[account.id]).await?;
    let bundles = tx.list_bundles().await?;
    for sub in subs
        .iter()
        .filter(|s| s.status == SubscriptionStatus::Active)
    {
        if let Some((_, kinds, _)) = bundles.iter().find(|(b, _, _)| b.id == sub.bundle_id) {
            bundle_kinds.extend(kinds.iter().copied());
            subscription.get_or_insert(sub.id);
        }
    }
    let wanted = check_service(&tx, "", &body.0, &bundle_kinds, &mut HashSet::new()).await?;
    let sub = if wanted.in_bundle && wanted.plan_id.is_none() {
        subscription
    } else {
        None
    };
    let seller = tx
        .seller(me.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("portal"))?;
    let service = provision(&state, &tx, &seller, account.id, wanted, sub).await?;
    let view = load(&state, &tx, &customer, Secrets::Reveal).await?;
    tx.commit().await?;
    let created = view
        .services
        .into_iter()
        .find(|s| s.id == service.id)
        .ok_or_else(|| AppError::not_found("service"))?;
    Ok(HttpResponse::Created().json(created))
}
