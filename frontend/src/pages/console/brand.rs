//! `/console/brand`: what the seller's portal, e-mails and invoices show —
//! name, colours, support e-mail, invoice address and tax id — and its logo.
//! Saving updates the brand of the page at once (header, title, colours).

use super::brand_languages::LanguagesField;
use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{
    FileField, FormAlert, FormErrors, SaveButton, TextAreaField, TextField, load_error,
};
use crate::contexts::{Brand, Session, use_brand, use_session};
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::resellers::{BrandSettings, MAX_LOGO_BYTES};
use ringledger_shared::error::FieldError;
use ringledger_shared::locale::Locale;
use ringledger_shared::validate::HexColor;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;
use web_sys::js_sys::Uint8Array;

/// The image types a logo may be (as the server checks them).
const LOGO_ACCEPT: &str = "image/png,image/jpeg,image/gif,image/webp";

/// The brand page.
#[component]
pub fn BrandPage() -> impl IntoView {
    let session = use_session();
    let settings: LocalResource<Result<BrandSettings, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::get_brand(&token?).await }
    });
    view! {
        <h1>"Brand"</h1>
        <p class="muted">
            "Your portal, your e-mails and your invoices carry this brand. Colours and name change on your portal as soon as you save."
        </p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading your brand…"</p> }>
            {move || settings.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(s) => {
                    let has_logo = RwSignal::new(s.has_logo);
                    view! {
                        <BrandForm session=session initial=s has_logo=has_logo />
                        <LogoForm session=session has_logo=has_logo />
                    }
                    .into_any()
                }
            })}
        </Transition>
    }
}

/// A colour swatch, for the hint under a colour field (decorative).
fn swatch(colour: RwSignal<String>) -> impl IntoView {
    let shown = move || {
        HexColor::parse("colour", &colour.get())
            .map(|c| c.as_str().to_owned())
            .unwrap_or_else(|_| "transparent".to_owned())
    };
    view! {
        <span class="swatch" aria-hidden="true" style:background-color=shown></span>
        "A hex colour like #1d4ed8."
    }
}

/// Name, colours, support e-mail, address and tax id.
#[component]
fn BrandForm(session: Session, initial: BrandSettings, has_logo: RwSignal<bool>) -> impl IntoView {
    let brand = use_brand();
    let name = RwSignal::new(initial.name);
    let primary = RwSignal::new(initial.primary_color);
    let accent = RwSignal::new(initial.accent_color);
    let support_email = RwSignal::new(initial.support_email);
    let address = RwSignal::new(initial.address);
    let tax_id = RwSignal::new(initial.tax_id);
    let sip_server = RwSignal::new(initial.sip_server);
    let languages = RwSignal::new(Locale::list(&initial.languages.join(",")));
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
        let request = BrandSettings {
            name: name.get_untracked().trim().to_owned(),
            primary_color: primary.get_untracked().trim().to_owned(),
            accent_color: accent.get_untracked().trim().to_owned(),
            support_email: support_email.get_untracked().trim().to_owned(),
            address: address.get_untracked().trim().to_owned(),
            tax_id: tax_id.get_untracked().trim().to_owned(),
            sip_server: sip_server.get_untracked().trim().to_owned(),
            languages: languages
                .get_untracked()
                .iter()
                .map(|l| l.tag().to_owned())
                .collect(),
            has_logo: has_logo.get_untracked(),
        };
        if let Err(invalid) = request.parse() {
            return errors.set_all(invalid);
        }
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::put_brand(&token, &request).await {
                Ok(s) => {
                    name.set(s.name.clone());
                    primary.set(s.primary_color.clone());
                    accent.set(s.accent_color.clone());
                    support_email.set(s.support_email.clone());
                    address.set(s.address.clone());
                    tax_id.set(s.tax_id.clone());
                    sip_server.set(s.sip_server.clone());
                    languages.set(Locale::list(&s.languages.join(",")));
                    has_logo.set(s.has_logo);
                    // The console runs on the seller's own portal.
                    brand.apply(&s);
                    saved.set(true);
                }
                Err(e) => errors.show_server_unprefixed(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="brand-form-heading">
            <h2 id="brand-form-heading">"Name and colours"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <TextField id="brand-name" field="name" label="Brand name" value=name errors=errors required=true />
                <div class="field-row">
                    <TextField id="primary_color" label="Primary colour" value=primary errors=errors
                        required=true maxlength=7 placeholder="#1d4ed8" hint=move || swatch(primary) />
                    <TextField id="accent_color" label="Accent colour" value=accent errors=errors
                        required=true maxlength=7 placeholder="#f59e0b" hint=move || swatch(accent) />
                </div>
                <TextField id="support_email" label="Support e-mail" value=support_email errors=errors
                    input_type="email" hint=|| "Shown on your portal and in e-mails. Empty: none." />
                <div class="field-row">
                    <TextAreaField id="address" label="Address" value=address errors=errors
                        hint="Printed on your invoices." />
                    <TextField id="tax_id" label="Tax id" value=tax_id errors=errors maxlength=64
                        hint=|| "Your VAT or other tax number, printed on invoices." />
                </div>
                <TextField id="sip_server" label="SIP server" value=sip_server errors=errors maxlength=260
                    placeholder="sip.example.com:5060"
                    hint=|| "Where your customers' IP phones register: shown beside their SIP username and password. Port 5060 if none is given." />
                <LanguagesField languages=languages errors=errors />
                <SaveButton label="Save brand" busy=busy saved=saved done="Brand saved. Your portal shows it now." />
            </form>
        </section>
    }
}

/// The bytes of a chosen file.
async fn file_bytes(file: &File) -> Result<Vec<u8>, ApiError> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| {
        ApiError::from(FieldError::new(
            "logo",
            "The browser could not read the file.",
        ))
    })?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Uploads (or removes) the logo; the page's header shows the new one.
#[component]
fn LogoForm(session: Session, has_logo: RwSignal<bool>) -> impl IntoView {
    let brand: Brand = use_brand();
    let file_input = NodeRef::<Input>::new();
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let finish = move |result: Result<BrandSettings, ApiError>, message: &'static str| {
        match result {
            Ok(s) => {
                has_logo.set(s.has_logo);
                brand.logo_changed(s.has_logo);
                if let Some(input) = file_input.get_untracked() {
                    input.set_value("");
                }
                done.set(Some(message));
            }
            Err(e) => errors.show_server(&e, form_error),
        }
        busy.set(false);
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        done.set(None);
        let file = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            return errors.set_all(vec![FieldError::new("logo", "Choose an image file.")]);
        };
        // Too big: no need to read it.
        if let Some(e) = too_big(&file) {
            return errors.set_all(vec![e]);
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            let bytes = match file_bytes(&file).await {
                Ok(b) => b,
                Err(e) => return finish(Err(e), ""),
            };
            // The type and size are checked here first, then by the server.
            if let Err(e) = api::check_logo(&bytes) {
                return finish(Err(e.into()), "");
            }
            finish(api::upload_logo(&token, &bytes).await, "Logo uploaded.");
        });
    };
    let remove = move |_| {
        if busy.get_untracked() {
            return;
        }
        if !confirmed("Remove the logo? Your portal then shows its name only.") {
            return;
        }
        errors.clear();
        form_error.set(None);
        done.set(None);
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            finish(api::delete_logo(&token).await, "Logo removed.");
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="logo-heading">
            <h2 id="logo-heading">"Logo"</h2>
            {move || logo_preview(has_logo.get(), brand)}
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <FileField
                    id="logo"
                    field="logo"
                    label="Logo"
                    errors=errors
                    accept=LOGO_ACCEPT
                    node_ref=file_input
                    hint=format!("PNG, JPEG, GIF or WebP, at most {} KiB. Shown in your portal's header, about 40 pixels high.", MAX_LOGO_BYTES / 1024)
                    on_change=move |()| done.set(None)
                />
                <div class="toolbar">
                    <button type="submit" class="button" disabled=move || busy.get()>
                        {move || if busy.get() { "Uploading…" } else { "Upload logo" }}
                    </button>
                    {move || has_logo.get().then(|| view! {
                        <button type="button" class="button button-secondary" disabled=move || busy.get() on:click=remove>
                            "Remove logo"
                        </button>
                    })}
                </div>
                {move || done.get().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
            </form>
        </section>
    }
}

/// The error for a file over the logo's size, if it is.
fn too_big(file: &File) -> Option<FieldError> {
    (file.size() > MAX_LOGO_BYTES as f64).then(|| {
        let kib = (file.size() / 1024.0).ceil();
        FieldError::new(
            "logo",
            format!(
                "The image is {kib} KiB; a logo may be at most {} KiB.",
                MAX_LOGO_BYTES / 1024
            ),
        )
    })
}

/// Whether the user answers "OK" to `question`.
fn confirmed(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// The current logo, or "No logo yet".
fn logo_preview(has_logo: bool, brand: Brand) -> AnyView {
    if has_logo {
        view! {
            <div class="logo-preview">
                <img src=move || brand.logo_src() alt="Logo" />
            </div>
        }
        .into_any()
    } else {
        view! { <p class="muted">"No logo yet: your portal shows your brand name."</p> }.into_any()
    }
}
