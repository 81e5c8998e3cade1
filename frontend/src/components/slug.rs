//! A slug that follows the name it is made from.

use leptos::prelude::*;

/// Fills `slug` from `name` as one types (`Slug::suggest`), until the slug
/// is edited by hand.
pub fn follow_name_with_slug(name: RwSignal<String>, slug: RwSignal<String>) {
    Effect::new(move |previous: Option<String>| {
        let suggested = name.with(|n| ringledger_shared::validate::Slug::suggest(n));
        let current = slug.get_untracked();
        if current.is_empty() || previous.as_ref() == Some(&current) {
            slug.set(suggested.clone());
        }
        suggested
    });
}
