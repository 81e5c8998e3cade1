//! A compiled rate deck answering longest-prefix lookups with at most one
//! hash probe per prefix length present, whatever the deck's size.

use super::charge::Tariff;
use super::normalize::Number;
use serde::{Deserialize, Serialize};

/// One row of a rate deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    /// 1–15 digits.
    pub prefix: String,
    /// Destination name, e.g. "United Kingdom Mobile".
    pub destination: String,
    /// What a call costs.
    pub tariff: Tariff,
}

impl Rate {
    /// A row; `None` unless `prefix` is 1–15 ASCII digits.
    pub fn new(prefix: &str, destination: &str, tariff: Tariff) -> Option<Self> {
        valid_prefix(prefix).then(|| Self {
            prefix: prefix.to_owned(),
            destination: destination.to_owned(),
            tariff,
        })
    }
}

/// Whether `p` is 1–15 ASCII digits.
pub fn valid_prefix(p: &str) -> bool {
    !p.is_empty() && p.len() <= 15 && p.bytes().all(|b| b.is_ascii_digit())
}

/// Two rows of one deck share a prefix (indexes into the input, 0-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicatePrefix {
    /// The prefix.
    pub prefix: String,
    /// Index of the first row with it.
    pub first: usize,
    /// Index of the second row with it.
    pub second: usize,
}

/// A compiled rate deck: one open-addressing hash table of every prefix,
/// keyed by (value, length), plus the set of prefix lengths present.
///
/// A lookup probes the lengths present from the longest that fits the
/// number down to the shortest and stops at the first hit. The probes do not
/// depend on one another, so the processor overlaps their memory accesses —
/// unlike a trie, whose every step waits for the previous node. 16 bytes a
/// slot at most half full: a 100,000-prefix deck is 4 MiB.
#[derive(Clone)]
pub struct Deck {
    rates: Vec<Rate>,
    /// `(key, rate index)`; key 0 marks an empty slot.
    slots: Vec<(u64, u32)>,
    mask: usize,
    /// Bit `L` set when some prefix has `L` digits.
    lengths: u16,
}

impl std::fmt::Debug for Deck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deck")
            .field("rates", &self.rates.len())
            .field("slots", &self.slots.len())
            .finish()
    }
}

/// The table key of a prefix of `len` digits whose value is `value`
/// (never 0, so 0 can mark empty slots; "1" and "01" differ).
#[inline]
fn key(value: u64, len: usize) -> u64 {
    (value << 4) | len as u64
}

/// Fibonacci hashing of a key into a slot index.
#[inline]
fn slot_of(key: u64, mask: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20) as usize & mask
}

impl Deck {
    /// Compiles rows; refuses a prefix that appears twice.
    pub fn new(rates: Vec<Rate>) -> Result<Self, DuplicatePrefix> {
        let capacity = (rates.len() * 2).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut slots = vec![(0u64, 0u32); capacity];
        let mut lengths = 0u16;
        for (index, rate) in rates.iter().enumerate() {
            let value = rate.prefix.bytes().fold(0u64, |acc, b| {
                acc * 10 + u64::from(b.wrapping_sub(b'0') % 10)
            });
            let len = rate.prefix.len();
            lengths |= 1 << len;
            let k = key(value, len);
            let mut at = slot_of(k, mask);
            loop {
                match slots[at] {
                    (0, _) => {
                        slots[at] = (k, index as u32);
                        break;
                    }
                    (existing, first) if existing == k => {
                        return Err(DuplicatePrefix {
                            prefix: rate.prefix.clone(),
                            first: first as usize,
                            second: index,
                        });
                    }
                    _ => at = (at + 1) & mask,
                }
            }
        }
        Ok(Self {
            rates,
            slots,
            mask,
            lengths,
        })
    }

    /// The row with the longest prefix of `number`, if any.
    #[inline]
    pub fn lookup(&self, number: &Number) -> Option<&Rate> {
        let digits = number.as_bytes();
        // Values of every leading run of digits: values[L] = first L digits.
        let mut values = [0u64; 16];
        for (i, &b) in digits.iter().enumerate() {
            values[i + 1] = values[i] * 10 + u64::from(b - b'0');
        }
        let mut len = digits.len();
        while len > 0 {
            if self.lengths & (1 << len) != 0 {
                let k = key(values[len], len);
                let mut at = slot_of(k, self.mask);
                loop {
                    let (slot_key, index) = self.slots[at];
                    if slot_key == k {
                        return self.rates.get(index as usize);
                    }
                    if slot_key == 0 {
                        break;
                    }
                    at = (at + 1) & self.mask;
                }
            }
            len -= 1;
        }
        None
    }

    /// Every row, in input order.
    pub fn rates(&self) -> &[Rate] {
        &self.rates
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rates.len()
    }

    /// Whether the deck has no rows.
    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }

    /// Bytes the deck holds on the heap: its rows, their text and its
    /// table (what a cache of compiled decks weighs it at).
    pub fn heap_bytes(&self) -> usize {
        let text: usize = self
            .rates
            .iter()
            .map(|r| r.prefix.capacity() + r.destination.capacity())
            .sum();
        self.rates.capacity() * std::mem::size_of::<Rate>()
            + text
            + self.slots.capacity() * std::mem::size_of::<(u64, u32)>()
    }
}
