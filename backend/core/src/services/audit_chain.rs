//! Proves a tenant's audit log whole: numbered 1, 2, 3… without gaps, each
//! event's `prev_hash` the hash of the one before, each hash recomputed
//! from the event's own fields, and the chain ending where its head says.
//! A removed event leaves a gap (or a short chain), an altered one a hash
//! that no longer matches.

use crate::error::AppResult;
use ringledger_db::repo::{GENESIS, TenantTx, chain_hash};

/// What the walk found.
#[derive(Debug, Clone, Default)]
pub struct ChainReport {
    /// Events read.
    pub events: u64,
    /// Every problem, in chain order (empty: the chain is whole).
    pub problems: Vec<String>,
}

/// Walks the whole chain of the transaction's tenant.
pub async fn verify(tx: &TenantTx) -> AppResult<ChainReport> {
    const PAGE: u64 = 2_000;
    let mut report = ChainReport::default();
    let (mut expected, mut prev, mut last) = (1i64, GENESIS.to_owned(), 0i64);
    loop {
        let page = tx.audit().chain(last, PAGE).await?;
        for e in &page {
            if e.seq != expected {
                report
                    .problems
                    .push(format!("events {expected} to {} are missing", e.seq - 1));
            }
            if e.prev_hash != prev {
                report.problems.push(format!(
                    "event {} does not follow the event before it (removed or altered)",
                    e.seq
                ));
            }
            if chain_hash(e) != e.hash {
                report
                    .problems
                    .push(format!("event {} ({}) was altered", e.seq, e.action));
            }
            prev = e.hash.clone();
            expected = e.seq + 1;
            last = e.seq;
            report.events += 1;
        }
        if (page.len() as u64) < PAGE {
            break;
        }
    }
    let head = tx.audit().head().await?;
    let (head_seq, head_hash) = head.map_or((0, GENESIS.to_owned()), |h| (h.seq, h.hash));
    if head_seq != last || head_hash != prev {
        report.problems.push(format!(
            "the chain ends at event {last} but its head records event {head_seq} \
             (events were removed from its end)"
        ));
    }
    Ok(report)
}
