//! The "New customer" form of `/console/customers` (services with their
//! plans and numbers, an optional bundle, the customer's name, e-mail and
//! password), and the customer it created with every credential.

use crate::api::{self, ApiError};
use crate::components::{
    ChoiceField, FormAlert, FormErrors, TextField, capitalised, load_error, money,
};
use crate::contexts::use_session;
use crate::pages::console::catalog::token;
use crate::pages::portal::signup::{local_field, without_field};
use crate::pages::portal::{ServiceSummary, plan_text};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use ringledger_shared::api::catalog::{BundleView, PlanView};
use ringledger_shared::api::customers::{CustomerSignupRequest, CustomerView, ServiceRequest};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::validate::{DisplayName, Email, NewPassword};
use uuid::Uuid;

/// The customer just created, with every credential shown once.
#[component]
pub(super) fn CreatedCustomer(customer: CustomerView, plans: Vec<PlanView>) -> impl IntoView {
    let plan_name = move |id: Option<Uuid>| {
        id.and_then(|id| plans.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
    };
    let href = format!("/console/customers/{}", customer.id);
    view! {
        <section class="notice notice-ok" role="status" aria-labelledby="created-heading">
            <h2 id="created-heading">{format!("Customer “{}” created", customer.name)}</h2>
            <p>
                <strong>"Write these down now:"</strong>
                " PINs and passwords are shown only this once. The customer confirms "
                {customer.email.clone()}
                " by the link we e-mailed, then signs in."
            </p>
            <div class="service-grid">
                {customer.services.into_iter().map(|s| match plan_name(s.plan_id) {
                    Some(p) => view! { <ServiceSummary service=s plan=p /> }.into_any(),
                    None => view! { <ServiceSummary service=s /> }.into_any(),
                }).collect_view()}
            </div>
            <p><A href=href>"Open the customer"</A></p>
        </section>
    }
}

/// One phone number of a PINless service in the form.
#[derive(Debug, Clone, Copy)]
struct AniRow {
    key: u32,
    number: RwSignal<String>,
}

/// One service of the form; field names come from the stable `key`
/// (`svc-3-plan`), so removing a row keeps every error beside its input.
#[derive(Debug, Clone, Copy)]
struct ServiceRow {
    key: u32,
    kind: RwSignal<String>,
    plan: RwSignal<String>,
    anis: RwSignal<Vec<AniRow>>,
}

/// The next unused key of a row or a number.
fn fresh_key(next_key: StoredValue<u32>) -> u32 {
    let k = next_key.get_value();
    next_key.set_value(k + 1);
    k
}

impl AniRow {
    /// An empty number, keyed from `next_key`.
    fn new(next_key: StoredValue<u32>) -> Self {
        Self {
            key: fresh_key(next_key),
            number: RwSignal::new(String::new()),
        }
    }
}

impl ServiceRow {
    /// A service of `kind` with no plan and one empty number, keyed from
    /// `next_key`.
    fn new(next_key: StoredValue<u32>, kind: String) -> Self {
        Self {
            key: fresh_key(next_key),
            kind: RwSignal::new(kind),
            plan: RwSignal::new(String::new()),
            anis: RwSignal::new(vec![AniRow::new(next_key)]),
        }
    }
}

/// Each service row's key with its numbers' keys, in order (to place the
/// server's errors).
type RowKeys = Vec<(u32, Vec<u32>)>;

/// Field errors found in the browser: `(field, message)`.
type Invalid = Vec<(String, String)>;

/// The active plans and bundles the form offers.
type Offers = (Vec<PlanView>, Vec<BundleView>);

/// The "New customer" form: loads the plans and bundles, then the form.
#[component]
pub(super) fn NewCustomer(
    on_created: impl Fn(CustomerView, Vec<PlanView>) + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let catalog: LocalResource<Result<Offers, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move {
            let token = token?;
            let plans = api::list_plans(&token).await?;
            let bundles = api::list_bundles(&token).await?;
            Ok((
                plans.items.into_iter().filter(|p| p.active).collect(),
                bundles.items.into_iter().filter(|b| b.active).collect(),
            ))
        }
    });
    view! {
        <section class="catalog-form" aria-labelledby="new-customer-heading">
            <h2 id="new-customer-heading">"New customer"</h2>
            <Suspense fallback=|| view! { <p class="loading" role="status">"Loading plans and bundles…"</p> }>
                {move || {
                    let on_created = on_created.clone();
                    let on_cancel = on_cancel.clone();
                    catalog.get().map(move |r| match r {
                        Ok((plans, bundles)) => view! {
                            <NewCustomerForm plans=plans bundles=bundles on_created=on_created on_cancel=on_cancel />
                        }.into_any(),
                        Err(e) => load_error(&e),
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The form itself, once the plans and bundles it offers are loaded.
#[component]
fn NewCustomerForm(
    plans: Vec<PlanView>,
    bundles: Vec<BundleView>,
    on_created: impl Fn(CustomerView, Vec<PlanView>) + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let plans = StoredValue::new(plans);
    let bundles = StoredValue::new(bundles);
    let next_key = StoredValue::new(0u32);
    let first_kind = plans.with_value(|p| {
        p.first().map_or_else(
            || ServiceKind::CallingCard.as_str().to_owned(),
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

    let bundle_kinds = bundle_kinds(bundle, bundles);
    let has_bundles = bundles.with_value(|b| !b.is_empty());
    let no_plans = plans.with_value(Vec::is_empty) && !has_bundles;

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let (request, keys) =
            match customer_request(name, email, password, bundle, bundle_kinds, rows) {
                Ok(r) => r,
                Err(invalid) => return errors.set_pairs(invalid),
            };
        errors.clear();
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        pending.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_customer(&token, &request).await {
                Ok(r) => {
                    pending.set(false);
                    // Last: this closes the form (and disposes its signals).
                    on_created(r.customer, plans.get_value());
                }
                Err(e) => {
                    show_error(&e, &keys, errors, form_error);
                    pending.set(false);
                }
            }
        });
    };

    let add_row = move |_| {
        let kind = first_kind.clone();
        rows.update(|r| r.push(ServiceRow::new(next_key, kind)));
    };
    let row_view =
        move |row: ServiceRow| service_row(row, rows, next_key, errors, bundle_kinds, plans);

    view! {
        {no_plans.then(|| view! {
            <div class="notice notice-warning" role="status">
                "You have no active plans or bundles yet. Create them under "
                <A href="/console/catalog/plans">"Catalog → Plans"</A>
                " first."
            </div>
        })}
        <form class="form signup-form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            {account_fields(name, email, password, errors)}
            <h3>"Services"</h3>
            <For each=move || rows.get() key=|r| r.key children=row_view />
            {move || errors.get("services").map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
            <div>
                <button type="button" class="button button-secondary" on:click=add_row>
                    "Add another service"
                </button>
            </div>
            {has_bundles.then(|| bundle_field(bundle, errors, bundles))}
            <div class="toolbar">
                <button type="submit" class="button" disabled=move || pending.get()>
                    {move || if pending.get() { "Creating the customer…" } else { "Create customer" }}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

/// "Name", "Email" and "Password" of the new customer.
fn account_fields(
    name: RwSignal<String>,
    email: RwSignal<String>,
    password: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    view! {
        <TextField id="new-customer-name" field="name" label="Name" value=name errors=errors required=true />
        <TextField id="new-customer-email" field="email" label="Email" value=email errors=errors input_type="email" required=true
            hint=|| "The customer confirms it by a link we e-mail, then signs in with it." />
        <TextField
            id="new-customer-password"
            field="password"
            label="Password"
            value=password
            errors=errors
            input_type="password"
            autocomplete="new-password"
            required=true
            hint=|| "At least 8 characters. Tell it to the customer; they can change it in their account."
        />
    }
}

/// "Bundle (optional)": no bundle, or one of `bundles`.
fn bundle_field(
    bundle: RwSignal<String>,
    errors: FormErrors,
    bundles: StoredValue<Vec<BundleView>>,
) -> impl IntoView {
    let bundle_options = Signal::derive(move || {
        let mut v = vec![(String::new(), "No bundle".to_owned())];
        bundles.with_value(|bs| {
            v.extend(bs.iter().map(|b| {
                (
                    b.id.to_string(),
                    format!("{} — {} a month", b.name, money(b.monthly_fee, &b.currency)),
                )
            }));
        });
        v
    });
    view! {
        <ChoiceField
            id="new-customer-bundle"
            field="bundle_id"
            label="Bundle (optional)"
            value=bundle
            errors=errors
            options=bundle_options
            hint="A bundle includes services and minutes for one monthly price."
        />
    }
}

/// The services the chosen bundle includes (none without a bundle).
fn bundle_kinds(
    bundle: RwSignal<String>,
    bundles: StoredValue<Vec<BundleView>>,
) -> Signal<Vec<ServiceKind>> {
    Signal::derive(move || {
        let id = bundle.with(|b| Uuid::parse_str(b).ok());
        bundles.with_value(|bs| {
            id.and_then(|id| bs.iter().find(|b| b.id == id))
                .map(|b| b.service_kinds.clone())
                .unwrap_or_default()
        })
    })
}

/// The request the form sends with its rows' keys, or the field errors
/// found here first.
fn customer_request(
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
        invalid.push((
            "services".to_owned(),
            "Choose at least one service or a bundle.".to_owned(),
        ));
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
        locale: None,
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
                "Choose a plan for this service.".to_owned(),
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
                        "Enter a number the customer calls from, e.g. +44 20 7946 0000.".to_owned(),
                    ));
                }
                anis.push(n);
            }
            keys.push((row.key, ani_rows.iter().map(|a| a.key).collect::<Vec<_>>()));
        } else {
            keys.push((row.key, Vec::new()));
        }
        services.push(ServiceRequest {
            kind,
            plan_id,
            anis,
            numbers: Vec::new(),
        });
    }
    (services, keys)
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

/// The plans of the row's service, after "Choose a plan" (or "Included in
/// the bundle" when the chosen bundle includes the service).
fn plan_options(
    row_kind: RwSignal<String>,
    bundle_kinds: Signal<Vec<ServiceKind>>,
    plans: StoredValue<Vec<PlanView>>,
) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        let kind = row_kind.get();
        let included = ServiceKind::parse(&kind).is_some_and(|k| bundle_kinds.get().contains(&k));
        let first = if included {
            "Included in the bundle"
        } else {
            "Choose a plan"
        };
        let mut v = vec![(String::new(), first.to_owned())];
        plans.with_value(|ps| {
            v.extend(
                ps.iter()
                    .filter(|p| p.service_kind.as_str() == kind)
                    .map(|p| (p.id.to_string(), plan_text(p))),
            );
        });
        v
    })
}

/// One service of the form: its kind and plan, its numbers (PINless) and
/// "Remove this service".
fn service_row(
    row: ServiceRow,
    rows: RwSignal<Vec<ServiceRow>>,
    next_key: StoredValue<u32>,
    errors: FormErrors,
    bundle_kinds: Signal<Vec<ServiceKind>>,
    plans: StoredValue<Vec<PlanView>>,
) -> impl IntoView {
    let key = row.key;
    let number = move || rows.with(|r| r.iter().position(|x| x.key == key).map_or(0, |i| i + 1));
    let kind_options = Signal::derive(|| {
        ServiceKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), k.label().to_owned()))
            .collect::<Vec<_>>()
    });
    // A new kind: the plan of the old one no longer fits.
    Effect::new(move |prev: Option<String>| {
        let k = row.kind.get();
        if prev.is_some_and(|p| p != k) {
            row.plan.set(String::new());
        }
        k
    });
    let plan_options = plan_options(row.kind, bundle_kinds, plans);
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
    let ani_view = move |ani: AniRow| ani_row(ani, key, row.anis, errors);
    view! {
        <fieldset class="service-row">
            <legend>{move || format!("Service {}", number())}</legend>
            <div class="field-row">
                <ChoiceField id=format!("svc-{key}-kind") label="Service" value=row.kind errors=errors options=kind_options />
                <ChoiceField id=format!("svc-{key}-plan") label="Plan" value=row.plan errors=errors options=plan_options />
            </div>
            <Show when=is_pinless>
                <div class="anis">
                    <p class="field-hint">"The numbers the customer calls from, in international format. Calls from them need no PIN."</p>
                    <For each=move || row.anis.get() key=|a| a.key children=ani_view />
                    {move || anis_error().map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
                    <button type="button" class="button button-secondary button-small" on:click=add_number>
                        "Add another number"
                    </button>
                </div>
            </Show>
            <button
                type="button"
                class="button button-secondary button-small"
                aria-label=move || format!("Remove service {}", number())
                on:click=move |_| rows.update(|r| r.retain(|x| x.key != key))
            >
                "Remove this service"
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
                label="Phone number"
                value=ani.number
                errors=errors
                input_type="tel"
                placeholder="+44 20 7946 0000"
                inputmode="tel"
            />
            <Show when=move || { count() > 1 }>
                <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-label=move || format!("Remove phone number {}", position())
                    on:click=move |_| anis.update(|a| a.retain(|x| x.key != akey))
                >
                    "Remove"
                </button>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{local_field, without_field};

    #[test]
    fn server_fields_map_to_rows() {
        let rows = vec![(0, vec![]), (4, vec![5, 9])];
        assert_eq!(local_field("email", &rows), "email");
        assert_eq!(local_field("services[0].plan_id", &rows), "svc-0-plan");
        assert_eq!(local_field("services[1].anis[1]", &rows), "svc-4-ani-9");
        assert_eq!(local_field("services[1].anis", &rows), "svc-4-anis");
        assert_eq!(local_field("services[7].kind", &rows), "services");
        assert_eq!(without_field("email", "email: taken"), "taken");
    }
}
