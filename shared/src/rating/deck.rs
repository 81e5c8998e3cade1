//! A compiled rate deck: a digit trie answering longest-prefix lookups in at
//! most 15 steps, whatever the deck's size.

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

const NONE: u32 = u32::MAX;

/// A node of the trie while it is built.
#[derive(Clone)]
struct Node {
    children: [u32; 10],
    rate: u32,
}

impl Node {
    const EMPTY: Node = Node {
        children: [NONE; 10],
        rate: NONE,
    };
}

/// A node of the compiled trie: 12 bytes. Its children are stored
/// contiguously from `first_child`, one per bit set in `digits`, so the child
/// for digit `d` is `first_child + popcount(digits below bit d)`. Small nodes
/// keep a 100,000-prefix deck in a few megabytes, which is what makes lookups
/// fast (each step is a likely cache miss).
#[derive(Clone, Copy)]
struct Packed {
    first_child: u32,
    rate: u32,
    digits: u16,
}

/// A rate deck compiled for lookups.
#[derive(Clone)]
pub struct Deck {
    rates: Vec<Rate>,
    nodes: Vec<Packed>,
}

impl std::fmt::Debug for Deck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deck")
            .field("rates", &self.rates.len())
            .field("nodes", &self.nodes.len())
            .finish()
    }
}

impl Deck {
    /// Compiles rows; refuses a prefix that appears twice.
    pub fn new(rates: Vec<Rate>) -> Result<Self, DuplicatePrefix> {
        let mut nodes = vec![Node::EMPTY];
        for (index, rate) in rates.iter().enumerate() {
            let mut at = 0usize;
            for b in rate.prefix.bytes() {
                let digit = usize::from(b.wrapping_sub(b'0')).min(9);
                let next = nodes[at].children[digit];
                at = if next == NONE {
                    nodes.push(Node::EMPTY);
                    let id = nodes.len() - 1;
                    nodes[at].children[digit] = id as u32;
                    id
                } else {
                    next as usize
                };
            }
            let existing = nodes[at].rate;
            if existing != NONE {
                return Err(DuplicatePrefix {
                    prefix: rate.prefix.clone(),
                    first: existing as usize,
                    second: index,
                });
            }
            nodes[at].rate = index as u32;
        }
        Ok(Self {
            rates,
            nodes: pack(&nodes),
        })
    }

    /// The row with the longest prefix of `number`, if any.
    #[inline]
    pub fn lookup(&self, number: &Number) -> Option<&Rate> {
        let mut node = self.nodes[0];
        let mut best = NONE;
        for &b in number.as_bytes() {
            let bit = 1u16 << (b - b'0');
            if node.digits & bit == 0 {
                break;
            }
            let offset = (node.digits & (bit - 1)).count_ones();
            node = self.nodes[(node.first_child + offset) as usize];
            if node.rate != NONE {
                best = node.rate;
            }
        }
        self.rates.get(best as usize)
    }

    /// Number of trie nodes (for capacity planning).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
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
}

/// Lays the build trie out breadth-first, children contiguous.
fn pack(build: &[Node]) -> Vec<Packed> {
    let mut out = Vec::with_capacity(build.len());
    let mut order = Vec::with_capacity(build.len());
    order.push(0usize);
    out.push(Packed {
        first_child: 0,
        rate: build[0].rate,
        digits: 0,
    });
    let mut head = 0;
    while head < order.len() {
        let src = &build[order[head]];
        let first_child = out.len() as u32;
        let mut digits = 0u16;
        for (d, &child) in src.children.iter().enumerate() {
            if child != NONE {
                digits |= 1 << d;
                order.push(child as usize);
                out.push(Packed {
                    first_child: 0,
                    rate: build[child as usize].rate,
                    digits: 0,
                });
            }
        }
        out[head].first_child = first_child;
        out[head].digits = digits;
        head += 1;
    }
    out
}
