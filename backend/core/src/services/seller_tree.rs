//! The operator and its resellers as a tree: who sits under whom, what a
//! staff member may see (their seller and everything below it), and the
//! chain of resellers a call passes through on its way to the operator.

use crate::auth::principal::StaffPrincipal;
use crate::error::{AppError, AppResult};
use ringledger_db::entities::sellers;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::rating::Tariff;
use ringledger_shared::rating::markup::{Markup, Price};
use ringledger_shared::status::MarkupKind;
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

/// Every seller of one tenant, indexed.
#[derive(Debug, Clone, Default)]
pub struct SellerTree {
    by_id: HashMap<Uuid, sellers::Model>,
    children: HashMap<Uuid, Vec<Uuid>>,
}

impl SellerTree {
    /// Builds the tree from the tenant's sellers.
    pub fn new(all: Vec<sellers::Model>) -> Self {
        let mut children: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for s in &all {
            if let Some(p) = s.parent_id {
                children.entry(p).or_default().push(s.id);
            }
        }
        for v in children.values_mut() {
            v.sort();
        }
        Self {
            by_id: all.into_iter().map(|s| (s.id, s)).collect(),
            children,
        }
    }

    /// Reads the tenant's sellers.
    pub async fn load(tx: &TenantTx) -> AppResult<Self> {
        Ok(Self::new(tx.sellers().all_sellers().await?))
    }

    /// Every seller, in no order.
    pub fn all(&self) -> impl Iterator<Item = &sellers::Model> {
        self.by_id.values()
    }

    /// A seller.
    pub fn get(&self, id: Uuid) -> Option<&sellers::Model> {
        self.by_id.get(&id)
    }

    /// The sellers directly under `id`.
    pub fn children(&self, id: Uuid) -> &[Uuid] {
        self.children.get(&id).map_or(&[], Vec::as_slice)
    }

    /// `id` and every seller below it, `id` first.
    pub fn subtree(&self, id: Uuid) -> Vec<Uuid> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            out.extend_from_slice(self.children(out[i]));
            i += 1;
        }
        out
    }

    /// The sellers from the operator down to `id` (inclusive).
    pub fn path(&self, id: Uuid) -> Vec<&sellers::Model> {
        let mut out = Vec::new();
        let mut cur = self.by_id.get(&id);
        // A cycle cannot be stored (parents exist before children), but a
        // bound keeps a corrupted row from looping forever.
        while let Some(s) = cur {
            out.push(s);
            if out.len() > 64 {
                break;
            }
            cur = s.parent_id.and_then(|p| self.by_id.get(&p));
        }
        out.reverse();
        out
    }

    /// Levels below the operator (the operator is 0).
    pub fn depth(&self, id: Uuid) -> u32 {
        self.path(id).len().saturating_sub(1) as u32
    }

    /// Whether `id` is `ancestor` or below it.
    pub fn within(&self, ancestor: Uuid, id: Uuid) -> bool {
        self.path(id).iter().any(|s| s.id == ancestor)
    }

    /// The resellers a customer of `seller` buys through, from the one
    /// directly under the operator down to `seller` (empty for the
    /// operator's own customers).
    pub fn resellers_of(&self, seller: Uuid) -> Vec<&sellers::Model> {
        self.path(seller)
            .into_iter()
            .filter(|s| s.parent_id.is_some())
            .collect()
    }
}

/// How a reseller prices on its parent's tariff, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pricing {
    /// A markup.
    Markup(Markup),
    /// Its own deck (looked up per call; see [`Price::Own`]).
    Deck(Uuid),
}

impl Pricing {
    /// The level's [`Price`] for a call, given how to find its own deck's
    /// row for the call's number.
    pub fn price(&self, own_row: impl FnOnce(Uuid) -> Option<Tariff>) -> Price {
        match *self {
            Pricing::Markup(m) => Price::Markup(m),
            Pricing::Deck(deck) => Price::Own(own_row(deck)),
        }
    }

    /// The own deck, if any.
    pub fn deck(&self) -> Option<Uuid> {
        match *self {
            Pricing::Deck(d) => Some(d),
            Pricing::Markup(_) => None,
        }
    }
}

/// A reseller's pricing as stored.
pub fn pricing_of(s: &sellers::Model) -> Pricing {
    match (s.markup_kind, s.own_deck_id) {
        (MarkupKind::Deck, Some(deck)) => Pricing::Deck(deck.into()),
        (MarkupKind::PerMinute, _) => Pricing::Markup(Markup::PerMinute(s.markup_value.0)),
        (MarkupKind::Deck, None) => Pricing::Markup(Markup::Percent(Decimal::ZERO)),
        (MarkupKind::Percent, _) => Pricing::Markup(Markup::Percent(s.markup_value.0)),
    }
}

/// A recurring fee as the customer of a chain pays it: each percentage
/// markup applied in turn, rounded to the currency's places at each level
/// (a per-minute markup leaves fees alone).
pub fn chain_fee(fee: Decimal, resellers: &[&sellers::Model], places: u32) -> Decimal {
    resellers.iter().fold(fee, |f, r| match pricing_of(r) {
        Pricing::Markup(Markup::Percent(p)) => (f * (Decimal::ONE + p / Decimal::ONE_HUNDRED))
            .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        _ => f,
    })
}

/// What a staff member may see: their seller and every seller below it.
#[derive(Debug, Clone)]
pub struct SellerScope {
    /// The staff's seller and every seller below it.
    pub ids: Vec<Uuid>,
    /// Whether `own` is the operator (it sees the whole tenant).
    pub is_operator: bool,
}

impl SellerScope {
    /// The scope of a staff member.
    pub async fn of(tx: &TenantTx, staff: &StaffPrincipal) -> AppResult<Self> {
        let tree = SellerTree::load(tx).await?;
        Ok(Self::within(&tree, staff.seller_id.as_uuid()))
    }

    /// The scope of `seller` in `tree`.
    pub fn within(tree: &SellerTree, seller: Uuid) -> Self {
        Self {
            ids: tree.subtree(seller),
            is_operator: tree.get(seller).is_some_and(|s| s.parent_id.is_none()),
        }
    }

    /// Whether a row of `seller` is visible.
    pub fn contains(&self, seller: Uuid) -> bool {
        self.ids.contains(&seller)
    }
}

/// Refuses staff of a reseller: the catalog, switch keys and re-rating
/// belong to the operator, whose prices every reseller builds on.
pub async fn require_operator(tx: &TenantTx, staff: &StaffPrincipal) -> AppResult<()> {
    let seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or_else(AppError::forbidden)?;
    if seller.parent_id.is_some() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "only the operator can do this; resellers sell the operator's catalog with their markup",
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ringledger_db::entities::decimal::DbDecimal;
    use ringledger_shared::status::{AccountKind, SellerKind};
    use rust_decimal_macros::dec;

    fn seller(id: u128, parent: Option<u128>, kind: &str, value: Decimal) -> sellers::Model {
        sellers::Model {
            tenant_id: Uuid::nil(),
            id: Uuid::from_u128(id),
            kind: if parent.is_some() {
                SellerKind::Reseller
            } else {
                SellerKind::Operator
            },
            parent_id: parent.map(Uuid::from_u128),
            slug: format!("s{id}"),
            name: format!("S{id}"),
            primary_color: "#000000".into(),
            accent_color: "#000000".into(),
            support_email: None,
            created_at: chrono::Utc::now(),
            pin_length: 10,
            account_kind: AccountKind::Prepaid,
            default_credit_limit: DbDecimal(Decimal::ZERO),
            billing_day: 1,
            invoice_prefix: "INV".into(),
            next_invoice_number: 1,
            next_credit_note_number: 1,
            address: String::new(),
            tax_id: String::new(),
            tax_mode: ringledger_shared::billing::TaxMode::Exclusive,
            payment_terms_days: 14,
            grace_days: 14,
            markup_kind: MarkupKind::parse(kind).unwrap_or(MarkupKind::Percent),
            markup_value: DbDecimal(value),
            reseller_fee: DbDecimal(Decimal::ZERO),
            wholesale_account_id: None,
            max_reseller_depth: 2,
            own_deck_id: None,
            require_two_factor: false,
            sip_server: None,
            languages: ringledger_shared::locale::Locale::join(
                &ringledger_shared::locale::Locale::ALL,
            ),
            mask_called_digits: 0,
            itemized_invoices: false,
            on_net_rate: DbDecimal::default(),
        }
    }

    fn tree() -> SellerTree {
        SellerTree::new(vec![
            seller(1, None, "percent", dec!(0)),
            seller(2, Some(1), "percent", dec!(20)),
            seller(3, Some(2), "per_minute", dec!(0.01)),
            seller(4, Some(1), "percent", dec!(5)),
        ])
    }

    #[test]
    fn subtrees_paths_and_depths() {
        let t = tree();
        let id = Uuid::from_u128;
        assert_eq!(t.subtree(id(1)), vec![id(1), id(2), id(4), id(3)]);
        assert_eq!(t.subtree(id(2)), vec![id(2), id(3)]);
        assert_eq!(t.subtree(id(4)), vec![id(4)], "siblings are not below");
        assert_eq!(t.depth(id(3)), 2);
        assert!(t.within(id(2), id(3)));
        assert!(!t.within(id(3), id(2)), "a child is not above its parent");
        assert!(!t.within(id(4), id(3)));
        let chain: Vec<Uuid> = t.resellers_of(id(3)).iter().map(|s| s.id).collect();
        assert_eq!(chain, vec![id(2), id(3)]);
        assert!(t.resellers_of(id(1)).is_empty());
    }

    #[test]
    fn a_chain_prices_level_by_level() {
        let t = tree();
        let base = Tariff::new(dec!(0.05), dec!(0.01), 60, 60).unwrap();
        let prices = t
            .resellers_of(Uuid::from_u128(3))
            .into_iter()
            .map(|r| pricing_of(r).price(|_| None));
        let chain = ringledger_shared::rating::markup::chain(base, prices);
        let rates: Vec<Decimal> = chain.iter().map(|x| x.rate_per_minute()).collect();
        assert_eq!(rates, vec![dec!(0.05), dec!(0.06), dec!(0.07)]);
        let connects: Vec<Decimal> = chain.iter().map(|x| x.connect_fee()).collect();
        assert_eq!(connects, vec![dec!(0.01), dec!(0.012), dec!(0.012)]);
        assert_eq!(
            chain_fee(dec!(10), &t.resellers_of(Uuid::from_u128(3)), 2),
            dec!(12.00)
        );
    }
}
