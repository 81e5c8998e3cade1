//! The "New reseller" form of `/console/resellers`: name, slug, owner,
//! markup, account and fee.

use super::{ACCOUNT_KINDS, MarkupFields, seller_currency};
use crate::api;
use crate::components::{
    FormAlert, FormErrors, SelectField, TextField, follow_name_with_slug, page_host,
};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::resellers::{CreateResellerRequest, ResellerView};

/// "New reseller".
#[component]
pub(super) fn NewResellerForm(
    session: Session,
    on_created: impl Fn(ResellerView) + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let owner_email = RwSignal::new(String::new());
    let owner_password = RwSignal::new(String::new());
    let markup_kind = RwSignal::new("percent".to_owned());
    let markup_value = RwSignal::new(String::new());
    let account_kind = RwSignal::new("prepaid".to_owned());
    let credit_limit = RwSignal::new(String::new());
    let reseller_fee = RwSignal::new(String::new());
    let custom_domain = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let currency = seller_currency(session);
    let currency_code = currency.map(|c| c.to_string()).unwrap_or_default();
    let host = page_host();
    follow_name_with_slug(name, slug);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let optional = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let request = CreateResellerRequest {
            name: name.get_untracked().trim().to_owned(),
            slug: slug.get_untracked().trim().to_owned(),
            owner_email: owner_email.get_untracked().trim().to_owned(),
            owner_password: owner_password.get_untracked(),
            markup_kind: markup_kind.get_untracked(),
            markup_value: markup_value.get_untracked().trim().to_owned(),
            account_kind: account_kind.get_untracked(),
            credit_limit: if account_kind.with_untracked(|k| k == "postpaid") {
                optional(credit_limit)
            } else {
                None
            },
            reseller_fee: optional(reseller_fee),
            custom_domain: optional(custom_domain),
        };
        // The server's own checks first, in this browser.
        if let Some(currency) = currency
            && let Err(invalid) = request.parse(currency)
        {
            return errors.set_all(invalid);
        }
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        pending.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_reseller(&token, &request).await {
                Ok(r) => {
                    pending.set(false);
                    // Last: this closes the form (and disposes its signals).
                    on_created(r);
                }
                Err(e) => {
                    errors.show_server_unprefixed(&e, form_error);
                    pending.set(false);
                }
            }
        });
    };

    view! {
        <section class="catalog-form" id="new-reseller" aria-labelledby="new-reseller-heading">
            <h2 id="new-reseller-heading">"New reseller"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                {owner_fields(name, slug, owner_email, owner_password, errors, host)}
                <MarkupFields kind=markup_kind value=markup_value errors=errors currency=currency_code.clone() />
                {account_fields(account_kind, credit_limit, reseller_fee, custom_domain, errors, currency_code.clone())}
                <div class="toolbar">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {move || if pending.get() { "Creating the reseller…" } else { "Create reseller" }}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                        "Cancel"
                    </button>
                </div>
            </form>
        </section>
    }
}

/// "Name" and "Slug" (with its portal's address), "Owner e-mail" and
/// "Owner password".
fn owner_fields(
    name: RwSignal<String>,
    slug: RwSignal<String>,
    owner_email: RwSignal<String>,
    owner_password: RwSignal<String>,
    errors: FormErrors,
    host: String,
) -> impl IntoView {
    view! {
        <TextField id="reseller-name" field="name" label="Name" value=name errors=errors required=true
            hint=|| "The reseller's brand, shown on its portal and invoices." />
        <TextField id="reseller-slug" field="slug" label="Slug" value=slug errors=errors required=true
            maxlength=32
            hint=move || {
                let host = host.clone();
                view! {
                    "Its portal: "
                    <span class="mono">{move || {
                        let s = slug.get();
                        let s = s.trim();
                        format!("{}.{host}", if s.is_empty() { "slug" } else { s })
                    }}</span>
                }
            } />
        <div class="field-row">
            <TextField id="reseller-owner-email" field="owner_email" label="Owner e-mail" value=owner_email
                errors=errors input_type="email" required=true
                hint=|| "Its first console login; also how it signs in to pay your wholesale invoices." />
            <TextField id="reseller-owner-password" field="owner_password" label="Owner password"
                value=owner_password errors=errors input_type="password" autocomplete="new-password"
                required=true hint=|| "At least 8 characters. Tell it to the owner." />
        </div>
    }
}

/// "Account" (with "Credit limit" when postpaid), "Monthly fee" and
/// "Custom domain"; `currency_code`: the seller's currency.
fn account_fields(
    account_kind: RwSignal<String>,
    credit_limit: RwSignal<String>,
    reseller_fee: RwSignal<String>,
    custom_domain: RwSignal<String>,
    errors: FormErrors,
    currency_code: String,
) -> impl IntoView {
    let postpaid = move || account_kind.with(|k| k == "postpaid");
    let fee_currency = currency_code.clone();
    let limit_currency = currency_code;
    view! {
        <div class="field-row">
            <SelectField id="account_kind" label="Account" value=account_kind errors=errors options=ACCOUNT_KINDS />
            <Show when=postpaid>
                <TextField id="credit_limit" label="Credit limit" value=credit_limit errors=errors
                    inputmode="decimal" required=true
                    hint={
                        let c = limit_currency.clone();
                        move || format!("How much it may owe you, in {c}, before its calls stop.")
                    } />
            </Show>
        </div>
        <p class="field-hint">
            "Prepaid: every call is paid from its balance with you, and refused at zero. Postpaid: it pays your monthly wholesale invoice."
        </p>
        <div class="field-row">
            <TextField id="reseller_fee" label="Monthly fee" value=reseller_fee errors=errors inputmode="decimal"
                hint=move || format!("On its wholesale invoice every month, in {fee_currency}. Empty: none.") />
            <TextField id="custom_domain" label="Custom domain" value=custom_domain errors=errors
                placeholder="billing.example.com"
                hint=|| "Optional: its own address for the portal (point it to us in its DNS)." />
        </div>
    }
}
