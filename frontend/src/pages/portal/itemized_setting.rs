//! "Itemized invoices" on `/account` (issue 24): the customer asks for
//! every call to be listed on its invoices (or stops).

use super::signed_out;
use crate::api;
use crate::components::CheckboxField;
use crate::contexts::{t, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The checkbox, saved as soon as it changes.
#[component]
pub fn ItemizedSetting(itemized: bool) -> impl IntoView {
    let session = use_session();
    let checked = RwSignal::new(itemized);
    let status = RwSignal::new(None::<Result<(), String>>);
    // Saved on a change the visitor made (not on the first draw).
    let saved_value = StoredValue::new(itemized);
    Effect::new(move |_| {
        let want = checked.get();
        if want == saved_value.get_value() {
            return;
        }
        let Some(token) = session.token() else {
            return status.set(Some(Err(signed_out().message)));
        };
        status.set(None);
        spawn_local(async move {
            match api::set_my_itemized(&token, want).await {
                Ok(a) => {
                    saved_value.set_value(a.itemized_invoices);
                    status.set(Some(Ok(())));
                }
                Err(e) => status.set(Some(Err(e.message))),
            }
        });
    });
    view! {
        <section class="catalog-form" aria-labelledby="itemized-heading">
            <h2 id="itemized-heading">{t("account-itemized")}</h2>
            <CheckboxField id="itemized-invoices" label=t("account-itemized-label") checked=checked
                hint=t("account-itemized-hint") />
            {move || status.get().map(|s| match s {
                Ok(()) => view! { <p class="notice notice-ok" role="status">{t("account-itemized-saved")}</p> }.into_any(),
                Err(m) => view! { <p class="notice notice-error" role="alert">{m}</p> }.into_any(),
            })}
        </section>
    }
}
