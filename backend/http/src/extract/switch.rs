//! [`Switch`]: a switch presenting `Authorization: Bearer rlk_…`.

use super::{app_state, authorization};
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use ringledger_core::auth::switch_key::{SwitchPrincipal, authenticate};

/// The switch behind a valid, unrevoked API key of an active tenant.
#[derive(Debug, Clone, Copy)]
pub struct Switch(pub SwitchPrincipal);

impl FromRequest for Switch {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let (state, header) = (app_state(req), authorization(req));
        Box::pin(async move {
            let state = state?;
            Ok(Switch(authenticate(&state, header.as_deref()).await?))
        })
    }
}
