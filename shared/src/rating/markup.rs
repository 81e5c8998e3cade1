//! Resellers' prices (PRODUCT.md: "a markup (percent or fixed per minute)
//! or their own deck, never below the parent's wholesale cost"), and the
//! charge of one call at every level of a reseller chain.
//!
//! A chain is listed from the operator down: `tariffs[0]` is what the
//! operator charges its direct buyer, `tariffs[i]` what level `i` charges
//! the level below, the last what the end customer pays. Every level is
//! charged on the same billable and uncovered seconds, so each level's
//! charge is at least its parent's (the tariffs are at least their parents'
//! component by component and the rounding is monotonic): no level sells
//! below its cost, and the margins add up to the customer's charge less the
//! operator's.

use super::charge::Tariff;
use rust_decimal::Decimal;

/// How a reseller prices on top of its parent's tariff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// A percentage on the rate and the connect fee (≥ 0).
    Percent(Decimal),
    /// A fixed amount added to the rate per minute (≥ 0).
    PerMinute(Decimal),
}

impl Markup {
    /// The reseller's tariff for a row of its parent's. `None` when the
    /// markup is negative or the result does not fit a tariff.
    pub fn apply(&self, parent: &Tariff) -> Option<Tariff> {
        let (rate, connect) = match *self {
            Markup::Percent(p) if !p.is_sign_negative() || p.is_zero() => {
                let factor = Decimal::ONE + p / Decimal::ONE_HUNDRED;
                (
                    round6(parent.rate_per_minute() * factor)?,
                    round6(parent.connect_fee() * factor)?,
                )
            }
            Markup::PerMinute(f) if !f.is_sign_negative() || f.is_zero() => (
                parent.rate_per_minute().checked_add(f)?,
                parent.connect_fee(),
            ),
            _ => return None,
        };
        Tariff::new(
            rate,
            connect,
            parent.initial_increment,
            parent.subsequent_increment,
        )
    }
}

/// How one reseller level prices a call, given its parent's tariff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Price {
    /// A markup on the parent's tariff.
    Markup(Markup),
    /// The reseller's own deck: its row for the number (raised to the
    /// parent's where lower; see [`at_least`]), or — no row — the parent's
    /// tariff (sold at cost rather than refused).
    Own(Option<Tariff>),
}

impl Price {
    /// This level's tariff on top of `parent`'s; never below it.
    pub fn on(&self, parent: &Tariff) -> Tariff {
        match self {
            Price::Markup(m) => m.apply(parent).unwrap_or(*parent),
            Price::Own(Some(own)) => at_least(own, parent),
            Price::Own(None) => *parent,
        }
    }
}

/// The tariffs of a chain for one operator tariff: `[operator's, level 1's,
/// …, the customer's]`.
pub fn chain(operator: Tariff, levels: impl IntoIterator<Item = Price>) -> Vec<Tariff> {
    let mut out = vec![operator];
    for p in levels {
        let parent = out[out.len() - 1];
        out.push(p.on(&parent));
    }
    out
}

/// A reseller's own deck row, raised where it would sell below its parent's
/// row: the rate and the connect fee are each at least the parent's, and
/// the increments are the parent's (billing blocks are the parent's to set,
/// or a reseller could undercut it with finer ones).
pub fn at_least(own: &Tariff, parent: &Tariff) -> Tariff {
    Tariff::new(
        own.rate_per_minute().max(parent.rate_per_minute()),
        own.connect_fee().max(parent.connect_fee()),
        parent.initial_increment,
        parent.subsequent_increment,
    )
    .unwrap_or(*parent)
}

/// The charge of one call at every level of a chain (see the module
/// docs), for `billable` seconds of which `covered` came from allowances.
pub fn chain_charges(tariffs: &[Tariff], billable: u64, covered: u64) -> Vec<Decimal> {
    tariffs
        .iter()
        .map(|t| t.charge_uncovered(billable, covered))
        .collect()
}

/// Rounds to 6 places, half away from zero (a tariff's precision).
fn round6(v: Decimal) -> Option<Decimal> {
    let r = v.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    (r.scale() <= 6).then_some(r)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn t(rate: Decimal, connect: Decimal) -> Tariff {
        Tariff::new(rate, connect, 30, 6).unwrap_or_else(|| panic!("tariff {rate} {connect}"))
    }

    #[test]
    fn percent_marks_up_rate_and_connect_fee() {
        let parent = t(dec!(0.05), dec!(0.01));
        let mine = Markup::Percent(dec!(20)).apply(&parent).unwrap();
        assert_eq!(mine.rate_per_minute(), dec!(0.06));
        assert_eq!(mine.connect_fee(), dec!(0.012));
        assert_eq!((mine.initial_increment, mine.subsequent_increment), (30, 6));
        // 45 s → 48 billable: 0.012 + 0.06 * 48 / 60 = 0.0600; parent 0.0500.
        assert_eq!(
            chain_charges(&[parent, mine], 48, 0),
            vec![dec!(0.05), dec!(0.06)]
        );
    }

    #[test]
    fn per_minute_adds_to_the_rate_only() {
        let parent = t(dec!(0.05), dec!(0.01));
        let mine = Markup::PerMinute(dec!(0.015)).apply(&parent).unwrap();
        assert_eq!(mine.rate_per_minute(), dec!(0.065));
        assert_eq!(mine.connect_fee(), dec!(0.01));
    }

    #[test]
    fn a_percentage_rounds_to_six_places() {
        let parent = t(dec!(0.000001), dec!(0));
        let mine = Markup::Percent(dec!(50)).apply(&parent).unwrap();
        assert_eq!(
            mine.rate_per_minute(),
            dec!(0.000002),
            "1.5 millionths rounds up"
        );
    }

    #[test]
    fn negative_markups_are_refused() {
        let parent = t(dec!(0.05), dec!(0));
        assert!(Markup::Percent(dec!(-1)).apply(&parent).is_none());
        assert!(Markup::PerMinute(dec!(-0.01)).apply(&parent).is_none());
    }

    #[test]
    fn an_own_deck_never_sells_below_the_parent() {
        let parent = t(dec!(0.05), dec!(0.01));
        let own = Tariff::new(dec!(0.04), dec!(0.02), 1, 1).unwrap();
        let floored = at_least(&own, &parent);
        assert_eq!(floored.rate_per_minute(), dec!(0.05));
        assert_eq!(floored.connect_fee(), dec!(0.02));
        assert_eq!(
            (floored.initial_increment, floored.subsequent_increment),
            (30, 6)
        );
    }

    #[test]
    fn unanswered_and_covered_calls_cost_nothing_at_every_level() {
        let parent = t(dec!(0.05), dec!(0.01));
        let mine = Markup::Percent(dec!(10)).apply(&parent).unwrap();
        assert_eq!(chain_charges(&[parent, mine], 0, 0), vec![dec!(0), dec!(0)]);
        assert_eq!(
            chain_charges(&[parent, mine], 60, 60),
            vec![dec!(0), dec!(0)]
        );
    }

    fn markup() -> impl Strategy<Value = Markup> {
        prop_oneof![
            (0i64..=50_000).prop_map(|p| Markup::Percent(Decimal::new(p, 2))),
            (0i64..=1_000_000).prop_map(|f| Markup::PerMinute(Decimal::new(f, 6))),
        ]
    }

    proptest! {
        /// Up to four levels deep, every level's charge is at least its
        /// parent's (no level sells below its cost, so every margin is ≥ 0).
        #[test]
        fn no_level_sells_below_its_cost_and_margins_add_up(
            rate in 0i64..5_000_000,
            connect in 0i64..1_000_000,
            inc in prop::sample::select(vec![(1u32, 1u32), (30, 6), (60, 60)]),
            markups in prop::collection::vec(markup(), 1..4),
            duration in 0i64..20_000,
            covered_share in 0u64..=100,
        ) {
            let base = Tariff::new(Decimal::new(rate, 6), Decimal::new(connect, 6), inc.0, inc.1).unwrap();
            let mut chain = vec![base];
            for m in &markups {
                let parent = *chain.last().unwrap();
                chain.push(m.apply(&parent).unwrap());
            }
            let billable = crate::rating::billable_secs(duration, inc.0, inc.1);
            let covered = billable * covered_share / 100;
            let charges = chain_charges(&chain, billable, covered);
            for w in charges.windows(2) {
                prop_assert!(w[1] >= w[0], "{:?}", charges);
            }
            // Each level's tariff is at least its parent's, part by part.
            for w in chain.windows(2) {
                prop_assert!(w[1].rate_per_minute() >= w[0].rate_per_minute());
                prop_assert!(w[1].connect_fee() >= w[0].connect_fee());
            }
        }
    }
}
