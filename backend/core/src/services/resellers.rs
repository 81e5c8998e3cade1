//! Creating resellers and showing them. A reseller is a seller under its
//! parent (own brand, customers, invoice numbering and portal) *and* a
//! customer of its parent with a wholesale account, debited at the parent's
//! price on every call of its customers and billed by the parent's bill run
//! like any account — so wholesale invoices, PDFs, e-mails and card payments
//! are the ones customers already have. The reseller's owner signs in to the
//! parent's portal with the same e-mail and password to pay them.

use super::seller_tree::SellerTree;
use crate::auth::password;
use crate::auth::principal::StaffPrincipal;
use crate::config::Settings;
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{accounts, customers, hosts, sellers, tenants, users};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::resellers::{
    CreateResellerRequest, ResellerView, ValidReseller, WholesaleView, markup_value,
};
use ringledger_shared::ids::{AccountId, CustomerId, SellerId};
use ringledger_shared::locale::Locale;
use ringledger_shared::money::Currency;
use ringledger_shared::status::MarkupKind;
use ringledger_shared::status::{AccountKind, SellerKind, StaffRole};
use ringledger_shared::status::{AccountStatus, CustomerStatus};
use std::collections::HashMap;
use uuid::Uuid;

fn taken(code: ErrorCode, field: &str, message: &str) -> AppError {
    AppError::new(code, message.to_owned()).with_field(field.to_owned())
}

/// Refuses a custom domain under the platform's base domain (those are
/// portal slugs) or mapped already.
pub async fn check_domain(
    settings: &Settings,
    tx: &TenantTx,
    domain: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let base = &settings.base_domain;
    if domain == base || domain.ends_with(&format!(".{base}")) {
        return Err(taken(
            ErrorCode::ValidationFailed,
            "custom_domain",
            "a custom domain cannot be under the platform's own domain",
        ));
    }
    let lapsed = now - chrono::Duration::days(super::domains::CLAIM_LAPSE_DAYS);
    if tx.sellers().host_taken(domain, lapsed).await? {
        return Err(taken(
            ErrorCode::Conflict,
            "custom_domain",
            "this domain already serves a portal",
        ));
    }
    Ok(())
}

/// Creates a reseller directly under the staff's seller: the seller row,
/// its owner's console login, its wholesale customer and account with the
/// parent, and its custom domain — all in one transaction.
pub async fn create(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    req: &CreateResellerRequest,
) -> AppResult<ResellerView> {
    let tx = deps.repos().tenant(staff.tenant_id).await?;
    super::staff_email::require_verified(&tx, staff, "create resellers").await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    let currency = Currency::parse(&tenant.currency).unwrap_or(Currency::USD);
    let v: ValidReseller = req.parse(currency).map_err(AppError::from_fields)?;
    let tree = SellerTree::load(&tx).await?;
    let parent = tree
        .get(staff.seller_id.as_uuid())
        .cloned()
        .ok_or_else(AppError::forbidden)?;
    check_new_reseller(deps, &tx, &tree, &parent, &v).await?;
    let hash = password::hash(v.owner_password.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let now = deps.clock().now();
    let seller_id = Uuid::now_v7();
    let account = insert_wholesale(&tx, &tenant, &parent, &v, &hash, now).await?;
    let seller =
        insert_reseller_seller(&tx, &tenant, seller_id, &parent, &v, account.id.into(), now)
            .await?;
    insert_owner(&tx, &tenant, seller_id, &v, hash, now).await?;
    if let Some(d) = &v.custom_domain {
        tx.sellers()
            .set_custom_domain(seller_id, Some((d, &super::domains::new_challenge())), now)
            .await?;
    }
    // The tree read at the start, with the new reseller in it.
    let mut all: Vec<sellers::Model> = tree.all().cloned().collect();
    all.push(seller.clone());
    let view = view_one(deps.settings(), &tx, &SellerTree::new(all), &seller).await?;
    tx.commit().await?;
    Ok(view)
}

/// Refuses a reseller nested deeper than the operator allows, a taken slug
/// or owner e-mail, or an unusable custom domain.
async fn check_new_reseller(
    deps: Deps<'_>,
    tx: &TenantTx,
    tree: &SellerTree,
    parent: &sellers::Model,
    v: &ValidReseller,
) -> AppResult<()> {
    let operator = tree
        .path(parent.id)
        .first()
        .map(|o| o.max_reseller_depth)
        .unwrap_or(0);
    let depth = tree.depth(parent.id) + 1;
    if depth as i32 > operator {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            format!(
                "resellers may nest {operator} level(s) deep here; this one would be level {depth}"
            ),
        ));
    }
    if tx
        .sellers()
        .seller_by_slug(v.slug.as_str())
        .await?
        .is_some()
    {
        return Err(taken(ErrorCode::SlugTaken, "slug", "this slug is taken"));
    }
    if tx.user_by_email(v.owner_email.as_str()).await?.is_some()
        || tx
            .customers()
            .customer_by_email(parent.id, v.owner_email.as_str())
            .await?
            .is_some()
    {
        return Err(taken(
            ErrorCode::EmailTaken,
            "owner_email",
            "this e-mail already has a login here",
        ));
    }
    if let Some(d) = &v.custom_domain {
        check_domain(deps.settings(), tx, d, deps.clock().now()).await?;
    }
    Ok(())
}

/// Inserts the reseller's wholesale customer and account with its parent.
async fn insert_wholesale(
    tx: &TenantTx,
    tenant: &tenants::Model,
    parent: &sellers::Model,
    v: &ValidReseller,
    hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<accounts::Model> {
    let customer = tx
        .customers()
        .insert_customer(customers::Model {
            tenant_id: tenant.id,
            id: CustomerId(Uuid::now_v7()),
            seller_id: parent.id,
            email: v.owner_email.to_string(),
            name: v.name.as_str().to_owned(),
            password_hash: hash.to_owned(),
            status: CustomerStatus::Active,
            email_verified_at: Some(now),
            created_at: now,
            country: tenant.country.clone().unwrap_or_default(),
            address: String::new(),
            locale: None,
        })
        .await?;
    let account = tx
        .customers()
        .insert_account(accounts::Model {
            tenant_id: tenant.id,
            id: Uuid::now_v7().into(),
            customer_id: customer.id,
            seller_id: parent.id,
            kind: if v.prepaid {
                AccountKind::Prepaid
            } else {
                AccountKind::Postpaid
            },
            currency: tenant.currency.clone(),
            balance: DbDecimal::default(),
            credit_limit: DbDecimal(v.credit_limit),
            billing_day: parent.billing_day.clamp(1, 31),
            status: AccountStatus::Active,
            created_at: now,
            low_balance_threshold: None,
            itemized_invoices: false,
        })
        .await?;
    Ok(account)
}

/// Inserts the reseller's seller row, branded and configured like its
/// parent, billed through wholesale account `account_id`.
async fn insert_reseller_seller(
    tx: &TenantTx,
    tenant: &tenants::Model,
    seller_id: Uuid,
    parent: &sellers::Model,
    v: &ValidReseller,
    account_id: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<sellers::Model> {
    let seller = tx
        .insert_seller(sellers::Model {
            tenant_id: tenant.id,
            id: seller_id,
            kind: SellerKind::Reseller,
            parent_id: Some(parent.id),
            slug: v.slug.as_str().to_owned(),
            name: v.name.as_str().to_owned(),
            primary_color: parent.primary_color.clone(),
            accent_color: parent.accent_color.clone(),
            support_email: Some(v.owner_email.to_string()),
            created_at: now,
            pin_length: parent.pin_length,
            account_kind: parent.account_kind,
            default_credit_limit: parent.default_credit_limit,
            billing_day: parent.billing_day,
            invoice_prefix: format!("{}-", v.slug.as_str().to_ascii_uppercase().replace('-', "")),
            next_invoice_number: 1,
            next_credit_note_number: 1,
            address: String::new(),
            tax_id: String::new(),
            tax_mode: parent.tax_mode,
            payment_terms_days: parent.payment_terms_days,
            grace_days: parent.grace_days,
            markup_kind: MarkupKind::of(&v.markup),
            markup_value: DbDecimal(markup_value(&v.markup)),
            reseller_fee: DbDecimal(v.reseller_fee),
            wholesale_account_id: Some(account_id.into()),
            max_reseller_depth: 0,
            own_deck_id: None,
            require_two_factor: false,
            sip_server: None,
            languages: Locale::join(&Locale::ALL),
            mask_called_digits: 0,
            itemized_invoices: false,
            on_net_rate: DbDecimal::default(),
        })
        .await?;
    Ok(seller)
}

/// Inserts the console login of the reseller's owner.
async fn insert_owner(
    tx: &TenantTx,
    tenant: &tenants::Model,
    seller_id: Uuid,
    v: &ValidReseller,
    hash: String,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    tx.insert_user(users::Model {
        tenant_id: tenant.id,
        id: Uuid::now_v7(),
        seller_id,
        email: v.owner_email.to_string(),
        password_hash: hash,
        role: StaffRole::Owner,
        created_at: now,
        last_login_at: None,
        // The operator, whose own address is verified, vouches for it.
        email_verified_at: Some(now),
        email_token_hash: None,
        email_token_expires_at: None,
        deactivated_at: None,
        totp_secret: None,
        totp_pending: None,
        totp_enabled_at: None,
        totp_last_step: None,
        recovery_codes: None,
    })
    .await?;
    Ok(())
}

/// The portal host of a seller: `{slug}.{operator slug}.{base}` for a
/// reseller, `{slug}.{base}` for the operator.
pub fn portal_host(settings: &Settings, tree: &SellerTree, s: &sellers::Model) -> String {
    let base = &settings.base_domain;
    match tree.path(s.id).first() {
        Some(op) if op.id != s.id => format!("{}.{}.{base}", s.slug, op.slug),
        _ => format!("{}.{base}", s.slug),
    }
}

/// Resellers as the API shows them: their wholesale accounts, custom
/// domains and customer counts read once for all of them.
pub async fn views(
    settings: &Settings,
    tx: &TenantTx,
    tree: &SellerTree,
    sellers: &[&sellers::Model],
) -> AppResult<Vec<ResellerView>> {
    let customers = tx.sellers().customer_counts().await?;
    let account_ids: Vec<AccountId> = sellers
        .iter()
        .filter_map(|s| s.wholesale_account_id)
        .collect();
    let accounts: HashMap<AccountId, accounts::Model> = tx
        .usage()
        .accounts_by_ids(&account_ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let ids: Vec<Uuid> = sellers.iter().map(|s| s.id).collect();
    let domains: HashMap<Uuid, hosts::Model> = tx
        .sellers()
        .hosts_of(&ids)
        .await?
        .into_iter()
        .map(|h| (h.seller_id, h))
        .collect();
    Ok(sellers
        .iter()
        .map(|s| view(settings, tree, s, &customers, &accounts, &domains))
        .collect())
}

/// One reseller, from what [`views`] read.
fn view(
    settings: &Settings,
    tree: &SellerTree,
    s: &sellers::Model,
    customers: &HashMap<Uuid, u64>,
    accounts: &HashMap<AccountId, accounts::Model>,
    domains: &HashMap<Uuid, hosts::Model>,
) -> ResellerView {
    let host = domains.get(&s.id);
    let pending = host.filter(|h| h.verified_at.is_none());
    let wholesale = s
        .wholesale_account_id
        .and_then(|id| accounts.get(&id))
        .cloned()
        .map(wholesale_view);
    ResellerView {
        id: s.id,
        parent_id: s.parent_id.unwrap_or_default(),
        depth: tree.depth(s.id),
        name: s.name.clone(),
        slug: s.slug.clone(),
        portal_host: portal_host(settings, tree, s),
        custom_domain: host.map(|h| h.hostname.clone()),
        custom_domain_verified: host.is_some_and(|h| h.verified_at.is_some()),
        custom_domain_txt_name: pending.map(|h| super::domains::txt_name(&h.hostname)),
        custom_domain_txt_value: pending
            .and_then(|h| h.challenge.as_deref())
            .map(super::domains::txt_value),
        markup_kind: s.markup_kind.to_string(),
        markup_value: s.markup_value.0.normalize().to_string(),
        reseller_fee: s.reseller_fee.0.normalize().to_string(),
        wholesale,
        customers: customers.get(&s.id).copied().unwrap_or(0),
        sub_resellers: tree.children(s.id).len() as u64,
        created_at: s.created_at,
    }
}

/// One reseller as the API shows it.
pub async fn view_one(
    settings: &Settings,
    tx: &TenantTx,
    tree: &SellerTree,
    s: &sellers::Model,
) -> AppResult<ResellerView> {
    let mut v = views(settings, tx, tree, &[s]).await?;
    v.pop().ok_or_else(|| AppError::not_found("reseller"))
}

/// A wholesale account as the API shows it.
pub fn wholesale_view(a: accounts::Model) -> WholesaleView {
    WholesaleView {
        customer_id: a.customer_id.into(),
        account_id: a.id.into(),
        kind: a.kind.to_string(),
        balance: a.balance.0.normalize().to_string(),
        credit_limit: a.credit_limit.0.normalize().to_string(),
        currency: a.currency,
    }
}

/// A reseller below the staff's seller (not the staff's own seller, not a
/// sibling's or a parent's: those answer 404).
pub async fn below(
    tx: &TenantTx,
    staff: &StaffPrincipal,
    id: Uuid,
) -> AppResult<(SellerTree, sellers::Model)> {
    let tree = SellerTree::load(tx).await?;
    let own = staff.seller_id.as_uuid();
    let found = tree
        .get(id)
        .filter(|s| s.id != own && tree.within(own, s.id))
        .cloned()
        .ok_or_else(|| AppError::not_found("reseller"))?;
    Ok((tree, found))
}

/// The seller of a staff member.
pub async fn own_seller(tx: &TenantTx, staff: &StaffPrincipal) -> AppResult<sellers::Model> {
    tx.seller(SellerId(staff.seller_id.as_uuid()))
        .await?
        .ok_or_else(|| AppError::not_found("seller"))
}
