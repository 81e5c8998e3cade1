//! The message catalogue: every word a customer reads — the portal, the
//! account pages, the e-mails and the invoice PDF — in English, Spanish and
//! French, shared by the SPA and the server.
//!
//! Messages are [Fluent](https://projectfluent.org) files under
//! `shared/locales/<tag>/`, compiled into the binary. A message missing in a
//! language reads in English; one missing in English reads as its id (the
//! tests in `tests.rs` keep the three catalogues complete and in step with
//! the code).
//!
//! ```
//! use ringledger_shared::i18n::{t, tf};
//! use ringledger_shared::locale::Locale;
//! assert_eq!(t(Locale::Es, "common-sign-in"), "Iniciar sesión");
//! assert_eq!(
//!     tf(Locale::Fr, "common-hello", &[("name", "Ada".into())]),
//!     "Bonjour Ada,"
//! );
//! ```

use crate::locale::Locale;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::sync::OnceLock;

#[cfg(test)]
mod tests;

/// The catalogue's files, by area, in every language.
macro_rules! catalogue {
    ($($area:literal),* $(,)?) => {
        /// The areas of the catalogue (one file each per language).
        pub const AREAS: &[&str] = &[$($area),*];
        /// The catalogue's sources compiled in, per language (English,
        /// Spanish, French). Without `every-language` (the SPA) only
        /// English is: the others are fetched when a visitor reads them
        /// and handed to [`install`].
        const SOURCES: [&[&str]; 3] = [
            &[$(include_str!(concat!("../../locales/en/", $area, ".ftl"))),*],
            if cfg!(feature = "every-language") {
                &[$(include_str!(concat!("../../locales/es/", $area, ".ftl"))),*]
            } else {
                &[]
            },
            if cfg!(feature = "every-language") {
                &[$(include_str!(concat!("../../locales/fr/", $area, ".ftl"))),*]
            } else {
                &[]
            },
        ];
    };
}

// The server reads every area; the SPA's bundles (built without the
// `documents` feature) leave out the e-mails' and the invoices' words.
#[cfg(feature = "documents")]
catalogue!["common", "portal", "account", "email", "invoice"];
#[cfg(not(feature = "documents"))]
catalogue!["common", "portal", "account"];

/// The areas the SPA reads: what [`spa_source`] serves and [`install`] takes.
pub const SPA_AREAS: &[&str] = &["common", "portal", "account"];

/// The Fluent sources of `locale` compiled in, one per area (none for a
/// language the build leaves out, see [`SOURCES`]).
pub fn sources(locale: Locale) -> &'static [&'static str] {
    SOURCES[index(locale)]
}

/// The SPA's words in `locale` as one Fluent source: the areas of
/// [`SPA_AREAS`], which the SPA fetches for a language other than English
/// (`GET /api/v1/portal/words/{language}`) and hands to [`install`].
#[cfg(feature = "every-language")]
pub fn spa_source(locale: Locale) -> String {
    AREAS
        .iter()
        .zip(sources(locale))
        .filter(|(area, _)| SPA_AREAS.contains(area))
        .map(|(_, source)| *source)
        .collect::<Vec<_>>()
        .join("\n")
}

fn index(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Es => 1,
        Locale::Fr => 2,
    }
}

type Bundle = FluentBundle<FluentResource>;

/// One bundle per language, built on first use from the sources compiled
/// in, or set by [`install`].
static BUNDLES: [OnceLock<Bundle>; 3] = [const { OnceLock::new() }; 3];

/// The bundle of `locale`, when its words are at hand.
fn bundle(locale: Locale) -> Option<&'static Bundle> {
    let cell = &BUNDLES[index(locale)];
    if let Some(bundle) = cell.get() {
        return Some(bundle);
    }
    let sources = sources(locale);
    (!sources.is_empty()).then(|| cell.get_or_init(|| build(locale, sources)))
}

/// Whether the words of `locale` are at hand: compiled in, or installed.
/// English always is.
pub fn is_ready(locale: Locale) -> bool {
    bundle(locale).is_some()
}

/// Installs the words of `locale` fetched at run time (a Fluent source, as
/// [`spa_source`] gives it). A language already at hand keeps its words.
pub fn install(locale: Locale, source: &str) {
    if !is_ready(locale) {
        let _ = BUNDLES[index(locale)].set(build(locale, &[source]));
    }
}

fn build(locale: Locale, sources: &[&str]) -> Bundle {
    let lang: unic_langid::LanguageIdentifier = locale.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Only left-to-right languages: no isolation marks around arguments
    // (they would show in plain-text e-mails and PDFs).
    bundle.set_use_isolating(false);
    for source in sources {
        // A faulty entry is skipped (the rest of its file still loads); the
        // catalogue tests fail on any.
        let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(r, _)| r);
        bundle.add_resource_overriding(resource);
    }
    bundle
}

/// An argument of a message: text (already formatted, e.g. money) or a
/// count (which also picks plural forms).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// Text placed as it is.
    Text(Cow<'a, str>),
    /// A whole number.
    Count(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s.as_str()))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

macro_rules! count_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
count_from!(i32, i64, u32, u64, usize);

/// The message `id` in `locale`.
pub fn t(locale: Locale, id: &str) -> String {
    tf(locale, id, &[])
}

/// The message `id` in `locale`, with its arguments.
pub fn tf(locale: Locale, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Text(s) => FluentValue::from(s.as_ref()),
                Arg::Count(n) => FluentValue::from(*n),
            };
            a.set(*name, value);
        }
        a
    });
    for l in [locale, Locale::En] {
        let Some(bundle) = self::bundle(l) else {
            continue;
        };
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, fluent_args.as_ref(), &mut errors)
                .into_owned();
        }
    }
    id.to_owned()
}

/// Whether the catalogue has a message `id` (in English, the reference).
pub fn has(id: &str) -> bool {
    bundle(Locale::En).is_some_and(|b| b.has_message(id))
}
