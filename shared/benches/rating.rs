//! Rating throughput against a 100,000-prefix deck (target: ≥ 2,000,000
//! ratings per second on one core).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ringledger_shared::rating::synthetic::{SplitMix, deck, destination};
use ringledger_shared::rating::{Deck, rate_call};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let rows = deck(100_000, 42);
    let mut rng = SplitMix::new(7);
    let calls: Vec<(String, i64)> = (0..10_000)
        .map(|_| (destination(&mut rng, &rows), rng.below(3600) as i64))
        .collect();
    let deck = Deck::new(rows).unwrap_or_else(|_| unreachable!("synthetic prefixes are distinct"));

    let mut group = c.benchmark_group("rating");
    group.throughput(Throughput::Elements(calls.len() as u64));
    group.bench_function("rate_call x10k (100k-prefix deck)", |b| {
        b.iter(|| {
            for (dest, secs) in &calls {
                let _ = black_box(rate_call(&deck, black_box(dest), *secs));
            }
        })
    });
    group.finish();

    c.bench_function("compile 100k-prefix deck", |b| {
        let rows = deck_rows();
        b.iter(|| black_box(Deck::new(rows.clone()).map(|d| d.len())))
    });
}

fn deck_rows() -> Vec<ringledger_shared::rating::Rate> {
    deck(100_000, 42)
}

criterion_group!(benches, bench);
criterion_main!(benches);
