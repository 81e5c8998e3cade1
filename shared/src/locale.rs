//! The languages Ringledger speaks, and how a visitor's language is chosen.
//!
//! A locale decides the words (the message catalogue) and how numbers,
//! money and dates are written (`crate::format`). English is the default:
//! an unknown or missing preference reads English.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language of the product's pages, e-mails and invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// English (the default).
    #[default]
    En,
    /// Spanish.
    Es,
    /// French.
    Fr,
}

impl Locale {
    /// Every locale, in the order a language menu lists them.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Es, Locale::Fr];

    /// The BCP 47 language tag (`en`, `es`, `fr`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Fr => "fr",
        }
    }

    /// The language's own name (`Español`), as a language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Es => "Español",
            Locale::Fr => "Français",
        }
    }

    /// Reads a language tag; the region is ignored (`es-MX` → Spanish,
    /// `FR` → French). `None` for a language Ringledger does not speak.
    pub fn parse(tag: &str) -> Option<Locale> {
        let lang = tag.trim().split(['-', '_']).next().unwrap_or("");
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(lang))
    }

    /// The first of `preferred` (most wanted first, e.g. the browser's
    /// `navigator.languages` or an `Accept-Language` header's tags) that
    /// `offered` contains; else the first offered; else English.
    pub fn negotiate<'a>(
        preferred: impl IntoIterator<Item = &'a str>,
        offered: &[Locale],
    ) -> Locale {
        preferred
            .into_iter()
            .filter_map(Locale::parse)
            .find(|l| offered.contains(l))
            .or_else(|| offered.first().copied())
            .unwrap_or_default()
    }

    /// The languages of a stored list (`en,es,fr`), in order, without
    /// repeats or unknown tags; English when none is left.
    pub fn list(stored: &str) -> Vec<Locale> {
        let mut out: Vec<Locale> = Vec::new();
        for l in stored.split(',').filter_map(Locale::parse) {
            if !out.contains(&l) {
                out.push(l);
            }
        }
        if out.is_empty() {
            out.push(Locale::En);
        }
        out
    }

    /// The stored form of a list of languages (`en,es,fr`).
    pub fn join(list: &[Locale]) -> String {
        list.iter().map(|l| l.tag()).collect::<Vec<_>>().join(",")
    }

    /// The language a customer reads: its own choice when the seller still
    /// offers it, else the seller's default (the first offered).
    pub fn for_customer(chosen: Option<&str>, offered: &[Locale]) -> Locale {
        chosen
            .and_then(Locale::parse)
            .filter(|l| offered.contains(l))
            .or_else(|| offered.first().copied())
            .unwrap_or_default()
    }

    /// The tags of an `Accept-Language` header, most wanted first (by
    /// `q`, then by order).
    pub fn accept_language(header: &str) -> Vec<&str> {
        let mut tags: Vec<(u16, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut bits = part.split(';');
                let tag = bits.next()?.trim();
                let q = bits
                    .find_map(|b| b.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                // Thousandths are plenty to order preferences.
                let q = (q.clamp(0.0, 1.0) * 1000.0).round() as u16;
                (!tag.is_empty() && q > 0).then_some((q, i, tag))
            })
            .collect();
        tags.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        tags.into_iter().map(|(_, _, t)| t).collect()
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn stored_lists_read_in_order_without_repeats() {
        assert_eq!(Locale::list("fr,en,fr,xx"), vec![Locale::Fr, Locale::En]);
        assert_eq!(Locale::list(""), vec![Locale::En]);
        assert_eq!(Locale::join(&[Locale::Es, Locale::En]), "es,en");
        let offered = [Locale::Es, Locale::En];
        assert_eq!(Locale::for_customer(Some("en"), &offered), Locale::En);
        assert_eq!(Locale::for_customer(Some("fr"), &offered), Locale::Es);
        assert_eq!(Locale::for_customer(None, &offered), Locale::Es);
    }

    #[test]
    fn tags_parse_without_region() {
        assert_eq!(Locale::parse("es-MX"), Some(Locale::Es));
        assert_eq!(Locale::parse("FR"), Some(Locale::Fr));
        assert_eq!(Locale::parse("en_GB"), Some(Locale::En));
        assert_eq!(Locale::parse("de"), None);
        assert_eq!(Locale::parse(""), None);
    }

    #[test]
    fn negotiation_prefers_the_visitor_within_the_offer() {
        let all = Locale::ALL;
        assert_eq!(Locale::negotiate(["de", "fr-CA", "en"], &all), Locale::Fr);
        assert_eq!(
            Locale::negotiate(["fr"], &[Locale::Es, Locale::En]),
            Locale::Es
        );
        assert_eq!(Locale::negotiate([], &[]), Locale::En);
    }

    #[test]
    fn accept_language_orders_by_quality() {
        assert_eq!(
            Locale::accept_language("en;q=0.5, es-MX, fr;q=0.8, de;q=0"),
            vec!["es-MX", "fr", "en"]
        );
    }
}
