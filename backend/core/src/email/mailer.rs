//! Where outgoing mail is delivered: an SMTP server, or one `.eml` file
//! per message under the data directory.

use crate::config::{Settings, absolute};
use anyhow::Context;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use std::path::PathBuf;

/// Where mail goes.
pub enum Mailer {
    /// A real SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `.eml` file per message in a directory.
    Files(PathBuf),
}

impl Mailer {
    /// From the settings: SMTP when `smtp_url` is set, else files.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        match &settings.smtp_url {
            Some(url) if !url.expose_secret().trim().is_empty() => Ok(Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .context("RINGLEDGER_SMTP_URL is not a valid smtp:// URL")?
                    .build(),
            )),
            _ => {
                let dir = absolute(&settings.data_dir)?.join("mail");
                std::fs::create_dir_all(&dir)?;
                Ok(Mailer::Files(dir))
            }
        }
    }
}

#[async_trait::async_trait]
impl crate::ports::MailTransport for Mailer {
    async fn deliver(&self, message: Message) -> anyhow::Result<()> {
        match self {
            Mailer::Smtp(t) => t.send(message).await.map(|_| ()).map_err(Into::into),
            Mailer::Files(dir) => AsyncFileTransport::<Tokio1Executor>::new(dir)
                .send(message)
                .await
                .map(|_| ())
                .map_err(Into::into),
        }
    }
}
