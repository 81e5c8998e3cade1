//! The public sign-up: one submit creates the customer, the account, every
//! service with its credentials and the verification e-mail — or nothing.

mod mails;
mod provision;

use mails::{send_verification, send_welcome};

pub use provision::{add_ani, provision};

use super::customer_view::{self, Secrets};
use super::provisioning::e164;
use crate::auth::password;
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use crate::site::SellerSite;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{
    accounts, bundle_subscriptions, bundles, customers, sellers, tenants,
};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::{CustomerSignupRequest, CustomerView, ServiceRequest};
use ringledger_shared::api::numbers::NumberPick;
use ringledger_shared::api::webhooks::WebhookEventType;
use ringledger_shared::error::FieldError;
use ringledger_shared::ids::{BundleId, CustomerId, PlanId};
use ringledger_shared::locale::Locale;
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::AccountKind;
use ringledger_shared::status::{AccountStatus, CustomerStatus, SubscriptionStatus};
use ringledger_shared::validate::{DisplayName, Email, NewPassword};
use std::collections::HashSet;
use uuid::Uuid;

/// Most services one sign-up may ask for.
const MAX_SERVICES: usize = 20;

pub(crate) fn field_error(field: String, message: impl Into<String>) -> AppError {
    AppError::new(
        ErrorCode::ValidationFailed,
        format!("{field}: {}", message.into()),
    )
    .with_field(field)
}

/// Who creates the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The visitor on the portal: the e-mail is unconfirmed (status
    /// `pending_verification`) until the e-mailed link is followed, and
    /// calls are refused (`email_unverified`) until then.
    Portal,
    /// The seller's staff in the console, who vouch for the address: the
    /// customer is verified and active at once, and is e-mailed a welcome
    /// with the sign-in link instead of a verification link.
    Staff,
}

/// Signs a customer up on `site`'s portal (or creates one for the seller's
/// staff, see [`Origin`]). Returns the customer with every credential
/// revealed (shown once).
pub async fn sign_up(
    deps: Deps<'_>,
    site: &SellerSite,
    req: CustomerSignupRequest,
    origin: Origin,
    by: Option<&crate::auth::principal::StaffPrincipal>,
) -> AppResult<CustomerView> {
    let name = DisplayName::parse("name", &req.name)?;
    let email = Email::parse("email", &req.email)?;
    let password = NewPassword::parse("password", &req.password)?;
    check_service_count(&req)?;
    let locale = requested_locale(&req)?;
    let hash = password::hash(password.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let now = deps.clock().now();

    let tx = deps.repos().tenant(site.tenant_id).await?;
    let (tenant, seller) = load_portal(&tx, site, &email).await?;
    if let Some(l) = locale
        && !Locale::list(&seller.languages).contains(&l)
    {
        return Err(FieldError::new("locale", "is not a language this portal offers").into());
    }
    let bundle = resolve_bundle(&tx, req.bundle_id).await?;
    let wanted = check_services(&tx, &req, &bundle).await?;

    let who = (&email, &name, locale);
    let customer = insert_customer(&tx, &tenant, &seller, who, hash, origin, now).await?;
    let account = insert_account(&tx, &tenant, &seller, &customer, now).await?;
    let subscription = subscribe(&tx, &tenant, &account, &bundle, now).await?;
    crate::webhooks::emit(
        &tx,
        crate::webhooks::Emit::new(
            WebhookEventType::CustomerCreated,
            seller.id,
            "customer",
            customer.id,
            crate::webhooks::objects::customer(&customer, &account),
            now,
        ),
    )
    .await?;

    let tree = if wanted.iter().any(|w| !w.numbers.is_empty()) {
        Some(super::seller_tree::SellerTree::load(&tx).await?)
    } else {
        None
    };
    for (i, mut w) in wanted.into_iter().enumerate() {
        let sub = if w.in_bundle && w.plan_id.is_none() {
            subscription.as_ref().map(|s| s.id)
        } else {
            None
        };
        let picks = std::mem::take(&mut w.numbers);
        let service = provision(
            deps.secrets(),
            deps.clock(),
            &tx,
            &seller,
            account.id,
            w,
            sub,
        )
        .await?;
        if let Some(tree) = &tree {
            let who = super::numbers::Taker {
                field: format!("services[{i}].numbers"),
                by: by.map_or(customer.email.as_str(), |_| "staff"),
                now,
            };
            super::numbers::take_all(&tx, tree, &service, &account, &picks, &who).await?;
        }
        crate::webhooks::emit(
            &tx,
            crate::webhooks::Emit::new(
                WebhookEventType::ServiceCreated,
                seller.id,
                "service",
                service.id,
                crate::webhooks::objects::service(&service, customer.id),
                now,
            ),
        )
        .await?;
    }

    match origin {
        Origin::Portal => send_verification(deps, &tx, site, &seller, &customer, now).await?,
        Origin::Staff => send_welcome(deps, &tx, site, &seller, &customer, now).await?,
    }
    let event = crate::audit::Event::new("customer.created", "customer", customer.id.as_uuid())
        .customer(customer.id.as_uuid())
        .seller(seller.id)
        .changes(
            crate::audit::Changes::none()
                .to("name", name.as_str())
                .to("email", email.as_str())
                .to("status", customer.status),
        );
    match by {
        Some(staff) => crate::audit::by_staff(&tx, staff, event).await?,
        None => {
            let actor = crate::audit::Actor::Customer {
                id: customer.id.as_uuid(),
                email: customer.email.clone(),
            };
            let origin = crate::auth::principal::Origin {
                at: now,
                ..Default::default()
            };
            crate::audit::record(&tx, &actor, origin, event, now).await?;
        }
    }

    let view = customer_view::load(
        deps.secrets(),
        deps.clock(),
        &tx,
        &customer,
        Secrets::Reveal,
    )
    .await?;
    tx.commit().await?;
    deps.mail().kick();
    tracing::info!(tenant = %tenant.id, customer = %customer.id, services = view.services.len(), ?origin, "customer signed up");
    Ok(view)
}

/// The language the sign-up asks for, if any (one Ringledger speaks).
fn requested_locale(req: &CustomerSignupRequest) -> AppResult<Option<Locale>> {
    req.locale
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            Locale::parse(t).ok_or_else(|| {
                AppError::from(FieldError::new(
                    "locale",
                    "must be a language tag: en, es or fr",
                ))
            })
        })
        .transpose()
}

/// Refuses a sign-up with no service and no bundle, or too many services.
fn check_service_count(req: &CustomerSignupRequest) -> AppResult<()> {
    if req.services.is_empty() && req.bundle_id.is_none() {
        return Err(field_error(
            "services".into(),
            "choose at least one service or a bundle",
        ));
    }
    if req.services.len() > MAX_SERVICES {
        return Err(field_error(
            "services".into(),
            format!("at most {MAX_SERVICES} services per sign-up"),
        ));
    }
    Ok(())
}

/// The tenant and seller of `site`, refusing an e-mail the seller already
/// has a customer with.
async fn load_portal(
    tx: &TenantTx,
    site: &SellerSite,
    email: &Email,
) -> AppResult<(tenants::Model, sellers::Model)> {
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("portal"))?;
    let seller = tx
        .seller(site.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("portal"))?;
    if tx
        .customers()
        .customer_by_email(seller.id, email.as_str())
        .await?
        .is_some()
    {
        return Err(AppError::new(
            ErrorCode::EmailTaken,
            "an account with this e-mail exists; sign in instead",
        )
        .with_field("email"));
    }
    Ok((tenant, seller))
}

/// The bundle asked for, if any, with the service kinds it includes; it
/// must be on sale.
async fn resolve_bundle(
    tx: &TenantTx,
    bundle_id: Option<Uuid>,
) -> AppResult<Option<(bundles::Model, Vec<ServiceKind>)>> {
    let bundle = match bundle_id {
        Some(id) => {
            let b = tx
                .catalog()
                .bundle(BundleId(id))
                .await?
                .filter(|b| b.active)
                .ok_or_else(|| field_error("bundle_id".into(), "no such bundle is on sale"))?;
            let kinds: Vec<ServiceKind> = tx.catalog().bundle_service_kinds(b.id).await?;
            Some((b, kinds))
        }
        None => None,
    };
    Ok(bundle)
}

/// Checks every requested service (or, when none is listed, one of each
/// kind the bundle includes except PINless).
async fn check_services(
    tx: &TenantTx,
    req: &CustomerSignupRequest,
    bundle: &Option<(bundles::Model, Vec<ServiceKind>)>,
) -> AppResult<Vec<Wanted>> {
    // Parse and check every service before writing anything.
    let mut requests = req.services.clone();
    if requests.is_empty()
        && let Some((_, kinds)) = bundle
    {
        requests = kinds
            .iter()
            .filter(|k| **k != ServiceKind::Pinless)
            .map(|k| ServiceRequest {
                kind: k.as_str().into(),
                ..Default::default()
            })
            .collect();
    }
    let mut wanted = Vec::with_capacity(requests.len());
    let mut seen_anis = HashSet::new();
    let bundle_kinds: &[ServiceKind] = bundle.as_ref().map(|(_, k)| k.as_slice()).unwrap_or(&[]);
    for (i, s) in requests.iter().enumerate() {
        wanted.push(
            check_service(
                tx,
                &format!("services[{i}]"),
                s,
                bundle_kinds,
                &mut seen_anis,
            )
            .await?,
        );
    }
    Ok(wanted)
}

/// Inserts the customer: pending verification from the portal, verified
/// and active when staff create it; a concurrent duplicate e-mail is taken.
#[allow(clippy::too_many_arguments)]
async fn insert_customer(
    tx: &TenantTx,
    tenant: &tenants::Model,
    seller: &sellers::Model,
    (email, name, locale): (&Email, &DisplayName, Option<Locale>),
    hash: String,
    origin: Origin,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<customers::Model> {
    let customer = tx
        .customers()
        .insert_customer(customers::Model {
            tenant_id: tenant.id,
            id: CustomerId(Uuid::now_v7()),
            seller_id: seller.id,
            email: email.to_string(),
            name: name.as_str().to_owned(),
            password_hash: hash,
            status: match origin {
                Origin::Portal => CustomerStatus::PendingVerification,
                Origin::Staff => CustomerStatus::Active,
            },
            email_verified_at: (origin == Origin::Staff).then_some(now),
            created_at: now,
            country: String::new(),
            address: String::new(),
            locale: locale.map(|l| l.tag().to_owned()),
        })
        .await
        .map_err(|e| {
            if ringledger_db::repo::is_unique_violation(&e) {
                AppError::new(
                    ErrorCode::EmailTaken,
                    "an account with this e-mail exists; sign in instead",
                )
                .with_field("email")
            } else {
                e.into()
            }
        })?;
    Ok(customer)
}

/// Inserts the customer's account, prepaid or postpaid as the seller sells.
async fn insert_account(
    tx: &TenantTx,
    tenant: &tenants::Model,
    seller: &sellers::Model,
    customer: &customers::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<accounts::Model> {
    let postpaid = seller.account_kind == AccountKind::Postpaid;
    let account = tx
        .customers()
        .insert_account(accounts::Model {
            tenant_id: tenant.id,
            id: Uuid::now_v7().into(),
            customer_id: customer.id,
            seller_id: seller.id,
            kind: if postpaid {
                AccountKind::Postpaid
            } else {
                AccountKind::Prepaid
            },
            currency: tenant.currency.clone(),
            balance: DbDecimal::default(),
            credit_limit: if postpaid {
                seller.default_credit_limit
            } else {
                DbDecimal::default()
            },
            billing_day: seller.billing_day.clamp(1, 31),
            status: AccountStatus::Active,
            created_at: now,
            low_balance_threshold: None,
            itemized_invoices: false,
        })
        .await?;
    Ok(account)
}

/// Subscribes the account to the bundle, if one was chosen.
async fn subscribe(
    tx: &TenantTx,
    tenant: &tenants::Model,
    account: &accounts::Model,
    bundle: &Option<(bundles::Model, Vec<ServiceKind>)>,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Option<bundle_subscriptions::Model>> {
    let subscription = match bundle {
        Some((b, _)) => Some(
            tx.customers()
                .insert_bundle_subscription(bundle_subscriptions::Model {
                    tenant_id: tenant.id,
                    id: Uuid::now_v7(),
                    account_id: account.id,
                    bundle_id: b.id,
                    status: SubscriptionStatus::Active,
                    started_at: now,
                    ended_at: None,
                })
                .await?,
        ),
        None => None,
    };
    Ok(subscription)
}

/// A service request that passed every check.
pub struct Wanted {
    /// The kind.
    pub kind: ServiceKind,
    /// Its plan (none when the bundle covers it).
    pub plan_id: Option<PlanId>,
    /// Whether a bundle of the account includes the kind.
    pub in_bundle: bool,
    /// PINless: E.164 digits.
    pub anis: Vec<String>,
    /// SIP and video: the phone numbers it takes.
    pub numbers: Vec<NumberPick>,
}

/// Most phone numbers one service may hold.
const MAX_NUMBERS: usize = ringledger_shared::api::numbers::MAX_PER_SERVICE;

/// Checks one requested service; `field` prefixes error fields (e.g.
/// `services[2]`); `seen` collects numbers across the request.
pub async fn check_service(
    tx: &TenantTx,
    field: &str,
    s: &ServiceRequest,
    bundle_kinds: &[ServiceKind],
    seen: &mut HashSet<String>,
) -> AppResult<Wanted> {
    let join = |f: &str| {
        if field.is_empty() {
            f.to_owned()
        } else {
            format!("{field}.{f}")
        }
    };
    let kind = ServiceKind::parse(&s.kind)
        .ok_or_else(|| field_error(join("kind"), "must be calling_card, pinless, sip or video"))?;
    let in_bundle = bundle_kinds.contains(&kind);
    let plan_id = match s.plan_id {
        Some(pid) => {
            let plan = tx
                .catalog()
                .plan(PlanId(pid))
                .await?
                .filter(|p| p.active)
                .ok_or_else(|| field_error(join("plan_id"), "no such plan is on sale"))?;
            if plan.service_kind != kind {
                return Err(field_error(
                    join("plan_id"),
                    format!("this plan is for {}", plan.service_kind),
                ));
            }
            Some(plan.id)
        }
        None if in_bundle => None,
        None => {
            return Err(field_error(
                join("plan_id"),
                "choose a plan for this service",
            ));
        }
    };
    let mut numbers = Vec::new();
    if kind == ServiceKind::Pinless {
        if s.anis.is_empty() {
            return Err(field_error(
                join("anis"),
                "add the phone numbers you will call from",
            ));
        }
        for (j, raw) in s.anis.iter().enumerate() {
            numbers.push(check_ani(tx, &join(&format!("anis[{j}]")), raw, seen).await?);
        }
    } else if !s.anis.is_empty() {
        return Err(field_error(
            join("anis"),
            "only PINless dialing takes phone numbers",
        ));
    }
    let picks = check_picks(&join("numbers"), kind, &s.numbers)?;
    Ok(Wanted {
        kind,
        plan_id,
        in_bundle,
        anis: numbers,
        numbers: picks,
    })
}

/// The phone numbers a service asks for: SIP and video only, each once,
/// at most [`MAX_NUMBERS`].
fn check_picks(field: &str, kind: ServiceKind, picks: &[NumberPick]) -> AppResult<Vec<NumberPick>> {
    if picks.is_empty() {
        return Ok(Vec::new());
    }
    if !matches!(kind, ServiceKind::Sip | ServiceKind::Video) {
        return Err(field_error(
            field.to_owned(),
            "only IP phone (SIP) and video services take phone numbers",
        ));
    }
    if picks.len() > MAX_NUMBERS {
        return Err(field_error(
            field.to_owned(),
            format!("at most {MAX_NUMBERS} numbers at once"),
        ));
    }
    let mut seen = HashSet::new();
    for (j, p) in picks.iter().enumerate() {
        if !seen.insert(p.id) {
            return Err(field_error(
                format!("{field}[{j}]"),
                "this number is listed twice",
            ));
        }
    }
    Ok(picks.to_vec())
}

/// Normalises a caller number and checks it is free in the tenant.
pub async fn check_ani(
    tx: &TenantTx,
    field: &str,
    raw: &str,
    seen: &mut HashSet<String>,
) -> AppResult<String> {
    let n = e164(raw).ok_or_else(|| {
        field_error(
            field.to_owned(),
            "enter the number in international format, e.g. +44 20 7946 0000",
        )
    })?;
    if !seen.insert(n.clone()) {
        return Err(field_error(field.to_owned(), "this number is listed twice"));
    }
    if tx.customers().ani(&n).await?.is_some() {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("+{n} is already registered for PINless dialing"),
        )
        .with_field(field.to_owned()));
    }
    Ok(n)
}
