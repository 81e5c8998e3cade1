//! The sign-up form of `/signup`: any mix of services (each with its plan;
//! PINless with its phone numbers; SIP and video with a number of their
//! own), an optional bundle, and the customer's name, e-mail and password.

use super::number::{Held, number_section, picks};
use super::price::monthly_price;
use super::{local_field, without_field};
use crate::api::{self, ApiError};
use crate::components::{ChoiceField, FormAlert, FormErrors, TextField, capitalised, money};
use crate::contexts::{t, tf};
use crate::pages::portal::plan_text;
use crate::pages::portal::rate_lookup::kind_label;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use ringledger_shared::api::customers::{
    CustomerSignupRequest, CustomerView, OffersView, ServiceRequest,
};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::validate::{DisplayName, Email, NewPassword};
use uuid::Uuid;

/// One phone number of a PINless service.
#[derive(Debug, Clone, Copy)]
struct AniRow {
    key: u32,
    number: RwSignal<String>,
}

/// One service of the form. Field names are built from the stable `key`
/// (`svc-3-plan`), never from the row's position, so removing a row keeps
/// every error beside its own input.
#[derive(Debug, Clone, Copy)]
struct ServiceRow {
    key: u32,
    kind: RwSignal<String>,
    plan: RwSignal<String>,
    anis: RwSignal<Vec<AniRow>>,
    /// SIP and video: the number reserved for the visitor.
    number: Held,
}

impl ServiceRow {
    /// A service of `kind` with no plan and one empty number, keyed from
    /// `next_key`.
    fn new(next_key: StoredValue<u32>, kind: String) -> Self {
        Self {
            key: fresh_key(next_key),
            kind: RwSignal::new(kind),
            plan: RwSignal::new(String::new()),
            anis: RwSignal::new(vec![AniRow {
                key: fresh_key(next_key),
                number: RwSignal::new(String::new()),
            }]),
            number: RwSignal::new(None),
        }
    }
}

/// Whether a service of `kind` (as the form holds it) may have numbers of
/// its own: IP phones, SIP and video.
fn is_phone(kind: &str) -> bool {
    matches!(
        ServiceKind::parse(kind),
        Some(ServiceKind::Sip | ServiceKind::Video)
    )
}

/// The next unused key of a row or a number.
fn fresh_key(next_key: StoredValue<u32>) -> u32 {
    let k = next_key.get_value();
    next_key.set_value(k + 1);
    k
}

/// Each service row's key with its numbers' keys, in order (to place the
/// server's errors).
type RowKeys = Vec<(u32, Vec<u32>)>;

/// Field errors found in the browser: `(field, message)`.
type Invalid = Vec<(String, String)>;

/// The form: services, an optional bundle, and the customer's name, e-mail
/// and password.
#[component]
pub(super) fn SignupForm(
    offers: OffersView,
    created: RwSignal<Option<(CustomerView, OffersView)>>,
) -> impl IntoView {
    let offers = StoredValue::new(offers);
    let next_key = StoredValue::new(0u32);
    let first_kind = offers.with_value(|o| {
        o.plans.first().map_or_else(
            || "calling_card".to_owned(),
            |p| p.service_kind.as_str().to_owned(),
        )
    });
    let rows = RwSignal::new(vec![ServiceRow::new(next_key, first_kind.clone())]);
    let bundle = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let bundle_kinds = bundle_kinds(bundle, offers);
    let has_bundles = offers.with_value(|o| !o.bundles.is_empty());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let (request, keys) =
            match signup_request(name, email, password, bundle, bundle_kinds, rows) {
                Ok(r) => r,
                Err(invalid) => return errors.set_pairs(invalid),
            };
        errors.clear();
        pending.set(true);
        spawn_local(async move {
            match api::customer_signup(&request).await {
                Ok(r) => {
                    // Last: this unmounts the form (and disposes its signals).
                    pending.set(false);
                    let offers = offers.get_value();
                    created.set(Some((r.customer, offers)));
                }
                Err(e) => {
                    show_error(&e, &keys, errors, form_error);
                    pending.set(false);
                }
            }
        });
    };

    let row_view =
        move |row: ServiceRow| service_row(row, rows, next_key, errors, bundle_kinds, offers);
    let add_row = move |_| {
        let kind = first_kind.clone();
        rows.update(|r| r.push(ServiceRow::new(next_key, kind)));
    };
    let offers_empty = offers.with_value(|o| o.plans.is_empty() && o.bundles.is_empty());

    view! {
        <p class="lead">{t("portal-signup-lead")}</p>
        {offers_empty.then(|| view! {
            <div class="notice notice-warning" role="status">{t("portal-signup-nothing-on-sale")}</div>
        })}
        <form class="form signup-form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            <h2>{t("portal-signup-your-services")}</h2>
            <For each=move || rows.get() key=|r| r.key children=row_view />
            {move || errors.get("services").map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
            <div>
                <button type="button" class="button button-secondary" on:click=add_row>
                    {t("portal-signup-add-service")}
                </button>
            </div>
            {has_bundles.then(|| bundle_field(bundle, errors, offers))}
            {about_you(name, email, password, errors)}
            <p class="price-result monthly" role="status">{move || price_text(rows, bundle, offers)}</p>
            <button type="submit" class="button button-wide" disabled=move || pending.get()>
                {move || if pending.get() { t("portal-signup-creating") } else { t("portal-signup-create") }}
            </button>
            <p class="muted">
                {t("portal-signup-already")} " " <A href="/account/login">{t("portal-sign-in-to-account")}</A>
            </p>
        </form>
    }
}

/// "You will pay … a month": the plans, the bundle and the numbers chosen.
fn price_text(
    rows: RwSignal<Vec<ServiceRow>>,
    bundle: RwSignal<String>,
    offers: StoredValue<OffersView>,
) -> String {
    let rows = rows.get();
    let chosen: Vec<(String, String)> = rows.iter().map(|r| (r.kind.get(), r.plan.get())).collect();
    let bundle = bundle.with(|b| Uuid::parse_str(b).ok());
    let mut price = offers.with_value(|o| monthly_price(o, &chosen, bundle));
    for r in &rows {
        if r.kind.with(|k| is_phone(k)) {
            r.number.with(|n| {
                if let Some(n) = n {
                    price.total += n.number.monthly_fee;
                    price.once += n.number.setup_fee;
                }
            });
        }
    }
    price.text()
}

/// "About you": the customer's name, e-mail and password.
fn about_you(
    name: RwSignal<String>,
    email: RwSignal<String>,
    password: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    view! {
        <h2>{t("portal-signup-about-you")}</h2>
        <TextField id="name" label=t("portal-signup-your-name") value=name errors=errors autocomplete="name" required=true />
        <TextField id="email" label=t("portal-email") value=email errors=errors input_type="email" autocomplete="email" required=true />
        <TextField
            id="password"
            label=t("common-password")
            value=password
            errors=errors
            input_type="password"
            autocomplete="new-password"
            required=true
            hint=|| t("portal-signup-password-hint")
        />
    }
}

/// "Bundle (optional)": no bundle, or one of the bundles on sale.
fn bundle_field(
    bundle: RwSignal<String>,
    errors: FormErrors,
    offers: StoredValue<OffersView>,
) -> impl IntoView {
    let bundle_options = Signal::derive(move || {
        let mut v = vec![(String::new(), t("portal-signup-no-bundle"))];
        offers.with_value(|o| {
            v.extend(o.bundles.iter().map(|b| {
                let price = money(b.monthly_fee, &b.currency);
                let args = [("name", b.name.as_str().into()), ("amount", price.into())];
                (b.id.to_string(), tf("portal-signup-bundle-option", &args))
            }));
        });
        v
    });
    view! {
        <ChoiceField
            id="bundle_id"
            label=t("portal-signup-bundle-label")
            value=bundle
            errors=errors
            options=bundle_options
            hint=t("portal-signup-bundle-hint")
        />
    }
}

/// The services the chosen bundle includes (none without a bundle).
fn bundle_kinds(
    bundle: RwSignal<String>,
    offers: StoredValue<OffersView>,
) -> Signal<Vec<ServiceKind>> {
    Signal::derive(move || {
        let id = bundle.with(|b| Uuid::parse_str(b).ok());
        offers.with_value(|o| {
            id.and_then(|id| o.bundles.iter().find(|b| b.id == id))
                .map(|b| b.service_kinds.clone())
                .unwrap_or_default()
        })
    })
}

/// The request the form sends with its rows' keys, or the field errors
/// found here first.
fn signup_request(
    name: RwSignal<String>,
    email: RwSignal<String>,
    password: RwSignal<String>,
    bundle: RwSignal<String>,
    bundle_kinds: Signal<Vec<ServiceKind>>,
    rows: RwSignal<Vec<ServiceRow>>,
) -> Result<(CustomerSignupRequest, RowKeys), Invalid> {
    let mut invalid: Invalid = Vec::new();
    for e in [
        DisplayName::parse("name", &name.get_untracked()).err(),
        Email::parse("email", &email.get_untracked()).err(),
        NewPassword::parse("password", &password.get_untracked()).err(),
    ]
    .into_iter()
    .flatten()
    {
        invalid.push((e.field.to_owned(), e.message));
    }
    let in_bundle = bundle_kinds.get_untracked();
    let (services, keys) = service_requests(&rows.get_untracked(), &in_bundle, &mut invalid);
    if services.is_empty() && in_bundle.is_empty() {
        invalid.push(("services".to_owned(), t("portal-signup-choose-service")));
    }
    if !invalid.is_empty() {
        return Err(invalid);
    }
    let request = CustomerSignupRequest {
        name: name.get_untracked().trim().to_owned(),
        email: email.get_untracked().trim().to_owned(),
        password: password.get_untracked(),
        bundle_id: bundle.with_untracked(|b| Uuid::parse_str(b).ok()),
        services,
        locale: Some(crate::contexts::language::current().tag().to_owned()),
    };
    Ok((request, keys))
}

/// Each row's service request, and its key with its numbers' keys; a
/// missing plan (unless the bundle includes the service) or an empty
/// number goes to `invalid`.
fn service_requests(
    rows_now: &[ServiceRow],
    in_bundle: &[ServiceKind],
    invalid: &mut Invalid,
) -> (Vec<ServiceRequest>, RowKeys) {
    let mut services = Vec::with_capacity(rows_now.len());
    let mut keys = Vec::with_capacity(rows_now.len());
    for row in rows_now {
        let kind = row.kind.get_untracked();
        let parsed = ServiceKind::parse(&kind);
        let plan_id = row.plan.with_untracked(|p| Uuid::parse_str(p).ok());
        if plan_id.is_none() && !parsed.is_some_and(|k| in_bundle.contains(&k)) {
            invalid.push((
                format!("svc-{}-plan", row.key),
                t("portal-signup-plan-required"),
            ));
        }
        let ani_rows = row.anis.get_untracked();
        let mut anis = Vec::new();
        if parsed == Some(ServiceKind::Pinless) {
            for a in &ani_rows {
                let n = a.number.get_untracked().trim().to_owned();
                if n.is_empty() {
                    invalid.push((
                        format!("svc-{}-ani-{}", row.key, a.key),
                        t("portal-signup-enter-ani"),
                    ));
                }
                anis.push(n);
            }
            keys.push((row.key, ani_rows.iter().map(|a| a.key).collect::<Vec<_>>()));
        } else {
            keys.push((row.key, Vec::new()));
        }
        let numbers = if is_phone(&kind) {
            picks(row.number)
        } else {
            Vec::new()
        };
        services.push(ServiceRequest {
            kind,
            plan_id,
            anis,
            numbers,
        });
    }
    (services, keys)
}

/// The plans on sale for the row's service, after "Choose a plan" (or
/// "Included in the bundle" when the chosen bundle includes the service).
fn plan_options(
    row_kind: RwSignal<String>,
    bundle_kinds: Signal<Vec<ServiceKind>>,
    offers: StoredValue<OffersView>,
) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        let kind = row_kind.get();
        let included = ServiceKind::parse(&kind).is_some_and(|k| bundle_kinds.get().contains(&k));
        let first = if included {
            t("portal-signup-included")
        } else {
            t("portal-signup-choose-plan")
        };
        let mut v = vec![(String::new(), first)];
        offers.with_value(|o| {
            v.extend(
                o.plans
                    .iter()
                    .filter(|p| p.service_kind.as_str() == kind)
                    .map(|p| (p.id.to_string(), plan_text(p))),
            );
        });
        v
    })
}

/// One service of the form: its kind and plan, its numbers (PINless: the
/// caller numbers; SIP and video: a number of its own) and
/// "Remove this service".
fn service_row(
    row: ServiceRow,
    rows: RwSignal<Vec<ServiceRow>>,
    next_key: StoredValue<u32>,
    errors: FormErrors,
    bundle_kinds: Signal<Vec<ServiceKind>>,
    offers: StoredValue<OffersView>,
) -> impl IntoView {
    let key = row.key;
    let number = move || rows.with(|r| r.iter().position(|x| x.key == key).map_or(0, |i| i + 1));
    let kind_options = Signal::derive(|| {
        ServiceKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), kind_label(*k)))
            .collect::<Vec<_>>()
    });
    // A new kind: the plan of the old one no longer fits (nor a number,
    // unless the new kind is a phone too).
    Effect::new(move |prev: Option<String>| {
        let k = row.kind.get();
        if prev.is_some_and(|p| p != k) {
            row.plan.set(String::new());
            if !is_phone(&k) {
                row.number.set(None);
            }
        }
        k
    });
    let plan_options = plan_options(row.kind, bundle_kinds, offers);
    let is_pinless = move || row.kind.with(|k| k == ServiceKind::Pinless.as_str());
    let add_number = move |_| {
        let k = fresh_key(next_key);
        row.anis.update(|a| {
            a.push(AniRow {
                key: k,
                number: RwSignal::new(String::new()),
            });
        });
    };
    let anis_error = move || errors.get(&format!("svc-{key}-anis"));
    let currency = offers.with_value(|o| o.currency.clone());
    let phone = move || row.kind.with(|k| is_phone(k));
    let ani_view = move |ani: AniRow| ani_row(ani, key, row.anis, errors);
    view! {
        <fieldset class="service-row">
            <legend>{move || tf("portal-signup-service-n", &[("number", number().into())])}</legend>
            <div class="field-row">
                <ChoiceField id=format!("svc-{key}-kind") label=t("portal-signup-service") value=row.kind errors=errors options=kind_options />
                <ChoiceField id=format!("svc-{key}-plan") label=t("portal-signup-plan") value=row.plan errors=errors options=plan_options />
            </div>
            <Show when=is_pinless>
                <div class="anis">
                    <p class="field-hint">{t("portal-signup-anis-hint")}</p>
                    <For each=move || row.anis.get() key=|a| a.key children=ani_view />
                    {move || anis_error().map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
                    <button type="button" class="button button-secondary button-small" on:click=add_number>
                        {t("portal-signup-add-number")}
                    </button>
                </div>
            </Show>
            <Show when=phone>
                {number_section(key, row.number, errors, currency.clone())}
            </Show>
            <button
                type="button"
                class="button button-secondary button-small"
                aria-label=move || tf("portal-signup-remove-service-n", &[("number", number().into())])
                on:click=move |_| rows.update(|r| r.retain(|x| x.key != key))
            >
                {t("portal-signup-remove-service")}
            </button>
        </fieldset>
    }
}

/// One phone number of a PINless service (`key`: the service row's), with
/// "Remove" while the service has others.
fn ani_row(
    ani: AniRow,
    key: u32,
    anis: RwSignal<Vec<AniRow>>,
    errors: FormErrors,
) -> impl IntoView {
    let akey = ani.key;
    let count = move || anis.with(Vec::len);
    let position = move || anis.with(|a| a.iter().position(|x| x.key == akey).map_or(0, |i| i + 1));
    view! {
        <div class="ani-row">
            <TextField
                id=format!("svc-{key}-ani-{akey}")
                label=t("portal-phone-number")
                value=ani.number
                errors=errors
                input_type="tel"
                autocomplete="tel"
                placeholder="+44 20 7946 0000"
                inputmode="tel"
            />
            <Show when=move || { count() > 1 }>
                <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-label=move || tf("portal-signup-remove-number-n", &[("number", position().into())])
                    on:click=move |_| anis.update(|a| a.retain(|x| x.key != akey))
                >
                    {t("portal-remove")}
                </button>
            </Show>
        </div>
    }
}

/// Shows a server error beside the input it names, or for the whole form.
fn show_error(
    e: &ApiError,
    keys: &[(u32, Vec<u32>)],
    errors: FormErrors,
    form_error: RwSignal<Option<String>>,
) {
    match &e.field {
        Some(field) => {
            let message = without_field(field, &e.message).to_owned();
            errors.set_pairs(vec![(local_field(field, keys), message)]);
        }
        None => form_error.set(Some(e.message.clone())),
    }
}
