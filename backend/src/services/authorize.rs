//! "May this call go ahead, and for how long?" — the identifier's service,
//! the destination's rate in the plan's (or bundle's) current deck version,
//! the bundled allowances that apply, and what the account can spend, handed
//! to `shared::rating::max_duration`.

use crate::error::{AppError, AppResult};
use crate::repo::TenantTx;
use crate::services::provisioning::e164;
use crate::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::calls::{AuthorizeRequest, AuthorizeResponse, RefusalReason};
use ringledger_shared::ids::TenantId;
use ringledger_shared::rating::{
    Deck, MAX_CALL_SECS, Number, Rate, ServiceKind, Tariff, max_duration, normalize,
};
use uuid::Uuid;

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
pub(crate) struct Holder {
    pub(crate) account_id: Uuid,
    pub(crate) service_id: Uuid,
    pub(crate) kind: ServiceKind,
}

pub(crate) async fn resolve(
    tx: &TenantTx,
    req: &Identifier<'_>,
    today: chrono::NaiveDate,
) -> AppResult<Result<Holder, RefusalReason>> {
    use RefusalReason::*;
    if let Some(pin) = req.pin {
        let Some(card) = tx.card_by_pin(pin.trim()).await? else {
            return Ok(Err(UnknownIdentifier));
        };
        let (Some(account_id), Some(service_id)) = (card.account_id, card.service_id) else {
            return Ok(Err(UnknownIdentifier));
        };
        if card.expires_on.is_some_and(|d| d < today) {
            return Ok(Err(CardExpired));
        }
        if card.status != "active" {
            return Ok(Err(AccountSuspended));
        }
        return Ok(Ok(Holder {
            account_id,
            service_id,
            kind: ServiceKind::CallingCard,
        }));
    }
    if let Some(ani) = req.ani {
        let Some(number) = e164(ani) else {
            return Ok(Err(UnknownIdentifier));
        };
        let Some(row) = tx.ani(&number).await? else {
            return Ok(Err(UnknownIdentifier));
        };
        return Ok(Ok(Holder {
            account_id: row.account_id,
            service_id: row.service_id,
            kind: ServiceKind::Pinless,
        }));
    }
    let user = req.sip_username.unwrap_or_default().trim();
    let Some(row) = tx.sip_by_username(user).await? else {
        return Ok(Err(UnknownIdentifier));
    };
    let kind = if row.media == "video" {
        ServiceKind::Video
    } else {
        ServiceKind::Sip
    };
    Ok(Ok(Holder {
        account_id: row.account_id,
        service_id: row.service_id,
        kind,
    }))
}

/// The deck row pricing `number` in the version of `deck_id` in force on `today`.
pub(crate) async fn rate_for(
    tx: &TenantTx,
    deck_id: Uuid,
    number: &Number,
    today: chrono::NaiveDate,
) -> AppResult<Option<Rate>> {
    let Some(version) = tx.version_in_force(deck_id, today).await? else {
        return Ok(None);
    };
    let digits = number.as_str();
    let prefixes = (1..=digits.len()).map(|n| digits[..n].to_owned()).collect();
    let rows: Vec<Rate> = tx
        .rates_with_prefixes(version.id, prefixes)
        .await?
        .into_iter()
        .filter_map(|r| {
            let t = Tariff::new(
                r.rate_per_minute.0,
                r.connect_fee.0,
                r.initial_increment.max(1) as u32,
                r.subsequent_increment.max(1) as u32,
            )?;
            Rate::new(&r.prefix, &r.destination, t)
        })
        .collect();
    // The same engine that bills picks the longest prefix.
    let deck = Deck::new(rows)
        .map_err(|d| AppError::internal(anyhow::anyhow!("duplicate prefix {}", d.prefix)))?;
    Ok(deck.lookup(number).cloned())
}

/// Authorises a call for a switch of `tenant`.
pub async fn authorize(
    state: &AppState,
    tenant: TenantId,
    req: &AuthorizeRequest,
) -> AppResult<AuthorizeResponse> {
    use RefusalReason::*;
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
    let today = state.clock().now().date_naive();
    let tx = state.repos().tenant_read(tenant).await?;
    let answer = async {
        let id = Identifier {
            pin: req.pin.as_deref(),
            ani: req.ani.as_deref(),
            sip_username: req.sip_username.as_deref(),
        };
        let holder = match resolve(&tx, &id, today).await? {
            Ok(h) => h,
            Err(reason) => return Ok(AuthorizeResponse::refused(reason)),
        };
        if holder.kind != kind {
            return Ok(AuthorizeResponse::refused(ServiceMismatch));
        }
        let account = tx
            .account(holder.account_id)
            .await?
            .ok_or_else(|| AppError::not_found("account"))?;
        let service = tx
            .service(holder.service_id)
            .await?
            .ok_or_else(|| AppError::not_found("service"))?;
        if account.status != "active" || service.status != "active" {
            return Ok(AuthorizeResponse::refused(AccountSuspended));
        }
        let Ok(number) = normalize(&req.destination) else {
            return Ok(AuthorizeResponse::refused(InvalidDestination));
        };

        // The deck: the service's plan, else its bundle's.
        let subscriptions = tx.subscriptions_of(&[account.id]).await?;
        let mut catalog = super::allowances::CatalogCache::default();
        let (bundles, groups) = if subscriptions.is_empty() {
            (&[][..], &[][..])
        } else {
            catalog.get(&tx).await?
        };
        let deck_id = super::allowances::deck_of(&tx, &service, &subscriptions, bundles).await?;
        let Some(deck_id) = deck_id else {
            return Ok(AuthorizeResponse::refused(NoRate));
        };
        let Some(rate) = rate_for(&tx, deck_id, &number, today).await? else {
            return Ok(AuthorizeResponse::refused(NoRate));
        };

        // Allowances of the account's active bundles, less this period's usage.
        let now = state.clock().now();
        let mut usage = super::allowances::UsageCache::new();
        let drawable = super::allowances::drawable(
            &tx,
            &subscriptions,
            bundles,
            groups,
            account.billing_day.max(1) as u32,
            now,
            &mut usage,
        )
        .await?;
        let allowance_secs = drawable.pool.available(kind, &number);
        let available = if account.kind == "postpaid" {
            account.credit_limit.0 + account.balance.0
        } else {
            account.balance.0
        };
        let max = max_duration(&rate.tariff, allowance_secs, available, MAX_CALL_SECS);
        Ok(AuthorizeResponse {
            authorized: max > 0,
            max_duration_secs: max,
            rate_per_minute: Some(rate.tariff.rate_per_minute()),
            connect_fee: Some(rate.tariff.connect_fee()),
            prefix: Some(rate.prefix.clone()),
            allowance_secs,
            reason: (max == 0).then_some(InsufficientBalance),
        })
    }
    .await;
    tx.commit().await?;
    answer
}
