//! The signed-in caller, from the bearer access token: [`Staff`],
//! [`Operator`] (staff of the operator itself), [`Customer`], [`Admin`],
//! or any of them ([`Caller`]). `ringledger_core::auth::identify` does the
//! checking; these only hand its answer to the handler.
//!
//! [`Staff`] hands over the member the gate (`crate::gate`) admitted for
//! the route's permission; on a route the table does not make a staff route
//! there is none and it fails closed (`500`, caught by the role walk).

use super::site::request_host;
use super::{app_state, authorization};
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use ringledger_core::auth::identify;
use ringledger_core::auth::jwt::Claims;
use ringledger_core::auth::principal::{
    AdminPrincipal, CustomerPrincipal, Origin, Principal, StaffPrincipal,
};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use std::future::Future;

/// A tenant's staff user.
#[derive(Debug, Clone, Copy)]
pub struct Staff(pub StaffPrincipal);

/// Staff of the operator itself; a reseller's staff get `403 forbidden`.
#[derive(Debug, Clone, Copy)]
pub struct Operator(pub StaffPrincipal);

/// An end customer.
#[derive(Debug, Clone, Copy)]
pub struct Customer(pub CustomerPrincipal);

/// A platform administrator.
#[derive(Debug, Clone, Copy)]
pub struct Admin(pub AdminPrincipal);

/// Any signed-in caller.
#[derive(Debug, Clone, Copy)]
pub struct Caller(pub Principal);

type Extracted<T> = LocalBoxFuture<'static, Result<T, ApiError>>;

/// Where the request came from (the audit log records it).
fn origin(req: &HttpRequest) -> Origin {
    crate::gate::origin(req)
}

/// Verifies the request's bearer token, then lets `make` turn its claims
/// into the principal, given the host the request was sent to (a token is
/// valid only on the site it was issued for).
fn from_bearer<T, F, Fut>(req: &HttpRequest, make: F) -> Extracted<T>
where
    T: 'static,
    F: FnOnce(AppState, Claims, String, Origin) -> Fut + 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    let (state, header, host) = (app_state(req), authorization(req), request_host(req));
    let origin = origin(req);
    Box::pin(async move {
        let state = state?;
        let claims = identify::bearer(&state, header.as_deref())?;
        Ok(make(state, claims, host, origin).await?)
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        from_bearer(req, |state, claims, host, origin| async move {
            identify::caller(&state, &claims, &host, origin)
                .await
                .map(Caller)
        })
    }
}

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // The gate (`crate::gate`) admitted the member for this route.
        let admitted = req.extensions().get::<StaffPrincipal>().copied();
        let pattern = req.match_pattern().unwrap_or_default();
        Box::pin(async move {
            admitted.map(Staff).ok_or_else(|| {
                AppError::internal(anyhow::anyhow!(
                    "{pattern} takes staff but the route table names no staff permission"
                ))
                .into()
            })
        })
    }
}

impl FromRequest for Customer {
    type Error = ApiError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        from_bearer(req, |state, claims, host, _| async move {
            identify::customer(&state, &claims, &host)
                .await
                .map(Customer)
        })
    }
}

impl FromRequest for Operator {
    type Error = ApiError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (staff, state) = (Staff::from_request(req, payload), app_state(req));
        Box::pin(async move {
            let (Staff(staff), state) = (staff.await?, state?);
            Ok(Operator(identify::operator(&state, staff).await?))
        })
    }
}

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let host = request_host(req);
        let found = app_state(req).and_then(|s| {
            let claims = identify::bearer(&s, authorization(req).as_deref())?;
            Ok((s, claims))
        });
        Box::pin(async move {
            let (state, claims) = found?;
            Ok(Admin(
                identify::admin_with_two_factor(&state, &claims, &host).await?,
            ))
        })
    }
}

/// A platform admin who may not have two-factor sign-in yet: only the
/// enrolment routes take it (every other admin route takes [`Admin`]).
pub struct AdminEnrolling(pub AdminPrincipal);

impl FromRequest for AdminEnrolling {
    type Error = ApiError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let host = request_host(req);
        let admin = app_state(req).and_then(|s| {
            let claims = identify::bearer(&s, authorization(req).as_deref())?;
            Ok(identify::admin(&s, &claims, &host)?)
        });
        Box::pin(async move { Ok(AdminEnrolling(admin?)) })
    }
}
