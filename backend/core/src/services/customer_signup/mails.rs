//! The e-mails of a sign-up, in the customer's language: the verification
//! link of a portal sign-up, the welcome of an account opened by staff.

use crate::auth::refresh;
use crate::error::AppResult;
use crate::ports::Deps;
use crate::services::language;
use crate::site::SellerSite;
use ringledger_db::entities::{customer_tokens, customers, sellers};
use ringledger_db::repo::TenantTx;
use ringledger_shared::i18n::tf;

/// Days a verification link stays valid.
const VERIFY_DAYS: i64 = 7;

/// Queues the verification e-mail of a portal sign-up: the link is
/// `{id}.{secret}`, only SHA-256(secret) is stored.
pub(super) async fn send_verification(
    deps: Deps<'_>,
    tx: &TenantTx,
    site: &SellerSite,
    seller: &sellers::Model,
    customer: &customers::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let token = refresh::mint();
    tx.customers()
        .insert_customer_token(customer_tokens::Model {
            tenant_id: customer.tenant_id,
            id: token.id,
            customer_id: customer.id,
            purpose: "verify_email".into(),
            token_hash: token.hash,
            expires_at: now + chrono::Duration::days(VERIFY_DAYS),
            used_at: None,
            created_at: now,
        })
        .await?;
    let link = format!(
        "{}/verify-email?token={}",
        deps.urls().seller_portal_url(&site.slug, seller),
        token.token
    );
    let locale = language::of_customer(seller, customer);
    let brand = [("seller", seller.name.as_str().into())];
    let days = [("days", VERIFY_DAYS.into())];
    let middle = [
        tf(locale, "email-verify-intro", &brand),
        link,
        tf(locale, "email-verify-validity", &days),
    ];
    let mail = Mail {
        key: format!("verify:{}", token.id),
        subject: tf(locale, "email-verify-subject", &brand),
        middle: &middle,
    };
    queue(tx, seller, customer, mail, now).await
}

/// One sign-up e-mail: its idempotency key, subject, and the paragraphs
/// between the greeting and the seller's name.
struct Mail<'a> {
    key: String,
    subject: String,
    middle: &'a [String],
}

/// Queues `mail` to `customer` in its language: "Hello {name},", the
/// paragraphs, the seller's name.
async fn queue(
    tx: &TenantTx,
    seller: &sellers::Model,
    customer: &customers::Model,
    mail: Mail<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let locale = language::of_customer(seller, customer);
    let hello = tf(
        locale,
        "common-hello",
        &[("name", customer.name.as_str().into())],
    );
    let mut body = vec![hello];
    body.extend_from_slice(mail.middle);
    body.push(seller.name.clone());
    crate::email::enqueue(
        tx,
        &mail.key,
        &customer.email,
        &mail.subject,
        &format!("{}\n", body.join("\n\n")),
        now,
    )
    .await?;
    Ok(())
}

/// Queues the welcome e-mail of a customer created by staff (already
/// verified: no link to follow, only where to sign in).
pub(super) async fn send_welcome(
    deps: Deps<'_>,
    tx: &TenantTx,
    site: &SellerSite,
    seller: &sellers::Model,
    customer: &customers::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let login = format!(
        "{}/account/login",
        deps.urls().seller_portal_url(&site.slug, seller)
    );
    let locale = language::of_customer(seller, customer);
    let brand = [("seller", seller.name.as_str().into())];
    let middle = [tf(locale, "email-welcome-intro", &brand), login];
    let mail = Mail {
        key: format!("welcome:{}", customer.id),
        subject: tf(locale, "email-welcome-subject", &brand),
        middle: &middle,
    };
    queue(tx, seller, customer, mail, now).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringledger_shared::i18n::t;
    use ringledger_shared::locale::Locale;

    #[test]
    fn the_english_verification_text_reads_as_it_always_has() {
        let body = [
            tf(Locale::En, "common-hello", &[("name", "Al".into())]),
            tf(
                Locale::En,
                "email-verify-intro",
                &[("seller", "Acme".into())],
            ),
            "L".to_owned(),
            tf(
                Locale::En,
                "email-verify-validity",
                &[("days", VERIFY_DAYS.into())],
            ),
        ]
        .join("\n\n");
        assert_eq!(
            body,
            "Hello Al,\n\nwelcome to Acme. Confirm your e-mail address to activate your account:\n\nL\n\n\
             The link is valid for 7 days. If you did not sign up, ignore this message."
        );
        assert_eq!(t(Locale::Es, "email-hello"), "Hola:");
    }
}
