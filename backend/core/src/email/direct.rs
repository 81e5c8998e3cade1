//! E-mails with no tenant to queue them: the platform's own messages (an
//! admin's password reset, "Sign in to your console"). Delivered at once;
//! a failure is logged, never shown, so the answer cannot tell whether the
//! address exists.

use crate::error::{AppError, AppResult};
use crate::ports::Deps;

/// Sends a plain-text e-mail now, from the platform's sender address.
pub async fn send_now(deps: Deps<'_>, to: &str, subject: &str, body: String) -> AppResult<()> {
    let message = lettre::Message::builder()
        .from(
            deps.settings()
                .mail_from
                .parse()
                .map_err(|e| AppError::internal(anyhow::anyhow!("mail from: {e}")))?,
        )
        .to(to
            .parse()
            .map_err(|e| AppError::internal(anyhow::anyhow!("recipient: {e}")))?)
        .subject(subject)
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    if let Err(e) = deps.transport().deliver(message).await {
        tracing::warn!(error = %e, subject, "sending a platform e-mail failed");
    }
    Ok(())
}
