//! The platform's "Sign in to your console": a company's portal address
//! answers with its console's sign-in page; an e-mail address is sent the
//! links to every console it signs in to (the answer never tells whether
//! it signs in anywhere).

use crate::auth::principal::Origin;
use crate::auth::rate_limit;
use crate::error::{AppError, AppResult};
use crate::site::{self, Site};
use crate::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::{FindConsoleRequest, FindConsoleResponse};
use ringledger_shared::validate::Email;

/// Finds the console of a portal address, or e-mails an address its
/// consoles. `404` naming `address` when no portal lives at the address;
/// `429` past the hourly limits of e-mails.
pub async fn find_console(
    state: &AppState,
    req: &FindConsoleRequest,
    origin: Origin,
) -> AppResult<FindConsoleResponse> {
    let raw = req.address.trim();
    if raw.is_empty() {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "enter your company's portal address or your e-mail address",
        )
        .with_field("address"));
    }
    if raw.contains('@') {
        let email = Email::parse("address", raw)?;
        email_consoles(state, &email, origin).await?;
        return Ok(FindConsoleResponse {
            login_url: None,
            emailed: true,
        });
    }
    let deps = state.deps();
    let host = portal_host(raw, &deps.settings().base_domain).ok_or_else(no_portal)?;
    match site::resolve(state, &host).await? {
        Some(Site::Seller(_)) => Ok(FindConsoleResponse {
            login_url: Some(format!("{}/login", deps.public_url(&host))),
            emailed: false,
        }),
        _ => Err(no_portal()),
    }
}

fn no_portal() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "no portal lives at this address; check the spelling, or enter your e-mail instead",
    )
    .with_field("address")
}

/// The host name of a portal address as people type it: a bare slug
/// (`acme` → `acme.{base}`), a host name, or a URL (scheme, port and path
/// dropped). `None` when it cannot be a host name.
fn portal_host(raw: &str, base_domain: &str) -> Option<String> {
    let lower = raw.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = site::host_name(authority);
    let valid = !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if !valid {
        return None;
    }
    Some(if host.contains('.') || host == base_domain {
        host
    } else {
        format!("{host}.{base_domain}")
    })
}

/// E-mails `email` the sign-in pages of its consoles, if it has any. The
/// lookup and the delivery run after the answer, so how long the answer
/// takes does not tell whether the address signs in anywhere.
async fn email_consoles(state: &AppState, email: &Email, origin: Origin) -> AppResult<()> {
    if !rate_limit::check_console_links(state.repos(), email.as_str(), origin.ip).await? {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "too many requests for this address; wait an hour and try again",
        ));
    }
    let state = state.clone();
    let email = email.as_str().to_owned();
    tokio::spawn(async move {
        if let Err(e) = send_console_links(&state, &email).await {
            tracing::warn!(error = ?e, "sending console links failed");
        }
    });
    Ok(())
}

async fn send_console_links(state: &AppState, email: &str) -> AppResult<()> {
    let deps = state.deps();
    let tx = deps.repos().platform_read().await?;
    let consoles = tx.consoles_of_email(email).await?;
    tx.commit().await?;
    if consoles.is_empty() {
        return Ok(());
    }
    let links: Vec<String> = consoles
        .iter()
        .map(|(tenant, seller)| {
            let portal = deps.urls().seller_portal_url(&tenant.slug, seller);
            format!("{}: {portal}/login", seller.name)
        })
        .collect();
    let body = format!(
        "Hello,\n\nyou asked where to sign in. This address signs in to:\n\n{}\n\n\
         If you did not ask, you can ignore this e-mail.\n\nRingledger\n",
        links.join("\n")
    );
    crate::email::direct::send_now(deps, email, "Your Ringledger consoles", body).await
}

#[cfg(test)]
mod tests {
    use super::portal_host;

    #[test]
    fn portal_addresses_read_as_people_type_them() {
        let base = "ringledger.test";
        assert_eq!(
            portal_host("acme", base).as_deref(),
            Some("acme.ringledger.test")
        );
        assert_eq!(
            portal_host(" https://ACME.ringledger.test:8443/console?x#y ", base).as_deref(),
            Some("acme.ringledger.test")
        );
        assert_eq!(
            portal_host("billing.acme.com/", base).as_deref(),
            Some("billing.acme.com")
        );
        assert_eq!(portal_host("a b", base), None);
        assert_eq!(portal_host("https://", base), None);
    }
}
