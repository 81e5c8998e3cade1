//! "Billing" on the Settings page: what invoices print and how they are
//! taxed — the invoice number prefix, tax mode, payment terms and the tax
//! rates by customer country (the address and tax id are on the Brand
//! page). Owners and admins change them; others read them.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{
    CheckboxField, FormAlert, FormErrors, SaveButton, SelectField, TextField, load_error,
};
use crate::contexts::Session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::billing::{BillingSettings, TaxRateView};

const TAX_MODES: &[(&str, &str)] = &[
    ("exclusive", "Prices are net: tax is added on the invoice"),
    (
        "inclusive",
        "Prices include tax: the invoice shows the part that is tax",
    ),
];

/// The section.
#[component]
pub fn BillingSettingsSection(session: Session, can_edit: bool) -> impl IntoView {
    let settings: LocalResource<Result<BillingSettings, ApiError>> =
        LocalResource::new(move || {
            let token = token(session);
            async move { api::get_billing_settings(&token?).await }
        });
    view! {
        <section class="catalog-form" aria-labelledby="billing-settings-heading">
            <h2 id="billing-settings-heading">"Billing"</h2>
            <p class="muted">"What your invoices print and how they are taxed. Your address and tax id are on the Brand page."</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading billing settings…"</p> }>
                {move || settings.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(s) => view! { <BillingForm session=session initial=s can_edit=can_edit /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// One editable tax rate row.
#[derive(Clone, Copy)]
struct RateRow {
    key: u32,
    country: RwSignal<String>,
    name: RwSignal<String>,
    rate: RwSignal<String>,
}

impl RateRow {
    fn new(key: u32, r: &TaxRateView) -> Self {
        Self {
            key,
            country: RwSignal::new(r.country.clone()),
            name: RwSignal::new(r.name.clone()),
            rate: RwSignal::new(r.rate.clone()),
        }
    }

    fn view(&self) -> TaxRateView {
        TaxRateView {
            country: self.country.get_untracked().trim().to_ascii_uppercase(),
            name: self.name.get_untracked().trim().to_owned(),
            rate: self.rate.get_untracked().trim().to_owned(),
        }
    }
}

#[component]
fn BillingForm(session: Session, initial: BillingSettings, can_edit: bool) -> impl IntoView {
    let prefix = RwSignal::new(initial.invoice_prefix.clone());
    let tax_mode = RwSignal::new(initial.tax_mode.clone());
    let terms = RwSignal::new(initial.payment_terms_days.to_string());
    let masked = RwSignal::new(initial.mask_called_digits.to_string());
    let itemized = RwSignal::new(initial.itemized_invoices);
    let next_key = StoredValue::new(initial.tax_rates.len() as u32);
    let rows = RwSignal::new(
        initial
            .tax_rates
            .iter()
            .enumerate()
            .map(|(i, r)| RateRow::new(i as u32, r))
            .collect::<Vec<_>>(),
    );
    // The Brand page's fields, sent back unchanged.
    let kept = StoredValue::new((initial.address.clone(), initial.tax_id.clone()));
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push(RateRow::new(key, &TaxRateView::default())));
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        saved.set(false);
        let Ok(payment_terms_days) = terms.get_untracked().trim().parse::<u32>() else {
            return errors.set_pairs(vec![(
                "payment_terms_days".into(),
                "must be a number of days, 0 to 120".into(),
            )]);
        };
        let Ok(mask_called_digits) = masked.get_untracked().trim().parse::<u32>() else {
            return errors.set_pairs(vec![(
                "mask_called_digits".into(),
                "must be a number of digits, 0 to 6".into(),
            )]);
        };
        let (address, tax_id) = kept.get_value();
        let request = BillingSettings {
            invoice_prefix: prefix.get_untracked().trim().to_owned(),
            address,
            tax_id,
            tax_mode: tax_mode.get_untracked(),
            payment_terms_days,
            mask_called_digits,
            itemized_invoices: itemized.get_untracked(),
            tax_rates: rows.get_untracked().iter().map(RateRow::view).collect(),
        };
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::put_billing_settings(&token, &request).await {
                Ok(_) => saved.set(true),
                // A tax rate's problem names its row: shown above the form.
                Err(e)
                    if e.field
                        .as_deref()
                        .is_some_and(|f| f.starts_with("tax_rates")) =>
                {
                    form_error.set(Some(e.message))
                }
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate aria-label="Billing settings">
            <FormAlert message=form_error />
            <div class="field-row">
                <TextField id="invoice_prefix" label="Invoice number prefix" value=prefix errors=errors maxlength=10
                    hint=|| "1 to 10 letters, digits, - or /: INV- gives INV-000042." />
                <TextField id="payment_terms_days" label="Payment terms (days)" value=terms errors=errors inputmode="numeric"
                    maxlength=3 hint=|| "Days from the invoice to its due date, 0 to 120." />
            </div>
            <SelectField id="tax_mode" label="Tax" value=tax_mode errors=errors options=TAX_MODES />
            <TextField id="mask_called_digits" label="Digits hidden in customers' call lists" value=masked errors=errors
                inputmode="numeric" maxlength=1
                hint=|| "The last digits of each number called that customers' call history and its export hide, 0 to 6 (0 shows them whole)." />
            <CheckboxField id="itemized_invoices" label="List every call on every invoice" checked=itemized
                hint="An appendix after the totals, service by service, numbers masked as above. A customer can also ask for it on its own invoices." />
            <fieldset class="field">
                <legend>"Tax rates by customer country"</legend>
                <p class="muted small">"A two-letter country code (GB, FR…), or empty for every other country."</p>
                <div class="table-wrap">
                    <table class="table">
                        <caption class="visually-hidden">"Tax rates"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Country"</th>
                                <th scope="col">"Name on the invoice"</th>
                                <th scope="col">"Rate (%)"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || rows.get() key=|r| r.key let:row>
                                <tr>
                                    <td><input type="text" maxlength="2" size="3" aria-label="Country"
                                        prop:value=move || row.country.get() on:input=move |ev| row.country.set(event_target_value(&ev)) /></td>
                                    <td><input type="text" maxlength="40" aria-label="Name on the invoice"
                                        prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev)) /></td>
                                    <td><input type="text" inputmode="decimal" size="6" aria-label="Rate (%)"
                                        prop:value=move || row.rate.get() on:input=move |ev| row.rate.set(event_target_value(&ev)) /></td>
                                    <td>
                                        <button type="button" class="button button-secondary button-small"
                                            on:click=move |_| rows.update(|r| r.retain(|x| x.key != row.key))>"Remove"</button>
                                    </td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
                <div><button type="button" class="button button-secondary button-small" on:click=add>"Add a tax rate"</button></div>
            </fieldset>
            {can_edit.then(|| view! {
                <SaveButton label="Save billing settings" busy=busy saved=saved done="Billing settings saved. The next invoices use them." />
            })}
        </form>
    }
}
