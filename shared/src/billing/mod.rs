//! Invoice arithmetic, pure and shared by the server and the browser:
//! billing periods (monthly, on a billing day, the 29th–31st clamped to
//! short months), proration by days, and invoice lines rounded and taxed
//! exactly as PRODUCT.md says:
//!
//! - every line is rounded to the currency's minor unit, half away from zero;
//! - tax is computed per line on the rounded net (tax-exclusive prices), or
//!   taken out of the rounded gross (tax-inclusive prices);
//! - the invoice total is the sum of the rounded lines.

pub mod invoice;
pub mod period;
pub mod usage;

pub use invoice::{InvoiceTotals, Line, LineKind, TaxMode, price_line, totals};
pub use period::{BillingPeriod, days_in, prorate};
pub use usage::ServiceUsage;

#[cfg(test)]
mod tests;
