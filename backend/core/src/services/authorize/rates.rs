//! Deck rows for a destination: one row read by prefix, or a whole deck
//! version compiled into the rating engine's [`Deck`] (cached).

use super::*;
use crate::services::auth_cache::RateHit;
use ringledger_shared::ids::DeckId;

/// The deck row pricing `number` in the version of `deck_id` in force on `today`.
pub async fn rate_for(
    tx: &TenantTx,
    deck_id: Uuid,
    number: &Number,
    today: chrono::NaiveDate,
) -> AppResult<Option<Rate>> {
    let Some(version) = tx
        .catalog()
        .version_in_force(DeckId(deck_id), today)
        .await?
    else {
        return Ok(None);
    };
    rate_in(tx, version.id, number).await
}

/// The deck row pricing `number` in deck version `version`.
pub(crate) async fn rate_in(
    tx: &TenantTx,
    version: Uuid,
    number: &Number,
) -> AppResult<Option<Rate>> {
    let digits = number.as_str();
    let prefixes = (1..=digits.len()).map(|n| digits[..n].to_owned()).collect();
    let rows = tx.catalog().rates_with_prefixes(version, prefixes).await?;
    // The same engine that bills picks the longest prefix.
    let deck = compile(rows)?;
    Ok(deck.lookup(number).cloned())
}

/// Compiles deck rows into the rating engine's [`Deck`].
pub(crate) fn compile(
    rows: Vec<ringledger_db::entities::rate_deck_rates::Model>,
) -> AppResult<Deck> {
    let rates = rows
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
    Deck::new(rates)
        .map_err(|d| AppError::internal(anyhow::anyhow!("duplicate prefix {}", d.prefix)))
}

/// A whole deck version, compiled (from the cache when it is there).
pub(crate) async fn whole_deck(
    state: &AppState,
    tx: &TenantTx,
    version: Uuid,
) -> AppResult<Arc<Deck>> {
    if let Some(d) = state.auth_cache().deck(version) {
        return Ok(d);
    }
    let mut rows = Vec::new();
    loop {
        let page = tx
            .catalog()
            .rates_after(
                version,
                rows.last()
                    .map(|r: &ringledger_db::entities::rate_deck_rates::Model| r.prefix.as_str()),
                50_000,
            )
            .await?;
        let done = page.len() < 50_000;
        rows.extend(page);
        if done {
            break;
        }
    }
    let deck = Arc::new(compile(rows)?);
    state.auth_cache().put_deck(version, deck.clone());
    Ok(deck)
}

/// The row pricing `number` in deck version `version`: from the compiled
/// version when it is in memory, else from the cache of rows per
/// destination or read once and cached — and the first such miss loads the
/// whole version in the background, so that random destinations of a big
/// deck stop reaching the database.
pub(super) async fn cached_rate(
    state: &AppState,
    tenant: TenantId,
    version: Uuid,
    number: &Number,
) -> AppResult<Option<RateHit>> {
    let found = state.auth_cache().in_deck(version, |deck| {
        deck.lookup(number)
            .map(|rate| RateHit::matched(rate, number))
    });
    if let Some(found) = found {
        return Ok(found);
    }
    // Boxed: the database read's future stays out of every request's.
    Box::pin(uncompiled_rate(state, tenant, version, number)).await
}

/// [`cached_rate`] for a version not compiled (yet).
async fn uncompiled_rate(
    state: &AppState,
    tenant: TenantId,
    version: Uuid,
    number: &Number,
) -> AppResult<Option<RateHit>> {
    let cache = state.auth_cache();
    if cache.claim_deck_load(version) {
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(e) = load_deck(&state, tenant, version).await {
                tracing::warn!(error = %e, %version, "deck version not loaded for authorization");
            }
        });
    }
    if let Some(rate) = cache.rate(version, number) {
        return Ok(rate);
    }
    let tx = state.repos().tenant_read(tenant).await?;
    let rate = rate_in(&tx, version, number).await?;
    tx.commit().await?;
    let hit = rate.as_ref().map(RateHit::of);
    cache.put_rate(version, number, hit);
    Ok(hit)
}

/// Compiles deck version `version` of `tenant` into the cache.
async fn load_deck(state: &AppState, tenant: TenantId, version: Uuid) -> AppResult<()> {
    let tx = state.repos().tenant_read(tenant).await?;
    whole_deck(state, &tx, version).await?;
    tx.commit().await?;
    Ok(())
}
