//! In-memory copies of what authorization reads, so the hot path of
//! `POST /api/v1/authorize` touches no database: switch keys, the call
//! context of an identifier (account, service, deck versions, allowances),
//! deck rows per (version, destination), and whole compiled deck versions
//! for CDR batches.
//!
//! Entries remember the [`Stamp`] they were read at: any write transaction
//! of the tenant committed by this process (a CDR batch, a top-up, a
//! suspension, a new deck version…) moves it and the entry is reloaded.
//! Writes made by *another* process are seen after at most [`TTL`].
//! Deck rows of a version never change once imported, so they are kept
//! until the cache is full.

use crate::services::authorize::context::CallContext;
use ringledger_db::repo::Stamp;
use ringledger_shared::ids::TenantId;
use ringledger_shared::rating::{Deck, Rate};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long an entry is trusted without a local write (bounds how stale a
/// balance written by another instance can be).
pub const TTL: Duration = Duration::from_secs(1);

/// Entries per map before it is emptied and refilled.
const CAPACITY: usize = 200_000;

/// Deck rows kept in memory before the compiled decks are dropped.
const DECK_ROWS: usize = 5_000_000;

/// What a switch key check needs.
#[derive(Debug, Clone)]
pub struct KeyState {
    /// SHA-256 (hex) of the secret.
    pub hash: String,
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

struct Entry<T> {
    stamp: Stamp,
    at: Instant,
    value: T,
    /// Set by the one caller that reloads an expired entry.
    refreshing: AtomicBool,
}

struct Map<K, T>(RwLock<HashMap<K, Entry<T>>>);

impl<K: Eq + Hash, T: Clone> Map<K, T> {
    fn new() -> Self {
        Self(RwLock::new(HashMap::new()))
    }

    /// The entry if no local write moved `stamp` and it is younger than
    /// [`TTL`]. Once it is older, the first caller gets `None` and reloads
    /// it while the others keep using it (for at most another `TTL`), so an
    /// expiry never sends every in-flight request to the database at once.
    fn get(&self, key: &K, stamp: Stamp) -> Option<T> {
        let map = self.0.read().ok()?;
        let e = map.get(key)?;
        if e.stamp != stamp {
            return None;
        }
        let age = e.at.elapsed();
        let fresh = age < TTL || (age < 2 * TTL && e.refreshing.swap(true, Ordering::AcqRel));
        fresh.then(|| e.value.clone())
    }

    fn put(&self, key: K, stamp: Stamp, value: T) {
        if let Ok(mut map) = self.0.write() {
            if map.len() >= CAPACITY {
                map.clear();
            }
            map.insert(
                key,
                Entry {
                    stamp,
                    at: Instant::now(),
                    value,
                    refreshing: AtomicBool::new(false),
                },
            );
        }
    }
}

/// The cache (one per process, in the application state).
pub struct AuthCache {
    keys: Map<(TenantId, Uuid), KeyState>,
    contexts: Map<(TenantId, IdKey), Arc<CallContext>>,
    rates: RwLock<HashMap<(Uuid, String), Option<Rate>>>,
    decks: RwLock<(HashMap<Uuid, Arc<Deck>>, usize)>,
}

impl Default for AuthCache {
    fn default() -> Self {
        Self {
            keys: Map::new(),
            contexts: Map::new(),
            rates: RwLock::new(HashMap::new()),
            decks: RwLock::new((HashMap::new(), 0)),
        }
    }
}

impl AuthCache {
    /// A switch key read at `stamp`, if still current.
    pub fn key(&self, tenant: TenantId, id: Uuid, stamp: Stamp) -> Option<KeyState> {
        self.keys.get(&(tenant, id), stamp)
    }

    /// Remembers a switch key read at `stamp`.
    pub fn put_key(&self, tenant: TenantId, id: Uuid, stamp: Stamp, state: KeyState) {
        self.keys.put((tenant, id), stamp, state);
    }

    /// The call context of an identifier read at `stamp`, if still current.
    pub fn context(&self, tenant: TenantId, id: &IdKey, stamp: Stamp) -> Option<Arc<CallContext>> {
        self.contexts.get(&(tenant, id.clone()), stamp)
    }

    /// Remembers a call context read at `stamp`.
    pub fn put_context(&self, tenant: TenantId, id: IdKey, stamp: Stamp, ctx: Arc<CallContext>) {
        self.contexts.put((tenant, id), stamp, ctx);
    }

    /// The rate of `number` in deck version `version` (`Some(None)`: known
    /// to have none).
    pub fn rate(&self, version: Uuid, number: &str) -> Option<Option<Rate>> {
        self.rates
            .read()
            .ok()?
            .get(&(version, number.to_owned()))
            .cloned()
    }

    /// A whole deck version, compiled (versions never change once imported).
    pub fn deck(&self, version: Uuid) -> Option<Arc<Deck>> {
        self.decks.read().ok()?.0.get(&version).cloned()
    }

    /// Remembers a compiled deck version.
    pub fn put_deck(&self, version: Uuid, deck: Arc<Deck>) {
        if let Ok(mut d) = self.decks.write() {
            if d.1 + deck.len() > DECK_ROWS {
                *d = (HashMap::new(), 0);
            }
            d.1 += deck.len();
            d.0.insert(version, deck);
        }
    }

    /// Remembers the rate of `number` in `version`.
    pub fn put_rate(&self, version: Uuid, number: &str, rate: Option<Rate>) {
        if let Ok(mut map) = self.rates.write() {
            if map.len() >= CAPACITY {
                map.clear();
            }
            map.insert((version, number.to_owned()), rate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_go_stale_when_the_stamp_moves() {
        let c = AuthCache::default();
        let t = TenantId(Uuid::new_v4());
        let id = Uuid::new_v4();
        let k = KeyState {
            hash: "h".into(),
            usable: true,
            tenant_suspended: false,
        };
        c.put_key(t, id, (0, 1), k);
        assert!(c.key(t, id, (0, 1)).is_some());
        assert!(c.key(t, id, (0, 2)).is_none(), "a local write invalidates");
        assert!(
            c.key(t, id, (1, 1)).is_none(),
            "a platform write invalidates"
        );
        assert!(c.key(TenantId(Uuid::new_v4()), id, (0, 1)).is_none());
    }
}
