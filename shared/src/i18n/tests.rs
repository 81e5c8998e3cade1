//! The catalogue is complete: every file parses, the three languages have
//! the same messages with the same arguments, each formats cleanly, and the
//! code asks only for messages that exist.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::{Arg, has, sources, tf};
use crate::locale::Locale;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Message id → the variables it uses, for one language.
fn messages(locale: Locale) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (area, source) in super::AREAS.iter().zip(sources(locale)) {
        let resource = fluent_syntax::parser::parse(*source)
            .unwrap_or_else(|(_, e)| panic!("{locale}/{area}.ftl does not parse: {e:?}"));
        for entry in resource.body {
            match entry {
                Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern_vars(p, &mut vars);
                    }
                    let id = m.id.name.to_owned();
                    assert!(
                        out.insert(id.clone(), vars).is_none(),
                        "{locale}/{area}.ftl: `{id}` is defined twice"
                    );
                }
                Entry::Junk { content } => panic!("{locale}/{area}.ftl: junk {content:?}"),
                _ => {}
            }
        }
    }
    out
}

fn pattern_vars(p: &Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        _ => {}
    }
}

#[test]
fn the_languages_have_the_same_messages_and_arguments() {
    let en = messages(Locale::En);
    assert!(en.len() > 10, "the English catalogue is nearly empty");
    for l in [Locale::Es, Locale::Fr] {
        let other = messages(l);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{l} lacks {missing:?}");
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            extra.is_empty(),
            "{l} has messages English lacks: {extra:?}"
        );
        for (id, vars) in &en {
            assert_eq!(&other[id], vars, "{l}: `{id}` uses other arguments");
        }
    }
}

#[test]
fn every_message_formats_in_every_language() {
    let en = messages(Locale::En);
    for l in Locale::ALL {
        for (id, vars) in &en {
            let args: Vec<(&str, Arg)> = vars.iter().map(|v| (v.as_str(), Arg::Count(2))).collect();
            let text = tf(l, id, &args);
            assert!(!text.trim().is_empty(), "{l}: `{id}` is empty");
            assert!(
                !text.contains("{$"),
                "{l}: `{id}` left a placeholder: {text}"
            );
            assert!(!text.contains('`'), "{l}: `{id}` has a literal backtick");
        }
    }
}

#[test]
fn spanish_and_french_are_translated_not_copied() {
    let en = messages(Locale::En);
    for l in [Locale::Es, Locale::Fr] {
        let same = en
            .iter()
            .filter(|(id, vars)| {
                let args: Vec<(&str, Arg)> =
                    vars.iter().map(|v| (v.as_str(), Arg::Count(2))).collect();
                tf(l, id, &args) == tf(Locale::En, id, &args)
            })
            .count();
        // Some words are the same (`Total`, `IBAN`, a lone `{ $amount }`),
        // but not one in four.
        assert!(
            same * 4 < en.len(),
            "{l}: {same} of {} messages read as in English",
            en.len()
        );
    }
}

/// Every `t("id")`, `tf("id", …)`, `t(locale, "id")` and `tr("id")` in the
/// SPA and the server names a message of the catalogue.
#[test]
fn the_code_asks_only_for_messages_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let call = regex::Regex::new(
        r#"\b(?:t|tf|tr|trf)\(\s*(?:[A-Za-z_][A-Za-z0-9_.()]*\s*,\s*)?"([a-z][a-z0-9-]*)""#,
    )
    .unwrap();
    let mut unknown = Vec::new();
    let mut seen = 0;
    for dir in [
        "frontend/src",
        "backend/core/src",
        "backend/http/src",
        "shared/src",
    ] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("i18n/tests.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for c in call.captures_iter(&text) {
                        seen += 1;
                        if !has(&c[1]) {
                            unknown.push(format!("{}: {}", path.display(), &c[1]));
                        }
                    }
                }
            }
        }
    }
    assert!(seen > 0, "no message lookups found: the pattern is wrong");
    assert!(unknown.is_empty(), "unknown messages: {unknown:#?}");
}

#[test]
fn a_missing_translation_reads_in_english_and_a_missing_id_as_itself() {
    assert_eq!(tf(Locale::Fr, "no-such-message", &[]), "no-such-message");
    assert_eq!(super::t(Locale::En, "common-sign-in"), "Sign in");
}

#[test]
fn counts_pick_plural_forms_per_language() {
    let one = |l| tf(l, "common-minutes", &[("count", 1.into())]);
    let many = |l| tf(l, "common-minutes", &[("count", 5.into())]);
    assert_eq!(one(Locale::En), "1 minute");
    assert_eq!(many(Locale::En), "5 minutes");
    assert_eq!(many(Locale::Es), "5 minutos");
    // French: zero is singular.
    assert_eq!(
        tf(Locale::Fr, "common-minutes", &[("count", 0.into())]),
        "0 minute"
    );
}

/// What the SPA fetches for a language (`spa_source`, handed to `install`)
/// reads exactly as the catalogue compiled into the server: every message
/// of the SPA's areas, none of the e-mails' or the invoices'.
#[test]
fn the_words_the_spa_fetches_read_as_the_catalogue() {
    for l in Locale::ALL {
        let fetched = super::build(l, &[&super::spa_source(l)]);
        let compiled = super::bundle(l).unwrap();
        let mut spa_messages = 0;
        for (area, source) in super::AREAS.iter().zip(sources(l)) {
            let spa = super::SPA_AREAS.contains(area);
            let resource = fluent_syntax::parser::parse(*source).unwrap();
            for entry in resource.body {
                let Entry::Message(m) = entry else { continue };
                let id = m.id.name;
                assert_eq!(fetched.has_message(id), spa, "{l}/{area}: `{id}`");
                let (Some(a), Some(b)) = (
                    fetched.get_message(id).and_then(|m| m.value()),
                    compiled.get_message(id).and_then(|m| m.value()),
                ) else {
                    continue;
                };
                let mut errors = Vec::new();
                assert_eq!(
                    fetched.format_pattern(a, None, &mut errors),
                    compiled.format_pattern(b, None, &mut errors),
                    "{l}: `{id}`"
                );
                spa_messages += 1;
            }
        }
        assert!(spa_messages > 100, "{l}: only {spa_messages} messages");
        // A language at hand keeps its words.
        super::install(l, "common-sign-in = Overwritten");
        assert_ne!(super::t(l, "common-sign-in"), "Overwritten");
    }
}

/// Every language has its own plural rules. The vendored intl_pluralrules
/// keeps only ours (vendor/README.md): a language added to `Locale::ALL`
/// without its rules would quietly count like English.
#[test]
fn each_language_counts_by_its_own_plural_rules() {
    use intl_pluralrules::{PluralRuleType, PluralRules};
    for (ty, kind) in [
        (PluralRuleType::CARDINAL, "cardinal"),
        (PluralRuleType::ORDINAL, "ordinal"),
    ] {
        let known = PluralRules::get_locales(ty);
        for locale in Locale::ALL {
            let tag: unic_langid::LanguageIdentifier = locale.tag().parse().unwrap();
            assert!(
                known.iter().any(|l| l.language == tag.language),
                "no {kind} plural rules for {locale}"
            );
        }
    }
    let minutes = |l: Locale, n: i64| tf(l, "common-minutes", &[("count", n.into())]);
    // French counts 0 as one; English and Spanish do not.
    assert_eq!(minutes(Locale::Fr, 0), "0 minute");
    assert_eq!(minutes(Locale::Fr, 2), "2 minutes");
    assert_eq!(minutes(Locale::En, 0), "0 minutes");
    assert_eq!(minutes(Locale::En, 1), "1 minute");
    assert_eq!(minutes(Locale::Es, 0), "0 minutos");
    assert_eq!(minutes(Locale::Es, 1), "1 minuto");
}
