//! `ringledger generate deck|cdrs`: deterministic synthetic inputs for the
//! speed targets (the inputs are generated, not committed).

use ringledger_shared::rating::deck_csv::write_deck;
use ringledger_shared::rating::synthetic::{self, SplitMix};
use std::io::Write;

/// Writes a deck of `rows` distinct prefixes to stdout.
pub fn deck(rows: usize, seed: u64) -> anyhow::Result<()> {
    let rates = synthetic::deck(rows, seed);
    write_deck(std::io::BufWriter::new(std::io::stdout().lock()), &rates)?;
    Ok(())
}

/// Writes `rows` CDRs for the deck of (`deck_rows`, `seed`) to stdout.
pub fn cdrs(rows: usize, deck_rows: usize, seed: u64) -> anyhow::Result<()> {
    let rates = synthetic::deck(deck_rows, seed);
    let mut rng = SplitMix::new(seed ^ 0xC0FFEE);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "call_id,destination,duration_secs")?;
    for i in 0..rows {
        let dest = synthetic::destination(&mut rng, &rates);
        let secs = rng.below(3600) as i64 - 5;
        writeln!(out, "c{i},{dest},{secs}")?;
    }
    out.flush()?;
    Ok(())
}
