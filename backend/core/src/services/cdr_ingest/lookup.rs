//! What a batch reads in bulk (identifiers, accounts, services, plans, deck
//! versions) and how a record is resolved to its line and priced.

use super::*;
use ringledger_shared::ids::{AccountId, DeckId, PlanId, ServiceId};
use ringledger_shared::status::CardStatus;

/// What a record's identifier resolved to.
pub(super) struct Line {
    pub(super) account_id: AccountId,
    pub(super) service_id: Uuid,
    pub(super) kind: ServiceKind,
    pub(super) expires_on: Option<NaiveDate>,
    pub(super) blocked: bool,
}

/// Everything a batch needs, read in bulk.
pub(super) struct Batch {
    pub(super) cards: HashMap<String, Line>,
    pub(super) anis: HashMap<String, Line>,
    pub(super) sips: HashMap<String, Line>,
    pub(super) accounts: HashMap<AccountId, accounts::Model>,
    pub(super) services: HashMap<ServiceId, account_services::Model>,
    pub(super) plans: HashMap<PlanId, plans::Model>,
    pub(super) subscriptions: HashMap<AccountId, Vec<bundle_subscriptions::Model>>,
    pub(super) bundles: Vec<BundleRow>,
    pub(super) groups: Vec<GroupRow>,
    /// Deck id → versions (effective date, id), newest first.
    pub(super) versions: HashMap<Uuid, Vec<(NaiveDate, Uuid)>>,
}

fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let set: HashSet<String> = values.collect();
    set.into_iter().collect()
}

impl Batch {
    /// Reads what `parsed` needs; its accounts locked first when `lock`
    /// (else as they are: see `snapshot`).
    pub(super) async fn load(tx: &TenantTx, parsed: &[Parsed], lock: bool) -> AppResult<Self> {
        let pins = distinct(
            parsed
                .iter()
                .filter_map(|p| Some(p.rec.pin.as_ref()?.trim().to_owned())),
        );
        let anis = distinct(parsed.iter().filter_map(|p| e164(p.rec.ani.as_ref()?)));
        let sips = distinct(
            parsed
                .iter()
                .filter_map(|p| Some(p.rec.sip_username.as_ref()?.trim().to_owned())),
        );
        let mut b = Batch {
            cards: HashMap::new(),
            anis: HashMap::new(),
            sips: HashMap::new(),
            accounts: HashMap::new(),
            services: HashMap::new(),
            plans: HashMap::new(),
            subscriptions: HashMap::new(),
            bundles: Vec::new(),
            groups: Vec::new(),
            versions: HashMap::new(),
        };
        for c in tx.usage().cards_by_pins(&pins).await? {
            if let (Some(account_id), Some(service_id)) = (c.account_id, c.service_id) {
                let line = Line {
                    account_id,
                    service_id: service_id.into(),
                    kind: ServiceKind::CallingCard,
                    expires_on: c.expires_on,
                    blocked: c.status != CardStatus::Active,
                };
                b.cards.insert(c.pin, line);
            }
        }
        for a in tx.usage().anis_by_numbers(&anis).await? {
            let line = Line {
                account_id: a.account_id,
                service_id: a.service_id.into(),
                kind: ServiceKind::Pinless,
                expires_on: None,
                blocked: false,
            };
            b.anis.insert(a.number, line);
        }
        for s in tx.usage().sips_by_usernames(&sips).await? {
            let kind = if s.media == "video" {
                ServiceKind::Video
            } else {
                ServiceKind::Sip
            };
            let line = Line {
                account_id: s.account_id,
                service_id: s.service_id.into(),
                kind,
                expires_on: None,
                blocked: false,
            };
            b.sips.insert(s.username, line);
        }
        let lines = || {
            b.cards
                .values()
                .chain(b.anis.values())
                .chain(b.sips.values())
        };
        let account_ids: Vec<AccountId> = lines().map(|l| l.account_id).collect();
        let service_ids: Vec<Uuid> = lines().map(|l| l.service_id).collect();
        // Locking the accounts first, a concurrent batch for them waits
        // here, and the duplicate check that follows sees what it stored.
        let accounts = if lock {
            tx.usage().accounts_for_update(&account_ids).await?
        } else {
            tx.usage().accounts_by_ids(&account_ids).await?
        };
        let account_ids: Vec<_> = accounts.iter().map(|a| a.id).collect();
        b.accounts = accounts.into_iter().map(|a| (a.id, a)).collect();
        b.services = tx
            .usage()
            .services_by_ids(&service_ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        if b.services.values().any(|s| s.plan_id.is_some()) {
            b.plans = tx
                .catalog()
                .list_plans()
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        }
        let subscriptions = tx.customers().subscriptions_of(&account_ids).await?;
        if !subscriptions.is_empty() {
            let mut catalog = CatalogCache::default();
            let (bundles, groups) = catalog.get(tx).await?;
            b.bundles = bundles.to_vec();
            b.groups = groups.to_vec();
        }
        for s in subscriptions {
            b.subscriptions.entry(s.account_id).or_default().push(s);
        }
        let decks: HashSet<Uuid> = b.services.values().filter_map(|s| b.deck_of(s)).collect();
        let decks: Vec<Uuid> = decks.into_iter().collect();
        for v in tx
            .catalog()
            .versions_of(&decks.iter().map(|d| DeckId(*d)).collect::<Vec<_>>())
            .await?
        {
            b.versions
                .entry(v.deck_id.into())
                .or_default()
                .push((v.effective_from, v.id));
        }
        Ok(b)
    }

    pub(super) fn subscriptions_of(&self, account: AccountId) -> &[bundle_subscriptions::Model] {
        self.subscriptions
            .get(&account)
            .map_or(&[], |v| v.as_slice())
    }

    pub(super) fn deck_of(&self, s: &account_services::Model) -> Option<Uuid> {
        let plan = s.plan_id.and_then(|id| self.plans.get(&id));
        deck_for(s, plan, self.subscriptions_of(s.account_id), &self.bundles)
    }

    pub(super) fn line(&self, rec: &CdrRecord) -> Option<&Line> {
        if let Some(pin) = &rec.pin {
            return self.cards.get(pin.trim());
        }
        if let Some(ani) = &rec.ani {
            return self.anis.get(&e164(ani)?);
        }
        self.sips.get(rec.sip_username.as_deref()?.trim())
    }
}

/// Why a record is rejected: its code, the account and service it was
/// resolved to (kept, so it can be re-rated), and what to tell people.
pub(super) struct Refusal {
    pub(super) code: RejectCode,
    pub(super) account: Option<Uuid>,
    pub(super) service: Option<Uuid>,
    pub(super) detail: Option<String>,
}

impl Refusal {
    pub(super) fn new(code: RejectCode) -> Self {
        Self {
            code,
            account: None,
            service: None,
            detail: None,
        }
    }

    pub(super) fn of(code: RejectCode, line: &Line) -> Self {
        Self {
            code,
            account: Some(line.account_id.into()),
            service: Some(line.service_id),
            detail: None,
        }
    }

    pub(super) fn detail(mut self, d: String) -> Self {
        self.detail = Some(d);
        self
    }
}

/// A record resolved to its line, number and deck version, before rating.
pub(super) struct Priced<'a> {
    pub(super) line: &'a Line,
    pub(super) number: Number,
    pub(super) version: Uuid,
}

pub(super) fn price<'a>(batch: &'a Batch, p: &Parsed) -> Result<Priced<'a>, Refusal> {
    let day = p.start.date_naive();
    let Some(line) = batch.line(&p.rec) else {
        return Err(Refusal::new(RejectCode::UnknownIdentifier));
    };
    if line.expires_on.is_some_and(|d| d < day) {
        return Err(Refusal::of(RejectCode::CardExpired, line));
    }
    if line.blocked {
        return Err(Refusal::of(RejectCode::AccountSuspended, line));
    }
    if line.kind != p.kind {
        return Err(Refusal::of(RejectCode::ServiceMismatch, line));
    }
    let Ok(number) = normalize(&p.rec.destination) else {
        return Err(Refusal::of(RejectCode::InvalidDestination, line));
    };
    if !batch.accounts.contains_key(&line.account_id) {
        return Err(Refusal::new(RejectCode::UnknownIdentifier));
    }
    let Some(service) = batch.services.get(&ServiceId(line.service_id)) else {
        return Err(Refusal::new(RejectCode::UnknownIdentifier));
    };
    let Some(versions) = batch.deck_of(service).and_then(|d| batch.versions.get(&d)) else {
        return Err(
            Refusal::of(RejectCode::NoRate, line).detail("the service has no rate deck".into())
        );
    };
    let Some(version) = versions
        .iter()
        .find(|(from, _)| *from <= day)
        .map(|(_, v)| *v)
    else {
        return Err(Refusal::of(RejectCode::NoRate, line)
            .detail(format!("no deck version in force on {day}")));
    };
    Ok(Priced {
        line,
        number,
        version,
    })
}

/// Decks compiled whole for versions many calls of the batch use; single
/// rows looked up for the others.
const WHOLE_DECK_FROM: usize = 64;

/// The rates of some (deck version, number) pairs.
pub(super) async fn rates_for<'a>(
    state: &AppState,
    tx: &TenantTx,
    wanted: impl Iterator<Item = (Uuid, &'a Number)>,
) -> AppResult<HashMap<(Uuid, Number), Option<Rate>>> {
    let mut numbers: HashMap<Uuid, HashSet<&Number>> = HashMap::new();
    for (version, number) in wanted {
        numbers.entry(version).or_default().insert(number);
    }
    let mut out = HashMap::new();
    for (version, wanted) in numbers {
        let deck: Option<Arc<Deck>> = match state.auth_cache().deck(version) {
            Some(d) => Some(d),
            None if wanted.len() >= WHOLE_DECK_FROM => Some(whole_deck(state, tx, version).await?),
            None => None,
        };
        for n in wanted {
            let rate = match &deck {
                Some(d) => d.lookup(n).cloned(),
                None => rate_in(tx, version, n).await?,
            };
            out.insert((version, *n), rate);
        }
    }
    Ok(out)
}
