//! "List every call on this customer's invoices" on a customer's page
//! (issue 24): staff turn it on for a customer who asked.

use crate::api;
use crate::components::CheckboxField;
use crate::contexts::use_session;
use crate::pages::console::catalog::token;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::customers::CustomerView;
use uuid::Uuid;

/// The checkbox, saved as soon as it changes; the saved customer goes to
/// `updated`, a failure to `error`.
#[component]
pub fn ItemizedToggle(
    id: Uuid,
    itemized: bool,
    updated: RwSignal<Option<CustomerView>>,
    done: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let checked = RwSignal::new(itemized);
    let saved = StoredValue::new(itemized);
    Effect::new(move |_| {
        let want = checked.get();
        if want == saved.get_value() {
            return;
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        error.set(None);
        spawn_local(async move {
            match api::set_customer_itemized(&token, id, want).await {
                Ok(c) => {
                    saved.set_value(c.account.itemized_invoices);
                    done.set(Some(
                        if c.account.itemized_invoices {
                            "Its invoices now list every call."
                        } else {
                            "Its invoices no longer list every call."
                        }
                        .to_owned(),
                    ));
                    updated.set(Some(c));
                }
                Err(e) => {
                    checked.set(saved.get_value());
                    error.set(Some(e.message));
                }
            }
        });
    });
    view! {
        <CheckboxField id="customer-itemized" label="List every call on this customer's invoices" checked=checked
            hint="For a customer who asked; it can also choose this itself on its account page. Billing settings can itemize every invoice." />
    }
}
