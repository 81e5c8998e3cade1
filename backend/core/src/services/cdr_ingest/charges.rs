//! What a batch does to accounts: per-account debits and the reseller
//! chains whose wholesale accounts pay their levels.

use super::*;
use ringledger_shared::ids::{AccountId, DeckId};

/// What a batch did to one account.
pub(super) struct Debit {
    /// The balance before the batch (set by [`rebase`]).
    pub(super) before: Decimal,
    pub(super) total: Decimal,
    pub(super) calls: u64,
    pub(super) last_cdr: Uuid,
    /// The first call's id (named in the journal's memo when it is the only one).
    pub(super) first_call: String,
    /// The first record's id: with the account, the journal's idempotency key.
    pub(super) first_cdr: Uuid,
    /// The usage journal this batch posts for the account.
    pub(super) journal: Uuid,
    /// The CDR whose charge took the balance below the alert threshold.
    pub(super) crossed: Option<Uuid>,
    /// Each debited call's record and charge, in rating order (to draw the
    /// balance again from the one read under the lock: see [`rebase`]).
    pub(super) charges: Vec<(Uuid, Decimal)>,
}

/// Debits `charge` from `account` for one call; returns the journal that
/// posts it. Where the balance starts is known under the lock ([`rebase`]).
pub(super) fn debit(
    debits: &mut HashMap<AccountId, Debit>,
    account: AccountId,
    charge: Decimal,
    cdr_id: Uuid,
    call_id: &str,
) -> Uuid {
    let d = debits.entry(account).or_insert_with(|| Debit {
        before: Decimal::ZERO,
        total: Decimal::ZERO,
        calls: 0,
        last_cdr: cdr_id,
        first_call: call_id.to_owned(),
        first_cdr: cdr_id,
        journal: Uuid::now_v7(),
        crossed: None,
        charges: Vec::new(),
    });
    d.total += charge;
    d.calls += 1;
    d.last_cdr = cdr_id;
    d.charges.push((cdr_id, charge));
    d.journal
}

/// Draws each debit again from `balance`, the account's balance read under
/// its lock (rating may have started from an older one): where it starts,
/// and which call, if any, takes it below the alert threshold.
pub(super) fn rebase(d: &mut Debit, account: Option<&accounts::Model>, balance: Decimal) {
    d.before = balance;
    d.crossed = None;
    let mut now = balance;
    for (cdr, charge) in &d.charges {
        let was = now;
        now -= *charge;
        if crosses(account, was, now) {
            d.crossed = Some(*cdr);
        }
    }
}

/// Whether a debit from `was` to `now` takes a prepaid account below the
/// threshold its holder asked to be warned at.
pub(super) fn crosses(account: Option<&accounts::Model>, was: Decimal, now: Decimal) -> bool {
    account.is_some_and(|a| {
        a.kind == ringledger_shared::status::AccountKind::Prepaid
            && a.low_balance_threshold
                .is_some_and(|t| was >= t.0 && now < t.0)
    })
}

/// One reseller level of a customer's chain.
pub(super) struct ChainLevel {
    pub(super) seller: Uuid,
    pub(super) pricing: Pricing,
    /// Its wholesale account.
    pub(super) account: Option<AccountId>,
}

/// The chains of a batch's sellers and the wholesale accounts, locked.
pub(super) struct Chains {
    pub(super) by_seller: HashMap<Uuid, Vec<ChainLevel>>,
    pub(super) accounts: Vec<accounts::Model>,
    /// Each seller and its parents up to the operator, nearest first.
    pub(super) up: HashMap<Uuid, Vec<Uuid>>,
    /// Resellers' own decks: versions (effective date, id), newest first.
    pub(super) versions: HashMap<Uuid, Vec<(NaiveDate, Uuid)>>,
}

impl Chains {
    /// The chains of `sellers`, their wholesale accounts locked when `lock`.
    pub(super) async fn load(
        tx: &TenantTx,
        sellers: impl Iterator<Item = Uuid>,
        lock: bool,
    ) -> AppResult<Self> {
        let sellers: HashSet<Uuid> = sellers.collect();
        let mut by_seller = HashMap::new();
        let mut wholesale = Vec::new();
        let mut up = HashMap::new();
        // One small read; most tenants have no resellers and lock nothing more.
        let tree = SellerTree::load(tx).await?;
        for seller in sellers {
            let levels: Vec<ChainLevel> = tree
                .resellers_of(seller)
                .into_iter()
                .map(|r| ChainLevel {
                    seller: r.id,
                    pricing: pricing_of(r),
                    account: r.wholesale_account_id,
                })
                .collect();
            wholesale.extend(levels.iter().filter_map(|l| l.account));
            by_seller.insert(seller, levels);
            up.insert(
                seller,
                tree.path(seller).iter().rev().map(|s| s.id).collect(),
            );
        }
        wholesale.sort();
        wholesale.dedup();
        let accounts = if wholesale.is_empty() {
            Vec::new()
        } else if lock {
            tx.usage().accounts_for_update(&wholesale).await?
        } else {
            tx.usage().accounts_by_ids(&wholesale).await?
        };
        let decks: HashSet<Uuid> = by_seller
            .values()
            .flatten()
            .filter_map(|l: &ChainLevel| l.pricing.deck())
            .collect();
        let mut versions: HashMap<Uuid, Vec<(NaiveDate, Uuid)>> = HashMap::new();
        for v in tx
            .catalog()
            .versions_of(&decks.into_iter().map(DeckId).collect::<Vec<_>>())
            .await?
        {
            versions
                .entry(v.deck_id.into())
                .or_default()
                .push((v.effective_from, v.id));
        }
        Ok(Self {
            by_seller,
            accounts,
            up,
            versions,
        })
    }

    /// `seller` and its parents up to the operator, nearest first.
    pub(super) fn up(&self, seller: Uuid) -> Vec<Uuid> {
        self.up.get(&seller).cloned().unwrap_or_default()
    }

    pub(super) fn of(&self, seller: Uuid) -> &[ChainLevel] {
        self.by_seller.get(&seller).map_or(&[], Vec::as_slice)
    }

    /// The version of a reseller's own deck in force on `day`.
    pub(super) fn own_version(&self, deck: Uuid, day: NaiveDate) -> Option<Uuid> {
        self.versions
            .get(&deck)?
            .iter()
            .find(|(from, _)| *from <= day)
            .map(|(_, v)| *v)
    }
}
