//! Rating and billing posted CDRs: one transaction per batch, idempotent per
//! `call_id`. Each new record is resolved to its service, rated with the
//! deck version in force on the call's start date, draws the account's
//! allowances for that billing period, and debits the balance with a ledger
//! entry. Records that cannot be rated are kept with their reason.

use super::allowances::{CatalogCache, UsageCache, deck_of, drawable};
use super::authorize::{Holder, Identifier, rate_for, resolve};
use crate::entities::decimal::DbDecimal;
use crate::entities::{accounts, allowance_usage, cdrs, ledger_entries};
use crate::error::AppResult;
use crate::repo::TenantTx;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use ringledger_shared::api::calls::{CdrBatchResponse, CdrRecord, RejectedCdr};
use ringledger_shared::ids::TenantId;
use ringledger_shared::rating::{ServiceKind, billable_secs, normalize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A record that passed the shape checks.
struct Parsed {
    rec: CdrRecord,
    kind: ServiceKind,
    start: DateTime<Utc>,
}

fn shape(rec: CdrRecord) -> Result<Parsed, RejectedCdr> {
    let reject = |code: &str| RejectedCdr {
        call_id: rec.call_id.clone(),
        code: code.into(),
    };
    if rec.call_id.trim().is_empty() || rec.call_id.len() > 128 {
        return Err(reject("invalid_call_id"));
    }
    let kind = ServiceKind::parse(&rec.service).ok_or_else(|| reject("invalid_service"))?;
    let given = [&rec.pin, &rec.ani, &rec.sip_username]
        .iter()
        .filter(|x| x.is_some())
        .count();
    if given != 1 {
        return Err(reject("invalid_identifier"));
    }
    let start = DateTime::parse_from_rfc3339(rec.start_time.trim())
        .map_err(|_| reject("invalid_start_time"))?
        .with_timezone(&Utc);
    Ok(Parsed { rec, kind, start })
}

/// Ingests one batch for `tenant`.
pub async fn ingest(
    state: &AppState,
    tenant: TenantId,
    records: Vec<CdrRecord>,
) -> AppResult<CdrBatchResponse> {
    let mut out = CdrBatchResponse {
        accepted: 0,
        duplicates: 0,
        rejected: Vec::new(),
    };
    let mut parsed = Vec::with_capacity(records.len());
    for r in records {
        match shape(r) {
            Ok(p) => parsed.push(p),
            Err(rej) => out.rejected.push(rej),
        }
    }
    // PRODUCT.md: calls are taken in order of start time, then call id.
    parsed.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.rec.call_id.cmp(&b.rec.call_id))
    });

    let tx = state.repos().tenant(tenant).await?;
    ingest_in(state, &tx, tenant, parsed, &mut out).await?;
    tx.commit().await?;
    Ok(out)
}

/// The work of [`ingest`] inside the caller's transaction.
async fn ingest_in(
    state: &AppState,
    tx: &TenantTx,
    tenant: TenantId,
    parsed: Vec<Parsed>,
    out: &mut CdrBatchResponse,
) -> AppResult<()> {
    let now = state.clock().now();
    let ids: Vec<String> = parsed.iter().map(|p| p.rec.call_id.clone()).collect();
    let mut seen: HashSet<String> = tx.existing_call_ids(&ids).await?;
    let mut accounts: HashMap<Uuid, accounts::Model> = HashMap::new();
    let mut usage = UsageCache::new();
    let mut catalog = CatalogCache::default();

    for p in parsed {
        if !seen.insert(p.rec.call_id.clone()) {
            out.duplicates += 1;
            continue;
        }
        let outcome = rate_one(tx, &p, &mut accounts, &mut usage, &mut catalog).await?;
        let identifier = p
            .rec
            .pin
            .as_deref()
            .or(p.rec.ani.as_deref())
            .or(p.rec.sip_username.as_deref())
            .unwrap_or_default();
        let masked = if p.rec.pin.is_some() {
            mask(identifier)
        } else {
            identifier.to_owned()
        };
        let cdr_id = Uuid::now_v7();
        let (status, reason, prefix, billable, covered, charge) = match &outcome {
            Ok(r) => (
                "rated",
                None,
                Some(r.prefix.clone()),
                r.billable,
                r.covered,
                r.charge,
            ),
            Err((code, _)) => (
                "rejected",
                Some(code.to_string()),
                None,
                0,
                0,
                rust_decimal::Decimal::ZERO,
            ),
        };
        tx.insert_cdr(cdrs::Model {
            tenant_id: tenant.as_uuid(),
            id: cdr_id,
            call_id: p.rec.call_id.clone(),
            account_id: match &outcome {
                Ok(r) => Some(r.account_id),
                Err((_, a)) => *a,
            },
            service_id: outcome.as_ref().ok().map(|r| r.service_id),
            service_kind: p.kind.as_str().into(),
            identifier: masked.chars().take(64).collect(),
            destination: p.rec.destination.chars().take(64).collect(),
            start_time: p.start,
            duration_secs: p.rec.duration_secs,
            media: p
                .rec
                .media
                .clone()
                .unwrap_or_else(|| "audio".into())
                .chars()
                .take(8)
                .collect(),
            status: status.into(),
            reason,
            prefix,
            billable_secs: billable as i64,
            covered_secs: covered as i64,
            charge: DbDecimal(charge),
            created_at: now,
        })
        .await?;
        match outcome {
            Ok(r) => {
                out.accepted += 1;
                if !r.charge.is_zero()
                    && let Some(account) = accounts.get_mut(&r.account_id)
                {
                    let before = account.balance.0;
                    account.balance = DbDecimal(account.balance.0 - r.charge);
                    if let Some(threshold) = account.low_balance_threshold
                        && account.kind == "prepaid"
                        && before >= threshold.0
                        && account.balance.0 < threshold.0
                    {
                        low_balance_alert(state, tx, account, cdr_id, now).await?;
                    }
                    tx.insert_ledger(ledger_entries::Model {
                        tenant_id: tenant.as_uuid(),
                        id: Uuid::now_v7(),
                        account_id: r.account_id,
                        amount: DbDecimal(-r.charge),
                        balance_after: account.balance,
                        kind: "usage".into(),
                        reason: format!("call {}", p.rec.call_id)
                            .chars()
                            .take(200)
                            .collect(),
                        actor: "switch".into(),
                        cdr_id: Some(cdr_id),
                        created_at: now,
                    })
                    .await?;
                }
            }
            Err((code, _)) => out.rejected.push(RejectedCdr {
                call_id: p.rec.call_id.clone(),
                code: code.into(),
            }),
        }
    }
    for account in accounts.into_values() {
        tx.update_account(account).await?;
    }
    for ((sub, allowance, period), used) in usage {
        tx.set_allowance_usage(allowance_usage::Model {
            tenant_id: tenant.as_uuid(),
            subscription_id: sub,
            allowance_id: allowance,
            period_start: period,
            used_secs: used,
        })
        .await?;
    }
    Ok(())
}

/// E-mails the customer that a call took the balance below their
/// threshold; the key (account and the CDR that crossed) makes it once.
async fn low_balance_alert(
    state: &AppState,
    tx: &TenantTx,
    account: &accounts::Model,
    cdr_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(customer) = tx.customer(account.customer_id).await? else {
        return Ok(());
    };
    let seller = tx
        .seller(ringledger_shared::ids::SellerId(account.seller_id))
        .await?;
    let seller_name = seller
        .map(|s| s.name)
        .unwrap_or_else(|| "your provider".into());
    let body = format!(
        "Hello {},\n\nyour balance is now {} {} — below the {} {} you asked to be warned about.\n\
         Top up to keep calling.\n\n{seller_name}\n",
        customer.name,
        account.balance.0.normalize(),
        account.currency,
        account
            .low_balance_threshold
            .map(|t| t.0.normalize())
            .unwrap_or_default(),
        account.currency,
    );
    crate::email::enqueue(
        tx,
        &format!("low-balance:{}:{cdr_id}", account.id),
        &customer.email,
        &format!("Low balance on your {seller_name} account"),
        &body,
        now,
    )
    .await?;
    state.mark_mail_pending();
    Ok(())
}

/// A PIN is never stored in the clear in a CDR: only its last 4 digits.
fn mask(pin: &str) -> String {
    let chars: Vec<char> = pin.chars().collect();
    let hidden = chars.len().saturating_sub(4);
    let shown: String = chars[hidden..].iter().collect();
    format!("{}{shown}", "*".repeat(hidden.min(16)))
}

struct Rated {
    account_id: Uuid,
    service_id: Uuid,
    prefix: String,
    billable: u64,
    covered: u64,
    charge: rust_decimal::Decimal,
}

type Refusal = (&'static str, Option<Uuid>);

async fn rate_one(
    tx: &TenantTx,
    p: &Parsed,
    accounts: &mut HashMap<Uuid, accounts::Model>,
    usage: &mut UsageCache,
    catalog: &mut CatalogCache,
) -> AppResult<Result<Rated, Refusal>> {
    let day = p.start.date_naive();
    let id = Identifier {
        pin: p.rec.pin.as_deref(),
        ani: p.rec.ani.as_deref(),
        sip_username: p.rec.sip_username.as_deref(),
    };
    let Holder {
        account_id,
        service_id,
        kind,
    } = match resolve(tx, &id, day).await? {
        Ok(h) => h,
        Err(reason) => return Ok(Err((reason_code(reason), None))),
    };
    if kind != p.kind {
        return Ok(Err(("service_mismatch", Some(account_id))));
    }
    let Ok(number) = normalize(&p.rec.destination) else {
        return Ok(Err(("invalid_destination", Some(account_id))));
    };
    if let std::collections::hash_map::Entry::Vacant(slot) = accounts.entry(account_id) {
        let Some(a) = tx.account_for_update(account_id).await? else {
            return Ok(Err(("unknown_identifier", None)));
        };
        slot.insert(a);
    }
    let billing_day = accounts
        .get(&account_id)
        .map_or(1, |a| a.billing_day.max(1) as u32);
    let Some(service) = tx.service(service_id).await? else {
        return Ok(Err(("unknown_identifier", None)));
    };
    let subscriptions = tx.subscriptions_of(&[account_id]).await?;
    let (bundles, groups) = if subscriptions.is_empty() {
        (&[][..], &[][..])
    } else {
        catalog.get(tx).await?
    };
    let deck_id = deck_of(tx, &service, &subscriptions, bundles).await?;
    let Some(deck_id) = deck_id else {
        return Ok(Err(("no_rate", Some(account_id))));
    };
    let Some(rate) = rate_for(tx, deck_id, &number, day).await? else {
        return Ok(Err(("no_rate", Some(account_id))));
    };
    let t = &rate.tariff;
    let billable = billable_secs(
        p.rec.duration_secs,
        t.initial_increment,
        t.subsequent_increment,
    );

    // Allowances in force for this period, with what earlier calls used.
    let drawable = drawable(
        tx,
        &subscriptions,
        bundles,
        groups,
        billing_day,
        p.start,
        usage,
    )
    .await?;
    let mut pool = drawable.pool.clone();
    let (covered, drawn) = if billable > 0 {
        pool.draw(kind, &number, billable)
    } else {
        (0, Vec::new())
    };
    drawable.record(&drawn, usage);
    Ok(Ok(Rated {
        account_id,
        service_id,
        prefix: rate.prefix.clone(),
        billable,
        covered,
        charge: t.charge_uncovered(billable, covered),
    }))
}

fn reason_code(r: ringledger_shared::api::calls::RefusalReason) -> &'static str {
    use ringledger_shared::api::calls::RefusalReason::*;
    match r {
        UnknownIdentifier => "unknown_identifier",
        ServiceMismatch => "service_mismatch",
        AccountSuspended => "account_suspended",
        CardExpired => "card_expired",
        InvalidDestination => "invalid_destination",
        NoRate => "no_rate",
        InsufficientBalance => "insufficient_balance",
    }
}

/// Re-rates every kept (rejected) record of `tenant`, e.g. after the deck
/// was fixed: each is taken out and ingested again, in one transaction per
/// call so a record that still fails stays as it was.
pub async fn rerate(state: &AppState, tenant: TenantId) -> AppResult<(u64, u64)> {
    let tx = state.repos().tenant(tenant).await?;
    let kept = tx.rejected_cdrs(10_000).await?;
    let mut records = Vec::with_capacity(kept.len());
    for c in &kept {
        // PINs are stored masked; the card is found again through its service.
        let pin = if c.service_kind == "calling_card" {
            match c.account_id {
                Some(a) => tx
                    .cards_of(&[a])
                    .await?
                    .into_iter()
                    .find(|k| k.service_id == c.service_id)
                    .map(|k| k.pin),
                None => None,
            }
        } else {
            None
        };
        let (pin, ani, sip) = match c.service_kind.as_str() {
            "calling_card" => (pin, None, None),
            "pinless" => (None, Some(c.identifier.clone()), None),
            _ => (None, None, Some(c.identifier.clone())),
        };
        if c.service_kind == "calling_card" && pin.is_none() {
            continue;
        }
        records.push((
            c.id,
            CdrRecord {
                call_id: c.call_id.clone(),
                service: c.service_kind.clone(),
                pin,
                ani,
                sip_username: sip,
                destination: c.destination.clone(),
                start_time: c.start_time.to_rfc3339(),
                duration_secs: c.duration_secs,
                media: Some(c.media.clone()),
            },
        ));
    }
    tx.commit().await?;
    let (mut rerated, mut still) = (0u64, (kept.len() - records.len()) as u64);
    for (id, record) in records {
        let Ok(parsed) = shape(record) else {
            still += 1;
            continue;
        };
        let tx = state.repos().tenant(tenant).await?;
        tx.delete_cdr(id).await?;
        let mut out = CdrBatchResponse {
            accepted: 0,
            duplicates: 0,
            rejected: Vec::new(),
        };
        ingest_in(state, &tx, tenant, vec![parsed], &mut out).await?;
        if out.accepted == 1 {
            tx.commit().await?;
            rerated += 1;
        } else {
            // Dropping the transaction keeps the record as it was.
            still += 1;
        }
    }
    Ok((rerated, still))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_masked() {
        assert_eq!(mask("1234567890"), "******7890");
        assert_eq!(mask("12"), "12");
        assert_eq!(mask("ééééé"), "*éééé", "never cut inside a character");
    }
}
