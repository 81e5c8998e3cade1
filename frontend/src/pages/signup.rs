//! The operator sign-up form of the landing page.

use crate::api;
use crate::components::{FormAlert, FormErrors, SelectField, TextField, follow_name_with_slug};
use crate::contexts::use_brand;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::{SignupRequest, SignupResponse};
use web_sys::js_sys::encode_uri_component;

/// Currencies offered in the form (`USD` first, the default).
pub(crate) const CURRENCIES: &[(&str, &str)] = &[
    ("USD", "USD — US dollar"),
    ("EUR", "EUR — Euro"),
    ("GBP", "GBP — Pound sterling"),
    ("CAD", "CAD — Canadian dollar"),
    ("AUD", "AUD — Australian dollar"),
    ("NZD", "NZD — New Zealand dollar"),
    ("CHF", "CHF — Swiss franc"),
    ("SEK", "SEK — Swedish krona"),
    ("JPY", "JPY — Japanese yen"),
    ("SGD", "SGD — Singapore dollar"),
    ("INR", "INR — Indian rupee"),
    ("AED", "AED — UAE dirham"),
    ("BRL", "BRL — Brazilian real"),
    ("MXN", "MXN — Mexican peso"),
    ("ZAR", "ZAR — South African rand"),
    ("NGN", "NGN — Nigerian naira"),
    ("KES", "KES — Kenyan shilling"),
];

/// The sign-up form. On success the browser goes (full page load) to the new
/// portal's hand-off page, carrying the refresh token in the URL fragment.
#[component]
pub fn SignupForm() -> impl IntoView {
    let brand = use_brand();
    let company_name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let currency = RwSignal::new("USD".to_owned());
    let country = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    follow_name_with_slug(company_name, slug);

    let base_domain = brand.get_untracked().base_domain;
    let preview = move || slug_preview(slug, base_domain.clone());

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let country_text = country.get_untracked();
        let request = SignupRequest {
            company_name: company_name.get_untracked(),
            slug: slug.get_untracked().trim().to_owned(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            currency: Some(currency.get_untracked()),
            country: (!country_text.trim().is_empty()).then_some(country_text),
        };
        if let Err(field_errors) = request.parse() {
            errors.set_all(field_errors);
            return;
        }
        errors.clear();
        pending.set(true);
        spawn_local(async move {
            match api::signup(&request).await {
                Ok(created) => go_to_portal(&created),
                Err(e) => {
                    errors.show_server(&e, form_error);
                    pending.set(false);
                }
            }
        });
    };

    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            <TextField
                id="company_name"
                label="Company name"
                value=company_name
                errors=errors
                autocomplete="organization"
                required=true
            />
            <TextField
                id="slug"
                label="Portal address"
                value=slug
                errors=errors
                required=true
                maxlength=32
                hint=preview
            />
            <TextField
                id="email"
                label="Email"
                value=email
                errors=errors
                input_type="email"
                autocomplete="email"
                required=true
            />
            <TextField
                id="password"
                label="Password"
                value=password
                errors=errors
                input_type="password"
                autocomplete="new-password"
                required=true
                hint=|| "At least 8 characters."
            />
            <div class="field-row">
                <SelectField
                    id="currency"
                    label="Currency"
                    value=currency
                    errors=errors
                    options=CURRENCIES
                />
                <TextField
                    id="country"
                    label="Country"
                    value=country
                    errors=errors
                    autocomplete="country"
                    maxlength=2
                    hint=|| "Optional. Two-letter code, e.g. GB."
                />
            </div>
            <button type="submit" class="button button-wide" disabled=move || pending.get()>
                "Create my account"
            </button>
        </form>
    }
}

/// "Your portal: acme.example.com", under the slug.
fn slug_preview(slug: RwSignal<String>, base_domain: String) -> impl IntoView {
    let address = move || {
        let s = slug.get();
        let s = s.trim();
        let shown = if s.is_empty() { "your-company" } else { s };
        format!("{shown}.{base_domain}")
    };
    view! {
        "Your portal: " <strong class="slug-preview">{address}</strong>
    }
}

/// Goes (full page load) to the new portal's hand-off page, carrying the
/// refresh token in the URL fragment.
fn go_to_portal(created: &SignupResponse) {
    let target = format!(
        "{}/auth/handoff#rt={}",
        created.tenant.portal_url.trim_end_matches('/'),
        String::from(encode_uri_component(&created.handoff_token)),
    );
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(&target);
    }
}
