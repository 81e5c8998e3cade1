use super::*;
use ringledger_shared::rating::normalize;
use rust_decimal::Decimal;

fn key_state() -> KeyState {
    KeyState {
        digest: [7; 32],
        usable: true,
        tenant_suspended: false,
    }
}

fn small() -> AuthCache {
    AuthCache::new(Limits {
        keys: 64,
        contexts: 64,
        rates: 64,
        deck_bytes: 1 << 20,
    })
}

/// A deck of `n` distinct 7-digit prefixes.
fn deck(n: usize) -> Arc<Deck> {
    let t = Tariff::new(Decimal::new(1, 2), Decimal::ZERO, 60, 6);
    let rates = (0..n)
        .filter_map(|i| {
            Rate::new(
                &format!("{}", 1_000_000 + i),
                "Somewhere Mobile",
                t.unwrap_or_else(|| panic!("tariff")),
            )
        })
        .collect();
    Arc::new(Deck::new(rates).unwrap_or_else(|_| panic!("no duplicates")))
}

#[test]
fn entries_go_stale_when_the_stamp_moves() {
    let c = AuthCache::default();
    let t = TenantId(Uuid::new_v4());
    let id = Uuid::new_v4();
    c.put_key(t, id, (0, 1), key_state());
    assert!(c.key(t, id, (0, 1), false).is_some());
    assert!(
        c.key(t, id, (0, 2), false).is_none(),
        "a local write invalidates"
    );
    assert!(
        c.key(t, id, (1, 1), false).is_none(),
        "a platform write invalidates"
    );
    assert!(c.key(TenantId(Uuid::new_v4()), id, (0, 1), false).is_none());
}

#[test]
fn contexts_are_found_by_a_borrowed_key_until_a_write() {
    let c = AuthCache::default();
    let t = TenantId(Uuid::new_v4());
    let ctx = Arc::new(CallContext::sample());
    c.put_context(t, IdKey::Sip("alice".into()), (0, 3), ctx.clone());
    let hit = c.context(t, IdRef::Sip("alice"), (0, 3), false);
    assert!(hit.is_some_and(|h| Arc::ptr_eq(&h, &ctx)));
    assert!(
        c.context(t, IdRef::Pin("alice"), (0, 3), false).is_none(),
        "kind"
    );
    assert!(c.context(t, IdRef::Sip("alic"), (0, 3), false).is_none());
    assert!(
        c.context(TenantId(Uuid::new_v4()), IdRef::Sip("alice"), (0, 3), false)
            .is_none()
    );
    assert!(
        c.context(t, IdRef::Sip("alice"), (0, 4), false).is_none(),
        "written since"
    );
    // Read again at the new stamp: found again.
    c.put_context(t, IdRef::Sip("alice").to_key(), (0, 4), ctx);
    assert!(c.context(t, IdRef::Sip("alice"), (0, 4), false).is_some());
}

#[test]
fn maps_stay_within_their_caps() {
    let c = small();
    let t = TenantId(Uuid::new_v4());
    let ctx = Arc::new(CallContext::sample());
    let version = Uuid::new_v4();
    for i in 0..5_000 {
        c.put_key(t, Uuid::new_v4(), (0, 0), key_state());
        c.put_context(t, IdKey::Sip(format!("u{i}")), (0, 0), ctx.clone());
        let n = normalize(&format!("1555{i:07}")).unwrap_or_else(|_| panic!("number"));
        c.put_rate(version, &n, None);
    }
    let f = c.footprint();
    // A little slack: each shard rounds its share of the cap up.
    for (what, len) in [
        ("keys", f.keys),
        ("contexts", f.contexts),
        ("rates", f.rates),
    ] {
        assert!((1..=64 + 16).contains(&len), "{what}: {len}");
    }
    // The newest entry is there, most of the old ones were evicted.
    assert!(c.context(t, IdRef::Sip("u4999"), (0, 0), false).is_some());
    let old = (0..1_000)
        .filter(|i| {
            c.context(t, IdRef::Sip(&format!("u{i}")), (0, 0), false)
                .is_some()
        })
        .count();
    assert!(old < 64, "{old} of the first 1000 still there");
}

#[test]
fn a_rate_is_kept_by_version_and_number() {
    let c = small();
    let (v1, v2) = (Uuid::new_v4(), Uuid::new_v4());
    let n = normalize("+44 20 7946 0000").unwrap_or_else(|_| panic!("number"));
    let d = deck(1);
    let hit = d.rates().first().map(RateHit::of);
    c.put_rate(v1, &n, hit);
    assert_eq!(c.rate(v1, &n), Some(hit));
    assert_eq!(hit.map(|h| h.prefix().to_owned()), Some("1000000".into()));
    assert_eq!(c.rate(v2, &n), None);
    c.put_rate(v2, &n, None);
    assert_eq!(c.rate(v2, &n), Some(None), "known to have none");
}

#[test]
fn a_compiled_decks_answer_is_the_rows_own() {
    let d = Deck::new(
        ["44", "4420", "1", "1212"]
            .iter()
            .filter_map(|p| {
                let t = Tariff::new(Decimal::ONE, Decimal::ZERO, 60, 60)?;
                Rate::new(p, "dest", t)
            })
            .collect(),
    )
    .unwrap_or_else(|_| panic!("deck"));
    for number in [
        "+44 20 7946 0000",
        "+44 7700 900123",
        "+1 212 555 0100",
        "+1 415 555 0100",
    ] {
        let n = normalize(number).unwrap_or_else(|_| panic!("number"));
        let row = d.lookup(&n).unwrap_or_else(|| panic!("{number} has a row"));
        assert_eq!(RateHit::matched(row, &n), RateHit::of(row), "{number}");
    }
}

/// A deck of 2,000 prefixes, its heap bytes, and a cache that holds one
/// such deck and not two.
fn room_for_one() -> (Arc<Deck>, u64, AuthCache) {
    let one = deck(2_000);
    let bytes = one.heap_bytes() as u64;
    let c = AuthCache::new(Limits {
        deck_bytes: bytes * 3 / 2,
        ..Limits::default()
    });
    (one, bytes, c)
}

#[test]
fn decks_are_evicted_by_weight() {
    let (one, bytes, c) = room_for_one();
    let (v1, v2) = (Uuid::new_v4(), Uuid::new_v4());
    c.put_deck(v1, one.clone());
    assert!(c.deck(v1).is_some());
    c.put_deck(v2, deck(2_000));
    let f = c.footprint();
    assert_eq!(f.decks, 1, "two do not fit");
    assert!(f.deck_bytes <= bytes * 3 / 2);
    // One deck heavier than the whole cap is not kept.
    c.put_deck(Uuid::new_v4(), deck(5_000));
    assert!(c.footprint().deck_bytes <= bytes * 3 / 2);
}

#[test]
fn a_threads_own_deck_is_dropped_once_the_cache_evicts_it() {
    let (one, _, c) = room_for_one();
    let (v1, v2) = (Uuid::new_v4(), Uuid::new_v4());
    let weak = Arc::downgrade(&one);
    c.put_deck(v1, one);
    let number = normalize("+1000005 555").unwrap_or_else(|_| panic!("a number"));
    let prefix = |d: &Deck| d.lookup(&number).map(|r| r.prefix.clone());
    assert_eq!(c.in_deck(v1, prefix), Some(Some("1000005".to_owned())));
    assert_eq!(c.in_deck(v2, prefix), None, "not compiled");
    // This thread keeps v1, the cache too; another cache is apart.
    assert!(weak.upgrade().is_some());
    assert_eq!(small().in_deck(v1, prefix), None);
    // v2 evicts v1: this thread lets it go with the cache, at its next look.
    c.put_deck(v2, deck(2_000));
    assert_eq!(c.in_deck(v1, prefix), None);
    assert!(weak.upgrade().is_none(), "the evicted deck is freed");
    assert!(c.in_deck(v2, prefix).is_some());
}

#[test]
fn a_deck_is_loaded_for_authorization_once_a_minute() {
    let c = small();
    let v = Uuid::new_v4();
    assert!(c.claim_deck_load(v));
    assert!(!c.claim_deck_load(v), "being loaded");
    assert!(c.claim_deck_load(Uuid::new_v4()));
}

/// Resident memory of this process (Linux), in bytes.
fn rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// Prints what the cache weighs at 10,000 customers and a 1,000,000-prefix
/// deck (asserts nothing):
/// `cargo test -p ringledger-core --release --lib auth_cache::tests::footprint -- --ignored --nocapture`
#[test]
#[ignore = "prints memory figures"]
fn footprint_at_10000_customers_and_a_million_prefixes() {
    const MIB: f64 = 1024.0 * 1024.0;
    let c = AuthCache::default();
    let t = TenantId(Uuid::new_v4());
    let before = rss();
    for i in 0..10_000 {
        c.put_key(t, Uuid::new_v4(), (0, 0), key_state());
        c.put_context(
            t,
            IdKey::Sip(format!("0190{i:06}a1b2c3d4")),
            (0, 0),
            Arc::new(CallContext::sample()),
        );
    }
    let contexts = rss().saturating_sub(before);
    let before = rss();
    let version = Uuid::new_v4();
    let mut n = 0;
    while c.footprint().rates < RATES && n < RATES * 2 {
        let num = normalize(&format!("1{:010}", n * 7919)).unwrap_or_else(|_| panic!("number"));
        c.put_rate(version, &num, None);
        n += 1;
    }
    let rates = rss().saturating_sub(before);
    let before = rss();
    let big = deck(1_000_000);
    c.put_deck(version, big);
    let decks = rss().saturating_sub(before);
    let f = c.footprint();
    println!("auth cache footprint: {f:?}");
    println!(
        "10,000 keys + 10,000 contexts: {:.1} MiB resident ({:.0} B per customer)",
        contexts as f64 / MIB,
        contexts as f64 / 10_000.0
    );
    println!(
        "{} rates (full): {:.1} MiB resident",
        f.rates,
        rates as f64 / MIB
    );
    println!(
        "1,000,000-prefix deck: {:.1} MiB by weight, {:.1} MiB resident",
        f.deck_bytes as f64 / MIB,
        decks as f64 / MIB
    );
    println!(
        "caps: {KEYS} keys, {CONTEXTS} contexts, {RATES} rates, {:.0} MiB of decks",
        DECK_BYTES as f64 / MIB
    );
}

/// An entry read `secs` seconds ago at stamp (0, 0).
fn aged(secs: u64) -> Map<u8, u8> {
    let map = Map::new(4);
    let at = Instant::now()
        .checked_sub(Duration::from_secs(secs))
        .unwrap_or_else(Instant::now);
    map.0.insert(
        1,
        Arc::new(Entry {
            stamp: (0, 0),
            at,
            backstop: MAX_AGE,
            value: 9,
            refreshing: AtomicBool::new(false),
        }),
    );
    map
}

#[test]
fn entries_outlive_the_short_ttl_only_while_other_processes_writes_are_followed() {
    // Backstops are spread over the second half of MAX_AGE.
    for _ in 0..100 {
        let b = backstop();
        assert!(b >= MAX_AGE / 2 && b < MAX_AGE, "{b:?}");
    }
    // Three seconds old: past TTL (and its grace), within MAX_AGE.
    assert_eq!(aged(3).get(&1, (0, 0), true), Some(9));
    assert_eq!(aged(3).get(&1, (0, 0), false), None, "not followed: TTL");
    // Followed, a write still drops it at once.
    assert_eq!(aged(3).get(&1, (0, 1), true), None);
    // Past MAX_AGE: the first caller reloads, the others keep it meanwhile.
    let old = aged(MAX_AGE.as_secs());
    assert_eq!(old.get(&1, (0, 0), true), None);
    assert_eq!(old.get(&1, (0, 0), true), Some(9));
    let older = aged(MAX_AGE.as_secs() + 5);
    assert_eq!(older.get(&1, (0, 0), true), None);
    assert_eq!(
        older.get(&1, (0, 0), true),
        None,
        "beyond the grace: all reload"
    );
}
