//! A customer's forgotten password, on their seller's portal: the reset
//! link by e-mail, then the new password with its token. Every session of
//! the customer then ends.

use crate::audit::{self, Actor, Event};
use crate::auth::password;
use crate::auth::principal::Origin;
use crate::auth::rate_limit;
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use crate::services::password_reset::{self, Subject, invalid, too_many};
use crate::site::Site;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::team::{PasswordResetConfirm, PasswordResetRequest};
use ringledger_shared::i18n::tf;
use ringledger_shared::ids::CustomerId;
use ringledger_shared::status::{CustomerStatus, SubjectKind};
use ringledger_shared::validate::{Email, NewPassword};

fn not_on_portal() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "customers reset their password on their provider's portal",
    )
}

/// E-mails a reset link to the seller's customer with this address, if
/// there is one (closed accounts get none); the answer is the same either
/// way. `429` past the hourly limits.
pub async fn request_reset(
    deps: Deps<'_>,
    site: &Site,
    req: &PasswordResetRequest,
    origin: Origin,
) -> AppResult<()> {
    let Site::Seller(s) = site else {
        return Err(not_on_portal());
    };
    let email = Email::parse("email", &req.email)?;
    let key = format!("customer:{}:{email}", s.tenant_id);
    if !rate_limit::check_reset(deps.repos(), &key, origin.ip).await? {
        return Err(too_many());
    }
    let now = deps.clock().now();
    // Read first, then store the link, then write the e-mail: on SQLite a
    // statement outside an open write transaction would wait for it.
    let tx = deps.repos().tenant_read(s.tenant_id).await?;
    let customer = tx
        .customers()
        .customer_by_email(s.seller_id.as_uuid(), email.as_str())
        .await?
        .filter(|c| c.status != CustomerStatus::Closed);
    let tenant = tx.tenant().await?;
    let seller = tx.seller(s.seller_id).await?;
    tx.commit().await?;
    let (Some(customer), Some(tenant), Some(seller)) = (customer, tenant, seller) else {
        return Ok(());
    };
    let token = password_reset::mint(
        deps.repos(),
        Some(s.tenant_id.as_uuid()),
        Subject::Customer,
        customer.id.as_uuid(),
        now,
    )
    .await?;
    let portal = deps.urls().seller_portal_url(&tenant.slug, &seller);
    let link = format!("{portal}/reset-password?for=customer&token={token}");
    let locale = crate::services::language::of_customer(&seller, &customer);
    let name = [("seller", seller.name.as_str().into())];
    let whose = tf(locale, "email-reset-whose-customer", &name);
    let body = password_reset::body(locale, &whose, &link);
    let subject = tf(locale, "email-reset-subject", &name);
    let key = format!(
        "password-reset:{}",
        token.split('.').next().unwrap_or_default()
    );
    // Quiet: no cache reads the outbox or the audit log, and anyone may ask
    // (the authorizations must not reload at each ask).
    let tx = deps.repos().tenant_quiet(s.tenant_id).await?;
    crate::email::enqueue(&tx, &key, &customer.email, &subject, &body, now).await?;
    let event = Event::new(
        "auth.password_reset_requested",
        "customer",
        customer.id.as_uuid(),
    )
    .customer(customer.id.as_uuid())
    .seller(customer.seller_id);
    audit::record(
        &tx,
        &Actor::Anonymous(customer.email.clone()),
        origin,
        event,
        now,
    )
    .await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(())
}

/// Sets the customer's new password with the link's token, on their
/// seller's portal, and ends every session of theirs. The link works once.
pub async fn confirm_reset(
    deps: Deps<'_>,
    site: &Site,
    req: &PasswordResetConfirm,
    origin: Origin,
) -> AppResult<()> {
    let Site::Seller(s) = site else {
        return Err(not_on_portal());
    };
    let new = NewPassword::parse("password", &req.password)?;
    let now = deps.clock().now();
    let link = password_reset::find(deps.repos(), &req.token, Subject::Customer, now).await?;
    if link.tenant_id != Some(s.tenant_id.as_uuid()) {
        return Err(invalid());
    }
    let hash = password::hash(new.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let tx = deps.repos().tenant_read(s.tenant_id).await?;
    let found = tx
        .customers()
        .customer(CustomerId(link.subject_id))
        .await?
        .filter(|c| c.seller_id == s.seller_id.as_uuid() && c.status != CustomerStatus::Closed);
    tx.commit().await?;
    let mut customer = found.ok_or_else(invalid)?;
    // Spent before the write transaction opens (SQLite: one writer).
    password_reset::spend(deps.repos(), &link, now).await?;
    let tx = deps.repos().tenant(s.tenant_id).await?;
    customer.password_hash = hash;
    let (id, email, seller) = (customer.id, customer.email.clone(), customer.seller_id);
    tx.customers().update_customer(customer).await?;
    tx.revoke_subject_sessions(SubjectKind::Customer, id.as_uuid(), now)
        .await?;
    let event = Event::new("auth.password_reset", "customer", id.as_uuid())
        .customer(id.as_uuid())
        .seller(seller);
    let actor = Actor::Customer {
        id: id.as_uuid(),
        email,
    };
    audit::record(&tx, &actor, origin, event, now).await?;
    tx.commit().await?;
    Ok(())
}
