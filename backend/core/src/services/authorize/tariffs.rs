//! What a call costs at every level of the seller chain, and how long
//! every level can afford it.

use super::*;

/// What the chain's own decks are asked about.
pub(super) struct Pricing<'a> {
    /// The day the call is made.
    pub(super) today: chrono::NaiveDate,
    /// The number called.
    pub(super) number: &'a Number,
    /// A call to one of the tenant's own numbers (no own-deck row).
    pub(super) on_net: bool,
}

/// The tariffs down the seller chain for `number`, starting from the
/// operator's `operator` and ending with the customer's: each reseller
/// prices on its parent's, by markup or its own deck's row in force `today`.
pub(super) async fn chain_tariffs(
    state: &AppState,
    tenant: TenantId,
    line: &Line,
    at: &Pricing<'_>,
    operator: Tariff,
) -> AppResult<Vec<Tariff>> {
    let mut prices = Vec::with_capacity(line.chain.len());
    for level in &line.chain {
        // An own deck prices destinations, not on-net calls.
        let own = match level.versions.iter().find(|(from, _)| *from <= at.today) {
            Some(&(_, v)) if !at.on_net => cached_rate(state, tenant, v, at.number).await?,
            _ => None,
        };
        prices.push(level.pricing.price(|_| own.map(|r| r.tariff)));
    }
    Ok(chain(operator, prices))
}

/// The longest the call may last before any reservation, and the prepaid
/// accounts that must hold money for it: the customer's at `mine` (spared
/// `allowance_secs`), then each reseller's wholesale account at its
/// parent's tariff in `tariffs`.
#[inline]
pub(super) fn limits(
    line: &Line,
    tariffs: &[Tariff],
    mine: &Tariff,
    allowance_secs: u64,
) -> (u64, Vec<Need>) {
    let mut max = max_duration(mine, allowance_secs, line.available, MAX_CALL_SECS);
    let mut needs = Vec::new();
    if line.prepaid {
        needs.push(Need {
            account: line.account_id,
            balance: line.available,
            tariff: *mine,
            allowance_secs,
        });
    }
    for (level, tariff) in line.chain.iter().zip(tariffs) {
        if let Some(available) = level.available {
            max = max.min(max_duration(tariff, 0, available, MAX_CALL_SECS));
        }
        if let (Some(account), Some(balance)) = (level.prepaid_account, level.available) {
            needs.push(Need {
                account,
                balance,
                tariff: *tariff,
                allowance_secs: 0,
            });
        }
    }
    (max, needs)
}
