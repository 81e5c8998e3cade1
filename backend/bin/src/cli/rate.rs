//! `ringledger rate --deck DECK.csv --cdrs CDRS.csv`: rate a CSV of calls
//! with the same engine the server bills with, CSV out on stdout.
//!
//! Input columns `call_id,destination,duration_secs` (any order, extra
//! columns ignored). Output header `call_id,status,prefix,billable_secs,charge`;
//! `status` is `rated`, `no_rate`, `invalid_destination` or `invalid`
//! (duration not an integer); other fields are empty unless `rated`;
//! `charge` has exactly 4 decimals.

use anyhow::{Context, bail};
use ringledger_shared::rating::{Deck, RateError, rate_call};
use std::io::{Read, Write};

/// The output header.
pub const OUTPUT_HEADER: [&str; 5] = ["call_id", "status", "prefix", "billable_secs", "charge"];

/// Rates every record of `cdrs` against `deck`, writing CSV to `out`.
/// Returns the number of records rated.
pub fn rate_cdrs<R: Read, W: Write>(deck: &Deck, cdrs: R, out: W) -> anyhow::Result<u64> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(cdrs);
    let headers = reader
        .byte_headers()
        .context("reading the CDR header")?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| {
                let h = h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h);
                h.eq_ignore_ascii_case(name.as_bytes())
            })
            .with_context(|| format!("the CDR file has no `{name}` column"))
    };
    let (id_col, dest_col, dur_col) = (
        column("call_id")?,
        column("destination")?,
        column("duration_secs")?,
    );

    let mut writer = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 16, out));
    writer.write_record(OUTPUT_HEADER)?;
    let mut record = csv::ByteRecord::new();
    let mut count = 0u64;
    let mut billable_buf = itoa::Buffer::new();
    let mut charge_buf = Vec::with_capacity(32);
    while reader
        .read_byte_record(&mut record)
        .context("reading CDRs")?
    {
        count += 1;
        let call_id = record.get(id_col).unwrap_or(b"");
        let destination = record
            .get(dest_col)
            .and_then(|d| std::str::from_utf8(d).ok());
        let duration = record
            .get(dur_col)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| d.parse::<i64>().ok());
        let Some(duration) = duration else {
            writer.write_record([call_id, b"invalid", b"", b"", b""])?;
            continue;
        };
        match destination
            .ok_or(RateError::InvalidDestination)
            .and_then(|d| rate_call(deck, d, duration))
        {
            Ok(r) => {
                let charge = format_charge(r.charge, &mut charge_buf);
                writer.write_record([
                    call_id,
                    b"rated",
                    r.rate.prefix.as_bytes(),
                    billable_buf.format(r.billable_secs).as_bytes(),
                    charge,
                ])?;
            }
            Err(e) => writer.write_record([call_id, e.as_str().as_bytes(), b"", b"", b""])?,
        }
    }
    writer.flush()?;
    Ok(count)
}

/// Writes a charge (scale 4, ≥ 0) as `123.4567` without allocating; falls
/// back to `Decimal`'s own formatting for anything else.
fn format_charge(charge: rust_decimal::Decimal, buf: &mut Vec<u8>) -> &[u8] {
    buf.clear();
    let m = charge.mantissa();
    if charge.scale() == 4 && m >= 0 {
        let mut ints = itoa::Buffer::new();
        buf.extend_from_slice(ints.format(m / 10_000).as_bytes());
        buf.push(b'.');
        let frac = (m % 10_000) as u16;
        buf.extend_from_slice(&[
            b'0' + (frac / 1000) as u8,
            b'0' + (frac / 100 % 10) as u8,
            b'0' + (frac / 10 % 10) as u8,
            b'0' + (frac % 10) as u8,
        ]);
    } else {
        buf.extend_from_slice(format!("{charge:.4}").as_bytes());
    }
    buf
}

/// Runs the command: exit status 2 with the problems on stderr when the
/// deck is invalid.
pub fn run(
    deck_path: &std::path::Path,
    cdrs_path: &std::path::Path,
) -> anyhow::Result<std::process::ExitCode> {
    let deck_file = std::fs::File::open(deck_path)
        .with_context(|| format!("opening {}", deck_path.display()))?;
    let rows =
        match ringledger_shared::rating::deck_csv::parse_deck(std::io::BufReader::new(deck_file)) {
            Ok((rows, _)) => rows,
            Err(problems) => {
                let mut err = std::io::stderr().lock();
                writeln!(err, "{}: the rate deck is invalid:", deck_path.display())?;
                for p in problems {
                    writeln!(err, "  {p}")?;
                }
                return Ok(std::process::ExitCode::from(2));
            }
        };
    let deck = match Deck::new(rows) {
        Ok(d) => d,
        Err(dup) => bail!("duplicate prefix {}", dup.prefix),
    };
    let cdrs = std::fs::File::open(cdrs_path)
        .with_context(|| format!("opening {}", cdrs_path.display()))?;
    rate_cdrs(
        &deck,
        std::io::BufReader::with_capacity(1 << 16, cdrs),
        std::io::stdout().lock(),
    )?;
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn charges_have_four_decimals() {
        let mut buf = Vec::new();
        for (v, want) in [
            (rust_decimal::Decimal::new(400, 4), "0.0400"),
            (rust_decimal::Decimal::new(0, 4), "0.0000"),
            (rust_decimal::Decimal::new(123_456_789, 4), "12345.6789"),
            (rust_decimal::Decimal::new(5, 1), "0.5000"),
        ] {
            assert_eq!(
                std::str::from_utf8(format_charge(v, &mut buf)).unwrap(),
                want
            );
        }
    }

    #[test]
    fn rates_and_reports_each_status() {
        let (rows, _) = ringledger_shared::rating::deck_csv::parse_deck(
            "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n1,US,0.05,0,30,6\n".as_bytes(),
        )
        .unwrap();
        let deck = Deck::new(rows).unwrap();
        let cdrs = "duration_secs,extra,call_id,destination\n45,x,a,+1 555\n0,x,b,1555\n10,x,c,44\n10,x,d,abc\n1.5,x,e,1555\nx,x,f,1555\n";
        let mut out = Vec::new();
        assert_eq!(rate_cdrs(&deck, cdrs.as_bytes(), &mut out).unwrap(), 6);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "call_id,status,prefix,billable_secs,charge\n\
             a,rated,1,48,0.0400\n\
             b,rated,1,0,0.0000\n\
             c,no_rate,,,\n\
             d,invalid_destination,,,\n\
             e,invalid,,,\n\
             f,invalid,,,\n"
        );
    }
}
