//! How money, rates and counts read: the one place the SPA, the invoice
//! PDFs and the e-mails format figures, so "2.44 GBP" reads the same on a
//! page, on paper and in a mailbox.
//!
//! - Balances and totals ([`money`], [`amount`]) are shown in the
//!   currency's minor unit, rounded half away from zero (`2.439` GBP reads
//!   `2.44 GBP`; `0` reads `0.00 GBP`; JPY has no decimals).
//! - Rates and call charges ([`rate`]) keep their precision: 4 to 6 places
//!   (`0.0125`, `0.012345`).
//! - Digits are grouped and the decimal mark chosen by the locale (CLDR):
//!   `1,234.56` in English, `1234,56` / `12.345,67` in Spanish,
//!   `1 234,56` in French (a narrow no-break space).
//!
//! Machine-readable output (CSV, JSON, webhooks) never goes through here:
//! it carries plain decimals.

use crate::locale::Locale;
use crate::money::{minor_places, round_half_away};
use rust_decimal::Decimal;

/// The fewest places a rate is written with.
pub const RATE_MIN_PLACES: u32 = 4;
/// The most places a rate is written with (the deck's precision).
pub const RATE_MAX_PLACES: u32 = 6;

/// A balance or total with its currency code: `2.44 GBP`, `-1,200.00 USD`.
pub fn money(value: Decimal, currency: &str, locale: Locale) -> String {
    format!("{} {currency}", amount(value, currency, locale))
}

/// A balance or total without its currency (a table whose currency is in
/// its caption): rounded to the currency's minor unit, grouped.
pub fn amount(value: Decimal, currency: &str, locale: Locale) -> String {
    let places = minor_places(currency);
    fixed(round_half_away(value, places), places, locale)
}

/// An amount of a journal or statement, where pennies' fractions are part
/// of the record (a call charged at 4 places): the currency's minor-unit
/// places at least, every significant place kept (`0.0125`, `12.50`).
pub fn exact(value: Decimal, currency: &str, locale: Locale) -> String {
    let places = minor_places(currency).max(value.normalize().scale());
    fixed(value, places, locale)
}

/// A per-minute rate, connect fee or call charge: 4 to 6 places, rounded
/// half away from zero beyond 6 (`0.0125`, `0.012345`, `1.5000`).
pub fn rate(value: Decimal, locale: Locale) -> String {
    let rounded = round_half_away(value, RATE_MAX_PLACES).normalize();
    let places = rounded.scale().clamp(RATE_MIN_PLACES, RATE_MAX_PLACES);
    fixed(rounded, places, locale)
}

/// A rate with its currency code: `0.0125 GBP`.
pub fn rate_money(value: Decimal, currency: &str, locale: Locale) -> String {
    format!("{} {currency}", rate(value, locale))
}

/// A whole count, grouped: `12,345` calls.
pub fn count(value: i64, locale: Locale) -> String {
    let digits = value.unsigned_abs().to_string();
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", group(&digits, locale))
}

/// A calendar date: ISO `2026-12-04` in English (unambiguous for every
/// reader), `04/12/2026` in Spanish and French.
pub fn date(value: chrono::NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::En => value.format("%Y-%m-%d").to_string(),
        Locale::Es | Locale::Fr => value.format("%d/%m/%Y").to_string(),
    }
}

/// An amount that arrived as text (a form, a wire string): formatted as
/// [`money`] when it is a number, shown as it is otherwise.
pub fn money_text(raw: &str, currency: &str, locale: Locale) -> String {
    match Decimal::from_str_exact(raw.trim()) {
        Ok(d) => money(d, currency, locale),
        Err(_) => format!("{} {currency}", raw.trim()).trim_end().to_owned(),
    }
}

/// `value` written with exactly `places` decimals in `locale`'s marks.
fn fixed(mut value: Decimal, places: u32, locale: Locale) -> String {
    if value.is_zero() {
        // `-0.00` is not an amount anyone owes.
        value = Decimal::ZERO;
    }
    value.rescale(places);
    let text = value.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if value.is_sign_negative() { "-" } else { "" };
    let grouped = group(int, locale);
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{}{frac}", decimal_mark(locale))
    }
}

fn decimal_mark(locale: Locale) -> char {
    match locale {
        Locale::En => '.',
        Locale::Es | Locale::Fr => ',',
    }
}

/// Groups the digits of a whole number by thousands with the locale's
/// separator. Spanish leaves four-digit numbers whole (CLDR's minimum
/// grouping digits of 2).
fn group(digits: &str, locale: Locale) -> String {
    let (separator, min_len) = match locale {
        Locale::En => (',', 4),
        Locale::Es => ('.', 5),
        Locale::Fr => ('\u{202F}', 4),
    };
    if digits.len() < min_len {
        return digits.to_owned();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A call's length as a clock: `125` → `2:05`; an hour or more →
/// `1:02:05` (a negative length reads `0:00`).
pub fn duration(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_read_as_a_clock() {
        assert_eq!(super::duration(0), "0:00");
        assert_eq!(super::duration(125), "2:05");
        assert_eq!(super::duration(3725), "1:02:05");
        assert_eq!(super::duration(-5), "0:00");
    }

    #[test]
    fn dates_read_per_locale() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default();
        assert_eq!(super::date(d, Locale::En), "2026-12-04");
        assert_eq!(super::date(d, Locale::Fr), "04/12/2026");
        assert_eq!(super::date(d, Locale::Es), "04/12/2026");
    }

    use super::*;
    use rust_decimal_macros::dec;

    const EN: Locale = Locale::En;

    #[test]
    fn balances_read_in_minor_units() {
        assert_eq!(money(dec!(2.439), "GBP", EN), "2.44 GBP");
        assert_eq!(money(dec!(2.5), "GBP", EN), "2.50 GBP");
        assert_eq!(money(dec!(0), "GBP", EN), "0.00 GBP");
        assert_eq!(money(dec!(-0.001), "GBP", EN), "0.00 GBP");
        assert_eq!(money(dec!(-0.005), "GBP", EN), "-0.01 GBP");
        assert_eq!(money(dec!(1200.000000), "JPY", EN), "1,200 JPY");
        assert_eq!(money(dec!(1.2345), "KWD", EN), "1.235 KWD");
        assert_eq!(money(dec!(-1234567.891), "USD", EN), "-1,234,567.89 USD");
    }

    #[test]
    fn rates_keep_four_to_six_places() {
        assert_eq!(rate(dec!(0.0125), EN), "0.0125");
        assert_eq!(rate(dec!(0.012345), EN), "0.012345");
        assert_eq!(rate(dec!(0.0123456), EN), "0.012346");
        assert_eq!(rate(dec!(1.5), EN), "1.5000");
        assert_eq!(rate(dec!(0.020000), EN), "0.0200");
        assert_eq!(rate_money(dec!(0), "GBP", EN), "0.0000 GBP");
    }

    #[test]
    fn journal_amounts_keep_their_fractions() {
        assert_eq!(exact(dec!(0.012500), "GBP", EN), "0.0125");
        assert_eq!(exact(dec!(12.5), "GBP", EN), "12.50");
        assert_eq!(exact(dec!(-0), "GBP", EN), "0.00");
    }

    #[test]
    fn locales_choose_marks_and_grouping() {
        assert_eq!(amount(dec!(1234.5), "EUR", Locale::Es), "1234,50");
        assert_eq!(amount(dec!(12345.5), "EUR", Locale::Es), "12.345,50");
        assert_eq!(amount(dec!(1234.5), "EUR", Locale::Fr), "1\u{202F}234,50");
        assert_eq!(rate(dec!(0.0125), Locale::Fr), "0,0125");
        assert_eq!(count(1234567, EN), "1,234,567");
        assert_eq!(count(-999, EN), "-999");
    }

    #[test]
    fn text_that_is_not_a_number_is_shown_as_it_is() {
        assert_eq!(money_text(" 12.5 ", "GBP", EN), "12.50 GBP");
        assert_eq!(money_text("n/a", "GBP", EN), "n/a GBP");
    }
}
