//! Deterministic synthetic decks and calls, for benchmarks and load
//! scripts (`ringledger generate …`). Same seed, same data.

use super::charge::Tariff;
use super::deck::Rate;
use rust_decimal::Decimal;

/// A small, fast, seedable generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// `rows` distinct prefixes of 3–9 digits with varied tariffs.
pub fn deck(rows: usize, seed: u64) -> Vec<Rate> {
    let mut rng = SplitMix::new(seed);
    let mut seen = std::collections::HashSet::with_capacity(rows);
    let mut out = Vec::with_capacity(rows);
    let increments = [(60, 60), (30, 6), (1, 1), (60, 1), (30, 30)];
    while out.len() < rows {
        let len = 3 + rng.below(7) as usize;
        let first = 1 + rng.below(9);
        let mut p = first.to_string();
        while p.len() < len {
            p.push(char::from(b'0' + rng.below(10) as u8));
        }
        if !seen.insert(p.clone()) {
            continue;
        }
        let (i, s) = increments[rng.below(increments.len() as u64) as usize];
        let rate = Decimal::new(rng.below(500_000) as i64, 6);
        let connect = Decimal::new(rng.below(4) as i64 * 500, 4);
        if let Some(r) = Tariff::new(rate, connect, i, s)
            .and_then(|t| Rate::new(&p, &format!("Destination {}", &p[..3]), t))
        {
            out.push(r);
        }
    }
    out
}

/// A destination of 10–13 digits, starting with a prefix of `deck` 9 times
/// in 10 (the rest are random and may find no rate).
pub fn destination(rng: &mut SplitMix, deck: &[Rate]) -> String {
    let mut d = if !deck.is_empty() && rng.below(10) < 9 {
        deck[rng.below(deck.len() as u64) as usize].prefix.clone()
    } else {
        (1 + rng.below(9)).to_string()
    };
    let len = 10 + rng.below(4) as usize;
    while d.len() < len {
        d.push(char::from(b'0' + rng.below(10) as u8));
    }
    d
}
