//! "Nesting" on `/console/resellers` (the operator's only): how many levels
//! of resellers may nest under the operator.

use crate::api::{self, ApiError};
use crate::components::{FormAlert, FormErrors, SaveButton, TextField, load_error};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::resellers::ResellerSettings;
use ringledger_shared::error::FieldError;

/// Fewest and most levels of resellers the operator may allow.
const DEPTHS: std::ops::RangeInclusive<u32> = 1..=5;

/// The request "Save levels" sends, or the error beside its field.
fn nesting_request(levels: &str) -> Result<ResellerSettings, FieldError> {
    levels
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| DEPTHS.contains(n))
        .map(|max_reseller_depth| ResellerSettings { max_reseller_depth })
        .ok_or_else(|| {
            FieldError::new(
                "max_reseller_depth",
                format!("Choose {} to {} levels.", DEPTHS.start(), DEPTHS.end()),
            )
        })
}

/// "Nesting": how many levels of resellers may nest under the operator
/// (operator only: a reseller's staff get 403).
#[component]
pub(super) fn NestingSection(session: Session) -> impl IntoView {
    let settings: LocalResource<Result<ResellerSettings, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::get_reseller_settings(&token?).await }
        });
    view! {
        <section class="catalog-form" aria-labelledby="nesting-heading">
            <h2 id="nesting-heading">"Nesting"</h2>
            <p class="muted">
                "1: only your own resellers. 2: they may have resellers of their own, and so on."
            </p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
                {move || settings.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(s) => view! { <NestingForm session=session initial=s /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// "Levels of resellers", "Save levels".
#[component]
fn NestingForm(session: Session, initial: ResellerSettings) -> impl IntoView {
    let levels = RwSignal::new(initial.max_reseller_depth.to_string());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        saved.set(false);
        let request = match nesting_request(&levels.get_untracked()) {
            Ok(r) => r,
            Err(e) => return errors.set_all(vec![e]),
        };
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::put_reseller_settings(&token, &request).await {
                Ok(s) => {
                    levels.set(s.max_reseller_depth.to_string());
                    saved.set(true);
                }
                Err(e) => errors.show_server_unprefixed(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            <TextField id="max_reseller_depth" label="Levels of resellers" value=levels errors=errors
                input_type="number" inputmode="numeric" required=true
                hint=|| "How many levels of resellers may nest under you, 1 to 5." />
            <SaveButton label="Save levels" busy=busy saved=saved done="Saved." />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::nesting_request;

    #[test]
    fn levels_are_one_to_five() {
        assert_eq!(nesting_request(" 3 ").map(|s| s.max_reseller_depth), Ok(3));
        for bad in ["0", "6", "", "two", "-1"] {
            let field = nesting_request(bad).err().map(|e| e.field);
            assert_eq!(field, Some("max_reseller_depth"), "{bad}");
        }
    }
}
