//! A fraud suspension is told, in the CDR batch's transaction: the
//! customer and the seller (its support address, else its owners) are
//! e-mailed once per suspension, and the audit log records it.

use super::meters::Suspension;
use crate::audit::{self, Actor, Changes, Event};
use crate::auth::principal::Origin;
use crate::error::AppResult;
use crate::urls::Urls;
use chrono::{DateTime, Utc};
use ringledger_db::repo::TenantTx;
use ringledger_shared::format;
use ringledger_shared::i18n::{t, tf};
use ringledger_shared::ids::{SellerId, ServiceId};
use ringledger_shared::locale::Locale;
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::StaffRole;

/// The i18n key naming a kind of service.
fn kind_key(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::CallingCard => "common-service-card",
        ServiceKind::Pinless => "common-service-pinless",
        ServiceKind::Sip => "common-service-sip",
        ServiceKind::Video => "common-service-video",
    }
}

/// E-mails the customer and the seller, and records the suspension.
pub async fn suspended(
    tx: &TenantTx,
    urls: &Urls,
    s: &Suspension,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let account = &s.account;
    let Some(customer) = tx.customers().customer(account.customer_id).await? else {
        return Ok(());
    };
    let kind = tx
        .customers()
        .service(ServiceId(s.service))
        .await?
        .map_or(ServiceKind::Sip, |svc| svc.kind);
    let seller = tx.seller(SellerId(account.seller_id)).await?;
    let locale = seller.as_ref().map_or(Locale::default(), |sl| {
        crate::services::language::of_customer(sl, &customer)
    });
    let seller_name = seller
        .as_ref()
        .map(|sl| sl.name.clone())
        .unwrap_or_else(|| t(locale, "email-your-provider"));
    let money = |d| format::money(d, &account.currency, locale);
    let portal = match (&seller, tx.tenant().await?) {
        (Some(sl), Some(tenant)) => urls.seller_portal_url(&tenant.slug, sl),
        _ => String::new(),
    };
    let service = t(locale, kind_key(kind));
    let body = format!(
        "{}\n\n{}\n\n{}\n\n{portal}/account\n\n{seller_name}\n",
        tf(
            locale,
            "common-hello",
            &[("name", customer.name.as_str().into())]
        ),
        tf(
            locale,
            "email-fraud-suspended-body",
            &[
                ("service", service.as_str().into()),
                ("spend", money(s.hour_spend).into()),
                ("usual", money(s.usual).into()),
            ],
        ),
        t(locale, "email-fraud-suspended-next"),
    );
    let key = format!("fraud:{}:{}", s.service, now.timestamp());
    crate::email::enqueue(
        tx,
        &key,
        &customer.email,
        &tf(
            locale,
            "email-fraud-suspended-subject",
            &[("seller", seller_name.as_str().into())],
        ),
        &body,
        now,
    )
    .await?;
    // The seller's staff, in English (as every staff e-mail).
    let en = Locale::default();
    let staff_body = format!(
        "Fraud control suspended the {} service of {} <{}>: its account spent {} in the last hour, \
         against a usual {} an hour.\n\nIts calls are refused (fraud_suspended) until you release \
         the service on the customer's page in the console:\n\n{portal}/console/customers/{}\n",
        t(en, kind_key(kind)),
        customer.name,
        customer.email,
        format::money(s.hour_spend, &account.currency, en),
        format::money(s.usual, &account.currency, en),
        customer.id,
    );
    let mut to: Vec<String> = seller
        .as_ref()
        .and_then(|sl| sl.support_email.clone())
        .filter(|e| !e.trim().is_empty())
        .into_iter()
        .collect();
    if to.is_empty() {
        to = tx
            .team()
            .members(SellerId(account.seller_id))
            .await?
            .into_iter()
            .filter(|u| u.role == StaffRole::Owner && u.deactivated_at.is_none())
            .map(|u| u.email)
            .collect();
    }
    for (i, address) in to.iter().enumerate() {
        crate::email::enqueue(
            tx,
            &format!("{key}:staff:{i}"),
            address,
            &format!("Fraud control suspended a service of {}", customer.name),
            &staff_body,
            now,
        )
        .await?;
    }
    let changes = Changes::default()
        .set("fraud_suspended", false, true)
        .set("hour_spend", None::<String>, s.hour_spend.to_string())
        .set("usual_hourly", None::<String>, s.usual.to_string());
    let event = Event::new("service.fraud_suspended", "service", s.service)
        .customer(customer.id)
        .seller(account.seller_id)
        .changes(changes);
    let origin = Origin {
        ip: None,
        request_id: None,
        at: now,
    };
    audit::record(tx, &Actor::Scheduler, origin, event, now).await
}
