//! What the customer will pay each month for the services and bundle
//! chosen on the sign-up form, shown before it is sent.

use crate::components::money;
use crate::contexts::tf;
use ringledger_shared::api::customers::OffersView;
use ringledger_shared::rating::ServiceKind;
use rust_decimal::Decimal;
use uuid::Uuid;

/// The monthly price of a choice, and whether calls are charged on top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MonthlyPrice {
    /// Plans' and the bundle's monthly fees.
    pub total: Decimal,
    /// Some chosen service is priced per minute (or beyond its bundle).
    pub calls_extra: bool,
    /// Charged once (the setup fees of the numbers chosen).
    pub once: Decimal,
    /// Currency of the offers.
    pub currency: String,
}

impl MonthlyPrice {
    /// "You will pay 14.99 GBP a month, plus your calls." (and what is paid
    /// once, if anything)
    pub fn text(&self) -> String {
        let amount = money(self.total, &self.currency);
        let monthly = if self.calls_extra {
            tf("portal-signup-price-calls", &[("amount", amount.into())])
        } else {
            tf("portal-signup-price", &[("amount", amount.into())])
        };
        if self.once.is_zero() {
            return monthly;
        }
        let once = money(self.once, &self.currency);
        format!(
            "{monthly} {}",
            tf("portal-signup-price-once", &[("amount", once.into())])
        )
    }
}

/// The price of `services` (kind and chosen plan id, as the form holds
/// them) with `bundle`: services the bundle includes cost nothing more;
/// calls beyond a bundle's minutes are charged.
pub(super) fn monthly_price(
    offers: &OffersView,
    services: &[(String, String)],
    bundle: Option<Uuid>,
) -> MonthlyPrice {
    let bundle = bundle.and_then(|id| offers.bundles.iter().find(|b| b.id == id));
    let mut total = bundle.map_or(Decimal::ZERO, |b| b.monthly_fee);
    let mut calls_extra = bundle.is_some_and(|b| b.deck_id.is_some());
    for (kind, plan) in services {
        let kind = ServiceKind::parse(kind);
        if kind.is_some_and(|k| bundle.is_some_and(|b| b.service_kinds.contains(&k))) {
            continue;
        }
        let plan = Uuid::parse_str(plan)
            .ok()
            .and_then(|id| offers.plans.iter().find(|p| p.id == id));
        if let Some(p) = plan {
            total += p.monthly_fee.unwrap_or_default();
            calls_extra |= p.deck_id.is_some();
        }
    }
    MonthlyPrice {
        total,
        calls_extra,
        once: Decimal::ZERO,
        currency: offers.currency.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::monthly_price;
    use ringledger_shared::api::catalog::{BundleView, PlanView};
    use ringledger_shared::api::customers::OffersView;
    use ringledger_shared::rating::ServiceKind;
    use rust_decimal::Decimal;
    use uuid::Uuid;

    fn plan(id: u128, kind: ServiceKind, fee: Option<i64>, deck: bool) -> PlanView {
        PlanView {
            id: Uuid::from_u128(id),
            name: "P".into(),
            service_kind: kind,
            deck_id: deck.then(|| Uuid::from_u128(99)),
            monthly_fee: fee.map(|f| Decimal::new(f, 2)),
            currency: "GBP".into(),
            active: true,
        }
    }

    #[test]
    fn fees_add_up_and_a_bundle_covers_its_services() {
        let sip = plan(1, ServiceKind::Sip, Some(499), true);
        let card = plan(2, ServiceKind::CallingCard, None, true);
        let flat = plan(3, ServiceKind::Video, Some(1000), false);
        let bundle = BundleView {
            id: Uuid::from_u128(4),
            name: "B".into(),
            monthly_fee: Decimal::new(1999, 2),
            currency: "GBP".into(),
            service_kinds: vec![ServiceKind::Sip],
            deck_id: None,
            allowances: vec![],
            active: true,
        };
        let offers = OffersView {
            currency: "GBP".into(),
            plans: vec![sip.clone(), card.clone(), flat.clone()],
            bundles: vec![bundle.clone()],
            from_rates: vec![],
        };
        let chosen = |p: &PlanView| (p.service_kind.as_str().to_owned(), p.id.to_string());
        let p = monthly_price(&offers, &[chosen(&sip), chosen(&flat)], None);
        assert_eq!(p.text(), "You will pay 14.99 GBP a month, plus your calls.");
        let p = monthly_price(&offers, &[chosen(&flat)], None);
        assert_eq!(p.text(), "You will pay 10.00 GBP a month.");
        // The bundle includes SIP: its plan's fee is not added.
        let p = monthly_price(&offers, &[chosen(&sip), chosen(&flat)], Some(bundle.id));
        assert_eq!(p.text(), "You will pay 29.99 GBP a month.");
        let p = monthly_price(
            &offers,
            &[chosen(&card), (String::new(), String::new())],
            None,
        );
        assert_eq!(p.text(), "You will pay 0.00 GBP a month, plus your calls.");
        // A number's setup fee is paid once.
        let mut p = monthly_price(&offers, &[chosen(&flat)], None);
        p.once = Decimal::new(500, 2);
        assert_eq!(
            p.text(),
            "You will pay 10.00 GBP a month. And 5.00 GBP once, to set up your number."
        );
    }
}
