//! In-memory copies of what authorization reads, so the hot path of
//! `POST /api/v1/authorize` touches no database: switch keys, the call
//! context of an identifier (account, service, deck versions, allowances),
//! whole compiled deck versions (authorization and CDR batches), and deck
//! rows per (version, destination) for a version not compiled yet.
//!
//! Every map is bounded (a [`quick_cache`] S3-FIFO cache: a size cap with
//! eviction of what is least used): [`KEYS`], [`CONTEXTS`] and [`RATES`]
//! entries, [`DECK_BYTES`] of compiled decks. [`AuthCache::footprint`]
//! says how full they are.
//!
//! Entries remember the [`Stamp`] they were read at: any write transaction
//! of the tenant committed by this process (a CDR batch, a top-up, a
//! suspension, a new deck version…) moves it and the entry is reloaded.
//! Writes made by *another* process move it too once this process has
//! read them (`crate::write_feed`: within about half a second). While that
//! works, an entry is trusted for up to [`MAX_AGE`]; when it does not (the
//! database cannot be read), only for [`TTL`], so other processes' writes
//! are still seen within a second.
//! Deck rows of a version never change once imported, so they are kept
//! until evicted.

use crate::services::authorize::context::CallContext;
use quick_cache::sync::Cache;
use quick_cache::{Equivalent, OptionsBuilder, Weighter};
use ringledger_db::repo::Stamp;
use ringledger_shared::ids::TenantId;
use ringledger_shared::rating::{Deck, Number, Rate, Tariff};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long an entry is trusted without a local write when other
/// processes' writes cannot be followed (bounds how stale a balance written
/// by another instance can be).
pub const TTL: Duration = Duration::from_secs(1);

/// How long an entry is trusted while other processes' writes are followed
/// (a backstop: an entry is dropped as soon as its tenant is written). Each
/// entry draws its own between half of this and this, so entries read
/// together (a restart, a write) are not all read again together.
pub const MAX_AGE: Duration = Duration::from_secs(30);

/// A backstop for a new entry, drawn in `[MAX_AGE / 2, MAX_AGE)`.
fn backstop() -> Duration {
    let half = MAX_AGE / 2;
    half + half.mul_f64(rand::random::<f64>())
}

/// Switch keys kept.
pub const KEYS: usize = 10_000;
/// Call contexts kept (one per identifier that calls).
pub const CONTEXTS: usize = 100_000;
/// Rates kept per (deck version, destination), for versions not compiled.
pub const RATES: usize = 200_000;
/// Heap bytes of compiled deck versions kept (a 1,000,000-prefix deck
/// weighs about 126 MiB).
pub const DECK_BYTES: u64 = 512 << 20;

/// How long after a deck version was loaded for authorization (and did
/// not stay in the cache) it is not loaded again.
const DECK_RETRY: Duration = Duration::from_secs(60);

/// What a switch key check needs.
#[derive(Debug, Clone)]
pub struct KeyState {
    /// SHA-256 of the secret (all zeroes when there is no key).
    pub digest: [u8; 32],
    /// Whether the key may be used (not revoked, tenant active).
    pub usable: bool,
    /// Whether the tenant is suspended (answered differently).
    pub tenant_suspended: bool,
}

/// The identifier a context is cached under (already normalised).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdKey {
    /// A calling-card PIN.
    Pin(String),
    /// An E.164 caller number.
    Ani(String),
    /// A SIP or video username.
    Sip(String),
}

/// An [`IdKey`] borrowed from a request: looking a context up allocates
/// nothing. Same variants in the same order, so it hashes alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdRef<'a> {
    /// A calling-card PIN.
    Pin(&'a str),
    /// An E.164 caller number.
    Ani(&'a str),
    /// A SIP or video username.
    Sip(&'a str),
}

impl IdRef<'_> {
    /// The owned key (to store a context under).
    pub fn to_key(self) -> IdKey {
        match self {
            IdRef::Pin(s) => IdKey::Pin(s.to_owned()),
            IdRef::Ani(s) => IdKey::Ani(s.to_owned()),
            IdRef::Sip(s) => IdKey::Sip(s.to_owned()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CtxKey {
    tenant: TenantId,
    id: IdKey,
}

/// Hashes as [`CtxKey`] (fields alike, in the same order).
#[derive(Hash)]
struct CtxRef<'a> {
    tenant: TenantId,
    id: IdRef<'a>,
}

impl Equivalent<CtxKey> for CtxRef<'_> {
    fn equivalent(&self, key: &CtxKey) -> bool {
        self.tenant == key.tenant
            && match (self.id, &key.id) {
                (IdRef::Pin(a), IdKey::Pin(b))
                | (IdRef::Ani(a), IdKey::Ani(b))
                | (IdRef::Sip(a), IdKey::Sip(b)) => a == b,
                _ => false,
            }
    }
}

/// The deck row pricing a destination, by value (no text to allocate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateHit {
    /// What the call costs.
    pub tariff: Tariff,
    prefix: [u8; 15],
    len: u8,
}

impl RateHit {
    /// The row's tariff and prefix.
    pub fn of(rate: &Rate) -> Self {
        let mut prefix = [0u8; 15];
        let len = rate.prefix.len().min(15);
        prefix[..len].copy_from_slice(&rate.prefix.as_bytes()[..len]);
        Self {
            tariff: rate.tariff,
            prefix,
            len: len as u8,
        }
    }

    /// The row a deck's lookup of `number` found. Its prefix is the
    /// number's first digits: they are copied from the number, at hand,
    /// rather than read from the row's own text (one memory read fewer on
    /// a big deck, where every row is far from the last).
    pub fn matched(rate: &Rate, number: &Number) -> Self {
        let len = rate.prefix.len().min(15);
        let Some(digits) = number.as_bytes().get(..len) else {
            return Self::of(rate);
        };
        debug_assert_eq!(digits, rate.prefix.as_bytes(), "a row of another number");
        let mut prefix = [0u8; 15];
        prefix[..len].copy_from_slice(digits);
        Self {
            tariff: rate.tariff,
            prefix,
            len: len as u8,
        }
    }

    /// The row's prefix.
    pub fn prefix(&self) -> &str {
        std::str::from_utf8(&self.prefix[..usize::from(self.len)]).unwrap_or("")
    }
}

struct Entry<T> {
    stamp: Stamp,
    at: Instant,
    /// How long it is trusted while other processes' writes are followed.
    backstop: Duration,
    value: T,
    /// Set by the one caller that reloads an expired entry.
    refreshing: AtomicBool,
}

struct Map<K, T>(Cache<K, Arc<Entry<T>>>);

impl<K: Eq + Hash, T: Clone> Map<K, T> {
    fn new(items: usize) -> Self {
        Self(Cache::new(items.max(1)))
    }

    /// The entry if no write moved `stamp` and it is younger than its
    /// backstop (`following`: other processes' writes move stamps too),
    /// else [`TTL`]. Once it is older, the first caller gets `None` and
    /// reloads it while the others keep using it (for at most another
    /// `TTL`), so an expiry never sends every in-flight request to the
    /// database at once.
    fn get<Q: Hash + Equivalent<K> + ?Sized>(
        &self,
        key: &Q,
        stamp: Stamp,
        following: bool,
    ) -> Option<T> {
        let e = self.0.get(key)?;
        if e.stamp != stamp {
            return None;
        }
        let age = e.at.elapsed();
        let trust = if following { e.backstop } else { TTL };
        let fresh = age < trust || (age < trust + TTL && e.refreshing.swap(true, Ordering::AcqRel));
        fresh.then(|| e.value.clone())
    }

    fn put(&self, key: K, stamp: Stamp, value: T) {
        self.0.insert(
            key,
            Arc::new(Entry {
                stamp,
                at: Instant::now(),
                backstop: backstop(),
                value,
                refreshing: AtomicBool::new(false),
            }),
        );
    }
}

/// A compiled deck and its weight.
#[derive(Clone)]
struct DeckEntry {
    deck: Arc<Deck>,
    bytes: u64,
}

#[derive(Clone)]
struct DeckWeight;

impl Weighter<Uuid, DeckEntry> for DeckWeight {
    fn weight(&self, _: &Uuid, e: &DeckEntry) -> u64 {
        e.bytes.max(1)
    }
}

/// The caps of an [`AuthCache`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Switch keys.
    pub keys: usize,
    /// Call contexts.
    pub contexts: usize,
    /// Rates per (version, destination).
    pub rates: usize,
    /// Heap bytes of compiled decks.
    pub deck_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            keys: KEYS,
            contexts: CONTEXTS,
            rates: RATES,
            deck_bytes: DECK_BYTES,
        }
    }
}

/// How full the cache is: entries per map, the heap bytes of the compiled
/// decks, and the bytes of the maps' own tables and entries (not what the
/// entries point to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// Switch keys.
    pub keys: usize,
    /// Call contexts.
    pub contexts: usize,
    /// Rates per (version, destination).
    pub rates: usize,
    /// Compiled deck versions.
    pub decks: usize,
    /// Their heap bytes.
    pub deck_bytes: u64,
    /// The maps' own bytes.
    pub table_bytes: usize,
}

/// The cache (one per process, in the application state).
pub struct AuthCache {
    keys: Map<(TenantId, Uuid), KeyState>,
    contexts: Map<CtxKey, Arc<CallContext>>,
    rates: Cache<(Uuid, Number), Option<RateHit>>,
    decks: Cache<Uuid, DeckEntry, DeckWeight>,
    /// Deck versions loaded for authorization lately (not loaded again
    /// before [`DECK_RETRY`]).
    deck_loads: Mutex<HashMap<Uuid, Instant>>,
    /// This cache among the process's (tests run several instances).
    id: u64,
    /// Moved by every deck put in `decks` (which may evict others): a
    /// thread's own copies of decks ([`AuthCache::in_deck`]) are dropped
    /// when it moved, so no evicted deck outlives its eviction for long.
    deck_generation: AtomicU64,
}

/// A worker thread's latest compiled decks ([`AuthCache::in_deck`]).
struct ThreadDeck {
    cache: u64,
    generation: u64,
    version: Uuid,
    deck: Arc<Deck>,
}

/// The most decks a thread keeps of its own.
const THREAD_DECKS: usize = 4;

thread_local! {
    static THREAD_DECKS_IN_USE: std::cell::RefCell<Vec<ThreadDeck>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Numbers the caches of the process.
static NEXT_CACHE: AtomicU64 = AtomicU64::new(0);

impl Default for AuthCache {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

impl AuthCache {
    /// A cache capped at `limits`.
    pub fn new(limits: Limits) -> Self {
        let decks = OptionsBuilder::new()
            .shards(1)
            .estimated_items_capacity(64)
            .weight_capacity(limits.deck_bytes.max(1))
            .build()
            .map(|o| Cache::with_options(o, DeckWeight, Default::default(), Default::default()))
            .unwrap_or_else(|_| Cache::with_weighter(64, limits.deck_bytes.max(1), DeckWeight));
        Self {
            keys: Map::new(limits.keys),
            contexts: Map::new(limits.contexts),
            rates: Cache::new(limits.rates.max(1)),
            decks,
            deck_loads: Mutex::default(),
            id: NEXT_CACHE.fetch_add(1, Ordering::Relaxed),
            deck_generation: AtomicU64::new(0),
        }
    }

    /// A switch key read at `stamp`, if still current (`following`: other
    /// processes' writes move stamps, see [`MAX_AGE`]).
    pub fn key(
        &self,
        tenant: TenantId,
        id: Uuid,
        stamp: Stamp,
        following: bool,
    ) -> Option<KeyState> {
        self.keys.get(&(tenant, id), stamp, following)
    }

    /// Remembers a switch key read at `stamp`.
    pub fn put_key(&self, tenant: TenantId, id: Uuid, stamp: Stamp, state: KeyState) {
        self.keys.put((tenant, id), stamp, state);
    }

    /// The call context of an identifier read at `stamp`, if still current
    /// (`following`: as for [`AuthCache::key`]).
    pub fn context(
        &self,
        tenant: TenantId,
        id: IdRef<'_>,
        stamp: Stamp,
        following: bool,
    ) -> Option<Arc<CallContext>> {
        self.contexts.get(&CtxRef { tenant, id }, stamp, following)
    }

    /// Remembers a call context read at `stamp`.
    pub fn put_context(&self, tenant: TenantId, id: IdKey, stamp: Stamp, ctx: Arc<CallContext>) {
        self.contexts.put(CtxKey { tenant, id }, stamp, ctx);
    }

    /// The rate of `number` in deck version `version` (`Some(None)`: known
    /// to have none).
    pub fn rate(&self, version: Uuid, number: &Number) -> Option<Option<RateHit>> {
        self.rates.get(&(version, *number))
    }

    /// Remembers the rate of `number` in `version`.
    pub fn put_rate(&self, version: Uuid, number: &Number, rate: Option<RateHit>) {
        self.rates.insert((version, *number), rate);
    }

    /// A whole deck version, compiled (versions never change once imported).
    pub fn deck(&self, version: Uuid) -> Option<Arc<Deck>> {
        self.decks.get(&version).map(|e| e.deck)
    }

    /// Remembers a compiled deck version (unless it alone outweighs the cap).
    pub fn put_deck(&self, version: Uuid, deck: Arc<Deck>) {
        let bytes = deck.heap_bytes() as u64;
        self.decks.insert(version, DeckEntry { deck, bytes });
        self.deck_generation.fetch_add(1, Ordering::AcqRel);
    }

    /// `look` run on deck version `version`, if it is compiled here. The
    /// calling thread keeps its own reference to the last few decks it used
    /// (until a deck is next put in the cache): the authorizations of every
    /// worker read the same deck, and the cache's lock and the deck's
    /// reference count, taken and given back by each, were cache lines
    /// moved between the cores on every request.
    pub fn in_deck<R>(&self, version: Uuid, look: impl FnOnce(&Deck) -> R) -> Option<R> {
        let generation = self.deck_generation.load(Ordering::Acquire);
        THREAD_DECKS_IN_USE.with(|decks| {
            let mut decks = decks.borrow_mut();
            decks.retain(|d| d.cache != self.id || d.generation == generation);
            if let Some(d) = decks
                .iter()
                .find(|d| d.cache == self.id && d.version == version)
            {
                return Some(look(&d.deck));
            }
            let deck = self.deck(version)?;
            let found = look(&deck);
            if decks.len() >= THREAD_DECKS {
                decks.remove(0);
            }
            decks.push(ThreadDeck {
                cache: self.id,
                generation,
                version,
                deck,
            });
            Some(found)
        })
    }

    /// Whether the caller should load `version` for authorization now: not
    /// if it did less than a minute ago (the deck is being loaded, or did
    /// not fit in the cache).
    pub fn claim_deck_load(&self, version: Uuid) -> bool {
        let Ok(mut loads) = self.deck_loads.lock() else {
            return false;
        };
        let now = Instant::now();
        loads.retain(|_, at| now.duration_since(*at) < DECK_RETRY);
        if loads.contains_key(&version) {
            return false;
        }
        loads.insert(version, now);
        true
    }

    /// How full the cache is.
    pub fn footprint(&self) -> Footprint {
        Footprint {
            keys: self.keys.0.len(),
            contexts: self.contexts.0.len(),
            rates: self.rates.len(),
            decks: self.decks.len(),
            deck_bytes: self.decks.weight(),
            table_bytes: self.keys.0.memory_used().total()
                + self.contexts.0.memory_used().total()
                + self.rates.memory_used().total()
                + self.decks.memory_used().total(),
        }
    }
}

#[cfg(test)]
mod tests;
