//! A text upload (a CSV list) read whole, with a size cap: an upload that
//! breaks off or is not UTF-8 is a `400` naming `file`, one too large a `413`.

use crate::error::ApiResult;
use actix_web::web;
use futures_util::StreamExt;
use ringledger_core::error::AppError;
use ringledger_shared::ErrorCode;

/// The body of `payload` as text, at most `max_bytes` (`what` names the
/// upload in the `413`'s message, e.g. "the list").
pub async fn read_text(
    payload: &mut web::Payload,
    max_bytes: usize,
    what: &str,
) -> ApiResult<String> {
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::new(
                ErrorCode::ValidationFailed,
                format!("the upload broke off: {e}"),
            )
            .with_field("file")
        })?;
        if bytes.len() + chunk.len() > max_bytes {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("{what} may be {} MiB at most", max_bytes >> 20),
            )
            .into());
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        AppError::new(ErrorCode::ValidationFailed, "the file must be UTF-8 text")
            .with_field("file")
            .into()
    })
}
