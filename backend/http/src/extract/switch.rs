//! [`Switch`]: a switch presenting `Authorization: Bearer rlk_…`.

use super::app_state;
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::{Either, LocalBoxFuture, Ready, ready};
use ringledger_core::auth::switch_key::{SwitchPrincipal, presented, verify, verify_cached};
use ringledger_core::state::AppState;

/// The switch behind a valid, unrevoked API key of an active tenant.
#[derive(Debug, Clone, Copy)]
pub struct Switch(pub SwitchPrincipal);

impl FromRequest for Switch {
    type Error = ApiError;
    type Future =
        Either<Ready<Result<Self, ApiError>>, LocalBoxFuture<'static, Result<Self, ApiError>>>;

    /// A key whose state is cached is checked at once, without allocating;
    /// only a cache miss reads the database.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let header = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok());
        let key = match presented(header) {
            Ok(key) => key,
            Err(e) => return Either::Left(ready(Err(e.into()))),
        };
        if let Some(state) = req.app_data::<web::Data<AppState>>()
            && let Some(done) = verify_cached(state, key)
        {
            return Either::Left(ready(done.map(Switch).map_err(Into::into)));
        }
        let state = app_state(req);
        Either::Right(Box::pin(async move {
            let state = state?;
            Ok(Switch(verify(&state, key).await?))
        }))
    }
}
