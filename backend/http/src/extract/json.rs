//! `JsonBody<T>`: a JSON request body whose errors name the field at fault;
//! `JsonBytes`: the same body read and checked, for a type that borrows
//! from it (`parse_json(&body.0)`, the switch's hot route).
//!
//! Malformed JSON answers `400 invalid_json`; a value of the wrong type
//! answers `400 validation_failed` with `field` set to its path
//! (e.g. `email` or `items[2].price`).

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::FutureExt;
use futures_util::future::{LocalBoxFuture, Map};
use ringledger_core::error::AppError;
use ringledger_shared::ErrorCode;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Largest JSON body accepted (1 MiB).
pub const MAX_JSON_BYTES: usize = 1 << 20;

/// A deserialised JSON body.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

/// A JSON request body, read (at most [`MAX_JSON_BYTES`]) and sent as
/// `application/json`, not parsed yet.
#[derive(Debug)]
pub struct JsonBytes(pub web::Bytes);

/// Parses `bytes` as `T`, naming the failing field.
pub fn parse_json<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::new(
            ErrorCode::InvalidJson,
            "the request needs a JSON body",
        ));
    }
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(AppError::new(
            ErrorCode::InvalidJson,
            "the body must be a JSON object",
        ));
    }
    deserialize_tracked(bytes).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data if path != "." => AppError::new(
                ErrorCode::ValidationFailed,
                format!("{path}: {}", strip_position(&inner.to_string())),
            )
            .with_field(path),
            serde_json::error::Category::Data => AppError::new(
                ErrorCode::InvalidJson,
                format!(
                    "the body has the wrong shape: {}",
                    strip_position(&inner.to_string())
                ),
            ),
            _ => AppError::new(
                ErrorCode::InvalidJson,
                format!("the body is not valid JSON: {inner}"),
            ),
        }
    })
}

/// Deserialises `bytes` as `T`. The common case, a body that parses, pays
/// nothing for the path: it is tracked only on a second pass over a body
/// that failed (deserialising is deterministic, so that pass fails the same
/// way), to name the field at fault.
pub fn deserialize_tracked<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    if let Ok(value) = T::deserialize(&mut serde_json::Deserializer::from_slice(bytes)) {
        return Ok(value);
    }
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(bytes))
}

fn strip_position(msg: &str) -> &str {
    msg.split(" at line ").next().unwrap_or(msg)
}

impl FromRequest for JsonBytes {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type_ok = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case("application/json")
            })
            .unwrap_or(false);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE
                {
                    AppError::new(ErrorCode::PayloadTooLarge, "the request body is too large")
                } else {
                    AppError::new(
                        ErrorCode::InvalidJson,
                        format!("the body could not be read: {e}"),
                    )
                }
            })?;
            if !content_type_ok {
                return Err(AppError::new(
                    ErrorCode::InvalidJson,
                    "send the body as JSON with Content-Type: application/json",
                )
                .into());
            }
            Ok(JsonBytes(bytes))
        })
    }
}

/// How a [`JsonBody`] is made of its [`JsonBytes`].
type Parse<T> = fn(Result<JsonBytes, ApiError>) -> Result<JsonBody<T>, ApiError>;

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Map<<JsonBytes as FromRequest>::Future, Parse<T>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let parse: Parse<T> = |body| Ok(parse_json(&body?.0).map(JsonBody)?);
        JsonBytes::from_request(req, payload).map(parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringledger_shared::api::SignupRequest;

    #[test]
    fn wrong_type_names_the_field() {
        let err = parse_json::<SignupRequest>(br#"{"email": 5}"#).err();
        assert_eq!(
            err.as_ref().map(|e| e.code),
            Some(ErrorCode::ValidationFailed)
        );
        assert_eq!(err.and_then(|e| e.field), Some("email".into()));
    }

    #[test]
    fn a_good_body_parses_and_a_later_fields_error_is_named() {
        let ok = parse_json::<SignupRequest>(br#"{"email": "a@example.test", "slug": "a"}"#);
        assert_eq!(
            ok.ok().map(|r| (r.email, r.slug)),
            Some(("a@example.test".into(), "a".into()))
        );
        // The first pass fails without a path; the second names the field.
        let err =
            parse_json::<SignupRequest>(br#"{"email": "a@example.test", "password": [1]}"#).err();
        assert_eq!(
            err.as_ref().map(|e| e.code),
            Some(ErrorCode::ValidationFailed)
        );
        assert_eq!(err.and_then(|e| e.field), Some("password".into()));
    }

    #[test]
    fn syntax_errors_are_invalid_json() {
        for body in [&b"{"[..], b"not json", b"", b"[1,2]"] {
            let err = parse_json::<SignupRequest>(body).err();
            assert_eq!(
                err.map(|e| e.code),
                Some(ErrorCode::InvalidJson),
                "{body:?}"
            );
        }
    }
}
