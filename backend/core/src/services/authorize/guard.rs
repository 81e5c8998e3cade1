//! Fraud control's checks in the authorization path (`services::fraud`):
//! the destination rules, the spend limits' cap on the call, and the
//! concurrent-call and calls-per-minute slots a call asks for.

use super::Line;
use crate::audit::{self, Actor, Changes, Event};
use crate::auth::principal::Origin;
use crate::error::AppResult;
use crate::services::fraud::LineFraud;
use crate::services::fraud::refusals;
use crate::services::fraud::slots::{Ask, CounterKey, Kind, MINUTE};
use crate::services::reservations::GRACE;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use ringledger_shared::api::calls::{AuthorizeResponse, RefusalReason};
use ringledger_shared::api::fraud::Limits;
use ringledger_shared::ids::TenantId;
use ringledger_shared::rating::{Number, Tariff, max_duration};
use rust_decimal::Decimal;
use smallvec::SmallVec;
use uuid::Uuid;

/// Why `number` may not be called on this line, if so.
#[inline]
pub(super) fn destination(fraud: &LineFraud, number: &Number) -> Option<RefusalReason> {
    if fraud.allow_high_risk && fraud.countries.is_empty() {
        return None;
    }
    fraud.destination_refusal(number)
}

/// The longest call the spend limits leave at `tariff` (after
/// `allowance_secs`), at most `max`; `Err` when they leave none.
#[inline]
pub(super) fn spend_cap(
    fraud: &LineFraud,
    now: DateTime<Utc>,
    tariff: &Tariff,
    allowance_secs: u64,
    max: u64,
) -> Result<u64, RefusalReason> {
    let Some(left) = fraud.spend_left(now) else {
        return Ok(max);
    };
    let secs = max_duration(tariff, allowance_secs, left.max(Decimal::ZERO), max);
    if secs == 0 && max > 0 {
        Err(RefusalReason::SpendLimit)
    } else {
        Ok(secs)
    }
}

/// When a call of at most `max` seconds authorized at `now` is taken to
/// have ended if its CDR never comes.
#[inline]
pub(super) fn call_ends(now: DateTime<Utc>, max: u64) -> DateTime<Utc> {
    now + Duration::seconds(max as i64) + GRACE
}

/// The slots a call of at most `max` seconds asks of the line's counters.
#[inline]
pub(super) fn asks(line: &Line, now: DateTime<Utc>, max: u64) -> SmallVec<[Ask; 4]> {
    let limits = &line.fraud.limits;
    let mut out = SmallVec::new();
    if !limits.account.counts_calls() && !limits.service.counts_calls() {
        return out;
    }
    let call_ends = call_ends(now, max);
    let mut push = |l: &Limits, subject: Uuid| {
        if let Some(limit) = l.concurrent_calls {
            out.push(Ask {
                key: CounterKey {
                    kind: Kind::Concurrent,
                    subject,
                },
                limit,
                until: call_ends,
            });
        }
        if let Some(limit) = l.calls_per_minute {
            out.push(Ask {
                key: CounterKey {
                    kind: Kind::PerMinute,
                    subject,
                },
                limit,
                until: now + MINUTE,
            });
        }
    };
    push(&limits.account, line.account_id.as_uuid());
    push(&limits.service, line.service_id);
    out
}

/// Answers a fraud refusal of `line`'s call to `destination`, recorded in
/// the audit log (at most once a minute per service and reason, in the
/// background: the switch does not wait for it).
pub(super) fn refuse(
    state: &AppState,
    tenant: TenantId,
    switch_key: Uuid,
    line: &Line,
    reason: RefusalReason,
    destination: &str,
    now: DateTime<Utc>,
) -> AuthorizeResponse {
    let service = line.service_id;
    if let Some(skipped) = state.refusals().count(tenant, service, reason, now) {
        let state = state.clone();
        let (customer, seller) = (line.fraud.customer, line.fraud.seller);
        let destination: String = destination.chars().take(40).collect();
        tokio::spawn(async move {
            let written = record(
                &state,
                tenant,
                switch_key,
                (customer, seller, service),
                reason,
                destination,
                skipped,
                now,
            )
            .await;
            if let Err(e) = written {
                tracing::warn!(error = %e, "a fraud refusal was not recorded");
            }
        });
    }
    AuthorizeResponse::refused(reason)
}

/// Writes the audit event of a refusal (without moving the tenant's write
/// generation: the authorization cache stays warm).
#[allow(clippy::too_many_arguments)]
async fn record(
    state: &AppState,
    tenant: TenantId,
    switch_key: Uuid,
    (customer, seller, service): (Uuid, Uuid, Uuid),
    reason: RefusalReason,
    destination: String,
    skipped: u64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let tx = state.repos().tenant_quiet(tenant).await?;
    let reason = serde_json::to_value(reason).unwrap_or_default();
    let mut changes = Changes::none().set("reason", None::<String>, reason).set(
        "destination",
        None::<String>,
        destination,
    );
    if skipped > 0 {
        changes = changes.set("refused_before", None::<u64>, skipped);
    }
    let event = Event::new(refusals::ACTION, "service", service)
        .customer(customer)
        .seller(seller)
        .changes(changes);
    let origin = Origin {
        ip: None,
        request_id: None,
        at: now,
    };
    audit::record(&tx, &Actor::SwitchKey(switch_key), origin, event, now).await?;
    tx.commit().await?;
    Ok(())
}
