//! "May this call go ahead, and for how long?" — the identifier's service,
//! the destination's rate in the plan's (or bundle's) current deck version,
//! the bundled allowances that apply, and what the account can spend, handed
//! to `shared::rating::max_duration`.

use crate::error::{AppError, AppResult};
use crate::services::allowances::{CatalogCache, UsageCache, deck_of, drawable, period_start};
use crate::services::auth_cache::{IdRef, RateHit};
use crate::services::fraud::slots::Taken;
use crate::services::fraud::{HighRisk, LineFraud};
use crate::services::provisioning::e164;
use crate::services::reservations::Need;
use crate::services::seller_tree::{SellerTree, pricing_of};
use crate::state::AppState;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::calls::{AuthorizeRequest, AuthorizeResponse, RefusalReason};
use ringledger_shared::ids::{AccountId, DeckId, ServiceId, TenantId};
use ringledger_shared::rating::markup::chain;
use ringledger_shared::rating::{
    Deck, MAX_CALL_SECS, Number, Rate, ServiceKind, Tariff, max_duration, normalize,
};
use ringledger_shared::status::AccountKind;
use ringledger_shared::status::{AccountStatus, CardStatus, CustomerStatus, ServiceStatus};
use rust_decimal::Decimal;
use std::sync::Arc;
use uuid::Uuid;

pub mod context;
mod guard;
mod rates;
mod tariffs;

pub use context::CallContext;
use context::{Level, Line};

use rates::cached_rate;
pub use rates::rate_for;
pub(crate) use rates::{rate_in, whole_deck};
use tariffs::{Pricing, chain_tariffs, limits};

fn field(name: &str, message: &str) -> AppError {
    AppError::new(ErrorCode::ValidationFailed, message.to_owned()).with_field(name.to_owned())
}

/// The identifier a switch sends: exactly one is set.
pub(crate) struct Identifier<'a> {
    pub(crate) pin: Option<&'a str>,
    pub(crate) ani: Option<&'a str>,
    pub(crate) sip_username: Option<&'a str>,
}

/// The identifier of a request, resolved to its account and service.
struct Holder {
    account_id: AccountId,
    service_id: Uuid,
    kind: ServiceKind,
}

/// A line found by its identifier, before the date-dependent card checks.
struct Found {
    holder: Holder,
    /// A calling card's expiry date.
    expires_on: Option<chrono::NaiveDate>,
    /// A calling card that is not active.
    blocked: bool,
}

/// Finds the service an identifier belongs to.
async fn find(tx: &TenantTx, req: &Identifier<'_>) -> AppResult<Result<Found, RefusalReason>> {
    use RefusalReason::*;
    if let Some(pin) = req.pin {
        let Some(card) = tx.customers().card_by_pin(pin.trim()).await? else {
            return Ok(Err(UnknownIdentifier));
        };
        let (Some(account_id), Some(service_id)) = (card.account_id, card.service_id) else {
            return Ok(Err(UnknownIdentifier));
        };
        return Ok(Ok(Found {
            holder: Holder {
                account_id,
                service_id: service_id.into(),
                kind: ServiceKind::CallingCard,
            },
            expires_on: card.expires_on,
            blocked: card.status != CardStatus::Active,
        }));
    }
    let plain = |holder| {
        Ok(Ok(Found {
            holder,
            expires_on: None,
            blocked: false,
        }))
    };
    if let Some(ani) = req.ani {
        let Some(number) = e164(ani) else {
            return Ok(Err(UnknownIdentifier));
        };
        let Some(row) = tx.customers().ani(&number).await? else {
            return Ok(Err(UnknownIdentifier));
        };
        return plain(Holder {
            account_id: row.account_id,
            service_id: row.service_id.into(),
            kind: ServiceKind::Pinless,
        });
    }
    let user = req.sip_username.unwrap_or_default().trim();
    let Some(row) = tx.customers().sip_by_username(user).await? else {
        return Ok(Err(UnknownIdentifier));
    };
    let kind = if row.media == "video" {
        ServiceKind::Video
    } else {
        ServiceKind::Sip
    };
    plain(Holder {
        account_id: row.account_id,
        service_id: row.service_id.into(),
        kind,
    })
}

/// A card's own refusal on `today`: expired, else blocked.
fn card_refusal(
    expires_on: Option<chrono::NaiveDate>,
    blocked: bool,
    today: chrono::NaiveDate,
) -> Option<RefusalReason> {
    if expires_on.is_some_and(|d| d < today) {
        Some(RefusalReason::CardExpired)
    } else if blocked {
        Some(RefusalReason::AccountSuspended)
    } else {
        None
    }
}

/// The customer's own refusal: closed, else suspended, else an e-mail never
/// confirmed (`pending_verification` only says the e-mail is unconfirmed).
fn customer_refusal(customer: &ringledger_db::entities::customers::Model) -> Option<RefusalReason> {
    match customer.status {
        CustomerStatus::Closed => Some(RefusalReason::CustomerClosed),
        CustomerStatus::Active | CustomerStatus::PendingVerification
            if customer.email_verified_at.is_none() =>
        {
            Some(RefusalReason::EmailUnverified)
        }
        CustomerStatus::Active | CustomerStatus::PendingVerification => None,
        CustomerStatus::Suspended => Some(RefusalReason::CustomerSuspended),
    }
}

/// Prepaid balance, or postpaid credit left.
fn available_of(account: &ringledger_db::entities::accounts::Model) -> Decimal {
    if account.kind == AccountKind::Postpaid {
        account.credit_limit.0 + account.balance.0
    } else {
        account.balance.0
    }
}

/// Reads the context of `id` at `now`.
async fn load_context(
    tx: &TenantTx,
    id: &Identifier<'_>,
    now: chrono::DateTime<chrono::Utc>,
    high_risk: Arc<HighRisk>,
) -> AppResult<CallContext> {
    use RefusalReason::*;
    let found = match find(tx, id).await? {
        Ok(f) => f,
        Err(reason) => return Ok(CallContext(Err(reason))),
    };
    let (Some(account), Some(service)) = (
        tx.customers().account(found.holder.account_id).await?,
        tx.customers()
            .service(ServiceId(found.holder.service_id))
            .await?,
    ) else {
        return Ok(CallContext(Err(UnknownIdentifier)));
    };
    let Some(customer) = tx.customers().customer(account.customer_id).await? else {
        return Ok(CallContext(Err(UnknownIdentifier)));
    };
    let subscriptions = tx.customers().subscriptions_of(&[account.id]).await?;
    let mut catalog = CatalogCache::default();
    let (bundles, groups) = if subscriptions.is_empty() {
        (&[][..], &[][..])
    } else {
        catalog.get(tx).await?
    };
    let versions = match deck_of(tx, &service, &subscriptions, bundles).await? {
        Some(deck) => tx
            .catalog()
            .versions_of(&[DeckId(deck)])
            .await?
            .into_iter()
            .map(|v| (v.effective_from, v.id))
            .collect(),
        None => Vec::new(),
    };
    let billing_day = account.billing_day.max(1) as u32;
    let mut usage = UsageCache::new();
    let drawable = drawable(
        tx,
        &subscriptions,
        bundles,
        groups,
        billing_day,
        now,
        &mut usage,
    )
    .await?;
    let available = available_of(&account);
    let tree = SellerTree::load(tx).await?;
    let sellers_up: Vec<Uuid> = tree
        .path(account.seller_id)
        .iter()
        .rev()
        .map(|s| s.id)
        .collect();
    let fraud = LineFraud::load(
        tx,
        &sellers_up,
        customer.id.into(),
        (account.id, service.id.into()),
        high_risk,
    )
    .await?;
    let mut chain = Vec::new();
    for r in tree.resellers_of(account.seller_id) {
        let wholesale = match r.wholesale_account_id {
            Some(id) => tx.customers().account(id).await?,
            None => None,
        };
        let pricing = pricing_of(r);
        let versions = match pricing.deck() {
            Some(deck) => tx
                .catalog()
                .versions_of(&[DeckId(deck)])
                .await?
                .into_iter()
                .map(|v| (v.effective_from, v.id))
                .collect(),
            None => Vec::new(),
        };
        chain.push(Level {
            pricing,
            versions,
            available: wholesale.as_ref().map(available_of),
            prepaid_account: wholesale
                .as_ref()
                .filter(|w| w.kind == AccountKind::Prepaid)
                .map(|w| w.id),
            active: wholesale.is_none_or(|w| w.status == AccountStatus::Active),
        });
    }
    Ok(CallContext(Ok(Line {
        account_id: account.id,
        service_id: service.id.into(),
        prepaid: account.kind == AccountKind::Prepaid,
        kind: found.holder.kind,
        expires_on: found.expires_on,
        blocked: found.blocked,
        customer: customer_refusal(&customer),
        active: account.status == AccountStatus::Active && service.status == ServiceStatus::Active,
        available,
        versions,
        drawable,
        billing_day,
        chain,
        fraud,
    })))
}

/// The service a request asks for and its call id (`None` when blank),
/// refusing a malformed request.
#[inline]
fn check_request<'r>(req: &'r AuthorizeRequest<'_>) -> AppResult<(ServiceKind, Option<&'r str>)> {
    let kind = ServiceKind::parse(&req.service).ok_or_else(|| {
        field(
            "service",
            "service must be calling_card, pinless, sip or video",
        )
    })?;
    let given = [&req.pin, &req.ani, &req.sip_username]
        .iter()
        .filter(|x| x.is_some())
        .count();
    if given != 1 {
        return Err(field("pin", "give exactly one of pin, ani, sip_username"));
    }
    let call_id = match req.call_id.as_deref().map(str::trim) {
        Some(c) if c.len() > 128 => {
            return Err(field("call_id", "a call id has at most 128 characters"));
        }
        Some(c) if !c.is_empty() => Some(c),
        _ => None,
    };
    Ok((kind, call_id))
}

/// The context of the request's line `key`: from the cache, else read (and
/// cached); read again when a new billing period began since.
async fn line_context(
    state: &AppState,
    tenant: TenantId,
    req: &AuthorizeRequest<'_>,
    key: IdRef<'_>,
    now: chrono::DateTime<chrono::Utc>,
    today: chrono::NaiveDate,
) -> AppResult<Arc<CallContext>> {
    let cache = state.auth_cache();
    let stamp = state.repos().stamp(tenant);
    let load = || async {
        let high_risk = state.high_risk().get(state.repos(), tenant).await?;
        let tx = state.repos().tenant_read(tenant).await?;
        let id = Identifier {
            pin: req.pin.as_deref(),
            ani: req.ani.as_deref(),
            sip_username: req.sip_username.as_deref(),
        };
        let ctx = Arc::new(load_context(&tx, &id, now, high_risk).await?);
        tx.commit().await?;
        cache.put_context(tenant, key.to_key(), stamp, ctx.clone());
        AppResult::Ok(ctx)
    };
    // A miss reads the database: its (large) future is boxed, so every
    // request's future stays small (it is moved whole through the
    // middleware).
    let mut ctx = match cache.context(tenant, key, stamp, state.repos().following_writes()) {
        Some(ctx) => ctx,
        None => Box::pin(load()).await?,
    };
    // A new billing period since the context was read: allowances renewed.
    if let Ok(line) = &ctx.0
        && period_start(today, line.billing_day) != line.drawable.period
    {
        ctx = Box::pin(load()).await?;
    }
    Ok(ctx)
}

/// Why `line` may not place a `kind` call on `today`, if so.
#[inline]
fn line_refusal(line: &Line, kind: ServiceKind, today: chrono::NaiveDate) -> Option<RefusalReason> {
    use RefusalReason::*;
    if let Some(reason) = card_refusal(line.expires_on, line.blocked, today) {
        return Some(reason);
    }
    if line.kind != kind {
        return Some(ServiceMismatch);
    }
    // The customer first: a suspension by staff sets the account's status
    // too, and the switch should hear the customer's own reason.
    if let Some(reason) = line.customer {
        return Some(reason);
    }
    // A reseller its parent suspended stops its customers too.
    if !line.active || line.chain.iter().any(|l| !l.active) {
        return Some(AccountSuspended);
    }
    None
}

/// Authorises a call for a switch of `tenant` (presenting `switch_key`). In the steady state this
/// reads nothing from the database (see [`crate::services::auth_cache::AuthCache`]).
pub async fn authorize(
    state: &AppState,
    tenant: TenantId,
    switch_key: Uuid,
    req: &AuthorizeRequest<'_>,
) -> AppResult<AuthorizeResponse> {
    use RefusalReason::*;
    let (kind, call_id) = check_request(req)?;
    // The cache key of the request's identifier, borrowed from it (an ANI
    // is normalised first; one that is no number cannot match anything).
    let ani: String;
    let key = if let Some(pin) = &req.pin {
        IdRef::Pin(pin.trim())
    } else if let Some(given) = &req.ani {
        let Some(number) = e164(given) else {
            return Ok(AuthorizeResponse::refused(UnknownIdentifier));
        };
        ani = number;
        IdRef::Ani(&ani)
    } else if let Some(user) = &req.sip_username {
        IdRef::Sip(user.trim())
    } else {
        return Ok(AuthorizeResponse::refused(UnknownIdentifier));
    };
    let now = state.clock().now();
    let today = now.date_naive();
    let ctx = line_context(state, tenant, req, key, now, today).await?;
    let line = match &ctx.0 {
        Ok(line) => line,
        Err(reason) => return Ok(AuthorizeResponse::refused(*reason)),
    };
    if let Some(reason) = line_refusal(line, kind, today) {
        return Ok(AuthorizeResponse::refused(reason));
    }
    let refuse = |reason| {
        guard::refuse(
            state,
            tenant,
            switch_key,
            line,
            reason,
            &req.destination,
            now,
        )
    };
    if line.fraud.suspended {
        return Ok(refuse(FraudSuspended));
    }
    let Ok(number) = normalize(&req.destination) else {
        return Ok(AuthorizeResponse::refused(InvalidDestination));
    };
    if let Some(reason) = guard::destination(&line.fraud, &number) {
        return Ok(refuse(reason));
    }
    let Some(&(_, version)) = line.versions.iter().find(|(from, _)| *from <= today) else {
        return Ok(AuthorizeResponse::refused(NoRate));
    };
    // A call to one of the tenant's own numbers is on-net: its rate, no
    // allowance spent (`services::on_net`).
    let on_net = state.on_net().get(state.repos(), tenant).await?;
    let on_net = on_net.rate(&number).map(|r| RateHit::of(&r));
    let rate = match on_net {
        Some(hit) => hit,
        None => match cached_rate(state, tenant, version, &number).await? {
            Some(hit) => hit,
            None => return Ok(AuthorizeResponse::refused(NoRate)),
        },
    };
    let allowance_secs = match on_net {
        Some(_) => 0,
        None => line.drawable.pool.available(kind, &number),
    };
    // Every level must afford the call: the customer at its price, each
    // reseller's wholesale account at its parent's (allowances are the
    // reseller's to give, so they do not spare the wholesale account).
    let at = Pricing {
        today,
        number: &number,
        on_net: on_net.is_some(),
    };
    let tariffs = chain_tariffs(state, tenant, line, &at, rate.tariff).await?;
    let mine = tariffs[tariffs.len() - 1];
    let (mut max, needs) = limits(line, &tariffs, &mine, allowance_secs);
    // The spend limits cut the call at what they leave.
    if max > 0 {
        max = match guard::spend_cap(&line.fraud, now, &mine, allowance_secs, max) {
            Ok(secs) => secs,
            Err(reason) => return Ok(refuse(reason)),
        };
    }
    let hold = req.reserve != Some(false);
    // Concurrent calls and calls per minute: a slot of each counter.
    let asks = guard::asks(line, now, max);
    let mut slots = None;
    if max > 0 && !asks.is_empty() {
        let taken = state
            .slots()
            .take(
                tenant,
                (line.account_id, line.service_id),
                call_id,
                &asks,
                guard::call_ends(now, max),
                hold,
                now,
            )
            .await?;
        match taken {
            Taken::Full(kind) => return Ok(refuse(kind.refusal())),
            Taken::Granted(key) => slots = key,
        }
    }
    // Prepaid money is held for the call until its CDR settles it, so
    // calls at once never spend more than the balance together.
    let mut reserved = None;
    if max > 0 && !needs.is_empty() {
        let granted = state
            .reservations()
            .reserve(
                tenant,
                call_id,
                line.service_id,
                &needs,
                max,
                hold,
                state.clock().now(),
            )
            .await?;
        max = granted.secs;
        reserved = (line.prepaid && hold).then_some(granted.amount);
    }
    if max == 0
        && let Some(key) = slots
    {
        state.slots().undo(tenant, line.account_id, &key).await;
    }
    Ok(AuthorizeResponse {
        authorized: max > 0,
        max_duration_secs: max,
        rate_per_minute: Some(mine.rate_per_minute()),
        connect_fee: Some(mine.connect_fee()),
        prefix: Some(rate.prefix().to_owned()),
        allowance_secs,
        reason: (max == 0).then_some(InsufficientBalance),
        reserved: reserved.filter(|_| max > 0),
    })
}

#[cfg(test)]
mod tests {
    use super::customer_refusal;
    use ringledger_db::entities::customers;
    use ringledger_shared::api::calls::RefusalReason::*;
    use ringledger_shared::status::CustomerStatus;

    fn customer(status: CustomerStatus, verified: bool) -> customers::Model {
        customers::Model {
            tenant_id: uuid::Uuid::nil(),
            id: uuid::Uuid::nil().into(),
            seller_id: uuid::Uuid::nil(),
            email: "a@example.test".into(),
            name: "A".into(),
            password_hash: String::new(),
            status,
            email_verified_at: verified.then(chrono::Utc::now),
            created_at: chrono::Utc::now(),
            country: String::new(),
            address: String::new(),
            locale: None,
        }
    }

    #[test]
    fn closed_then_suspended_then_unverified() {
        let cases = [
            (CustomerStatus::Active, true, None),
            (CustomerStatus::Active, false, Some(EmailUnverified)),
            (
                CustomerStatus::PendingVerification,
                false,
                Some(EmailUnverified),
            ),
            (CustomerStatus::PendingVerification, true, None),
            (CustomerStatus::Suspended, false, Some(CustomerSuspended)),
            (CustomerStatus::Suspended, true, Some(CustomerSuspended)),
            (CustomerStatus::Closed, false, Some(CustomerClosed)),
            (CustomerStatus::Closed, true, Some(CustomerClosed)),
        ];
        for (status, verified, want) in cases {
            assert_eq!(
                customer_refusal(&customer(status, verified)),
                want,
                "{status} {verified}"
            );
        }
    }
}
