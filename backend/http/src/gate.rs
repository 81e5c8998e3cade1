//! The one gate of the role matrix. Before a request reaches its handler —
//! before its body or query is even parsed — the route it is for is looked
//! up in the route table (`shared::api::routes::matching`); for a staff
//! route the bearer credential is checked and the member's current role
//! must hold the permission the route names, else `401` or `403
//! permission_denied`. The principal is then left in the request for the
//! [`Staff`](crate::extract::Staff) extractor; a handler taking `Staff` on a
//! route the table does not make a staff route finds none and fails closed.

use crate::error::ApiError;
use crate::extract::{app_state, authorization, client_ip, request_host};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest};
use ringledger_core::auth::principal::{Origin, StaffPrincipal};
use ringledger_core::auth::{api_key, identify};
use ringledger_shared::access::{Access, Permission};
use ringledger_shared::api::routes::{self, Method};

/// The table's method for an HTTP method (`None`: not one the API serves).
fn method_of(m: &actix_web::http::Method) -> Option<Method> {
    Some(match *m {
        actix_web::http::Method::GET => Method::Get,
        actix_web::http::Method::POST => Method::Post,
        actix_web::http::Method::PUT => Method::Put,
        actix_web::http::Method::PATCH => Method::Patch,
        actix_web::http::Method::DELETE => Method::Delete,
        _ => return None,
    })
}

/// Where the request came from (the audit log records it).
pub fn origin(req: &HttpRequest) -> Origin {
    Origin {
        ip: client_ip(req),
        request_id: req
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(|id| **id),
        at: app_state(req).map_or_else(|_| chrono::Utc::now(), |s| s.clock().now()),
    }
}

/// The client of `req` as a session records it: its address and browser.
pub fn device(req: &HttpRequest) -> ringledger_core::ports::Device {
    ringledger_core::ports::Device {
        ip: client_ip(req),
        user_agent: req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(200).collect()),
    }
}

/// The signed-in staff member of `req`, holding `needed`.
async fn admit(req: &HttpRequest, needed: Permission) -> Result<StaffPrincipal, ApiError> {
    let state = app_state(req)?;
    let header = authorization(req);
    let bearer = header
        .as_deref()
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        })
        .map(str::trim);
    let staff = match bearer {
        // An API key of the seller's own systems.
        Some(key) if key.starts_with(api_key::PREFIX) => {
            api_key::identify(&state, key, &request_host(req), origin(req)).await?
        }
        _ => {
            let claims = identify::bearer(&state, header.as_deref())?;
            identify::staff(&state, &claims, &request_host(req), origin(req)).await?
        }
    };
    staff.require(needed)?;
    if staff.two_factor_due && needed != Permission::Own {
        return Err(ringledger_core::error::AppError::new(
            ringledger_shared::ErrorCode::PermissionDenied,
            "your team requires two-factor sign-in: turn it on under Your login first",
        )
        .into());
    }
    Ok(staff)
}

/// The middleware (see the module): wraps the `/api/v1` scope.
pub async fn staff_gate(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let needed = method_of(req.method())
        .and_then(|m| routes::matching(m, req.path()))
        .and_then(|r| match r.access {
            Access::Staff(p) => Some(p),
            _ => None,
        });
    if let Some(p) = needed {
        match admit(req.request(), p).await {
            Ok(staff) => {
                req.extensions_mut().insert(staff);
            }
            Err(e) => {
                let res = actix_web::ResponseError::error_response(&e);
                return Ok(req.into_response(res).map_into_right_body());
            }
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
