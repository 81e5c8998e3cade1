//! The language of what a customer reads: the seller's portal and the
//! account pages. The seller chooses which languages its portal offers; the
//! visitor's own choice (kept in the browser, and in the customer's profile
//! once signed in) wins, else the browser's languages, else the seller's
//! first. The console stays English.
//!
//! Words come from the shared catalogue (`ringledger_shared::i18n`) through
//! [`t`] and [`tf`]. A change of language draws the site again (`app.rs`),
//! so pages call them like any function returning a `String`.
//!
//! The bundles compile in English only: another language's words are
//! fetched (`GET /api/v1/portal/words/{language}`) before the site is first
//! drawn in it ([`fetch_words`], started beside the portal's brand by
//! `app.rs`) or switched to; until they arrive, or when they cannot be
//! fetched, the site reads English.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::{PortalKind, PortalView};
use ringledger_shared::i18n::{self, Arg};
use ringledger_shared::locale::Locale;
use std::cell::Cell;

/// Where the browser keeps the visitor's choice.
const STORAGE_KEY: &str = "ringledger.locale";

/// The language state of the site.
#[derive(Debug, Clone, Copy)]
pub struct Language {
    chosen: RwSignal<Locale>,
    offered: RwSignal<Vec<Locale>>,
    /// Set while the console is shown: it reads English whatever the
    /// visitor chose for the portal.
    console: RwSignal<bool>,
}

thread_local! {
    static LANGUAGE: Cell<Option<Language>> = const { Cell::new(None) };
    /// Counts switches of language: one waiting for its words applies only
    /// if no later switch was asked for meanwhile (es then fr, with the
    /// Spanish words arriving last, ends in French).
    static SWITCHES: Cell<u64> = const { Cell::new(0) };
}

/// Starts a switch of language: `apply` runs once the words of `locale`
/// are at hand, unless another switch started meanwhile.
fn switch_to(locale: Locale, apply: impl FnOnce() + 'static) {
    let ticket = SWITCHES.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    with_words(locale, move || {
        if SWITCHES.with(Cell::get) == ticket {
            apply();
        }
    });
}

impl Language {
    /// Creates the site's language state for a portal offering `offered`
    /// (the first is the seller's default) and picks the visitor's language.
    pub fn provide(offered: Vec<Locale>) -> Self {
        let offered = if offered.is_empty() {
            vec![Locale::En]
        } else {
            offered
        };
        let initial = pick(&offered);
        let language = Self {
            chosen: RwSignal::new(initial),
            offered: RwSignal::new(offered),
            console: RwSignal::new(false),
        };
        set_document_lang(initial);
        LANGUAGE.with(|l| l.set(Some(language)));
        provide_context(language);
        language
    }

    /// The language pages are shown in now (tracked).
    pub fn get(&self) -> Locale {
        if self.console.get() {
            Locale::En
        } else {
            self.chosen.get()
        }
    }

    /// Subscribes the caller to the visitor's choice only (not to the
    /// console switch): what draws the whole site again on a change.
    pub fn track_choice(&self) {
        self.chosen.track();
    }

    /// Whether the console is on screen (tracked).
    pub fn in_console(&self) -> bool {
        self.console.get()
    }

    /// The language pages are shown in now, without tracking.
    pub fn get_untracked(&self) -> Locale {
        if self.console.get_untracked() {
            Locale::En
        } else {
            self.chosen.get_untracked()
        }
    }

    /// The languages the portal offers (tracked).
    pub fn offered(&self) -> Vec<Locale> {
        self.offered.get()
    }

    /// Switches to `locale` (one the portal offers) and remembers it in
    /// the browser (once its words are at hand).
    pub fn choose(&self, locale: Locale) {
        if !self.offered.with_untracked(|o| o.contains(&locale)) {
            return;
        }
        let chosen = self.chosen;
        switch_to(locale, move || {
            // The site may be gone by now (a disposed signal): nothing to draw.
            if chosen.try_set(locale).is_none() {
                set_document_lang(locale);
                if let Some(s) = storage() {
                    let _ = s.set_item(STORAGE_KEY, locale.tag());
                }
            }
        });
    }

    /// Adopts the language saved in a signed-in customer's profile, when
    /// the portal offers it (a choice made on another device follows).
    pub fn adopt_saved(&self, saved: Option<Locale>) {
        if let Some(l) = saved.filter(|l| self.offered.with_untracked(|o| o.contains(l)))
            && self.chosen.get_untracked() != l
        {
            self.choose(l);
        }
    }

    /// Replaces the offered languages (the seller just saved its brand);
    /// the chosen one stays if still offered, else the new default.
    pub fn set_offered(&self, offered: Vec<Locale>) {
        let Some(default) = offered.first().copied() else {
            return;
        };
        if !offered.contains(&self.chosen.get_untracked()) {
            let chosen = self.chosen;
            switch_to(default, move || {
                let _ = chosen.try_set(default);
            });
        }
        self.offered.set(offered);
    }

    /// Shows English while the console is on screen (`on`), and the
    /// visitor's language again after.
    pub fn set_console(&self, on: bool) {
        self.console.set(on);
    }
}

/// The site's language state (English only before the site is set up).
pub fn use_language() -> Option<Language> {
    LANGUAGE.with(Cell::get)
}

/// The language pages are shown in now (English in the console). Not
/// tracked: a change of language draws the whole site again (`app.rs`), and
/// a closure of the old site that tracked it could run after its own
/// signals were disposed.
pub fn current() -> Locale {
    use_language()
        .map(|l| l.get_untracked())
        .unwrap_or_default()
}

/// The message `id` in the current language.
pub fn t(id: &str) -> String {
    i18n::t(current(), id)
}

/// The message `id` in the current language, with its arguments.
pub fn tf(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    i18n::tf(current(), id, args)
}

/// The languages the site at `portal` offers: a seller's portal what it
/// chose (its first the default), the platform site English only.
pub fn offered_by(portal: &PortalView) -> Vec<Locale> {
    if portal.kind == PortalKind::Seller {
        portal.languages.clone()
    } else {
        Vec::new()
    }
}

/// The visitor's language among `offered`: the one chosen in this browser,
/// else the browser's, else the first offered.
pub fn pick(offered: &[Locale]) -> Locale {
    let offered = if offered.is_empty() {
        &[Locale::En][..]
    } else {
        offered
    };
    stored().filter(|l| offered.contains(l)).unwrap_or_else(|| {
        Locale::negotiate(browser_languages().iter().map(String::as_str), offered)
    })
}

/// Fetches and installs the words of `locale` unless they are at hand
/// already. A failure leaves the language reading English.
pub async fn fetch_words(locale: Locale) {
    if i18n::is_ready(locale) {
        return;
    }
    if let Ok(source) = api::get_words(locale).await {
        i18n::install(locale, &source);
    }
}

/// Runs `then` once the words of `locale` are at hand: now, or after
/// fetching them.
fn with_words(locale: Locale, then: impl FnOnce() + 'static) {
    if i18n::is_ready(locale) {
        then();
    } else {
        spawn_local(async move {
            fetch_words(locale).await;
            then();
        });
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn stored() -> Option<Locale> {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Locale::parse(&tag))
}

/// The browser's languages, most wanted first.
fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default()
}

fn set_document_lang(locale: Locale) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", locale.tag());
    }
}
