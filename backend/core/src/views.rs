//! Conversions from stored rows to the API's views.

use ringledger_db::entities::tenants;
use ringledger_shared::api::TenantView;
use ringledger_shared::ids::TenantId;
use ringledger_shared::money::Currency;

/// A tenant row as the API shows it.
pub fn tenant_view(urls: &crate::urls::Urls, t: &tenants::Model) -> TenantView {
    TenantView {
        id: TenantId(t.id),
        slug: t.slug.clone(),
        company_name: t.company_name.clone(),
        currency: Currency::parse(&t.currency).unwrap_or(Currency::USD),
        country: t.country.clone(),
        status: t.status,
        portal_url: urls.portal_url(&t.slug),
        created_at: t.created_at,
        plan_status: t.plan_status.to_string(),
        plan_period_end: t.plan_period_end,
    }
}

/// A deck and its versions as the API shows them; the current version is
/// the one with the latest effective date not after today.
pub fn deck_view(
    today: chrono::NaiveDate,
    deck: &ringledger_db::entities::rate_decks::Model,
    versions: &[ringledger_db::entities::rate_deck_versions::Model],
) -> ringledger_shared::api::catalog::DeckView {
    use ringledger_shared::api::catalog::{DeckVersionView, DeckView};
    let mut own: Vec<_> = versions.iter().filter(|v| v.deck_id == deck.id).collect();
    own.sort_by_key(|v| std::cmp::Reverse(v.effective_from));
    let current = own.iter().find(|v| v.effective_from <= today).map(|v| v.id);
    DeckView {
        id: deck.id.into(),
        name: deck.name.clone(),
        currency: deck.currency.clone(),
        created_at: deck.created_at,
        seller_id: deck.seller_id,
        versions: own
            .into_iter()
            .map(|v| DeckVersionView {
                id: v.id,
                effective_from: v.effective_from,
                rows: v.row_count as u64,
                destinations: v.destination_count as u64,
                min_rate: v.min_rate.0,
                max_rate: v.max_rate.0,
                current: Some(v.id) == current,
                created_at: v.created_at,
            })
            .collect(),
    }
}

/// A stored rate row as the API shows it.
pub fn rate_view(
    r: &ringledger_db::entities::rate_deck_rates::Model,
) -> ringledger_shared::api::catalog::RateView {
    ringledger_shared::api::catalog::RateView {
        prefix: r.prefix.clone(),
        destination: r.destination.clone(),
        rate_per_minute: r.rate_per_minute.0.normalize(),
        connect_fee: r.connect_fee.0.normalize(),
        initial_increment: r.initial_increment.max(1) as u32,
        subsequent_increment: r.subsequent_increment.max(1) as u32,
    }
}

/// A compiled deck row as the API shows it.
pub fn rate_view_of(
    r: &ringledger_shared::rating::Rate,
) -> ringledger_shared::api::catalog::RateView {
    ringledger_shared::api::catalog::RateView {
        prefix: r.prefix.clone(),
        destination: r.destination.clone(),
        rate_per_minute: r.tariff.rate_per_minute(),
        connect_fee: r.tariff.connect_fee(),
        initial_increment: r.tariff.initial_increment,
        subsequent_increment: r.tariff.subsequent_increment,
    }
}

/// A plan as the API shows it.
pub fn plan_view(
    p: &ringledger_db::entities::plans::Model,
) -> ringledger_shared::api::catalog::PlanView {
    ringledger_shared::api::catalog::PlanView {
        id: p.id.into(),
        name: p.name.clone(),
        service_kind: p.service_kind,
        deck_id: p.deck_id.map(Into::into),
        monthly_fee: p.monthly_fee.map(|f| f.0.normalize()),
        currency: p.currency.clone(),
        active: p.active,
    }
}

fn kinds_of<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> Vec<ringledger_shared::rating::ServiceKind> {
    names
        .into_iter()
        .filter_map(ringledger_shared::rating::ServiceKind::parse)
        .collect()
}

/// A bundle as the API shows it.
pub fn bundle_view(
    b: &ringledger_db::entities::bundles::Model,
    services: &[ringledger_shared::rating::ServiceKind],
    allowances: &[ringledger_db::entities::bundle_allowances::Model],
    group_names: &std::collections::HashMap<uuid::Uuid, String>,
) -> ringledger_shared::api::catalog::BundleView {
    use ringledger_shared::api::catalog::{AllowanceView, BundleView};
    BundleView {
        id: b.id.into(),
        name: b.name.clone(),
        monthly_fee: b.monthly_fee.0.normalize(),
        currency: b.currency.clone(),
        service_kinds: services.to_vec(),
        deck_id: b.deck_id.map(Into::into),
        allowances: allowances
            .iter()
            .map(|a| AllowanceView {
                id: a.id,
                group_id: a.group_id,
                group_name: group_names.get(&a.group_id).cloned().unwrap_or_default(),
                minutes: a.minutes.max(0) as u32,
                service_kinds: kinds_of(a.service_kinds.split(',')),
                priority: a.priority,
            })
            .collect(),
        active: b.active,
    }
}

/// A card batch as the API shows it.
pub fn card_batch_view(
    b: &ringledger_db::entities::card_batches::Model,
) -> ringledger_shared::api::customers::CardBatchView {
    ringledger_shared::api::customers::CardBatchView {
        id: b.id,
        name: b.name.clone(),
        quantity: b.quantity.max(0) as u32,
        initial_balance: b.initial_balance.0.normalize(),
        expires_on: b.expires_on,
        created_at: b.created_at,
    }
}
