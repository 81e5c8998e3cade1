//! The rate-deck CSV format (PRODUCT.md):
//! `prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment`
//! — header required, columns in any order, extra columns ignored.
//!
//! [`DeckReader`] streams a file row by row (memory grows only with the
//! duplicate-prefix index), collecting **every** problem with its line
//! number; the header is line 1, as an editor shows it.

use super::charge::Tariff;
use super::deck::{Rate, valid_prefix};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::str::FromStr;

/// The columns, in the order exports write them.
pub const COLUMNS: [&str; 6] = [
    "prefix",
    "destination",
    "rate_per_minute",
    "connect_fee",
    "initial_increment",
    "subsequent_increment",
];

/// Stop collecting problems after this many (the file is rejected anyway).
pub const MAX_PROBLEMS: usize = 1000;

/// One problem of a deck file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeckProblem {
    /// Line number (the header is line 1).
    pub line: u64,
    /// The column at fault, if one.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for DeckProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}: {c}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// What a valid deck holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeckSummary {
    /// Rate rows.
    pub rows: u64,
    /// Distinct destination names.
    pub destinations: u64,
    /// Lowest rate per minute.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub min_rate: Option<Decimal>,
    /// Highest rate per minute.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub max_rate: Option<Decimal>,
}

/// A streaming reader of deck CSV.
pub struct DeckReader<R: Read> {
    csv: csv::Reader<R>,
    cols: [usize; 6],
    record: csv::StringRecord,
    seen: HashMap<u64, u64>,
    destinations: HashSet<String>,
    summary: DeckSummary,
    problems: Vec<DeckProblem>,
}

fn problem(line: u64, column: Option<&str>, message: impl Into<String>) -> DeckProblem {
    DeckProblem {
        line,
        column: column.map(str::to_owned),
        message: message.into(),
    }
}

/// A prefix as one integer key: its value and its length (so "1" ≠ "01").
fn prefix_key(p: &str) -> u64 {
    let value = p
        .bytes()
        .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
    (value << 4) | p.len() as u64
}

/// Parses an amount ≥ 0 with at most 6 decimal places.
pub fn parse_amount(raw: &str) -> Result<Decimal, String> {
    let s = raw.trim();
    let valid_chars = !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|&b| b == b'.').count() <= 1
        && s.bytes().any(|b| b.is_ascii_digit());
    if !valid_chars {
        return Err(format!("“{s}” is not a decimal number ≥ 0"));
    }
    let d = Decimal::from_str(s).map_err(|_| format!("“{s}” is not a decimal number"))?;
    if d.normalize().scale() > 6 {
        return Err(format!("“{s}” has more than 6 decimal places"));
    }
    if d > Decimal::from(1_000_000) {
        return Err(format!("“{s}” is larger than 1000000"));
    }
    Ok(d)
}

/// Parses whole seconds ≥ 1.
pub fn parse_increment(raw: &str) -> Result<u32, String> {
    let s = raw.trim();
    match s.parse::<u64>() {
        Ok(0) => Err("must be at least 1 second".into()),
        Ok(n) if n > 86_400 => Err(format!("“{s}” is longer than a day")),
        Ok(n) => Ok(n as u32),
        Err(_) => match s.parse::<i64>() {
            Ok(_) => Err("must be at least 1 second".into()),
            Err(_) => Err(format!("“{s}” is not a whole number of seconds")),
        },
    }
}

impl<R: Read> DeckReader<R> {
    /// Reads the header. Fails with the header's problems (line 1).
    pub fn new(input: R) -> Result<Self, Vec<DeckProblem>> {
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .has_headers(true)
            .from_reader(input);
        let headers = match csv.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                return Err(vec![problem(
                    1,
                    None,
                    format!("cannot read the header: {e}"),
                )]);
            }
        };
        let names: Vec<String> = headers
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
            .collect();
        let mut problems = Vec::new();
        let mut cols = [0usize; 6];
        for (slot, wanted) in cols.iter_mut().zip(COLUMNS) {
            let found: Vec<usize> = names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.as_str() == wanted)
                .map(|(i, _)| i)
                .collect();
            match found.as_slice() {
                [one] => *slot = *one,
                [] => problems.push(problem(
                    1,
                    Some(wanted),
                    "required column is missing from the header",
                )),
                _ => problems.push(problem(
                    1,
                    Some(wanted),
                    "column appears more than once in the header",
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            csv,
            cols,
            record: csv::StringRecord::new(),
            seen: HashMap::new(),
            destinations: HashSet::new(),
            summary: DeckSummary::default(),
            problems: Vec::new(),
        })
    }

    /// Bytes consumed so far (for progress bars).
    pub fn bytes_read(&self) -> u64 {
        self.csv.position().byte()
    }

    /// Problems found so far.
    pub fn problems(&self) -> &[DeckProblem] {
        &self.problems
    }

    fn push(&mut self, p: DeckProblem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        }
    }

    /// The next valid row with its line number; invalid rows are recorded
    /// as problems and skipped. `None` at the end of the file.
    pub fn next_row(&mut self) -> Option<(u64, Rate)> {
        loop {
            match self.csv.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {
                    let line = self.record.position().map_or(0, |p| p.line());
                    if let Some(rate) = self.parse_record(line) {
                        return Some((line, rate));
                    }
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    self.push(problem(line, None, format!("unreadable row: {e}")));
                    if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                        return None;
                    }
                }
            }
        }
    }

    fn field(&self, col: usize) -> Option<&str> {
        self.record.get(self.cols[col])
    }

    fn parse_record(&mut self, line: u64) -> Option<Rate> {
        let before = self.problems.len();
        let mut fields: [&str; 6] = [""; 6];
        let mut missing = Vec::new();
        for (i, f) in fields.iter_mut().enumerate() {
            match self.field(i) {
                Some(v) => *f = v,
                None => missing.push(COLUMNS[i]),
            }
        }
        let fields = fields.map(str::to_owned);
        for m in missing {
            self.push(problem(
                line,
                Some(m),
                "value is missing (the row has too few columns)",
            ));
        }
        if self.problems.len() > before {
            return None;
        }
        let [prefix, destination, rate, connect, initial, subsequent] = fields;

        if !valid_prefix(&prefix) {
            let msg = if prefix.is_empty() {
                "is empty; it must be 1 to 15 digits".to_owned()
            } else if prefix.bytes().all(|b| b.is_ascii_digit()) {
                format!("“{prefix}” is longer than 15 digits")
            } else {
                format!("“{prefix}” must contain digits only")
            };
            self.push(problem(line, Some("prefix"), msg));
        }
        let rate = parse_amount(&rate)
            .map_err(|m| self.push(problem(line, Some("rate_per_minute"), m)))
            .ok();
        let connect = parse_amount(&connect)
            .map_err(|m| self.push(problem(line, Some("connect_fee"), m)))
            .ok();
        let initial = parse_increment(&initial)
            .map_err(|m| self.push(problem(line, Some("initial_increment"), m)))
            .ok();
        let subsequent = parse_increment(&subsequent)
            .map_err(|m| self.push(problem(line, Some("subsequent_increment"), m)))
            .ok();
        if valid_prefix(&prefix)
            && let Some(first) = self.seen.insert(prefix_key(&prefix), line)
        {
            self.seen.insert(prefix_key(&prefix), first);
            self.push(problem(
                line,
                Some("prefix"),
                format!("duplicate prefix “{prefix}”: also on line {first}"),
            ));
        }
        if self.problems.len() > before {
            return None;
        }
        let (Some(rate), Some(connect), Some(initial), Some(subsequent)) =
            (rate, connect, initial, subsequent)
        else {
            return None;
        };
        let tariff = Tariff::new(rate, connect, initial, subsequent)?;
        let row = Rate::new(&prefix, &destination, tariff)?;
        self.summary.rows += 1;
        if !self.destinations.contains(&destination) {
            self.destinations.insert(destination);
        }
        let r = row.tariff.rate_per_minute();
        self.summary.min_rate = Some(self.summary.min_rate.map_or(r, |m| m.min(r)));
        self.summary.max_rate = Some(self.summary.max_rate.map_or(r, |m| m.max(r)));
        Some(row)
    }

    /// Ends the read: the summary, or every problem found.
    pub fn finish(self) -> Result<DeckSummary, Vec<DeckProblem>> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        if self.summary.rows == 0 {
            return Err(vec![problem(1, None, "the deck has no rows")]);
        }
        let mut summary = self.summary;
        summary.destinations = self.destinations.len() as u64;
        Ok(summary)
    }
}

/// Reads a whole deck into memory (CLI, browser, tests).
pub fn parse_deck<R: Read>(input: R) -> Result<(Vec<Rate>, DeckSummary), Vec<DeckProblem>> {
    let mut reader = DeckReader::new(input)?;
    let mut rows = Vec::new();
    while let Some((_, rate)) = reader.next_row() {
        rows.push(rate);
    }
    let summary = reader.finish()?;
    Ok((rows, summary))
}

/// Writes rows as deck CSV with the header, columns in [`COLUMNS`] order.
pub fn write_deck<'a, W: Write>(
    out: W,
    rows: impl IntoIterator<Item = &'a Rate>,
) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record([
            r.prefix.as_str(),
            &crate::csv_safe::cell(&r.destination),
            &r.tariff.rate_per_minute().to_string(),
            &r.tariff.connect_fee().to_string(),
            &r.tariff.initial_increment.to_string(),
            &r.tariff.subsequent_increment.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}
